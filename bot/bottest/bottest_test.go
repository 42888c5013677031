package bottest_test

import (
	"strings"
	"testing"

	"prixbot/bot/bottest"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestHarnessAnswersHelp(t *testing.T) {
	h := bottest.New(t, nil)
	resp := h.Send(bottest.Text("42", "/help"))
	if len(resp.Messages) == 0 || strings.HasPrefix(resp.Messages[0].Text, "!") {
		t.Fatalf("help: %+v", resp)
	}
	ev := bottest.Text("42", "/help")
	ev.UpdateID = "same"
	h.Send(ev)
	if again := h.Send(ev); !again.Duplicate {
		t.Fatalf("a redelivered update was handled again: %+v", again)
	}
	if h.Votes() != 0 {
		t.Fatal("votes appeared from nowhere")
	}
}
