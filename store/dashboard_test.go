package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"prixbot/store"
)

// TestOverviewAgreesWithTheAdminCommands: the overview's one scan of the
// votes gives the counts of Status, the rows of Tally and the timeline of
// VoteTimeline; its jury grid says each juror's sheet status per project.
func TestOverviewAgreesWithTheAdminCommands(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ed := loadSample(t, st)
	day := time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC)
	if _, err := st.DB().Exec(`INSERT INTO voters (contest_id, phone_hash) SELECT $1, ('h' || i)::bytea FROM generate_series(1, 30) i`, ed.ID); err != nil {
		t.Fatal(err)
	}
	// 30 votes over three days, three platforms and three projects (one
	// off the shortlist), every seventh voided.
	if _, err := st.DB().Exec(`INSERT INTO votes (contest_id, voter_id, project_id, receipt, platform, cast_at, voided_at)
		SELECT $1, v.id, (ARRAY['alpha-jardin', 'repair-cafe-mobile', 'repair-cafe-mobile', 'theatre-forum-quartier'])[v.id % 4 + 1], 'r' || v.id,
			(ARRAY['telegram', 'slack', 'console'])[v.id % 3 + 1], $2::timestamptz + (v.id / 3 % 3) * interval '1 day' + (v.id % 5) * interval '1 hour',
			CASE WHEN v.id % 7 = 0 THEN $2::timestamptz END
		FROM voters v WHERE v.contest_id = $1`, ed.ID, day); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`UPDATE projects SET shortlisted = false WHERE contest_id = $1 AND id = 'theatre-forum-quartier'`, ed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`WITH a AS (SELECT id FROM jurors WHERE contest_id = $1 ORDER BY name LIMIT 1)
		INSERT INTO jury_sheets (contest_id, juror_id, project_id, submitted_at, conflict)
		SELECT $1, a.id, p, CASE WHEN p = 'alpha-jardin' THEN now() END, p = 'repair-cafe-mobile' FROM a,
			unnest(ARRAY['alpha-jardin', 'ecole-des-devoirs-volante', 'repair-cafe-mobile']) AS p`, ed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`INSERT INTO scores (juror_id, project_id, criterion, score)
		SELECT juror_id, project_id, 'collectif', 1 FROM jury_sheets WHERE project_id = 'ecole-des-devoirs-volante'`); err != nil {
		t.Fatal(err)
	}
	o, err := st.Overview(ctx, ed.ID, store.FraudThresholds{}, "Europe/Brussels", "day")
	if err != nil {
		t.Fatal(err)
	}
	var status store.Status
	var tally []store.TallyRow
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		if status, err = tx.Status(ctx, ed.ID); err != nil {
			return err
		}
		tally, err = tx.Tally(ctx, ed.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if o.Status != status || status.Votes+status.Voided != 30 || status.Voided != 4 {
		t.Errorf("overview status %+v, Status %+v", o.Status, status)
	}
	if !reflect.DeepEqual(o.Tally, tally) || len(tally) < 20 || tally[0].Votes == 0 {
		t.Errorf("overview tally\n%+v\nTally\n%+v", o.Tally, tally)
	}
	timeline, err := st.VoteTimeline(ctx, ed.ID, "Europe/Brussels", "day")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, b := range timeline {
		total += b.Votes
	}
	if !reflect.DeepEqual(o.Timeline, timeline) || len(timeline) != 9 || total != 26 {
		t.Errorf("overview timeline\n%+v\nVoteTimeline (%d votes)\n%+v", o.Timeline, total, timeline)
	}
	if len(o.Jury.Jurors) != 2 || len(o.Jury.Projects) != status.Shortlisted {
		t.Fatalf("jury grid %+v", o.Jury)
	}
	states := map[string]string{}
	for i, p := range o.Jury.Projects {
		states[p] = o.Jury.Jurors[0].States[i]
	}
	want := map[string]string{"alpha-jardin": store.SheetScored, "ecole-des-devoirs-volante": store.SheetDraft,
		"repair-cafe-mobile": store.SheetConflict, "bibliotheque-de-rue": store.SheetToDo}
	for p, s := range want {
		if states[p] != s {
			t.Errorf("%s: %q, want %q", p, states[p], s)
		}
	}
}

// TestNewAccountsSignal: votes from voters whose every account was first
// seen less than NewAccount before the vote make the signal; a voter with
// one older account does not, nor one with no account.
func TestNewAccountsSignal(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ed := loadSample(t, st)
	at := time.Date(2026, 10, 1, 10, 30, 0, 0, time.UTC)
	// Voters 1–4 first seen an hour before their vote; voter 5 also has an
	// account of last month; voter 6 has no account.
	for _, q := range []string{
		`INSERT INTO voters (contest_id, phone_hash) SELECT $1, ('n' || i)::bytea FROM generate_series(1, 6) i`,
		`INSERT INTO accounts (platform, platform_user_id, created_at)
			SELECT 'telegram', 'n' || i, $2::timestamptz - interval '1 hour' FROM generate_series(1, 5) i
			UNION ALL SELECT 'slack', 'old5', $2::timestamptz - interval '30 days'`,
		`INSERT INTO voter_accounts (voter_id, account_id, contest_id)
			SELECT v.id, a.id, $1 FROM voters v JOIN accounts a ON a.platform_user_id IN ('n' || substr(convert_from(v.phone_hash, 'UTF8'), 2), 'old' || substr(convert_from(v.phone_hash, 'UTF8'), 2))
			WHERE v.contest_id = $1`,
		`INSERT INTO votes (contest_id, voter_id, project_id, receipt, platform, cast_at)
			SELECT $1, id, 'alpha-jardin', 'r' || id, 'telegram', $2 FROM voters WHERE contest_id = $1`,
	} {
		args := []any{ed.ID, at}
		if !strings.Contains(q, "$2") {
			args = args[:1]
		} else if !strings.Contains(q, "$1") {
			args = args[1:]
			q = strings.ReplaceAll(q, "$2", "$1")
		}
		if _, err := st.DB().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	var signals []store.Signal
	if err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		signals, err = tx.Suspicious(ctx, ed.ID, store.FraudThresholds{NewAccounts: 4})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var voters []int64
	if err := st.DB().Select(&voters, `SELECT v.id FROM votes v JOIN voters r ON r.id = v.voter_id
		WHERE convert_from(r.phone_hash, 'UTF8') IN ('n1', 'n2', 'n3', 'n4') ORDER BY v.id`); err != nil {
		t.Fatal(err)
	}
	if len(signals) != 1 || signals[0].Kind != store.SignalNewAccounts || signals[0].Count != 4 || !reflect.DeepEqual(signals[0].VoteIDs, voters) {
		t.Errorf("signals %+v, want one of new accounts with the votes %v", signals, voters)
	}
}
