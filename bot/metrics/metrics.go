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
	// OK is an update handled with its effect committed.
	OK = "ok"
	// Duplicate is a redelivered update, dropped.
	Duplicate = "duplicate"
	// UserError is an update refused with an answer to the user (a closed
	// vote, an unknown project, a second vote …).
	UserError = "user_error"
	// Rejected is input refused before handling: malformed, forged or too big.
	Rejected = "rejected"
	// Error is an internal failure: the user got an apology and it was logged.
	Error = "error"
)

var registry = prometheus.NewRegistry()

var (
	updates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prixbot_updates_total",
		Help: "Platform updates handled, by platform and outcome (ok, duplicate, user_error, rejected, error).",
	}, []string{"platform", "outcome"})
	handleSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "prixbot_update_handle_seconds",
		Help:    "Time to handle one platform update, from decoding to the committed effect, by platform.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"platform"})
	votes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prixbot_votes_total",
		Help: "Public votes committed, by platform.",
	}, []string{"platform"})
	sends = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prixbot_sends_total",
		Help: "Calls to a platform's send API, by platform and HTTP status code (none: no response).",
	}, []string{"platform", "code"})
	sendSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "prixbot_send_seconds",
		Help:    "Duration of one call to a platform's send API, by platform.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"platform"})
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
		updates, handleSeconds, votes, sends, sendSeconds, cronLastRun, ready,
		&dbCollector{}, &outboxCollector{},
	)
}

// Handler serves prixbot's metrics in the Prometheus exposition format.
func Handler() http.Handler {
	return promhttp.HandlerFor(registry, promhttp.HandlerOpts{})
}

// UpdateHandled records one update handled on platform with its outcome (OK,
// Duplicate, UserError, Rejected or Error) and how long it took.
func UpdateHandled(platform, outcome string, d time.Duration) {
	updates.WithLabelValues(platform, outcome).Inc()
	handleSeconds.WithLabelValues(platform).Observe(d.Seconds())
}

// Voted records one public vote committed on platform.
func Voted(platform string) { votes.WithLabelValues(platform).Inc() }

// Sent records one call to platform's send API that got the HTTP status code
// (0 when no response came back) after d.
func Sent(platform string, code int, d time.Duration) {
	label := "none"
	if code > 0 {
		label = strconv.Itoa(code)
	}
	sends.WithLabelValues(platform, label).Inc()
	sendSeconds.WithLabelValues(platform).Observe(d.Seconds())
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
