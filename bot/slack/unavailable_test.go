package slack_test

import (
	"net/http"
	"strings"
	"testing"

	"prixbot/bot/bottest"
	"prixbot/store/storetest"
)

// TestDatabaseOutage: while the database refuses the bot, an Events API
// delivery is answered 503 with nothing sent, so that Slack delivers it
// again, and it is handled once when it comes back; a slash command and a
// button press, which Slack never sends again, get the apology.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	db := storetest.NewRefusable(t)
	e := newEnv(t, &bottest.Options{URL: db.URL})
	e.command("UMEMBER", "vote "+project) // before the outage: the confirmation is asked for
	db.Refuse(t)

	dm := `{"type":"event_callback","event_id":"EvOutage","event":{"type":"message","channel_type":"im","channel":"D1","user":"UMEMBER","text":"myvote"}}`
	if code, body := e.post("/slack/events", dm, nil); code != http.StatusServiceUnavailable {
		t.Fatalf("an event with the database down: %d %s, want 503 so that Slack delivers it again", code, body)
	}
	home := `{"type":"event_callback","event_id":"EvHome","event":{"type":"app_home_opened","user":"UMEMBER","tab":"home"}}`
	if code, body := e.post("/slack/events", home, nil); code != http.StatusServiceUnavailable {
		t.Fatalf("App Home opened with the database down: %d %s, want 503", code, body)
	}
	if n := len(e.slack.called("chat.postMessage")) + len(e.slack.called("views.publish")); n != 0 {
		t.Fatalf("%d messages or views sent for events left for Slack to deliver again", n)
	}
	if ans := e.command("UMEMBER", "myvote"); !strings.Contains(ans, "Sorry") || !strings.Contains(ans, `"response_type":"ephemeral"`) {
		t.Fatalf("a slash command with the database down: %s, want the apology, ephemeral", ans)
	}
	e.press("UMEMBER", "c:"+project)
	if ans := e.lastResponse(); !strings.Contains(ans, "Sorry") {
		t.Fatalf("a button press with the database down: %s, want the apology", ans)
	}

	db.Admit(t)
	if e.h.Votes() != 0 {
		t.Fatal("a vote was cast while the database refused the bot")
	}
	for range 2 { // Slack's retry, and a second one: handled once
		if code, _ := e.post("/slack/events", dm, map[string]string{"X-Slack-Retry-Num": "1"}); code != http.StatusOK {
			t.Fatalf("the event delivered again: %d", code)
		}
	}
	if n := len(e.slack.called("chat.postMessage")); n != 1 {
		t.Fatalf("the event delivered again was answered %d times, want once", n)
	}
	if code, _ := e.post("/slack/events", home, map[string]string{"X-Slack-Retry-Num": "1"}); code != http.StatusOK || len(e.slack.called("views.publish")) != 1 {
		t.Fatalf("App Home opened again: %d, %d views published", code, len(e.slack.called("views.publish")))
	}
}
