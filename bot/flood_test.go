package bot_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/store/storetest"
)

// limited returns a harness whose bot limits each user's updates as flood
// says.
func limited(t *testing.T, flood bot.FloodConfig, url string) *bottest.Harness {
	t.Helper()
	return bottest.New(t, &bottest.Options{URL: url, Configure: func(c *bot.Config) { c.Flood = flood }})
}

// helped reports whether resp is the help: the update was handled.
func helped(resp *bot.Response) bool {
	return strings.HasPrefix(bottest.Texts(resp), bot.T(bot.EN, "help"))
}

// TestFloodLimit: beyond the burst, a user's message is answered "Slow
// down!" once per WarnEvery and then not at all, a press always gets it as
// its answer, a form submission as its error, and none is handled; the
// bucket refills with time; other users, and the same id on another
// platform, have their own; the console's user is not limited.
func TestFloodLimit(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	h := limited(t, bot.FloodConfig{Rate: 1, Burst: 2, NowFunc: func() time.Time { return now }}, "")
	send := func(ev bot.Event) *bot.Response {
		t.Helper()
		return h.Send(bottest.Lang(ev, "en"))
	}
	busy := bot.T(bot.EN, "error.busy")
	for i := range 2 {
		if resp := send(bottest.Text("1", "/help")); !helped(resp) {
			t.Fatalf("message %d within the burst: %q", i+1, bottest.Texts(resp))
		}
	}
	if got := bottest.Texts(send(bottest.Text("1", "/help"))); got != busy+"\n" {
		t.Fatalf("first message over the limit: %q, want %q", got, busy)
	}
	if got := bottest.Texts(send(bottest.Text("1", "/help"))); got != "" {
		t.Fatalf("second message over the limit: %q, want nothing", got)
	}
	if resp := send(bottest.Press("1", "m:")); resp.Answer != busy || len(resp.Messages) != 0 {
		t.Fatalf("press over the limit: %+v", resp)
	}
	form := bottest.Press("1", "jf:0")
	form.Form = map[string]string{"comment": "x"}
	if resp := send(form); resp.FieldErrors[""] != busy || len(resp.Messages) != 0 {
		t.Fatalf("form over the limit: %+v", resp)
	}
	other := bottest.Text("1", "/help")
	other.Platform = bot.Slack
	if resp := send(other); !helped(resp) {
		t.Fatalf("the same id on Slack was limited: %q", bottest.Texts(resp))
	}
	local := bottest.Text("1", "/help")
	local.Platform = bot.Console
	for i := range 3 {
		if resp := send(local); !helped(resp) {
			t.Fatalf("message %d at the console, which is not limited: %q", i+1, bottest.Texts(resp))
		}
	}
	if resp := send(bottest.Text("2", "/help")); !helped(resp) {
		t.Fatalf("another user was limited: %q", bottest.Texts(resp))
	}
	now = now.Add(time.Second)
	if resp := send(bottest.Text("1", "/help")); !helped(resp) {
		t.Fatalf("a second later: %q", bottest.Texts(resp))
	}
}

// TestFloodLimitDoesNotChargeAnOutage: an update not handled because the
// database failed is delivered again by the platform; it costs the user no
// token, however often that happens.
func TestFloodLimitDoesNotChargeAnOutage(t *testing.T) {
	t.Parallel()
	db := storetest.NewRefusable(t)
	h := limited(t, bot.FloodConfig{Rate: 0.001, Burst: 2}, db.URL)
	help := bottest.Lang(bottest.Text("1", "/help"), "en")
	db.Refuse(t)
	for range 5 {
		if _, err := h.Handle(help); !errors.Is(err, bot.ErrUnavailable) {
			t.Fatalf("with the database down: %v", err)
		}
	}
	db.Admit(t)
	for i := range 2 {
		if resp := h.Send(help); !helped(resp) {
			t.Fatalf("update %d after the outage was not handled (%q): the outage was charged", i+1, bottest.Texts(resp))
		}
	}
}
