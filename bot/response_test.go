package bot_test

import (
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/contest"
)

// TestResponseCarriesRefusalAndConfirmation reads an organiser's commands
// the way a program does, by the Response's fields rather than its texts:
// a state change carries its Confirmation (the same buttons the chat shows),
// pressing its Yes makes the change, pressing a spent one is refused with
// not_found, and a refused command carries its code and the sentence the
// chat shows; a reading command and a stranger get what they should.
func TestResponseCarriesRefusalAndConfirmation(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)

	ask := h.Send(bottest.Lang(bottest.Text(organiser, "/admin shortlist remove repair-cafe-mobile"), "en"))
	c := ask.Confirm
	if c == nil || ask.Error != nil {
		t.Fatalf("a state change: Confirm %+v, Error %v; want a confirmation and no error", c, ask.Error)
	}
	if buttons := bottest.Buttons(ask); len(buttons) != 2 || buttons[0] != c.Yes || buttons[1] != c.No {
		t.Errorf("buttons %+v, want the confirmation's Yes and No %+v", buttons, c)
	}
	if c.Yes.Text != "Confirm" || !strings.HasPrefix(c.Yes.Data, "a:y:") || !strings.HasPrefix(c.No.Data, "a:n:") {
		t.Errorf("confirmation %+v", c)
	}
	done := h.Send(bottest.Press(organiser, c.Yes.Data))
	if done.Error != nil || done.Confirm != nil {
		t.Errorf("confirmed: Error %v, Confirm %+v; want neither", done.Error, done.Confirm)
	}
	again := h.Send(bottest.Press(organiser, c.Yes.Data))
	if again.Error == nil || again.Error.Code != contest.NotFound || !strings.Contains(bottest.Texts(again), again.Error.Message) {
		t.Errorf("a spent confirmation: Error %v, texts %q; want not_found with the chat's sentence", again.Error, bottest.Texts(again))
	}

	for _, tc := range []struct {
		name, text, code string
	}{
		{"unknown command", "/admin nonsense", contest.Invalid},
		{"bad arguments", "/admin shortlist", contest.Invalid},
		{"cannot be done", "/admin shortlist add no-such-project", contest.Conflict},
	} {
		resp := h.Send(bottest.Text(organiser, tc.text))
		if resp.Error == nil || resp.Error.Code != tc.code || resp.Confirm != nil {
			t.Errorf("%s: Error %v, Confirm %+v; want code %s and no confirmation", tc.name, resp.Error, resp.Confirm, tc.code)
			continue
		}
		if got := bottest.Texts(resp); got != bot.ErrorMark+resp.Error.Message+"\n" {
			t.Errorf("%s: texts %q, want the Error's message %q after the mark", tc.name, got, resp.Error.Message)
		}
	}
	if resp := h.Send(bottest.Text(organiser, "/admin status")); resp.Error != nil || resp.Confirm != nil {
		t.Errorf("status: Error %v, Confirm %+v; want neither", resp.Error, resp.Confirm)
	}
	if resp := h.Send(bottest.Text("666", "/admin status")); resp.Error == nil || resp.Error.Code != contest.Forbidden {
		t.Errorf("a stranger's command: Error %v, want forbidden", resp.Error)
	}
}
