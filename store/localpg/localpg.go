package localpg

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lib/pq"
)

const (
	// port names the socket file; no TCP port is opened.
	port = 5432
	// socketFile is the name of the server's socket in its socket directory.
	socketFile = ".s.PGSQL.5432"
	// maxSocketPath is the longest unix socket path PostgreSQL accepts.
	maxSocketPath = 107
	// pollInterval is how often Start checks whether the server is ready.
	pollInterval = 10 * time.Millisecond
	// superuser is the cluster's superuser, created by initdb.
	superuser = "postgres"
)

// Options tune a cluster. The zero value is the durable setting of the
// embedded default.
type Options struct {
	// Ephemeral trades durability for speed, for throw-away test clusters:
	// initdb skips syncing to disk and the server runs with fsync,
	// synchronous_commit and full_page_writes off. A crash of the machine
	// can then corrupt the data. A process's ephemeral clusters after its
	// first start from a copy of what that first initdb made.
	Ephemeral bool
	// StartTimeout bounds Start as a whole: initdb, and the wait for the
	// server to accept connections, crash recovery included; 0 means one
	// minute. A deadline on Start's context applies too.
	StartTimeout time.Duration
}

// Cluster is a running PostgreSQL server started by Start. Stop it with Stop.
type Cluster struct {
	dataDir   string
	socketDir string
	fallback  bool // socketDir is a short directory under os.TempDir()
	logFile   string
	log       *slog.Logger

	cmd     *exec.Cmd
	exited  chan struct{} // closed when the server process has exited
	waitErr error         // the server's exit status, set before exited is closed

	attached bool // started by another process: Stop leaves it running

	stopOnce sync.Once
	stopErr  error
}

// Start starts the durable cluster in dir (see the package documentation),
// running initdb first if dir holds none yet. It is Options{}.Start.
func Start(ctx context.Context, dir string, log *slog.Logger) (*Cluster, error) {
	return Options{}.Start(ctx, dir, log)
}

// Start starts the cluster in dir, running initdb first if dir holds none
// yet, and returns once the server accepts connections on its unix socket.
// ctx bounds the start only; the server runs until Stop. A nil log means
// slog.Default(). Start removes lock files left by a crashed server. It
// returns an error wrapping ErrNoPostgres when the PostgreSQL binaries are
// missing, and one wrapping ErrAlreadyRunning when a server already runs on
// dir.
func (o Options) Start(ctx context.Context, dir string, log *slog.Logger) (*Cluster, error) {
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithTimeout(ctx, cmp.Or(o.StartTimeout, time.Minute))
	defer cancel()

	binDir, err := findBinDir()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	parentMode := os.FileMode(0o700)
	if os.Geteuid() == 0 {
		parentMode = 0o755 // the server's user must be able to enter it
	}
	if err := os.MkdirAll(dir, parentMode); err != nil {
		return nil, fmt.Errorf("create the PostgreSQL directory: %w", err)
	}
	c := layout(dir, log)
	if c.fallback {
		log.Info("PostgreSQL directory too long for a unix socket path, using a short socket directory", "dir", dir, "socket_dir", c.socketDir)
	}

	acct, err := runAccount(c.dataDir)
	if err != nil {
		return nil, err
	}
	if err := acct.checkSearchable(dir); err != nil {
		return nil, err
	}
	for _, d := range []string{c.dataDir, c.socketDir} {
		if err := acct.ownDir(d); err != nil {
			return nil, fmt.Errorf("prepare the PostgreSQL directory: %w", err)
		}
	}
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		initdb := o.initdb
		if o.Ephemeral {
			initdb = o.ephemeralInitdb
		}
		if err := initdb(ctx, binDir, c.dataDir, acct, log); err != nil {
			return nil, err
		}
	}
	for _, lock := range []string{filepath.Join(c.dataDir, "postmaster.pid"), filepath.Join(c.socketDir, socketFile+".lock")} {
		if err := clearStaleLock(lock, c.dataDir, log); err != nil {
			return nil, err
		}
	}
	if err := c.start(ctx, binDir, acct, o); err != nil {
		return nil, err
	}
	return c, nil
}

// layout returns the Cluster paths for dir, before anything runs.
func layout(dir string, log *slog.Logger) *Cluster {
	c := &Cluster{
		dataDir:   filepath.Join(dir, "pgdata"),
		socketDir: filepath.Join(dir, "run"),
		logFile:   filepath.Join(dir, "postgres.log"),
		log:       log,
		exited:    make(chan struct{}),
	}
	if len(filepath.Join(c.socketDir, socketFile)) > maxSocketPath {
		sum := sha256.Sum256([]byte(dir))
		c.socketDir = filepath.Join(os.TempDir(), "prixbot-pg-"+hex.EncodeToString(sum[:8]))
		c.fallback = true
	}
	return c
}

// Attach returns a handle on the cluster that another process (a running
// `prixbot run`) already serves in dir, so a second process can use the same
// database. Stop on the handle does nothing: the server belongs to its owner.
func Attach(dir string, log *slog.Logger) (*Cluster, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	c := layout(dir, log)
	c.attached = true
	if _, err := os.Stat(filepath.Join(c.dataDir, "postmaster.pid")); err != nil {
		return nil, fmt.Errorf("no PostgreSQL server runs in %s", dir)
	}
	return c, nil
}

// initdb creates a new cluster in dataDir, an existing directory that
// belongs to acct. It empties dataDir first: without PG_VERSION it holds at
// most the remains of an interrupted initdb.
func (o Options) initdb(ctx context.Context, binDir, dataDir string, acct account, log *slog.Logger) error {
	began := time.Now()
	log.Info("creating a PostgreSQL cluster", "data_dir", dataDir, "run_as", acct.name)
	var out []byte
	// C.UTF-8 gives Unicode-aware lower() and upper(); plain C is the
	// fallback where the C library lacks it.
	for _, locale := range []string{"C.UTF-8", "C"} {
		if err := emptyDir(dataDir); err != nil {
			return err
		}
		args := []string{"-D", dataDir, "-A", "trust", "-U", superuser, "-E", "UTF8", "--locale=" + locale, "--no-instructions"}
		if o.Ephemeral {
			args = append(args, "--no-sync")
		}
		cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
		cmd.Dir = dataDir
		cmd.Env = serverEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: acct.credential()}
		var err error
		out, err = cmd.CombinedOutput()
		if err == nil {
			log.Info("PostgreSQL cluster created", "data_dir", dataDir, "locale", locale, "elapsed", time.Since(began).Round(time.Millisecond))
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("initdb %s: %w", dataDir, ctx.Err())
		}
		if !bytes.Contains(out, []byte("locale")) {
			break
		}
	}
	return fmt.Errorf("initdb %s failed: %s", dataDir, lastLines(out, 5))
}

// emptyDir removes what dir holds, keeping dir itself (and its owner).
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// start runs the server as a child process and waits until it is ready.
func (c *Cluster) start(ctx context.Context, binDir string, acct account, o Options) error {
	logf, err := os.OpenFile(c.logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open the PostgreSQL log: %w", err)
	}
	defer logf.Close() // the child has its own copy
	logStart, _ := logf.Seek(0, io.SeekEnd)

	args := []string{"-D", c.dataDir,
		"-c", "listen_addresses=",
		"-c", "port=" + strconv.Itoa(port),
		"-c", `unix_socket_directories="` + strings.ReplaceAll(c.socketDir, `"`, `""`) + `"`,
		"-c", "unix_socket_permissions=0700",
	}
	if o.Ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(binDir, "postgres"), args...)
	cmd.Dir = c.dataDir
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: acct.credential(),
		Setpgid:    true,           // a terminal's Ctrl-C is for the caller, who stops us
		Pdeathsig:  syscall.SIGINT, // fast shutdown if the caller dies
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	c.cmd = cmd
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()

	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for !c.ready() {
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during start-up (%s): %s", c.exitStatus(), c.logSince(logStart))
		case <-ctx.Done():
			_ = c.signal(syscall.SIGQUIT)
			<-c.exited
			return fmt.Errorf("postgres not ready after %s: %w: %s", time.Since(began).Round(time.Millisecond), ctx.Err(), c.logSince(logStart))
		case <-tick.C:
		}
	}
	c.log.Info("PostgreSQL ready", "data_dir", c.dataDir, "socket_dir", c.socketDir, "pid", cmd.Process.Pid, "elapsed", time.Since(began).Round(time.Millisecond))
	return nil
}

// ready reports whether our server says, in postmaster.pid, that it accepts
// connections; pg_ctl -w waits the same way.
func (c *Cluster) ready() bool {
	b, err := os.ReadFile(filepath.Join(c.dataDir, "postmaster.pid"))
	if err != nil {
		return false
	}
	lines := strings.Split(string(b), "\n")
	// Line 1 is the pid, line 8 the status.
	return len(lines) >= 8 && strings.TrimSpace(lines[0]) == strconv.Itoa(c.cmd.Process.Pid) && strings.TrimSpace(lines[7]) == "ready"
}

// URL returns a lib/pq URL for database dbname as the superuser postgres,
// through the cluster's unix socket.
func (c *Cluster) URL(dbname string) string {
	q := url.Values{"host": {c.socketDir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}
	u := url.URL{Scheme: "postgres", User: url.User(superuser), Path: "/" + dbname, RawQuery: q.Encode()}
	return u.String()
}

// CreateDatabase creates database name unless it exists.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("postgres", c.URL("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name))
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "42P04" { // duplicate_database: created meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	c.log.Info("database created", "database", name)
	return nil
}

// Stop shuts the server down the way pg_ctl stop -m fast does: clients are
// disconnected, open transactions rolled back, and a checkpoint is written.
// If ctx ends first, Stop falls back to an immediate shutdown (crash
// recovery at the next start) and returns ctx's error. It returns an error
// too if the server had died on its own. Calling Stop again returns the
// first call's result.
func (c *Cluster) Stop(ctx context.Context) error {
	if c.attached {
		return nil
	}
	c.stopOnce.Do(func() {
		select {
		case <-c.exited:
			c.stopErr = fmt.Errorf("postgres had exited before Stop (%s); see %s", c.exitStatus(), c.logFile)
			return
		default:
		}
		began := time.Now()
		if err := c.signal(syscall.SIGINT); err != nil {
			c.stopErr = fmt.Errorf("stop postgres: %w", err)
			return
		}
		select {
		case <-c.exited:
		case <-ctx.Done():
			_ = c.signal(syscall.SIGQUIT)
			<-c.exited
			c.stopErr = fmt.Errorf("stop postgres: fast shutdown interrupted, did an immediate one: %w", ctx.Err())
			return
		}
		if c.fallback {
			_ = os.Remove(c.socketDir) // empty once the server is gone; fine if not
		}
		c.log.Info("PostgreSQL stopped", "data_dir", c.dataDir, "elapsed", time.Since(began).Round(time.Millisecond))
	})
	return c.stopErr
}

// signal sends sig to the server unless it has exited already.
func (c *Cluster) signal(sig syscall.Signal) error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	if err := c.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

// exitStatus describes how the server exited; call it once exited is
// closed.
func (c *Cluster) exitStatus() string {
	if c.waitErr != nil {
		return c.waitErr.Error()
	}
	return "exit status 0"
}

// logSince returns the last lines the server logged after offset start.
func (c *Cluster) logSince(start int64) string {
	b, err := os.ReadFile(c.logFile)
	if err != nil || int64(len(b)) < start {
		return "see " + c.logFile
	}
	return lastLines(b[start:], 5) + " (log: " + c.logFile + ")"
}

// lastLines returns the last n non-empty lines of out, joined by " | ".
func lastLines(out []byte, n int) string {
	lines := strings.FieldsFunc(strings.TrimSpace(string(out)), func(r rune) bool { return r == '\n' })
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// serverEnv is the caller's environment without the PG* variables, which
// could point initdb or postgres elsewhere.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return env
}
