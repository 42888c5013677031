// Package metrics is prixbot's Prometheus instrumentation and readiness
// registry.
//
// Code that handles updates, sends messages or runs scheduled work reports
// through the package-level hooks (UpdateHandled, Voted, Sent, CronRan);
// the process wires its database pool and outbox with SetDB and SetOutbox,
// and every long-lived component (an adapter, the dispatcher) reports
// whether it can do its job with SetReady. Handler serves the metrics for
// `GET /metrics`; NotReady tells `GET /readyz` what is missing.
//
// The metrics live in a registry of their own, not in Prometheus's default
// one, so nothing a dependency registers leaks into prixbot's exposition.
// Labels carry only platforms, outcomes, status codes and job names: never a
// user id, a chat id or anything personal.
package metrics
