package store_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/store"
	"prixbot/store/storetest"
)

// TestPoolProblemReportsRefusedConnections: while the server refuses new
// connections ("too many clients"), the pool is reported as failing, though
// it still has a connection open that works; 10 s after the last failure,
// with the server taking clients again, it is not.
func TestPoolProblemReportsRefusedConnections(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewRefusable(t)
	st, err := store.Open(ctx, db.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if p := st.PoolProblem(time.Now()); p != "" {
		t.Fatalf("a fresh pool: %q", p)
	}
	held, err := st.DB().Conn(ctx) // opened before the refusal: it keeps working
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	db.RefuseNew(t)
	if err := held.PingContext(ctx); err != nil {
		t.Fatalf("the connection opened before: %v", err)
	}
	if err := st.DB().PingContext(ctx); !store.Unavailable(err) {
		t.Fatalf("a new connection with the server refusing clients: %v", err)
	}
	at := time.Now()
	p := st.PoolProblem(at)
	if p != "database connections failing: too many clients" {
		t.Fatalf("PoolProblem with connections refused: %q", p)
	}
	if strings.Contains(p, "role") || strings.Contains(p, "prixbot_test") {
		t.Fatalf("PoolProblem names the role or the database: %q", p)
	}
	db.Admit(t)
	if p := st.PoolProblem(at.Add(11 * time.Second)); p != "" {
		t.Fatalf("PoolProblem 11 s after the last failure: %q", p)
	}
}

// TestPoolProblemReportsSaturation: with every connection of the pool in use
// at two checks a second apart and callers kept waiting in between, the
// pool is saturated; once the connections are released, it is not.
func TestPoolProblemReportsSaturation(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	const size = 2
	st.DB().SetMaxOpenConns(size)
	var held []*sql.Conn
	for range size {
		c, err := st.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	now := time.Now()
	if p := st.PoolProblem(now); p != "" {
		t.Fatalf("a full pool at its first check: %q", p)
	}
	// Callers wait for a connection, and give up.
	var wg sync.WaitGroup
	for range size {
		wg.Go(func() {
			wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			st.DB().PingContext(wctx)
		})
	}
	wg.Wait()
	if p := st.PoolProblem(now.Add(500 * time.Millisecond)); p != "" {
		t.Fatalf("half a second later: %q, want no verdict yet", p)
	}
	now = now.Add(2 * time.Second)
	if p := st.PoolProblem(now); p != "database pool saturated: every connection in use and callers waiting for one" {
		t.Fatalf("a saturated pool: %q", p)
	}
	for _, c := range held {
		c.Close()
	}
	if p := st.PoolProblem(now.Add(2 * time.Second)); p != "" {
		t.Fatalf("with the connections released: %q", p)
	}
}
