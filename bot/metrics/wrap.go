package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"prixbot/bot"
)

// Instrument returns h with every Handle counted in prixbot_updates_total by
// platform and outcome, and timed in prixbot_update_handle_seconds.
func Instrument(h bot.EventHandler) bot.EventHandler { return instrumented{h} }

type instrumented struct{ h bot.EventHandler }

func (i instrumented) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	began := time.Now()
	resp, err := i.h.Handle(ctx, ev)
	outcome := OK
	switch {
	case errors.Is(err, bot.ErrUnavailable):
		outcome = Unavailable
	case err != nil:
		outcome = Error
	case resp != nil && resp.Duplicate:
		outcome = Duplicate
	}
	UpdateHandled(ev.Platform, outcome, time.Since(began))
	return resp, err
}

// CountRejected wraps a platform's HTTP routes (an adapter's webhooks) so
// that the updates they refuse (any 4xx: forged, malformed, too big) count
// as Rejected. A GET or HEAD reads, it brings no update: it is not counted.
func CountRejected(platform string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
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
// code. The method label comes from a fixed list (see callName), so that no
// token in a URL ever reaches a label and the series stay few.
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
	Called(t.platform, callName(req.URL), code, time.Since(began))
	return resp, err
}

// apiMethods are the Bot API and Web API methods prixbot calls, or may
// call, by name: the labels a platform call may carry, with ResponseURL,
// UploadURL and OtherCall.
var apiMethods = map[string]bool{
	// Telegram Bot API
	"getMe": true, "getUpdates": true, "setWebhook": true, "deleteWebhook": true, "getWebhookInfo": true,
	"setMyCommands": true, "setChatMenuButton": true, "getChat": true, "getFile": true,
	"sendMessage": true, "sendPhoto": true, "sendDocument": true, "sendChatAction": true,
	"editMessageText": true, "editMessageCaption": true, "editMessageMedia": true, "editMessageReplyMarkup": true,
	"deleteMessage": true, "answerCallbackQuery": true, "answerWebAppQuery": true,
	// Slack Web API
	"auth.test": true, "apps.connections.open": true, "users.info": true, "conversations.open": true,
	"chat.postMessage": true, "chat.postEphemeral": true, "chat.update": true, "chat.delete": true,
	"views.open": true, "views.publish": true, "views.update": true, "views.push": true,
	"files.upload": true, "files.getUploadURLExternal": true, "files.completeUploadExternal": true,
}

// Labels of platform calls that are not API methods.
const (
	// ResponseURL is a post to a Slack response_url (hooks.slack.com/actions/…
	// or /commands/…, whose last element is a secret).
	ResponseURL = "response_url"
	// UploadURL is a file upload to the address files.getUploadURLExternal gave.
	UploadURL = "upload_url"
	// OtherCall is any other address.
	OtherCall = "other"
)

// callName is the label of a call to u: the API method when it is one of
// apiMethods (the last element of the path: Telegram's token comes before
// it), else ResponseURL, UploadURL or OtherCall. Nothing else from u is used.
func callName(u *url.URL) string {
	if m := path.Base(u.Path); apiMethods[m] {
		return m
	}
	switch {
	case strings.HasPrefix(u.Path, "/actions/"), strings.HasPrefix(u.Path, "/commands/"):
		return ResponseURL
	case strings.HasPrefix(u.Path, "/upload/"):
		return UploadURL
	}
	return OtherCall
}
