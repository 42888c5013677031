package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"prixbot/bot/metrics"
	"prixbot/store"
)

// readyTimeout bounds the database checks of one GET /readyz.
const readyTimeout = 2 * time.Second

// observe serves GET /metrics and GET /readyz on mux and points the metrics
// at db's pool, outbox and votes.
func (c *cli) observe(mux *http.ServeMux, db *database) {
	metrics.SetDB(db.DB().DB)
	metrics.SetOutbox(func(ctx context.Context) (metrics.OutboxStats, error) {
		h, err := db.OutboxHealth(ctx, time.Now())
		return metrics.OutboxStats{Due: h.Due, Scheduled: h.Depth - h.Due, Dead: h.Dead, OldestDue: h.OldestDue}, err
	})
	metrics.SetVotes(db.VotesByPlatform)
	mux.Handle("GET /metrics", metrics.Handler())
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if problems := c.notReady(r.Context(), db); len(problems) > 0 {
			http.Error(w, "not ready: "+strings.Join(problems, "; "), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
}

// notReady lists what keeps the bot from serving: the database's
// connections failing or its pool saturated (store.PoolProblem), the
// database unreachable, migrations pending, or a component (adapter,
// dispatcher) not connected.
func (c *cli) notReady(ctx context.Context, db *database) []string {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	var problems []string
	if p := db.PoolProblem(time.Now()); p != "" {
		problems = append(problems, p) // the ping could only wait for a connection, or fail as well
	} else if err := ping(ctx, db.DB().DB); err != nil {
		// The ping's new connection may be the first to fail: PoolProblem
		// then says why.
		c.log.Warn("readiness: database unreachable", "err", err)
		problems = append(problems, cmp.Or(db.PoolProblem(time.Now()), "database unreachable"))
	} else if ok, err := db.MigrationsCurrent(ctx); err != nil || !ok {
		problems = append(problems, "migrations not current")
	}
	for _, comp := range metrics.NotReady() {
		problems = append(problems, comp+" not connected")
	}
	return problems
}

// ping pings the database, and again while it fails on a connection that
// the server ended (a restart ends them all, and the pool learns so only by
// using each): the pool drops each, and the last try is on a new connection,
// whose failure PoolProblem can explain.
func ping(ctx context.Context, db *sql.DB) error {
	err := db.PingContext(ctx)
	for range db.Stats().Idle + 1 {
		if !store.Unavailable(err) || ctx.Err() != nil {
			break
		}
		err = db.PingContext(ctx)
	}
	return err
}

// platformClient is the HTTP client for a platform's API: every call counted
// in the metrics by method and status code, timeout bounding a call (a long
// poll included).
func platformClient(platform string, timeout time.Duration) *http.Client {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 64
	return &http.Client{Timeout: timeout, Transport: metrics.Transport(platform, base)}
}
