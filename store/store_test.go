package store_test

import (
	"context"
	"maps"
	"slices"
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

// identities lists every juror identity as "contest/juror/platform/user id", sorted.
func identities(t *testing.T, st *store.Store) []string {
	t.Helper()
	var rows []string
	if err := st.DB().Select(&rows, `SELECT c.slug || '/' || j.name || '/' || i.platform || '/' || i.user_id
		FROM juror_identities i JOIN jurors j ON j.id = i.juror_id JOIN contests c ON c.id = i.contest_id ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestJurorIdentitiesMigration fills a database as migration 00007 left it,
// with jurors' ids in the telegram_id, slack_id and console_id columns, and
// checks that 00008 moves them into juror_identities and drops the columns,
// and that going down and up again gives the same rows.
func TestJurorIdentitiesMigration(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st := newStoreOn(t, storetest.URL(t))
	if err := st.MigrateTo(ctx, 7); err != nil {
		t.Fatal(err)
	}
	exec := func(q string) {
		t.Helper()
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO contests (id, slug, name, timezone, source, votes_per_voter) VALUES
		(1, 'a', 'A', 'UTC', '', 1), (2, 'b', 'B', 'UTC', '', 1)`)
	exec(`INSERT INTO jurors (contest_id, name, telegram_id, slack_id, console_id, enrolled_at) VALUES
		(1, 'All', 111, 'U0001', 'juror', now()),
		(1, 'Telegram', 222, NULL, NULL, NULL),
		(1, 'Invited', NULL, NULL, NULL, NULL),
		(2, 'All', 111, 'U0001', NULL, NULL)`)
	if err := st.MigrateTo(ctx, 8); err != nil {
		t.Fatal(err)
	}
	want := []string{"a/All/console/juror", "a/All/slack/U0001", "a/All/telegram/111", "a/Telegram/telegram/222", "b/All/slack/U0001", "b/All/telegram/111"}
	if got := identities(t, st); !slices.Equal(got, want) {
		t.Fatalf("identities after 00008 = %q, want %q", got, want)
	}
	var cols []string
	if err := st.DB().Select(&cols, `SELECT column_name FROM information_schema.columns
		WHERE table_name = 'jurors' AND column_name LIKE '%\_id' ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, []string{"contest_id"}) {
		t.Errorf("jurors id columns after 00008 = %q, want only contest_id", cols)
	}
	// The store reads them: Telegram's id is found as text.
	err := st.InTx(ctx, func(tx *store.Tx) error {
		j, err := tx.JurorByPlatform(ctx, 1, "telegram", "111")
		if err != nil || j.Name != "All" || !maps.Equal(j.IDs, store.Identities{"telegram": "111", "slack": "U0001", "console": "juror"}) {
			t.Errorf("JurorByPlatform(telegram, 111) = %+v, %v", j, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := st.MigrateTo(ctx, 7); err != nil {
		t.Fatal(err)
	}
	var back []string
	if err := st.DB().Select(&back, `SELECT contest_id || '/' || name || '/' || COALESCE(telegram_id::text, '-') || '/' ||
		COALESCE(slack_id, '-') || '/' || COALESCE(console_id, '-') FROM jurors ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	if want := []string{"1/All/111/U0001/juror", "1/Invited/-/-/-", "1/Telegram/222/-/-", "2/All/111/U0001/-"}; !slices.Equal(back, want) {
		t.Errorf("jurors after going down to 00007 = %q, want %q", back, want)
	}
	if err := st.MigrateTo(ctx, 8); err != nil {
		t.Fatal(err)
	}
	if got := identities(t, st); !slices.Equal(got, want) {
		t.Errorf("identities after down and up = %q, want %q", got, want)
	}
}
