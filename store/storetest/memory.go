package storetest

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"

	"prixbot/store/localpg"
)

// The names of the tablespaces useMemory creates, and of their directories,
// start with these.
const (
	tablespacePrefix    = "prixbot_test_ts_"
	tablespaceDirPrefix = "prixbot-tablespace-"
)

// useMemory gives the databases this test binary creates on s a tablespace
// in memory (localpg.MkdirMemory), when s is a server of this machine that
// lets the tests in as a superuser and this process can give the server's
// account a directory there. Otherwise it returns why not, and the
// databases stay in the server's default tablespace.
//
// A server kept for other uses runs with fsync on: each CREATE DATABASE
// makes it write a checkpoint and sync every file the tests have written,
// and the test databases' files are created, synced and unlinked by the
// hundred. In memory, syncs cost nothing (the bot and store packages took
// half as long). Only the databases' files move: the server's write-ahead
// log stays where it is, so a crash of the server loses nothing of its
// own, and a test database lost with the machine's memory is one no test
// needs any more. close drops the tablespace; pruneTablespaces drops those
// of test binaries that ended without Main.
func (s *server) useMemory(ctx context.Context) error {
	var super bool
	var dataDir string
	if err := s.db.QueryRowContext(ctx, `SELECT rolsuper, current_setting('data_directory') FROM pg_roles WHERE rolname = current_user`).Scan(&super, &dataDir); err != nil {
		return err
	}
	if !super {
		return errors.New("a tablespace needs a superuser")
	}
	// The data directory's owner is the account the server runs as, when
	// the server is on this machine.
	fi, err := os.Stat(dataDir)
	if err != nil {
		return fmt.Errorf("the server is not on this machine: %w", err)
	}
	owner, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return errors.New("no owner for the data directory")
	}
	name := fmt.Sprintf("%s%d_%s", tablespacePrefix, os.Getpid(), hex.EncodeToString(randomBytes(3)))
	dir, err := createTablespace(ctx, s.db, name, owner)
	if err != nil {
		return err
	}
	s.tablespace, s.tablespaceDir = name, dir
	return nil
}

// createTablespace creates tablespace name on db in a new directory in
// memory given to owner, the server's account, and returns the directory.
func createTablespace(ctx context.Context, db *sql.DB, name string, owner *syscall.Stat_t) (string, error) {
	dir, err := localpg.MkdirMemory(tablespaceDirPrefix + "*")
	if err != nil {
		return "", err
	}
	if uid := os.Geteuid(); uid != int(owner.Uid) {
		// Only root may give the directory to the server's account.
		if err := os.Chown(dir, int(owner.Uid), int(owner.Gid)); err != nil {
			return "", errors.Join(err, os.Remove(dir))
		}
	}
	quoted := pq.QuoteIdentifier(name)
	if _, err := db.ExecContext(ctx, "CREATE TABLESPACE "+quoted+" LOCATION "+pq.QuoteLiteral(dir)); err != nil {
		return "", errors.Join(err, os.Remove(dir))
	}
	if _, err := db.ExecContext(ctx, "COMMENT ON TABLESPACE "+quoted+" IS "+pq.QuoteLiteral(usedComment(time.Now()))); err != nil {
		_, dropErr := db.ExecContext(ctx, "DROP TABLESPACE "+quoted)
		return "", errors.Join(err, dropErr, os.Remove(dir))
	}
	return dir, nil
}

// dropTablespace drops s's tablespace in memory, if it has one, and removes
// its directory. The databases in it must be dropped first.
func (s *server) dropTablespace(ctx context.Context) error {
	if s.tablespace == "" {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "DROP TABLESPACE "+pq.QuoteIdentifier(s.tablespace)); err != nil {
		return fmt.Errorf("drop tablespace %s on %s: %w", s.tablespace, s.source, err)
	}
	s.tablespace = ""
	return os.RemoveAll(s.tablespaceDir)
}

// pruneTablespaces drops the tablespaces in memory of test binaries that
// ended without Main as long ago as an unused template, once their
// databases are gone, and removes their directories. The binaries ran on
// the server's machine, as this one does: a tablespace is in a directory
// there.
func (s *server) pruneTablespaces(ctx context.Context, conn *sql.Conn) error {
	stale, err := s.unused(ctx, conn, "tablespaces", `SELECT spcname, coalesce(shobj_description(oid, 'pg_tablespace'), '') FROM pg_tablespace
		WHERE spcname LIKE 'prixbot\_test\_ts\_%'`)
	if err != nil {
		return err
	}
	for _, name := range stale {
		if err := s.dropTablespaceOfGone(ctx, conn, name); err != nil {
			return err
		}
	}
	return nil
}

// dropTablespaceOfGone drops tablespace name, made in memory by another
// test binary, if that binary no longer runs and the tablespace holds no
// database, and removes its directory; otherwise it leaves it.
func (s *server) dropTablespaceOfGone(ctx context.Context, conn *sql.Conn, name string) error {
	if running(name) {
		return nil
	}
	// Other binaries drop their tablespaces meanwhile: the location is read
	// only now, and a failure to read it (dropped since) leaves it.
	var dir string
	if err := conn.QueryRowContext(ctx, `SELECT pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname = $1`, name).Scan(&dir); err != nil {
		return nil
	}
	_, err := conn.ExecContext(ctx, "DROP TABLESPACE IF EXISTS "+pq.QuoteIdentifier(name))
	if isCode(err, "55000") { // still holds a database
		return nil
	}
	if err != nil {
		return fmt.Errorf("drop tablespace %s on %s: %w", name, s.source, err)
	}
	// PostgreSQL leaves the directory, empty.
	if strings.HasPrefix(filepath.Base(dir), tablespaceDirPrefix) {
		os.Remove(dir)
	}
	return nil
}

// isCode reports whether err is PostgreSQL's error code.
func isCode(err error, code pq.ErrorCode) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == code
}

// running reports whether the test binary that made tablespace name, whose
// process id the name holds, may still run.
func running(name string) bool {
	var pid int
	if _, err := fmt.Sscanf(strings.TrimPrefix(name, tablespacePrefix), "%d_", &pid); err != nil || pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
