package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
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
	db *sqlx.DB
}

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string) (*Store, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.db.Close() }

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
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := s.migrator()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	return !pending, err
}

// Tx is a transaction carrying the store's transactional operations, so that
// a platform update, its effect and its audit row commit together.
type Tx struct {
	*sqlx.Tx
}

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(&Tx{tx}); err != nil {
		tx.Rollback()
		return err
	}
	return mapErr(tx.Commit())
}

// mapErr turns driver errors into contest errors by SQLSTATE.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return &contest.Error{Code: contest.Conflict, Message: "already exists (" + pqErr.Constraint + ")"}
		case "23503":
			return &contest.Error{Code: contest.NotFound, Message: "refers to something that does not exist (" + pqErr.Constraint + ")"}
		case "23514", "22P02", "22001":
			return &contest.Error{Code: contest.Invalid, Message: pqErr.Message}
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &contest.Error{Code: contest.NotFound, Message: "not found"}
	}
	return err
}
