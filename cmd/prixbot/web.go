package main

import (
	"prixbot/bot"
	"prixbot/web"
)

// newWeb is the web front: the public pages, the organisers' dashboard and,
// with Telegram on, the jury sheets as a Telegram Mini App, served on "/" of
// HTTP_ADDR beside health, metrics and webhooks, with links to the bot where
// the platforms started before it say how to reach it (Telegram's deep
// links, Slack's command).
func (c *cli) newWeb(conv conversations) (bot.Adapter, error) {
	return web.New(web.Config{Store: conv.Store, PublicURL: c.cfg.PublicURL, TelegramBot: conv.Reach[bot.Telegram].Handle,
		SlackCommand: conv.Reach[bot.Slack].Handle, Log: c.log, Bot: conv.Bot, Handler: conv.Handler,
		TelegramToken: c.cfg.TelegramToken}), nil
}
