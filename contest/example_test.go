package contest

import (
	"os"
	"testing"
	"time"
)

// TestExampleFiles keeps the sample contest in examples/prix-2026 valid: the
// demo imports it as is.
func TestExampleFiles(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../examples/prix-2026/contest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseContest(data)
	if err != nil {
		t.Fatalf("contest.yaml: %v", err)
	}
	f, err := os.Open("../examples/prix-2026/projects.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	projects, err := ParseProjects(f, c)
	if err != nil {
		t.Fatalf("projects.csv: %v", err)
	}
	shortlisted := map[string]int{}
	for _, p := range projects {
		if p.Shortlisted {
			shortlisted[p.Sector]++
		}
	}
	for _, s := range c.Sectors {
		if shortlisted[s] != 5 {
			t.Errorf("sector %q has %d shortlisted projects, want 5", s, shortlisted[s])
		}
	}
	if n := len(projects) - 20; n != 4 {
		t.Errorf("%d projects off the shortlist, want 4", n)
	}
	if len(c.Grid.Criteria) != 12 || len(c.Jurors) != 2 {
		t.Errorf("grid has %d criteria and %d jurors", len(c.Grid.Criteria), len(c.Jurors))
	}
	// The demo runs in late 2026: the public vote must be open then.
	demo := time.Date(2026, 11, 23, 12, 0, 0, 0, c.Location)
	if !c.Calendar.IsOpen(PhasePublicVote, demo) {
		t.Errorf("public vote is not open on %v", demo)
	}
}
