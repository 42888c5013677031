package bot

import (
	"context"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

// Home is what a user's home view of the bot shows (Slack's App Home), in
// their language: the contest and its phase, their vote, and for a juror
// their progress. An adapter only lays it out.
type Home struct {
	Lang  string
	Title string // the contest's name
	// Phase says which phase is open and how long it has left, or which
	// comes next.
	Phase       string
	VoteHeading string
	// Vote is the user's vote, as /myvote says it.
	Vote []Message
	// Jury is the juror's progress; nil for anyone else.
	Jury *JuryHome
}

// JuryHome is a juror's progress on their Home.
type JuryHome struct {
	Heading  string
	Progress string // sheets submitted and in progress, of how many
	// Next opens the next sheet to score; nil when every sheet is
	// submitted.
	Next *Button
}

// Home returns the Home of ev's sender (ev as the adapter makes it for
// them, with no text); its error is Handle's, or the store's.
func (b *Bot) Home(ctx context.Context, ev Event) (*Home, error) {
	ev.Text = "/myvote"
	resp, err := b.Handle(ctx, ev)
	if err != nil {
		return nil, err
	}
	lang := resp.Lang
	now := b.cfg.NowFunc()
	ed, _, err := b.currentEdition(ctx, now)
	if err != nil {
		return nil, err
	}
	h := &Home{Lang: lang, Title: ed.Contest.Name, Phase: phaseLine(ed.Contest, lang, now),
		VoteHeading: T(lang, "home.your_vote"), Vote: resp.Messages}
	var sheets []store.Sheet
	juror := false
	err = b.cfg.Store.InTx(ctx, func(tx *store.Tx) error {
		j, err := tx.JurorByPlatform(ctx, ed.ID, ev.Platform, ev.UserID)
		if contest.ErrorCode(err) == contest.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		juror = true
		sheets, err = tx.JurorSheets(ctx, j)
		return err
	})
	if err != nil || !juror {
		return h, err
	}
	done, drafts := 0, 0
	for _, sh := range sheets {
		switch sh.Status() {
		case store.SheetScored:
			done++
		case store.SheetDraft:
			drafts++
		}
	}
	h.Jury = &JuryHome{Heading: T(lang, "home.jury"), Progress: T(lang, "home.jury_counts", done, len(sheets), drafts)}
	if done < len(sheets) {
		h.Jury.Next = &Button{Text: T(lang, "jury.next_button"), Data: juryNext}
	}
	return h, nil
}

// phaseLine says which phase is open and how long it has left, or which
// comes next.
func phaseLine(c *contest.Contest, lang string, now time.Time) string {
	when := func(t time.Time) string { return FormatTime(lang, t.In(c.Location)) }
	if p, ok := c.Calendar.OpenAt(now); ok {
		return T(lang, "home.phase", PhaseName(lang, p.Name), when(p.End.Add(-time.Minute)), FormatDuration(lang, p.End.Sub(now)))
	}
	if p, ok := c.Calendar.NextPhase(now); ok {
		return T(lang, "home.next_phase", PhaseName(lang, p.Name), when(p.Start))
	}
	return T(lang, "home.no_phase")
}
