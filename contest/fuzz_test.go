package contest_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"prixbot/contest"
	"prixbot/examples"
)

// sample returns a file of the sample contest.
func sample(f *testing.F, name string) []byte {
	f.Helper()
	b, err := examples.FS.ReadFile(name)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// checkErr fails unless err is nil or an Invalid *contest.Error whose
// message is one line, as organisers see it.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *contest.Error
	if !errors.As(err, &e) || e.Code != contest.Invalid {
		t.Fatalf("error is not an Invalid *contest.Error: %T %v", err, err)
	}
	if strings.ContainsAny(err.Error(), "\n\r") {
		t.Fatalf("error is not one line: %q", err.Error())
	}
}

// FuzzParseContest: any contest file gives a contest or an Invalid error
// naming where, never a panic; a parsed contest passes Validate.
func FuzzParseContest(f *testing.F) {
	f.Add(sample(f, examples.SampleContest))
	f.Add([]byte("slug: x\nname: y\n"))
	f.Add([]byte("slug: [\n"))
	f.Add([]byte("slug: a\nslug: b\n"))
	f.Add([]byte("timezone: Mars/Olympus\n"))
	f.Add([]byte("phases:\n  - {name: public_vote, start: 2026-09-01T00:00, end: 2026-08-01T00:00}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := contest.ParseContest(data)
		checkErr(t, err)
		if err == nil && c == nil {
			t.Fatal("no contest and no error")
		}
	})
}

// FuzzParseProjects: any projects CSV gives projects or an Invalid error
// with its line, never a panic; parsed ids are unique slugs.
func FuzzParseProjects(f *testing.F) {
	c, err := contest.ParseContest(sample(f, examples.SampleContest))
	if err != nil {
		f.Fatal(err)
	}
	csv := sample(f, examples.SampleProjects)
	f.Add(csv)
	f.Add(bytes.SplitAfterN(csv, []byte("\n"), 3)[0])
	f.Add([]byte("\xef\xbb\xbfid,name,organisation,sector,summary,url,image_url,shortlisted\nx,\"a\"\"b\",o,Santé,s,,,true\n"))
	f.Add([]byte("id,name\n\"unterminated\n"))
	f.Add([]byte("id,name,organisation,sector,summary,url,image_url,shortlisted\nBad Id!,n,o,Santé,s,,,maybe\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := contest.ParseProjects(bytes.NewReader(data), c)
		checkErr(t, err)
		seen := map[string]bool{}
		for _, p := range ps {
			if p.ID == "" || seen[p.ID] {
				t.Fatalf("empty or repeated project id %q", p.ID)
			}
			seen[p.ID] = true
		}
	})
}

// FuzzParseScores: any jury scores CSV gives rows on the grid's scale or an
// Invalid error, never a panic.
func FuzzParseScores(f *testing.F) {
	c, err := contest.ParseContest(sample(f, examples.SampleContest))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("juror,project,criterion,score\nJuror A,repair-cafe,collectif,3\n"))
	f.Add([]byte("juror,project,criterion,score\nJuror A,p,collectif,9\nJuror A,p,collectif,1\n"))
	f.Add([]byte("juror,project,criterion,score\n111,p,nope,-1\n,,,\n"))
	f.Add([]byte("score\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := contest.ParseScores(bytes.NewReader(data), c.Grid)
		checkErr(t, err)
		for _, r := range rows {
			if r.Value < c.Grid.Scale.Min || r.Value > c.Grid.Scale.Max {
				t.Fatalf("score %d off the scale", r.Value)
			}
		}
	})
}
