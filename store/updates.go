package store

import (
	"context"
	"database/sql"
	"errors"
)

// BeginUpdate records that a platform update is being handled, inside the
// transaction of its effect, and returns its sender's account, created or
// refreshed as UpsertAccount does — in one statement. It reports false, with
// no account and nothing changed, when the update was already processed (a
// redelivery): the caller must then do nothing.
func (tx *Tx) BeginUpdate(ctx context.Context, platform, updateID, userID, chatID, username, name string) (Account, bool, error) {
	var a Account
	err := tx.get(ctx, &a, `WITH processed AS (
			INSERT INTO processed_updates (platform, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1
		)
		INSERT INTO accounts (platform, platform_user_id, chat_id, username, display_name)
		SELECT $1, $3::text, NULLIF($4::text, ''), NULLIF($5::text, ''), NULLIF($6::text, '') WHERE EXISTS (SELECT FROM processed)
		`+upsertAccount,
		platform, updateID, userID, chatID, username, name)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, false, nil
	}
	if err != nil {
		return Account{}, false, mapErr(err)
	}
	return a, true, nil
}
