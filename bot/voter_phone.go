package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"prixbot/contest"
)

// NormalisePhone turns a phone number as a platform shares it ("32470123456"
// or "+32 470 12 34 56") into E.164 ("+32470123456") and its country calling
// code ("+32"). A number that is not a valid phone number gives
// contest.Invalid; the error never contains the number.
func NormalisePhone(raw string) (e164, country string, err error) {
	s := strings.TrimSpace(raw)
	if !strings.HasPrefix(s, "+") {
		s = "+" + strings.TrimPrefix(s, "00")
	}
	n, perr := phonenumbers.Parse(s, "")
	if perr != nil || !phonenumbers.IsValidNumber(n) {
		return "", "", contest.Errorf(contest.Invalid, "not a valid international phone number")
	}
	return phonenumbers.Format(n, phonenumbers.E164), "+" + strconv.Itoa(int(n.GetCountryCode())), nil
}

// PhoneHash is what prixbot keeps of a voter's phone: HMAC-SHA256 of the
// E.164 number keyed with VOTER_PEPPER.
func PhoneHash(pepper []byte, e164 string) []byte {
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte(e164))
	return m.Sum(nil)
}
