package bot_test

import (
	"context"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// TestJuryOffersTheMiniAppOnTelegramOverHTTPS: /jury and the enrolment
// put "Open the scoring sheet" (a Mini App button to PUBLIC_URL/jury/app)
// first, on Telegram when PUBLIC_URL is https; not over http, not on
// Slack, and never to someone who is no juror.
func TestJuryOffersTheMiniAppOnTelegramOverHTTPS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, publicURL, platform, user string
		want                            bool
	}{
		{"telegram over https", "https://prix.example.org/", bot.Telegram, jurorA, true},
		{"telegram over http", "http://prix.example.org", bot.Telegram, jurorA, false},
		{"no public url", "", bot.Telegram, jurorA, false},
		{"slack", "https://prix.example.org", bot.Slack, "U0001", false},
		{"not a juror", "https://prix.example.org", bot.Telegram, "4242", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := bottest.New(t, &bottest.Options{Now: bottest.AfterVote, Configure: func(c *bot.Config) { c.PublicURL = tc.publicURL }})
			ev := bottest.Text(tc.user, "/jury")
			ev.Platform = tc.platform
			var got []bot.Button
			for _, b := range bottest.Buttons(h.Send(ev)) {
				if b.WebApp {
					got = append(got, b)
				}
			}
			if !tc.want {
				if len(got) > 0 {
					t.Fatalf("a Mini App button was offered: %+v", got)
				}
				return
			}
			first := bottest.Buttons(h.Send(ev))[0]
			if len(got) != 1 || first != got[0] || first.URL != "https://prix.example.org/jury/app" || first.Text != bot.T(bot.FR, "jury.miniapp_button") {
				t.Fatalf("Mini App buttons %+v, first button %+v", got, first)
			}
		})
	}
}

// TestSheetPageOpensAnySheetAndTheNextToScore: the Mini App's sheet is
// read whole, editable in the jury phase and read-only after it; "next"
// goes to the first sheet still to score after the one given, and stays
// on it when every sheet is submitted.
func TestSheetPageOpensAnySheetAndTheNextToScore(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	ctx := context.Background()
	ev := bot.Event{Platform: bot.Telegram, UserID: jurorA, ChatID: jurorA, LangHint: "en"}
	press(h, jurorA, bot.ScoreData(0, 0, 2))
	f, err := h.Bot.SheetPage(ctx, ev, -1, true)
	if err != nil || f == nil {
		t.Fatalf("SheetPage: %v, %v", f, err)
	}
	if f.Index != 0 || !f.Editable || f.Done || f.Groups[0].Fields[0].Value != "2" || f.Total != "Total: 2/36 (1/12 criteria scored)" || len(f.Sheets) != 20 || !f.Sheets[0].Current {
		t.Errorf("the next sheet is %d (editable %v, done %v), first field %+v, total %q", f.Index, f.Editable, f.Done, f.Groups[0].Fields[0], f.Total)
	}
	if f, _ := h.Bot.SheetPage(ctx, ev, 0, true); f == nil || f.Index != 1 {
		t.Errorf("next after 0: %+v", f)
	}
	if f, _ := h.Bot.SheetPage(ctx, ev, 19, true); f == nil || f.Index != 0 {
		t.Errorf("next after 19 wraps to 0: %+v", f)
	}
	for _, p := range []int{20, -1} {
		if f, err := h.Bot.SheetPage(ctx, ev, p, false); f != nil || err != nil {
			t.Errorf("sheet %d: %+v, %v", p, f, err)
		}
	}
	stranger := ev
	stranger.UserID, stranger.ChatID = "4242", "4242"
	if f, err := h.Bot.SheetPage(ctx, stranger, 0, false); f != nil || err != nil {
		t.Errorf("someone who is no juror got a sheet: %+v, %v", f, err)
	}
	h.SetNow(juryClosed)
	f, err = h.Bot.SheetPage(ctx, ev, 0, false)
	if err != nil || f == nil || f.Editable || f.Note != bot.T(bot.EN, "jury.read_only") || f.Groups[0].Fields[0].Value != "2" {
		t.Errorf("after the jury phase: %+v, %v", f, err)
	}
}
