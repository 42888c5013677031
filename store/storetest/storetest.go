package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"

	"prixbot/store/localpg"
)

const (
	// EnvURL names the variable that points the tests at a server of one's
	// choice.
	EnvURL = "PRIXBOT_TEST_DATABASE_URL"
	// localURL is the server tried when EnvURL is unset.
	localURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	// localTimeout bounds the check of localURL, which is usually absent
	// rather than slow.
	localTimeout = time.Second
	// opTimeout bounds the other steps: connecting to a chosen server,
	// creating or dropping a database, stopping the cluster. Creating and
	// dropping wait for checkpoints, which take long on a busy server.
	opTimeout = 2 * time.Minute
	// clusterTimeout bounds the start of the throw-away cluster, initdb
	// included.
	clusterTimeout = 2 * time.Minute
)

// shared is the server of this test binary, found on first use.
var shared struct {
	once sync.Once
	srv  *server
	err  error
}

// seq numbers the databases of this test binary.
var seq atomic.Uint64

// server is a PostgreSQL server on which tests get their databases.
type server struct {
	source   string   // where the server comes from, for messages
	admin    *url.URL // the database connected to for CREATE DATABASE
	db       *sql.DB
	strategy bool             // CREATE DATABASE takes STRATEGY (PostgreSQL 15 and later)
	cluster  *localpg.Cluster // the throw-away cluster, or nil
	dir      string           // the throw-away cluster's directory

	tablespace    string // the tablespace in memory of useMemory, or ""
	tablespaceDir string // its directory

	drops    sync.WaitGroup // dropLater's drops under way
	dropping chan struct{}  // a semaphore bounding them
	making   sync.WaitGroup // makeSpare's copies under way

	holdMu sync.Mutex
	holder *sql.Conn // the session that holds the templates used (hold)

	mu        sync.Mutex
	templates []string             // template databases used, dropped by close
	spares    map[*Template]*spare // the next copy of each template, made ahead
	dropErrs  []error              // dropLater's failures
}

// URL returns the URL of a new, empty database for the test, dropped (with
// FORCE, whatever connections are left) when the test ends. The first call
// finds the server, as the package documentation says. URL fails the test
// when there is no server or the database cannot be created.
func URL(t testing.TB) string {
	t.Helper()
	s, err := sharedServer()
	if err != nil {
		t.Fatalf("storetest: no PostgreSQL server for the tests: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	name, dbURL, err := s.createDatabase(ctx, "template0")
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		if err := s.dropDatabase(ctx, name); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	return dbURL
}

// Main runs the tests of a package, waits for the copies of templates to be
// dropped, drops the template databases they used (see Template), and stops
// the throw-away cluster, if the tests started one, and removes its
// directory. Call it from TestMain. It exits with status 1 if the tests
// passed but the clean-up failed.
//
// Unless -parallel is given, it runs twice as many parallel tests at once as
// go test would (GOMAXPROCS): a test with a database spends much of its time
// waiting on round trips to the server, which another test's work fills.
func Main(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
	code := m.Run()
	if shared.srv == nil {
		return
	}
	shared.srv.dropSpares()
	err := shared.srv.wait()
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	if err := errors.Join(err, shared.srv.close(ctx)); err != nil {
		fmt.Fprintf(os.Stderr, "storetest: %v\n", err)
		if code == 0 {
			os.Exit(1)
		}
	}
}

func sharedServer() (*server, error) {
	shared.once.Do(func() {
		shared.srv, shared.err = findServer(context.Background(), os.Getenv(EnvURL))
	})
	return shared.srv, shared.err
}

// findServer returns the server named by envURL (EnvURL's value) if it is
// set, else the one on 127.0.0.1:5432 if it answers, else a new throw-away
// cluster. On the first two, the tests' databases go in memory when they can
// (useMemory); the throw-away cluster is in memory already when the machine
// allows.
func findServer(ctx context.Context, envURL string) (*server, error) {
	if envURL != "" {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		s, err := connect(ctx, EnvURL, envURL)
		if err != nil {
			return nil, fmt.Errorf("%s is set but unusable: %w", EnvURL, err)
		}
		return s.inMemory(ctx), nil
	}
	local, cancel := context.WithTimeout(ctx, localTimeout)
	defer cancel()
	s, localErr := connect(local, "127.0.0.1:5432", localURL)
	if localErr == nil {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		return s.inMemory(ctx), nil
	}
	s, err := startCluster(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s is unset, 127.0.0.1:5432 is unusable (%v) and no throw-away cluster could be started: %w", EnvURL, localErr, err)
	}
	return s, nil
}

// inMemory returns s with a tablespace in memory if useMemory can make one;
// s is as good without one, only slower.
func (s *server) inMemory(ctx context.Context) *server {
	_ = s.useMemory(ctx) // why not is of no use to the tests
	return s
}

// connect opens raw, a postgres:// URL, and checks that the server answers
// before ctx ends.
func connect(ctx context.Context, source, raw string) (*server, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("not a postgres:// URL")
	}
	db, err := sql.Open("postgres", raw)
	if err != nil {
		return nil, err
	}
	// The server's version is the first answer, and says which CREATE
	// DATABASE it takes.
	var version int
	if err := db.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		db.Close()
		return nil, err
	}
	return &server{source: source, admin: u, db: db, dropping: make(chan struct{}, maxDrops), strategy: version >= 150000}, nil
}

// startCluster starts an ephemeral cluster in a new temporary directory.
func startCluster(ctx context.Context) (*server, error) {
	ctx, cancel := context.WithTimeout(ctx, clusterTimeout)
	defer cancel()
	dir, err := localpg.MkdirTemp("prixbot-test-pg-")
	if err != nil {
		return nil, err
	}
	c, err := localpg.Options{Ephemeral: true}.Start(ctx, dir, slog.New(slog.DiscardHandler))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s, err := connect(ctx, "throw-away cluster in "+dir, c.URL("postgres"))
	if err != nil {
		err = errors.Join(err, c.Stop(ctx), os.RemoveAll(dir))
		return nil, err
	}
	s.cluster, s.dir = c, dir
	return s, nil
}

// createDatabase creates a new, uniquely named database as a copy of
// database template and returns its name and URL.
func (s *server) createDatabase(ctx context.Context, template string) (name, dbURL string, err error) {
	name = fmt.Sprintf("prixbot_test_%d_%d_%s", os.Getpid(), seq.Add(1), hex.EncodeToString(randomBytes(3)))
	q := "CREATE DATABASE " + pq.QuoteIdentifier(name) + " TEMPLATE " + pq.QuoteIdentifier(template)
	if s.tablespace != "" {
		// Every database in this binary's own, even a copy of another
		// binary's template, so that Main can drop it.
		q += " TABLESPACE " + pq.QuoteIdentifier(s.tablespace)
	}
	if s.strategy {
		// PostgreSQL 15 copies a template through the WAL and the shared
		// buffers by default, which costs the server more CPU than copying
		// its files (and dropping the copy more too): the bot's tests took
		// a fifth longer.
		q += " STRATEGY FILE_COPY"
	}
	if _, err := s.db.ExecContext(ctx, q); err != nil {
		return "", "", fmt.Errorf("create database %s on %s: %w", name, s.source, err)
	}
	u := *s.admin
	u.Path, u.RawPath = "/"+name, ""
	return name, u.String(), nil
}

// dropDatabase drops database name, closing its connections.
func (s *server) dropDatabase(ctx context.Context, name string) error {
	if _, err := s.db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s on %s: %w", name, s.source, err)
	}
	return nil
}

// close waits for the drops under way, drops the templates used (but those
// another run holds) and the tablespace in memory (unless it holds such a
// template), closes the connections to s and, for a throw-away cluster,
// stops it and removes its directory.
func (s *server) close(ctx context.Context) error {
	err := s.wait()
	left, dropErr := s.dropTemplates(ctx)
	err = errors.Join(err, dropErr)
	// A template left to another run may be in the tablespace: that run
	// drops the tablespace after the template, once this binary has ended.
	if tsErr := s.dropTablespace(ctx); !(left && isCode(tsErr, "55000")) {
		err = errors.Join(err, tsErr)
	}
	err = errors.Join(err, s.db.Close())
	if s.cluster != nil {
		err = errors.Join(err, s.cluster.Stop(ctx), os.RemoveAll(s.dir))
	}
	return err
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails, per crypto/rand
	return b
}
