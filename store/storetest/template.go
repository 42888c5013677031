package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"

	"prixbot/store"
)

// templatePrefix starts the name of every template database.
const templatePrefix = "prixbot_tpl_"

// templateIdle is how long a template may go unused before a test binary
// that builds another one drops it.
const templateIdle = time.Hour

// A Template is a database state that tests start from, built once and then
// copied (CREATE DATABASE … TEMPLATE) for each test, which is much quicker
// than building the state again in every test.
//
// The template database is built on first use in a test binary and dropped
// by Main when its tests are done. Its name holds a hash of the test binary,
// so a change to the code or the migrations gives a new template, and
// concurrent runs of one binary (two go test in one tree) build it once
// between them, under an advisory lock. Each run holds a shared advisory
// lock on it until its Main, which drops it only if no other run holds one:
// the last run to end drops it. It is built under another name and renamed
// when Setup has succeeded, so a failed or interrupted build is never used;
// it allows no connections, so that it can always be copied. Templates left
// behind (by a test binary without Main, or killed) are named prixbot_tpl_…;
// a binary that builds a template drops those unused for an hour that no
// run holds, and dropping them by hand between runs is harmless (a run that
// finds its template gone builds it again).
//
// Declare a Template as a package variable and share it between tests.
type Template struct {
	// Name tells the templates of one test binary apart: a few lower-case
	// letters, digits or underscores.
	Name string
	// Base is the template this one starts from; nil for an empty
	// database.
	Base *Template
	// Setup brings the database at url (a copy of Base, or empty) to the
	// state to copy. It must close its connections before it returns.
	Setup func(ctx context.Context, url string) error

	mu    sync.Mutex
	ready map[*server]bool // servers on which the template was seen built
}

// Schema is the template of a database with every migration of package
// store applied: the Base of templates holding data.
var Schema = &Template{Name: "schema", Setup: func(ctx context.Context, url string) error {
	st, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.Migrate(ctx)
	return err
}}

// Migrated returns the URL of a new database with every migration of
// package store applied, dropped when the test ends: a copy of Schema, so it
// costs about what URL does.
func Migrated(t testing.TB) string {
	t.Helper()
	return Schema.URL(t)
}

// URL returns the URL of a new database copied from the template. The first
// call in a test binary builds the template if no run of this binary has; it
// fails the test when the template cannot be built or copied. Each call also
// starts the next copy in the background, for the next test to take.
//
// The copy is dropped (with FORCE) after the test, in the background: a drop
// makes the server write a checkpoint, which takes a second or two on a busy
// machine, and drops under way together share one. Main waits for the drops;
// a copy left behind by a binary without Main, or killed, is dropped as an
// unused template is.
func (tp *Template) URL(t testing.TB) string {
	t.Helper()
	s, err := sharedServer()
	if err != nil {
		t.Fatalf("storetest: no PostgreSQL server for the tests: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	name, dbURL, err := s.takeCopy(ctx, tp)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { s.dropLater(name) })
	return dbURL
}

// A spare is a copy of a template made ahead of the test that will take it.
type spare struct {
	done      chan struct{} // closed once the copy is made or has failed
	name, url string
	err       error
}

// takeCopy returns a copy of tp on s: the spare made ahead if there is one,
// else a new copy. Either way it starts the next spare, so that the next
// test's copy is made while this test runs instead of before the next one
// starts: CREATE DATABASE mostly waits on the disk, and tests mostly on the
// CPU. Main drops the spares no test took.
func (s *server) takeCopy(ctx context.Context, tp *Template) (name, dbURL string, err error) {
	s.mu.Lock()
	sp := s.spares[tp]
	delete(s.spares, tp)
	s.mu.Unlock()
	if sp != nil {
		<-sp.done // bounded by makeSpare's own timeout
	}
	if sp != nil && sp.err == nil {
		name, dbURL = sp.name, sp.url
	} else if name, dbURL, err = s.copyTemplate(ctx, tp); err != nil {
		// No spare, or it failed (its template dropped by another binary
		// meanwhile, say): copyTemplate says why, or copes.
		return "", "", err
	}
	s.makeSpare(tp)
	return name, dbURL, nil
}

// makeSpare starts making the next copy of tp on s in the background,
// unless one is under way or waiting.
func (s *server) makeSpare(tp *Template) {
	sp := &spare{done: make(chan struct{})}
	s.mu.Lock()
	if s.spares[tp] != nil {
		// Another test's copy started one meanwhile: one is enough, and
		// replacing it would leave it to no one.
		s.mu.Unlock()
		return
	}
	if s.spares == nil {
		s.spares = map[*Template]*spare{}
	}
	s.spares[tp] = sp
	s.mu.Unlock()
	s.making.Add(1)
	go func() {
		defer s.making.Done()
		defer close(sp.done)
		ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
		defer cancel()
		sp.name, sp.url, sp.err = s.copyTemplate(ctx, tp)
	}()
}

// dropSpares waits for the spares being made and drops those no test took.
func (s *server) dropSpares() {
	s.making.Wait()
	s.mu.Lock()
	spares := s.spares
	s.spares = nil
	s.mu.Unlock()
	for _, sp := range spares {
		if sp.err == nil {
			s.dropLater(sp.name)
		}
	}
}

// maxDrops bounds the drops under way at once.
const maxDrops = 2

// dropLater drops database name in the background; wait waits for it.
func (s *server) dropLater(name string) {
	s.drops.Add(1)
	go func() {
		defer s.drops.Done()
		s.dropping <- struct{}{}
		defer func() { <-s.dropping }()
		// A drop waits for a checkpoint, which can take long on a busy
		// server.
		ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
		defer cancel()
		if err := s.dropDatabase(ctx, name); err != nil {
			s.mu.Lock()
			s.dropErrs = append(s.dropErrs, err)
			s.mu.Unlock()
		}
	}()
}

// wait waits for the drops begun by dropLater and returns their errors.
func (s *server) wait() error {
	s.drops.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	err := errors.Join(s.dropErrs...)
	s.dropErrs = nil
	return err
}

var validName = regexp.MustCompile(`^[a-z0-9_]{1,20}$`)

// copyTemplate creates a new database from tp on s, building tp first if it
// is not on s yet, and returns the new database's name and URL.
func (s *server) copyTemplate(ctx context.Context, tp *Template) (name, dbURL string, err error) {
	for attempt := 0; ; attempt++ {
		tmpl, err := s.ensureTemplate(ctx, tp)
		if err != nil {
			return "", "", err
		}
		name, dbURL, err = s.createDatabase(ctx, tmpl)
		if err == nil {
			// Marked as a template is, so that a copy left behind goes as
			// an unused template does.
			if _, err := s.db.ExecContext(ctx, "COMMENT ON DATABASE "+pq.QuoteIdentifier(name)+" IS "+pq.QuoteLiteral(usedComment(time.Now()))); err != nil {
				return "", "", errors.Join(fmt.Errorf("comment on %s on %s: %w", name, s.source, err), s.dropDatabase(ctx, name))
			}
			return name, dbURL, nil
		}
		if attempt == 0 && isCode(err, "3D000") {
			// Dropped since (by hand): build it again.
			tp.mu.Lock()
			delete(tp.ready, s)
			tp.mu.Unlock()
			continue
		}
		return name, dbURL, err
	}
}

// dbName is the name of tp's database.
func (tp *Template) dbName() (string, error) {
	if !validName.MatchString(tp.Name) {
		return "", fmt.Errorf("template name %q is not 1 to 20 lower-case letters, digits or underscores", tp.Name)
	}
	return templatePrefix + tp.Name + "_" + binaryKey(), nil
}

// ensureTemplate builds tp on s unless it is there, and returns the name of
// its database.
func (s *server) ensureTemplate(ctx context.Context, tp *Template) (string, error) {
	tmpl, err := tp.dbName()
	if err != nil {
		return "", err
	}
	from := "template0"
	if tp.Base != nil {
		if from, err = s.ensureTemplate(ctx, tp.Base); err != nil {
			return "", err
		}
	}
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.ready[s] {
		return tmpl, nil
	}
	// One connection holds the advisory lock that makes concurrent test
	// binaries build the template once.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("template %s on %s: %w", tmpl, s.source, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey(tmpl)); err != nil {
		return "", fmt.Errorf("template %s on %s: lock: %w", tmpl, s.source, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey(tmpl))
	// Held before the template is looked for, so that no other run's Main
	// drops it between the look and the copies (see dropTemplate).
	if err := s.hold(ctx, tmpl); err != nil {
		return "", fmt.Errorf("template %s on %s: %w", tmpl, s.source, err)
	}

	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", tmpl).Scan(&exists); err != nil {
		return "", fmt.Errorf("template %s on %s: %w", tmpl, s.source, err)
	}
	if !exists {
		if err := s.pruneTemplates(ctx, conn); err != nil {
			return "", err
		}
		if err := s.pruneTablespaces(ctx, conn); err != nil {
			return "", err
		}
		if err := s.buildTemplate(ctx, conn, tp, from, tmpl); err != nil {
			return "", err
		}
	}
	// Mark it used, so that no other binary prunes it for a while.
	if _, err := conn.ExecContext(ctx, "COMMENT ON DATABASE "+pq.QuoteIdentifier(tmpl)+" IS "+pq.QuoteLiteral(usedComment(time.Now()))); err != nil {
		return "", fmt.Errorf("template %s on %s: %w", tmpl, s.source, err)
	}
	if tp.ready == nil {
		tp.ready = map[*server]bool{}
	}
	tp.ready[s] = true
	s.mu.Lock()
	s.templates = append(s.templates, tmpl)
	s.mu.Unlock()
	return tmpl, nil
}

// buildTemplate runs tp.Setup on a new database copied from from and, when it succeeds,
// renames it tmpl and closes it to connections.
func (s *server) buildTemplate(ctx context.Context, conn *sql.Conn, tp *Template, from, tmpl string) error {
	building, dbURL, err := s.createDatabase(ctx, from)
	if err != nil {
		return fmt.Errorf("template %s: %w", tmpl, err)
	}
	quoted := pq.QuoteIdentifier(building)
	if _, err := conn.ExecContext(ctx, "COMMENT ON DATABASE "+quoted+" IS "+pq.QuoteLiteral(usedComment(time.Now()))); err != nil {
		return errors.Join(fmt.Errorf("template %s on %s: %w", tmpl, s.source, err), s.dropDatabase(ctx, building))
	}
	if err := tp.Setup(ctx, dbURL); err != nil {
		return errors.Join(fmt.Errorf("template %s: setup: %w", tmpl, err), s.dropDatabase(ctx, building))
	}
	// Setup's connections may take a moment to end on the server side; the
	// rename needs them gone, so they are closed off and ended.
	steps := []string{
		"ALTER DATABASE " + quoted + " ALLOW_CONNECTIONS false",
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " + pq.QuoteLiteral(building),
	}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return errors.Join(fmt.Errorf("template %s on %s: %w", tmpl, s.source, err), s.dropDatabase(ctx, building))
		}
	}
	for {
		_, err := conn.ExecContext(ctx, "ALTER DATABASE "+quoted+" RENAME TO "+pq.QuoteIdentifier(tmpl))
		if isCode(err, "55006") && ctx.Err() == nil { // object_in_use: a backend still ending
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err != nil {
			return errors.Join(fmt.Errorf("template %s on %s: rename: %w", tmpl, s.source, err), s.dropDatabase(ctx, building))
		}
		return nil
	}
}

// hold takes a shared advisory lock on template name, kept until
// dropTemplates, so that no other run of the binary drops the template
// while this one copies it.
func (s *server) hold(ctx context.Context, name string) error {
	s.holdMu.Lock()
	defer s.holdMu.Unlock()
	if s.holder == nil {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		s.holder = conn
	}
	_, err := s.holder.ExecContext(ctx, "SELECT pg_advisory_lock_shared($1)", useKey(name))
	return err
}

// release gives up the locks hold took.
func (s *server) release(ctx context.Context) error {
	s.holdMu.Lock()
	defer s.holdMu.Unlock()
	if s.holder == nil {
		return nil
	}
	// Closing a *sql.Conn returns its session to the pool, locks and all.
	_, err := s.holder.ExecContext(ctx, "SELECT pg_advisory_unlock_all()")
	err = errors.Join(err, s.holder.Close())
	s.holder = nil
	return err
}

// dropTemplates drops the templates s built or used, but for those that
// another run of the binary still holds (see hold): the last run to end
// drops them. It reports whether it left any.
func (s *server) dropTemplates(ctx context.Context) (left bool, err error) {
	s.mu.Lock()
	names := s.templates
	s.templates = nil
	s.mu.Unlock()
	if err := s.release(ctx); err != nil {
		return false, err
	}
	var errs []error
	for _, name := range names {
		dropped, err := s.dropTemplate(ctx, name)
		left = left || err == nil && !dropped
		errs = append(errs, err)
	}
	return left, errors.Join(errs...)
}

// dropTemplate drops template name unless another run holds it, and then
// the tablespace it was in if another binary, ended since, made it. It
// reports whether the template is gone.
func (s *server) dropTemplate(ctx context.Context, name string) (dropped bool, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("template %s on %s: %w", name, s.source, err)
	}
	defer conn.Close()
	// The build lock keeps a run from taking its hold between the check
	// below and the drop (ensureTemplate holds before it looks).
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey(name)); err != nil {
		return false, fmt.Errorf("template %s on %s: lock: %w", name, s.source, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey(name))
	return s.unheld(ctx, conn, name, func() error {
		var tablespace string
		err := conn.QueryRowContext(ctx, `SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = $1`, name).Scan(&tablespace)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // dropped by hand
		}
		if err != nil {
			return fmt.Errorf("template %s on %s: %w", name, s.source, err)
		}
		if err := s.dropDatabase(ctx, name); err != nil {
			return err
		}
		if tablespace != s.tablespace && strings.HasPrefix(tablespace, tablespacePrefix) {
			return s.dropTablespaceOfGone(ctx, conn, tablespace)
		}
		return nil
	})
}

// unheld runs drop, which drops template name, under the exclusive lock
// that runs using it hold shared (see hold), taken on conn without waiting;
// it reports false, having run nothing, when a run holds the template.
func (s *server) unheld(ctx context.Context, conn *sql.Conn, name string, drop func() error) (bool, error) {
	var free bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", useKey(name)).Scan(&free); err != nil {
		return false, fmt.Errorf("template %s on %s: lock: %w", name, s.source, err)
	}
	if !free {
		return false, nil
	}
	err := drop()
	_, unlockErr := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", useKey(name))
	return err == nil, errors.Join(err, unlockErr)
}

// pruneTemplates drops the templates unused for templateIdle, and the
// builds and copies of templates left behind as long ago.
func (s *server) pruneTemplates(ctx context.Context, conn *sql.Conn) error {
	stale, err := s.unused(ctx, conn, "templates", `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database
		WHERE datname LIKE 'prixbot\_%' AND shobj_description(oid, 'pg_database') LIKE 'storetest template%'`)
	if err != nil {
		return err
	}
	for _, name := range stale {
		// Not one a running binary holds; tried, not waited for, since
		// conn holds another template's build lock.
		if _, err := s.unheld(ctx, conn, name, func() error { return s.dropDatabase(ctx, name) }); err != nil {
			return err
		}
	}
	return nil
}

// unused runs query, which gives the names of some of the objects what
// (templates, tablespaces) on s with the comment usedComment left on them,
// and returns those unused for templateIdle.
func (s *server) unused(ctx context.Context, conn *sql.Conn, what, query string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %w", what, s.source, err)
	}
	var stale []string
	for rows.Next() {
		var name, comment string
		if err := rows.Scan(&name, &comment); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s on %s: %w", what, s.source, err)
		}
		if !usedSince(comment, time.Now().Add(-templateIdle)) {
			stale = append(stale, name)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("%s on %s: %w", what, s.source, err)
	}
	return stale, nil
}

// usedComment is the comment on a template used at t.
func usedComment(t time.Time) string {
	return "storetest template, last used " + t.UTC().Format(time.RFC3339)
}

// usedSince reports whether comment says the template was used after t.
func usedSince(comment string, t time.Time) bool {
	var at string
	if _, err := fmt.Sscanf(comment, "storetest template, last used %s", &at); err != nil {
		return false
	}
	used, err := time.Parse(time.RFC3339, at)
	return err == nil && used.After(t)
}

// lockKey is the key of the advisory lock under which template name is
// built or dropped.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// useKey is the key of the advisory lock that runs using template name
// hold shared (see hold).
func useKey(name string) int64 { return lockKey("use " + name) }

var binary struct {
	once sync.Once
	key  string
}

// binaryKey identifies the running test binary by a hash of its file, or,
// failing that, by its process.
func binaryKey() string {
	binary.once.Do(func() {
		binary.key = func() string {
			exe, err := os.Executable()
			if err != nil {
				return ""
			}
			f, err := os.Open(exe)
			if err != nil {
				return ""
			}
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err != nil {
				return ""
			}
			return hex.EncodeToString(h.Sum(nil)[:8])
		}()
		if binary.key == "" {
			binary.key = fmt.Sprintf("p%d_%s", os.Getpid(), hex.EncodeToString(randomBytes(4)))
		}
	})
	return binary.key
}
