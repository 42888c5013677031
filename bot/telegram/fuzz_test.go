package telegram

import (
	"encoding/json"
	"strconv"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"prixbot/bot"
)

// FuzzDecodeUpdate: any webhook body either fails to decode or gives an
// update that toEvent turns into a private-chat Event with a sender and a
// chat, or refuses; never a panic.
func FuzzDecodeUpdate(f *testing.F) {
	for _, s := range []string{
		`{"update_id":1,"message":{"message_id":1,"date":1,"from":{"id":7,"is_bot":false,"first_name":"A","language_code":"nl-BE"},"chat":{"id":7,"type":"private"},"text":"/start p-alpha-jardin"}}`,
		`{"update_id":2,"message":{"message_id":2,"date":1,"from":{"id":7,"first_name":"A"},"chat":{"id":7,"type":"private"},"contact":{"phone_number":"32470123456","first_name":"A","user_id":7}}}`,
		`{"update_id":3,"callback_query":{"id":"c","from":{"id":7,"first_name":"A"},"message":{"message_id":9,"date":1,"chat":{"id":7,"type":"private"}},"data":"v:alpha-jardin"}}`,
		`{"update_id":4,"callback_query":{"id":"c","from":{"id":7,"first_name":"A"},"data":"v:x"}}`,
		`{"update_id":5,"message":{"message_id":1,"date":1,"from":{"id":7,"is_bot":true,"first_name":"B"},"chat":{"id":-100,"type":"supergroup"},"text":"hi"}}`,
		`{"update_id":6,"edited_message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"}}}`,
		`{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":"no sender"}}`,
		`{"update_id":-1}`, `{"update_id":"1"}`, `{}`, `null`, `[]`, `{"update_id":1e400}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var u tgbotapi.Update
		if err := json.Unmarshal(body, &u); err != nil || u.UpdateID <= 0 {
			return // the webhook logs it and answers 200: dropped, not redelivered
		}
		ev, ok := toEvent(u)
		if !ok {
			return
		}
		if ev.Platform != bot.Telegram || ev.UpdateID != strconv.Itoa(u.UpdateID) || ev.UserID == "" || ev.ChatID == "" {
			t.Fatalf("event without platform, update, sender or chat: %+v", ev)
		}
		if ev.Callback == nil && ev.Contact == nil && u.Message == nil {
			t.Fatalf("event from nothing: %+v", ev)
		}
	})
}
