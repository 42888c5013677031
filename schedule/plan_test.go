package schedule

import (
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/contest"
)

// TestQuietHoursAcrossDST checks where private reminders land around the
// last Sundays of March and October 2026 in Europe/Brussels: a reminder is
// its offset before the end in elapsed time (contest.ReminderSchedule), and
// one due during quiet hours moves to 08:00 local — 06:00 UTC on summer
// time, 07:00 UTC on winter time — or, when that is after the deadline, to
// 21:00 local the evening before.
func TestQuietHoursAcrossDST(t *testing.T) {
	cases := []struct {
		name      string
		end       string // last minute of jury_vote, local
		reminders string
		want      map[string]string // reminder offset -> local time
	}{
		{
			name: "spring forward, 29 March", end: "2026-03-29T23:59", reminders: "[36h, 24h, 12h, 2h]",
			want: map[string]string{
				"36h0m0s": "2026-03-28 11:00 CET",  // 36 real hours before 30 March 00:00 CEST
				"24h0m0s": "2026-03-29 08:00 CEST", // 28 March 23:00 CET is quiet
				"12h0m0s": "2026-03-29 12:00 CEST",
				"2h0m0s":  "2026-03-29 21:00 CEST", // 22:00 is quiet and 08:00 is too late
			},
		},
		{
			name: "fall back, 25 October", end: "2026-10-25T23:59", reminders: "[72h, 24h, 12h, 2h]",
			want: map[string]string{
				"72h0m0s": "2026-10-23 08:00 CEST", // 23 October 01:00 CEST is quiet
				"24h0m0s": "2026-10-25 08:00 CET",  // 25 October 01:00 CEST is quiet
				"12h0m0s": "2026-10-25 12:00 CET",
				"2h0m0s":  "2026-10-25 21:00 CET",
			},
		},
		{
			name: "end on the DST night, 29 March 03:29", end: "2026-03-29T03:29", reminders: "[5h, 4h, 2h]",
			want: map[string]string{
				"5h0m0s": "2026-03-28 21:30 CET", // 5 real hours before 03:30 CEST
				"4h0m0s": "2026-03-28 21:00 CET", // 28 March 22:30 CET: 08:00 is too late
				"2h0m0s": "2026-03-28 21:00 CET", // 29 March 00:30 CET: likewise (triage sends only this one)
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "slug: t\nname: T\ntimezone: Europe/Brussels\nphases:\n" +
				"  - {name: jury_vote, start: 2026-01-01T00:00, end: " + tc.end + "}\n" +
				"reminders:\n  jury_vote: " + tc.reminders + "\n"
			c, err := contest.ParseContest([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, n := range plan(c, planConfig{closingSoon: 24 * time.Hour, staleAfter: 24 * time.Hour, quiet: quietHours{22 * time.Hour, 8 * time.Hour}}) {
				if n.Kind == bot.NoticeReminder {
					got[n.Before.String()] = n.At.In(c.Location).Format("2006-01-02 15:04 MST")
				}
			}
			for k, w := range tc.want {
				if got[k] != w {
					t.Errorf("reminder %s at %s, want %s", k, got[k], w)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("reminders %v, want %v", got, tc.want)
			}
		})
	}
}

// TestDSTRemindersDelivered runs the scheduler and the dispatcher on a fake
// clock over the spring-forward weekend: the jurors' reminders go out at
// the local times TestQuietHoursAcrossDST expects.
func TestDSTRemindersDelivered(t *testing.T) {
	t.Parallel() // it mostly waits for the database
	st, _ := newStore(t)
	ed := saveContest(t, st, "  - {name: jury_vote, start: 2026-03-01T00:00, end: 2026-03-29T23:59}\n", "  jury_vote: [36h, 24h, 12h, 2h]\n")
	sqlExec(t, st, `INSERT INTO projects (contest_id, id, name, sector, shortlisted) VALUES ($1, 'p1', 'P', 'Santé', true)`, ed.ID)
	sqlExec(t, st, `WITH j AS (INSERT INTO jurors (contest_id, name) VALUES ($1, 'J') RETURNING id)
		INSERT INTO juror_identities (contest_id, juror_id, platform, user_id) SELECT $1, id, 'telegram', '7' FROM j`, ed.ID)
	clock := &fakeClock{}
	tg := &fakePlatform{Name: bot.Telegram, Now: clock.Now}
	s := NewScheduler(SchedulerConfig{Store: st, Now: clock.Now})
	d := NewDispatcher(DispatcherConfig{Store: st, Now: clock.Now, Limits: fast, Senders: map[string]bot.Sender{bot.Telegram: tg}})
	for now := local(t, "2026-03-27 00:00"); now.Before(local(t, "2026-03-30 12:00")); now = now.Add(15 * time.Minute) {
		clock.Set(now)
		if _, err := s.runOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		drain(t, d)
	}
	var got []string
	for _, g := range tg.deliveries() {
		got = append(got, g.At.Format("2006-01-02 15:04 MST"))
	}
	want := []string{"2026-03-28 11:00 CET", "2026-03-29 08:00 CEST", "2026-03-29 12:00 CEST", "2026-03-29 21:00 CEST"}
	if len(got) != len(want) {
		t.Fatalf("deliveries at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("delivery %d at %s, want %s", i, got[i], want[i])
		}
	}
}
