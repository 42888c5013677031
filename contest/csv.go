package contest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Headers of the CSV files organisers import (docs/contracts.md, "CSV
// files").
var (
	ProjectsHeader = []string{"id", "name", "organisation", "sector", "summary", "url", "image_url", "shortlisted"}
	ScoresHeader   = []string{"juror", "project", "criterion", "score"}
)

// Limits on names and project fields, so that a card always fits in one chat
// message.
const (
	MaxProjectIDLen = 40
	maxNameLen      = 200
	maxSummaryLen   = 2000
	maxURLLen       = 2048
)

var projectIDRe = regexp.MustCompile(`^[A-Za-z0-9-]+$`)

// ParseProjects reads a projects CSV (UTF-8, RFC 4180 quoting, optional BOM)
// with the header id,name,organisation,sector,summary,url,image_url,shortlisted
// and returns its projects in file order. c must not be nil; each sector must
// be one of c.Sectors.
//
// Cells are trimmed. id is letters, digits and '-' (at most 40) and unique in
// the file; name is required (at most 200 characters, as is organisation);
// summary at most 2000 characters; url and image_url are empty or http(s)
// URLs; shortlisted is true or false (any case). Any failure is an Invalid
// *Error whose Line is the line where the offending record starts.
func ParseProjects(r io.Reader, c *Contest) ([]Project, error) {
	var out []Project
	firstLine := map[string]int{}
	err := readCSV(r, ProjectsHeader, func(line int, rec []string) error {
		p := Project{
			ID: rec[0], Name: rec[1], Organisation: rec[2], Sector: rec[3],
			Summary: rec[4], URL: rec[5], ImageURL: rec[6],
		}
		fail := func(field, format string, args ...any) error {
			return &Error{Code: Invalid, Field: field, Line: line, Message: fmt.Sprintf(format, args...)}
		}
		switch {
		case p.ID == "":
			return fail("id", "is required")
		case len(p.ID) > MaxProjectIDLen || !projectIDRe.MatchString(p.ID):
			return fail("id", "%q must be at most %d letters, digits or '-'", p.ID, MaxProjectIDLen)
		case p.Name == "":
			return fail("name", "is required")
		case utf8.RuneCountInString(p.Name) > maxNameLen:
			return fail("name", "is longer than %d characters", maxNameLen)
		case utf8.RuneCountInString(p.Organisation) > maxNameLen:
			return fail("organisation", "is longer than %d characters", maxNameLen)
		case !c.HasSector(p.Sector):
			return fail("sector", "%q is not one of the contest's sectors (%s)", p.Sector, strings.Join(c.Sectors, "; "))
		case utf8.RuneCountInString(p.Summary) > maxSummaryLen:
			return fail("summary", "is longer than %d characters", maxSummaryLen)
		}
		if first, ok := firstLine[p.ID]; ok {
			return fail("id", "project %q is already on line %d", p.ID, first)
		}
		firstLine[p.ID] = line
		for _, u := range []struct{ field, value string }{{"url", p.URL}, {"image_url", p.ImageURL}} {
			if msg := checkURL(u.value); msg != "" {
				return fail(u.field, "%q %s", u.value, msg)
			}
		}
		switch strings.ToLower(rec[7]) {
		case "true":
			p.Shortlisted = true
		case "false":
		default:
			return fail("shortlisted", "must be true or false, got %q", rec[7])
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// checkURL returns why s is not an empty or absolute http(s) URL, or "".
func checkURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	switch {
	case len(s) > maxURLLen:
		return fmt.Sprintf("is longer than %d characters", maxURLLen)
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "is not an http(s) URL"
	}
	return ""
}

// ScoreRow is one line of a jury scores CSV. Line is the file line of the
// record, so that the caller can report an unknown juror or project.
type ScoreRow struct {
	Line      int
	Juror     string // juror name or platform id, as written
	Project   string
	Criterion string
	Value     int
}

// ParseScores reads a jury scores CSV (UTF-8, optional BOM) with the header
// juror,project,criterion,score. The criterion must be one of g's and the
// score a whole number on g's scale; a (juror, project, criterion) may appear
// once. Jurors and projects are only checked to be present: the caller checks
// that they exist. Any failure is an Invalid *Error with the record's Line.
func ParseScores(r io.Reader, g Grid) ([]ScoreRow, error) {
	var out []ScoreRow
	firstLine := map[[3]string]int{}
	err := readCSV(r, ScoresHeader, func(line int, rec []string) error {
		row := ScoreRow{Line: line, Juror: rec[0], Project: rec[1], Criterion: rec[2]}
		fail := func(field, format string, args ...any) error {
			return &Error{Code: Invalid, Field: field, Line: line, Message: fmt.Sprintf(format, args...)}
		}
		switch {
		case row.Juror == "":
			return fail("juror", "is required")
		case row.Project == "":
			return fail("project", "is required")
		}
		if _, ok := g.Criterion(row.Criterion); !ok {
			ids := make([]string, len(g.Criteria))
			for i, c := range g.Criteria {
				ids[i] = c.ID
			}
			return fail("criterion", "%q is not a criterion of the grid (%s)", row.Criterion, strings.Join(ids, ", "))
		}
		v, err := strconv.Atoi(rec[3])
		if err != nil || v < g.Scale.Min || v > g.Scale.Max {
			return fail("score", "must be a whole number from %d to %d, got %q", g.Scale.Min, g.Scale.Max, rec[3])
		}
		row.Value = v
		key := [3]string{row.Juror, row.Project, row.Criterion}
		if first, ok := firstLine[key]; ok {
			return fail("", "juror %q already scored %q on %q on line %d", row.Juror, row.Project, row.Criterion, first)
		}
		firstLine[key] = line
		out = append(out, row)
		return nil
	})
	return out, err
}

// readCSV checks the encoding and the header of a CSV file, then calls record
// with the line and the trimmed cells of every record. Cells are separated
// by commas, or by semicolons when the header is. Blank lines are skipped.
func readCSV(r io.Reader, header []string, record func(line int, rec []string) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return &Error{Code: Internal, Message: fmt.Sprintf("reading the file: %v", err)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		line := 1
		for len(data) > 0 {
			ch, size := utf8.DecodeRune(data)
			if ch == utf8.RuneError && size <= 1 {
				break
			}
			if ch == '\n' {
				line++
			}
			data = data[size:]
		}
		return &Error{Code: Invalid, Line: line, Message: "the file is not UTF-8 text (save it as CSV UTF-8)"}
	}
	want := strings.Join(header, ",")
	newReader := func(sep rune) *csv.Reader {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.Comma, cr.FieldsPerRecord = sep, -1
		return cr
	}
	cr := newReader(',')
	got, err := cr.Read()
	if err == nil && !slices.Equal(got, header) {
		// A spreadsheet where the comma is the decimal separator (French,
		// Dutch) separates cells with semicolons.
		semi := newReader(';')
		if rec, err := semi.Read(); err == nil && slices.Equal(rec, header) {
			cr, got = semi, rec
		}
	}
	if errors.Is(err, io.EOF) {
		return &Error{Code: Invalid, Field: "header", Line: 1, Message: fmt.Sprintf("the file is empty; expected the header %s", want)}
	}
	if err != nil {
		return csvError(err)
	}
	if !slices.Equal(got, header) {
		line, _ := cr.FieldPos(0)
		return &Error{Code: Invalid, Field: "header", Line: line, Message: fmt.Sprintf("the header must be %s (cells separated by commas or semicolons), got %s",
			want, escaped(strings.Join(got, ",")))}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return &Error{Code: Invalid, Line: line, Message: fmt.Sprintf("expected %d columns (%s), got %d", len(header), want, len(rec))}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if err := record(line, rec); err != nil {
			return err
		}
	}
}

// csvError turns an encoding/csv syntax error into an Invalid *Error.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Code: Invalid, Line: pe.Line, Message: "malformed CSV: " + pe.Err.Error()}
	}
	return &Error{Code: Invalid, Line: 1, Message: "malformed CSV: " + err.Error()}
}

// escaped writes control characters and invalid UTF-8 as Go escapes, so a
// quoted line of a file cannot break a one-line message.
func escaped(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
