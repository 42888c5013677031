package telegram

import (
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"prixbot/bot"
)

// WebhookPath is where Telegram posts updates in webhook mode.
const WebhookPath = "/telegram/webhook"

// SecretHeader carries the webhook secret on every webhook request.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateSize bounds a webhook request body; real updates are a few KB.
const maxUpdateSize = 1 << 20

// Handler handles one Event; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, ev bot.Event) (*bot.Response, error)
}

// Config configures the adapter.
type Config struct {
	Token string
	// APIEndpoint is the Bot API endpoint in tgbotapi's format
	// ("https://api.telegram.org/bot%s/%s"); Telegram's by default.
	APIEndpoint string
	// WebhookURL turns on webhook mode: Run registers it with WebhookSecret.
	// Empty means long polling.
	WebhookURL    string
	WebhookSecret string
	// Workers is how many updates are handled at once; 32 by default. Updates
	// of one user always go to the same worker, so they are handled in order.
	Workers int
	// Queue is how many updates may wait per worker; 64 by default. A webhook
	// request that finds its worker's queue full gets 503 and Telegram retries.
	Queue int
	// FloodRate and FloodBurst limit each user's updates; 2/s with bursts of
	// 10 by default.
	FloodRate  rate.Limit
	FloodBurst int
	// PollTimeout is the long-polling timeout; 30 s by default.
	PollTimeout time.Duration
	// HTTPClient talks to the Bot API; one with sensible timeouts by default.
	HTTPClient *http.Client
	Log        *slog.Logger
}

// Adapter connects a Handler to Telegram.
type Adapter struct {
	cfg     Config
	api     *tgbotapi.BotAPI
	handler Handler
	log     *slog.Logger
	seed    maphash.Seed
	shards  []chan job
	// life ends when Run returns; Bot API calls made through api use it, so
	// a pending long poll stops at once.
	life context.Context
	stop context.CancelFunc

	mu       sync.Mutex
	limiters map[int64]*floodState
}

// job is one update for a worker; done receives once it is handled.
type job struct {
	update tgbotapi.Update
	done   chan struct{}
}

// floodState is one user's flood limiter, and a limiter on telling them so.
type floodState struct {
	updates, warnings *rate.Limiter
}

// New connects to the Bot API (getMe) and returns an adapter for h. It does
// not start handling updates: Run does.
func New(cfg Config, h Handler) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: a bot token is required")
	}
	cfg.APIEndpoint = cmp.Or(cfg.APIEndpoint, tgbotapi.APIEndpoint)
	cfg.Workers = cmp.Or(cfg.Workers, 32)
	cfg.Queue = cmp.Or(cfg.Queue, 64)
	cfg.FloodRate = cmp.Or(cfg.FloodRate, 2)
	cfg.FloodBurst = cmp.Or(cfg.FloodBurst, 10)
	cfg.PollTimeout = cmp.Or(cfg.PollTimeout, 30*time.Second)
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
	a := &Adapter{cfg: cfg, api: api, handler: h, log: cfg.Log.With("platform", bot.Telegram),
		seed: maphash.MakeSeed(), limiters: map[int64]*floodState{}, life: life, stop: stop}
	for range cfg.Workers {
		a.shards = append(a.shards, make(chan job, cfg.Queue))
	}
	return a, nil
}

// ctxClient gives tgbotapi's requests, which carry no context, the adapter's.
type ctxClient struct {
	c   *http.Client
	ctx context.Context
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// Username returns the bot's @username, for deep links.
func (a *Adapter) Username() string { return a.api.Self.UserName }

// Run handles updates until ctx ends: it registers the command menu, then
// either registers the webhook (updates arrive through WebhookHandler) or
// long-polls. Failures of the Bot API are logged and retried; Run returns
// when ctx is done, after the workers finish their current update. The
// adapter cannot send once Run has returned.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.stop()
	go func() {
		<-ctx.Done()
		a.stop()
	}()
	var wg sync.WaitGroup
	for _, ch := range a.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.work(ctx, ch)
		}()
	}
	a.registerCommands()
	if a.cfg.WebhookURL != "" {
		a.setWebhook()
		<-ctx.Done()
	} else {
		a.poll(ctx)
	}
	wg.Wait()
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

// poll long-polls getUpdates. The offset moves past a batch only once every
// update of it is handled, so a crash redelivers rather than loses; the
// database makes the redelivery harmless.
func (a *Adapter) poll(ctx context.Context) {
	if _, err := a.api.MakeRequest("deleteWebhook", nil); err != nil {
		a.log.Warn("could not remove a webhook before polling", "err", err)
	}
	a.log.Info("long polling for updates", "bot", a.api.Self.UserName)
	offset := 0
	for ctx.Err() == nil {
		resp, err := a.api.MakeRequest("getUpdates", tgbotapi.Params{
			"offset":          strconv.Itoa(offset),
			"timeout":         strconv.Itoa(int(a.cfg.PollTimeout.Seconds())),
			"allowed_updates": allowedUpdates,
		})
		var updates []tgbotapi.Update
		if err == nil {
			err = json.Unmarshal(resp.Result, &updates)
		}
		if err != nil {
			a.log.Warn("getUpdates failed; retrying", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(3 * time.Second):
			}
			continue
		}
		var dones []chan struct{}
		for _, u := range updates {
			j := job{update: u, done: make(chan struct{}, 1)}
			select {
			case a.shard(u) <- j:
				dones = append(dones, j.done)
			case <-ctx.Done():
				return
			}
			offset = max(offset, u.UpdateID+1)
		}
		for _, d := range dones {
			select {
			case <-d:
			case <-ctx.Done():
				return
			}
		}
	}
}

// WebhookHandler serves POST /telegram/webhook. A request without the right
// secret gets 401 and is not read; a body that is not an update gets 400; a
// full queue gets 503 (Telegram retries). Otherwise it answers 200 once the
// update is handled and its replies sent.
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
			http.Error(w, "not a Telegram update", http.StatusBadRequest)
			return
		}
		j := job{update: u, done: make(chan struct{}, 1)}
		select {
		case a.shard(u) <- j:
		default:
			http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
			return
		}
		select {
		case <-j.done:
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
		}
	})
}

// shard returns the queue of the worker for the update's user.
func (a *Adapter) shard(u tgbotapi.Update) chan job {
	var id int64
	if from := u.SentFrom(); from != nil {
		id = from.ID
	}
	return a.shards[maphash.Comparable(a.seed, id)%uint64(len(a.shards))]
}

func (a *Adapter) work(ctx context.Context, ch chan job) {
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-ch:
			a.process(ctx, j.update)
			j.done <- struct{}{}
		}
	}
}

// process handles one update and sends what the bot answered. Nothing here
// stops the process: failures are logged with the update id.
func (a *Adapter) process(ctx context.Context, u tgbotapi.Update) {
	log := a.log.With("update_id", u.UpdateID)
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic while handling an update", "panic", p)
		}
	}()
	ev, ok := toEvent(u)
	cb := u.CallbackQuery
	if !ok {
		if cb != nil {
			a.answer(log, cb.ID, "", false)
		}
		return
	}
	if !a.allow(u.SentFrom().ID) {
		lang := bot.MatchLang(ev.LangHint)
		switch {
		case cb != nil:
			a.answer(log, cb.ID, bot.T(lang, "error.busy"), false)
		case a.warn(u.SentFrom().ID):
			a.deliver(ctx, log, ev.ChatID, bot.Message{Text: bot.T(lang, "error.busy")})
		}
		return
	}
	resp, err := a.handler.Handle(ctx, ev)
	if err != nil {
		log.Error("handling an update failed", "err", err)
	}
	if resp == nil || resp.Duplicate {
		return
	}
	if cb != nil {
		// The answer and the replies are independent calls: the answer goes
		// alongside the replies rather than after them (one goroutine per
		// worker at most).
		answered := make(chan struct{})
		go func() {
			defer close(answered)
			a.answer(log, cb.ID, resp.Answer, resp.AnswerAlert)
		}()
		defer func() { <-answered }()
	}
	for _, m := range resp.Messages {
		a.deliver(ctx, log, ev.ChatID, m)
	}
}

func (a *Adapter) deliver(ctx context.Context, log *slog.Logger, chatID string, m bot.Message) {
	if _, err := a.Send(ctx, chatID, m); err != nil {
		log.Warn("could not send a reply", "err", err)
	}
}

// answer answers a button press, so the user's client stops waiting.
func (a *Adapter) answer(log *slog.Logger, id, text string, alert bool) {
	cfg := tgbotapi.NewCallback(id, truncate(text, 200))
	cfg.ShowAlert = alert
	if _, err := a.api.Request(cfg); err != nil {
		log.Warn("could not answer a button press", "err", err)
	}
}

// allow reports whether a user may send another update now.
func (a *Adapter) allow(userID int64) bool { return a.flood(userID).updates.Allow() }

// warn reports whether a flooding user may be told to slow down (once in a while).
func (a *Adapter) warn(userID int64) bool { return a.flood(userID).warnings.Allow() }

func (a *Adapter) flood(userID int64) *floodState {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.limiters[userID]
	if !ok {
		if len(a.limiters) >= 10000 {
			// Forget users whose bucket has refilled: they are idle.
			for id, l := range a.limiters {
				if l.updates.Tokens() >= float64(a.cfg.FloodBurst) {
					delete(a.limiters, id)
				}
			}
		}
		s = &floodState{
			updates:  rate.NewLimiter(a.cfg.FloodRate, a.cfg.FloodBurst),
			warnings: rate.NewLimiter(rate.Every(10*time.Second), 1),
		}
		a.limiters[userID] = s
	}
	return s
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

// Send delivers a message to a chat (bot.Sender). A Bot API 429 gives
// *bot.RetryAfterError, 403 bot.ErrBlocked, 400 *bot.PermanentError; any
// other failure is temporary. An edit that Telegram refuses is sent as a new
// message instead.
func (a *Adapter) Send(ctx context.Context, chatID string, m bot.Message) (string, error) {
	chat, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return "", &bot.PermanentError{Err: fmt.Errorf("chat id %q is not a Telegram chat id", chatID)}
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if m.EditMessageID != "" {
		if id, err := strconv.Atoi(m.EditMessageID); err == nil {
			edit := tgbotapi.NewEditMessageText(chat, id, truncate(m.Text, bot.MaxTextLen))
			if kb := inlineKeyboard(m.Buttons); kb != nil {
				edit.ReplyMarkup = kb
			}
			_, err := a.api.Send(edit)
			if err == nil {
				return m.EditMessageID, nil
			}
			var pe *bot.PermanentError
			if err = mapErr(err); !errors.As(err, &pe) {
				return "", err
			}
			// A photo card has no text to edit, or the message is too old: send anew.
		}
	}
	msg, err := a.api.Send(chattable(chat, m))
	if err != nil {
		return "", mapErr(err)
	}
	return strconv.Itoa(msg.MessageID), nil
}

// chattable renders a message as the Bot API call that sends it.
func chattable(chat int64, m bot.Message) tgbotapi.Chattable {
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
		doc := tgbotapi.NewDocument(chat, tgbotapi.FileBytes{Name: m.Document.Name, Bytes: m.Document.Content})
		doc.Caption = truncate(m.Text, bot.MaxCaptionLen)
		doc.ReplyMarkup = markup
		return doc
	case m.PhotoURL != "":
		photo := tgbotapi.NewPhoto(chat, tgbotapi.FileURL(m.PhotoURL))
		photo.Caption = truncate(m.Text, bot.MaxCaptionLen)
		photo.ReplyMarkup = markup
		return photo
	}
	msg := tgbotapi.NewMessage(chat, truncate(m.Text, bot.MaxTextLen))
	msg.ReplyMarkup = markup
	msg.DisableWebPagePreview = true
	return msg
}

// inlineKeyboard renders button rows, keeping Telegram's limit of 100
// buttons; nil when there are none.
func inlineKeyboard(rows [][]bot.Button) *tgbotapi.InlineKeyboardMarkup {
	var kb [][]tgbotapi.InlineKeyboardButton
	n := 0
	for _, row := range rows {
		var out []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			if n == bot.MaxButtons {
				break
			}
			if b.URL != "" {
				out = append(out, tgbotapi.NewInlineKeyboardButtonURL(b.Text, b.URL))
			} else {
				out = append(out, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
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
	return &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: kb}
}

// mapErr turns Bot API errors into the delivery errors of package bot.
func mapErr(err error) error {
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return err
	}
	switch te.Code {
	case http.StatusTooManyRequests:
		return &bot.RetryAfterError{After: time.Duration(max(te.RetryAfter, 1)) * time.Second}
	case http.StatusForbidden:
		return bot.ErrBlocked
	case http.StatusBadRequest:
		return &bot.PermanentError{Err: err}
	}
	return fmt.Errorf("telegram: %d %s", te.Code, te.Message)
}

// truncate shortens s to at most n characters.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
