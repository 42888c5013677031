package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lib/pq"

	"prixbot/contest"
)

// Edition is a contest stored in the database: the parsed contest file with
// the phases as they stand now (organisers may move them).
type Edition struct {
	ID          int64
	Contest     *contest.Contest
	AnnouncedAt *time.Time
	// ImportedAt is when the contest was first imported.
	ImportedAt time.Time
}

// ErrNoContest is returned by Current when no contest has been imported yet.
var ErrNoContest = &contest.Error{Code: contest.NotFound, Message: "no contest has been imported yet; run `prixbot import contest FILE.yaml`"}

// SaveContest creates or updates the contest described by c (parsed from
// source). It is idempotent: saving the same file twice, or one that differs
// only in layout or comments, changes nothing (no audit row) and reports
// changed == false. Lowering votes_per_voter below votes already cast
// fails with contest.Conflict. A change is audited with the stored values it
// changed (all of them for a new contest).
func (s *Store) SaveContest(ctx context.Context, c *contest.Contest, source string, actor Actor) (id int64, changed bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		var old struct {
			ID          int64      `db:"id"`
			Source      string     `db:"source"`
			AnnouncedAt *time.Time `db:"announced_at"`
		}
		var filePhases []contest.Phase // the phases of the file saved before, if any
		var before map[string]any      // the stored values before the change; nil for a new contest
		err := tx.tx.GetContext(ctx, &old, `SELECT id, source, announced_at FROM contests WHERE slug = $1 FOR UPDATE`, c.Slug)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.tx.GetContext(ctx, &id, `INSERT INTO contests (slug, name, timezone, source, votes_per_voter)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.Slug, c.Name, c.Location.String(), source, c.Ballot.VotesPerVoter)
			if err != nil {
				return mapErr(err)
			}
		case err != nil:
			return mapErr(err)
		default:
			id = old.ID
			if contest.SameContent([]byte(old.Source), []byte(source)) {
				return nil // at most layout or comments changed: nothing to save
			}
			if old.AnnouncedAt != nil {
				return contest.Errorf(contest.Conflict, "the results of %s were announced on %s: its contest file can no longer change",
					c.Slug, old.AnnouncedAt.In(c.Location).Format("2 January 2006 15:04"))
			}
			if before, err = contestState(ctx, tx, id); err != nil {
				return err
			}
			if prev, err := contest.ParseContest([]byte(old.Source)); err == nil {
				filePhases = prev.Calendar.Phases
			}
			_, err = tx.tx.ExecContext(ctx, `UPDATE contests SET name = $2, timezone = $3, source = $4, votes_per_voter = $5, updated_at = now()
				WHERE id = $1`, id, c.Name, c.Location.String(), source, c.Ballot.VotesPerVoter)
			if err != nil {
				return mapErr(err)
			}
		}
		changed = true
		if err := savePhases(ctx, tx, id, filePhases, c.Calendar.Phases); err != nil {
			return err
		}
		if err := saveSlots(ctx, tx, id, c.Ballot.VotesPerVoter); err != nil {
			return err
		}
		if err := saveJurors(ctx, tx, id, c.Jurors); err != nil {
			return err
		}
		after, err := contestState(ctx, tx, id)
		if err != nil {
			return err
		}
		if before == nil {
			return audit(ctx, tx, id, actor, "import contest", c.Slug, nil, after)
		}
		was, now := changes(before, after)
		return audit(ctx, tx, id, actor, "import contest", c.Slug, was, now)
	})
	return id, changed, err
}

// contestState reads what a contest import may change, as its audit row
// records it: the name, time zone, votes per voter, each phase's dates (key
// "phase NAME") and each juror (key "juror NAME", true).
func contestState(ctx context.Context, tx *Tx, id int64) (map[string]any, error) {
	var c struct {
		Name          string `db:"name"`
		Timezone      string `db:"timezone"`
		VotesPerVoter int    `db:"votes_per_voter"`
	}
	if err := tx.tx.GetContext(ctx, &c, `SELECT name, timezone, votes_per_voter FROM contests WHERE id = $1`, id); err != nil {
		return nil, mapErr(err)
	}
	state := map[string]any{"name": c.Name, "timezone": c.Timezone, "votes_per_voter": c.VotesPerVoter}
	var phases []struct {
		Name  string    `db:"name"`
		Start time.Time `db:"start_at"`
		End   time.Time `db:"end_at"`
	}
	if err := tx.tx.SelectContext(ctx, &phases, `SELECT name, start_at, end_at FROM phases WHERE contest_id = $1`, id); err != nil {
		return nil, mapErr(err)
	}
	for _, p := range phases {
		state["phase "+p.Name] = map[string]string{"start": p.Start.UTC().Format(time.RFC3339), "end": p.End.UTC().Format(time.RFC3339)}
	}
	var jurors []string
	if err := tx.tx.SelectContext(ctx, &jurors, `SELECT name FROM jurors WHERE contest_id = $1`, id); err != nil {
		return nil, mapErr(err)
	}
	for _, j := range jurors {
		state["juror "+j] = true
	}
	return state, nil
}

// savePhases writes the file's phases. On a re-import, a phase the file
// leaves as it was (same dates as in the previous file) keeps the dates in
// the database, which organisers may have moved; a phase whose dates changed
// in the file takes them; a phase gone from the file goes. The resulting
// calendar must not overlap.
func savePhases(ctx context.Context, tx *Tx, id int64, before, phases []contest.Phase) error {
	unchanged := map[string]bool{}
	for _, p := range before {
		unchanged[p.Name+p.Start.UTC().String()+p.End.UTC().String()] = true
	}
	var names []string
	for _, p := range phases {
		names = append(names, p.Name)
		if unchanged[p.Name+p.Start.UTC().String()+p.End.UTC().String()] {
			continue
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO phases (contest_id, name, start_at, end_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (contest_id, name) DO UPDATE SET start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at`,
			id, p.Name, p.Start, p.End); err != nil {
			return mapErr(err)
		}
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM phases WHERE contest_id = $1 AND name <> ALL($2)`, id, pq.Array(names)); err != nil {
		return mapErr(err)
	}
	var clash struct {
		A string `db:"a"`
		B string `db:"b"`
	}
	err := tx.tx.GetContext(ctx, &clash, `SELECT p.name AS a, q.name AS b FROM phases p JOIN phases q
		ON q.contest_id = p.contest_id AND p.name < q.name AND p.start_at < q.end_at AND q.start_at < p.end_at
		WHERE p.contest_id = $1 LIMIT 1`, id)
	if err == nil {
		return contest.FieldErrorf(contest.Conflict, "phases", "%s and %s would overlap with the dates organisers set; align the file with the current calendar (prixbot admin status)", clash.A, clash.B)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return mapErr(err)
	}
	return nil
}

func saveSlots(ctx context.Context, tx *Tx, id int64, n int) error {
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO ballot_slots (contest_id, slot) SELECT $1, g FROM generate_series(1, $2) g
		ON CONFLICT DO NOTHING`, id, n); err != nil {
		return mapErr(err)
	}
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM ballot_slots WHERE contest_id = $1 AND slot > $2`, id, n)
	if err != nil && contest.ErrorCode(mapErr(err)) == contest.NotFound {
		return contest.FieldErrorf(contest.Conflict, "ballot.votes_per_voter", "cannot be lowered to %d: voters have already cast more votes", n)
	}
	return mapErr(err)
}

// saveJurors adds the file's jurors and sets the ids the file gives them; an
// id the file leaves out keeps the one an invited juror enrolled with. An id
// that is another juror's fails with contest.Conflict.
func saveJurors(ctx context.Context, tx *Tx, id int64, jurors []contest.JurorSpec) error {
	var names, owners, platforms, userIDs []string
	for _, j := range jurors {
		names = append(names, j.Name)
		for platform, userID := range j.IDs {
			userID, err := contest.JurorID(platform, userID)
			if err != nil {
				return contest.FieldErrorf(contest.Invalid, "jurors", "%s: %s", j.Name, err.Error())
			}
			owners, platforms, userIDs = append(owners, j.Name), append(platforms, platform), append(userIDs, userID)
		}
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO jurors (contest_id, name) SELECT $1, unnest($2::text[])
		ON CONFLICT (contest_id, name) DO NOTHING`, id, pq.Array(names)); err != nil {
		return mapErr(err)
	}
	// An id that stays with another juror (the file leaves it out of theirs)
	// cannot be given: say whose it is.
	var taken struct {
		Name     string `db:"name"`
		Platform string `db:"platform"`
		UserID   string `db:"user_id"`
		Owner    string `db:"owner"`
	}
	err := tx.tx.GetContext(ctx, &taken, `WITH f AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS f (name, platform, user_id))
		SELECT f.name, f.platform, f.user_id, j.name AS owner FROM f
		JOIN juror_identities i ON i.contest_id = $1 AND i.platform = f.platform AND i.user_id = f.user_id
		JOIN jurors j ON j.id = i.juror_id AND j.name <> f.name
		WHERE NOT EXISTS (SELECT FROM f g WHERE g.name = j.name AND g.platform = f.platform)
		ORDER BY f.name, f.platform LIMIT 1`, id, pq.Array(owners), pq.Array(platforms), pq.Array(userIDs))
	if err == nil {
		return contest.FieldErrorf(contest.Conflict, "jurors", "%s's %s id %q is %s's, who keeps it while the file gives them none on %s",
			taken.Name, taken.Platform, taken.UserID, taken.Owner, taken.Platform)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return mapErr(err)
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO juror_identities (contest_id, juror_id, platform, user_id)
		SELECT $1, j.id, f.platform, f.user_id FROM unnest($2::text[], $3::text[], $4::text[]) AS f (name, platform, user_id)
		JOIN jurors j ON j.contest_id = $1 AND j.name = f.name
		ON CONFLICT (juror_id, platform) DO UPDATE SET user_id = EXCLUDED.user_id
		WHERE juror_identities.user_id <> EXCLUDED.user_id`, id, pq.Array(owners), pq.Array(platforms), pq.Array(userIDs))
	return mapErr(err)
}

// Current returns the current contest: the most recently created one. It
// returns ErrNoContest when there is none. It reads the contest and its
// phases in one statement, one round trip: the scheduler calls it every
// tick, and the bot on most updates.
func (s *Store) Current(ctx context.Context) (*Edition, error) {
	var row struct {
		ID          int64          `db:"id"`
		Source      string         `db:"source"`
		AnnouncedAt *time.Time     `db:"announced_at"`
		CreatedAt   time.Time      `db:"created_at"`
		Names       pq.StringArray `db:"names"`
		Starts      pq.Int64Array  `db:"starts"` // Unix microseconds
		Ends        pq.Int64Array  `db:"ends"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT c.id, c.source, c.announced_at, c.created_at, p.names, p.starts, p.ends
		FROM (SELECT id, source, announced_at, created_at FROM contests ORDER BY created_at DESC, id DESC LIMIT 1) c
		LEFT JOIN LATERAL (SELECT array_agg(name ORDER BY start_at, name) AS names,
				array_agg((extract(epoch FROM start_at) * 1000000)::bigint ORDER BY start_at, name) AS starts,
				array_agg((extract(epoch FROM end_at) * 1000000)::bigint ORDER BY start_at, name) AS ends
			FROM phases WHERE contest_id = c.id) p ON true`)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoContest
	}
	if err != nil {
		return nil, mapErr(err)
	}
	c, err := contest.ParseContest([]byte(row.Source))
	if err != nil {
		return nil, err
	}
	c.Calendar.Phases = c.Calendar.Phases[:0]
	for i, name := range row.Names {
		c.Calendar.Phases = append(c.Calendar.Phases, contest.Phase{Name: name,
			Start: time.UnixMicro(row.Starts[i]).In(c.Location), End: time.UnixMicro(row.Ends[i]).In(c.Location)})
	}
	return &Edition{ID: row.ID, Contest: c, AnnouncedAt: row.AnnouncedAt, ImportedAt: row.CreatedAt}, nil
}
