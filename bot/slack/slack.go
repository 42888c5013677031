package slack

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"prixbot/bot"
	"prixbot/bot/pace"
)

// Config configures an Adapter. Zero fields take the defaults.
type Config struct {
	Bot *bot.Bot
	// Updates handles the Events the adapter makes; Bot by default (main
	// passes Bot wrapped in metrics).
	Updates bot.EventHandler
	// BotToken is the bot token (xoxb-…); required.
	BotToken string
	// AppToken (xapp-…) selects Socket Mode; without it, HTTP mode.
	AppToken string
	// SigningSecret checks HTTP requests; required in HTTP mode.
	SigningSecret string
	// APIURL replaces Slack's Web API base URL (tests); it ends with "/".
	APIURL string
	// Command is the slash command; "/prix" by default.
	Command string
	// MemberTTL is how long users.info answers are cached; 5 minutes by default.
	MemberTTL time.Duration
	// AckWithin is how long a request waits for its answer before it is
	// acknowledged without it (Slack allows 3 s); 2.5 s by default.
	AckWithin time.Duration
	// WorkTimeout bounds the work for one request; 30 s by default.
	WorkTimeout time.Duration
	// MaxBody bounds an HTTP request's body; 1 MiB by default.
	MaxBody int64
	// MaxBodyReads bounds the HTTP request bodies read at once, before their
	// signature can be checked; 32 by default.
	MaxBodyReads int
	// Limits paces the messages Send makes, direct replies and the outbox's
	// alike; pace.For(bot.Slack) by default. A 429's Retry-After counts
	// Limits' seconds (pace.Limits.Second).
	Limits pace.Limits
	// RetryFor bounds how long a reply is tried again after a 429 or a
	// temporary failure before it is logged as lost; 2 min by default (and
	// WorkTimeout bounds it too).
	RetryFor time.Duration
	// Workers bounds the requests handled at once; 16 by default.
	Workers int
	// HTTPClient calls the Web API and response URLs; http.DefaultClient by default.
	HTTPClient *http.Client
	NowFunc    func() time.Time // default time.Now
	Log        *slog.Logger     // default slog.Default()
}

// CheckCredentials says what is wrong with the Slack configuration, naming
// the variables to fix: the bot token (xoxb-…), the app-level token
// (xapp-…, empty for HTTP mode) and the signing secret (required in HTTP
// mode).
func CheckCredentials(botToken, appToken, signingSecret string) error {
	switch {
	case !strings.HasPrefix(botToken, "xoxb-"):
		return errors.New("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
	case appToken != "" && !strings.HasPrefix(appToken, "xapp-"):
		return errors.New("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
	case appToken == "" && signingSecret == "":
		return errors.New("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode, to check that requests come from Slack)")
	}
	return nil
}

// validate fills in defaults and says what to fix.
func (c *Config) validate() error {
	if c.Bot == nil {
		return errors.New("slack: Config needs Bot")
	}
	if err := CheckCredentials(c.BotToken, c.AppToken, c.SigningSecret); err != nil {
		return fmt.Errorf("slack: %w", err)
	}
	if c.APIURL != "" && !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.Updates == nil {
		c.Updates = c.Bot
	}
	c.Command = cmp.Or(c.Command, "/prix")
	c.MemberTTL = cmp.Or(c.MemberTTL, 5*time.Minute)
	c.AckWithin = cmp.Or(c.AckWithin, 2500*time.Millisecond)
	c.WorkTimeout = cmp.Or(c.WorkTimeout, 30*time.Second)
	c.MaxBody = cmp.Or(c.MaxBody, 1<<20)
	c.MaxBodyReads = cmp.Or(c.MaxBodyReads, 32)
	c.Workers = cmp.Or(c.Workers, 16)
	c.Limits.Messages = cmp.Or(c.Limits.Messages, pace.For(bot.Slack).Messages)
	c.Limits.PerChat = cmp.Or(c.Limits.PerChat, pace.For(bot.Slack).PerChat)
	c.RetryFor = cmp.Or(c.RetryFor, 2*time.Minute)
	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
	if c.NowFunc == nil {
		c.NowFunc = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	return nil
}

// Adapter serves the bot on Slack: a bot.Adapter that is a Mounter (in
// HTTP mode), a HomePublisher and a Reacher.
type Adapter struct {
	cfg  Config
	api  *slack.Client
	pool chan struct{} // one token per request being worked on
	pace *pace.Pacer
	// bodies holds one token per HTTP request body being read.
	bodies chan struct{}

	mu      sync.Mutex
	members map[string]cachedMember
}

// Adapter has these abilities.
var (
	_ bot.Adapter       = (*Adapter)(nil)
	_ bot.Mounter       = (*Adapter)(nil)
	_ bot.HomePublisher = (*Adapter)(nil)
	_ bot.Reacher       = (*Adapter)(nil)
)

type cachedMember struct {
	m    *bot.Member
	name string
	at   time.Time
}

// New returns an Adapter, or an error naming the setting to fix.
func New(cfg Config) (*Adapter, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTPClient)}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	return &Adapter{
		cfg:     cfg,
		api:     slack.New(cfg.BotToken, opts...),
		pool:    make(chan struct{}, cfg.Workers),
		pace:    pace.New(cfg.Limits),
		bodies:  make(chan struct{}, cfg.MaxBodyReads),
		members: map[string]cachedMember{},
	}, nil
}

// Name is bot.Slack.
func (a *Adapter) Name() string { return bot.Slack }

// Reach is the slash command people type to talk to the bot.
func (a *Adapter) Reach() bot.Reach { return bot.Reach{Platform: bot.Slack, Handle: a.cfg.Command} }

// SocketMode reports whether the adapter runs over Socket Mode (an app-level
// token is set) rather than HTTP.
func (a *Adapter) SocketMode() bool { return a.cfg.AppToken != "" }

// member returns a user's standing and display name from users.info, cached
// for MemberTTL. A failed lookup gives a nil Member (not allowed to vote) and
// is not cached.
func (a *Adapter) member(ctx context.Context, userID string) (*bot.Member, string) {
	now := a.cfg.NowFunc()
	a.mu.Lock()
	c, ok := a.members[userID]
	a.mu.Unlock()
	if ok && now.Sub(c.at) < a.cfg.MemberTTL && now.Sub(c.at) >= 0 {
		return c.m, c.name
	}
	u, err := a.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		a.cfg.Log.Warn("slack: users.info failed", "user", userID, "err", err)
		return nil, ""
	}
	m := &bot.Member{IsBot: u.IsBot || u.ID == "USLACKBOT", IsDeleted: u.Deleted,
		IsGuest: u.IsRestricted || u.IsUltraRestricted, Locale: u.Locale}
	name := cmp.Or(u.Profile.DisplayName, u.RealName, u.Name)
	a.mu.Lock()
	if len(a.members) > 10000 {
		clear(a.members) // a bound, not an eviction policy: the cache is brief anyway
	}
	a.members[userID] = cachedMember{m: m, name: name, at: now}
	a.mu.Unlock()
	return m, name
}

// event returns the bot.Event of a Slack user's action, with their standing.
// Replies to the user go to their direct-message channel with the app,
// which chat.postMessage opens from the user id.
func (a *Adapter) event(ctx context.Context, userID, username, updateID string) bot.Event {
	m, name := a.member(ctx, userID)
	ev := bot.Event{Platform: bot.Slack, UpdateID: updateID, UserID: userID, ChatID: userID,
		Username: username, Name: name, Member: m}
	if m != nil {
		ev.LangHint = m.Locale
	}
	return ev
}

// dispatch runs run on the bounded pool and calls ack exactly once: with
// run's result when it is ready within AckWithin, else with nil at that
// deadline; late, when set, then gets the result that came too late. run's
// context outlives the request (Slack is answered before the work ends) but
// not WorkTimeout. It blocks only while the pool is full.
func (a *Adapter) dispatch(ctx context.Context, run func(context.Context) any, late func(context.Context, any), ack func(any)) {
	select {
	case a.pool <- struct{}{}:
	case <-ctx.Done():
		ack(nil)
		return
	}
	var (
		mu   sync.Mutex
		done bool // ack was called
	)
	timer := time.AfterFunc(a.cfg.AckWithin, func() {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			done = true
			ack(nil)
		}
	})
	go func() {
		defer func() { <-a.pool }()
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.WorkTimeout)
		defer cancel()
		v := a.safely(wctx, run)
		timer.Stop()
		mu.Lock()
		first := !done
		done = true
		if first {
			ack(v)
		}
		mu.Unlock()
		if !first && late != nil && v != nil {
			late(wctx, v)
		}
	}()
}

// safely runs run, turning a panic into a logged error and a nil result.
func (a *Adapter) safely(ctx context.Context, run func(context.Context) any) (v any) {
	defer func() {
		if p := recover(); p != nil {
			a.cfg.Log.Error("slack: panic handling a request", "panic", fmt.Sprint(p))
			v = nil
		}
	}()
	return run(ctx)
}

// handle passes ev to the bot, logging what the bot reports, and returns
// its Response and error. On bot.ErrUnavailable the Response holds the
// apology, for a request Slack cannot deliver again (a slash command, a
// button press).
func (a *Adapter) handle(ctx context.Context, ev bot.Event) (*bot.Response, error) {
	resp, err := a.cfg.Updates.Handle(ctx, ev)
	switch {
	case errors.Is(err, bot.ErrUnavailable):
		a.cfg.Log.Warn("slack: the bot could not handle an update for now", "update", ev.UpdateID, "err", err)
	case err != nil:
		a.cfg.Log.Error("slack: handling update", "update", ev.UpdateID, "err", err)
	}
	return resp, err
}

// retryLater is the result of handling an Events API delivery that failed
// for want of the infrastructure (bot.ErrUnavailable): it is not
// acknowledged (HTTP 503; no ack in Socket Mode), so that Slack delivers it
// again, and nothing was sent.
type retryLater struct{}
