package store

import (
	"context"
	"encoding/json"
	"reflect"
	"time"
)

// Actor is who makes a change: an organiser on a platform, or the CLI.
type Actor struct {
	Platform string // "telegram", "slack", "console", "cli", "system"
	ID       string
}

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID            int64           `db:"id" json:"id"`
	At            time.Time       `db:"at" json:"at"`
	ContestID     *int64          `db:"contest_id" json:"contest_id,omitempty"`
	ActorPlatform string          `db:"actor_platform" json:"actor_platform"`
	ActorID       string          `db:"actor_id" json:"actor_id"`
	Action        string          `db:"action" json:"action"`
	Target        string          `db:"target" json:"target"`
	Before        json.RawMessage `db:"before" json:"before,omitempty"`
	After         json.RawMessage `db:"after" json:"after,omitempty"`
}

// audit appends a row to the audit log inside tx. before and after are
// marshalled to JSON; nil stays NULL.
func audit(ctx context.Context, tx *Tx, contestID int64, actor Actor, action, target string, before, after any) error {
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	a, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	var cid *int64
	if contestID != 0 {
		cid = &contestID
	}
	_, err = tx.exec(ctx, `INSERT INTO audit_log (contest_id, actor_platform, actor_id, action, target, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, cid, actor.Platform, actor.ID, action, target, b, a)
	return mapErr(err)
}

// changes returns the fields whose value differs between before and after
// (a field missing on one side counts as null there), with their old and new
// values: what an audit row records of an update. Both are empty when
// nothing changed.
func changes(before, after map[string]any) (was, now map[string]any) {
	was, now = map[string]any{}, map[string]any{}
	for k, v := range after {
		if !reflect.DeepEqual(before[k], v) {
			was[k], now[k] = before[k], v
		}
	}
	for k, v := range before {
		if _, ok := after[k]; !ok {
			was[k], now[k] = v, nil
		}
	}
	return was, now
}

func jsonOrNil(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	return json.Marshal(v)
}

// AuditLog returns the last n audit rows of a contest, newest first (n <= 0: all, oldest first).
func (s *Store) AuditLog(ctx context.Context, contestID int64, n int) ([]AuditEntry, error) {
	var rows []AuditEntry
	var err error
	if n > 0 {
		err = s.db.SelectContext(ctx, &rows, `SELECT id, at, contest_id, actor_platform, actor_id, action, target, COALESCE(before, 'null') AS before, COALESCE(after, 'null') AS after FROM audit_log WHERE contest_id = $1 OR contest_id IS NULL ORDER BY id DESC LIMIT $2`, contestID, n)
	} else {
		err = s.db.SelectContext(ctx, &rows, `SELECT id, at, contest_id, actor_platform, actor_id, action, target, COALESCE(before, 'null') AS before, COALESCE(after, 'null') AS after FROM audit_log WHERE contest_id = $1 OR contest_id IS NULL ORDER BY id`, contestID)
	}
	return rows, mapErr(err)
}
