package store_test

import (
	"context"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// newStore returns a migrated store on a fresh database.
func newStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), storetest.Migrated(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var cliActor = store.Actor{Platform: "cli", ID: "test"}

// voteOpen is an instant inside the sample's public vote: votes are cast at it.
var voteOpen = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

// loadSample imports the sample contest and projects and returns the edition.
func loadSample(t testing.TB, st *store.Store) *store.Edition {
	t.Helper()
	ctx := context.Background()
	src, err := examples.FS.ReadFile(examples.SampleContest)
	if err != nil {
		t.Fatal(err)
	}
	c, err := contest.ParseContest(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SaveContest(ctx, c, string(src), cliActor); err != nil {
		t.Fatal(err)
	}
	ed, err := st.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f, err := examples.FS.Open(examples.SampleProjects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ps, err := contest.ParseProjects(f, ed.Contest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportProjects(ctx, ed.ID, ps, cliActor); err != nil {
		t.Fatal(err)
	}
	return ed
}

func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.Migrate(ctx)
	if err != nil || n == 0 {
		t.Fatalf("first migrate applied %d, err %v; want > 0", n, err)
	}
	n, err = st.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d, err %v; want a no-op", n, err)
	}
	if ok, err := st.MigrationsCurrent(ctx); err != nil || !ok {
		t.Fatalf("MigrationsCurrent = %v, %v", ok, err)
	}
}
