package bot_test

import (
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

func TestNumbersAndPluralsFollowTheLanguage(t *testing.T) {
	t.Parallel()
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 12, 20, 23, 0, 0, 0, time.UTC) // 21 December 00:00 in Brussels
	for _, tc := range []struct{ got, want string }{
		{bot.FormatPoints(bot.FR, 12.5), "12,50"},
		{bot.FormatPoints(bot.NL, 12.5), "12,50"},
		{bot.FormatPoints(bot.EN, 12.5), "12.50"},
		{bot.FormatNumber(bot.FR, 10000), "10\u00a0000"},
		{bot.FormatNumber(bot.NL, 10000), "10.000"},
		{bot.FormatNumber(bot.EN, 10000), "10,000"},
		{bot.FormatDeadline(bot.FR, end.In(brussels)), "20 décembre 2026 à 23:59"},
		{bot.FormatDeadline(bot.NL, end.In(brussels)), "20 december 2026 om 23:59"},
		{bot.FormatDeadline(bot.EN, end.In(brussels)), "20 December 2026 at 23:59"},
		{bot.FormatDuration(bot.FR, 49*time.Hour+10*time.Minute), "2 jours, 1 heure"},
		{bot.FormatDuration(bot.NL, 3*time.Hour+time.Minute), "3 uur, 1 minuut"},
		{bot.FormatDuration(bot.EN, 0), "0 minutes"},
		{bot.T(bot.FR, "n.drafts", 0), "0 brouillon"}, // French puts 0 with 1
		{bot.T(bot.FR, "n.drafts", 2), "2 brouillons"},
		{bot.T(bot.NL, "n.drafts", 0), "0 ontwerpen"},
		{bot.T(bot.EN, "n.drafts", 1), "1 draft"},
		{bot.T(bot.EN, "n.drafts", 1000), "1,000 drafts"},
		// The fraud signals agree with their counts (they said "1 voters").
		{bot.T(bot.EN, "admin.signal_prefix_block", 1, "+32 470 12", 1), "1 voter has a number from one block of 1,000 (1 vote)"},
		{bot.T(bot.EN, "admin.signal_new_accounts", 3, "Alpha", 3), "3 brand-new accounts voted for Alpha (3 votes)"},
		{bot.T(bot.FR, "admin.signal_link_burst", 1, "Alpha", 2), "1 ouverture du lien de Alpha, suivie de 2 votes"},
		{bot.T(bot.FR, "admin.signal_link_burst", 40, "Alpha", 1), "40 ouvertures du lien de Alpha, suivies de 1 vote"},
		{bot.T(bot.NL, "admin.signal_new_accounts", 1, "Alpha", 1), "1 gloednieuw account stemde op Alpha (1 stem)"},
		{bot.PhaseName(bot.NL, "public_vote"), "publieksstemming"},
		{bot.PhaseName(bot.EN, "custom"), "custom"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestOneWayToWriteTheDeadline: the end of the public vote reads the same to
// a voter, to an organiser and in a refusal, in the contest's timezone.
func TestOneWayToWriteTheDeadline(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	const want = "20 décembre 2026 à 23:59"
	for name, text := range map[string]string{
		"/start":         bottest.Texts(h.Send(bottest.Text("555", "/start"))),
		"/admin status":  bottest.Texts(h.Send(bottest.Text(organiser, "/admin status"))),
		"announce":       bottest.Texts(h.Send(bottest.Text(organiser, "/admin announce"))),
		"phase question": bottest.Texts(h.Send(bottest.Text(organiser, "/admin phase close public_vote"))),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%s: %q, want the deadline as %q", name, text, want)
		}
	}
}
