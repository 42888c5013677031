package bot_test

import (
	"encoding/json"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// TestAdminRemindSendsTheJurorsReminder has an organiser remind the jury
// during the jury vote: each juror with sheets left gets the reminder the
// calendar sends (their figures, the deadline, a button to their next
// project), in their language, through the outbox.
func TestAdminRemindSendsTheJurorsReminder(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	h.SetNow(bottest.AfterVote)
	// Juror B (Telegram 222) reads English; Juror A has no account yet: French.
	h.Send(bottest.Text("222", "/lang en"))
	adminRun(t, h, organiser, "remind jurors")

	var rows []struct {
		Chat    string `db:"chat_id"`
		Payload []byte `db:"payload"`
	}
	if err := h.Store.DB().Select(&rows, `SELECT chat_id, payload FROM outbox WHERE kind = 'reminder' ORDER BY chat_id`); err != nil {
		t.Fatal(err)
	}
	want := map[string]bot.Message{
		"111": {Text: "⚖️ Jury : 20 projets sur 20 à évaluer, clôture dans 22 jours (31 janvier 2027 à 23:59).",
			Buttons: [][]bot.Button{{{Text: "Projet suivant : École des devoirs volante", Data: "j:next"}}}},
		"222": {Text: "⚖️ Jury: 20 of 20 projects left, closes in 22 days (31 January 2027 at 23:59).",
			Buttons: [][]bot.Button{{{Text: "Next project: École des devoirs volante", Data: "j:next"}}}},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d reminders, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		var got bot.Message
		if err := json.Unmarshal(r.Payload, &got); err != nil {
			t.Fatal(err)
		}
		w := want[r.Chat]
		if got.Text != w.Text || len(got.Buttons) != 1 || len(got.Buttons[0]) != 1 || got.Buttons[0][0] != w.Buttons[0][0] {
			t.Errorf("reminder to %s = %+v, want %+v", r.Chat, got, w)
		}
	}
}

// TestJurorReminderAgreesWithItsNumbers: the reminder's words agree with
// how many projects are left, in every language.
func TestJurorReminderAgreesWithItsNumbers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang        string
		left, all   int
		want, want0 string
	}{
		{bot.FR, 1, 2, "⚖️ Jury : 1 projet sur 2 à évaluer, clôture dans 3 jours (demain).", "⚖️ Jury : 1 projet sur 2 à évaluer."},
		{bot.FR, 2, 2, "⚖️ Jury : 2 projets sur 2 à évaluer, clôture dans 3 jours (demain).", "⚖️ Jury : 2 projets sur 2 à évaluer."},
		{bot.NL, 1, 2, "⚖️ Jury: nog 1 van 2 projecten te beoordelen, sluit over 3 jours (demain).", "⚖️ Jury: nog 1 van 2 projecten te beoordelen."},
		{bot.EN, 1, 2, "⚖️ Jury: 1 of 2 projects left, closes in 3 jours (demain).", "⚖️ Jury: 1 of 2 projects left."},
	} {
		if got := bot.T(c.lang, "notice.jury", c.left, c.all, "3 jours", "demain"); got != c.want {
			t.Errorf("%s %d/%d: %q, want %q", c.lang, c.left, c.all, got, c.want)
		}
		if got := bot.T(c.lang, "notice.jury_undated", c.left, c.all); got != c.want0 {
			t.Errorf("%s %d/%d undated: %q, want %q", c.lang, c.left, c.all, got, c.want0)
		}
	}
}
