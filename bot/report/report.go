package report

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

// Kinds of export, in the order the usage messages list them.
var Kinds = []string{"votes", "scores", "results", "audit", "receipts"}

// IsKind reports whether kind is one of Kinds.
func IsKind(kind string) bool { return slices.Contains(Kinds, kind) }

// Standings computes the ranking of the current contest.
func Standings(ctx context.Context, st *store.Store) (*store.Edition, []contest.Standing, error) {
	ed, err := st.Current(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := Rank(ctx, st, ed)
	return ed, rows, err
}

// Rank computes the ranking of an edition from the database.
func Rank(ctx context.Context, st *store.Store, ed *store.Edition) ([]contest.Standing, error) {
	in, err := st.RankInput(ctx, ed.ID)
	if err != nil {
		return nil, err
	}
	return contest.Rank(ed.Contest, in), nil
}

// Prize renders a prize in euros, empty when the rank wins nothing.
func Prize(p int) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(p)
}

// Points renders points with two decimals.
func Points(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// WriteResultsCSV writes the results CSV of docs/contracts.md, "Results",
// and nothing else.
func WriteResultsCSV(w io.Writer, rows []contest.Standing) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"rank", "project", "name", "votes", "public_points", "jury_mean", "jury_points", "total", "prize"})
	for _, r := range rows {
		cw.Write([]string{strconv.Itoa(r.Rank), r.Project, r.Name, strconv.Itoa(r.Votes), Points(r.PublicPoints),
			Points(r.JuryMean), Points(r.JuryPoints), Points(r.Total), Prize(r.Prize)})
	}
	cw.Flush()
	return cw.Error()
}

// StandingJSON is one row of the results in JSON, points rounded to 2 decimals.
type StandingJSON struct {
	Rank         int     `json:"rank"`
	Project      string  `json:"project"`
	Name         string  `json:"name"`
	Votes        int     `json:"votes"`
	PublicPoints float64 `json:"public_points"`
	JuryMean     float64 `json:"jury_mean"`
	JuryPoints   float64 `json:"jury_points"`
	Total        float64 `json:"total"`
	Prize        int     `json:"prize,omitempty"`
}

// ResultsJSON converts standings to their JSON rows.
func ResultsJSON(rows []contest.Standing) []StandingJSON {
	out := make([]StandingJSON, len(rows))
	for i, r := range rows {
		out[i] = StandingJSON{Rank: r.Rank, Project: r.Project, Name: r.Name, Votes: r.Votes, PublicPoints: round2(r.PublicPoints),
			JuryMean: round2(r.JuryMean), JuryPoints: round2(r.JuryPoints), Total: round2(r.Total), Prize: r.Prize}
	}
	return out
}

// ResultsDocument is the JSON document of `prixbot results --format json`.
func ResultsDocument(ed *store.Edition, rows []contest.Standing) map[string]any {
	return map[string]any{"contest": ed.Contest.Slug, "normalise": ed.Contest.Grid.Normalise, "standings": ResultsJSON(rows)}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Export writes one export of the current contest to w, as csv or json:
// votes (no voter identity), scores, results, audit or receipts. Receipts
// fail with contest.Closed before the announcement; an unknown kind with
// contest.Invalid.
func Export(ctx context.Context, st *store.Store, kind, format string, w io.Writer) error {
	if kind == "results" {
		ed, rows, err := Standings(ctx, st)
		if err != nil {
			return err
		}
		if format == "json" {
			return WriteJSON(w, ResultsDocument(ed, rows))
		}
		return WriteResultsCSV(w, rows)
	}
	ed, err := st.Current(ctx)
	if err != nil {
		return err
	}
	var header []string
	var records [][]string
	var data any
	switch kind {
	case "votes":
		rows, err := st.ExportVotes(ctx, ed.ID)
		if err != nil {
			return err
		}
		data = rows
		header = []string{"id", "project", "platform", "cast_at", "voided_at", "void_reason"}
		for _, r := range rows {
			records = append(records, []string{strconv.FormatInt(r.ID, 10), r.Project, r.Platform, Stamp(&r.CastAt), Stamp(r.VoidedAt), deref(r.VoidReason)})
		}
	case "scores":
		rows, err := st.ExportScores(ctx, ed.ID)
		if err != nil {
			return err
		}
		data = rows
		header = []string{"juror", "project", "criterion", "score", "submitted_at", "conflict", "updated_at"}
		for _, r := range rows {
			records = append(records, []string{r.Juror, r.Project, r.Criterion, strconv.Itoa(r.Score), Stamp(r.Submitted), strconv.FormatBool(r.Conflict), Stamp(&r.UpdatedAt)})
		}
	case "audit":
		rows, err := st.AuditLog(ctx, ed.ID, 0)
		if err != nil {
			return err
		}
		data = rows
		header = []string{"id", "at", "actor_platform", "actor_id", "action", "target", "before", "after"}
		for _, r := range rows {
			records = append(records, []string{strconv.FormatInt(r.ID, 10), Stamp(&r.At), r.ActorPlatform, r.ActorID, r.Action, r.Target, jsonCell(r.Before), jsonCell(r.After)})
		}
	case "receipts":
		if ed.AnnouncedAt == nil {
			return contest.Errorf(contest.Closed, "receipts are published only after the results are announced")
		}
		rows, err := st.Receipts(ctx, ed.ID)
		if err != nil {
			return err
		}
		data = rows
		header = []string{"project", "receipt"}
		for _, r := range rows {
			records = append(records, []string{r.Project, r.Receipt})
		}
	default:
		return contest.Errorf(contest.Invalid, "unknown export %q", kind)
	}
	if format == "json" {
		return WriteJSON(w, data)
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	cw.WriteAll(records)
	return cw.Error()
}

// Stamp renders an instant as RFC 3339 in UTC, empty for nil.
func Stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func jsonCell(b []byte) string {
	if string(b) == "null" {
		return ""
	}
	return string(b)
}
