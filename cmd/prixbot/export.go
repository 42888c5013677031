package main

import (
	"context"

	"prixbot/bot/report"
)

func (c *cli) export(ctx context.Context, args []string) error {
	fs, format := formatFlag("export", "csv")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("export needs one kind: votes, scores, results, audit or receipts")
	}
	kind := pos[0]
	switch kind {
	case "votes", "scores", "results", "audit", "receipts":
	default:
		return usagef("export: unknown kind %q; use votes, scores, results, audit or receipts", kind)
	}
	if err := checkFormat(*format, "csv", "json"); err != nil {
		return err
	}
	db, err := c.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return report.Export(ctx, db.Store, kind, *format, c.stdout)
}
