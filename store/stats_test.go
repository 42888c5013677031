package store_test

import (
	"context"
	"testing"
	"time"

	"prixbot/store"
)

func TestOutboxState(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	empty, err := st.OutboxState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if empty != (store.OutboxState{}) {
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
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET dead_at = now() WHERE dedupe_key = 'd'`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.OutboxState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Due != 2 || got.Scheduled != 1 || got.Dead != 1 {
		t.Errorf("state = %+v, want 2 due, 1 scheduled, 1 dead", got)
	}
	if got.OldestDue < 59*time.Second || got.OldestDue > 10*time.Minute {
		t.Errorf("oldest due = %v, want about a minute", got.OldestDue)
	}
}
