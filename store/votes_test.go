package store_test

import (
	"context"
	"fmt"
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

// TestConcurrentVotesOneVoter casts the same new voter's vote from 50
// accounts at once, each verifying the identity and confirming in its one
// update: the unique constraint leaves exactly one vote, and the others are
// refused without an error.
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
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			b, err := st.BeginUpdate(ctx, store.Update{Platform: "telegram", UserID: fmt.Sprint(i), ContestID: ed.ID, At: voteOpen,
				Verify: &store.Phone{Hash: hash}, Pending: project, Confirm: &contest.Ballot{VotesPerVoter: 1}})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Errorf("unexpected error: %v", err)
			case b.Cast != nil:
				ok++
			default:
				conflicts++
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

// TestCastVoteRules confirms votes of new voters: only a shortlisted project
// gets one.
func TestCastVoteRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	cases := []struct {
		name    string
		project string
		cast    bool
	}{
		{"unknown project", "does-not-exist", false},
		{"not shortlisted", firstProject(t, st, ed.ID, false), false},
		{"shortlisted", firstProject(t, st, ed.ID, true), true},
	}
	for _, tc := range cases {
		b, err := st.BeginUpdate(ctx, store.Update{Platform: "console", UserID: tc.name, ContestID: ed.ID, At: voteOpen,
			Verify: &store.Phone{Hash: []byte(tc.name)}, Pending: tc.project, Confirm: &contest.Ballot{VotesPerVoter: 1}})
		if err != nil || (b.Cast != nil) != tc.cast || b.Shortlisted != tc.cast {
			t.Errorf("%s: cast %+v, shortlisted %v (%v), want a vote: %v", tc.name, b.Cast, b.Shortlisted, err, tc.cast)
		}
	}
	if n := countRows(t, st, "votes"); n != 1 {
		t.Fatalf("%d votes stored, want 1", n)
	}
}
