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
	t.Parallel()
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

// runConsole runs the console over the typed lines and returns what it printed.
func runConsole(t *testing.T, h *bottest.Harness, lang string, lines ...string) string {
	t.Helper()
	var out bytes.Buffer
	c := console.New(console.Config{In: strings.NewReader(strings.Join(lines, "\n")), Out: &out, UserID: "demo-" + lang, LangHint: lang}, h.Bot)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestConsoleSaysThingsOnce: a command whose answer is also its message
// (/subscribe) prints it once.
func TestConsoleSaysThingsOnce(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	got := runConsole(t, h, "en", "/subscribe")
	if n := strings.Count(got, "/unsubscribe"); n != 1 {
		t.Errorf("the subscription's answer is printed %d times:\n%s", n, got)
	}
}

// TestConsoleBarePhoneNumber: a phone number typed without /contact is not
// read as a button number; the console says how to share it.
func TestConsoleBarePhoneNumber(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	for _, phone := range []string{"+32470123456", "+32 470 12 34 56", "0470123456"} {
		got := runConsole(t, h, "en", "/start p-alpha-jardin", "1", phone)
		if strings.Contains(got, "no button") || !strings.Contains(got, "type /contact before it") {
			t.Errorf("%q typed bare:\n%s", phone, got)
		}
	}
	if h.Votes() != 0 {
		t.Errorf("votes = %d", h.Votes())
	}
}

// TestConsoleHintsInTheConversationLanguage: the console's own words follow
// the conversation's language, including after /lang.
func TestConsoleHintsInTheConversationLanguage(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	for _, tc := range []struct {
		lang  string
		lines []string
		want  []string
	}{
		{"fr", []string{"/start p-alpha-jardin", "1", "9", "+32470123456"},
			[]string{"Console prixbot — tapez /start", "tapez /contact suivi de votre numéro", "Il n'y a pas de bouton 9.", "Pour partager votre numéro"}},
		{"nl", []string{"/start p-alpha-jardin", "1", "9", "+32470123456"},
			[]string{"prixbot-console — typ /start", "typ /contact gevolgd door uw nummer", "Er is geen knop 9.", "Om uw nummer te delen"}},
		{"fr", []string{"/lang en", "9"}, []string{"There is no button 9."}},
	} {
		got := runConsole(t, h, tc.lang, tc.lines...)
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s console lacks %q:\n%s", tc.lang, want, got)
			}
		}
		if tc.lang != "en" && len(tc.lines) > 2 && strings.Contains(got, "type /contact") {
			t.Errorf("%s console speaks English:\n%s", tc.lang, got)
		}
	}
}
