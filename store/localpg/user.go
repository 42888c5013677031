package localpg

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
)

// account is the user the cluster's processes run as.
type account struct {
	name string
	uid  uint32
	gid  uint32
	gids []uint32 // primary and supplementary groups
}

// credential returns the credential to run the server's processes with: nil
// when the caller is that user already.
func (a account) credential() *syscall.Credential {
	if uint32(os.Geteuid()) == a.uid {
		return nil
	}
	return &syscall.Credential{Uid: a.uid, Gid: a.gid, Groups: []uint32{}}
}

// runAccount returns the account that runs the cluster whose data directory
// is dataDir. A non-root caller runs it itself. Root runs it as the owner of
// an existing non-root data directory, else as "postgres", else as "nobody".
func runAccount(dataDir string) (account, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return account{}, fmt.Errorf("look up the current user: %w", err)
		}
		return lookupAccount(u)
	}
	if fi, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid != 0 {
			u, err := user.LookupId(strconv.FormatUint(uint64(st.Uid), 10))
			if err != nil {
				return account{uid: st.Uid, gid: st.Gid, gids: []uint32{st.Gid}, name: "uid " + strconv.FormatUint(uint64(st.Uid), 10)}, nil
			}
			return lookupAccount(u)
		}
	}
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			return lookupAccount(u)
		}
	}
	return account{}, fmt.Errorf("PostgreSQL cannot run as root and there is neither a postgres nor a nobody user to run it as")
}

func lookupAccount(u *user.User) (account, error) {
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return account{}, fmt.Errorf("user %s has a non-numeric uid %q", u.Username, u.Uid)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return account{}, fmt.Errorf("user %s has a non-numeric gid %q", u.Username, u.Gid)
	}
	a := account{name: u.Username, uid: uint32(uid), gid: uint32(gid), gids: []uint32{uint32(gid)}}
	ids, _ := u.GroupIds()
	for _, id := range ids {
		if g, err := strconv.ParseUint(id, 10, 32); err == nil && !slices.Contains(a.gids, uint32(g)) {
			a.gids = append(a.gids, uint32(g))
		}
	}
	return a, nil
}

// canSearch reports whether a may enter a directory with the given owner,
// group and mode, following the owner, group, other rule of permissions.
func (a account) canSearch(uid, gid uint32, mode fs.FileMode) bool {
	switch {
	case a.uid == 0:
		return true
	case a.uid == uid:
		return mode&0o100 != 0
	case slices.Contains(a.gids, gid):
		return mode&0o010 != 0
	default:
		return mode&0o001 != 0
	}
}

// checkSearchable returns an error naming the first of dir and its parents
// that a cannot enter.
func (a account) checkSearchable(dir string) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && !a.canSearch(st.Uid, st.Gid, fi.Mode()) {
			return fmt.Errorf("PostgreSQL runs as user %s, which cannot enter %s: make it searchable (chmod o+x %s) or use a directory elsewhere", a.name, d, d)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

// ownDir creates dir if needed and makes it a private directory of a: not a
// symbolic link, owned by a, mode 0700. It refuses a directory owned by
// anyone but a or root.
func (a account) ownDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if st.Uid != a.uid {
		if st.Uid != 0 || os.Geteuid() != 0 {
			return fmt.Errorf("%s belongs to uid %d, not to %s who runs PostgreSQL", dir, st.Uid, a.name)
		}
		if err := os.Chown(dir, int(a.uid), int(a.gid)); err != nil {
			return err
		}
	}
	if fi.Mode().Perm() != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}
