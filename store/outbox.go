package store

import (
	"context"
	"encoding/json"
	"time"
)

// Notification is a message to deliver later through the outbox.
type Notification struct {
	ContestID int64
	// DedupeKey makes enqueueing idempotent: a second Enqueue with the same key
	// does nothing (e.g. "reminder/jury_vote/<juror>/72h").
	DedupeKey string
	Platform  string
	ChatID    string
	Kind      string          // what it is, for metrics and organisers ("reminder", "announce", …)
	Payload   json.RawMessage // the platform-neutral message (bot.Message as JSON)
	NotBefore time.Time       // not sent before; zero means now
}

// Enqueue adds a notification to the outbox inside tx, so it commits with the
// change that causes it. It reports false when the dedupe key already exists.
func (tx *Tx) Enqueue(ctx context.Context, n Notification) (bool, error) {
	var cid *int64
	if n.ContestID != 0 {
		cid = &n.ContestID
	}
	var notBefore *time.Time
	if !n.NotBefore.IsZero() {
		notBefore = &n.NotBefore
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox (contest_id, dedupe_key, platform, chat_id, kind, payload, not_before)
		VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now())) ON CONFLICT (dedupe_key) DO NOTHING`,
		cid, n.DedupeKey, n.Platform, n.ChatID, n.Kind, []byte(n.Payload), notBefore)
	if err != nil {
		return false, mapErr(err)
	}
	k, err := res.RowsAffected()
	return k == 1, err
}
