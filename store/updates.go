package store

import (
	"context"
	"database/sql"
	"time"
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
	At                             time.Time // when, for DeepLink
	// Pending is a project of ContestID that the update asks to vote for, or
	// "": it becomes the account's pending project (see SetPendingProject)
	// unless the account is already a voter in ContestID.
	Pending string
}

// beginUpdate records an update (processed_updates), creates or refreshes
// its sender's account, notes the deep link it opened, and returns the
// account and its ballot — or no row for a redelivery. noUpdateID is the
// same for an update with no id: nothing to record, never a redelivery.
// beginVote and noUpdateIDVote also set the account's pending project to
// $10 unless the account is a voter of the contest $7, judged on the same
// snapshot as the ballot returned (the voter check is one lookup by the
// account's key, not a subquery in the ON CONFLICT SET, which was measured
// to cost PostgreSQL ~50 µs more per webhook request). They are separate
// statements so that other updates do not pay for the check.
//
// The account row is rewritten every time, even unchanged: skipping that
// (ON CONFLICT … DO UPDATE … WHERE the values differ, UNION ALL a SELECT of
// the unchanged row) was measured to cost PostgreSQL ~150 µs more per
// request on the webhook benchmark, not less (BENCHMARKS.md).
var (
	beginUpdate, beginVote     = beginUpdateQuery(processedInsert, false), beginUpdateQuery(processedInsert, true)
	noUpdateID, noUpdateIDVote = beginUpdateQuery(`SELECT $2::text`, false), beginUpdateQuery(`SELECT $2::text`, true)
	processedInsert            = `INSERT INTO processed_updates (platform, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`
)

func beginUpdateQuery(processed string, pending bool) string {
	voter, column, value, set := "", "", "", ""
	if pending {
		voter = `
	), voter AS (
		SELECT FROM accounts x JOIN voter_accounts va ON va.contest_id = $7 AND va.account_id = x.id
		WHERE x.platform = $1 AND x.platform_user_id = $3::text`
		column, value = ", pending_project", ", CASE WHEN EXISTS (SELECT FROM voter) THEN NULL ELSE $10::text END"
		set = `,
			pending_project = COALESCE(EXCLUDED.pending_project, a.pending_project)`
	}
	return `WITH processed AS (` + processed + voter + `
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
	)
	SELECT a.id, a.chat_id, a.language, a.language_chosen, ` + ballotColumns + `
	FROM account a
	LEFT JOIN voter_accounts va ON va.contest_id = $7 AND va.account_id = a.id
	LEFT JOIN votes v ON v.contest_id = $7 AND v.voter_id = va.voter_id
	ORDER BY v.slot`
}

// BeginUpdate records that a platform update is being handled, inside the
// transaction of its effect, and returns its sender's account (created, or
// its chat, username and name refreshed; an erased account that comes back
// starts afresh) and the account's Ballot in u.ContestID — in one
// statement. It reports false, with no account and nothing changed, when the
// update was already processed (a redelivery): the caller must then do
// nothing.
func (tx *Tx) BeginUpdate(ctx context.Context, u Update) (Account, Ballot, bool, error) {
	return beginUpdateWith(u, func(query string, args ...any) (*sql.Rows, error) {
		if st := tx.stmt(ctx, query); st != nil {
			return st.QueryContext(ctx, args...)
		}
		return tx.QueryContext(ctx, query, args...)
	})
}

// BeginUpdate is Tx.BeginUpdate on its own, committed when it returns: for
// an update whose handling writes nothing else.
func (s *Store) BeginUpdate(ctx context.Context, u Update) (Account, Ballot, bool, error) {
	s.prepareWanted(ctx)
	return beginUpdateWith(u, func(query string, args ...any) (*sql.Rows, error) {
		if st := s.prepared(query); st != nil {
			return st.QueryContext(ctx, args...)
		}
		return s.db.QueryContext(ctx, query, args...)
	})
}

func beginUpdateWith(u Update, query func(string, ...any) (*sql.Rows, error)) (Account, Ballot, bool, error) {
	q, qVote := beginUpdate, beginVote
	if u.ID == "" {
		q, qVote = noUpdateID, noUpdateIDVote
	}
	args := []any{u.Platform, u.ID, u.UserID, u.ChatID, u.Username, u.Name, u.ContestID, u.DeepLink, u.At}
	if u.Pending != "" {
		q, args = qVote, append(args, u.Pending)
	}
	rows, err := query(q, args...)
	if err != nil {
		return Account{}, Ballot{}, false, mapErr(err)
	}
	defer rows.Close()
	a := Account{Platform: u.Platform, PlatformUserID: &u.UserID}
	var b Ballot
	first := false
	for rows.Next() {
		first = true
		var r ballotRow
		if err := rows.Scan(&a.ID, &a.ChatID, &a.Language, &a.LanguageChosen, &r.VoterID, &r.VoteID, &r.Slot, &r.ProjectID,
			&r.Receipt, &r.Platform, &r.CastAt, &r.VoidedAt, &r.VoidReason); err != nil {
			return Account{}, Ballot{}, false, mapErr(err)
		}
		b.add(r)
	}
	if err := rows.Err(); err != nil {
		return Account{}, Ballot{}, false, mapErr(err)
	}
	return a, b, first, nil
}
