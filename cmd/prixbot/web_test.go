package main

import (
	"strings"
	"testing"
	"time"

	"prixbot/bot/telegram/telegramtest"
)

func TestPublicURLIsCheckedUpFront(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://prix.example.org":      "https://prix.example.org",
		"https://prix.example.org/":     "https://prix.example.org",
		"http://127.0.0.1:8080":         "http://127.0.0.1:8080",
		"prix.example.org":              "error",
		"ftp://prix.example.org":        "error",
		"https://":                      "error",
		"https://user:pw@example.org":   "error",
		"https://example.org/prix":      "error",
		"https://example.org/?a=1":      "error",
		"https://example.org/#fragment": "error",
	} {
		cfg, err := loadConfig([]string{"PUBLIC_URL=" + raw})
		switch {
		case want == "error" && err == nil:
			t.Errorf("PUBLIC_URL=%s accepted as %s", raw, cfg.PublicURL)
		case want == "error" && !strings.Contains(err.Error(), "PUBLIC_URL"):
			t.Errorf("PUBLIC_URL=%s: the refusal does not name the variable: %v", raw, err)
		case want != "error" && (err != nil || cfg.PublicURL.String() != want):
			t.Errorf("PUBLIC_URL=%s: %v, %v; want %s", raw, cfg, err, want)
		}
	}
	if cfg, err := loadConfig(nil); err != nil || cfg.PublicURL != nil {
		t.Errorf("unset PUBLIC_URL: %v, %v", cfg.PublicURL, err)
	}
}

// TestRunServesThePublicPages: `prixbot run` serves the pages beside
// /healthz, with the deep links of the bot Telegram names (getMe) and
// share tags at PUBLIC_URL, and the jury's Mini App.
func TestRunServesThePublicPages(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.mustRun("import", "contest", sampleContest)
	e.mustRun("import", "projects", "../../examples/prix-2026/projects.csv")
	api := telegramtest.New()
	t.Cleanup(api.Close)
	env := append(e.env[:len(e.env):len(e.env)], "LOG_LEVEL=info", "HTTP_ADDR=127.0.0.1:0", "PUBLIC_URL=https://prix.example.org",
		"TELEGRAM_TOKEN=123:abc", "TELEGRAM_API_ENDPOINT="+api.Endpoint())
	r := startReplica(t, env)
	r.log.waitFor(t, "prixbot ready", 30*time.Second)
	m := readyLine.FindStringSubmatch(r.log.String())
	if m == nil {
		t.Fatalf("no address in the log:\n%s", r.log.String())
	}
	code, body := get(t, "http://"+m[1]+"/p/alpha-jardin")
	if code != 200 {
		t.Fatalf("GET /p/alpha-jardin: %d\n%s", code, body)
	}
	for _, want := range []string{`href="https://t.me/prix_test_bot?start=p-alpha-jardin"`, `content="https://prix.example.org/p/alpha-jardin"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the project page lacks %s", want)
		}
	}
	// With Telegram on, the jury's Mini App is served.
	if code, body := get(t, "http://"+m[1]+"/jury/app"); code != 200 || !strings.Contains(body, `src="/static/miniapp.js"`) {
		t.Errorf("GET /jury/app: %d\n%s", code, body)
	}
	if code, body := get(t, "http://"+m[1]+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("GET /healthz beside the pages: %d %q", code, body)
	}
	if code, body := get(t, "http://"+m[1]+"/admin"); code != 200 || !strings.Contains(body, "/admin web") {
		t.Errorf("GET /admin: %d, not the organisers' sign-in page\n%s", code, body)
	}
}
