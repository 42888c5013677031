// Package console is prixbot's terminal adapter: the same conversations as
// on Telegram, typed in a shell. Buttons are shown numbered and pressed by
// typing their number (several numbers on a line press them in turn);
// "/contact +32…" shares one's own contact; "/quit" or end of input leaves.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"prixbot/bot"
)

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

// Adapter runs conversations in a terminal: a bot.Adapter that is
// Foreground, since the terminal's user leaving ends the program.
type Adapter struct {
	cfg     Config
	handler bot.EventHandler

	mu      sync.Mutex
	buttons []bot.Button // the buttons shown last, numbered from 1
	lang    string       // the language of the last reply, for the console's own words
}

// Adapter has these abilities.
var (
	_ bot.Adapter    = (*Adapter)(nil)
	_ bot.Foreground = (*Adapter)(nil)
)

// New returns a console adapter for h.
func New(cfg Config, h bot.EventHandler) *Adapter {
	if cfg.UserID == "" {
		cfg.UserID = "me"
	}
	return &Adapter{cfg: cfg, handler: h, lang: bot.MatchLang(cfg.LangHint)}
}

// Name is bot.Console.
func (a *Adapter) Name() string { return bot.Console }

// Foreground marks the console as holding the program (bot.Foreground).
func (a *Adapter) Foreground() {}

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
	fmt.Fprintln(a.cfg.Out, a.t(hintWelcome))
	a.prompt()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok || strings.TrimSpace(line) == "/quit" {
				return nil
			}
			for _, l := range presses(line) {
				if ev, ok := a.event(l); ok {
					a.handle(ctx, ev)
				}
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
	if phoneLike.MatchString(line) {
		fmt.Fprintln(a.cfg.Out, a.t(hintContact))
		return ev, false
	}
	if n, err := strconv.Atoi(line); err == nil {
		a.mu.Lock()
		defer a.mu.Unlock()
		if n < 1 || n > len(a.buttons) {
			fmt.Fprintf(a.cfg.Out, a.tLocked(hintNoButton)+"\n", n)
			return ev, false
		}
		b := a.buttons[n-1]
		if b.URL != "" {
			fmt.Fprintf(a.cfg.Out, a.tLocked(hintOpen)+"\n", b.URL)
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
	if resp != nil && resp.Lang != "" {
		a.mu.Lock()
		a.lang = resp.Lang
		a.mu.Unlock()
	}
	if err != nil {
		fmt.Fprintf(a.cfg.Out, a.t(hintError)+"\n", err)
	}
	if resp == nil {
		return
	}
	if ev.Callback != nil && resp.Answer != "" && !repeated(resp.Answer, resp.Messages) {
		// A platform shows it briefly over the chat; here it is a line.
		fmt.Fprintf(a.cfg.Out, "» %s\n", resp.Answer)
	}
	for _, m := range resp.Messages {
		a.Send(ctx, a.cfg.UserID, m)
	}
}

// repeated reports whether one of the messages already says answer.
func repeated(answer string, ms []bot.Message) bool {
	for _, m := range ms {
		if strings.Contains(m.Text, answer) {
			return true
		}
	}
	return false
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
		fmt.Fprintf(&b, "  [%s: %s]\n", m.RequestContact, a.tLocked(hintShare))
	}
	_, err := io.WriteString(a.cfg.Out, b.String())
	return "", err
}

// presses splits a line of button numbers separated by spaces ("5 10 15")
// into one press each, in order, each on the buttons the last one showed;
// any other line is one line.
func presses(line string) []string {
	fields := strings.Fields(line)
	if len(fields) < 2 || phoneLike.MatchString(strings.TrimSpace(line)) {
		return []string{line}
	}
	for _, f := range fields {
		if len(f) > 3 || strings.Trim(f, "0123456789") != "" {
			return []string{line}
		}
	}
	return fields
}

// phoneLike matches a phone number typed as a line of its own ("+32 470 12
// 34 56", "0470123456"): a button number has at most a few digits.
var phoneLike = regexp.MustCompile(`^(\+[\d ().-]{6,}|0[\d ().-]{7,})$`)

// The console's own words, around the bot's replies.
const (
	hintWelcome = iota
	hintNoButton
	hintOpen
	hintShare
	hintContact
	hintError
)

var hints = map[int]bot.Text{
	hintWelcome: {
		FR: "Console prixbot — tapez /start pour commencer, un numéro pour appuyer sur un bouton, /contact +32… pour partager votre numéro, /quit pour sortir.",
		NL: "prixbot-console — typ /start om te beginnen, een nummer om op een knop te drukken, /contact +32… om uw nummer te delen, /quit om te stoppen.",
		EN: "prixbot console — type /start to begin, a number to press a button, /contact +32… to share your number, /quit to leave.",
	},
	hintNoButton: {FR: "Il n'y a pas de bouton %d.", NL: "Er is geen knop %d.", EN: "There is no button %d."},
	hintOpen:     {FR: "Ouvrez %s", NL: "Open %s", EN: "Open %s"},
	hintShare: {
		FR: "tapez /contact suivi de votre numéro, par exemple /contact +32470123456",
		NL: "typ /contact gevolgd door uw nummer, bijvoorbeeld /contact +32470123456",
		EN: "type /contact followed by your number, e.g. /contact +32470123456",
	},
	hintContact: {
		FR: "Pour partager votre numéro, tapez /contact devant : /contact +32470123456",
		NL: "Om uw nummer te delen, typ er /contact voor: /contact +32470123456",
		EN: "To share your number, type /contact before it: /contact +32470123456",
	},
	hintError: {FR: "(erreur : %v)", NL: "(fout: %v)", EN: "(error: %v)"},
}

// t returns one of the console's own texts in the conversation's language.
func (a *Adapter) t(key int) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.tLocked(key)
}

// tLocked is t for a caller holding a.mu.
func (a *Adapter) tLocked(key int) string {
	h := hints[key]
	switch a.lang {
	case bot.NL:
		return h.NL
	case bot.EN:
		return h.EN
	}
	return h.FR
}
