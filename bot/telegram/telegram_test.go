package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/pace"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const secret = "s3cret-token_ok"

// syncBuffer is a log sink shared by goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	h    *bottest.Harness
	api  *telegramtest.Server
	a    *telegram.Adapter
	srv  *httptest.Server
	logs *syncBuffer

	mu      sync.Mutex
	answers []url.Values // Bot API calls made in webhook responses, with their "method"
}

// setup starts a bot over a fresh database, a fake Bot API, and the adapter in
// webhook mode behind an HTTP server (polling too if tune clears WebhookURL).
func setup(t *testing.T, h bot.EventHandler, tune func(*telegram.Config)) *env {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := &env{logs: logs, api: telegramtest.New()}
	t.Cleanup(e.api.Close)
	// Telegram's limits scaled up, so that journeys run fast, and the
	// adapter's pacing under them: half the bot's rate (the fake allows a
	// burst of its whole second), a 25th of a chat's, so that its sends to
	// a chat start 50 ms apart where the fake wants 2 ms, and one held up
	// 45 ms on its way (tests run in parallel, the suite loads the machine)
	// still arrives in time. At half, 10 ms of delay gave a 429; at 40 ms
	// against 10, a reply that went back in the webhook response, 30 ms
	// behind the call before it, was refused once in a suite run.
	e.api.SetLimits(telegramtest.Limits{Messages: 1000, PerChat: 500})
	e.h = bottest.New(t, &bottest.Options{Log: log})
	if h == nil {
		h = e.h.Bot
	}
	cfg := telegram.Config{Token: "123:abc", APIEndpoint: e.api.Endpoint(), WebhookURL: "https://prix.example/telegram/webhook",
		WebhookSecret: secret, Log: log, Workers: 8, Limits: pace.Limits{Messages: 500, PerChat: 20}}
	if tune != nil {
		tune(&cfg)
	}
	a, err := telegram.New(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	e.a = a
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.Run(ctx) })
	if cfg.WebhookURL == "" {
		wg.Go(func() { a.Poll(ctx) })
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	mux := http.NewServeMux()
	mux.Handle("POST "+telegram.WebhookPath, a.WebhookHandler())
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) post(t *testing.T, body, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+telegram.WebhookPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(telegram.SecretHeader, token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	carried, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	// Telegram makes the call a webhook response carries.
	if c, ok := e.api.Perform(resp.Header.Get("Content-Type"), carried); ok && c.Method == "answerCallbackQuery" {
		e.mu.Lock()
		e.answers = append(e.answers, c.Params)
		e.mu.Unlock()
	}
	return resp.StatusCode
}

// pressAnswers returns the answerCallbackQuery calls that webhook responses
// carried.
func (e *env) pressAnswers(t *testing.T) []url.Values {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.answers {
		if c.Get("callback_query_id") == "" {
			t.Fatalf("webhook response answers no press: %v", c)
		}
	}
	return e.answers
}

func (e *env) send(t *testing.T, body string) {
	t.Helper()
	if code := e.post(t, body, secret); code != http.StatusOK {
		t.Fatalf("webhook answered %d to %s", code, body)
	}
}

func user(id int64, lang string) string {
	return fmt.Sprintf(`{"id":%d,"is_bot":false,"first_name":"Ann","last_name":"Peeters","username":"ann%d","language_code":%q}`, id, id, lang)
}

func message(update int, from int64, lang, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"from":%s,"chat":{"id":%d,"type":"private"},"text":%q}}`,
		update, update, user(from, lang), from, text)
}

func contact(update int, from, owner int64, lang, phone string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"from":%s,"chat":{"id":%d,"type":"private"},"contact":{"phone_number":%q,"first_name":"Ann","user_id":%d}}}`,
		update, update, user(from, lang), from, phone, owner)
}

func press(update int, from int64, lang, data string) string {
	return fmt.Sprintf(`{"update_id":%d,"callback_query":{"id":"cq%d","from":%s,"message":{"message_id":7,"date":1,"chat":{"id":%d,"type":"private"}},"chat_instance":"x","data":%q}}`,
		update, update, user(from, lang), from, data)
}

// journey is the vote of one user through the webhook, from the deep link.
func journey(first int, from int64, lang, project, phone string) []string {
	return []string{
		message(first, from, lang, "/start p-"+project),
		press(first+1, from, lang, "v:"+project),
		contact(first+2, from, from, lang, phone),
		press(first+3, from, lang, "c:"+project),
	}
}

// made returns the calls the bot made itself, not those webhook responses
// carried.
func made(calls []telegramtest.Call) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range calls {
		if !c.ViaWebhook {
			out = append(out, c)
		}
	}
	return out
}

func texts(calls []telegramtest.Call) string {
	var b strings.Builder
	for _, c := range calls {
		b.WriteString(c.Params.Get("text") + c.Params.Get("caption") + "\n")
	}
	return b.String()
}

func TestWebhookVoteJourney(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	for _, u := range journey(1, 555, "en", "alpha-jardin", "32470123456") {
		e.send(t, u)
	}
	if e.h.Votes() != 1 {
		t.Fatalf("votes = %d", e.h.Votes())
	}
	sent := e.api.Calls("sendMessage", "sendPhoto")
	all := texts(sent)
	if !strings.Contains(all, "Your vote for “Alpha au jardin” is recorded") || !strings.Contains(all, "Receipt:") {
		t.Fatalf("no receipt among replies: %s", all)
	}
	var askedContact, removed bool
	for _, c := range sent {
		rm := c.Params.Get("reply_markup")
		askedContact = askedContact || strings.Contains(rm, `"request_contact":true`)
		removed = removed || strings.Contains(rm, `"remove_keyboard":true`)
	}
	if !askedContact || !removed {
		t.Fatalf("contact keyboard shown %v, removed %v", askedContact, removed)
	}
	// The last reply to a message (not a press) goes back in the webhook
	// response, after the replies before it: the card; then, for the
	// contact, the keyboard removed by a call and the question to confirm in
	// the response. A press's replies, the receipt among them, are calls.
	var order []string
	for _, c := range sent {
		via := "call"
		if c.ViaWebhook {
			via = "response"
		}
		order = append(order, via)
	}
	if got, want := strings.Join(order, " "), "response call call response call"; got != want {
		t.Fatalf("replies made by %s, want %s:\n%s", got, want, all)
	}
	if !strings.Contains(sent[2].Params.Get("reply_markup"), `"remove_keyboard":true`) || !strings.Contains(sent[3].Params.Get("reply_markup"), "c:alpha-jardin") {
		t.Fatalf("contact's replies out of order: %v, then %v", sent[2].Params, sent[3].Params)
	}
	if n := len(e.pressAnswers(t)); n != 2 {
		t.Fatalf("%d button presses answered in the webhook response, want 2", n)
	}
	if n := len(made(e.api.Calls("answerCallbackQuery"))); n != 0 {
		t.Fatalf("%d button presses answered by a Bot API call too", n)
	}
	if !e.api.WaitFor("setWebhook", 1, 5*time.Second) || !e.api.WaitFor("setMyCommands", 4, 5*time.Second) {
		t.Fatal("webhook or command menus not registered")
	}
	if c := e.api.Calls("setWebhook")[0]; c.Params.Get("secret_token") != secret {
		t.Fatalf("webhook registered without its secret: %v", c.Params)
	}
	langs := map[string]bool{}
	for _, c := range e.api.Calls("setMyCommands") {
		langs[c.Params.Get("language_code")] = true
		if !strings.Contains(c.Params.Get("commands"), "myvote") {
			t.Fatalf("menu lacks /myvote: %v", c.Params)
		}
	}
	if !langs["fr"] || !langs["nl"] || !langs["en"] {
		t.Fatalf("menus for %v", langs)
	}
}

func TestWebhookRefusesForgedAndMalformedRequests(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	body := message(1, 555, "en", "/start")
	for _, c := range []struct {
		name, body, token string
		want              int
	}{
		{"missing secret", body, "", http.StatusUnauthorized},
		{"wrong secret", body, "s3cret-token_ok2", http.StatusUnauthorized},
		{"secret prefix", body, "s3cret", http.StatusUnauthorized},
		// With the right secret, a malformed update came from Telegram, which
		// delivers again whatever is not answered 2xx: it is logged and
		// acknowledged, so that it is dropped once, and nothing else happens.
		{"garbage body", "{not json", secret, http.StatusOK},
		{"wrong types", `{"update_id":"x","message":42}`, secret, http.StatusOK},
		{"no update id", `{"message":{"text":"hi"}}`, secret, http.StatusOK},
		{"huge body", `{"update_id":5,"message":{"text":"` + strings.Repeat("a", 2<<20) + `"}}`, secret, http.StatusOK},
		// A malformed body without the secret is refused before it is read.
		{"garbage body, no secret", "{not json", "", http.StatusUnauthorized},
		{"garbage body, wrong secret", "{not json", "wrong", http.StatusUnauthorized},
	} {
		if got := e.post(t, c.body, c.token); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	if n := len(e.api.Calls("sendMessage")); n != 0 {
		t.Fatalf("refused requests produced %d replies", n)
	}
	var processed int
	e.h.Store.DB().Get(&processed, `SELECT count(*) FROM processed_updates`)
	if processed != 0 {
		t.Fatalf("refused requests were processed: %d", processed)
	}
	if n := strings.Count(e.logs.String(), "not a Telegram update"); n != 4 {
		t.Fatalf("%d dropped malformed updates logged, want 4", n)
	}
	if len(e.pressAnswers(t)) != 0 {
		t.Fatal("a refused request got a Bot API call in its response")
	}
	// Updates the bot does not handle are acknowledged and ignored.
	e.send(t, `{"update_id":9,"edited_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":"x"}}`)
	e.send(t, fmt.Sprintf(`{"update_id":10,"message":{"message_id":1,"date":1,"from":%s,"chat":{"id":-100,"type":"group"},"text":"/start"}}`, user(1, "en")))
	// A 10 KB message gets a clear answer.
	e.send(t, message(11, 555, "en", strings.Repeat("é", 5000)))
	if !strings.Contains(texts(e.api.Calls("sendMessage")), "too long") {
		t.Fatal("a 10 KB message got no clear answer")
	}
	// Still healthy.
	for _, u := range journey(20, 556, "fr", "alpha-jardin", "+32 470 12 34 57") {
		e.send(t, u)
	}
	if e.h.Votes() != 1 {
		t.Fatalf("the bot no longer takes votes: %d", e.h.Votes())
	}
}

func TestDuplicateDeliveryIsHandledOnce(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	u := message(1, 555, "en", "/help")
	e.send(t, u)
	e.send(t, u)
	if n := len(e.api.Calls("sendMessage")); n != 1 {
		t.Fatalf("%d replies to one update delivered twice", n)
	}
}

// TestRedeliveredPressIsAnsweredAgain: the first answer may have been lost
// with the response that carried it, so a redelivered press is answered
// again (it was done already), and nothing else happens: no second receipt,
// no second vote.
func TestRedeliveredPressIsAnsweredAgain(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	steps := journey(1, 555, "en", "alpha-jardin", "+32 470 12 34 56")
	for _, u := range steps {
		e.send(t, u)
	}
	confirm := steps[len(steps)-1]
	sent := len(e.api.Calls("sendMessage"))
	e.send(t, confirm)
	answers := e.pressAnswers(t)
	if n := len(answers); n != 3 {
		t.Fatalf("%d presses answered, want 3 (Vote, Confirm, Confirm again)", n)
	}
	if last := answers[len(answers)-1]; last.Get("callback_query_id") != answers[len(answers)-2].Get("callback_query_id") ||
		!strings.Contains(last.Get("text"), "already been done") {
		t.Fatalf("the redelivered press was not answered that it was done: %v", last)
	}
	if n := len(e.api.Calls("sendMessage")); n != sent || e.h.Votes() != 1 {
		t.Fatalf("redelivery sent %d messages and left %d votes; want none and 1", n-sent, e.h.Votes())
	}
}

// failingHandler fails every update, as a broken database would.
type failingHandler struct{}

func (failingHandler) Handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	sorry := bot.T(bot.EN, "error.sorry")
	return &bot.Response{Messages: []bot.Message{{Text: sorry}}, Answer: sorry}, errors.New("database on fire")
}

func TestHandlerErrorApologisesAndIsLogged(t *testing.T) {
	t.Parallel()
	e := setup(t, failingHandler{}, nil)
	e.send(t, message(77, 555, "en", "/start"))
	e.send(t, press(78, 555, "en", "m:"))
	if !strings.Contains(texts(e.api.Calls("sendMessage")), "Sorry") {
		t.Fatal("no apology")
	}
	if a := e.pressAnswers(t); len(a) != 1 || !strings.Contains(a[0].Get("text"), "Sorry") {
		t.Fatalf("press not answered with an apology: %v", a)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "update_id=77") || !strings.Contains(logs, "database on fire") {
		t.Fatalf("error not logged with the update id: %s", logs)
	}
}

func TestSendMapsBotAPIErrors(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	e.api.Fail("sendMessage",
		telegramtest.Failure{Status: 429, RetryAfter: 7},
		telegramtest.Failure{Status: 403},
		telegramtest.Failure{Status: 400},
		telegramtest.Failure{Status: 502, Raw: true},
		telegramtest.Failure{Status: 500})
	ctx := context.Background()
	m := bot.Message{Text: "hello"}
	_, err := e.a.Send(ctx, "555", m)
	var ra *bot.RetryAfterError
	if !errors.As(err, &ra) || ra.After != 7*time.Second {
		t.Fatalf("429: %v", err)
	}
	if _, err := e.a.Send(ctx, "555", m); !errors.Is(err, bot.ErrBlocked) {
		t.Fatalf("403: %v", err)
	}
	var pe *bot.PermanentError
	if _, err := e.a.Send(ctx, "555", m); !errors.As(err, &pe) {
		t.Fatalf("400: %v", err)
	}
	for _, status := range []int{502, 500} {
		_, err := e.a.Send(ctx, "555", m)
		if err == nil || errors.As(err, &pe) || errors.As(err, &ra) || errors.Is(err, bot.ErrBlocked) {
			t.Fatalf("%d should be a temporary error: %v", status, err)
		}
	}
	if id, err := e.a.Send(ctx, "555", m); err != nil || id == "" {
		t.Fatalf("after the failures: %q, %v", id, err)
	}
	if _, err := e.a.Send(ctx, "not-a-chat", m); !errors.As(err, &pe) {
		t.Fatalf("bad chat id: %v", err)
	}
	// An edit Telegram refuses (a photo card) becomes a new message.
	e.api.Fail("editMessageText", telegramtest.Failure{Status: 400})
	if id, err := e.a.Send(ctx, "555", bot.Message{Text: "edited", EditMessageID: "3"}); err != nil || id == "3" {
		t.Fatalf("edit fallback: %q, %v", id, err)
	}
}

// TestBotAPIFailuresDuringAnUpdateDoNotStopTheBot: a reply that failed on
// the way is sent again after a back-off, and the vote goes on. The adapter
// paces at setup's rates in a second of testSecond, so that the back-off
// (a second) is short.
func TestBotAPIFailuresDuringAnUpdateDoNotStopTheBot(t *testing.T) {
	t.Parallel() // it mostly waits for the back-off
	e := setup(t, nil, func(c *telegram.Config) { c.Limits = pace.Limits{Messages: 100, PerChat: 10, Second: testSecond} })
	for i, u := range journey(1, 555, "en", "ecole-des-devoirs-volante", "32470123456") {
		if i == 1 {
			e.api.Fail("sendMessage", telegramtest.Failure{Status: 500}) // the request for the contact
		}
		e.send(t, u)
	}
	if e.h.Votes() != 1 {
		t.Fatalf("votes = %d", e.h.Votes())
	}
	// The request for the contact failed once on the way, and was sent again.
	asked := 0
	for _, c := range e.api.Calls("sendMessage") {
		if strings.Contains(c.Params.Get("reply_markup"), `"request_contact":true`) {
			asked++
		}
	}
	if asked != 2 || strings.Contains(e.logs.String(), "lost") {
		t.Fatalf("the request for the contact made %d times (want the failed one and its retry); logs: %s", asked, e.logs.String())
	}
}

func TestFloodLimitPerUser(t *testing.T) {
	t.Parallel()
	limited := bottest.New(t, &bottest.Options{Configure: func(c *bot.Config) { c.Flood = bot.FloodConfig{Rate: 0.001, Burst: 3} }})
	e := setup(t, limited.Bot, nil)
	for i := range 6 {
		e.send(t, message(100+i, 555, "en", "/help"))
	}
	e.send(t, press(200, 555, "en", "m:"))
	sent := texts(e.api.Calls("sendMessage"))
	if n := strings.Count(sent, "Here is what I can do"); n != 3 {
		t.Fatalf("%d helps answered, want 3 (the burst)", n)
	}
	if n := strings.Count(sent, "Slow down"); n != 1 {
		t.Fatalf("told to slow down %d times, want once", n)
	}
	if a := e.pressAnswers(t); len(a) != 1 || !strings.Contains(a[0].Get("text"), "Slow down") {
		t.Fatalf("a limited press must still be answered: %v", a)
	}
	// Another user is not limited.
	e.send(t, message(300, 556, "en", "/help"))
	if n := strings.Count(texts(e.api.Calls("sendMessage")), "Here is what I can do"); n != 4 {
		t.Fatalf("another user was limited")
	}
}

func TestLongPolling(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, func(c *telegram.Config) { c.WebhookURL, c.WebhookSecret = "", "" })
	e.api.QueueUpdate(message(1, 555, "nl", "/start"))
	if !e.api.WaitFor("sendMessage", 1, 10*time.Second) {
		t.Fatal("no reply to a polled update")
	}
	if !strings.Contains(texts(e.api.Calls("sendMessage")), "Welkom") {
		t.Fatalf("reply: %s", texts(e.api.Calls("sendMessage")))
	}
	if len(e.api.Calls("deleteWebhook")) != 1 {
		t.Fatal("polling did not remove the webhook first")
	}
	// Without a webhook response to carry it, a press is answered by a call.
	e.api.QueueUpdate(press(3, 555, "nl", "m:"))
	if !e.api.WaitFor("answerCallbackQuery", 1, 10*time.Second) {
		t.Fatal("a polled button press was not answered")
	}
	// Without a secret configured, the webhook refuses everything.
	if code := e.post(t, message(2, 555, "nl", "/start"), ""); code != http.StatusUnauthorized {
		t.Fatalf("webhook without a secret answered %d", code)
	}
}

func TestTwoHundredVotersOverTheWebhookEachUpdateTwice(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, func(c *telegram.Config) { c.Workers = 32 })
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := int64(10000 + i)
			for _, u := range journey(1000+i*10, from, "fr", "alpha-jardin", fmt.Sprintf("32471%06d", i)) {
				var twice sync.WaitGroup
				for range 2 {
					twice.Add(1)
					go func() {
						defer twice.Done()
						if code := e.post(t, u, secret); code != http.StatusOK {
							t.Errorf("status %d", code)
						}
					}()
				}
				twice.Wait()
			}
		}()
	}
	wg.Wait()
	receipts := strings.Count(texts(e.api.Calls("sendMessage")), "Reçu :")
	if e.h.Votes() != 200 || receipts != 200 {
		t.Fatalf("votes %d, receipts %d; want 200 each", e.h.Votes(), receipts)
	}
}

// TestNoPhoneNumberInDatabaseOrLogs greps every table and the logs (at debug
// level) for the shared numbers, in every shape they could take.
func TestNoPhoneNumberInDatabaseOrLogs(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	phones := []string{"32470112233", "+32 470 11 22 44", "33612345678"}
	for i, p := range phones {
		for _, u := range journey(10*i+1, int64(600+i), "fr", "alpha-jardin", p) {
			e.send(t, u)
		}
	}
	e.send(t, contact(99, 700, 701, "en", "32470112255")) // someone else's contact
	needles := []string{"470112233", "470112244", "612345678", "470112255", "470 11 22"}
	var tables []string
	if err := e.h.Store.DB().Select(&tables, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var rows []string
		if err := e.h.Store.DB().Select(&rows, `SELECT t::text FROM `+table+` t`); err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, n := range needles {
				if strings.Contains(row, n) {
					t.Errorf("table %s holds a phone number: %s", table, row)
				}
			}
		}
	}
	logs := e.logs.String()
	if logs == "" {
		t.Fatal("no logs captured")
	}
	for _, n := range needles {
		if strings.Contains(logs, n) {
			t.Errorf("logs hold a phone number %s", n)
		}
	}
	if e.h.Votes() != 2 { // the French number is refused by the policy
		t.Fatalf("votes = %d, want 2", e.h.Votes())
	}
}

func TestSendToAChannelByItsName(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	ctx := context.Background()
	for _, m := range []bot.Message{{Text: "results"}, {Text: "chart", Document: &bot.Document{Name: "results.png", MIME: "image/png", Content: []byte("png")}}} {
		if _, err := e.a.Send(ctx, "@prix_channel", m); err != nil {
			t.Fatalf("send %q to @prix_channel: %v", m.Text, err)
		}
	}
	if _, err := e.a.Send(ctx, "-1001234567890", bot.Message{Text: "by id"}); err != nil {
		t.Fatalf("send to a channel id: %v", err)
	}
	calls := e.api.Calls("sendMessage", "sendDocument")
	if len(calls) != 3 || calls[0].Params.Get("chat_id") != "@prix_channel" || calls[1].Params.Get("chat_id") != "@prix_channel" ||
		calls[2].Params.Get("chat_id") != "-1001234567890" {
		t.Fatalf("calls: %v", calls)
	}
	var pe *bot.PermanentError
	for _, bad := range []string{"@", "@a b", "prix_channel", "@x;drop"} {
		if _, err := e.a.Send(ctx, bad, bot.Message{Text: "x"}); !errors.As(err, &pe) {
			t.Fatalf("chat %q: %v, want a permanent error", bad, err)
		}
	}
}
