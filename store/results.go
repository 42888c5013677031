package store

import (
	"context"

	"prixbot/contest"
)

// RankInput gathers what the ranking needs: shortlisted projects, counted
// (not voided) votes, and the totals of submitted jury sheets without a
// declared conflict.
func (s *Store) RankInput(ctx context.Context, contestID int64) (contest.RankInput, error) {
	var in contest.RankInput
	projects, err := s.Projects(ctx, contestID)
	if err != nil {
		return in, err
	}
	for _, p := range projects {
		if p.Shortlisted {
			in.Projects = append(in.Projects, p)
		}
	}
	var tallies []struct {
		Project string `db:"project_id"`
		N       int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &tallies, `SELECT project_id, count(*) AS n FROM votes
		WHERE contest_id = $1 AND voided_at IS NULL GROUP BY project_id`, contestID); err != nil {
		return in, mapErr(err)
	}
	in.Votes = make(map[string]int, len(tallies))
	for _, t := range tallies {
		in.Votes[t.Project] = t.N
	}
	var sheets []struct {
		Juror   string  `db:"name"`
		Project string  `db:"project_id"`
		Total   float64 `db:"total"`
	}
	if err := s.db.SelectContext(ctx, &sheets, `SELECT j.name, sh.project_id, sum(sc.score)::float8 AS total
		FROM jury_sheets sh JOIN jurors j ON j.id = sh.juror_id JOIN scores sc USING (juror_id, project_id)
		WHERE sh.contest_id = $1 AND sh.submitted_at IS NOT NULL AND NOT sh.conflict
		GROUP BY j.name, sh.project_id ORDER BY j.name, sh.project_id`, contestID); err != nil {
		return in, mapErr(err)
	}
	for _, sh := range sheets {
		in.Sheets = append(in.Sheets, contest.JurySheet{Juror: sh.Juror, Project: sh.Project, Total: sh.Total})
	}
	return in, nil
}
