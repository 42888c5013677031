package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"

	"prixbot/contest"
)

// IsOrganiser reports whether a platform user is listed in the organisers
// table (in addition to the ids configured in the environment).
func (tx *Tx) IsOrganiser(ctx context.Context, platform, userID string) (bool, error) {
	var ok bool
	err := tx.tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM organisers WHERE platform = $1 AND platform_user_id = $2)`, platform, userID)
	return ok, mapErr(err)
}

// ConfirmationTTL is how long a confirmation button stays valid.
const ConfirmationTTL = 15 * time.Minute

// AskConfirmation records a state-changing command waiting for its
// confirmation button and returns the token the button carries.
func (tx *Tx) AskConfirmation(ctx context.Context, contestID int64, actor Actor, command string, now time.Time) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := hex.EncodeToString(b[:])
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM admin_confirmations WHERE created_at < $1`, now.Add(-ConfirmationTTL)); err != nil {
		return "", mapErr(err)
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO admin_confirmations (token, contest_id, actor_platform, actor_id, command, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, token, contestID, actor.Platform, actor.ID, command, now)
	return token, mapErr(err)
}

// TakeConfirmation consumes the confirmation with that token and returns its
// command. It fails with contest.NotFound when the token is unknown, already
// used or older than ConfirmationTTL, and with contest.Forbidden when actor is
// not the organiser who asked: that press leaves the confirmation as it was,
// for its asker to use.
func (tx *Tx) TakeConfirmation(ctx context.Context, token string, actor Actor, now time.Time) (string, error) {
	var row struct {
		Platform  string    `db:"actor_platform"`
		ID        string    `db:"actor_id"`
		Command   string    `db:"command"`
		CreatedAt time.Time `db:"created_at"`
	}
	err := tx.tx.GetContext(ctx, &row, `SELECT actor_platform, actor_id, command, created_at
		FROM admin_confirmations WHERE token = $1 FOR UPDATE`, token)
	if err != nil {
		if contest.ErrorCode(mapErr(err)) == contest.NotFound {
			return "", contest.Errorf(contest.NotFound, "this confirmation was already used or has expired")
		}
		return "", mapErr(err)
	}
	if row.Platform != actor.Platform || row.ID != actor.ID {
		return "", contest.Errorf(contest.Forbidden, "only the organiser who asked can confirm")
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM admin_confirmations WHERE token = $1`, token); err != nil {
		return "", mapErr(err)
	}
	if now.Sub(row.CreatedAt) > ConfirmationTTL {
		return "", contest.Errorf(contest.NotFound, "this confirmation has expired")
	}
	return row.Command, nil
}

type phaseTimes struct {
	Start time.Time `json:"start" db:"start_at"`
	End   time.Time `json:"end" db:"end_at"`
}

// Calendar reads a contest's phases as they stand in the database now; with
// lock, it locks them until the transaction ends.
func (tx *Tx) Calendar(ctx context.Context, contestID int64, lock bool) (contest.Calendar, error) {
	q := `SELECT name, start_at, end_at FROM phases WHERE contest_id = $1 ORDER BY start_at`
	if lock {
		q += ` FOR UPDATE`
	}
	var rows []struct {
		Name string `db:"name"`
		phaseTimes
	}
	if err := tx.tx.SelectContext(ctx, &rows, q, contestID); err != nil {
		return contest.Calendar{}, mapErr(err)
	}
	var c contest.Calendar
	for _, r := range rows {
		c.Phases = append(c.Phases, contest.Phase{Name: r.Name, Start: r.Start, End: r.End})
	}
	return c, nil
}

// MovePhase opens, closes or extends a phase of a contest at now, by the
// rule of contest.Calendar.Move, and audits the move. until is the new end
// for extend (required) and open (optional). It reports changed == false,
// writing nothing, when the phase is already as asked. Errors: those of
// Move, as a *contest.Error with the code of the *contest.MoveError.
//
// A move of the public vote first waits for the votes being cast to commit
// and holds new ones until it commits (each vote's statement checks the
// phase at its cast time, voteOpenAt); closing it ends it after the last
// vote cast, so that no counted vote has a cast time after the end.
func (tx *Tx) MovePhase(ctx context.Context, contestID int64, actor Actor, name, op string, until, now time.Time) (changed bool, err error) {
	if name == contest.PhasePublicVote {
		if _, err := tx.tx.ExecContext(ctx, `LOCK TABLE votes IN SHARE MODE`); err != nil {
			return false, mapErr(err)
		}
	}
	cal, err := tx.Calendar(ctx, contestID, true)
	if err != nil {
		return false, err
	}
	after, changed, err := cal.Move(name, op, until, now)
	var me *contest.MoveError
	if errors.As(err, &me) {
		return false, contest.Errorf(me.Code(), "%s", me.Error())
	}
	if err != nil || !changed {
		return false, err
	}
	if op == contest.PhaseClose && name == contest.PhasePublicVote {
		// Votes that committed while this waited for the lock, cast at or
		// after now, stay inside the phase.
		var last sql.NullTime
		if err := tx.tx.GetContext(ctx, &last, `SELECT max(cast_at) FROM votes WHERE contest_id = $1 AND cast_at >= $2`, contestID, now); err != nil {
			return false, mapErr(err)
		}
		if last.Valid {
			after.End = last.Time.Add(time.Microsecond)
		}
	}
	before, _ := cal.Phase(name)
	if _, err := tx.tx.ExecContext(ctx, `UPDATE phases SET start_at = $3, end_at = $4 WHERE contest_id = $1 AND name = $2`,
		contestID, name, after.Start, after.End); err != nil {
		return false, mapErr(err)
	}
	return true, audit(ctx, tx, contestID, actor, "phase "+op, name,
		phaseTimes{before.Start, before.End}, phaseTimes{after.Start, after.End})
}

// Shortlisted reports whether a project of a contest is on the shortlist, as
// the transaction sees it; contest.NotFound when there is no such project.
func (tx *Tx) Shortlisted(ctx context.Context, contestID int64, projectID string) (bool, error) {
	var on bool
	err := tx.tx.GetContext(ctx, &on, `SELECT shortlisted FROM projects WHERE contest_id = $1 AND id = $2`, contestID, projectID)
	return on, mapErr(err)
}

// SetShortlisted adds a project to the shortlist or removes it, and audits
// the change. It reports changed == false when the project was already so;
// contest.NotFound when there is no such project.
func (tx *Tx) SetShortlisted(ctx context.Context, contestID int64, actor Actor, projectID string, on bool) (changed bool, err error) {
	var was bool
	err = tx.tx.GetContext(ctx, &was, `SELECT shortlisted FROM projects WHERE contest_id = $1 AND id = $2 FOR UPDATE`, contestID, projectID)
	if err != nil {
		if contest.ErrorCode(mapErr(err)) == contest.NotFound {
			return false, contest.Errorf(contest.NotFound, "no project %q", projectID)
		}
		return false, mapErr(err)
	}
	if was == on {
		return false, nil
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE projects SET shortlisted = $3 WHERE contest_id = $1 AND id = $2`, contestID, projectID, on); err != nil {
		return false, mapErr(err)
	}
	action := "shortlist remove"
	if on {
		action = "shortlist add"
	}
	return true, audit(ctx, tx, contestID, actor, action, projectID, map[string]bool{"shortlisted": was}, map[string]bool{"shortlisted": on})
}

var (
	receiptRe = regexp.MustCompile(`^[A-Z2-7]{5}-[A-Z2-7]{5}$`)
	voteRefRe = regexp.MustCompile(`^(?:vote:)?(\d+)$`)
	voterRe   = regexp.MustCompile(`^voter:(\d+)$`)
)

// ResolveVotes turns an organiser's reference into vote ids of a contest. A
// reference is a comma-separated list of vote ids ("12", "vote:12"), voters
// ("voter:7": all their votes) or receipt codes ("ABCDE-FGHIJ"). It fails
// with contest.Invalid for a malformed reference and contest.NotFound when a
// part matches no vote.
func (tx *Tx) ResolveVotes(ctx context.Context, contestID int64, ref string) ([]int64, error) {
	var ids []int64
	for part := range strings.SplitSeq(ref, ",") {
		part = strings.TrimSpace(part)
		var q string
		var arg any
		switch {
		case voterRe.MatchString(part):
			n, _ := strconv.ParseInt(voterRe.FindStringSubmatch(part)[1], 10, 64)
			q, arg = `SELECT id FROM votes WHERE contest_id = $1 AND voter_id = $2 ORDER BY id`, n
		case voteRefRe.MatchString(part):
			n, _ := strconv.ParseInt(voteRefRe.FindStringSubmatch(part)[1], 10, 64)
			q, arg = `SELECT id FROM votes WHERE contest_id = $1 AND id = $2`, n
		case receiptRe.MatchString(strings.ToUpper(part)):
			q, arg = `SELECT id FROM votes WHERE contest_id = $1 AND receipt = $2`, strings.ToUpper(part)
		default:
			return nil, contest.Errorf(contest.Invalid, "%q is not a vote id, voter:<id> or receipt code", part)
		}
		var found []int64
		if err := tx.tx.SelectContext(ctx, &found, q, contestID, arg); err != nil {
			return nil, mapErr(err)
		}
		if len(found) == 0 {
			return nil, contest.Errorf(contest.NotFound, "no vote matches %q", part)
		}
		ids = append(ids, found...)
	}
	return ids, nil
}

type voteState struct {
	ID       int64      `json:"id" db:"id"`
	Project  string     `json:"project" db:"project_id"`
	VoidedAt *time.Time `json:"voided_at" db:"voided_at"`
	Reason   *string    `json:"void_reason" db:"void_reason"`
}

// VoteRef is a vote an organiser names, as it stands: its project and
// whether it is voided.
type VoteRef struct {
	ID      int64  `db:"id"`
	Project string `db:"project_id"`
	Voided  bool   `db:"voided"`
}

// VotesNamed returns the votes ref names (see ResolveVotes), in id order,
// so that a confirmation can say what voiding or restoring them changes.
// Errors: those of ResolveVotes.
func (tx *Tx) VotesNamed(ctx context.Context, contestID int64, ref string) ([]VoteRef, error) {
	ids, err := tx.ResolveVotes(ctx, contestID, ref)
	if err != nil {
		return nil, err
	}
	var rows []VoteRef
	err = tx.tx.SelectContext(ctx, &rows, `SELECT id, project_id, voided_at IS NOT NULL AS voided FROM votes
		WHERE contest_id = $1 AND id = ANY($2) ORDER BY id`, contestID, pq.Array(ids))
	return rows, mapErr(err)
}

// VoidVotes voids (quarantines) the votes that ref names (see ResolveVotes)
// with a reason; voided votes stop counting but stay stored and can be
// restored. Votes already voided are left alone; it returns how many changed
// and audits them in one row. An empty reason fails with contest.Invalid.
func (tx *Tx) VoidVotes(ctx context.Context, contestID int64, actor Actor, ref, reason string, now time.Time) (int, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return 0, contest.Errorf(contest.Invalid, "say why the votes are voided")
	}
	return tx.setVoid(ctx, contestID, actor, ref, "void", `voided_at IS NULL`, &now, &reason)
}

// RestoreVotes counts again the voided votes that ref names, auditing the
// change; it returns how many changed (0 when none was voided).
func (tx *Tx) RestoreVotes(ctx context.Context, contestID int64, actor Actor, ref string) (int, error) {
	return tx.setVoid(ctx, contestID, actor, ref, "restore", `voided_at IS NOT NULL`, nil, nil)
}

func (tx *Tx) setVoid(ctx context.Context, contestID int64, actor Actor, ref, action, cond string, at *time.Time, reason *string) (int, error) {
	ids, err := tx.ResolveVotes(ctx, contestID, ref)
	if err != nil {
		return 0, err
	}
	var before []voteState
	if err := tx.tx.SelectContext(ctx, &before, `SELECT id, project_id, voided_at, void_reason FROM votes
		WHERE contest_id = $1 AND id = ANY($2) AND `+cond+` ORDER BY id FOR UPDATE`, contestID, pq.Array(ids)); err != nil {
		return 0, mapErr(err)
	}
	if len(before) == 0 {
		return 0, nil
	}
	changed := make([]int64, len(before))
	for i, v := range before {
		changed[i] = v.ID
	}
	var after []voteState
	if err := tx.tx.SelectContext(ctx, &after, `UPDATE votes SET voided_at = $2, void_reason = $3 WHERE id = ANY($1)
		RETURNING id, project_id, voided_at, void_reason`, pq.Array(changed), at, reason); err != nil {
		return 0, mapErr(err)
	}
	return len(before), audit(ctx, tx, contestID, actor, action, ref, before, after)
}

// Status is the state of a contest at a glance, for organisers.
type Status struct {
	Voters      int `db:"voters"`
	Votes       int `db:"votes"`  // counted
	Voided      int `db:"voided"` // voided (quarantined)
	Subscribers int `db:"subscribers"`
	Jurors      int `db:"jurors"`
	Enrolled    int `db:"enrolled"`
	Shortlisted int `db:"shortlisted"`
}

// Status counts voters, votes, subscribers, jurors and the shortlist of a contest.
func (tx *Tx) Status(ctx context.Context, contestID int64) (Status, error) {
	var s Status
	err := tx.tx.GetContext(ctx, &s, `SELECT
		(SELECT count(*) FROM voters WHERE contest_id = $1) AS voters,
		(SELECT count(*) FROM votes WHERE contest_id = $1 AND voided_at IS NULL) AS votes,
		(SELECT count(*) FROM votes WHERE contest_id = $1 AND voided_at IS NOT NULL) AS voided,
		(SELECT count(*) FROM subscribers WHERE contest_id = $1) AS subscribers,
		(SELECT count(*) FROM jurors WHERE contest_id = $1) AS jurors,
		(SELECT count(*) FROM jurors WHERE contest_id = $1 AND enrolled_at IS NOT NULL) AS enrolled,
		(SELECT count(*) FROM projects WHERE contest_id = $1 AND shortlisted) AS shortlisted`, contestID)
	return s, mapErr(err)
}

// TallyRow is one project's live tally.
type TallyRow struct {
	Project     string `db:"id"`
	Name        string `db:"name"`
	Shortlisted bool   `db:"shortlisted"`
	Votes       int    `db:"votes"`  // counted
	Voided      int    `db:"voided"` // voided
}

// Tally returns the live vote counts of every project that is shortlisted or
// has votes, most votes first. Organisers only: public tallies stay hidden
// until the announcement.
func (tx *Tx) Tally(ctx context.Context, contestID int64) ([]TallyRow, error) {
	var rows []TallyRow
	err := tx.tx.SelectContext(ctx, &rows, `SELECT p.id, p.name, p.shortlisted,
			count(v.id) FILTER (WHERE v.voided_at IS NULL) AS votes,
			count(v.id) FILTER (WHERE v.voided_at IS NOT NULL) AS voided
		FROM projects p LEFT JOIN votes v ON v.contest_id = p.contest_id AND v.project_id = p.id
		WHERE p.contest_id = $1
		GROUP BY p.id, p.name, p.shortlisted, p.position
		HAVING p.shortlisted OR count(v.id) > 0
		ORDER BY votes DESC, p.position, p.id`, contestID)
	return rows, mapErr(err)
}

// AuditTrail returns the last n audit rows of a contest inside tx, newest first.
func (tx *Tx) AuditTrail(ctx context.Context, contestID int64, n int) ([]AuditEntry, error) {
	var rows []AuditEntry
	err := tx.tx.SelectContext(ctx, &rows, `SELECT id, at, contest_id, actor_platform, actor_id, action, target,
		COALESCE(before, 'null') AS before, COALESCE(after, 'null') AS after
		FROM audit_log WHERE contest_id = $1 OR contest_id IS NULL ORDER BY id DESC LIMIT $2`, contestID, n)
	return rows, mapErr(err)
}

// NamedAccount is an account as an organiser names it, with what identifies
// it to a person, so that a confirmation can say whose data goes.
type NamedAccount struct {
	Account
	Username    string `db:"username"`
	DisplayName string `db:"display_name"`
}

// LookupAccount finds the account an organiser names: "platform:id", or
// "@username" or a bare id on platform ("" for "@username" on every
// platform, as the CLI has no accounts of its own). It fails with
// contest.NotFound when there is none (or it is erased), contest.Conflict
// when several accounts carry that username, and contest.Invalid for an
// empty reference.
func (tx *Tx) LookupAccount(ctx context.Context, platform, ref string) (NamedAccount, error) {
	ref = strings.TrimSpace(ref)
	const cols = `SELECT id, platform, platform_user_id, chat_id, language, language_chosen,
		COALESCE(username, '') AS username, COALESCE(display_name, '') AS display_name FROM accounts `
	var rows []NamedAccount
	var err error
	switch {
	case ref == "" || ref == "@":
		return NamedAccount{}, contest.Errorf(contest.Invalid, "say whom: platform:id or @username")
	case strings.HasPrefix(ref, "@"):
		err = tx.tx.SelectContext(ctx, &rows, cols+`WHERE lower(username) = lower($1) AND erased_at IS NULL
			AND ($2 = '' OR platform = $2) ORDER BY id LIMIT 10`, ref[1:], platform)
	default:
		p, id, ok := strings.Cut(ref, ":")
		if !ok {
			p, id = platform, ref
		}
		err = tx.tx.SelectContext(ctx, &rows, cols+`WHERE platform = $1 AND platform_user_id = $2`, p, id)
	}
	switch {
	case err != nil:
		return NamedAccount{}, mapErr(err)
	case len(rows) == 0:
		return NamedAccount{}, contest.Errorf(contest.NotFound, "no account %s", ref)
	case len(rows) > 1:
		return NamedAccount{}, contest.Errorf(contest.Conflict, "%d accounts are called %s", len(rows), ref)
	}
	return rows[0], nil
}

// AuditForget records that an organiser (or retention) erased an account,
// naming it by its internal number only, never by a personal identifier.
func (tx *Tx) AuditForget(ctx context.Context, contestID int64, actor Actor, accountID int64) error {
	return audit(ctx, tx, contestID, actor, "forget", fmt.Sprintf("account #%d", accountID), nil, nil)
}

// Audit appends an audit row inside tx for an organiser action that has no
// store operation of its own (e.g. reminders sent on demand).
func (tx *Tx) Audit(ctx context.Context, contestID int64, actor Actor, action, target string, before, after any) error {
	return audit(ctx, tx, contestID, actor, action, target, before, after)
}
