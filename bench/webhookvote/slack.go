package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"prixbot/bot"
	"prixbot/bot/pace"
	slackadapter "prixbot/bot/slack"
	"prixbot/store"
)

// The Slack vote path: each simulated member presses Vote then Confirm on a
// project card, as signed block_actions payloads POSTed to the adapter's
// /slack/interactions, its Web API calls (users.info, views.publish) and
// response URLs going to a fake Slack in the child process. Its baseline is
// the same minimal handler as Telegram's, reading a Slack payload instead
// (decodeSlack): the signature checked, the payload decoded, one insert.

const slackSecret = "bench-signing-secret"

// slackSign returns Slack's v0 signature of body at ts.
func slackSign(ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(slackSecret))
	fmt.Fprintf(m, "v0:%s:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// slackPress is the form body of member user pressing a button carrying
// data; trigger identifies the press (the bot's update id is made of it).
func slackPress(responseURL string, trigger int, user, data string) []byte {
	p, _ := json.Marshal(map[string]any{
		"type": "block_actions", "trigger_id": strconv.Itoa(trigger), "user": map[string]any{"id": user, "name": strings.ToLower(user)},
		"response_url": responseURL + "/response/" + strconv.Itoa(trigger),
		"container":    map[string]any{"type": "message", "message_ts": "1.000"},
		"actions":      []map[string]any{{"action_id": "b0", "block_id": "x", "type": "button", "value": data}},
	})
	return []byte(url.Values{"payload": {string(p)}}.Encode())
}

// postSlack POSTs a signed payload to /slack/interactions.
func postSlack(c *http.Client, base string, body []byte) error {
	req, _ := http.NewRequest(http.MethodPost, base+"/slack/interactions", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", slackSign(ts, body))
	return do(c, req)
}

// fakeSlack answers the Web API methods the adapter calls on the vote path
// and the response URLs, with nothing recorded: every user is a member.
func fakeSlack() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.HasPrefix(r.URL.Path, "/response/") {
			w.Write([]byte("ok"))
			return
		}
		ok := map[string]any{"ok": true}
		switch strings.TrimPrefix(r.URL.Path, "/api/") {
		case "users.info":
			form, _ := url.ParseQuery(string(body))
			id := form.Get("user")
			ok["user"] = map[string]any{"id": id, "name": strings.ToLower(id), "locale": "fr-BE", "profile": map[string]any{"display_name": id}}
		case "views.publish":
			ok["view"] = map[string]any{"id": "V1"}
		case "conversations.open":
			ok["channel"] = map[string]any{"id": "D1"}
		case "chat.postMessage":
			ok["channel"], ok["ts"] = "D1", "1.000100"
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(ok)
	}))
}

// decodeSlack is the minimal handler's reading of a Slack button press: the
// signature checked, the payload decoded.
func decodeSlack(r *http.Request) (minimalRow, bool) {
	sv, err := slack.NewSecretsVerifier(r.Header, slackSecret)
	body, rerr := io.ReadAll(io.TeeReader(r.Body, &sv))
	if err != nil || rerr != nil || sv.Ensure() != nil {
		return minimalRow{}, false
	}
	v, err := url.ParseQuery(string(body))
	var cb slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(v.Get("payload")), &cb)
	}
	if err != nil || cb.User.ID == "" || len(cb.ActionCallback.BlockActions) == 0 {
		return minimalRow{}, false
	}
	id, _ := strconv.ParseInt(cb.TriggerID, 10, 64)
	return minimalRow{id, id, cb.ActionCallback.BlockActions[0].Value}, true
}

// runSlackBot measures prixbot's Slack adapter on voters new members,
// numbered from first+1.
func runSlackBot(ctx context.Context, load *loadProcess, pg postgresCPU, st *store.Store, senders, voters, first int) (result, error) {
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) // public vote open in the sample
	b := bot.New(bot.Config{Store: st, Pepper: []byte("bench"), NowFunc: func() time.Time { return now }, Log: quiet})
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: senders + 4}}
	a, err := slackadapter.New(slackadapter.Config{Bot: b, BotToken: "xoxb-bench", SigningSecret: slackSecret,
		APIURL: load.slackURL + "/api/", AckWithin: time.Minute, HTTPClient: client, Log: quiet, NowFunc: func() time.Time { return now },
		Limits: pace.Limits{Messages: rate.Inf, PerChat: rate.Inf}})
	if err != nil {
		return result{}, err
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res, err := measure(load, pg, job{Kind: "slack", URL: srv.URL, Senders: senders, N: voters, First: first, Steps: 2})
	if err != nil {
		return result{}, err
	}
	var counted int
	if err := st.DB().Get(&counted, `SELECT count(*) FROM votes`); err != nil {
		return result{}, err
	}
	if counted != first+voters {
		return result{}, fmt.Errorf("%d votes counted after %d members voted", counted, first+voters)
	}
	return res, nil
}
