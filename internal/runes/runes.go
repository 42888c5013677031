// Package runes holds the one string helper every layer needs: cutting a
// text to a length in characters. It imports nothing of prixbot, so that
// contest, store, bot and schedule alike can use it.
package runes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Truncate shortens s to at most n characters (runes), ending with "…" when
// it cuts, and never before white space: "a long name" cut to 8 is
// "a long…", not "a long …". It returns "" when n < 1 and s is longer.
//
// Platforms that count UTF-16 code units (Telegram) cut with their own
// helper; this one counts characters, as Slack and the charts do.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:n-1]), unicode.IsSpace) + "…"
}
