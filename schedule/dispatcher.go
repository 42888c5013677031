package schedule

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"prixbot/bot"
	"prixbot/bot/pace"
	"prixbot/store"
)

// Limits paces one platform.
type Limits struct {
	Overall rate.Limit // messages per Second over the whole platform
	PerChat rate.Limit // messages per Second to one chat or channel
	// Second is how long a second of the pacing lasts (pace.Limits.Second);
	// zero means time.Second. Tests shorten it to run at a platform's
	// counts in a shorter window.
	Second time.Duration
}

// DispatcherConfig configures a Dispatcher. Zero fields take the defaults.
type DispatcherConfig struct {
	Store *store.Store
	// Senders deliver per platform (bot.Telegram, bot.Slack, …). Rows of a
	// platform without a Sender stay in the outbox.
	Senders map[string]bot.Sender
	// Limits override the pacing of a platform's bot.Facts (pace.For).
	Limits map[string]Limits
	// ID names this dispatcher in leases; default host-pid-random.
	ID          string
	BatchSize   int           // rows claimed at once; default 100
	Workers     int           // concurrent sends; default 16
	Lease       time.Duration // how long a claim lasts; default 1m
	MaxAttempts int           // attempts before a row is dead; default 8
	BackoffBase time.Duration // first retry delay after a temporary failure; default 1s, doubled each attempt
	BackoffMax  time.Duration // longest retry delay; default 15m
	SendTimeout time.Duration // bound on one Send; default 30s
	// PollInterval is the wait between claims when nothing is due; default 1s.
	PollInterval time.Duration
	Now          func() time.Time // default time.Now
	Log          *slog.Logger     // default slog.Default()
}

// Dispatcher delivers outbox rows through the platforms' Senders.
type Dispatcher struct {
	cfg       DispatcherConfig
	platforms []string
	pacers    map[string]*pace.Pacer
}

// NewDispatcher returns a Dispatcher with cfg's defaults filled in.
func NewDispatcher(cfg DispatcherConfig) *Dispatcher {
	if cfg.ID == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		cfg.ID = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	cfg.BatchSize = cmp.Or(cfg.BatchSize, 100)
	cfg.Workers = cmp.Or(cfg.Workers, 16)
	cfg.Lease = cmp.Or(cfg.Lease, time.Minute)
	cfg.MaxAttempts = cmp.Or(cfg.MaxAttempts, 8)
	cfg.BackoffBase = cmp.Or(cfg.BackoffBase, time.Second)
	cfg.BackoffMax = cmp.Or(cfg.BackoffMax, 15*time.Minute)
	cfg.SendTimeout = cmp.Or(cfg.SendTimeout, 30*time.Second)
	cfg.PollInterval = cmp.Or(cfg.PollInterval, time.Second)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	d := &Dispatcher{cfg: cfg, pacers: map[string]*pace.Pacer{}}
	for p := range cfg.Senders {
		l := pace.For(p)
		if o, ok := cfg.Limits[p]; ok {
			l = pace.Limits{Messages: o.Overall, PerChat: o.PerChat, Second: o.Second}
		}
		d.platforms = append(d.platforms, p)
		d.pacers[p] = pace.New(l)
	}
	slices.Sort(d.platforms)
	return d
}

// DispatchResult is what one claim-and-send round did.
type DispatchResult struct {
	Claimed     int
	Sent        int
	RateLimited int // 429s: retried after retry_after, attempt not counted
	Retried     int // temporary failures: retried with back-off
	Dead        int // given up: permanent failure or MaxAttempts reached
	Blocked     int // recipient blocked the bot: unsubscribed
	Released    int // not tried (shutdown, or lease about to expire): back in the outbox
	LostLease   int // sent, but the lease had passed to another dispatcher: possibly a duplicate
	// Window is, per sent message, the time from the platform's answer to the
	// commit marking the row sent: a crash in it repeats that message.
	MaxWindow, TotalWindow time.Duration
}

func (r *DispatchResult) add(o DispatchResult) {
	r.Claimed += o.Claimed
	r.Sent += o.Sent
	r.RateLimited += o.RateLimited
	r.Retried += o.Retried
	r.Dead += o.Dead
	r.Blocked += o.Blocked
	r.Released += o.Released
	r.LostLease += o.LostLease
	r.MaxWindow = max(r.MaxWindow, o.MaxWindow)
	r.TotalWindow += o.TotalWindow
}

// Run claims and sends until ctx ends, waiting PollInterval whenever nothing
// is due. Rows claimed but not yet tried when ctx ends are released; a send
// under way completes and is recorded.
func (d *Dispatcher) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		res, err := d.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.cfg.Log.Error("dispatcher round failed", "err", err)
		}
		if res.Dead > 0 || res.LostLease > 0 {
			d.cfg.Log.Warn("notifications not delivered", "dead", res.Dead, "lost_lease", res.LostLease)
		}
		next := time.Duration(0)
		if res.Claimed == 0 || err != nil {
			next = d.cfg.PollInterval
		}
		timer.Reset(next)
	}
}

// runOnce claims one batch of due rows and handles each: sent, retried, dead
// or released. It returns when the whole batch is handled.
func (d *Dispatcher) runOnce(ctx context.Context) (DispatchResult, error) {
	var res DispatchResult
	if len(d.platforms) == 0 {
		return res, nil
	}
	rows, err := d.cfg.Store.ClaimNotifications(ctx, d.cfg.ID, d.platforms, d.cfg.Now(), d.cfg.Lease, d.cfg.BatchSize)
	if err != nil {
		return res, err
	}
	res.Claimed = len(rows)
	jobs := make(chan store.OutboxMessage)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range min(d.cfg.Workers, len(rows)) {
		wg.Go(func() {
			for row := range jobs {
				r, err := d.deliver(ctx, row)
				mu.Lock()
				res.add(r)
				if err != nil {
					errs = append(errs, fmt.Errorf("outbox row %d: %w", row.ID, err))
				}
				mu.Unlock()
			}
		})
	}
	for _, row := range rows {
		jobs <- row
	}
	close(jobs)
	wg.Wait()
	return res, errors.Join(errs...)
}

// deliver waits for the pacing, sends one row and records the outcome. The
// outcome is recorded even when ctx ends meanwhile, so that a graceful stop
// repeats nothing.
func (d *Dispatcher) deliver(ctx context.Context, row store.OutboxMessage) (DispatchResult, error) {
	var res DispatchResult
	bg := context.WithoutCancel(ctx)
	// Leave a quarter of the lease for the send and its record; a row that
	// waited longer goes back untried rather than risk a second sender.
	deadline := row.LeaseUntil.Add(-d.cfg.Lease / 4)
	var m bot.Message
	if err := json.Unmarshal(row.Payload, &m); err != nil {
		res.Dead++
		return res, d.cfg.Store.KillNotification(bg, row.ID, d.cfg.ID, d.cfg.Now(), "unreadable payload: "+err.Error())
	}
	if err := d.pacers[row.Platform].Wait(ctx, row.ChatID); err != nil || d.cfg.Now().After(deadline) {
		res.Released++
		return res, d.cfg.Store.RetryNotification(bg, row.ID, d.cfg.ID, d.cfg.Now(), "", false)
	}
	sctx, cancel := context.WithTimeout(bg, d.cfg.SendTimeout)
	_, err := d.cfg.Senders[row.Platform].Send(sctx, row.ChatID, m)
	cancel()
	answered := time.Now()
	now := d.cfg.Now()
	var (
		retryAfter *bot.RetryAfterError
		permanent  *bot.PermanentError
	)
	switch {
	case err == nil:
		ok, err := d.cfg.Store.MarkNotificationSent(bg, row.ID, d.cfg.ID, now)
		if err != nil {
			return res, err
		}
		w := time.Since(answered)
		res.MaxWindow, res.TotalWindow = w, w
		res.Sent++
		if !ok {
			res.LostLease++
			d.cfg.Log.Warn("notification sent after its lease passed to another dispatcher", "id", row.ID, "key", row.DedupeKey)
		}
		return res, nil
	case errors.Is(err, bot.ErrBlocked):
		res.Blocked++
		n, err := d.cfg.Store.BlockRecipient(bg, row.ID, d.cfg.ID, row.Platform, row.ChatID, now)
		if err == nil {
			d.cfg.Log.Info("recipient blocked the bot: unsubscribed", "platform", row.Platform, "subscriptions", n)
		}
		return res, err
	case errors.As(err, &retryAfter):
		res.RateLimited++
		d.pacers[row.Platform].Pause(retryAfter.After)
		return res, d.cfg.Store.RetryNotification(bg, row.ID, d.cfg.ID, now.Add(retryAfter.After), err.Error(), false)
	case errors.As(err, &permanent) || row.Attempts >= d.cfg.MaxAttempts:
		res.Dead++
		d.cfg.Log.Warn("notification dead", "id", row.ID, "key", row.DedupeKey, "attempts", row.Attempts, "err", err)
		return res, d.cfg.Store.KillNotification(bg, row.ID, d.cfg.ID, now, err.Error())
	default:
		res.Retried++
		return res, d.cfg.Store.RetryNotification(bg, row.ID, d.cfg.ID, now.Add(d.backoff(row.Attempts)), err.Error(), true)
	}
}

// backoff is the delay before the next try after the attempt-th failed:
// BackoffBase doubled each attempt, at most BackoffMax.
func (d *Dispatcher) backoff(attempt int) time.Duration {
	b := d.cfg.BackoffBase
	for i := 1; i < attempt && b < d.cfg.BackoffMax; i++ {
		b *= 2
	}
	return min(b, d.cfg.BackoffMax)
}
