// Command burst measures a contest night's burst on Telegram: voters
// arrive within a short window and vote (/start p-<id> → Vote → contact →
// Confirm → receipt) through the webhook, against a fake Bot API that
// enforces Telegram's limits (30 messages/s for the bot, 1/s per chat, 429
// with retry_after beyond). Each voter acts only once the bot's previous
// reply has reached them, after a think time; updates are delivered as
// Telegram does, at most max_connections at once, and the call a webhook
// response carries is made by the fake as Telegram makes it.
//
// It reports messages per vote, 429s, replies lost, time to the last
// receipt, and votes/s against the ceiling that Telegram's 30 messages/s
// set (30 ÷ messages per vote). It creates a scratch database on the
// server and drops it afterwards. See BENCHMARKS.md.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"prixbot/bench/benchkit"
	"prixbot/bot"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
)

func main() {
	admin := flag.String("db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "URL of a database of a user who may create databases")
	voters := flag.Int("voters", 2000, "voters")
	within := flag.Duration("within", 20*time.Second, "window in which the voters arrive, evenly spread")
	think := flag.Duration("think", time.Second, "time a voter takes between a reply and their next action")
	timeout := flag.Duration("timeout", 20*time.Minute, "how long a voter waits for a reply before it counts as lost")
	flag.Parse()
	if err := run(*admin, *voters, *within, *think, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "burst:", err)
		os.Exit(1)
	}
}

const secret = "burst-secret"

func run(adminURL string, voters int, within, think, timeout time.Duration) error {
	ctx := context.Background()
	db, err := benchkit.NewScratch(ctx, adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	st := db.Store

	api := telegramtest.New() // Telegram's limits
	api.Record.Store(false)
	defer api.Close()
	inbox := newInboxes()
	var messages atomic.Int64
	api.Observe(func(c telegramtest.Call) {
		if strings.HasPrefix(c.Method, "send") || strings.HasPrefix(c.Method, "edit") {
			messages.Add(1)
			inbox.deliver(c)
		}
	})

	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) // public vote open in the sample
	b := bot.New(bot.Config{Store: st, Pepper: []byte("bench"), NowFunc: func() time.Time { return now }, Log: quiet})
	a, err := telegram.New(telegram.Config{Token: "1:bench", APIEndpoint: api.Endpoint(), WebhookURL: "https://bench.invalid/telegram/webhook",
		WebhookSecret: secret, Log: quiet}, b) // the adapter's default limits
	if err != nil {
		return err
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	srv := httptest.NewServer(a.WebhookHandler())
	defer srv.Close()

	tg := &telegramSide{url: srv.URL + telegram.WebhookPath, api: api, conns: make(chan struct{}, 32),
		client: &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	fmt.Printf("%d voters arriving within %s, think time %s; fake Bot API at %v messages/s, %v/s per chat; %s\n",
		voters, within, think, telegramtest.TelegramLimits.Messages, telegramtest.TelegramLimits.PerChat, time.Now().UTC().Format(time.RFC3339))
	began := time.Now()
	receipts := make([]time.Time, voters)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for i := range voters {
		wg.Go(func() {
			time.Sleep(within * time.Duration(i) / time.Duration(voters))
			at, err := vote(tg, inbox, i+1, think, timeout)
			if err != nil {
				failed.Add(1)
				fmt.Fprintf(os.Stderr, "voter %d: %v\n", i+1, err)
				return
			}
			receipts[i] = at
		})
	}
	wg.Wait()
	var last time.Time
	for _, r := range receipts {
		if r.After(last) {
			last = r
		}
	}
	var counted int
	if err := st.DB().Get(&counted, `SELECT count(*) FROM votes`); err != nil {
		return err
	}
	refusedInResponses := 0
	for _, c := range api.Refused() {
		if c.ViaWebhook {
			refusedInResponses++
		}
	}
	elapsed := last.Sub(began)
	perVote := float64(messages.Load()) / float64(max(counted, 1))
	ceiling := float64(telegramtest.TelegramLimits.Messages) / perVote
	rate := float64(counted) / elapsed.Seconds()
	fmt.Printf("votes counted %d of %d voters; messages %d (%.2f per vote); 429s %d; replies lost %d (voters without their receipt %d, calls in webhook responses refused %d)\n",
		counted, voters, messages.Load(), perVote, api.RateLimited(), int(failed.Load())+refusedInResponses, failed.Load(), refusedInResponses)
	fmt.Printf("time to the last receipt %s; %.0f messages/s; %.2f votes/s against a ceiling of %.2f (30 ÷ %.2f): %.2f of it; redeliveries %d\n",
		elapsed.Round(100*time.Millisecond), float64(messages.Load())/elapsed.Seconds(), rate, ceiling, perVote, rate/ceiling, tg.redelivered.Load())
	return nil
}

// vote takes voter i through the vote, each step once the reply before it
// has arrived and the think time has passed; it returns when the receipt
// arrived.
func vote(tg *telegramSide, inbox *inboxes, i int, think, timeout time.Duration) (time.Time, error) {
	from := int64(1_000_000 + i)
	project := "alpha-jardin"
	in := inbox.of(strconv.FormatInt(from, 10))
	steps := []struct {
		update []byte
		want   string // in the reply that ends the step
	}{
		{benchkit.Message(i*4, from, "fr", "/start p-"+project), `"v:` + project + `"`},
		{benchkit.Press(i*4+1, from, "fr", "v:"+project), `"request_contact":true`},
		{benchkit.Contact(i*4+2, from, "fr", fmt.Sprintf("32470%06d", i)), `"c:` + project + `"`},
		{benchkit.Press(i*4+3, from, "fr", "c:"+project), ""}, // the first message after Confirm is the receipt
	}
	for n, s := range steps {
		if n > 0 {
			time.Sleep(think)
		}
		if err := tg.deliver(s.update); err != nil {
			return time.Time{}, err
		}
		deadline := time.After(timeout)
		for {
			var c telegramtest.Call
			select {
			case c = <-in:
			case <-deadline:
				return time.Time{}, fmt.Errorf("step %d: no reply within %s", n+1, timeout)
			}
			if n == len(steps)-1 {
				// The first message after Confirm is the receipt.
				return time.Now(), nil
			}
			if strings.Contains(c.Params.Get("reply_markup"), s.want) {
				break
			}
		}
	}
	return time.Time{}, nil
}

// inboxes hands each chat the messages the fake accepted for it.
type inboxes struct {
	mu    sync.Mutex
	chats map[string]chan telegramtest.Call
}

func newInboxes() *inboxes { return &inboxes{chats: map[string]chan telegramtest.Call{}} }

func (b *inboxes) of(chat string) chan telegramtest.Call {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch, ok := b.chats[chat]
	if !ok {
		ch = make(chan telegramtest.Call, 64)
		b.chats[chat] = ch
	}
	return ch
}

func (b *inboxes) deliver(c telegramtest.Call) {
	select {
	case b.of(c.Params.Get("chat_id")) <- c:
	default: // a voter who has stopped reading
	}
}

// telegramSide delivers updates as Telegram does: at most max_connections
// webhook requests at once, again after a failure, and makes the call a
// response carries.
type telegramSide struct {
	url         string
	api         *telegramtest.Server
	client      *http.Client
	conns       chan struct{}
	redelivered atomic.Int64
}

func (t *telegramSide) deliver(update []byte) error {
	for attempt := 0; attempt < 10; attempt++ {
		if attempt > 0 {
			t.redelivered.Add(1)
			time.Sleep(time.Second)
		}
		t.conns <- struct{}{}
		status, err := t.post(update)
		<-t.conns
		if err == nil && status == http.StatusOK {
			return nil
		}
	}
	return fmt.Errorf("update not accepted after 10 deliveries")
}

func (t *telegramSide) post(update []byte) (int, error) {
	req, _ := http.NewRequest(http.MethodPost, t.url, bytes.NewReader(update))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(telegram.SecretHeader, secret)
	resp, err := t.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	carried, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusOK {
		t.api.Perform(resp.Header.Get("Content-Type"), carried)
	}
	return resp.StatusCode, nil
}
