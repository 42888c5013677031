package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
)

// Overview is a contest at a glance for the organisers' dashboard, read in
// one snapshot of the database.
type Overview struct {
	Status   Status
	Tally    []TallyRow // live tallies (organisers only until the announcement)
	Signals  []Signal   // fraud signals (see Suspicious)
	Jury     JuryGrid
	Timeline []VoteBin // counted votes over time, by platform
}

// JuryGrid is every juror's sheet state for every shortlisted project.
type JuryGrid struct {
	Projects []string // shortlisted project ids, in shortlist order
	Jurors   []JurorRow
}

// JurorRow is one juror's line of a JuryGrid: a sheet status per project
// (SheetToDo, SheetDraft, SheetScored, SheetConflict, as Sheet.Status), in
// the grid's project order.
type JurorRow struct {
	ID       int64
	Name     string
	Enrolled bool
	States   []string
}

// VoteBin counts the counted votes cast on a platform during one period
// starting at At, a wall-clock time in the contest's timezone.
type VoteBin struct {
	At       time.Time `db:"at"`
	Platform string    `db:"platform"`
	Votes    int       `db:"votes"`
}

// Overview reads a contest's overview: the counts of Status, the live
// tallies, the fraud signals under th, the jury grid, and the counted votes
// by platform per period of unit ("hour" or "day") in the timezone tz.
// Everything comes from one read-only snapshot, so the figures agree.
//
// The votes are read once, counted by project, platform, period and
// whether voided (a few thousand rows for a contest's weeks), and the
// counts of votes, the tallies and the timeline are summed from those;
// the transaction may sort and hash in memory what the fraud signals join
// (work_mem), rather than on disk.
func (s *Store) Overview(ctx context.Context, contestID int64, th FraudThresholds, tz, unit string) (Overview, error) {
	var o Overview
	sqlTx, err := s.db.BeginTxx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return o, mapErr(err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, s: s}
	if _, err := tx.tx.ExecContext(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
		return o, mapErr(err)
	}
	err = tx.tx.GetContext(ctx, &o.Status, `SELECT
		(SELECT count(*) FROM voters WHERE contest_id = $1) AS voters,
		0 AS votes, 0 AS voided,
		(SELECT count(*) FROM subscribers WHERE contest_id = $1) AS subscribers,
		(SELECT count(*) FROM jurors WHERE contest_id = $1) AS jurors,
		(SELECT count(*) FROM jurors WHERE contest_id = $1 AND enrolled_at IS NOT NULL) AS enrolled,
		(SELECT count(*) FROM projects WHERE contest_id = $1 AND shortlisted) AS shortlisted`, contestID)
	if err != nil {
		return o, mapErr(err)
	}
	if err := tx.voteCounts(ctx, &o, contestID, tz, unit); err != nil {
		return o, err
	}
	if o.Signals, err = tx.Suspicious(ctx, contestID, th); err != nil {
		return o, err
	}
	o.Jury, err = tx.juryGrid(ctx, contestID)
	return o, err
}

// voteCounts fills the overview's counts of votes, tallies and timeline
// from one scan of the contest's votes.
func (tx *Tx) voteCounts(ctx context.Context, o *Overview, contestID int64, tz, unit string) error {
	if unit != "hour" {
		unit = "day"
	}
	var counts []struct {
		Project  string    `db:"project_id"`
		Platform string    `db:"platform"`
		At       time.Time `db:"at"`
		Voided   bool      `db:"voided"`
		N        int       `db:"n"`
	}
	if err := tx.tx.SelectContext(ctx, &counts, `SELECT project_id, platform, date_trunc($3, cast_at AT TIME ZONE $2) AS at,
			voided_at IS NOT NULL AS voided, count(*) AS n
		FROM votes WHERE contest_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 3, 2`, contestID, tz, unit); err != nil {
		return mapErr(err)
	}
	var projects []TallyRow
	if err := tx.tx.SelectContext(ctx, &projects, `SELECT id, name, shortlisted, 0 AS votes, 0 AS voided
		FROM projects WHERE contest_id = $1 ORDER BY position, id`, contestID); err != nil {
		return mapErr(err)
	}
	byID := make(map[string]*TallyRow, len(projects))
	for i := range projects {
		byID[projects[i].Project] = &projects[i]
	}
	for _, c := range counts {
		p := byID[c.Project]
		if c.Voided {
			o.Status.Voided += c.N
			p.Voided += c.N
			continue
		}
		o.Status.Votes += c.N
		p.Votes += c.N
		if n := len(o.Timeline); n > 0 && o.Timeline[n-1].At.Equal(c.At) && o.Timeline[n-1].Platform == c.Platform {
			o.Timeline[n-1].Votes += c.N
		} else {
			o.Timeline = append(o.Timeline, VoteBin{At: c.At, Platform: c.Platform, Votes: c.N})
		}
	}
	// As Tally: the shortlist and the projects with votes, most votes
	// first, then in shortlist order.
	for _, p := range projects {
		if p.Shortlisted || p.Votes+p.Voided > 0 {
			o.Tally = append(o.Tally, p)
		}
	}
	slices.SortStableFunc(o.Tally, func(a, b TallyRow) int { return cmp.Compare(b.Votes, a.Votes) })
	return nil
}

func (tx *Tx) juryGrid(ctx context.Context, contestID int64) (JuryGrid, error) {
	var cells []struct {
		JurorID  int64  `db:"juror_id"`
		Name     string `db:"name"`
		Enrolled bool   `db:"enrolled"`
		Project  string `db:"project_id"`
		State    string `db:"state"`
	}
	err := tx.tx.SelectContext(ctx, &cells, `SELECT j.id AS juror_id, j.name, j.enrolled_at IS NOT NULL AS enrolled, p.id AS project_id,
			CASE WHEN sh.conflict THEN 'conflict'
				WHEN sh.submitted_at IS NOT NULL THEN 'scored'
				WHEN EXISTS (SELECT 1 FROM scores sc WHERE sc.juror_id = j.id AND sc.project_id = p.id) THEN 'draft'
				ELSE 'todo' END AS state
		FROM jurors j
		JOIN projects p ON p.contest_id = j.contest_id AND p.shortlisted
		LEFT JOIN jury_sheets sh ON sh.juror_id = j.id AND sh.project_id = p.id
		WHERE j.contest_id = $1
		ORDER BY j.name, j.id, p.position, p.id`, contestID)
	if err != nil {
		return JuryGrid{}, mapErr(err)
	}
	var g JuryGrid
	for _, c := range cells {
		if n := len(g.Jurors); n == 0 || g.Jurors[n-1].ID != c.JurorID {
			g.Jurors = append(g.Jurors, JurorRow{ID: c.JurorID, Name: c.Name, Enrolled: c.Enrolled})
		}
		row := &g.Jurors[len(g.Jurors)-1]
		row.States = append(row.States, c.State)
		if len(g.Jurors) == 1 {
			g.Projects = append(g.Projects, c.Project)
		}
	}
	return g, nil
}

// AuditFilter selects audit rows for the dashboard's paged log.
type AuditFilter struct {
	Action string // rows whose action contains it (any case); "" for all
	Actor  string // rows whose actor "platform:id" contains it; "" for all
	Before int64  // rows older than this id (the next page); 0 for the newest
	Limit  int    // rows per page; 50 when 0
}

// AuditPage returns a page of a contest's audit rows (and those of no
// contest), newest first, and whether older ones match too.
func (s *Store) AuditPage(ctx context.Context, contestID int64, f AuditFilter) ([]AuditEntry, bool, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var rows []AuditEntry
	err := s.db.SelectContext(ctx, &rows, `SELECT id, at, contest_id, actor_platform, actor_id, action, target,
			COALESCE(before, 'null') AS before, COALESCE(after, 'null') AS after
		FROM audit_log
		WHERE (contest_id = $1 OR contest_id IS NULL)
			AND ($2 = '' OR position(lower($2) IN lower(action)) > 0)
			AND ($3 = '' OR position(lower($3) IN lower(actor_platform || ':' || actor_id)) > 0)
			AND ($4 = 0 OR id < $4)
		ORDER BY id DESC LIMIT $5`, contestID, f.Action, f.Actor, f.Before, f.Limit+1)
	if err != nil {
		return nil, false, mapErr(err)
	}
	more := len(rows) > f.Limit
	if more {
		rows = rows[:f.Limit]
	}
	return rows, more, nil
}

// VoteTimeline counts a contest's counted votes by platform per period of
// unit ("hour" or "day") in the timezone tz, oldest first.
func (s *Store) VoteTimeline(ctx context.Context, contestID int64, tz, unit string) ([]VoteBin, error) {
	return voteTimeline(ctx, s.db, contestID, tz, unit)
}

func voteTimeline(ctx context.Context, q sqlx.QueryerContext, contestID int64, tz, unit string) ([]VoteBin, error) {
	if unit != "hour" {
		unit = "day"
	}
	var bins []VoteBin
	err := sqlx.SelectContext(ctx, q, &bins, `SELECT date_trunc($3, cast_at AT TIME ZONE $2) AS at, platform, count(*) AS votes
		FROM votes WHERE contest_id = $1 AND voided_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`, contestID, tz, unit)
	return bins, mapErr(err)
}
