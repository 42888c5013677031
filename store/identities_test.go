package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
	"prixbot/store/storetest"
)

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

// TestJurorLookupsPerPlatform finds the sample's jurors by each of their
// platform ids, and by an id on a platform the store knows nothing of.
func TestJurorLookupsPerPlatform(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st := newStore(t)
	ed := loadSample(t, st)
	if err := importContest(st, editSample(t, `slack: U0002}`, `slack: U0002, whatsapp: "+32470000002"}`)); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		platform, userID, juror string
	}{
		{"telegram", "111", "Juror A"},
		{"slack", "U0001", "Juror A"},
		{"console", "juror", "Juror A"},
		{"telegram", "222", "Juror B"},
		{"slack", "U0002", "Juror B"},
		{"whatsapp", "+32470000002", "Juror B"},
		{"slack", "111", ""},     // Juror A's Telegram id, on Slack
		{"console", "U0001", ""}, // Juror A's Slack id, on the console
		{"telegram", "333", ""},
		{"telegram", "", ""},
		{"web", "juror", ""},
	}
	for _, tt := range tests {
		err := st.InTx(ctx, func(tx *store.Tx) error {
			j, err := tx.JurorByPlatform(ctx, ed.ID, tt.platform, tt.userID)
			switch {
			case tt.juror == "" && contest.ErrorCode(err) != contest.NotFound:
				t.Errorf("JurorByPlatform(%s, %q) = %+v, %v; want NotFound", tt.platform, tt.userID, j, err)
			case tt.juror != "" && (err != nil || j.Name != tt.juror):
				t.Errorf("JurorByPlatform(%s, %q) = %+v, %v; want %s", tt.platform, tt.userID, j, err, tt.juror)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if yes, err := st.IsJuror(ctx, ed.ID, tt.platform, tt.userID); err != nil || yes != (tt.juror != "") {
			t.Errorf("IsJuror(%s, %q) = %v, %v; want %v", tt.platform, tt.userID, yes, err, tt.juror != "")
		}
	}
	jurors, err := st.Jurors(ctx, ed.ID)
	if err != nil || len(jurors) != 2 {
		t.Fatalf("Jurors = %+v, %v", jurors, err)
	}
	if want := (store.Identities{"telegram": "222", "slack": "U0002", "whatsapp": "+32470000002"}); !maps.Equal(jurors[1].IDs, want) {
		t.Errorf("Juror B's ids = %v, want %v", jurors[1].IDs, want)
	}

	// An invited juror enrols from any platform, with an id the platform can have.
	err = st.InTx(ctx, func(tx *store.Tx) error {
		code, _, err := tx.CreateInvite(ctx, ed.ID, "Juror C", cliActor, juryOpen, juryOpen.Add(time.Hour))
		if err != nil {
			return err
		}
		if _, err := tx.RedeemInvite(ctx, ed.ID, code, "telegram", "@c", juryOpen); contest.ErrorCode(err) != contest.Invalid {
			t.Errorf("a Telegram id that is not a number: err %v, want Invalid", err)
		}
		j, err := tx.RedeemInvite(ctx, ed.ID, code, "web", "c-web", juryOpen)
		if err != nil || !maps.Equal(j.IDs, store.Identities{"web": "c-web"}) {
			t.Errorf("RedeemInvite(web) = %+v, %v", j, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if yes, err := st.IsJuror(ctx, ed.ID, "web", "c-web"); err != nil || !yes {
		t.Errorf("IsJuror(web, c-web) after enrolling = %v, %v", yes, err)
	}
}

// editSample returns the sample contest file with the replacements of
// oldnew (pairs, as strings.NewReplacer takes them), failing the test when
// they change nothing.
func editSample(t *testing.T, oldnew ...string) string {
	t.Helper()
	src, err := examples.FS.ReadFile(examples.SampleContest)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer(oldnew...).Replace(string(src))
	if edited == string(src) {
		t.Fatalf("the sample contest has none of %q", oldnew)
	}
	return edited
}

// importContest imports a contest file, as `prixbot import contest` does.
func importContest(st *store.Store, src string) error {
	c, err := contest.ParseContest([]byte(src))
	if err != nil {
		return err
	}
	_, _, err = st.SaveContest(context.Background(), c, src, cliActor)
	return err
}

// TestReimportJurorIdentities re-imports the sample with ids added, changed
// and left out, in the ids map and under the old keys: added and changed ids
// are stored, one left out stays, and an id that is another juror's refuses
// the whole file.
func TestReimportJurorIdentities(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st := newStore(t)
	ed := loadSample(t, st)
	edited := editSample(t,
		`{name: "Juror A", ids: {telegram: "111", slack: U0001, console: juror}}`, `{name: "Juror A", slack_id: U0009, ids: {telegram: "111", web: a}}`,
		`{name: "Juror B", ids: {telegram: "222", slack: U0002}}`, `{name: "Juror B", telegram_id: 223}`+"\n"+`  - {name: "Juror C", ids: {console: c}}`)
	if err := importContest(st, edited); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"prix-2026/Juror A/console/juror", "prix-2026/Juror A/slack/U0009", "prix-2026/Juror A/telegram/111", "prix-2026/Juror A/web/a",
		"prix-2026/Juror B/slack/U0002", "prix-2026/Juror B/telegram/223",
		"prix-2026/Juror C/console/c",
	}
	if got := identities(t, st); !slices.Equal(got, want) {
		t.Fatalf("identities after re-import = %q, want %q", got, want)
	}

	// Juror A keeps console id "juror" (left out of the file): Juror C cannot take it.
	err := importContest(st, strings.Replace(edited, `ids: {console: c}`, `ids: {console: juror}`, 1))
	if contest.ErrorCode(err) != contest.Conflict || !strings.Contains(err.Error(), `Juror C's console id "juror" is Juror A's`) {
		t.Fatalf("re-import giving Juror C Juror A's console id: err %v, want a Conflict naming both jurors", err)
	}
	if got := identities(t, st); !slices.Equal(got, want) {
		t.Errorf("identities after a refused re-import = %q, want %q", got, want)
	}
	if cur, err := st.Current(ctx); err != nil || cur.ID != ed.ID || len(cur.Contest.Jurors) != 3 {
		t.Errorf("the refused file was saved: %+v, %v", cur, err)
	}

	// Two jurors may swap ids in one file.
	if err := importContest(st, strings.NewReplacer(`telegram: "111"`, `telegram: "223"`, `telegram_id: 223`, `telegram_id: 111`).Replace(edited)); err != nil {
		t.Fatal(err)
	}
	want[2], want[5] = "prix-2026/Juror A/telegram/223", "prix-2026/Juror B/telegram/111"
	if got := identities(t, st); !slices.Equal(got, want) {
		t.Errorf("identities after a swap = %q, want %q", got, want)
	}
}

// TestJurorRemindersReach checks where each juror's reminder goes: on the
// first platform (Telegram, then Slack) where they have an account with the
// bot, else on their first id; a juror with only a console id is not reached.
func TestJurorRemindersReach(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ed := loadSample(t, st)
	if err := importContest(st, editSample(t, "jurors:\n", "jurors:\n  - {name: Console, ids: {console: c}}\n  - {name: Telegram, telegram_id: 444}\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`INSERT INTO accounts (platform, platform_user_id, chat_id, language) VALUES
		('telegram', '111', '111', 'fr'), ('slack', 'U0001', 'D-A', 'en'), ('slack', 'U0002', 'D-B', 'nl')`); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := st.InTx(t.Context(), func(tx *store.Tx) error {
		rs, err := tx.JurorReminders(t.Context(), ed.ID)
		for _, r := range rs {
			got = append(got, r.Name+" "+r.Platform+" "+r.ChatID+" "+r.Language)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if want := []string{"Juror A telegram 111 fr", "Juror B slack D-B nl", "Telegram telegram 444 "}; !slices.Equal(got, want) {
		t.Errorf("reminders reach %q, want %q", got, want)
	}
}
