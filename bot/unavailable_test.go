package bot_test

import (
	"errors"
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/store/storetest"
)

// TestDatabaseOutageIsUnavailableNotDone: while the server refuses the
// bot's connections and has ended those it had, every kind of update fails
// with ErrUnavailable and does nothing; delivered again once the server is
// back, the same updates are handled as if for the first time. A user's
// mistake is never ErrUnavailable.
func TestDatabaseOutageIsUnavailableNotDone(t *testing.T) {
	t.Parallel()
	db := storetest.NewRefusable(t)
	h := bottest.New(t, &bottest.Options{URL: db.URL})
	const voter = "4242"
	h.Send(bottest.Text(voter, "/start"))
	updates := []bot.Event{
		bottest.Text(voter, "/start p-alpha-jardin"),  // read-only: its record commits alone
		bottest.Press(voter, "v:alpha-jardin"),        // the vote button, one statement
		bottest.Contact(voter, voter, "+32470123456"), // the verification, one statement
		bottest.Press(voter, "c:alpha-jardin"),        // the confirmation
		bottest.Text(voter, "/lang"),                  // a handler with a transaction
	}
	for i := range updates {
		updates[i] = bottest.Lang(updates[i], "en")
		updates[i].UpdateID = "outage-" + string(rune('a'+i))
	}
	db.Refuse(t)
	for _, ev := range updates {
		resp, err := h.Handle(ev)
		if !errors.Is(err, bot.ErrUnavailable) {
			t.Fatalf("%q with the database refusing connections: %v, want ErrUnavailable", ev.Text+dataOf(ev), err)
		}
		// For an adapter that cannot have the update delivered again.
		if !strings.Contains(bottest.Texts(resp), "Sorry") {
			t.Errorf("%q: no apology in %+v", ev.Text+dataOf(ev), resp)
		}
	}
	db.Admit(t)
	var last *bot.Response
	for _, ev := range updates {
		resp, err := h.Handle(ev)
		if err != nil || resp.Duplicate {
			t.Fatalf("%q delivered again after the outage: duplicate %v, %v", ev.Text+dataOf(ev), resp.Duplicate, err)
		}
		last = resp
		if strings.HasPrefix(dataOf(ev), "c:") {
			break
		}
	}
	if !strings.Contains(bottest.Texts(last), "Receipt") || h.Votes() != 1 {
		t.Fatalf("after the outage the vote was not cast once: %d votes, %q", h.Votes(), bottest.Texts(last))
	}
	// A user's mistake is answered and is not an outage.
	resp, err := h.Handle(bottest.Lang(bottest.Press(voter, "c:alpha-jardin"), "en"))
	if err != nil || !strings.Contains(bottest.Texts(resp)+resp.Answer, "already") {
		t.Fatalf("a second vote: %v, %+v", err, resp)
	}
}

func dataOf(ev bot.Event) string {
	if ev.Callback != nil {
		return ev.Callback.Data
	}
	return ""
}
