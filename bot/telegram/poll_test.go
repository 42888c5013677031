package telegram_test

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/pace"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/store"
)

// gate holds the update with id in its handler, after sending the handler's
// context on entered, until release is closed or that context ends.
type gate struct {
	bot.EventHandler
	id      string
	entered chan context.Context
	release chan struct{}
}

func newGate(h bot.EventHandler, id int) *gate {
	return &gate{EventHandler: h, id: strconv.Itoa(id), entered: make(chan context.Context, 2), release: make(chan struct{})}
}

func (g *gate) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	if ev.UpdateID == g.id {
		g.entered <- ctx
		select {
		case <-g.release:
		case <-ctx.Done():
		}
	}
	return g.EventHandler.Handle(ctx, ev)
}

// poller is an adapter in long-polling mode: Run, and Poll under lead.
type poller struct {
	a      *telegram.Adapter
	cancel context.CancelFunc
	done   chan struct{} // closed once Run and Poll have returned
}

// startPoller starts an adapter for h polling api; lead runs Poll (directly,
// or under a leadership) until the adapter's context ends. It paces at
// Telegram's limits in a second of testSecond: a send to a chat that just
// got a reply waits out the chat's interval, which these tests are not about.
func startPoller(t *testing.T, api *telegramtest.Server, h bot.EventHandler, grace time.Duration, lead func(ctx context.Context, poll func(context.Context))) *poller {
	t.Helper()
	a, err := telegram.New(telegram.Config{Token: "123:abc", APIEndpoint: api.Endpoint(), Workers: 4, ShutdownGrace: grace,
		Limits: pace.Limits{Second: testSecond}, Log: slog.New(slog.DiscardHandler)}, h)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &poller{a: a, cancel: cancel, done: make(chan struct{})}
	var wg sync.WaitGroup
	wg.Go(func() { a.Run(ctx) })
	wg.Go(func() { lead(ctx, a.Poll) })
	go func() {
		wg.Wait()
		close(p.done)
	}()
	t.Cleanup(func() { cancel(); <-p.done })
	return p
}

// pollDirectly runs poll without a leadership.
func pollDirectly(ctx context.Context, poll func(context.Context)) { poll(ctx) }

// wait fails the test unless ch is closed within d.
func wait(t *testing.T, ch <-chan struct{}, d time.Duration, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(d):
		t.Fatalf("%s: not within %s", what, d)
	}
}

// entered returns the context of the gated update once its handler starts.
func entered(t *testing.T, g *gate) context.Context {
	t.Helper()
	select {
	case ctx := <-g.entered:
		return ctx
	case <-time.After(10 * time.Second):
		t.Fatal("the gated update was not handled")
		return nil
	}
}

// repliesByChat counts sendMessage calls per chat.
func repliesByChat(api *telegramtest.Server) map[string]int {
	n := map[string]int{}
	for _, c := range api.Calls("sendMessage") {
		n[c.Params.Get("chat_id")]++
	}
	return n
}

// waitConfirmed waits until a getUpdates call confirms every update below
// offset: the poller making it has handled them all.
func waitConfirmed(t *testing.T, api *telegramtest.Server, offset int) {
	t.Helper()
	for k := 1; ; k++ {
		if !api.WaitFor("getUpdates", k, 10*time.Second) {
			t.Fatalf("no getUpdates confirms the updates below %d", offset)
		}
		if got, _ := strconv.Atoi(api.Calls("getUpdates")[k-1].Params.Get("offset")); got >= offset {
			return
		}
	}
}

func TestShutdownFinishesTheUpdateInHand(t *testing.T) {
	t.Parallel() // it mostly waits
	h := bottest.New(t, nil)
	api := telegramtest.New()
	t.Cleanup(api.Close)
	g := newGate(h.Bot, 2)
	// Both updates are one user's: 3 waits behind 2.
	api.QueueUpdate(message(2, 556, "en", "/help"))
	api.QueueUpdate(message(3, 556, "en", "/help"))
	p := startPoller(t, api, g, time.Minute, pollDirectly)
	entered(t, g)

	p.cancel()
	select {
	case <-p.done:
		t.Fatal("the adapter stopped before the update in hand was handled")
	default:
	}
	close(g.release)
	wait(t, p.done, 10*time.Second, "shutdown")
	// Its reply is sent: the update was handled to the end.
	if n := repliesByChat(api)["556"]; n != 1 {
		t.Fatalf("%d replies, want 1: the update in hand only", n)
	}
	var processed int
	h.Store.DB().Get(&processed, `SELECT count(*) FROM processed_updates`)
	if processed != 1 {
		t.Fatalf("%d updates processed, want 1", processed)
	}
	for _, c := range api.Calls("getUpdates") {
		if c.Params.Get("offset") != "0" {
			t.Fatalf("an offset was confirmed although update 3 was not handled: %v", c.Params)
		}
	}
	// Sending ends with the adapter.
	if _, err := p.a.Send(context.Background(), "556", bot.Message{Text: "late"}); err == nil {
		t.Fatal("sent after the adapter stopped")
	}
}

func TestShutdownGraceBoundsTheUpdateInHand(t *testing.T) {
	h := bottest.New(t, nil)
	api := telegramtest.New()
	t.Cleanup(api.Close)
	g := newGate(h.Bot, 2) // never released
	api.QueueUpdate(message(2, 556, "en", "/help"))
	p := startPoller(t, api, g, 100*time.Millisecond, pollDirectly)
	hctx := entered(t, g)
	p.cancel()
	wait(t, p.done, 10*time.Second, "shutdown after the grace period")
	if hctx.Err() == nil {
		t.Fatal("the update in hand outlived the grace period")
	}
}

func TestPollingStopsAndStartsAgainWhileSending(t *testing.T) {
	h := bottest.New(t, nil)
	api := telegramtest.New()
	t.Cleanup(api.Close)
	turns := make(chan context.CancelFunc)
	p := startPoller(t, api, h.Bot, time.Minute, func(ctx context.Context, poll func(context.Context)) {
		for range 2 {
			pctx, stop := context.WithCancel(ctx)
			turns <- stop
			poll(pctx)
		}
	})
	for i := range 2 {
		stop := <-turns
		api.QueueUpdate(message(10+i, int64(600+i), "en", "/help"))
		waitConfirmed(t, api, 11+i)
		stop()
	}
	if _, err := p.a.Send(context.Background(), "700", bot.Message{Text: "still sending"}); err != nil {
		t.Fatalf("send after polling stopped: %v", err)
	}
	if got := repliesByChat(api); got["600"] != 1 || got["601"] != 1 || got["700"] != 1 {
		t.Fatalf("replies by chat: %v", got)
	}
}

func TestTwoReplicasPollOneAtATimeAndHandOver(t *testing.T) {
	t.Parallel() // it mostly waits
	h := bottest.New(t, nil)
	api := telegramtest.New()
	t.Cleanup(api.Close)
	// Two replicas, each with its Bot, over one database; whichever leads
	// holds update 3 in its handler until released.
	ga := newGate(h.Bot, 3)
	gb := &gate{EventHandler: bot.New(bot.Config{Store: h.Store, Pepper: []byte("bottest-pepper"), NowFunc: h.Now}),
		id: ga.id, entered: ga.entered, release: ga.release}
	leaders := make(chan string, 4)
	replicas := map[string]*poller{}
	for name, g := range map[string]*gate{"a": ga, "b": gb} {
		replicas[name] = startPoller(t, api, g, time.Minute, func(ctx context.Context, poll func(context.Context)) {
			// A follower tries for the role every 100 ms (1 s in
			// production), so that the take-over is quick to wait for.
			h.Store.Lead(ctx, store.Leadership{Name: "telegram-poll", Retry: 100 * time.Millisecond, OnChangeFunc: func(leader bool) {
				if leader {
					leaders <- name
				}
			}}, poll)
		})
	}
	nextLeader := func(d time.Duration) string {
		t.Helper()
		select {
		case name := <-leaders:
			return name
		case <-time.After(d):
			t.Fatalf("no leader within %s", d)
			return ""
		}
	}
	first := nextLeader(10 * time.Second)

	api.QueueUpdate(message(1, 601, "en", "/help"))
	waitConfirmed(t, api, 2)
	for i := 2; i <= 5; i++ {
		api.QueueUpdate(message(i, int64(600+i), "en", "/help"))
	}
	entered(t, ga)
	// The leader stops while handling update 3; updates 4 and 5 may be
	// fetched, handled or neither: none is confirmed before 3 is handled.
	replicas[first].cancel()
	select {
	case name := <-leaders:
		t.Fatalf("%s leads while %s finishes its update", name, first)
	default:
	}
	close(ga.release)
	wait(t, replicas[first].done, 10*time.Second, "the leader's shutdown")
	took := time.Now()
	second := nextLeader(5 * time.Second)
	if second == first {
		t.Fatalf("%s led again after it stopped", first)
	}
	t.Logf("%s took over %s after %s stopped", second, time.Since(took).Round(time.Millisecond), first)

	// The new leader gets the unconfirmed updates again: it handles those not
	// handled yet and drops the others as duplicates.
	api.QueueUpdate(message(6, 606, "en", "/help"))
	waitConfirmed(t, api, 7)
	got := repliesByChat(api)
	for user := 601; user <= 606; user++ {
		if n := got[strconv.Itoa(user)]; n != 1 {
			t.Errorf("user %d got %d replies, want 1", user, n)
		}
	}
	var processed int
	h.Store.DB().Get(&processed, `SELECT count(*) FROM processed_updates`)
	if processed != 6 {
		t.Errorf("%d updates processed, want 6", processed)
	}
	if n := api.Overlaps(); n != 0 {
		t.Errorf("%d getUpdates calls overlapped another", n)
	}
}
