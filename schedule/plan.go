package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"prixbot/contest"
)

// Notice events.
const (
	eventOpened   = "opened"
	eventClosing  = "closing"
	eventClosed   = "closed"
	eventReminder = "reminder"
)

// audience is who a notice goes to.
type audience string

const (
	toChannel     audience = "channel"     // the Slack announce channel
	toSubscribers audience = "subscribers" // every subscriber
	toNonVoters   audience = "nonvoters"   // subscribers without a counted vote
	toJurors      audience = "jurors"      // jurors with sheets left
)

// private reports whether the audience is reached in private chats, where
// quiet hours apply.
func (a audience) private() bool { return a != toChannel }

// notice is one calendar notice for one audience.
type notice struct {
	Key      string // unique within the contest; part of every row's dedupe key
	Phase    contest.Phase
	Event    string
	Before   time.Duration // reminders and closing: how long before the end
	Audience audience
	At       time.Time // when it is due, after quiet hours
	Until    time.Time // after this it is stale
	// Group names notices that supersede each other: of several due at once,
	// only the latest is sent.
	Group string
}

// planConfig is what the plan depends on besides the contest.
type planConfig struct {
	channel     bool // an announce channel is configured
	closingSoon time.Duration
	staleAfter  time.Duration
	quiet       quietHours
}

// plan returns every notice of the contest's calendar, sorted by due time.
func plan(c *contest.Contest, cfg planConfig) []notice {
	var out []notice
	add := func(n notice) {
		if n.Audience.private() {
			var deadline time.Time // a closing notice has none
			if n.Event != eventClosed {
				deadline = n.Phase.End
			}
			n.At = cfg.quiet.shift(n.At, n.Phase.Start, deadline, c.Location)
		}
		if n.At.Before(n.Phase.Start) || !n.At.Before(n.Until) {
			return
		}
		if n.Key == "" {
			n.Key = fmt.Sprintf("%s/%s/%s/%d", n.Phase.Name, n.Event, n.Audience, n.Phase.End.Unix())
		}
		out = append(out, n)
	}
	for _, p := range c.Calendar.Phases {
		for _, a := range []audience{toChannel, toSubscribers} {
			if a == toChannel && !cfg.channel {
				continue
			}
			add(notice{Phase: p, Event: eventOpened, Audience: a, At: p.Start, Until: p.End,
				Key: fmt.Sprintf("%s/%s/%s/%d", p.Name, eventOpened, a, p.Start.Unix())})
			if a == toChannel || p.Name != contest.PhasePublicVote {
				add(notice{Phase: p, Event: eventClosing, Before: cfg.closingSoon, Audience: a, At: p.End.Add(-cfg.closingSoon), Until: p.End})
			}
			add(notice{Phase: p, Event: eventClosed, Audience: a, At: p.End, Until: p.End.Add(cfg.staleAfter)})
		}
	}
	for _, r := range c.ReminderSchedule() {
		p, _ := c.Calendar.Phase(r.Phase)
		a := toSubscribers
		switch r.Phase {
		case contest.PhaseJuryVote:
			a = toJurors
		case contest.PhasePublicVote:
			a = toNonVoters
		}
		add(notice{Phase: p, Event: eventReminder, Before: r.Before, Audience: a, At: r.At, Until: p.End,
			Key:   fmt.Sprintf("%s/%s/%s/%s/%d", p.Name, eventReminder, a, r.Before, p.End.Unix()),
			Group: fmt.Sprintf("%s/%s/%s", p.Name, eventReminder, a)})
	}
	slices.SortStableFunc(out, func(a, b notice) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// triage splits the notices due at now that are not done yet into those to
// send and those that are stale: past their Until, or superseded by a later
// due notice of their group.
func triage(notices []notice, done map[string]bool, now time.Time) (send, stale []notice) {
	// The latest due notice of each group: the latest At, then the shortest
	// Before (two reminders moved out of one night land together).
	latest := map[string]notice{}
	for _, n := range notices {
		if n.Group == "" || n.At.After(now) {
			continue
		}
		if l, ok := latest[n.Group]; !ok || n.At.After(l.At) || (n.At.Equal(l.At) && n.Before < l.Before) {
			latest[n.Group] = n
		}
	}
	for _, n := range notices {
		if done[n.Key] || n.At.After(now) {
			continue
		}
		if !now.Before(n.Until) || (n.Group != "" && latest[n.Group].Key != n.Key) {
			stale = append(stale, n)
			continue
		}
		send = append(send, n)
	}
	return send, stale
}

// quietHours is the nightly period without private notices, as offsets from
// local midnight: [Start, End) wrapping around midnight when Start > End.
type quietHours struct {
	Start, End time.Duration
}

func clock(t time.Time) time.Duration {
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
}

// at returns the instant of the local clock time d on the day of t in loc.
func at(t time.Time, d time.Duration, loc *time.Location) time.Time {
	y, m, day := t.In(loc).Date()
	return time.Date(y, m, day, int(d/time.Hour), int(d%time.Hour/time.Minute), 0, 0, loc)
}

func (q quietHours) quiet(t time.Time) bool {
	c := clock(t)
	if q.Start == q.End {
		return false
	}
	if q.Start < q.End {
		return c >= q.Start && c < q.End
	}
	return c >= q.Start || c < q.End
}

// shift moves t, when it falls in quiet hours in loc, to the end of the quiet
// period; if that is not before deadline (when deadline is set), to one hour
// before the quiet period began, unless that is before earliest, in which
// case t stays (better at night than never).
func (q quietHours) shift(t, earliest, deadline time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	if !q.quiet(local) {
		return t
	}
	end := at(local, q.End, loc)
	if !end.After(local) {
		end = at(local.AddDate(0, 0, 1), q.End, loc)
	}
	if deadline.IsZero() || end.Before(deadline) {
		return end
	}
	begin := at(local, q.Start, loc)
	if begin.After(local) {
		begin = at(local.AddDate(0, 0, -1), q.Start, loc)
	}
	if earlier := begin.Add(-time.Hour); !earlier.Before(earliest) {
		return earlier
	}
	return t
}
