package store

import (
	"context"
	"time"
)

// MaxSheetComment bounds a juror's comment on a sheet, in bytes.
const MaxSheetComment = 3000

// SetSheetComment records a juror's free comment on their sheet for a
// shortlisted project (Slack's scoring modal has a comment field). It reports
// whether the comment changed; a change is audited without its text. An
// unknown or non-shortlisted project fails with contest.NotFound, a declared
// conflict with ErrConflictDeclared. Phase rules are the caller's.
func (tx *Tx) SetSheetComment(ctx context.Context, j Juror, projectID, comment string, actor Actor, at time.Time) (bool, error) {
	_, conflict, err := tx.sheetState(ctx, j, projectID, at)
	if err != nil {
		return false, err
	}
	if conflict {
		return false, ErrConflictDeclared
	}
	res, err := tx.tx.ExecContext(ctx, `UPDATE jury_sheets SET comment = $3, updated_at = $4
		WHERE juror_id = $1 AND project_id = $2 AND comment <> $3`, j.ID, projectID, comment, at)
	if err != nil {
		return false, mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, audit(ctx, tx, j.ContestID, actor, "jury comment", j.Name+"/"+projectID, nil, map[string]int{"length": len(comment)})
}

// SheetComment returns a juror's comment on their sheet for a project, ""
// when there is none.
func (tx *Tx) SheetComment(ctx context.Context, j Juror, projectID string) (string, error) {
	var c string
	err := tx.tx.GetContext(ctx, &c, `SELECT COALESCE((SELECT comment FROM jury_sheets WHERE juror_id = $1 AND project_id = $2), '')`, j.ID, projectID)
	return c, mapErr(err)
}
