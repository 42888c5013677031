package store

import (
	"cmp"
	"context"
	"time"

	"github.com/lib/pq"
)

// FraudThresholds tune the suspicious-activity report; zero fields take the
// defaults shown.
type FraudThresholds struct {
	Window       time.Duration // width of the windows votes and opens are counted in; 1 h
	NewAccount   time.Duration // an account first seen this long before its vote is new; 24 h
	NewAccounts  int           // new accounts voting for one project in one window; 10
	PrefixVoters int           // voters sharing one block of 1 000 numbers; 5
	LinkOpens    int           // deep-link opens of one project in one window; 30
	LinkVotes    int           // votes for that project in the window after the burst; 5
}

func (f FraudThresholds) withDefaults() FraudThresholds {
	f.Window = cmp.Or(f.Window, time.Hour)
	f.NewAccount = cmp.Or(f.NewAccount, 24*time.Hour)
	f.NewAccounts = cmp.Or(f.NewAccounts, 10)
	f.PrefixVoters = cmp.Or(f.PrefixVoters, 5)
	f.LinkOpens = cmp.Or(f.LinkOpens, 30)
	f.LinkVotes = cmp.Or(f.LinkVotes, 5)
	return f
}

// Fraud signal kinds.
const (
	SignalNewAccounts = "new_accounts" // many first-time accounts voting for one project in a short window
	SignalPrefixBlock = "prefix_block" // many voters whose phones share a block of numbers
	SignalLinkBurst   = "link_burst"   // votes right after a burst of deep-link opens
)

// Signal is one suspicious pattern, with the counted votes it concerns so an
// organiser can quarantine them (void with a reason, restorable).
type Signal struct {
	Kind    string
	Project string    // the project voted for ("" for a prefix block spread over projects)
	From    time.Time // the window (zero for a prefix block)
	Count   int       // accounts, voters or opens, by kind
	VoteIDs []int64
}

// Suspicious returns the fraud signals of a contest over counted votes, by
// kind then size.
func (tx *Tx) Suspicious(ctx context.Context, contestID int64, th FraudThresholds) ([]Signal, error) {
	th = th.withDefaults()
	type row struct {
		Project string        `db:"project_id"`
		From    time.Time     `db:"from_at"`
		Count   int           `db:"n"`
		VoteIDs pq.Int64Array `db:"vote_ids"`
	}
	var out []Signal
	add := func(kind string, rows []row) {
		for _, r := range rows {
			out = append(out, Signal{Kind: kind, Project: r.Project, From: r.From, Count: r.Count, VoteIDs: r.VoteIDs})
		}
	}
	window := th.Window.Seconds()
	var rows []row
	// A voter is new when every account of theirs was first seen less
	// than NewAccount before the vote: they have an account, and none seen
	// earlier (two index probes per vote, rather than grouping every
	// voter's accounts to find the first).
	err := tx.tx.SelectContext(ctx, &rows, `SELECT v.project_id, date_bin(make_interval(secs => $2), v.cast_at, 'epoch') AS from_at,
			count(*) AS n, array_agg(v.id ORDER BY v.id) AS vote_ids
		FROM votes v
		WHERE v.contest_id = $1 AND v.voided_at IS NULL
			AND EXISTS (SELECT 1 FROM voter_accounts va WHERE va.voter_id = v.voter_id)
			AND NOT EXISTS (SELECT 1 FROM voter_accounts va JOIN accounts a ON a.id = va.account_id
				WHERE va.voter_id = v.voter_id AND a.created_at <= v.cast_at - make_interval(secs => $3))
		GROUP BY 1, 2 HAVING count(*) >= $4 ORDER BY n DESC, 1, 2`,
		contestID, window, th.NewAccount.Seconds(), th.NewAccounts)
	if err != nil {
		return nil, mapErr(err)
	}
	add(SignalNewAccounts, rows)

	rows = nil
	err = tx.tx.SelectContext(ctx, &rows, `SELECT '' AS project_id, 'epoch'::timestamptz AS from_at,
			count(DISTINCT r.id) AS n, array_agg(v.id ORDER BY v.id) AS vote_ids
		FROM voters r JOIN votes v ON v.voter_id = r.id AND v.voided_at IS NULL
		WHERE r.contest_id = $1 AND r.prefix_hash IS NOT NULL
		GROUP BY r.prefix_hash HAVING count(DISTINCT r.id) >= $2 ORDER BY n DESC`, contestID, th.PrefixVoters)
	if err != nil {
		return nil, mapErr(err)
	}
	for i := range rows {
		rows[i].From = time.Time{}
	}
	add(SignalPrefixBlock, rows)

	rows = nil
	err = tx.tx.SelectContext(ctx, &rows, `WITH bursts AS (
			SELECT project_id, date_bin(make_interval(secs => $2), opened_at, 'epoch') AS from_at, count(*) AS opens
			FROM deep_link_opens WHERE contest_id = $1 GROUP BY 1, 2 HAVING count(*) >= $3)
		SELECT b.project_id, b.from_at, b.opens AS n, array_agg(v.id ORDER BY v.id) AS vote_ids
		FROM bursts b JOIN votes v ON v.contest_id = $1 AND v.project_id = b.project_id AND v.voided_at IS NULL
			AND v.cast_at >= b.from_at AND v.cast_at < b.from_at + 2 * make_interval(secs => $2)
		GROUP BY b.project_id, b.from_at, b.opens HAVING count(v.id) >= $4 ORDER BY n DESC, 1, 2`,
		contestID, window, th.LinkOpens, th.LinkVotes)
	if err != nil {
		return nil, mapErr(err)
	}
	add(SignalLinkBurst, rows)
	return out, nil
}
