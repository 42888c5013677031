package bot

import (
	"testing"

	"golang.org/x/time/rate"
)

func TestReachFromPlatformFacts(t *testing.T) {
	for _, c := range []struct {
		name        string
		r           Reach
		link, typed string
	}{
		{"telegram", Reach{Platform: Telegram, Handle: "prix_bot"}, "https://t.me/prix_bot?start=p-alpha", ""},
		{"slack", Reach{Platform: Slack, Handle: "/prix"}, "", "/prix vote alpha"},
		{"telegram off", Reach{Platform: Telegram}, "", ""},
		{"console", Reach{Platform: Console, Handle: "me"}, "", ""},
		{"unknown platform", Reach{Platform: "carrier-pigeon", Handle: "coo"}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.r.ProjectLink("alpha"); got != c.link {
				t.Errorf("ProjectLink = %q, want %q", got, c.link)
			}
			if got := c.r.VoteCommand("alpha"); got != c.typed {
				t.Errorf("VoteCommand = %q, want %q", got, c.typed)
			}
		})
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
