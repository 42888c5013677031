package main

import (
	"time"

	"prixbot/bot"
	"prixbot/bot/slack"
)

// newSlack returns the Slack adapter: Socket Mode with SLACK_APP_TOKEN,
// else its signed HTTP endpoints. It sends the outbox's Slack messages
// (reminders by DM, announcements in SLACK_ANNOUNCE_CHANNEL).
func (c *cli) newSlack(conv conversations) (bot.Adapter, error) {
	sl, err := slack.New(slack.Config{
		Bot:           conv.Bot,
		Updates:       conv.Handler,
		HTTPClient:    platformClient(bot.Slack, 30*time.Second),
		BotToken:      c.cfg.SlackBotToken,
		AppToken:      c.cfg.SlackAppToken,
		SigningSecret: c.cfg.SlackSigningSecret,
		APIURL:        c.cfg.SlackAPIURL,
		Log:           c.log,
	})
	if err != nil {
		return nil, err
	}
	c.log.Info("Slack on", "socket_mode", sl.SocketMode(), "announce_channel", c.cfg.SlackAnnounceChannel)
	return sl, nil
}
