package store

import (
	"context"
	"time"
)

// VoteRecord is a vote as exported for organisers: no voter identity, no receipt.
type VoteRecord struct {
	ID         int64      `db:"id" json:"id"`
	Project    string     `db:"project_id" json:"project"`
	Platform   string     `db:"platform" json:"platform"`
	CastAt     time.Time  `db:"cast_at" json:"cast_at"`
	VoidedAt   *time.Time `db:"voided_at" json:"voided_at"`
	VoidReason *string    `db:"void_reason" json:"void_reason"`
}

// ExportVotes returns every vote of a contest, voided ones included, by id.
func (s *Store) ExportVotes(ctx context.Context, contestID int64) ([]VoteRecord, error) {
	var rows []VoteRecord
	err := s.db.SelectContext(ctx, &rows, `SELECT id, project_id, platform, cast_at, voided_at, void_reason
		FROM votes WHERE contest_id = $1 ORDER BY id`, contestID)
	return rows, mapErr(err)
}

// ScoreRecord is one exported jury score.
type ScoreRecord struct {
	Juror     string     `db:"juror" json:"juror"`
	Project   string     `db:"project_id" json:"project"`
	Criterion string     `db:"criterion" json:"criterion"`
	Score     int        `db:"score" json:"score"`
	Submitted *time.Time `db:"submitted_at" json:"submitted_at"`
	Conflict  bool       `db:"conflict" json:"conflict"`
	UpdatedAt time.Time  `db:"updated_at" json:"updated_at"`
}

// ExportScores returns every jury score of a contest, by juror, project and criterion.
func (s *Store) ExportScores(ctx context.Context, contestID int64) ([]ScoreRecord, error) {
	var rows []ScoreRecord
	err := s.db.SelectContext(ctx, &rows, `SELECT j.name AS juror, sc.project_id, sc.criterion, sc.score, sh.submitted_at, sh.conflict, sc.updated_at
		FROM scores sc JOIN jury_sheets sh USING (juror_id, project_id) JOIN jurors j ON j.id = sc.juror_id
		WHERE sh.contest_id = $1 ORDER BY j.name, sc.project_id, sc.criterion`, contestID)
	return rows, mapErr(err)
}

// Receipt is one counted vote's receipt code, published after the announcement.
type Receipt struct {
	Project string `db:"project_id" json:"project"`
	Receipt string `db:"receipt" json:"receipt"`
}

// Receipts returns the receipt codes of counted (not voided) votes, sorted by
// project then code, so that the list reveals nothing about the order of votes.
func (s *Store) Receipts(ctx context.Context, contestID int64) ([]Receipt, error) {
	var rows []Receipt
	err := s.db.SelectContext(ctx, &rows, `SELECT project_id, receipt FROM votes
		WHERE contest_id = $1 AND voided_at IS NULL ORDER BY project_id, receipt`, contestID)
	return rows, mapErr(err)
}
