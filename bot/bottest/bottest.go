// Package bottest drives a bot.Bot in tests: a fresh PostgreSQL database
// (from storetest) holding the sample contest, a settable clock, and a Send
// that returns what the bot answered.
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
//	func TestHelp(t *testing.T) {
//		h := bottest.New(t, nil)
//		resp := h.Send(bottest.Text("42", "/help"))
//		...
//	}
package bottest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"prixbot/bot"
	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
	"prixbot/store/storetest"
)

// Options configures a Harness; the zero value is the sample contest with the
// public vote open.
type Options struct {
	// Now is the starting time of the clock; VoteOpen by default.
	Now time.Time
	// ContestYAML and ProjectsCSV replace the sample contest files.
	ContestYAML, ProjectsCSV []byte
	// Store, when set, is a migrated database that already holds the
	// contest: New imports nothing (ContestYAML and ProjectsCSV are unused).
	Store *store.Store
	// Admins are organisers as "platform:id" (e.g. "telegram:42").
	Admins []string
	// Pepper is VOTER_PEPPER; a fixed test pepper by default.
	Pepper []byte
	// Log receives the bot's logs; discarded by default.
	Log *slog.Logger
	// Configure, when set, may adjust the bot's Config before the Bot is
	// made; the flood limit is off unless it sets one.
	Configure func(*bot.Config)
	// URL, when set, is the empty database to use instead of a new one
	// (storetest.NewRefusable's, say); unused with Store.
	URL string
}

// Instants of the sample contest (examples/prix-2026), for setting the clock.
var (
	brussels, _ = time.LoadLocation("Europe/Brussels")
	// VoteOpen is a moment when the sample's public vote is open.
	VoteOpen = time.Date(2026, 10, 1, 12, 0, 0, 0, brussels)
	// BeforeVote is during the sample's selection phase, before the public vote.
	BeforeVote = time.Date(2026, 7, 5, 12, 0, 0, 0, brussels)
	// AfterVote is during the sample's jury phase, after the public vote.
	AfterVote = time.Date(2027, 1, 10, 12, 0, 0, 0, brussels)
	// AfterJury is after the sample's jury phase, before the ceremony: the
	// results can be announced.
	AfterJury = time.Date(2027, 2, 5, 12, 0, 0, 0, brussels)
)

// Harness is a Bot over a fresh database, with a settable clock.
type Harness struct {
	T       testing.TB
	Store   *store.Store
	Bot     *bot.Bot
	Edition *store.Edition // the contest as imported

	mu  sync.Mutex
	now time.Time
	seq atomic.Int64
}

// New returns a Harness on a new database holding the sample contest (or the
// files in opts). The database is dropped when the test ends.
func New(t testing.TB, opts *Options) *Harness {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	st := opts.Store
	if st == nil {
		st = newStore(t, opts)
	}
	ed, err := st.Current(context.Background())
	if err != nil {
		t.Fatalf("bottest: %v", err)
	}
	h := &Harness{T: t, Store: st, Edition: ed, now: VoteOpen}
	if !opts.Now.IsZero() {
		h.now = opts.Now
	}
	cfg := bot.Config{
		Store:   st,
		Pepper:  opts.Pepper,
		Admins:  map[string]bool{},
		NowFunc: h.Now,
		Log:     opts.Log,
		Flood:   bot.FloodConfig{Rate: rate.Inf},
	}
	if cfg.Pepper == nil {
		cfg.Pepper = []byte("bottest-pepper")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	for _, a := range opts.Admins {
		cfg.Admins[a] = true
	}
	if opts.Configure != nil {
		opts.Configure(&cfg)
	}
	h.Bot = bot.New(cfg)
	return h
}

// newStore opens a new database holding the sample contest, or the files in
// opts, closed when the test ends. The sample is copied from a template;
// other files are imported into a migrated database.
func newStore(t testing.TB, opts *Options) *store.Store {
	t.Helper()
	ctx := context.Background()
	own := opts.ContestYAML != nil || opts.ProjectsCSV != nil || opts.URL != ""
	url := sample.URL
	if own {
		url = storetest.Migrated
	}
	dbURL := opts.URL
	if dbURL == "" {
		dbURL = url(t)
	}
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("bottest: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if opts.URL != "" {
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatalf("bottest: %v", err)
		}
	}
	if own {
		if err := importContest(ctx, st, opts.ContestYAML, opts.ProjectsCSV); err != nil {
			t.Fatalf("bottest: %v", err)
		}
	}
	return st
}

// sample is a migrated database holding the sample contest, as New imports
// it.
var sample = &storetest.Template{Name: "bottest_sample", Base: storetest.Schema, Setup: func(ctx context.Context, url string) error {
	st, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	return importContest(ctx, st, nil, nil)
}}

// importContest imports the contest src and the projects csv, the sample's
// files where nil.
func importContest(ctx context.Context, st *store.Store, src, csv []byte) error {
	var err error
	if src == nil {
		if src, err = examples.FS.ReadFile(examples.SampleContest); err != nil {
			return err
		}
	}
	if csv == nil {
		if csv, err = examples.FS.ReadFile(examples.SampleProjects); err != nil {
			return err
		}
	}
	c, err := contest.ParseContest(src)
	if err != nil {
		return fmt.Errorf("contest: %w", err)
	}
	actor := store.Actor{Platform: "system", ID: "bottest"}
	id, _, err := st.SaveContest(ctx, c, string(src), actor)
	if err != nil {
		return err
	}
	projects, err := contest.ParseProjects(strings.NewReader(string(csv)), c)
	if err != nil {
		return fmt.Errorf("projects: %w", err)
	}
	_, err = st.ImportProjects(ctx, id, projects, actor)
	return err
}

// Now returns the harness clock; it is the Bot's clock.
func (h *Harness) Now() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

// SetNow sets the clock. The Bot's cached contest is dropped, so a phase
// change is seen at once.
func (h *Harness) SetNow(t time.Time) {
	h.mu.Lock()
	h.now = t
	h.mu.Unlock()
	h.Bot.InvalidateEdition()
}

// Advance moves the clock forward by d.
func (h *Harness) Advance(d time.Duration) { h.SetNow(h.Now().Add(d)) }

// Handle passes ev to the Bot as an adapter would and returns its result.
// An Event without UpdateID gets a fresh one, so every call is a new update;
// set UpdateID to deliver the same update twice.
func (h *Harness) Handle(ev bot.Event) (*bot.Response, error) {
	if ev.Platform == "" {
		ev.Platform = bot.Telegram
	}
	if ev.ChatID == "" {
		ev.ChatID = ev.UserID
	}
	if ev.UpdateID == "" {
		ev.UpdateID = fmt.Sprintf("bottest-%d", h.seq.Add(1))
	}
	return h.Bot.Handle(context.Background(), ev)
}

// Send is Handle for updates that must not fail: a returned error fails the test.
func (h *Harness) Send(ev bot.Event) *bot.Response {
	h.T.Helper()
	resp, err := h.Handle(ev)
	if err != nil {
		h.T.Fatalf("bottest: handling %+v: %v", redact(ev), err)
	}
	return resp
}

// redact hides a shared phone number from test output.
func redact(ev bot.Event) bot.Event {
	if ev.Contact != nil {
		c := *ev.Contact
		c.Phone = "<redacted>"
		ev.Contact = &c
	}
	return ev
}

// Text returns a text message (or command) from a user in a private chat.
func Text(userID, text string) bot.Event {
	return bot.Event{UserID: userID, ChatID: userID, Text: text}
}

// Press returns a button press from a user.
func Press(userID, data string) bot.Event {
	return bot.Event{UserID: userID, ChatID: userID, Callback: &bot.Callback{ID: "cb-" + userID, Data: data}}
}

// Contact returns a user sharing a contact card that belongs to owner.
func Contact(userID, owner, phone string) bot.Event {
	return bot.Event{UserID: userID, ChatID: userID, Contact: &bot.Contact{UserID: owner, Phone: phone}}
}

// Lang sets the platform language hint of ev.
func Lang(ev bot.Event, hint string) bot.Event {
	ev.LangHint = hint
	return ev
}

// Texts returns the texts of a Response's messages, joined by newlines, for
// assertions with strings.Contains.
func Texts(resp *bot.Response) string {
	var b strings.Builder
	for _, m := range resp.Messages {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// Buttons returns every inline button of a Response, in order.
func Buttons(resp *bot.Response) []bot.Button {
	var out []bot.Button
	for _, m := range resp.Messages {
		for _, row := range m.Buttons {
			out = append(out, row...)
		}
	}
	return out
}

// Button returns the first inline button of resp whose label contains label,
// failing the test if there is none.
func (h *Harness) Button(resp *bot.Response, label string) bot.Button {
	h.T.Helper()
	for _, b := range Buttons(resp) {
		if strings.Contains(b.Text, label) {
			return b
		}
	}
	h.T.Fatalf("bottest: no button %q in %q", label, Texts(resp))
	return bot.Button{}
}

// Votes returns the number of counted (not voided) votes of the contest.
func (h *Harness) Votes() int {
	h.T.Helper()
	var n int
	if err := h.Store.DB().Get(&n, `SELECT count(*) FROM votes WHERE contest_id = $1 AND voided_at IS NULL`, h.Edition.ID); err != nil {
		h.T.Fatalf("bottest: %v", err)
	}
	return n
}
