// Package localpg runs a private PostgreSQL cluster from the system's
// PostgreSQL binaries. It backs the bot's embedded default (no DATABASE_URL)
// and the throw-away server of the test helper package storetest.
//
// A cluster lives in one directory:
//
//	<dir>/pgdata        the data directory, created by initdb on first start
//	<dir>/run           the unix socket directory (mode 0700)
//	<dir>/postgres.log  the server log
//
// The server listens on no TCP address at all, only on a unix socket in
// <dir>/run, so it never clashes with another server's port and only its
// owner (and root) can connect. Unix socket paths are limited to 107 bytes:
// when <dir>/run is too long, the socket directory is a short one under
// os.TempDir() instead, named after a hash of dir so that it is stable from
// one start to the next.
//
// PostgreSQL refuses to run as root. When the calling process is root, the
// cluster runs as the owner of an existing data directory, else as the user
// "postgres", else as "nobody"; the data and socket directories are given to
// that user, and dir and its parents must be searchable by it.
//
// The server is a child of the calling process, in its own process group (a
// Ctrl-C in the terminal reaches only the caller, which then calls Stop), and
// it is asked to do a fast shutdown if the caller dies, so a crashed bot does
// not leave a server behind that would block the next start.
package localpg
