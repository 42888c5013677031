// Package metrics is prixbot's Prometheus instrumentation and readiness
// registry.
//
// The process wraps what handles updates with Instrument, webhook endpoints
// with CountRejected and the platforms' HTTP clients with Transport;
// scheduled work reports with CronRan. The database pool, the outbox and the
// vote counts are read at scrape time through SetDB, SetOutbox and SetVotes,
// so the figures hold across replicas. Every long-lived component (an
// adapter, the dispatcher) reports whether it can do its job with SetReady. Handler serves the metrics for
// `GET /metrics`; NotReady tells `GET /readyz` what is missing.
//
// The metrics live in a registry of their own, not in Prometheus's default
// one, so nothing a dependency registers leaks into prixbot's exposition.
// Labels carry only platforms, outcomes, status codes and job names: never a
// user id, a chat id or anything personal.
package metrics
