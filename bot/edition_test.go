package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// TestContestLoadedOnceForConcurrentRequests: requests that find the cached
// contest stale while another loads it wait and take what it loaded, instead
// of each asking the database; a dropped cache is read afresh; a request
// whose context ends while it waits gives up with its context's error.
func TestContestLoadedOnceForConcurrentRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := sampleStore(t)
	b := New(Config{Store: st, Log: slog.New(slog.DiscardHandler)})
	t0 := time.Now()
	first, _, err := b.currentEdition(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}

	// Requests a second past the TTL queue up behind a load in progress.
	b.reloading <- struct{}{}
	later := t0.Add(b.cfg.EditionTTL + time.Second)
	const requests = 20
	got := make([]any, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			ed, _, err := b.currentEdition(ctx, later)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = ed
		})
	}
	<-b.reloading
	wg.Wait()
	if b.loads != 2 {
		t.Errorf("%d loads of the contest for one at start and %d requests at once, want 2", b.loads, requests)
	}
	for i, ed := range got {
		if ed == any(first) {
			t.Fatalf("request %d got the contest loaded before the TTL ran out", i)
		}
		if ed != got[0] {
			t.Fatalf("requests 0 and %d got different loads of the contest", i)
		}
	}

	// A dropped cache is read afresh.
	if _, err := st.DB().Exec(`UPDATE projects SET name = 'Renamed' WHERE id = 'alpha-jardin'`); err != nil {
		t.Fatal(err)
	}
	b.InvalidateEdition()
	_, projects, err := b.currentEdition(ctx, later)
	if err != nil {
		t.Fatal(err)
	}
	renamed := false
	for _, p := range projects {
		renamed = renamed || p.ID == "alpha-jardin" && p.Name == "Renamed"
	}
	if !renamed {
		t.Error("after InvalidateEdition the projects were not read again")
	}

	// Waiting ends with the request's context.
	b.InvalidateEdition()
	b.reloading <- struct{}{}
	defer func() { <-b.reloading }()
	ended, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := b.currentEdition(ended, later); !errors.Is(err, context.Canceled) {
		t.Errorf("waiting with an ended context: %v, want context.Canceled", err)
	}
}
