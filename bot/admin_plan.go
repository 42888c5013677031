package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

// The plans of the state-changing admin commands: each checks the command
// against the contest as it stands and says, in the organiser's language,
// what confirming it will change, the numbers it touches and whether it
// can be undone (see adminCommand.plan).

// phaseLabel names a phase for an organiser: its human name, and the id
// they type in commands.
func phaseLabel(r *Request, name string) string {
	return T(r.Lang, "admin.phase_label", PhaseName(r.Lang, name), name)
}

// commandTime writes an instant in the contest's timezone as a command's
// <time> argument ("2026-12-20T23:59"), for commands the organiser can copy.
func commandTime(r *Request, end time.Time) string {
	return end.Add(-time.Minute).In(r.Edition.Contest.Location).Format("2006-01-02T15:04")
}

// phaseUntil reads the optional "until <time>" of a phase command.
func phaseUntil(r *Request, args []string) (time.Time, error) {
	if len(args) <= 3 {
		return time.Time{}, nil
	}
	return parseUntil(strings.Join(args[3:], " "), r.Edition.Contest.Location)
}

func (b *Bot) planPhase(ctx context.Context, r *Request, args []string) (string, error) {
	op, name := args[0], args[1]
	until, err := phaseUntil(r, args)
	if err != nil {
		return "", err
	}
	cal, err := r.Tx.Calendar(ctx, r.Edition.ID, false)
	if err != nil {
		return "", err
	}
	after, changed, err := cal.Move(name, op, until, r.Now)
	var me *contest.MoveError
	if errors.As(err, &me) {
		return "", phaseRefusal(r, cal, me)
	}
	if err != nil {
		return "", err
	}
	before, _ := cal.Phase(name)
	if !changed {
		return "", nothingToDo(T(r.Lang, "admin.phase_unchanged", phaseLabel(r, name), localTime(r, before.Start), localEnd(r, before.End)))
	}
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.phase_plan", phaseLabel(r, name),
		localTime(r, before.Start), localEnd(r, before.End), localTime(r, after.Start), localEnd(r, after.End)))
	closes := !after.End.After(r.Now)
	switch name {
	case contest.PhasePublicVote:
		st, err := r.Tx.Status(ctx, r.Edition.ID)
		if err != nil {
			return "", err
		}
		key := "admin.phase_plan_vote_open"
		if closes {
			key = "admin.phase_plan_vote_closes"
		}
		sb.WriteString("\n" + T(r.Lang, key, T(r.Lang, "n.votes", st.Votes), T(r.Lang, "n.voters", st.Voters)))
	case contest.PhaseJuryVote:
		sheets, drafts, err := b.juryCounts(ctx, r)
		if err != nil {
			return "", err
		}
		key := "admin.phase_plan_jury_open"
		if closes {
			key = "admin.phase_plan_jury_closes"
		}
		sb.WriteString("\n" + T(r.Lang, key, T(r.Lang, "n.sheets", sheets), T(r.Lang, "n.drafts", drafts)))
	}
	sb.WriteString("\n" + T(r.Lang, "admin.phase_plan_undo", phaseUndo(r, op, name, before)))
	return sb.String(), nil
}

// phaseUndo is the command that puts a moved phase back as it was, as far
// as the clock allows.
func phaseUndo(r *Request, op, name string, before contest.Phase) string {
	syntax := adminSyntax(r)
	switch {
	case op == contest.PhaseClose:
		return syntax + " phase open " + name + " until " + commandTime(r, before.End)
	case before.Start.After(r.Now):
		return syntax + " phase close " + name
	case before.End.After(r.Now):
		return syntax + " phase extend " + name + " until " + commandTime(r, before.End)
	}
	return syntax + " phase close " + name
}

// phaseRefusal says why a phase cannot move, and what would make it possible.
func phaseRefusal(r *Request, cal contest.Calendar, e *contest.MoveError) error {
	syntax := adminSyntax(r)
	p := e.Phase
	switch e.Reason {
	case contest.MoveNoPhase:
		var names []string
		for _, q := range cal.Phases {
			names = append(names, phaseLabel(r, q.Name))
		}
		return refuse(r, "admin.phase_none", p.Name, strings.Join(names, ", "))
	case contest.MoveEnded:
		return refuse(r, "admin.phase_ended", phaseLabel(r, p.Name), localEnd(r, p.End),
			syntax+" phase open "+p.Name+" until "+commandTime(r, r.Now.Add(7*24*time.Hour).Truncate(time.Hour)))
	case contest.MoveNotStarted:
		return refuse(r, "admin.phase_not_started", phaseLabel(r, p.Name), localTime(r, p.Start),
			syntax+" phase open "+p.Name)
	case contest.MovePast:
		return refuse(r, "admin.phase_past", localEnd(r, e.Until))
	case contest.MoveOverlap:
		o := e.Other
		key, fix := "admin.phase_overlap", syntax+" phase close "+o.Name
		if o.Start.After(r.Now) {
			// No command moves a phase's start later: its dates are the
			// contest file's.
			key, fix = "admin.phase_overlap_later", o.Name
		}
		return refuse(r, key, phaseLabel(r, p.Name), phaseLabel(r, o.Name),
			localTime(r, o.Start), localEnd(r, o.End), fix)
	}
	return refuse(r, "admin.phase_op", syntax)
}

// juryCounts counts the submitted sheets that count and the drafts.
func (b *Bot) juryCounts(ctx context.Context, r *Request) (sheets, drafts int, err error) {
	jury, err := b.cfg.Store.JuryStatus(ctx, r.Edition.ID)
	for _, j := range jury {
		sheets += j.Scored
		drafts += j.Drafts
	}
	return sheets, drafts, err
}

// findProject is the project of the current contest with that id, or a
// refusal saying where the ids are.
func findProject(r *Request, id string) (contest.Project, error) {
	p, ok := r.Project(id)
	if !ok {
		return p, refuse(r, "admin.no_project", id, adminSyntax(r)+" tally")
	}
	return p, nil
}

func (b *Bot) planShortlist(ctx context.Context, r *Request, args []string) (string, error) {
	add := args[0] == "add"
	p, err := findProject(r, args[1])
	if err != nil {
		return "", err
	}
	on, err := r.Tx.Shortlisted(ctx, r.Edition.ID, p.ID)
	if err != nil {
		return "", err
	}
	if on == add {
		return "", nothingToDo(T(r.Lang, "admin.shortlist_unchanged_"+args[0], p.Name))
	}
	if add {
		jury, err := b.cfg.Store.JuryStatus(ctx, r.Edition.ID)
		if err != nil {
			return "", err
		}
		return T(r.Lang, "admin.shortlist_plan_add", p.Name, p.ID, T(r.Lang, "n.jurors", len(jury)), adminSyntax(r)+" shortlist remove "+p.ID), nil
	}
	in, err := b.cfg.Store.RankInput(ctx, r.Edition.ID)
	if err != nil {
		return "", err
	}
	sheets := 0
	for _, s := range in.Sheets {
		if s.Project == p.ID {
			sheets++
		}
	}
	return T(r.Lang, "admin.shortlist_plan_remove", p.Name, p.ID, T(r.Lang, "n.votes", in.Votes[p.ID]), T(r.Lang, "n.sheets", sheets),
		adminSyntax(r)+" shortlist add "+p.ID), nil
}

func (b *Bot) planRemind(ctx context.Context, r *Request, _ []string) (string, error) {
	jurors, err := r.Tx.JurorReminders(ctx, r.Edition.ID, ReminderPlatforms())
	if err != nil {
		return "", err
	}
	var names []string
	left := 0
	for _, j := range jurors {
		if j.Left > 0 {
			names = append(names, j.Name)
			left += j.Left
		}
	}
	if len(names) == 0 {
		return "", nothingToDo(T(r.Lang, "admin.remind_none"))
	}
	return T(r.Lang, "admin.remind_plan", T(r.Lang, "n.reminders", len(names)), strings.Join(names, ", "), T(r.Lang, "n.sheets_left", left)), nil
}

func (b *Bot) planAnnounce(ctx context.Context, r *Request, _ []string) (string, error) {
	ed := r.Edition
	at, err := r.Tx.AnnouncedAt(ctx, ed.ID)
	if err != nil {
		return "", err
	}
	if at != nil {
		return "", nothingToDo(T(r.Lang, "admin.already_announced", localTime(r, *at)))
	}
	cal, err := r.Tx.Calendar(ctx, ed.ID, false)
	if err != nil {
		return "", err
	}
	for _, name := range []string{contest.PhasePublicVote, contest.PhaseJuryVote} {
		if p, ok := cal.Phase(name); ok && r.Now.Before(p.End) {
			return "", refuse(r, "admin.announce_too_early", phaseLabel(r, name), localEnd(r, p.End), adminSyntax(r)+" phase close "+name)
		}
	}
	rows, err := report.Rank(ctx, b.cfg.Store, ed)
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", refuse(r, "admin.announce_no_shortlist", adminSyntax(r)+" shortlist add <project>")
	}
	votes, sheets := 0, 0
	for _, s := range rows {
		votes += s.Votes
		sheets += s.Jurors
	}
	if votes == 0 && sheets == 0 {
		return "", refuse(r, "admin.announce_nothing", adminSyntax(r)+" phase open "+contest.PhaseJuryVote+" until "+commandTime(r, r.Now.Add(7*24*time.Hour).Truncate(time.Hour)))
	}
	subs, err := r.Tx.Subscribers(ctx, ed.ID, false)
	if err != nil {
		return "", err
	}
	chats := len(b.announceChannels())
	reveal := min(revealRanks, len(rows))
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.announce_plan") + "\n")
	for _, s := range rows[:reveal] {
		sb.WriteString(standingLine(r, s) + "\n")
	}
	sb.WriteString(T(r.Lang, "admin.announce_basis", T(r.Lang, "n.votes", votes), T(r.Lang, "n.sheets", sheets)) + "\n")
	for _, note := range tieNotes(r, rows) {
		sb.WriteString(note + "\n")
	}
	recipients := len(subs) + chats
	sb.WriteString(T(r.Lang, "admin.announce_sends", T(r.Lang, "n.messages", recipients*reveal), T(r.Lang, "n.subscribers", len(subs)),
		T(r.Lang, "n.channels", chats), FormatDuration(r.Lang, b.cfg.RevealInterval)) + "\n")
	sb.WriteString(T(r.Lang, "admin.announce_final"))
	return sb.String(), nil
}

// standingLine is one rank of the ranking for an organiser.
func standingLine(r *Request, s contest.Standing) string {
	line := T(r.Lang, "admin.standing", s.Rank, s.Name, FormatPoints(r.Lang, s.Total), FormatPoints(r.Lang, s.PublicPoints), FormatPoints(r.Lang, s.JuryPoints))
	if s.Prize > 0 {
		line += " · " + T(r.Lang, "announce.prize", s.Prize)
	}
	return line
}

// tieNotes says, for each tie that decides a prize, which rule settled it,
// and when projects tied at zero go without a prize.
func tieNotes(r *Request, rows []contest.Standing) []string {
	c := r.Edition.Contest
	var notes []string
	zeros := 0
	for i, a := range rows {
		if a.Total == 0 {
			zeros++
		}
		if i+1 == len(rows) || c.Prize(a.Rank) == 0 || a.Total == 0 {
			continue // no prize at stake, or a tie at zero (said below)
		}
		n := rows[i+1]
		total := FormatPoints(r.Lang, a.Total)
		switch contest.TieBreak(a, n) {
		case contest.TieJury:
			notes = append(notes, T(r.Lang, "admin.tie_jury", a.Name, n.Name, total, FormatPoints(r.Lang, a.JuryPoints), FormatPoints(r.Lang, n.JuryPoints)))
		case contest.TieVotes:
			notes = append(notes, T(r.Lang, "admin.tie_votes", a.Name, n.Name, total, T(r.Lang, "n.votes", a.Votes), T(r.Lang, "n.votes", n.Votes)))
		case contest.TieID:
			notes = append(notes, T(r.Lang, "admin.tie_id", a.Name, n.Name, total, a.Project, n.Project))
		}
	}
	if zeros > 1 {
		notes = append(notes, T(r.Lang, "admin.tie_zero", zeros))
	}
	return notes
}

// voteChange says what voiding (or restoring) the votes ref names changes:
// how many change, for which projects; nothingToDo when none would.
func (b *Bot) voteChange(ctx context.Context, r *Request, ref string, void bool) (n int, projects string, err error) {
	votes, err := r.Tx.VotesNamed(ctx, r.Edition.ID, ref)
	if contest.ErrorCode(err) == contest.NotFound || contest.ErrorCode(err) == contest.Invalid {
		return 0, "", refuse(r, "admin.votes_none", ref, adminSyntax(r)+" suspicious")
	}
	if err != nil {
		return 0, "", err
	}
	by := map[string]int{}
	var order []string
	for _, v := range votes {
		if v.Voided == void {
			continue
		}
		if by[v.Project] == 0 {
			order = append(order, v.Project)
		}
		by[v.Project]++
		n++
	}
	parts := make([]string, len(order))
	for i, p := range order {
		parts[i] = p + " " + T(r.Lang, "n.votes_plain", by[p])
	}
	if n == 0 {
		key := map[bool]string{true: "admin.void_unchanged", false: "admin.restore_unchanged"}[void]
		return 0, "", nothingToDo(T(r.Lang, key))
	}
	return n, strings.Join(parts, ", "), nil
}

func (b *Bot) planVoid(ctx context.Context, r *Request, args []string) (string, error) {
	n, projects, err := b.voteChange(ctx, r, args[0], true)
	if err != nil {
		return "", err
	}
	return T(r.Lang, "admin.void_plan", T(r.Lang, "n.votes_plain", n), projects, strings.Join(args[1:], " "), adminSyntax(r)+" restore "+args[0]), nil
}

func (b *Bot) planRestore(ctx context.Context, r *Request, args []string) (string, error) {
	n, projects, err := b.voteChange(ctx, r, args[0], false)
	if err != nil {
		return "", err
	}
	return T(r.Lang, "admin.restore_plan", T(r.Lang, "n.votes_plain", n), projects), nil
}

// lookupAccount finds the account an organiser names on their own
// platform (every platform from the CLI), or refuses saying why.
func lookupAccount(ctx context.Context, r *Request, ref string) (store.NamedAccount, error) {
	acct, err := r.Tx.LookupAccount(ctx, accountPlatform(r), ref)
	switch contest.ErrorCode(err) {
	case contest.NotFound, contest.Invalid:
		where := T(r.Lang, "admin.on_platform", r.Platform)
		if accountPlatform(r) == "" {
			where = ""
		}
		return acct, refuse(r, "admin.forget_none", ref, where)
	case contest.Conflict:
		return acct, refuse(r, "admin.forget_ambiguous", ref, adminSyntax(r)+" forget "+r.Platform+":<id>")
	}
	return acct, err
}

// accountLabel names an account for an organiser: platform, id, username
// and display name, and its internal number.
func accountLabel(r *Request, a store.NamedAccount) string {
	label := a.Platform
	if a.PlatformUserID != nil {
		label += ":" + *a.PlatformUserID
	}
	if a.Username != "" {
		label += " @" + a.Username
	}
	if a.DisplayName != "" {
		label += " (" + a.DisplayName + ")"
	}
	return T(r.Lang, "admin.account", label, a.ID)
}

func (b *Bot) planForget(ctx context.Context, r *Request, args []string) (string, error) {
	acct, err := lookupAccount(ctx, r, args[0])
	if err != nil {
		return "", err
	}
	return T(r.Lang, "admin.forget_plan", accountLabel(r, acct)), nil
}

func (b *Bot) planInvite(ctx context.Context, r *Request, args []string) (string, error) {
	name := strings.Join(args, " ")
	if len([]rune(name)) > store.MaxJurorName {
		return "", refuse(r, "admin.invite_long", store.MaxJurorName)
	}
	expires := localTime(r, r.Now.Add(InviteTTL))
	j, err := r.Tx.JurorByName(ctx, r.Edition.ID, name)
	switch {
	case contest.ErrorCode(err) == contest.NotFound:
		return T(r.Lang, "admin.invite_plan_new", name, expires), nil
	case err != nil:
		return "", err
	case j.EnrolledAt != nil:
		return T(r.Lang, "admin.invite_plan_enrolled", j.Name, expires), nil
	}
	return T(r.Lang, "admin.invite_plan", j.Name, expires), nil
}

func (b *Bot) planConflict(ctx context.Context, r *Request, args []string) (string, error) {
	name, id, on, err := conflictArgs(args)
	if err != nil {
		return "", err
	}
	j, err := r.Tx.JurorByName(ctx, r.Edition.ID, name)
	if contest.ErrorCode(err) == contest.NotFound {
		jurors, err := b.cfg.Store.Jurors(ctx, r.Edition.ID)
		if err != nil {
			return "", err
		}
		names := make([]string, len(jurors))
		for i, j := range jurors {
			names[i] = j.Name
		}
		return "", refuse(r, "admin.no_juror", name, strings.Join(names, ", "))
	}
	if err != nil {
		return "", err
	}
	p, err := findProject(r, id)
	if err != nil {
		return "", err
	}
	sheets, err := r.Tx.JurorSheets(ctx, j)
	if err != nil {
		return "", err
	}
	status := ""
	for _, s := range sheets {
		if s.Project.ID == p.ID {
			status = s.Status()
		}
	}
	switch {
	case status == "":
		return "", refuse(r, "admin.conflict_not_shortlisted", p.Name, adminSyntax(r)+" shortlist add "+p.ID)
	case on == (status == store.SheetConflict):
		return "", nothingToDo(T(r.Lang, map[bool]string{true: "admin.conflict_unchanged_on", false: "admin.conflict_unchanged_off"}[on], j.Name, p.Name))
	case on:
		return T(r.Lang, "admin.conflict_plan_on", j.Name, p.Name, T(r.Lang, "admin.sheet_"+status),
			adminSyntax(r)+" conflict "+j.Name+" "+p.ID+" off"), nil
	}
	return T(r.Lang, "admin.conflict_plan_off", j.Name, p.Name), nil
}

func (b *Bot) planRetention(ctx context.Context, r *Request, _ []string) (string, error) {
	due, ok := store.RetentionDue(r.Edition)
	if !ok {
		return "", refuse(r, "admin.retention_unset")
	}
	if r.Now.Before(due) {
		return "", nothingToDo(T(r.Lang, "admin.retention_later", localTime(r, due)))
	}
	n, err := r.Tx.RetentionAccounts(ctx, r.Edition.ID)
	if err != nil {
		return "", err
	}
	if n == 0 {
		return "", nothingToDo(T(r.Lang, "admin.retention_none"))
	}
	return T(r.Lang, "admin.retention_plan", T(r.Lang, "n.accounts", n)), nil
}
