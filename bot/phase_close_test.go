package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/contest"
	"prixbot/store"
)

// TestVoteClosedElsewhereGetsTheTrueAnswer closes the public vote behind
// the bot's back (another replica, or the CLI: the bot's cached calendar
// still says open) between a voter's Vote and Confirm presses, on Telegram
// and on Slack: the database casts nothing, and the voter hears that the
// vote is closed, not an apology nor "already done".
func TestVoteClosedElsewhereGetsTheTrueAnswer(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, &bottest.Options{Configure: func(c *bot.Config) { c.EditionTTL = time.Hour }})
	const project = "repair-cafe-mobile"
	h.Send(bottest.Lang(bottest.Press("1001", "v:"+project), "en"))
	h.Send(bottest.Lang(bottest.Contact("1001", "1001", "+32470111222"), "en"))
	h.Send(slackEv(bottest.Press("U1", "v:"+project), member))

	ctx := context.Background()
	err := h.Store.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.MovePhase(ctx, h.Edition.ID, store.Actor{Platform: "cli", ID: "test"}, contest.PhasePublicVote, contest.PhaseClose, time.Time{}, h.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, ev := range map[string]bot.Event{
		"telegram": bottest.Lang(bottest.Press("1001", "c:"+project), "en"),
		"slack":    slackEv(bottest.Press("U1", "c:"+project), member),
	} {
		resp := h.Send(ev)
		text := bottest.Texts(resp)
		if resp.Answer != "Voting is not open." || !strings.Contains(text, "The public vote closed on") {
			t.Errorf("%s: answer %q, reply %q; want that the vote is closed", name, resp.Answer, text)
		}
	}
	if n := h.Votes(); n != 0 {
		t.Fatalf("%d votes counted after the close", n)
	}
}
