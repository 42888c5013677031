// Package telegramtest is a fake Telegram Bot API for tests and benchmarks:
// an httptest.Server that answers the methods prixbot calls, records every
// call, and can be told to fail a method with 429, 403, 400 or 5xx.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Call is one recorded Bot API call.
type Call struct {
	Method string
	Params url.Values // form fields (multipart uploads: their text fields)
}

// Failure is an injected error response.
type Failure struct {
	Status     int  // HTTP status and error_code, e.g. 429
	RetryAfter int  // seconds, for 429
	Raw        bool // answer with a non-JSON body, like a proxy in trouble
}

// Server is a fake Bot API.
type Server struct {
	*httptest.Server
	// Record, when false, keeps no calls (for benchmarks); true by default.
	Record atomic.Bool

	nextID   atomic.Int64
	mu       sync.Mutex
	calls    []Call
	failures map[string][]Failure
	updates  [][]byte
	queued   chan struct{} // signals a queued update to a waiting getUpdates
	stop     chan struct{} // closed by Close, ends waiting getUpdates
	changed  chan struct{} // closed and replaced on every recorded call
}

// New starts a fake Bot API. Close it when done.
func New() *Server {
	s := &Server{failures: map[string][]Failure{}, queued: make(chan struct{}, 1), stop: make(chan struct{}), changed: make(chan struct{})}
	s.Record.Store(true)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Endpoint is the API endpoint in tgbotapi's format, for TELEGRAM_API_ENDPOINT.
func (s *Server) Endpoint() string { return s.URL + "/bot%s/%s" }

// Close ends waiting long polls and shuts the server down.
func (s *Server) Close() {
	close(s.stop)
	s.Server.Close()
}

// Fail makes the next calls of method fail, one per Failure, in order.
func (s *Server) Fail(method string, fs ...Failure) {
	s.mu.Lock()
	s.failures[method] = append(s.failures[method], fs...)
	s.mu.Unlock()
}

// QueueUpdate makes the next getUpdates return this update (raw JSON).
func (s *Server) QueueUpdate(update string) {
	s.mu.Lock()
	s.updates = append(s.updates, []byte(update))
	s.mu.Unlock()
	select {
	case s.queued <- struct{}{}:
	default:
	}
}

// Calls returns the calls so far, optionally only those of some methods.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until at least n calls of method are recorded, or timeout
// passes; it reports whether they were.
func (s *Server) WaitFor(method string, n int, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if len(s.Calls(method)) >= n {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// /bot<token>/<method>
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "bot") {
		http.NotFound(w, r)
		return
	}
	method := parts[1]
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		r.ParseMultipartForm(10 << 20)
	} else {
		r.ParseForm()
	}
	s.mu.Lock()
	if s.Record.Load() {
		s.calls = append(s.calls, Call{Method: method, Params: r.Form})
		close(s.changed)
		s.changed = make(chan struct{})
	}
	var fail *Failure
	if fs := s.failures[method]; len(fs) > 0 {
		fail, s.failures[method] = &fs[0], fs[1:]
	}
	var updates [][]byte
	if method == "getUpdates" {
		updates, s.updates = s.updates, nil
	}
	s.mu.Unlock()
	if method == "getUpdates" && fail == nil && len(updates) == 0 {
		// Long poll: wait for an update or the client to give up.
		select {
		case <-s.queued:
			s.mu.Lock()
			updates, s.updates = s.updates, nil
			s.mu.Unlock()
		case <-r.Context().Done():
			return
		case <-s.stop:
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if fail != nil {
		w.WriteHeader(fail.Status)
		if fail.Raw {
			fmt.Fprint(w, "<html>bad gateway</html>")
			return
		}
		resp := map[string]any{"ok": false, "error_code": fail.Status, "description": http.StatusText(fail.Status)}
		if fail.RetryAfter > 0 {
			resp["parameters"] = map[string]any{"retry_after": fail.RetryAfter}
		}
		json.NewEncoder(w).Encode(resp)
		return
	}
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 4242, "is_bot": true, "first_name": "Prix", "username": "prix_test_bot"}
	case "getUpdates":
		list := make([]json.RawMessage, len(updates))
		for i, u := range updates {
			list[i] = u
		}
		result = list
	case "sendMessage", "sendPhoto", "sendDocument", "editMessageText":
		chat := json.Number(r.Form.Get("chat_id"))
		if _, err := chat.Int64(); err != nil {
			chat = "0"
		}
		result = map[string]any{"message_id": s.nextID.Add(1), "date": 0, "chat": map[string]any{"id": chat, "type": "private"}}
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}
