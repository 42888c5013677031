package store

import (
	"context"
	"encoding/json"
	"errors"
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
	IDs        Identities `db:"ids"`
	EnrolledAt *time.Time `db:"enrolled_at"`
}

// Identities are a juror's user ids by platform, e.g. {"telegram": "42"}.
type Identities map[string]string

// Scan reads Identities from the JSON object jurorCols selects.
func (ids *Identities) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok {
		return fmt.Errorf("juror ids: unexpected %T", src)
	}
	return json.Unmarshal(b, ids)
}

// jurorCols are the columns a Juror is read from, in a query on jurors
// (not aliased).
const jurorCols = `jurors.id, jurors.contest_id, jurors.name, jurors.enrolled_at,
	(SELECT COALESCE(jsonb_object_agg(platform, user_id), '{}') FROM juror_identities WHERE juror_id = jurors.id) AS ids`

// Jurors returns the jury of a contest by name.
func (s *Store) Jurors(ctx context.Context, contestID int64) ([]Juror, error) {
	var js []Juror
	err := s.db.SelectContext(ctx, &js, `SELECT `+jurorCols+` FROM jurors WHERE contest_id = $1 ORDER BY name`, contestID)
	return js, mapErr(err)
}

// ImportScores writes jury scores in one transaction, each row as the juror
// would score it in the chat (Tx.SetScore, audited as "import jury-scores"),
// by the same rules: a row refused (an unknown juror, project or criterion, a
// score off the scale, a project the juror declared a conflict with, a time
// at outside the jury phase) fails the whole import with a contest.Error
// naming the row's line, and nothing is written. A row's juror is a juror's
// name or one of their platform ids; the last write wins. Then each sheet the
// file touched is submitted (Tx.SubmitSheet) once every criterion has a
// score. It returns how many scores were inserted or changed, and the sheets
// left incomplete ("juror/project").
func (s *Store) ImportScores(ctx context.Context, contestID int64, grid contest.Grid, rows []contest.ScoreRow, actor Actor, at time.Time) (changed int, drafts []string, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		jurors := map[string]Juror{}
		type sheet struct {
			juror   string // as the file names them
			project string
		}
		var order []sheet
		touched := map[sheet]bool{}
		for _, r := range rows {
			j, ok := jurors[r.Juror]
			if !ok {
				var found []Juror
				err := tx.tx.SelectContext(ctx, &found, `SELECT `+jurorCols+` FROM jurors WHERE contest_id = $1
					AND (name = $2 OR id IN (SELECT juror_id FROM juror_identities WHERE contest_id = $1 AND user_id = $2))
					ORDER BY name = $2 DESC, id LIMIT 2`, contestID, r.Juror)
				switch {
				case err != nil:
					return mapErr(err)
				case len(found) == 0:
					return &contest.Error{Code: contest.Invalid, Line: r.Line, Field: "juror", Message: fmt.Sprintf("unknown juror %q", r.Juror)}
				case len(found) == 2 && found[0].Name != r.Juror:
					return &contest.Error{Code: contest.Invalid, Line: r.Line, Field: "juror",
						Message: fmt.Sprintf("%q is the id of %s and of %s on different platforms; name the juror instead", r.Juror, found[0].Name, found[1].Name)}
				}
				j = found[0]
				jurors[r.Juror] = j
			}
			did, err := tx.setScore(ctx, j, r.Project, grid, r.Criterion, r.Value, actor, at, "import jury-scores")
			if err != nil {
				return rowError(r, err)
			}
			if did {
				changed++
			}
			if k := (sheet{r.Juror, r.Project}); !touched[k] {
				touched[k] = true
				order = append(order, k)
			}
		}
		for _, k := range order {
			err := tx.SubmitSheet(ctx, jurors[k.juror], k.project, grid, actor, at)
			if contest.ErrorCode(err) == contest.Invalid { // a criterion has no score yet
				drafts = append(drafts, k.juror+"/"+k.project)
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	return changed, drafts, err
}

// rowError names the file line of a refused import row in a contest.Error;
// other errors pass unchanged.
func rowError(r contest.ScoreRow, err error) error {
	var ce *contest.Error
	if !errors.As(err, &ce) || ce.Code == contest.Internal {
		return err
	}
	out := &contest.Error{Code: ce.Code, Line: r.Line, Field: ce.Field, Message: ce.Message}
	switch {
	case errors.Is(err, ErrConflictDeclared):
		out.Field, out.Message = "project", fmt.Sprintf("%s declared a conflict of interest with project %q and cannot score it", r.Juror, r.Project)
	case ce.Code == contest.NotFound:
		out.Code, out.Field = contest.Invalid, "project"
	case ce.Code == contest.Closed:
		out.Message = "the jury phase is not open, and sheets only change while it is (open it with `prixbot admin phase open jury_vote`)"
	}
	return out
}
