package storetest

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lib/pq"

	"prixbot/store/localpg"
)

// memoryServer returns a throw-away cluster with a tablespace in memory, as
// the tests have on a server of this machine, closed at the end of the
// test.
func memoryServer(t *testing.T) *server {
	t.Helper()
	probe, err := localpg.MkdirMemory("prixbot-probe-")
	if err != nil {
		t.Skipf("no file system in memory here: %v", err)
	}
	os.Remove(probe)
	s, err := startCluster(t.Context())
	if err != nil {
		t.Fatalf("startCluster: %v", err)
	}
	t.Cleanup(func() {
		if err := s.close(context.Background()); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if err := s.useMemory(t.Context()); err != nil {
		t.Fatalf("useMemory: %v", err)
	}
	return s
}

// tablespaceOf returns the tablespace of database name and its directory.
func tablespaceOf(t *testing.T, s *server, name string) (tablespace, dir string) {
	t.Helper()
	if err := s.db.QueryRowContext(t.Context(), `SELECT spcname, pg_tablespace_location(t.oid) FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE datname = $1`, name).Scan(&tablespace, &dir); err != nil {
		t.Fatal(err)
	}
	return tablespace, dir
}

// TestDatabasesInMemory checks that on a server of this machine the tests'
// databases, copies of templates included, are in a tablespace in memory,
// work as any other, and that closing the server drops the tablespace and
// removes its directory.
func TestDatabasesInMemory(t *testing.T) {
	t.Parallel()
	s := memoryServer(t)
	dir := s.tablespaceDir
	if !strings.HasPrefix(s.tablespace, tablespacePrefix) || !strings.HasPrefix(filepath.Base(dir), tablespaceDirPrefix) {
		t.Fatalf("tablespace %s in %s, want %s… in %s…", s.tablespace, dir, tablespacePrefix, tablespaceDirPrefix)
	}
	checkDatabases(t, s, func(tb testing.TB) string {
		name, dbURL := newDatabase(tb, s)
		if ts, in := tablespaceOf(t, s, name); ts != s.tablespace || in != dir {
			tb.Errorf("database %s in tablespace %s (%s), want %s (%s)", name, ts, in, s.tablespace, dir)
		}
		return dbURL
	})
	t.Run("Template", func(t *testing.T) {
		var runs atomic.Int32
		tp := testTemplate(t, s, &runs)
		name, _, err := s.copyTemplate(t.Context(), tp)
		if err != nil {
			t.Fatal(err)
		}
		defer s.dropDatabase(context.Background(), name)
		if ts, _ := tablespaceOf(t, s, name); ts != s.tablespace {
			t.Errorf("copy of a template in tablespace %s, want %s", ts, s.tablespace)
		}
	})

	// A tablespace that still holds a database is not dropped.
	name, _, err := s.createDatabase(t.Context(), "template0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.dropTablespace(t.Context()); err == nil {
		t.Error("a tablespace that holds a database was dropped")
	}
	if err := s.dropDatabase(t.Context(), name); err != nil {
		t.Fatal(err)
	}
	// What Main does at the end.
	name = s.tablespace
	if left, err := s.dropTemplates(t.Context()); err != nil || left {
		t.Fatalf("templates: left %v, %v", left, err)
	}
	if err := s.dropTablespace(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := column(t, s.db, "SELECT spcname FROM pg_tablespace WHERE spcname = $1", name); len(got) != 0 {
		t.Errorf("tablespace %s left after the binary's end", name)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("tablespace directory %s left after the binary's end: %v", dir, err)
	}
}

// TestTablespacesPruned checks that building a template drops the
// tablespaces of test binaries gone for an hour, and only those: not one
// used within the hour, nor one whose binary still runs, nor one that holds
// a database.
func TestTablespacesPruned(t *testing.T) {
	t.Parallel()
	s := memoryServer(t)
	var dataDir string
	if err := s.db.QueryRowContext(t.Context(), "SELECT current_setting('data_directory')").Scan(&dataDir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	owner := fi.Sys().(*syscall.Stat_t)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	old, recent := time.Now().Add(-templateIdle-time.Minute), time.Now().Add(-templateIdle+time.Minute)
	make := func(pid int, used time.Time) (name, dir string) {
		name = fmt.Sprintf("%s%d_%s", tablespacePrefix, pid, hex.EncodeToString(randomBytes(3)))
		dir, err := createTablespace(t.Context(), s.db, name, owner)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			s.db.ExecContext(context.Background(), "DROP TABLESPACE IF EXISTS "+pq.QuoteIdentifier(name))
			os.RemoveAll(dir)
		})
		if _, err := s.db.ExecContext(t.Context(), "COMMENT ON TABLESPACE "+pq.QuoteIdentifier(name)+" IS "+pq.QuoteLiteral(usedComment(used))); err != nil {
			t.Fatal(err)
		}
		return name, dir
	}
	stale, staleDir := make(gone.Process.Pid, old)
	used, _ := make(gone.Process.Pid, recent)
	live, _ := make(os.Getpid(), old)
	full, _ := make(gone.Process.Pid, old)
	if _, err := s.db.ExecContext(t.Context(), "CREATE DATABASE prixbot_test_full TABLESPACE "+pq.QuoteIdentifier(full)); err != nil {
		t.Fatal(err)
	}
	defer s.dropDatabase(context.Background(), "prixbot_test_full")

	var runs atomic.Int32
	copied, _, err := s.copyTemplate(t.Context(), testTemplate(t, s, &runs))
	if err != nil {
		t.Fatal(err)
	}
	defer s.dropDatabase(context.Background(), copied)
	left := column(t, s.db, "SELECT spcname FROM pg_tablespace")
	if slices.Contains(left, stale) {
		t.Errorf("tablespace of a binary gone for over an hour not dropped")
	}
	if _, err := os.Stat(staleDir); !os.IsNotExist(err) {
		t.Errorf("directory of a dropped tablespace left: %v", err)
	}
	for what, name := range map[string]string{"used within the hour": used, "of a running binary": live, "holding a database": full} {
		if !slices.Contains(left, name) {
			t.Errorf("tablespace %s dropped", what)
		}
	}
}
