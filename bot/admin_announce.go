package bot

import (
	"bytes"
	"context"
	"strings"

	"prixbot/bot/chart"
	"prixbot/bot/report"
	"prixbot/contest"
)

// adminAnnounce announces the results, once; its plan (planAnnounce) has
// checked, in this transaction, that the public vote and the jury vote are
// over and that there is something to rank. It marks the contest announced
// (with the standings in the audit row), then enqueues in the same
// transaction the staged reveal (see announcement). Every message has a
// dedupe key, so nothing is sent twice; announcing again sends nothing new.
// The organiser gets the full ranking, the chart and the results CSV.
func (b *Bot) adminAnnounce(ctx context.Context, r *Request, _ []string) error {
	ed := r.Edition
	rows, err := report.Rank(ctx, b.cfg.Store, ed)
	if err != nil {
		return err
	}
	first, err := r.Tx.MarkAnnounced(ctx, ed.ID, actorOf(r), r.Now, report.ResultsDocument(ed, rows))
	if err != nil {
		return err
	}
	if !first {
		at, err := r.Tx.AnnouncedAt(ctx, ed.ID) // not nil: MarkAnnounced found it announced
		if err != nil {
			return err
		}
		r.Reply(Message{Text: T(r.Lang, "admin.already_announced", localTime(r, *at))})
		return nil
	}
	charts := map[string][]byte{}
	chartFor := func(lang string) ([]byte, error) {
		if png, ok := charts[lang]; ok {
			return png, nil
		}
		png, err := chart.Results(rows, chartLabels(lang, ed.Contest))
		charts[lang] = png
		return png, err
	}
	ns, err := b.announcement(ctx, r.Tx, ed, rows, chartFor, r.Now)
	if err != nil {
		return err
	}
	n, err := r.Tx.EnqueueBatch(ctx, ns, r.Now)
	if err != nil {
		return err
	}
	png, err := chartFor(r.Lang)
	if err != nil {
		return err
	}
	var csv bytes.Buffer
	if err := report.WriteResultsCSV(&csv, rows); err != nil {
		return err
	}
	r.Reply(Message{Text: T(r.Lang, "admin.announced", T(r.Lang, "n.messages", n))})
	if err := b.adminResults(ctx, r, nil); err != nil {
		return err
	}
	r.Reply(Message{Text: T(r.Lang, "admin.chart"), Document: &Document{Name: ed.Contest.Slug + "-results.png", MIME: "image/png", Content: png}})
	r.Reply(Message{Text: T(r.Lang, "admin.export", "results"), Document: &Document{Name: ed.Contest.Slug + "-results.csv", MIME: "text/csv", Content: csv.Bytes()}})
	return nil
}

// chartLabels are the results chart's texts and number formats in lang.
func chartLabels(lang string, c *contest.Contest) chart.Labels {
	return chart.Labels{Title: c.Name, Points: T(lang, "announce.points"), Public: T(lang, "announce.public"), Jury: T(lang, "announce.jury"),
		Number: func(f float64) string { return FormatPoints(lang, f) },
		Prize:  func(p int) string { return T(lang, "announce.euros", p) }}
}

// announcedStatus is what /start says once the results are announced: the
// laureates, and how a voter checks that their vote was counted.
func (b *Bot) announcedStatus(r *Request) string {
	b.mu.Lock()
	laureates := b.laureates
	b.mu.Unlock()
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "announce.start"))
	for _, s := range laureates {
		sb.WriteString("\n" + T(r.Lang, "announce.laureate", s.Rank, s.Name, T(r.Lang, "announce.prize", s.Prize)))
	}
	where := T(r.Lang, "announce.receipts_cli")
	if b.cfg.PublicURL != "" {
		where = strings.TrimSuffix(b.cfg.PublicURL, "/") + "/receipts"
	}
	sb.WriteString("\n\n" + T(r.Lang, "announce.check_receipt", where))
	return sb.String()
}
