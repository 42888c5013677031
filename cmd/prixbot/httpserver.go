package main

import (
	"context"
	"net"
	"net/http"
	"sync"
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

// httpServer is the HTTP server on HTTP_ADDR, whose shutdown does not wait
// for connections that never sent a request.
type httpServer struct {
	*http.Server

	mu      sync.Mutex
	fresh   map[net.Conn]struct{} // accepted, no request read yet
	closing bool
}

// newHTTPServer returns the server for h with the timeouts t.
func newHTTPServer(h http.Handler, t HTTPTimeouts) *httpServer {
	s := &httpServer{fresh: map[net.Conn]struct{}{}}
	s.Server = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		ConnState:         s.connState,
	}
	return s
}

// connState keeps the connections that have not sent a request yet, and
// closes one at once when the server is shutting down.
func (s *httpServer) connState(c net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case st == http.StateNew && s.closing:
		c.Close()
	case st == http.StateNew:
		s.fresh[c] = struct{}{}
	default:
		delete(s.fresh, c)
	}
}

// shutdown stops taking connections and waits, until ctx ends, for the
// requests in flight. A connection that has not sent a request is closed
// at once: http.Server.Shutdown would wait five seconds for its first
// request (a client's spare connection, opened ahead of need, never sends
// one), and the client sends its request again elsewhere, as Telegram and
// Slack do with a connection that failed.
func (s *httpServer) shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for c := range s.fresh {
		c.Close()
	}
	clear(s.fresh)
	s.mu.Unlock()
	return s.Shutdown(ctx)
}
