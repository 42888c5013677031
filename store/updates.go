package store

import "context"

// MarkProcessed records that a platform update is being handled, inside the
// transaction of its effect. It reports false when the update was already
// processed (a redelivery): the caller must then do nothing.
func (tx *Tx) MarkProcessed(ctx context.Context, platform, updateID string) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO processed_updates (platform, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		platform, updateID)
	if err != nil {
		return false, mapErr(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
