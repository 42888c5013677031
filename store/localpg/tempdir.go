package localpg

import "os"

// memDir is where Linux mounts a file system in memory.
var memDir = "/dev/shm"

// MkdirMemory creates a new directory in /dev/shm, a file system in memory
// on Linux, as os.MkdirTemp does, and returns its path. It fails where the
// machine has no such file system or this process cannot write to it.
func MkdirMemory(pattern string) (string, error) {
	return os.MkdirTemp(memDir, pattern)
}

// MkdirTemp creates a new directory for a throw-away cluster and returns
// its path: in memory (MkdirMemory) when it can, else in os.TempDir(). Tests
// that create and drop databases by the hundred then spare the disk their
// writes. When the caller is root, the directory is made enterable by the
// server's user. The caller removes it.
func MkdirTemp(pattern string) (string, error) {
	dir, err := MkdirMemory(pattern)
	if err != nil {
		if dir, err = os.MkdirTemp("", pattern); err != nil {
			return "", err
		}
	}
	if os.Geteuid() == 0 {
		if err := os.Chmod(dir, 0o755); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}
