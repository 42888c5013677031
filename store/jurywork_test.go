package store_test

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
)

// juryOpen is inside the sample contest's jury phase (2026-12-21..2027-01-31).
var juryOpen = time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC)

func inTx(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) error {
	t.Helper()
	return st.InTx(context.Background(), fn)
}

func TestInviteCodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	admin := store.Actor{Platform: "telegram", ID: "999"}
	invite := func(name string, at time.Time) string {
		t.Helper()
		var code string
		if err := inTx(t, st, func(tx *store.Tx) error {
			var err error
			code, _, err = tx.CreateInvite(ctx, ed.ID, name, admin, at, at.Add(7*24*time.Hour))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return code
	}
	redeem := func(code, userID string, at time.Time) (store.Juror, error) {
		var j store.Juror
		err := inTx(t, st, func(tx *store.Tx) error {
			var err error
			j, err = tx.RedeemInvite(ctx, ed.ID, code, "telegram", userID, at)
			return err
		})
		return j, err
	}

	code := invite("  Juror   C ", juryOpen)
	if _, err := redeem("ABCD-EFGH-IJKL", "333", juryOpen); !errors.Is(err, store.ErrInviteUnknown) {
		t.Errorf("random code: err %v, want ErrInviteUnknown", err)
	}
	if _, err := redeem(code, "111", juryOpen); !errors.Is(err, store.ErrAlreadyJuror) {
		t.Errorf("code used by Juror A's account: err %v, want ErrAlreadyJuror", err)
	}
	// Typed in lower case without dashes: still the code.
	j, err := redeem(strings.ToLower(strings.ReplaceAll(code, "-", "")), "333", juryOpen)
	if err != nil {
		t.Fatalf("redeem: %v", err)
	}
	if j.Name != "Juror C" || j.IDs["telegram"] != "333" || j.EnrolledAt == nil {
		t.Errorf("enrolled juror = %+v, want Juror C with Telegram id 333", j)
	}
	if _, err := redeem(code, "444", juryOpen); !errors.Is(err, store.ErrInviteUsed) {
		t.Errorf("second use: err %v, want ErrInviteUsed", err)
	}

	late := invite("Juror D", juryOpen)
	if _, err := redeem(late, "444", juryOpen.Add(7*24*time.Hour)); !errors.Is(err, store.ErrInviteExpired) {
		t.Errorf("expired code: err %v, want ErrInviteExpired", err)
	}
	replaced := invite("Juror E", juryOpen)
	newer := invite("Juror E", juryOpen.Add(time.Hour))
	if _, err := redeem(replaced, "555", juryOpen.Add(2*time.Hour)); !errors.Is(err, store.ErrInviteUsed) {
		t.Errorf("replaced code: err %v, want ErrInviteUsed", err)
	}
	if _, err := redeem(newer, "555", juryOpen.Add(2*time.Hour)); err != nil {
		t.Errorf("newer code: %v", err)
	}

	// Only hashes are stored.
	var stored []string
	if err := st.DB().Select(&stored, `SELECT row_to_json(i)::text FROM juror_invites i`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{code, late, replaced, newer} {
		for _, row := range stored {
			if strings.Contains(row, c) || strings.Contains(row, strings.ReplaceAll(c, "-", "")) {
				t.Errorf("invite row %s holds the code %s", row, c)
			}
		}
	}
	if err := inTx(t, st, func(tx *store.Tx) error {
		_, _, err := tx.CreateInvite(ctx, ed.ID, " ", admin, juryOpen, juryOpen.Add(time.Hour))
		return err
	}); contest.ErrorCode(err) != contest.Invalid {
		t.Errorf("invite without a name: err %v, want invalid", err)
	}
	audits, err := st.AuditLog(ctx, ed.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, a := range audits {
		count[a.Action]++
	}
	if count["jury invite"] != 4 || count["jury enrol"] != 2 {
		t.Errorf("audit counts %v, want 4 invites and 2 enrolments", count)
	}
}

// jurorNamed returns the sample juror with that name.
func jurorNamed(t *testing.T, st *store.Store, ed *store.Edition, name string) store.Juror {
	t.Helper()
	var j store.Juror
	if err := inTx(t, st, func(tx *store.Tx) error {
		var err error
		j, err = tx.JurorByName(context.Background(), ed.ID, name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return j
}

// scoreSheet gives every criterion of a project the values, and submits it
// when submit is set.
func scoreSheet(t *testing.T, st *store.Store, ed *store.Edition, j store.Juror, project string, values []int, submit bool) {
	t.Helper()
	ctx := context.Background()
	g := ed.Contest.Grid
	actor := store.Actor{Platform: "telegram", ID: "test"}
	if err := inTx(t, st, func(tx *store.Tx) error {
		for i, v := range values {
			if _, err := tx.SetScore(ctx, j, project, g, g.Criteria[i].ID, v, actor, juryOpen); err != nil {
				return err
			}
		}
		if submit {
			return tx.SubmitSheet(ctx, j, project, g, actor, juryOpen)
		}
		return nil
	}); err != nil {
		t.Fatalf("%s scoring %s: %v", j.Name, project, err)
	}
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestScoringRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	g := ed.Contest.Grid
	a, b := jurorNamed(t, st, ed, "Juror A"), jurorNamed(t, st, ed, "Juror B")
	actor := store.Actor{Platform: "telegram", ID: "111"}
	p := firstProject(t, st, ed.ID, true)

	tests := []struct {
		name      string
		criterion string
		value     int
		project   string
		want      string
	}{
		{"unknown criterion", "charisme", 2, p, contest.Invalid},
		{"above the scale", "collectif", 4, p, contest.Invalid},
		{"below the scale", "collectif", -1, p, contest.Invalid},
		{"unknown project", "collectif", 2, "nope", contest.NotFound},
	}
	for _, tt := range tests {
		err := inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.SetScore(ctx, a, tt.project, g, tt.criterion, tt.value, actor, juryOpen)
			return err
		})
		if contest.ErrorCode(err) != tt.want {
			t.Errorf("%s: err %v, want %s", tt.name, err, tt.want)
		}
	}

	scoreSheet(t, st, ed, a, p, repeat(2, 11), false)
	if err := inTx(t, st, func(tx *store.Tx) error { return tx.SubmitSheet(ctx, a, p, g, actor, juryOpen) }); contest.ErrorCode(err) != contest.Invalid {
		t.Errorf("submitting 11 of 12 criteria: err %v, want invalid", err)
	}
	scoreSheet(t, st, ed, a, p, repeat(2, 12), true)
	scoreSheet(t, st, ed, b, p, repeat(3, 12), true)
	mean := func() float64 {
		t.Helper()
		in, err := st.RankInput(ctx, ed.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range contest.Rank(ed.Contest, in) {
			if s.Project == p {
				return s.JuryMean
			}
		}
		t.Fatalf("no standing for %s", p)
		return 0
	}
	if got := mean(); got != 30 {
		t.Errorf("mean of 24 and 36 = %v, want 30", got)
	}

	// A revision makes the sheet a draft, left out until submitted again.
	scoreSheet(t, st, ed, a, p, []int{3}, false)
	if got := mean(); got != 36 {
		t.Errorf("mean with A's sheet reopened = %v, want B's 36", got)
	}
	scoreSheet(t, st, ed, a, p, nil, true)
	if got := mean(); got != 30.5 {
		t.Errorf("mean after A resubmits 25 = %v, want 30.5", got)
	}

	// A conflict leaves B out of the mean (absent, not zero) and B cannot score.
	if err := inTx(t, st, func(tx *store.Tx) error {
		_, err := tx.SetConflict(ctx, b, p, true, store.Actor{Platform: "telegram", ID: "222"}, juryOpen)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := mean(); got != 25 {
		t.Errorf("mean with B in conflict = %v, want A's 25", got)
	}
	if err := inTx(t, st, func(tx *store.Tx) error {
		_, err := tx.SetScore(ctx, b, p, g, "collectif", 0, actor, juryOpen)
		return err
	}); !errors.Is(err, store.ErrConflictDeclared) {
		t.Errorf("B scoring in conflict: err %v, want ErrConflictDeclared", err)
	}

	status, err := st.JuryStatus(ctx, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(status) != 2 {
		t.Fatalf("status has %d jurors, want 2", len(status))
	}
	shortlisted := 20
	if s := status[0]; s.Name != "Juror A" || s.Scored != 1 || s.Drafts != 0 || s.Conflicts != 0 || s.Total != shortlisted || s.Left() != shortlisted-1 {
		t.Errorf("Juror A status = %+v", s)
	}
	if s := status[1]; s.Name != "Juror B" || s.Scored != 0 || s.Conflicts != 1 || s.Total != shortlisted-1 {
		t.Errorf("Juror B status = %+v", s)
	}
	audits, err := st.AuditLog(ctx, ed.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var conflicts int
	for _, a := range audits {
		if a.Action == "jury conflict" && a.Target == "Juror B/"+p && strings.Contains(string(a.After), "true") {
			conflicts++
		}
	}
	if conflicts != 1 {
		t.Errorf("%d audited conflicts for Juror B/%s, want 1", conflicts, p)
	}
}

func TestChatAndImportWriteTheSameRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	a := jurorNamed(t, st, ed, "Juror A")
	p := firstProject(t, st, ed.ID, true)
	scoreSheet(t, st, ed, a, p, repeat(1, 12), true)
	rows := []contest.ScoreRow{{Line: 2, Juror: "111", Project: p, Criterion: "collectif", Value: 3}}
	if _, _, err := st.ImportScores(ctx, ed.ID, ed.Contest.Grid, rows, cliActor, juryOpen.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var sheets []store.Sheet
	if err := inTx(t, st, func(tx *store.Tx) error {
		var err error
		sheets, err = tx.JurorSheets(ctx, a)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := sheets[0]; got.Project.ID != p || got.Scores["collectif"] != 3 || got.Total() != 14 || got.Status() != store.SheetScored {
		t.Errorf("after import, sheet = %+v (total %d, %s); want collectif 3, total 14, scored", got, got.Total(), got.Status())
	}
	// And back: the chat's later write wins over the import.
	scoreSheet(t, st, ed, a, p, []int{0}, true)
	var score int
	if err := st.DB().Get(&score, `SELECT score FROM scores WHERE juror_id = $1 AND project_id = $2 AND criterion = 'collectif'`, a.ID, p); err != nil || score != 0 {
		t.Errorf("collectif = %d (err %v), want the chat's 0", score, err)
	}
	audits, err := st.AuditLog(ctx, ed.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range audits {
		if strings.HasPrefix(a.Action, "jury") || a.Action == "import jury-scores" {
			actions = append(actions, a.Action)
		}
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "import jury-scores,jury submit,jury score,jury submit") {
		t.Errorf("audited actions %s; want the import's change and submission, then the chat's", got)
	}
}

// TestZScoreEndToEnd ranks sheets stored through the chat's store calls with
// grid.normalise: zscore, against a table worked out by hand.
func TestZScoreEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	ed.Contest.Grid.Normalise = contest.NormaliseZScore
	a, b := jurorNamed(t, st, ed, "Juror A"), jurorNamed(t, st, ed, "Juror B")
	var ps []string
	for _, p := range mustProjects(t, st, ed.ID) {
		if p.Shortlisted {
			ps = append(ps, p.ID)
		}
	}
	// Twelve criteria on 0..3: totals in [0, 36].
	// Juror A: p1 = 36, p2 = 24, p3 = 12. m = 24, s = sqrt((144+0+144)/3) = sqrt(96);
	//   z = +12/sqrt(96) = +sqrt(1.5), 0, -sqrt(1.5).
	// Juror B: p1 = 24, p2 = 24. m = 24, s = 0, so z = 0 for both.
	// Pooled raw totals 36, 24, 12, 24, 24: M = 24; squared deviations 144, 0, 144, 0, 0;
	//   S = sqrt(288/5) = sqrt(57.6).
	// t' = M + z×S: A p1 = 24 + sqrt(1.5×57.6) = 24 + sqrt(86.4) ≈ 33.2952, A p2 = 24,
	//   A p3 = 24 − sqrt(86.4) ≈ 14.7048; B p1 = B p2 = 24. All within [0, 36].
	// Means: p1 = (33.2952 + 24)/2 ≈ 28.6476, p2 = 24, p3 ≈ 14.7048 (only A scored it).
	// Jury points (weight 75, J = mean p1): p1 75, p2 75×24/28.6476 ≈ 62.83, p3 ≈ 38.50.
	// Without normalisation: means 30, 24, 12 and points 75, 60, 30.
	scoreSheet(t, st, ed, a, ps[0], repeat(3, 12), true)
	scoreSheet(t, st, ed, a, ps[1], repeat(2, 12), true)
	scoreSheet(t, st, ed, a, ps[2], repeat(1, 12), true)
	scoreSheet(t, st, ed, b, ps[0], repeat(2, 12), true)
	scoreSheet(t, st, ed, b, ps[1], repeat(2, 12), true)
	scoreSheet(t, st, ed, b, ps[2], repeat(3, 5), false) // a draft: left out

	in, err := st.RankInput(ctx, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := math.Sqrt(86.4)
	m1 := (24 + d + 24) / 2
	tests := []struct {
		normalise string
		project   string
		mean      float64
		points    float64
	}{
		{contest.NormaliseZScore, ps[0], m1, 75},
		{contest.NormaliseZScore, ps[1], 24, 75 * 24 / m1},
		{contest.NormaliseZScore, ps[2], 24 - d, 75 * (24 - d) / m1},
		{contest.NormaliseNone, ps[0], 30, 75},
		{contest.NormaliseNone, ps[1], 24, 60},
		{contest.NormaliseNone, ps[2], 12, 30},
	}
	for _, tt := range tests {
		c := *ed.Contest
		c.Grid.Normalise = tt.normalise
		var got contest.Standing
		for _, s := range contest.Rank(&c, in) {
			if s.Project == tt.project {
				got = s
			}
		}
		if math.Abs(got.JuryMean-tt.mean) > 1e-9 || math.Abs(got.JuryPoints-tt.points) > 1e-9 {
			t.Errorf("%s %s: jury mean %v, points %v; want %v, %v", tt.normalise, tt.project, got.JuryMean, got.JuryPoints, tt.mean, tt.points)
		}
	}
	if math.Abs(m1-28.6476) > 1e-4 || math.Abs(75*24/m1-62.83) > 5e-3 {
		t.Errorf("hand-worked figures disagree: mean p1 %v, points p2 %v", m1, 75*24/m1)
	}
}

func mustProjects(t *testing.T, st *store.Store, contestID int64) []contest.Project {
	t.Helper()
	ps, err := st.Projects(context.Background(), contestID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestImportFollowsTheChatRules imports score files that the chat would
// refuse: a whole sheet for a project the juror declared a conflict with, a
// score at a time outside the jury phase. Each import fails naming the
// refused row's line, and nothing of the file is written: the sheet stays
// as it was, with its conflict, unscored and unsubmitted.
func TestImportFollowsTheChatRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	ed := loadSample(t, st)
	g := ed.Contest.Grid
	b := jurorNamed(t, st, ed, "Juror B")
	ids, _ := shortlist(t, st, ed.ID)
	if err := inTx(t, st, func(tx *store.Tx) error {
		_, err := tx.SetConflict(ctx, b, ids[0], true, store.Actor{Platform: "telegram", ID: "222"}, juryOpen)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rows := []contest.ScoreRow{{Line: 2, Juror: "Juror A", Project: ids[1], Criterion: g.Criteria[0].ID, Value: 2}}
	for i, c := range g.Criteria {
		rows = append(rows, contest.ScoreRow{Line: 3 + i, Juror: "Juror B", Project: ids[0], Criterion: c.ID, Value: 3})
	}
	before := countRows(t, st, "scores") + countRows(t, st, "audit_log")
	for _, tc := range []struct {
		name string
		at   time.Time
		want string
	}{
		{"conflict declared", juryOpen, `line 3: project: Juror B declared a conflict of interest with project "` + ids[0] + `"`},
		{"jury phase closed", voteOpen, "line 2: the jury phase is not open"},
	} {
		_, _, err := st.ImportScores(ctx, ed.ID, g, rows, cliActor, tc.at)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: import error %v, want %q…", tc.name, err, tc.want)
		}
	}
	if after := countRows(t, st, "scores") + countRows(t, st, "audit_log"); after != before {
		t.Errorf("the refused imports wrote %d rows", after-before)
	}
	var sheets []store.Sheet
	if err := inTx(t, st, func(tx *store.Tx) error {
		var err error
		sheets, err = tx.JurorSheets(ctx, b)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if sh := sheets[0]; sh.Project.ID != ids[0] || sh.Status() != store.SheetConflict || len(sh.Scores) != 0 || sh.SubmittedAt != nil {
		t.Errorf("Juror B's sheet for %s after the imports: %+v; want the conflict, unscored", ids[0], sh)
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
		rs, err := tx.JurorReminders(t.Context(), ed.ID, []string{"telegram", "slack"})
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
