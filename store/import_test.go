package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
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
			_, _, err := st.ImportScores(ctx, ed.ID, ed.Contest.Grid, tc.rows, cliActor, juryOpen)
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

// TestImportsAuditWhatChanged checks that each import's audit rows say what
// it changed, before and after: the contest's top-level values, each project
// added or changed, each jury score.
func TestImportsAuditWhatChanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	audited := func(action string, since int64) []store.AuditEntry {
		t.Helper()
		all, err := st.AuditLog(ctx, ed.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []store.AuditEntry
		for _, a := range all {
			if a.Action == action && a.ID > since {
				out = append(out, a)
			}
		}
		return out
	}
	lastID := func() int64 {
		t.Helper()
		var id int64
		if err := st.DB().Get(&id, `SELECT COALESCE(max(id), 0) FROM audit_log`); err != nil {
			t.Fatal(err)
		}
		return id
	}
	check := func(what string, a store.AuditEntry, target, before, after string) {
		t.Helper()
		if a.Target != target || !jsonEqual(t, a.Before, before) || !jsonEqual(t, a.After, after) {
			t.Errorf("%s audited target %q before %s after %s; want %q, %s, %s", what, a.Target, a.Before, a.After, target, before, after)
		}
	}

	// The first import of the projects audits each as new, with its fields.
	ps, err := st.Projects(ctx, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	rows := audited("import project", 0)
	if len(rows) != len(ps) {
		t.Fatalf("%d project audit rows for %d new projects", len(rows), len(ps))
	}
	p := ps[0]
	check("new project", rows[0], p.ID, "null", fmt.Sprintf(`{"name": %q, "organisation": %q, "sector": %q, "summary": %q, "url": %q, "image_url": %q, "shortlisted": %v, "position": 1}`,
		p.Name, p.Organisation, p.Sector, p.Summary, p.URL, p.ImageURL, p.Shortlisted))

	// A re-import changing one project's name and shortlist audits only those fields.
	since := lastID()
	changed := slices.Clone(ps)
	changed[1].Name, changed[1].Shortlisted = "Renamed", !ps[1].Shortlisted
	if n, err := st.ImportProjects(ctx, ed.ID, changed, cliActor); err != nil || n != 1 {
		t.Fatalf("re-import changed %d (err %v), want 1", n, err)
	}
	if rows := audited("import project", since); len(rows) != 1 {
		t.Fatalf("%d project audit rows for one changed project", len(rows))
	} else {
		check("changed project", rows[0], ps[1].ID, fmt.Sprintf(`{"name": %q, "shortlisted": %v}`, ps[1].Name, ps[1].Shortlisted),
			fmt.Sprintf(`{"name": "Renamed", "shortlisted": %v}`, !ps[1].Shortlisted))
	}

	// Jury scores: a new score, then a changed one, then the same file again.
	juror, proj, crit := ed.Contest.Jurors[0], firstProject(t, st, ed.ID, true), ed.Contest.Grid.Criteria[0].ID
	target := juror.Name + "/" + proj + "/" + crit
	for _, step := range []struct {
		value         int
		before, after string
	}{{1, `{"score": null, "submitted": false}`, `{"score": 1}`}, {3, `{"score": 1, "submitted": false}`, `{"score": 3}`}, {3, "", ""}} {
		since := lastID()
		row := contest.ScoreRow{Line: 2, Juror: juror.IDs["telegram"], Project: proj, Criterion: crit, Value: step.value}
		if _, _, err := st.ImportScores(ctx, ed.ID, ed.Contest.Grid, []contest.ScoreRow{row}, cliActor, juryOpen); err != nil {
			t.Fatal(err)
		}
		rows := audited("import jury-scores", since)
		switch {
		case step.after == "" && len(rows) != 0:
			t.Errorf("an unchanged score was audited: %+v", rows)
		case step.after != "" && len(rows) != 1:
			t.Errorf("score %d: %d audit rows, want 1", step.value, len(rows))
		case step.after != "":
			check(fmt.Sprintf("score %d", step.value), rows[0], target, step.before, step.after)
		}
	}

	// The contest: its first import records every value; a re-import only
	// what it changed (name, votes per voter, a phase's dates, a juror added).
	first := audited("import contest", 0)
	if len(first) != 1 || string(first[0].Before) != "null" {
		t.Fatalf("first contest import audited %+v; want one row, before null", first)
	}
	var all map[string]any
	if err := json.Unmarshal(first[0].After, &all); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "timezone", "votes_per_voter", "phase public_vote", "phase jury_vote", "juror Juror A", "juror Juror B"} {
		if _, ok := all[k]; !ok {
			t.Errorf("first contest import audited %s; want %q among the values", first[0].After, k)
		}
	}
	src, err := examples.FS.ReadFile(examples.SampleContest)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer(
		"name: Prix de l'Innovation sociale 2026", "name: Prix 2026",
		"votes_per_voter: 1,", "votes_per_voter: 2,",
		"end: 2027-01-31T23:59}", "end: 2027-02-07T23:59}",
		`  - {name: "Juror B", ids: {telegram: "222", slack: U0002}}`, "  - {name: \"Juror B\", ids: {telegram: \"222\", slack: U0002}}\n  - {name: \"Juror C\"}",
	).Replace(string(src))
	c, err := contest.ParseContest([]byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	since = lastID()
	if _, changed, err := st.SaveContest(ctx, c, edited, cliActor); err != nil || !changed {
		t.Fatalf("re-import: changed %v, err %v", changed, err)
	}
	if rows := audited("import contest", since); len(rows) != 1 {
		t.Fatalf("%d contest audit rows for one re-import", len(rows))
	} else {
		check("contest re-import", rows[0], ed.Contest.Slug,
			`{"name": "Prix de l'Innovation sociale 2026", "votes_per_voter": 1, "phase jury_vote": {"start": "2026-12-20T23:00:00Z", "end": "2027-01-31T23:00:00Z"}, "juror Juror C": null}`,
			`{"name": "Prix 2026", "votes_per_voter": 2, "phase jury_vote": {"start": "2026-12-20T23:00:00Z", "end": "2027-02-07T23:00:00Z"}, "juror Juror C": true}`)
	}
}

// jsonEqual reports whether the JSON documents got and want are equal.
func jsonEqual(t *testing.T, got json.RawMessage, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("audit JSON %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("wanted JSON %s: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}
