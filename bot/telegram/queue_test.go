package telegram_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/telegram"
)

// stallHandler holds one update of one user until released, and records
// every update it handles, as "user text".
type stallHandler struct {
	user, text string
	entered    chan struct{}
	release    chan struct{}

	mu   sync.Mutex
	seen []string
}

func (h *stallHandler) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	if ev.UserID == h.user && ev.Text == h.text {
		close(h.entered)
		<-h.release
	}
	h.mu.Lock()
	h.seen = append(h.seen, ev.UserID+" "+ev.Text)
	h.mu.Unlock()
	return &bot.Response{}, nil
}

func (h *stallHandler) handled() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen)
}

// TestStalledUserHoldsUpNobodyElse: while one user's update hangs (a Bot API
// call stalled for their chat, say), the updates of twenty other users are
// handled by the one other worker, and the stalled user's next update waits
// for theirs and then follows it, in order.
func TestStalledUserHoldsUpNobodyElse(t *testing.T) {
	h := &stallHandler{user: "700", text: "/first", entered: make(chan struct{}), release: make(chan struct{})}
	e := setup(t, h, func(c *telegram.Config) { c.Workers = 2 })
	var once sync.Once
	release := func() { once.Do(func() { close(h.release) }) }
	t.Cleanup(release) // before the adapter stops, should the test fail early
	codes := make(chan int, 2)
	post := func(body string) { codes <- e.post(t, body, secret) }
	go post(message(1, 700, "en", "/first"))
	wait(t, h.entered, 10*time.Second, "the first update to reach the handler")
	go post(message(2, 700, "en", "/second"))

	for i := range 20 {
		done := make(chan int, 1)
		go func() { done <- e.post(t, message(10+i, int64(800+i), "en", "/help"), secret) }()
		select {
		case code := <-done:
			if code != http.StatusOK {
				t.Fatalf("user %d: webhook answered %d", 800+i, code)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("user %d waited behind the stalled user", 800+i)
		}
	}
	if got := h.handled(); slices.Contains(got, "700 /second") {
		t.Fatalf("the stalled user's second update was handled before the first: %v", got)
	}

	release()
	for range 2 {
		if code := <-codes; code != http.StatusOK {
			t.Fatalf("stalled user: webhook answered %d", code)
		}
	}
	got := h.handled()
	first, second := slices.Index(got, "700 /first"), slices.Index(got, "700 /second")
	if len(got) != 22 || first < 0 || second < first {
		t.Fatalf("handled %v; want all 22, the stalled user's in order", got)
	}
}
