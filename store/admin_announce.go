package store

import (
	"context"
	"time"

	"prixbot/contest"
)

// MarkAnnounced records, once, that the results of a contest were announced
// at now, auditing the announced standings (snapshot). It reports false,
// writing nothing, when they already were: the caller then sends nothing.
func (tx *Tx) MarkAnnounced(ctx context.Context, contestID int64, actor Actor, now time.Time, snapshot any) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE contests SET announced_at = $2, updated_at = $2 WHERE id = $1 AND announced_at IS NULL`, contestID, now)
	if err != nil {
		return false, mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, audit(ctx, tx, contestID, actor, "announce", "", nil, snapshot)
}

// AnnouncedAt returns when the results of a contest were announced, as the
// transaction sees it; nil when they were not.
func (tx *Tx) AnnouncedAt(ctx context.Context, contestID int64) (*time.Time, error) {
	var at *time.Time
	err := tx.tx.GetContext(ctx, &at, `SELECT announced_at FROM contests WHERE id = $1`, contestID)
	return at, mapErr(err)
}

// RetentionDue reports when the identities of a contest's voters are due for
// erasure: RetentionDays after the end of the ceremony phase. ok is false when
// the contest keeps no retention setting or has no ceremony.
func RetentionDue(ed *Edition) (due time.Time, ok bool) {
	c := ed.Contest
	p, found := c.Calendar.Phase(contest.PhaseCeremony)
	if c.RetentionDays <= 0 || !found {
		return time.Time{}, false
	}
	return p.End.AddDate(0, 0, c.RetentionDays), true
}

// retentionAccounts selects the accounts of a contest ($1) that retention
// erases: those still holding an identity among its voters and subscribers.
const retentionAccounts = `SELECT a.id FROM accounts a WHERE a.erased_at IS NULL AND (
	EXISTS (SELECT 1 FROM voter_accounts va WHERE va.account_id = a.id AND va.contest_id = $1)
	OR EXISTS (SELECT 1 FROM subscribers s WHERE s.account_id = a.id AND s.contest_id = $1))`

// RetentionAccounts counts the accounts ApplyRetention would erase now.
func (tx *Tx) RetentionAccounts(ctx context.Context, contestID int64) (int, error) {
	var n int
	err := tx.tx.GetContext(ctx, &n, `SELECT count(*) FROM (`+retentionAccounts+`) r`, contestID)
	return n, mapErr(err)
}

// ApplyRetention erases, once RetentionDue has passed at now, every account
// still holding an identity among the contest's voters and subscribers, each
// through ForgetAccount and audited as the system's; votes stay counted. It
// returns how many accounts it erased; running it again erases nothing new.
func (s *Store) ApplyRetention(ctx context.Context, ed *Edition, now time.Time) (int, error) {
	due, ok := RetentionDue(ed)
	if !ok || now.Before(due) {
		return 0, nil
	}
	n := 0
	err := s.InTx(ctx, func(tx *Tx) error {
		var ids []int64
		if err := tx.tx.SelectContext(ctx, &ids, retentionAccounts+` ORDER BY a.id FOR UPDATE`, ed.ID); err != nil {
			return mapErr(err)
		}
		for _, id := range ids {
			if _, err := tx.ForgetAccount(ctx, id, now); err != nil {
				return err
			}
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		return audit(ctx, tx, ed.ID, Actor{Platform: "system", ID: "retention"}, "retention", "",
			nil, map[string]any{"accounts": n, "due": due})
	})
	if err != nil {
		return 0, err
	}
	_, err = s.PurgeErasedPhoneHashes(ctx, now)
	return n, err
}
