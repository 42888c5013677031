package slack

import (
	"context"

	"github.com/slack-go/slack"
)

// PublishHome publishes a member's App Home as the bot says it (bot.Home):
// the contest's phase and the time left, their vote (as /prix myvote shows
// it), and for jurors their progress with a button that opens the next
// sheet to score.
func (a *Adapter) PublishHome(ctx context.Context, userID string) error {
	h, err := a.cfg.Bot.Home(ctx, a.event(ctx, userID, "", ""))
	if err != nil {
		return err
	}
	bs := []slack.Block{
		slack.NewHeaderBlock(plain(cut(h.Title, 150))),
		slack.NewSectionBlock(mrkdwn(escape(h.Phase)), nil, nil),
		slack.NewDividerBlock(),
		slack.NewHeaderBlock(plain(h.VoteHeading)),
	}
	for _, m := range h.Vote {
		bs = append(bs, blocks(m, maxViewBlocks)...)
	}
	if j := h.Jury; j != nil {
		bs = append(bs, slack.NewDividerBlock(), slack.NewHeaderBlock(plain(j.Heading)),
			slack.NewSectionBlock(mrkdwn(escape(j.Progress)), nil, nil))
		if j.Next != nil {
			bs = append(bs, slack.NewActionBlock("", slack.NewButtonBlockElement("jury-next", j.Next.Data, plain(j.Next.Text))))
		}
	}
	if len(bs) > maxViewBlocks {
		bs = bs[:maxViewBlocks]
	}
	_, err = a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID,
		View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: bs}}})
	return err
}
