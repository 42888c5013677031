package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"prixbot/store"
	"prixbot/store/storetest"
)

// get returns the status and body of GET url.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMetricsAndReadiness: a running bot serves its pool and outbox
// metrics, and /readyz checks the database. It runs on a DATABASE_URL:
// TestEmbeddedDefault starts the embedded cluster.
func TestMetricsAndReadiness(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	b, addr, _ := startBot(t, bin, t.TempDir(), "DATABASE_URL="+storetest.Migrated(t), "VOTER_PEPPER=test-pepper")
	defer b.stop(t)

	code, body := get(t, "http://"+addr+"/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics: %d\n%s", code, body)
	}
	for _, want := range []string{"prixbot_db_open_connections ", `prixbot_outbox_depth{state="due"} 0`, "prixbot_outbox_oldest_due_seconds 0", "process_resident_memory_bytes "} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics lacks %q", want)
		}
	}
	if code, body := get(t, "http://"+addr+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("GET /readyz: %d %q", code, body)
	}
}

// observed serves the observation routes of a store on a migrated
// Refusable database, ready at first.
func observed(t *testing.T) (*storetest.Refusable, *store.Store, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	refusable := storetest.NewRefusable(t)
	st, err := store.Open(ctx, refusable.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c := &cli{log: slog.New(slog.DiscardHandler)}
	mux := http.NewServeMux()
	c.observe(mux, &database{Store: st})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	if code, body := get(t, srv.URL+"/readyz"); code != 200 {
		t.Fatalf("GET /readyz before: %d %q", code, body)
	}
	return refusable, st, srv
}

// TestReadinessWhileTheDatabaseRefusesConnections: while the server refuses
// the bot new connections ("too many clients"), /readyz answers 503 and
// says so, naming no role, database or password, though the pool still
// holds a connection that works (a ping succeeds); /metrics still answers 200, with the pool's
// metrics. Once the server takes clients again and 10 s have passed, the
// bot is ready again. Not parallel: the process's metrics read the database
// the last observe was given, and the parallel tests' runs give theirs.
func TestReadinessWhileTheDatabaseRefusesConnections(t *testing.T) {
	ctx := context.Background()
	refusable, st, srv := observed(t)
	// The pool keeps an idle connection that works (a ping succeeds), but
	// an update that needs a second one fails.
	held, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	refusable.RefuseNew(t)
	if err := st.DB().PingContext(ctx); !store.Unavailable(err) {
		t.Fatalf("a second connection: %v, want it refused", err)
	}
	held.Close()
	code, body := get(t, srv.URL+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "database connections failing: too many clients") {
		t.Fatalf("GET /readyz with connections refused: %d %q", code, body)
	}
	u, _ := url.Parse(refusable.URL)
	password, _ := u.User.Password()
	for _, secret := range []string{u.User.Username(), password, strings.TrimPrefix(u.Path, "/")} {
		if strings.Contains(body, secret) {
			t.Errorf("GET /readyz tells %q: %q", secret, body)
		}
	}
	if code, body := get(t, srv.URL+"/metrics"); code != 200 || !strings.Contains(body, "\nprixbot_db_in_use_connections ") {
		t.Errorf("GET /metrics with connections refused: %d\n%s", code, body)
	}
	refusable.Admit(t)
	if p := st.PoolProblem(time.Now().Add(11 * time.Second)); p != "" {
		t.Errorf("11 s after the server took clients again: %q", p)
	}
}

// TestReadinessSaysWhyWhenItsPingIsTheFirstToFail: the server ends the
// pool's connections and refuses new ones (a restart) before anything has
// tried one; /readyz's own ping finds the idle connection dead and the new
// one refused, and says why rather than only "unreachable". Not parallel,
// as the test above.
func TestReadinessSaysWhyWhenItsPingIsTheFirstToFail(t *testing.T) {
	refusable, _, srv := observed(t)
	refusable.Refuse(t)
	code, body := get(t, srv.URL+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "database connections failing: too many clients") {
		t.Fatalf("GET /readyz once the server ended the connections and refuses new ones: %d %q", code, body)
	}
}
