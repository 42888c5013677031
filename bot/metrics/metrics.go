package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Outcomes of handling an update, the outcome label of prixbot_updates_total.
const (
	// OK is an update handled with its effect committed (a user's mistake
	// answered with an explanation included).
	OK = "ok"
	// Duplicate is a redelivered update, dropped.
	Duplicate = "duplicate"
	// Rejected is a request refused before handling: malformed, forged or
	// too big (a 4xx answer to the platform).
	Rejected = "rejected"
	// Error is an internal failure: the user got an apology and it was logged.
	Error = "error"
	// Unavailable is an update not handled because the infrastructure
	// failed (the database down or out of connections): left for the
	// platform to deliver again, or answered with an apology where it
	// cannot be.
	Unavailable = "unavailable"
)

var registry = prometheus.NewRegistry()

var (
	updates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prixbot_updates_total",
		Help: "Platform updates handled, by platform and outcome (ok, duplicate, rejected, error, unavailable).",
	}, []string{"platform", "outcome"})
	handleSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "prixbot_update_handle_seconds",
		Help:    "Time to handle one platform update, from decoding to the committed effect, by platform.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"platform"})
	apiCalls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prixbot_platform_calls_total",
		Help: "Calls to a platform's API (sends, answers, polls), by platform, method and HTTP status code (none: no response).",
	}, []string{"platform", "method", "code"})
	apiSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "prixbot_platform_call_seconds",
		Help:    "Duration of one call to a platform's API, by platform and method.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"platform", "method"})
	cronLastRun = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "prixbot_cron_last_run_timestamp_seconds",
		Help: "Unix time of the last completed run of a scheduled job, by job.",
	}, []string{"job"})
	ready = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "prixbot_component_ready",
		Help: "1 when a component (database, an adapter, the dispatcher) reports it can do its job, else 0.",
	}, []string{"component"})
)

func init() {
	registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		updates, handleSeconds, apiCalls, apiSeconds, cronLastRun, ready,
		&dbCollector{}, &outboxCollector{}, &votesCollector{}, collectorErrors,
	)
}

// Handler serves prixbot's metrics in the Prometheus exposition format.
func Handler() http.Handler {
	// A collector that fails counts in prixbot_collector_errors_total and
	// reports nothing; should one fail otherwise, the others are still served.
	return promhttp.HandlerFor(registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// UpdateHandled records one update handled on platform with its outcome (OK,
// Duplicate, Rejected, Error or Unavailable) and how long it took.
func UpdateHandled(platform, outcome string, d time.Duration) {
	updates.WithLabelValues(platform, outcome).Inc()
	handleSeconds.WithLabelValues(platform).Observe(d.Seconds())
}

// Called records one call to platform's API method that got the HTTP status
// code (0 when no response came back) after d.
func Called(platform, method string, code int, d time.Duration) {
	label := "none"
	if code > 0 {
		label = strconv.Itoa(code)
	}
	apiCalls.WithLabelValues(platform, method, label).Inc()
	apiSeconds.WithLabelValues(platform, method).Observe(d.Seconds())
}

// CronRan records that the scheduled job completed a run at t.
func CronRan(job string, t time.Time) {
	cronLastRun.WithLabelValues(job).Set(float64(t.UnixNano()) / 1e9)
}

// source holds what a collector reads at scrape time; nil means nothing to
// report (no database yet, or a test's process).
type source[T any] struct {
	mu sync.Mutex
	v  T
}

func (s *source[T]) set(v T) {
	s.mu.Lock()
	s.v = v
	s.mu.Unlock()
}

func (s *source[T]) get() T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v
}

var db source[*sql.DB]

// SetDB makes the metrics report db's connection-pool statistics; nil stops
// them.
func SetDB(d *sql.DB) { db.set(d) }

// OutboxStats is the state of the notification outbox.
type OutboxStats struct {
	// Due counts messages waiting to be sent now (not sent, not given up, due).
	Due int
	// Scheduled counts messages waiting for a later time.
	Scheduled int
	// Dead counts messages given up after their retries (not blocked users).
	Dead int
	// OldestDue is how long the oldest due message has been waiting.
	OldestDue time.Duration
}

// OutboxFunc reads the outbox's state at scrape time.
type OutboxFunc func(ctx context.Context) (OutboxStats, error)

var outbox source[OutboxFunc]

// SetOutbox makes the metrics report the outbox through fn; nil stops them.
func SetOutbox(fn OutboxFunc) { outbox.set(fn) }

// VotesFunc reads the counted (not voided) votes of the current contest by
// platform at scrape time. Reading them from the database rather than
// counting in the process keeps the figure right across replicas and
// restarts.
type VotesFunc func(ctx context.Context) (map[string]int, error)

var votesSource source[VotesFunc]

// SetVotes makes the metrics report votes through fn; nil stops them.
func SetVotes(fn VotesFunc) { votesSource.set(fn) }
