package main

import (
	"context"
	"net/http"
	"time"

	"prixbot/bot"
	"prixbot/bot/metrics"
	"prixbot/bot/slack"
	"prixbot/store"
)

// startSlack starts the Slack adapter when SLACK_BOT_TOKEN is set: Socket
// Mode with SLACK_APP_TOKEN, else its signed HTTP endpoints on mux. It
// becomes the outbox's Sender for Slack (reminders by DM, announcements in
// SLACK_ANNOUNCE_CHANNEL) and stops with ctx.
func (c *cli) startSlack(ctx context.Context, a *adapters, st *store.Store, mux *http.ServeMux) error {
	if c.cfg.SlackBotToken == "" {
		return nil
	}
	sl, err := slack.New(slack.Config{
		Bot:           a.Bot,
		Updates:       metrics.Instrument(a.Bot),
		HTTPClient:    platformClient(bot.Slack, 30*time.Second),
		Store:         st,
		BotToken:      c.cfg.SlackBotToken,
		AppToken:      c.cfg.SlackAppToken,
		SigningSecret: c.cfg.SlackSigningSecret,
		APIURL:        c.cfg.SlackAPIURL,
		Log:           c.log,
	})
	if err != nil {
		return err
	}
	if !sl.SocketMode() {
		endpoints := http.NewServeMux()
		sl.Mount(endpoints)
		mux.Handle("/slack/", metrics.CountRejected(bot.Slack, endpoints))
	}
	a.Senders[bot.Slack] = sl
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := sl.Run(ctx); err != nil {
			c.log.Error("Slack Socket Mode stopped", "err", err)
		}
	}()
	c.log.Info("Slack on", "socket_mode", sl.SocketMode(), "announce_channel", c.cfg.SlackAnnounceChannel)
	return nil
}
