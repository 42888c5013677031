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

// adapters are the platform adapters `prixbot run` serves.
type adapters struct {
	// Bot is the conversations every adapter shares.
	Bot *bot.Bot
	// Senders deliver notifications, by platform.
	Senders map[string]bot.Sender
	// TelegramBot is the bot's Telegram username, for deep links; empty
	// when Telegram is off.
	TelegramBot string
	// done receives once the console ends (the user typed /quit or Ctrl-D);
	// it never does when there is no console.
	done   chan struct{}
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startAdapters starts Telegram when TELEGRAM_TOKEN is set (its webhook on
// mux in webhook mode; in long-polling mode it polls while this replica
// holds the "telegram-poll" leadership), and the console when no platform
// token is set and stdin is a terminal.
func (c *cli) startAdapters(ctx context.Context, st *store.Store, mux *http.ServeMux) (*adapters, error) {
	b, err := c.newBot(st)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	a := &adapters{Bot: b, Senders: map[string]bot.Sender{}, done: make(chan struct{}), cancel: cancel}
	if c.cfg.TelegramToken != "" {
		tg, err := telegram.New(telegram.Config{
			Token:         c.cfg.TelegramToken,
			APIEndpoint:   c.cfg.TelegramAPIEndpoint,
			WebhookURL:    c.cfg.TelegramWebhookURL,
			WebhookSecret: c.cfg.TelegramWebhookSecret,
			HTTPClient:    platformClient(bot.Telegram, time.Minute),
			Log:           c.log,
		}, metrics.Instrument(b))
		if err != nil {
			cancel()
			return nil, err
		}
		if c.cfg.TelegramWebhookURL != "" {
			mux.Handle("POST "+telegram.WebhookPath, metrics.CountRejected(bot.Telegram, tg.WebhookHandler()))
		}
		metrics.SetReady(bot.Telegram, true) // New reached the Bot API (getMe)
		a.Senders[bot.Telegram] = tg
		a.TelegramBot = tg.Username()
		a.wg.Go(func() { tg.Run(ctx) })
		if c.cfg.TelegramWebhookURL == "" {
			// Telegram serves updates to one poller at a time: the replica
			// holding the role polls; the others still send and serve HTTP.
			a.wg.Go(func() { st.Lead(ctx, store.Leadership{Name: "telegram-poll", Log: c.log}, tg.Poll) })
		}
		c.log.Info("Telegram on", "bot", tg.Username(), "webhook", c.cfg.TelegramWebhookURL != "")
	}
	if err := c.startSlack(ctx, a, st, mux); err != nil {
		cancel()
		return nil, err
	}
	if c.cfg.TelegramToken == "" && c.cfg.SlackBotToken == "" && isTerminal(c.stdin) {
		con := c.newConsole(b, "me")
		a.Senders[bot.Console] = con
		metrics.SetReady(bot.Console, true)
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			con.Run(ctx)
			close(a.done)
		}()
	}
	return a, nil
}

// stop stops the adapters and waits for them.
func (a *adapters) stop() {
	a.cancel()
	a.wg.Wait()
}

// newConsole returns a console for user, speaking the language of the
// locale (see consoleLang), its updates counted in the metrics.
func (c *cli) newConsole(b *bot.Bot, user string) *console.Adapter {
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
	return console.New(console.Config{In: c.stdin, Out: c.stdout, UserID: user, LangHint: lang}, metrics.Instrument(b))
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
	err = c.newConsole(b, *user).Run(ctx)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
