package telegram_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"prixbot/bot/bottest"
	"prixbot/bot/pace"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/store/localpg"
)

// TestPostgresRestartMidBurstLosesNothing restarts PostgreSQL (a throw-away
// cluster of the test's own) while voters vote through the webhook. Each
// voter goes through the vote once, as a person does, and their updates
// come from a client that behaves like Telegram: it delivers an update again
// only when the webhook answered non-2xx or the connection failed. Every
// vote must be cast once, every voter get one receipt, and nobody an apology.
func TestPostgresRestartMidBurstLosesNothing(t *testing.T) {
	t.Parallel()
	// A voter's vote takes over four seconds of testSecond however fast the
	// bot is: it sends a chat one message a second, as Telegram allows, and
	// the adapter and the fake count in testSecond. Half the voters vote
	// at once, so the burst takes two voters' time, and the restart, after
	// a quarter of the votes, lands with votes in flight and about half the
	// voters yet to start. (8 at a time took five voters' time; all 40 at
	// once, in step, finish together, and the restart would meet only their
	// last step.)
	const voters, senders = 40, 20
	ctx := context.Background()
	top, err := localpg.MkdirTemp("prixbot-restart-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	dir := filepath.Join(top, "pg")
	start := func() (*localpg.Cluster, error) {
		return localpg.Options{Ephemeral: true}.Start(ctx, dir, slog.New(slog.DiscardHandler))
	}
	var cluster atomic.Pointer[localpg.Cluster]
	c, err := start()
	if err != nil {
		t.Fatalf("start PostgreSQL: %v", err)
	}
	cluster.Store(c)
	t.Cleanup(func() { cluster.Load().Stop(context.Background()) })
	if err := cluster.Load().CreateDatabase(ctx, "prixbot"); err != nil {
		t.Fatal(err)
	}

	logs := &syncBuffer{}
	h := bottest.New(t, &bottest.Options{URL: cluster.Load().URL("prixbot"), Log: slog.New(slog.NewTextHandler(logs, nil))})
	// Telegram's limits, in a second of testSecond for the adapter and the
	// fake alike.
	api := telegramtest.New()
	api.SetLimits(telegramLimits())
	t.Cleanup(api.Close)
	a, err := telegram.New(telegram.Config{Token: "123:abc", APIEndpoint: api.Endpoint(), WebhookURL: "https://prix.example/telegram/webhook",
		WebhookSecret: secret, Workers: 16, Limits: pace.Limits{Second: testSecond}, Log: slog.New(slog.NewTextHandler(logs, nil))}, h.Bot)
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { a.Run(rctx); close(ran) }()
	t.Cleanup(func() { cancel(); <-ran })
	srv := httptest.NewServer(a.WebhookHandler())
	t.Cleanup(srv.Close)

	// A client that behaves like Telegram: it delivers an update until it
	// gets a 2xx, waiting longer each time, and makes the Bot API call a
	// webhook response carries.
	var refused atomic.Int64
	deliver := func(body string) error {
		deadline := time.Now().Add(time.Minute)
		for wait := 10 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+telegram.WebhookPath, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(telegram.SecretHeader, secret)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				carried, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					api.Perform(resp.Header.Get("Content-Type"), carried)
					return nil
				}
				refused.Add(1)
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("update not taken within a minute: %v", err)
			}
			time.Sleep(wait) // Telegram's back-off before it delivers again
		}
	}

	var next, voted atomic.Int64
	restarted := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, voters)
	for range senders {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > voters {
					return
				}
				user := int64(9000 + i)
				for _, u := range journey(i*10, user, "en", "alpha-jardin", fmt.Sprintf("32470%06d", i)) {
					if err := deliver(u); err != nil {
						errs <- fmt.Errorf("voter %d: %w", i, err)
						return
					}
				}
				if voted.Add(1) == voters/4 {
					go func() {
						defer close(restarted)
						// A fast shutdown, as a restart or a failover does; the
						// server comes back once the bot has refused updates.
						if err := cluster.Load().Stop(ctx); err != nil {
							t.Errorf("stop PostgreSQL: %v", err)
						}
						for deadline := time.Now().Add(30 * time.Second); refused.Load() < senders && time.Now().Before(deadline); {
							time.Sleep(time.Millisecond)
						}
						c, err := start()
						if err != nil {
							t.Errorf("start PostgreSQL again: %v", err)
							return
						}
						cluster.Store(c)
					}()
				}
			}
		})
	}
	wg.Wait()
	<-restarted
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if refused.Load() == 0 {
		t.Error("no update was refused while PostgreSQL was down")
	}
	receipts := map[string]int{}
	for _, c := range api.Calls("sendMessage", "editMessageText") {
		text := c.Params.Get("text")
		if strings.Contains(text, "Receipt:") {
			receipts[c.Params.Get("chat_id")]++
		}
		if strings.Contains(text, "Sorry") {
			t.Errorf("a voter got an apology: %s", text)
		}
	}
	for i := 1; i <= voters; i++ {
		if n := receipts[fmt.Sprint(9000+i)]; n != 1 {
			t.Errorf("voter %d got %d receipts, want 1", i, n)
		}
	}
	if n := h.Votes(); n != voters {
		t.Errorf("%d votes stored, want %d", n, voters)
	}
	t.Logf("%d voters, %d deliveries refused while PostgreSQL restarted, %d votes", voters, refused.Load(), h.Votes())
}
