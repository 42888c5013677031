package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"prixbot/store"
	"prixbot/store/storetest"
)

// contender is one replica contending for a role in a test.
type contender struct {
	name    string
	st      *store.Store
	cancel  context.CancelFunc
	started chan string // receives name when fn starts
	stopped chan string // receives name when fn returns
	exited  chan struct{}
}

// contend starts Lead for role on its own pool on url, like a replica would.
func contend(t *testing.T, url, name, role string, started, stopped chan string, retry time.Duration) *contender {
	t.Helper()
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &contender{name: name, st: st, cancel: cancel, started: started, stopped: stopped, exited: make(chan struct{})}
	go func() {
		defer close(c.exited)
		st.Lead(ctx, store.Leadership{Name: role, Retry: retry}, func(ctx context.Context) {
			started <- name
			<-ctx.Done()
			stopped <- name
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-c.exited
		st.Close()
	})
	return c
}

// next returns the next value on ch, failing the test after d.
func next(t *testing.T, ch chan string, d time.Duration, what string) string {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("no %s within %s", what, d)
		return ""
	}
}

// none checks that nothing arrives on ch for d: the one place a test waits
// out a duration, since it asserts that something does not happen.
func none(t *testing.T, ch chan string, d time.Duration, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected %s: %s", what, v)
	case <-time.After(d):
	}
}

func TestLeadershipOneAtATimeAndHandOver(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	started, stopped := make(chan string, 4), make(chan string, 4)
	retry := 50 * time.Millisecond
	cs := map[string]*contender{
		"a": contend(t, url, "a", "poller", started, stopped, retry),
		"b": contend(t, url, "b", "poller", started, stopped, retry),
	}
	first := next(t, started, 5*time.Second, "leader")
	none(t, started, 5*retry, "second leader")

	// The leader shuts down: the other takes over.
	cs[first].cancel()
	if got := next(t, stopped, 5*time.Second, "stop"); got != first {
		t.Fatalf("%s stopped, want %s", got, first)
	}
	second := next(t, started, 5*time.Second, "takeover")
	if second == first {
		t.Fatalf("%s led again after it shut down", first)
	}

	// Another role is independent.
	other := make(chan string, 1)
	contend(t, url, "c", "another-role", other, make(chan string, 1), retry)
	next(t, other, 5*time.Second, "leader of another role")
}

func TestLeadershipLostWithItsConnection(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	started, stopped := make(chan string, 4), make(chan string, 4)
	retry := 50 * time.Millisecond
	contend(t, url, "a", "poller", started, stopped, retry)
	first := next(t, started, 5*time.Second, "leader")
	contend(t, url, "b", "poller", started, stopped, retry)
	none(t, started, 5*retry, "second leader")

	// Kill the leader's session from the server side, as a failover or a
	// network cut would; only in this test's database, since other tests
	// share the server.
	admin, err := store.Open(context.Background(), url) // the contenders' database
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.DB().QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminate the leader's backend: %d terminated, %v", n, err)
	}
	if got := next(t, stopped, 5*time.Second, "loss of leadership"); got != first {
		t.Fatalf("%s stopped, want %s", got, first)
	}
	next(t, started, 5*time.Second, "takeover")
}

// TestLeadershipTakenOverFromKilledProcess kills -9 a process holding the
// role: the server drops its session and the follower leads within seconds
// at the default retry interval.
func TestLeadershipTakenOverFromKilledProcess(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeaderHelperProcess$")
	cmd.Env = append(os.Environ(), "PRIXBOT_LEADER_HELPER_URL="+url)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	if l := next(t, lines, 30*time.Second, "helper leading"); l != "leading" {
		t.Fatalf("helper said %q", l)
	}
	started, stopped := make(chan string, 1), make(chan string, 1)
	contend(t, url, "follower", "poller", started, stopped, 0)
	none(t, started, 1500*time.Millisecond, "leader while the helper holds the role")

	killed := time.Now()
	cmd.Process.Kill()
	next(t, started, 5*time.Second, "takeover after kill -9")
	t.Logf("taken over %s after kill -9", time.Since(killed).Round(time.Millisecond))
}

// TestLeaderHelperProcess is the process killed by
// TestLeadershipTakenOverFromKilledProcess; it does nothing on its own.
func TestLeaderHelperProcess(t *testing.T) {
	url := os.Getenv("PRIXBOT_LEADER_HELPER_URL")
	if url == "" {
		return
	}
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	st.Lead(context.Background(), store.Leadership{Name: "poller"}, func(ctx context.Context) {
		fmt.Println("leading")
		<-ctx.Done()
	})
}
