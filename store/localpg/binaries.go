package localpg

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ErrNoPostgres is returned by Start when no PostgreSQL server binaries
// (initdb and postgres) can be found. Its message is meant for the user as is.
var ErrNoPostgres = errors.New("no PostgreSQL server binaries found (looked on PATH, in pg_config --bindir and in /usr/lib/postgresql/*/bin): install PostgreSQL (e.g. apt-get install postgresql) or set DATABASE_URL")

// binGlobs are the directories where distributions install versioned server
// binaries, tried newest version first after PATH and pg_config.
var binGlobs = []string{
	"/usr/lib/postgresql/*/bin", // Debian, Ubuntu
	"/usr/pgsql-*/bin",          // PGDG packages for RHEL and Fedora
}

// findBinDir returns the directory holding initdb and postgres: the one of a
// postgres or initdb found on PATH (symbolic links resolved), else
// pg_config --bindir, else the newest of binGlobs. It returns ErrNoPostgres
// when there is none.
func findBinDir() (string, error) {
	for _, name := range []string{"postgres", "initdb"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil && hasServerBinaries(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); hasServerBinaries(dir) {
			return dir, nil
		}
	}
	for _, pattern := range binGlobs {
		if dir := newestBinDir(pattern); dir != "" {
			return dir, nil
		}
	}
	return "", ErrNoPostgres
}

// newestBinDir returns the directory matching pattern, which has one "*" for
// the version, with the highest version that holds the server binaries, or
// "" if none does.
func newestBinDir(pattern string) string {
	dirs, _ := filepath.Glob(pattern)
	prefix, suffix, _ := strings.Cut(pattern, "*")
	version := func(dir string) []int {
		var v []int
		for _, f := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(dir, prefix), suffix), ".") {
			n, _ := strconv.Atoi(f)
			v = append(v, n)
		}
		return v
	}
	slices.SortFunc(dirs, func(a, b string) int { return slices.Compare(version(b), version(a)) })
	for _, dir := range dirs {
		if hasServerBinaries(dir) {
			return dir
		}
	}
	return ""
}

// hasServerBinaries reports whether dir holds executable initdb and postgres.
func hasServerBinaries(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}
