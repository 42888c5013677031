// Package console is prixbot's terminal adapter: the same conversations as
// on Telegram, typed in a shell. Buttons are shown numbered and pressed by
// typing their number; "/contact +32…" shares one's own contact; "/quit" or
// end of input leaves.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"prixbot/bot"
)

// Handler handles one Event; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, ev bot.Event) (*bot.Response, error)
}

// Config configures the console.
type Config struct {
	In  io.Reader
	Out io.Writer
	// UserID is who the console user is (platform "console"); "me" by default.
	UserID string
	// Name is the user's display name.
	Name string
	// LangHint is the user's locale, as a platform would send it (e.g. "nl-BE").
	LangHint string
}

// Adapter runs conversations in a terminal.
type Adapter struct {
	cfg     Config
	handler Handler

	mu      sync.Mutex
	buttons []bot.Button // the buttons shown last, numbered from 1
}

// New returns a console adapter for h.
func New(cfg Config, h Handler) *Adapter {
	if cfg.UserID == "" {
		cfg.UserID = "me"
	}
	return &Adapter{cfg: cfg, handler: h}
}

// Run reads lines until the input ends, the user types /quit, or ctx ends.
// Handler errors are shown as the bot's apology and never stop the console.
func (a *Adapter) Run(ctx context.Context) error {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(a.cfg.In)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	fmt.Fprintln(a.cfg.Out, "prixbot console — type /start to begin, a number to press a button, /contact +32… to share your number, /quit to leave.")
	a.prompt()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok || strings.TrimSpace(line) == "/quit" {
				return nil
			}
			if ev, ok := a.event(line); ok {
				a.handle(ctx, ev)
			}
			a.prompt()
		}
	}
}

func (a *Adapter) prompt() { fmt.Fprint(a.cfg.Out, "> ") }

// event turns a typed line into an Event; false when there is nothing to send.
func (a *Adapter) event(line string) (bot.Event, bool) {
	line = strings.TrimSpace(line)
	ev := bot.Event{Platform: bot.Console, UserID: a.cfg.UserID, ChatID: a.cfg.UserID, Name: a.cfg.Name, LangHint: a.cfg.LangHint}
	if line == "" {
		return ev, false
	}
	if n, err := strconv.Atoi(line); err == nil {
		a.mu.Lock()
		defer a.mu.Unlock()
		if n < 1 || n > len(a.buttons) {
			fmt.Fprintf(a.cfg.Out, "There is no button %d.\n", n)
			return ev, false
		}
		b := a.buttons[n-1]
		if b.URL != "" {
			fmt.Fprintf(a.cfg.Out, "Open %s\n", b.URL)
			return ev, false
		}
		ev.Callback = &bot.Callback{ID: "console", Data: b.Data}
		return ev, true
	}
	if phone, ok := strings.CutPrefix(line, "/contact"); ok {
		ev.Contact = &bot.Contact{UserID: a.cfg.UserID, Phone: strings.TrimSpace(phone)}
		return ev, true
	}
	ev.Text = line
	return ev, true
}

func (a *Adapter) handle(ctx context.Context, ev bot.Event) {
	resp, err := a.handler.Handle(ctx, ev)
	if err != nil {
		fmt.Fprintf(a.cfg.Out, "(error: %v)\n", err)
	}
	if resp == nil {
		return
	}
	if resp.Answer != "" {
		fmt.Fprintf(a.cfg.Out, "» %s\n", resp.Answer)
	}
	for _, m := range resp.Messages {
		a.Send(ctx, a.cfg.UserID, m)
	}
}

// Send prints a message (bot.Sender), numbering its buttons so that typing
// a number presses one.
func (a *Adapter) Send(ctx context.Context, chatID string, m bot.Message) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var b strings.Builder
	if m.PhotoURL != "" {
		fmt.Fprintf(&b, "[photo %s]\n", m.PhotoURL)
	}
	if m.Document != nil {
		fmt.Fprintf(&b, "[file %s, %d bytes]\n", m.Document.Name, len(m.Document.Content))
	}
	b.WriteString(m.Text)
	b.WriteString("\n")
	if len(m.Buttons) > 0 {
		a.buttons = a.buttons[:0]
		for _, row := range m.Buttons {
			b.WriteString(" ")
			for _, btn := range row {
				a.buttons = append(a.buttons, btn)
				fmt.Fprintf(&b, " [%d] %s", len(a.buttons), btn.Text)
				if btn.URL != "" {
					fmt.Fprintf(&b, " (%s)", btn.URL)
				}
			}
			b.WriteString("\n")
		}
	}
	if m.RequestContact != "" {
		fmt.Fprintf(&b, "  [%s: type /contact followed by your number, e.g. /contact +32470123456]\n", m.RequestContact)
	}
	_, err := io.WriteString(a.cfg.Out, b.String())
	return "", err
}
