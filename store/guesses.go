package store

import (
	"context"
	"time"
)

// WrongCodeGuesses returns how many wrong codes accountID sent after since,
// and when the first of them was sent (zero when none). It locks the account
// row until the transaction ends, so that concurrent guesses of one account,
// on any replica, are counted one after the other.
func (tx *Tx) WrongCodeGuesses(ctx context.Context, accountID int64, since time.Time) (int, time.Time, error) {
	var row struct {
		N     int        `db:"n"`
		First *time.Time `db:"first"`
	}
	err := tx.tx.GetContext(ctx, &row, `WITH locked AS (SELECT id FROM accounts WHERE id = $1 FOR UPDATE)
		SELECT count(g.at) AS n, min(g.at) AS first FROM locked
		LEFT JOIN code_guesses g ON g.account_id = locked.id AND g.at > $2`, accountID, since)
	if err != nil {
		return 0, time.Time{}, mapErr(err)
	}
	if row.First == nil {
		return row.N, time.Time{}, nil
	}
	return row.N, *row.First, nil
}

// RecordWrongCodeGuess records that accountID sent a wrong code at at, and
// forgets its guesses made before since.
func (tx *Tx) RecordWrongCodeGuess(ctx context.Context, accountID int64, at, since time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `WITH gone AS (DELETE FROM code_guesses WHERE account_id = $1 AND at <= $3)
		INSERT INTO code_guesses (account_id, at) VALUES ($1, $2)`, accountID, at, since)
	return mapErr(err)
}
