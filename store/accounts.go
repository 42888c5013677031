package store

import (
	"context"
)

// Account is a platform user as prixbot knows them.
type Account struct {
	ID             int64   `db:"id"`
	Platform       string  `db:"platform"`
	PlatformUserID *string `db:"platform_user_id"`
	ChatID         *string `db:"chat_id"`
	Language       string  `db:"language"`
	LanguageChosen bool    `db:"language_chosen"`
}

// UpsertAccount returns the account of a platform user, creating it or
// refreshing its chat, username and display name. An erased account that
// comes back starts afresh.
func (tx *Tx) UpsertAccount(ctx context.Context, platform, userID, chatID, username, name string) (Account, error) {
	var a Account
	err := tx.get(ctx, &a, `INSERT INTO accounts (platform, platform_user_id, chat_id, username, display_name)
		VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, ''))
		`+upsertAccount, platform, userID, chatID, username, name)
	return a, mapErr(err)
}

// upsertAccount ends an insert into accounts as UpsertAccount describes.
const upsertAccount = `ON CONFLICT (platform, platform_user_id) DO UPDATE SET
			chat_id = COALESCE(EXCLUDED.chat_id, accounts.chat_id),
			username = EXCLUDED.username, display_name = EXCLUDED.display_name, erased_at = NULL
		RETURNING id, platform, platform_user_id, chat_id, language, language_chosen`

// SetLanguage records the language a user picked.
func (tx *Tx) SetLanguage(ctx context.Context, accountID int64, lang string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE accounts SET language = $2, language_chosen = true WHERE id = $1`, accountID, lang)
	return mapErr(err)
}
