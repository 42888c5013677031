package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
)

// redacted replaces a secret or a phone number in the logs.
const redacted = "[redacted]"

// phoneLike matches what could be a phone number: an E.164 number, or a bare
// run of 11 to 15 digits (Telegram sends contacts' numbers without "+").
// Telegram user and update ids have at most 10 digits, so they stay readable.
var phoneLike = regexp.MustCompile(`\+\d{6,15}\b|\b\d{11,15}\b`)

// redactor returns a slog ReplaceAttr function that blanks cfg's secrets
// (tokens, signing and webhook secrets, the voter pepper, the database
// password) and anything shaped like a phone number in every logged string:
// messages, attributes and errors. Code must not log these in the first
// place; this is the net under it, and TestNoSecretsInLogs checks both.
func redactor(cfg *Config) func(groups []string, a slog.Attr) slog.Attr {
	var secrets []string
	for _, s := range []string{cfg.TelegramToken, cfg.TelegramWebhookSecret, cfg.SlackBotToken,
		cfg.SlackAppToken, cfg.SlackSigningSecret, cfg.VoterPepper, databasePassword(cfg.DatabaseURL), cfg.DatabasePassword} {
		if len(s) >= 4 {
			secrets = append(secrets, s)
		}
	}
	clean := func(s string) string {
		for _, sec := range secrets {
			s = strings.ReplaceAll(s, sec, redacted)
		}
		return phoneLike.ReplaceAllString(s, redacted)
	}
	return func(groups []string, a slog.Attr) slog.Attr {
		switch a.Value.Kind() {
		case slog.KindString:
			if s := a.Value.String(); s != "" {
				a.Value = slog.StringValue(clean(s))
			}
		case slog.KindAny:
			switch v := a.Value.Any().(type) {
			case nil, bool, int, int64, uint64, float64:
			case error:
				a.Value = slog.StringValue(clean(v.Error()))
			default:
				s := fmt.Sprint(v)
				if c := clean(s); c != s {
					a.Value = slog.StringValue(c)
				}
			}
		}
		return a
	}
}

// databasePassword returns the password in a postgres:// URL or a
// "password=…" keyword/value connection string, or "".
func databasePassword(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		p, _ := u.User.Password()
		return p
	}
	for _, f := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(f, "password="); ok {
			return strings.Trim(v, "'")
		}
	}
	return ""
}
