package slack_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/pace"
	slackadapter "prixbot/bot/slack"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/schedule"
	"prixbot/store"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const secret = "test-signing-secret"

// call is one request the fake Slack received.
type call struct {
	Method string
	Form   url.Values     // form-encoded calls
	JSON   map[string]any // JSON calls and response_url posts
	Body   []byte         // as sent
	At     time.Time
}

// fakeSlack speaks the Web API methods the adapter calls, and serves
// response URLs under /response/. It records every call it accepts. It is
// as strict as Slack: chat.postMessage beyond one message a second to a
// channel gets 429 with Retry-After (perChannel; tests that need a fast
// burst raise it, and one that runs the adapter's pacing in a shortened
// second shortens the fake's alike: second), and Block Kit over its limits, or with an image it
// cannot download, gets invalid_blocks (a response URL answers 400).
type fakeSlack struct {
	t     *testing.T
	srv   *httptest.Server
	users map[string]map[string]any // users.info answers by user id

	mu         sync.Mutex
	calls      []call
	refused    []call          // invalid_blocks, and 429s for going too fast
	limitOnce  map[string]bool // methods that answer 429 once
	perChannel rate.Limit      // chat.postMessage per channel and second
	second     time.Duration   // how long the fake's second lasts (perChannel, Retry-After); time.Second
	channels   map[string]*rate.Limiter
	notify     chan struct{}
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{t: t, users: map[string]map[string]any{}, limitOnce: map[string]bool{}, notify: make(chan struct{}, 1000),
		perChannel: 1, second: time.Second, channels: map[string]*rate.Limiter{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// member adds a workspace member to users.info.
func (f *fakeSlack) member(id string, attrs map[string]any) {
	u := map[string]any{"id": id, "name": strings.ToLower(id), "locale": "en-US", "profile": map[string]any{"display_name": id}}
	for k, v := range attrs {
		u[k] = v
	}
	f.users[id] = u
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	c := call{Method: method, Body: body, At: time.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	response := strings.HasPrefix(r.URL.Path, "/response/")
	var bs json.RawMessage
	switch {
	case response:
		bs, _ = json.Marshal(c.JSON["blocks"])
	case method == "chat.postMessage" || method == "chat.update":
		bs = json.RawMessage(c.Form.Get("blocks"))
	}
	if msg := invalidBlocks(bs); msg != "" {
		f.mu.Lock()
		f.refused = append(f.refused, c)
		f.mu.Unlock()
		if response {
			http.Error(w, "invalid_blocks", http.StatusBadRequest)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "invalid_blocks", "errors": []string{msg},
			"response_metadata": map[string]any{"messages": []string{"[ERROR] " + msg}}})
		return
	}
	f.mu.Lock()
	limited := f.limitOnce[method]
	delete(f.limitOnce, method)
	if !limited && method == "chat.postMessage" {
		ch := c.Form.Get("channel")
		if f.channels[ch] == nil {
			f.channels[ch] = rate.NewLimiter(f.perChannel*rate.Limit(time.Second)/rate.Limit(f.second), 1)
		}
		limited = !f.channels[ch].Allow()
	}
	if limited {
		f.refused = append(f.refused, c)
	} else {
		f.calls = append(f.calls, c)
	}
	f.mu.Unlock()
	if limited {
		w.Header().Set("Retry-After", "1") // one of the fake's seconds
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	f.notify <- struct{}{}
	ok := map[string]any{"ok": true}
	switch {
	case strings.HasPrefix(r.URL.Path, "/response/"):
		w.Write([]byte("ok"))
		return
	case method == "users.info":
		u, found := f.users[c.Form.Get("user")]
		if !found {
			ok = map[string]any{"ok": false, "error": "user_not_found"}
		} else {
			ok["user"] = u
		}
	case method == "chat.postMessage":
		ok["channel"], ok["ts"] = c.Form.Get("channel"), fmt.Sprintf("%d.000100", len(f.calls))
	case method == "views.open", method == "views.publish":
		ok["view"] = map[string]any{"id": "V1"}
	case method == "conversations.open":
		ok["channel"] = map[string]any{"id": "D" + c.Form.Get("users")}
	// files.uploadV2: an upload URL, the file posted there, then completed.
	case method == "files.getUploadURLExternal":
		ok["upload_url"], ok["file_id"] = f.srv.URL+"/api/upload/F1", "F1"
	case method == "upload/F1":
		w.Write([]byte("OK - " + strconv.Itoa(len(body))))
		return
	case method == "files.completeUploadExternal":
		ok["files"] = []map[string]any{{"id": "F1", "title": "export"}}
	}
	json.NewEncoder(w).Encode(ok)
}

// invalidBlocks says what Slack finds wrong with a message's blocks (as its
// invalid_blocks error does), or "": more than 50 blocks, a section's text
// over 3000 characters, a button's over 75 or its value over 2000 bytes, an
// image it cannot download.
func invalidBlocks(raw json.RawMessage) string {
	var bs []struct {
		Type     string                `json:"type"`
		Text     struct{ Text string } `json:"text"`
		ImageURL string                `json:"image_url"`
		Elements []struct {
			Text  struct{ Text string } `json:"text"`
			Value string                `json:"value"`
		} `json:"elements"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &bs) != nil {
		return ""
	}
	if len(bs) > 50 {
		return "no more than 50 items allowed [json-pointer:/blocks]"
	}
	for i, b := range bs {
		switch {
		case b.Type == "section" && utf8.RuneCountInString(b.Text.Text) > 3000:
			return fmt.Sprintf("must be less than 3001 characters [json-pointer:/blocks/%d/text/text]", i)
		case b.Type == "image" && !telegramtest.Fetchable(b.ImageURL):
			return fmt.Sprintf("downloading image failed [json-pointer:/blocks/%d/image_url]", i)
		}
		for j, e := range b.Elements {
			if utf8.RuneCountInString(e.Text.Text) > 75 || len(e.Value) > 2000 {
				return fmt.Sprintf("must be less than 76 characters [json-pointer:/blocks/%d/elements/%d/text/text]", i, j)
			}
		}
	}
	return ""
}

// called returns the calls of a method (or of response URLs: "response").
func (f *fakeSlack) called(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method || method == "response" && strings.HasPrefix(c.Method, "/response/") {
			out = append(out, c)
		}
	}
	return out
}

// env is a bot on a fresh database, the adapter's HTTP endpoints and the
// fake Slack it talks to.
type env struct {
	t     *testing.T
	h     *bottest.Harness
	slack *fakeSlack
	a     *slackadapter.Adapter
	srv   *httptest.Server
	seq   int
}

func newEnv(t *testing.T, opts *bottest.Options) *env {
	t.Helper()
	h := bottest.New(t, opts)
	f := newFakeSlack(t)
	f.member("UMEMBER", nil)
	// Slack's limit scaled up, so that tests run fast, and the adapter's
	// pacing to a channel at a quarter of it, so that a post held up 30 ms
	// on its way (tests run in parallel) still keeps under it, as in
	// Telegram's tests.
	f.perChannel = 100
	e := &env{t: t, h: h, slack: f}
	e.mount(t, nil)
	return e
}

// mount serves e's endpoints with a new adapter, its Config changed by tune
// when it is not nil.
func (e *env) mount(t *testing.T, tune func(*slackadapter.Config)) {
	t.Helper()
	cfg := slackadapter.Config{Bot: e.h.Bot, BotToken: "xoxb-test", SigningSecret: secret,
		APIURL: e.slack.srv.URL + "/api/", AckWithin: time.Minute, NowFunc: e.h.Now, Limits: pace.Limits{Messages: 500, PerChat: 25}}
	if tune != nil {
		tune(&cfg)
	}
	a, err := slackadapter.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e.a, e.srv = a, srv
}

// sign returns Slack's v0 signature of body at ts.
func sign(ts, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%s:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// post sends a body to an endpoint, signed now unless headers says otherwise.
func (e *env) post(path, body string, headers map[string]string) (int, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sign(ts, body))
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// command sends "/prix text" from user and returns the answer's body.
func (e *env) command(user, text string) string {
	e.t.Helper()
	e.seq++
	v := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/prix"}, "text": {text}, "trigger_id": {fmt.Sprintf("trig-%d", e.seq)},
		"response_url": {e.slack.srv.URL + "/response/cmd"}}
	code, body := e.post("/slack/commands", v.Encode(), nil)
	if code != http.StatusOK {
		e.t.Fatalf("/prix %s: %d %s", text, code, body)
	}
	return body
}

// pressBody is a block_actions payload: user presses a button carrying data.
func (e *env) pressBody(user, data, trigger string) string {
	p := map[string]any{
		"type": "block_actions", "trigger_id": trigger, "user": map[string]any{"id": user, "name": strings.ToLower(user)},
		"response_url": e.slack.srv.URL + "/response/" + trigger,
		"container":    map[string]any{"type": "message", "message_ts": "1.000"},
		"actions":      []map[string]any{{"action_id": "b0", "block_id": "x", "type": "button", "value": data}},
	}
	b, _ := json.Marshal(p)
	return url.Values{"payload": {string(b)}}.Encode()
}

// press sends a button press and fails on anything but 200.
func (e *env) press(user, data string) {
	e.t.Helper()
	e.seq++
	if code, body := e.post("/slack/interactions", e.pressBody(user, data, fmt.Sprintf("press-%d", e.seq)), nil); code != http.StatusOK {
		e.t.Fatalf("press %s: %d %s", data, code, body)
	}
}

// lastResponse is the text of the last message posted to a response URL.
func (e *env) lastResponse() string {
	rs := e.slack.called("response")
	if len(rs) == 0 {
		return ""
	}
	b, _ := json.Marshal(rs[len(rs)-1].JSON)
	return string(b)
}

// vote votes on Slack as the slash command and the Confirm button do.
func (e *env) vote(user, project string) string {
	e.t.Helper()
	ans := e.command(user, "vote "+project)
	if strings.Contains(ans, `"c:`+project+`"`) {
		e.press(user, "c:"+project)
		return e.lastResponse()
	}
	return ans
}

const project = "repair-cafe-mobile"

func TestSignedVoteCountsOneVote(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ans := e.command("UMEMBER", "vote "+project)
	if !strings.Contains(ans, `"value":"c:`+project+`"`) || !strings.Contains(ans, `"response_type":"ephemeral"`) {
		t.Fatalf("the vote command does not ask for confirmation, ephemerally: %s", ans)
	}
	if e.h.Votes() != 0 {
		t.Fatal("a vote counted before its confirmation")
	}
	e.press("UMEMBER", "c:"+project)
	if n := e.h.Votes(); n != 1 {
		t.Fatalf("%d votes after confirmation, want 1", n)
	}
	if !strings.Contains(e.lastResponse(), "Repair") {
		t.Fatalf("no receipt: %s", e.lastResponse())
	}
	// Confirmed in a message, App Home is not published at once (a burst
	// of votes would meet views.publish's rate limit); opened, it shows the
	// vote.
	if pubs := e.slack.called("views.publish"); len(pubs) != 0 {
		t.Fatalf("%d App Home views published after a vote confirmed in a message, want 0", len(pubs))
	}
	opened := `{"type":"event_callback","event_id":"EvHomeAfterVote","event":{"type":"app_home_opened","user":"UMEMBER","tab":"home"}}`
	if code, _ := e.post("/slack/events", opened, nil); code != http.StatusOK {
		t.Fatalf("App Home opened: status %d", code)
	}
	pubs := e.slack.called("views.publish")
	if len(pubs) != 1 {
		t.Fatalf("%d App Home views published once opened, want 1", len(pubs))
	}
	if view, _ := json.Marshal(pubs[0].JSON); !strings.Contains(string(view), "Repair") {
		t.Fatalf("App Home lacks the vote: %s", view)
	}
}

// TestVoteConfirmedOnAppHomeRefreshesIt: a confirmation pressed on App Home
// publishes the view again at once, with the vote, since the member is
// looking at it.
func TestVoteConfirmedOnAppHomeRefreshesIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.command("UMEMBER", "vote "+project)
	p := map[string]any{
		"type": "block_actions", "trigger_id": "home-press", "user": map[string]any{"id": "UMEMBER", "name": "umember"},
		"container": map[string]any{"type": "view", "view_id": "VHOME"},
		"view":      map[string]any{"id": "VHOME", "type": "home"},
		"actions":   []map[string]any{{"action_id": "b0", "block_id": "x", "type": "button", "value": "c:" + project}},
	}
	b, _ := json.Marshal(p)
	if code, body := e.post("/slack/interactions", url.Values{"payload": {string(b)}}.Encode(), nil); code != http.StatusOK {
		t.Fatalf("press on App Home: %d %s", code, body)
	}
	if n := e.h.Votes(); n != 1 {
		t.Fatalf("%d votes after a confirmation on App Home, want 1", n)
	}
	pubs := e.slack.called("views.publish")
	if len(pubs) != 1 {
		t.Fatalf("%d App Home views published after a vote confirmed there, want 1", len(pubs))
	}
	if view, _ := json.Marshal(pubs[0].JSON); !strings.Contains(string(view), "Repair") {
		t.Fatalf("App Home lacks the vote: %s", view)
	}
}

func TestUnverifiedRequestsAreRejectedAndChangeNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := e.pressBody("UMEMBER", "c:"+project, "forged")
	old := strconv.FormatInt(time.Now().Add(-10*time.Minute).Unix(), 10)
	big := body + "&pad=" + strings.Repeat("x", 1<<20)
	cases := []struct {
		name    string
		body    string
		headers map[string]string
		want    int
	}{
		{"bad signature", body, map[string]string{"X-Slack-Signature": sign("1", body)}, http.StatusUnauthorized},
		{"stale timestamp", body, map[string]string{"X-Slack-Request-Timestamp": old, "X-Slack-Signature": sign(old, body)}, http.StatusUnauthorized},
		{"missing headers", body, map[string]string{"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""}, http.StatusBadRequest},
		{"oversized body", big, nil, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code, _ := e.post("/slack/interactions", c.body, c.headers); code != c.want {
				t.Fatalf("status %d, want %d", code, c.want)
			}
			if c.name == "oversized body" {
				return
			}
			if code, _ := e.post("/slack/commands", "user_id=UMEMBER&text=vote+"+project, c.headers); code != c.want {
				t.Fatalf("command: status %d, want %d", code, c.want)
			}
		})
	}
	var accounts int
	e.h.Store.DB().Get(&accounts, `SELECT count(*) FROM accounts`)
	if e.h.Votes() != 0 || accounts != 0 || len(e.slack.called("users.info")) != 0 {
		t.Fatalf("rejected requests changed something: %d votes, %d accounts", e.h.Votes(), accounts)
	}
}

func TestGuestsBotsAndDeletedUsersCannotVote(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.slack.member("UGUEST", map[string]any{"is_restricted": true})
	e.slack.member("USINGLE", map[string]any{"is_ultra_restricted": true})
	e.slack.member("UBOT", map[string]any{"is_bot": true})
	e.slack.member("UGONE", map[string]any{"deleted": true})
	for u, why := range map[string]string{"UGUEST": "members", "USINGLE": "members", "UBOT": "members", "UGONE": "members",
		"UUNKNOWN": "espace de travail"} { // users.info knows nothing of UUNKNOWN, not even a locale
		ans := e.command(u, "vote "+project)
		if strings.Contains(ans, `"c:`+project+`"`) {
			t.Fatalf("%s was offered to confirm a vote: %s", u, ans)
		}
		e.press(u, "c:"+project) // a forged confirmation
		if e.h.Votes() != 0 {
			t.Fatalf("%s: a vote counted", u)
		}
		if !strings.Contains(e.lastResponse(), why) {
			t.Fatalf("%s: no explanation: %s", u, e.lastResponse())
		}
	}
}

func TestRetriedDeliveryCountsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.command("UMEMBER", "vote "+project)
	body := e.pressBody("UMEMBER", "c:"+project, "confirm-1")
	for retry := range 3 {
		h := map[string]string{}
		if retry > 0 {
			h["X-Slack-Retry-Num"] = strconv.Itoa(retry)
		}
		if code, _ := e.post("/slack/interactions", body, h); code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", retry, code)
		}
	}
	if e.h.Votes() != 1 {
		t.Fatalf("%d votes", e.h.Votes())
	}
	if n := len(e.slack.called("/response/confirm-1")); n != 1 {
		t.Fatalf("the retried press was answered %d times, want once", n)
	}
	// The same for a retried slash command and a retried event.
	cmd := url.Values{"user_id": {"UMEMBER"}, "text": {"myvote"}, "trigger_id": {"t-myvote"}}.Encode()
	_, first := e.post("/slack/commands", cmd, nil)
	_, again := e.post("/slack/commands", cmd, map[string]string{"X-Slack-Retry-Num": "1"})
	if !strings.Contains(first, "Repair") || again != "" {
		t.Fatalf("retried command: first %q, again %q", first, again)
	}
}

func TestEventsURLVerification(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	// As Slack sends it: JSON, signed; it expects {"challenge": …} back.
	code, body := e.post("/slack/events", `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`,
		map[string]string{"Content-Type": "application/json"})
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil ||
		len(got) != 1 || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification: %d %s, want {\"challenge\": …}", code, body)
	}
}

// telegramVote votes on Telegram through the bot, as the Telegram adapter does.
func telegramVote(t *testing.T, h *bottest.Harness, user, project string) {
	t.Helper()
	h.Send(bottest.Lang(bottest.Press(user, "v:"+project), "en"))
	h.Send(bottest.Lang(bottest.Contact(user, user, "+32470123456"), "en"))
	h.Send(bottest.Lang(bottest.Press(user, "c:"+project), "en"))
	if h.Votes() != 1 {
		t.Fatalf("telegram vote: %d votes", h.Votes())
	}
}

var codeRe = regexp.MustCompile(`[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}`)

func findCode(t *testing.T, text string) string {
	t.Helper()
	code := codeRe.FindString(text)
	if code == "" {
		t.Fatalf("no link code in %s", text)
	}
	return code
}

func TestLinkTelegramVoteThenSlackRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	telegramVote(t, e.h, "1001", project)
	code := findCode(t, e.command("UMEMBER", "link"))
	resp := e.h.Send(bottest.Lang(bottest.Text("1001", "/link "+code), "en"))
	if !strings.Contains(bottest.Texts(resp), "one voter") {
		t.Fatalf("link: %q", bottest.Texts(resp))
	}
	ans := e.vote("UMEMBER", "alpha-jardin")
	if e.h.Votes() != 1 || !strings.Contains(ans, "already") {
		t.Fatalf("after linking, the Slack vote: %d votes, answer %s", e.h.Votes(), ans)
	}
}

func TestLinkSlackVoteThenTelegramRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.vote("UMEMBER", project)
	if e.h.Votes() != 1 {
		t.Fatalf("slack vote: %d votes", e.h.Votes())
	}
	code := findCode(t, bottest.Texts(e.h.Send(bottest.Lang(bottest.Text("1001", "/link"), "en"))))
	if ans := e.command("UMEMBER", "link "+code); !strings.Contains(ans, "one voter") {
		t.Fatalf("link: %s", ans)
	}
	resp := e.h.Send(bottest.Lang(bottest.Press("1001", "v:alpha-jardin"), "en"))
	if e.h.Votes() != 1 || !strings.Contains(bottest.Texts(resp), "already") {
		t.Fatalf("after linking, the Telegram vote: %d votes, answer %q", e.h.Votes(), bottest.Texts(resp))
	}
}

func TestLinkRefusedWhenBothVoted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	telegramVote(t, e.h, "1001", project)
	e.vote("UMEMBER", "alpha-jardin")
	code := findCode(t, e.command("UMEMBER", "link"))
	resp := e.h.Send(bottest.Lang(bottest.Text("1001", "/link "+code), "en"))
	if !strings.Contains(bottest.Texts(resp), "each has already voted") || e.h.Votes() != 2 {
		t.Fatalf("link of two voters: %q, %d votes", bottest.Texts(resp), e.h.Votes())
	}
}

// TestLinkRedeemedOnSlackKeepsThePhonesVoter joins a Telegram voter who
// voted with a Slack member who has not, the code redeemed on Slack: the
// phone's voter survives (the member's is merged into it) and the member's
// vote is refused as already cast.
func TestLinkRedeemedOnSlackKeepsThePhonesVoter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	telegramVote(t, e.h, "1001", project)
	code := findCode(t, bottest.Texts(e.h.Send(bottest.Lang(bottest.Text("1001", "/link"), "en"))))
	if ans := e.command("UMEMBER", "link "+code); !strings.Contains(ans, "one voter") {
		t.Fatalf("link: %s", ans)
	}
	var voters, phones int
	if err := e.h.Store.DB().QueryRow(`SELECT count(*), count(*) FILTER (WHERE prefix_hash IS NOT NULL) FROM voters`).Scan(&voters, &phones); err != nil || voters != 1 || phones != 1 {
		t.Fatalf("after the link: %d voters, %d with a phone's block (%v); want the phone's voter alone", voters, phones, err)
	}
	if ans := e.vote("UMEMBER", "alpha-jardin"); e.h.Votes() != 1 || !strings.Contains(ans, "already") {
		t.Fatalf("after linking, the Slack vote: %d votes, answer %s", e.h.Votes(), ans)
	}
}

// submission is a view_submission of the scoring modal opened last, with a
// level for the first n criteria.
func (e *env) submission(user string, n int, trigger string) string {
	e.t.Helper()
	opens := e.slack.called("views.open")
	if len(opens) == 0 {
		e.t.Fatal("no modal was opened")
	}
	view := opens[len(opens)-1].JSON["view"].(map[string]any)
	values := map[string]any{}
	i := 0
	for _, b := range view["blocks"].([]any) {
		blk := b.(map[string]any)
		if blk["type"] != "input" {
			continue
		}
		id := blk["block_id"].(string)
		if id == bot.FormComment {
			values[id] = map[string]any{"note": map[string]any{"type": "plain_text_input", "value": "Solid project."}}
			continue
		}
		if i < n {
			values[id] = map[string]any{"level": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": strconv.Itoa(i % 4)}}}
		}
		i++
	}
	p := map[string]any{
		"type": "view_submission", "trigger_id": trigger, "user": map[string]any{"id": user},
		"view": map[string]any{"id": "V1", "hash": "h", "callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
			"blocks": view["blocks"], "state": map[string]any{"values": values}},
	}
	b, _ := json.Marshal(p)
	return url.Values{"payload": {string(b)}}.Encode()
}

func TestScoringModalStoresTwelveScores(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &bottest.Options{Now: bottest.AfterVote})
	e.slack.member("U0001", nil) // Juror A in the sample contest
	e.press("U0001", "j:next")
	opens := e.slack.called("views.open")
	if len(opens) != 1 {
		t.Fatalf("j:next opened %d modals", len(opens))
	}
	view, _ := json.Marshal(opens[0].JSON["view"])
	if n := strings.Count(string(view), `"static_select"`); n != 12 {
		t.Fatalf("the modal has %d selects, want 12", n)
	}
	for _, g := range []string{"Project holders", "Content", "Context"} { // the member's locale is en-US
		if strings.Count(string(view), `"text":"`+g+`","type":"plain_text"},"type":"header"`) != 1 {
			t.Fatalf("group %s missing from the modal: %s", g, view)
		}
	}
	code, body := e.post("/slack/interactions", e.submission("U0001", 12, "sub-1"), nil)
	if code != http.StatusOK || body != "" {
		t.Fatalf("complete submission: %d %s", code, body)
	}
	var scores, submitted int
	e.h.Store.DB().Get(&scores, `SELECT count(*) FROM scores`)
	e.h.Store.DB().Get(&submitted, `SELECT count(*) FROM jury_sheets WHERE submitted_at IS NOT NULL AND comment = 'Solid project.'`)
	if scores != 12 || submitted != 1 {
		t.Fatalf("%d scores and %d submitted sheets with the comment, want 12 and 1", scores, submitted)
	}
}

func TestIncompleteScoringModalShowsFieldErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &bottest.Options{Now: bottest.AfterVote})
	e.slack.member("U0001", nil)
	e.press("U0001", "j:next")
	code, body := e.post("/slack/interactions", e.submission("U0001", 10, "sub-1"), nil)
	var ack struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	json.Unmarshal([]byte(body), &ack)
	if code != http.StatusOK || ack.ResponseAction != "errors" || len(ack.Errors) != 2 {
		t.Fatalf("incomplete submission: %d %s", code, body)
	}
	var scores int
	e.h.Store.DB().Get(&scores, `SELECT count(*) FROM scores`)
	if scores != 0 {
		t.Fatalf("an incomplete modal saved %d scores", scores)
	}
	// Fixed and sent again, it is saved.
	if code, body := e.post("/slack/interactions", e.submission("U0001", 12, "sub-2"), nil); code != http.StatusOK || body != "" {
		t.Fatalf("corrected submission: %d %s", code, body)
	}
	e.h.Store.DB().Get(&scores, `SELECT count(*) FROM scores`)
	if scores != 12 {
		t.Fatalf("%d scores after correction", scores)
	}
}

func TestAppHomeShowsPhaseVoteAndJuryProgress(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &bottest.Options{Now: bottest.AfterVote})
	e.slack.member("U0001", nil)
	ev := `{"type":"event_callback","event_id":"Ev1","event":{"type":"app_home_opened","user":"U0001","tab":"home"}}`
	if code, _ := e.post("/slack/events", ev, nil); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	pubs := e.slack.called("views.publish")
	if len(pubs) != 1 {
		t.Fatalf("%d views published", len(pubs))
	}
	view, _ := json.Marshal(pubs[0].JSON)
	for _, want := range []string{"jury vote", "left", "Your vote", "0 of 20 sheets", `"j:next"`} {
		if !strings.Contains(string(view), want) {
			t.Errorf("App Home lacks %q: %s", want, view)
		}
	}
}

// TestExportUploadedToDirectMessages runs an organiser's export from
// Slack: the CSV goes through files.uploadV2 (upload URL, the file, then
// completed in the organiser's direct messages, with the text as comment).
func TestExportUploadedToDirectMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &bottest.Options{Admins: []string{"slack:UADMIN"}})
	e.slack.member("UADMIN", nil)
	e.vote("UMEMBER", project)
	e.command("UADMIN", "admin export votes")
	get, uploads, done := e.slack.called("files.getUploadURLExternal"), e.slack.called("upload/F1"), e.slack.called("files.completeUploadExternal")
	if len(get) != 1 || len(uploads) != 1 || len(done) != 1 {
		t.Fatalf("files.uploadV2 calls: %d, %d, %d; want one of each", len(get), len(uploads), len(done))
	}
	if n, _ := strconv.Atoi(get[0].Form.Get("length")); !strings.HasSuffix(get[0].Form.Get("filename"), "-votes.csv") || n == 0 {
		t.Fatalf("upload URL asked for %v", get[0].Form)
	}
	if !bytes.Contains(uploads[0].Body, []byte(project)) {
		t.Fatalf("the uploaded file lacks the vote: %s", uploads[0].Body)
	}
	if done[0].Form.Get("channel_id") != "DUADMIN" || !strings.Contains(done[0].Form.Get("files"), "F1") || done[0].Form.Get("initial_comment") == "" {
		t.Fatalf("upload completed with %v", done[0].Form)
	}
}

func TestSenderMapsRateLimitAndPostsToChannel(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.slack.mu.Lock()
	e.slack.limitOnce["chat.postMessage"] = true
	e.slack.mu.Unlock()
	_, err := e.a.Send(context.Background(), "C0ANNOUNCE", bot.Message{Text: "hello"})
	var ra *bot.RetryAfterError
	if !errors.As(err, &ra) || ra.After != time.Second {
		t.Fatalf("a 429 gave %v, want RetryAfterError of 1s", err)
	}
	if _, err := e.a.Send(context.Background(), "C0ANNOUNCE", bot.Message{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	posts := e.slack.called("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != "C0ANNOUNCE" {
		t.Fatalf("posts: %+v", posts)
	}
}

// TestAnnouncementsArriveInChannelOncePaced: announcements enqueued twice
// reach the announce channel once each, in a second of each other at the
// dispatcher's default Slack limits, through a 429 whose Retry-After they
// wait. The dispatcher's pacing, the adapter's and the fake's count in
// testSecond.
func TestAnnouncementsArriveInChannelOncePaced(t *testing.T) {
	t.Parallel() // it mostly waits for the pacing
	e := newEnv(t, nil)
	e.slack.second = testSecond
	e.mount(t, func(c *slackadapter.Config) { c.Limits.Second = testSecond })
	ctx := context.Background()
	texts := []string{"Third prize: A", "Second prize: B", "First prize: C"}
	err := e.h.Store.InTx(ctx, func(tx *store.Tx) error {
		for i, text := range texts {
			payload, _ := json.Marshal(bot.Message{Text: text})
			n := store.Notification{ContestID: e.h.Edition.ID, DedupeKey: fmt.Sprintf("announce/test/%d", i), Platform: bot.Slack,
				ChatID: "C0ANNOUNCE", Kind: "announce", Payload: payload}
			for range 2 { // enqueued twice, kept once
				if _, err := tx.Enqueue(ctx, n); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.slack.mu.Lock()
	e.slack.limitOnce["chat.postMessage"] = true // Slack answers the first post with 429, Retry-After: 1
	e.slack.mu.Unlock()
	l := pace.For(bot.Slack)
	d := schedule.NewDispatcher(schedule.DispatcherConfig{Store: e.h.Store, Senders: map[string]bot.Sender{bot.Slack: e.a},
		Limits:       map[string]schedule.Limits{bot.Slack: {Overall: l.Messages, PerChat: l.PerChat, Second: testSecond}},
		PollInterval: 20 * time.Millisecond, Log: slog.New(slog.DiscardHandler)})
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(rctx); close(done) }()
	deadline := time.After(time.Minute)
	for len(e.slack.called("chat.postMessage")) < len(texts) {
		select {
		case <-e.slack.notify:
		case <-deadline:
			t.Fatalf("only %d announcements delivered in a minute", len(e.slack.called("chat.postMessage")))
		}
	}
	cancel()
	<-done
	posts := e.slack.called("chat.postMessage")
	seen := map[string]int{}
	for i, p := range posts {
		if p.Form.Get("channel") != "C0ANNOUNCE" {
			t.Fatalf("posted to %s", p.Form.Get("channel"))
		}
		seen[p.Form.Get("text")]++
		if i > 0 {
			if gap := p.At.Sub(posts[i-1].At); gap < testSecond*95/100 {
				t.Errorf("posts %d and %d to the channel only %s apart, less than 0.95 s (%s)", i-1, i, gap, testSecond)
			}
		}
	}
	for _, text := range texts {
		if seen[text] != 1 {
			t.Errorf("%q posted %d times, want once", text, seen[text])
		}
	}
	if h, err := e.h.Store.OutboxHealth(ctx, time.Now()); err != nil || h.Sent != len(texts) || h.Depth != 0 {
		t.Fatalf("outbox: %+v, %v", h, err)
	}
}
