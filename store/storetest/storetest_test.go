package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func open(t *testing.T, dbURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// exists reports whether s has a database called name.
func exists(t *testing.T, s *server, name string) bool {
	t.Helper()
	var ok bool
	if err := s.db.QueryRowContext(t.Context(), "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

// checkDatabases checks that newURL gives distinct, empty, usable databases
// that are gone after the test that asked for them.
func checkDatabases(t *testing.T, s *server, newURL func(testing.TB) string) {
	names := make([]string, 4)
	t.Run("databases", func(t *testing.T) {
		for i := range names {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				db := open(t, newURL(t))
				var tables int
				if err := db.QueryRowContext(t.Context(), "SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')").Scan(&names[i], &tables); err != nil {
					t.Fatal(err)
				}
				if tables != 0 {
					t.Errorf("new database has %d tables", tables)
				}
				if _, err := db.ExecContext(t.Context(), "CREATE TABLE t (v int)"); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
	seen := map[string]bool{}
	for _, name := range names {
		if !strings.HasPrefix(name, "prixbot_test_") || seen[name] {
			t.Errorf("database names %q are not distinct prixbot_test_ names", names)
		}
		seen[name] = true
		if exists(t, s, name) {
			t.Errorf("database %s still exists after its test", name)
		}
	}
}

func TestURL(t *testing.T) {
	s, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("server: %s", s.source)
	checkDatabases(t, s, URL)
}

// TestThrowAwayCluster proves the last resort works without a server on
// 127.0.0.1:5432, and that EnvURL is obeyed.
func TestThrowAwayCluster(t *testing.T) {
	began := time.Now()
	s, err := startCluster(t.Context())
	if err != nil {
		t.Fatalf("startCluster: %v", err)
	}
	t.Logf("cluster started in %s", time.Since(began).Round(time.Millisecond))
	defer func() {
		if err := s.close(context.Background()); err != nil {
			t.Errorf("close: %v", err)
		}
	}()
	checkDatabases(t, s, func(tb testing.TB) string {
		name, dbURL, err := s.createDatabase(tb.Context())
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() {
			if err := s.dropDatabase(context.Background(), name); err != nil {
				tb.Error(err)
			}
		})
		return dbURL
	})

	t.Run("EnvURL", func(t *testing.T) {
		t.Setenv(EnvURL, s.cluster.URL("postgres"))
		env, err := findServer(t.Context())
		if err != nil {
			t.Fatalf("findServer: %v", err)
		}
		defer env.close(context.Background())
		if env.source != EnvURL {
			t.Errorf("source = %q, want %s", env.source, EnvURL)
		}
		name, _, err := env.createDatabase(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !exists(t, s, name) {
			t.Errorf("database %s not created on the server of %s", name, EnvURL)
		}
		if err := env.dropDatabase(t.Context(), name); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUnusableEnvURLIsAnError(t *testing.T) {
	t.Setenv(EnvURL, "postgres://postgres@/postgres?host=/nonexistent&sslmode=disable")
	if s, err := findServer(t.Context()); err == nil || !strings.Contains(err.Error(), EnvURL) {
		if s != nil {
			s.close(context.Background())
		}
		t.Fatalf("findServer with a bad %s: %v, want an error naming it", EnvURL, err)
	}
}

// BenchmarkCreateDatabase measures the creation and drop of one database on
// the server URL uses.
func BenchmarkCreateDatabase(b *testing.B) {
	s, err := sharedServer()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("server: %s", s.source)
	for b.Loop() {
		name, _, err := s.createDatabase(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if err := s.dropDatabase(b.Context(), name); err != nil {
			b.Fatal(err)
		}
	}
}
