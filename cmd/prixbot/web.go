package main

import (
	"net/http"

	"prixbot/store"
	"prixbot/web"
)

// webPages returns the public web pages, served on "/" of HTTP_ADDR beside
// health, metrics and webhooks. telegramBot is the bot's username for the
// deep links ("" when Telegram is off).
func (c *cli) webPages(st *store.Store, telegramBot string) http.Handler {
	var slackCommand string
	if c.cfg.SlackBotToken != "" {
		slackCommand = "/prix"
	}
	return web.New(web.Config{Store: st, PublicURL: c.cfg.PublicURL, TelegramBot: telegramBot,
		SlackCommand: slackCommand, Log: c.log}).Handler()
}
