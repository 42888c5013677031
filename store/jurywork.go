package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"prixbot/contest"
)

// Errors of invite redemption, distinct so the juror is told what to do.
var (
	// ErrInviteUnknown: no invite has that code (mistyped or made up).
	ErrInviteUnknown = &contest.Error{Code: contest.NotFound, Message: "no invite has this code"}
	// ErrInviteUsed: the code worked once already, or a newer invite replaced it.
	ErrInviteUsed = &contest.Error{Code: contest.Conflict, Message: "this invite code has already been used or replaced"}
	// ErrInviteExpired: the code is past its expiry.
	ErrInviteExpired = &contest.Error{Code: contest.Closed, Message: "this invite code has expired"}
	// ErrAlreadyJuror: the account redeeming a code already belongs to another juror.
	ErrAlreadyJuror = &contest.Error{Code: contest.Conflict, Message: "this account already belongs to another juror of the contest"}
	// ErrConflictDeclared: the juror declared a conflict of interest with the project.
	ErrConflictDeclared = &contest.Error{Code: contest.Forbidden, Message: "the juror declared a conflict of interest with this project"}
)

// Statuses of a juror's sheet for one project.
const (
	SheetToDo     = "todo"     // nothing scored yet
	SheetDraft    = "draft"    // some criteria scored, not submitted
	SheetScored   = "scored"   // submitted: it counts in the results
	SheetConflict = "conflict" // conflict of interest declared: the juror does not score it
)

// Sheet is one juror's sheet for one shortlisted project.
type Sheet struct {
	Project     contest.Project
	Index       int            // 0-based position in the shortlist
	Scores      map[string]int // by criterion id; only the criteria scored so far
	SubmittedAt *time.Time
	Conflict    bool
}

// Status returns the sheet's status, one of the Sheet* constants.
func (s Sheet) Status() string {
	switch {
	case s.Conflict:
		return SheetConflict
	case s.SubmittedAt != nil:
		return SheetScored
	case len(s.Scores) > 0:
		return SheetDraft
	}
	return SheetToDo
}

// Total returns the sum of the scores given so far.
func (s Sheet) Total() int {
	t := 0
	for _, v := range s.Scores {
		t += v
	}
	return t
}

// JurorByPlatform returns the juror of a contest that a platform account
// belongs to (on any platform: telegram, slack, console…), or
// contest.NotFound.
func (tx *Tx) JurorByPlatform(ctx context.Context, contestID int64, platform, userID string) (Juror, error) {
	var j Juror
	err := tx.get(ctx, &j, `SELECT `+jurorCols+` FROM jurors WHERE id =
		(SELECT juror_id FROM juror_identities WHERE contest_id = $1 AND platform = $2 AND user_id = $3)`, contestID, platform, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return Juror{}, contest.Errorf(contest.NotFound, "not a juror")
	}
	return j, mapErr(err)
}

// IsJuror reports whether a platform account belongs to a juror of the
// contest, outside any transaction (for read-only answers such as /help).
func (s *Store) IsJuror(ctx context.Context, contestID int64, platform, userID string) (bool, error) {
	var yes bool
	err := s.db.GetContext(ctx, &yes, `SELECT EXISTS (SELECT FROM juror_identities WHERE contest_id = $1 AND platform = $2 AND user_id = $3)`,
		contestID, platform, userID)
	return yes, mapErr(err)
}

// JurorByName returns the juror of a contest with that name, or contest.NotFound.
func (tx *Tx) JurorByName(ctx context.Context, contestID int64, name string) (Juror, error) {
	var j Juror
	err := tx.tx.GetContext(ctx, &j, `SELECT `+jurorCols+` FROM jurors WHERE contest_id = $1 AND name = $2`, contestID, strings.TrimSpace(name))
	if errors.Is(err, sql.ErrNoRows) {
		return Juror{}, contest.Errorf(contest.NotFound, "no juror named %q", name)
	}
	return j, mapErr(err)
}

// MarkEnrolled records the first time a juror used the bot.
func (tx *Tx) MarkEnrolled(ctx context.Context, jurorID int64, at time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE jurors SET enrolled_at = $2 WHERE id = $1 AND enrolled_at IS NULL`, jurorID, at)
	return mapErr(err)
}

// MaxJurorName bounds a juror's name, in characters.
const MaxJurorName = 100

// CreateInvite makes a one-time invite code for the juror called name,
// creating the juror when the contest has none of that name, and revoking
// their invites still unused. Only a hash of the code is stored; the code is
// returned once, to be handed to the juror. It expires at expires. An empty or
// overlong name fails with contest.Invalid. The invite is audited.
func (tx *Tx) CreateInvite(ctx context.Context, contestID int64, name string, actor Actor, at, expires time.Time) (code string, j Juror, err error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || len([]rune(name)) > MaxJurorName {
		return "", Juror{}, contest.FieldErrorf(contest.Invalid, "name", "a juror's name is 1 to %d characters", MaxJurorName)
	}
	if !expires.After(at) {
		return "", Juror{}, contest.FieldErrorf(contest.Invalid, "expires", "an invite must expire after it is made")
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO jurors (contest_id, name) VALUES ($1, $2) ON CONFLICT (contest_id, name) DO NOTHING`, contestID, name); err != nil {
		return "", Juror{}, mapErr(err)
	}
	if j, err = tx.JurorByName(ctx, contestID, name); err != nil {
		return "", Juror{}, err
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE juror_invites SET revoked_at = $2 WHERE juror_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, j.ID, at); err != nil {
		return "", Juror{}, mapErr(err)
	}
	code = newInviteCode()
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO juror_invites (contest_id, juror_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		contestID, j.ID, hashInviteCode(code), at, expires); err != nil {
		return "", Juror{}, mapErr(err)
	}
	return code, j, audit(ctx, tx, contestID, actor, "jury invite", j.Name, nil, map[string]any{"expires_at": expires})
}

// RedeemInvite enrols the sender of an invite code as its juror: the juror's
// id on that platform becomes userID. It fails with ErrInviteUnknown,
// ErrInviteUsed or ErrInviteExpired, with ErrAlreadyJuror when the account is
// another juror's, and with contest.Invalid for an account id the platform
// cannot have. Redemption is audited.
func (tx *Tx) RedeemInvite(ctx context.Context, contestID int64, code, platform, userID string, at time.Time) (Juror, error) {
	norm := normaliseInviteCode(code)
	if norm == "" {
		return Juror{}, ErrInviteUnknown
	}
	var inv struct {
		ID        int64      `db:"id"`
		JurorID   int64      `db:"juror_id"`
		ExpiresAt time.Time  `db:"expires_at"`
		UsedAt    *time.Time `db:"used_at"`
		RevokedAt *time.Time `db:"revoked_at"`
	}
	err := tx.tx.GetContext(ctx, &inv, `SELECT id, juror_id, expires_at, used_at, revoked_at FROM juror_invites
		WHERE contest_id = $1 AND code_hash = $2 FOR UPDATE`, contestID, hashInviteCode(norm))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Juror{}, ErrInviteUnknown
	case err != nil:
		return Juror{}, mapErr(err)
	case inv.UsedAt != nil || inv.RevokedAt != nil:
		return Juror{}, ErrInviteUsed
	case !at.Before(inv.ExpiresAt):
		return Juror{}, ErrInviteExpired
	}
	userID, err = contest.JurorID(platform, userID)
	if err != nil {
		return Juror{}, contest.Errorf(contest.Invalid, "%s", err.Error())
	}
	if other, err := tx.JurorByPlatform(ctx, contestID, platform, userID); err == nil && other.ID != inv.JurorID {
		return Juror{}, ErrAlreadyJuror
	} else if err != nil && contest.ErrorCode(err) != contest.NotFound {
		return Juror{}, err
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE juror_invites SET used_at = $2 WHERE id = $1`, inv.ID, at); err != nil {
		return Juror{}, mapErr(err)
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO juror_identities (contest_id, juror_id, platform, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (juror_id, platform) DO UPDATE SET user_id = EXCLUDED.user_id`, contestID, inv.JurorID, platform, userID); err != nil {
		return Juror{}, mapErr(err)
	}
	var j Juror
	if err := tx.tx.GetContext(ctx, &j, `UPDATE jurors SET enrolled_at = COALESCE(enrolled_at, $2)
		WHERE id = $1 RETURNING `+jurorCols, inv.JurorID, at); err != nil {
		return Juror{}, mapErr(err)
	}
	return j, audit(ctx, tx, contestID, Actor{Platform: platform, ID: userID}, "jury enrol", j.Name, nil, map[string]string{"platform": platform})
}

// inviteEncoding writes invite codes with letters and the digits 2-7, which
// are hard to confuse once 0, 1 and 8 are read as O, I and B.
var inviteEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newInviteCode returns a random code of 12 characters (60 bits) shown as
// XXXX-XXXX-XXXX.
func newInviteCode() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	s := inviteEncoding.EncodeToString(b[:])[:12]
	return s[:4] + "-" + s[4:8] + "-" + s[8:]
}

// normaliseInviteCode reads a code as typed: case, spaces and dashes do not
// matter, and 0, 1, 8 stand for O, I, B.
func normaliseInviteCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		switch {
		case r == ' ' || r == '-':
		case r == '0':
			b.WriteRune('O')
		case r == '1':
			b.WriteRune('I')
		case r == '8':
			b.WriteRune('B')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hashInviteCode returns the stored form of a code.
func hashInviteCode(code string) []byte {
	h := sha256.Sum256([]byte(normaliseInviteCode(code)))
	return h[:]
}

// JurorSheets returns a juror's sheets for every shortlisted project, in
// shortlist order (Sheet.Index is the position).
func (tx *Tx) JurorSheets(ctx context.Context, j Juror) ([]Sheet, error) {
	var projects []projectRow
	if err := tx.sel(ctx, &projects, `SELECT id, name, organisation, sector, summary, url, image_url, shortlisted
		FROM projects WHERE contest_id = $1 AND shortlisted ORDER BY position, id`, j.ContestID); err != nil {
		return nil, mapErr(err)
	}
	out := make([]Sheet, len(projects))
	at := make(map[string]int, len(projects))
	for i, p := range projects {
		out[i] = Sheet{Project: p.project(), Index: i, Scores: map[string]int{}}
		at[p.ID] = i
	}
	var sheets []struct {
		Project     string     `db:"project_id"`
		SubmittedAt *time.Time `db:"submitted_at"`
		Conflict    bool       `db:"conflict"`
	}
	if err := tx.sel(ctx, &sheets, `SELECT project_id, submitted_at, conflict FROM jury_sheets WHERE juror_id = $1`, j.ID); err != nil {
		return nil, mapErr(err)
	}
	for _, sh := range sheets {
		if i, ok := at[sh.Project]; ok {
			out[i].SubmittedAt, out[i].Conflict = sh.SubmittedAt, sh.Conflict
		}
	}
	var scores []struct {
		Project   string `db:"project_id"`
		Criterion string `db:"criterion"`
		Score     int    `db:"score"`
	}
	if err := tx.sel(ctx, &scores, `SELECT project_id, criterion, score FROM scores WHERE juror_id = $1`, j.ID); err != nil {
		return nil, mapErr(err)
	}
	for _, sc := range scores {
		if i, ok := at[sc.Project]; ok {
			out[i].Scores[sc.Criterion] = sc.Score
		}
	}
	return out, nil
}

// sheetState locks a juror's sheet for a shortlisted project, creating it
// empty when needed. An unknown or non-shortlisted project fails with
// contest.NotFound.
func (tx *Tx) sheetState(ctx context.Context, j Juror, projectID string, at time.Time) (submitted *time.Time, conflict bool, err error) {
	return tx.lockSheet(ctx, j, projectID, true, at)
}

// lockSheet is sheetState, creating the sheet only when create is set; a
// missing sheet then fails with contest.Invalid.
func (tx *Tx) lockSheet(ctx context.Context, j Juror, projectID string, create bool, at time.Time) (submitted *time.Time, conflict bool, err error) {
	var shortlisted bool
	if err := tx.get(ctx, &shortlisted, `SELECT shortlisted FROM projects WHERE contest_id = $1 AND id = $2`, j.ContestID, projectID); err != nil || !shortlisted {
		if err == nil || errors.Is(err, sql.ErrNoRows) {
			return nil, false, contest.Errorf(contest.NotFound, "project %q is not on the shortlist", projectID)
		}
		return nil, false, mapErr(err)
	}
	if create {
		if _, err := tx.exec(ctx, `INSERT INTO jury_sheets (contest_id, juror_id, project_id, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, j.ContestID, j.ID, projectID, at); err != nil {
			return nil, false, mapErr(err)
		}
	}
	var st struct {
		SubmittedAt *time.Time `db:"submitted_at"`
		Conflict    bool       `db:"conflict"`
	}
	err = tx.get(ctx, &st, `SELECT submitted_at, conflict FROM jury_sheets WHERE juror_id = $1 AND project_id = $2 FOR UPDATE`, j.ID, projectID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, contest.Errorf(contest.Invalid, "nothing is scored yet on project %q", projectID)
	}
	return st.SubmittedAt, st.Conflict, mapErr(err)
}

// SetScore records a juror's score for one criterion of a shortlisted
// project, in the chat and in `prixbot import jury-scores` alike (the last
// write wins). Changing a submitted sheet makes it a draft again, left out of
// the results until it is submitted anew. It reports whether anything
// changed; a change is audited. An unknown criterion or a value off the scale
// fails with contest.Invalid, an unknown or non-shortlisted project with
// contest.NotFound, a project the juror declared a conflict with with
// ErrConflictDeclared, and a time at outside the jury phase with
// contest.Closed (the sheets are read-only then).
func (tx *Tx) SetScore(ctx context.Context, j Juror, projectID string, grid contest.Grid, criterion string, value int, actor Actor, at time.Time) (changed bool, err error) {
	return tx.setScore(ctx, j, projectID, grid, criterion, value, actor, at, "jury score")
}

// setScore is SetScore, audited as action.
func (tx *Tx) setScore(ctx context.Context, j Juror, projectID string, grid contest.Grid, criterion string, value int, actor Actor, at time.Time, action string) (changed bool, err error) {
	if _, ok := grid.Criterion(criterion); !ok {
		return false, contest.FieldErrorf(contest.Invalid, "criterion", "unknown criterion %q", criterion)
	}
	if value < grid.Scale.Min || value > grid.Scale.Max {
		return false, contest.FieldErrorf(contest.Invalid, "score", "%d is off the scale %d..%d", value, grid.Scale.Min, grid.Scale.Max)
	}
	if err := tx.juryOpen(ctx, j.ContestID, at); err != nil {
		return false, err
	}
	submitted, conflict, err := tx.sheetState(ctx, j, projectID, at)
	if err != nil {
		return false, err
	}
	if conflict {
		return false, ErrConflictDeclared
	}
	var old *int
	if err := tx.get(ctx, &old, `SELECT (SELECT score FROM scores WHERE juror_id = $1 AND project_id = $2 AND criterion = $3)`,
		j.ID, projectID, criterion); err != nil {
		return false, mapErr(err)
	}
	if old != nil && *old == value {
		return false, nil
	}
	if _, err := tx.exec(ctx, `INSERT INTO scores (juror_id, project_id, criterion, score, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (juror_id, project_id, criterion) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at`,
		j.ID, projectID, criterion, value, at); err != nil {
		return false, mapErr(err)
	}
	if _, err := tx.exec(ctx, `UPDATE jury_sheets SET submitted_at = NULL, updated_at = $3 WHERE juror_id = $1 AND project_id = $2`,
		j.ID, projectID, at); err != nil {
		return false, mapErr(err)
	}
	before := map[string]any{"score": old, "submitted": submitted != nil}
	return true, audit(ctx, tx, j.ContestID, actor, action, j.Name+"/"+projectID+"/"+criterion, before, map[string]any{"score": value})
}

// juryOpen fails with contest.Closed unless the jury phase of the contest
// is open at at, as the phases table says.
func (tx *Tx) juryOpen(ctx context.Context, contestID int64, at time.Time) error {
	var open bool
	if err := tx.get(ctx, &open, `SELECT EXISTS (SELECT FROM phases WHERE contest_id = $1 AND name = $2 AND start_at <= $3 AND end_at > $3)`,
		contestID, contest.PhaseJuryVote, at); err != nil {
		return mapErr(err)
	}
	if !open {
		return contest.Errorf(contest.Closed, "the jury phase is not open: sheets can only change while it is")
	}
	return nil
}

// SubmitSheet submits a juror's sheet for a project, so that it counts in
// the results. Every criterion of the grid must have a score (else
// contest.Invalid); submitting a submitted sheet changes nothing. A declared
// conflict fails with ErrConflictDeclared, a time at outside the jury phase
// with contest.Closed. Submission is audited.
func (tx *Tx) SubmitSheet(ctx context.Context, j Juror, projectID string, grid contest.Grid, actor Actor, at time.Time) error {
	if err := tx.juryOpen(ctx, j.ContestID, at); err != nil {
		return err
	}
	submitted, conflict, err := tx.lockSheet(ctx, j, projectID, false, at)
	switch {
	case err != nil:
		return err
	case conflict:
		return ErrConflictDeclared
	case submitted != nil:
		return nil
	}
	var scores []struct {
		Criterion string `db:"criterion"`
		Score     int    `db:"score"`
	}
	if err := tx.sel(ctx, &scores, `SELECT criterion, score FROM scores WHERE juror_id = $1 AND project_id = $2`, j.ID, projectID); err != nil {
		return mapErr(err)
	}
	given := map[string]bool{}
	total := 0
	for _, s := range scores {
		given[s.Criterion] = true
		total += s.Score
	}
	for _, c := range grid.Criteria {
		if !given[c.ID] {
			return contest.FieldErrorf(contest.Invalid, c.ID, "every criterion needs a score before the sheet is submitted")
		}
	}
	if _, err := tx.exec(ctx, `UPDATE jury_sheets SET submitted_at = $3, updated_at = $3 WHERE juror_id = $1 AND project_id = $2`,
		j.ID, projectID, at); err != nil {
		return mapErr(err)
	}
	return audit(ctx, tx, j.ContestID, actor, "jury submit", j.Name+"/"+projectID, nil, map[string]int{"total": total})
}

// SetConflict declares (or, with conflict false, withdraws) a juror's
// conflict of interest with a project. While declared, the juror's sheet for
// the project is left out of its mean and the juror cannot score it; scores
// already given are kept. It reports whether anything changed; a change is
// audited. An unknown or non-shortlisted project fails with contest.NotFound.
func (tx *Tx) SetConflict(ctx context.Context, j Juror, projectID string, conflict bool, actor Actor, at time.Time) (changed bool, err error) {
	_, was, err := tx.sheetState(ctx, j, projectID, at)
	if err != nil || was == conflict {
		return false, err
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE jury_sheets SET conflict = $3, updated_at = $4 WHERE juror_id = $1 AND project_id = $2`,
		j.ID, projectID, conflict, at); err != nil {
		return false, mapErr(err)
	}
	return true, audit(ctx, tx, j.ContestID, actor, "jury conflict", j.Name+"/"+projectID,
		map[string]bool{"conflict": was}, map[string]bool{"conflict": conflict})
}

// JurorStatus is one juror's progress through the shortlist, for organisers.
// (Reminders use Tx.JuryProgress, which also says where to reach the juror.)
type JurorStatus struct {
	Juror
	Scored    int `db:"scored"`    // sheets submitted (without a conflict)
	Drafts    int `db:"drafts"`    // sheets started but not submitted
	Conflicts int `db:"conflicts"` // projects with a declared conflict of interest
	Total     int `db:"total"`     // sheets the juror has to submit: shortlisted projects minus conflicts
}

// Left returns how many sheets the juror still has to submit.
func (p JurorStatus) Left() int { return p.Total - p.Scored }

// JuryStatus returns every juror's progress, by name: sheets scored,
// drafts and conflicts out of the shortlist, for organisers' status.
func (s *Store) JuryStatus(ctx context.Context, contestID int64) ([]JurorStatus, error) {
	var out []JurorStatus
	err := s.db.SelectContext(ctx, &out, `SELECT `+jurorCols+`,
			count(p.id) FILTER (WHERE sh.submitted_at IS NOT NULL AND NOT sh.conflict) AS scored,
			count(p.id) FILTER (WHERE sh.submitted_at IS NULL AND NOT sh.conflict
				AND EXISTS (SELECT 1 FROM scores sc WHERE sc.juror_id = sh.juror_id AND sc.project_id = sh.project_id)) AS drafts,
			count(p.id) FILTER (WHERE sh.conflict) AS conflicts,
			(SELECT count(*) FROM projects WHERE contest_id = jurors.contest_id AND shortlisted) - count(p.id) FILTER (WHERE sh.conflict) AS total
		FROM jurors
		LEFT JOIN jury_sheets sh ON sh.juror_id = jurors.id
		LEFT JOIN projects p ON p.contest_id = sh.contest_id AND p.id = sh.project_id AND p.shortlisted
		WHERE jurors.contest_id = $1
		GROUP BY jurors.id ORDER BY jurors.name`, contestID)
	return out, mapErr(err)
}
