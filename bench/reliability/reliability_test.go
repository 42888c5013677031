package reliability

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKillDuringBurst: the bot is killed with SIGKILL while voters vote,
// then started again; Telegram's retries reach the new process.
func TestKillDuringBurst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.startReplica("bot")
	var downtime time.Duration
	presses := e.burst(*numVoters/3, func(faulted func()) {
		began := time.Now()
		e.kill(a)
		faulted()
		e.startReplica("bot-restarted")
		downtime = time.Since(began)
	})
	e.stopAll()
	c := e.check(presses)
	t.Logf("kill -9 mid-burst: %s; killed after %d receipts, back in %s", c, *numVoters/3, downtime.Round(time.Millisecond))
}

// TestPostgresRestart: PostgreSQL stops (fast shutdown) and starts again
// while voters vote; the bot keeps running, answers 503 to the updates it
// cannot handle meanwhile (each voter sees some refused), says it is not
// ready, reconnects, and loses nothing.
func TestPostgresRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.startReplica("bot")
	outage := make(chan time.Duration, 1)
	var during string
	presses := e.burst(*numVoters/3, func(faulted func()) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		began := time.Now()
		if err := e.cluster.Stop(ctx); err != nil {
			t.Errorf("stop PostgreSQL: %v", err)
		}
		faulted()
		e.awaitRefusals(*numSenders)
		_, during = readyz(r)
		e.startPostgres()
		outage <- time.Since(began)
	})
	if e.refused.Load() == 0 {
		t.Error("no update was answered 503 while PostgreSQL was down")
	}
	c := e.recovered(r, during, "503 not ready: database connections failing", presses)
	t.Logf("PostgreSQL restarted mid-run: %s; database down for %s, %d deliveries answered 503 and delivered again; /readyz meanwhile: %q",
		c, (<-outage).Round(time.Millisecond), e.refused.Load(), during)
}

// TestPoolExhaustion: another client takes every connection the server
// allows (the bot's are ended first) while voters vote; the bot's updates
// fail with "too many clients", are answered 503 and delivered again, and
// /readyz says so; once the connections are released, nothing is lost.
func TestPoolExhaustion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.startReplica("bot")
	var held int
	var during string
	var exhausted time.Duration
	presses := e.burst(*numVoters/3, func(faulted func()) {
		began := time.Now()
		release := e.exhaust()
		faulted()
		held = release.held
		e.awaitRefusals(*numSenders)
		_, during = readyz(r)
		release.close()
		exhausted = time.Since(began)
	})
	if e.refused.Load() == 0 {
		t.Error("no update was answered 503 while the connections were held")
	}
	c := e.recovered(r, during, "503 not ready: database connections failing: too many clients", presses)
	t.Logf("pool exhaustion mid-run: %s; another client held all %d connections for %s, %d deliveries answered 503 and delivered again; /readyz meanwhile: %q",
		c, held, exhausted.Round(time.Millisecond), e.refused.Load(), during)
}

// TestTwoReplicas: two webhook replicas on one database behind a
// round-robin balancer share the voters; each vote is stored once.
func TestTwoReplicas(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.startReplica("bot-a"), e.startReplica("bot-b")
	presses := e.burst(0, nil)
	checkMetrics(t, a, *numVoters)
	e.stopAll()
	c := e.check(presses)
	if a.served.Load() == 0 || b.served.Load() == 0 {
		t.Errorf("the votes were not spread: bot-a confirmed %d, bot-b %d", a.served.Load(), b.served.Load())
	}
	t.Logf("two replicas: %s; confirm presses answered by bot-a %d, bot-b %d", c, a.served.Load(), b.served.Load())
}

// TestTwoReplicasKillOne: as TestTwoReplicas, with one replica killed with
// SIGKILL mid-run; the balancer sends the retries to the other.
func TestTwoReplicasKillOne(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.startReplica("bot-a"), e.startReplica("bot-b")
	presses := e.burst(*numVoters/2, func(faulted func()) { e.kill(b) })
	e.stopAll()
	c := e.check(presses)
	t.Logf("two replicas, bot-b killed after %d receipts: %s; confirm presses answered by bot-a %d, bot-b %d",
		*numVoters/2, c, a.served.Load(), b.served.Load())
}

// TestGracefulShutdown: SIGTERM during a burst; the bot stops taking
// updates, finishes those in flight and exits with status 0 within 10 s; a
// new process takes over.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.startReplica("bot")
	var stopped time.Duration
	presses := e.burst(*numVoters/3, func(faulted func()) {
		began := time.Now()
		a.cmd.Process.Signal(syscall.SIGTERM)
		faulted()
		<-a.exited
		stopped = time.Since(began)
		e.lb.remove(a)
		e.startReplica("bot-restarted")
	})
	if code := a.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status after SIGTERM: %d, want 0", code)
	}
	if stopped > 10*time.Second {
		t.Errorf("shutdown took %s, want at most 10 s", stopped)
	}
	e.stopAll()
	c := e.check(presses)
	t.Logf("SIGTERM mid-burst: exited in %s with status %d; %s", stopped.Round(time.Millisecond), a.cmd.ProcessState.ExitCode(), c)
}

// checkMetrics reads r's /metrics after a burst of votes: the updates it
// handled, the sends it made and the votes in the database.
func checkMetrics(t *testing.T, r *replica, votes int) {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`prixbot_updates_total{outcome="ok",platform="telegram"} `,
		`prixbot_platform_calls_total{code="200",method="sendMessage",platform="telegram"} `,
		`prixbot_update_handle_seconds_bucket{platform="telegram",le="0.1"} `,
		fmt.Sprintf(`prixbot_votes{platform="telegram"} %d`+"\n", votes),
		`prixbot_component_ready{component="telegram"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("%s's /metrics lacks %q", r.name, want)
		}
	}
}

// readyz returns r's GET /readyz as its status code and body.
func readyz(r *replica) (int, string) {
	resp, err := http.Get("http://" + r.addr + "/readyz")
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body)))
}

// recovered ends a database fault's scenario: r must have lived through
// the fault, said during it what was wrong (/readyz: want), and be ready
// again within 30 s (it reports failed connections for 10 s after the last
// one, 2 s when built with the tag prixbot_shortsecond); then the replicas
// stop and the votes are checked.
func (e *env) recovered(r *replica, during, want string, presses int64) counts {
	e.t.Helper()
	select {
	case <-r.exited:
		e.t.Fatal("the bot exited during the database fault")
	default:
	}
	if !strings.HasPrefix(during, want) {
		e.t.Errorf("GET /readyz during the database fault: %q, want %q", during, want)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		code, body := readyz(r)
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			e.t.Errorf("GET /readyz once the database is back: %s", body)
			break
		}
	}
	e.stopAll()
	return e.check(presses)
}
