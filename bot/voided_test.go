package bot_test

import (
	"strings"
	"testing"

	"prixbot/bot/bottest"
)

// TestVoidedVoterIsToldTheTruth: a voter whose vote the organisers voided
// is told so when they press Vote again, press an old Confirm button (for the
// same project or another) or look at /myvote, not "That has already been
// done."; no vote is added.
func TestVoidedVoterIsToldTheTruth(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	p := voters(1)[0]
	receipt := p.vote(t, h, "repair-cafe-mobile")
	if resp := adminRun(t, h, organiser, "void "+receipt+" same phone block"); !strings.Contains(bottest.Texts(resp), "1") {
		t.Fatalf("void: %q", bottest.Texts(resp))
	}
	const want = "was cancelled by the organisers, so you cannot vote again"
	for _, data := range []string{"v:repair-cafe-mobile", "c:repair-cafe-mobile", "v:alpha-jardin", "c:alpha-jardin"} {
		resp := h.Send(p.event(bottest.Lang(bottest.Press(p.id, data), "en")))
		if got := bottest.Texts(resp); !strings.Contains(got, want) || !strings.Contains(got, "Repair Café mobile") ||
			!strings.Contains(resp.Answer, "cancelled") {
			t.Errorf("%s: %q (answer %q); want %q about Repair Café mobile", data, got, resp.Answer, want)
		}
		if _, ok := hasButton(resp, "c:alpha-jardin"); ok {
			t.Errorf("%s: a confirmation is offered for a vote that cannot be cast", data)
		}
	}
	resp := h.Send(p.event(bottest.Lang(bottest.Text(p.id, "/myvote"), "en")))
	if got := bottest.Texts(resp); !strings.Contains(got, "cancelled by the organisers") || !strings.Contains(got, "cannot be cast again") {
		t.Errorf("/myvote: %q", got)
	}
	var votes, counted int
	h.Store.DB().Get(&votes, `SELECT count(*) FROM votes`)
	if counted = h.Votes(); votes != 1 || counted != 0 {
		t.Fatalf("%d votes stored, %d counted; want the voided one only", votes, counted)
	}
}
