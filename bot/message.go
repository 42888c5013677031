package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Message is one platform-neutral message to a chat: what a conversation
// replies and what the outbox delivers. Adapters render it with their own
// means (Telegram inline keyboards, Slack Block Kit, numbered console buttons).
type Message struct {
	Text     string     `json:"text"`
	Buttons  [][]Button `json:"buttons,omitempty"`   // rows of inline buttons
	PhotoURL string     `json:"photo_url,omitempty"` // sent as a photo with Text as caption
	Document *Document  `json:"document,omitempty"`  // a file attached to the message
	// RequestContact, when set, shows a one-time reply keyboard with one button
	// that shares the user's own contact, labelled with this text.
	RequestContact string `json:"request_contact,omitempty"`
	// RemoveKeyboard removes a reply keyboard shown earlier.
	RemoveKeyboard bool `json:"remove_keyboard,omitempty"`
	// EditMessageID, when set, edits that earlier message instead of sending a new one.
	EditMessageID string `json:"edit_message_id,omitempty"`
	// Ephemeral asks for a message only the user sees, where the platform has them (Slack).
	Ephemeral bool `json:"ephemeral,omitempty"`
}

// Button is an inline button: it either carries callback Data (at most 64
// bytes, validated when it comes back) or opens a URL.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
	// WebApp, with an https URL, opens it as a Telegram Mini App: inside
	// Telegram, which hands the page the user's signed initData. Platforms
	// without Mini Apps show it as a plain URL button.
	WebApp bool `json:"web_app,omitempty"`
}

// Document is a file sent with a message (an export, a chart).
type Document struct {
	Name    string `json:"name"`
	MIME    string `json:"mime"`
	Content []byte `json:"content"`
}

// Delivery errors returned by a Sender, so the dispatcher knows what to do.
var (
	// ErrBlocked means the user blocked the bot or left: unsubscribe them, do not retry.
	ErrBlocked = errors.New("recipient blocked the bot")
)

// RetryAfterError asks the caller to wait before sending again (HTTP 429).
type RetryAfterError struct {
	After time.Duration
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("rate limited: retry after %s", e.After)
}

// PermanentError is a failure that retrying will not fix (a 400 for a bad chat).
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return "permanent delivery failure: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Sender delivers a Message to a chat on one platform. It returns the sent
// message's id, or one of ErrBlocked, *RetryAfterError, *PermanentError, or
// any other error for a temporary failure worth retrying with back-off.
type Sender interface {
	Send(ctx context.Context, chatID string, m Message) (messageID string, err error)
}
