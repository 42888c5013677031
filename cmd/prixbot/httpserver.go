package main

import (
	"net/http"
	"time"
)

// HTTPTimeouts bound how long one client may hold a connection of the HTTP
// server on HTTP_ADDR, so that slow or idle clients cannot pile up.
type HTTPTimeouts struct {
	// ReadHeader bounds reading a request's headers.
	ReadHeader time.Duration
	// Read bounds reading a whole request, headers and body.
	Read time.Duration
	// Write bounds the time from the end of the headers to the end of the
	// response, so it covers the handler's work.
	Write time.Duration
	// Idle bounds how long a kept-alive connection waits for its next request.
	Idle time.Duration
}

// defaultHTTPTimeouts are generous for every endpoint: a webhook body is at
// most 1 MiB, a Slack request is acknowledged within 3 s, a Telegram update
// and a /metrics or /readyz query take a few seconds at worst.
var defaultHTTPTimeouts = HTTPTimeouts{
	ReadHeader: 5 * time.Second,
	Read:       15 * time.Second,
	Write:      30 * time.Second,
	Idle:       90 * time.Second,
}

// newHTTPServer returns the server for h with the timeouts t.
func newHTTPServer(h http.Handler, t HTTPTimeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
	}
}
