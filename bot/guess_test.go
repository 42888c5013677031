package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// TestInviteCodeGuessesAreLimited: after five wrong invite codes in 15
// minutes a user is told to wait, and even the right code is refused until
// the first wrong one is 15 minutes old; the count is kept in the database
// (a second bot on the same database, as another replica, sees it), and
// another user is not affected.
func TestInviteCodeGuessesAreLimited(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	code := invite(t, h, "Juror C")
	replica := bot.New(bot.Config{Store: h.Store, NowFunc: h.Now})
	for i := range 5 {
		ev := bottest.Text("333", "/jury "+strings.Repeat("A", 4)+"-WRNG-"+string(rune('B'+i))+"XYZ")
		var got string
		if i%2 == 0 {
			got = bottest.Texts(h.Send(ev))
		} else {
			ev.Platform, ev.UpdateID = bot.Telegram, fmt.Sprint("replica-", i)
			resp, err := replica.Handle(t.Context(), ev)
			if err != nil {
				t.Fatal(err)
			}
			got = bottest.Texts(resp)
		}
		if !strings.Contains(got, bot.T(bot.FR, "jury.code_unknown")) {
			t.Fatalf("wrong code %d answered %q", i+1, got)
		}
		h.Advance(time.Minute)
	}
	wait := bot.T(bot.FR, "error.code_wait", 10)
	for _, c := range []string{"QWER-TYUI-OPAS", code} {
		if got := bottest.Texts(h.Send(bottest.Text("333", "/jury "+c))); !strings.Contains(got, wait) {
			t.Fatalf("a guess after five wrong ones answered %q, want %q", got, wait)
		}
	}
	var enrolled int
	if err := h.Store.DB().Get(&enrolled, `SELECT count(*) FROM jurors j JOIN juror_identities i ON i.juror_id = j.id
		WHERE j.enrolled_at IS NOT NULL AND i.platform = 'telegram' AND i.user_id = '333'`); err != nil {
		t.Fatal(err)
	}
	if enrolled != 0 {
		t.Fatal("the right code was taken while guesses were refused")
	}
	if got := bottest.Texts(h.Send(bottest.Text("444", "/jury QWER-TYUI-OPAS"))); !strings.Contains(got, bot.T(bot.FR, "jury.code_unknown")) {
		t.Fatalf("another user was limited: %q", got)
	}
	h.Advance(10 * time.Minute)
	if got := bottest.Texts(h.Send(bottest.Text("333", "/jury "+code))); !strings.Contains(got, bot.T(bot.FR, "jury.welcome", "Juror C")) {
		t.Fatalf("15 minutes after the first wrong code, the right one answered %q", got)
	}
}

// TestLinkCodeGuessesAreLimited: link codes are guarded the same way: after
// five wrong ones, even a valid code is refused for a while, and nothing is
// linked.
func TestLinkCodeGuessesAreLimited(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	code := linkCode(t, h.Send(slackEv(bottest.Text("U1", "/link"), member)))
	for i := range 5 {
		resp := h.Send(bottest.Lang(bottest.Text("1001", fmt.Sprintf("/link WRNG-WRNG-WRN%c", 'A'+i)), "en"))
		if got := bottest.Texts(resp); !strings.Contains(got, bot.T(bot.EN, "link.code_unknown")) {
			t.Fatalf("wrong code %d answered %q", i+1, got)
		}
	}
	resp := h.Send(bottest.Lang(bottest.Text("1001", "/link "+code), "en"))
	if got, want := bottest.Texts(resp), bot.T(bot.EN, "error.code_wait", 15); !strings.Contains(got, want) {
		t.Fatalf("a valid code after five wrong ones answered %q, want %q", got, want)
	}
	var used int
	if err := h.Store.DB().Get(&used, `SELECT count(*) FROM link_codes WHERE used_at IS NOT NULL`); err != nil || used != 0 {
		t.Fatalf("%d link codes used (%v) while guesses were refused", used, err)
	}
}
