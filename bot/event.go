package bot

import (
	"context"
	"strings"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

// Platforms.
const (
	Telegram = "telegram"
	Slack    = "slack"
	Console  = "console"
)

// Event is one incoming user action, translated by an adapter.
type Event struct {
	Platform string
	// UpdateID identifies the platform's delivery; an Event whose UpdateID was
	// already processed is dropped. Empty means the platform gives none.
	UpdateID string
	UserID   string // the sender's platform id
	ChatID   string // where replies go
	Username string // @handle, when the platform has one
	Name     string // display name
	LangHint string // the platform's language code or locale (e.g. "nl-BE")
	Text     string // a typed message or a command such as "/start p-repair-cafe"
	Callback *Callback
	Contact  *Contact
	// Member describes the sender's standing in a workspace (Slack); nil elsewhere.
	Member *Member
	// Form holds the values of a submitted form (Slack's scoring modal) by
	// field id, with Callback.Data naming the form; nil elsewhere.
	Form map[string]string
}

// cleaned returns ev with every string safe to store and show: invalid
// UTF-8 becomes U+FFFD and NUL bytes, which PostgreSQL text refuses, are
// dropped. Handle and SheetForm clean every Event they get, whatever the
// platform, so a name or a command carrying them is handled like any other.
func (ev Event) cleaned() Event {
	for _, f := range []*string{&ev.Platform, &ev.UpdateID, &ev.UserID, &ev.ChatID, &ev.Username, &ev.Name, &ev.LangHint, &ev.Text} {
		*f = cleanString(*f)
	}
	if ev.Callback != nil {
		cb := *ev.Callback
		cb.ID, cb.Data, cb.MessageID = cleanString(cb.ID), cleanString(cb.Data), cleanString(cb.MessageID)
		ev.Callback = &cb
	}
	if ev.Contact != nil {
		c := *ev.Contact
		c.UserID, c.Phone = cleanString(c.UserID), cleanString(c.Phone)
		ev.Contact = &c
	}
	if ev.Member != nil {
		m := *ev.Member
		m.Locale = cleanString(m.Locale)
		ev.Member = &m
	}
	if ev.Form != nil {
		form := make(map[string]string, len(ev.Form))
		for k, v := range ev.Form {
			form[cleanString(k)] = cleanString(v)
		}
		ev.Form = form
	}
	return ev
}

// cleanString is s as valid UTF-8 (each run of invalid bytes replaced by
// U+FFFD) without NUL bytes.
func cleanString(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// Callback is a button press.
type Callback struct {
	ID        string // the platform's id, to answer the press
	Data      string // the button's data, untrusted until validated
	MessageID string // the message that carried the button, for edits
}

// Contact is a shared contact card.
type Contact struct {
	UserID string // the platform user the contact belongs to ("" if not a platform user)
	Phone  string // as the platform sent it, never logged or stored
}

// Member is a workspace member's standing (Slack users.info).
type Member struct {
	IsBot, IsDeleted, IsGuest bool
	Locale                    string
}

// Response is what handling an Event produced: messages to send at once, in
// order, and the answer to a button press.
type Response struct {
	Messages []Message
	// Answer is the short text shown for a button press; every press gets an
	// answer, empty when nothing needs saying.
	Answer      string
	AnswerAlert bool // show Answer as an alert rather than a toast
	// Duplicate is set when the Event had already been processed; nothing
	// was done. A redelivered button press still gets an Answer: the first
	// one may not have reached the platform (a crash after the commit, a
	// webhook response that was lost), and the button keeps spinning until
	// a press is answered.
	Duplicate bool
	// Lang is the language the replies are written in (fr, nl or en), for
	// an adapter's own words around them.
	Lang string
	// FieldErrors, set for a submitted Form that is refused, says what is
	// wrong by field id ("" for the form as a whole); nothing was saved.
	FieldErrors map[string]string
	// Error is set when the Event was refused: the coded error the handler
	// answered with. Its Code says why (contest.Invalid, NotFound,
	// Conflict, Forbidden or Closed; never Internal, which is Handle's
	// error instead) and its Message is the refusal as Messages show it,
	// in Lang, without ErrorMark; its Cause, when set, is the handler's
	// own error. A program (the CLI, the web dashboard) reads the outcome
	// here rather than in the texts.
	Error *contest.Error
	// Confirm is set when the Event asked for a change that waits for its
	// author's go-ahead (an organiser's state-changing command): Messages
	// say what confirming will do, and nothing has changed yet.
	Confirm *Confirmation
}

// Confirmation is a change waiting for its author's go-ahead. The author
// answers with a button press: an Event from the same platform and user
// whose Callback.Data is Yes.Data makes the change, after checking it again
// (its Response may still refuse it, with Error set, if the contest changed
// meanwhile); No.Data withdraws it. Either works once, and only for
// store.ConfirmationTTL; a chat shows them as the Response's buttons.
type Confirmation struct {
	Yes, No Button // labels in the Response's Lang, and their callback data
}

// Request is an Event being handled, with what handlers need around it.
type Request struct {
	Event
	// Tx is the transaction the effect and the update record commit in; nil
	// for a handler whose only write is the update's own statement
	// (readCommand, readCallback, a shared contact), where using it panics,
	// which Handle reports as an error.
	Tx      *store.Tx
	Edition *store.Edition // the current contest
	// Projects are the current contest's projects in file order (shortlisted
	// or not); read-only.
	Projects []contest.Project
	Now      time.Time // one instant for the whole request
	Lang     string    // fr, nl or en
	// Account is the sender's stored account (its id and language choice).
	Account store.Account
	// Ballot is the sender's standing in the current contest's public vote,
	// read with the account; a handler that changes it updates it.
	Ballot store.Ballot
	// Verified and Cast are what the update's own statement did with a
	// shared contact (store.Update.Verify) and a confirmed vote
	// (store.Update.Confirm); Shortlisted and VoteClosed go with Cast. See
	// store.Begun.
	Verified    *store.Verified
	Cast        *store.Vote
	Shortlisted bool
	VoteClosed  bool
	// phone is the phone Handle asked the update's statement to verify the
	// sender with; nil when the shared contact cannot verify them.
	phone *store.Phone
	// Admin reports whether the sender is an organiser.
	Admin bool
	route route // where the Event goes (see Bot.resolve)
	resp  *Response
}

// Reply queues a message to the sender's chat.
func (r *Request) Reply(m Message) { r.resp.Messages = append(r.resp.Messages, m) }

// Answer sets the answer to the button press that caused this request.
func (r *Request) Answer(text string) { r.resp.Answer = text }

// Handler handles one request. It returns an error for the middleware to map
// to a reply: a *contest.Error becomes a short sentence to the user, and what
// the handler wrote is rolled back; any other error rolls the transaction
// back, is logged, and the user gets an apology.
type Handler func(ctx context.Context, r *Request) error

// Middleware wraps a Handler in what a request goes through on its way to
// it and back, as go-telegram/bot's middlewares do.
type Middleware func(next Handler) Handler

// chain returns h wrapped in mws, the first one outermost.
func chain(h Handler, mws ...Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// Project returns the project of the current contest with that id.
func (r *Request) Project(id string) (contest.Project, bool) {
	for _, p := range r.Projects {
		if p.ID == id {
			return p, true
		}
	}
	return contest.Project{}, false
}
