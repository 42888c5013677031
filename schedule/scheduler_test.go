package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/store"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	storetest.Main(m)
}

const calendarPhases = `  - {name: public_vote, start: 2026-05-04T00:00, end: 2026-05-10T23:59}
  - {name: jury_vote, start: 2026-05-11T00:00, end: 2026-05-24T23:59}
  - {name: ceremony, start: 2026-06-05T18:00, end: 2026-06-05T23:00}
`
const calendarReminders = `  jury_vote: [168h, 72h, 24h, 2h]
  public_vote: [24h]
`

// seedCalendar seeds three subscribers (one French who voted, one Dutch and
// one English who did not), two shortlisted projects, and two jurors: one on
// Slack who has scored everything, one on Telegram (English) with one left.
func seedCalendar(t *testing.T, st *store.Store, id int64) {
	sqlExec(t, st, `INSERT INTO accounts (id, platform, platform_user_id, chat_id, language) VALUES
		(1001, 'telegram', 's-fr', 's-fr', 'fr'), (1002, 'telegram', 's-nl', 's-nl', 'nl-BE'),
		(1003, 'slack', 's-en', 'D-en', 'en'), (1004, 'telegram', '222', '222', 'en')`)
	sqlExec(t, st, `INSERT INTO subscribers (contest_id, account_id) VALUES ($1, 1001), ($1, 1002), ($1, 1003)`, id)
	sqlExec(t, st, `INSERT INTO projects (contest_id, id, name, sector, shortlisted, position) VALUES
		($1, 'p1', 'Projet Un', 'Santé', true, 1), ($1, 'p2', 'Projet Deux', 'Santé', true, 2), ($1, 'p3', 'Hors liste', 'Santé', false, 3)`, id)
	sqlExec(t, st, `INSERT INTO voters (id, contest_id, phone_hash) VALUES (1, $1, 'x')`, id)
	sqlExec(t, st, `INSERT INTO voter_accounts (voter_id, account_id, contest_id) VALUES (1, 1001, $1)`, id)
	sqlExec(t, st, `INSERT INTO votes (contest_id, voter_id, project_id, receipt, platform, cast_at) VALUES ($1, 1, 'p1', 'R', 'telegram', '2026-05-05')`, id)
	sqlExec(t, st, `INSERT INTO jurors (id, contest_id, name) VALUES (1, $1, 'Done'), (2, $1, 'Late')`, id)
	sqlExec(t, st, `INSERT INTO juror_identities (contest_id, juror_id, platform, user_id) VALUES ($1, 1, 'slack', 'U1'), ($1, 2, 'telegram', '222')`, id)
	sqlExec(t, st, `INSERT INTO jury_sheets (contest_id, juror_id, project_id, submitted_at) VALUES
		($1, 1, 'p1', now()), ($1, 1, 'p2', now()), ($1, 2, 'p1', now())`, id)
}

type want struct {
	chat     string
	at       string // local time of the tick that sends it
	contains string
}

// TestCalendarFastForward runs a whole contest calendar on a fake clock,
// ticking every 30 minutes, and checks that every expected notice reaches
// its recipient exactly once, at the right time, and nothing else is sent.
func TestCalendarFastForward(t *testing.T) {
	t.Parallel() // it mostly waits for the database, a round trip a tick
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedCalendar(t, st, ed.ID)
	clock := &fakeClock{}
	tg := &fakePlatform{Name: bot.Telegram, Now: clock.Now}
	sl := &fakePlatform{Name: bot.Slack, Now: clock.Now}
	s := NewScheduler(SchedulerConfig{Store: st, AnnounceChannel: "C1", Now: clock.Now})
	d := NewDispatcher(DispatcherConfig{Store: st, Now: clock.Now, Limits: fast,
		Senders: map[string]bot.Sender{bot.Telegram: tg, bot.Slack: sl}})
	ctx := context.Background()
	for now := local(t, "2026-05-01 00:00"); now.Before(local(t, "2026-06-10 00:00")); now = now.Add(30 * time.Minute) {
		clock.Set(now)
		if _, err := s.runOnce(ctx); err != nil {
			t.Fatal(err)
		}
		drain(t, d)
	}
	wants := []want{
		// The announce channel, in French and Dutch, at the phase boundaries.
		{"C1", "2026-05-04 00:00", "📣 Phase « vote du public » : c'est parti, jusqu'au 10 mai 2026 à 23:59."},
		{"C1", "2026-05-10 00:00", "⏳ Phase « vote du public » : clôture dans 1 jour"},
		{"C1", "2026-05-11 00:00", "✅ Phase « vote du public »"},
		{"C1", "2026-05-11 00:00", "📣 Fase ‘jurystemming’ is begonnen"},
		{"C1", "2026-05-24 00:00", "⏳ Phase « vote du jury » : clôture dans 1 jour"},
		{"C1", "2026-05-25 00:00", "✅ Phase « vote du jury »"},
		{"C1", "2026-06-05 18:00", "📣 Phase « cérémonie »"},
		{"C1", "2026-06-05 23:30", "✅ Fase ‘ceremonie’ is afgelopen"}, // ends 23:01, next tick
		// The public vote's last-day reminder, to subscribers who have not voted, out of quiet hours.
		{"s-nl", "2026-05-10 08:00", "U hebt nog niet gestemd: de publieksstemming sluit over 16 uur (10 mei 2026 om 23:59). Bekijk de projecten: /projects"},
		{"D-en", "2026-05-10 08:00", "You have not voted yet: the public vote closes in 16 hours (10 May 2026 at 23:59). See the projects: /prix list"},
		// The jury reminders, to the juror with work left, with their figures.
		{"222", "2026-05-18 08:00", "Jury: 1 of 2 projects left, closes in 7 days (24 May 2026 at 23:59)."},
		{"222", "2026-05-22 08:00", "Jury: 1 of 2 projects left, closes in 3 days"},
		{"222", "2026-05-24 08:00", "Jury: 1 of 2 projects left, closes in 16 hours"},
		{"222", "2026-05-24 21:00", "Jury: 1 of 2 projects left, closes in 3 hours"}, // 2h falls at 22:00: moved before quiet hours
	}
	for _, s := range []struct{ chat, lang string }{{"s-fr", "fr"}, {"s-nl", "nl"}, {"D-en", "en"}} {
		name := map[string][3]string{
			"fr": {"Phase « vote du public »", "Phase « vote du jury »", "Phase « cérémonie »"},
			"nl": {"Fase ‘publieksstemming’", "Fase ‘jurystemming’", "Fase ‘ceremonie’"},
			"en": {"The public vote phase", "The jury vote phase", "The ceremony phase"},
		}[s.lang]
		wants = append(wants,
			want{s.chat, "2026-05-04 08:00", "📣 " + name[0]},
			want{s.chat, "2026-05-11 08:00", "✅ " + name[0]},
			want{s.chat, "2026-05-11 08:00", "📣 " + name[1]},
			want{s.chat, "2026-05-24 08:00", "⏳ " + name[1]},
			want{s.chat, "2026-05-25 08:00", "✅ " + name[1]},
			want{s.chat, "2026-06-05 18:00", "📣 " + name[2]},
			want{s.chat, "2026-06-06 08:00", "✅ " + name[2]},
		)
	}
	got := append(tg.deliveries(), sl.deliveries()...)
	checkDeliveries(t, got, wants)
	for _, g := range got {
		if g.Chat == "222" && (len(g.Buttons) != 1 || g.Buttons[0][0].Data != "j:next" || g.Buttons[0][0].Text != "Next project: Projet Deux") {
			t.Errorf("jury reminder buttons = %+v, want one j:next button to Projet Deux", g.Buttons)
		}
		if g.Chat == "s-fr" && strings.Contains(g.Text, "pas encore voté") {
			t.Errorf("a subscriber who voted got the reminder: %q", g.Text)
		}
	}
	h, err := st.OutboxHealth(ctx, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if h.Depth != 0 || h.Dead != 0 || h.Sent != len(wants) {
		t.Errorf("outbox health = %+v, want everything sent", h)
	}
}

// checkDeliveries matches every delivery to exactly one expectation.
func checkDeliveries(t *testing.T, got []delivery, wants []want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		at := local(t, w.at)
		n := 0
		for i, g := range got {
			if g.Chat == w.chat && g.At.Equal(at) && strings.Contains(g.Text, w.contains) {
				n++
				used[i] = true
			}
		}
		if n != 1 {
			t.Errorf("%s at %s %q: delivered %d times, want once", w.chat, w.at, w.contains, n)
		}
	}
	for i, g := range got {
		if !used[i] {
			t.Errorf("unexpected delivery to %s at %s: %q", g.Chat, g.At.Format("2006-01-02 15:04 MST"), g.Text)
		}
	}
}

// TestTwoSchedulersTwoDispatchers runs two schedulers and two dispatchers
// side by side on one database over the opening of the public vote to 500
// subscribers: every subscriber gets each notice once.
func TestTwoSchedulersTwoDispatchers(t *testing.T) {
	t.Parallel() // it mostly waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedSubscribers(t, st, ed.ID, 500, "c")
	clock := &fakeClock{}
	tg := &fakePlatform{Name: bot.Telegram, Now: clock.Now}
	sl := &fakePlatform{Name: bot.Slack, Now: clock.Now}
	senders := map[string]bot.Sender{bot.Telegram: tg, bot.Slack: sl}
	var ss []*Scheduler
	var ds []*Dispatcher
	for i := range 2 {
		ss = append(ss, NewScheduler(SchedulerConfig{Store: st, AnnounceChannel: "C1", Now: clock.Now}))
		ds = append(ds, NewDispatcher(DispatcherConfig{Store: st, Now: clock.Now, Limits: fast, Senders: senders,
			ID: fmt.Sprint("d", i), BatchSize: 50, Workers: 4}))
	}
	ctx := context.Background()
	claimed := [2]int{}
	for _, at := range []string{"2026-05-04 00:00", "2026-05-04 08:00", "2026-05-10 00:00", "2026-05-10 08:00", "2026-05-11 00:00", "2026-05-11 08:00"} {
		clock.Set(local(t, at))
		var wg sync.WaitGroup
		for _, s := range ss {
			wg.Go(func() {
				if _, err := s.runOnce(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		for i, d := range ds {
			wg.Go(func() { claimed[i] += drain(t, d).Claimed })
		}
		wg.Wait()
	}
	seen := map[string]int{}
	for _, g := range append(tg.deliveries(), sl.deliveries()...) {
		seen[g.Chat+"|"+g.Text]++
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%q delivered %d times", k, n)
		}
	}
	// Per subscriber: vote opened, vote reminder (none voted), vote closed, jury opened;
	// channel: opened, closing, closed, jury opened.
	if want := 500*4 + 4; len(seen) != want {
		t.Errorf("%d distinct deliveries, want %d", len(seen), want)
	}
	if claimed[0] == 0 || claimed[1] == 0 {
		t.Errorf("claims per dispatcher = %v, want both to have worked", claimed)
	}
}

// TestCatchUpAfterDowntime stops the clock before the jury phase and starts
// again between the 24h and the 2h reminders: the still-relevant notices go
// out once, the stale ones are dropped, logged and never sent.
func TestCatchUpAfterDowntime(t *testing.T) {
	t.Parallel() // it waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedCalendar(t, st, ed.ID)
	clock := &fakeClock{}
	tg := &fakePlatform{Name: bot.Telegram, Now: clock.Now}
	sl := &fakePlatform{Name: bot.Slack, Now: clock.Now}
	s := NewScheduler(SchedulerConfig{Store: st, AnnounceChannel: "C1", Now: clock.Now})
	d := NewDispatcher(DispatcherConfig{Store: st, Now: clock.Now, Limits: fast,
		Senders: map[string]bot.Sender{bot.Telegram: tg, bot.Slack: sl}})
	ctx := context.Background()
	clock.Set(local(t, "2026-05-03 12:00"))
	if res, err := s.runOnce(ctx); err != nil || len(res.Enqueued)+len(res.Stale) != 0 {
		t.Fatalf("before the calendar: %+v, %v", res, err)
	}
	// Down from 3 May to 24 May 12:00.
	clock.Set(local(t, "2026-05-24 12:00"))
	res, err := s.runOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	drain(t, d)
	again, err := s.runOnce(ctx)
	if err != nil || len(again.Enqueued)+len(again.Stale) != 0 {
		t.Fatalf("second tick after the restart: %+v, %v; want nothing new", again, err)
	}
	drain(t, d)
	slices.Sort(res.Enqueued)
	slices.Sort(res.Stale)
	end := local(t, "2026-05-25 00:00").Unix()
	wantSent := []string{
		fmt.Sprintf("jury_vote/closing/channel/%d", end),
		fmt.Sprintf("jury_vote/closing/subscribers/%d", end),
		fmt.Sprintf("jury_vote/opened/channel/%d", local(t, "2026-05-11 00:00").Unix()),
		fmt.Sprintf("jury_vote/opened/subscribers/%d", local(t, "2026-05-11 00:00").Unix()),
		fmt.Sprintf("jury_vote/reminder/jurors/24h0m0s/%d", end),
	}
	voteEnd := local(t, "2026-05-11 00:00").Unix()
	wantStale := []string{
		fmt.Sprintf("jury_vote/reminder/jurors/168h0m0s/%d", end),
		fmt.Sprintf("jury_vote/reminder/jurors/72h0m0s/%d", end),
		fmt.Sprintf("public_vote/closed/channel/%d", voteEnd),
		fmt.Sprintf("public_vote/closed/subscribers/%d", voteEnd),
		fmt.Sprintf("public_vote/closing/channel/%d", voteEnd),
		fmt.Sprintf("public_vote/opened/channel/%d", local(t, "2026-05-04 00:00").Unix()),
		fmt.Sprintf("public_vote/opened/subscribers/%d", local(t, "2026-05-04 00:00").Unix()),
		fmt.Sprintf("public_vote/reminder/nonvoters/24h0m0s/%d", voteEnd),
	}
	if !slices.Equal(res.Enqueued, wantSent) {
		t.Errorf("sent after downtime:\n got %q\nwant %q", res.Enqueued, wantSent)
	}
	if !slices.Equal(res.Stale, wantStale) {
		t.Errorf("dropped as stale:\n got %q\nwant %q", res.Stale, wantStale)
	}
	got := append(tg.deliveries(), sl.deliveries()...)
	at := "2026-05-24 12:00"
	var wants []want
	for _, c := range []string{"C1", "s-fr", "s-nl", "D-en"} {
		wants = append(wants, want{c, at, "📣"}, want{c, at, "⏳"})
	}
	wants = append(wants, want{"222", at, "Jury: 1 of 2 projects left, closes in 12 hours"})
	checkDeliveries(t, got, wants)
}

// TestCatchUpAtNightWaitsForMorning restarts the scheduler at 23:00 with a
// subscriber notice overdue since 08:00: the channel gets its notice at once,
// the subscriber only at 08:00 the next day.
func TestCatchUpAtNightWaitsForMorning(t *testing.T) {
	t.Parallel() // it waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedSubscribers(t, st, ed.ID, 1, "n")
	clock := &fakeClock{}
	s := NewScheduler(SchedulerConfig{Store: st, AnnounceChannel: "C1", Now: clock.Now})
	opened := local(t, "2026-05-04 00:00").Unix()
	for _, step := range []struct {
		at   string
		want []string
	}{
		{"2026-05-04 23:00", []string{fmt.Sprintf("public_vote/opened/channel/%d", opened)}},
		{"2026-05-05 07:30", nil},
		{"2026-05-05 08:00", []string{fmt.Sprintf("public_vote/opened/subscribers/%d", opened)}},
	} {
		clock.Set(local(t, step.at))
		res, err := s.runOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Enqueued, step.want) || len(res.Stale) != 0 {
			t.Errorf("%s: enqueued %q, stale %q; want %q", step.at, res.Enqueued, res.Stale, step.want)
		}
	}
}

// TestRetentionOnTick checks that a tick erases voters' and subscribers'
// identities once retention_days have passed after the ceremony, once, and
// keeps the votes counted.
func TestRetentionOnTick(t *testing.T) {
	t.Parallel() // it waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders+"retention_days: 10\n")
	seedCalendar(t, st, ed.ID)
	clock := &fakeClock{}
	s := NewScheduler(SchedulerConfig{Store: st, Now: clock.Now})
	ctx := context.Background()
	identities := func() (n int) {
		if err := st.DB().Get(&n, `SELECT count(*) FROM accounts WHERE platform_user_id IS NOT NULL AND id IN (1001, 1002, 1003)`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The ceremony ends on 5 June at 23:00: erasure is due on 15 June at 23:00.
	clock.Set(local(t, "2026-06-15 22:30"))
	if res, err := s.runOnce(ctx); err != nil || res.Erased != 0 || identities() != 3 {
		t.Fatalf("before retention is due: erased %d (%v), %d identities left; want 0 and 3", res.Erased, err, identities())
	}
	clock.Set(local(t, "2026-06-15 23:30"))
	if res, err := s.runOnce(ctx); err != nil || res.Erased != 3 || identities() != 0 {
		t.Fatalf("once due: erased %d (%v), %d identities left; want 3 and 0", res.Erased, err, identities())
	}
	if res, err := s.runOnce(ctx); err != nil || res.Erased != 0 {
		t.Fatalf("next tick erased %d more (%v); want 0", res.Erased, err)
	}
	var votes int
	if err := st.DB().Get(&votes, `SELECT count(*) FROM votes WHERE voided_at IS NULL`); err != nil || votes != 1 {
		t.Fatalf("%d counted votes after retention (%v), want 1", votes, err)
	}
}

// TestErasedHashGoesWhenTheVoteCloses checks that the phone hash an erased
// voter leaves behind while the vote is open goes at the first tick after it
// closes.
func TestErasedHashGoesWhenTheVoteCloses(t *testing.T) {
	t.Parallel() // it waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	seedCalendar(t, st, ed.ID)
	sqlExec(t, st, `UPDATE voters SET erased_at = '2026-05-06' WHERE id = 1`)
	clock := &fakeClock{}
	s := NewScheduler(SchedulerConfig{Store: st, Now: clock.Now})
	hashes := func() (n int) {
		if err := st.DB().Get(&n, `SELECT count(*) FROM voters WHERE phone_hash IS NOT NULL`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	clock.Set(local(t, "2026-05-10 23:00")) // the public vote is still open
	if res, err := s.runOnce(context.Background()); err != nil || res.Purged != 0 || hashes() != 1 {
		t.Fatalf("while the vote is open: purged %d (%v), %d hashes left; want 0 and 1", res.Purged, err, hashes())
	}
	clock.Set(local(t, "2026-05-11 00:01"))
	if res, err := s.runOnce(context.Background()); err != nil || res.Purged != 1 || hashes() != 0 {
		t.Fatalf("after the vote closed: purged %d (%v), %d hashes left; want 1 and 0", res.Purged, err, hashes())
	}
}

// TestNoticesBeforeImportAreNotMissed imports a contest whose public vote is
// already over (a fresh install mid-contest): its stale notices are passed
// over without a warning, since no scheduler could have sent them, and
// never come back; a notice that went stale after the import still warns.
func TestNoticesBeforeImportAreNotMissed(t *testing.T) {
	t.Parallel() // it waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, calendarPhases, calendarReminders)
	sqlExec(t, st, `UPDATE contests SET created_at = $2 WHERE id = $1`, ed.ID, local(t, "2026-05-12 09:00"))
	var logs strings.Builder
	clock := &fakeClock{}
	s := NewScheduler(SchedulerConfig{Store: st, AnnounceChannel: "C1", Now: clock.Now,
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	ctx := context.Background()
	clock.Set(local(t, "2026-05-12 09:00"))
	res, err := s.runOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stale) != 0 || len(res.BeforeImport) == 0 || strings.Contains(logs.String(), "WARN") {
		t.Errorf("first tick after the import: stale %q, before import %q; logs:\n%s", res.Stale, res.BeforeImport, logs.String())
	}
	for _, key := range res.BeforeImport {
		if !strings.HasPrefix(key, "public_vote/") {
			t.Errorf("%s passed over, but its moment came after the import", key)
		}
	}
	if again, err := s.runOnce(ctx); err != nil || len(again.BeforeImport)+len(again.Stale)+len(again.Enqueued) != 0 {
		t.Errorf("second tick: %+v, %v; want nothing", again, err)
	}
	// Down from 12 to 24 May: the jury's early reminders were missed.
	clock.Set(local(t, "2026-05-24 12:00"))
	res, err = s.runOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stale) == 0 || !strings.Contains(logs.String(), "level=WARN") || len(res.BeforeImport) != 0 {
		t.Errorf("after downtime: stale %q, before import %q; logs:\n%s", res.Stale, res.BeforeImport, logs.String())
	}
}
