package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"prixbot/bot"
)

// handlerFunc adapts a function to bot.EventHandler.
type handlerFunc func(context.Context, bot.Event) (*bot.Response, error)

func (f handlerFunc) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	return f(ctx, ev)
}

func TestInstrumentCountsOutcomes(t *testing.T) {
	forget("instrumented")
	h := Instrument(handlerFunc(func(_ context.Context, ev bot.Event) (*bot.Response, error) {
		switch ev.Text {
		case "dup":
			return &bot.Response{Duplicate: true}, nil
		case "fail":
			return &bot.Response{}, errors.New("a bug")
		case "down":
			return &bot.Response{}, fmt.Errorf("%w: connection refused", bot.ErrUnavailable)
		}
		return &bot.Response{}, nil
	}))
	for _, text := range []string{"ok", "dup", "fail", "fail", "down"} {
		h.Handle(context.Background(), bot.Event{Platform: "instrumented", Text: text})
	}
	out := scrape(t)
	for _, want := range []string{
		`prixbot_updates_total{outcome="ok",platform="instrumented"} 1`,
		`prixbot_updates_total{outcome="duplicate",platform="instrumented"} 1`,
		`prixbot_updates_total{outcome="error",platform="instrumented"} 2`,
		`prixbot_updates_total{outcome="unavailable",platform="instrumented"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}

func TestCountRejected(t *testing.T) {
	forget("hooked")
	h := CountRejected("hooked", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Secret") != "s" {
			http.Error(w, "no", http.StatusUnauthorized)
		}
	}))
	for _, secret := range []string{"s", "x", ""} {
		req := httptest.NewRequest("POST", "/hook", nil)
		req.Header.Set("X-Secret", secret)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	// A page read and refused (an adapter serving pages) brings no update.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/hook", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("GET: %d, want the handler's 401", rec.Code)
	}
	if out := scrape(t); !strings.Contains(out, `prixbot_updates_total{outcome="rejected",platform="hooked"} 2`) {
		t.Errorf("rejections not counted")
	}
}

// TestCallLabelsComeFromAFixedList: calls are counted by API method and
// status; a post to a Slack response_url (whose last element is a secret), an
// upload and a call to an unknown path get fixed labels; no token, and no
// other part of a URL, reaches a label.
func TestCallLabelsComeFromAFixedList(t *testing.T) {
	forget("fixedlist")
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer api.Close()
	c := &http.Client{Transport: Transport("fixedlist", nil)}
	for _, p := range []string{
		"/actions/T0001/1234/SECRETpress1", "/commands/T0001/1234/SECRETpress2", // response_url
		"/upload/v1/SECRETupload", "/api/chat.postMessage", "/bot123:SECRET-token/sendMessage", "/bot123:SECRET-token/getMe",
		"/what/SECRETunknown", "/bot123:SECRET/SECRETnotAMethod",
	} {
		resp, err := c.Post(api.URL+p, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	out := scrape(t)
	for _, want := range []string{
		`prixbot_platform_calls_total{code="200",method="response_url",platform="fixedlist"} 2`,
		`prixbot_platform_calls_total{code="200",method="upload_url",platform="fixedlist"} 1`,
		`prixbot_platform_calls_total{code="200",method="chat.postMessage",platform="fixedlist"} 1`,
		`prixbot_platform_calls_total{code="429",method="sendMessage",platform="fixedlist"} 1`,
		`prixbot_platform_calls_total{code="200",method="getMe",platform="fixedlist"} 1`,
		`prixbot_platform_calls_total{code="200",method="other",platform="fixedlist"} 2`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
	if strings.Contains(out, "SECRET") {
		t.Error("a part of a URL other than a known method reached a label")
	}
}
