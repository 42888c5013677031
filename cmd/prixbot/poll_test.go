package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/bot/telegram/telegramtest"
)

// watchedLog is a log sink that can be waited on.
type watchedLog struct {
	mu      sync.Mutex
	b       strings.Builder
	changed chan struct{} // closed and replaced on every write
}

func newWatchedLog() *watchedLog { return &watchedLog{changed: make(chan struct{})} }

func (l *watchedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.changed)
	l.changed = make(chan struct{})
	return l.b.Write(p)
}

// waitFor fails the test unless the log holds s within d.
func (l *watchedLog) waitFor(t *testing.T, s string, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		l.mu.Lock()
		found, changed := strings.Contains(l.b.String(), s), l.changed
		l.mu.Unlock()
		if found {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no %q in the log within %s:\n%s", s, d, l.String())
		}
	}
}

// replica is `prixbot run` in this process.
type replica struct {
	log    *watchedLog
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns, with its exit code in code
	code   int
}

func startReplica(t *testing.T, env []string) *replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &replica{log: newWatchedLog(), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.code = runCLI(ctx, []string{"run"}, strings.NewReader(""), &strings.Builder{}, r.log, env)
	}()
	t.Cleanup(func() { cancel(); <-r.done })
	r.log.waitFor(t, "prixbot ready", 30*time.Second)
	return r
}

// TestRunPollsOnOneReplica runs two replicas in long-polling mode: one polls,
// and when it stops the other takes over.
func TestRunPollsOnOneReplica(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	api := telegramtest.New()
	t.Cleanup(api.Close)
	env := append(e.env[:len(e.env):len(e.env)], "LOG_LEVEL=info", "HTTP_ADDR=127.0.0.1:0", "VOTER_PEPPER=pepper",
		"TELEGRAM_TOKEN=123:abc", "TELEGRAM_API_ENDPOINT="+api.Endpoint())
	const taken = `msg="leadership taken" role=telegram-poll`
	a := startReplica(t, env)
	a.log.waitFor(t, taken, 10*time.Second)
	b := startReplica(t, env)

	help := func(update int) string {
		return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":1,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"Ann"},"chat":{"id":%[2]d,"type":"private"},"text":"/help"}}`, update, 500+update)
	}
	api.QueueUpdate(help(1))
	if !api.WaitFor("sendMessage", 1, 10*time.Second) {
		t.Fatal("the leader did not answer")
	}

	if strings.Contains(b.log.String(), taken) {
		t.Fatal("both replicas lead")
	}
	a.cancel()
	if <-a.done; a.code != 0 {
		t.Fatalf("the leader exited %d", a.code)
	}
	if !strings.Contains(a.log.String(), `msg="leadership released" role=telegram-poll`) {
		t.Fatalf("the leader did not release the role:\n%s", a.log.String())
	}
	b.log.waitFor(t, taken, 5*time.Second)
	api.QueueUpdate(help(2))
	if !api.WaitFor("sendMessage", 2, 10*time.Second) {
		t.Fatal("the new leader did not answer")
	}
	if n := api.Overlaps(); n != 0 {
		t.Fatalf("%d getUpdates calls overlapped another", n)
	}
}

// String returns the log so far.
func (l *watchedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
