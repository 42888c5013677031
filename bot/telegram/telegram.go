package telegram

import (
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"prixbot/bot"
	"prixbot/bot/pace"
)

// WebhookPath is where Telegram posts updates in webhook mode.
const WebhookPath = "/telegram/webhook"

// SecretHeader carries the webhook secret on every webhook request.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateSize bounds a webhook request body; real updates are a few KB.
const maxUpdateSize = 1 << 20

// Config configures the adapter.
type Config struct {
	Token string
	// APIEndpoint is the Bot API endpoint in tgbotapi's format
	// ("https://api.telegram.org/bot%s/%s"); Telegram's by default.
	APIEndpoint string
	// WebhookURL turns on webhook mode: Run registers it with WebhookSecret.
	// Empty means long polling: updates arrive while Poll runs.
	WebhookURL    string
	WebhookSecret string
	// Workers is how many updates are handled at once; 32 by default. The
	// updates of one user are handled one at a time, in order; no update
	// waits behind another user's.
	Workers int
	// Queue is how many updates may wait per worker (Workers × Queue in
	// all); 64 by default. A webhook request that finds no room gets 503 and
	// Telegram retries.
	Queue int
	// Limits paces the messages the adapter sends, replies and the
	// outbox's alike (they share Telegram's limits): pace.For(bot.Telegram) by
	// default. A 429's retry_after counts Limits' seconds (pace.Limits.Second).
	Limits pace.Limits
	// RetryFor bounds how long a reply is tried again after Telegram
	// refused it with 429 (waiting its retry_after) or a temporary failure,
	// before it is logged as lost; 2 min by default.
	RetryFor time.Duration
	// PollTimeout is the long-polling timeout; 30 s by default.
	PollTimeout time.Duration
	// ShutdownGrace bounds how long, once Run's ctx ends, the workers may
	// take to finish the updates they are handling; 3 s by default.
	ShutdownGrace time.Duration
	// RetryWait is how long long polling waits before it fetches again the
	// updates it left for redelivery because the infrastructure failed
	// (bot.ErrUnavailable); 1 s by default.
	RetryWait time.Duration
	// HTTPClient talks to the Bot API; one with sensible timeouts by default.
	HTTPClient *http.Client
	Log        *slog.Logger
}

// Adapter connects the conversations to Telegram (a bot.Adapter that is a
// Mounter in webhook mode, a Poller in long-polling mode, and a Reacher).
type Adapter struct {
	cfg     Config
	api     *tgbotapi.BotAPI
	handler bot.EventHandler
	log     *slog.Logger
	queue   *userQueue
	// life is the context of the handling of updates and of Bot API calls
	// made through api: Run ends it once its workers are done, or
	// ShutdownGrace after its ctx ends.
	life context.Context
	stop context.CancelFunc
	// quitting ends with Run's ctx: pollers stop fetching and workers take
	// no new update.
	quitting context.Context
	quit     context.CancelFunc
	// stopped is closed once Run's workers have returned: an update still
	// queued then is left for Telegram to deliver again.
	stopped chan struct{}
	// polling keeps calls of Poll one at a time.
	polling sync.Mutex

	pace *pace.Pacer
}

// Adapter has these abilities.
var (
	_ bot.Adapter = (*Adapter)(nil)
	_ bot.Mounter = (*Adapter)(nil)
	_ bot.Poller  = (*Adapter)(nil)
	_ bot.Reacher = (*Adapter)(nil)
)

// webhookReply is a Bot API call rendered as the body of a webhook
// response (form-encoded, with its "method"); body is nil until there is one.
type webhookReply struct {
	body []byte
}

// New connects to the Bot API (getMe) and returns an adapter for h. It can
// send at once; it handles updates once Run starts its workers.
func New(cfg Config, h bot.EventHandler) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: a bot token is required")
	}
	cfg.APIEndpoint = cmp.Or(cfg.APIEndpoint, tgbotapi.APIEndpoint)
	cfg.Workers = cmp.Or(cfg.Workers, 32)
	cfg.Queue = cmp.Or(cfg.Queue, 64)
	cfg.Limits.Messages = cmp.Or(cfg.Limits.Messages, pace.For(bot.Telegram).Messages)
	cfg.Limits.PerChat = cmp.Or(cfg.Limits.PerChat, pace.For(bot.Telegram).PerChat)
	cfg.RetryFor = cmp.Or(cfg.RetryFor, 2*time.Minute)
	cfg.PollTimeout = cmp.Or(cfg.PollTimeout, 30*time.Second)
	cfg.ShutdownGrace = cmp.Or(cfg.ShutdownGrace, 3*time.Second)
	cfg.RetryWait = cmp.Or(cfg.RetryWait, time.Second)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{
			Timeout: cfg.PollTimeout + 30*time.Second,
			Transport: &http.Transport{
				Proxy:               http.ProxyFromEnvironment,
				MaxIdleConnsPerHost: cfg.Workers + 4,
				IdleConnTimeout:     90 * time.Second,
				TLSHandshakeTimeout: 10 * time.Second,
			},
		}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	life, stop := context.WithCancel(context.Background())
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.APIEndpoint, ctxClient{cfg.HTTPClient, life})
	if err != nil {
		stop()
		return nil, fmt.Errorf("telegram: connect to the Bot API (getMe): %w", err)
	}
	quitting, quit := context.WithCancel(context.Background())
	a := &Adapter{cfg: cfg, api: api, handler: h, log: cfg.Log.With("platform", bot.Telegram),
		queue: newUserQueue(cfg.Workers * cfg.Queue), pace: pace.New(cfg.Limits), life: life, stop: stop,
		quitting: quitting, quit: quit, stopped: make(chan struct{})}
	return a, nil
}

// ctxClient gives tgbotapi's requests, which carry no context, ctx.
type ctxClient struct {
	c   *http.Client
	ctx context.Context
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// Name is bot.Telegram.
func (a *Adapter) Name() string { return bot.Telegram }

// Username returns the bot's @username, for deep links.
func (a *Adapter) Username() string { return a.api.Self.UserName }

// Reach is the bot's username, for the deep links to it.
func (a *Adapter) Reach() bot.Reach { return bot.Reach{Platform: bot.Telegram, Handle: a.Username()} }

// Mount adds POST /telegram/webhook (WebhookHandler) to mux in webhook
// mode; nothing in long-polling mode.
func (a *Adapter) Mount(mux bot.Mux) {
	if a.cfg.WebhookURL != "" {
		mux.Handle("POST "+WebhookPath, a.WebhookHandler())
	}
}

// Polls reports whether the adapter is in long-polling mode, where updates
// arrive while Poll runs.
func (a *Adapter) Polls() bool { return a.cfg.WebhookURL == "" }

// Run is the adapter's lifetime: it starts the workers that handle updates,
// registers the command menu and, in webhook mode, the webhook (updates
// arrive through WebhookHandler); in long-polling mode they arrive while Poll
// runs. Failures of the Bot API are logged. When ctx ends, pollers stop
// fetching and each worker finishes the update it is handling, within
// ShutdownGrace; updates not handled by then are left for Telegram to
// deliver again. Run returns once the workers are done, and the adapter then
// neither handles nor sends any more: Run is called once.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.stop()
	var wg sync.WaitGroup
	for range a.cfg.Workers {
		wg.Go(a.work)
	}
	wg.Go(func() {
		a.registerCommands()
		if a.cfg.WebhookURL != "" {
			a.setWebhook()
		}
	})
	<-ctx.Done()
	a.quit()
	grace := time.AfterFunc(a.cfg.ShutdownGrace, a.stop)
	defer grace.Stop()
	wg.Wait()
	close(a.stopped)
	return nil
}

// registerCommands sets the command menu in every language, logging what fails.
func (a *Adapter) registerCommands() {
	for _, lang := range []string{"", bot.FR, bot.NL, bot.EN} {
		var cmds []tgbotapi.BotCommand
		for _, c := range bot.VoterCommands(cmp.Or(lang, bot.FR)) {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c[0], Description: c[1]})
		}
		cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), lang, cmds...)
		if _, err := a.api.Request(cfg); err != nil {
			a.log.Warn("could not register the command menu", "lang", lang, "err", err)
		}
	}
}

var allowedUpdates = `["message","callback_query"]`

func (a *Adapter) setWebhook() {
	_, err := a.api.MakeRequest("setWebhook", tgbotapi.Params{
		"url":             a.cfg.WebhookURL,
		"secret_token":    a.cfg.WebhookSecret,
		"allowed_updates": allowedUpdates,
		"max_connections": strconv.Itoa(min(100, a.cfg.Workers)),
	})
	if err != nil {
		a.log.Error("could not register the webhook; Telegram will not deliver updates", "url", a.cfg.WebhookURL, "err", err)
		return
	}
	a.log.Info("webhook registered", "url", a.cfg.WebhookURL)
}

// Poll long-polls getUpdates and hands the updates to Run's workers until
// ctx or Run's ctx ends. In long-polling mode it runs while this replica
// holds the polling role (store.Lead); it may be called again after it
// returns, one call at a time. The offset moves past an update only once it
// and every update before it are handled, so an update fetched but not
// handled is delivered again, to this poller or the next; the database makes
// the redelivery harmless. An update the bot could not handle because the
// infrastructure failed (bot.ErrUnavailable) is fetched again after
// RetryWait, with the updates behind it; those of them this poller handled
// already are skipped. When ctx ends, Poll stops fetching, waits until the
// workers are done with what it handed over, and returns.
func (a *Adapter) Poll(ctx context.Context) {
	a.polling.Lock()
	defer a.polling.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(a.quitting, cancel)()
	// Its own client, so that ending the poll ends its pending getUpdates
	// and nothing else.
	api := &tgbotapi.BotAPI{Token: a.cfg.Token, Self: a.api.Self, Client: ctxClient{a.cfg.HTTPClient, ctx}}
	api.SetAPIEndpoint(a.cfg.APIEndpoint)
	if _, err := api.MakeRequest("deleteWebhook", nil); err != nil && ctx.Err() == nil {
		a.log.Warn("could not remove a webhook before polling", "err", err)
	}
	a.log.Info("long polling for updates", "bot", a.api.Self.UserName)
	defer a.log.Info("long polling stopped")
	offset := 0
	done := map[int]bool{} // updates at or past offset that were handled
	for ctx.Err() == nil {
		resp, err := api.MakeRequest("getUpdates", tgbotapi.Params{
			"offset":          strconv.Itoa(offset),
			"timeout":         strconv.Itoa(int(a.cfg.PollTimeout.Seconds())),
			"limit":           strconv.Itoa(min(100, a.cfg.Workers*a.cfg.Queue)), // the batch fits in the queue
			"allowed_updates": allowedUpdates,
		})
		var updates []tgbotapi.Update
		if err == nil {
			err = json.Unmarshal(resp.Result, &updates)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			a.log.Warn("getUpdates failed; retrying", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(3 * time.Second):
			}
			continue
		}
		fresh := slices.DeleteFunc(slices.Clone(updates), func(u tgbotapi.Update) bool { return done[u.UpdateID] })
		a.hand(ctx, fresh, done)
		if ctx.Err() != nil {
			return
		}
		left := false
		for _, u := range updates { // in the order Telegram gave them: by id
			if !done[u.UpdateID] {
				left = true
				break
			}
			offset = max(offset, u.UpdateID+1)
		}
		maps.DeleteFunc(done, func(id int, _ bool) bool { return id < offset })
		if left {
			select {
			case <-ctx.Done():
			case <-time.After(a.cfg.RetryWait):
			}
		}
	}
}

// hand gives a batch of updates to the workers, stopping early if ctx ends,
// waits until they are done with what they got, and marks in done those
// they handled.
func (a *Adapter) hand(ctx context.Context, updates []tgbotapi.Update, done map[int]bool) {
	jobs := make([]job, len(updates))
	for i, u := range updates {
		jobs[i] = newJob(u, nil)
	}
	for _, j := range jobs[:a.queue.pushAll(ctx, jobs)] {
		if a.handled(j) {
			done[j.update.UpdateID] = true
		}
	}
}

// handled waits until the workers are done with j and reports whether they
// handled it: false when they left it for Telegram to deliver again, or
// stopped first without taking it.
func (a *Adapter) handled(j job) bool {
	select {
	case ok := <-j.done:
		return ok
	case <-a.stopped:
		select {
		case ok := <-j.done:
			return ok
		default:
			return false
		}
	}
}

// WebhookHandler serves POST /telegram/webhook. A request without the right
// secret gets 401 and is not read; a body that is not an update is logged
// and answered 200, so that Telegram drops it rather than delivering it
// again; a full queue gets 503 (Telegram retries), and so does an update the
// bot could not handle because the infrastructure failed (bot.ErrUnavailable),
// with nothing sent to the user, and the updates of the same user queued
// behind it (handling them first would change the user's order). Otherwise
// it answers 200 once the update is handled and its replies sent.
//
// That 200's body may carry one Bot API call, which Telegram then makes on
// the bot's behalf: the request saves a round trip to the Bot API, and the
// bot the cost of a request. The price is that we never learn whether
// Telegram accepted it, so it carries only a call whose failure we could
// only log: the answer to a button press (which only stops the button
// spinning), or else the update's last reply when it is a new text message
// that fits in one, once the pacer lets it go (Telegram counts it against
// the same limits) — the replies before it have been sent by then, so their
// order holds. The replies to a button press, a receipt among them, are
// calls of our own, as are edits (a refused edit is sent anew), photos (one
// Telegram cannot fetch falls back to text) and documents.
func (a *Adapter) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get(SecretHeader)
		if a.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
			http.Error(w, "wrong or missing secret token", http.StatusUnauthorized)
			return
		}
		var u tgbotapi.Update
		dec := json.NewDecoder(io.LimitReader(r.Body, maxUpdateSize))
		if err := dec.Decode(&u); err != nil || u.UpdateID <= 0 {
			// The secret says Telegram sent it, and Telegram redelivers what
			// is not answered 2xx: a body that will never decode would come
			// back again and again. Drop it once, and say so in the logs
			// (the error, never the body: it may hold a phone number).
			a.log.Warn("dropped a webhook request that is not a Telegram update", "err", err, "update_id", u.UpdateID)
			w.WriteHeader(http.StatusOK)
			return
		}
		j := newJob(u, &webhookReply{})
		if !a.queue.tryPush(j) {
			http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
			return
		}
		var handled bool
		select {
		case handled = <-j.done:
		case <-a.stopped:
			select {
			case handled = <-j.done: // handled just before the workers stopped
			default:
				http.Error(w, "shutting down, retry later", http.StatusServiceUnavailable)
				return
			}
		case <-r.Context().Done():
			return
		}
		if !handled {
			http.Error(w, "temporarily unavailable, retry later", http.StatusServiceUnavailable)
			return
		}
		if j.reply.body == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		w.Write(j.reply.body)
	})
}

// work handles queued updates until the adapter quits, each user's in turn.
// An update it has started is handled to the end, or until ShutdownGrace
// ends life.
func (a *Adapter) work() {
	for {
		select {
		case <-a.quitting.Done():
			return
		case j := <-a.queue.ready:
			// Once an update of the user is left for redelivery, so are
			// those queued behind it: handled first, they would change the
			// user's order.
			left := false
			for more := true; more; j, more = a.queue.handled(j) {
				if a.quitting.Err() != nil {
					return
				}
				left = left || !a.process(a.life, j.update, j.reply)
				j.done <- !left
			}
		}
	}
}

// process handles one update and sends what the bot answered; a call that
// may go back in the webhook's response goes into reply when it is not nil
// (see WebhookHandler). It reports false, having sent nothing, when the bot
// could not handle the update because the infrastructure failed
// (bot.ErrUnavailable): Telegram is to deliver it again. Nothing here stops
// the process: failures are logged with the update id (an attribute of each
// log call rather than a logger made With it: that would cost every update an
// allocation for the rare one that logs).
func (a *Adapter) process(ctx context.Context, u tgbotapi.Update, reply *webhookReply) (handled bool) {
	id := u.UpdateID
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("panic while handling an update", "update_id", id, "panic", p)
			handled = true
		}
	}()
	ev, ok := toEvent(u)
	cb := u.CallbackQuery
	if !ok {
		if cb != nil {
			a.answer(id, reply, cb.ID, "", false)
		}
		return true
	}
	resp, err := a.handler.Handle(ctx, ev)
	if errors.Is(err, bot.ErrUnavailable) {
		// Not done: no apology, since the user gets the real answer when
		// Telegram delivers the update again.
		a.log.Warn("left an update for Telegram to deliver again", "update_id", id, "err", err)
		return false
	}
	if err != nil {
		a.log.Error("handling an update failed", "update_id", id, "err", err)
	}
	if resp == nil {
		return true
	}
	// A redelivery (resp.Duplicate) has no messages, and for a press the
	// answer the bot gives it: it goes the way of any other.
	switch {
	case cb != nil && reply != nil:
		a.answer(id, reply, cb.ID, resp.Answer, resp.AnswerAlert)
	case cb != nil:
		// The answer and the replies are independent calls: the answer goes
		// alongside the replies rather than after them (one goroutine per
		// worker at most).
		answered := make(chan struct{})
		go func() {
			defer close(answered)
			a.answer(id, nil, cb.ID, resp.Answer, resp.AnswerAlert)
		}()
		defer func() { <-answered }()
	}
	messages := resp.Messages
	var last []byte
	if n := len(messages); n > 0 && cb == nil && reply != nil {
		if last = webhookMessage(ev.ChatID, messages[n-1]); last != nil {
			messages = messages[:n-1]
		}
	}
	for _, m := range messages {
		a.deliver(ctx, id, ev.ChatID, m)
	}
	// The call in the response counts against the limits as any other,
	// and a refusal of it never comes back to us: it goes only once the
	// pacer lets it, else it is a call of our own.
	if last != nil {
		if a.pace.Wait(ctx, ev.ChatID) == nil {
			reply.body = last
		} else {
			a.deliver(ctx, id, ev.ChatID, resp.Messages[len(resp.Messages)-1])
		}
	}
	return true
}

// webhookMessage renders m as a webhook response's call, or nil when it
// must be a call of our own, whose failure we learn: an edit (one refused
// is sent anew), a photo (one Telegram cannot fetch falls back to text), a
// document, a text too long for one message, or a chat id that is not
// Telegram's (Send then says why).
func webhookMessage(chatID string, m bot.Message) []byte {
	to, err := parseChat(chatID)
	if err != nil || m.EditMessageID != "" || m.Document != nil || m.PhotoURL != "" || units(m.Text) > bot.MaxTextLen {
		return nil
	}
	body, err := webhookBody(chattable(to, m))
	if err != nil {
		return nil
	}
	return body
}

// deliver sends a reply to its chat (Send paces it within Telegram's
// limits). One that Telegram refuses with 429 is sent again after its
// retry_after, one that failed on the way (a 5xx, a lost connection) after
// a back-off, so that it arrives, and in its place: the worker handles the
// user's updates one at a time, so the chat's later replies wait behind it.
// It gives up on a reply Telegram will never accept, after RetryFor, or
// when the adapter stops, and logs it as lost.
func (a *Adapter) deliver(ctx context.Context, updateID int, chatID string, m bot.Message) {
	attempts, err := a.pace.Retry(ctx, a.cfg.RetryFor, func() error {
		_, err := a.Send(ctx, chatID, m)
		return err
	})
	var pe *bot.PermanentError
	switch {
	case err == nil:
	case errors.As(err, &pe), errors.Is(err, bot.ErrBlocked):
		a.log.Warn("could not send a reply", "update_id", updateID, "err", err)
	default:
		a.log.Error("a reply was lost", "update_id", updateID, "attempts", attempts, "err", err)
	}
}

// answer answers a button press, so the user's client stops waiting: into
// reply when it is not nil, else with a Bot API call.
func (a *Adapter) answer(updateID int, reply *webhookReply, id, text string, alert bool) {
	text = truncate(text, 200)
	if reply != nil {
		// Three fields: cheaper to write than to capture (webhookBody).
		form := url.Values{"method": {"answerCallbackQuery"}, "callback_query_id": {id}}
		if text != "" {
			form.Set("text", text)
		}
		if alert {
			form.Set("show_alert", "true")
		}
		reply.body = []byte(form.Encode())
		return
	}
	cfg := tgbotapi.NewCallback(id, text)
	cfg.ShowAlert = alert
	if _, err := a.api.Request(cfg); err != nil {
		a.log.Warn("could not answer a button press", "update_id", updateID, "err", err)
	}
}

// toEvent translates an update from a private chat; other updates (groups,
// channels, edits, updates without a sender) give false.
func toEvent(u tgbotapi.Update) (bot.Event, bool) {
	ev := bot.Event{Platform: bot.Telegram, UpdateID: strconv.Itoa(u.UpdateID)}
	var from *tgbotapi.User
	var chat *tgbotapi.Chat
	switch {
	case u.Message != nil:
		from, chat = u.Message.From, u.Message.Chat
		ev.Text = u.Message.Text
		if c := u.Message.Contact; c != nil {
			ev.Contact = &bot.Contact{Phone: c.PhoneNumber}
			if c.UserID != 0 {
				ev.Contact.UserID = strconv.FormatInt(c.UserID, 10)
			}
		}
	case u.CallbackQuery != nil:
		from = u.CallbackQuery.From
		ev.Callback = &bot.Callback{ID: u.CallbackQuery.ID, Data: u.CallbackQuery.Data}
		if m := u.CallbackQuery.Message; m != nil {
			chat = m.Chat
			ev.Callback.MessageID = strconv.Itoa(m.MessageID)
		}
	default:
		return ev, false
	}
	if from == nil || from.IsBot || chat == nil || chat.Type != "private" {
		return ev, false
	}
	ev.UserID = strconv.FormatInt(from.ID, 10)
	ev.ChatID = strconv.FormatInt(chat.ID, 10)
	ev.Username = from.UserName
	ev.Name = strings.TrimSpace(from.FirstName + " " + from.LastName)
	ev.LangHint = from.LanguageCode
	return ev, true
}

// Send delivers a message to a chat (bot.Sender), paced within the
// adapter's Limits, which every message shares. A Bot API 429 gives
// *bot.RetryAfterError, 403 bot.ErrBlocked, 400 *bot.PermanentError; any
// other failure is temporary. An edit that changes nothing is done; one
// that Telegram refuses otherwise is sent as a new message instead. A photo
// Telegram cannot fetch is sent as a text with the same buttons. A text too
// long for one message goes as several, the buttons with the last; the id
// returned is the last one's.
func (a *Adapter) Send(ctx context.Context, chatID string, m bot.Message) (string, error) {
	chat, err := parseChat(chatID)
	if err != nil {
		return "", &bot.PermanentError{Err: err}
	}
	if err := a.pace.Wait(ctx, chatID); err != nil {
		return "", err
	}
	if m.EditMessageID != "" {
		if id, err := strconv.Atoi(m.EditMessageID); err == nil {
			_, err := a.api.MakeRequest("editMessageText", editText(chat, id, truncate(m.Text, bot.MaxTextLen), m.Buttons))
			if err == nil || refusedFor(err, "message is not modified") {
				return m.EditMessageID, nil
			}
			var pe *bot.PermanentError
			if err = a.mapErr(err); !errors.As(err, &pe) {
				return "", err
			}
			// A photo card has no text to edit, or the message is gone or
			// too old: send anew.
			m.EditMessageID = ""
			if err := a.pace.Wait(ctx, chatID); err != nil {
				return "", err
			}
		}
	}
	if m.PhotoURL == "" && m.Document == nil {
		parts := split(m.Text, bot.MaxTextLen)
		for _, part := range parts[:len(parts)-1] {
			if _, err := a.api.Send(chattable(chat, bot.Message{Text: part})); err != nil {
				return "", a.mapErr(err)
			}
			if err := a.pace.Wait(ctx, chatID); err != nil {
				return "", err
			}
		}
		m.Text = parts[len(parts)-1]
	}
	msg, err := a.api.Send(chattable(chat, m))
	if m.PhotoURL != "" && refusedFor(err, "wrong file identifier/HTTP URL specified", "failed to get HTTP URL content", "wrong type of the web page content", "IMAGE_PROCESS_FAILED") {
		// Telegram could not fetch the project's image: the card as text,
		// with its buttons, rather than no card and no Vote button.
		m.PhotoURL = ""
		return a.Send(ctx, chatID, m)
	}
	if err != nil {
		return "", a.mapErr(err)
	}
	return strconv.Itoa(msg.MessageID), nil
}

// refusedFor reports whether err is the Bot API's 400 with a description
// containing one of these.
func refusedFor(err error, descriptions ...string) bool {
	var te *tgbotapi.Error
	if !errors.As(err, &te) || te.Code != http.StatusBadRequest {
		return false
	}
	for _, d := range descriptions {
		if strings.Contains(te.Message, d) {
			return true
		}
	}
	return false
}

// target is where a message goes: a chat by its numeric id, or a public
// channel by its @username (TELEGRAM_ANNOUNCE_CHANNEL may be either).
type target struct {
	id       int64
	username string // "@name"; id is then 0
}

// channelName is a public channel's @username as Telegram allows them.
var channelName = regexp.MustCompile(`^@[A-Za-z][A-Za-z0-9_]{3,31}$`)

// parseChat reads a chat id: digits (negative for groups and channels), or
// a channel's @username.
func parseChat(chatID string) (target, error) {
	if channelName.MatchString(chatID) {
		return target{username: chatID}, nil
	}
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return target{}, fmt.Errorf("chat id %q is neither a Telegram chat id nor a channel's @username", chatID)
	}
	return target{id: id}, nil
}

// chattable renders a message as the Bot API call that sends it.
func chattable(to target, m bot.Message) tgbotapi.Chattable {
	var markup any
	switch {
	case m.RequestContact != "":
		markup = tgbotapi.ReplyKeyboardMarkup{
			Keyboard:        [][]tgbotapi.KeyboardButton{{{Text: m.RequestContact, RequestContact: true}}},
			ResizeKeyboard:  true,
			OneTimeKeyboard: true,
		}
	case m.RemoveKeyboard:
		markup = tgbotapi.NewRemoveKeyboard(false)
	default:
		if kb := inlineKeyboard(m.Buttons); kb != nil {
			markup = kb
		}
	}
	switch {
	case m.Document != nil:
		doc := tgbotapi.NewDocument(to.id, tgbotapi.FileBytes{Name: m.Document.Name, Bytes: m.Document.Content})
		doc.ChannelUsername = to.username
		doc.Caption = truncate(m.Text, bot.MaxCaptionLen)
		doc.ReplyMarkup = markup
		return doc
	case m.PhotoURL != "":
		photo := tgbotapi.NewPhoto(to.id, tgbotapi.FileURL(m.PhotoURL))
		photo.ChannelUsername = to.username
		photo.Caption = truncate(m.Text, bot.MaxCaptionLen)
		photo.ReplyMarkup = markup
		return photo
	}
	msg := tgbotapi.NewMessage(to.id, truncate(m.Text, bot.MaxTextLen))
	msg.ChannelUsername = to.username
	msg.ReplyMarkup = markup
	msg.DisableWebPagePreview = true
	return msg
}

// inlineMarkup is tgbotapi.InlineKeyboardMarkup with the buttons that the
// library (v5.5.1) lacks: web_app.
type inlineMarkup struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

// inlineButton is an inline keyboard button of any kind.
type inlineButton struct {
	tgbotapi.InlineKeyboardButton
	WebApp *webAppInfo `json:"web_app,omitempty"`
}

// webAppInfo is the Bot API's WebAppInfo: the Mini App a button opens.
type webAppInfo struct {
	URL string `json:"url"`
}

// inlineKeyboard renders button rows, keeping Telegram's limit of 100
// buttons; nil when there are none.
func inlineKeyboard(rows [][]bot.Button) *inlineMarkup {
	var kb [][]inlineButton
	n := 0
	for _, row := range rows {
		var out []inlineButton
		for _, b := range row {
			if n == bot.MaxButtons {
				break
			}
			switch {
			case b.WebApp:
				out = append(out, inlineButton{InlineKeyboardButton: tgbotapi.InlineKeyboardButton{Text: b.Text}, WebApp: &webAppInfo{URL: b.URL}})
			case b.URL != "":
				out = append(out, inlineButton{InlineKeyboardButton: tgbotapi.NewInlineKeyboardButtonURL(b.Text, b.URL)})
			default:
				out = append(out, inlineButton{InlineKeyboardButton: tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data)})
			}
			n++
		}
		if len(out) > 0 {
			kb = append(kb, out)
		}
	}
	if kb == nil {
		return nil
	}
	return &inlineMarkup{InlineKeyboard: kb}
}

// editText is the editMessageText call that puts text and buttons in
// place of message id, made by hand because the library's edit takes its
// own keyboard type, without web_app buttons.
func editText(to target, id int, text string, buttons [][]bot.Button) tgbotapi.Params {
	params := tgbotapi.Params{}
	params.AddFirstValid("chat_id", to.id, to.username)
	params.AddNonZero("message_id", id)
	params.AddNonEmpty("text", text)
	if kb := inlineKeyboard(buttons); kb != nil {
		params.AddInterface("reply_markup", kb)
	}
	return params
}

// mapErr turns Bot API errors into the delivery errors of package bot.
func (a *Adapter) mapErr(err error) error {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return err
	}
	switch te.Code {
	case http.StatusTooManyRequests:
		return &bot.RetryAfterError{After: a.cfg.Limits.Seconds(float64(max(te.RetryAfter, 1)))}
	case http.StatusForbidden:
		return bot.ErrBlocked
	case http.StatusBadRequest:
		return &bot.PermanentError{Err: err}
	}
	return fmt.Errorf("telegram: %d %s", te.Code, te.Message)
}

// units is the length of s in UTF-16 code units, which is how Telegram
// counts a text's length: a character outside the Basic Multilingual Plane
// (most emoji) counts 2.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncate shortens s to at most n UTF-16 code units, ending with "…" when
// cut; it never cuts a character in two.
func truncate(s string, n int) string {
	if len(s) <= n || units(s) <= n {
		return s
	}
	return prefix(s, n-1) + "…"
}

// prefix is the longest start of s within n UTF-16 code units.
func prefix(s string, n int) string {
	used := 0
	for i, r := range s {
		if used += utf16.RuneLen(r); used > n {
			return s[:i]
		}
	}
	return s
}

// split cuts s into parts of at most n UTF-16 code units, at the end of a
// line where there is one in the second half of a part, else of a word,
// else anywhere between two characters.
func split(s string, n int) []string {
	var parts []string
	for units(s) > n {
		part := prefix(s, n)
		cut := strings.LastIndexByte(part, '\n')
		if cut < len(part)/2 {
			cut = strings.LastIndexByte(part, ' ')
		}
		if cut < len(part)/2 {
			cut = len(part)
		}
		parts = append(parts, part[:cut])
		s = strings.TrimLeft(s[cut:], "\n ")
	}
	return append(parts, s)
}

// webhookBody renders a Bot API call as the body of a webhook response that
// makes it: tgbotapi's own form encoding of the call, captured instead of
// sent, with the method added.
func webhookBody(c tgbotapi.Chattable) ([]byte, error) {
	var capture captureClient
	api := &tgbotapi.BotAPI{Client: &capture}
	api.SetAPIEndpoint("/%s%s") // no token: the path is "/" + the method
	if _, err := api.Request(c); err != nil {
		return nil, err
	}
	return capture.body, nil
}

// captureClient is a tgbotapi.HTTPClient that keeps the call it is given,
// as a webhook response body, and answers it with success.
type captureClient struct {
	body []byte
}

func (c *captureClient) Do(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return nil, errors.New("telegram: a call with an upload cannot go in a webhook response")
	}
	form, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	c.body = append([]byte("method="+url.QueryEscape(path.Base(req.URL.Path))+"&"), form...)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"ok":true,"result":true}`))}, nil
}
