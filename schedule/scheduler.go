package schedule

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"prixbot/bot"
	"prixbot/bot/metrics"
	"prixbot/contest"
	"prixbot/store"
)

// SchedulerConfig configures a Scheduler. Zero fields take the defaults.
type SchedulerConfig struct {
	Store *store.Store
	// AnnounceChannel is the Slack channel for announcements
	// (SLACK_ANNOUNCE_CHANNEL); empty means none.
	AnnounceChannel string
	// Spec is the robfig/cron schedule of ticks; default "@every 1m".
	Spec string
	// ClosingSoon is how long before a phase ends the "closing" notice is due;
	// default 24h.
	ClosingSoon time.Duration
	// StaleAfter is how long after a phase ends its "closed" notice is still
	// worth sending; default 24h.
	StaleAfter time.Duration
	// QuietStart and QuietEnd bound the quiet hours as offsets from local
	// midnight; default 22h and 8h.
	QuietStart, QuietEnd time.Duration
	Now                  func() time.Time // default time.Now
	Log                  *slog.Logger     // default slog.Default()
}

// Scheduler materialises the calendar's due notices into the outbox.
type Scheduler struct {
	cfg SchedulerConfig

	// mu makes ticks take turns (Run already does; tests call runOnce).
	mu sync.Mutex
	// dealt holds keys of notices of contest dealtID known to be in
	// schedule_notices, whose rows are never deleted but with their contest:
	// a tick with no due notice outside it has nothing to do, and skips
	// reading schedule_notices.
	dealtID int64
	dealt   map[string]bool
}

// NewScheduler returns a Scheduler with cfg's defaults filled in.
func NewScheduler(cfg SchedulerConfig) *Scheduler {
	cfg.Spec = cmp.Or(cfg.Spec, "@every 1m")
	cfg.ClosingSoon = cmp.Or(cfg.ClosingSoon, 24*time.Hour)
	cfg.StaleAfter = cmp.Or(cfg.StaleAfter, 24*time.Hour)
	if cfg.QuietStart == 0 && cfg.QuietEnd == 0 {
		cfg.QuietStart, cfg.QuietEnd = 22*time.Hour, 8*time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Scheduler{cfg: cfg}
}

// TickResult is what one tick did.
type TickResult struct {
	Now      time.Time
	Enqueued []string // keys of the notices fanned out by this tick
	Stale    []string // keys of the notices dropped as stale by this tick
	// BeforeImport are the keys of the notices this tick passed over because
	// they were stale before the contest was imported: none was missed.
	BeforeImport []string
	Rows         int // outbox rows added
	Erased       int // accounts erased by the contest's retention setting
	Purged       int // phone hashes of erased voters dropped since the vote closed
}

// Run ticks on the configured schedule, once straight away, until ctx ends.
// A tick still running when the next is due makes that one skip. It fails
// only on a bad Spec.
func (s *Scheduler) Run(ctx context.Context) error {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	if _, err := c.AddFunc(s.cfg.Spec, func() { s.tick(ctx) }); err != nil {
		return fmt.Errorf("schedule spec %q: %w", s.cfg.Spec, err)
	}
	s.tick(ctx)
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

func (s *Scheduler) tick(ctx context.Context) {
	res, err := s.runOnce(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.cfg.Log.Error("scheduler tick failed", "err", err)
		}
		return
	}
	metrics.CronRan("notifications", res.Now)
	if len(res.Enqueued) > 0 {
		s.cfg.Log.Info("notices enqueued", "notices", res.Enqueued, "rows", res.Rows)
	}
}

// runOnce deals with every notice of the current contest that is due and not
// yet dealt with. No contest is not an error.
func (s *Scheduler) runOnce(ctx context.Context) (TickResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now()
	res := TickResult{Now: now}
	ed, err := s.cfg.Store.Current(ctx)
	if err != nil {
		if contest.ErrorCode(err) == contest.NotFound {
			return res, nil
		}
		return res, err
	}
	notices := plan(ed.Contest, planConfig{
		channel:     s.cfg.AnnounceChannel != "",
		closingSoon: s.cfg.ClosingSoon,
		staleAfter:  s.cfg.StaleAfter,
		quiet:       quietHours{Start: s.cfg.QuietStart, End: s.cfg.QuietEnd},
	})
	if s.dealt == nil || s.dealtID != ed.ID {
		s.dealtID, s.dealt = ed.ID, map[string]bool{}
	}
	// triage only drops notices that are done, so with the keys known done,
	// a subset of those in schedule_notices, it finds at least as much to do.
	send, stale := triage(notices, s.dealt, now)
	if len(send)+len(stale) > 0 {
		done, err := s.cfg.Store.ScheduledNotices(ctx, ed.ID)
		if err != nil {
			return res, err
		}
		s.dealt = done
		send, stale = triage(notices, done, now)
	}
	send = s.holdForMorning(send, now, ed.Contest.Location)
	for _, n := range stale {
		err := s.cfg.Store.InTx(ctx, func(tx *store.Tx) error {
			first, err := tx.ClaimNotice(ctx, ed.ID, n.Key, n.At, now, store.NoticeStale)
			switch {
			case err != nil || !first:
			case !n.Until.After(ed.ImportedAt):
				// Not missed: the contest did not exist yet (a fresh install
				// of a contest already under way, the demo's past phases).
				s.cfg.Log.Debug("notice skipped: its moment passed before the contest was imported",
					"notice", n.Key, "due", n.At, "imported", ed.ImportedAt)
				res.BeforeImport = append(res.BeforeImport, n.Key)
			default:
				s.cfg.Log.Warn("notice dropped: its moment passed while the scheduler was down",
					"notice", n.Key, "due", n.At, "stale_since", n.Until)
				res.Stale = append(res.Stale, n.Key)
			}
			return err
		})
		if err != nil {
			return res, err
		}
		s.dealt[n.Key] = true
	}
	for _, n := range send {
		err := s.cfg.Store.InTx(ctx, func(tx *store.Tx) error {
			first, err := tx.ClaimNotice(ctx, ed.ID, n.Key, n.At, now, store.NoticeEnqueued)
			if err != nil || !first {
				return err
			}
			rows, err := bot.NoticeRows(ctx, tx, ed, n.Notice, s.cfg.AnnounceChannel, now)
			if err != nil {
				return err
			}
			k, err := tx.EnqueueBatch(ctx, rows, now)
			if err != nil {
				return err
			}
			if err := tx.SetNoticeRecipients(ctx, ed.ID, n.Key, k); err != nil {
				return err
			}
			res.Enqueued = append(res.Enqueued, n.Key)
			res.Rows += k
			return nil
		})
		if err != nil {
			return res, err
		}
		s.dealt[n.Key] = true
	}
	// Erasure: an erased voter's phone hash goes once the vote has closed,
	// and every identity retention_days after the ceremony.
	if res.Purged, err = s.cfg.Store.PurgeErasedPhoneHashes(ctx, now); err != nil {
		return res, err
	}
	res.Erased, err = s.cfg.Store.ApplyRetention(ctx, ed, now)
	if res.Erased > 0 {
		s.cfg.Log.Info("retention: erased voters' identities", "accounts", res.Erased)
	}
	return res, err
}

// holdForMorning keeps back, during quiet hours, the private notices that
// are only found due now (after downtime) and can still wait for the morning;
// a later tick sends them, or drops them if they are stale by then.
func (s *Scheduler) holdForMorning(send []notice, now time.Time, loc *time.Location) []notice {
	q := quietHours{Start: s.cfg.QuietStart, End: s.cfg.QuietEnd}
	out := send[:0]
	for _, n := range send {
		if private(n.Audience) && q.quiet(now.In(loc)) {
			var deadline time.Time
			if n.Kind != bot.NoticeClosed {
				deadline = n.Phase.End
			}
			if q.shift(now, n.Phase.Start, deadline, loc).After(now) {
				continue
			}
		}
		out = append(out, n)
	}
	return out
}
