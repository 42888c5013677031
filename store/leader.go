package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"hash/fnv"
	"log/slog"
	"time"
)

// Leadership names a role that one replica at a time holds, such as the
// Telegram long-polling loop. It is a Postgres advisory lock held on a
// dedicated connection: when the holder exits, crashes or loses its
// connection, the server drops the lock and another replica takes it at its
// next try.
type Leadership struct {
	// Name identifies the role; replicas contending for it use the same name.
	Name string
	// Retry is how often a follower tries to take the lock and how often the
	// leader checks its connection; 1 s by default. A dead leader is replaced
	// within about Retry; a leader whose connection dies notices within Retry.
	Retry time.Duration
	// Log receives leadership changes; slog.Default() when nil.
	Log *slog.Logger
	// OnChangeFunc, when set, is called with true on taking the role and false
	// on giving it up, for readiness and metrics.
	OnChangeFunc func(leader bool)
}

// Lead runs fn whenever this process holds the role, until ctx ends. fn gets
// a context that is cancelled when the role is lost (connection lost, ctx
// ended); it should return promptly then. If fn returns on its own, the role
// is released and taken again at the next try. Lead returns when ctx ends and
// fn has returned, with the lock released.
//
// Between the death of a leader's connection and the leader noticing it,
// another replica may already lead: for at most Retry, two may run fn. Work
// done under a role must therefore stay idempotent (updates are deduplicated
// by their id), the lock only keeps the overlap short.
func (s *Store) Lead(ctx context.Context, l Leadership, fn func(ctx context.Context)) {
	l.Retry = cmp.Or(l.Retry, time.Second)
	if l.Log == nil {
		l.Log = slog.Default()
	}
	h := fnv.New64a()
	h.Write([]byte("prixbot/leader/" + l.Name))
	key := int64(h.Sum64())
	t := time.NewTicker(l.Retry)
	defer t.Stop()
	for {
		if err := s.leadOnce(ctx, l, key, fn); err != nil && ctx.Err() == nil {
			l.Log.Warn("leadership: cannot take or keep the lock", "role", l.Name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// leadOnce tries the lock once and, if it gets it, runs fn until the role is
// lost, ctx ends or fn returns; then releases the lock.
func (s *Store) leadOnce(ctx context.Context, l Leadership, key int64, fn func(context.Context)) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil || !got {
		conn.Close()
		return err
	}
	l.Log.Info("leadership taken", "role", l.Name)
	if l.OnChangeFunc != nil {
		l.OnChangeFunc(true)
	}
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(lctx)
	}()
	lost := watch(ctx, conn, l.Retry, done)
	cancel()
	<-done
	if l.OnChangeFunc != nil {
		l.OnChangeFunc(false)
	}
	if lost != nil {
		l.Log.Warn("leadership lost: its connection failed", "role", l.Name, "err", lost)
	} else {
		l.Log.Info("leadership released", "role", l.Name)
	}
	release(conn, key, lost != nil)
	return nil
}

// watch checks conn every interval until ctx ends or done closes, and
// returns the error that ended it if the connection failed.
func watch(ctx context.Context, conn *sql.Conn, every time.Duration, done <-chan struct{}) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-done:
			return nil
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, every)
			_, err := conn.ExecContext(pctx, `SELECT 1`)
			cancel()
			if err != nil && ctx.Err() == nil {
				return err
			}
		}
	}
}

// release unlocks key and returns conn to the pool, or discards conn when it
// failed or the unlock does: a pooled session must never keep the lock.
func release(conn *sql.Conn, key int64, failed bool) {
	if !failed {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var ok bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock($1)`, key).Scan(&ok); err == nil && ok {
			conn.Close()
			return
		}
	}
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}
