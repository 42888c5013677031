// Package pace paces the messages an adapter sends within its platform's
// limits: a rate for the whole bot and one per chat.
package pace

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"prixbot/bot"
)

// Limits are the rates at which an adapter sends messages.
type Limits struct {
	Messages rate.Limit // per Second for the whole bot
	PerChat  rate.Limit // per Second to one chat
	// Second is how long a second of the pacing lasts; zero means
	// time.Second (except in a build with the tag prixbot_shortsecond). Tests shorten it to send at the platform's counts in a
	// shorter window: the rates and the cap on starts count per Second, and
	// a platform's retry_after counts Seconds (see Seconds).
	Second time.Duration
}

// defaultSecond is the Second of Limits that set none: time.Second, or
// ShortSecond in a build with the tag prixbot_shortsecond.
var defaultSecond = time.Second

// ShortSecond is the second of every Limits that sets none in a bot built
// with the tag prixbot_shortsecond. bench/reliability's short run builds
// its bot so, to run its fault scenarios at the platforms' counts in a
// fifth of the time, against a fake Bot API counting in the same second
// (the store's readiness window after a failed connection is a fifth too).
// Never build a bot for use so: it would send five times faster than the
// platforms allow.
const ShortSecond = 200 * time.Millisecond

// second is l.Second, or defaultSecond when it is not set.
func (l Limits) second() time.Duration { return cmp.Or(l.Second, defaultSecond) }

// Seconds returns how long n of the pacing's seconds last: a platform's
// retry_after, which it gives in seconds, as a wait.
func (l Limits) Seconds(n float64) time.Duration {
	return time.Duration(n * float64(l.second()))
}

// perSecond converts a rate per Second of l to one per real second.
func (l Limits) perSecond(r rate.Limit) rate.Limit {
	if r == rate.Inf {
		return r
	}
	return r * rate.Limit(time.Second) / rate.Limit(l.second())
}

// For returns the Limits of platform, from its bot.Facts.
func For(platform string) Limits {
	f := bot.Platform(platform)
	return Limits{Messages: f.Messages, PerChat: f.PerChat}
}

// Pacer paces messages: token buckets (one for the bot, one per chat) space
// them out, and since a bucket hands out a token when it is reserved while
// the message may start later (it waited for the other bucket, or its
// goroutine for the CPU), the actual starts are capped too: at most the
// bot's rate in any of the Limits' seconds, and one per chat per interval.
type Pacer struct {
	overall  *rate.Limiter
	perChat  rate.Limit
	interval time.Duration // between two starts to one chat
	cap      int           // starts in any window; 0 for no cap
	window   time.Duration // the Limits' second

	mu          sync.Mutex
	chats       map[string]*chatPace
	starts      []time.Time // the last cap starts, oldest first
	pausedUntil time.Time
	// started, when set (by tests), is told of every start as admit counts it.
	started func(chat string, at time.Time)
}

type chatPace struct {
	lim  *rate.Limiter
	last time.Time // the last start to this chat
}

// maxChats bounds the per-chat state kept; beyond it, that of chats idle
// for a while is dropped, which changes nothing for them.
const maxChats = 10000

// New returns a Pacer for l; rate.Inf turns a limit off.
func New(l Limits) *Pacer {
	p := &Pacer{overall: rate.NewLimiter(l.perSecond(l.Messages), 1), perChat: l.perSecond(l.PerChat),
		window: l.second(), chats: map[string]*chatPace{}}
	if l.Messages != rate.Inf {
		p.cap = max(1, int(l.Messages))
	}
	if l.PerChat != rate.Inf {
		p.interval = time.Duration(float64(p.window) / float64(l.PerChat))
	}
	return p
}

// Wait blocks until a message may go to chat: not during a pause, within
// the chat's rate and the bot's, and within the caps on actual starts; it
// then counts the start. It fails when ctx ends first, or would (its
// deadline).
func (p *Pacer) Wait(ctx context.Context, chat string) error {
	for {
		if err := sleep(ctx, time.Until(p.pauseEnd())); err != nil {
			return err
		}
		if p.interval == 0 && p.cap == 0 {
			return ctx.Err() // no limits: nothing to count
		}
		if err := p.chat(chat).lim.Wait(ctx); err != nil {
			return err
		}
		if err := p.overall.Wait(ctx); err != nil {
			return err
		}
		for {
			next, ok := p.admit(chat)
			if ok {
				return nil
			}
			if next.IsZero() {
				break // a pause began meanwhile: wait for it and new tokens
			}
			if err := sleep(ctx, time.Until(next)); err != nil {
				return err
			}
		}
	}
}

// Pause stops every send for d (a 429's retry_after that holds for the whole
// bot); a pause that ends later stands.
func (p *Pacer) Pause(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := time.Now().Add(d); until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
}

func (p *Pacer) pauseEnd() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pausedUntil
}

func (p *Pacer) chat(id string) *chatPace {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.chatLocked(id)
}

func (p *Pacer) chatLocked(id string) *chatPace {
	if c, ok := p.chats[id]; ok {
		return c
	}
	if len(p.chats) >= maxChats {
		now := time.Now()
		for k, c := range p.chats {
			if now.Sub(c.last) > p.interval && c.lim.TokensAt(now) >= 1 {
				delete(p.chats, k)
			}
		}
	}
	c := &chatPace{lim: rate.NewLimiter(p.perChat, 1)}
	p.chats[id] = c
	return c
}

// admit counts a start to chat now if the caps allow it; otherwise it
// returns when to try again, or a zero time during a pause.
func (p *Pacer) admit(chat string) (next time.Time, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Before(p.pausedUntil) {
		return time.Time{}, false
	}
	c := p.chatLocked(chat)
	if free := c.last.Add(p.interval); now.Before(free) {
		next = free
	}
	if p.cap > 0 && len(p.starts) >= p.cap {
		if free := p.starts[len(p.starts)-p.cap].Add(p.window); now.Before(free) && free.After(next) {
			next = free
		}
	}
	if !next.IsZero() {
		return next, false
	}
	c.last = now
	if p.started != nil {
		p.started(chat, now)
	}
	if p.cap > 0 {
		p.starts = append(p.starts, now)
		if len(p.starts) > p.cap {
			p.starts = slices.Delete(p.starts, 0, len(p.starts)-p.cap)
		}
	}
	return time.Time{}, true
}

// Retry calls send until it succeeds: again after a *bot.RetryAfterError's
// wait (a 429), or after a back-off (one of the Limits' seconds, doubled up
// to 30) for a temporary failure. It gives up, returning send's last error,
// on bot.ErrBlocked or a *bot.PermanentError, when the next wait would end
// past within, or when ctx ends; attempts is how many calls were made.
func (p *Pacer) Retry(ctx context.Context, within time.Duration, send func() error) (attempts int, err error) {
	deadline := time.Now().Add(within)
	backoff := p.window
	for attempts = 1; ; attempts++ {
		err = send()
		if err == nil {
			return attempts, nil
		}
		var ra *bot.RetryAfterError
		var pe *bot.PermanentError
		wait := backoff
		switch {
		case errors.As(err, &pe), errors.Is(err, bot.ErrBlocked):
			return attempts, err
		case errors.As(err, &ra):
			wait = ra.After
		default:
			backoff = min(2*backoff, 30*p.window)
		}
		if time.Now().Add(wait).After(deadline) || sleep(ctx, wait) != nil {
			return attempts, err
		}
	}
}

// sleep waits d, or until ctx ends; with nothing to wait, it only reports
// whether ctx has ended.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
