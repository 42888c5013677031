package metrics

import (
	"context"
	"net/http"
	"path"
	"time"

	"prixbot/bot"
)

// UpdateHandler handles one Event; *bot.Bot is one, and so is what
// Instrument returns.
type UpdateHandler interface {
	Handle(ctx context.Context, ev bot.Event) (*bot.Response, error)
}

// Instrument returns h with every Handle counted in prixbot_updates_total by
// platform and outcome, and timed in prixbot_update_handle_seconds.
func Instrument(h UpdateHandler) UpdateHandler { return instrumented{h} }

type instrumented struct{ h UpdateHandler }

func (i instrumented) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	began := time.Now()
	resp, err := i.h.Handle(ctx, ev)
	outcome := OK
	switch {
	case err != nil:
		outcome = Error
	case resp != nil && resp.Duplicate:
		outcome = Duplicate
	}
	UpdateHandled(ev.Platform, outcome, time.Since(began))
	return resp, err
}

// CountRejected wraps a platform's webhook handler so that the requests it
// refuses (any 4xx: forged, malformed, too big) count as Rejected updates.
func CountRejected(platform string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		began := time.Now()
		h.ServeHTTP(rec, r)
		if rec.status >= 400 && rec.status < 500 {
			UpdateHandled(platform, Rejected, time.Since(began))
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Transport returns base (http.DefaultTransport when nil) with every call
// counted in prixbot_platform_calls_total by platform, API method and status
// code. The method is the last element of the URL path ("sendMessage",
// "chat.postMessage"); the rest of the path, which holds Telegram's token,
// is never used.
func Transport(platform string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return transport{platform: platform, base: base}
}

type transport struct {
	platform string
	base     http.RoundTripper
}

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	began := time.Now()
	resp, err := t.base.RoundTrip(req)
	code := 0
	if err == nil {
		code = resp.StatusCode
	}
	Called(t.platform, path.Base(req.URL.Path), code, time.Since(began))
	return resp, err
}
