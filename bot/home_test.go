package bot_test

import (
	"context"
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// TestHomeSaysPhaseVoteAndJuryProgress: a user's Home is the contest, the
// open phase and its time left, their vote as /myvote says it, and for a
// juror their sheets' progress with the button to the next one.
func TestHomeSaysPhaseVoteAndJuryProgress(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	press(h, jurorA, "j:s:0:1:2") // a draft
	home := func(user string) *bot.Home {
		t.Helper()
		got, err := h.Bot.Home(context.Background(), bottest.Lang(bot.Event{Platform: bot.Telegram, UserID: user, ChatID: user}, "en"))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	j := home(jurorA)
	if j.Lang != bot.EN || j.Title != h.Edition.Contest.Name || !strings.Contains(j.Phase, "jury vote") || !strings.Contains(j.Phase, "left") {
		t.Errorf("the juror's Home: %s, %q, %q", j.Lang, j.Title, j.Phase)
	}
	myvote := h.Send(bottest.Lang(bottest.Text(jurorA, "/myvote"), "en"))
	if j.VoteHeading != bot.T(bot.EN, "home.your_vote") || bottest.Texts(&bot.Response{Messages: j.Vote}) != bottest.Texts(myvote) {
		t.Errorf("the juror's vote on the Home: %q %+v, /myvote says %q", j.VoteHeading, j.Vote, bottest.Texts(myvote))
	}
	if j.Jury == nil || j.Jury.Progress != bot.T(bot.EN, "home.jury_counts", 0, 20, 1) || j.Jury.Next == nil || j.Jury.Next.Data != "j:next" {
		t.Fatalf("the juror's progress: %+v", j.Jury)
	}
	if v := home("4242"); v.Jury != nil || len(v.Vote) == 0 {
		t.Errorf("a voter's Home: jury %+v, vote %+v", v.Jury, v.Vote)
	}
}
