package localpg

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	_ "github.com/lib/pq"
)

// tempDir returns a new directory for a cluster (MkdirTemp), removed at the
// end of the test. Unlike t.TempDir, whose parent is private to root, the
// server's user can enter it when the test runs as root.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := MkdirTemp("localpg-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// start starts an ephemeral cluster in dir and stops it at the end of the
// test.
func start(t *testing.T, dir string) *Cluster {
	t.Helper()
	c, err := Options{Ephemeral: true}.Start(t.Context(), dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return c
}

func open(t *testing.T, c *Cluster, dbname string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", c.URL(dbname))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStartStopRestartKeepsData(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	dir := tempDir(t)
	c := start(t, dir)

	u, err := url.Parse(c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if host := u.Query().Get("host"); host != filepath.Join(dir, "run") {
		t.Errorf("socket directory = %q, want %q", host, filepath.Join(dir, "run"))
	}
	db := open(t, c, "postgres")
	var listen, fsync string
	if err := db.QueryRowContext(ctx, "SELECT current_setting('listen_addresses'), current_setting('fsync')").Scan(&listen, &fsync); err != nil {
		t.Fatal(err)
	}
	if listen != "" || fsync != "off" {
		t.Errorf("listen_addresses = %q, fsync = %q, want no TCP address and fsync off", listen, fsync)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('é')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pgdata", "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("postmaster.pid after Stop: %v, want it gone", err)
	}

	c = start(t, dir)
	var v string
	if err := open(t, c, "postgres").QueryRowContext(ctx, "SELECT upper(v) FROM kept").Scan(&v); err != nil {
		t.Fatalf("data after restart: %v", err)
	}
	if v != "É" {
		t.Errorf("upper('é') = %q, want É", v)
	}
}

func TestStartTwiceIsRefused(t *testing.T) {
	t.Parallel()
	dir := tempDir(t)
	start(t, dir)
	c, err := Options{Ephemeral: true}.Start(t.Context(), dir, slog.New(slog.DiscardHandler))
	if !errors.Is(err, ErrAlreadyRunning) {
		if c != nil {
			c.Stop(context.Background())
		}
		t.Fatalf("second Start: %v, want ErrAlreadyRunning", err)
	}
	t.Log(err)
}

func TestStartRemovesStaleLockFiles(t *testing.T) {
	t.Parallel()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	dir := tempDir(t)
	c := start(t, dir)
	if err := c.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pid  string
	}{
		{"dead process", strconv.Itoa(dead.Process.Pid)},
		{"live process that is not postgres", strconv.Itoa(os.Getpid())},
		{"garbage", "not a pid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// What a server killed at once leaves behind.
			pidFile := tc.pid + "\n" + filepath.Join(dir, "pgdata") + "\n1700000000\n5432\n" + filepath.Join(dir, "run") + "\n\n  5432001         0\nready   \n"
			if err := os.WriteFile(filepath.Join(dir, "pgdata", "postmaster.pid"), []byte(pidFile), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "run", socketFile+".lock"), []byte(tc.pid+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			c := start(t, dir)
			if err := open(t, c, "postgres").PingContext(t.Context()); err != nil {
				t.Fatalf("ping: %v", err)
			}
			if err := c.Stop(t.Context()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLongDirUsesShortSocketDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(tempDir(t), strings.Repeat("a-rather-long-directory-name-", 4))
	c := start(t, dir)
	u, err := url.Parse(c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	host := u.Query().Get("host")
	if !strings.HasPrefix(host, os.TempDir()) || len(filepath.Join(host, socketFile)) > maxSocketPath {
		t.Errorf("socket directory = %q, want a short one under %s", host, os.TempDir())
	}
	if err := open(t, c, "postgres").PingContext(t.Context()); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if err := c.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(host); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket directory after Stop: %v, want it removed", err)
	}
}

func TestCreateDatabase(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c := start(t, tempDir(t))
	for range 2 {
		if err := c.CreateDatabase(ctx, "prix-bot"); err != nil {
			t.Fatalf("CreateDatabase: %v", err)
		}
	}
	var name, collate string
	if err := open(t, c, "prix-bot").QueryRowContext(ctx, "SELECT current_database(), datcollate FROM pg_database WHERE datname = current_database()").Scan(&name, &collate); err != nil {
		t.Fatal(err)
	}
	if name != "prix-bot" {
		t.Errorf("current_database() = %q", name)
	}
	t.Logf("collation %s", collate)
}

func TestStartWithoutBinaries(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	saved := binGlobs
	binGlobs = []string{filepath.Join(t.TempDir(), "*", "bin")}
	t.Cleanup(func() { binGlobs = saved })

	_, err := Start(t.Context(), t.TempDir(), slog.New(slog.DiscardHandler))
	if !errors.Is(err, ErrNoPostgres) {
		t.Fatalf("Start without binaries: %v, want ErrNoPostgres", err)
	}
}

func TestNewestBinDir(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"9.6", "10", "15", "16"} {
		dir := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if v == "16" {
			continue // an incomplete installation
		}
		for _, name := range []string{"initdb", "postgres"} {
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, want := newestBinDir(filepath.Join(root, "*", "bin")), filepath.Join(root, "15", "bin"); got != want {
		t.Errorf("newestBinDir = %q, want %q", got, want)
	}
}

func TestCanSearch(t *testing.T) {
	pg := account{name: "postgres", uid: 101, gid: 104, gids: []uint32{104, 110}}
	for _, tc := range []struct {
		name     string
		uid, gid uint32
		mode     os.FileMode
		want     bool
	}{
		{"root's private dir", 0, 0, 0o700, false},
		{"root's open dir", 0, 0, 0o755, true},
		{"sticky tmp", 0, 0, os.ModeSticky | 0o777, true},
		{"own dir", 101, 104, 0o700, true},
		{"own dir without x", 101, 104, 0o600, false},
		{"group dir", 0, 110, 0o750, true},
		{"other group", 0, 111, 0o750, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := pg.canSearch(tc.uid, tc.gid, tc.mode|os.ModeDir); got != tc.want {
				t.Errorf("canSearch = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPrivateParentIsReported(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root runs the server as another user")
	}
	dir := filepath.Join(t.TempDir(), "cluster") // t.TempDir's parent is 0700 root
	_, err := Options{Ephemeral: true}.Start(t.Context(), dir, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "cannot enter") {
		t.Fatalf("Start in a private directory: %v, want an error saying the server's user cannot enter it", err)
	}
	t.Log(err)
}

func TestStopReportsDeadServer(t *testing.T) {
	t.Parallel()
	c, err := Options{Ephemeral: true}.Start(t.Context(), tempDir(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if err := c.signal(syscall.SIGQUIT); err != nil { // immediate shutdown, as if it crashed
		t.Fatal(err)
	}
	<-c.exited
	if err := c.Stop(t.Context()); err == nil {
		t.Fatal("Stop after the server died: nil error")
	} else {
		t.Log(err)
	}
}

func TestFailedStartQuotesServerLog(t *testing.T) {
	t.Parallel()
	dir := tempDir(t)
	c := start(t, dir)
	if err := c.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pgdata", "postgresql.auto.conf"), []byte("shared_buffers = 'plenty'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Options{Ephemeral: true}.Start(t.Context(), dir, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "shared_buffers") {
		t.Fatalf("Start with a bad setting: %v, want an error quoting the server's complaint", err)
	}
	t.Log(err)
}

// TestEphemeralClustersAfterTheFirstAreCopies: a process's second ephemeral
// cluster starts from a copy of the first one's initdb, owned by the
// server's user, and the two are independent.
func TestEphemeralClustersAfterTheFirstAreCopies(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	first := start(t, tempDir(t))
	var logs strings.Builder
	dir := tempDir(t)
	second, err := Options{Ephemeral: true}.Start(ctx, dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { second.Stop(context.Background()) })
	if !strings.Contains(logs.String(), "an earlier initdb of this process") {
		t.Errorf("the second cluster was not copied:\n%s", logs.String())
	}
	skeleton.mu.Lock()
	var versions []int
	for i, f := range skeleton.files {
		if f.rel == "PG_VERSION" {
			versions = append(versions, i)
		}
	}
	if n := len(skeleton.files); len(versions) != 1 || versions[0] != n-1 {
		t.Errorf("PG_VERSION at %v of the skeleton's %d entries, want once and last", versions, n)
	}
	skeleton.mu.Unlock()
	acct, err := runAccount(filepath.Join(dir, "pgdata"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "pgdata", "PG_VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != acct.uid || fi.Mode().Perm() != 0o600 {
		t.Errorf("PG_VERSION of the copy: owner %d, mode %v; want %d, -rw-------", st.Uid, fi.Mode().Perm(), acct.uid)
	}
	if _, err := open(t, first, "postgres").ExecContext(ctx, "CREATE TABLE only_in_first (v int)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := open(t, second, "postgres").QueryRowContext(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'").Scan(&n); err != nil || n != 0 {
		t.Errorf("the copy sees the first cluster's table: %d, %v", n, err)
	}
	var lower string
	if err := open(t, second, "postgres").QueryRowContext(ctx, "SELECT lower('É')").Scan(&lower); err != nil || lower != "é" {
		t.Errorf("lower('É') on the copy = %q, %v; want é", lower, err)
	}
}

// TestMkdirTemp checks that a throw-away cluster's directory is in memory
// when the machine has a file system there, elsewhere when not, and that
// the server's user can enter it.
func TestMkdirTemp(t *testing.T) {
	check := func(t *testing.T, wantParent string) {
		t.Helper()
		dir, err := MkdirTemp("localpg-mkdir-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(dir)
		if filepath.Dir(dir) != filepath.Clean(wantParent) || !strings.HasPrefix(filepath.Base(dir), "localpg-mkdir-") {
			t.Errorf("MkdirTemp made %s, want localpg-mkdir-… in %s", dir, wantParent)
		}
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if want := os.FileMode(0o700); os.Geteuid() == 0 {
			if fi.Mode().Perm() != 0o755 {
				t.Errorf("mode %v as root, want 0755 for the server's user", fi.Mode().Perm())
			}
		} else if fi.Mode().Perm() != want {
			t.Errorf("mode %v, want %v", fi.Mode().Perm(), want)
		}
	}
	t.Run("memory", func(t *testing.T) {
		if fi, err := os.Stat(memDir); err != nil || !fi.IsDir() {
			t.Skipf("no %s on this machine", memDir)
		}
		check(t, memDir)
	})
	t.Run("no memory", func(t *testing.T) {
		defer func(d string) { memDir = d }(memDir)
		memDir = filepath.Join(t.TempDir(), "missing")
		check(t, os.TempDir())
	})
}
