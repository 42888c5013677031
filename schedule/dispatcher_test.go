package schedule

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/pace"
	"prixbot/store"
)

// The crash test runs a dispatcher in a child process (this test binary with
// childEnv set) and kills it with SIGKILL.
const (
	childEnv     = "SCHEDULE_TEST_CHILD"
	childDB      = "SCHEDULE_TEST_CHILD_DB"
	childAPI     = "SCHEDULE_TEST_CHILD_API"
	childWorkers = 8
)

// runChild dispatches the outbox of childDB to the fake API at childAPI
// until killed, paced in testSecond's seconds: the test needs it killed in
// the middle of a batch, not slow.
func runChild() int {
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(childDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	d := NewDispatcher(DispatcherConfig{Store: st, ID: "child", Workers: childWorkers, BatchSize: 100,
		Limits:  map[string]Limits{bot.Telegram: {Overall: 2000, PerChat: 1, Second: testSecond}},
		Senders: map[string]bot.Sender{bot.Telegram: httpSender{URL: os.Getenv(childAPI), Client: http.DefaultClient}}})
	d.Run(ctx)
	return 0
}

// TestKilledMidBroadcast materialises a broadcast to 5,000 subscribers, lets
// a dispatcher process deliver part of it, kills it with SIGKILL, and
// restarts a dispatcher once the dead one's leases have expired: every
// subscriber gets the message, and the duplicates are counted — at most one
// per worker of the killed process, the documented window.
func TestKilledMidBroadcast(t *testing.T) {
	t.Parallel() // it mostly waits for the child process and the database
	const subscribers = 5000
	st, url := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedSubscribers(t, st, ed.ID, subscribers, "k")
	s := NewScheduler(SchedulerConfig{Store: st, Now: func() time.Time { return local(t, "2026-05-04 09:00") }})
	res, err := s.runOnce(context.Background())
	if err != nil || res.Rows != subscribers {
		t.Fatalf("broadcast: %+v, %v", res, err)
	}
	// The outbox rows are due at 09:00 on 4 May 2026; the child runs on the real clock.
	sqlExec(t, st, `UPDATE outbox SET not_before = now() - interval '1 minute'`)

	fake := &fakePlatform{Name: bot.Telegram}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childDB+"="+url, childAPI+"="+srv.URL)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-fake.reached(subscribers/2 + 37): // mid-batch: the child holds leases on rows it has not sent
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("the child dispatcher did not deliver half the broadcast in 2 minutes")
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no clean-up of any kind
		t.Fatal(err)
	}
	cmd.Wait()
	before := len(fake.deliveries())

	// The restarted dispatcher runs once the dead process's leases are over.
	later := func() time.Time { return time.Now().Add(2 * time.Minute) }
	h, err := st.OutboxHealth(context.Background(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := NewDispatcher(DispatcherConfig{Store: st, ID: "restarted", Now: later, Limits: fast,
		Senders: map[string]bot.Sender{bot.Telegram: fake}})
	total := drain(t, d)
	got := fake.deliveries()
	per := map[string]int{}
	for _, g := range got {
		per[g.Chat]++
	}
	dups := len(got) - len(per)
	t.Logf("killed after %d deliveries with %d rows still leased; restart sent %d; %d duplicates (max window in restart %s)",
		before, h.Leased, total.Sent, dups, total.MaxWindow)
	if len(per) != subscribers {
		t.Errorf("%d subscribers reached, want %d", len(per), subscribers)
	}
	if dups > childWorkers {
		t.Errorf("%d duplicates, want at most %d (one per worker busy at the kill)", dups, childWorkers)
	}
	if h, _ := st.OutboxHealth(context.Background(), later()); h.Depth != 0 || h.Dead != 0 {
		t.Errorf("outbox after restart: %+v", h)
	}
}

// TestRateLimitsWithFailures sends 150 Telegram messages, four of them to the
// same chat, and five to the Slack channel at the platforms' default limits,
// while the fake platforms answer some requests with 429 (retry_after one
// second) and some with 502: everything is delivered once, and the fakes
// never saw more than 30 requests in a second, two to one chat within a
// second, or a request during a retry_after. The pacing's second is
// shortened to testSecond, and the fakes measure in it.
func TestRateLimitsWithFailures(t *testing.T) {
	t.Parallel() // it mostly waits for the pacing
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	ctx := context.Background()
	var want []string
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var ns []store.Notification
		add := func(platform, chat string, i int) {
			text := fmt.Sprintf("%s %s #%d", platform, chat, i)
			want = append(want, chat+"|"+text)
			ns = append(ns, store.Notification{ContestID: ed.ID, DedupeKey: text, Platform: platform, ChatID: chat,
				Kind: "test", Payload: []byte(fmt.Sprintf(`{"text": %q}`, text))})
		}
		for i := range 146 {
			add(bot.Telegram, fmt.Sprint("t", i), i)
		}
		for i := range 4 {
			add(bot.Telegram, "same", i)
		}
		for i := range 5 {
			add(bot.Slack, "C1", i)
		}
		_, err := tx.EnqueueBatch(ctx, ns, time.Now().Add(-time.Second))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	failures := func(rateLimited, failed func(int) bool) func(int, string) error {
		return func(n int, chat string) error {
			switch {
			case rateLimited(n):
				return &bot.RetryAfterError{After: testSecond}
			case failed(n):
				return errors.New("502 Bad Gateway")
			}
			return nil
		}
	}
	tg := &fakePlatform{Name: bot.Telegram, Fail: failures(func(n int) bool { return n%40 == 0 }, func(n int) bool { return n%9 == 0 })}
	sl := &fakePlatform{Name: bot.Slack, Fail: failures(func(n int) bool { return n == 2 }, func(n int) bool { return n == 4 })}
	limits := map[string]Limits{}
	for _, p := range []string{bot.Telegram, bot.Slack} {
		l := pace.For(p)
		limits[p] = Limits{Overall: l.Messages, PerChat: l.PerChat, Second: testSecond}
	}
	d := NewDispatcher(DispatcherConfig{Store: st, BackoffBase: testSecond / 5, PollInterval: testSecond / 5,
		Limits: limits, Senders: map[string]bot.Sender{bot.Telegram: tg, bot.Slack: sl}})
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(rctx); close(done) }()
	for _, w := range []struct {
		f *fakePlatform
		n int
	}{{tg, 150}, {sl, 5}} {
		select {
		case <-w.f.delivered(w.n):
		case <-time.After(time.Minute):
			t.Fatalf("%s: %d messages not delivered within a minute", w.f.Name, w.n)
		}
	}
	cancel()
	<-done // the round under way records what it sent
	if h, err := st.OutboxHealth(ctx, time.Now()); err != nil || h.Depth != 0 || h.Dead != 0 || h.Sent != len(want) {
		t.Fatalf("outbox: %+v, %v", h, err)
	}
	seen := map[string]int{}
	for _, g := range append(tg.deliveries(), sl.deliveries()...) {
		seen[g.Chat+"|"+g.Text]++
	}
	for _, w := range want {
		if seen[w] != 1 {
			t.Errorf("%q delivered %d times", w, seen[w])
		}
	}
	for _, f := range []*fakePlatform{tg, sl} {
		// Windows and gaps a little shorter than the second: see late.
		r := f.rates(testSecond - late)
		t.Logf("%s: %d requests, %d refused, %+v", f.Name, f.requests, len(f.refusals), r)
		if r.MaxPerSecond > 30 {
			t.Errorf("%s saw %d requests within %s, less than a second (%s), limit 30", f.Name, r.MaxPerSecond, testSecond-late, testSecond)
		}
		if r.MinChatGap < testSecond-late {
			t.Errorf("%s saw two messages to one chat %s apart, less than a second (%s)", f.Name, r.MinChatGap, testSecond)
		}
		if r.EarlyAfter429 != 0 {
			t.Errorf("%s saw %d requests before a retry_after ran out", f.Name, r.EarlyAfter429)
		}
		if len(f.refusals) == 0 {
			t.Errorf("%s refused nothing: the test injects no failure", f.Name)
		}
	}
}

// TestBlockedPermanentAndDead: a recipient who blocked the bot is
// unsubscribed; a permanent failure is dead at once; a temporary one is
// retried with back-off and dead after MaxAttempts; OutboxHealth shows them
// to organisers.
func TestBlockedPermanentAndDead(t *testing.T) {
	t.Parallel() // it waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedSubscribers(t, st, ed.ID, 3, "x")
	clock := &fakeClock{}
	clock.Set(local(t, "2026-05-04 09:00"))
	s := NewScheduler(SchedulerConfig{Store: st, Now: clock.Now})
	if _, err := s.runOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	tg := &fakePlatform{Name: bot.Telegram, Now: clock.Now, Fail: func(n int, chat string) error {
		switch chat {
		case "x1":
			return bot.ErrBlocked
		case "x2":
			return &bot.PermanentError{Err: errors.New("400 chat not found")}
		case "x3":
			return errors.New("503 Service Unavailable")
		}
		return nil
	}}
	d := NewDispatcher(DispatcherConfig{Store: st, Now: clock.Now, Limits: fast, MaxAttempts: 3, BackoffBase: time.Minute,
		Senders: map[string]bot.Sender{bot.Telegram: tg}})
	var total DispatchResult
	for range 4 {
		total.add(drain(t, d))
		clock.Set(clock.Now().Add(time.Hour))
	}
	if total.Blocked != 1 || total.Dead != 2 || total.Retried != 2 || total.Sent != 0 {
		t.Errorf("result %+v, want 1 blocked, 2 dead, 2 retries", total)
	}
	var subs int
	if err := st.DB().Get(&subs, `SELECT count(*) FROM subscribers s JOIN accounts a ON a.id = s.account_id WHERE a.chat_id = 'x1'`); err != nil || subs != 0 {
		t.Errorf("blocked recipient still subscribed (%d, %v)", subs, err)
	}
	h, err := st.OutboxHealth(t.Context(), clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if h.Depth != 0 || h.Dead != 2 || h.Blocked != 1 || h.LastError == "" {
		t.Errorf("health %+v, want 2 dead, 1 blocked, a last error", h)
	}
}

// TestDefaultPacingIsThePlatforms: without Limits, a dispatcher paces each
// platform at its production limits (pace.For, whose values package pace
// checks), in real seconds; the timed tests above shorten the second.
func TestDefaultPacingIsThePlatforms(t *testing.T) {
	d := NewDispatcher(DispatcherConfig{Senders: map[string]bot.Sender{bot.Telegram: &fakePlatform{}, bot.Slack: &fakePlatform{}}})
	for _, p := range []string{bot.Telegram, bot.Slack} {
		if want := pace.New(pace.For(p)); !reflect.DeepEqual(d.pacers[p], want) {
			t.Errorf("%s paced by %+v, want %+v", p, d.pacers[p], want)
		}
	}
}
