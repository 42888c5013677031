package localpg

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ErrAlreadyRunning is returned by Start when a live PostgreSQL server
// already serves the cluster's data directory, for instance a bot started
// twice on the same PRIXBOT_DATA.
var ErrAlreadyRunning = errors.New("a PostgreSQL server is already running on this data directory")

// clearStaleLock removes the lock file at path (postmaster.pid, or the lock
// file of the unix socket) when the process it names is gone or is not a
// PostgreSQL server working in dataDir, as after a crash followed by the
// reuse of its pid. It returns an error wrapping ErrAlreadyRunning when that
// server is alive.
func clearStaleLock(path, dataDir string, log *slog.Logger) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err == nil && pid > 0 && servesDataDir(pid, dataDir) {
		return fmt.Errorf("%w: %s (pid %d); stop it first or use another directory", ErrAlreadyRunning, dataDir, pid)
	}
	log.Warn("removing stale PostgreSQL lock file", "path", path, "pid", first)
	return os.Remove(path)
}

// servesDataDir reports whether pid is a live PostgreSQL server working in
// dataDir. When it is a live postgres whose working directory cannot be read
// (another user's process), it assumes so.
func servesDataDir(pid int, dataDir string) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		// Without /proc, a live pid is all there is to go by.
		return !errors.Is(err, os.ErrNotExist) || !procMounted()
	}
	if name := strings.TrimSpace(string(comm)); name != "postgres" && name != "postmaster" {
		return false
	}
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	if err != nil {
		return true
	}
	want, err := filepath.EvalSymlinks(dataDir)
	if err != nil {
		want = dataDir
	}
	return cwd == want
}

func procMounted() bool {
	_, err := os.Stat("/proc/self/comm")
	return err == nil
}
