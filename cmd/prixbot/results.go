package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"prixbot/contest"
	"prixbot/store"
)

func formatFlag(name, def string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := fs.String("format", def, "output format")
	return fs, f
}

func checkFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return usagef("unknown format %q; use one of %v", f, allowed)
}

// standings computes the ranking of the current contest.
func standings(ctx context.Context, st *store.Store) (*store.Edition, []contest.Standing, error) {
	ed, err := st.Current(ctx)
	if err != nil {
		return nil, nil, err
	}
	in, err := st.RankInput(ctx, ed.ID)
	if err != nil {
		return nil, nil, err
	}
	return ed, contest.Rank(ed.Contest, in), nil
}

func (c *cli) results(ctx context.Context, args []string) error {
	fs, format := formatFlag("results", "table")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("results takes no arguments, only --format")
	}
	if err := checkFormat(*format, "table", "csv", "json"); err != nil {
		return err
	}
	db, err := c.openDatabase(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ed, rows, err := standings(ctx, db.Store)
	if err != nil {
		return err
	}
	norm := ed.Contest.Grid.Normalise
	switch *format {
	case "csv":
		fmt.Fprintf(c.stderr, "jury normalisation: %s\n", norm)
		return writeResultsCSV(c.stdout, rows)
	case "json":
		return writeJSON(c.stdout, map[string]any{"contest": ed.Contest.Slug, "normalise": norm, "standings": resultsJSON(rows)})
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rank\tproject\tvotes\tpublic\tjury mean\tjury\ttotal\tprize\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t\n", r.Rank, r.Project, r.Votes, r.PublicPoints, r.JuryMean, r.JuryPoints, r.Total, prize(r.Prize))
	}
	tw.Flush()
	fmt.Fprintf(c.stdout, "\n%s — weights public %g / jury %g — jury normalisation: %s\n", ed.Contest.Name, ed.Contest.Weights.Public, ed.Contest.Weights.Jury, norm)
	return nil
}

func prize(p int) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(p)
}

func points(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// writeResultsCSV writes the results CSV of DESIGN.md, and nothing else.
func writeResultsCSV(w io.Writer, rows []contest.Standing) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"rank", "project", "name", "votes", "public_points", "jury_mean", "jury_points", "total", "prize"})
	for _, r := range rows {
		cw.Write([]string{strconv.Itoa(r.Rank), r.Project, r.Name, strconv.Itoa(r.Votes), points(r.PublicPoints),
			points(r.JuryMean), points(r.JuryPoints), points(r.Total), prize(r.Prize)})
	}
	cw.Flush()
	return cw.Error()
}

type standingJSON struct {
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

func resultsJSON(rows []contest.Standing) []standingJSON {
	out := make([]standingJSON, len(rows))
	for i, r := range rows {
		out[i] = standingJSON{Rank: r.Rank, Project: r.Project, Name: r.Name, Votes: r.Votes, PublicPoints: round2(r.PublicPoints),
			JuryMean: round2(r.JuryMean), JuryPoints: round2(r.JuryPoints), Total: round2(r.Total), Prize: r.Prize}
	}
	return out
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
