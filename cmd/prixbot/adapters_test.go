package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// importOpenContest imports the sample contest with its calendar moved so
// that the public vote is open now, whatever the date the tests run on.
func importOpenContest(t *testing.T, e *testEnv) {
	t.Helper()
	e.mustRun("import", "contest", sampleFromToday(t, sampleContest, [2]int{-1, 30}, [2]int{31, 60}, 70))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
}

// sampleFromToday writes the contest file at path with its phases replaced,
// in days from today: the public vote and the jury phase (first and last
// day), the ceremony's day. It returns the new file's path.
func sampleFromToday(t *testing.T, path string, vote, jury [2]int, ceremony int) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02") }
	phases := fmt.Sprintf(`phases:
  - {name: public_vote, start: %sT00:00, end: %sT23:59}
  - {name: jury_vote, start: %sT00:00, end: %sT23:59}
  - {name: ceremony, start: %sT18:00, end: %sT23:00}
reminders:`, day(vote[0]), day(vote[1]), day(jury[0]), day(jury[1]), day(ceremony), day(ceremony))
	text := regexp.MustCompile(`(?s)phases:.*?reminders:`).ReplaceAllString(string(src), phases)
	return writeFile(t, "contest.yaml", text)
}

// juryOpenToday is the contest file at path with the jury phase open today
// (the CLI's imports run at the real time) and the public vote over.
func juryOpenToday(t *testing.T, path string) string {
	t.Helper()
	return sampleFromToday(t, path, [2]int{-30, -1}, [2]int{0, 30}, 40)
}

func TestConsoleCommandVotes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	importOpenContest(t, e)
	in := "/start p-alpha-jardin\n1\n/contact +32470123456\n1\n"
	var out, errb bytes.Buffer
	code := runCLI(context.Background(), []string{"console", "--user", "demo"}, strings.NewReader(in), &out, &errb, append(e.env, "LANG=en_GB.UTF-8"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "Receipt:") {
		t.Fatalf("no receipt in:\n%s", out.String())
	}
	var votes int
	e.store().DB().Get(&votes, `SELECT count(*) FROM votes`)
	if votes != 1 {
		t.Fatalf("votes = %d", votes)
	}
	if code, _, _ := e.run("console", "extra"); code != 2 {
		t.Fatalf("console with an argument: exit %d, want 2", code)
	}
}

// TestPepperRequiredWithDatabaseURL checks that a process serving voters
// refuses to start on a shared database without the shared VOTER_PEPPER.
func TestPepperRequiredWithDatabaseURL(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	var env []string
	for _, kv := range e.env {
		if !strings.HasPrefix(kv, "VOTER_PEPPER=") {
			env = append(env, kv)
		}
	}
	e.env = env
	for _, cmd := range []string{"run", "console", "admin"} {
		code, _, errs := e.run(cmd)
		if code != 1 || !strings.Contains(errs, "VOTER_PEPPER must be set") {
			t.Errorf("prixbot %s without VOTER_PEPPER: exit %d, %q", cmd, code, errs)
		}
	}
}
