package bot_test

import (
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/contest"
)

// FuzzNormalisePhone: whatever a platform sends as a phone number gives
// E.164 with its country code, stable under normalising again, or an
// Invalid error that does not repeat the input.
func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"32470123456", "+32 470 12 34 56", "0032470123456", "+1 (202) 555-0143",
		"+", "", "00", "+999999999999999", "+32470123456789012345", "٣٢٤٧٠١٢٣٤٥٦", "+32\x00470"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e164, country, err := bot.NormalisePhone(raw)
		if err != nil {
			if contest.ErrorCode(err) != contest.Invalid {
				t.Fatalf("error code %q: %v", contest.ErrorCode(err), err)
			}
			if digits := strings.TrimLeft(raw, "+ 0"); len(digits) >= 4 && strings.Contains(err.Error(), digits) {
				t.Fatalf("the error repeats the number: %v", err)
			}
			return
		}
		if !strings.HasPrefix(e164, country) || len(e164) > 16 || strings.Trim(e164[1:], "0123456789") != "" {
			t.Fatalf("NormalisePhone(%q) = %q, %q: not E.164 with its country code", raw, e164, country)
		}
		again, _, err := bot.NormalisePhone(e164)
		if err != nil || again != e164 {
			t.Fatalf("normalising %q again gives %q, %v", e164, again, err)
		}
	})
}

// fuzzUsers are who presses the buttons: a voter, an organiser and a juror
// of the sample contest.
var fuzzUsers = []string{"900", "42", "111"}

// FuzzCallbackData: any button data, from a voter, an organiser or a juror,
// gets an answer, a reply or form errors, never an internal error or a panic.
func FuzzCallbackData(f *testing.F) {
	for _, s := range []string{"v:ecole-des-devoirs-volante", "c:ecole-des-devoirs-volante", "x", "m:0", "l:0:1", "l:9:-1",
		"p:alpha-jardin", "p:", "sub:y", "lang:nl", "lang:xx", "f:y", "j:l", "j:next", "j:o:0", "j:s:0:0:3", "j:s:99:99:99",
		"j:i:0:11", "j:u:0", "j:cy:0", "jf:0", "a:", "a:confirm:1", "v:" + strings.Repeat("a", 70), ":", "\xff", ""} {
		for i := range fuzzUsers {
			f.Add(s, uint8(i))
		}
	}
	h := bottest.New(f, &bottest.Options{Admins: []string{"telegram:42"}})
	f.Fuzz(func(t *testing.T, data string, who uint8) {
		user := fuzzUsers[int(who)%len(fuzzUsers)]
		resp, err := h.Handle(bottest.Press(user, data))
		if err != nil {
			t.Fatalf("press %q by %s: internal error %v", data, user, err)
		}
		if resp == nil || resp.Answer == "" && len(resp.Messages) == 0 && len(resp.FieldErrors) == 0 && !resp.Duplicate {
			t.Fatalf("press %q by %s: no answer and no reply", data, user)
		}
	})
}

// FuzzCommand: any text, as a voter, an organiser or a juror, gets a clear
// reply or nothing, never an internal error or a panic.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{"/start", "/start p-alpha-jardin", "/start p-", "/start p-../../etc", "/projects", "/myvote",
		"/lang nl", "/privacy", "/forget", "/help", "/jury", "/jury ABCD-1234", "/admin", "/admin results", "/admin void x",
		"/admin phase public_vote end 2026-13-45", "/admin forget telegram:900", "/start@prixbot", "hello", "/", "/\x00", ""} {
		for i := range fuzzUsers {
			f.Add(s, uint8(i))
		}
	}
	h := bottest.New(f, &bottest.Options{Admins: []string{"telegram:42"}})
	f.Fuzz(func(t *testing.T, text string, who uint8) {
		user := fuzzUsers[int(who)%len(fuzzUsers)]
		if _, err := h.Handle(bottest.Text(user, text)); err != nil {
			t.Fatalf("%q from %s: internal error %v", text, user, err)
		}
	})
}
