package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"prixbot/contest"
)

// VoterOf returns the voter an account is linked to in a contest, and false
// when the account has not verified itself there yet.
func (tx *Tx) VoterOf(ctx context.Context, contestID, accountID int64) (int64, bool, error) {
	var id int64
	err := tx.get(ctx, &id, `SELECT voter_id FROM voter_accounts WHERE contest_id = $1 AND account_id = $2`, contestID, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, mapErr(err)
	}
	return id, true, nil
}

// Ballot is an account's standing in a contest's public vote.
type Ballot struct {
	// VoterID is the voter the account is verified as; 0 when it has not
	// verified itself in the contest.
	VoterID int64
	// Votes are that voter's votes, counted or voided, in slot order.
	Votes []Vote
}

// ballotRow is one row of a query that reads a Ballot with a LEFT JOIN of
// the voter's votes: the voter and, when it has any, one of its votes.
type ballotRow struct {
	VoterID    *int64     `db:"voter_id"`
	VoteID     *int64     `db:"vote_id"`
	Slot       *int       `db:"slot"`
	ProjectID  *string    `db:"project_id"`
	Receipt    *string    `db:"receipt"`
	Platform   *string    `db:"vote_platform"`
	CastAt     *time.Time `db:"cast_at"`
	VoidedAt   *time.Time `db:"voided_at"`
	VoidReason *string    `db:"void_reason"`
}

// ballotColumns selects a ballotRow from va (voter_accounts or a voter id as
// voter_id) left joined with v (votes).
const ballotColumns = `va.voter_id, v.id AS vote_id, v.slot, v.project_id, v.receipt, v.platform AS vote_platform,
	v.cast_at, v.voided_at, v.void_reason`

// add adds a row's voter and vote to b.
func (b *Ballot) add(r ballotRow) {
	if r.VoterID == nil {
		return
	}
	b.VoterID = *r.VoterID
	if r.VoteID == nil {
		return
	}
	b.Votes = append(b.Votes, Vote{ID: *r.VoteID, VoterID: *r.VoterID, Slot: *r.Slot, ProjectID: *r.ProjectID,
		Receipt: *r.Receipt, Platform: *r.Platform, CastAt: *r.CastAt, VoidedAt: r.VoidedAt, VoidReason: r.VoidReason})
}

// BallotOf returns an account's Ballot in a contest. BeginUpdate reads it
// with the update; this is for the requests that have no update, and for
// after a change of the account's voter.
func (tx *Tx) BallotOf(ctx context.Context, contestID, accountID int64) (Ballot, error) {
	var rows []ballotRow
	err := tx.tx.SelectContext(ctx, &rows, `SELECT `+ballotColumns+` FROM voter_accounts va
		LEFT JOIN votes v ON v.contest_id = va.contest_id AND v.voter_id = va.voter_id
		WHERE va.contest_id = $1 AND va.account_id = $2 ORDER BY v.slot`, contestID, accountID)
	var b Ballot
	for _, r := range rows {
		b.add(r)
	}
	return b, mapErr(err)
}

// Verified is what VerifyVoter did.
type Verified struct {
	// Ballot is the account's standing as the voter it now is: a new voter
	// has no votes, the same phone verified through another account may.
	Ballot Ballot
	// PendingProject is the project the account had asked to vote for before
	// verifying itself (SetPendingProject), or ""; it is forgotten.
	PendingProject string
}

// VerifyVoter links an account to the voter holding phoneHash in a contest
// (or the voter it was merged into, see LinkAccounts), creating the voter
// if needed, records the voter's prefixHash (the hash of its number's
// block, for the fraud report; nil keeps what is there; an erased voter
// keeps none) and takes the account's pending project — in one statement. The same phone through several accounts is one voter, also
// when they verify at the same moment: the second waits for the first's
// voter row and joins it. An account already linked to another voter of the
// contest fails with contest.Conflict, and keeps its pending project.
func (tx *Tx) VerifyVoter(ctx context.Context, contestID, accountID int64, phoneHash, prefixHash []byte) (Verified, error) {
	var prefix any // NULL, not an empty bytea, when there is none
	if prefixHash != nil {
		prefix = prefixHash
	}
	var rows []struct {
		ballotRow
		Linked  int64          `db:"linked"`
		Pending sql.NullString `db:"pending"`
	}
	err := tx.sel(ctx, &rows, `WITH account AS (
			SELECT $2::bigint AS id
		), `+phoneLink("$1::bigint", "$3::bytea", "$4::bytea")+`, pending AS (
			UPDATE accounts a SET pending_project = NULL
			FROM (SELECT pending_project FROM accounts WHERE id = $2) old
			WHERE a.id = $2 AND (SELECT voter_id FROM link) = (SELECT id FROM identity)
			RETURNING old.pending_project
		)
		SELECT `+ballotColumns+`, link.voter_id AS linked, (SELECT pending_project FROM pending) AS pending
		FROM (SELECT id AS voter_id FROM identity) va CROSS JOIN link
		LEFT JOIN votes v ON v.contest_id = $1 AND v.voter_id = va.voter_id ORDER BY v.slot`,
		contestID, accountID, phoneHash, prefix)
	if err != nil {
		return Verified{}, mapErr(err)
	}
	var out Verified
	for _, r := range rows {
		if r.Linked != *r.VoterID {
			return Verified{}, contest.Errorf(contest.Conflict, "this account is already verified with another phone number")
		}
		out.Ballot.add(r.ballotRow)
		out.PendingProject = r.Pending.String
	}
	return out, nil
}

// phoneLink is the CTEs that verify the account of the CTE "account" (its
// id) with an identity's hash in a contest, given as SQL expressions:
// "identity" is the voter of the hash — the voter LinkAccounts merged it
// into (voter_aliases), or else the one "phone" upserts (its block hash kept
// when none is given); "link" links the account to it and returns the voter
// the account is linked to — another one when the account was verified with
// another identity before. ON CONFLICT DO UPDATE, unlike DO NOTHING, returns
// the row a concurrent verification of the same hash inserted once it
// commits, although the statement's snapshot does not see it (it waits for
// that transaction). VerifyVoter and BeginUpdate's Verify both use it.
func phoneLink(contestID, hash, prefixHash string) string {
	return `alias AS (
		SELECT voter_id AS id FROM voter_aliases WHERE contest_id = ` + contestID + ` AND hash = ` + hash + `
	), phone AS (
		INSERT INTO voters (contest_id, phone_hash, prefix_hash) SELECT ` + contestID + `, ` + hash + `, ` + prefixHash + ` FROM account
		WHERE NOT EXISTS (SELECT FROM alias)
		ON CONFLICT (contest_id, phone_hash) DO UPDATE SET prefix_hash = COALESCE(EXCLUDED.prefix_hash, voters.prefix_hash)
		RETURNING id
	), identity AS (
		SELECT id FROM phone UNION ALL SELECT id FROM alias
	), link AS (
		INSERT INTO voter_accounts (voter_id, account_id, contest_id) SELECT identity.id, account.id, ` + contestID + ` FROM identity, account
		ON CONFLICT (contest_id, account_id) DO UPDATE SET contest_id = EXCLUDED.contest_id RETURNING voter_id
	)`
}

// SetPendingProject remembers (or, with "", forgets) the project an account
// wants to vote for while it verifies itself.
func (tx *Tx) SetPendingProject(ctx context.Context, accountID int64, projectID string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET pending_project = NULLIF($2, '') WHERE id = $1`, accountID, projectID)
	return mapErr(err)
}

// Subscribe adds an account to a contest's news; subscribing twice is a
// no-op. It reports whether the account was newly subscribed.
func (tx *Tx) Subscribe(ctx context.Context, contestID, accountID int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO subscribers (contest_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		contestID, accountID)
	if err != nil {
		return false, mapErr(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Unsubscribe removes an account from a contest's news. It reports whether
// the account was subscribed.
func (tx *Tx) Unsubscribe(ctx context.Context, contestID, accountID int64) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM subscribers WHERE contest_id = $1 AND account_id = $2`, contestID, accountID)
	if err != nil {
		return false, mapErr(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Subscribed reports whether an account receives a contest's news.
func (tx *Tx) Subscribed(ctx context.Context, contestID, accountID int64) (bool, error) {
	var ok bool
	err := tx.tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM subscribers WHERE contest_id = $1 AND account_id = $2)`, contestID, accountID)
	return ok, mapErr(err)
}

// FindAccount returns the account of a platform user; contest.NotFound when
// prixbot has never seen them (or they were erased).
func (tx *Tx) FindAccount(ctx context.Context, platform, userID string) (Account, error) {
	var a Account
	err := tx.tx.GetContext(ctx, &a, `SELECT id, platform, platform_user_id, chat_id, language, language_chosen
		FROM accounts WHERE platform = $1 AND platform_user_id = $2`, platform, userID)
	if err != nil && contest.ErrorCode(mapErr(err)) == contest.NotFound {
		return Account{}, contest.Errorf(contest.NotFound, "no %s account %s", platform, userID)
	}
	return a, mapErr(err)
}

// Forgotten says what ForgetAccount did.
type Forgotten struct {
	// Voters is how many voters were erased: those the account was linked to
	// and no other account still is (the same phone through another account).
	Voters int `db:"voters"`
	// HashesKept is how many of them keep their phone hash because their
	// contest's public vote has not closed yet; PurgeErasedPhoneHashes drops
	// them after it closes.
	HashesKept int `db:"hashes_kept"`
}

// ForgetAccount erases the personal data of an account, at once and in tx:
// its platform user id, chat id, username, display name and language; its
// subscriptions; its links to voters; its pending outbox messages (sent ones
// lose their chat id). Votes stay counted, attached to an anonymous voter.
// Each linked voter keeps only its peppered phone hash while its contest's
// public vote has not closed at now (without it the same person could verify
// again and vote twice); otherwise the hash is dropped too. Users, the
// organisers' `forget` command and retention all erase through this
// function; the caller audits organiser actions. Forgetting an erased
// account changes nothing. It returns contest.NotFound for an unknown account.
func (tx *Tx) ForgetAccount(ctx context.Context, accountID int64, now time.Time) (Forgotten, error) {
	var acct struct {
		Platform string         `db:"platform"`
		ChatID   sql.NullString `db:"chat_id"`
	}
	if err := tx.tx.GetContext(ctx, &acct, `SELECT platform, chat_id FROM accounts WHERE id = $1 FOR UPDATE`, accountID); err != nil {
		if contest.ErrorCode(mapErr(err)) == contest.NotFound {
			return Forgotten{}, contest.Errorf(contest.NotFound, "no account %d", accountID)
		}
		return Forgotten{}, mapErr(err)
	}
	var f Forgotten
	err := tx.tx.GetContext(ctx, &f, `WITH links AS (
			DELETE FROM voter_accounts WHERE account_id = $1 RETURNING voter_id
		), erased AS (
			UPDATE voters v SET erased_at = COALESCE(v.erased_at, $2),
				phone_hash = CASE WHEN EXISTS (SELECT 1 FROM phases p WHERE p.contest_id = v.contest_id
					AND p.name = 'public_vote' AND p.end_at > $2) THEN v.phone_hash END
			WHERE v.id IN (SELECT voter_id FROM links) AND NOT EXISTS (SELECT 1 FROM voter_accounts va
				WHERE va.voter_id = v.id AND va.account_id <> $1)
			RETURNING v.phone_hash IS NOT NULL AS kept
		)
		SELECT count(*) AS voters, count(*) FILTER (WHERE kept) AS hashes_kept FROM erased`, accountID, now)
	if err != nil {
		return Forgotten{}, mapErr(err)
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM subscribers WHERE account_id = $1`, accountID); err != nil {
		return Forgotten{}, mapErr(err)
	}
	if acct.ChatID.Valid {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM outbox WHERE platform = $1 AND chat_id = $2 AND sent_at IS NULL`,
			acct.Platform, acct.ChatID.String); err != nil {
			return Forgotten{}, mapErr(err)
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE outbox SET chat_id = '' WHERE platform = $1 AND chat_id = $2`,
			acct.Platform, acct.ChatID.String); err != nil {
			return Forgotten{}, mapErr(err)
		}
	}
	_, err = tx.tx.ExecContext(ctx, `UPDATE accounts SET platform_user_id = NULL, chat_id = NULL, username = NULL,
		display_name = NULL, language = '', language_chosen = false, pending_project = NULL,
		erased_at = COALESCE(erased_at, $2) WHERE id = $1`, accountID, now)
	return f, mapErr(err)
}

// PurgeErasedPhoneHashes drops the phone hash of every erased voter whose
// contest's public vote has closed at now, as ForgetAccount promises. It
// returns how many hashes it dropped; retention runs it periodically.
func (s *Store) PurgeErasedPhoneHashes(ctx context.Context, now time.Time) (int, error) {
	res, err := s.exec(ctx, `UPDATE voters v SET phone_hash = NULL
		WHERE v.erased_at IS NOT NULL AND v.phone_hash IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM phases p WHERE p.contest_id = v.contest_id AND p.name = 'public_vote' AND p.end_at > $1)`, now)
	if err != nil {
		return 0, mapErr(err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
