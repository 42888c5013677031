package testbin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirIsKeptPerNameInTheCache: the same name gives the same directory,
// in the user's cache; another name another; with no cache directory, a
// temporary one.
func TestDirIsKeptPerNameInTheCache(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	a, tmp, err := Dir("e2e")
	if err != nil || tmp {
		t.Fatalf("Dir: %q, temporary %v, %v", a, tmp, err)
	}
	again, _, _ := Dir("e2e")
	other, _, _ := Dir("reliability")
	if again != a || other == a {
		t.Errorf("Dir(e2e) = %q then %q, Dir(reliability) = %q: want the first two equal, the third apart", a, again, other)
	}
	if !strings.HasPrefix(a, filepath.Join(cache, "prixbot-test-bin")+string(filepath.Separator)) {
		t.Errorf("Dir(e2e) = %q, want it under %s", a, cache)
	}
	if fi, err := os.Stat(a); err != nil || !fi.IsDir() {
		t.Errorf("%s is not a directory: %v", a, err)
	}

	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	dir, tmp, err := Dir("e2e")
	if err != nil || !tmp {
		t.Fatalf("without a cache directory: %q, temporary %v, %v", dir, tmp, err)
	}
	defer os.RemoveAll(dir)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("%s is not a directory: %v", dir, err)
	}
}
