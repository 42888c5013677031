package slack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	slackadapter "prixbot/bot/slack"
)

// ackWithin is how long Slack waits for a Socket Mode acknowledgement.
const ackWithin = 3 * time.Second

// socketSlack is the fake Slack of Socket Mode: apps.connections.open
// answers with a ws:// URL to a WebSocket endpoint on the same server, which
// hands each connection to the test; the other Web API methods and the
// response URLs are the HTTP-mode fake's.
type socketSlack struct {
	srv   *httptest.Server
	opens chan string          // the Authorization header of each apps.connections.open
	conns chan *websocket.Conn // the connections the client opened
}

func newSocketSlack(t *testing.T, f *fakeSlack) *socketSlack {
	s := &socketSlack{opens: make(chan string, 10), conns: make(chan *websocket.Conn, 10)}
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		s.opens <- r.Header.Get("Authorization")
		json.NewEncoder(w).Encode(map[string]any{"ok": true,
			"url": "ws://" + strings.TrimPrefix(s.srv.URL, "http://") + "/link/?ticket=t1&app_id=A1"})
	})
	mux.HandleFunc("GET /link/", func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return // Upgrade has answered
		}
		t.Cleanup(func() { conn.Close() })
		s.conns <- conn
	})
	mux.HandleFunc("/", f.serve)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// envelope is a Socket Mode request as Slack sends it.
func envelope(t *testing.T, id, typ string, payload map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"envelope_id": id, "type": typ, "accepts_response_payload": typ != "events_api",
		"retry_attempt": 0, "retry_reason": "", "payload": payload})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// roundTrip sends an envelope and returns the client's acknowledgement's
// payload, failing unless the next frame the client writes acknowledges
// that envelope within ackWithin.
func roundTrip(t *testing.T, conn *websocket.Conn, id string, env []byte) json.RawMessage {
	t.Helper()
	if err := conn.WriteMessage(websocket.TextMessage, env); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	conn.SetReadDeadline(sent.Add(ackWithin))
	_, frame, err := conn.ReadMessage()
	if err != nil {
		t.Fatalf("envelope %s not acknowledged within %s: %v", id, ackWithin, err)
	}
	var ack struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(frame, &ack); err != nil || ack.EnvelopeID != id {
		t.Fatalf("sent envelope %s, the client wrote %s (%v)", id, frame, err)
	}
	t.Logf("envelope %s acknowledged in %s", id, time.Since(sent).Round(time.Millisecond))
	return ack.Payload
}

// waitCalls waits until the fake Slack has received n calls of method.
func waitCalls(t *testing.T, f *fakeSlack, method string, n int) []call {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if cs := f.called(method); len(cs) >= n {
			return cs
		}
		select {
		case <-f.notify:
		case <-deadline:
			t.Fatalf("%d %s calls, want %d", len(f.called(method)), method, n)
		}
	}
}

// TestSocketModeVoteAcknowledgedAndStopsOnCancel runs the adapter over
// Socket Mode against a fake Slack: it opens the connection with the
// app-level token, answers pings, acknowledges each envelope within 3 s (and
// nothing else), takes a vote from "/prix vote" and the Confirm button as in
// HTTP mode, counts a redelivered press once, and on cancellation returns
// and closes the connection without reconnecting.
func TestSocketModeVoteAcknowledgedAndStopsOnCancel(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	s := newSocketSlack(t, e.slack)
	a, err := slackadapter.New(slackadapter.Config{Bot: e.h.Bot, BotToken: "xoxb-test", AppToken: "xapp-test",
		APIURL: s.srv.URL + "/api/", NowFunc: e.h.Now})
	if err != nil {
		t.Fatal(err)
	}
	if !a.SocketMode() {
		t.Fatal("an app-level token did not select Socket Mode")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- a.Run(ctx) }()

	var conn *websocket.Conn
	select {
	case auth := <-s.opens:
		if auth != "Bearer xapp-test" {
			t.Fatalf("apps.connections.open with %q, want the app-level token", auth)
		}
	case err := <-stopped:
		t.Fatalf("Run returned before connecting: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("apps.connections.open was not called")
	}
	select {
	case conn = <-s.conns:
	case err := <-stopped:
		t.Fatalf("Run returned before dialling: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the client did not dial the WebSocket URL")
	}
	pong := make(chan string, 1)
	conn.SetPongHandler(func(data string) error {
		select {
		case pong <- data:
		default:
		}
		return nil
	})
	if err := conn.WriteMessage(websocket.TextMessage,
		[]byte(`{"type":"hello","num_connections":1,"debug_info":{"host":"fake-applink","approximate_connection_time":18060},"connection_info":{"app_id":"A1"}}`)); err != nil {
		t.Fatal(err)
	}
	if err := conn.WriteControl(websocket.PingMessage, []byte("ping-1"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}

	// (a, b) The slash command is acknowledged with its answer: the
	// ephemeral confirmation, as in HTTP mode; nothing is counted yet.
	cmd := map[string]any{"team_id": "T1", "channel_id": "C1", "user_id": "UMEMBER", "user_name": "umember", "command": "/prix",
		"text": "vote " + project, "trigger_id": "trig-socket-1", "response_url": e.slack.srv.URL + "/response/cmd", "api_app_id": "A1"}
	ans := string(roundTrip(t, conn, "env-cmd-1", envelope(t, "env-cmd-1", "slash_commands", cmd)))
	if ans == "" { // acknowledged bare at the deadline: the answer follows through response_url
		b, _ := json.Marshal(waitCalls(t, e.slack, "/response/cmd", 1)[0].JSON)
		ans = string(b)
	}
	if !strings.Contains(ans, `"value":"c:`+project+`"`) || !strings.Contains(ans, `"response_type":"ephemeral"`) {
		t.Fatalf("the vote command does not ask for confirmation, ephemerally: %s", ans)
	}
	if n := e.h.Votes(); n != 0 {
		t.Fatalf("%d votes before the confirmation", n)
	}

	// The Confirm button, pressed once and redelivered once by Slack: both
	// acknowledged, one vote, one receipt through the response URL.
	press := map[string]any{
		"type": "block_actions", "trigger_id": "confirm-socket", "user": map[string]any{"id": "UMEMBER", "name": "umember"},
		"api_app_id": "A1", "response_url": e.slack.srv.URL + "/response/confirm-socket",
		"container": map[string]any{"type": "message", "message_ts": "1.000"},
		"actions":   []map[string]any{{"action_id": "b0", "block_id": "x", "type": "button", "value": "c:" + project}},
	}
	roundTrip(t, conn, "env-press-1", envelope(t, "env-press-1", "interactive", press))
	receipt := waitCalls(t, e.slack, "/response/confirm-socket", 1)
	if b, _ := json.Marshal(receipt[0].JSON); !strings.Contains(string(b), "Repair") {
		t.Fatalf("no receipt: %s", b)
	}
	if n := e.h.Votes(); n != 1 {
		t.Fatalf("%d votes after the confirmation, want 1", n)
	}
	retry, _ := json.Marshal(map[string]any{"envelope_id": "env-press-1", "type": "interactive", "accepts_response_payload": true,
		"retry_attempt": 1, "retry_reason": "timeout", "payload": press})
	roundTrip(t, conn, "env-press-1", retry)
	if n := e.h.Votes(); n != 1 {
		t.Fatalf("%d votes after a redelivered press, want 1", n)
	}
	if n := len(e.slack.called("/response/confirm-socket")); n != 1 {
		t.Fatalf("the redelivered press was answered %d times, want once", n)
	}
	if members := len(e.slack.called("users.info")); members != 1 {
		t.Fatalf("users.info called %d times, want once (cached)", members)
	}
	select {
	case data := <-pong:
		if data != "ping-1" {
			t.Fatalf("pong %q for ping-1", data)
		}
	default:
		t.Fatal("the client did not answer the ping") // read before the first acknowledgement
	}

	// (c) Cancelled, Run returns nil and the client closes the connection
	// without opening another.
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Run after cancellation: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5 s of cancellation")
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, frame, err := conn.ReadMessage()
		if err == nil {
			t.Fatalf("after cancellation the client wrote %s", frame)
		}
		if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
			t.Fatal("the client kept the connection open after cancellation")
		}
		break // closed by the client
	}
	select {
	case <-s.opens:
		t.Fatal("the client reconnected after cancellation")
	default:
	}
}
