package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"prixbot/store"
)

// TestOverviewAgreesWithTheAdminCommands: the overview's one scan of the
// votes gives the counts of Status, the rows of Tally and the timeline of
// VoteTimeline; its jury grid says each juror's sheet status per project.
func TestOverviewAgreesWithTheAdminCommands(t *testing.T) {
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
