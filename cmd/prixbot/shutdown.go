package main

import "time"

// httpDrainTimeout bounds the wait for webhook requests in flight at
// shutdown. With the adapters' and the dispatcher's own stops and the
// embedded cluster's fast shutdown, `prixbot run` exits within 10 s of
// SIGTERM, Docker's and Kubernetes' default grace period.
const httpDrainTimeout = 5 * time.Second
