package slack

import (
	"strings"
	"testing"

	"prixbot/bot"
)

// FuzzSlashCommand: any text after the slash command becomes a bot command
// or a vote press the conversations understand, or the help; never a panic.
func FuzzSlashCommand(f *testing.F) {
	for _, s := range []string{"", "list", "show alpha-jardin", "show", "vote alpha-jardin", "vote", "VOTE  x ",
		"myvote", "jury", "jury ABCD", "admin results", "admin void x y", "lang nl", "link 123456", "help",
		"unknown words", "\tshow\u00a0x", strings.Repeat("vote ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ev := bot.Event{Platform: bot.Slack, UpdateID: "cmd:1", UserID: "U1", ChatID: "U1"}
		if !translate(&ev, text) {
			if resp := help(ev, text); resp == nil || len(resp.Messages) != 1 {
				t.Fatalf("help for %q: %+v", text, resp)
			}
			return
		}
		switch {
		case ev.Callback != nil:
			if !strings.HasPrefix(ev.Callback.Data, "v:") || ev.Text != "" {
				t.Fatalf("%q gave press %q and text %q", text, ev.Callback.Data, ev.Text)
			}
		case !strings.HasPrefix(ev.Text, "/"):
			t.Fatalf("%q gave text %q, not a command", text, ev.Text)
		}
	})
}
