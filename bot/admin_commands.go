package bot

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"prixbot/bot/report"
	"prixbot/contest"
)

// localTime writes an instant in the contest's timezone, in r.Lang.
func localTime(r *Request, t time.Time) string {
	return FormatTime(r.Lang, t.In(r.Edition.Contest.Location))
}

// localEnd writes the last minute of a period that ends at end, in the
// contest's timezone, in r.Lang.
func localEnd(r *Request, end time.Time) string {
	return FormatDeadline(r.Lang, end.In(r.Edition.Contest.Location))
}

func (b *Bot) adminStatus(ctx context.Context, r *Request, _ []string) error {
	ed := r.Edition
	var sb strings.Builder
	sb.WriteString(ed.Contest.Name + "\n")
	if p, ok := ed.Contest.Calendar.OpenAt(r.Now); ok {
		sb.WriteString(T(r.Lang, "admin.status_phase", phaseLabel(r, p.Name), localEnd(r, p.End), FormatDuration(r.Lang, p.End.Sub(r.Now))) + "\n")
	} else if p, ok := ed.Contest.Calendar.NextPhase(r.Now); ok {
		sb.WriteString(T(r.Lang, "admin.status_next", phaseLabel(r, p.Name), localTime(r, p.Start)) + "\n")
	} else {
		sb.WriteString(T(r.Lang, "admin.status_over") + "\n")
	}
	st, err := r.Tx.Status(ctx, ed.ID)
	if err != nil {
		return err
	}
	sb.WriteString(T(r.Lang, "admin.status_counts", T(r.Lang, "n.voters", st.Voters), T(r.Lang, "n.votes", st.Votes),
		st.Voided, T(r.Lang, "n.subscribers", st.Subscribers), st.Shortlisted) + "\n")
	jury, err := b.cfg.Store.JuryStatus(ctx, ed.ID)
	if err != nil {
		return err
	}
	sb.WriteString(T(r.Lang, "admin.status_jury", st.Enrolled, st.Jurors) + "\n")
	for _, j := range jury {
		sb.WriteString("  " + T(r.Lang, "admin.status_juror", j.Name, j.Scored, j.Total, T(r.Lang, "n.drafts", j.Drafts), T(r.Lang, "n.conflicts", j.Conflicts)) + "\n")
	}
	h, err := b.cfg.Store.OutboxHealth(ctx, r.Now)
	if err != nil {
		return err
	}
	sb.WriteString(T(r.Lang, "admin.status_outbox", h.Depth, h.Due, FormatDuration(r.Lang, h.OldestDue), h.Sent, h.Dead, h.Blocked) + "\n")
	if h.LastError != "" {
		sb.WriteString("  " + h.LastError + "\n")
	}
	if ed.AnnouncedAt != nil {
		sb.WriteString(T(r.Lang, "admin.status_announced", localTime(r, *ed.AnnouncedAt)))
	} else {
		sb.WriteString(T(r.Lang, "admin.status_not_announced"))
	}
	r.Reply(Message{Text: sb.String()})
	return nil
}

func (b *Bot) adminPhase(ctx context.Context, r *Request, args []string) error {
	op, name := args[0], args[1]
	until, err := phaseUntil(r, args)
	if err != nil {
		return err
	}
	changed, err := r.Tx.MovePhase(ctx, r.Edition.ID, actorOf(r), name, op, until, r.Now)
	if err != nil {
		return err
	}
	if !changed {
		r.Reply(Message{Text: T(r.Lang, "admin.unchanged")})
		return nil
	}
	cal, err := r.Tx.Calendar(ctx, r.Edition.ID, false)
	if err != nil {
		return err
	}
	p, _ := cal.Phase(name)
	r.Reply(Message{Text: T(r.Lang, "admin.phase_done", phaseLabel(r, name), localTime(r, p.Start), localEnd(r, p.End))})
	return nil
}

func (b *Bot) adminShortlist(ctx context.Context, r *Request, args []string) error {
	changed, err := r.Tx.SetShortlisted(ctx, r.Edition.ID, actorOf(r), args[1], args[0] == "add")
	if err != nil {
		return err
	}
	if !changed {
		r.Reply(Message{Text: T(r.Lang, "admin.unchanged")})
		return nil
	}
	p, _ := r.Project(args[1])
	r.Reply(Message{Text: T(r.Lang, "admin.shortlist_"+args[0], p.Name)})
	return nil
}

func (b *Bot) adminTally(ctx context.Context, r *Request, _ []string) error {
	rows, err := r.Tx.Tally(ctx, r.Edition.ID)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.tally") + "\n")
	for _, t := range rows {
		mark := ""
		if !t.Shortlisted {
			mark = " ✗"
		}
		sb.WriteString(FormatNumber(r.Lang, t.Votes) + "  " + t.Project + mark)
		if t.Voided > 0 {
			sb.WriteString(" " + T(r.Lang, "admin.voided", t.Voided))
		}
		sb.WriteString("\n")
	}
	r.Reply(Message{Text: sb.String()})
	return nil
}

// adminRemind sends every juror with sheets left their reminder now, through
// the outbox (see jurorReminders); at most one such reminder per juror per
// hour.
func (b *Bot) adminRemind(ctx context.Context, r *Request, _ []string) error {
	jury, _ := r.Edition.Contest.Calendar.Phase(contest.PhaseJuryVote)
	ns, err := jurorReminders(ctx, r.Tx, r.Edition, "remind/"+r.Now.UTC().Format("2006-01-02T15"), jury.End, r.Now)
	if err != nil {
		return err
	}
	n, err := r.Tx.EnqueueBatch(ctx, ns, r.Now)
	if err != nil {
		return err
	}
	if n > 0 {
		if err := r.Tx.Audit(ctx, r.Edition.ID, actorOf(r), "remind jurors", "", nil, map[string]int{"reminders": n}); err != nil {
			return err
		}
	}
	r.Reply(Message{Text: T(r.Lang, "admin.reminded", T(r.Lang, "n.reminders", n))})
	return nil
}

// adminResults previews the ranking for organisers, with the margin between
// consecutive ranks.
func (b *Bot) adminResults(ctx context.Context, r *Request, _ []string) error {
	rows, err := report.Rank(ctx, b.cfg.Store, r.Edition)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.results_head") + "\n")
	for i, s := range rows {
		sb.WriteString(standingLine(r, s))
		if i+1 < len(rows) {
			sb.WriteString(" ▲" + FormatPoints(r.Lang, s.Total-rows[i+1].Total))
		}
		sb.WriteString("\n")
	}
	for _, note := range tieNotes(r, rows) {
		sb.WriteString(note + "\n")
	}
	if len(rows) == 0 {
		sb.WriteString(T(r.Lang, "admin.no_shortlist"))
	}
	r.Reply(Message{Text: sb.String()})
	return nil
}

func (b *Bot) adminExport(ctx context.Context, r *Request, args []string) error {
	var buf bytes.Buffer
	if err := report.Export(ctx, b.cfg.Store, args[0], "csv", &buf); err != nil {
		return err
	}
	r.Reply(Message{
		Text:     T(r.Lang, "admin.export", args[0]),
		Document: &Document{Name: r.Edition.Contest.Slug + "-" + args[0] + ".csv", MIME: "text/csv", Content: buf.Bytes()},
	})
	return nil
}

func (b *Bot) adminVoid(ctx context.Context, r *Request, args []string) error {
	n, err := r.Tx.VoidVotes(ctx, r.Edition.ID, actorOf(r), args[0], strings.Join(args[1:], " "), r.Now)
	if err != nil {
		return err
	}
	r.Reply(Message{Text: T(r.Lang, "admin.voided_n", T(r.Lang, "n.votes_plain", n), adminSyntax(r)+" restore "+args[0])})
	return nil
}

func (b *Bot) adminRestore(ctx context.Context, r *Request, args []string) error {
	n, err := r.Tx.RestoreVotes(ctx, r.Edition.ID, actorOf(r), args[0])
	if err != nil {
		return err
	}
	r.Reply(Message{Text: T(r.Lang, "admin.restored_n", T(r.Lang, "n.votes_plain", n))})
	return nil
}

// adminForget erases an account's personal data, as /forget does for a
// voter; the audit row names the account by its internal number only.
func (b *Bot) adminForget(ctx context.Context, r *Request, args []string) error {
	acct, err := lookupAccount(ctx, r, args[0])
	if err != nil {
		return err
	}
	if _, err := r.Tx.ForgetAccount(ctx, acct.ID, r.Now); err != nil {
		return err
	}
	if err := r.Tx.AuditForget(ctx, r.Edition.ID, actorOf(r), acct.ID); err != nil {
		return err
	}
	r.Reply(Message{Text: T(r.Lang, "admin.forgotten", accountLabel(r, acct))})
	return nil
}

// accountPlatform is where an organiser's "@username" or bare id is looked
// for: their own platform, or every platform from the CLI, which has no
// accounts of its own.
func accountPlatform(r *Request) string {
	if r.Platform == CLI {
		return ""
	}
	return r.Platform
}

func (b *Bot) adminAudit(ctx context.Context, r *Request, args []string) error {
	n := 10
	if len(args) == 1 {
		n, _ = strconv.Atoi(args[0])
	}
	rows, err := r.Tx.AuditTrail(ctx, r.Edition.ID, min(n, 100))
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.audit_head", len(rows)) + "\n")
	for _, a := range rows {
		fmt.Fprintf(&sb, "#%d %s %s:%s %s %s\n", a.ID, localTime(r, a.At), a.ActorPlatform, a.ActorID, a.Action, a.Target)
	}
	text := sb.String()
	if len(text) > MaxTextLen {
		text = text[:strings.LastIndex(text[:MaxTextLen-1], "\n")+1] + "…"
	}
	r.Reply(Message{Text: text})
	return nil
}

func (b *Bot) adminInvite(ctx context.Context, r *Request, args []string) error {
	return b.InviteJuror(ctx, r, strings.Join(args, " "))
}

// adminSuspicious lists the fraud signals with the command that would
// quarantine each group of votes.
func (b *Bot) adminSuspicious(ctx context.Context, r *Request, _ []string) error {
	signals, err := r.Tx.Suspicious(ctx, r.Edition.ID, b.cfg.Fraud)
	if err != nil {
		return err
	}
	if len(signals) == 0 {
		r.Reply(Message{Text: T(r.Lang, "admin.suspicious_none")})
		return nil
	}
	var sb strings.Builder
	sb.WriteString(T(r.Lang, "admin.suspicious_head") + "\n")
	for _, s := range signals {
		where := s.Project
		if !s.From.IsZero() {
			where += " " + localTime(r, s.From)
		}
		sb.WriteString("• " + T(r.Lang, "admin.signal_"+s.Kind, s.Count, strings.TrimSpace(where), len(s.VoteIDs)) + "\n")
		if len(s.VoteIDs) > 0 {
			ids := make([]string, len(s.VoteIDs))
			for i, id := range s.VoteIDs {
				ids[i] = strconv.FormatInt(id, 10)
			}
			fmt.Fprintf(&sb, "  %s void %s %s\n", adminSyntax(r), strings.Join(ids, ","), s.Kind)
		}
	}
	text := sb.String()
	if len(text) > MaxTextLen {
		text = text[:strings.LastIndex(text[:MaxTextLen-1], "\n")+1] + "…"
	}
	r.Reply(Message{Text: text})
	return nil
}

// adminRetention applies the contest's retention_days now: once they have
// passed since the ceremony, every identity still held is erased (in its own
// transaction, audited as the system's). Schedule `prixbot admin retention
// --yes` daily to make it automatic.
func (b *Bot) adminRetention(ctx context.Context, r *Request, _ []string) error {
	n, err := b.cfg.Store.ApplyRetention(ctx, r.Edition, r.Now)
	if err != nil {
		return err
	}
	r.Reply(Message{Text: T(r.Lang, "admin.retention_done", n)})
	return nil
}
