package main

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// secretsIn returns the secrets and phone numbers found in logs, for tests
// that run a whole flow and then check what it logged.
func secretsIn(logs string, secrets ...string) []string {
	var found []string
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			found = append(found, s)
		}
	}
	return append(found, phoneLike.FindAllString(logs, -1)...)
}

func TestRedactor(t *testing.T) {
	t.Parallel()
	cfg := &Config{
		TelegramToken:      "123456:AAH-telegram-token",
		SlackBotToken:      "xoxb-slack-bot-token",
		SlackSigningSecret: "signing-secret-value",
		VoterPepper:        "pepper-pepper-pepper",
		DatabaseURL:        "postgres://prixbot:db-password-1@db:5432/prixbot",
		DatabasePassword:   "pg-password-2",
	}
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			cfg.LogFormat = format
			log := newLogger(&buf, cfg)
			log.Info("calling https://api.telegram.org/bot123456:AAH-telegram-token/getMe for +32470123456",
				"err", errors.New(`Post "https://api.telegram.org/bot123456:AAH-telegram-token/sendMessage": EOF`),
				"phone", "32470123456",
				"dsn", "postgres://prixbot:db-password-1@db:5432/prixbot",
				slog.Group("slack", "token", "xoxb-slack-bot-token", "secret", "signing-secret-value"),
				"list", []string{"pepper-pepper-pepper"}, "pgpassword", "pg-password-2",
				"user", int64(1234567890), "update", "987654321")
			logs := buf.String()
			if found := secretsIn(logs, cfg.TelegramToken, cfg.SlackBotToken, cfg.SlackSigningSecret, cfg.VoterPepper, "db-password-1", "pg-password-2"); len(found) > 0 {
				t.Errorf("logged %q:\n%s", found, logs)
			}
			for _, keep := range []string{"1234567890", "987654321", "api.telegram.org"} {
				if !strings.Contains(logs, keep) {
					t.Errorf("redacted %q too:\n%s", keep, logs)
				}
			}
		})
	}
}

func TestDatabasePassword(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ dsn, want string }{
		{"postgres://u:pw@h/db", "pw"},
		{"postgres://u@h/db", ""},
		{"host=h user=u password=pw", "pw"},
		{"", ""},
	} {
		if got := databasePassword(c.dsn); got != c.want {
			t.Errorf("databasePassword(%q) = %q, want %q", c.dsn, got, c.want)
		}
	}
}
