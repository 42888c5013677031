package bot

import (
	"slices"
	"testing"

	"golang.org/x/time/rate"
)

// TestReachFromPlatformFacts: a project's link and vote command come from
// the platform's facts and the adapter's handle, and exist only where the
// platform has them.
func TestReachFromPlatformFacts(t *testing.T) {
	want := map[Reach][2]string{ // link, command
		{Platform: Telegram, Handle: "prix_bot"}:    {"https://t.me/prix_bot?start=p-alpha", ""},
		{Platform: Slack, Handle: "/prix"}:          {"", "/prix vote alpha"},
		{Platform: Telegram}:                        {"", ""},
		{Platform: Console, Handle: "me"}:           {"", ""},
		{Platform: "carrier-pigeon", Handle: "coo"}: {"", ""},
	}
	for r, w := range want {
		if got := [2]string{r.ProjectLink("alpha"), r.VoteCommand("alpha")}; got != w {
			t.Errorf("%+v: link and command %q, want %q", r, got, w)
		}
	}
}

func TestPlatformFacts(t *testing.T) {
	if tg := Platform(Telegram); tg.Name != "Telegram" || tg.MaxText != MaxTextLen || tg.Messages >= 30 || tg.PerChat >= 1 {
		t.Errorf("Telegram: %+v; want its name, its 4096 limit, under 30 messages/s and under one a second per chat", tg)
	}
	if sl := Platform(Slack); sl.Name != "Slack" || sl.PerChat >= 1 {
		t.Errorf("Slack: %+v; want its name and under one message a second per channel", sl)
	}
	if u := Platform("carrier-pigeon"); u.Name != "carrier-pigeon" || u.Messages != rate.Inf || u.PerChat != rate.Inf || u.MaxText != 0 {
		t.Errorf("an unknown platform: %+v; want its id as name and no limits", u)
	}
}

// TestCommandsAndRemindersFromPlatformFacts: the commands the texts name,
// where the scoring sheet opens as a Mini App, and where jurors' reminders
// go come from the facts table.
func TestCommandsAndRemindersFromPlatformFacts(t *testing.T) {
	want := map[string][3]string{ // admin, list, mini apps
		Telegram:         {"/admin", "/projects", "yes"},
		Slack:            {"/prix admin", "/prix list", ""},
		Console:          {"/admin", "/projects", ""},
		CLI:              {"prixbot admin", "", ""},
		"carrier-pigeon": {"/admin", "/projects", ""},
	}
	for p, w := range want {
		f := Platform(p)
		got := [3]string{f.Admin, f.List, ""}
		if f.MiniApps {
			got[2] = "yes"
		}
		if got != w {
			t.Errorf("%s: admin, list and Mini Apps %q, want %q", p, got, w)
		}
		if got := projectsHint(p); got != w[1] {
			t.Errorf("projectsHint(%s) = %q, want %q", p, got, w[1])
		}
		if got := adminSyntax(&Request{Event: Event{Platform: p}}); got != w[0] {
			t.Errorf("adminSyntax on %s = %q, want %q", p, got, w[0])
		}
	}
	if got := ReminderPlatforms(); !slices.Equal(got, []string{Telegram, Slack}) {
		t.Errorf("ReminderPlatforms() = %q, want Telegram first, then Slack", got)
	}
}
