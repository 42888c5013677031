package bot

import (
	"cmp"
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// FloodConfig configures the flood limit of every user's updates. Zero
// fields take the defaults.
type FloodConfig struct {
	// Rate and Burst limit each user's updates; 2/s with bursts of 10 by
	// default (rate.Inf: no limit).
	Rate  rate.Limit
	Burst int
	// WarnEvery is how often a flooding user is told to slow down at most
	// (a button press is always answered); 10 s by default.
	WarnEvery time.Duration
	NowFunc   func() time.Time // default time.Now
}

// limit is the middleware that limits each user's updates (by platform and
// user id), on every platform but a local one (Facts.Local), by the same
// rule. An update over the limit
// is not handled: a button press is answered "Slow down!", a form submission
// gets it as its error, and a message gets it as a reply once in a while
// (then nothing, so that a flood gets no echo). An update that fails for
// want of the infrastructure costs nothing: the platform delivers it again.
func (b *Bot) limit(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		if Platform(r.Platform).Local {
			return next(ctx, r)
		}
		allowed, warn, refund := b.flood.allow(r.Platform + ":" + r.UserID)
		if allowed {
			err := next(ctx, r)
			if unavailable(ctx, err) {
				refund()
			}
			return err
		}
		busy := T(r.Lang, "error.busy")
		switch {
		case r.Form != nil:
			r.resp.FieldErrors = map[string]string{"": busy}
		case r.Callback != nil:
			r.Answer(busy)
		case warn:
			r.Reply(Message{Text: busy})
		}
		return nil
	}
}

// maxFloodUsers bounds the users whose limiters are kept; beyond it, those
// whose bucket has refilled (idle users) are forgotten.
const maxFloodUsers = 10000

// flood holds each user's flood limiter.
type flood struct {
	cfg FloodConfig

	mu    sync.Mutex
	users map[string]*floodState
}

func newFlood(cfg FloodConfig) *flood {
	cfg.Rate = cmp.Or(cfg.Rate, 2)
	cfg.Burst = cmp.Or(cfg.Burst, 10)
	cfg.WarnEvery = cmp.Or(cfg.WarnEvery, 10*time.Second)
	if cfg.NowFunc == nil {
		cfg.NowFunc = time.Now
	}
	return &flood{cfg: cfg, users: map[string]*floodState{}}
}

// floodState is one user's flood limiter, and a limiter on telling them so.
type floodState struct {
	updates, warnings *rate.Limiter
}

// allow reports whether user may send another update now and, when not,
// whether they may be told so; refund gives an allowed update's token back.
func (f *flood) allow(user string) (allowed, warn bool, refund func()) {
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
