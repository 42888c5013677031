package slack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"prixbot/bot"
	"prixbot/bot/pace"
	slackadapter "prixbot/bot/slack"
)

// replies answers every event with these messages.
type replies []bot.Message

func (h replies) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	return &bot.Response{Messages: h}, nil
}

// dm posts a direct message to the app from user, as the Events API does.
func (e *env) dm(t *testing.T, user, text string) {
	t.Helper()
	e.seq++
	ev := fmt.Sprintf(`{"type":"event_callback","event_id":"EvDM%d","event":{"type":"message","channel_type":"im","channel":"D%s","user":%q,"text":%q}}`, e.seq, user, user, text)
	if code, body := e.post("/slack/events", ev, map[string]string{"Content-Type": "application/json"}); code != http.StatusOK {
		t.Fatalf("event: %d %s", code, body)
	}
}

// testSecond is the second of the tests that run at Slack's limits: the
// adapter's and the dispatcher's pacing and the fake count per second in
// it, and a Retry-After counts it.
const testSecond = 200 * time.Millisecond

// TestSlackRepliesRefusedWith429ArriveInOrder: an adapter posting faster
// than Slack allows one channel (unpaced here; the fake at Slack's one a
// second) gets 429s; each reply waits its Retry-After and goes again, in
// order, and none is lost. The adapter and the fake count in testSecond.
func TestSlackRepliesRefusedWith429ArriveInOrder(t *testing.T) {
	t.Parallel() // it mostly waits for Retry-After
	e := newEnv(t, nil)
	e.slack.perChannel, e.slack.second = 1, testSecond
	e.mount(t, func(c *slackadapter.Config) {
		c.Updates = replies{{Text: "one"}, {Text: "two"}, {Text: "three"}}
		c.Limits = pace.Limits{Messages: rate.Inf, PerChat: rate.Inf, Second: testSecond}
	})
	start := time.Now()
	e.dm(t, "UMEMBER", "help")
	var got []string
	for _, c := range e.slack.called("chat.postMessage") {
		got = append(got, c.Form.Get("text"))
	}
	if strings.Join(got, " ") != "one two three" {
		t.Fatalf("posted %q, want one two three", got)
	}
	e.slack.mu.Lock()
	refused := len(e.slack.refused)
	e.slack.mu.Unlock()
	if refused == 0 {
		t.Fatal("the fake never refused a post: the test shows nothing")
	}
	// Three posts to one channel at one a second: two seconds at least.
	if d := time.Since(start); d < 2*testSecond {
		t.Fatalf("three posts to one channel in %s, less than two seconds (%s)", d, 2*testSecond)
	}
}

// TestSlackImageItCannotDownloadFallsBackToText: a card whose image Slack
// cannot download is refused (invalid_blocks, or 400 from a response URL);
// the card goes without it, with its Vote button, as a direct message and
// as the answer to a press.
func TestSlackImageItCannotDownloadFallsBackToText(t *testing.T) {
	t.Parallel()
	gone := httptest.NewServer(http.NotFoundHandler())
	defer gone.Close()
	e := newEnv(t, nil)
	card := bot.Message{Text: "Alpha", PhotoURL: gone.URL + "/alpha.png", Buttons: [][]bot.Button{{{Text: "Vote", Data: "v:alpha"}}}}
	e.mount(t, func(c *slackadapter.Config) { c.Updates = replies{card} })
	e.dm(t, "UMEMBER", "show alpha")
	e.press("UMEMBER", "p:alpha")
	posts, answers := e.slack.called("chat.postMessage"), e.slack.called("response")
	if len(posts) != 1 || len(answers) != 1 {
		t.Fatalf("%d posts, %d answers to the press; want one each", len(posts), len(answers))
	}
	answer, _ := json.Marshal(answers[0].JSON)
	for _, got := range []string{posts[0].Form.Get("blocks"), string(answer)} {
		if !strings.Contains(got, "v:alpha") || strings.Contains(got, `"image"`) {
			t.Fatalf("card sent as %s, want its Vote button and no image", got)
		}
	}
	e.slack.mu.Lock()
	defer e.slack.mu.Unlock()
	if len(e.slack.refused) != 2 {
		t.Fatalf("%d refusals, want the two cards with the image", len(e.slack.refused))
	}
}

// TestDefaultLimits: by default the adapter paces at Slack's production
// limits (pace.For, whose values package pace checks) in real seconds, and
// the fake enforces Slack's one post a second to a channel; the timed tests
// above shorten the second. (TestSenderMapsRateLimitAndPostsToChannel
// checks that a Retry-After of 1 waits a real second.)
func TestDefaultLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.mount(t, func(c *slackadapter.Config) { c.Limits = pace.Limits{} })
	if got, want := slackadapter.PaceOf(e.a), pace.New(pace.For(bot.Slack)); !reflect.DeepEqual(got, want) {
		t.Errorf("adapter paced by %+v, want %+v", got, want)
	}
	if f := newFakeSlack(t); f.perChannel != 1 || f.second != time.Second {
		t.Errorf("the fake allows %v posts a channel in %s, want Slack's one a second", f.perChannel, f.second)
	}
}
