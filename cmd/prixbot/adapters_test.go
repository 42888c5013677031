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
	src, err := os.ReadFile(sampleContest)
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02") }
	phases := fmt.Sprintf(`phases:
  - {name: public_vote, start: %sT00:00, end: %sT23:59}
  - {name: jury_vote, start: %sT00:00, end: %sT23:59}
  - {name: ceremony, start: %sT18:00, end: %sT23:00}
reminders:`, day(-1), day(30), day(31), day(60), day(70), day(70))
	text := regexp.MustCompile(`(?s)phases:.*?reminders:`).ReplaceAllString(string(src), phases)
	e.mustRun("import", "contest", writeFile(t, "contest.yaml", text))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
}

func TestConsoleCommandVotes(t *testing.T) {
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
