package telegramtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// InitData returns the initData Telegram gives a Mini App that user (with
// that language code) opens at at from the bot whose token is token, signed
// as Telegram signs it.
func InitData(token string, user int64, lang string, at time.Time) string {
	return SignInitData(token, url.Values{
		"query_id":  {"AAH" + strconv.FormatInt(user, 36)},
		"user":      {fmt.Sprintf(`{"id":%d,"first_name":"Ann","last_name":"Peeters","username":"ann%d","language_code":%q,"allows_write_to_pm":true}`, user, user, lang)},
		"auth_date": {strconv.FormatInt(at.Unix(), 10)},
	})
}

// SignInitData adds to fields the hash Telegram computes with the bot's
// token and returns them as initData: HMAC-SHA256 of the sorted
// "key=value" lines, keyed with HMAC-SHA256("WebAppData", token).
func SignInitData(token string, fields url.Values) string {
	var lines []string
	for k := range fields {
		lines = append(lines, k+"="+fields.Get(k))
	}
	sort.Strings(lines)
	secret := hmac.New(sha256.New, []byte("WebAppData"))
	secret.Write([]byte(token))
	mac := hmac.New(sha256.New, secret.Sum(nil))
	mac.Write([]byte(strings.Join(lines, "\n")))
	signed := url.Values{"hash": {hex.EncodeToString(mac.Sum(nil))}}
	for k := range fields {
		signed.Set(k, fields.Get(k))
	}
	return signed.Encode()
}
