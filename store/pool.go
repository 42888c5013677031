package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// connectFailureWindow is how long a failed connection attempt keeps the
// pool reported as failing (PoolProblem): 10 s, or a fifth of that in a
// build with the tag prixbot_shortsecond, whose seconds are all short (see
// pace.ShortSecond).
var connectFailureWindow = 10 * time.Second

// poolWatch keeps what PoolProblem reports on: the connection attempts that
// failed, seen by watchedConnector, and the pool's statistics at the last
// check.
type poolWatch struct {
	mu          sync.Mutex
	lastFailure time.Time // of a connection attempt
	reason      string    // why it failed, in a few fixed words
	checked     poolSample
	saturated   bool // the verdict of the last check that compared two samples
}

// poolSample is the pool's statistics at a check.
type poolSample struct {
	at    time.Time
	full  bool  // every connection the pool may open is in use
	waits int64 // sql.DBStats.WaitCount
}

// watchedConnector opens the pool's connections through pq and tells
// watch about those that fail.
type watchedConnector struct {
	driver.Connector
	watch *poolWatch
	now   func() time.Time
}

func (c watchedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil && ctx.Err() == nil {
		c.watch.mu.Lock()
		c.watch.lastFailure, c.watch.reason = c.now(), connectFailure(err)
		c.watch.mu.Unlock()
	}
	return conn, err
}

// connectFailure says in a few fixed words why a connection attempt
// failed; never the error's text, which PoolProblem's readers need not see.
func connectFailure(err error) string {
	var pqErr *pq.Error
	var netErr net.Error
	switch {
	case errors.As(err, &pqErr) && pqErr.Code.Class() == pqerror.ClassInsufficientResources:
		return "too many clients"
	case errors.As(err, &pqErr) && pqErr.Code == pqerror.CannotConnectNow:
		return "the server is starting or stopping"
	case errors.As(err, &pqErr):
		return "refused (SQLSTATE " + string(pqErr.Code) + ")"
	case errors.As(err, &netErr):
		return "unreachable"
	}
	return "failed"
}

// PoolProblem says, in one phrase with no secret in it, what keeps the
// connection pool from serving at now, or "" when nothing does:
//
//   - a connection attempt failed in the last 10 s (the server refusing
//     clients, unreachable, restarting), though the pool may still have
//     connections open: the requests that need a new one fail;
//   - the pool saturated: every connection in use at this check and at the
//     one before it, at least a second earlier and at most a minute, with
//     at least as many callers made to wait for a connection in between as
//     the pool holds.
//
// It is meant for readiness checks (GET /readyz), made every few seconds; a
// check less than a second after the last one repeats its verdict.
func (s *Store) PoolProblem(now time.Time) string {
	stats := s.db.Stats()
	w := s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	if at := w.lastFailure; !at.IsZero() && now.Sub(at) < connectFailureWindow && !now.Before(at) {
		return "database connections failing: " + w.reason
	}
	cur := poolSample{at: now, full: stats.MaxOpenConnections > 0 && stats.InUse >= stats.MaxOpenConnections, waits: stats.WaitCount}
	since := now.Sub(w.checked.at)
	switch {
	case since < time.Second && since >= 0 && !w.checked.at.IsZero():
		// too soon to judge again
	case since <= time.Minute && since >= 0 && !w.checked.at.IsZero():
		w.saturated = w.checked.full && cur.full && cur.waits-w.checked.waits >= int64(stats.MaxOpenConnections)
		w.checked = cur
	default:
		w.saturated = false
		w.checked = cur
	}
	if w.saturated {
		return "database pool saturated: every connection in use and callers waiting for one"
	}
	return ""
}

// openPool opens url's connection pool with its connection attempts
// watched.
func openPool(url string, now func() time.Time) (*sql.DB, *poolWatch, error) {
	connector, err := pq.NewConnector(url)
	if err != nil {
		return nil, nil, err
	}
	w := &poolWatch{}
	return sql.OpenDB(watchedConnector{Connector: connector, watch: w, now: now}), w, nil
}
