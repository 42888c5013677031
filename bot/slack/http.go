package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"prixbot/bot"
)

// Mount adds the HTTP-mode endpoints to mux: POST /slack/commands,
// /slack/interactions and /slack/events; nothing in Socket Mode. Each
// request is checked with Slack's v0 signature before anything else is read
// from it.
func (a *Adapter) Mount(mux bot.Mux) {
	if a.SocketMode() {
		return
	}
	mux.Handle("POST /slack/commands", a.verified(a.serveCommand))
	mux.Handle("POST /slack/interactions", a.verified(a.serveInteraction))
	mux.Handle("POST /slack/events", a.verified(a.serveEvent))
}

// verified checks a request's signature headers before its body: missing
// headers get 400; a malformed signature, or a timestamp more than 5 minutes
// away, get 401, with nothing read. Then, if fewer than MaxBodyReads bodies
// are being read, it reads the body (at most MaxBody bytes, else 400) and
// checks the signature in constant time (401 when wrong); when that many
// unauthenticated bodies are already being read it answers 503 at once, so
// that slow senders cannot hold memory and connections. Nothing is handled
// before the signature holds.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
		if errors.Is(err, slack.ErrMissingHeaders) {
			refuseUnread(w, "missing Slack signature headers", http.StatusBadRequest)
			return
		}
		if err != nil {
			refuseUnread(w, "bad or stale Slack signature", http.StatusUnauthorized)
			return
		}
		if r.ContentLength > a.cfg.MaxBody {
			refuseUnread(w, "request body too large", http.StatusBadRequest)
			return
		}
		select {
		case a.bodies <- struct{}{}:
		default:
			w.Header().Set("Retry-After", "1")
			refuseUnread(w, "too many requests being read", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBody))
		<-a.bodies
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusBadRequest)
			return
		}
		sv.Write(body)
		if sv.Ensure() != nil {
			http.Error(w, "bad Slack signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	}
}

// refuseUnread answers a request whose body was not read, and closes the
// connection: otherwise the server would read what is left of the body,
// at the sender's pace, before answering.
func refuseUnread(w http.ResponseWriter, msg string, code int) {
	w.Header().Set("Connection", "close")
	http.Error(w, msg, code)
}

// wait dispatches run and writes its acknowledgement: the JSON payload, an
// empty 200, or 503 for retryLater.
func (a *Adapter) wait(w http.ResponseWriter, r *http.Request, run func(ctx context.Context) any, late func(ctx context.Context, v any)) {
	ack := make(chan any, 1)
	a.dispatch(r.Context(), run, late, func(v any) { ack <- v })
	writeAck(w, <-ack)
}

func writeAck(w http.ResponseWriter, v any) {
	if _, ok := v.(retryLater); ok {
		http.Error(w, "temporarily unavailable, retry later", http.StatusServiceUnavailable)
		return
	}
	if v == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	v, err := url.ParseQuery(string(body))
	if err != nil || v.Get("user_id") == "" {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{TeamID: v.Get("team_id"), ChannelID: v.Get("channel_id"), UserID: v.Get("user_id"),
		UserName: v.Get("user_name"), Command: v.Get("command"), Text: v.Get("text"),
		ResponseURL: v.Get("response_url"), TriggerID: v.Get("trigger_id")}
	run, late := a.onCommand(cmd)
	a.wait(w, r, run, late)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	v, err := url.ParseQuery(string(body))
	var cb slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(v.Get("payload")), &cb)
	}
	if err != nil || cb.User.ID == "" {
		http.Error(w, "not an interaction payload", http.StatusBadRequest)
		return
	}
	run, late := a.onInteraction(cb)
	a.wait(w, r, run, late)
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	e, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		http.Error(w, "not an Events API payload", http.StatusBadRequest)
		return
	}
	if e.Type == slackevents.URLVerification {
		ch, ok := e.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			http.Error(w, "bad url_verification", http.StatusBadRequest)
			return
		}
		// Slack reads "challenge"; slackevents.ChallengeResponse has no JSON
		// tag and would write "Challenge".
		writeAck(w, map[string]string{"challenge": ch.Challenge})
		return
	}
	// A retry (X-Slack-Retry-Num) carries the same event_id, which the bot
	// has recorded if the first delivery was handled: it does nothing twice.
	a.wait(w, r, a.onEvent(e), nil)
}
