package slack

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"prixbot/bot"
	"prixbot/store"
)

// verbs maps the slash command's first word to the conversations' command;
// "vote" is a press of the Vote button instead, so it asks for confirmation
// as on Telegram.
var verbs = map[string]string{
	"list":        "/projects",
	"projects":    "/projects",
	"show":        "/start " + bot.DeepLinkPrefix,
	"myvote":      "/myvote",
	"jury":        "/jury",
	"lang":        "/lang",
	"link":        "/link",
	"admin":       "/admin",
	"subscribe":   "/subscribe",
	"unsubscribe": "/unsubscribe",
	"privacy":     "/privacy",
	"forget":      "/forget",
}

// translate fills ev from the slash command's text ("vote repair-cafe"). It
// reports false for "help", nothing or an unknown word, which get the
// Slack help instead.
func translate(ev *bot.Event, text string) bool {
	verb, args, _ := strings.Cut(strings.TrimSpace(text), " ")
	verb, args = strings.ToLower(verb), strings.TrimSpace(args)
	if verb == "vote" {
		if args == "" {
			ev.Text = "/projects"
			return true
		}
		ev.Callback = &bot.Callback{ID: ev.UpdateID, Data: "v:" + args}
		return true
	}
	cmd, ok := verbs[verb]
	switch {
	case !ok:
		return false
	case verb == "show" && args == "":
		ev.Text = "/projects"
	case verb == "show":
		ev.Text = cmd + args
	case args != "":
		ev.Text = cmd + " " + args
	default:
		ev.Text = cmd
	}
	return true
}

// help is the Slack help, or an unknown word with the help.
func help(ev bot.Event, text string) *bot.Response {
	lang := bot.MatchLang(ev.LangHint)
	msg := bot.T(lang, "slack.help")
	if w, _, _ := strings.Cut(strings.TrimSpace(text), " "); w != "" && !strings.EqualFold(w, "help") {
		msg = bot.T(lang, "slack.unknown_command", cut(w, 40)) + "\n" + msg
	}
	return &bot.Response{Messages: []bot.Message{{Text: msg}}}
}

// onCommand handles a slash command: the answer is one ephemeral message,
// inline when ready in time, else through the command's response_url.
func (a *Adapter) onCommand(cmd slack.SlashCommand) (run func(context.Context) any, late func(context.Context, any)) {
	run = func(ctx context.Context) any {
		ev := a.event(ctx, cmd.UserID, cmd.UserName, "cmd:"+cmd.TriggerID)
		var resp *bot.Response
		if translate(&ev, cmd.Text) {
			resp, _ = a.handle(ctx, ev) // on an outage, the apology: Slack never sends a command again
		} else {
			resp = help(ev, cmd.Text)
		}
		if resp.Duplicate {
			return nil
		}
		msgs := a.withoutDocuments(ctx, cmd.UserID, resp)
		if len(msgs) == 0 {
			return nil
		}
		bs, text := joined(msgs)
		return &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text, Blocks: &slack.Blocks{BlockSet: bs}}
	}
	late = func(ctx context.Context, v any) {
		if cmd.ResponseURL == "" {
			return
		}
		if err := slack.PostWebhookCustomHTTPContext(ctx, cmd.ResponseURL, a.cfg.HTTPClient, v.(*slack.WebhookMessage)); err != nil {
			a.cfg.Log.Warn("slack: late answer to a command", "err", err)
		}
	}
	return run, late
}

// withoutDocuments uploads a response's documents to the user's direct
// messages (exports are private) and returns the other messages, with the
// press's answer as a message when there is nothing else to say.
func (a *Adapter) withoutDocuments(ctx context.Context, userID string, resp *bot.Response) []bot.Message {
	var msgs []bot.Message
	for _, m := range resp.Messages {
		if m.Document != nil {
			if _, err := a.Send(ctx, userID, m); err != nil {
				a.cfg.Log.Warn("slack: uploading a document", "err", err)
			}
			continue
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 && len(resp.Messages) == 0 && resp.Answer != "" {
		msgs = append(msgs, bot.Message{Text: resp.Answer})
	}
	return msgs
}

// onInteraction handles buttons and the scoring modal's submission.
func (a *Adapter) onInteraction(cb slack.InteractionCallback) (run func(context.Context) any, late func(context.Context, any)) {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		return func(ctx context.Context) any {
			for _, act := range cb.ActionCallback.BlockActions {
				if act.Value == "" {
					continue // a URL button: Slack opens the page
				}
				a.press(ctx, cb, act)
			}
			return nil
		}, nil
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID != sheetCallback {
			return func(context.Context) any { return nil }, nil
		}
		return func(ctx context.Context) any { return a.submitSheet(ctx, cb) }, nil
	}
	return func(context.Context) any { return nil }, nil
}

// press handles one button: a jury button that opens a sheet opens the
// scoring modal; anything else is an ordinary press whose answer replaces or
// follows the message through response_url, or goes to the user's direct
// messages (buttons on App Home have no response_url).
func (a *Adapter) press(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) {
	ev := a.event(ctx, cb.User.ID, cb.User.Name, "act:"+cb.TriggerID+":"+act.ActionID)
	ev.Callback = &bot.Callback{ID: cb.TriggerID, Data: act.Value, MessageID: cb.Container.MessageTs}
	form, err := a.cfg.Bot.SheetForm(ctx, ev)
	if err != nil {
		a.cfg.Log.Error("slack: preparing the scoring form", "err", err)
	}
	if form != nil {
		_, err := a.api.OpenViewContext(ctx, cb.TriggerID, sheetModal(form))
		if err == nil {
			return
		}
		a.cfg.Log.Warn("slack: views.open failed; showing the sheet as a message", "err", err)
	}
	resp, err := a.handle(ctx, ev) // on an outage, the apology: Slack never sends a press again
	a.deliver(ctx, cb.ResponseURL, cb.User.ID, resp)
	if strings.HasPrefix(act.Value, "c:") && err == nil && !resp.Duplicate && cb.View.Type == slack.VTHomeTab {
		// A confirmation pressed on App Home may have cast or moved the vote
		// it shows: the member is looking at it. Pressed in a message, the
		// view is published when the member opens the tab (app_home_opened):
		// publishing it after every vote would double a vote's cost and,
		// in a burst, run into views.publish's rate limit (Slack's tier 4,
		// about 100 a minute).
		if err := a.PublishHome(ctx, cb.User.ID); err != nil {
			a.cfg.Log.Warn("slack: publishing App Home", "user", cb.User.ID, "err", err)
		}
	}
}

// submitSheet saves a submitted scoring modal and returns the modal's
// answer: the field errors, or nil to close it (the confirmation goes to the
// juror's direct messages).
func (a *Adapter) submitSheet(ctx context.Context, cb slack.InteractionCallback) any {
	id := cb.TriggerID
	if id == "" {
		id = cb.View.ID + ":" + cb.View.Hash
	}
	ev := a.event(ctx, cb.User.ID, cb.User.Name, "view:"+id)
	ev.Callback = &bot.Callback{ID: id, Data: cb.View.PrivateMetadata}
	ev.Form = formValues(cb.View.State)
	resp, _ := a.handle(ctx, ev)
	if len(resp.FieldErrors) > 0 {
		first := bot.FormComment
		for _, b := range cb.View.Blocks.BlockSet {
			if in, ok := b.(*slack.InputBlock); ok {
				first = in.BlockID
				break
			}
		}
		return slack.NewErrorsViewSubmissionResponse(fieldErrors(resp.FieldErrors, first))
	}
	a.deliver(ctx, "", cb.User.ID, resp)
	return nil
}

// deliver sends a response's messages: through responseURL (ephemeral,
// replacing the original when a message edits it) when there is one, else
// to the user's direct messages (Send). A message Slack refuses with 429 is
// sent again after its Retry-After, one that failed on the way after a
// back-off, before the next, so that they arrive in order; within RetryFor
// and the request's WorkTimeout, after which it is logged as lost. A photo
// Slack cannot download is left out.
func (a *Adapter) deliver(ctx context.Context, responseURL, userID string, resp *bot.Response) {
	if resp == nil || resp.Duplicate {
		return
	}
	for _, m := range a.withoutDocuments(ctx, userID, resp) {
		send := func() error {
			m.EditMessageID = "" // a message in another channel: send anew
			_, err := a.Send(ctx, userID, m)
			return err
		}
		if responseURL != "" {
			send = func() error {
				err := a.respond(ctx, responseURL, m)
				if m.PhotoURL != "" && imageRefused(err) {
					m.PhotoURL = ""
					err = a.respond(ctx, responseURL, m)
				}
				return a.sendError(err)
			}
		}
		if attempts, err := a.pace.Retry(ctx, a.cfg.RetryFor, send); err != nil {
			a.cfg.Log.Warn("slack: a reply was lost", "user", userID, "attempts", attempts, "err", err)
		}
	}
}

// respond posts m to a response URL, ephemeral, replacing the original
// message when m edits it.
func (a *Adapter) respond(ctx context.Context, responseURL string, m bot.Message) error {
	return slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.cfg.HTTPClient, &slack.WebhookMessage{
		ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: m.EditMessageID != "",
		Text: fallback(m), Blocks: &slack.Blocks{BlockSet: blocks(m, maxMsgBlocks)},
	})
}

// onEvent handles the Events API: App Home opened, and direct messages to
// the app, read like the slash command's text. A delivery that fails for
// want of the infrastructure gives retryLater, and nothing is sent: Slack
// delivers an event again until it is acknowledged.
func (a *Adapter) onEvent(e slackevents.EventsAPIEvent) func(context.Context) any {
	eventID := ""
	if cb, ok := e.Data.(*slackevents.EventsAPICallbackEvent); ok {
		eventID = cb.EventID
	}
	return func(ctx context.Context) any {
		switch ie := e.InnerEvent.Data.(type) {
		case *slackevents.AppHomeOpenedEvent:
			if ie.Tab == "home" || ie.Tab == "" {
				if err := a.PublishHome(ctx, ie.User); err != nil {
					a.cfg.Log.Warn("slack: publishing App Home", "user", ie.User, "err", err)
					if store.Unavailable(err) {
						return retryLater{}
					}
				}
			}
		case *slackevents.MessageEvent:
			if ie.ChannelType != "im" || ie.BotID != "" || ie.SubType != "" || ie.User == "" || eventID == "" {
				return nil
			}
			ev := a.event(ctx, ie.User, "", "ev:"+eventID)
			text := strings.TrimPrefix(strings.TrimSpace(ie.Text), a.cfg.Command)
			if !translate(&ev, text) {
				ev.Text = strings.TrimSpace(ie.Text)
			}
			resp, err := a.handle(ctx, ev)
			if errors.Is(err, bot.ErrUnavailable) {
				return retryLater{}
			}
			a.deliver(ctx, "", ie.User, resp)
		}
		return nil
	}
}
