package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"prixbot/contest"
	"prixbot/store"
)

// shortlist returns the sample's shortlisted projects' ids, and one that is
// not shortlisted.
func shortlist(t *testing.T, st *store.Store, contestID int64) (ids []string, not string) {
	t.Helper()
	ps, err := st.Projects(context.Background(), contestID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Shortlisted {
			ids = append(ids, p.ID)
		} else {
			not = p.ID
		}
	}
	if len(ids) < 3 || not == "" {
		t.Fatalf("the sample has %d shortlisted projects and not-shortlisted %q", len(ids), not)
	}
	return ids, not
}

// TestUpdateVerifiesAndCasts follows two accounts of one phone through
// BeginUpdate's Verify and Confirm, each update one autocommit statement:
// a press before verifying keeps the project pending, the contact verifies
// and hands it over, the confirmation casts by the ballot's rules (nothing
// twice, nothing beyond the ballot, a move only when changes are allowed),
// and nothing happens on a redelivery, for a project off the shortlist, for
// a second phone, or where a voided vote holds the slot.
func TestUpdateVerifiesAndCasts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	ids, notListed := shortlist(t, st, ed.ID)
	update := 0
	begin := func(user string, u store.Update) store.Begun {
		t.Helper()
		update++
		u.Platform, u.ID, u.UserID, u.ChatID, u.ContestID, u.At = "telegram", fmt.Sprint(update), user, user, ed.ID, voteOpen
		b, err := st.BeginUpdate(ctx, u)
		if err != nil || b.Redelivery {
			t.Fatalf("BeginUpdate %+v: %v, redelivery %v", u, err, b.Redelivery)
		}
		return b
	}
	pending := func(user string) string {
		t.Helper()
		var p *string
		if err := st.DB().Get(&p, `SELECT pending_project FROM accounts WHERE platform_user_id = $1`, user); err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return ""
		}
		return *p
	}
	one := &contest.Ballot{VotesPerVoter: 1}
	change := &contest.Ballot{VotesPerVoter: 1, AllowChange: true}
	phone := &store.Phone{Hash: []byte("hmac-of-a-phone-number-000000001"), PrefixHash: []byte("block")}

	if b := begin("1", store.Update{Pending: ids[0], Confirm: one}); b.Cast != nil || b.Ballot.VoterID != 0 || !b.Shortlisted || pending("1") != ids[0] {
		t.Fatalf("a confirmation before verifying: %+v, pending %q", b, pending("1"))
	}
	b := begin("1", store.Update{Verify: phone})
	if b.Verified == nil || b.Verified.Ballot.VoterID == 0 || b.Verified.PendingProject != ids[0] || pending("1") != "" {
		t.Fatalf("verified: %+v, pending now %q", b, pending("1"))
	}
	voter := b.Verified.Ballot.VoterID
	if r, err := st.BeginUpdate(ctx, store.Update{Platform: "telegram", ID: fmt.Sprint(update), UserID: "1", ContestID: ed.ID, Verify: phone}); err != nil || !r.Redelivery {
		t.Fatalf("a redelivered contact: %+v, %v", r, err)
	}

	b = begin("1", store.Update{Pending: ids[0], Confirm: one})
	if b.Cast == nil || b.Cast.ProjectID != ids[0] || b.Cast.Slot != 1 || b.Cast.VoterID != voter || b.Cast.Receipt == "" || b.Ballot.VoterID != voter || len(b.Ballot.Votes) != 0 {
		t.Fatalf("the vote: %+v", b)
	}
	first := *b.Cast
	if b := begin("1", store.Update{Pending: ids[0], Confirm: change}); b.Cast != nil || len(b.Ballot.Votes) != 1 {
		t.Fatalf("the same project again: %+v", b)
	}
	if b := begin("1", store.Update{Pending: ids[1], Confirm: one}); b.Cast != nil || len(b.Ballot.Votes) != 1 || pending("1") != "" {
		t.Fatalf("another project, no change allowed: %+v, pending %q", b, pending("1"))
	}
	b = begin("1", store.Update{Pending: ids[1], Confirm: change})
	if b.Cast == nil || b.Cast.ID != first.ID || b.Cast.ProjectID != ids[1] || b.Cast.Receipt == first.Receipt || b.Ballot.Votes[0].ProjectID != ids[0] {
		t.Fatalf("a change: %+v, first %+v", b, first)
	}

	b = begin("2", store.Update{Verify: phone})
	if b.Verified == nil || b.Verified.Ballot.VoterID != voter || len(b.Verified.Ballot.Votes) != 1 || b.Verified.Ballot.Votes[0].ProjectID != ids[1] {
		t.Fatalf("the same phone from a second account: %+v", b)
	}
	if b := begin("2", store.Update{Verify: &store.Phone{Hash: []byte("hmac-of-a-phone-number-000000002")}}); b.Verified != nil {
		t.Fatalf("a second phone: %+v", b)
	}
	if b := begin("2", store.Update{Pending: notListed, Confirm: change}); b.Cast != nil || b.Shortlisted {
		t.Fatalf("a project off the shortlist: %+v", b)
	}
	if _, err := st.DB().Exec(`UPDATE votes SET voided_at = now(), void_reason = 'test'`); err != nil {
		t.Fatal(err)
	}
	if b := begin("2", store.Update{Pending: ids[2], Confirm: one}); b.Cast != nil || !b.Shortlisted {
		t.Fatalf("a voided vote holding the only slot: %+v", b)
	}
	var votes, voters int
	if err := st.DB().QueryRow(`SELECT (SELECT count(*) FROM votes), (SELECT count(*) FROM voters)`).Scan(&votes, &voters); err != nil || votes != 1 || voters != 2 {
		t.Fatalf("%d votes and %d voters stored (%v), want 1 and 2", votes, voters, err)
	}
}

// TestConfirmAtOnceOneVote verifies 40 accounts with one phone, then has
// them all confirm at once, for different projects: one vote is cast and
// the others get none, with no error. Then they all change it at once: still
// one vote, the one the last change left.
func TestConfirmAtOnceOneVote(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	ids, _ := shortlist(t, st, ed.ID)
	const n = 40
	phone := &store.Phone{Hash: []byte("hmac-of-a-phone-number-000000003")}
	for i := range n {
		u := store.Update{Platform: "telegram", ID: fmt.Sprint("v", i), UserID: fmt.Sprint(i), ContestID: ed.ID, Verify: phone}
		if b, err := st.BeginUpdate(ctx, u); err != nil || b.Verified == nil {
			t.Fatalf("verify %d: %+v, %v", i, b, err)
		}
	}
	atOnce := func(round string, allowChange bool) []store.Vote {
		start := make(chan struct{})
		casts := make(chan *store.Vote, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				u := store.Update{Platform: "telegram", ID: fmt.Sprint(round, i), UserID: fmt.Sprint(i), ContestID: ed.ID, At: voteOpen,
					Pending: ids[i%len(ids)], Confirm: &contest.Ballot{VotesPerVoter: 1, AllowChange: allowChange}}
				b, err := st.BeginUpdate(ctx, u)
				if err != nil {
					t.Errorf("%s %d: %v", round, i, err)
				}
				casts <- b.Cast
			})
		}
		close(start)
		wg.Wait()
		close(casts)
		var out []store.Vote
		for v := range casts {
			if v != nil {
				out = append(out, *v)
			}
		}
		if stored := countRows(t, st, "votes"); stored != 1 {
			t.Fatalf("%s: %d votes stored, want 1", round, stored)
		}
		return out
	}
	if cast := atOnce("confirm", false); len(cast) != 1 {
		t.Fatalf("%d votes cast at once, want 1", len(cast))
	}
	moved := atOnce("change", true)
	var receipt string
	if err := st.DB().Get(&receipt, `SELECT receipt FROM votes`); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, v := range moved {
		found = found || v.Receipt == receipt
	}
	if len(moved) == 0 || !found {
		t.Fatalf("%d changes at once, none left the stored vote (receipt %s)", len(moved), receipt)
	}
}
