package store

import (
	"context"
	"time"

	"github.com/lib/pq"
)

// NoticeRecipient is someone a calendar notice goes to: a platform chat and
// the language to write in (accounts.language, as the platform or the user
// gave it).
type NoticeRecipient struct {
	AccountID int64  `db:"account_id"`
	Platform  string `db:"platform"`
	ChatID    string `db:"chat_id"`
	Language  string `db:"language"`
}

// Subscribers returns the subscribers of a contest that can be reached (not
// erased, with a chat), by account id. With notVoted, only those whose
// account has no counted vote in the contest.
func (tx *Tx) Subscribers(ctx context.Context, contestID int64, notVoted bool) ([]NoticeRecipient, error) {
	var rs []NoticeRecipient
	err := tx.tx.SelectContext(ctx, &rs, `SELECT a.id AS account_id, a.platform, a.chat_id, a.language
		FROM subscribers s JOIN accounts a ON a.id = s.account_id
		WHERE s.contest_id = $1 AND a.erased_at IS NULL AND a.chat_id IS NOT NULL
		  AND (NOT $2 OR NOT EXISTS (
			SELECT 1 FROM voter_accounts va JOIN votes v ON v.voter_id = va.voter_id AND v.contest_id = va.contest_id
			WHERE va.account_id = a.id AND va.contest_id = $1 AND v.voided_at IS NULL))
		ORDER BY a.id`, contestID, notVoted)
	return rs, mapErr(err)
}

// JurorReminder is where a juror stands with the shortlist, and where to
// remind them.
type JurorReminder struct {
	JurorID  int64  `db:"juror_id"`
	Name     string `db:"name"`
	Platform string `db:"platform"`
	ChatID   string `db:"chat_id"`
	Language string `db:"language"`
	Total    int    `db:"total"` // sheets to submit: shortlisted projects minus declared conflicts
	Left     int    `db:"left"`  // of those, sheets not submitted yet
	// NextProject is the first shortlisted project (by position) the juror has
	// still to score, or "" when none is left.
	NextProject     string `db:"next_project"`
	NextProjectName string `db:"next_project_name"`
}

// JurorReminders returns every juror of a contest who can be reached on
// one of platforms, in order of preference, with their progress (counted as
// JurorProgress does). A juror is reached on the first of platforms where
// they have an account with the bot, else on the first where they have an
// id.
func (tx *Tx) JurorReminders(ctx context.Context, contestID int64, platforms []string) ([]JurorReminder, error) {
	var ps []JurorReminder
	err := tx.tx.SelectContext(ctx, &ps, `
		WITH short AS (
			SELECT id, name, position FROM projects WHERE contest_id = $1 AND shortlisted
		), reach AS (
			SELECT DISTINCT ON (j.id) j.id, j.name, i.platform,
				COALESCE(a.chat_id, i.user_id) AS chat_id, COALESCE(a.language, '') AS language
			FROM jurors j
			JOIN juror_identities i ON i.juror_id = j.id AND i.platform = ANY($2)
			LEFT JOIN accounts a ON a.platform = i.platform AND a.platform_user_id = i.user_id AND a.erased_at IS NULL
			WHERE j.contest_id = $1
			ORDER BY j.id, a.id IS NULL, array_position($2, i.platform)
		)
		SELECT r.id AS juror_id, r.name, r.platform, r.chat_id, r.language,
			(SELECT count(*) FROM short p WHERE NOT EXISTS (SELECT 1 FROM jury_sheets js
			 WHERE js.juror_id = r.id AND js.project_id = p.id AND js.conflict)) AS total,
			(SELECT count(*) FROM short p WHERE NOT EXISTS (SELECT 1 FROM jury_sheets js
			 WHERE js.juror_id = r.id AND js.project_id = p.id AND (js.submitted_at IS NOT NULL OR js.conflict))) AS left,
			COALESCE(n.id, '') AS next_project, COALESCE(n.name, '') AS next_project_name
		FROM reach r
		LEFT JOIN LATERAL (
			SELECT p.id, p.name FROM short p
			WHERE NOT EXISTS (SELECT 1 FROM jury_sheets js WHERE js.juror_id = r.id AND js.project_id = p.id
			                  AND (js.submitted_at IS NOT NULL OR js.conflict))
			ORDER BY p.position, p.id LIMIT 1) n ON true
		ORDER BY r.id`, contestID, pq.Array(platforms))
	return ps, mapErr(err)
}

// Notice statuses in schedule_notices.
const (
	NoticeEnqueued = "enqueued"
	NoticeStale    = "stale"
)

// ScheduledNotices returns the keys of the notices of a contest already dealt
// with (enqueued or skipped as stale).
func (s *Store) ScheduledNotices(ctx context.Context, contestID int64) (map[string]bool, error) {
	var keys []string
	if err := s.db.SelectContext(ctx, &keys, `SELECT key FROM schedule_notices WHERE contest_id = $1`, contestID); err != nil {
		return nil, mapErr(err)
	}
	done := make(map[string]bool, len(keys))
	for _, k := range keys {
		done[k] = true
	}
	return done, nil
}

// ClaimNotice records, inside tx, that the notice with that key is being dealt
// with at `at` with the given status. It reports false when another tick or
// replica already did (the caller then does nothing); a concurrent claim waits
// for the first to commit or roll back.
func (tx *Tx) ClaimNotice(ctx context.Context, contestID int64, key string, due, at time.Time, status string) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO schedule_notices (contest_id, key, due_at, status, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (contest_id, key) DO NOTHING`, contestID, key, due, status, at)
	if err != nil {
		return false, mapErr(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetNoticeRecipients records how many outbox rows a notice produced.
func (tx *Tx) SetNoticeRecipients(ctx context.Context, contestID int64, key string, n int) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE schedule_notices SET recipients = $3 WHERE contest_id = $1 AND key = $2`, contestID, key, n)
	return mapErr(err)
}

// EnqueueBatch adds many notifications inside tx, as Enqueue does one by one
// (existing dedupe keys are skipped), in statements of at most 5,000 rows. It
// returns how many rows were added.
func (tx *Tx) EnqueueBatch(ctx context.Context, ns []Notification, now time.Time) (int, error) {
	const chunk = 5000
	total := 0
	for len(ns) > 0 {
		part := ns[:min(chunk, len(ns))]
		ns = ns[len(part):]
		var (
			cids      = make([]int64, len(part))
			keys      = make([]string, len(part))
			platforms = make([]string, len(part))
			chats     = make([]string, len(part))
			kinds     = make([]string, len(part))
			payloads  = make([]string, len(part))
			notBefore = make([]time.Time, len(part))
		)
		for i, n := range part {
			cids[i], keys[i], platforms[i], chats[i], kinds[i], payloads[i] = n.ContestID, n.DedupeKey, n.Platform, n.ChatID, n.Kind, string(n.Payload)
			notBefore[i] = n.NotBefore
			if n.NotBefore.IsZero() {
				notBefore[i] = now
			}
		}
		res, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox (contest_id, dedupe_key, platform, chat_id, kind, payload, not_before)
			SELECT NULLIF(c, 0), k, p, ch, kd, pl::jsonb, nb
			FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS t(c, k, p, ch, kd, pl, nb)
			ON CONFLICT (dedupe_key) DO NOTHING`,
			pq.Array(cids), pq.Array(keys), pq.Array(platforms), pq.Array(chats), pq.Array(kinds), pq.Array(payloads), pq.Array(notBefore))
		if err != nil {
			return total, mapErr(err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += int(k)
	}
	return total, nil
}
