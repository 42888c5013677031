package contest

import (
	"errors"
	"strings"
	"testing"
)

const projectsHeader = "id,name,organisation,sector,summary,url,image_url,shortlisted\n"

func TestParseProjects(t *testing.T) {
	t.Parallel()
	c := &Contest{Sectors: DefaultSectors}
	src := "\uFEFF" + projectsHeader +
		"repair-cafe, Repair Café mobile ,Asbl X,Action sociale,\"Un atelier qui roule,\non répare ensemble.\",https://example.org/p/1,,TRUE\n" +
		"\n" +
		"Ecole-2,École des devoirs,,Éducation et formation,,,http://example.org/i.jpg,false\n"
	got, err := ParseProjects(strings.NewReader(src), c)
	if err != nil {
		t.Fatal(err)
	}
	want := []Project{
		{ID: "repair-cafe", Name: "Repair Café mobile", Organisation: "Asbl X", Sector: "Action sociale",
			Summary: "Un atelier qui roule,\non répare ensemble.", URL: "https://example.org/p/1", Shortlisted: true},
		{ID: "Ecole-2", Name: "École des devoirs", Sector: "Éducation et formation", ImageURL: "http://example.org/i.jpg"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d projects: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("project %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseProjectsErrors(t *testing.T) {
	t.Parallel()
	c := &Contest{Sectors: DefaultSectors}
	row := func(id, name, sector, url, image, shortlisted string) string {
		return strings.Join([]string{id, name, "Org", sector, "Résumé", url, image, shortlisted}, ",") + "\n"
	}
	ok := row("a", "A", "Santé", "", "", "true")
	tests := []struct {
		name  string
		src   string
		field string
		line  int
		msg   string
	}{
		{"empty file", "", "header", 1, "empty"},
		{"wrong header", "id,name,sector\n", "header", 1, "must be id,name,organisation,sector,summary,url,image_url,shortlisted"},
		{"header in other order", "name,id,organisation,sector,summary,url,image_url,shortlisted\n", "header", 1, "got name,id"},
		{"latin-1", projectsHeader + ok + "b,Caf\xe9,Org,Santé,,,,true\n", "", 3, "not UTF-8"},
		{"too few columns", projectsHeader + ok + "b,B,Org\n", "", 3, "expected 8 columns"},
		{"bad quote", projectsHeader + ok + "b,\"B\"x,Org,Santé,,,,true\n", "", 3, "malformed CSV"},
		{"id missing", projectsHeader + row("", "A", "Santé", "", "", "true"), "id", 2, "required"},
		{"id with space", projectsHeader + row("a b", "A", "Santé", "", "", "true"), "id", 2, "letters, digits"},
		{"id too long", projectsHeader + row(strings.Repeat("x", 41), "A", "Santé", "", "", "true"), "id", 2, "at most 40"},
		{"duplicate id", projectsHeader + ok + "\n" + row("a", "Again", "Santé", "", "", "false"), "id", 4, "already on line 2"},
		{"name missing", projectsHeader + row("a", " ", "Santé", "", "", "true"), "name", 2, "required"},
		{"unknown sector", projectsHeader + row("a", "A", "Sport", "", "", "true"), "sector", 2, `"Sport" is not one of`},
		{"relative url", projectsHeader + row("a", "A", "Santé", "/p/a", "", "true"), "url", 2, "http(s)"},
		{"ftp image", projectsHeader + row("a", "A", "Santé", "", "ftp://example.org/a.jpg", "true"), "image_url", 2, "http(s)"},
		{"shortlisted yes", projectsHeader + row("a", "A", "Santé", "", "", "yes"), "shortlisted", 2, "true or false"},
		{"summary too long", projectsHeader + "a,A,Org,Santé," + strings.Repeat("é", 2001) + ",,,true\n", "summary", 2, "longer than 2000"},
		{"line of a multi-line record", projectsHeader + "a,A,Org,Santé,\"two\nlines\",,,maybe\n", "shortlisted", 2, "true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseProjects(strings.NewReader(tt.src), c)
			checkError(t, err, tt.field, tt.line, tt.msg)
		})
	}
}

func checkError(t *testing.T, err error, field string, line int, msg string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if e.Code != Invalid || e.Field != field || e.Line != line || !strings.Contains(e.Message, msg) {
		t.Errorf("got %s (code %s, field %q, line %d), want field %q line %d containing %q",
			e, e.Code, e.Field, e.Line, field, line, msg)
	}
}

func TestParseScores(t *testing.T) {
	t.Parallel()
	g := DefaultGrid()
	src := "juror,project,criterion,score\r\nJuror A,repair-cafe,collectif,3\r\n111,repair-cafe,recherche, 0\r\n"
	got, err := ParseScores(strings.NewReader(src), g)
	if err != nil {
		t.Fatal(err)
	}
	want := []ScoreRow{
		{Line: 2, Juror: "Juror A", Project: "repair-cafe", Criterion: "collectif", Value: 3},
		{Line: 3, Juror: "111", Project: "repair-cafe", Criterion: "recherche", Value: 0},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestParseScoresErrors(t *testing.T) {
	t.Parallel()
	g := DefaultGrid()
	const header = "juror,project,criterion,score\n"
	tests := []struct {
		name  string
		src   string
		field string
		line  int
		msg   string
	}{
		{"wrong header", "juror,project,score\n", "header", 1, "must be juror,project,criterion,score"},
		{"unknown criterion", header + "A,p,impact,2\n", "criterion", 2, `"impact" is not a criterion`},
		{"score above scale", header + "A,p,collectif,4\n", "score", 2, "from 0 to 3"},
		{"negative score", header + "A,p,collectif,-1\n", "score", 2, "from 0 to 3"},
		{"decimal score", header + "A,p,collectif,2.5\n", "score", 2, "whole number"},
		{"empty score", header + "A,p,collectif,\n", "score", 2, "whole number"},
		{"juror missing", header + ",p,collectif,1\n", "juror", 2, "required"},
		{"project missing", header + "A,,collectif,1\n", "project", 2, "required"},
		{"duplicate", header + "A,p,collectif,1\nB,p,collectif,1\nA,p,collectif,2\n", "", 4, "on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseScores(strings.NewReader(tt.src), g)
			checkError(t, err, tt.field, tt.line, tt.msg)
		})
	}
}

// TestParseSemicolonCSV reads the files a spreadsheet writes where the comma
// is the decimal separator: cells separated by semicolons, commas inside
// cells kept as text.
func TestParseSemicolonCSV(t *testing.T) {
	t.Parallel()
	c := &Contest{Sectors: DefaultSectors}
	projects := "\uFEFFid;name;organisation;sector;summary;url;image_url;shortlisted\r\n" +
		"repair-cafe;Repair Café, mobile;Asbl X;Action sociale;\"On répare; ensemble\";;;VRAI\r\n"
	_, err := ParseProjects(strings.NewReader(projects), c)
	var e *Error
	if !errors.As(err, &e) || e.Field != "shortlisted" || e.Line != 2 {
		t.Fatalf("a semicolon file's row was not read as cells: %v", err)
	}
	got, err := ParseProjects(strings.NewReader(strings.Replace(projects, "VRAI", "true", 1)), c)
	if err != nil {
		t.Fatal(err)
	}
	want := Project{ID: "repair-cafe", Name: "Repair Café, mobile", Organisation: "Asbl X", Sector: "Action sociale", Summary: "On répare; ensemble", Shortlisted: true}
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	scores, err := ParseScores(strings.NewReader("juror;project;criterion;score\nJuror A;repair-cafe;collectif;3\n"), DefaultGrid())
	if err != nil || len(scores) != 1 || scores[0].Juror != "Juror A" || scores[0].Value != 3 {
		t.Errorf("semicolon scores: %+v, %v", scores, err)
	}
	// A header that is wrong with either separator says both are accepted.
	_, err = ParseScores(strings.NewReader("juror;project;critere;score\n"), DefaultGrid())
	if !errors.As(err, &e) || e.Field != "header" || !strings.Contains(e.Message, "semicolons") {
		t.Errorf("wrong semicolon header: %v", err)
	}
}

func TestSameContent(t *testing.T) {
	t.Parallel()
	const a = "slug: x\nname: X\nphases:\n  - {name: public_vote, start: 2026-07-15T00:00, end: 2026-09-15T23:59}\n"
	for _, tc := range []struct {
		b    string
		same bool
	}{
		{a, true},
		{"# the prize\nslug:   x\n\nname: \"X\"   # its name\nphases:\n- name: public_vote\n  start: 2026-07-15T00:00\n  end: 2026-09-15T23:59\n", true},
		{"name: X\nslug: x\nphases:\n  - {end: 2026-09-15T23:59, name: public_vote, start: 2026-07-15T00:00}\n", true},
		{"slug: x\nname: X \nphases:\n  - {name: public_vote, start: 2026-07-15T00:00, end: 2026-09-15T23:59}\n", true},
		{"slug: x\nname: \"X \"\nphases:\n  - {name: public_vote, start: 2026-07-15T00:00, end: 2026-09-15T23:59}\n", false},
		{"slug: x\nname: X\nphases:\n  - {name: public_vote, start: 2026-07-15T00:00, end: 2026-09-16T23:59}\n", false},
		{"slug: x\nname: X\n", false},
		{"slug: [x\n", false},
	} {
		if got := SameContent([]byte(a), []byte(tc.b)); got != tc.same {
			t.Errorf("SameContent(a, %q) = %v, want %v", tc.b, got, tc.same)
		}
	}
}
