package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"prixbot/bot/chart"
	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

// revealRanks is how many laureates the staged reveal names, last first.
const revealRanks = 3

// adminAnnounce announces the results, once; its plan (planAnnounce) has
// checked, in this transaction, that the public vote and the jury vote are
// over and that there is something to rank. It marks the contest announced
// (with the standings in the audit row), then enqueues in the same
// transaction a staged reveal — 3rd, 2nd, then 1st, RevealInterval apart —
// to every subscriber, the Slack announce channel and the Telegram channel
// when configured. Only the channels' 1st carries the results chart: a
// subscriber's rows stay text, small however many there are. Every message
// has a dedupe key, so nothing is sent twice; announcing again sends nothing
// new. The organiser gets the full ranking, the chart and the results CSV.
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
	subs, err := r.Tx.Subscribers(ctx, ed.ID, false)
	if err != nil {
		return err
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
	var targets []announceTarget
	for _, s := range subs {
		targets = append(targets, announceTarget{s.Platform, s.ChatID, []string{MatchLang(s.Language)}, false})
	}
	targets = append(targets, b.announceChannels()...)
	reveal := min(revealRanks, len(rows))
	var ns []store.Notification
	for _, t := range targets {
		for step := range reveal {
			s := rows[reveal-1-step] // 3rd, 2nd, 1st
			var text string
			for i, lang := range t.langs {
				if i > 0 {
					text += "\n\n"
				}
				text += announceText(lang, ed.Contest, s)
			}
			m := Message{Text: text}
			if s.Rank == 1 && t.channel {
				png, err := chartFor(t.langs[0])
				if err != nil {
					return err
				}
				m.Document = &Document{Name: ed.Contest.Slug + "-results.png", MIME: "image/png", Content: png}
			}
			payload, err := json.Marshal(m)
			if err != nil {
				return err
			}
			ns = append(ns, store.Notification{
				ContestID: ed.ID,
				DedupeKey: fmt.Sprintf("announce/%d/%d/%s/%s", ed.ID, s.Rank, t.platform, t.chat),
				Platform:  t.platform, ChatID: t.chat, Kind: "announce", Payload: payload,
				NotBefore: r.Now.Add(time.Duration(step) * b.cfg.RevealInterval),
			})
		}
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

// announceTarget is a chat the announcement goes to.
type announceTarget struct {
	platform, chat string
	langs          []string // a channel gets French and Dutch, one after the other
	channel        bool     // a channel's 1st carries the chart
}

// announceChannels are the configured announce channels.
func (b *Bot) announceChannels() []announceTarget {
	var out []announceTarget
	if b.cfg.SlackAnnounceChannel != "" {
		out = append(out, announceTarget{Slack, b.cfg.SlackAnnounceChannel, []string{FR, NL}, true})
	}
	if b.cfg.TelegramAnnounceChannel != "" {
		out = append(out, announceTarget{Telegram, b.cfg.TelegramAnnounceChannel, []string{FR, NL}, true})
	}
	return out
}

// chartLabels are the results chart's texts and number formats in lang.
func chartLabels(lang string, c *contest.Contest) chart.Labels {
	return chart.Labels{Title: c.Name, Points: T(lang, "announce.points"), Public: T(lang, "announce.public"), Jury: T(lang, "announce.jury"),
		Number: func(f float64) string { return FormatPoints(lang, f) },
		Prize:  func(p int) string { return T(lang, "announce.euros", p) }}
}

// announceText is one step of the staged reveal.
func announceText(lang string, c *contest.Contest, s contest.Standing) string {
	text := T(lang, fmt.Sprintf("announce.rank%d", s.Rank), c.Name, s.Name)
	if s.Prize > 0 {
		text += " " + T(lang, "announce.prize", s.Prize)
	}
	return text
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
