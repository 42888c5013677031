package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

const usage = `prixbot runs the social-innovation prize bot on Telegram and Slack.

Usage:
  prixbot                      same as "prixbot run"
  prixbot run                  migrate, then serve every configured adapter, HTTP and the scheduler
  prixbot migrate              apply database migrations and exit
  prixbot import contest FILE.yaml      create or update a contest (idempotent)
  prixbot import projects FILE.csv      upsert the projects of the current contest
  prixbot import jury-scores FILE.csv   upsert jury scores
  prixbot import sample                 load the sample contest, placed around today, into an empty database
  prixbot results [--format table|csv|json]
  prixbot export votes|scores|results|audit|receipts [--format csv|json]
  prixbot console [--user ID] [--admin]  talk to the bot in the terminal
  prixbot admin COMMAND… [--yes] [--out DIR]  an organiser command, as /admin in the chats

Configuration comes from the environment; see README.md.
`

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// cli carries what every subcommand needs.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            []string
	cfg            *Config
	log            *slog.Logger
	logs           *logSink // the logger's output, which the console redirects
	// platforms are those `prixbot run` can serve (see platforms).
	platforms []platform
}

// runCLI runs one command line and returns the process exit code.
func runCLI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env []string) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, env: env, platforms: platforms()}
	err := c.dispatch(ctx, args)
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "prixbot: %s\nRun \"prixbot help\" for usage.\n", ue.msg)
		return 2
	}
	fmt.Fprintf(stderr, "prixbot: %s\n", oneLine(err.Error()))
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (c *cli) dispatch(ctx context.Context, args []string) error {
	cmd := "run"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(c.stdout, usage)
		return nil
	}
	cfg, err := loadConfig(c.env)
	if err != nil {
		return err
	}
	c.cfg = cfg
	if cmd == "run" || cmd == "console" || cmd == "admin" {
		if cfg.DatabaseURL != "" && cfg.VoterPepper == "" {
			// A pepper of our own would hash the same phone differently
			// from the other processes serving this database.
			return fmt.Errorf("VOTER_PEPPER must be set with DATABASE_URL, the same in every process serving that database, so that one phone is one voter")
		}
		// Resolve the pepper before the logger, so a generated one is
		// redacted from the logs like a configured one.
		if cfg.VoterPepper, err = c.voterPepper(); err != nil {
			return err
		}
	}
	c.logs = &logSink{w: c.stderr}
	c.log = newLogger(c.logs, cfg)
	switch cmd {
	case "run":
		return c.run(ctx, args)
	case "migrate":
		return c.migrate(ctx, args)
	case "import":
		return c.importCmd(ctx, args)
	case "results":
		return c.results(ctx, args)
	case "export":
		return c.export(ctx, args)
	case "console":
		return c.console(ctx, args)
	case "admin":
		return c.admin(ctx, args)
	}
	return usagef("unknown command %q", cmd)
}

func newLogger(w io.Writer, cfg *Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel, ReplaceAttr: redactor(cfg)}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// parseFlags parses flags that may come before or after positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
