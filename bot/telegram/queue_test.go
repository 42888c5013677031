package telegram_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
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
	t.Parallel()
	h := &stallHandler{user: "700", text: "/first", entered: make(chan struct{}), release: make(chan struct{})}
	e := setup(t, h, func(c *telegram.Config) { c.Workers = 2 })
	var once sync.Once
	release := func() { once.Do(func() { close(h.release) }) }
	t.Cleanup(release) // before the adapter stops, should the test fail early
	first := e.postLater(message(1, 700, "en", "/first"))
	wait(t, h.entered, 10*time.Second, "the first update to reach the handler")
	second := e.postLater(message(2, 700, "en", "/second"))

	for i := range 20 {
		select {
		case code := <-e.postLater(message(10+i, int64(800+i), "en", "/help")):
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
	for _, codes := range []<-chan int{first, second} {
		if code := <-codes; code != http.StatusOK {
			t.Fatalf("stalled user: webhook answered %d", code)
		}
	}
	got := h.handled()
	i, j := slices.Index(got, "700 /first"), slices.Index(got, "700 /second")
	if len(got) != 22 || i < 0 || j < i {
		t.Fatalf("handled %v; want all 22, the stalled user's in order", got)
	}
}

// TestWebhookShutdownFinishesTheUpdateInHand: an update being handled in its
// webhook request when the adapter stops is handled to the end and answered;
// Run waits for it; the update queued behind it, and any that comes after,
// get 503 and are left for Telegram to deliver again.
func TestWebhookShutdownFinishesTheUpdateInHand(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	g := newGate(h.Bot, 2)
	e, cancel, stopped := startWebhook(t, g, time.Minute)

	inHand := e.postLater(message(2, 556, "en", "/help"))
	entered(t, g)
	queued := e.postLater(message(3, 556, "en", "/privacy"))

	cancel()
	select {
	case <-stopped:
		t.Fatal("Run returned while an update was in hand")
	case code := <-queued:
		t.Fatalf("the queued update was answered %d before the one in hand", code)
	default:
	}
	close(g.release)
	if code := <-inHand; code != http.StatusOK {
		t.Fatalf("the update in hand was answered %d", code)
	}
	wait(t, stopped, 10*time.Second, "Run's return")
	if code := <-queued; code != http.StatusServiceUnavailable {
		t.Fatalf("the update queued behind it was answered %d, want 503", code)
	}
	if code := e.post(t, message(4, 557, "en", "/help"), secret); code != http.StatusServiceUnavailable {
		t.Fatalf("an update after the stop was answered %d, want 503", code)
	}
	var processed int
	h.Store.DB().Get(&processed, `SELECT count(*) FROM processed_updates`)
	if processed != 1 {
		t.Fatalf("%d updates processed, want 1: the one in hand", processed)
	}
}

// TestWebhookShutdownWaitsForTheUpdateInHand: Run returns only once the
// update a webhook request is handling has ended, here cut short by the
// grace period.
func TestWebhookShutdownWaitsForTheUpdateInHand(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	g := newGate(h.Bot, 2) // never released
	e, cancel, stopped := startWebhook(t, g, 100*time.Millisecond)
	e.postLater(message(2, 556, "en", "/help"))
	hctx := entered(t, g)
	cancel()
	wait(t, stopped, 10*time.Second, "Run's return after the grace period")
	if hctx.Err() == nil {
		t.Fatal("Run returned while the update in hand was still being handled")
	}
}

// startWebhook starts an adapter for h in webhook mode, with the grace
// period given, behind an HTTP server; cancel stops it, and stopped is
// closed once Run has returned.
func startWebhook(t *testing.T, h bot.EventHandler, grace time.Duration) (e *env, cancel context.CancelFunc, stopped <-chan struct{}) {
	t.Helper()
	api := telegramtest.New()
	t.Cleanup(api.Close)
	a, err := telegram.New(telegram.Config{Token: "123:abc", APIEndpoint: api.Endpoint(), WebhookURL: "https://prix.example/telegram/webhook",
		WebhookSecret: secret, Workers: 4, ShutdownGrace: grace, Log: slog.New(slog.DiscardHandler)}, h)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	srv := httptest.NewServer(a.WebhookHandler())
	t.Cleanup(srv.Close)
	return &env{api: api, srv: srv}, cancel, done
}

// postLater posts body to the webhook with the secret, from another
// goroutine, and has the fake make the call its response carries, as
// Telegram does; the channel gets the response's status, 0 if the request
// failed.
func (e *env) postLater(body string) <-chan int {
	codes := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+telegram.WebhookPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(telegram.SecretHeader, secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			codes <- 0
			return
		}
		carried, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		e.api.Perform(resp.Header.Get("Content-Type"), carried)
		codes <- resp.StatusCode
	}()
	return codes
}
