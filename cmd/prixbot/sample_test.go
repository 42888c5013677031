package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/contest"
	"prixbot/store"
)

var receiptCode = regexp.MustCompile(`[A-Z2-7]{5}-[A-Z2-7]{5}`)

// TestSampleAroundToday loads the sample as the embedded default does, with
// a clock a year ahead of the file's dates: the public vote is open, a vote
// is cast, and the organiser reaches the jury phase and the ceremony with
// /admin phase moves.
func TestSampleAroundToday(t *testing.T) {
	t.Parallel()
	// Whole seconds: PostgreSQL keeps microseconds, and a phase closed at a
	// nanosecond instant would end just after it.
	now := time.Now().AddDate(1, 0, 0).Truncate(time.Second)
	st := newTestEnv(t).store()
	ctx := context.Background()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if loaded, err := loadSample(ctx, st, now); !loaded || err != nil {
		t.Fatalf("loadSample: %v %v", loaded, err)
	}
	const organiser = "9"
	h := bottest.New(t, &bottest.Options{Store: st, Now: now, Admins: []string{bot.Telegram + ":" + organiser}})
	cal := h.Edition.Contest.Calendar
	if p, ok := cal.OpenAt(now); !ok || p.Name != contest.PhasePublicVote {
		t.Fatalf("open a year ahead: %+v %v; calendar %+v", p, ok, cal)
	}

	const voter, project = "1001", "repair-cafe-mobile"
	h.Send(bottest.Press(voter, "v:"+project))
	h.Send(bottest.Contact(voter, voter, "+32470111222"))
	if resp := h.Send(bottest.Press(voter, "c:"+project)); receiptCode.FindString(bottest.Texts(resp)) == "" {
		t.Fatalf("no receipt: %q", bottest.Texts(resp))
	}
	if n := h.Votes(); n != 1 {
		t.Fatalf("%d votes counted, want 1", n)
	}

	for _, move := range []struct{ cmd, open string }{
		{"phase close public_vote", ""},
		{"phase open jury_vote", contest.PhaseJuryVote},
		{"phase close jury_vote", ""},
	} {
		h.Advance(time.Minute)
		ask := h.Send(bottest.Text(organiser, "/admin "+move.cmd))
		if len(bottest.Buttons(ask)) != 2 {
			t.Fatalf("%s: no confirmation asked: %q", move.cmd, bottest.Texts(ask))
		}
		if resp := h.Send(bottest.Press(organiser, bottest.Buttons(ask)[0].Data)); strings.Contains(bottest.Texts(resp), bot.ErrorMark) {
			t.Fatalf("%s: %q", move.cmd, bottest.Texts(resp))
		}
		ed, err := st.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := ed.Contest.Calendar.OpenAt(h.Now()); p.Name != move.open {
			t.Fatalf("after %s, %q is open, want %q", move.cmd, p.Name, move.open)
		}
		cal = ed.Contest.Calendar
	}
	if next, ok := cal.NextPhase(h.Now()); !ok || next.Name != contest.PhaseCeremony {
		t.Fatalf("after the jury phase, the next phase is %+v %v, want the ceremony", next, ok)
	}
}

// TestNoSampleWithDatabaseURL runs the bot and the console on an empty
// DATABASE_URL: neither loads the sample; the log says how to import a
// contest, a voter hears that none is running, an organiser how to import one.
func TestNoSampleWithDatabaseURL(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	r := startReplica(t, append(e.env[:len(e.env):len(e.env)], "LOG_LEVEL=info", "HTTP_ADDR=127.0.0.1:0"))
	r.log.waitFor(t, "no contest in the database", time.Second)
	if log := r.log.String(); !strings.Contains(log, "prixbot import contest FILE.yaml") || strings.Contains(log, "loaded the sample") {
		t.Fatalf("the log does not say how to import a contest, or loaded the sample:\n%s", log)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"console"}, "No contest is running"},
		{[]string{"console", "--admin"}, "import one with `prixbot import contest FILE.yaml`"},
	} {
		var out, errb strings.Builder
		code := runCLI(context.Background(), c.args, strings.NewReader("/start\n"), &out, &errb, append(e.env, "LANG=en_GB.UTF-8"))
		if code != 0 || !strings.Contains(out.String(), c.want) {
			t.Errorf("prixbot %v: exit %d, output %q, want %q (%s)", c.args, code, out.String(), c.want, errb.String())
		}
	}
	var n int
	if err := e.store().DB().Get(&n, `SELECT count(*) FROM contests`); err != nil || n != 0 {
		t.Fatalf("%d contests in the database (%v), want none", n, err)
	}
	// The explicit command loads it, once.
	e.mustRun("import", "sample")
	if code, _, errs := e.run("import", "sample"); code != 1 || !strings.Contains(errs, "already holds a contest") {
		t.Errorf("a second import sample: exit %d, %q", code, errs)
	}
	ed, err := e.store().Current(context.Background())
	if err != nil || !ed.Contest.Calendar.IsOpen(contest.PhasePublicVote, time.Now()) {
		t.Fatalf("after import sample: %v, the public vote is not open now", err)
	}
}

// TestImportJuryScoresRefusesAConflict: a score file for a project its juror
// declared a conflict with is refused in one sentence naming the file and
// the line, and changes nothing.
func TestImportJuryScoresRefusesAConflict(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.mustRun("import", "contest", juryOpenToday(t, sampleContest))
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	st := e.store()
	ctx := context.Background()
	project := shortlisted(t, st)[0]
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		ed, err := st.Current(ctx)
		if err != nil {
			return err
		}
		j, err := tx.JurorByName(ctx, ed.ID, "Juror B")
		if err != nil {
			return err
		}
		_, err = tx.SetConflict(ctx, j, project, true, store.Actor{Platform: "telegram", ID: "222"}, time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "scores.csv", "juror,project,criterion,score\nJuror A,"+project+",collectif,2\nU0002,"+project+",collectif,3\n")
	before := e.snapshot()
	code, _, errs := e.run("import", "jury-scores", path)
	if code != 1 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, path+": line 3: project: U0002 declared a conflict of interest") {
		t.Errorf("exit %d, stderr %q; want one line naming the file, line 3 and the conflict", code, errs)
	}
	if after := e.snapshot(); after != before {
		t.Errorf("the refused import changed the database: %s -> %s", before, after)
	}
}
