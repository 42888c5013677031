package contest

import (
	"testing"
	"time"
)

// dstCalendar straddles both daylight-saving changes of 2026 in Brussels
// (29 March 02:00 CET -> 03:00 CEST, 25 October 03:00 CEST -> 02:00 CET).
const dstCalendar = `slug: dst
name: DST
phases:
  - {name: applications, start: 2026-03-29T00:00, end: 2026-03-29T23:59}
  - {name: public_vote, start: 2026-03-30T00:00, end: 2026-10-24T23:59}
  - {name: jury_vote, start: 2026-10-25T00:00, end: 2026-10-25T23:59}
`

func TestCalendarDST(t *testing.T) {
	t.Parallel()
	c := mustParse(t, dstCalendar)
	brussels := c.Location
	tests := []struct {
		name string
		at   time.Time
		open string // "" = none
	}{
		{"before everything", time.Date(2026, 3, 28, 23, 59, 0, 0, brussels), ""},
		// 29 March lasts 23 hours: 00:00 CET = 28 March 23:00 UTC.
		{"applications open at local midnight", time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), PhaseApplications},
		{"last minute of applications", time.Date(2026, 3, 29, 21, 59, 0, 0, time.UTC), PhaseApplications},
		{"public vote at 00:00 CEST", time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC), PhasePublicVote},
		{"public vote last minute, CEST", time.Date(2026, 10, 24, 21, 59, 0, 0, time.UTC), PhasePublicVote},
		{"jury vote at 00:00 CEST", time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC), PhaseJuryVote},
		// 25 October lasts 25 hours: 23:59 CET = 22:59 UTC.
		{"jury vote last minute, CET", time.Date(2026, 10, 25, 22, 59, 0, 0, time.UTC), PhaseJuryVote},
		{"after the jury vote", time.Date(2026, 10, 25, 23, 0, 0, 0, time.UTC), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, ok := c.Calendar.OpenAt(tt.at)
			if p.Name != tt.open || ok != (tt.open != "") {
				t.Errorf("OpenAt(%v) = %q, %v; want %q", tt.at, p.Name, ok, tt.open)
			}
			if tt.open != "" && !c.Calendar.IsOpen(tt.open, tt.at) {
				t.Errorf("IsOpen(%q, %v) = false", tt.open, tt.at)
			}
		})
	}
	jury, _ := c.Calendar.Phase(PhaseJuryVote)
	if d := jury.End.Sub(jury.Start); d != 25*time.Hour {
		t.Errorf("jury vote lasts %v, want 25h", d)
	}
	apps, _ := c.Calendar.Phase(PhaseApplications)
	if d := apps.End.Sub(apps.Start); d != 23*time.Hour {
		t.Errorf("applications last %v, want 23h", d)
	}
}

func TestCalendarDeadlines(t *testing.T) {
	t.Parallel()
	c := mustParse(t, dstCalendar)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	all := []Deadline{
		{PhaseApplications, DeadlineStart, at("2026-03-28T23:00:00Z")},
		{PhaseApplications, DeadlineEnd, at("2026-03-29T22:00:00Z")},
		{PhasePublicVote, DeadlineStart, at("2026-03-29T22:00:00Z")},
		{PhasePublicVote, DeadlineEnd, at("2026-10-24T22:00:00Z")},
		{PhaseJuryVote, DeadlineStart, at("2026-10-24T22:00:00Z")},
		{PhaseJuryVote, DeadlineEnd, at("2026-10-25T23:00:00Z")},
	}
	tests := []struct {
		name  string
		after time.Time
		want  []Deadline
	}{
		{"from the beginning", at("2026-01-01T00:00:00Z"), all},
		{"a boundary itself is excluded", at("2026-03-29T22:00:00Z"), all[3:]},
		{"during the jury vote", at("2026-10-25T12:00:00Z"), all[5:]},
		{"after the end", at("2027-01-01T00:00:00Z"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := c.Calendar.Deadlines(tt.after)
			if len(got) != len(tt.want) {
				t.Fatalf("Deadlines = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i].Phase != tt.want[i].Phase || got[i].Kind != tt.want[i].Kind || !got[i].At.Equal(tt.want[i].At) {
					t.Errorf("deadline %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestCalendarNextPhase(t *testing.T) {
	t.Parallel()
	// Phases given out of order: NextPhase must not rely on the order.
	cal := Calendar{Phases: []Phase{
		{Name: "b", Start: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)},
		{Name: "a", Start: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
	}}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"before all", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "a"},
		{"at the start of a (not after it)", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), "b"},
		{"during a", time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC), "b"},
		{"during the last phase", time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, ok := cal.NextPhase(tt.at)
			if p.Name != tt.want || ok != (tt.want != "") {
				t.Errorf("NextPhase(%v) = %q, %v; want %q", tt.at, p.Name, ok, tt.want)
			}
		})
	}
}

func TestCalendarAround(t *testing.T) {
	t.Parallel()
	c := mustParse(t, dstCalendar)
	loc := c.Location
	for _, now := range []time.Time{
		time.Date(2026, 7, 11, 23, 30, 0, 0, loc), // the middle of the file's public vote: no move
		time.Date(2027, 12, 7, 2, 24, 0, 0, loc),  // a year and more ahead
		time.Date(2031, 3, 30, 0, 0, 0, 0, loc),   // across daylight-saving changes
		time.Date(2019, 1, 1, 12, 0, 0, 0, time.UTC),
	} {
		t.Run(now.Format(time.DateTime), func(t *testing.T) {
			t.Parallel()
			got := c.Calendar.Around(PhasePublicVote, now, loc)
			if p, ok := got.OpenAt(now); !ok || p.Name != PhasePublicVote {
				t.Fatalf("open at %s: %+v %v, want the public vote; calendar %+v", now, p, ok, got)
			}
			days := civilDay(got.Phases[0].Start.In(loc)) - civilDay(c.Calendar.Phases[0].Start.In(loc))
			for i, p := range got.Phases {
				was := c.Calendar.Phases[i]
				if p.Name != was.Name {
					t.Fatalf("phase %d is %s, was %s", i, p.Name, was.Name)
				}
				for _, b := range []struct{ now, was time.Time }{{p.Start, was.Start}, {p.End, was.End}} {
					if b.now.In(loc).Format("15:04") != b.was.In(loc).Format("15:04") {
						t.Errorf("%s: local time %s, was %s", p.Name, b.now.In(loc).Format("15:04"), b.was.In(loc).Format("15:04"))
					}
					d := civilDay(b.now.In(loc)) - civilDay(b.was.In(loc))
					if d != days {
						t.Errorf("%s moved by %d days, the first phase by %d", p.Name, d, days)
					}
				}
			}
		})
	}
	if got := c.Calendar.Around("ceremony", time.Now(), loc); len(got.Phases) != len(c.Calendar.Phases) || !got.Phases[0].Start.Equal(c.Calendar.Phases[0].Start) {
		t.Errorf("without the phase the calendar moved: %+v", got)
	}
}
