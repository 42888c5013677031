package store_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"prixbot/contest"
	"prixbot/store"
)

// TestVerifyVoterSamePhoneAtOnce verifies one phone from 20 accounts at the
// same moment, each with a pending project: all become the one voter, with
// its prefix hash, and each takes its own pending project.
func TestVerifyVoterSamePhoneAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	project := firstProject(t, st, ed.ID, true)
	phone, prefix := []byte("hmac-of-a-phone-number-000000001"), []byte("hmac-of-its-prefix-block")
	var accounts []int64
	for i := range 20 {
		if err := st.InTx(ctx, func(tx *store.Tx) error {
			a, err := tx.UpsertAccount(ctx, "telegram", fmt.Sprint(100+i), fmt.Sprint(100+i), "", "")
			accounts = append(accounts, a.ID)
			if err != nil {
				return err
			}
			return tx.SetPendingProject(ctx, a.ID, project)
		}); err != nil {
			t.Fatal(err)
		}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	voters := make([]int64, len(accounts))
	for i, acct := range accounts {
		wg.Go(func() {
			<-start
			err := st.InTx(ctx, func(tx *store.Tx) error {
				v, err := tx.VerifyVoter(ctx, ed.ID, acct, phone, prefix)
				if err == nil && v.PendingProject != project {
					err = fmt.Errorf("pending project %q, want %q", v.PendingProject, project)
				}
				voters[i] = v.Ballot.VoterID
				return err
			})
			if err != nil {
				t.Errorf("account %d: %v", acct, err)
			}
		})
	}
	close(start)
	wg.Wait()
	for _, v := range voters {
		if v == 0 || v != voters[0] {
			t.Fatalf("voters %v, want one", voters)
		}
	}
	if n := countRows(t, st, "voters"); n != 1 {
		t.Fatalf("%d voters stored, want 1", n)
	}
	if n := countRows(t, st, "voter_accounts"); n != len(accounts) {
		t.Fatalf("%d accounts linked, want %d", n, len(accounts))
	}
	var stored []byte
	if err := st.DB().Get(&stored, `SELECT prefix_hash FROM voters`); err != nil || !bytes.Equal(stored, prefix) {
		t.Fatalf("prefix hash %q, %v", stored, err)
	}
	var pending int
	st.DB().Get(&pending, `SELECT count(*) FROM accounts WHERE pending_project IS NOT NULL`)
	if pending != 0 {
		t.Fatalf("%d pending projects left", pending)
	}
}

// TestVerifyVoterAndBallot follows one account's Ballot through BeginUpdate:
// unverified, verified (an account of the same phone already voted), and a
// second phone refused with its pending project kept.
func TestVerifyVoterAndBallot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	project := firstProject(t, st, ed.ID, true)
	phone := []byte("hmac-of-a-phone-number-000000002")
	var update int
	begin := func(tx *store.Tx, user string) (store.Account, store.Ballot) {
		t.Helper()
		update++
		b, err := tx.BeginUpdate(ctx, store.Update{Platform: "telegram", ID: fmt.Sprint(update), UserID: user, ChatID: user, ContestID: ed.ID})
		if err != nil || b.Redelivery {
			t.Fatalf("BeginUpdate: %v, redelivery %v", err, b.Redelivery)
		}
		return b.Account, b.Ballot
	}
	var receipt string
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		a, b := begin(tx, "1")
		if b.VoterID != 0 || b.Votes != nil {
			t.Fatalf("a new account's ballot: %+v", b)
		}
		if _, err := tx.VerifyVoter(ctx, ed.ID, a.ID, phone, nil); err != nil {
			return err
		}
		update++
		vote, err := tx.BeginUpdate(ctx, store.Update{Platform: "telegram", ID: fmt.Sprint(update), UserID: "1", ContestID: ed.ID, At: voteOpen,
			Pending: project, Confirm: &contest.Ballot{VotesPerVoter: 1}})
		if err != nil || vote.Cast == nil {
			t.Fatalf("the vote: %+v, %v", vote, err)
		}
		receipt = vote.Cast.Receipt
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		a, _ := begin(tx, "2")
		v, err := tx.VerifyVoter(ctx, ed.ID, a.ID, phone, nil)
		if err != nil {
			return err
		}
		if len(v.Ballot.Votes) != 1 || v.Ballot.Votes[0].Receipt != receipt || v.Ballot.Votes[0].VoterID != v.Ballot.VoterID {
			t.Fatalf("the same phone's ballot: %+v", v.Ballot)
		}
		_, b := begin(tx, "2")
		if b.VoterID != v.Ballot.VoterID || len(b.Votes) != 1 || b.Votes[0].ProjectID != project || b.Votes[0].Slot != 1 {
			t.Fatalf("ballot read with the update: %+v, want %+v", b, v.Ballot)
		}
		if err := tx.SetPendingProject(ctx, a.ID, project); err != nil {
			return err
		}
		_, err = tx.VerifyVoter(ctx, ed.ID, a.ID, []byte("hmac-of-another-phone-number-003"), nil)
		if contest.ErrorCode(err) != contest.Conflict {
			t.Fatalf("another phone for a verified account: %v", err)
		}
		var pending string
		if err := tx.Get(&pending, `SELECT pending_project FROM accounts WHERE id = $1`, a.ID); err != nil || pending != project {
			t.Fatalf("pending project after a refusal: %q, %v", pending, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		b, err := tx.BeginUpdate(ctx, store.Update{Platform: "telegram", ID: "1", UserID: "1", ChatID: "1", ContestID: ed.ID})
		if err != nil || !b.Redelivery {
			t.Fatalf("a redelivered update: %+v, %v", b, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
