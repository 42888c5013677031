// Package testbin gives tests a place to build the prixbot binary that is
// kept between runs, so that go build finds the binary there up to date
// and links it again only when the code has changed: linking prixbot takes
// about a second of CPU, which every run of the end-to-end and reliability
// tests paid again.
package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
)

// Dir returns the directory for the binaries a test package builds under
// name, made if need be: in the user's cache directory (prixbot-test-bin),
// one per checkout of the module and name, so that two checkouts do not
// replace each other's binaries. go build leaves an up-to-date binary as it
// is, and replaces one by putting a new file in its place (a rename, or a
// removal and a new file), so a process that runs the old one is not
// disturbed. temporary is true when there is no cache directory and dir is a
// new temporary directory, for the caller to remove.
func Dir(name string) (dir string, temporary bool, err error) {
	root, err := moduleRoot()
	if err != nil {
		return "", false, err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		dir, err = os.MkdirTemp("", "prixbot-"+name+"-")
		return dir, err == nil, err
	}
	sum := sha256.Sum256([]byte(root))
	dir = filepath.Join(cache, "prixbot-test-bin", hex.EncodeToString(sum[:6])+"-"+name)
	return dir, false, os.MkdirAll(dir, 0o755)
}

// moduleRoot is the directory of the go.mod above the working directory (a
// test runs in its package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
