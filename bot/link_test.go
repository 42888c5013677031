package bot_test

import (
	"regexp"
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

// slackEv is an event from a Slack member.
func slackEv(ev bot.Event, m *bot.Member) bot.Event {
	ev.Platform = bot.Slack
	ev.Member = m
	ev.LangHint = "en"
	return ev
}

var member = &bot.Member{Locale: "en-US"}

// slackVote votes on Slack as a member, pressing Vote then Confirm.
func slackVote(h *bottest.Harness, user, project string, m *bot.Member) *bot.Response {
	h.Send(slackEv(bottest.Press(user, "v:"+project), m))
	return h.Send(slackEv(bottest.Press(user, "c:"+project), m))
}

var codeRe = regexp.MustCompile(`[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}`)

// linkCode asks for a link code with "/link" and returns it.
func linkCode(t *testing.T, resp *bot.Response) string {
	t.Helper()
	code := codeRe.FindString(bottest.Texts(resp))
	if code == "" {
		t.Fatalf("no link code in %q", bottest.Texts(resp))
	}
	return code
}

func TestSlackGuestsBotsAndDeletedCannotVote(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	for name, m := range map[string]*bot.Member{
		"guest":   {IsGuest: true},
		"bot":     {IsBot: true},
		"deleted": {IsDeleted: true},
		"unknown": nil,
	} {
		resp := slackVote(h, "U-"+name, "repair-cafe-mobile", m)
		if h.Votes() != 0 {
			t.Fatalf("%s: a vote was counted: %q", name, bottest.Texts(resp))
		}
	}
	slackVote(h, "U-member", "repair-cafe-mobile", member)
	if h.Votes() != 1 {
		t.Fatalf("a full member's vote: %d votes, want 1", h.Votes())
	}
}

func TestLinkTelegramVoterThenSlackIsRefused(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	voteFromCard(t, h, "1001", "en", "repair-cafe-mobile", "+32470123456")
	code := linkCode(t, h.Send(slackEv(bottest.Text("U1", "/link"), member)))
	resp := h.Send(bottest.Lang(bottest.Text("1001", "/link "+code), "en"))
	if !strings.Contains(bottest.Texts(resp), "one voter") {
		t.Fatalf("link answer %q", bottest.Texts(resp))
	}
	slackVote(h, "U1", "alpha-jardin", member)
	if h.Votes() != 1 {
		t.Fatalf("%d votes after the linked Slack vote, want 1", h.Votes())
	}
}

func TestLinkSlackVoterThenTelegramIsRefused(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	slackVote(h, "U1", "repair-cafe-mobile", member)
	code := linkCode(t, h.Send(bottest.Lang(bottest.Text("1001", "/link"), "en")))
	resp := h.Send(slackEv(bottest.Text("U1", "/link "+code), member))
	if !strings.Contains(bottest.Texts(resp), "one voter") {
		t.Fatalf("link answer %q", bottest.Texts(resp))
	}
	resp = h.Send(bottest.Lang(bottest.Press("1001", "v:alpha-jardin"), "en"))
	if h.Votes() != 1 || !strings.Contains(bottest.Texts(resp), "already") {
		t.Fatalf("%d votes, answer %q; want 1 vote and a refusal", h.Votes(), bottest.Texts(resp))
	}
}

func TestLinkRefusedWhenBothVoted(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	voteFromCard(t, h, "1001", "en", "repair-cafe-mobile", "+32470123456")
	slackVote(h, "U1", "alpha-jardin", member)
	code := linkCode(t, h.Send(slackEv(bottest.Text("U1", "/link"), member)))
	resp := h.Send(bottest.Lang(bottest.Text("1001", "/link "+code), "en"))
	if !strings.Contains(bottest.Texts(resp), "each has already voted") {
		t.Fatalf("link answer %q", bottest.Texts(resp))
	}
	if h.Votes() != 2 {
		t.Fatalf("%d votes, want both kept", h.Votes())
	}
	again := h.Send(bottest.Lang(bottest.Text("1001", "/link "+code), "en"))
	if !strings.Contains(bottest.Texts(again), "not valid") {
		t.Fatalf("a used code: %q", bottest.Texts(again))
	}
}
