package runes

import (
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"Économie", 4, "Éco…"},
		{"a long name", 8, "a long…"},
		{"a long name", 7, "a long…"},
		{"🙂🙂🙂", 2, "🙂…"},
		{"ab", 1, "…"},
		{"ab", 0, ""},
		{"ab", -1, ""},
	} {
		got := Truncate(tc.s, tc.n)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
		if tc.n >= 0 && utf8.RuneCountInString(got) > tc.n {
			t.Errorf("Truncate(%q, %d) = %q: longer than %d", tc.s, tc.n, got, tc.n)
		}
	}
}
