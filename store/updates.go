package store

import (
	"context"
)

// BeginUpdate records that a platform update is being handled, inside the
// transaction of its effect, and returns its sender's account, created or
// refreshed as UpsertAccount does, and the account's Ballot in contestID —
// in one statement. It reports false, with no account and nothing changed,
// when the update was already processed (a redelivery): the caller must then
// do nothing.
func (tx *Tx) BeginUpdate(ctx context.Context, platform, updateID, userID, chatID, username, name string, contestID int64) (Account, Ballot, bool, error) {
	var rows []struct {
		Account
		ballotRow
	}
	err := tx.sel(ctx, &rows, `WITH processed AS (
			INSERT INTO processed_updates (platform, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1
		), account AS (
			INSERT INTO accounts (platform, platform_user_id, chat_id, username, display_name)
			SELECT $1, $3::text, NULLIF($4::text, ''), NULLIF($5::text, ''), NULLIF($6::text, '') WHERE EXISTS (SELECT FROM processed)
			`+upsertAccount+`
		)
		SELECT a.*, `+ballotColumns+` FROM account a
		LEFT JOIN voter_accounts va ON va.contest_id = $7 AND va.account_id = a.id
		LEFT JOIN votes v ON v.contest_id = $7 AND v.voter_id = va.voter_id
		ORDER BY v.slot`,
		platform, updateID, userID, chatID, username, name, contestID)
	if err != nil {
		return Account{}, Ballot{}, false, mapErr(err)
	}
	if len(rows) == 0 {
		return Account{}, Ballot{}, false, nil
	}
	var b Ballot
	for _, r := range rows {
		b.add(r.ballotRow)
	}
	return rows[0].Account, b, true, nil
}
