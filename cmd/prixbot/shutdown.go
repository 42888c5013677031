package main

import "time"

// Shutdown budget: `prixbot run` exits within 10 s of SIGTERM, Docker's and
// Kubernetes' default grace period. In order: webhook requests in flight
// (httpDrainTimeout), notification sends under way (sendDrainTimeout), the
// Telegram workers' update in hand (telegram.Config.ShutdownGrace, 3 s by
// default), then the embedded cluster's fast shutdown (tens of ms).
const (
	httpDrainTimeout = 5 * time.Second
	sendDrainTimeout = 2 * time.Second
)
