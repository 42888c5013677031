package bot_test

import (
	"testing"

	"prixbot/bot"
)

func TestMatchLang(t *testing.T) {
	for hint, want := range map[string]string{
		"": bot.FR, "fr": bot.FR, "nl": bot.NL, "en": bot.EN, // the fast path
		"nl-BE": bot.NL, "en_US": bot.EN, "en-GB": bot.EN, "fr-BE": bot.FR, "de": bot.FR, "pt-br": bot.FR, "x": bot.FR,
		"nl-BE,nl;q=0.9,en;q=0.8": bot.NL, "de, en;q=0.5": bot.EN, "de-DE,de;q=0.9": bot.FR, // Accept-Language
	} {
		if got := bot.MatchLang(hint); got != want {
			t.Errorf("MatchLang(%q) = %q, want %q", hint, got, want)
		}
	}
}
