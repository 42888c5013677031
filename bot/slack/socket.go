package slack

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// Run serves Socket Mode until ctx ends, when the adapter has an app-level
// token; in HTTP mode it only waits for ctx (the handlers are mounted on the
// HTTP server). Each request is acknowledged within AckWithin, with its
// answer when it is ready by then.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.SocketMode() {
		<-ctx.Done()
		return nil
	}
	client := socketmode.New(a.api)
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case evt := <-client.Events:
			a.onSocket(ctx, client, evt)
		}
	}
}

// onSocket dispatches one Socket Mode envelope.
func (a *Adapter) onSocket(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return // connection events, and hello: nothing to acknowledge
	}
	req := *evt.Request
	var (
		run  func(context.Context) any
		late func(context.Context, any)
	)
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			client.Ack(req)
			return
		}
		run, late = a.onCommand(cmd)
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			client.Ack(req)
			return
		}
		run, late = a.onInteraction(cb)
	case socketmode.EventTypeEventsAPI:
		e, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			client.Ack(req)
			return
		}
		run = a.onEvent(e)
	default:
		client.Ack(req)
		return
	}
	a.dispatch(ctx, run, late, func(v any) {
		if _, ok := v.(retryLater); ok {
			return // unacknowledged: Slack delivers the event again
		}
		if v == nil {
			client.Ack(req)
			return
		}
		if err := client.Ack(req, v); err != nil {
			// Socket Mode drops answers of 20 KB or more: acknowledge bare
			// and answer through the response URL.
			client.Ack(req)
			if late != nil {
				go late(context.WithoutCancel(ctx), v)
			}
		}
	})
}
