package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"prixbot/store"
)

// TestBeginUpdateAccount follows an account through BeginUpdate in its
// autocommit form: refreshed chat (kept when none is given), an erased
// account coming back as a new one, the deep link an update opened, a
// redelivery, and an update with no id.
func TestBeginUpdateAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	project := firstProject(t, st, ed.ID, true)
	update := 0
	begin := func(u store.Update) store.Account {
		t.Helper()
		update++
		u.Platform, u.ID, u.ContestID, u.At = "telegram", fmt.Sprint(update), ed.ID, voteOpen
		b, err := st.BeginUpdate(ctx, u)
		if err != nil || b.Redelivery {
			t.Fatalf("BeginUpdate: %v, redelivery %v", err, b.Redelivery)
		}
		return b.Account
	}
	u := store.Update{UserID: "7", ChatID: "70", Username: "ann", Name: "Ann"}
	a := begin(u)
	for _, c := range []struct {
		u    store.Update
		chat string
	}{
		{u, "70"},
		{store.Update{UserID: "7", Username: "ann", Name: "Ann"}, "70"},
		{store.Update{UserID: "7", ChatID: "71", Username: "ann", Name: "Annie"}, "71"},
	} {
		b := begin(c.u)
		if b.ID != a.ID || b.ChatID == nil || *b.ChatID != c.chat || b.PlatformUserID == nil || *b.PlatformUserID != "7" {
			t.Fatalf("%+v: account %+v, want id %d, chat %s", c.u, b, a.ID, c.chat)
		}
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetLanguage(ctx, a.ID, "nl"); err != nil {
			return err
		}
		_, err := tx.ForgetAccount(ctx, a.ID, time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b := begin(u); b.ID == a.ID || b.LanguageChosen {
		t.Fatalf("an erased account coming back: %+v, was %d", b, a.ID)
	}
	u.DeepLink = project
	begin(u)
	var opens int
	if err := st.DB().Get(&opens, `SELECT count(*) FROM deep_link_opens WHERE contest_id = $1 AND project_id = $2`, ed.ID, project); err != nil || opens != 1 {
		t.Fatalf("deep link opens: %d, %v", opens, err)
	}
	if b, err := st.BeginUpdate(ctx, store.Update{Platform: "telegram", ID: "1", UserID: "7", ContestID: ed.ID, DeepLink: project}); err != nil || !b.Redelivery {
		t.Fatalf("a redelivered update: %+v, %v", b, err)
	}
	for range 2 {
		if b, err := st.BeginUpdate(ctx, store.Update{Platform: "telegram", UserID: "7", ContestID: ed.ID}); err != nil || b.Redelivery || b.Account.ID == 0 {
			t.Fatalf("an update with no id: %+v, %v", b, err)
		}
	}
	if err := st.DB().Get(&opens, `SELECT count(*) FROM deep_link_opens`); err != nil || opens != 1 {
		t.Fatalf("deep link opens after a redelivery: %d, %v", opens, err)
	}
}

// TestBeginUpdateAtOnce sends a new user's first updates all at once, in
// transactions held open a moment: each distinct update gets the one
// account, and each update delivered twice is handled once.
func TestBeginUpdateAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	const n = 10
	ids := make([]int64, 2*n)
	firsts := make([]bool, 2*n)
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Go(func() {
			err := st.InTx(ctx, func(tx *store.Tx) error {
				b, err := tx.BeginUpdate(ctx, store.Update{Platform: "telegram", ID: fmt.Sprint(i % n), UserID: "9", ChatID: "9", ContestID: ed.ID})
				ids[i], firsts[i] = b.Account.ID, !b.Redelivery
				time.Sleep(20 * time.Millisecond)
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	want := max(ids[0], ids[n])
	for i := range n {
		if firsts[i] == firsts[i+n] {
			t.Fatalf("update %d delivered twice: first %v and %v", i, firsts[i], firsts[i+n])
		}
		if id := max(ids[i], ids[i+n]); id == 0 || id != want {
			t.Fatalf("update %d: account %d, want %d", i, id, want)
		}
	}
}
