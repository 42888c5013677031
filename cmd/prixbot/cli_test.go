package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"prixbot/bot/metrics"
	"prixbot/store"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) {
	storetest.Main(m)
	if built.temporary {
		os.RemoveAll(built.dir)
	}
}

const sampleContest = "../../examples/prix-2026/contest.yaml"

// testEnv is a database and a data directory for CLI runs.
type testEnv struct {
	t   *testing.T
	env []string
	url string
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	url := storetest.URL(t)
	return &testEnv{t: t, url: url, env: []string{"DATABASE_URL=" + url, "VOTER_PEPPER=test-pepper", "PRIXBOT_DATA=" + t.TempDir(), "LOG_LEVEL=warn"}}
}

// run runs one prixbot command line and returns its exit code and output.
func (e *testEnv) run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runCLI(context.Background(), args, strings.NewReader(""), &out, &errb, e.env)
	return code, out.String(), errb.String()
}

func (e *testEnv) mustRun(args ...string) string {
	e.t.Helper()
	code, out, errs := e.run(args...)
	if code != 0 {
		e.t.Fatalf("prixbot %v: exit %d: %s", args, code, errs)
	}
	return out
}

func (e *testEnv) store() *store.Store {
	e.t.Helper()
	st, err := store.Open(context.Background(), e.url)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	return st
}

// snapshot returns the row counts of the tables imports write, to prove a
// rejected import changed nothing.
func (e *testEnv) snapshot() string {
	e.t.Helper()
	st := e.store()
	var b strings.Builder
	for _, table := range []string{"contests", "phases", "projects", "jurors", "jury_sheets", "scores", "audit_log"} {
		var n int
		if err := st.DB().Get(&n, "SELECT count(*) FROM "+table); err != nil {
			if strings.Contains(err.Error(), "does not exist") {
				continue
			}
			e.t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	return b.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	for _, args := range [][]string{
		{"frobnicate"},
		{"import"},
		{"import", "widgets", "x.csv"},
		{"results", "--format", "xml"},
		{"results", "extra"},
		{"export", "secrets"},
		{"export", "votes", "--format", "yaml"},
		{"migrate", "now"},
	} {
		code, _, errs := e.run(args...)
		if code != 2 {
			t.Errorf("prixbot %v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
		if !strings.HasPrefix(errs, "prixbot: ") {
			t.Errorf("prixbot %v: stderr %q does not say what is wrong", args, errs)
		}
	}
	if code, out, _ := e.run("help"); code != 0 || !strings.Contains(out, "prixbot import contest") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
}

func TestImportBadInput(t *testing.T) {
	t.Parallel()
	goodHeader := "id,name,organisation,sector,summary,url,image_url,shortlisted\n"
	row := func(id string) string { return id + ",Nom,Asbl,Santé,Résumé,,,true\n" }
	cases := []struct {
		name, kind, file, content string
		line                      string // what the message must name: "line N:" or the reason
	}{
		{"malformed yaml", "contest", "c.yaml", "slug: x\nname: [unclosed\n", "line 2:"},
		{"unknown key", "contest", "c.yaml", "slug: x\nname: X\ncolour: red\n", "line 3:"},
		{"overlapping phases", "contest", "c.yaml", "slug: x\nname: X\nphases:\n  - {name: selection, start: 2026-01-01T00:00, end: 2026-02-01T00:00}\n  - {name: public_vote, start: 2026-01-15T00:00, end: 2026-03-01T00:00}\n", "line 5:"},
		{"end before start", "contest", "c.yaml", "slug: x\nname: X\nphases:\n  - {name: public_vote, start: 2026-02-01T00:00, end: 2026-01-01T00:00}\n", "line 4:"},
		{"huge contest file", "contest", "c.yaml", "slug: x\nname: " + strings.Repeat("n", 2<<20) + "\n", "larger than 1 MiB"},
		{"unknown timezone", "contest", "c.yaml", "slug: x\nname: X\ntimezone: Mars/Olympus\n", "line 3:"},
		{"wrong csv header", "projects", "p.csv", "id,title\n" + row("a"), "line 1"},
		{"duplicate project id", "projects", "p.csv", goodHeader + row("a") + row("b") + row("a"), "line 4"},
		{"non-utf8 bytes", "projects", "p.csv", goodHeader + row("a") + "b,Caf\xe9,Asbl,Santé,x,,,true\n", "line 3:"},
		{"score outside the scale", "jury-scores", "s.csv", "juror,project,criterion,score\nJuror A,PROJECT,collectif,7\n", "line 2:"},
		{"unknown juror", "jury-scores", "s.csv", "juror,project,criterion,score\nJuror A,PROJECT,collectif,1\nJuror Z,PROJECT,collectif,1\n", "line 3:"},
		{"unknown project", "jury-scores", "s.csv", "juror,project,criterion,score\nJuror A,PROJECT,collectif,1\nJuror A,no-such-project,collectif,1\n", "line 3:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t)
			e.mustRun("import", "contest", juryOpenToday(t, sampleContest))
			e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
			project := shortlisted(t, e.store())[0]
			path := writeFile(t, tc.file, strings.ReplaceAll(tc.content, "PROJECT", project))
			before := e.snapshot()
			code, _, errs := e.run("import", tc.kind, path)
			if code != 1 && code != 2 {
				t.Fatalf("exit %d, want 1 or 2; stderr %q", code, errs)
			}
			msg := strings.TrimSuffix(errs, "\n")
			if strings.Contains(msg, "\n") {
				t.Errorf("message is not one line: %q", errs)
			}
			if !strings.Contains(msg, path) || !strings.Contains(msg, tc.line) {
				t.Errorf("message %q does not name the file and %s", msg, tc.line)
			}
			if after := e.snapshot(); after != before {
				t.Errorf("database changed: %s -> %s", before, after)
			}
		})
	}
}

func shortlisted(t *testing.T, st *store.Store) []string {
	t.Helper()
	ed, err := st.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.Projects(context.Background(), ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		if p.Shortlisted {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// TestResultsGolden checks `prixbot results --format csv` on the sample
// contest against numbers worked out by hand.
func TestResultsGolden(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.mustRun("import", "contest", juryOpenToday(t, sampleContest))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	st := e.store()
	ids := shortlisted(t, st)
	if len(ids) != 20 {
		t.Fatalf("sample has %d shortlisted projects, want 20", len(ids))
	}
	a, b, c, d := ids[0], ids[1], ids[2], ids[3]

	// Votes: A 3, B 6, C 0, D 6, so V = 6.
	ctx := context.Background()
	ed, _ := st.Current(ctx)
	n := 0
	for project, votes := range map[string]int{a: 3, b: 6, d: 6} {
		for range votes {
			n++
			storetest.Vote(t, st, ed.ID, "console", fmt.Appendf(nil, "voter-%d", n), project, time.Now().AddDate(0, 0, -10)) // in the public vote
		}
	}
	// Jury totals (12 criteria, 0..3): Juror A gives A 30, B 18, C 36;
	// Juror B gives A 24, C 36. D has no jury score.
	var csv strings.Builder
	csv.WriteString("juror,project,criterion,score\n")
	sheet := func(juror, project string, six1, six2 int) { // first six criteria get six1, the last six six2
		for i, cr := range ed.Contest.Grid.Criteria {
			v := six1
			if i >= 6 {
				v = six2
			}
			fmt.Fprintf(&csv, "%s,%s,%s,%d\n", juror, project, cr.ID, v)
		}
	}
	sheet("Juror A", a, 3, 2) // 18 + 12 = 30
	sheet("Juror A", b, 3, 0) // 18
	sheet("Juror A", c, 3, 3) // 36
	sheet("111", c, 3, 3)     // Juror A by Telegram id: same sheet again, no change
	sheet("Juror B", a, 2, 2) // 24
	sheet("U0002", c, 3, 3)   // Juror B by Slack id: 36
	e.mustRun("import", "jury-scores", writeFile(t, "scores.csv", csv.String()))

	// Means: A (30+24)/2 = 27, B 18, C 36, D none -> J = 36.
	// public = 25 x votes / 6: A 12.50, B 25.00, C 0, D 25.00
	// jury = 75 x mean / 36:   A 56.25, B 37.50, C 75.00, D 0
	// total:                   A 68.75, B 62.50, C 75.00, D 25.00
	want := []string{
		"rank,project,name,votes,public_points,jury_mean,jury_points,total,prize",
		"1," + c + ",NAME,0,0.00,36.00,75.00,75.00,10000",
		"2," + a + ",NAME,3,12.50,27.00,56.25,68.75,5000",
		"3," + b + ",NAME,6,25.00,18.00,37.50,62.50,2500",
		"4," + d + ",NAME,6,25.00,0.00,0.00,25.00,",
	}
	rest := append([]string(nil), ids[4:]...)
	sort.Strings(rest) // all zero: ordered by id
	for i, id := range rest {
		want = append(want, fmt.Sprintf("%d,%s,NAME,0,0.00,0.00,0.00,0.00,", i+5, id))
	}
	out := e.mustRun("results", "--format", "csv")
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		fields := strings.Split(got[i], ",")
		if i > 0 && len(fields) >= 9 {
			fields = append(fields[:2], append([]string{"NAME"}, fields[len(fields)-6:]...)...)
		}
		if g := strings.Join(fields, ","); g != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, g, want[i])
		}
	}
}

func TestExportsAndMigrate(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	if out := e.mustRun("migrate"); !strings.Contains(out, "current") {
		t.Errorf("migrate said %q", out)
	}
	if out := e.mustRun("migrate"); !strings.Contains(out, "applied 0") {
		t.Errorf("second migrate said %q, want a no-op", out)
	}
	e.mustRun("import", "contest", sampleContest)
	if out := e.mustRun("import", "contest", sampleContest); !strings.Contains(out, "already up to date") {
		t.Errorf("second import said %q", out)
	}
	for _, kind := range []string{"votes", "scores", "audit", "results"} {
		out := e.mustRun("export", kind)
		if !strings.Contains(strings.SplitN(out, "\n", 2)[0], ",") {
			t.Errorf("export %s: no CSV header in %q", kind, out)
		}
	}
	if code, _, errs := e.run("export", "receipts"); code != 1 || !strings.Contains(errs, "announced") {
		t.Errorf("receipts before the announcement: exit %d, %q", code, errs)
	}
}

// TestReadCommandsOnAnUnmigratedDatabase runs the commands that do not
// migrate on a database never migrated: each says to run `prixbot migrate`
// (not a driver's "relation does not exist") and leaves the database empty.
func TestReadCommandsOnAnUnmigratedDatabase(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	for _, args := range [][]string{{"results"}, {"export", "votes"}, {"admin", "status"}} {
		code, _, errs := e.run(args...)
		if code != 1 || !strings.Contains(errs, "prixbot migrate") || strings.Contains(errs, "relation") {
			t.Errorf("prixbot %v: exit %d, stderr %q; want exit 1 and the advice to run prixbot migrate", args, code, errs)
		}
	}
	var tables int
	if err := e.store().DB().Get(&tables, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`); err != nil || tables != 0 {
		t.Errorf("%d tables after read commands (err %v), want none", tables, err)
	}
	e.mustRun("migrate")
	if _, _, errs := e.run("results"); strings.Contains(errs, "migrate") {
		t.Errorf("results after migrate: %q", errs)
	}
}

// TestImportLayoutOnlyChangeIsUpToDate imports the sample contest again with
// comments, blank lines and indentation changed: nothing changed, so it says
// "already up to date" and writes no audit row.
func TestImportLayoutOnlyChangeIsUpToDate(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.mustRun("import", "contest", sampleContest)
	src, err := os.ReadFile(sampleContest)
	if err != nil {
		t.Fatal(err)
	}
	relaid := "# re-saved by an editor\n\n" + strings.ReplaceAll(strings.ReplaceAll(string(src), ": ", ":   "), "\n", "  \n")
	before := e.snapshot()
	if out := e.mustRun("import", "contest", writeFile(t, "contest.yaml", relaid)); !strings.Contains(out, "already up to date") {
		t.Errorf("a layout-only change said %q", out)
	}
	if after := e.snapshot(); after != before {
		t.Errorf("a layout-only change wrote: %s, before %s", after, before)
	}
	changed := strings.Replace(string(src), "retention_days: 90", "retention_days: 60", 1)
	if out := e.mustRun("import", "contest", writeFile(t, "contest.yaml", changed)); !strings.Contains(out, "saved") {
		t.Errorf("a real change said %q", out)
	}
}

func TestConsoleLang(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"LANG=C.UTF-8"}, "en"},
		{[]string{"LANG=POSIX"}, "en"},
		{[]string{"LANG=C"}, "en"},
		{[]string{"LANG=nl_BE.UTF-8"}, "nl_BE"},
		{[]string{"LANG=fr_BE.UTF-8@euro"}, "fr_BE"},
		{[]string{"LANG=fr_BE.UTF-8", "LC_MESSAGES=C.UTF-8"}, "en"},
		{[]string{"LANG=C.UTF-8", "LC_ALL=nl_NL.UTF-8"}, "nl_NL"},
		{nil, ""},
	} {
		if got := consoleLang(tc.env); got != tc.want {
			t.Errorf("consoleLang(%q) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

// TestRunConsoleCountedInMetrics starts `prixbot run` on a terminal with no
// platform token: the console is a component reported ready, and its
// updates are counted as the platforms' are. Not parallel: the counters are
// the process's, which the parallel tests' consoles count in too.
func TestRunConsoleCountedInMetrics(t *testing.T) {
	e := newTestEnv(t)
	e.env = append(e.env, "HTTP_ADDR=127.0.0.1:0")
	e.mustRun("migrate")
	const counted = `prixbot_updates_total{outcome="ok",platform="console"}`
	before := metricValue(t, counted)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out bytes.Buffer
	go func() { done <- runCLI(ctx, []string{"run"}, terminalInput(t, "/start\n/help\n"), &out, &out, e.env) }()
	deadline := time.Now().Add(30 * time.Second)
	for metricValue(t, counted) < before+2 || metricValue(t, `prixbot_component_ready{component="console"}`) != 1 {
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatalf("console updates counted: %v (before %v), ready: %v; output:\n%s", metricValue(t, counted), before,
				metricValue(t, `prixbot_component_ready{component="console"}`), out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("run exited %d:\n%s", code, out.String())
	}
}

// metricValue reads one series from the process's /metrics; 0 when absent.
func metricValue(t *testing.T, series string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	return 0
}
