package slack_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	slackadapter "prixbot/bot/slack"
)

// newTunedEnv is newEnv with an adapter whose Config tune changes.
func newTunedEnv(t *testing.T, tune func(*slackadapter.Config)) *env {
	t.Helper()
	e := newEnv(t, nil)
	e.mount(t, tune)
	return e
}

// slowRequest opens a connection to addr and sends the headers of a POST to
// path announcing a 1000-byte body, and the first 10 bytes of it.
func slowRequest(t *testing.T, addr, path string, headers map[string]string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: slack\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n", path)
	for k, v := range headers {
		fmt.Fprintf(conn, "%s: %s\r\n", k, v)
	}
	io.WriteString(conn, "\r\npayload=01")
	return conn
}

// TestSignatureHeadersCheckedBeforeTheBody: a request whose signature
// headers are missing, malformed or stale is answered at once, without the
// server waiting for a body that is still coming.
func TestSignatureHeadersCheckedBeforeTheBody(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	now := strconv.FormatInt(time.Now().Unix(), 10)
	old := strconv.FormatInt(time.Now().Add(-10*time.Minute).Unix(), 10)
	goodShape := sign(now, "whatever")
	cases := []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"no headers", nil, http.StatusBadRequest},
		{"no signature", map[string]string{"X-Slack-Request-Timestamp": now}, http.StatusBadRequest},
		{"signature not v0", map[string]string{"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v1=" + goodShape[3:]}, http.StatusUnauthorized},
		{"signature not hex", map[string]string{"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v0=zz"}, http.StatusUnauthorized},
		{"timestamp not a number", map[string]string{"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": goodShape}, http.StatusUnauthorized},
		{"stale timestamp", map[string]string{"X-Slack-Request-Timestamp": old, "X-Slack-Signature": goodShape}, http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn := slowRequest(t, e.srv.Listener.Addr().String(), "/slack/interactions", tc.headers)
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal("no answer within 10 s: the server waits for the body")
			}
			if err != nil || resp.StatusCode != tc.want {
				t.Fatalf("answer %v, %v; want %d", resp, err, tc.want)
			}
		})
	}
}

// TestUnauthenticatedBodyReadsAreBounded: with MaxBodyReads bodies being
// read slowly, the next request is refused at once with 503; once one of the
// slow ones goes, requests are read again.
func TestUnauthenticatedBodyReadsAreBounded(t *testing.T) {
	t.Parallel()
	e := newTunedEnv(t, func(c *slackadapter.Config) { c.MaxBodyReads = 2 })
	srv := e.srv

	// Signed headers of the right shape; the bodies never arrive in full.
	now := strconv.FormatInt(time.Now().Unix(), 10)
	headers := map[string]string{"X-Slack-Request-Timestamp": now, "X-Slack-Signature": sign(now, "forged")}
	slow := []net.Conn{
		slowRequest(t, srv.Listener.Addr().String(), "/slack/interactions", headers),
		slowRequest(t, srv.Listener.Addr().String(), "/slack/commands", headers),
	}
	// A forged request is read and refused (401) until both slow bodies hold
	// their place; then it is turned away unread (503).
	forged := e.pressBody("UMEMBER", "c:"+project, "forged")
	bad := map[string]string{"X-Slack-Signature": sign("1", forged)}
	statusBecomes(t, func() int { c, _ := e.post("/slack/interactions", forged, bad); return c }, http.StatusServiceUnavailable)

	slow[0].Close()
	statusBecomes(t, func() int { c, _ := e.post("/slack/interactions", forged, bad); return c }, http.StatusUnauthorized)
	if e.h.Votes() != 0 {
		t.Fatal("a forged press counted")
	}
}

// statusBecomes polls status until it returns want, for at most 10 s.
func statusBecomes(t *testing.T, status func() int, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := status()
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("status still %d after 10 s, want %d", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestNULAndInvalidUTF8InSlackFieldsAreCleaned: a slash command whose user
// name and text carry NUL bytes and invalid UTF-8, from a member whose
// display name carries a NUL, is answered like any other and the account is
// stored with clean values.
func TestNULAndInvalidUTF8InSlackFieldsAreCleaned(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.slack.member("UNUL", map[string]any{"profile": map[string]any{"display_name": "A\x00nn"}})
	for i, text := range []string{"vote " + project + "\x00", "vote " + project} {
		v := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"UNUL"}, "user_name": {"ann\x00\xff"},
			"command": {"/prix"}, "text": {text}, "trigger_id": {fmt.Sprint("nul-", i)}, "response_url": {e.slack.srv.URL + "/response/cmd"}}
		code, body := e.post("/slack/commands", v.Encode(), nil)
		if code != http.StatusOK || !strings.Contains(body, `"c:`+project+`"`) || strings.Contains(body, "Sorry") {
			t.Fatalf("/prix %q: %d %s", text, code, body)
		}
	}
	var acct struct{ Username, Name string }
	if err := e.h.Store.DB().Get(&acct, `SELECT username, display_name AS name FROM accounts WHERE platform = 'slack' AND platform_user_id = 'UNUL'`); err != nil {
		t.Fatal(err)
	}
	if acct.Username != "ann\uFFFD" || acct.Name != "Ann" {
		t.Fatalf("stored %q, %q; want %q, %q", acct.Username, acct.Name, "ann\uFFFD", "Ann")
	}
}

// TestFloodLimitPerSlackUser: Slack members are flood-limited as Telegram
// users are: beyond the burst a command is answered "Slow down!" once, then
// not at all, a press is answered "Slow down!", and nothing is handled;
// another member is not limited.
func TestFloodLimitPerSlackUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &bottest.Options{Configure: func(c *bot.Config) { c.Flood = bot.FloodConfig{Rate: 0.001, Burst: 3} }})
	var answers []string
	for range 5 {
		answers = append(answers, e.command("UMEMBER", "myvote"))
	}
	for i, want := range []string{"not voted", "not voted", "not voted", "Slow down"} {
		if !strings.Contains(answers[i], want) {
			t.Fatalf("answer %d lacks %q: %s", i+1, want, answers[i])
		}
	}
	if answers[4] != "" {
		t.Fatalf("told to slow down twice in a row: %s", answers[4])
	}
	e.press("UMEMBER", "c:"+project)
	if e.h.Votes() != 0 || !strings.Contains(e.lastResponse(), "Slow down") {
		t.Fatalf("a press over the limit: %d votes, answer %s", e.h.Votes(), e.lastResponse())
	}
	e.slack.member("UOTHER", nil)
	if ans := e.command("UOTHER", "vote "+project); !strings.Contains(ans, `"c:`+project+`"`) {
		t.Fatalf("another member was limited: %s", ans)
	}
}
