package console_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"prixbot/bot/bottest"
	"prixbot/bot/console"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestConsoleVote(t *testing.T) {
	h := bottest.New(t, nil)
	in := strings.Join([]string{
		"/start p-alpha-jardin",
		"1", // Vote
		"/contact +32 470 12 34 56",
		"9", // no such button
		"1", // Confirm
		"/myvote",
		"/quit",
		"/help", // not reached
	}, "\n")
	var out bytes.Buffer
	c := console.New(console.Config{In: strings.NewReader(in), Out: &out, UserID: "demo", LangHint: "en"}, h.Bot)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"[1] Vote", "type /contact", "There is no button 9", "Your vote for “Alpha au jardin” is recorded", "Receipt:", "Your vote:"} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Here is what I can do") {
		t.Error("/quit did not stop the console")
	}
	if h.Votes() != 1 {
		t.Fatalf("votes = %d", h.Votes())
	}
}
