package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"prixbot/contest"
)

// Juror is a member of a contest's jury. A juror listed in the contest file
// has platform ids from the start; an invited one gets them when they redeem
// their invite code.
type Juror struct {
	ID         int64      `db:"id"`
	ContestID  int64      `db:"contest_id"`
	Name       string     `db:"name"`
	TelegramID *int64     `db:"telegram_id"`
	SlackID    *string    `db:"slack_id"`
	ConsoleID  *string    `db:"console_id"`
	EnrolledAt *time.Time `db:"enrolled_at"`
}

// jurorCols are the columns a Juror is read from.
const jurorCols = `id, contest_id, name, telegram_id, slack_id, console_id, enrolled_at`

// Jurors returns the jury of a contest by name.
func (s *Store) Jurors(ctx context.Context, contestID int64) ([]Juror, error) {
	var js []Juror
	err := s.db.SelectContext(ctx, &js, `SELECT `+jurorCols+` FROM jurors WHERE contest_id = $1 ORDER BY name`, contestID)
	return js, mapErr(err)
}

// ImportScores upserts jury scores in one transaction. A row's juror is a
// juror's name, Telegram id or Slack id. An unknown juror, an unknown or
// non-shortlisted project fails with contest.Invalid naming the row's line,
// and nothing is written. A sheet whose every criterion has a score is marked
// submitted; the last write wins. Each inserted or changed score is audited
// on its own row, as a juror's score from the chat is: the target is
// "juror/project/criterion", before the old score (null when new), after the
// new one. It returns how many scores were inserted or changed, and the
// sheets left incomplete ("juror/project").
func (s *Store) ImportScores(ctx context.Context, contestID int64, grid contest.Grid, rows []contest.ScoreRow, actor Actor, at time.Time) (changed int, drafts []string, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		type juror struct {
			ID   int64  `db:"id"`
			Name string `db:"name"`
		}
		jurors := map[string]juror{}
		type sheet struct {
			juror   int64
			project string
		}
		touched := map[sheet]string{}
		var order []sheet
		for _, r := range rows {
			j, ok := jurors[r.Juror]
			if !ok {
				err := tx.GetContext(ctx, &j, `SELECT id, name FROM jurors WHERE contest_id = $1
					AND (name = $2 OR telegram_id::text = $2 OR slack_id = $2) ORDER BY name = $2 DESC LIMIT 1`, contestID, r.Juror)
				if err != nil {
					if contest.ErrorCode(mapErr(err)) == contest.NotFound {
						return &contest.Error{Code: contest.Invalid, Line: r.Line, Field: "juror", Message: fmt.Sprintf("unknown juror %q", r.Juror)}
					}
					return mapErr(err)
				}
				jurors[r.Juror] = j
			}
			var shortlisted *bool
			if err := tx.GetContext(ctx, &shortlisted, `SELECT (SELECT shortlisted FROM projects WHERE contest_id = $1 AND id = $2)`, contestID, r.Project); err != nil {
				return mapErr(err)
			}
			if shortlisted == nil {
				return &contest.Error{Code: contest.Invalid, Line: r.Line, Field: "project", Message: fmt.Sprintf("unknown project %q", r.Project)}
			}
			if !*shortlisted {
				return &contest.Error{Code: contest.Invalid, Line: r.Line, Field: "project", Message: fmt.Sprintf("project %q is not on the shortlist", r.Project)}
			}
			k := sheet{j.ID, r.Project}
			if _, ok := touched[k]; !ok {
				touched[k] = r.Juror
				order = append(order, k)
				if _, err := tx.ExecContext(ctx, `INSERT INTO jury_sheets (contest_id, juror_id, project_id, updated_at) VALUES ($1, $2, $3, $4)
					ON CONFLICT DO NOTHING`, contestID, j.ID, r.Project, at); err != nil {
					return mapErr(err)
				}
			}
			// old is read in the statement's snapshot, before the upsert (not
			// FOR UPDATE: the upsert's own change would hide the row); no row
			// comes back when the score is already the file's.
			var old []sql.NullInt64
			if err := tx.SelectContext(ctx, &old, `WITH old AS (SELECT score FROM scores WHERE juror_id = $1 AND project_id = $2 AND criterion = $3)
				INSERT INTO scores (juror_id, project_id, criterion, score, updated_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (juror_id, project_id, criterion) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at
				WHERE scores.score <> EXCLUDED.score
				RETURNING (SELECT score FROM old)`, j.ID, r.Project, r.Criterion, r.Value, at); err != nil {
				return mapErr(err)
			}
			if len(old) == 0 {
				continue
			}
			var before any // null for a new score
			if old[0].Valid {
				before = map[string]int64{"score": old[0].Int64}
			}
			if err := audit(ctx, tx, contestID, actor, "import jury-scores", j.Name+"/"+r.Project+"/"+r.Criterion, before, map[string]int{"score": r.Value}); err != nil {
				return err
			}
			changed++
		}
		for _, k := range order {
			var n int
			if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM scores WHERE juror_id = $1 AND project_id = $2`, k.juror, k.project); err != nil {
				return mapErr(err)
			}
			if n < len(grid.Criteria) {
				drafts = append(drafts, touched[k]+"/"+k.project)
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE jury_sheets SET submitted_at = COALESCE(submitted_at, $3), updated_at = $3
				WHERE juror_id = $1 AND project_id = $2 AND submitted_at IS NULL`, k.juror, k.project, at); err != nil {
				return mapErr(err)
			}
		}
		return nil
	})
	return changed, drafts, err
}
