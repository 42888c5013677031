package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"prixbot/store"
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
	db, err := c.openDatabase(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return exportTo(ctx, db.Store, kind, *format, c.stdout)
}

// exportTo writes one export of the current contest to w. It is shared by
// the CLI and the organisers' chat command.
func exportTo(ctx context.Context, st *store.Store, kind, format string, w io.Writer) error {
	if kind == "results" {
		ed, rows, err := standings(ctx, st)
		if err != nil {
			return err
		}
		if format == "json" {
			return writeJSON(w, map[string]any{"contest": ed.Contest.Slug, "normalise": ed.Contest.Grid.Normalise, "standings": resultsJSON(rows)})
		}
		return writeResultsCSV(w, rows)
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
			records = append(records, []string{strconv.FormatInt(r.ID, 10), r.Project, r.Platform, stamp(&r.CastAt), stamp(r.VoidedAt), deref(r.VoidReason)})
		}
	case "scores":
		rows, err := st.ExportScores(ctx, ed.ID)
		if err != nil {
			return err
		}
		data = rows
		header = []string{"juror", "project", "criterion", "score", "submitted_at", "conflict", "updated_at"}
		for _, r := range rows {
			records = append(records, []string{r.Juror, r.Project, r.Criterion, strconv.Itoa(r.Score), stamp(r.Submitted), strconv.FormatBool(r.Conflict), stamp(&r.UpdatedAt)})
		}
	case "audit":
		rows, err := st.AuditLog(ctx, ed.ID, 0)
		if err != nil {
			return err
		}
		data = rows
		header = []string{"id", "at", "actor_platform", "actor_id", "action", "target", "before", "after"}
		for _, r := range rows {
			records = append(records, []string{strconv.FormatInt(r.ID, 10), stamp(&r.At), r.ActorPlatform, r.ActorID, r.Action, r.Target, jsonCell(r.Before), jsonCell(r.After)})
		}
	case "receipts":
		if ed.AnnouncedAt == nil {
			return fmt.Errorf("receipts are published only after the results are announced")
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
	}
	if format == "json" {
		return writeJSON(w, data)
	}
	cw := csv.NewWriter(w)
	cw.Write(header)
	cw.WriteAll(records)
	return cw.Error()
}

func stamp(t *time.Time) string {
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
