package bot

import (
	"context"
	"net/http"
)

// EventHandler handles one Event: the conversations, as every adapter calls
// them. *Bot is one, and so are the wrappers around it (the metrics).
type EventHandler interface {
	Handle(ctx context.Context, ev Event) (*Response, error)
}

// Adapter serves the conversations on one platform: it turns what the
// platform delivers into Events for an EventHandler and renders the
// Messages of the Responses there. `prixbot run` treats every adapter
// alike; what only some platforms do is an optional interface an Adapter
// may also implement, found at run time: Mounter, Poller, HomePublisher,
// Reacher, Foreground.
type Adapter interface {
	// Name is the platform, as Event.Platform names it (Telegram, Slack,
	// Console, …).
	Name() string
	// Run serves the platform until ctx ends (or, for a Foreground adapter,
	// until its user leaves), then stops handling and sending.
	Run(ctx context.Context) error
	// Sender delivers a Message to a chat there: the outbox's notifications.
	Sender
}

// Mux is where a Mounter adds its routes; *http.ServeMux is one.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Mounter is an Adapter that receives its updates over HTTP (webhooks):
// Mount adds its routes to the HTTP server on HTTP_ADDR. In a mode without
// them (Telegram's long polling, Slack's Socket Mode) it adds none.
type Mounter interface {
	Mount(mux Mux)
}

// Poller is an Adapter that fetches its updates. A platform serves them to
// one fetcher at a time, so Poll runs only on the replica that holds the
// platform's polling leadership (see PollRole).
type Poller interface {
	// Polls reports whether the adapter fetches its updates in its current
	// mode (Telegram's long polling), rather than receiving them (webhook).
	Polls() bool
	// Poll fetches updates and hands them to Run until ctx ends.
	Poll(ctx context.Context)
}

// PollRole names the leadership under which the replicas poll platform:
// "telegram-poll".
func PollRole(platform string) string { return platform + "-poll" }

// HomePublisher is an Adapter that shows each user a home view of the bot
// (Slack's App Home).
type HomePublisher interface {
	PublishHome(ctx context.Context, userID string) error
}

// Reacher is an Adapter that knows how people reach the bot on its
// platform, for the links to it from elsewhere (the web pages, posters).
type Reacher interface {
	Reach() Reach
}

// Reach is how people reach the bot on one platform.
type Reach struct {
	Platform string
	// Handle is the bot's name there: Telegram's username (without @),
	// Slack's slash command ("/prix").
	Handle string
}

// Foreground is an Adapter that holds the process, as the console holds the
// terminal: when its Run returns (its user left), `prixbot run` ends.
type Foreground interface {
	// Foreground marks the adapter; it does nothing.
	Foreground()
}
