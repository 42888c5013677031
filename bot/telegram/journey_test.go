package telegram_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"prixbot/bot/telegram/telegramtest"
)

// inlineButton is a button of an inline keyboard as the Bot API received it.
type inlineButton struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// keyboardOf returns the inline buttons and the reply-keyboard buttons of a
// recorded call's reply_markup.
func keyboardOf(t *testing.T, c telegramtest.Call) (inline []inlineButton, reply []map[string]any) {
	t.Helper()
	rm := c.Params.Get("reply_markup")
	if rm == "" {
		return nil, nil
	}
	var m struct {
		Inline [][]inlineButton   `json:"inline_keyboard"`
		Reply  [][]map[string]any `json:"keyboard"`
	}
	if err := json.Unmarshal([]byte(rm), &m); err != nil {
		t.Fatalf("%s: reply_markup %q: %v", c.Method, rm, err)
	}
	for _, row := range m.Inline {
		inline = append(inline, row...)
	}
	for _, row := range m.Reply {
		reply = append(reply, row...)
	}
	return inline, reply
}

// chatLog follows the Bot API calls that reply in one chat: each step returns
// the calls made since the previous one.
type chatLog struct {
	e    *env
	chat string
	seen int
}

func (l *chatLog) since() []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range l.e.api.Calls("sendMessage", "sendPhoto", "editMessageText") {
		if c.Params.Get("chat_id") == l.chat {
			out = append(out, c)
		}
	}
	out, l.seen = out[l.seen:], len(out)
	return out
}

// button returns the inline button among calls that match, failing the test
// (with the replies) when there is none.
func button(t *testing.T, calls []telegramtest.Call, what string, match func(inlineButton) bool) inlineButton {
	t.Helper()
	for _, c := range calls {
		inline, _ := keyboardOf(t, c)
		for _, b := range inline {
			if match(b) {
				return b
			}
		}
	}
	var offered []string
	for _, c := range calls {
		inline, _ := keyboardOf(t, c)
		for _, b := range inline {
			offered = append(offered, fmt.Sprintf("%q→%q", b.Text, b.Data))
		}
	}
	t.Fatalf("no %s button among the replies %q; offered: %v", what, texts(calls), offered)
	return inlineButton{}
}

func labelled(text string) func(inlineButton) bool {
	return func(b inlineButton) bool { return b.Text == text }
}

// TestWebhookVoteJourneyEveryLanguageAndEntry drives the voter's whole
// journey through the webhook in fr, nl and en, from the deep link and from
// browsing by sector, each as its own Telegram user with that language_code.
// Every button pressed is one the previous replies carried (its callback data
// read from the recorded reply_markup); each user ends with exactly one counted
// vote, for the project they chose, and a receipt in their language naming it
// and carrying the receipt code that the database holds.
func TestWebhookVoteJourneyEveryLanguageAndEntry(t *testing.T) {
	t.Parallel()
	type words struct {
		projects, vote, share, confirm string
		receipt                        string // with %s for the project's name
		receiptCode                    string // the label before the code
	}
	lang := map[string]words{
		"fr": {"Voir les projets", "Voter", "Partager mon numéro", "Je confirme",
			"Merci ! Votre vote pour « %s » est enregistré.", "Reçu : "},
		"nl": {"De projecten bekijken", "Stem", "Mijn nummer delen", "Bevestigen",
			"Bedankt! Uw stem op „%s” is geregistreerd.", "Bewijs: "},
		"en": {"See the projects", "Vote", "Share my number", "Confirm",
			"Thank you! Your vote for “%s” is recorded.", "Receipt: "},
	}
	cases := []struct {
		name, lang string
		deepLink   string // the project id of /start p-<id>; empty: browse
		sector     string // browsing: the sector whose button is pressed
		project    string // the project's name, on its card, its button and the receipt
		phone      string
	}{
		{"fr deep link", "fr", "ecole-des-devoirs-volante", "", "École des devoirs volante", "+32 470 20 00 01"},
		{"nl deep link", "nl", "maison-de-sante-mobile", "", "Maison médicale sur roues", "32470200002"},
		{"en deep link", "en", "alpha-jardin", "", "Alpha au jardin", "32470200003"},
		{"fr browsing", "fr", "", "Action sociale", "L'Épicerie qui roule", "+32470200004"},
		{"nl browsing", "nl", "", "Culture, sport et loisirs", "Bibliothèque de rue", "+32 470 200005"},
		{"en browsing", "en", "", "Santé", "Une nuit pour souffler", "+32470200006"},
	}
	e := setup(t, nil, nil)
	presses := 0
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := lang[c.lang]
			from := int64(7001 + i)
			log := &chatLog{e: e, chat: strconv.FormatInt(from, 10)}
			update := 1000 * (i + 1)
			next := func() int { update++; return update }
			pressButton := func(b inlineButton) []telegramtest.Call {
				t.Helper()
				presses++
				e.send(t, press(next(), from, c.lang, b.Data))
				return log.since()
			}

			var card []telegramtest.Call
			if c.deepLink != "" {
				e.send(t, message(next(), from, c.lang, "/start p-"+c.deepLink))
				card = log.since()
			} else {
				e.send(t, message(next(), from, c.lang, "/start"))
				welcome := log.since()
				sectors := pressButton(button(t, welcome, "see-the-projects", labelled(w.projects)))
				list := pressButton(button(t, sectors, "sector "+c.sector, func(b inlineButton) bool {
					return strings.HasPrefix(b.Text, c.sector+" (")
				}))
				card = pressButton(button(t, list, "project "+c.project, labelled(c.project)))
			}
			if !strings.Contains(texts(card), c.project) {
				t.Fatalf("the card does not name %q: %s", c.project, texts(card))
			}
			// The card's first button is the vote: its label in the user's language.
			var vote inlineButton
			for _, call := range card {
				if inline, _ := keyboardOf(t, call); len(inline) > 0 {
					vote = inline[0]
					break
				}
			}
			if vote.Text != w.vote {
				t.Fatalf("the card's vote button reads %q, want %q", vote.Text, w.vote)
			}

			asked := pressButton(vote)
			shared := false
			for _, call := range asked {
				_, reply := keyboardOf(t, call)
				for _, b := range reply {
					shared = shared || b["request_contact"] == true && b["text"] == w.share
				}
			}
			if !shared {
				t.Fatalf("no %q request-contact button after Vote: %s", w.share, texts(asked))
			}

			e.send(t, contact(next(), from, from, c.lang, c.phone))
			verified := log.since()
			removed := false
			for _, call := range verified {
				removed = removed || strings.Contains(call.Params.Get("reply_markup"), `"remove_keyboard":true`)
			}
			if !removed {
				t.Fatalf("the contact keyboard stays after sharing: %s", texts(verified))
			}
			if !strings.Contains(texts(verified), c.project) {
				t.Fatalf("the confirmation does not name %q: %s", c.project, texts(verified))
			}
			receipt := texts(pressButton(button(t, verified, "confirm", labelled(w.confirm))))

			var votes []struct {
				Project string `db:"name"`
				Receipt string `db:"receipt"`
			}
			err := e.h.Store.DB().Select(&votes, `
				SELECT p.name, v.receipt
				FROM accounts a
				JOIN voter_accounts va ON va.account_id = a.id
				JOIN votes v ON v.voter_id = va.voter_id AND v.contest_id = va.contest_id AND v.voided_at IS NULL
				JOIN projects p ON p.contest_id = v.contest_id AND p.id = v.project_id
				WHERE a.platform = 'telegram' AND a.platform_user_id = $1 AND v.contest_id = $2`,
				log.chat, e.h.Edition.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(votes) != 1 || votes[0].Project != c.project {
				t.Fatalf("counted votes of user %d: %+v, want one for %q", from, votes, c.project)
			}
			if want := fmt.Sprintf(w.receipt, c.project); !strings.Contains(receipt, want) {
				t.Fatalf("no receipt %q in the user's chat: %s", want, receipt)
			}
			if want := w.receiptCode + votes[0].Receipt; !strings.Contains(receipt, want) {
				t.Fatalf("the receipt lacks %q: %s", want, receipt)
			}
		})
	}
	// The adapter's pacing keeps under the fake's limits: a call refused
	// with 429 (lost, when it went back in a webhook response) shows here.
	// (Other refusals are the journey's: a photo the fake cannot fetch, an
	// edit of a message it never sent, each sent anew.)
	for _, c := range e.api.Refused() {
		if strings.HasPrefix(c.Error, "Too Many Requests") {
			t.Errorf("the fake refused %s to chat %s: %s", c.Method, c.Params.Get("chat_id"), c.Error)
		}
	}
	if n := e.h.Votes(); n != len(cases) {
		t.Fatalf("votes = %d, want %d (one per user)", n, len(cases))
	}
	if n := len(e.pressAnswers(t)); n != presses {
		t.Fatalf("%d of %d button presses answered in the webhook response", n, presses)
	}
	if n := len(made(e.api.Calls("answerCallbackQuery"))); n != 0 {
		t.Fatalf("%d button presses answered by a Bot API call too", n)
	}
}
