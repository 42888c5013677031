// Package storetest gives tests a real, empty PostgreSQL database of their
// own.
//
// URL returns the URL of a new, uniquely named database, dropped when the
// test ends. The server is, in this order:
//
//  1. the one PRIXBOT_TEST_DATABASE_URL points to (a postgres:// URL of a
//     user allowed to create databases);
//  2. a server on 127.0.0.1:5432 that lets user postgres in without a
//     password;
//  3. a throw-away cluster started once per test binary from the system's
//     PostgreSQL binaries with package localpg, in a temporary directory.
//
// A test that cannot get a database fails; it never skips.
//
// On the first two, when the server runs on this machine and lets the tests
// in as a superuser, the test binary's databases go in a tablespace of its
// own in memory (/dev/shm), dropped by Main: creating and dropping
// databases then costs the server no syncs to disk. The throw-away cluster
// is made in memory too (localpg.MkdirTemp).
//
// Creating a database and running every migration in each test is what made
// the tests slow, so Migrated returns a copy of a database migrated once, and
// a Template gives copies of any state built once (bottest's sample contest,
// for one). Copies come from template databases that Main drops at the end,
// named prixbot_tpl_… after a hash of the test binary; see Template.
//
// A package whose tests use a Template (Migrated included) or may start the
// throw-away cluster should drop the one and stop the other when its tests
// are done, from TestMain:
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
// Main also runs twice as many parallel tests at once as go test would,
// unless -parallel is given. Without it, the cluster still shuts down when the test binary exits (it is
// told to when its parent dies), but its temporary directory is left behind,
// and so are the templates, until a test binary finds them unused for an
// hour.
package storetest
