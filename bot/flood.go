package bot

import (
	"cmp"
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// FloodConfig configures FloodLimit. Zero fields take the defaults.
type FloodConfig struct {
	// Rate and Burst limit each user's updates; 2/s with bursts of 10 by
	// default.
	Rate  rate.Limit
	Burst int
	// WarnEvery is how often a flooding user is told to slow down at most
	// (a button press is always answered); 10 s by default.
	WarnEvery time.Duration
	NowFunc   func() time.Time // default time.Now
}

// FloodLimit wraps next so that each user's updates (by platform and user
// id), on every platform, are limited by the same rule. An update over the
// limit is not handled: a button press is answered "Slow down!", a form
// submission gets it as its error, and a message gets it as a reply once in
// a while (then nothing, so that a flood gets no echo).
func FloodLimit(next EventHandler, cfg FloodConfig) EventHandler {
	cfg.Rate = cmp.Or(cfg.Rate, 2)
	cfg.Burst = cmp.Or(cfg.Burst, 10)
	cfg.WarnEvery = cmp.Or(cfg.WarnEvery, 10*time.Second)
	if cfg.NowFunc == nil {
		cfg.NowFunc = time.Now
	}
	return &floodLimit{next: next, cfg: cfg, users: map[string]*floodState{}}
}

// maxFloodUsers bounds the users whose limiters are kept; beyond it, those
// whose bucket has refilled (idle users) are forgotten.
const maxFloodUsers = 10000

type floodLimit struct {
	next EventHandler
	cfg  FloodConfig

	mu    sync.Mutex
	users map[string]*floodState
}

// floodState is one user's flood limiter, and a limiter on telling them so.
type floodState struct {
	updates, warnings *rate.Limiter
}

func (f *floodLimit) Handle(ctx context.Context, ev Event) (*Response, error) {
	allowed, warn, refund := f.allow(ev.Platform + ":" + ev.UserID)
	if allowed {
		resp, err := f.next.Handle(ctx, ev)
		if errors.Is(err, ErrUnavailable) {
			refund() // not done: the platform delivers it again, at no cost to the user
		}
		return resp, err
	}
	busy := T(MatchLang(ev.LangHint), "error.busy")
	switch {
	case ev.Form != nil:
		return &Response{FieldErrors: map[string]string{"": busy}}, nil
	case ev.Callback != nil:
		return &Response{Answer: busy}, nil
	case warn:
		return &Response{Messages: []Message{{Text: busy}}}, nil
	}
	return &Response{}, nil
}

// allow reports whether user may send another update now and, when not,
// whether they may be told so; refund gives an allowed update's token back.
func (f *floodLimit) allow(user string) (allowed, warn bool, refund func()) {
	now := f.cfg.NowFunc()
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.users[user]
	if !ok {
		if len(f.users) >= maxFloodUsers {
			for id, l := range f.users {
				if l.updates.TokensAt(now) >= float64(f.cfg.Burst) {
					delete(f.users, id)
				}
			}
		}
		s = &floodState{
			updates:  rate.NewLimiter(f.cfg.Rate, f.cfg.Burst),
			warnings: rate.NewLimiter(rate.Every(f.cfg.WarnEvery), 1),
		}
		f.users[user] = s
	}
	if r := s.updates.ReserveN(now, 1); r.OK() && r.DelayFrom(now) == 0 {
		// Cancelled as at the moment it was made, the reservation gives its
		// token back whenever the refund comes.
		return true, false, func() { r.CancelAt(now) }
	} else {
		r.CancelAt(now)
	}
	return false, s.warnings.AllowN(now, 1), nil
}
