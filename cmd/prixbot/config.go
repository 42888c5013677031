package main

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"prixbot/bot/slack"
)

// Config is prixbot's whole configuration, read once from the environment.
type Config struct {
	DatabaseURL string
	// DatabasePassword is PGPASSWORD, which the PostgreSQL driver reads
	// when DATABASE_URL gives no password; kept to blank it in the logs.
	DatabasePassword string
	DataDir          string
	HTTPAddr         string
	// HTTPTimeouts bound slow and idle clients of HTTP_ADDR (not from the
	// environment: tests shorten them).
	HTTPTimeouts HTTPTimeouts
	// PublicURL is the public address of the web pages (PUBLIC_URL), for
	// absolute links; nil when unset.
	PublicURL *url.URL

	TelegramToken         string
	TelegramAPIEndpoint   string
	TelegramWebhookURL    string
	TelegramWebhookSecret string

	SlackBotToken        string
	SlackAppToken        string
	SlackSigningSecret   string
	SlackAPIURL          string
	SlackAnnounceChannel string
	// TelegramAnnounceChannel is an optional channel (@name or id) that also
	// gets the announcement of the results.
	TelegramAnnounceChannel string

	AdminTelegramIDs []int64
	AdminSlackIDs    []string
	VoterPepper      string

	LogLevel  slog.Level
	LogFormat string
}

// loadConfig reads and validates the configuration from env (KEY=VALUE pairs).
// Errors say which variable is wrong and how to fix it.
func loadConfig(env []string) (*Config, error) {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	c := &Config{
		DatabaseURL:             m["DATABASE_URL"],
		DatabasePassword:        m["PGPASSWORD"],
		DataDir:                 cmp.Or(m["PRIXBOT_DATA"], "./.prixbot"),
		HTTPAddr:                cmp.Or(m["HTTP_ADDR"], "127.0.0.1:8080"),
		HTTPTimeouts:            defaultHTTPTimeouts,
		TelegramToken:           m["TELEGRAM_TOKEN"],
		TelegramAPIEndpoint:     cmp.Or(m["TELEGRAM_API_ENDPOINT"], "https://api.telegram.org/bot%s/%s"),
		TelegramWebhookURL:      m["TELEGRAM_WEBHOOK_URL"],
		TelegramWebhookSecret:   m["TELEGRAM_WEBHOOK_SECRET"],
		SlackBotToken:           m["SLACK_BOT_TOKEN"],
		SlackAppToken:           m["SLACK_APP_TOKEN"],
		SlackSigningSecret:      m["SLACK_SIGNING_SECRET"],
		SlackAPIURL:             m["SLACK_API_URL"],
		SlackAnnounceChannel:    m["SLACK_ANNOUNCE_CHANNEL"],
		TelegramAnnounceChannel: m["TELEGRAM_ANNOUNCE_CHANNEL"],
		VoterPepper:             m["VOTER_PEPPER"],
		LogFormat:               cmp.Or(m["LOG_FORMAT"], "text"),
	}
	if err := c.LogLevel.UnmarshalText([]byte(cmp.Or(m["LOG_LEVEL"], "info"))); err != nil {
		return nil, fmt.Errorf("LOG_LEVEL %q is not a level; use debug, info, warn or error", m["LOG_LEVEL"])
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return nil, fmt.Errorf("LOG_FORMAT %q is not supported; use text or json", c.LogFormat)
	}
	if raw := m["PUBLIC_URL"]; raw != "" {
		u, err := parsePublicURL(raw)
		if err != nil {
			return nil, err
		}
		c.PublicURL = u
	}
	for _, s := range splitList(m["ADMIN_TELEGRAM_IDS"]) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("ADMIN_TELEGRAM_IDS: %q is not a Telegram user id (digits only)", s)
		}
		c.AdminTelegramIDs = append(c.AdminTelegramIDs, id)
	}
	c.AdminSlackIDs = splitList(m["ADMIN_SLACK_IDS"])
	if c.TelegramWebhookURL != "" && c.TelegramWebhookSecret == "" {
		return nil, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set, so forged webhook calls can be refused")
	}
	if c.TelegramWebhookSecret != "" && !validWebhookSecret(c.TelegramWebhookSecret) {
		return nil, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
	}
	if c.SlackBotToken != "" {
		if err := slack.CheckCredentials(c.SlackBotToken, c.SlackAppToken, c.SlackSigningSecret); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// parsePublicURL checks PUBLIC_URL: the root of the site, over http(s).
func parsePublicURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil:
		return nil, fmt.Errorf("PUBLIC_URL %q must be the pages' public address, like https://prix.example.org", raw)
	case strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("PUBLIC_URL %q must be the site's root, with no path, query or fragment: the pages are served from / of HTTP_ADDR", raw)
	}
	u.Path = ""
	return u, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func validWebhookSecret(s string) bool {
	if len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
