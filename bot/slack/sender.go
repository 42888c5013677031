package slack

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/slack-go/slack"

	"prixbot/bot"
)

// Send delivers a message to a channel, or to a user's direct messages when
// chatID is a user id: it is the outbox's bot.Sender for Slack (reminders to
// jurors, announcements in the announce channel). A message with a Document
// is uploaded as a file with the text as its comment. Every message is
// paced within the adapter's Limits (about one a second per channel),
// which the outbox's and the direct replies share; Slack's 429 comes back
// as *bot.RetryAfterError with its Retry-After, a deactivated user as
// bot.ErrBlocked, and a request Slack will never accept as
// *bot.PermanentError. A photo Slack cannot download (invalid_blocks) is
// left out: the message goes with its text and buttons.
func (a *Adapter) Send(ctx context.Context, chatID string, m bot.Message) (string, error) {
	if err := a.pace.Wait(ctx, chatID); err != nil {
		return "", err
	}
	ts, err := a.send(ctx, chatID, m)
	if m.PhotoURL != "" && imageRefused(err) {
		m.PhotoURL = ""
		ts, err = a.send(ctx, chatID, m)
	}
	return ts, a.sendError(err)
}

// imageRefused reports whether Slack refused a message whose image it
// could not download: invalid_blocks from the Web API (Slack says
// "downloading image failed"), a 400 from a response URL (which gives no
// reason we can read).
func imageRefused(err error) bool {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	return errors.As(err, &se) && se.Err == "invalid_blocks" || errors.As(err, &sc) && sc.Code == http.StatusBadRequest
}

// send makes the Web API calls that deliver m to chatID.
func (a *Adapter) send(ctx context.Context, chatID string, m bot.Message) (string, error) {
	if m.Document != nil {
		channel, err := a.dmChannel(ctx, chatID)
		if err != nil {
			return "", err
		}
		f, err := a.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Filename: m.Document.Name, Title: m.Document.Name, FileSize: len(m.Document.Content),
			Reader: bytes.NewReader(m.Document.Content), Channel: channel, InitialComment: m.Text,
		})
		if err != nil {
			return "", err
		}
		return f.ID, nil
	}
	opts := []slack.MsgOption{slack.MsgOptionText(fallback(m), false), slack.MsgOptionBlocks(blocks(m, maxMsgBlocks)...)}
	if m.EditMessageID != "" {
		channel, err := a.dmChannel(ctx, chatID)
		if err != nil {
			return "", err
		}
		_, ts, _, err := a.api.UpdateMessageContext(ctx, channel, m.EditMessageID, opts...)
		return ts, err
	}
	_, ts, err := a.api.PostMessageContext(ctx, chatID, opts...)
	return ts, err
}

// dmChannel returns the channel to use for chatID: a user id ("U…", "W…")
// becomes their direct-message channel with the app, which file uploads and
// edits need; a channel id is itself.
func (a *Adapter) dmChannel(ctx context.Context, chatID string) (string, error) {
	if !strings.HasPrefix(chatID, "U") && !strings.HasPrefix(chatID, "W") {
		return chatID, nil
	}
	ch, _, _, err := a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{chatID}, ReturnIM: true})
	if err != nil {
		return "", err
	}
	return ch.ID, nil
}

// Slack errors that say the recipient is gone, and errors that no retry fixes.
var (
	goneErrors      = map[string]bool{"account_inactive": true, "user_disabled": true, "user_not_found": true, "cannot_dm_bot": true, "user_not_visible": true}
	permanentErrors = map[string]bool{
		"channel_not_found": true, "not_in_channel": true, "is_archived": true, "msg_too_long": true, "no_text": true,
		"invalid_blocks": true, "invalid_blocks_format": true, "invalid_arguments": true, "too_many_attachments": true,
		"restricted_action": true, "cant_update_message": true, "message_not_found": true, "edit_window_closed": true,
	}
)

// sendError maps a Web API error to what the outbox dispatcher expects; a
// 429's Retry-After counts the pacing's seconds (pace.Limits.Second).
func (a *Adapter) sendError(err error) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &bot.RetryAfterError{After: a.cfg.Limits.Seconds(rl.RetryAfter.Seconds())}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch {
		case goneErrors[se.Err]:
			return bot.ErrBlocked
		case permanentErrors[se.Err]:
			return &bot.PermanentError{Err: err}
		}
		return err
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code >= 400 && sc.Code < 500 && sc.Code != 408 {
		return &bot.PermanentError{Err: err}
	}
	return err
}
