package telegram_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/time/rate"

	"prixbot/bot"
	"prixbot/bot/pace"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
)

// replies answers every update with these messages, for a press with this
// answer.
type replies struct {
	answer   string
	messages []bot.Message
}

func (h replies) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	return &bot.Response{Answer: h.answer, Messages: h.messages}, nil
}

// sentTo returns the texts (or captions) of the messages a chat got, in order.
func sentTo(api *telegramtest.Server, chat string) []string {
	var out []string
	for _, c := range api.Calls("sendMessage", "sendPhoto", "editMessageText") {
		if c.Params.Get("chat_id") == chat {
			out = append(out, c.Params.Get("text")+c.Params.Get("caption"))
		}
	}
	return out
}

// testSecond is the second of the tests that run at Telegram's limits: the
// adapter's pacing and the fake count their messages per second in it, and
// a retry_after counts it.
const testSecond = 200 * time.Millisecond

// telegramLimits are Telegram's limits, as the fake enforces them, in a
// second of testSecond.
func telegramLimits() telegramtest.Limits {
	l := telegramtest.TelegramLimits
	l.Second = testSecond
	return l
}

// TestRepliesRefusedWith429ArriveInOrder: an adapter sending faster than
// Telegram allows one chat (unpaced here, at Telegram's own limits in the
// fake) gets 429s; each reply waits its retry_after and goes again, in
// order, and none is lost. The adapter and the fake count in testSecond.
func TestRepliesRefusedWith429ArriveInOrder(t *testing.T) {
	t.Parallel() // it mostly waits for retry_after
	h := replies{messages: []bot.Message{{Text: "one"}, {Text: "two"}, {Text: "three"}}}
	e := setup(t, h, func(c *telegram.Config) {
		c.Limits = pace.Limits{Messages: rate.Inf, PerChat: rate.Inf, Second: testSecond}
	})
	e.api.SetLimits(telegramLimits())
	start := time.Now()
	e.send(t, press(1, 555, "en", "m:"))
	if got := strings.Join(sentTo(e.api, "555"), " "); got != "one two three" {
		t.Fatalf("chat got %q, want one two three", got)
	}
	if e.api.RateLimited() == 0 {
		t.Fatal("the fake never refused a reply: the test shows nothing")
	}
	// Three replies to one chat at one a second: two seconds at least.
	if d := time.Since(start); d < 2*testSecond {
		t.Fatalf("three replies to one chat in %s, less than two seconds (%s)", d, 2*testSecond)
	}
	if strings.Contains(e.logs.String(), "lost") {
		t.Fatalf("a reply logged as lost: %s", e.logs.String())
	}
}

// TestPacingKeepsWithinTelegramsLimits: at its default limits, the adapter
// answers a burst of users, and one user's quick commands, without a single
// 429 from a fake that enforces Telegram's, and every reply arrives. The
// adapter and the fake count in testSecond (TestDefaultLimits checks the
// adapter's in real seconds).
func TestPacingKeepsWithinTelegramsLimits(t *testing.T) {
	// Not in parallel: in a second of testSecond the pacing's margin over
	// a chat's one message a second is 10 ms, which a busy neighbour's
	// scheduling delays exceeded (1 message refused in one run of the
	// whole suite once the package's other tests ran in parallel).
	e := setup(t, nil, func(c *telegram.Config) { c.Limits = pace.Limits{Second: testSecond} })
	e.api.SetLimits(telegramLimits())
	var wg sync.WaitGroup
	for i := range 35 {
		wg.Go(func() { <-e.postLater(message(100+i, int64(1000+i), "en", "/help")) })
	}
	for i := range 3 {
		e.send(t, message(200+i, 555, "en", "/help"))
	}
	wg.Wait()
	if n := e.api.RateLimited(); n != 0 {
		t.Fatalf("%d messages refused with 429", n)
	}
	if r := e.api.Refused(); len(r) != 0 {
		t.Fatalf("refused: %v", r)
	}
	if n := len(e.api.Calls("sendMessage")); n != 38 {
		t.Fatalf("%d replies, want 38", n)
	}
}

// TestPhotoTelegramCannotFetchFallsBackToText: a project image Telegram
// cannot fetch (missing, or on a host the fake does not reach) gives the
// card as text, with its Vote button; one it can fetch gives the photo.
func TestPhotoTelegramCannotFetchFallsBackToText(t *testing.T) {
	images := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok.png" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	}))
	defer images.Close()
	vote := [][]bot.Button{{{Text: "Vote", Data: "v:alpha"}}}
	for _, c := range []struct {
		url, method string
	}{{images.URL + "/gone.png", "sendMessage"}, {"https://example.org/ok.png", "sendMessage"}, {images.URL + "/ok.png", "sendPhoto"}} {
		e := setup(t, nil, nil)
		if _, err := e.a.Send(context.Background(), "555", bot.Message{Text: "Alpha", PhotoURL: c.url, Buttons: vote}); err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		calls := e.api.Calls("sendMessage", "sendPhoto")
		if len(calls) != 1 || calls[0].Method != c.method || !strings.Contains(calls[0].Params.Get("reply_markup"), "v:alpha") {
			t.Fatalf("%s: card sent as %v, want %s with the Vote button", c.url, calls, c.method)
		}
	}
}

// TestEditThatChangesNothingIsDone: Telegram refuses an edit identical to
// the message ("message is not modified"); that is the message as wanted,
// not a reason to send it again.
func TestEditThatChangesNothingIsDone(t *testing.T) {
	e := setup(t, nil, nil)
	ctx := context.Background()
	m := bot.Message{Text: "Your vote is counted", Buttons: [][]bot.Button{{{Text: "Projects", Data: "m:"}}}}
	id, err := e.a.Send(ctx, "555", m)
	if err != nil {
		t.Fatal(err)
	}
	m.EditMessageID = id
	for range 2 {
		if got, err := e.a.Send(ctx, "555", m); err != nil || got != id {
			t.Fatalf("edit: %q, %v; want %q", got, err, id)
		}
	}
	if n := len(e.api.Calls("sendMessage")); n != 1 {
		t.Fatalf("%d messages sent, want the first only", n)
	}
	if r := e.api.Refused(); len(r) != 2 || r[0].Error != telegramtest.ErrNotModified {
		t.Fatalf("refusals %v: the fake should have said not modified twice", r)
	}
}

// TestTextLimitsInUTF16Units: Telegram counts UTF-16 code units, where an
// emoji counts 2: a long text goes as several messages, a caption and a
// press's answer are cut within their limits, and the fake accepts them all.
func TestTextLimitsInUTF16Units(t *testing.T) {
	long := strings.Repeat("🗳️ vote ", 700) // 700 × 9 code units: 6300
	h := replies{answer: strings.Repeat("🎉", 150), messages: []bot.Message{{Text: long}}}
	e := setup(t, h, nil)
	e.send(t, press(1, 555, "en", "m:"))
	if _, err := e.a.Send(context.Background(), "555", bot.Message{Text: long, Document: &bot.Document{Name: "a.csv", Content: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	if r := e.api.Refused(); len(r) != 0 {
		t.Fatalf("refused: %v", r)
	}
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	parts := e.api.Calls("sendMessage")
	if len(parts) != 2 || units(parts[0].Params.Get("text")) > 4096 || strings.TrimSpace(parts[0].Params.Get("text")+" "+parts[1].Params.Get("text")) != strings.TrimSpace(long) {
		t.Fatalf("long text sent as %d messages, not cut in two at a word", len(parts))
	}
	if a := e.pressAnswers(t); len(a) != 1 || units(a[0].Get("text")) > 200 || !strings.HasSuffix(a[0].Get("text"), "…") {
		t.Fatalf("answer %v", a)
	}
	if d := e.api.Calls("sendDocument"); len(d) != 1 || units(d[0].Params.Get("caption")) > 1024 {
		t.Fatalf("caption of %d units", units(d[0].Params.Get("caption")))
	}
}

// TestDefaultLimits: by default the adapter paces at Telegram's production
// limits (pace.For, whose values package pace checks) in real seconds, a
// 429's retry_after counts real seconds, and the fake enforces Telegram's
// published limits; the timed tests above shorten the second.
func TestDefaultLimits(t *testing.T) {
	api := telegramtest.New()
	defer api.Close()
	a, err := telegram.New(telegram.Config{Token: "123:abc", APIEndpoint: api.Endpoint()}, replies{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := telegram.PaceOf(a), pace.New(pace.For(bot.Telegram)); !reflect.DeepEqual(got, want) {
		t.Errorf("adapter paced by %+v, want %+v", got, want)
	}
	if telegramtest.TelegramLimits != (telegramtest.Limits{Messages: 30, PerChat: 1}) {
		t.Errorf("the fake enforces %+v, want Telegram's 30 a second and 1 a second per chat", telegramtest.TelegramLimits)
	}
	api.Fail("sendMessage", telegramtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 3})
	_, err = a.Send(context.Background(), "555", bot.Message{Text: "hi"})
	if ra := (*bot.RetryAfterError)(nil); !errors.As(err, &ra) || ra.After != 3*time.Second {
		t.Errorf("a 429 with retry_after 3 gave %v, want a RetryAfterError of 3s", err)
	}
}
