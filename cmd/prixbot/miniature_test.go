package main

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/store"
)

// miniChat is a new platform in miniature, "mini": a chat held in memory.
// It is a bot.Adapter and nothing more, and knows prixbot only through that
// interface and the conversations it is built over.
type miniChat struct {
	h       bot.EventHandler
	in      chan bot.Event     // what the user does
	turns   chan []bot.Message // the bot's replies, one turn per event
	notices chan bot.Message   // what the outbox sends (Send)
	ended   chan struct{}      // closed when Run returns

	// The test's side: its user Ann, and what she saw last.
	t       *testing.T
	updates int           // events made so far, for their ids
	last    []bot.Message // the last turn, whose buttons can be pressed
}

func newMiniChat(t *testing.T) *miniChat {
	return &miniChat{in: make(chan bot.Event), turns: make(chan []bot.Message, 1), notices: make(chan bot.Message, 8),
		ended: make(chan struct{}), t: t}
}

// miniWait bounds each wait of the test, generously: the machine may be busy.
const miniWait = 60 * time.Second

// adapter builds the adapter over the conversations, as a platform's
// constructor in `prixbot run` does.
func (m *miniChat) adapter(_ *cli, conv conversations) (bot.Adapter, error) {
	m.h = conv.Handler
	return m, nil
}

func (m *miniChat) Name() string { return "mini" }

// Run hands each event to the conversations and their replies to the
// user, until ctx ends or the user leaves (in is closed).
func (m *miniChat) Run(ctx context.Context) error {
	defer close(m.ended)
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-m.in:
			if !ok {
				return nil
			}
			resp, err := m.h.Handle(ctx, ev)
			if err != nil {
				return err
			}
			select {
			case m.turns <- resp.Messages:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// Send delivers a notification from the outbox.
func (m *miniChat) Send(ctx context.Context, chatID string, msg bot.Message) (string, error) {
	if chatID != "ann" {
		return "", &bot.PermanentError{Err: errors.New("mini has one chat, Ann's")}
	}
	select {
	case m.notices <- msg:
		return "", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// do makes Ann do ev and returns the bot's replies.
func (m *miniChat) do(ev bot.Event) []bot.Message {
	m.t.Helper()
	m.updates++
	ev.Platform, ev.UpdateID, ev.UserID, ev.ChatID, ev.Name, ev.LangHint = "mini", strconv.Itoa(m.updates), "ann", "ann", "Ann", "en-GB"
	select {
	case m.in <- ev:
	case <-m.ended:
		m.t.Fatal("the mini adapter stopped")
	case <-time.After(miniWait):
		m.t.Fatal("the mini adapter does not take events")
	}
	select {
	case m.last = <-m.turns:
	case <-time.After(miniWait):
		m.t.Fatalf("no reply to %+v", ev)
	}
	return m.last
}

func (m *miniChat) say(text string) []bot.Message { return m.do(bot.Event{Text: text}) }

// press presses the first button whose label begins with label in the
// last replies.
func (m *miniChat) press(label string) []bot.Message {
	m.t.Helper()
	for _, msg := range m.last {
		for _, row := range msg.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Text, label) && b.Data != "" {
					return m.do(bot.Event{Callback: &bot.Callback{ID: "press", Data: b.Data}})
				}
			}
		}
	}
	m.t.Fatalf("no button %q in %+v", label, m.last)
	return nil
}

// texts joins the texts of msgs.
func texts(msgs []bot.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

// TestNewPlatformInMiniature shows that bot.Adapter is enough for a new
// platform: an in-memory adapter, registered with one line beside the
// configured platforms, serves a voter's whole journey in `prixbot run` on
// the real store (browse, share a contact, vote, receipt, /myvote), and the
// outbox delivers its notifications through the adapter's Send.
func TestNewPlatformInMiniature(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	importOpenContest(t, e)
	chat := newMiniChat(t)
	log := newWatchedLog()
	ctx, cancel := context.WithCancel(context.Background())
	c := &cli{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: log,
		env: append(e.env[:len(e.env):len(e.env)], "HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=info")}

	c.platforms = append(platforms(), platform{func(*cli) bool { return true }, chat.adapter}) // the one line

	done := make(chan error, 1)
	go func() { done <- c.dispatch(ctx, []string{"run"}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("prixbot run: %v\n%s", err, log.String())
		}
	})

	if got := texts(chat.say("/projects")); !strings.Contains(got, "Choose a sector") {
		t.Fatalf("/projects: %q", got)
	}
	chat.press("Éducation et formation")
	if got := texts(chat.press("Alpha au jardin")); !strings.Contains(got, "Alpha au jardin") {
		t.Fatalf("the project's card: %q", got)
	}
	asked := chat.press("Vote")
	if len(asked) == 0 || asked[len(asked)-1].RequestContact == "" {
		t.Fatalf("Vote does not ask for the voter's number: %+v", asked)
	}
	if got := texts(chat.do(bot.Event{Contact: &bot.Contact{UserID: "ann", Phone: "+32470123456"}})); !strings.Contains(got, "Do you confirm?") {
		t.Fatalf("after the contact: %q", got)
	}
	confirmed := texts(chat.press("Confirm"))
	receipt := receiptCode.FindString(confirmed)
	if receipt == "" || !strings.Contains(confirmed, "Receipt: "+receipt) {
		t.Fatalf("no receipt after Confirm: %q", confirmed)
	}
	if got := texts(chat.say("/myvote")); !strings.Contains(got, receipt) || !strings.Contains(got, "Alpha au jardin") {
		t.Fatalf("/myvote does not show the receipt %s: %q", receipt, got)
	}

	st := e.store()
	var votes []struct {
		Project  string `db:"project"`
		Platform string `db:"platform"`
		Receipt  string `db:"receipt"`
	}
	if err := st.DB().Select(&votes, `SELECT project_id AS project, platform, receipt FROM votes`); err != nil {
		t.Fatal(err)
	}
	if len(votes) != 1 || votes[0].Project != "alpha-jardin" || votes[0].Platform != "mini" || votes[0].Receipt != receipt {
		t.Fatalf("votes in the store: %+v, want one for alpha-jardin on mini with receipt %s", votes, receipt)
	}

	payload, _ := json.Marshal(bot.Message{Text: "The results are out."})
	if err := st.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Enqueue(context.Background(), store.Notification{DedupeKey: "mini/news", Platform: "mini", ChatID: "ann", Kind: "announce", Payload: payload})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-chat.notices:
		if n.Text != "The results are out." {
			t.Fatalf("the outbox sent %q", n.Text)
		}
	case <-time.After(miniWait):
		t.Fatalf("the outbox did not deliver through the mini adapter:\n%s", log.String())
	}
}

// foregroundChat is the mini platform holding the program, as the console
// does (bot.Foreground).
type foregroundChat struct{ *miniChat }

func (foregroundChat) Foreground() {}

// TestForegroundAdapterEndsRun: when a bot.Foreground adapter ends (its user
// left), `prixbot run` ends too, cleanly; the adapters of the others do not
// end it (the miniature test's run lasts until its context ends).
func TestForegroundAdapterEndsRun(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.mustRun("migrate")
	chat := newMiniChat(t)
	log := newWatchedLog()
	c := &cli{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: log,
		env: append(e.env[:len(e.env):len(e.env)], "HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=info")}
	c.platforms = append(platforms(), platform{func(*cli) bool { return true }, func(c *cli, conv conversations) (bot.Adapter, error) {
		_, err := chat.adapter(c, conv)
		return foregroundChat{chat}, err
	}})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // should the test fail before run ends
	done := make(chan error, 1)
	go func() { done <- c.dispatch(ctx, []string{"run"}) }()
	log.waitFor(t, "prixbot ready", miniWait)
	close(chat.in) // the user leaves
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("prixbot run: %v", err)
		}
	case <-time.After(miniWait):
		t.Fatalf("prixbot run goes on after its foreground adapter ended:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "shutting down") {
		t.Errorf("no orderly shutdown in the log:\n%s", log.String())
	}
}
