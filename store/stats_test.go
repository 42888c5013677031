package store_test

import (
	"context"
	"testing"
	"time"

	"prixbot/store"
)

func TestOutboxHealthCounts(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	empty, err := st.OutboxHealth(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if empty != (store.OutboxHealth{}) {
		t.Fatalf("empty outbox: %+v", empty)
	}
	now := time.Now()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, n := range []store.Notification{
			{DedupeKey: "a", NotBefore: now.Add(-time.Minute)},
			{DedupeKey: "b", NotBefore: now.Add(-time.Second)},
			{DedupeKey: "c", NotBefore: now.Add(time.Hour)},
			{DedupeKey: "d"},
		} {
			n.Platform, n.ChatID, n.Kind, n.Payload = "telegram", "1", "test", []byte(`{}`)
			if _, err := tx.Enqueue(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `UPDATE outbox SET dead_at = now() WHERE dedupe_key = 'd'`); err != nil {
		t.Fatal(err)
	}
	got, err := st.OutboxHealth(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got.Due != 2 || got.Depth-got.Due != 1 || got.Dead != 1 {
		t.Errorf("state = %+v, want 2 due, 1 scheduled, 1 dead", got)
	}
	if got.OldestDue < 59*time.Second || got.OldestDue > 10*time.Minute {
		t.Errorf("oldest due = %v, want about a minute", got.OldestDue)
	}
}

func TestVotesByPlatform(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	got, err := st.VotesByPlatform(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("no contest: %v %v", got, err)
	}
	ed := loadSample(t, st)
	_, err = st.DB().Exec(`INSERT INTO voters (contest_id, phone_hash) VALUES ($1, 'a'), ($1, 'b'), ($1, 'c')`, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.DB().Exec(`INSERT INTO votes (contest_id, voter_id, project_id, receipt, platform, cast_at, voided_at)
		SELECT $1, v.id, p.id, 'r' || v.id, CASE WHEN v.phone_hash = 'a' THEN 'slack' ELSE 'telegram' END, now(),
		       CASE WHEN v.phone_hash = 'c' THEN now() END
		FROM voters v, (SELECT id FROM projects WHERE contest_id = $1 AND shortlisted LIMIT 1) p`, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err = st.VotesByPlatform(ctx)
	if err != nil || got["slack"] != 1 || got["telegram"] != 1 || len(got) != 2 {
		t.Fatalf("votes by platform = %v, %v; want slack 1, telegram 1 (the voided one not counted)", got, err)
	}
}
