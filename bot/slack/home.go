package slack

import (
	"context"

	"time"

	"github.com/slack-go/slack"

	"prixbot/bot"
	"prixbot/contest"
	"prixbot/store"
)

// PublishHome publishes a member's App Home: the contest's phase and the
// time left, their vote (as /prix myvote shows it), and for jurors their
// progress with a button that opens the next sheet to score.
func (a *Adapter) PublishHome(ctx context.Context, userID string) error {
	ev := a.event(ctx, userID, "", "")
	ed, err := a.cfg.Store.Current(ctx)
	if err != nil {
		return err
	}
	now := a.cfg.NowFunc()
	lang := bot.MatchLang(ev.LangHint)
	var sheets []store.Sheet
	juror := false
	err = a.cfg.Store.InTx(ctx, func(tx *store.Tx) error {
		acct, err := tx.FindAccount(ctx, bot.Slack, userID)
		switch {
		case err == nil && acct.LanguageChosen && acct.Language != "":
			lang = acct.Language
		case err != nil && contest.ErrorCode(err) != contest.NotFound: // no account yet is fine
			return err
		}
		j, err := tx.JurorByPlatform(ctx, ed.ID, bot.Slack, userID)
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
	if err != nil {
		return err
	}
	bs := []slack.Block{
		slack.NewHeaderBlock(plain(cut(ed.Contest.Name, 150))),
		slack.NewSectionBlock(mrkdwn(escape(phaseLine(ed.Contest, lang, now))), nil, nil),
		slack.NewDividerBlock(),
		slack.NewHeaderBlock(plain(bot.T(lang, "home.your_vote"))),
	}
	ev.Text = "/myvote"
	resp, err := a.handle(ctx, ev)
	if err != nil {
		return err
	}
	for _, m := range resp.Messages {
		bs = append(bs, blocks(m, maxViewBlocks)...)
	}
	if juror {
		done, drafts := 0, 0
		for _, sh := range sheets {
			switch sh.Status() {
			case store.SheetScored:
				done++
			case store.SheetDraft:
				drafts++
			}
		}
		bs = append(bs, slack.NewDividerBlock(), slack.NewHeaderBlock(plain(bot.T(lang, "home.jury"))),
			slack.NewSectionBlock(mrkdwn(escape(bot.T(lang, "home.jury_counts", done, len(sheets), drafts))), nil, nil))
		if done < len(sheets) {
			bs = append(bs, slack.NewActionBlock("", slack.NewButtonBlockElement("jury-next", "j:next", plain(bot.T(lang, "jury.next_button")))))
		}
	}
	if len(bs) > maxViewBlocks {
		bs = bs[:maxViewBlocks]
	}
	_, err = a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID,
		View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: bs}}})
	return err
}

// phaseLine says which phase is open and how long it has left, or which
// comes next.
func phaseLine(c *contest.Contest, lang string, now time.Time) string {
	when := func(t time.Time) string { return bot.FormatTime(lang, t.In(c.Location)) }
	if p, ok := c.Calendar.OpenAt(now); ok {
		return bot.T(lang, "home.phase", bot.T(lang, "phase."+p.Name), when(p.End.Add(-time.Minute)), bot.FormatDuration(lang, p.End.Sub(now)))
	}
	if p, ok := c.Calendar.NextPhase(now); ok {
		return bot.T(lang, "home.next_phase", bot.T(lang, "phase."+p.Name), when(p.Start))
	}
	return bot.T(lang, "home.no_phase")
}
