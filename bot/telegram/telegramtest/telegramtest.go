// Package telegramtest is a fake Telegram Bot API for tests and benchmarks:
// an httptest.Server that answers the methods prixbot calls, records every
// call, and can be told to fail a method with 429, 403, 400 or 5xx. Like
// Telegram, getUpdates long-polls and keeps an update until a later call's
// offset confirms it.
//
// It is as strict as Telegram, so that what passes here passes there: it
// answers 429 with parameters.retry_after beyond 30 messages a second for
// the bot or one a second to a chat (Limits; a test that needs a fast burst
// raises them, one that runs the bot's pacing in a shortened second shortens
// the fake's alike), and 400 with Telegram's description for a text over 4096
// UTF-16 code units, a caption over 1024, a button press's answer over 200,
// callback data over 64 bytes, an inline button with no action or more than
// one, a Mini App (web_app) button whose address is not https or that is
// not in a private chat, a photo URL it cannot fetch, and an edit that
// changes nothing ("message is not modified") or finds no message.
//
// InitData signs a Mini App's initData as Telegram does.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf16"

	"golang.org/x/time/rate"
)

// Call is one recorded Bot API call.
type Call struct {
	Method string
	Params url.Values // form fields (multipart uploads: their text fields)
	// ViaWebhook marks a call that a webhook response carried (Perform).
	ViaWebhook bool
	// Error is, for a call the fake refused because it broke a rule or a
	// limit (Refused), Telegram's description, e.g. "Bad Request: message
	// is too long"; "" for a call it accepted.
	Error string
}

// Limits are the rates of messages (sends and edits) the fake accepts;
// beyond them it answers 429 with retry_after. rate.Inf turns one off.
type Limits struct {
	Messages rate.Limit // per Second for the whole bot
	PerChat  rate.Limit // per Second to one chat
	// Second is how long the fake's second lasts; zero means time.Second.
	// A test that runs the bot's pacing in a shortened second
	// (pace.Limits.Second) shortens the fake's alike: the rates count per
	// Second and retry_after counts Seconds.
	Second time.Duration
}

// second is l.Second, or time.Second when it is not set.
func (l Limits) second() time.Duration {
	if l.Second > 0 {
		return l.Second
	}
	return time.Second
}

// perSecond converts a rate per Second of l to one per real second.
func (l Limits) perSecond(r rate.Limit) rate.Limit {
	if r == rate.Inf {
		return r
	}
	return r * rate.Limit(time.Second) / rate.Limit(l.second())
}

// TelegramLimits are Telegram's published limits (about 30 messages a
// second for a bot, one a second to one chat); a new Server enforces them.
var TelegramLimits = Limits{Messages: 30, PerChat: 1}

// Unlimited accepts messages at any rate, for benchmarks of the bot's own cost.
var Unlimited = Limits{Messages: rate.Inf, PerChat: rate.Inf}

// Telegram's limits on a message's parts, in UTF-16 code units (text) and bytes (data).
const (
	MaxText         = 4096
	MaxCaption      = 1024
	MaxAnswer       = 200
	MaxCallbackData = 64
)

// Telegram's descriptions of the refusals the fake makes.
const (
	ErrTooLong        = "Bad Request: message is too long"
	ErrCaptionTooLong = "Bad Request: message caption is too long"
	ErrEmpty          = "Bad Request: message text is empty"
	ErrAnswerTooLong  = "Bad Request: MESSAGE_TOO_LONG"
	ErrButtonData     = "Bad Request: BUTTON_DATA_INVALID"
	// ErrWebAppURL: a web_app button's address is not https.
	ErrWebAppURL = "Bad Request: inline keyboard button Web App URL is invalid: Only HTTPS links are allowed"
	// ErrButtonType: a web_app button outside a private chat.
	ErrButtonType = "Bad Request: BUTTON_TYPE_INVALID"
	// ErrButtonKind: an inline button with no action (or more than one).
	ErrButtonKind   = "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used"
	ErrPhotoURL     = "Bad Request: wrong file identifier/HTTP URL specified"
	ErrNotModified  = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
	ErrEditNotFound = "Bad Request: message to edit not found"
	ErrNoTextToEdit = "Bad Request: there is no text in the message to edit"
)

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
	refused  []Call
	limited  int // 429s answered for the limits
	limits   Limits
	overall  *rate.Limiter
	chats    map[string]*rate.Limiter
	messages map[int64]sent // by message_id
	observe  func(Call)
	failures map[string][]Failure
	updates  []update      // not yet confirmed, in order
	queued   chan struct{} // closed and replaced when an update is queued
	stop     chan struct{} // closed by Close, ends waiting getUpdates
	changed  chan struct{} // closed and replaced on every recorded call
	polling  int           // getUpdates calls in progress
	overlaps int           // getUpdates calls made while another was in progress
}

// sent is a message as the fake keeps it, to judge edits.
type sent struct {
	chat, text, markup string
	photo              bool // a photo or document: its caption is not text to edit
}

// update is a queued update and its id.
type update struct {
	id  int
	raw []byte
}

// New starts a fake Bot API. Close it when done.
func New() *Server {
	s := &Server{failures: map[string][]Failure{}, queued: make(chan struct{}), stop: make(chan struct{}), changed: make(chan struct{}),
		messages: map[int64]sent{}}
	s.Record.Store(true)
	s.SetLimits(TelegramLimits)
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

// SetLimits replaces the rates the fake accepts (TelegramLimits at first).
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
	s.overall = rate.NewLimiter(l.perSecond(l.Messages), max(1, int(l.Messages)))
	s.chats = map[string]*rate.Limiter{}
}

// Refused returns the calls the fake refused for breaking a rule or a
// limit, each with its Error (those failed by Fail are among Calls).
func (s *Server) Refused() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.refused)
}

// RateLimited returns how many calls the fake answered 429 for going over
// its Limits.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
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
	if c.Error = s.invalid(c.Method, params); c.Error != "" {
		s.refuse(c)
		return c, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.Error, _ = s.admit(c.Method, params); c.Error != "" {
		s.refused = append(s.refused, c)
		return c, true
	}
	s.record(c)
	s.keep(c.Method, params, s.nextID.Add(1))
	return c, true
}

// refuse keeps a call the fake refused.
func (s *Server) refuse(c Call) {
	s.mu.Lock()
	s.refused = append(s.refused, c)
	s.mu.Unlock()
}

// messageMethods are the calls that count as messages against the Limits.
var messageMethods = map[string]bool{"sendMessage": true, "sendPhoto": true, "sendDocument": true,
	"editMessageText": true, "editMessageCaption": true, "editMessageReplyMarkup": true}

// units is the length of s in UTF-16 code units, as Telegram counts.
func units(s string) int { return len(utf16.Encode([]rune(s))) }

// invalid returns Telegram's description of what is wrong with a call
// that Telegram refuses whatever the rate, or "": oversized texts,
// callback data, a photo URL that cannot be fetched.
func (s *Server) invalid(method string, form url.Values) string {
	switch method {
	case "sendMessage", "editMessageText":
		if strings.TrimSpace(form.Get("text")) == "" {
			return ErrEmpty
		}
		if units(form.Get("text")) > MaxText {
			return ErrTooLong
		}
	case "sendPhoto", "sendDocument", "editMessageCaption":
		if units(form.Get("caption")) > MaxCaption {
			return ErrCaptionTooLong
		}
	case "answerCallbackQuery":
		if units(form.Get("text")) > MaxAnswer {
			return ErrAnswerTooLong
		}
	}
	if rm := form.Get("reply_markup"); rm != "" {
		var m struct {
			Inline [][]struct {
				Data   *string `json:"callback_data"`
				URL    *string `json:"url"`
				WebApp *struct {
					URL string `json:"url"`
				} `json:"web_app"`
			} `json:"inline_keyboard"`
		}
		json.Unmarshal([]byte(rm), &m)
		for _, row := range m.Inline {
			for _, b := range row {
				kinds := 0
				for _, set := range []bool{b.Data != nil, b.URL != nil, b.WebApp != nil} {
					if set {
						kinds++
					}
				}
				if kinds != 1 {
					return ErrButtonKind
				}
				if b.Data != nil && (len(*b.Data) == 0 || len(*b.Data) > MaxCallbackData) {
					return ErrButtonData
				}
				if b.WebApp != nil {
					// Mini Apps open over https only, and from private
					// chats only (a user's chat id is positive).
					if u, err := url.Parse(b.WebApp.URL); err != nil || u.Scheme != "https" || u.Host == "" {
						return ErrWebAppURL
					}
					if id, err := strconv.ParseInt(form.Get("chat_id"), 10, 64); err != nil || id <= 0 {
						return ErrButtonType
					}
				}
			}
		}
	}
	if method == "sendPhoto" {
		if u := form.Get("photo"); strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			if !Fetchable(u) {
				return ErrPhotoURL
			}
		}
	}
	return ""
}

// Fetchable reports whether a URL gives an image, as Telegram (and Slack)
// check when they fetch a photo a message names. Only servers on this
// machine (the tests' own) are asked: a test has no network, and looking up
// another host's name can stall for seconds (a dropped DNS query waits out
// its timeout), so any other address is unfetchable at once, as the
// sample contest's example.org pictures are for Telegram.
func Fetchable(u string) bool {
	parsed, err := url.Parse(u)
	if err != nil {
		return false
	}
	if ip := net.ParseIP(parsed.Hostname()); ip == nil || !ip.IsLoopback() {
		return false
	}
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK && strings.HasPrefix(resp.Header.Get("Content-Type"), "image/")
}

// admit judges a message call against the edits' rules and the Limits:
// Telegram's description of a refusal and, for a 429, the seconds to wait;
// or "" when it goes through. s.mu is held.
func (s *Server) admit(method string, form url.Values) (refusal string, retryAfter int) {
	if !messageMethods[method] {
		return "", 0
	}
	chat := form.Get("chat_id")
	if method == "editMessageText" {
		id, _ := strconv.ParseInt(form.Get("message_id"), 10, 64)
		m, ok := s.messages[id]
		switch {
		case !ok || m.chat != chat:
			return ErrEditNotFound, 0
		case m.photo:
			return ErrNoTextToEdit, 0
		case m.text == form.Get("text") && m.markup == form.Get("reply_markup"):
			return ErrNotModified, 0
		}
	}
	now := time.Now()
	perChat, ok := s.chats[chat]
	if !ok {
		perChat = rate.NewLimiter(s.limits.perSecond(s.limits.PerChat), 1)
		s.chats[chat] = perChat
	}
	c := perChat.ReserveN(now, 1)
	if d := c.DelayFrom(now); d > 0 {
		c.CancelAt(now)
		s.limited++
		n := s.seconds(d)
		return fmt.Sprintf("Too Many Requests: retry after %d", n), n
	}
	o := s.overall.ReserveN(now, 1)
	if d := o.DelayFrom(now); d > 0 {
		o.CancelAt(now)
		c.CancelAt(now)
		s.limited++
		n := s.seconds(d)
		return fmt.Sprintf("Too Many Requests: retry after %d", n), n
	}
	return "", 0
}

// seconds rounds a wait up to whole seconds of the Limits, as retry_after
// gives it. s.mu is held.
func (s *Server) seconds(d time.Duration) int {
	sec := s.limits.second()
	return int((d + sec - 1) / sec)
}

// keep remembers a message the fake accepted, so that edits can be judged.
// s.mu is held.
func (s *Server) keep(method string, form url.Values, id int64) {
	switch method {
	case "sendMessage":
		s.messages[id] = sent{chat: form.Get("chat_id"), text: form.Get("text"), markup: form.Get("reply_markup")}
	case "sendPhoto", "sendDocument":
		s.messages[id] = sent{chat: form.Get("chat_id"), text: form.Get("caption"), markup: form.Get("reply_markup"), photo: true}
	case "editMessageText":
		id, _ := strconv.ParseInt(form.Get("message_id"), 10, 64)
		s.messages[id] = sent{chat: form.Get("chat_id"), text: form.Get("text"), markup: form.Get("reply_markup")}
	}
}

// Observe has f called with every call the fake accepts, as it accepts it,
// whether or not it records calls; f must return quickly and not call the
// Server.
func (s *Server) Observe(f func(Call)) {
	s.mu.Lock()
	s.observe = f
	s.mu.Unlock()
}

// record keeps a call when recording; s.mu is held.
func (s *Server) record(c Call) {
	if s.observe != nil {
		s.observe(c)
	}
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
	w.Header().Set("Content-Type", "application/json")
	c := Call{Method: method, Params: r.Form}
	if c.Error = s.invalid(method, r.Form); c.Error != "" {
		s.refuse(c)
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 400, "description": c.Error})
		return
	}
	s.mu.Lock()
	var fail *Failure
	if fs := s.failures[method]; len(fs) > 0 {
		fail, s.failures[method] = &fs[0], fs[1:]
	}
	var retryAfter int
	if fail == nil {
		if c.Error, retryAfter = s.admit(method, r.Form); c.Error != "" {
			s.refused = append(s.refused, c)
			s.mu.Unlock()
			resp := map[string]any{"ok": false, "error_code": 400, "description": c.Error}
			if retryAfter > 0 {
				resp["error_code"], resp["parameters"] = 429, map[string]any{"retry_after": retryAfter}
			}
			w.WriteHeader(resp["error_code"].(int))
			json.NewEncoder(w).Encode(resp)
			return
		}
	}
	s.record(c)
	id := s.nextID.Add(1)
	if fail == nil {
		s.keep(method, r.Form, id)
	}
	s.mu.Unlock()
	var updates []json.RawMessage
	if method == "getUpdates" && fail == nil {
		var ok bool
		if updates, ok = s.getUpdates(r); !ok {
			return
		}
	}
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
		if method == "editMessageText" {
			id, _ = strconv.ParseInt(r.Form.Get("message_id"), 10, 64)
		}
		result = map[string]any{"message_id": id, "date": 0, "chat": map[string]any{"id": chat, "type": "private"}}
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
