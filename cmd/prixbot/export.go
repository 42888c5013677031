package main

import (
	"context"
	"strings"

	"prixbot/bot/report"
)

func (c *cli) export(ctx context.Context, args []string) error {
	fs, format := formatFlag("export", "csv")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	kinds := strings.Join(report.Kinds[:len(report.Kinds)-1], ", ") + " or " + report.Kinds[len(report.Kinds)-1]
	if len(pos) != 1 {
		return usagef("export needs one kind: %s", kinds)
	}
	kind := pos[0]
	if !report.IsKind(kind) {
		return usagef("export: unknown kind %q; use %s", kind, kinds)
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
