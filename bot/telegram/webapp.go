package telegram

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Telegram Mini App gets initData from Telegram: the user who opened it,
// when, and a hash that only Telegram and the bot can compute, as
// https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
// specifies:
//
//	secret_key       = HMAC_SHA256(key "WebAppData", message bot token)
//	data_check_string = every field but hash, as key=value sorted by key, joined by "\n"
//	hash             = hex(HMAC_SHA256(key secret_key, message data_check_string))

// Errors of VerifyInitData.
var (
	// ErrInitDataForged: initData is malformed or its hash is not the one
	// Telegram computes with the bot's token.
	ErrInitDataForged = errors.New("the Mini App data is not signed by Telegram for this bot")
	// ErrInitDataStale: initData is signed, but older than allowed (or
	// dated in the future).
	ErrInitDataStale = errors.New("the Mini App data is too old")
)

// MaxInitData bounds the initData VerifyInitData reads, in bytes.
const MaxInitData = 8 << 10

// WebAppUser is the user a verified initData names.
type WebAppUser struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Username     string `json:"username"`
	LanguageCode string `json:"language_code"`
	IsBot        bool   `json:"is_bot"`
}

// VerifyInitData checks a Mini App's initData (the query string Telegram
// gives the page) against the bot's token, and that it was signed no longer
// than maxAge before now (a minute of clock difference allowed the other
// way). It returns the user it names, or ErrInitDataForged (a wrong hash, a
// field given twice, no user) or ErrInitDataStale.
func VerifyInitData(initData, token string, now time.Time, maxAge time.Duration) (WebAppUser, error) {
	if initData == "" || len(initData) > MaxInitData || token == "" {
		return WebAppUser{}, ErrInitDataForged
	}
	fields, err := url.ParseQuery(initData)
	if err != nil {
		return WebAppUser{}, ErrInitDataForged
	}
	lines := make([]string, 0, len(fields))
	for k, v := range fields {
		if len(v) != 1 {
			return WebAppUser{}, ErrInitDataForged
		}
		if k != "hash" {
			lines = append(lines, k+"="+v[0])
		}
	}
	slices.Sort(lines)
	got, err := hex.DecodeString(fields.Get("hash"))
	if err != nil || !hmac.Equal(got, initDataHash(token, strings.Join(lines, "\n"))) {
		return WebAppUser{}, ErrInitDataForged
	}
	var u WebAppUser
	if err := json.Unmarshal([]byte(fields.Get("user")), &u); err != nil || u.ID <= 0 || u.IsBot {
		return WebAppUser{}, ErrInitDataForged
	}
	secs, err := strconv.ParseInt(fields.Get("auth_date"), 10, 64)
	if err != nil {
		return WebAppUser{}, ErrInitDataForged
	}
	if age := now.Sub(time.Unix(secs, 0)); age > maxAge || age < -time.Minute {
		return WebAppUser{}, ErrInitDataStale
	}
	return u, nil
}

// initDataHash is the hash Telegram puts in initData whose data-check
// string is check.
func initDataHash(token, check string) []byte {
	key := hmac.New(sha256.New, []byte("WebAppData"))
	key.Write([]byte(token))
	h := hmac.New(sha256.New, key.Sum(nil))
	h.Write([]byte(check))
	return h.Sum(nil)
}
