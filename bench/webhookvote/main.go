// Command webhookvote measures prixbot's Telegram webhook vote path against
// two baselines on the same PostgreSQL server, in one run:
//
//  1. pgbench running one INSERT … ON CONFLICT DO NOTHING per transaction
//     (the database's limit);
//  2. a minimal net/http handler that decodes the same update JSON and does
//     one such insert per request (the floor of any webhook bot on this stack);
//  3. prixbot: simulated voters each go through the real flow
//     (/start p-<id> → Vote → contact → confirm → receipt) by POSTing updates
//     to /telegram/webhook, replies going to a local fake Bot API.
//
// It creates a scratch database on the server and drops it afterwards. See
// bench/webhookvote.sh and BENCHMARKS.md.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	_ "github.com/lib/pq"

	"prixbot/bot"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
)

func main() {
	admin := flag.String("db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "URL of a database of a user who may create databases")
	pgbench := flag.String("pgbench", "/usr/lib/postgresql/15/bin/pgbench", "pgbench binary")
	senders := flag.Int("senders", 16, "concurrent senders")
	voters := flag.Int("voters", 2000, "simulated voters for the prixbot path")
	requests := flag.Int("requests", 8000, "requests for the minimal handler baseline")
	seconds := flag.Int("seconds", 10, "pgbench duration")
	flag.Parse()
	if err := run(*admin, *pgbench, *senders, *voters, *requests, *seconds); err != nil {
		fmt.Fprintln(os.Stderr, "webhookvote:", err)
		os.Exit(1)
	}
}

func run(adminURL, pgbench string, senders, voters, requests, seconds int) error {
	ctx := context.Background()
	dbURL, drop, err := scratchDatabase(adminURL)
	if err != nil {
		return err
	}
	defer drop()
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := loadSample(ctx, st); err != nil {
		return err
	}
	if _, err := st.DB().Exec(`CREATE TABLE bench_updates (update_id bigint PRIMARY KEY, user_id bigint NOT NULL, body text NOT NULL)`); err != nil {
		return err
	}
	fmt.Printf("senders %d; GOMAXPROCS %d; %s\n\n", senders, runtime.GOMAXPROCS(0), time.Now().Format(time.RFC3339))

	// 1. pgbench.
	tps, lat, err := runPgbench(pgbench, dbURL, senders, seconds)
	if err != nil {
		return err
	}
	fmt.Printf("pgbench INSERT … ON CONFLICT DO NOTHING: %.0f tx/s, mean latency %.2f ms\n", tps, lat)

	// 2. Minimal handler.
	minimal, err := runMinimal(dbURL, senders, requests)
	if err != nil {
		return err
	}
	fmt.Printf("minimal net/http handler: %s\n", minimal)

	// 3. prixbot.
	res, err := runBot(ctx, st, senders, voters)
	if err != nil {
		return err
	}
	fmt.Printf("prixbot webhook vote path: %s\n", res)
	fmt.Printf("\nratio prixbot/minimal requests/s: %.2f\n", res.reqPerSec/minimal.reqPerSec)
	return nil
}

func scratchDatabase(adminURL string) (string, func(), error) {
	db, err := sql.Open("postgres", adminURL)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("prixbot_bench_%d", os.Getpid())
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		return "", nil, err
	}
	u, _ := url.Parse(adminURL)
	u.Path = "/" + name
	return u.String(), func() {
		db.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		db.Close()
	}, nil
}

func loadSample(ctx context.Context, st *store.Store) error {
	src, _ := examples.FS.ReadFile(examples.SampleContest)
	c, err := contest.ParseContest(src)
	if err != nil {
		return err
	}
	actor := store.Actor{Platform: "system", ID: "bench"}
	id, _, err := st.SaveContest(ctx, c, string(src), actor)
	if err != nil {
		return err
	}
	f, _ := examples.FS.Open(examples.SampleProjects)
	defer f.Close()
	ps, err := contest.ParseProjects(f, c)
	if err != nil {
		return err
	}
	_, err = st.ImportProjects(ctx, id, ps, actor)
	return err
}

var (
	tpsLine = regexp.MustCompile(`tps = ([0-9.]+)`)
	latLine = regexp.MustCompile(`latency average = ([0-9.]+) ms`)
)

func runPgbench(bin, dbURL string, clients, seconds int) (tps, latency float64, err error) {
	dir, err := os.MkdirTemp("", "webhookvote")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "insert.sql")
	os.WriteFile(script, []byte("\\set id random(1, 2000000000)\nINSERT INTO bench_updates (update_id, user_id, body) VALUES (:id, :id, 'x') ON CONFLICT DO NOTHING;\n"), 0o644)
	out, err := exec.Command(bin, "-n", "-c", strconv.Itoa(clients), "-j", "2", "-T", strconv.Itoa(seconds), "-f", script, dbURL).CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("pgbench: %v: %s", err, out)
	}
	t, l := tpsLine.FindSubmatch(out), latLine.FindSubmatch(out)
	if t == nil || l == nil {
		return 0, 0, fmt.Errorf("pgbench output not understood: %s", out)
	}
	tps, _ = strconv.ParseFloat(string(t[1]), 64)
	latency, _ = strconv.ParseFloat(string(l[1]), 64)
	return tps, latency, nil
}

// result is one measured run.
type result struct {
	requests   int
	elapsed    time.Duration
	reqPerSec  float64
	reqLat     []time.Duration
	votes      int
	voteLat    []time.Duration
	cpuSelf    time.Duration // this process: handler, fake API, load generator
	cpuPostgre time.Duration // every postgres process of the machine
}

func (r result) String() string {
	s := fmt.Sprintf("%d requests in %s: %.0f req/s, p50 %s, p99 %s per request",
		r.requests, r.elapsed.Round(time.Millisecond), r.reqPerSec, pct(r.reqLat, 50), pct(r.reqLat, 99))
	if r.votes > 0 {
		s += fmt.Sprintf("; %d votes: %.0f votes/s, p50 %s, p99 %s per vote (4 requests)",
			r.votes, float64(r.votes)/r.elapsed.Seconds(), pct(r.voteLat, 50), pct(r.voteLat, 99))
	}
	return s + fmt.Sprintf("; CPU: this process %s, postgres %s", r.cpuSelf.Round(time.Millisecond), r.cpuPostgre.Round(time.Millisecond))
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}

// measure runs work with the CPU of this process and of postgres counted.
func measure(work func() error) (time.Duration, time.Duration, time.Duration, error) {
	self0, pg0 := selfCPU(), postgresCPU()
	began := time.Now()
	err := work()
	elapsed, self, pg1 := time.Since(began), selfCPU()-self0, postgresCPU()
	var pg time.Duration
	for pid, t := range pg1 { // backends that ended meanwhile are not counted
		pg += t - pg0[pid]
	}
	return elapsed, self, pg, err
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// postgresCPU returns the user+system time of every process named postgres, by pid.
func postgresCPU() map[string]time.Duration {
	out := map[string]time.Duration{}
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, d := range dirs {
		b, err := os.ReadFile(d)
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		if i < 0 || !bytes.Contains(b[:i], []byte("(postgres")) {
			continue
		}
		f := strings.Fields(string(b[i+2:]))
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		s, _ := strconv.ParseInt(f[12], 10, 64)
		out[d] = time.Duration(u+s) * time.Second / 100 // USER_HZ
	}
	return out
}

func update(id int, from int64, text string) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"V","language_code":"fr"},"chat":{"id":%d,"type":"private"},"text":%q}}`,
		id, id, from, from, text)
}

func runMinimal(dbURL string, senders, requests int) (result, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u tgbotapi.Update
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Message == nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if _, err := db.ExecContext(r.Context(), `INSERT INTO bench_updates (update_id, user_id, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			-int64(u.UpdateID), u.Message.From.ID, u.Message.Text); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}))
	defer srv.Close()
	client := benchClient(senders)
	var next atomic.Int64
	lats := make([][]time.Duration, senders)
	elapsed, self, pg, err := measure(func() error {
		return parallel(senders, func(s int) error {
			for {
				i := int(next.Add(1))
				if i > requests {
					return nil
				}
				t0 := time.Now()
				if err := post(client, srv.URL, update(i, int64(i), "/start p-alpha-jardin"), ""); err != nil {
					return err
				}
				lats[s] = append(lats[s], time.Since(t0))
			}
		})
	})
	r := result{requests: requests, elapsed: elapsed, reqPerSec: float64(requests) / elapsed.Seconds(), reqLat: slices.Concat(lats...), cpuSelf: self, cpuPostgre: pg}
	return r, err
}

const secret = "bench-secret"

func runBot(ctx context.Context, st *store.Store, senders, voters int) (result, error) {
	api := telegramtest.New()
	api.Record.Store(false)
	defer api.Close()
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) // public vote open in the sample
	b := bot.New(bot.Config{Store: st, Pepper: []byte("bench"), NowFunc: func() time.Time { return now }, Log: quiet})
	a, err := telegram.New(telegram.Config{Token: "1:bench", APIEndpoint: api.Endpoint(), WebhookURL: "https://bench.invalid/telegram/webhook",
		WebhookSecret: secret, Log: quiet}, b)
	if err != nil {
		return result{}, err
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	srv := httptest.NewServer(a.WebhookHandler())
	defer srv.Close()
	client := benchClient(senders)
	var next atomic.Int64
	reqLats := make([][]time.Duration, senders)
	voteLats := make([][]time.Duration, senders)
	elapsed, self, pg, err := measure(func() error {
		return parallel(senders, func(s int) error {
			for {
				i := int(next.Add(1))
				if i > voters {
					return nil
				}
				from := int64(1_000_000 + i)
				project := "alpha-jardin"
				steps := [][]byte{
					update(i*4, from, "/start p-"+project),
					press(i*4+1, from, "v:"+project),
					contactUpdate(i*4+2, from, fmt.Sprintf("32470%06d", i)),
					press(i*4+3, from, "c:"+project),
				}
				v0 := time.Now()
				for _, u := range steps {
					t0 := time.Now()
					if err := post(client, srv.URL, u, secret); err != nil {
						return err
					}
					reqLats[s] = append(reqLats[s], time.Since(t0))
				}
				voteLats[s] = append(voteLats[s], time.Since(v0))
			}
		})
	})
	if err != nil {
		return result{}, err
	}
	var counted int
	if err := st.DB().Get(&counted, `SELECT count(*) FROM votes`); err != nil {
		return result{}, err
	}
	if counted != voters {
		return result{}, fmt.Errorf("%d votes counted, want %d", counted, voters)
	}
	n := voters * 4
	return result{requests: n, elapsed: elapsed, reqPerSec: float64(n) / elapsed.Seconds(), reqLat: slices.Concat(reqLats...),
		votes: voters, voteLat: slices.Concat(voteLats...), cpuSelf: self, cpuPostgre: pg}, nil
}

func press(id int, from int64, data string) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"callback_query":{"id":"q%d","from":{"id":%d,"is_bot":false,"first_name":"V","language_code":"fr"},"message":{"message_id":1,"date":1,"chat":{"id":%d,"type":"private"}},"chat_instance":"c","data":%q}}`,
		id, id, from, from, data)
}

func contactUpdate(id int, from int64, phone string) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"V","language_code":"fr"},"chat":{"id":%d,"type":"private"},"contact":{"phone_number":%q,"first_name":"V","user_id":%d}}}`,
		id, id, from, from, phone, from)
}

func benchClient(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: conns * 2}}
}

func post(c *http.Client, base string, body []byte, token string) error {
	req, _ := http.NewRequest(http.MethodPost, base+telegram.WebhookPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(telegram.SecretHeader, token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func parallel(n int, f func(int) error) error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for s := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[s] = f(s)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
