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
	// Flood limits each user's updates, on every platform but a local one.
	Flood FloodConfig
}

// Bot routes Events to the conversations' handlers.
type Bot struct {
	cfg       Config
	commands  map[string]route // by name, without the slash
	callbacks map[string]route // by button data prefix, without the colon
	contact   Handler
	text      Handler
	flood     *flood
	handler   Handler // the chain every request goes through (see New)

	mu        sync.Mutex
	edition   *store.Edition
	projects  []contest.Project
	laureates []contest.Standing // the ranking's prize winners, once announced
	editionAt time.Time
	loads     int // how many loads of the contest began
	loaded    int // which of them the cache holds

	// reloading holds one token while a request loads the contest: the
	// others that find the cache stale wait for its result instead of all
	// asking the database the same at once.
	reloading chan struct{}
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
	b := &Bot{cfg: cfg, commands: map[string]route{}, callbacks: map[string]route{}, flood: newFlood(cfg.Flood), reloading: make(chan struct{}, 1)}
	b.register()
	// Every request goes this way, once, the first outermost: its error is
	// mapped to a reply on the way back out.
	b.handler = chain(b.dispatch,
		b.mapErrors,    // a handler's error becomes the reply of the one table
		b.recoverPanic, // a panic becomes an error
		b.limit,        // each user's flood limit
		b.load,         // the text bounded and cleaned, the route, the contest
		b.transact,     // the update record, the transaction, the savepoint
		b.authorise,    // organisers only, where the route says so
		b.members,      // a workspace's member who may not vote refused
	)
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

// route is where an Event goes: its handler, and what the chain does
// around it.
type route struct {
	handle Handler
	// writes marks a handler that writes beyond the update's own statement:
	// it runs in a transaction with the update record (see readCommand).
	writes bool
	// admin marks an organisers' handler: authorise refuses anyone else.
	admin bool
}

// command registers a handler for "/name".
func (b *Bot) command(name string, h Handler) { b.commands[name] = route{handle: h, writes: true} }

// callback registers a handler for button data starting with "prefix:".
func (b *Bot) callback(prefix string, h Handler) {
	b.callbacks[prefix] = route{handle: h, writes: true}
}

// adminCommand and adminCallback register an organisers' handler: anyone
// else is refused before it runs (see authorise).
func (b *Bot) adminCommand(name string, h Handler) {
	b.commands[name] = route{handle: h, writes: true, admin: true}
}

func (b *Bot) adminCallback(prefix string, h Handler) {
	b.callbacks[prefix] = route{handle: h, writes: true, admin: true}
}

// readCommand and readCallback register a handler that writes nothing but
// what the update's own statement writes (store.Update: its record, the
// account, and for the voter's buttons the pending project and the vote):
// that statement commits on its own and the handler runs with no
// transaction (Request.Tx nil), so that answering costs one round trip
// instead of four. The handler may use what the Request holds (account,
// ballot, contest, projects, the statement's effect) but not the database.
func (b *Bot) readCommand(name string, h Handler) { b.commands[name] = route{handle: h} }

func (b *Bot) readCallback(prefix string, h Handler) { b.callbacks[prefix] = route{handle: h} }

// resolve returns the route of ev: the only place where an Event is
// matched to its handler. An unknown button is answered as such, a shared
// contact goes to the contact handler (its verification is
// store.Update.Verify), other text to its command, or to the text handler,
// or to the help.
func (b *Bot) resolve(ev Event) route {
	switch {
	case ev.Callback != nil:
		prefix, _, _ := strings.Cut(ev.Callback.Data, ":")
		if rt, ok := b.callbacks[prefix]; ok && len(ev.Callback.Data) <= MaxCallbackData {
			return rt
		}
		return route{handle: unknownButton}
	case ev.Contact != nil && b.contact != nil:
		return route{handle: b.contact}
	}
	name, _ := splitCommand(ev.Text)
	if rt, ok := b.commands[name]; ok {
		return rt
	}
	if b.text != nil {
		return route{handle: b.text, writes: true}
	}
	return route{handle: b.help}
}

func unknownButton(ctx context.Context, r *Request) error {
	r.Answer(T(r.Lang, "error.unknown_button"))
	return nil
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
// EditionTTL. One request at a time loads them; those that find the cache
// stale (or dropped) meanwhile wait, as long as their ctx lets them, and take
// what a load that began after they found it so read.
func (b *Bot) currentEdition(ctx context.Context, now time.Time) (*store.Edition, []contest.Project, error) {
	ed, projects, seen := b.cachedEdition(now, -1)
	if ed != nil {
		return ed, projects, nil
	}
	select {
	case b.reloading <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	defer func() { <-b.reloading }()
	ed, projects, load := b.cachedEdition(now, seen)
	if ed != nil {
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
	b.edition, b.projects, b.laureates, b.editionAt, b.loaded = ed, projects, laureates, now, load
	b.mu.Unlock()
	return ed, projects, nil
}

// cachedEdition returns the cached contest and projects if they are fresh
// at now, or were read by a load that began after the first since loads (a
// negative since asks for fresh ones only). Otherwise it returns a nil
// Edition and how many loads began so far; with since >= 0 (the caller holds
// the reloading token) it then counts the caller's load as begun, and
// returns its number instead.
func (b *Bot) cachedEdition(now time.Time, since int) (*store.Edition, []contest.Project, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	age := now.Sub(b.editionAt)
	fresh := age >= 0 && age < b.cfg.EditionTTL
	if b.edition != nil && (fresh || since >= 0 && b.loaded > since) {
		return b.edition, b.projects, b.loaded
	}
	if since >= 0 {
		b.loads++
	}
	return nil, nil, b.loads
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
func (b *Bot) Handle(ctx context.Context, ev Event) (*Response, error) {
	r := &Request{Event: ev, Lang: MatchLang(ev.LangHint), resp: &Response{}}
	err := b.handler(ctx, r)
	r.resp.Lang = r.Lang
	return r.resp, err
}

// dispatch runs the request's handler, as resolve found it.
func (b *Bot) dispatch(ctx context.Context, r *Request) error { return r.route.handle(ctx, r) }

// load is the middleware that bounds the text, cleans the Event, resolves
// its route and loads the current contest.
func (b *Bot) load(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		if len(r.Text) > MaxTextLen {
			r.resp.Error = &contest.Error{Code: contest.Invalid, Message: T(r.Lang, "error.too_long")}
			r.Reply(Message{Text: r.resp.Error.Message})
			return nil
		}
		r.Event = r.Event.cleaned()
		r.route = b.resolve(r.Event)
		r.Now = b.cfg.NowFunc()
		ed, projects, err := b.currentEdition(ctx, r.Now)
		if contest.ErrorCode(err) == contest.NotFound {
			key := "error.no_contest"
			if b.IsAdmin(r.Platform, r.UserID) {
				key = "error.no_contest_admin" // the organiser learns how to import one
			}
			r.resp.Error = &contest.Error{Code: contest.NotFound, Message: T(r.Lang, key), Cause: err}
			r.Reply(Message{Text: r.resp.Error.Message})
			return nil
		}
		if err != nil {
			return err
		}
		r.Edition, r.Projects = ed, projects
		return next(ctx, r)
	}
}

// transact is the middleware that records the update, at most once, and
// runs the rest of the chain with what its statement read. A route that
// writes runs in a transaction with the record, from a savepoint taken after
// it: a refusal (a coded error) rolls back to the savepoint, so that the
// handler's writes go and the record stays. A route that writes nothing has
// its record commit on its own, before the reply is sent: a crash in between
// loses a reply that changed nothing, which is acceptable (the user can ask
// again); at most once still holds.
func (b *Bot) transact(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		u := b.update(r.Event, r.Edition, r.Projects, r.Now)
		if !r.route.writes {
			begun, err := b.cfg.Store.BeginUpdate(ctx, u)
			if err != nil || !b.begin(r, begun, u) {
				return err
			}
			return next(ctx, r)
		}
		var refusal error
		err := b.cfg.Store.InTx(ctx, func(tx *store.Tx) error {
			begun, err := tx.BeginUpdate(ctx, u)
			if err != nil || !b.begin(r, begun, u) {
				return err
			}
			sp, err := tx.Savepoint(ctx)
			if err != nil {
				return err
			}
			r.Tx = tx
			err = next(ctx, r)
			if isRefusal(err) {
				refusal = err
				return sp.Rollback(ctx)
			}
			return err
		})
		if err != nil {
			return err
		}
		return refusal
	}
}

// begin fills r with what the update's statement read, reporting false
// when the update was a redelivery: nothing is to be done then.
func (b *Bot) begin(r *Request, begun store.Begun, u store.Update) bool {
	if begun.Redelivery {
		r.resp.Duplicate = true
		if r.Callback != nil {
			// Its button may still be spinning (see Response.Duplicate).
			r.Answer(T(r.Lang, "error.conflict"))
		}
		return false
	}
	if acct := begun.Account; acct.LanguageChosen && acct.Language != "" {
		r.Lang = acct.Language
	}
	r.Account, r.Ballot, r.Verified, r.Cast = begun.Account, begun.Ballot, begun.Verified, begun.Cast
	r.Shortlisted, r.VoteClosed, r.phone = begun.Shortlisted, begun.VoteClosed, u.Verify
	r.Admin = b.IsAdmin(r.Platform, r.UserID)
	return true
}

// isRefusal reports whether err is a user's mistake or a refusal: a coded
// error other than contest.Internal.
func isRefusal(err error) bool {
	var ce *contest.Error
	return errors.As(err, &ce) && ce.Code != contest.Internal
}

// mapErrors is the middleware that turns what the rest of the chain
// returned into replies: a refusal (see isRefusal) into the sentence of its
// code, said to the user, any other error into an apology, the error
// returned for the adapter to log, wrapping ErrUnavailable when the
// infrastructure failed.
func (b *Bot) mapErrors(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		err := next(ctx, r)
		var ce *contest.Error
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ce) && isRefusal(err):
			msg := T(r.Lang, "error."+ce.Code)
			r.resp.Error = &contest.Error{Code: ce.Code, Message: msg, Cause: ce}
			if r.Callback != nil {
				r.Answer(msg)
			}
			r.Reply(Message{Text: msg})
			return nil
		}
		r.resp.Messages = []Message{{Text: T(r.Lang, "error.sorry")}}
		r.resp.Answer = T(r.Lang, "error.sorry")
		if unavailable(ctx, err) {
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return err
	}
}

// unavailable reports whether err is a failure of the infrastructure (see
// ErrUnavailable) or of the request's context.
func unavailable(ctx context.Context, err error) bool {
	return err != nil && (store.Unavailable(err) || ctx.Err() != nil)
}

// recoverPanic is the middleware that turns a panic into an error, with
// its stack; what the request had answered so far is dropped.
func (b *Bot) recoverPanic(next Handler) Handler {
	return func(ctx context.Context, r *Request) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic handling update %s: %v\n%s", r.UpdateID, p, debug.Stack())
				*r.resp = Response{}
			}
		}()
		return next(ctx, r)
	}
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
