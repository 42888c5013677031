// Package slack is prixbot's Slack adapter: the slash command (/prix list,
// show, vote, myvote, jury, lang, link, admin, help), buttons, the jury
// scoring modal and App Home, over Socket Mode (when an app-level token is
// set) or HTTP (POST /slack/commands, /slack/interactions, /slack/events,
// each request checked with Slack's v0 signature). It translates Slack's
// payloads into bot.Events for the platform-neutral conversations, renders
// bot.Messages in Block Kit, and is the outbox's bot.Sender for Slack.
//
// Every request is acknowledged within Slack's 3 seconds: the work runs on a
// bounded pool, and an answer that is not ready in time follows through the
// request's response_url or a direct message. A member's standing (bot,
// deleted, guest) and locale come from users.info, cached briefly.
package slack
