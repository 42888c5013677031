package telegram_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
)

// signedInitData was signed for the token "123456:ABC-test-token" at
// 2026-11-30 08:00 UTC, outside Go (Python's hmac, following Telegram's
// documentation), so that VerifyInitData is checked against more than
// the fake's own signer.
const signedInitData = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A111%2C%22first_name%22%3A%22Ann%22%2C%22last_name%22%3A%22Peeters%22%2C%22username%22%3A%22ann%22%2C%22language_code%22%3A%22nl%22%7D&auth_date=1796025600&hash=fda0ef9e3fe6476bf99dde1e42794a26a4be9dc24dee3fb4f3dd5246ccd3f25f"

func TestVerifyInitData(t *testing.T) {
	t.Parallel()
	const token = "123456:ABC-test-token"
	signedAt := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	now := signedAt.Add(3 * time.Hour)
	u, err := telegram.VerifyInitData(signedInitData, token, now, 24*time.Hour)
	if err != nil || u.ID != 111 || u.LanguageCode != "nl" || u.FirstName != "Ann" {
		t.Fatalf("the data Telegram signed: %+v, %v", u, err)
	}
	fake := telegramtest.InitData(token, 222, "en", signedAt)
	if u, err := telegram.VerifyInitData(fake, token, now, 24*time.Hour); err != nil || u.ID != 222 {
		t.Fatalf("the fake's signed data: %+v, %v", u, err)
	}
	fields, _ := url.ParseQuery(signedInitData)
	changed := func(k, v string) string {
		f, _ := url.ParseQuery(signedInitData)
		f.Set(k, v)
		return f.Encode()
	}
	for _, tc := range []struct {
		name, data, token string
		now               time.Time
		want              error
	}{
		{"another bot's token", signedInitData, "654321:other", now, telegram.ErrInitDataForged},
		{"another user", strings.Replace(signedInitData, "%22id%22%3A111", "%22id%22%3A112", 1), token, now, telegram.ErrInitDataForged},
		{"a later date", changed("auth_date", "1796112000"), token, now, telegram.ErrInitDataForged},
		{"no hash", changed("hash", ""), token, now, telegram.ErrInitDataForged},
		{"a hash that is no hex", changed("hash", "zz"+fields.Get("hash")[2:]), token, now, telegram.ErrInitDataForged},
		{"a field twice", signedInitData + "&auth_date=1796025600", token, now, telegram.ErrInitDataForged},
		{"empty", "", token, now, telegram.ErrInitDataForged},
		{"no token", signedInitData, "", now, telegram.ErrInitDataForged},
		{"oversized", signedInitData + "&x=" + strings.Repeat("a", telegram.MaxInitData), token, now, telegram.ErrInitDataForged},
		{"a bot", telegramtest.SignInitData(token, url.Values{"user": {`{"id":5,"is_bot":true}`}, "auth_date": {"1796025600"}}), token, now, telegram.ErrInitDataForged},
		{"no user", telegramtest.SignInitData(token, url.Values{"auth_date": {"1796025600"}}), token, now, telegram.ErrInitDataForged},
		{"no date", telegramtest.SignInitData(token, url.Values{"user": {`{"id":5}`}}), token, now, telegram.ErrInitDataForged},
		{"older than a day", signedInitData, token, signedAt.Add(24*time.Hour + time.Second), telegram.ErrInitDataStale},
		{"from the future", signedInitData, token, signedAt.Add(-2 * time.Minute), telegram.ErrInitDataStale},
	} {
		if _, err := telegram.VerifyInitData(tc.data, tc.token, tc.now, 24*time.Hour); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
