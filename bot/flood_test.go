package bot_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// countingHandler counts the Events that reach it.
type countingHandler struct{ n int }

func (c *countingHandler) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	c.n++
	return &bot.Response{Messages: []bot.Message{{Text: "handled"}}, Answer: "handled"}, nil
}

// TestFloodLimit: beyond the burst, a user's message is answered "Slow
// down!" once per WarnEvery and then not at all, a press always gets it as
// its answer, a form submission as its error, and none is handled; the
// bucket refills with time; other users, and the same id on another
// platform, have their own.
func TestFloodLimit(t *testing.T) {
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	next := &countingHandler{}
	h := bot.FloodLimit(next, bot.FloodConfig{Rate: 1, Burst: 2, NowFunc: func() time.Time { return now }})
	send := func(ev bot.Event) *bot.Response {
		t.Helper()
		resp, err := h.Handle(context.Background(), bottest.Lang(ev, "en"))
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	busy := bot.T(bot.EN, "error.busy")
	for i := range 2 {
		if got := bottest.Texts(send(bottest.Text("1", "/help"))); got != "handled\n" {
			t.Fatalf("message %d within the burst: %q", i+1, got)
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
	if resp := send(form); resp.FieldErrors[""] != busy {
		t.Fatalf("form over the limit: %+v", resp)
	}
	if next.n != 2 {
		t.Fatalf("%d updates handled, want the burst of 2", next.n)
	}
	other := bottest.Text("1", "/help")
	other.Platform = bot.Slack
	if got := bottest.Texts(send(other)); got != "handled\n" {
		t.Fatalf("the same id on Slack was limited: %q", got)
	}
	if got := bottest.Texts(send(bottest.Text("2", "/help"))); got != "handled\n" {
		t.Fatalf("another user was limited: %q", got)
	}
	now = now.Add(time.Second)
	if got := bottest.Texts(send(bottest.Text("1", "/help"))); got != "handled\n" {
		t.Fatalf("a second later: %q", got)
	}
}

// outageHandler fails its first updates as bot.Bot does with the database
// down, then handles the rest.
type outageHandler struct{ fail, handled int }

func (o *outageHandler) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	if o.fail > 0 {
		o.fail--
		return &bot.Response{}, fmt.Errorf("%w: connection refused", bot.ErrUnavailable)
	}
	o.handled++
	return &bot.Response{}, nil
}

// TestFloodLimitDoesNotChargeAnOutage: an update not handled because the
// database failed is delivered again by the platform; it costs the user no
// token, however often that happens.
func TestFloodLimitDoesNotChargeAnOutage(t *testing.T) {
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	next := &outageHandler{fail: 5}
	h := bot.FloodLimit(next, bot.FloodConfig{Rate: 0.001, Burst: 2, NowFunc: func() time.Time { return now }})
	for range 5 {
		if _, err := h.Handle(context.Background(), bottest.Text("1", "/help")); !errors.Is(err, bot.ErrUnavailable) {
			t.Fatalf("with the database down: %v", err)
		}
	}
	for i := range 2 {
		if _, err := h.Handle(context.Background(), bottest.Text("1", "/help")); err != nil {
			t.Fatal(err)
		}
		if next.handled != i+1 {
			t.Fatalf("update %d after the outage was not handled: the outage was charged", i+1)
		}
	}
}
