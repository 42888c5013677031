package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

// Config configures a Bot.
type Config struct {
	Store *store.Store
	// Pepper is the VOTER_PEPPER secret that phone numbers are hashed with.
	Pepper []byte
	// Admins are organisers' platform ids as "platform:id" (e.g. "telegram:42").
	Admins map[string]bool
	// NowFunc is the clock; time.Now by default.
	NowFunc func() time.Time
	Log     *slog.Logger
	// EditionTTL is how long the current contest is cached; 2 s by default.
	EditionTTL time.Duration
	// SlackAnnounceChannel and TelegramAnnounceChannel, when set, also get
	// the announcement of the results.
	SlackAnnounceChannel, TelegramAnnounceChannel string
	// RevealInterval separates the steps of the announcement (3rd, 2nd, 1st); 1 min by default.
	RevealInterval time.Duration
	// Fraud tunes the organisers' suspicious-activity report.
	Fraud store.FraudThresholds
	// PublicURL is the public address of the web pages (PUBLIC_URL), where
	// the receipts are published after the announcement; "" when none.
	PublicURL string
}

// Bot routes Events to the conversations' handlers.
type Bot struct {
	cfg       Config
	commands  map[string]Handler
	callbacks map[string]Handler
	reads     map[string]bool // "/command" and "prefix:" registered as writing nothing
	contact   Handler
	text      Handler
	handler   Handler // the routed handler wrapped in middleware

	mu        sync.Mutex
	edition   *store.Edition
	projects  []contest.Project
	laureates []contest.Standing // the ranking's prize winners, once announced
	editionAt time.Time
}

// New returns a Bot with every conversation registered.
func New(cfg Config) *Bot {
	if cfg.NowFunc == nil {
		cfg.NowFunc = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.EditionTTL = cmp.Or(cfg.EditionTTL, 2*time.Second)
	cfg.RevealInterval = cmp.Or(cfg.RevealInterval, time.Minute)
	b := &Bot{cfg: cfg, commands: map[string]Handler{}, callbacks: map[string]Handler{}, reads: map[string]bool{}}
	b.register()
	b.handler = b.slackMember(b.route)
	return b
}

// register registers every conversation's commands and buttons.
func (b *Bot) register() {
	b.readCommand("help", b.help)
	b.registerVoter()
	b.registerJury()
	b.registerAdmin()
	b.registerLink()
	b.registerJuryForm()
}

// command registers a handler for "/name".
func (b *Bot) command(name string, h Handler) { b.commands[name] = h }

// callback registers a handler for button data starting with "prefix:".
func (b *Bot) callback(prefix string, h Handler) { b.callbacks[prefix] = h }

// readCommand and readCallback register a handler that writes nothing but
// what the update's own statement writes (store.Update: its record, the
// account, and for the voter's buttons the pending project and the vote):
// that statement commits on its own and the handler runs with no
// transaction (Request.Tx nil), so that answering costs one round trip
// instead of four. The handler may use what the Request holds (account,
// ballot, contest, projects, the statement's effect) but not the database.
func (b *Bot) readCommand(name string, h Handler) {
	b.command(name, h)
	b.reads["/"+name] = true
}

func (b *Bot) readCallback(prefix string, h Handler) {
	b.callback(prefix, h)
	b.reads[prefix+":"] = true
}

// readOnly reports whether ev goes to a handler registered as writing
// nothing beyond the update's statement, as route would dispatch it; a shared
// contact does (its verification is store.Update.Verify).
func (b *Bot) readOnly(ev Event) bool {
	switch {
	case ev.Callback != nil:
		prefix, _, _ := strings.Cut(ev.Callback.Data, ":")
		if _, ok := b.callbacks[prefix]; !ok || len(ev.Callback.Data) > MaxCallbackData {
			return true // answered as an unknown button
		}
		return b.reads[prefix+":"]
	case ev.Contact != nil && b.contact != nil:
		return true
	}
	name, _ := splitCommand(ev.Text)
	if _, ok := b.commands[name]; ok {
		return b.reads["/"+name]
	}
	return b.text == nil
}

// Now returns the bot's clock reading.
func (b *Bot) Now() time.Time { return b.cfg.NowFunc() }

// InvalidateEdition drops the cached contest and projects after an organiser
// changes them.
func (b *Bot) InvalidateEdition() {
	b.mu.Lock()
	b.edition = nil
	b.mu.Unlock()
}

// currentEdition returns the current contest and its projects, cached for
// EditionTTL.
func (b *Bot) currentEdition(ctx context.Context, now time.Time) (*store.Edition, []contest.Project, error) {
	b.mu.Lock()
	ed, projects, at := b.edition, b.projects, b.editionAt
	b.mu.Unlock()
	if ed != nil && now.Sub(at) < b.cfg.EditionTTL && now.Sub(at) >= 0 {
		return ed, projects, nil
	}
	ed, err := b.cfg.Store.Current(ctx)
	if err != nil {
		return nil, nil, err
	}
	projects, err = b.cfg.Store.Projects(ctx, ed.ID)
	if err != nil {
		return nil, nil, err
	}
	var laureates []contest.Standing
	if ed.AnnouncedAt != nil {
		rows, err := report.Rank(ctx, b.cfg.Store, ed)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range rows {
			if s.Prize > 0 {
				laureates = append(laureates, s)
			}
		}
	}
	b.mu.Lock()
	b.edition, b.projects, b.laureates, b.editionAt = ed, projects, laureates, now
	b.mu.Unlock()
	return ed, projects, nil
}

// ErrUnavailable marks an error of Handle that is a failure of the
// infrastructure (store.Unavailable: the database down, restarting or out of
// connections) rather than of the Event: nothing was done, and the same
// Event handled again later may succeed. An adapter whose platform delivers
// again what it does not acknowledge (a Telegram update, a Slack event)
// leaves the Event unacknowledged and sends nothing, the Response's apology
// included; the update record makes the second delivery safe. Elsewhere (a
// Slack slash command or button, the console) it sends the apology.
var ErrUnavailable = errors.New("temporarily unavailable")

// Handle processes one Event: at most once per UpdateID, in one transaction
// with its effect. It returns the messages to send at once. Errors that a
// user caused become replies, and undo what the handler wrote before them
// (the update record stays); the returned error is only for failures the
// adapter should log (the Response then holds an apology), and wraps
// ErrUnavailable when the infrastructure failed.
func (b *Bot) Handle(ctx context.Context, ev Event) (resp *Response, err error) {
	resp = &Response{}
	now := b.cfg.NowFunc()
	lang := MatchLang(ev.LangHint)
	defer func() { resp.Lang = lang }()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic handling update %s: %v\n%s", ev.UpdateID, p, debug.Stack())
			resp = b.sorry(&Response{}, lang)
			return
		}
		if err != nil && (store.Unavailable(err) || ctx.Err() != nil) {
			err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
	}()
	if len(ev.Text) > MaxTextLen {
		resp.Error = &contest.Error{Code: contest.Invalid, Message: T(lang, "error.too_long")}
		resp.Messages = append(resp.Messages, Message{Text: resp.Error.Message})
		return resp, nil
	}
	ev = ev.cleaned()
	ed, projects, err := b.currentEdition(ctx, now)
	if err != nil {
		if contest.ErrorCode(err) == contest.NotFound {
			key := "error.no_contest"
			if b.cfg.Admins[ev.Platform+":"+ev.UserID] {
				key = "error.no_contest_admin" // the organiser learns how to import one
			}
			resp.Error = &contest.Error{Code: contest.NotFound, Message: T(lang, key), Cause: err}
			resp.Messages = append(resp.Messages, Message{Text: resp.Error.Message})
			return resp, nil
		}
		return b.sorry(resp, lang), err
	}
	var userErr *contest.Error
	u := b.update(ev, ed, projects, now)
	handle := func(tx *store.Tx) error {
		var begun store.Begun
		var err error
		if tx != nil {
			begun, err = tx.BeginUpdate(ctx, u)
		} else {
			begun, err = b.cfg.Store.BeginUpdate(ctx, u)
		}
		if err != nil {
			return err
		}
		if begun.Redelivery {
			resp.Duplicate = true
			if ev.Callback != nil {
				// Its button may still be spinning (see Response.Duplicate).
				resp.Answer = T(lang, "error.conflict")
			}
			return nil
		}
		// What the handler writes is undone when it answers with a
		// refusal; the update record stays (at most once).
		var sp store.Savepoint
		if tx != nil {
			if sp, err = tx.Savepoint(ctx); err != nil {
				return err
			}
		}
		acct := begun.Account
		if acct.LanguageChosen && acct.Language != "" {
			lang = acct.Language
		}
		r := &Request{Event: ev, Tx: tx, Edition: ed, Projects: projects, Now: now, Lang: lang, Account: acct, Ballot: begun.Ballot,
			Verified: begun.Verified, Cast: begun.Cast, Shortlisted: begun.Shortlisted, VoteClosed: begun.VoteClosed, phone: u.Verify,
			Admin: b.cfg.Admins[ev.Platform+":"+ev.UserID], resp: resp}
		err = b.handler(ctx, r)
		lang = r.Lang
		if errors.As(err, &userErr) && userErr.Code != contest.Internal {
			// A user's mistake: keep the update record, answer below.
			if tx != nil {
				return sp.Rollback(ctx)
			}
			return nil
		}
		return err
	}
	if b.readOnly(ev) {
		// The update record commits on its own, before the reply is sent: a
		// crash in between loses a reply that changed nothing, which is
		// acceptable (the user can ask again); at most once still holds.
		err = handle(nil)
	} else {
		err = b.cfg.Store.InTx(ctx, handle)
	}
	if err != nil {
		return b.sorry(resp, lang), err
	}
	if userErr != nil {
		msg := T(lang, "error."+userErr.Code)
		resp.Error = &contest.Error{Code: userErr.Code, Message: msg, Cause: userErr}
		if ev.Callback != nil {
			resp.Answer = msg
		}
		resp.Messages = append(resp.Messages, Message{Text: msg})
	}
	return resp, nil
}

func (b *Bot) sorry(resp *Response, lang string) *Response {
	resp.Messages = []Message{{Text: T(lang, "error.sorry")}}
	resp.Answer = T(lang, "error.sorry")
	return resp
}

// route dispatches a request to its handler.
func (b *Bot) route(ctx context.Context, r *Request) error {
	switch {
	case r.Callback != nil:
		prefix, _, _ := strings.Cut(r.Callback.Data, ":")
		if h, ok := b.callbacks[prefix]; ok && len(r.Callback.Data) <= MaxCallbackData {
			return h(ctx, r)
		}
		r.Answer(T(r.Lang, "error.unknown_button"))
		return nil
	case r.Contact != nil && b.contact != nil:
		return b.contact(ctx, r)
	}
	name, _ := splitCommand(r.Text)
	if h, ok := b.commands[name]; ok {
		return h(ctx, r)
	}
	if b.text != nil {
		return b.text(ctx, r)
	}
	return b.help(ctx, r)
}

// splitCommand splits "/start@prixbot p-x" into "start" and "p-x". Text
// that is not a command gives "".
func splitCommand(text string) (name, args string) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return "", text
	}
	name, args, _ = strings.Cut(text[1:], " ")
	name, _, _ = strings.Cut(name, "@")
	return strings.ToLower(name), strings.TrimSpace(args)
}

// help lists the commands the sender may use: a juror's and an organiser's
// come after everyone's.
func (b *Bot) help(ctx context.Context, r *Request) error {
	text := T(r.Lang, "help")
	juror, err := b.cfg.Store.IsJuror(ctx, r.Edition.ID, r.Platform, r.UserID)
	if err != nil {
		return err
	}
	if juror {
		text += "\n\n" + T(r.Lang, "help.jury")
	}
	if r.Admin {
		text += "\n\n" + T(r.Lang, "help.admin")
	}
	r.Reply(Message{Text: text})
	return nil
}
