package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"prixbot/bot/report"
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
	db, err := c.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ed, rows, err := report.Standings(ctx, db.Store)
	if err != nil {
		return err
	}
	norm := ed.Contest.Grid.Normalise
	switch *format {
	case "csv":
		fmt.Fprintf(c.stderr, "jury normalisation: %s\n", norm)
		return report.WriteResultsCSV(c.stdout, rows)
	case "json":
		return report.WriteJSON(c.stdout, report.ResultsDocument(ed, rows))
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rank\tproject\tvotes\tpublic\tjury mean\tjury\ttotal\tprize\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t\n", r.Rank, r.Project, r.Votes, r.PublicPoints, r.JuryMean, r.JuryPoints, r.Total, report.Prize(r.Prize))
	}
	tw.Flush()
	fmt.Fprintf(c.stdout, "\n%s — weights public %g / jury %g — jury normalisation: %s\n", ed.Contest.Name, ed.Contest.Weights.Public, ed.Contest.Weights.Jury, norm)
	return nil
}
