package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/examples"
)

func TestSampleImportRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)

	f, err := examples.FS.Open(examples.SampleProjects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := contest.ParseProjects(f, ed.Contest)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Projects(ctx, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("projects read back differ from the file:\n got %+v\nwant %+v", got, want)
	}
	src, _ := examples.FS.ReadFile(examples.SampleContest)
	if want := ed.Contest.Calendar.Phases; len(want) == 0 {
		t.Fatal("sample has no phases")
	}
	parsed, _ := contest.ParseContest(src)
	for i, p := range parsed.Calendar.Phases {
		q := ed.Contest.Calendar.Phases[i]
		if p.Name != q.Name || !p.Start.Equal(q.Start) || !p.End.Equal(q.End) {
			t.Errorf("phase %d: stored %+v, file %+v", i, q, p)
		}
	}

	// Importing both files again changes nothing: no row, no audit entry.
	before := countRows(t, st, "audit_log")
	_, changed, err := st.SaveContest(ctx, parsed, string(src), cliActor)
	if err != nil || changed {
		t.Fatalf("second contest import: changed %v, err %v; want no change", changed, err)
	}
	n, err := st.ImportProjects(ctx, ed.ID, want, cliActor)
	if err != nil || n != 0 {
		t.Fatalf("second projects import changed %d rows (err %v); want 0", n, err)
	}
	if after := countRows(t, st, "audit_log"); after != before {
		t.Fatalf("audit rows went from %d to %d on a no-op import", before, after)
	}
	jurors, err := st.Jurors(ctx, ed.ID)
	if err != nil || len(jurors) != len(parsed.Jurors) {
		t.Fatalf("jurors = %d (err %v), want %d", len(jurors), err, len(parsed.Jurors))
	}
}

func TestImportScoresRejectsUnknownsAtomically(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	juror := ed.Contest.Jurors[0].Name
	crit := ed.Contest.Grid.Criteria[0].ID
	shortlisted := firstProject(t, st, ed.ID, true)
	notShortlisted := firstProject(t, st, ed.ID, false)
	cases := []struct {
		name string
		rows []contest.ScoreRow
		line int
	}{
		{"unknown juror", []contest.ScoreRow{{Line: 2, Juror: juror, Project: shortlisted, Criterion: crit, Value: 1}, {Line: 3, Juror: "Nobody", Project: shortlisted, Criterion: crit, Value: 1}}, 3},
		{"unknown project", []contest.ScoreRow{{Line: 2, Juror: juror, Project: shortlisted, Criterion: crit, Value: 1}, {Line: 3, Juror: juror, Project: "nope", Criterion: crit, Value: 1}}, 3},
		{"not shortlisted", []contest.ScoreRow{{Line: 2, Juror: juror, Project: notShortlisted, Criterion: crit, Value: 1}}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := st.ImportScores(ctx, ed.ID, ed.Contest.Grid, tc.rows, cliActor, time.Now())
			ce, ok := err.(*contest.Error)
			if !ok || ce.Line != tc.line {
				t.Fatalf("err = %v; want a contest error at line %d", err, tc.line)
			}
			if n := countRows(t, st, "scores"); n != 0 {
				t.Fatalf("%d scores stored after a rejected import", n)
			}
			if n := countRows(t, st, "jury_sheets"); n != 0 {
				t.Fatalf("%d sheets stored after a rejected import", n)
			}
		})
	}
}

func firstProject(t *testing.T, st interface {
	Projects(context.Context, int64) ([]contest.Project, error)
}, id int64, shortlisted bool) string {
	t.Helper()
	ps, err := st.Projects(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Shortlisted == shortlisted {
			return p.ID
		}
	}
	t.Fatalf("no project with shortlisted=%v in the sample", shortlisted)
	return ""
}

// TestReimportKeepsOrganisersPhases re-imports an edited contest file: phases
// the edit leaves alone keep the dates organisers set, a phase whose dates
// changed in the file takes them, and after the announcement the file can no
// longer change.
func TestReimportKeepsOrganisersPhases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	src, _ := examples.FS.ReadFile(examples.SampleContest)
	// An organiser closes the public vote early.
	closed := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if _, err := st.DB().Exec(`UPDATE phases SET end_at = $2 WHERE contest_id = $1 AND name = 'public_vote'`, ed.ID, closed); err != nil {
		t.Fatal(err)
	}
	reimport := func(edit func(string) string) error {
		text := edit(string(src))
		c, err := contest.ParseContest([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = st.SaveContest(ctx, c, text, cliActor)
		return err
	}
	phase := func(name string) contest.Phase {
		cur, err := st.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := cur.Contest.Calendar.Phase(name)
		return p
	}
	// An unrelated edit keeps the organiser's date.
	if err := reimport(func(s string) string { return strings.Replace(s, "retention_days: 90", "retention_days: 60", 1) }); err != nil {
		t.Fatal(err)
	}
	if got := phase("public_vote").End; !got.Equal(closed) {
		t.Fatalf("public_vote ends %s after an unrelated edit, want the organiser's %s", got, closed)
	}
	// Moving the ceremony in the file moves it.
	if err := reimport(func(s string) string {
		return strings.Replace(strings.Replace(s, "retention_days: 90", "retention_days: 60", 1), "2027-02-13T18:00", "2027-02-13T17:00", 1)
	}); err != nil {
		t.Fatal(err)
	}
	if got := phase("ceremony").Start.In(ed.Contest.Location).Hour(); got != 17 {
		t.Fatalf("ceremony starts at %dh after the file moved it to 17h", got)
	}
	if got := phase("public_vote").End; !got.Equal(closed) {
		t.Fatalf("public_vote ends %s, want the organiser's %s still", got, closed)
	}
	// After the announcement, a changed file is refused and changes nothing.
	if _, err := st.DB().Exec(`UPDATE contests SET announced_at = now() WHERE id = $1`, ed.ID); err != nil {
		t.Fatal(err)
	}
	err := reimport(func(s string) string { return strings.Replace(s, "retention_days: 90", "retention_days: 30", 1) })
	if contest.ErrorCode(err) != contest.Conflict {
		t.Fatalf("re-import after the announcement: %v, want a conflict", err)
	}
	if got := phase("public_vote").End; !got.Equal(closed) {
		t.Fatalf("public_vote ends %s after a refused import, want %s", got, closed)
	}
}
