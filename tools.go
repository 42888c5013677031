//go:build tools

// Package tools pins the modules that packages still being written will use,
// so that parallel work does not race on go.mod. It is removed once they are
// all imported by real code.
package tools

import (
	_ "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	_ "github.com/nyaruka/phonenumbers"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/robfig/cron/v3"
	_ "github.com/slack-go/slack"
	_ "golang.org/x/text/language"
	_ "golang.org/x/time/rate"
	_ "gonum.org/v1/plot"
)
