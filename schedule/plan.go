package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"prixbot/bot"
	"prixbot/contest"
)

// private reports whether a notice's audience is reached in private chats,
// where quiet hours apply.
func private(a bot.Audience) bool { return a != bot.ToChannel }

// notice is one calendar notice for one audience (what bot.NoticeRows fans
// out), with when it is due.
type notice struct {
	bot.Notice
	Before time.Duration // reminders and closing: how long before the end
	At     time.Time     // when it is due, after quiet hours
	Until  time.Time     // after this it is stale
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
		if private(n.Audience) {
			var deadline time.Time // a closing notice has none
			if n.Kind != bot.NoticeClosed {
				deadline = n.Phase.End
			}
			n.At = cfg.quiet.shift(n.At, n.Phase.Start, deadline, c.Location)
		}
		if n.At.Before(n.Phase.Start) || !n.At.Before(n.Until) {
			return
		}
		if n.Key == "" {
			n.Key = fmt.Sprintf("%s/%s/%s/%d", n.Phase.Name, n.Kind, n.Audience, n.Phase.End.Unix())
		}
		out = append(out, n)
	}
	for _, p := range c.Calendar.Phases {
		for _, a := range []bot.Audience{bot.ToChannel, bot.ToSubscribers} {
			if a == bot.ToChannel && !cfg.channel {
				continue
			}
			add(notice{Notice: bot.Notice{Phase: p, Kind: bot.NoticeOpened, Audience: a,
				Key: fmt.Sprintf("%s/%s/%s/%d", p.Name, bot.NoticeOpened, a, p.Start.Unix())}, At: p.Start, Until: p.End})
			if a == bot.ToChannel || p.Name != contest.PhasePublicVote {
				add(notice{Notice: bot.Notice{Phase: p, Kind: bot.NoticeClosing, Audience: a}, Before: cfg.closingSoon, At: p.End.Add(-cfg.closingSoon), Until: p.End})
			}
			add(notice{Notice: bot.Notice{Phase: p, Kind: bot.NoticeClosed, Audience: a}, At: p.End, Until: p.End.Add(cfg.staleAfter)})
		}
	}
	for _, r := range c.ReminderSchedule() {
		p, _ := c.Calendar.Phase(r.Phase)
		a := bot.ToSubscribers
		switch r.Phase {
		case contest.PhaseJuryVote:
			a = bot.ToJurors
		case contest.PhasePublicVote:
			a = bot.ToNonVoters
		}
		add(notice{Notice: bot.Notice{Phase: p, Kind: bot.NoticeReminder, Audience: a,
			Key: fmt.Sprintf("%s/%s/%s/%s/%d", p.Name, bot.NoticeReminder, a, r.Before, p.End.Unix())},
			Before: r.Before, At: r.At, Until: p.End,
			Group: fmt.Sprintf("%s/%s/%s", p.Name, bot.NoticeReminder, a)})
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
