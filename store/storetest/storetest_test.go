package storetest

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"

	"prixbot/store"
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
	t.Logf("server: %s, tablespace in memory: %q", s.source, s.tablespace)
	checkDatabases(t, s, URL)
}

// newDatabase creates an empty database on s, dropped at the end of tb, and
// returns its name and URL.
func newDatabase(tb testing.TB, s *server) (name, dbURL string) {
	tb.Helper()
	name, dbURL, err := s.createDatabase(tb.Context(), "template0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.dropDatabase(context.Background(), name); err != nil {
			tb.Error(err)
		}
	})
	return name, dbURL
}

// TestThrowAwayCluster proves the last resort works without a server on
// 127.0.0.1:5432, and that EnvURL is obeyed.
func TestThrowAwayCluster(t *testing.T) {
	t.Parallel()
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
		_, dbURL := newDatabase(tb, s)
		return dbURL
	})

	t.Run("Template", func(t *testing.T) {
		var runs atomic.Int32
		tp := testTemplate(t, s, &runs)
		checkTemplate(t, s, tp, &runs)
		// What Main does at the end.
		if left, err := s.dropTemplates(t.Context()); err != nil || left {
			t.Fatalf("templates: left %v, %v", left, err)
		}
		if name, _ := tp.dbName(); exists(t, s, name) {
			t.Errorf("template %s still exists after the binary's end", name)
		}
	})

	t.Run("EnvURL", func(t *testing.T) {
		env, err := findServer(t.Context(), s.cluster.URL("postgres"))
		if err != nil {
			t.Fatalf("findServer: %v", err)
		}
		defer env.close(context.Background())
		if env.source != EnvURL {
			t.Errorf("source = %q, want %s", env.source, EnvURL)
		}
		name, _, err := env.createDatabase(t.Context(), "template0")
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
	t.Parallel()
	if s, err := findServer(t.Context(), "postgres://postgres@/postgres?host=/nonexistent&sslmode=disable"); err == nil || !strings.Contains(err.Error(), EnvURL) {
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
		name, _, err := s.createDatabase(b.Context(), "template0")
		if err != nil {
			b.Fatal(err)
		}
		if err := s.dropDatabase(b.Context(), name); err != nil {
			b.Fatal(err)
		}
	}
}

// testTemplate returns a Template of its own (dropped when the test ends)
// whose Setup is testSetup.
func testTemplate(t *testing.T, s *server, runs *atomic.Int32) *Template {
	t.Helper()
	tp := &Template{Name: "test_" + hex.EncodeToString(randomBytes(4)), Setup: testSetup(runs)}
	t.Cleanup(func() { dropTemplate(t, s, tp) })
	return tp
}

// testSetup is a Template's Setup that creates table t holding one row and
// counts its runs.
func testSetup(runs *atomic.Int32) func(ctx context.Context, url string) error {
	return func(ctx context.Context, url string) error {
		runs.Add(1)
		db, err := sql.Open("postgres", url)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, "CREATE TABLE t (v text); INSERT INTO t VALUES ('from the template')")
		return err
	}
}

// dropTemplate drops tp's database on s, as another binary pruning it would.
func dropTemplate(t *testing.T, s *server, tp *Template) {
	t.Helper()
	name, err := tp.dbName()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.dropDatabase(context.Background(), name); err != nil {
		t.Error(err)
	}
}

// checkTemplate checks that tp gives distinct, independent copies of its
// state on s, gone once the drops after their tests are done, and that tp is
// built once.
func checkTemplate(t *testing.T, s *server, tp *Template, runs *atomic.Int32) {
	newURL := func(tb testing.TB) string {
		name, dbURL, err := s.copyTemplate(tb.Context(), tp)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.dropLater(name) }) // as Template.URL does
		return dbURL
	}
	names := make([]string, 4)
	t.Run("copies", func(t *testing.T) {
		for i := range names {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				db := open(t, newURL(t))
				if _, err := db.ExecContext(t.Context(), "INSERT INTO t VALUES (current_database())"); err != nil {
					t.Fatal(err)
				}
				rows := column(t, db, "SELECT v FROM t ORDER BY v")
				if len(rows) != 2 || rows[0] != "from the template" || !strings.HasPrefix(rows[1], "prixbot_test_") {
					t.Errorf("copy holds %q, want the template's row and its own only", rows)
				}
				names[i] = rows[1]
			})
		}
	})
	if n := runs.Load(); n != 1 {
		t.Errorf("Setup ran %d times for 4 copies, want once", n)
	}
	if err := s.wait(); err != nil { // as Main does
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			t.Errorf("copies share a database: %q", names)
		}
		seen[name] = true
		if exists(t, s, name) {
			t.Errorf("database %s still exists after its test", name)
		}
	}

	// Another run of the same binary finds it built.
	again := &Template{Name: tp.Name, Setup: tp.Setup}
	newURL = func(tb testing.TB) string {
		name, dbURL, err := s.copyTemplate(tb.Context(), again)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.dropDatabase(context.Background(), name) })
		return dbURL
	}
	newURL(t)
	if n := runs.Load(); n != 1 {
		t.Errorf("Setup ran %d times after another binary's copy, want once", n)
	}

	// Dropped meanwhile (by a binary pruning it): built again.
	dropTemplate(t, s, tp)
	newURL(t)
	if n := runs.Load(); n != 2 {
		t.Errorf("Setup ran %d times after the template was dropped, want twice", n)
	}
}

// sharedTemplate returns the shared server, a testTemplate on it, and the
// count of its Setup's runs.
func sharedTemplate(t *testing.T) (*server, *Template, *atomic.Int32) {
	t.Helper()
	s, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	runs := new(atomic.Int32)
	return s, testTemplate(t, s, runs), runs
}

func TestTemplate(t *testing.T) {
	s, tp, runs := sharedTemplate(t)
	checkTemplate(t, s, tp, runs)
}

// TestTemplateKeptForAnotherRun: two runs of one binary on one server (two
// go test in one tree) share a template. The run that built it ends first,
// without error, and leaves it: the other still copies it. The last run to
// end drops it and, once the first has ended, the first one's tablespace in
// memory, which held the template.
func TestTemplateKeptForAnotherRun(t *testing.T) {
	t.Parallel()
	shared, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	run := func() *server {
		s, err := connect(t.Context(), "a run", shared.admin.String())
		if err != nil {
			t.Fatal(err)
		}
		return s.inMemory(t.Context())
	}
	var runs atomic.Int32
	setup := testSetup(&runs)
	name := "kept_" + hex.EncodeToString(randomBytes(4))
	first, second := run(), run()
	tmpl, _ := (&Template{Name: name}).dbName()
	t.Cleanup(func() { shared.dropDatabase(context.Background(), tmpl) }) // should the test fail
	copyOf := func(s *server) {
		t.Helper()
		db, _, err := s.copyTemplate(t.Context(), &Template{Name: name, Setup: setup})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.dropDatabase(t.Context(), db); err != nil {
			t.Fatal(err)
		}
	}
	copyOf(first)
	copyOf(second)
	if err := first.close(t.Context()); err != nil {
		t.Fatalf("the first run's end: %v", err)
	}
	if !exists(t, shared, tmpl) {
		t.Fatal("the first run to end dropped the template that another run uses")
	}
	copyOf(second)
	if n := runs.Load(); n != 1 {
		t.Errorf("Setup ran %d times, want once", n)
	}

	// The first run's binary has ended: its tablespace, named after its
	// process, is renamed after one that has ended too.
	var gone string
	if first.tablespace != "" {
		ended := exec.Command("true")
		if err := ended.Run(); err != nil {
			t.Fatal(err)
		}
		gone = fmt.Sprintf("%s%d_%s", tablespacePrefix, ended.Process.Pid, hex.EncodeToString(randomBytes(3)))
		if _, err := shared.db.ExecContext(t.Context(), "ALTER TABLESPACE "+pq.QuoteIdentifier(first.tablespace)+" RENAME TO "+pq.QuoteIdentifier(gone)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			shared.db.ExecContext(context.Background(), "DROP TABLESPACE IF EXISTS "+pq.QuoteIdentifier(gone))
			os.RemoveAll(first.tablespaceDir)
		})
	}
	if err := second.close(t.Context()); err != nil {
		t.Fatalf("the last run's end: %v", err)
	}
	if exists(t, shared, tmpl) {
		t.Error("the last run to end left the template")
	}
	if gone != "" {
		if got := column(t, shared.db, "SELECT spcname FROM pg_tablespace WHERE spcname = $1", gone); len(got) != 0 {
			t.Error("the first run's tablespace was left after its template")
		}
		if _, err := os.Stat(first.tablespaceDir); !os.IsNotExist(err) {
			t.Errorf("the first run's tablespace directory was left: %v", err)
		}
	}
}

// TestMigrated checks that Migrated gives a database with every migration
// applied, and a template with a Base starts from it.
func TestMigrated(t *testing.T) {
	ctx := t.Context()
	st, err := store.Open(ctx, Migrated(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.MigrationsCurrent(ctx); err != nil || !ok {
		t.Fatalf("migrations current: %v, %v", ok, err)
	}

	s, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	tp := testTemplate(t, s, &runs)
	tp.Base = Schema
	db := open(t, tp.URL(t))
	var contests, rows int
	if err := db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM contests), (SELECT count(*) FROM t)").Scan(&contests, &rows); err != nil || rows != 1 {
		t.Fatalf("a copy of a template on Schema: %d rows, %v; want the schema and the template's row", rows, err)
	}
}

// TestTemplateSetupFails checks that a failed build leaves nothing behind
// and fails every copy.
func TestTemplateSetupFails(t *testing.T) {
	s, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	before := databases(t, s)
	tp := &Template{Name: "test_fails", Setup: func(ctx context.Context, url string) error {
		return errors.New("no such thing")
	}}
	for range 2 {
		if _, _, err := s.copyTemplate(t.Context(), tp); err == nil || !strings.Contains(err.Error(), "no such thing") {
			t.Fatalf("copy of a template whose Setup fails: %v", err)
		}
	}
	if after := databases(t, s); len(after) > len(before) {
		t.Errorf("databases before a failed build: %q; after: %q", before, after)
	}
	if _, _, err := s.copyTemplate(t.Context(), &Template{Name: "Not-a-name"}); err == nil {
		t.Error("a template with an invalid name was copied")
	}
}

// databases lists this process's databases on s.
func databases(t *testing.T, s *server) []string {
	t.Helper()
	return column(t, s.db, "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE 'prixbot\\_tpl\\_test\\_fails\\_%'", fmt.Sprintf("prixbot\\_test\\_%d\\_%%", os.Getpid()))
}

// column returns the one text column of query's rows.
func column(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	r, err := db.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var vs []string
	for r.Next() {
		var v string
		if err := r.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestTemplatesPruned checks that building a template drops the templates
// unused for an hour, and only those.
func TestTemplatesPruned(t *testing.T) {
	s, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	stale, recent := templatePrefix+"test_stale_"+hex.EncodeToString(randomBytes(4)), templatePrefix+"test_recent_"+hex.EncodeToString(randomBytes(4))
	for name, used := range map[string]time.Time{stale: time.Now().Add(-templateIdle - time.Minute), recent: time.Now().Add(-templateIdle + time.Minute)} {
		q := pq.QuoteIdentifier(name)
		if _, err := s.db.ExecContext(t.Context(), "CREATE DATABASE "+q+" TEMPLATE template0"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.dropDatabase(context.Background(), name) })
		if _, err := s.db.ExecContext(t.Context(), "COMMENT ON DATABASE "+q+" IS "+pq.QuoteLiteral(usedComment(used))); err != nil {
			t.Fatal(err)
		}
	}
	var runs atomic.Int32
	testTemplate(t, s, &runs).URL(t)
	if exists(t, s, stale) {
		t.Errorf("template unused for over an hour not dropped")
	}
	if !exists(t, s, recent) {
		t.Errorf("template used within the hour dropped")
	}
}

// TestSpareCopies checks that a copy made ahead holds the template's state,
// is a database of its own, and is dropped by Main when no test takes it.
func TestSpareCopies(t *testing.T) {
	s, tp, runs := sharedTemplate(t)
	var names []string
	for range 3 {
		name, dbURL, err := s.takeCopy(t.Context(), tp)
		if err != nil {
			t.Fatal(err)
		}
		rows := column(t, open(t, dbURL), "SELECT v FROM t")
		if len(rows) != 1 || rows[0] != "from the template" {
			t.Errorf("copy %s holds %q, want the template's row", name, rows)
		}
		names = append(names, name)
		s.dropLater(name)
	}
	if names[0] == names[1] || names[1] == names[2] || names[0] == names[2] {
		t.Errorf("copies share a database: %q", names)
	}
	s.mu.Lock()
	sp := s.spares[tp]
	s.mu.Unlock()
	if sp == nil {
		t.Fatal("no spare made ahead after a copy was taken")
	}
	s.dropSpares() // as Main does
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	if exists(t, s, sp.name) {
		t.Errorf("the spare %s no test took is still there", sp.name)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("Setup ran %d times, want once", n)
	}
}

// TestSpareCopiesTakenAtOnce: tests taking copies of one template at once
// leave no copy behind, spares included, once Main has dropped them.
func TestSpareCopiesTakenAtOnce(t *testing.T) {
	s, tp, _ := sharedTemplate(t)
	if _, err := s.ensureTemplate(t.Context(), tp); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			name, _, err := s.takeCopy(context.Background(), tp)
			if err != nil {
				t.Error(err)
				return
			}
			s.dropLater(name)
		})
	}
	wg.Wait()
	s.dropSpares() // as Main does
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	var left []string
	prefix := fmt.Sprintf("prixbot\\_test\\_%d\\_%%", os.Getpid())
	if err := s.db.QueryRowContext(t.Context(), `SELECT coalesce(array_agg(datname::text), '{}') FROM pg_database WHERE datname LIKE $1`, prefix).Scan(pq.Array(&left)); err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("copies left behind: %q", left)
	}
}

// TestMainDoublesTheParallelTests: this package's TestMain is Main, which
// runs twice GOMAXPROCS parallel tests at once unless -parallel is given.
func TestMainDoublesTheParallelTests(t *testing.T) {
	for _, arg := range os.Args[1:] {
		if strings.HasPrefix(strings.TrimLeft(arg, "-"), "test.parallel") {
			t.Skip("-parallel given on the command line")
		}
	}
	if got, want := flag.Lookup("test.parallel").Value.String(), strconv.Itoa(2*runtime.GOMAXPROCS(0)); got != want {
		t.Errorf("-test.parallel = %s, want %s", got, want)
	}
}
