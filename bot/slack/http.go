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
)

// Mount adds the HTTP-mode endpoints to mux: POST /slack/commands,
// /slack/interactions and /slack/events. Each request is checked with
// Slack's v0 signature before anything else is read from it.
func (a *Adapter) Mount(mux *http.ServeMux) {
	mux.HandleFunc("POST /slack/commands", a.verified(a.serveCommand))
	mux.HandleFunc("POST /slack/interactions", a.verified(a.serveInteraction))
	mux.HandleFunc("POST /slack/events", a.verified(a.serveEvent))
}

// verified reads a request's body (at most MaxBody bytes, else 400) and
// checks its signature with the signing secret: missing headers get 400; a
// timestamp more than 5 minutes away or a wrong signature (compared in
// constant time) get 401. Nothing is handled before that.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBody))
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusBadRequest)
			return
		}
		sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
		if errors.Is(err, slack.ErrMissingHeaders) {
			http.Error(w, "missing Slack signature headers", http.StatusBadRequest)
			return
		}
		if err != nil {
			http.Error(w, "bad or stale Slack signature", http.StatusUnauthorized)
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

// wait dispatches run and writes its acknowledgement: the JSON payload, or
// an empty 200.
func (a *Adapter) wait(w http.ResponseWriter, r *http.Request, run func(ctx context.Context) any, late func(ctx context.Context, v any)) {
	ack := make(chan any, 1)
	a.dispatch(r.Context(), run, late, func(v any) { ack <- v })
	writeAck(w, <-ack)
}

func writeAck(w http.ResponseWriter, v any) {
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
