package schedule

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/store"
)

// benchBroadcast prepares a broadcast of the public vote's opening to n
// Telegram subscribers, due now, and a fake Telegram API over HTTP. It
// reports how long the scheduler took to fan the notice out.
func benchBroadcast(b *testing.B, n int) (*store.Store, *fakePlatform, bot.Sender, time.Duration) {
	b.Helper()
	st, _ := newStore(b)
	ed := saveContest(b, st, calendarPhases, calendarReminders)
	seedSubscribers(b, st, ed.ID, n, "b")
	s := NewScheduler(SchedulerConfig{Store: st, Now: func() time.Time { return local(b, "2026-05-04 09:00") }})
	began := time.Now()
	res, err := s.runOnce(context.Background())
	if err != nil || res.Rows != n {
		b.Fatalf("fan-out: %+v, %v", res, err)
	}
	fanout := time.Since(began)
	sqlExec(b, st, `UPDATE outbox SET not_before = now() - interval '1 minute'`)
	fake := &fakePlatform{Name: bot.Telegram}
	srv := httptest.NewServer(fake)
	b.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return st, fake, httpSender{URL: srv.URL, Client: client}, fanout
}

// BenchmarkBroadcastRaisedLimits measures the dispatcher alone: a broadcast
// to 100,000 subscribers through a fake Telegram API over HTTP with the
// limits raised out of the way. Run it with -benchtime=1x.
func BenchmarkBroadcastRaisedLimits(b *testing.B) {
	const n = 100_000
	st, fake, sender, fanout := benchBroadcast(b, n)
	d := NewDispatcher(DispatcherConfig{Store: st, Limits: fast, Workers: 32, BatchSize: 500,
		Senders: map[string]bot.Sender{bot.Telegram: sender}})
	var total DispatchResult
	b.ResetTimer()
	for i := range b.N {
		if i > 0 {
			b.StopTimer()
			sqlExec(b, st, `UPDATE outbox SET sent_at = NULL, attempts = 0`)
			b.StartTimer()
		}
		began := time.Now()
		res := drain(b, d)
		elapsed := time.Since(began)
		if res.Sent != n {
			b.Fatalf("sent %d of %d: %+v", res.Sent, n, res)
		}
		total.add(res)
		b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
	}
	b.StopTimer()
	b.ReportMetric(float64(fanout.Milliseconds()), "fanout-ms")
	b.ReportMetric(float64(total.MaxWindow.Microseconds()), "max-window-µs")
	b.ReportMetric(float64(total.TotalWindow.Microseconds())/float64(total.Sent), "mean-window-µs")
	if len(fake.deliveries()) != n*b.N {
		b.Fatalf("the fake got %d messages, want %d", len(fake.deliveries()), n*b.N)
	}
}

// BenchmarkBroadcastDefaultLimits60s runs the dispatcher with the default
// limits for 60 seconds of a broadcast to 100,000 subscribers and reports
// the rate the fake Telegram API saw (target: at least 95 % of 30/s) and the
// most requests it saw in any sliding second (never over 30). It takes a
// minute whatever -benchtime says; run it with -benchtime=1x.
func BenchmarkBroadcastDefaultLimits60s(b *testing.B) {
	const n, window = 100_000, 60 * time.Second
	st, fake, sender, fanout := benchBroadcast(b, n)
	d := NewDispatcher(DispatcherConfig{Store: st, Senders: map[string]bot.Sender{bot.Telegram: sender}})
	b.ResetTimer()
	ctx, cancel := context.WithTimeout(context.Background(), window)
	defer cancel()
	var total DispatchResult
	for ctx.Err() == nil { // Run's loop, keeping the results
		res, err := d.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			b.Fatal(err)
		}
		total.add(res)
	}
	b.StopTimer()
	b.ReportMetric(float64(fanout.Milliseconds()), "fanout-ms")
	b.ReportMetric(float64(total.MaxWindow.Microseconds()), "max-window-µs")
	b.ReportMetric(float64(total.TotalWindow.Microseconds())/float64(max(1, total.Sent)), "mean-window-µs")
	got := fake.deliveries()
	if len(got) < 2 {
		b.Fatalf("only %d deliveries", len(got))
	}
	span := got[len(got)-1].Wall.Sub(got[0].Wall)
	rate := float64(len(got)-1) / span.Seconds()
	r := fake.rates(time.Second)
	b.ReportMetric(float64(len(got)), "msgs")
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(100*rate/30, "%-of-30/s")
	b.ReportMetric(float64(r.MaxPerSecond), "max-in-1s")
	if r.MaxPerSecond > 30 {
		b.Errorf("%d requests in one second, limit 30", r.MaxPerSecond)
	}
	h, err := st.OutboxHealth(context.Background(), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if h.Sent != len(got) || h.Dead != 0 {
		b.Errorf("outbox %+v after %d deliveries", h, len(got))
	}
}
