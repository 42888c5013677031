package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"prixbot/contest"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the Postgres-backed state of prixbot.
type Store struct {
	db    *sqlx.DB
	watch *poolWatch // its connection attempts, for PoolProblem

	mu     sync.Mutex
	stmts  map[string]*sqlx.Stmt // prepared statements by query; nil until prepared (see Tx.stmt); the map is nil once closed
	wanted []string              // queries to prepare before the next transaction
}

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string) (*Store, error) {
	pool, watch, err := openPool(url, time.Now)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := sqlx.NewDb(pool, "postgres")
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &Store{db: db, watch: watch, stmts: map[string]*sqlx.Stmt{}}, nil
}

// Close closes the connection pool and the prepared statements.
func (s *Store) Close() error {
	s.mu.Lock()
	for _, st := range s.stmts {
		if st != nil {
			st.Close()
		}
	}
	s.stmts = nil
	s.mu.Unlock()
	return s.db.Close()
}

// DB exposes the pool for health checks, metrics and tests.
func (s *Store) DB() *sqlx.DB { return s.db }

func (s *Store) migrator() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	// Replicas starting together take turns: the session lock makes the
	// second wait (retrying every second, up to 5 minutes) for the first's
	// migrations instead of failing on them.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, s.db.DB, dir, goose.WithSessionLocker(locker))
}

// Migrate applies every pending migration. Running it again is a no-op. It
// returns the number of migrations applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	p, err := s.migrator()
	if err != nil {
		return 0, fmt.Errorf("prepare migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("apply migrations: %w", err)
	}
	return len(res), nil
}

// MigrationsCurrent reports whether every embedded migration has been applied.
// A database never migrated reports false, and is left as it was (goose
// would create its version table to answer).
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	var pqErr *pq.Error
	_, err := s.db.ExecContext(ctx, `SELECT FROM `+pq.QuoteIdentifier(goose.TableName())+` LIMIT 1`)
	if errors.As(err, &pqErr) && pqErr.Code == "42P01" { // undefined_table
		return false, nil
	}
	if err != nil {
		return false, err
	}
	p, err := s.migrator()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	return !pending, err
}

// Tx is a transaction carrying the store's transactional operations, so that
// a platform update, its effect and its audit row commit together. Its SQL
// stays in the store: callers see operations, not the connection.
type Tx struct {
	tx         *sqlx.Tx
	s          *Store
	savepoints int // how many Savepoint took, to name the next
}

// Savepoint is a point in a transaction that it can roll back to.
type Savepoint struct {
	tx   *Tx
	name string
}

// Savepoint marks what the transaction did so far: rolling back to the
// savepoint undoes what it does afterwards and keeps the rest, so that a
// request refused halfway leaves nothing behind but its update record.
func (tx *Tx) Savepoint(ctx context.Context) (Savepoint, error) {
	tx.savepoints++
	sp := Savepoint{tx: tx, name: "sp" + strconv.Itoa(tx.savepoints)}
	_, err := tx.tx.ExecContext(ctx, "SAVEPOINT "+sp.name)
	return sp, mapErr(err)
}

// Rollback undoes what the transaction did since the savepoint; the
// transaction goes on, and may roll back to the same savepoint again.
func (sp Savepoint) Rollback(ctx context.Context) error {
	_, err := sp.tx.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+sp.name)
	return mapErr(err)
}

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	s.mu.Lock()
	wanted := len(s.wanted) > 0
	s.mu.Unlock()
	if wanted {
		s.prepareWanted(ctx)
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(&Tx{tx: tx, s: s}); err != nil {
		tx.Rollback()
		return err
	}
	return mapErr(tx.Commit())
}

// stmt returns query prepared for tx, or nil when it is not prepared yet.
//
// The statements every update runs, and those of the requests that come
// by the hundred (a juror's taps on a sheet, their audit rows), are
// prepared once on the pool and then per connection, so that running one is
// a single round trip (bind and execute, no parsing or planning) instead of
// lib/pq's two for a query with arguments. A statement is prepared on the
// pool only outside a transaction (InTx, before it begins): a transaction
// holds a connection, and waiting for a second one could exhaust the pool.
// Until then it runs unprepared.
func (tx *Tx) stmt(ctx context.Context, query string) *sqlx.Stmt {
	st := tx.s.prepared(query)
	if st == nil {
		return nil
	}
	return tx.tx.StmtxContext(ctx, st)
}

// prepared returns query prepared on the pool, or nil when it is not
// prepared yet, asking for it to be.
func (s *Store) prepared(query string) *sqlx.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.stmts[query]
	if !ok && s.stmts != nil {
		s.stmts[query] = nil
		s.wanted = append(s.wanted, query)
	}
	return st
}

// prepareWanted prepares the statements that transactions asked for. One that
// fails is asked for again on its next use, and then runs unprepared, with
// its own error.
func (s *Store) prepareWanted(ctx context.Context) {
	s.mu.Lock()
	want := s.wanted
	s.wanted = nil
	s.mu.Unlock()
	for _, q := range want {
		st, err := s.db.PreparexContext(ctx, q)
		s.mu.Lock()
		switch {
		case err != nil:
			delete(s.stmts, q)
		case s.stmts == nil: // closed meanwhile
			st.Close()
		default:
			s.stmts[q] = st
		}
		s.mu.Unlock()
	}
}

// poolStmt returns query prepared on the pool for a statement run outside a
// transaction, preparing it first when it is not yet (outside a transaction
// waiting for a connection is safe), or nil when preparing failed: it then
// runs unprepared, and is prepared again on its next use.
func (s *Store) poolStmt(ctx context.Context, query string) *sqlx.Stmt {
	if st := s.prepared(query); st != nil {
		return st
	}
	s.prepareWanted(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stmts[query]
}

// sel and exec run on the pool, outside a transaction, one of the statements
// the scheduler and the dispatcher run at every tick, prepared (see stmt):
// one round trip instead of two, also when there is nothing to do.
func (s *Store) sel(ctx context.Context, dest any, query string, args ...any) error {
	if st := s.poolStmt(ctx, query); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return s.db.SelectContext(ctx, dest, query, args...)
}

func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := s.poolStmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return s.db.ExecContext(ctx, query, args...)
}

// get, sel and exec run one of the statements prepared for the pool (see
// stmt), prepared when it is.
func (tx *Tx) get(ctx context.Context, dest any, query string, args ...any) error {
	if st := tx.stmt(ctx, query); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return tx.tx.GetContext(ctx, dest, query, args...)
}

func (tx *Tx) sel(ctx context.Context, dest any, query string, args ...any) error {
	if st := tx.stmt(ctx, query); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return tx.tx.SelectContext(ctx, dest, query, args...)
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, query, args...)
}

// mapErr turns driver errors into contest errors by SQLSTATE, keeping the
// driver's error as their cause.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return &contest.Error{Code: contest.Conflict, Message: "already exists (" + pqErr.Constraint + ")", Cause: err}
		case "23503":
			return &contest.Error{Code: contest.NotFound, Message: "refers to something that does not exist (" + pqErr.Constraint + ")", Cause: err}
		case "23514", "22P02", "22001":
			return &contest.Error{Code: contest.Invalid, Message: pqErr.Message, Cause: err}
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &contest.Error{Code: contest.NotFound, Message: "not found", Cause: err}
	}
	return err
}
