package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

// The organisers' conversation: `/admin <command> [args]`.
//
// Reading commands answer at once. A state-changing command first answers
// with what it will do and two buttons; the change happens when its author
// presses Confirm, once (the confirmation is consumed), and every store
// operation behind it is idempotent, so confirming the same command twice
// changes nothing the second time.
//
// Button data:
//
//	a:y:<token>  confirm the pending command
//	a:n:<token>  cancel it

// CLI is the platform of the `prixbot admin` command line: its user is an
// organiser by configuration.
const CLI = "cli"

// ErrorMark starts every reply that reports a failed organiser command, so
// the CLI can exit with an error status.
const ErrorMark = "⚠️ "

// adminCommand is one `/admin` subcommand.
type adminCommand struct {
	name  string
	usage string // arguments, for help and usage errors
	// changes marks a state-changing command, run only after confirmation.
	changes bool
	// check validates the arguments before a confirmation is asked; nil
	// accepts any.
	check func(args []string) error
	run   func(b *Bot, ctx context.Context, r *Request, args []string) error
}

// adminCommands lists every subcommand, in help order.
var adminCommands = []adminCommand{
	{name: "status", run: (*Bot).adminStatus},
	{name: "phase", usage: "open|close|extend <phase> [until <time>]", changes: true, check: checkPhase, run: (*Bot).adminPhase},
	{name: "shortlist", usage: "add|remove <project>", changes: true, check: checkShortlist, run: (*Bot).adminShortlist},
	{name: "tally", run: (*Bot).adminTally},
	{name: "remind", usage: "jurors", changes: true, check: checkRemind, run: (*Bot).adminRemind},
	{name: "results", run: (*Bot).adminResults},
	{name: "announce", changes: true, check: noArgs, run: (*Bot).adminAnnounce},
	{name: "export", usage: "votes|scores|results|audit|receipts", check: checkExport, run: (*Bot).adminExport},
	{name: "void", usage: "<vote id, voter:<id> or receipt>[,…] <reason>", changes: true, check: checkVoid, run: (*Bot).adminVoid},
	{name: "restore", usage: "<vote id, voter:<id> or receipt>[,…]", changes: true, check: oneArg, run: (*Bot).adminRestore},
	{name: "forget", usage: "<platform:id or @username>", changes: true, check: oneArg, run: (*Bot).adminForget},
	{name: "audit", usage: "[n]", check: checkAudit, run: (*Bot).adminAudit},
	{name: "invite", usage: "<juror name>", changes: true, check: someArgs, run: (*Bot).adminInvite},
	{name: "conflict", usage: "<juror name> <project> [off]", changes: true, check: checkConflict, run: (*Bot).adminConflict},
	{name: "suspicious", run: (*Bot).adminSuspicious},
	{name: "retention", changes: true, check: noArgs, run: (*Bot).adminRetention},
}

// AdminCommandNames returns the names of the `/admin` subcommands, in help order.
func AdminCommandNames() []string {
	out := make([]string, len(adminCommands))
	for i, c := range adminCommands {
		out[i] = c.name
	}
	return out
}

func findAdminCommand(name string) (adminCommand, bool) {
	for _, c := range adminCommands {
		if c.name == name {
			return c, true
		}
	}
	return adminCommand{}, false
}

// registerAdmin registers the organisers' conversation (its fraud report's
// raw material is recorded by Handle: see deepLinkOpened).
func (b *Bot) registerAdmin() {
	b.command("admin", b.admin)
	b.callback("a", b.adminButton)
}

// authorise reports whether the sender is an organiser: a configured id or a
// row of the organisers table. Anyone else is refused with the same short
// answer, and the attempt is logged.
func (b *Bot) authorise(ctx context.Context, r *Request, what string) (bool, error) {
	ok := r.Admin
	if !ok {
		var err error
		if ok, err = r.Tx.IsOrganiser(ctx, r.Platform, r.UserID); err != nil {
			return false, err
		}
	}
	if !ok {
		b.cfg.Log.Warn("admin command refused", "platform", r.Platform, "user", r.UserID, "command", what)
		msg := T(r.Lang, "error.forbidden")
		if r.Callback != nil {
			r.Answer(msg)
		}
		r.Reply(Message{Text: msg})
		return false, nil
	}
	r.Admin = true
	return true, nil
}

func actorOf(r *Request) store.Actor { return store.Actor{Platform: r.Platform, ID: r.UserID} }

// admin handles `/admin …`.
func (b *Bot) admin(ctx context.Context, r *Request) error {
	_, text := splitCommand(r.Text)
	fields := strings.Fields(text)
	what := "admin"
	if len(fields) > 0 {
		what = "admin " + fields[0]
	}
	if ok, err := b.authorise(ctx, r, what); !ok || err != nil {
		return err
	}
	if len(fields) == 0 || fields[0] == "help" {
		r.Reply(Message{Text: adminHelp(r.Lang)})
		return nil
	}
	cmd, ok := findAdminCommand(strings.ToLower(fields[0]))
	if !ok {
		r.Reply(Message{Text: ErrorMark + T(r.Lang, "admin.unknown", fields[0]) + "\n\n" + adminHelp(r.Lang)})
		return nil
	}
	args := fields[1:]
	if cmd.check != nil {
		if err := cmd.check(args); err != nil {
			r.Reply(Message{Text: ErrorMark + err.Error() + "\n" + T(r.Lang, "admin.usage", cmd.name, cmd.usage)})
			return nil
		}
	}
	if !cmd.changes {
		return b.runAdmin(ctx, r, cmd, args)
	}
	command := cmd.name + " " + strings.Join(args, " ")
	token, err := r.Tx.AskConfirmation(ctx, r.Edition.ID, actorOf(r), command, r.Now)
	if err != nil {
		return err
	}
	r.Reply(Message{
		Text: T(r.Lang, "admin.confirm", strings.TrimSpace(command)),
		Buttons: [][]Button{{
			{Text: T(r.Lang, "admin.confirm_yes"), Data: "a:y:" + token},
			{Text: T(r.Lang, "admin.confirm_no"), Data: "a:n:" + token},
		}},
	})
	return nil
}

// adminButton handles a Confirm or Cancel press.
func (b *Bot) adminButton(ctx context.Context, r *Request) error {
	if ok, err := b.authorise(ctx, r, "admin button"); !ok || err != nil {
		return err
	}
	parts := strings.Split(r.Callback.Data, ":")
	if len(parts) != 3 || (parts[1] != "y" && parts[1] != "n") || parts[2] == "" {
		r.Answer(T(r.Lang, "error.unknown_button"))
		return nil
	}
	command, err := r.Tx.TakeConfirmation(ctx, parts[2], actorOf(r), r.Now)
	if err != nil {
		if code := contest.ErrorCode(err); code == contest.NotFound || code == contest.Forbidden {
			r.Answer(T(r.Lang, "admin.stale"))
			r.Reply(Message{Text: ErrorMark + T(r.Lang, "admin.stale")})
			return nil
		}
		return err
	}
	if parts[1] == "n" {
		r.Answer(T(r.Lang, "admin.cancelled"))
		r.Reply(Message{Text: T(r.Lang, "admin.cancelled")})
		return nil
	}
	r.Answer(T(r.Lang, "admin.confirmed"))
	fields := strings.Fields(command)
	cmd, ok := findAdminCommand(fields[0])
	if !ok || !cmd.changes {
		return fmt.Errorf("admin confirmation holds an unknown command %q", fields[0])
	}
	return b.runAdmin(ctx, r, cmd, fields[1:])
}

// runAdmin runs a command inside a savepoint: a command that fails with a
// contest error leaves nothing behind, and the organiser reads the precise
// reason rather than the public one-liner.
func (b *Bot) runAdmin(ctx context.Context, r *Request, cmd adminCommand, args []string) error {
	if _, err := r.Tx.ExecContext(ctx, "SAVEPOINT admin_command"); err != nil {
		return err
	}
	err := cmd.run(b, ctx, r, args)
	var ce *contest.Error
	if errors.As(err, &ce) && ce.Code != contest.Internal {
		if _, rerr := r.Tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT admin_command"); rerr != nil {
			return rerr
		}
		r.Reply(Message{Text: ErrorMark + ce.Error()})
		return nil
	}
	if err != nil {
		return err
	}
	if cmd.changes {
		b.InvalidateEdition()
	}
	return nil
}

func adminHelp(lang string) string {
	var sb strings.Builder
	sb.WriteString(T(lang, "admin.help"))
	for _, c := range adminCommands {
		sb.WriteString("\n/admin " + c.name)
		if c.usage != "" {
			sb.WriteString(" " + c.usage)
		}
		if c.changes {
			sb.WriteString(" ✓")
		}
	}
	return sb.String()
}

// Argument checks.

func noArgs(args []string) error {
	if len(args) > 0 {
		return contest.Errorf(contest.Invalid, "no arguments expected")
	}
	return nil
}

func oneArg(args []string) error {
	if len(args) != 1 {
		return contest.Errorf(contest.Invalid, "one argument expected")
	}
	return nil
}

func someArgs(args []string) error {
	if len(args) == 0 {
		return contest.Errorf(contest.Invalid, "an argument is missing")
	}
	return nil
}

func checkRemind(args []string) error {
	if len(args) != 1 || args[0] != "jurors" {
		return contest.Errorf(contest.Invalid, "only jurors can be reminded")
	}
	return nil
}

func checkShortlist(args []string) error {
	if len(args) != 2 || (args[0] != "add" && args[0] != "remove") {
		return contest.Errorf(contest.Invalid, "say add or remove, then the project id")
	}
	return nil
}

func checkExport(args []string) error {
	if len(args) != 1 {
		return contest.Errorf(contest.Invalid, "say which export")
	}
	switch args[0] {
	case "votes", "scores", "results", "audit", "receipts":
		return nil
	}
	return contest.Errorf(contest.Invalid, "unknown export %q", args[0])
}

func checkVoid(args []string) error {
	if len(args) < 2 {
		return contest.Errorf(contest.Invalid, "say which votes and why")
	}
	return nil
}

func checkAudit(args []string) error {
	if len(args) == 0 {
		return nil
	}
	if n, err := strconv.Atoi(args[0]); len(args) > 1 || err != nil || n < 1 {
		return contest.Errorf(contest.Invalid, "n is a positive number")
	}
	return nil
}

// checkPhase validates "open|close|extend <phase> [until <time>]"; the time
// is checked when the command runs, in the contest's timezone.
func checkPhase(args []string) error {
	if len(args) < 2 {
		return contest.Errorf(contest.Invalid, "say open, close or extend, then the phase")
	}
	switch args[0] {
	case store.PhaseOpen, store.PhaseClose, store.PhaseExtend:
	default:
		return contest.Errorf(contest.Invalid, "unknown phase operation %q", args[0])
	}
	rest := args[2:]
	switch {
	case len(rest) == 0 && args[0] == store.PhaseExtend:
		return contest.Errorf(contest.Invalid, "extend needs: until <time>")
	case len(rest) == 0:
		return nil
	case rest[0] != "until" || len(rest) < 2 || len(rest) > 3 || args[0] == store.PhaseClose:
		return contest.Errorf(contest.Invalid, "after the phase, only: until <time>")
	}
	_, err := parseUntil(strings.Join(rest[1:], " "), time.UTC)
	return err
}

// parseUntil reads a phase's new last minute in loc, as the contest file
// writes ends: "2026-12-20T23:59" or "2026-12-20 23:59" (the phase ends at
// the end of that minute), or "2026-12-20" (the end of that day). It
// returns the first instant after the phase.
func parseUntil(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.Add(time.Minute), nil
		}
	}
	if d, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	return time.Time{}, contest.Errorf(contest.Invalid, "%q is not a time like 2026-12-20T23:59 or 2026-12-20", s)
}
