package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
)

// outage is a bot whose database fails for some updates: those whose id is
// in down, or every update when down holds "". It answers them as bot.Bot
// does then, with an apology and an error wrapping bot.ErrUnavailable; it
// passes the others on, and records them.
type outage struct {
	bot.EventHandler

	mu       sync.Mutex
	down     map[string]bool
	handled  []string // update ids, in the order they were handled
	failures int
}

// fail makes the updates with these ids fail ("" for all); none when empty.
func (o *outage) fail(ids ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = map[string]bool{}
	for _, id := range ids {
		o.down[id] = true
	}
}

func (o *outage) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	o.mu.Lock()
	down := o.down[""] || o.down[ev.UpdateID]
	if down {
		o.failures++
	} else {
		o.handled = append(o.handled, ev.UpdateID)
	}
	o.mu.Unlock()
	if down {
		sorry := bot.T(bot.EN, "error.sorry")
		return &bot.Response{Messages: []bot.Message{{Text: sorry}}, Answer: sorry},
			fmt.Errorf("%w: begin update: dial tcp: connection refused", bot.ErrUnavailable)
	}
	return o.EventHandler.Handle(ctx, ev)
}

func (o *outage) failed() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failures
}

func (o *outage) order() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.handled)
}

// TestWebhookLeavesUpdatesForRedeliveryWhileTheDatabaseIsDown: an update
// the bot cannot handle for want of its database is answered 503 (Telegram
// then delivers it again) with nothing sent to the user, the apology
// included; delivered again once the database is back, it is handled, once.
func TestWebhookLeavesUpdatesForRedeliveryWhileTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	o := &outage{}
	e := setup(t, o, nil)
	o.EventHandler = e.h.Bot
	o.fail("")
	updates := journey(1, 555, "en", "alpha-jardin", "32470123456")
	for _, u := range updates {
		if code := e.post(t, u, secret); code != http.StatusServiceUnavailable {
			t.Fatalf("webhook answered %d with the database down, want 503 so that Telegram delivers again", code)
		}
	}
	if calls := e.api.Calls("sendMessage", "sendPhoto", "answerCallbackQuery", "editMessageText"); len(calls) != 0 {
		t.Fatalf("sent %d calls for updates left for redelivery, want none (first: %v)", len(calls), calls[0].Params)
	}
	if len(e.pressAnswers(t)) != 0 {
		t.Fatal("a press left for redelivery was answered in the webhook response")
	}
	o.fail()
	for _, u := range updates { // Telegram delivers them again
		e.send(t, u)
	}
	if e.h.Votes() != 1 {
		t.Fatalf("votes = %d, want 1", e.h.Votes())
	}
	sent := texts(e.api.Calls("sendMessage", "sendPhoto", "editMessageText"))
	if strings.Count(sent, "Receipt:") != 1 || strings.Contains(sent, "Sorry") {
		t.Fatalf("want one receipt and no apology, got: %s", sent)
	}
}

// nopHandler answers every update with nothing.
type nopHandler struct{}

func (nopHandler) Handle(context.Context, bot.Event) (*bot.Response, error) {
	return &bot.Response{}, nil
}

// TestPollingDoesNotConfirmAnUpdateLeftForRedelivery: in long polling, an
// update the bot could not handle is not confirmed: getUpdates' offset stays
// at it, it is fetched again and handled once the database is back, after
// the user's earlier updates and before their later ones; the updates of the
// batch that were handled are not handled twice.
func TestPollingDoesNotConfirmAnUpdateLeftForRedelivery(t *testing.T) {
	t.Parallel()
	o := &outage{EventHandler: nopHandler{}}
	o.fail("2")
	api := telegramtest.New()
	t.Cleanup(api.Close)
	a, err := telegram.New(telegram.Config{Token: "123:abc", APIEndpoint: api.Endpoint(), Workers: 4, RetryWait: time.Millisecond,
		Log: slog.New(slog.DiscardHandler)}, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.Run(ctx) })
	wg.Go(func() { a.Poll(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	for _, u := range []string{
		message(1, 555, "en", "/help"),
		message(2, 555, "en", "/help"), // fails
		message(3, 555, "en", "/help"), // behind it: left too
		message(4, 556, "en", "/help"), // another user's: handled
	} {
		api.QueueUpdate(u)
	}
	// Update 2 is fetched again and fails again: it was not confirmed.
	for deadline := time.Now().Add(10 * time.Second); o.failed() < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("update 2 was not fetched again after it failed")
		}
	}
	for _, c := range api.Calls("getUpdates") {
		if offset, _ := strconv.Atoi(c.Params.Get("offset")); offset > 2 {
			t.Fatalf("getUpdates confirmed past the failed update: offset %d", offset)
		}
	}
	o.fail()
	waitConfirmed(t, api, 5)
	got := o.order()
	if !slices.Equal(slices.Sorted(slices.Values(got)), []string{"1", "2", "3", "4"}) ||
		slices.Index(got, "1") > slices.Index(got, "2") || slices.Index(got, "2") > slices.Index(got, "3") {
		t.Fatalf("handled %v, want 1, 2 and 3 once each and in order, and 4 once", got)
	}
}
