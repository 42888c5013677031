package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/lib/pq"

	"prixbot/contest"
	"prixbot/store"
	"prixbot/store/storetest"
)

// TestUnavailableTellsInfrastructureFromRequests gets each error from a real
// server (or none at all) and checks which ones are a database that cannot
// serve now rather than a request that cannot be served.
func TestUnavailableTellsInfrastructureFromRequests(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.URL(t)
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (id int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}

	refused := func() error {
		d, _ := sql.Open("postgres", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
		defer d.Close()
		return d.PingContext(ctx)
	}
	tooManyClients := func() error {
		// A role allowed no connection at all: the server refuses it as it
		// refuses everyone once max_connections is reached (SQLSTATE 53300).
		role := "full_" + strings.ToLower(rand.Text()[:10])
		if _, err := db.Exec(`CREATE ROLE ` + pq.QuoteIdentifier(role) + ` LOGIN CONNECTION LIMIT 0`); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Exec(`DROP ROLE ` + pq.QuoteIdentifier(role)) })
		u, _ := url.Parse(dbURL)
		u.User = url.User(role)
		d, _ := sql.Open("postgres", u.String())
		defer d.Close()
		return d.PingContext(ctx)
	}
	terminated := func() error {
		// The connection of a transaction is ended by the server (SQLSTATE
		// 57P01), as a restart ends every one.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		var pid int
		if err := tx.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		// pg_terminate_backend only signals the backend: wait until it is gone.
		if _, err := db.Exec(`SELECT pg_terminate_backend($1, 10000)`, pid); err != nil {
			t.Fatal(err)
		}
		_, err = tx.Exec(`INSERT INTO t VALUES (1)`)
		return err
	}
	serialization := func() error {
		// Two serializable transactions that each read what the other writes.
		a, _ := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
		b, _ := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
		defer a.Rollback()
		defer b.Rollback()
		for _, tx := range []*sql.Tx{a, b} {
			if _, err := tx.Exec(`SELECT count(*) FROM t`); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Exec(`INSERT INTO t VALUES (10)`); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Exec(`INSERT INTO t VALUES (11)`); err != nil {
			t.Fatal(err)
		}
		if err := a.Commit(); err != nil {
			t.Fatal(err)
		}
		return b.Commit()
	}
	duplicate := func() error {
		db.Exec(`INSERT INTO t VALUES (2)`)
		_, err := db.Exec(`INSERT INTO t VALUES (2)`)
		return err
	}
	deadline := func() error {
		dctx, cancel := context.WithTimeout(ctx, 0)
		defer cancel()
		_, err := db.ExecContext(dctx, `SELECT 1`)
		return err
	}
	for _, c := range []struct {
		name string
		err  func() error
		want bool
	}{
		{"connection refused", refused, true},
		{"too many clients", tooManyClients, true},
		{"connection terminated by the server", terminated, true},
		{"serialization failure", serialization, true},
		{"context deadline", deadline, true},
		{"wrapped", func() error { return errors.Join(errors.New("begin update"), refused()) }, true},
		{"unique violation", duplicate, false},
		{"syntax error", func() error { _, err := db.Exec(`SELEC 1`); return err }, false},
		{"no rows", func() error { return db.QueryRow(`SELECT id FROM t WHERE false`).Scan(new(int)) }, false},
		{"a user's mistake", func() error { return contest.Errorf(contest.Closed, "the vote is closed") }, false},
		{"nil", func() error { return nil }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.err()
			if c.want && err == nil {
				t.Fatal("no error to classify")
			}
			if got := store.Unavailable(err); got != c.want {
				t.Errorf("Unavailable(%T %v) = %v, want %v", err, err, got, c.want)
			}
		})
	}
}
