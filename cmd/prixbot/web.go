package main

import (
	"net/http"

	"prixbot/bot"
	"prixbot/bot/metrics"
	"prixbot/store"
	"prixbot/web"
)

// webPages returns the public web pages, served on "/" of HTTP_ADDR beside
// health, metrics and webhooks, with links to the bot where reach says how
// to reach it (Telegram's deep links, Slack's command); with Telegram on,
// b's jury sheets are served as a Telegram Mini App too; b runs the
// organisers' dashboard's commands.
func (c *cli) webPages(st *store.Store, b *bot.Bot, reach map[string]bot.Reach) http.Handler {
	return web.New(web.Config{Store: st, PublicURL: c.cfg.PublicURL, TelegramBot: reach[bot.Telegram].Handle,
		SlackCommand: reach[bot.Slack].Handle, Log: c.log, Bot: b, Handler: metrics.Instrument(b), TelegramToken: c.cfg.TelegramToken}).Handler()
}
