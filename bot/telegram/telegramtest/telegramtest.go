// Package telegramtest is a fake Telegram Bot API for tests and benchmarks:
// an httptest.Server that answers the methods prixbot calls, records every
// call, and can be told to fail a method with 429, 403, 400 or 5xx. Like
// Telegram, getUpdates long-polls and keeps an update until a later call's
// offset confirms it.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Call is one recorded Bot API call.
type Call struct {
	Method string
	Params url.Values // form fields (multipart uploads: their text fields)
	// ViaWebhook marks a call that a webhook response carried (Perform).
	ViaWebhook bool
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
	updates  []update      // not yet confirmed, in order
	queued   chan struct{} // closed and replaced when an update is queued
	stop     chan struct{} // closed by Close, ends waiting getUpdates
	changed  chan struct{} // closed and replaced on every recorded call
	polling  int           // getUpdates calls in progress
	overlaps int           // getUpdates calls made while another was in progress
}

// update is a queued update and its id.
type update struct {
	id  int
	raw []byte
}

// New starts a fake Bot API. Close it when done.
func New() *Server {
	s := &Server{failures: map[string][]Failure{}, queued: make(chan struct{}), stop: make(chan struct{}), changed: make(chan struct{})}
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

// QueueUpdate makes getUpdates return this update (raw JSON with an
// update_id) until a getUpdates offset above its id confirms it.
func (s *Server) QueueUpdate(raw string) {
	var u struct {
		ID int `json:"update_id"`
	}
	json.Unmarshal([]byte(raw), &u)
	s.mu.Lock()
	s.updates = append(s.updates, update{id: u.ID, raw: []byte(raw)})
	close(s.queued)
	s.queued = make(chan struct{})
	s.mu.Unlock()
}

// Perform records a call that Telegram makes on the bot's behalf: the one
// a webhook response carries (form-encoded, with its "method"), as Telegram
// makes it once it has read the response. It reports the call, or false
// when the body carries none.
func (s *Server) Perform(contentType string, body []byte) (Call, bool) {
	if contentType != "application/x-www-form-urlencoded" {
		return Call{}, false
	}
	params, err := url.ParseQuery(string(body))
	if err != nil || params.Get("method") == "" {
		return Call{}, false
	}
	c := Call{Method: params.Get("method"), Params: params, ViaWebhook: true}
	params.Del("method")
	s.mu.Lock()
	s.record(c)
	s.mu.Unlock()
	return c, true
}

// record keeps a call when recording; s.mu is held.
func (s *Server) record(c Call) {
	if s.Record.Load() {
		s.calls = append(s.calls, c)
		close(s.changed)
		s.changed = make(chan struct{})
	}
}

// Overlaps returns how many getUpdates calls arrived while another was in
// progress: Telegram answers such a call 409 Conflict, a sign that two
// pollers run at once. The fake serves them normally.
func (s *Server) Overlaps() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overlaps
}

// Calls returns the calls so far, optionally only those of some methods.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || slices.Contains(methods, c.Method) {
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
	s.record(Call{Method: method, Params: r.Form})
	var fail *Failure
	if fs := s.failures[method]; len(fs) > 0 {
		fail, s.failures[method] = &fs[0], fs[1:]
	}
	s.mu.Unlock()
	var updates []json.RawMessage
	if method == "getUpdates" && fail == nil {
		var ok bool
		if updates, ok = s.getUpdates(r); !ok {
			return
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
		result = updates
	case "sendMessage", "sendPhoto", "sendDocument", "editMessageText":
		chat := json.Number(r.Form.Get("chat_id"))
		if _, err := chat.Int64(); err != nil {
			chat = "0"
		}
		result = map[string]any{"message_id": s.nextID.Add(1), "date": 0, "chat": map[string]any{"id": chat, "type": "private"}}
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// getUpdates confirms the updates below the call's offset and returns the
// others, waiting up to the call's timeout for one to be queued. It reports
// false when the client gave up.
func (s *Server) getUpdates(r *http.Request) ([]json.RawMessage, bool) {
	offset, _ := strconv.Atoi(r.Form.Get("offset"))
	timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
	s.mu.Lock()
	if s.polling > 0 {
		s.overlaps++
	}
	s.polling++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.polling--
		s.mu.Unlock()
	}()
	expired := time.After(time.Duration(timeout) * time.Second)
	for {
		s.mu.Lock()
		if offset > 0 {
			kept := s.updates[:0]
			for _, u := range s.updates {
				if u.id >= offset {
					kept = append(kept, u)
				}
			}
			s.updates = kept
		}
		list := []json.RawMessage{}
		for _, u := range s.updates {
			list = append(list, u.raw)
		}
		queued := s.queued
		s.mu.Unlock()
		if len(list) > 0 {
			return list, true
		}
		select {
		case <-queued:
		case <-expired:
			return list, true
		case <-s.stop:
			return list, true
		case <-r.Context().Done():
			return nil, false
		}
	}
}
