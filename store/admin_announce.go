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
	res, err := tx.ExecContext(ctx, `UPDATE contests SET announced_at = $2, updated_at = $2 WHERE id = $1 AND announced_at IS NULL`, contestID, now)
	if err != nil {
		return false, mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, audit(ctx, tx, contestID, actor, "announce", "", nil, snapshot)
}

// Recipient is a chat that receives a broadcast.
type Recipient struct {
	Platform string `db:"platform"`
	ChatID   string `db:"chat_id"`
	Language string `db:"language"` // the language the user picked, "" when none
}

// AnnounceRecipients returns the subscribers of a contest that can be reached
// (not erased, with a chat), by account id.
func (tx *Tx) AnnounceRecipients(ctx context.Context, contestID int64) ([]Recipient, error) {
	var rs []Recipient
	err := tx.SelectContext(ctx, &rs, `SELECT a.platform, a.chat_id, CASE WHEN a.language_chosen THEN a.language ELSE '' END AS language
		FROM subscribers s JOIN accounts a ON a.id = s.account_id
		WHERE s.contest_id = $1 AND a.erased_at IS NULL AND a.chat_id IS NOT NULL ORDER BY a.id`, contestID)
	return rs, mapErr(err)
}

// JurorChats returns the chats of a contest's jurors who still have sheets to
// submit on the shortlist, by juror name: Telegram first, else Slack.
func (tx *Tx) JurorChats(ctx context.Context, contestID int64) ([]Recipient, error) {
	var rs []Recipient
	err := tx.SelectContext(ctx, &rs, `SELECT CASE WHEN j.telegram_id IS NOT NULL THEN 'telegram' ELSE 'slack' END AS platform,
			COALESCE(j.telegram_id::text, j.slack_id) AS chat_id, '' AS language
		FROM jurors j
		WHERE j.contest_id = $1 AND (j.telegram_id IS NOT NULL OR j.slack_id IS NOT NULL)
			AND (SELECT count(*) FROM jury_sheets sh JOIN projects p ON p.contest_id = sh.contest_id AND p.id = sh.project_id
				WHERE sh.juror_id = j.id AND p.shortlisted AND (sh.submitted_at IS NOT NULL OR sh.conflict))
			< (SELECT count(*) FROM projects WHERE contest_id = $1 AND shortlisted)
		ORDER BY j.name`, contestID)
	return rs, mapErr(err)
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
		if err := tx.SelectContext(ctx, &ids, `SELECT a.id FROM accounts a WHERE a.erased_at IS NULL AND (
				EXISTS (SELECT 1 FROM voter_accounts va WHERE va.account_id = a.id AND va.contest_id = $1)
				OR EXISTS (SELECT 1 FROM subscribers s WHERE s.account_id = a.id AND s.contest_id = $1))
			ORDER BY a.id FOR UPDATE`, ed.ID); err != nil {
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
