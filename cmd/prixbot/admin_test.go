package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"prixbot/store/storetest"
)

// pastContest is the sample contest moved six years back: every phase is
// over, so the results can be announced.
func pastContest(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(sampleContest)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("2026-", "2020-", "2027-", "2021-").Replace(string(src))
	return writeFile(t, "contest.yaml", s)
}

// TestAdminCLIAnnouncesWhatResultsPrints runs organiser commands from the
// CLI: a refused confirmation changes nothing, --yes confirms, the
// announcement carries exactly what `prixbot results --format csv` prints,
// and announcing twice sends nothing new.
func TestAdminCLIAnnouncesWhatResultsPrints(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.env = append(e.env, "USER=orga", "SLACK_ANNOUNCE_CHANNEL=C0ANNOUNCE")
	e.mustRun("import", "contest", pastContest(t))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	st := e.store()
	ctx := context.Background()
	ed, err := st.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []string{"repair-cafe-mobile", "repair-cafe-mobile", "ecole-des-devoirs-volante", "atelier-numerique-seniors"} {
		storetest.Vote(t, st, ed.ID, "telegram", fmt.Appendf(nil, "hash-%02d-of-a-test-phone-number", i), p, time.Date(2020, 8, 1, 12, 0, 0, 0, time.UTC))
	}

	// Answering no to the confirmation, on a terminal, changes nothing.
	before := e.snapshot()
	var out, errb bytes.Buffer
	code := runCLI(ctx, []string{"admin", "shortlist", "remove", "repair-cafe-mobile"}, terminalInput(t, "n\n"), &out, &errb, e.env)
	if code != 0 || e.snapshot() != before || !strings.Contains(out.String(), "Cancelled") {
		t.Fatalf("declined: exit %d, %q %q", code, out.String(), errb.String())
	}
	// A command the bot refuses exits 1 with its reason.
	if code, _, errs := e.run("admin", "void", "999999", "no", "such", "vote", "--yes"); code != 1 || !strings.Contains(errs, "999999") {
		t.Errorf("void of an unknown vote: exit %d, %q", code, errs)
	}

	dir := t.TempDir()
	e.mustRun("admin", "announce", "--yes", "--out", dir)
	announced, err := os.ReadFile(filepath.Join(dir, "prix-2026-results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if results := e.mustRun("results", "--format", "csv"); results != string(announced) {
		t.Errorf("announced:\n%s\nprixbot results:\n%s", announced, results)
	}
	if _, err := os.Stat(filepath.Join(dir, "prix-2026-results.png")); err != nil {
		t.Errorf("no chart: %v", err)
	}
	var n int
	if err := st.DB().Get(&n, `SELECT count(*) FROM outbox WHERE kind = 'announce' AND chat_id = 'C0ANNOUNCE'`); err != nil || n != 3 {
		t.Fatalf("%d messages to the announce channel (err %v), want 3", n, err)
	}
	out2 := e.mustRun("admin", "announce", "--yes", "--out", dir)
	if !strings.Contains(out2, "already announced") {
		t.Errorf("second announce: %q", out2)
	}
	var again int
	if err := st.DB().Get(&again, `SELECT count(*) FROM outbox WHERE kind = 'announce'`); err != nil || again != n {
		t.Errorf("announcing twice: %d messages, want %d", again, n)
	}
	receipts := e.mustRun("export", "receipts")
	if lines := strings.Count(receipts, "\n"); lines != 5 {
		t.Errorf("receipts export has %d lines, want a header and 4 receipts:\n%s", lines, receipts)
	}
	audit := e.mustRun("admin", "audit", "3")
	if !strings.Contains(audit, "cli:orga announce") {
		t.Errorf("audit: %q", audit)
	}
}

// TestAdminCLIRefusalsExitOne runs state-changing commands the bot refuses,
// confirmed with --yes: each prints the reason on stderr and exits 1, and
// changes nothing.
func TestAdminCLIRefusalsExitOne(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.env = append(e.env, "USER=orga")
	src, err := os.ReadFile(sampleContest)
	if err != nil {
		t.Fatal(err)
	}
	// The sample seventy years on: no vote is over, whatever the date.
	future := strings.NewReplacer("2026-", "2096-", "2027-", "2097-").Replace(string(src))
	e.mustRun("import", "contest", writeFile(t, "contest.yaml", future))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"announce before the vote ends", []string{"announce"}, "To end it now: prixbot admin phase close public_vote"},
		{"shortlist an unknown project", []string{"shortlist", "add", "no-such-project"}, "no-such-project"},
		{"restore an unknown vote", []string{"restore", "999999"}, "999999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snapshot()
			code, out, errs := e.run(append(append([]string{"admin"}, tc.args...), "--yes")...)
			if code != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and the reason (%q) on stderr", code, out, errs, tc.want)
			}
			if e.snapshot() != before {
				t.Error("a refused command changed the database")
			}
		})
	}
}

// TestAdminCLIWithoutTerminalNeedsYes runs a state-changing command in a
// script (stdin not a terminal, even one that says "y"): without --yes it
// exits 2, says --yes is needed, and changes nothing.
func TestAdminCLIWithoutTerminalNeedsYes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.env = append(e.env, "USER=orga")
	e.mustRun("import", "contest", pastContest(t))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	for _, stdin := range []string{"", "y\n"} {
		before := e.snapshot()
		var out, errb bytes.Buffer
		code := runCLI(context.Background(), []string{"admin", "shortlist", "remove", "repair-cafe-mobile"}, strings.NewReader(stdin), &out, &errb, e.env)
		if code != 2 || !strings.Contains(errb.String(), "--yes") {
			t.Errorf("stdin %q: exit %d, stderr %q; want exit 2 and a word about --yes", stdin, code, errb.String())
		}
		if e.snapshot() != before {
			t.Errorf("stdin %q: an unconfirmed command changed the database", stdin)
		}
	}
}

// terminalInput returns the terminal side of a new pseudo-terminal whose
// input is typed: what an organiser at a keyboard gives the CLI.
func terminalInput(t *testing.T, typed string) *os.File {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open a pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	var n, unlock uint32
	if err := ioctl(ptm, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatal(err)
	}
	if err := ioctl(ptm, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatal(err)
	}
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pts.Close() })
	if _, err := ptm.WriteString(typed); err != nil {
		t.Fatal(err)
	}
	return pts
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// TestAdminCLISpeaksTheLocalesLanguage: `prixbot admin` answers in the
// language of the terminal's locale, as the console does, and in English
// when the locale names none.
func TestAdminCLISpeaksTheLocalesLanguage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.mustRun("import", "sample")
	for _, c := range []struct{ env, want string }{
		{"LANG=fr_BE.UTF-8", "Phase en cours"},
		{"LC_ALL=nl_BE.UTF-8", "Huidige fase"},
		{"LANG=C.UTF-8", "Current phase"},
		{"", "Current phase"},
	} {
		env := e.env
		if c.env != "" {
			env = append(slices.Clone(e.env), c.env)
		}
		var out, errb bytes.Buffer
		code := runCLI(context.Background(), []string{"admin", "status"}, strings.NewReader(""), &out, &errb, env)
		if code != 0 || !strings.Contains(out.String(), c.want) {
			t.Errorf("%q: admin status = %d, %q (stderr %q); want %q", c.env, code, out.String(), errb.String(), c.want)
		}
	}
}
