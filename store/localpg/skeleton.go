package localpg

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// skeleton is the data directory of this process's first ephemeral cluster
// as initdb left it, in memory. The process's next ephemeral clusters start
// from a copy of it: initdb costs most of a second of CPU, several seconds
// on a busy machine, and a test process (the throw-away server's tests, the
// reliability suite) starts many clusters. Durable clusters always run
// initdb.
var skeleton struct {
	mu    sync.Mutex
	files []skeletonFile // nil until an ephemeral initdb has succeeded
}

// skeletonFile is one entry of the skeleton, relative to the data directory.
type skeletonFile struct {
	rel  string
	mode fs.FileMode
	data []byte // nil for a directory
}

// ephemeralInitdb fills dataDir, an empty directory that belongs to acct,
// with a new cluster: a copy of the skeleton if this process has one, else
// by initdb, whose result becomes the skeleton. Concurrent starts wait for
// the first initdb instead of each running their own.
func (o Options) ephemeralInitdb(ctx context.Context, binDir, dataDir string, acct account, log *slog.Logger) error {
	skeleton.mu.Lock()
	defer skeleton.mu.Unlock()
	if skeleton.files != nil {
		if err := restoreSkeleton(dataDir, acct); err != nil {
			return fmt.Errorf("copy the cluster made by initdb into %s: %w", dataDir, err)
		}
		log.Info("PostgreSQL cluster created", "data_dir", dataDir, "from", "an earlier initdb of this process")
		return nil
	}
	if err := o.initdb(ctx, binDir, dataDir, acct, log); err != nil {
		return err
	}
	files, err := readSkeleton(dataDir)
	if err != nil {
		return fmt.Errorf("read the cluster made by initdb in %s: %w", dataDir, err)
	}
	skeleton.files = files
	return nil
}

// readSkeleton reads the directories and files under dataDir, in the
// order of a walk (a directory before what it holds), PG_VERSION last.
func readSkeleton(dataDir string) ([]skeletonFile, error) {
	var files []skeletonFile
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dataDir {
			return err
		}
		rel, err := filepath.Rel(dataDir, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f := skeletonFile{rel: rel, mode: info.Mode()}
		switch {
		case d.IsDir():
		case info.Mode().IsRegular():
			if f.data, err = os.ReadFile(path); err != nil {
				return err
			}
			if f.data == nil {
				f.data = []byte{}
			}
		default:
			return fmt.Errorf("%s is neither a file nor a directory", path)
		}
		files = append(files, f)
		return nil
	})
	// PG_VERSION, which tells Start that initdb has run, goes last, so that
	// a copy cut short is made again.
	if i := slices.IndexFunc(files, func(f skeletonFile) bool { return f.rel == "PG_VERSION" }); i >= 0 {
		version := files[i]
		files = append(slices.Delete(files, i, i+1), version)
	}
	return files, err
}

// restoreSkeleton writes the skeleton into dataDir, owned by acct. It
// empties dataDir first: without PG_VERSION it holds at most the remains of
// an interrupted start.
func restoreSkeleton(dataDir string, acct account) error {
	err := emptyDir(dataDir)
	if err != nil {
		return err
	}
	own := os.Geteuid() == int(acct.uid)
	for _, f := range skeleton.files { // PG_VERSION last (readSkeleton)
		path := filepath.Join(dataDir, f.rel)
		if f.data == nil {
			err = os.Mkdir(path, f.mode.Perm())
		} else {
			err = os.WriteFile(path, f.data, f.mode.Perm())
		}
		if err == nil && !own {
			err = os.Lchown(path, int(acct.uid), int(acct.gid))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
