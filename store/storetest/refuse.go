package storetest

import (
	"context"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/lib/pq"
)

// Refusable is a test's database reached through a login role of its own,
// not a superuser, so that the test can have the server refuse the role's
// connections as a server out of connections does ("too many clients",
// SQLSTATE 53300) and end the connections it has, as a restart does,
// without stopping the server that other tests use.
type Refusable struct {
	// URL is the new database, connected to as the role, which owns it.
	URL  string
	role string
	srv  *server
}

// NewRefusable returns a new, empty database owned by a new role; both are
// dropped when the test ends.
func NewRefusable(t testing.TB) *Refusable {
	t.Helper()
	dbURL := URL(t)
	s, _ := sharedServer() // URL found it
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	r := &Refusable{role: name + "_role", srv: s}
	password := hex.EncodeToString(randomBytes(16))
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	for _, q := range []string{
		"CREATE ROLE " + pq.QuoteIdentifier(r.role) + " LOGIN PASSWORD " + pq.QuoteLiteral(password),
		"ALTER DATABASE " + pq.QuoteIdentifier(name) + " OWNER TO " + pq.QuoteIdentifier(r.role),
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("storetest: %v", err)
		}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*opTimeout)
		defer cancel()
		if err := s.dropDatabase(ctx, name); err != nil {
			t.Errorf("storetest: %v", err)
			return // the role owns it still
		}
		if _, err := s.db.ExecContext(ctx, "DROP ROLE IF EXISTS "+pq.QuoteIdentifier(r.role)); err != nil {
			t.Errorf("storetest: drop role %s: %v", r.role, err)
		}
	})
	u.User = url.UserPassword(r.role, password)
	r.URL = u.String()
	return r
}

// RefuseNew makes the server refuse every new connection of the role with
// SQLSTATE 53300, as a server whose max_connections are all taken does; the
// connections the role has keep working.
func (r *Refusable) RefuseNew(t testing.TB) {
	t.Helper()
	r.exec(t, "ALTER ROLE "+pq.QuoteIdentifier(r.role)+" CONNECTION LIMIT 0")
}

// Refuse is RefuseNew, and it ends the connections the role has (SQLSTATE
// 57P01), as a restart does.
func (r *Refusable) Refuse(t testing.TB) {
	t.Helper()
	r.RefuseNew(t)
	r.exec(t, "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE usename = "+pq.QuoteLiteral(r.role))
}

// Admit lets the role connect again.
func (r *Refusable) Admit(t testing.TB) {
	t.Helper()
	r.exec(t, "ALTER ROLE "+pq.QuoteIdentifier(r.role)+" CONNECTION LIMIT -1")
}

func (r *Refusable) exec(t testing.TB, q string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if _, err := r.srv.db.ExecContext(ctx, q); err != nil {
		t.Fatalf("storetest: %v", err)
	}
}
