package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"prixbot/bot"
	"prixbot/bot/console"
	"prixbot/bot/metrics"
	"prixbot/bot/telegram"
	"prixbot/store"
)

// newBot returns the conversations over st, with the configured organisers
// plus extra ones ("platform:id").
func (c *cli) newBot(st *store.Store, extraAdmins ...string) (*bot.Bot, error) {
	pepper, err := c.voterPepper()
	if err != nil {
		return nil, err
	}
	admins := map[string]bool{}
	for _, id := range c.cfg.AdminTelegramIDs {
		admins[bot.Telegram+":"+strconv.FormatInt(id, 10)] = true
	}
	for _, id := range c.cfg.AdminSlackIDs {
		admins[bot.Slack+":"+id] = true
	}
	for _, a := range extraAdmins {
		admins[a] = true
	}
	var public string
	if c.cfg.PublicURL != nil {
		public = c.cfg.PublicURL.String()
	}
	return bot.New(bot.Config{Store: st, Pepper: []byte(pepper), Admins: admins, Log: c.log, PublicURL: public,
		SlackAnnounceChannel: c.cfg.SlackAnnounceChannel, TelegramAnnounceChannel: c.cfg.TelegramAnnounceChannel}), nil
}

// platform is one platform `prixbot run` can serve: whether the
// configuration turns it on, and how to build its adapter.
type platform struct {
	on  func(c *cli) bool
	new func(c *cli, conv conversations) (bot.Adapter, error)
}

// platforms are the platforms `prixbot run` can serve, one line each, in
// the order they start.
func platforms() []platform {
	return []platform{
		{func(c *cli) bool { return c.cfg.TelegramToken != "" }, (*cli).newTelegram},
		{func(c *cli) bool { return c.cfg.SlackBotToken != "" }, (*cli).newSlack},
		{(*cli).consoleOn, (*cli).newTerminalConsole},
		{func(*cli) bool { return true }, (*cli).newWeb}, // last: it links to the others
	}
}

// conversations is what an adapter is built over.
type conversations struct {
	// Bot is the conversations, for what is not an Event (Slack's App Home).
	Bot *bot.Bot
	// Handler is Bot with its updates counted in the metrics: what adapters
	// hand their Events to.
	Handler bot.EventHandler
	// Reach says how people reach the bot on the platforms started before
	// this one (bot.Reacher), by platform.
	Reach map[string]bot.Reach
	// Store is the database, which the web front's pages read.
	Store *store.Store
}

// adapters are the platform adapters `prixbot run` serves.
type adapters struct {
	// Bot is the conversations every adapter shares.
	Bot *bot.Bot
	// Senders deliver notifications, by platform: every adapter.
	Senders map[string]bot.Sender
	// Reach says how people reach the bot, by platform (bot.Reacher).
	Reach map[string]bot.Reach
	// done is closed once a foreground adapter ends (the console's user
	// typed /quit or Ctrl-D); it never is when there is none. end closes it
	// once, whichever ends first.
	done   chan struct{}
	end    func()
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startAdapters builds and starts the adapter of every platform c serves
// (c.platforms) that the configuration turns on, alike: each one sends the
// outbox's notifications of its platform and runs until ctx ends; one that
// is a bot.Mounter mounts its routes on mux (their refusals counted in the
// metrics), a bot.Poller polls while this replica holds the platform's
// polling leadership, a bot.Foreground one ends the program when it ends.
func (c *cli) startAdapters(ctx context.Context, st *store.Store, mux *http.ServeMux) (*adapters, error) {
	b, err := c.newBot(st)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	a := &adapters{Bot: b, Senders: map[string]bot.Sender{}, Reach: map[string]bot.Reach{}, done: make(chan struct{}), cancel: cancel}
	a.end = sync.OnceFunc(func() { close(a.done) })
	conv := conversations{Bot: b, Handler: metrics.Instrument(b), Reach: a.Reach, Store: st}
	for _, p := range c.platforms {
		if !p.on(c) {
			continue
		}
		ad, err := p.new(c, conv)
		if err != nil {
			a.stop()
			return nil, err
		}
		a.start(ctx, c, st, mux, ad)
	}
	return a, nil
}

// start serves ad (see startAdapters).
func (a *adapters) start(ctx context.Context, c *cli, st *store.Store, mux *http.ServeMux, ad bot.Adapter) {
	name := ad.Name()
	a.Senders[name] = ad
	if r, ok := ad.(bot.Reacher); ok {
		a.Reach[name] = r.Reach()
	}
	if m, ok := ad.(bot.Mounter); ok {
		m.Mount(countedMux{mux, name})
	}
	metrics.SetReady(name, true) // built: connected where it connects
	_, foreground := ad.(bot.Foreground)
	a.wg.Go(func() {
		if err := ad.Run(ctx); err != nil {
			c.log.Error("adapter stopped", "platform", name, "err", err)
		}
		if foreground {
			a.end()
		}
	})
	if p, ok := ad.(bot.Poller); ok && p.Polls() {
		// The platform serves updates to one poller at a time: the replica
		// holding the role polls; the others still send and serve HTTP.
		a.wg.Go(func() { st.Lead(ctx, store.Leadership{Name: bot.PollRole(name), Log: c.log}, p.Poll) })
	}
}

// countedMux mounts an adapter's routes on the HTTP server's mux, each
// counting the requests it refuses as rejected updates of platform.
type countedMux struct {
	mux      *http.ServeMux
	platform string
}

func (m countedMux) Handle(pattern string, h http.Handler) {
	m.mux.Handle(pattern, metrics.CountRejected(m.platform, h))
}

// stop stops the adapters and waits for them.
func (a *adapters) stop() {
	a.cancel()
	a.wg.Wait()
}

// newTelegram connects to the Bot API: webhook mode when
// TELEGRAM_WEBHOOK_URL is set, else long polling.
func (c *cli) newTelegram(conv conversations) (bot.Adapter, error) {
	tg, err := telegram.New(telegram.Config{
		Token:         c.cfg.TelegramToken,
		APIEndpoint:   c.cfg.TelegramAPIEndpoint,
		WebhookURL:    c.cfg.TelegramWebhookURL,
		WebhookSecret: c.cfg.TelegramWebhookSecret,
		HTTPClient:    platformClient(bot.Telegram, time.Minute),
		Log:           c.log,
	}, conv.Handler)
	if err != nil {
		return nil, err
	}
	c.log.Info("Telegram on", "bot", tg.Username(), "webhook", c.cfg.TelegramWebhookURL != "")
	return tg, nil
}

// consoleOn reports whether `prixbot run` talks in its terminal: when no
// platform token is set and stdin is a terminal.
func (c *cli) consoleOn() bool {
	return c.cfg.TelegramToken == "" && c.cfg.SlackBotToken == "" && isTerminal(c.stdin)
}

// newTerminalConsole is the console of `prixbot run`, for the user "me".
func (c *cli) newTerminalConsole(conv conversations) (bot.Adapter, error) {
	return c.newConsole(conv.Handler, "me"), nil
}

// newConsole returns a console for user over h, speaking the language of
// the locale (see consoleLang).
func (c *cli) newConsole(h bot.EventHandler, user string) *console.Adapter {
	lang := consoleLang(c.env)
	if isTerminal(c.stdin) {
		// The conversation takes the terminal: logs go to a file instead.
		path := filepath.Join(c.cfg.DataDir, "prixbot.log")
		if err := c.logs.toFile(path); err != nil {
			c.log.Warn("logs stay on the terminal", "err", err)
		} else {
			fmt.Fprintf(c.stdout, "(logs: %s)\n", path)
		}
	}
	return console.New(console.Config{In: c.stdin, Out: c.stdout, UserID: user, LangHint: lang}, h)
}

// consoleLang is the language of the terminal's locale for messages, as
// POSIX looks it up (LC_ALL, then LC_MESSAGES, then LANG): "nl_BE.UTF-8"
// gives "nl_BE". The C and POSIX locales (C.UTF-8 is Debian's default) name
// no language: the console speaks English there.
func consoleLang(env []string) string {
	vars := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	locale := cmp.Or(vars["LC_ALL"], vars["LC_MESSAGES"], vars["LANG"])
	locale, _, _ = strings.Cut(locale, "@")
	locale, _, _ = strings.Cut(locale, ".")
	if locale == "C" || locale == "POSIX" {
		return bot.EN
	}
	return locale
}

// isTerminal reports whether r is an interactive terminal: a character
// device other than /dev/null (what services and tests get as stdin).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// console is `prixbot console [--user ID] [--admin]`: talk to the bot in the
// terminal as that user (an organiser with --admin).
func (c *cli) console(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	user := fs.String("user", "me", "the console user's id")
	admin := fs.Bool("admin", false, "act as an organiser")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("console takes no arguments, only --user ID and --admin")
	}
	if *user == "" || len(*user) > 64 {
		return usagef("--user must be 1 to 64 characters")
	}
	db, err := c.openAndMigrate(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := c.sampleOrHint(ctx, db.Store, time.Now()); err != nil {
		return err
	}
	var extra []string
	if *admin {
		extra = append(extra, bot.Console+":"+*user)
	}
	b, err := c.newBot(db.Store, extra...)
	if err != nil {
		return err
	}
	err = c.newConsole(metrics.Instrument(b), *user).Run(ctx)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
