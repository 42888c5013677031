package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"time"

	"prixbot/contest"
)

// Vote is one counted (or voided) vote.
type Vote struct {
	ID         int64      `db:"id" json:"id"`
	VoterID    int64      `db:"voter_id" json:"-"`
	Slot       int        `db:"slot" json:"-"`
	ProjectID  string     `db:"project_id" json:"project"`
	Receipt    string     `db:"receipt" json:"receipt"`
	Platform   string     `db:"platform" json:"platform"`
	CastAt     time.Time  `db:"cast_at" json:"cast_at"`
	VoidedAt   *time.Time `db:"voided_at" json:"voided_at,omitempty"`
	VoidReason *string    `db:"void_reason" json:"void_reason,omitempty"`
}

// NewReceipt returns a random receipt code, unlinkable to the voter: 10
// characters of base32 (50 bits), shown in groups as XXXXX-XXXXX.
func NewReceipt() string {
	var b [7]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])[:10]
	return s[:5] + "-" + s[5:]
}

// EnsureVoter returns the voter of a contest with that phone hash, creating it
// if needed. Concurrent calls with the same hash return the same voter.
func (tx *Tx) EnsureVoter(ctx context.Context, contestID int64, phoneHash []byte) (int64, error) {
	var id int64
	// ON CONFLICT DO NOTHING waits for a concurrent insert of the same hash; the
	// row it then conflicts with is visible to the next statement only.
	err := tx.get(ctx, &id, `INSERT INTO voters (contest_id, phone_hash) VALUES ($1, $2)
		ON CONFLICT (contest_id, phone_hash) DO NOTHING RETURNING id`, contestID, phoneHash)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.get(ctx, &id, `SELECT id FROM voters WHERE contest_id = $1 AND phone_hash = $2`, contestID, phoneHash)
	}
	if err != nil {
		return 0, mapErr(err)
	}
	return id, nil
}

// CastVote records a vote of voterID for a shortlisted project in the next
// free ballot slot, cast at the instant at. The ballot rule is enforced by
// the database: a vote beyond votes_per_voter, or a second vote for the same
// project, fails with contest.Conflict; an unknown or non-shortlisted project
// with contest.NotFound; and the statement itself checks that the public
// vote is open at at (contest.Closed otherwise).
func (tx *Tx) CastVote(ctx context.Context, contestID, voterID int64, projectID, platform string, at time.Time) (Vote, error) {
	v, err := tx.castIfOpen(ctx, `WITH open AS (
		SELECT `+voteOpenAt("$1", "$6::timestamptz")+` AS open
	), c AS (
		INSERT INTO votes (contest_id, voter_id, slot, project_id, receipt, platform, cast_at)
		SELECT $1, $2, COALESCE((SELECT min(s.slot) FROM ballot_slots s WHERE s.contest_id = $1
			AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.contest_id = $1 AND v.voter_id = $2 AND v.slot = s.slot)), 1 + (SELECT max(slot) FROM ballot_slots WHERE contest_id = $1)),
			$3, $4::text, $5::text, $6::timestamptz
		WHERE (SELECT open FROM open) AND EXISTS (SELECT 1 FROM projects WHERE contest_id = $1 AND id = $3 AND shortlisted)
		RETURNING id, voter_id, slot, project_id, receipt, platform, cast_at
	)
	SELECT o.open, c.* FROM open o LEFT JOIN c ON true`,
		contestID, voterID, projectID, NewReceipt(), platform, at)
	switch contest.ErrorCode(err) {
	case "":
	case contest.Conflict, contest.NotFound: // unique slot/project, or a slot beyond votes_per_voter
		return Vote{}, contest.Errorf(contest.Conflict, "this voter has already used every vote")
	default:
		return Vote{}, err
	}
	if v == nil {
		return Vote{}, contest.Errorf(contest.NotFound, "project %q is not on the shortlist", projectID)
	}
	return *v, nil
}

// castIfOpen runs a statement that casts or moves a vote only while the
// public vote is open (a row: open, then the vote's columns, NULLs when
// none). It returns the vote, or nil when the statement cast nothing
// although the phase was open; contest.Closed when it was not; the
// statement's own error, mapped, otherwise.
func (tx *Tx) castIfOpen(ctx context.Context, query string, args ...any) (*Vote, error) {
	var row struct {
		Open    bool          `db:"open"`
		VoterID sql.NullInt64 `db:"voter_id"`
		castRow
	}
	if err := tx.get(ctx, &row, query, args...); err != nil {
		return nil, mapErr(err)
	}
	switch {
	case !row.Open:
		return nil, contest.Errorf(contest.Closed, "the public vote is closed")
	case !row.ID.Valid:
		return nil, nil
	}
	return row.vote(row.VoterID.Int64), nil
}
