package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/lib/pq"
)

// OutboxMessage is an outbox row claimed by a dispatcher.
type OutboxMessage struct {
	ID         int64           `db:"id"`
	DedupeKey  string          `db:"dedupe_key"`
	Platform   string          `db:"platform"`
	ChatID     string          `db:"chat_id"`
	Kind       string          `db:"kind"`
	Payload    json.RawMessage `db:"payload"`
	Attempts   int             `db:"attempts"` // including this one
	LeaseUntil time.Time       `db:"lease_until"`
}

// ClaimNotifications leases up to limit due rows of the given platforms (not sent, not dead,
// not_before <= now, lease free or expired) to owner until now+lease, counting
// one attempt each, and returns them oldest first. Concurrent dispatchers get
// disjoint rows: the claim is one UPDATE over a FOR UPDATE SKIP LOCKED
// sub-select.
func (s *Store) ClaimNotifications(ctx context.Context, owner string, platforms []string, now time.Time, lease time.Duration, limit int) ([]OutboxMessage, error) {
	var rows []OutboxMessage
	err := s.sel(ctx, &rows, `UPDATE outbox SET lease_until = $2::timestamptz + $3 * interval '1 microsecond', leased_by = $1, attempts = attempts + 1
		WHERE id IN (
			SELECT id FROM outbox
			WHERE sent_at IS NULL AND dead_at IS NULL AND not_before <= $2
			  AND (lease_until IS NULL OR lease_until <= $2) AND platform = ANY($5)
			ORDER BY not_before, id
			FOR UPDATE SKIP LOCKED
			LIMIT $4)
		RETURNING id, dedupe_key, platform, chat_id, kind, payload, attempts, lease_until`,
		owner, now, lease.Microseconds(), limit, pq.Array(platforms))
	if err != nil {
		return nil, mapErr(err)
	}
	// RETURNING gives no order; ids follow enqueue order, so a batch goes out
	// roughly as it was enqueued.
	slices.SortFunc(rows, func(a, b OutboxMessage) int { return cmp.Compare(a.ID, b.ID) })
	return rows, nil
}

// MarkNotificationSent records that a claimed row was delivered at `at` and
// releases its lease, in one transaction. It reports false when owner no
// longer holds the lease (it expired and another dispatcher took the row):
// the message may then go out twice.
//
// The transaction commits without waiting for the WAL to reach disk
// (synchronous_commit off, for it alone): once the commit returns, a crash of
// the dispatcher can no longer repeat the message, and waiting for the flush
// would widen that window by an fsync. Only a crash of PostgreSQL itself in
// the next wal_writer_delay (200 ms by default) could lose the mark, and with
// it send the message again.
func (s *Store) MarkNotificationSent(ctx context.Context, id int64, owner string, at time.Time) (bool, error) {
	var n int64
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `SET LOCAL synchronous_commit TO OFF`); err != nil {
			return mapErr(err)
		}
		res, err := tx.exec(ctx, `UPDATE outbox SET sent_at = $3, lease_until = NULL, leased_by = NULL, last_error = NULL
			WHERE id = $1 AND leased_by = $2 AND sent_at IS NULL`, id, owner, at)
		if err != nil {
			return mapErr(err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// RetryNotification releases a claimed row to be tried again at notBefore.
// When charge is false the attempt counted by the claim is given back (the
// row was never tried, or the platform asked to wait).
func (s *Store) RetryNotification(ctx context.Context, id int64, owner string, notBefore time.Time, lastErr string, charge bool) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET not_before = $3, lease_until = NULL, leased_by = NULL,
			last_error = COALESCE(NULLIF($4, ''), last_error), attempts = attempts - CASE WHEN $5 THEN 0 ELSE 1 END
		WHERE id = $1 AND leased_by = $2 AND sent_at IS NULL`, id, owner, notBefore, lastErr, charge)
	return mapErr(err)
}

// KillNotification gives up on a claimed row at `at` with the error that
// killed it; dead rows show in OutboxHealth for organisers.
func (s *Store) KillNotification(ctx context.Context, id int64, owner string, at time.Time, lastErr string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET dead_at = $3, lease_until = NULL, leased_by = NULL, last_error = $4
		WHERE id = $1 AND leased_by = $2 AND sent_at IS NULL`, id, owner, at, lastErr)
	return mapErr(err)
}

// BlockRecipient handles a recipient who blocked the bot: in one transaction
// the claimed row is given up (dead, flagged blocked, not counted as a
// failure) and every account of that platform chat is unsubscribed from every
// contest. It returns how many subscriptions were removed.
func (s *Store) BlockRecipient(ctx context.Context, id int64, owner, platform, chatID string, at time.Time) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `UPDATE outbox SET dead_at = $3, blocked = true, lease_until = NULL, leased_by = NULL,
				last_error = 'recipient blocked the bot; unsubscribed'
			WHERE id = $1 AND leased_by = $2 AND sent_at IS NULL`, id, owner, at); err != nil {
			return mapErr(err)
		}
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM subscribers WHERE account_id IN (
			SELECT id FROM accounts WHERE platform = $1 AND chat_id = $2)`, platform, chatID)
		if err != nil {
			return mapErr(err)
		}
		k, err := res.RowsAffected()
		n = int(k)
		return err
	})
	return n, err
}

// OutboxHealth is the state of the outbox as organisers see it.
type OutboxHealth struct {
	Depth     int           // rows not yet sent nor given up
	Due       int           // of those, rows whose time has come
	Leased    int           // rows being sent right now
	OldestDue time.Duration // how long the oldest due row has waited; 0 when none
	Dead      int           // rows given up after errors (blocked recipients excluded)
	Blocked   int           // rows dropped because the recipient blocked the bot
	Sent      int           // rows delivered
	LastError string        // the error of the most recent dead row, if any
}

// OutboxHealth returns the outbox's depth, the age of its oldest due row and
// its dead count as of now, for the organisers' status command and metrics.
func (s *Store) OutboxHealth(ctx context.Context, now time.Time) (OutboxHealth, error) {
	var h struct {
		Depth     int        `db:"depth"`
		Due       int        `db:"due"`
		Leased    int        `db:"leased"`
		Oldest    *time.Time `db:"oldest"`
		Dead      int        `db:"dead"`
		Blocked   int        `db:"blocked"`
		Sent      int        `db:"sent"`
		LastError *string    `db:"last_error"`
	}
	err := s.db.GetContext(ctx, &h, `SELECT
			count(*) FILTER (WHERE sent_at IS NULL AND dead_at IS NULL) AS depth,
			count(*) FILTER (WHERE sent_at IS NULL AND dead_at IS NULL AND not_before <= $1) AS due,
			count(*) FILTER (WHERE sent_at IS NULL AND dead_at IS NULL AND lease_until > $1) AS leased,
			min(not_before) FILTER (WHERE sent_at IS NULL AND dead_at IS NULL AND not_before <= $1) AS oldest,
			count(*) FILTER (WHERE dead_at IS NOT NULL AND NOT blocked) AS dead,
			count(*) FILTER (WHERE blocked) AS blocked,
			count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
			(SELECT last_error FROM outbox WHERE dead_at IS NOT NULL AND NOT blocked ORDER BY dead_at DESC, id DESC LIMIT 1) AS last_error
		FROM outbox`, now)
	if err != nil {
		return OutboxHealth{}, mapErr(err)
	}
	out := OutboxHealth{Depth: h.Depth, Due: h.Due, Leased: h.Leased, Dead: h.Dead, Blocked: h.Blocked, Sent: h.Sent}
	if h.Oldest != nil {
		out.OldestDue = now.Sub(*h.Oldest)
	}
	if h.LastError != nil {
		out.LastError = *h.LastError
	}
	return out, nil
}
