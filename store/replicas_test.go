package store_test

import (
	"context"
	"sync"
	"testing"

	"prixbot/store"
	"prixbot/store/storetest"
)

// TestMigrateConcurrently: replicas starting together on an empty database
// all succeed, and the migrations are applied once.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	url := storetest.URL(t)
	ctx := context.Background()
	const n = 4
	applied := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		st, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		wg.Go(func() { applied[i], errs[i] = st.Migrate(ctx) })
	}
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		total += applied[i]
	}
	st := newStoreOn(t, url)
	if ok, err := st.MigrationsCurrent(ctx); err != nil || !ok {
		t.Fatalf("migrations current: %v %v", ok, err)
	}
	var want int
	if err := st.DB().Get(&want, `SELECT count(*) FROM goose_db_version WHERE version_id > 0`); err != nil {
		t.Fatal(err)
	}
	if total != want {
		t.Errorf("replicas applied %d migrations in all, want each of the %d once", total, want)
	}
}

// newStoreOn opens a store on url, closed when the test ends.
func newStoreOn(t *testing.T, url string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
