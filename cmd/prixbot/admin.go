package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"prixbot/bot"
)

// admin is `prixbot admin <command…> [--yes] [--out DIR]`: the organisers'
// chat commands, run by the same handlers as an organiser on the "cli"
// platform (whoever can run the CLI against the database is one). A
// state-changing command asks for confirmation on stdin unless --yes is
// given; without a terminal to ask on, it exits with status 2 (a usage
// error: the command line lacks --yes) and changes nothing. Documents
// (exports, the chart) are written to DIR. A command the bot refuses exits
// with status 1.
func (c *cli) admin(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "confirm state changes without asking")
	out := fs.String("out", ".", "directory where documents are written")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("admin needs a command: %s", strings.Join(bot.AdminCommandNames(), ", "))
	}
	db, err := c.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	user := "cli"
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "USER="); ok {
			user = cmp.Or(v, user)
		}
	}
	b := bot.New(bot.Config{
		Store:                   db.Store,
		Admins:                  map[string]bool{bot.CLI + ":" + user: true},
		Log:                     c.log,
		SlackAnnounceChannel:    c.cfg.SlackAnnounceChannel,
		TelegramAnnounceChannel: c.cfg.TelegramAnnounceChannel,
	})
	// The terminal's locale picks the language, as in the console; with none
	// set, English (what a script expects).
	lang := cmp.Or(consoleLang(c.env), bot.EN)
	ev := bot.Event{Platform: bot.CLI, UserID: user, ChatID: user, LangHint: lang, Text: "/admin " + strings.Join(pos, " ")}
	resp, err := b.Handle(ctx, ev)
	if err != nil {
		return err
	}
	if resp.Confirm == nil {
		return c.printAdmin(resp, *out)
	}
	answer := resp.Confirm.Yes.Data
	if !*yes {
		if err := c.printAdmin(resp, *out); err != nil {
			return err
		}
		if !isTerminal(c.stdin) {
			return usagef("admin %s changes the contest and needs a confirmation, but there is no terminal to ask on: add --yes to confirm it (nothing was changed)", pos[0])
		}
		fmt.Fprint(c.stderr, "[y/N] ")
		line, _ := bufio.NewReader(c.stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			answer = resp.Confirm.No.Data
		}
	}
	ev.Text, ev.Callback = "", &bot.Callback{ID: "cli", Data: answer}
	if resp, err = b.Handle(ctx, ev); err != nil {
		return err
	}
	return c.printAdmin(resp, *out)
}

// printAdmin prints the bot's replies and writes their documents to dir. A
// refusal (Response.Error) is the returned error instead: its reason goes to
// stderr and nothing to stdout.
func (c *cli) printAdmin(resp *bot.Response, dir string) error {
	if resp.Error != nil {
		return errors.New(resp.Error.Message)
	}
	for _, m := range resp.Messages {
		fmt.Fprintln(c.stdout, m.Text)
		if m.Document == nil {
			continue
		}
		path := filepath.Join(dir, filepath.Base(m.Document.Name))
		if err := os.WriteFile(path, m.Document.Content, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", path)
	}
	return nil
}
