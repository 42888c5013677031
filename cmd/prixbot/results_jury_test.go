package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestResultsZScore imports scores under grid.normalise: zscore and checks
// that every format says so and that the jury means follow the hand-worked
// table of store.TestZScoreEndToEnd.
func TestResultsZScore(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	src, err := os.ReadFile(juryOpenToday(t, sampleContest))
	if err != nil {
		t.Fatal(err)
	}
	zs := strings.Replace(string(src), "normalise: none", "normalise: zscore", 1)
	if zs == string(src) {
		t.Fatal("the sample contest no longer says normalise: none")
	}
	e.mustRun("import", "contest", writeFile(t, "contest.yaml", zs))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	ids := shortlisted(t, e.store())
	var csv strings.Builder
	csv.WriteString("juror,project,criterion,score\n")
	criteria := []string{"collectif", "richesse", "beneficiaires", "gouvernance", "consistance", "rupture",
		"transformation", "ancrage", "accessibilite", "viabilite", "environnement", "recherche"}
	sheet := func(juror, project string, v int) {
		for _, c := range criteria {
			fmt.Fprintf(&csv, "%s,%s,%s,%d\n", juror, project, c, v)
		}
	}
	// Juror A: 36, 24, 12; Juror B: 24, 24. Means after z-score: 28.6476, 24, 14.7048
	// (raw means would be 30, 24, 12).
	sheet("Juror A", ids[0], 3)
	sheet("Juror A", ids[1], 2)
	sheet("Juror A", ids[2], 1)
	sheet("Juror B", ids[0], 2)
	sheet("Juror B", ids[1], 2)
	e.mustRun("import", "jury-scores", writeFile(t, "scores.csv", csv.String()))

	if out := e.mustRun("results"); !strings.Contains(out, "jury normalisation: zscore") {
		t.Errorf("table output does not name the normalisation:\n%s", out)
	}
	if out := e.mustRun("results", "--format", "json"); !strings.Contains(out, `"normalise": "zscore"`) {
		t.Errorf("JSON output does not name the normalisation:\n%s", out)
	}
	code, out, errs := e.run("results", "--format", "csv")
	if code != 0 || !strings.Contains(errs, "jury normalisation: zscore") {
		t.Errorf("csv: exit %d, stderr %q; want the normalisation on stderr", code, errs)
	}
	for _, want := range [][2]string{
		{"1," + ids[0] + ",", ",28.65,75.00,75.00,10000"},
		{"2," + ids[1] + ",", ",24.00,62.83,62.83,5000"},
		{"3," + ids[2] + ",", ",14.70,38.50,38.50,2500"},
	} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			found = found || strings.HasPrefix(line, want[0]) && strings.HasSuffix(line, want[1])
		}
		if !found {
			t.Errorf("csv lacks a line %s…%s:\n%s", want[0], want[1], out)
		}
	}
}
