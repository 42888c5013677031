package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

func (c *cli) migrate(ctx context.Context, args []string) error {
	if len(args) > 0 {
		return usagef("migrate takes no arguments")
	}
	db, err := c.openDatabase(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "applied %d migration(s); the schema is current\n", n)
	return nil
}

// cliActor names the operating-system user running the CLI in the audit log.
func cliActor() store.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return store.Actor{Platform: "cli", ID: name}
}

// fileError prefixes an import error with the file name, so the message says
// which file, which line and what is wrong.
func fileError(path string, err error) error {
	var ce *contest.Error
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return err
}

func (c *cli) importCmd(ctx context.Context, args []string) error {
	if len(args) == 1 && args[0] == "sample" {
		return c.importSample(ctx)
	}
	if len(args) != 2 {
		return usagef("import needs a kind and a file: import contest|projects|jury-scores FILE")
	}
	kind, path := args[0], args[1]
	if kind != "contest" && kind != "projects" && kind != "jury-scores" {
		return usagef("import: unknown kind %q; use contest, projects or jury-scores", kind)
	}
	data, err := readImport(path, kind)
	if err != nil {
		return err
	}
	db, err := c.openAndMigrate(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	actor := cliActor()
	if kind == "contest" {
		ct, err := contest.ParseContest(data)
		if err != nil {
			return fileError(path, err)
		}
		before, err := db.Current(ctx)
		if err != nil && contest.ErrorCode(err) != contest.NotFound {
			return err
		}
		_, changed, err := db.SaveContest(ctx, ct, string(data), actor)
		if err != nil {
			return fileError(path, err)
		}
		c.report(changed, fmt.Sprintf("contest %s (%s) saved", ct.Slug, ct.Name), fmt.Sprintf("contest %s is already up to date", ct.Slug))
		for _, name := range []string{contest.PhasePublicVote, contest.PhaseJuryVote} {
			if _, ok := ct.Calendar.Phase(name); !ok {
				fmt.Fprintf(c.stderr, "warning: %s has no %s phase, so that part of the prize cannot take place\n", path, name)
			}
		}
		if after, err := db.Current(ctx); err == nil && before != nil && after.ID != before.ID {
			fmt.Fprintf(c.stderr, "note: %s is now the current contest (it was %s); imports of projects and scores go to it\n",
				after.Contest.Slug, before.Contest.Slug)
		}
		return nil
	}
	ed, err := db.Current(ctx)
	if err != nil {
		return err
	}
	if kind == "projects" {
		ps, err := contest.ParseProjects(bytes.NewReader(data), ed.Contest)
		if err != nil {
			return fileError(path, err)
		}
		n, err := db.ImportProjects(ctx, ed.ID, ps, actor)
		if err != nil {
			return fileError(path, err)
		}
		c.report(n > 0, fmt.Sprintf("%d project(s) read, %d added or changed", len(ps), n), fmt.Sprintf("%d project(s) read, all already up to date", len(ps)))
		return nil
	}
	rows, err := contest.ParseScores(bytes.NewReader(data), ed.Contest.Grid)
	if err != nil {
		return fileError(path, err)
	}
	n, drafts, err := db.ImportScores(ctx, ed.ID, ed.Contest.Grid, rows, actor, time.Now())
	if err != nil {
		return fileError(path, err)
	}
	c.report(n > 0, fmt.Sprintf("%d score(s) read, %d added or changed", len(rows), n), fmt.Sprintf("%d score(s) read, all already up to date", len(rows)))
	if len(drafts) > 0 {
		fmt.Fprintf(c.stderr, "warning: %d sheet(s) lack some criteria and stay drafts, not counted: %v\n", len(drafts), drafts)
	}
	return nil
}

// Size limits for imported files: far above any real contest, far below
// what would hurt the database or the audit log.
const (
	maxContestFile = 1 << 20  // 1 MiB
	maxCSVFile     = 16 << 20 // 16 MiB
)

// readImport reads an import file, refusing one too large for its kind.
func readImport(path, kind string) ([]byte, error) {
	limit := int64(maxCSVFile)
	if kind == "contest" {
		limit = maxContestFile
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d MiB, the limit for a %s file; is it the right file?", path, limit>>20, kind)
	}
	return data, nil
}

func (c *cli) report(changed bool, did, same string) {
	if changed {
		fmt.Fprintln(c.stdout, did)
	} else {
		fmt.Fprintln(c.stdout, same)
	}
}
