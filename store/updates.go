package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"prixbot/contest"
)

// Update is a platform update about to be handled, as BeginUpdate records it.
type Update struct {
	Platform string
	// ID is the platform's delivery id; "" when the platform gives none
	// (nothing is then recorded and the update is never a redelivery).
	ID                             string
	UserID, ChatID, Username, Name string
	ContestID                      int64
	DeepLink                       string    // a project of ContestID whose deep link this update opened, or ""
	At                             time.Time // when, for DeepLink and Confirm
	// Pending is a project of ContestID that the update asks to vote for, or
	// "": without Verify it becomes the account's pending project (see
	// SetPendingProject) unless the account is already a voter in
	// ContestID. Confirm sets it too.
	Pending string
	// Verify, when set, also verifies the account with an identity's hash
	// (a phone's, a workspace member's), as VerifyVoter does (see
	// Begun.Verified), and forgets the account's pending project.
	Verify *Phone
	// Confirm, when set, also casts or moves the vote of the account's
	// voter (after Verify) for Pending by this ballot rule (see Begun.Cast).
	Confirm *contest.Ballot
}

// Phone is what prixbot keeps of a voter's identity: the hash of a phone
// number (or of another identity, such as a Slack member's) and the hash of
// the number's block (nil for none), as VerifyVoter takes them.
type Phone struct {
	Hash, PrefixHash []byte
}

// Begun is what BeginUpdate did.
type Begun struct {
	// Redelivery reports that the update was processed before: nothing was
	// done and nothing else is set.
	Redelivery bool
	// Account is the sender's account. Ballot is its standing in the
	// contest as the voter it is after the update's Verify, as it was
	// before the update's Confirm.
	Account Account
	Ballot  Ballot
	// Verified is what Update.Verify did; nil without it, or when the
	// account is already verified with another identity in the contest (its
	// ballot stays as it was).
	Verified *Verified
	// Cast is the vote Update.Confirm cast or moved, or nil: the ballot
	// rule's choice (contest.Ballot.Choose) for the ballot as the statement
	// read it, when it is contest.Cast or contest.Change. A project that is
	// not (or no longer) shortlisted gets no vote (Shortlisted is false),
	// nor does a vote at an Update.At outside the public vote (VoteClosed:
	// the phases table, as the statement read it, had no public vote open),
	// nor a concurrent vote of the same voter that takes the slot first.
	Cast        *Vote
	Shortlisted bool
	VoteClosed  bool
}

// The update statements. Each records an update (processed_updates), creates
// or refreshes its sender's account, notes the deep link it opened, and
// returns the account and its ballot — or no row for a redelivery; the
// noUpdateID ones are for an update with no id: nothing to record, never a
// redelivery. They are one statement each, so that an update and its effect
// commit together in one round trip; they are separate statements so that
// an update pays only for what it does (updateQuery's kind):
//
//   - withPending also sets the account's pending project unless the
//     account is a voter of the contest, judged on the same snapshot as the
//     ballot returned (one lookup by the account's key, not a subquery in
//     the ON CONFLICT SET, which costs more: BENCHMARKS.md, "Telegram
//     webhook vote path", round 5);
//   - withVerify also verifies the account with an identity's hash, as
//     VerifyVoter, and forgets the pending project it returns;
//   - withConfirm, after either, also casts or moves the vote by the ballot
//     rule's plan (contest.Ballot.Plan).
//
// The account row is rewritten every time, even unchanged: skipping the
// write when nothing changed costs more than the write (BENCHMARKS.md,
// "Telegram webhook vote path", round 3).
const (
	withPending = 1 << iota
	withVerify
	withConfirm
	updateKinds = 1 << iota
)

var updateQueries = func() (q [2][updateKinds]string) {
	processed := [2]string{
		`INSERT INTO processed_updates (platform, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
		`SELECT $2::text`,
	}
	for i, p := range processed {
		for _, kind := range []int{0, withPending, withPending | withConfirm, withVerify, withVerify | withConfirm} {
			q[i][kind] = updateQuery(p, kind)
		}
	}
	return q
}()

// updateQuery is the statement of an update of that kind. Its parameters
// are $1 to $9 (beginUpdateWith), then withPending's project, or
// withVerify's hash and block hash, then withConfirm's project (with
// withVerify), receipt, votes per voter and plan.
func updateQuery(processed string, kind int) string {
	// before: CTEs read before the account's upsert; effect: CTEs after it.
	before, column, value, set, effect, columns, from := "", "", "", "", "", "", ""
	project, arg := "$10::text", 11
	next := func(cast string) string { arg++; return fmt.Sprintf("$%d::%s", arg-1, cast) }
	ballot, voterID := `
	LEFT JOIN voter_accounts va ON va.contest_id = $7 AND va.account_id = a.id`, "va.voter_id"
	if kind&withPending != 0 {
		before = `
	), voter AS (
		SELECT va.voter_id FROM accounts x JOIN voter_accounts va ON va.contest_id = $7 AND va.account_id = x.id
		WHERE x.platform = $1 AND x.platform_user_id = $3::text`
		column, value = ", pending_project", ", CASE WHEN EXISTS (SELECT FROM voter) THEN NULL ELSE $10::text END"
		set = `,
			pending_project = COALESCE(EXCLUDED.pending_project, a.pending_project)`
	}
	if kind&withVerify != 0 {
		before = `
	), old AS (
		SELECT pending_project FROM accounts WHERE platform = $1 AND platform_user_id = $3::text`
		set = `,
			pending_project = NULL`
		arg = 10
		effect = `, ` + phoneLink("$7::bigint", next("bytea"), next("bytea"))
		if kind&withConfirm != 0 {
			effect += `, voter AS (
		SELECT voter_id FROM link
	)`
			project = next("text")
		}
		// The ballot returned is the account's voter's: identity's, or
		// another one when the account was verified with another identity
		// before (then Verified stays nil).
		columns = `, (SELECT id FROM identity), (SELECT pending_project FROM old)`
		// The voter's votes are found by its id as a value (an InitPlan), not
		// by a join on the CTE, which the planner makes a scan of every vote
		// of the contest (BENCHMARKS.md, "Slack vote path").
		ballot, voterID = `
	CROSS JOIN (SELECT voter_id FROM link) va`, "(SELECT voter_id FROM link)"
	}
	if kind&withConfirm != 0 {
		receipt, perVoter, plan := next("text"), next("int"), next("text")
		// The ballot's state is numbered as contest.Ballot.Plan lists the
		// choices: 8 for a counted vote for the project, 4 for a voided one,
		// 2 for a full ballot, 1 for a free slot.
		effect += `, listed AS (
		SELECT FROM projects WHERE contest_id = $7 AND id = ` + project + ` AND shortlisted
	), ballot AS (
		SELECT v.id, v.slot, v.project_id, v.voided_at FROM votes v
		WHERE v.contest_id = $7 AND v.voter_id = (SELECT voter_id FROM voter)
	), open AS (
		SELECT ` + voteOpenAt("$7", "$9::timestamptz") + ` AS open
	), free AS (
		SELECT min(s.slot) AS slot FROM ballot_slots s
		WHERE s.contest_id = $7 AND NOT EXISTS (SELECT FROM ballot WHERE ballot.slot = s.slot)
	), choice AS (
		SELECT voter.voter_id, substr(` + plan + `, 1
			+ 8 * (EXISTS (SELECT FROM ballot WHERE project_id = ` + project + ` AND voided_at IS NULL))::int
			+ 4 * (EXISTS (SELECT FROM ballot WHERE project_id = ` + project + ` AND voided_at IS NOT NULL))::int
			+ 2 * ((SELECT count(*) FROM ballot WHERE voided_at IS NULL) >= ` + perVoter + `)::int
			+ ((SELECT slot FROM free) IS NOT NULL)::int, 1) AS choice
		FROM voter WHERE EXISTS (SELECT FROM account) AND EXISTS (SELECT FROM listed) AND (SELECT open FROM open)
	), cast_vote AS (
		INSERT INTO votes (contest_id, voter_id, slot, project_id, receipt, platform, cast_at)
		SELECT $7, c.voter_id, free.slot, ` + project + `, ` + receipt + `, $1, $9::timestamptz
		FROM choice c, free WHERE c.choice = '` + string(rune(contest.Cast)) + `'
		ON CONFLICT DO NOTHING
		RETURNING id, voter_id, slot, project_id, receipt, platform, cast_at
	), moved AS (
		UPDATE votes v SET project_id = ` + project + `, receipt = ` + receipt + `, cast_at = $9::timestamptz
		FROM choice c
		WHERE c.choice = '` + string(rune(contest.Change)) + `' AND v.voided_at IS NULL
			AND v.id = (SELECT id FROM ballot WHERE voided_at IS NULL ORDER BY slot DESC LIMIT 1)
		RETURNING v.id, v.voter_id, v.slot, v.project_id, v.receipt, v.platform, v.cast_at
	)`
		columns += `, c.id, c.slot, c.project_id, c.receipt, c.platform, c.cast_at, EXISTS (SELECT FROM listed), NOT (SELECT open FROM open)`
		from = `
	LEFT JOIN (SELECT * FROM cast_vote UNION ALL SELECT * FROM moved) c ON true`
	}
	return `WITH processed AS (` + processed + before + `
	), account AS (
		INSERT INTO accounts AS a (platform, platform_user_id, chat_id, username, display_name` + column + `)
		SELECT $1, $3::text, NULLIF($4::text, ''), NULLIF($5::text, ''), NULLIF($6::text, '')` + value + `
		WHERE EXISTS (SELECT FROM processed)
		ON CONFLICT (platform, platform_user_id) DO UPDATE SET
			chat_id = COALESCE(EXCLUDED.chat_id, a.chat_id),
			username = EXCLUDED.username, display_name = EXCLUDED.display_name, erased_at = NULL` + set + `
		RETURNING id, chat_id, language, language_chosen
	), opened AS (
		INSERT INTO deep_link_opens (contest_id, project_id, opened_at)
		SELECT $7::bigint, $8::text, $9::timestamptz WHERE $8::text <> '' AND EXISTS (SELECT FROM processed)
	)` + effect + `
	SELECT a.id, a.chat_id, a.language, a.language_chosen, ` + ballotColumns + columns + `
	FROM account a` + ballot + from + `
	LEFT JOIN votes v ON v.contest_id = $7 AND v.voter_id = ` + voterID + `
	ORDER BY v.slot`
}

// BeginUpdate records that a platform update is being handled, inside the
// transaction of its effect, and returns its sender's account (created, or
// its chat, username and name refreshed; an erased account that comes back
// starts afresh) and the account's Ballot in u.ContestID — in one
// statement, which also does u's Pending, Verify and Confirm. It reports a
// Redelivery, with no account and nothing changed, when the update was
// already processed: the caller must then do nothing.
func (tx *Tx) BeginUpdate(ctx context.Context, u Update) (Begun, error) {
	return beginUpdateWith(u, func(query string, args ...any) (*sql.Rows, error) {
		if st := tx.stmt(ctx, query); st != nil {
			return st.QueryContext(ctx, args...)
		}
		return tx.tx.QueryContext(ctx, query, args...)
	})
}

// BeginUpdate is Tx.BeginUpdate on its own, committed when it returns: for
// an update whose handling writes nothing else.
func (s *Store) BeginUpdate(ctx context.Context, u Update) (Begun, error) {
	s.prepareWanted(ctx)
	return beginUpdateWith(u, func(query string, args ...any) (*sql.Rows, error) {
		if st := s.prepared(query); st != nil {
			return st.QueryContext(ctx, args...)
		}
		return s.db.QueryContext(ctx, query, args...)
	})
}

func beginUpdateWith(u Update, query func(string, ...any) (*sql.Rows, error)) (Begun, error) {
	queries := &updateQueries[0]
	if u.ID == "" {
		queries = &updateQueries[1]
	}
	args := []any{u.Platform, u.ID, u.UserID, u.ChatID, u.Username, u.Name, u.ContestID, u.DeepLink, u.At}
	kind := 0
	switch {
	case u.Verify != nil:
		var prefix any // NULL, not an empty bytea, when there is none
		if u.Verify.PrefixHash != nil {
			prefix = u.Verify.PrefixHash
		}
		kind, args = withVerify, append(args, u.Verify.Hash, prefix)
		if u.Confirm != nil {
			args = append(args, u.Pending)
		}
	case u.Pending != "":
		kind, args = withPending, append(args, u.Pending)
	}
	if u.Confirm != nil && kind != 0 {
		kind, args = kind|withConfirm, append(args, NewReceipt(), u.Confirm.VotesPerVoter, u.Confirm.Plan())
	}
	rows, err := query(queries[kind], args...)
	if err != nil {
		return Begun{}, mapErr(err)
	}
	defer rows.Close()
	b := Begun{Redelivery: true, Account: Account{Platform: u.Platform, PlatformUserID: &u.UserID}}
	var (
		identity sql.NullInt64
		pending  sql.NullString
		cast     castRow
	)
	for rows.Next() {
		b.Redelivery = false
		var r ballotRow
		dest := []any{&b.Account.ID, &b.Account.ChatID, &b.Account.Language, &b.Account.LanguageChosen, &r.VoterID, &r.VoteID,
			&r.Slot, &r.ProjectID, &r.Receipt, &r.Platform, &r.CastAt, &r.VoidedAt, &r.VoidReason}
		if kind&withVerify != 0 {
			dest = append(dest, &identity, &pending)
		}
		if kind&withConfirm != 0 {
			dest = append(dest, &cast.ID, &cast.Slot, &cast.ProjectID, &cast.Receipt, &cast.Platform, &cast.CastAt, &b.Shortlisted, &b.VoteClosed)
		}
		if err := rows.Scan(dest...); err != nil {
			return Begun{}, mapErr(err)
		}
		b.Ballot.add(r)
	}
	if err := rows.Err(); err != nil {
		return Begun{}, mapErr(err)
	}
	if b.Redelivery {
		return Begun{Redelivery: true}, nil
	}
	if kind&withVerify != 0 && identity.Int64 == b.Ballot.VoterID {
		b.Verified = &Verified{Ballot: b.Ballot, PendingProject: pending.String}
	}
	if cast.ID.Valid {
		b.Cast = cast.vote(b.Ballot.VoterID)
	}
	return b, nil
}

// castRow is the vote a statement cast or moved, NULLs when none.
type castRow struct {
	ID        sql.NullInt64  `db:"id"`
	Slot      sql.NullInt64  `db:"slot"`
	ProjectID sql.NullString `db:"project_id"`
	Receipt   sql.NullString `db:"receipt"`
	Platform  sql.NullString `db:"platform"`
	CastAt    sql.NullTime   `db:"cast_at"`
}

// vote is the counted vote of voterID that c holds.
func (c castRow) vote(voterID int64) *Vote {
	return &Vote{ID: c.ID.Int64, VoterID: voterID, Slot: int(c.Slot.Int64), ProjectID: c.ProjectID.String,
		Receipt: c.Receipt.String, Platform: c.Platform.String, CastAt: c.CastAt.Time}
}

// voteOpenAt is the SQL condition that the public vote of the contest c is
// open at the instant at (c and at are SQL expressions), as the phases table
// reads in the statement's snapshot. Every statement that casts or moves a
// vote checks it, at the vote's own cast time, so that a counted vote always
// falls inside the phase, whatever a cached calendar says.
func voteOpenAt(c, at string) string {
	return `EXISTS (SELECT FROM phases WHERE contest_id = ` + c + ` AND name = 'public_vote' AND start_at <= ` + at + ` AND end_at > ` + at + `)`
}
