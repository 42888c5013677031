package bot_test

import (
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// confirmButton returns the Confirm button's data of a response, or "".
func confirmButton(resp *bot.Response) string {
	for _, b := range bottest.Buttons(resp) {
		if strings.HasPrefix(b.Data, "a:y:") {
			return b.Data
		}
	}
	return ""
}

// castVotes has a new voter vote for each project in turn; it returns the
// voters.
func castVotes(t *testing.T, h *bottest.Harness, projects ...string) []person {
	t.Helper()
	ps := voters(len(projects))
	for i, p := range projects {
		ps[i].vote(t, h, p)
	}
	return ps
}

// says reports each of wants that text does not contain.
func says(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s: %q\nwant it to say %q", what, text, w)
		}
	}
}

// as sends text as user on platform, in language lang.
func as(h *bottest.Harness, platform, user, lang, text string) *bot.Response {
	ev := bottest.Lang(bottest.Text(user, text), lang)
	ev.Platform = platform
	return h.Send(ev)
}

// TestConfirmationStaysWithItsAsker: another organiser's press on a
// confirmation is refused with a clear answer and changes nothing; the
// confirmation still works for the organiser who asked.
func TestConfirmationStaysWithItsAsker(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Admins: []string{"telegram:43"}})
	token := confirmButton(h.Send(bottest.Text(organiser, "/admin shortlist remove ecole-des-devoirs-volante")))
	if token == "" {
		t.Fatal("no confirmation asked")
	}
	before := fingerprint(t, h.Store)
	resp := h.Send(bottest.Press("43", token))
	if want := bot.T(bot.FR, "admin.not_yours"); resp.Answer != want || !strings.Contains(bottest.Texts(resp), bot.ErrorMark+want) {
		t.Errorf("the other organiser's press: answer %q, reply %q; want %q", resp.Answer, bottest.Texts(resp), want)
	}
	if fingerprint(t, h.Store) != before {
		t.Error("the other organiser's press changed the database")
	}
	resp = h.Send(bottest.Press(organiser, token))
	if text := bottest.Texts(resp); strings.Contains(text, bot.ErrorMark) || !strings.Contains(text, "École des devoirs volante") {
		t.Errorf("the asker's press after the other's: %q, want the change done", text)
	}
	var on bool
	if err := h.Store.DB().Get(&on, `SELECT shortlisted FROM projects WHERE id = 'ecole-des-devoirs-volante'`); err != nil || on {
		t.Errorf("shortlisted = %v (%v), want removed", on, err)
	}
}

// TestForgetByUsernameOnTheOrganisersPlatform: "@name" is the account of
// that name on the organiser's platform, named in full in the confirmation;
// several accounts of that name are refused before any button.
func TestForgetByUsernameOnTheOrganisersPlatform(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	// A console account called zoe comes first, then the Telegram one.
	h.Send(bot.Event{Platform: bot.Console, UserID: "c1", ChatID: "c1", Username: "zoe", Name: "Zoë Console", Text: "/start"})
	h.Send(person{id: "7001", username: "zoe", name: "Zoë Telegram"}.event(bottest.Text("7001", "/start")))
	resp := h.Send(bottest.Text(organiser, "/admin forget @zoe"))
	text := bottest.Texts(resp)
	if confirmButton(resp) == "" || !strings.Contains(text, "telegram:7001 @zoe (Zoë Telegram)") || strings.Contains(text, "Console") {
		t.Errorf("forget @zoe from Telegram: %q, want a confirmation naming telegram:7001", text)
	}
	h.Send(bottest.Press(organiser, confirmButton(resp)))
	var erased []string
	if err := h.Store.DB().Select(&erased, `SELECT platform FROM accounts WHERE erased_at IS NOT NULL`); err != nil || len(erased) != 1 || erased[0] != bot.Telegram {
		t.Errorf("erased accounts %v (%v), want the Telegram one only", erased, err)
	}

	h.Send(person{id: "7002", username: "max", name: "Max A"}.event(bottest.Text("7002", "/start")))
	h.Send(person{id: "7003", username: "Max", name: "Max B"}.event(bottest.Text("7003", "/start")))
	before := fingerprint(t, h.Store)
	resp = h.Send(bottest.Text(organiser, "/admin forget @max"))
	if text := bottest.Texts(resp); len(bottest.Buttons(resp)) > 0 || !strings.Contains(text, bot.ErrorMark) || !strings.Contains(text, "/admin forget telegram:<id>") {
		t.Errorf("forget @max with two such accounts: %q, want a refusal saying to use the id", text)
	}
	if fingerprint(t, h.Store) != before {
		t.Error("the ambiguous forget changed the database")
	}
}

// TestRefusedAtOnceInTheCallersSyntax: a command that cannot be done is
// refused before any button, saying why and the command that would make it
// possible, as the organiser types it where they are.
func TestRefusedAtOnceInTheCallersSyntax(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Admins: []string{"slack:U0ORG", "cli:alice"}})
	cases := []struct {
		name, text, want string // "$ " in want is the caller's syntax
	}{
		{"announce while the vote is open", "announce", "$ phase close public_vote"},
		{"close a phase that has not started", "phase close jury_vote", "$ phase open jury_vote"},
		{"open a phase over an open one", "phase open jury_vote", "$ phase close public_vote"},
		{"extend into the next phase", "phase extend public_vote until 2027-01-20", "dates de jury_vote dans le fichier du concours et importez-le : prixbot import contest FICHIER.yaml"},
		{"an unknown project", "shortlist remove nope", "$ tally"},
		{"a project not on the shortlist", "conflict Juror A nope", "$ tally"},
		{"an unknown vote", "void ABCDE-FGHIJ fraud", "$ suspicious"},
		{"a phase move it does not know", "phase frobnicate public_vote", "Dites open, close ou extend, puis la phase.\nUsage : $ phase open|close|extend <phase> [until <time>]"},
		{"a time it cannot read", "phase extend public_vote until demain", "« demain » n'est pas un moment comme 2026-12-20T23:59 ou 2026-12-20."},
	}
	for _, platform := range []struct{ name, user, syntax string }{
		{bot.Telegram, organiser, "/admin "},
		{bot.Slack, "U0ORG", "/prix admin "},
		{bot.CLI, "alice", "prixbot admin "},
	} {
		for _, tc := range cases {
			before := fingerprint(t, h.Store)
			resp := as(h, platform.name, platform.user, bot.FR, "/admin "+tc.text)
			text := bottest.Texts(resp)
			want := strings.ReplaceAll(tc.want, "$ ", platform.syntax)
			if len(bottest.Buttons(resp)) > 0 || !strings.HasPrefix(text, bot.ErrorMark) || !strings.Contains(text, want) {
				t.Errorf("%s, %s: %q; want a refusal without buttons naming %q", platform.name, tc.name, text, want)
			}
			if fingerprint(t, h.Store) != before {
				t.Errorf("%s, %s: the refusal changed the database", platform.name, tc.name)
			}
		}
	}
}

// TestConfirmationSaysWhatWillHappen: the question before a change says, in
// the organiser's language, what changes, the numbers it touches and how to
// undo it (or that it cannot be undone).
func TestConfirmationSaysWhatWillHappen(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	ps := castVotes(t, h, "repair-cafe-mobile", "repair-cafe-mobile", "ecole-des-devoirs-volante")
	for _, tc := range []struct {
		lang, text string
		want       []string
	}{
		{bot.FR, "/admin shortlist remove repair-cafe-mobile", []string{"« Repair Café mobile » (repair-cafe-mobile) quitte la sélection", "2 votes comptés", "0 fiche du jury remise", "/admin shortlist add repair-cafe-mobile"}},
		{bot.NL, "/admin shortlist remove ecole-des-devoirs-volante", []string{"1 getelde stem ", "0 ingediende juryfiches", "/admin shortlist add ecole-des-devoirs-volante"}},
		{bot.EN, "/admin phase close public_vote", []string{"“public vote” (public_vote)", "3 counted votes (3 voters) stay", "to 1 October 2026 at 11:59", "/admin phase open public_vote until 2026-12-20T23:59"}},
		{bot.FR, "/admin phase extend public_vote until 2026-12-19", []string{"du 15 juillet 2026 à 00:00 au 19 décembre 2026 à 23:59", "3 votes comptés (3 votants)", "/admin phase extend public_vote until 2026-12-20T23:59"}},
		{bot.FR, "/admin remind jurors", []string{"rappels partiront maintenant", "fiches à remettre en tout"}},
		{bot.EN, "/admin forget telegram:" + ps[0].id, []string{"telegram:" + ps[0].id + " @" + ps[0].username, "cannot be undone"}},
	} {
		ev := bottest.Lang(bottest.Text(organiser, tc.text), tc.lang)
		resp := h.Send(ev)
		text := bottest.Texts(resp)
		if confirmButton(resp) == "" {
			t.Errorf("%s: no confirmation: %q", tc.text, text)
		}
		says(t, tc.text+" ("+tc.lang+")", text, tc.want...)
	}
}

// TestConfirmChecksAgain: a change that became impossible between the
// question and the press is refused with the words of the question.
func TestConfirmChecksAgain(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Admins: []string{"telegram:43"}})
	voters(1)[0].vote(t, h, "repair-cafe-mobile")
	h.SetNow(bottest.AfterJury)
	token := confirmButton(h.Send(bottest.Text(organiser, "/admin announce")))
	if token == "" {
		t.Fatal("announce asked no confirmation")
	}
	adminRun(t, h, "43", "phase open jury_vote until 2027-02-10")
	resp := h.Send(bottest.Press(organiser, token))
	want := bottest.Texts(h.Send(bottest.Text(organiser, "/admin announce")))
	if got := bottest.Texts(resp); got != want || !strings.Contains(got, "10 février 2027 à 23:59") {
		t.Errorf("confirming after the jury phase was extended: %q\nwant the refusal %q", got, want)
	}
	if n := len(announcements(t, h.Store)); n != 0 {
		t.Errorf("%d announcement messages, want none", n)
	}
}

// TestAnnounceWithNothingIsRefused: with no counted vote and no submitted
// sheet, nothing ranks anybody: announcing is refused saying what is
// missing, and nothing is sent.
func TestAnnounceWithNothingIsRefused(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	h.SetNow(bottest.AfterJury)
	resp := h.Send(bottest.Text(organiser, "/admin announce"))
	if text := bottest.Texts(resp); len(bottest.Buttons(resp)) > 0 || !strings.Contains(text, "aucun vote compté et aucune fiche du jury remise") {
		t.Errorf("announce with nothing: %q, want a refusal saying there is no vote and no sheet", text)
	}
	if n := len(announcements(t, h.Store)); n != 0 {
		t.Errorf("%d announcement messages, want none", n)
	}
}

// TestTiesAreExplained: when a tie decides a prize, the preview and the
// announce confirmation say so, with the rule that settled it; projects
// tied at zero win nothing.
func TestTiesAreExplained(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	castVotes(t, h, "repair-cafe-mobile", "ecole-des-devoirs-volante")
	h.SetNow(bottest.AfterJury)
	tie := "Égalité parfaite : École des devoirs volante et Repair Café mobile ont tous deux 25,00 points, autant du jury et autant de votes ; seul l'ordre alphabétique des identifiants (ecole-des-devoirs-volante avant repair-cafe-mobile) les départage."
	zero := "18 projets à égalité à 0 point : aucun d'eux ne reçoit de prix."
	preview := bottest.Texts(h.Send(bottest.Text(organiser, "/admin results")))
	ask := h.Send(bottest.Text(organiser, "/admin announce"))
	for name, text := range map[string]string{"preview": preview, "confirmation": bottest.Texts(ask)} {
		says(t, name, text, tie, zero, "1. École des devoirs volante — 25,00 points (public 25,00 + jury 0,00) · (10\u00a0000 €)")
		if strings.Contains(text, "3. ") && strings.Contains(text[strings.Index(text, "3. "):], "2\u00a0500 €") {
			t.Errorf("%s: the third place, tied at zero, wins a prize: %q", name, text)
		}
	}
}

// TestStatusSpeaksTheOrganisersLanguage: status lines are in the
// organiser's language, with phase names and plurals.
func TestStatusSpeaksTheOrganisersLanguage(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	for lang, want := range map[string][]string{
		bot.FR: {"Phase en cours : « vote du public » (public_vote), jusqu'au 20 décembre 2026 à 23:59 (encore 80 jours, 13 heures)", "Juror A : 0/20 (0 brouillon, 0 conflit)"},
		bot.NL: {"Huidige fase: „publieksstemming” (public_vote), tot 20 december 2026 om 23:59 (nog 80 dagen, 13 uur)", "Juror A: 0/20 (0 ontwerpen, 0 conflicten)"},
		bot.EN: {"Current phase: “public vote” (public_vote), until 20 December 2026 at 23:59 (80 days, 13 hours left)", "Juror A: 0/20 (0 drafts, 0 conflicts)"},
	} {
		text := bottest.Texts(h.Send(bottest.Lang(bottest.Text(organiser, "/admin status"), lang)))
		says(t, lang, text, want...)
	}
}

// TestStartAfterTheAnnouncement: once the results are announced, /start
// names the laureates and says how to check one's receipt.
func TestStartAfterTheAnnouncement(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Configure: func(c *bot.Config) { c.PublicURL = "https://prix.example.org" }})
	castVotes(t, h, "repair-cafe-mobile", "repair-cafe-mobile", "ecole-des-devoirs-volante")
	h.SetNow(bottest.AfterJury)
	before := bottest.Texts(h.Send(bottest.Text("555", "/start")))
	if strings.Contains(before, "Repair Café mobile") {
		t.Fatalf("/start names a laureate before the announcement: %q", before)
	}
	adminRun(t, h, organiser, "announce")
	for lang, want := range map[string][]string{
		bot.FR: {"Les lauréats :\n1. Repair Café mobile (10\u00a0000 €)\n2. École des devoirs volante (5\u00a0000 €)", "/myvote", "https://prix.example.org/receipts"},
		bot.EN: {"The laureates:\n1. Repair Café mobile (€10,000)\n2. École des devoirs volante (€5,000)", "/myvote", "https://prix.example.org/receipts"},
	} {
		text := bottest.Texts(h.Send(bottest.Lang(bottest.Text("555", "/start"), lang)))
		says(t, lang+" /start after the announcement", text, want...)
	}
}
