package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the queries a scrape runs.
const scrapeTimeout = 2 * time.Second

// dbCollector reports sql.DB.Stats() of the pool given to SetDB.
type dbCollector struct{}

var (
	dbOpen      = prometheus.NewDesc("prixbot_db_open_connections", "Connections open in the database pool, in use or idle.", nil, nil)
	dbInUse     = prometheus.NewDesc("prixbot_db_in_use_connections", "Connections of the pool in use.", nil, nil)
	dbIdle      = prometheus.NewDesc("prixbot_db_idle_connections", "Idle connections of the pool.", nil, nil)
	dbMaxOpen   = prometheus.NewDesc("prixbot_db_max_open_connections", "Upper bound of the pool.", nil, nil)
	dbWaitCount = prometheus.NewDesc("prixbot_db_wait_count_total", "Times a caller waited for a connection.", nil, nil)
	dbWaitTime  = prometheus.NewDesc("prixbot_db_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
	dbClosed    = prometheus.NewDesc("prixbot_db_closed_connections_total", "Connections closed, by reason (max_idle, max_idle_time, max_lifetime).", []string{"reason"}, nil)
)

func (dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{dbOpen, dbInUse, dbIdle, dbMaxOpen, dbWaitCount, dbWaitTime, dbClosed} {
		ch <- d
	}
}

func (dbCollector) Collect(ch chan<- prometheus.Metric) {
	d := db.get()
	if d == nil {
		return
	}
	s := d.Stats()
	ch <- prometheus.MustNewConstMetric(dbOpen, prometheus.GaugeValue, float64(s.OpenConnections))
	ch <- prometheus.MustNewConstMetric(dbInUse, prometheus.GaugeValue, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(dbIdle, prometheus.GaugeValue, float64(s.Idle))
	ch <- prometheus.MustNewConstMetric(dbMaxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections))
	ch <- prometheus.MustNewConstMetric(dbWaitCount, prometheus.CounterValue, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(dbWaitTime, prometheus.CounterValue, s.WaitDuration.Seconds())
	ch <- prometheus.MustNewConstMetric(dbClosed, prometheus.CounterValue, float64(s.MaxIdleClosed), "max_idle")
	ch <- prometheus.MustNewConstMetric(dbClosed, prometheus.CounterValue, float64(s.MaxIdleTimeClosed), "max_idle_time")
	ch <- prometheus.MustNewConstMetric(dbClosed, prometheus.CounterValue, float64(s.MaxLifetimeClosed), "max_lifetime")
}

// collectorErrors counts the scrapes in which a collector that reads the
// database failed. Such a collector then reports nothing that scrape rather
// than a stale figure or an error: an error would make the whole scrape
// fail, and the other metrics (the pool's among them) vanish exactly when
// the database is in trouble.
var collectorErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "prixbot_collector_errors_total",
	Help: "Scrapes in which a collector could not read the database (its metrics are then missing from that scrape), by collector (outbox, votes).",
}, []string{"collector"})

func init() {
	for _, c := range []string{"outbox", "votes"} {
		collectorErrors.WithLabelValues(c) // shown at 0 from the start
	}
}

// outboxCollector reports the outbox through the function given to SetOutbox.
type outboxCollector struct{}

var (
	outboxDepth  = prometheus.NewDesc("prixbot_outbox_depth", "Notifications in the outbox not yet sent, by state (due: to send now; scheduled: later; dead: given up).", []string{"state"}, nil)
	outboxOldest = prometheus.NewDesc("prixbot_outbox_oldest_due_seconds", "How long the oldest due notification has been waiting (0 when none is due).", nil, nil)
)

func (outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxOldest
}

func (outboxCollector) Collect(ch chan<- prometheus.Metric) {
	fn := outbox.get()
	if fn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	s, err := fn(ctx)
	if err != nil {
		collectorErrors.WithLabelValues("outbox").Inc()
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(s.Due), "due")
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(s.Scheduled), "scheduled")
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(s.Dead), "dead")
	ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, s.OldestDue.Seconds())
}

// votesCollector reports votes through the function given to SetVotes.
type votesCollector struct{}

var votesDesc = prometheus.NewDesc("prixbot_votes", "Counted (not voided) public votes of the current contest, by platform, read from the database.", []string{"platform"}, nil)

func (votesCollector) Describe(ch chan<- *prometheus.Desc) { ch <- votesDesc }

func (votesCollector) Collect(ch chan<- prometheus.Metric) {
	fn := votesSource.get()
	if fn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	byPlatform, err := fn(ctx)
	if err != nil {
		collectorErrors.WithLabelValues("votes").Inc()
		return
	}
	for p, n := range byPlatform {
		ch <- prometheus.MustNewConstMetric(votesDesc, prometheus.GaugeValue, float64(n), p)
	}
}
