package store_test

import (
	"context"
	"sync"
	"testing"

	"prixbot/contest"
	"prixbot/store"
)

func countRows(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().Get(&n, "SELECT count(*) FROM "+table); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConcurrentVotesOneVoter casts the same voter's vote from 50 goroutines
// at once: the unique constraint leaves exactly one.
func TestConcurrentVotesOneVoter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	project := firstProject(t, st, ed.ID, true)
	hash := []byte("hmac-of-a-phone-number-000000000")

	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, conflicts := 0, 0
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := st.InTx(ctx, func(tx *store.Tx) error {
				voter, err := tx.EnsureVoter(ctx, ed.ID, hash)
				if err != nil {
					return err
				}
				_, err = tx.CastVote(ctx, ed.ID, voter, project, "telegram", voteOpen)
				return err
			})
			mu.Lock()
			defer mu.Unlock()
			switch contest.ErrorCode(err) {
			case "":
				ok++
			case contest.Conflict:
				conflicts++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if ok != 1 || conflicts != 49 {
		t.Fatalf("%d votes accepted, %d refused; want 1 and 49", ok, conflicts)
	}
	if n := countRows(t, st, "votes"); n != 1 {
		t.Fatalf("%d votes stored, want 1", n)
	}
	if n := countRows(t, st, "voters"); n != 1 {
		t.Fatalf("%d voters stored, want 1", n)
	}
}

func TestCastVoteRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	cases := []struct {
		name    string
		project string
		code    string
	}{
		{"unknown project", "does-not-exist", contest.NotFound},
		{"not shortlisted", firstProject(t, st, ed.ID, false), contest.NotFound},
		{"shortlisted", firstProject(t, st, ed.ID, true), ""},
	}
	for _, tc := range cases {
		err := st.InTx(ctx, func(tx *store.Tx) error {
			voter, err := tx.EnsureVoter(ctx, ed.ID, []byte(tc.name))
			if err != nil {
				return err
			}
			_, err = tx.CastVote(ctx, ed.ID, voter, tc.project, "console", voteOpen)
			return err
		})
		if got := contest.ErrorCode(err); got != tc.code {
			t.Errorf("%s: code %q (%v), want %q", tc.name, got, err, tc.code)
		}
	}
	if n := countRows(t, st, "votes"); n != 1 {
		t.Fatalf("%d votes stored, want 1", n)
	}
}
