package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/contest"
	"prixbot/store"
	"prixbot/store/storetest"
)

// fakeClock is the injected clock of a test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// delivery is one message a fake platform accepted.
type delivery struct {
	Platform string
	Chat     string
	Text     string
	Buttons  [][]bot.Button
	At       time.Time // the test's clock
	Wall     time.Time // the real clock, for rates
}

// fakePlatform is a platform API: it accepts messages as a bot.Sender, or
// over HTTP (ServeHTTP) for a dispatcher in another process. Fail, when set,
// may refuse the n-th request (counted from 1) with an error.
type fakePlatform struct {
	Name string
	Now  func() time.Time
	Fail func(n int, chat string) error

	mu        sync.Mutex
	requests  int
	got       []delivery
	refusals  []refusal
	watchers  []watcher
	perChat   map[string]int
	distinct  int
	onDeliver func(total, distinct int)
}

type refusal struct {
	Wall  time.Time
	After time.Duration // retry_after of a 429, else 0
}

type watcher struct {
	distinct int // distinct chats reached, or
	total    int // messages delivered
	ch       chan struct{}
}

// Send implements bot.Sender.
func (f *fakePlatform) Send(ctx context.Context, chat string, m bot.Message) (string, error) {
	wall := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if f.Fail != nil {
		if err := f.Fail(f.requests, chat); err != nil {
			var ra *bot.RetryAfterError
			r := refusal{Wall: wall}
			if errors.As(err, &ra) {
				r.After = ra.After
			}
			f.refusals = append(f.refusals, r)
			return "", err
		}
	}
	at := wall
	if f.Now != nil {
		at = f.Now()
	}
	f.got = append(f.got, delivery{Platform: f.Name, Chat: chat, Text: m.Text, Buttons: m.Buttons, At: at, Wall: wall})
	if f.perChat == nil {
		f.perChat = map[string]int{}
	}
	f.perChat[chat]++
	if f.perChat[chat] == 1 {
		f.distinct++
	}
	kept := f.watchers[:0]
	for _, w := range f.watchers {
		if (w.distinct > 0 && f.distinct >= w.distinct) || (w.total > 0 && len(f.got) >= w.total) {
			close(w.ch)
		} else {
			kept = append(kept, w)
		}
	}
	f.watchers = kept
	return fmt.Sprint(len(f.got)), nil
}

// reached returns a channel closed once n distinct chats got a message.
func (f *fakePlatform) reached(n int) <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan struct{})
	if f.distinct >= n {
		close(ch)
		return ch
	}
	f.watchers = append(f.watchers, watcher{distinct: n, ch: ch})
	return ch
}

// delivered returns a channel closed once n messages were delivered.
func (f *fakePlatform) delivered(n int) <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan struct{})
	if len(f.got) >= n {
		close(ch)
		return ch
	}
	f.watchers = append(f.watchers, watcher{total: n, ch: ch})
	return ch
}

func (f *fakePlatform) deliveries() []delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]delivery(nil), f.got...)
}

// wireMessage is the fake HTTP API's request.
type wireMessage struct {
	Chat string      `json:"chat"`
	Msg  bot.Message `json:"msg"`
}

// ServeHTTP accepts POST /send like a platform API: 200, 429 with
// retry_after, 403 blocked, 400 permanent, 502 temporary.
func (f *fakePlatform) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in wireMessage
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id, err := f.Send(r.Context(), in.Chat, in.Msg)
	var ra *bot.RetryAfterError
	switch {
	case err == nil:
		json.NewEncoder(w).Encode(map[string]string{"id": id})
	case errors.As(err, &ra):
		w.WriteHeader(http.StatusTooManyRequests)
		json.NewEncoder(w).Encode(map[string]float64{"retry_after": ra.After.Seconds()})
	case errors.Is(err, bot.ErrBlocked):
		w.WriteHeader(http.StatusForbidden)
	default:
		w.WriteHeader(http.StatusBadGateway)
	}
}

// httpSender is a bot.Sender speaking the fake HTTP API, as a platform
// adapter speaks its platform's.
type httpSender struct {
	URL    string
	Client *http.Client
}

func (s httpSender) Send(ctx context.Context, chat string, m bot.Message) (string, error) {
	body, _ := json.Marshal(wireMessage{Chat: chat, Msg: m})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/send", bytes.NewReader(body))
	if err != nil {
		return "", &bot.PermanentError{Err: err}
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		var out struct{ ID string }
		return out.ID, json.NewDecoder(resp.Body).Decode(&out)
	case http.StatusTooManyRequests:
		var out struct {
			RetryAfter float64 `json:"retry_after"`
		}
		json.NewDecoder(resp.Body).Decode(&out)
		return "", &bot.RetryAfterError{After: time.Duration(out.RetryAfter * float64(time.Second))}
	case http.StatusForbidden:
		return "", bot.ErrBlocked
	case http.StatusBadRequest:
		return "", &bot.PermanentError{Err: fmt.Errorf("bad request")}
	}
	return "", fmt.Errorf("platform answered %s", resp.Status)
}

// testSecond is the pacing's second in the tests that run at a platform's
// limits: they count the platform's messages per second in it.
const testSecond = 200 * time.Millisecond

// rateReport is what the fake measured of its traffic.
type rateReport struct {
	MaxPerSecond  int           // most requests in any sliding second
	MinChatGap    time.Duration // shortest gap between two requests to one chat
	EarlyAfter429 int           // requests that came before a 429's retry_after ran out
}

// late is how long after its pacer let a request go the fake may see it:
// the sending goroutine can wait that long for a CPU on a loaded machine,
// which a second of testSecond makes five times as visible as a real one.
// So the tests count requests per second in windows that much shorter, and
// allow gaps between two requests to one chat that much shorter, than
// their second; and a request that arrives within late of a 429 may have
// been sent before the 429 was answered.
const late = 40 * time.Millisecond

// rates measures every request, accepted or refused, on the real clock,
// counting requests per second in windows that last second.
func (f *fakePlatform) rates(second time.Duration) rateReport {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []time.Time
	byChat := map[string][]time.Time{}
	for _, d := range f.got {
		all = append(all, d.Wall)
		byChat[d.Chat] = append(byChat[d.Chat], d.Wall)
	}
	for _, r := range f.refusals {
		all = append(all, r.Wall)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Before(all[j]) })
	rep := rateReport{MinChatGap: time.Hour}
	j := 0
	for i, t := range all {
		for !all[j].After(t.Add(-second)) {
			j++
		}
		rep.MaxPerSecond = max(rep.MaxPerSecond, i-j+1)
	}
	for _, ts := range byChat {
		sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
		for i := 1; i < len(ts); i++ {
			rep.MinChatGap = min(rep.MinChatGap, ts[i].Sub(ts[i-1]))
		}
	}
	for _, r := range f.refusals {
		if r.After == 0 {
			continue
		}
		for _, t := range all {
			// A request already on its way when the 429 was answered
			// (within late of it) could not have known.
			if t.After(r.Wall.Add(late)) && t.Before(r.Wall.Add(r.After)) {
				rep.EarlyAfter429++
			}
		}
	}
	return rep
}

// newStore returns a migrated store on a fresh database.
func newStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	url := storetest.Migrated(t)
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, url
}

// testContest is a contest with a short calendar; phases and reminders are
// YAML lines.
func saveContest(t testing.TB, st *store.Store, phases, reminders string) *store.Edition {
	t.Helper()
	src := "slug: test\nname: Test\ntimezone: Europe/Brussels\nphases:\n" + phases + "reminders:\n" + reminders
	c, err := contest.ParseContest([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := st.SaveContest(ctx, c, src, store.Actor{Platform: "test", ID: "test"}); err != nil {
		t.Fatal(err)
	}
	// Imported before its calendar begins, as organisers do (the tests'
	// clocks are set in 2026; the row was stamped with today's date).
	sqlExec(t, st, `UPDATE contests SET created_at = '2026-01-01T00:00:00Z' WHERE slug = 'test'`)
	ed, err := st.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

// exec runs SQL for seeding.
func sqlExec(t testing.TB, st *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := st.DB().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// seedSubscribers adds n Telegram subscribers with chats "<prefix>1".."<prefix>n".
func seedSubscribers(t testing.TB, st *store.Store, contestID int64, n int, prefix string) {
	t.Helper()
	sqlExec(t, st, `WITH a AS (
		INSERT INTO accounts (platform, platform_user_id, chat_id, language)
		SELECT 'telegram', $2 || g, $2 || g, 'fr' FROM generate_series(1, $1) g RETURNING id)
		INSERT INTO subscribers (contest_id, account_id) SELECT $3, id FROM a`, n, prefix, contestID)
}

func local(t testing.TB, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// drain runs d until no row is due at the clock's time.
func drain(t testing.TB, d *Dispatcher) DispatchResult {
	t.Helper()
	var total DispatchResult
	for {
		res, err := d.runOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		total.add(res)
		if res.Claimed == 0 {
			return total
		}
	}
}

var fast = map[string]Limits{bot.Telegram: {Overall: 1e6, PerChat: 1e6}, bot.Slack: {Overall: 1e6, PerChat: 1e6}}
