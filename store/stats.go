package store

import "context"

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
