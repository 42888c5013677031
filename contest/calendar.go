package contest

import (
	"cmp"
	"slices"
	"time"
)

// Phase is a named period of the contest, [Start, End] inclusive of the end minute
// as written in the file: End is the first instant after the phase.
type Phase struct {
	Name  string
	Start time.Time
	End   time.Time
}

// Calendar is the ordered, non-overlapping list of phases.
type Calendar struct {
	Phases []Phase
}

// Phase returns the phase with that name.
func (c Calendar) Phase(name string) (Phase, bool) {
	for _, p := range c.Phases {
		if p.Name == name {
			return p, true
		}
	}
	return Phase{}, false
}

// OpenAt returns the phase open at t, if any.
func (c Calendar) OpenAt(t time.Time) (Phase, bool) {
	for _, p := range c.Phases {
		if !t.Before(p.Start) && t.Before(p.End) {
			return p, true
		}
	}
	return Phase{}, false
}

// IsOpen reports whether the named phase is open at t.
func (c Calendar) IsOpen(name string, t time.Time) bool {
	p, ok := c.Phase(name)
	return ok && !t.Before(p.Start) && t.Before(p.End)
}

// Deadline kinds.
const (
	DeadlineStart = "start"
	DeadlineEnd   = "end"
)

// Deadline is a phase boundary: the instant a phase starts or ends (End is
// the first instant after the phase).
type Deadline struct {
	Phase string
	Kind  string // DeadlineStart or DeadlineEnd
	At    time.Time
}

// Deadlines returns the phase boundaries strictly after the given instant,
// sorted by time. When one phase ends as the next starts, the end comes first.
func (c Calendar) Deadlines(after time.Time) []Deadline {
	var out []Deadline
	for _, p := range c.Phases {
		if p.Start.After(after) {
			out = append(out, Deadline{Phase: p.Name, Kind: DeadlineStart, At: p.Start})
		}
		if p.End.After(after) {
			out = append(out, Deadline{Phase: p.Name, Kind: DeadlineEnd, At: p.End})
		}
	}
	slices.SortStableFunc(out, func(a, b Deadline) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind))
	})
	return out
}

func kindOrder(kind string) int {
	if kind == DeadlineEnd {
		return 0
	}
	return 1
}

// NextPhase returns the first phase that starts strictly after t.
func (c Calendar) NextPhase(t time.Time) (Phase, bool) {
	var next Phase
	found := false
	for _, p := range c.Phases {
		if p.Start.After(t) && (!found || p.Start.Before(next.Start)) {
			next, found = p, true
		}
	}
	return next, found
}

// Reminder is one reminder due before a phase ends.
type Reminder struct {
	Phase  string
	Before time.Duration // as written in the contest file
	At     time.Time     // Phase.End minus Before
}

// ReminderSchedule returns every reminder of the contest, sorted by time (then
// phase name). A reminder falls exactly Before ahead of the phase's End, in
// elapsed time: across a daylight-saving change "72h" is 72 real hours, so its
// local clock time shifts by the hour gained or lost. Reminders for phases
// that do not exist are skipped (Validate rejects them).
func (c *Contest) ReminderSchedule() []Reminder {
	var out []Reminder
	for name, offsets := range c.Reminders {
		p, ok := c.Calendar.Phase(name)
		if !ok {
			continue
		}
		for _, d := range offsets {
			out = append(out, Reminder{Phase: name, Before: d, At: p.End.Add(-d)})
		}
	}
	slices.SortFunc(out, func(a, b Reminder) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Phase, b.Phase), cmp.Compare(b.Before, a.Before))
	})
	return out
}

// Around returns the calendar with every phase moved by the same whole
// number of days, so that the middle of the named phase falls on the day of
// now in loc: the phases keep their order, their local start and end times,
// and the days between them, and the named phase is open at now when it lasts
// more than two days. Without such a phase the calendar is returned as is.
// The embedded default uses it to place the sample contest around today.
func (c Calendar) Around(name string, now time.Time, loc *time.Location) Calendar {
	p, ok := c.Phase(name)
	if !ok {
		return c
	}
	days := civilDay(now.In(loc)) - civilDay(p.Start.Add(p.End.Sub(p.Start)/2).In(loc))
	out := Calendar{Phases: make([]Phase, len(c.Phases))}
	for i, q := range c.Phases {
		out.Phases[i] = Phase{Name: q.Name, Start: q.Start.In(loc).AddDate(0, 0, days), End: q.End.In(loc).AddDate(0, 0, days)}
	}
	return out
}

// civilDay numbers the calendar day of t (in t's location), one per day.
func civilDay(t time.Time) int {
	return int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
