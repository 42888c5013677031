package main

import (
	"context"
	"sync"
	"time"

	"prixbot/bot"
	"prixbot/schedule"
	"prixbot/store"
)

// startNotifications runs the notification scheduler (calendar notices into
// the outbox) and the outbox dispatcher (delivery through senders, one per
// platform; a platform without one keeps its rows in the outbox) until the
// returned stop function is called. stop waits for both, so that the sends
// under way are recorded before the database closes, but at most
// sendDrainTimeout: a Bot API call cannot be cancelled, and shutdown must end
// within 10 s. A send abandoned then is retried when its lease expires.
func (c *cli) startNotifications(ctx context.Context, st *store.Store, senders map[string]bot.Sender) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	s := schedule.NewScheduler(schedule.SchedulerConfig{Store: st, AnnounceChannel: c.cfg.SlackAnnounceChannel, Log: c.log})
	d := schedule.NewDispatcher(schedule.DispatcherConfig{Store: st, Senders: senders, Log: c.log})
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := s.Run(ctx); err != nil {
			c.log.Error("notification scheduler stopped", "err", err)
		}
	})
	wg.Go(func() { d.Run(ctx) })
	return func() {
		cancel()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(sendDrainTimeout):
			c.log.Warn("shutdown: notification sends still under way were abandoned; they are retried once their lease expires",
				"waited", sendDrainTimeout)
		}
	}
}
