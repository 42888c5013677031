package store

import (
	"context"
	"time"
)

// OutboxState counts the outbox's unsent notifications, for metrics.
type OutboxState struct {
	Due       int           // to send now
	Scheduled int           // not before a later time
	Dead      int           // given up after retries (recipients who blocked the bot excluded)
	OldestDue time.Duration // how long the oldest due one has waited past its time
}

// OutboxState reads the outbox's depth and the age of its oldest due
// notification, in one query over the outbox's partial indexes.
func (s *Store) OutboxState(ctx context.Context) (OutboxState, error) {
	var st OutboxState
	var oldest float64
	err := s.db.QueryRowContext(ctx, `
		SELECT count(*) FILTER (WHERE not_before <= now()),
		       count(*) FILTER (WHERE not_before > now()),
		       (SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL AND NOT blocked),
		       COALESCE(EXTRACT(EPOCH FROM now() - min(not_before) FILTER (WHERE not_before <= now())), 0)
		FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL`).Scan(&st.Due, &st.Scheduled, &st.Dead, &oldest)
	if err != nil {
		return OutboxState{}, mapErr(err)
	}
	st.OldestDue = time.Duration(oldest * float64(time.Second))
	return st, nil
}

// VotesByPlatform counts the counted (not voided) votes of the current
// contest by platform, for metrics; none when there is no contest.
func (s *Store) VotesByPlatform(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT platform, count(*) FROM votes
		WHERE contest_id = (SELECT id FROM contests ORDER BY created_at DESC, id DESC LIMIT 1) AND voided_at IS NULL
		GROUP BY platform`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}
