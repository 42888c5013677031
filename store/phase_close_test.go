package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/store"
	"prixbot/store/storetest"
)

// TestVoteClosedByAnotherProcess closes the public vote from a second
// process (its own *store.Store, as the CLI or another replica) while votes
// are being cast by the update statement (BeginUpdate's Confirm), for
// voters verified before (a Telegram contact, then the press) and voters
// verified by the press itself (a Slack member): no vote counts with a cast
// time at or after the end; the votes refused say the phase was closed.
func TestVoteClosedByAnotherProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.URL(t)
	st := newStoreOn(t, url)
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ed := loadSample(t, st)
	ids, _ := shortlist(t, st, ed.ID)
	// One clock for both processes: it starts inside the sample's public
	// vote and runs with real time, so that votes keep coming as it closes.
	began := time.Now()
	clock := func() time.Time { return voteOpen.Add(time.Since(began)) }

	const voters = 160
	for i := range voters / 2 { // the update statement's voters verify first
		u := store.Update{Platform: "telegram", ID: fmt.Sprint("v", i), UserID: fmt.Sprint(i), ContestID: ed.ID, At: clock(),
			Verify: &store.Phone{Hash: fmt.Appendf(nil, "phone-%d", i)}}
		if b, err := st.BeginUpdate(ctx, u); err != nil || b.Verified == nil {
			t.Fatalf("verify %d: %+v, %v", i, b, err)
		}
	}
	var cast, refused atomic.Int64
	press := func(i int) error {
		u := store.Update{Platform: "telegram", ID: fmt.Sprint("c", i), UserID: fmt.Sprint(i), ContestID: ed.ID,
			At: clock(), Pending: ids[i%len(ids)], Confirm: &contest.Ballot{VotesPerVoter: 1}}
		if i >= voters/2 {
			u.Platform, u.Verify = "slack", &store.Phone{Hash: fmt.Appendf(nil, "phone-%d", i)}
		}
		b, err := st.BeginUpdate(ctx, u)
		switch {
		case err != nil:
			return err
		case b.Cast != nil && !b.VoteClosed:
			cast.Add(1)
		case b.Cast == nil && b.VoteClosed:
			refused.Add(1)
		default:
			return fmt.Errorf("confirm %d: cast %+v, vote closed %v", i, b.Cast, b.VoteClosed)
		}
		return nil
	}

	// Eight voters' presses in flight at any time; the other process closes
	// the vote once a quarter of them are in, while the next half go.
	next := make(chan int)
	quarter := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range next {
				if err := press(i); err != nil {
					t.Error(err)
				}
			}
		})
	}
	closer, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	closed := make(chan error, 1)
	go func() {
		<-quarter
		closed <- closer.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.MovePhase(ctx, ed.ID, cliActor, contest.PhasePublicVote, contest.PhaseClose, time.Time{}, clock())
			return err
		})
	}()
	var closeErr error
	for i := range voters {
		switch i {
		case voters / 4:
			close(quarter)
		case voters * 3 / 4:
			// The last quarter waits for the close, so that some presses
			// meet a closed vote however quickly the others went (on a
			// busy machine, all 160 once went before the close).
			closeErr = <-closed
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if closeErr != nil {
		t.Fatalf("close the public vote: %v", closeErr)
	}

	var late int
	if err := st.DB().Get(&late, `SELECT count(*) FROM votes v JOIN phases p ON p.contest_id = v.contest_id AND p.name = 'public_vote'
		WHERE v.contest_id = $1 AND v.voided_at IS NULL AND NOT (v.cast_at >= p.start_at AND v.cast_at < p.end_at)`, ed.ID); err != nil {
		t.Fatal(err)
	}
	stored := countRows(t, st, "votes")
	t.Logf("%d votes cast, %d refused, %d stored", cast.Load(), refused.Load(), stored)
	if late != 0 {
		t.Errorf("%d votes counted with a cast time outside the public vote", late)
	}
	if refused.Load() == 0 || int64(stored) != cast.Load() || cast.Load()+refused.Load() != voters {
		t.Errorf("%d cast, %d refused, %d stored: want some refused, every press cast or refused, every cast stored", cast.Load(), refused.Load(), stored)
	}
}
