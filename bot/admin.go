package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

// The organisers' conversation: `/admin <command> [args]`.
//
// Reading commands answer at once. A state-changing command is first
// checked against the contest as it is (its plan): when it cannot be done,
// the organiser reads why at once, with the command that would make it
// possible; when there is nothing to do, they read that; otherwise the bot
// says in full what confirming will do and offers two buttons. The change
// happens when the organiser who asked presses Confirm, once (the
// confirmation is consumed), after the plan is checked again; every store
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

// ErrorMark starts every reply that reports a failed organiser command, for
// its reader; a program reads Response.Error instead.
const ErrorMark = "⚠️ "

// refused answers r with a refusal: text, marked with ErrorMark, and the
// coded error in the Response (see Response.Error).
func refused(r *Request, code, text string) {
	r.resp.Error = &contest.Error{Code: code, Message: text}
	r.Reply(Message{Text: ErrorMark + text})
}

// adminCommand is one `/admin` subcommand.
type adminCommand struct {
	name  string
	usage string // arguments, for help and usage errors
	// changes marks a state-changing command, run only after confirmation.
	changes bool
	// check validates the arguments before a confirmation is asked; nil
	// accepts any.
	check func(args []string) error
	// plan, for a state-changing command, checks it against the contest as
	// it is now and says what confirming it will do, in r.Lang. It fails
	// with a refusal (see refuse) when it cannot be done, or with
	// nothingToDo when it is already done.
	plan func(b *Bot, ctx context.Context, r *Request, args []string) (string, error)
	run  func(b *Bot, ctx context.Context, r *Request, args []string) error
}

// adminCommands lists every subcommand, in help order.
var adminCommands = []adminCommand{
	{name: "status", run: (*Bot).adminStatus},
	{name: "phase", usage: "open|close|extend <phase> [until <time>]", changes: true, check: checkPhase, plan: (*Bot).planPhase, run: (*Bot).adminPhase},
	{name: "shortlist", usage: "add|remove <project>", changes: true, check: checkShortlist, plan: (*Bot).planShortlist, run: (*Bot).adminShortlist},
	{name: "tally", run: (*Bot).adminTally},
	{name: "remind", usage: "jurors", changes: true, check: checkRemind, plan: (*Bot).planRemind, run: (*Bot).adminRemind},
	{name: "results", run: (*Bot).adminResults},
	{name: "announce", changes: true, check: noArgs, plan: (*Bot).planAnnounce, run: (*Bot).adminAnnounce},
	{name: "export", usage: "votes|scores|results|audit|receipts", check: checkExport, run: (*Bot).adminExport},
	{name: "void", usage: "<vote id, voter:<id> or receipt>[,…] <reason>", changes: true, check: checkVoid, plan: (*Bot).planVoid, run: (*Bot).adminVoid},
	{name: "restore", usage: "<vote id, voter:<id> or receipt>[,…]", changes: true, check: oneArg, plan: (*Bot).planRestore, run: (*Bot).adminRestore},
	{name: "forget", usage: "<platform:id or @username>", changes: true, check: oneArg, plan: (*Bot).planForget, run: (*Bot).adminForget},
	{name: "audit", usage: "[n]", check: checkAudit, run: (*Bot).adminAudit},
	{name: "invite", usage: "<juror name>", changes: true, check: someArgs, plan: (*Bot).planInvite, run: (*Bot).adminInvite},
	{name: "conflict", usage: "<juror name> <project> [off]", changes: true, check: checkConflict, plan: (*Bot).planConflict, run: (*Bot).adminConflict},
	{name: "suspicious", run: (*Bot).adminSuspicious},
	{name: "retention", changes: true, check: noArgs, plan: (*Bot).planRetention, run: (*Bot).adminRetention},
	{name: "web", usage: "[off]", check: checkWeb, run: (*Bot).adminWeb},
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
	b.adminCommand("admin", b.admin)
	b.adminCallback("a", b.adminButton)
}

// authorise is the middleware that lets only organisers reach a route
// registered as theirs (adminCommand, adminCallback): a configured id or a
// row of the organisers table. Anyone else is refused with the same short
// answer, and the attempt is logged.
func (b *Bot) authorise(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		if !r.route.admin {
			return next(ctx, r)
		}
		ok := r.Admin
		if !ok {
			var err error
			platform, id := organiserID(r.Platform, r.UserID)
			if ok, err = r.Tx.IsOrganiser(ctx, platform, id); err != nil {
				return err
			}
		}
		if !ok {
			b.cfg.Log.Warn("admin command refused", "platform", r.Platform, "user", r.UserID, "command", attempted(r))
			msg := T(r.Lang, "error.forbidden")
			if r.Callback != nil {
				r.Answer(msg)
			}
			r.resp.Error = &contest.Error{Code: contest.Forbidden, Message: msg}
			r.Reply(Message{Text: msg})
			return nil
		}
		r.Admin = true
		return next(ctx, r)
	}
}

// attempted names what a refused sender tried, for the log: the command
// and its first argument ("admin status"), or the button's prefix.
func attempted(r *Request) string {
	if r.Callback != nil {
		prefix, _, _ := strings.Cut(r.Callback.Data, ":")
		return "button " + prefix
	}
	name, args := splitCommand(r.Text)
	if fields := strings.Fields(args); len(fields) > 0 {
		return name + " " + fields[0]
	}
	return name
}

func actorOf(r *Request) store.Actor { return store.Actor{Platform: r.Platform, ID: r.UserID} }

// admin handles `/admin …`.
func (b *Bot) admin(ctx context.Context, r *Request) error {
	_, text := splitCommand(r.Text)
	fields := strings.Fields(text)
	if len(fields) == 0 || fields[0] == "help" {
		r.Reply(Message{Text: adminHelp(r)})
		return nil
	}
	cmd, ok := findAdminCommand(strings.ToLower(fields[0]))
	if !ok {
		refused(r, contest.Invalid, T(r.Lang, "admin.unknown", fields[0])+"\n\n"+adminHelp(r))
		return nil
	}
	args := fields[1:]
	if cmd.check != nil {
		if err := cmd.check(args); err != nil {
			refused(r, contest.Invalid, say(r, err)+"\n"+T(r.Lang, "admin.usage", adminSyntax(r)+" "+cmd.name+" "+cmd.usage))
			return nil
		}
	}
	if !cmd.changes {
		return b.runAdmin(ctx, r, cmd, args)
	}
	what, err := cmd.plan(b, ctx, r, args)
	if done, err := answerPlan(r, err); done || err != nil {
		return err
	}
	command := cmd.name + " " + strings.Join(args, " ")
	token, err := r.Tx.AskConfirmation(ctx, r.Edition.ID, actorOf(r), command, r.Now)
	if err != nil {
		return err
	}
	c := &Confirmation{
		Yes: Button{Text: T(r.Lang, "admin.confirm_yes"), Data: "a:y:" + token},
		No:  Button{Text: T(r.Lang, "admin.confirm_no"), Data: "a:n:" + token},
	}
	r.resp.Confirm = c
	r.Reply(Message{Text: what + "\n\n" + T(r.Lang, "admin.confirm"), Buttons: [][]Button{{c.Yes, c.No}}})
	return nil
}

// adminButton handles a Confirm or Cancel press.
func (b *Bot) adminButton(ctx context.Context, r *Request) error {
	parts := strings.Split(r.Callback.Data, ":")
	if len(parts) != 3 || (parts[1] != "y" && parts[1] != "n") || parts[2] == "" {
		r.Answer(T(r.Lang, "error.unknown_button"))
		return nil
	}
	command, err := r.Tx.TakeConfirmation(ctx, parts[2], actorOf(r), r.Now)
	if err != nil {
		if contest.ErrorCode(err) == contest.Forbidden {
			r.Answer(T(r.Lang, "admin.not_yours"))
			refused(r, contest.Forbidden, T(r.Lang, "admin.not_yours"))
			return nil
		}
		if contest.ErrorCode(err) == contest.NotFound {
			r.Answer(T(r.Lang, "admin.stale"))
			refused(r, contest.NotFound, T(r.Lang, "admin.stale"))
			return nil
		}
		return err
	}
	if parts[1] == "n" {
		r.Answer(T(r.Lang, "admin.cancelled"))
		r.Reply(Message{Text: T(r.Lang, "admin.cancelled")})
		return nil
	}
	fields := strings.Fields(command)
	cmd, ok := findAdminCommand(fields[0])
	if !ok || !cmd.changes {
		return fmt.Errorf("admin confirmation holds an unknown command %q", fields[0])
	}
	// Things may have changed since the question: check again, and refuse
	// in the same words as the question would have.
	if _, err := cmd.plan(b, ctx, r, fields[1:]); err != nil {
		r.Answer(T(r.Lang, "admin.not_done"))
		_, err := answerPlan(r, err)
		return err
	}
	r.Answer(T(r.Lang, "admin.confirmed"))
	return b.runAdmin(ctx, r, cmd, fields[1:])
}

// nothingToDo is a plan's answer when the command is already done: the
// organiser reads why, and no confirmation is asked.
type nothingToDo string

func (n nothingToDo) Error() string { return string(n) }

// refuse is a plan's answer when the command cannot be done now: the text
// of key in the organiser's language, which says why and, when there is
// one, the command that would make it possible.
func refuse(r *Request, key string, args ...any) error {
	return &contest.Error{Code: contest.Conflict, Message: T(r.Lang, key, args...)}
}

// answerPlan answers a plan's refusal (marked as an error) or its
// nothingToDo, reporting done = true; any other error is returned.
func answerPlan(r *Request, err error) (done bool, _ error) {
	var n nothingToDo
	var ce *contest.Error
	var ue *usageError
	switch {
	case err == nil:
		return false, nil
	case errors.As(err, &n):
		r.Reply(Message{Text: string(n)})
		return true, nil
	case errors.As(err, &ue):
		refused(r, contest.Invalid, say(r, ue))
		return true, nil
	case errors.As(err, &ce) && ce.Code != contest.Internal:
		refused(r, ce.Code, ce.Error())
		return true, nil
	}
	return true, err
}

// adminSyntax is how the organiser types an admin command where they are:
// "/admin" in a chat, "/prix admin" in Slack, "prixbot admin" on the CLI.
func adminSyntax(r *Request) string { return Platform(r.Platform).Admin }

// runAdmin runs a command inside a savepoint: a command that fails with a
// contest error leaves nothing behind, and the organiser reads the precise
// reason rather than the public one-liner.
func (b *Bot) runAdmin(ctx context.Context, r *Request, cmd adminCommand, args []string) error {
	sp, err := r.Tx.Savepoint(ctx)
	if err != nil {
		return err
	}
	err = cmd.run(b, ctx, r, args)
	var ce *contest.Error
	var ue *usageError
	if errors.As(err, &ue) || (errors.As(err, &ce) && ce.Code != contest.Internal) {
		if rerr := sp.Rollback(ctx); rerr != nil {
			return rerr
		}
		code := contest.Invalid
		if ce != nil {
			code = ce.Code
		}
		refused(r, code, say(r, err))
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

func adminHelp(r *Request) string {
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.help"))
	for _, c := range adminCommands {
		sb.WriteString("\n" + adminSyntax(r) + " " + c.name)
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

// usageError is an argument check's refusal: a text key and its arguments,
// said in the organiser's language (see say).
type usageError struct {
	key  string
	args []any
}

func (e *usageError) Error() string { return T(EN, e.key, e.args...) }

func badArgs(key string, args ...any) error { return &usageError{key, args} }

// say is an error's sentence for r: a usageError in r.Lang, any other as it
// reads.
func say(r *Request, err error) string {
	var ue *usageError
	if errors.As(err, &ue) {
		return T(r.Lang, ue.key, ue.args...)
	}
	return err.Error()
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return badArgs("admin.args_none")
	}
	return nil
}

func oneArg(args []string) error {
	if len(args) != 1 {
		return badArgs("admin.args_one")
	}
	return nil
}

func someArgs(args []string) error {
	if len(args) == 0 {
		return badArgs("admin.args_missing")
	}
	return nil
}

func checkRemind(args []string) error {
	if len(args) != 1 || args[0] != "jurors" {
		return badArgs("admin.args_remind")
	}
	return nil
}

func checkShortlist(args []string) error {
	if len(args) != 2 || (args[0] != "add" && args[0] != "remove") {
		return badArgs("admin.args_shortlist")
	}
	return nil
}

func checkExport(args []string) error {
	if len(args) != 1 || !report.IsKind(args[0]) {
		return badArgs("admin.args_export")
	}
	return nil
}

func checkVoid(args []string) error {
	if len(args) < 2 {
		return badArgs("admin.args_void")
	}
	return nil
}

func checkAudit(args []string) error {
	if len(args) == 0 {
		return nil
	}
	if n, err := strconv.Atoi(args[0]); len(args) > 1 || err != nil || n < 1 {
		return badArgs("admin.args_audit")
	}
	return nil
}

// checkPhase validates "open|close|extend <phase> [until <time>]"; the time
// is checked when the command runs, in the contest's timezone.
func checkPhase(args []string) error {
	if len(args) < 2 {
		return badArgs("admin.args_phase")
	}
	switch args[0] {
	case contest.PhaseOpen, contest.PhaseClose, contest.PhaseExtend:
	default:
		return badArgs("admin.args_phase")
	}
	rest := args[2:]
	switch {
	case len(rest) == 0 && args[0] == contest.PhaseExtend:
		return badArgs("admin.args_until")
	case len(rest) == 0:
		return nil
	case rest[0] != "until" || len(rest) < 2 || len(rest) > 3 || args[0] == contest.PhaseClose:
		return badArgs("admin.args_until")
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
	return time.Time{}, badArgs("admin.args_time", s)
}
