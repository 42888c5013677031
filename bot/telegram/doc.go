// Package telegram is prixbot's Telegram adapter: it turns Bot API updates
// (long polling, or a webhook at POST /telegram/webhook checked with the
// secret token) into bot.Events on a bounded pool of workers, sends the
// bot's replies, answers every button press, limits each user's flood of
// updates, registers the command menu in French, Dutch and English, and
// implements bot.Sender for the outbox.
package telegram
