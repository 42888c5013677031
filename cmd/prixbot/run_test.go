package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"prixbot/internal/testbin"
	"prixbot/store/localpg"
)

// built is the prixbot binary of the end-to-end tests and of
// TestDockerfileBuildCommand, built once per test binary, with the
// Dockerfile's command, into a directory kept between runs (package
// testbin), or a temporary one TestMain removes.
var built struct {
	once      sync.Once
	dir       string
	temporary bool
	path      string
	err       error
}

// dockerfileBuild matches the Dockerfile's build command; its group is the
// flags between go build and -o.
var dockerfileBuild = regexp.MustCompile(`CGO_ENABLED=0 go build (.*) -o /out/prixbot ./cmd/prixbot`)

// buildBinary builds prixbot once, as the Dockerfile does (the production
// build), for TestDockerfileBuildCommand and the end-to-end tests, which so
// run the binary the image ships: linking it takes a few seconds of CPU
// that each test would otherwise pay again.
func buildBinary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
		if err != nil {
			built.err = err
			return
		}
		m := dockerfileBuild.FindStringSubmatch(string(raw))
		if m == nil {
			built.err = errors.New("the Dockerfile has no CGO_ENABLED=0 go build of ./cmd/prixbot")
			return
		}
		if built.dir, built.temporary, built.err = testbin.Dir("e2e"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "prixbot")
		line := "CGO_ENABLED=0 go build " + m[1] + " -o " + built.path + " ."
		if out, err := exec.Command("sh", "-c", line).CombinedOutput(); err != nil {
			built.err = fmt.Errorf("%s: %v\n%s", line, err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

var readyLine = regexp.MustCompile(`msg="prixbot ready" http=(\S+)`)

// startDeadline bounds a start of the bot in these tests. It only catches
// a start that hangs: on a 2-core machine under a load of 20, initdb alone
// has taken 13 s. How fast a start is belongs to BenchmarkColdStart and
// BenchmarkWarmStart (BENCHMARKS.md: under 15 s, measured about 1 s).
const startDeadline = 2 * time.Minute

// startBot runs the binary on the embedded default in dataDir, or on what
// env adds (DATABASE_URL and VOTER_PEPPER, say), and returns once it logs
// that it is ready, with its HTTP address and how long it took.
func startBot(t testing.TB, bin, dataDir string, env ...string) (b *runningBot, addr string, elapsed time.Duration) {
	t.Helper()
	cmd := exec.Command(bin, "run")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "PRIXBOT_DATA=" + dataDir, "HTTP_ADDR=127.0.0.1:0"}, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	logs := &strings.Builder{}
	found := make(chan string, 1)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.WriteString(sc.Text() + "\n")
			if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case addr = <-found:
	case <-ended:
		t.Fatalf("prixbot exited before it was ready:\n%s", logs.String())
	case <-time.After(startDeadline):
		t.Fatalf("not ready within %s; log so far:\n%s", startDeadline, logs.String())
	}
	return &runningBot{cmd: cmd, logs: logs, ended: ended}, addr, time.Since(began)
}

// runningBot is a prixbot process under test.
type runningBot struct {
	cmd   *exec.Cmd
	logs  *strings.Builder // complete once ended is closed
	ended chan struct{}    // closed when stderr reaches EOF
}

// stop sends SIGTERM, checks for a clean exit and returns the whole log.
func (b *runningBot) stop(t testing.TB) string {
	t.Helper()
	b.cmd.Process.Signal(syscall.SIGTERM)
	<-b.ended
	if err := b.cmd.Wait(); err != nil {
		t.Fatalf("prixbot did not exit cleanly on SIGTERM: %v", err)
	}
	return b.logs.String()
}

// TestEmbeddedDefault starts the bot with no DATABASE_URL: it creates a
// private cluster, migrates, loads the sample and serves /healthz; a second
// start reuses the cluster and keeps the data.
func TestEmbeddedDefault(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	dataDir := filepath.Join(memoryTempDir(t), "data")

	b, addr, cold := startBot(t, bin, dataDir)
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get("http://" + addr + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /readyz: %v %v", resp, err)
	}
	resp.Body.Close()
	logs := b.stop(t)
	for _, want := range []string{"PostgreSQL cluster created", "migrations applied", "loaded the sample contest"} {
		if !strings.Contains(logs, want) {
			t.Errorf("first start did not log %q:\n%s", want, logs)
		}
	}
	if _, err := os.Stat(filepath.Join(dataDir, "postgres", "pgdata", "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("the cluster was not stopped on exit (postmaster.pid: %v)", err)
	}
	t.Logf("cold start to ready: %s", cold)

	b, _, warm := startBot(t, bin, dataDir)
	logs = b.stop(t)
	for _, unwanted := range []string{"PostgreSQL cluster created", "migrations applied", "loaded the sample contest"} {
		if strings.Contains(logs, unwanted) {
			t.Errorf("second start logged %q: the cluster or its data was not reused:\n%s", unwanted, logs)
		}
	}
	t.Logf("warm start to ready: %s", warm)
}

// memoryTempDir returns a temporary directory that the postgres user can
// enter, in memory where the machine has a file system there
// (localpg.MkdirTemp): the cluster keeps its durable settings (initdb syncs,
// fsync on), but its syncs cost no disk writes.
func memoryTempDir(t testing.TB) string {
	t.Helper()
	top, err := localpg.MkdirTemp("prixbot-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	return top
}

// searchableTempDir returns a temporary directory on disk, where a user's
// cluster lives, that the postgres user can enter: as root the cluster runs
// as postgres, and t.TempDir's parent is private. The benchmarks start there.
func searchableTempDir(t testing.TB) string {
	t.Helper()
	top, err := os.MkdirTemp("", "prixbot-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	if err := os.Chmod(top, 0o755); err != nil {
		t.Fatal(err)
	}
	return top
}

// BenchmarkColdStart measures the embedded default's first start: initdb,
// start, migrate, load the sample, serve /healthz.
func BenchmarkColdStart(b *testing.B) {
	bin := buildBinary(b)
	top := searchableTempDir(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		bot, _, _ := startBot(b, bin, filepath.Join(top, strconv.Itoa(i)))
		b.StopTimer()
		bot.stop(b)
		b.StartTimer()
	}
}

// BenchmarkWarmStart measures a start on an existing embedded cluster.
func BenchmarkWarmStart(b *testing.B) {
	bin := buildBinary(b)
	dataDir := filepath.Join(searchableTempDir(b), "data")
	bot, _, _ := startBot(b, bin, dataDir)
	bot.stop(b)
	b.ResetTimer()
	for b.Loop() {
		bot, _, _ := startBot(b, bin, dataDir)
		b.StopTimer()
		bot.stop(b)
		b.StartTimer()
	}
}
