package bot

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"golang.org/x/time/rate"
)

// Facts are what prixbot knows of one platform: what users call it, the
// limits of its messages, the pace at which it takes them, and how people
// reach the bot there. Every package reads them from Platform.
type Facts struct {
	// Name is the platform's name as users read it.
	Name string
	// MaxText is the longest text of one message there, in characters
	// (Telegram counts UTF-16 units); 0 for no limit. An adapter splits a
	// longer text.
	MaxText int
	// Messages and PerChat are the rates at which the bot sends there, per
	// second: for the whole bot and to one chat. They stay a little under
	// the platform's published limits, so that jitter between our clock and
	// the platform's never goes over them; rate.Inf for no limit.
	Messages, PerChat rate.Limit
	// DeepLink is the format of the link that opens a project with the bot,
	// with Reach.Handle and the project's id: Telegram's
	// "https://t.me/<bot>?start=p-<id>"; empty where there is none.
	DeepLink string
	// VoteCommand is the format of what people type there to vote for a
	// project, with Reach.Handle and the project's id: Slack's
	// "/prix vote <id>"; empty where there is none.
	VoteCommand string
	// Local marks a platform whose user is at the bot's own machine (the
	// console, the organisers' command line): their updates are not
	// flood-limited.
	Local bool
	// Members marks a platform whose voters are a workspace's members
	// (Event.Member says who may vote), verified by the hash of their user
	// id instead of a phone (Bot.update).
	Members bool
	// Admin is what an organiser types there before an admin command
	// ("/admin"), and List what anyone types to see the shortlist
	// ("/projects"; empty where there is none); the texts that name a
	// command use them.
	Admin, List string
	// MiniApps marks a platform that opens the bot's web pages inside the
	// chat (Telegram's Mini Apps): /jury offers the scoring sheet there.
	MiniApps bool
	// Reminders ranks the platform for jurors' reminders: a juror is
	// reminded on the best-ranked (lowest) platform where they have an
	// account with the bot, else where they have an id; 0 for a platform
	// that gets no reminders (no outbox reaches it).
	Reminders int
}

// Limits that every message the conversations compose respects: Telegram's,
// the strictest (a longer text is split by the adapters, but a caption,
// callback data and a keyboard cannot be).
const (
	MaxTextLen      = 4096 // Telegram's message limit
	MaxCaptionLen   = 1024 // Telegram's photo caption limit
	MaxCallbackData = 64   // Telegram's callback_data limit, in bytes
	MaxButtons      = 100  // Telegram's inline keyboard limit
)

// platforms are the Facts of each platform prixbot knows.
var platforms = map[string]Facts{
	// About 30 messages a second for a bot, one a second to one chat.
	Telegram: {Name: "Telegram", MaxText: MaxTextLen, Messages: 29, PerChat: rate.Every(1050 * time.Millisecond),
		DeepLink: "https://t.me/%s?start=p-%s", Admin: "/admin", List: "/projects", MiniApps: true, Reminders: 1},
	// One message a second to one channel (chat.postMessage; the Web API's
	// tiers allow far more overall); 3000 characters in a section's text.
	Slack: {Name: "Slack", MaxText: 3000, Messages: 20, PerChat: rate.Every(1050 * time.Millisecond),
		VoteCommand: "%s vote %s", Members: true, Admin: "/prix admin", List: "/prix list", Reminders: 2},
	Console: {Name: "Console", Messages: rate.Inf, PerChat: rate.Inf, Local: true, Admin: "/admin", List: "/projects"},
	CLI:     {Name: "CLI", Messages: rate.Inf, PerChat: rate.Inf, Local: true, Admin: "prixbot admin"},
	// The web front: the pages and the organisers' dashboard, no chats.
	Web: {Name: "Web", Messages: rate.Inf, PerChat: rate.Inf, Admin: "/admin", List: "/projects"},
}

// Platform returns the Facts of platform; one prixbot does not know has
// its id for a name, no limits, and the chat commands ("/admin").
func Platform(platform string) Facts {
	if f, ok := platforms[platform]; ok {
		return f
	}
	return Facts{Name: platform, Messages: rate.Inf, PerChat: rate.Inf, Admin: "/admin", List: "/projects"}
}

// ReminderPlatforms returns the platforms that get jurors' reminders, the
// best-ranked first (Facts.Reminders).
func ReminderPlatforms() []string {
	var ps []string
	for p, f := range platforms {
		if f.Reminders > 0 {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b string) int { return cmp.Compare(platforms[a].Reminders, platforms[b].Reminders) })
	return ps
}

// ProjectLink returns the link that opens project id with the bot on r's
// platform (Telegram's deep link), "" when it has none or r no handle.
func (r Reach) ProjectLink(id string) string {
	f := Platform(r.Platform)
	if f.DeepLink == "" || r.Handle == "" {
		return ""
	}
	return fmt.Sprintf(f.DeepLink, r.Handle, id)
}

// VoteCommand returns what to type on r's platform to vote for project id
// (Slack's "/prix vote <id>"), "" when it has none or r no handle.
func (r Reach) VoteCommand(id string) string {
	f := Platform(r.Platform)
	if f.VoteCommand == "" || r.Handle == "" {
		return ""
	}
	return fmt.Sprintf(f.VoteCommand, r.Handle, id)
}
