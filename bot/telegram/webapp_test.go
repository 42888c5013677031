package telegram_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/telegram/telegramtest"
)

// TestMiniAppButtonsAreSentAsWebAppButtons: a bot.Button with WebApp goes
// to Telegram as an inline web_app button, in a new message and in an
// edit alike; the fake, as Telegram, refuses one whose address is not
// https and one outside a private chat, and the adapter reports those as
// permanent failures.
func TestMiniAppButtonsAreSentAsWebAppButtons(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	ctx := context.Background()
	open := bot.Button{Text: "Open the scoring sheet", URL: "https://prix.example.org/jury/app", WebApp: true}
	m := bot.Message{Text: "Jury", Buttons: [][]bot.Button{{open}, {{Text: "Next", Data: "j:next"}}}}
	id, err := e.a.Send(ctx, "555", m)
	if err != nil {
		t.Fatal(err)
	}
	m.EditMessageID = id
	m.Text = "Jury, again"
	if _, err := e.a.Send(ctx, "555", m); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"sendMessage", "editMessageText"} {
		calls := e.api.Calls(method)
		if len(calls) != 1 {
			t.Fatalf("%s: %d calls", method, len(calls))
		}
		var markup struct {
			Inline [][]map[string]any `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(calls[0].Params.Get("reply_markup")), &markup); err != nil {
			t.Fatal(err)
		}
		first, second := markup.Inline[0][0], markup.Inline[1][0]
		if webApp, _ := first["web_app"].(map[string]any); webApp["url"] != open.URL || first["url"] != nil || first["callback_data"] != nil ||
			second["callback_data"] != "j:next" || second["web_app"] != nil {
			t.Errorf("%s: buttons %v", method, markup.Inline)
		}
	}
	for _, tc := range []struct {
		name, chat, url, refusal string
	}{
		{"http address", "555", "http://prix.example.org/jury/app", telegramtest.ErrWebAppURL},
		{"group chat", "-1001234", "https://prix.example.org/jury/app", telegramtest.ErrButtonType},
	} {
		bad := bot.Message{Text: "Jury", Buttons: [][]bot.Button{{{Text: "Open", URL: tc.url, WebApp: true}}}}
		var pe *bot.PermanentError
		if _, err := e.a.Send(ctx, tc.chat, bad); !errors.As(err, &pe) {
			t.Errorf("%s: sent (%v)", tc.name, err)
		}
		refused := e.api.Refused()
		if len(refused) == 0 || refused[len(refused)-1].Error != tc.refusal {
			t.Errorf("%s: the fake refused %+v, want %q", tc.name, refused, tc.refusal)
		}
	}
}

// TestJuryOpensTheMiniAppFromTelegram: a juror's /jury over the webhook,
// with PUBLIC_URL https, gets the list with "Open the scoring sheet" as a
// web_app button to PUBLIC_URL/jury/app, which Telegram (the fake, as
// strict) accepts.
func TestJuryOpensTheMiniAppFromTelegram(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, &bottest.Options{Now: bottest.AfterVote, Configure: func(c *bot.Config) { c.PublicURL = "https://prix.example.org" }})
	e := setup(t, h.Bot, nil)
	e.send(t, message(1, 111, "en", "/jury"))
	for _, c := range e.api.Calls("sendMessage") {
		if !strings.Contains(c.Params.Get("text"), "Jury — Juror A") {
			continue
		}
		var markup struct {
			Inline [][]struct {
				Text   string `json:"text"`
				WebApp *struct {
					URL string `json:"url"`
				} `json:"web_app"`
			} `json:"inline_keyboard"`
		}
		json.Unmarshal([]byte(c.Params.Get("reply_markup")), &markup)
		if first := markup.Inline[0][0]; first.Text != "📝 Open the scoring sheet" || first.WebApp == nil || first.WebApp.URL != "https://prix.example.org/jury/app" {
			t.Errorf("the list's first button: %+v", first)
		}
		if refused := e.api.Refused(); len(refused) > 0 {
			t.Errorf("Telegram refused %+v", refused)
		}
		return
	}
	t.Fatalf("no jury list sent: %+v", e.api.Calls())
}
