// Command webhookvote measures prixbot's Telegram webhook vote path (or,
// with -platform slack, its Slack vote path: see slack.go) against two
// baselines on the same PostgreSQL server, in one run:
//
//  1. pgbench running one INSERT … ON CONFLICT DO NOTHING per transaction
//     (the database's limit);
//  2. a minimal net/http handler that decodes the same update JSON and does
//     one such insert per request (the floor of any webhook bot on this stack);
//  3. prixbot: simulated voters each go through the real flow
//     (/start p-<id> → Vote → contact → confirm → receipt) by POSTing updates
//     to /telegram/webhook, replies going to a local fake Bot API.
//
// The load generator and the fake Bot API run in a child process (this
// program started with -drive), so that this process's CPU is the handler's
// alone; Postgres CPU is that of this database's backends and of the server's
// own processes, not of other databases' backends.
//
// It creates a scratch database on the server and drops it afterwards. See
// bench/webhookvote.sh and BENCHMARKS.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	_ "github.com/lib/pq"
	"golang.org/x/time/rate"

	"prixbot/bench/benchkit"
	"prixbot/bot"
	"prixbot/bot/pace"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/store"
)

func main() {
	admin := flag.String("db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "URL of a database of a user who may create databases")
	pgbench := flag.String("pgbench", "/usr/lib/postgresql/15/bin/pgbench", "pgbench binary")
	senders := flag.Int("senders", 16, "concurrent senders")
	voters := flag.Int("voters", 2000, "simulated voters for the prixbot path")
	requests := flag.Int("requests", 8000, "requests for the minimal handler baseline")
	seconds := flag.Int("seconds", 10, "pgbench duration")
	rounds := flag.Int("rounds", 3, "minimal and prixbot runs, alternated; the ratio reported is the median of the rounds'")
	steps := flag.Int("steps", 4, "steps of the vote each voter goes through, 1 to 4 (/start, Vote, contact, confirm): fewer measure the first steps alone")
	workers := flag.Int("workers", 0, "the Telegram adapter's workers (0: its default)")
	platform := flag.String("platform", "telegram", "the vote path measured: telegram (/start, Vote, contact, confirm by webhook) or slack (Vote and Confirm presses as signed interaction payloads)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the prixbot path to this file")
	drive := flag.Bool("drive", false, "run as the load generator and fake Bot API (the benchmark starts itself so)")
	flag.Parse()
	if *drive {
		if err := driver(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "webhookvote -drive:", err)
			os.Exit(1)
		}
		return
	}
	if *platform != "telegram" && *platform != "slack" {
		fmt.Fprintln(os.Stderr, "webhookvote: -platform is telegram or slack")
		os.Exit(2)
	}
	if err := run(*platform, *admin, *pgbench, *senders, *voters, *requests, *seconds, max(*rounds, 1), min(max(*steps, 1), 4), *workers, *cpuProfile); err != nil {
		fmt.Fprintln(os.Stderr, "webhookvote:", err)
		os.Exit(1)
	}
}

func run(platform, adminURL, pgbench string, senders, voters, requests, seconds, rounds, steps, workers int, cpuProfile string) error {
	ctx := context.Background()
	db, err := benchkit.NewScratch(ctx, adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	load, err := startLoad()
	if err != nil {
		return err
	}
	defer load.close()
	pg := postgresCPU{db: db.Name}
	st, dbURL := db.Store, db.URL
	if _, err := st.DB().Exec(`CREATE TABLE bench_updates (update_id bigint PRIMARY KEY, user_id bigint NOT NULL, body text NOT NULL)`); err != nil {
		return err
	}
	fmt.Printf("platform %s; senders %d; GOMAXPROCS %d; %s\n\n", platform, senders, runtime.GOMAXPROCS(0), time.Now().Format(time.RFC3339))

	// 1. pgbench.
	tps, lat, err := runPgbench(pgbench, dbURL, senders, seconds)
	if err != nil {
		return err
	}
	fmt.Printf("pgbench INSERT … ON CONFLICT DO NOTHING: %.0f tx/s, mean latency %.2f ms\n", tps, lat)

	// 2 and 3, alternated: the machine's speed drifts (other virtual
	// machines on the host), so each ratio compares runs seconds apart, and
	// the median of the rounds is the figure.
	var ratios []float64
	for r := range rounds {
		kind, decode := "minimal", decodeTelegram
		if platform == "slack" {
			kind, decode = "slack-minimal", decodeSlack
		}
		minimal, err := runMinimal(load, pg, dbURL, kind, decode, senders, requests, r*requests)
		if err != nil {
			return err
		}
		fmt.Printf("round %d minimal net/http handler: %s\n", r+1, minimal)
		if cpuProfile != "" && r == 0 {
			f, err := os.Create(cpuProfile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
		}
		var res result
		if platform == "slack" {
			res, err = runSlackBot(ctx, load, pg, st, senders, voters, r*voters)
		} else {
			res, err = runBot(ctx, load, pg, st, senders, voters, r*voters, steps, workers)
		}
		pprof.StopCPUProfile()
		if err != nil {
			return err
		}
		ratios = append(ratios, res.reqPerSec/minimal.reqPerSec)
		fmt.Printf("round %d prixbot %s vote path: %s\n", r+1, platform, res)
		fmt.Printf("round %d ratio prixbot/minimal requests/s: %.2f\n\n", r+1, ratios[r])
	}
	each := make([]string, len(ratios))
	for i, x := range ratios {
		each[i] = fmt.Sprintf("%.2f", x)
	}
	slices.Sort(ratios)
	fmt.Printf("ratio prixbot/minimal requests/s: %.2f (median of %d rounds: %s)\n", ratios[len(ratios)/2], rounds, strings.Join(each, ", "))
	return nil
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
	stepLat    [4][]time.Duration
	steps      []string // the names of stepLat's steps
	votes      int
	voteLat    []time.Duration
	cpuSelf    time.Duration // this process: the handler under test
	cpuLoad    time.Duration // the child process: load generator and fake Bot API
	cpuPostgre time.Duration // this database's backends and the server's own processes
	cpuOthers  time.Duration // other databases' backends (other people's tests)
}

func (r result) String() string {
	s := fmt.Sprintf("%d requests in %s: %.0f req/s, p50 %s, p99 %s per request",
		r.requests, r.elapsed.Round(time.Millisecond), r.reqPerSec, pct(r.reqLat, 50), pct(r.reqLat, 99))
	if r.votes > 0 {
		s += fmt.Sprintf("; %d votes: %.0f votes/s, p50 %s, p99 %s per vote (%d requests)",
			r.votes, float64(r.votes)/r.elapsed.Seconds(), pct(r.voteLat, 50), pct(r.voteLat, 99), len(r.steps))
	}
	for i, name := range r.steps {
		if len(r.stepLat[i]) > 0 {
			s += fmt.Sprintf("; %s p50 %s, p99 %s", name, pct(r.stepLat[i], 50), pct(r.stepLat[i], 99))
		}
	}
	n := time.Duration(r.requests)
	return s + fmt.Sprintf("; CPU: handler %s (%s per request), postgres %s (%s per request), load generator and fake Bot API %s; other databases' backends %s",
		r.cpuSelf.Round(time.Millisecond), (r.cpuSelf/n).Round(time.Microsecond), r.cpuPostgre.Round(time.Millisecond), (r.cpuPostgre/n).Round(time.Microsecond),
		r.cpuLoad.Round(time.Millisecond), r.cpuOthers.Round(time.Millisecond))
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}

// measure runs the load job j in the child process, with the CPU of this
// process and of postgres counted.
func measure(load *loadProcess, pg postgresCPU, j job) (result, error) {
	self0, pg0 := selfCPU(), pg.read()
	lr, err := load.run(j)
	self, pg1 := selfCPU()-self0, pg.read()
	if err != nil {
		return result{}, err
	}
	r := result{requests: len(lr.ReqLat), elapsed: lr.Elapsed, reqPerSec: float64(len(lr.ReqLat)) / lr.Elapsed.Seconds(),
		reqLat: lr.ReqLat, stepLat: lr.StepLat, voteLat: lr.VoteLat, votes: len(lr.VoteLat), cpuSelf: self, cpuLoad: lr.CPU}
	switch j.Kind {
	case "bot":
		r.steps = []string{"/start", "Vote", "contact", "confirm"}
	case "slack":
		r.steps = []string{"Vote", "Confirm"}
	}
	for pid, t := range pg1 { // backends that ended meanwhile are not counted
		d := t.cpu - pg0[pid].cpu
		if t.ours {
			r.cpuPostgre += d
		} else {
			r.cpuOthers += d
		}
	}
	return r, nil
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// postgresCPU reads the CPU time of the server's processes.
type postgresCPU struct {
	db string // the scratch database
}

// pgProc is one postgres process: its user+system time, and whether it
// works for the benchmark (a backend of its database, or one of the
// server's own processes such as the WAL writer).
type pgProc struct {
	cpu  time.Duration
	ours bool
}

func (p postgresCPU) read() map[string]pgProc {
	out := map[string]pgProc{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(d + "/stat")
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
		// A backend's title is "postgres: <cluster>: <user> <database> <client> …".
		cmd, _ := os.ReadFile(d + "/cmdline")
		backend := bytes.Contains(cmd, []byte("(")) || bytes.Contains(cmd, []byte("[local]"))
		ours := !backend || bytes.Contains(cmd, []byte(" "+p.db+" "))
		out[d] = pgProc{cpu: time.Duration(u+s) * time.Second / 100, ours: ours} // USER_HZ
	}
	return out
}

// minimalRow is what the minimal handler stores of a request: one row.
type minimalRow struct {
	updateID, userID int64
	body             string
}

// decodeTelegram is the minimal handler's reading of a Telegram update.
func decodeTelegram(r *http.Request) (minimalRow, bool) {
	var u tgbotapi.Update
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Message == nil {
		return minimalRow{}, false
	}
	return minimalRow{int64(u.UpdateID), u.Message.From.ID, u.Message.Text}, true
}

// runMinimal measures the minimal handler, reading each request with
// decode, on requests requests of the job kind, numbered from first+1.
func runMinimal(load *loadProcess, pg postgresCPU, dbURL, kind string, decode func(*http.Request) (minimalRow, bool), senders, requests, first int) (result, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		row, ok := decode(r)
		if !ok {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if _, err := db.ExecContext(r.Context(), `INSERT INTO bench_updates (update_id, user_id, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			-row.updateID, row.userID, row.body); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}))
	defer srv.Close()
	return measure(load, pg, job{Kind: kind, URL: srv.URL, Senders: senders, N: requests, First: first})
}

const secret = "bench-secret"

// runBot measures prixbot on voters new voters, numbered from first+1.
func runBot(ctx context.Context, load *loadProcess, pg postgresCPU, st *store.Store, senders, voters, first, steps, workers int) (result, error) {
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) // public vote open in the sample
	b := bot.New(bot.Config{Store: st, Pepper: []byte("bench"), NowFunc: func() time.Time { return now }, Log: quiet})
	a, err := telegram.New(telegram.Config{Token: "1:bench", APIEndpoint: load.endpoint, WebhookURL: "https://bench.invalid/telegram/webhook",
		WebhookSecret: secret, Workers: workers, Log: quiet, Limits: pace.Limits{Messages: rate.Inf, PerChat: rate.Inf}}, b)
	if err != nil {
		return result{}, err
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	srv := httptest.NewServer(a.WebhookHandler())
	defer srv.Close()
	res, err := measure(load, pg, job{Kind: "bot", URL: srv.URL, Senders: senders, N: voters, First: first, Steps: steps})
	if err != nil {
		return result{}, err
	}
	var counted int
	if err := st.DB().Get(&counted, `SELECT count(*) FROM votes`); err != nil {
		return result{}, err
	}
	if steps == 4 && counted != first+voters || steps < 4 && counted != 0 {
		return result{}, fmt.Errorf("%d votes counted after %d voters went through %d steps", counted, first+voters, steps)
	}
	return res, nil
}

// loadProcess is the child process that generates the load and serves the
// fake Bot API.
type loadProcess struct {
	cmd      *exec.Cmd
	in       io.WriteCloser
	out      *json.Decoder
	endpoint string // the fake Bot API, in tgbotapi's format
	slackURL string // the fake Slack: Web API under /api/, response URLs under /response/
}

// job is one load run: Senders concurrent senders POST N requests (minimal)
// or the updates of N voters (bot) to URL, numbered from First+1.
type job struct {
	Kind    string // "minimal" or "bot" (Telegram), "slack-minimal" or "slack"
	URL     string
	Senders int
	N       int
	First   int
	Steps   int // bot: the first Steps updates of each voter's four; slack: 2
}

// loadResult is what the child measured of a job, and the CPU it used.
type loadResult struct {
	Elapsed time.Duration
	ReqLat  []time.Duration
	StepLat [4][]time.Duration // the bot's requests by step: /start, Vote, contact, confirm (slack: Vote, Confirm)
	VoteLat []time.Duration
	CPU     time.Duration
	Err     string
}

func startLoad() (*loadProcess, error) {
	cmd := exec.Command(os.Args[0], "-drive")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	endpoint, slackURL, found := strings.Cut(strings.TrimSpace(line), " ")
	if err != nil || !found {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("load generator: %q, %v", line, err)
	}
	return &loadProcess{cmd: cmd, in: in, out: json.NewDecoder(r), endpoint: endpoint, slackURL: slackURL}, nil
}

func (l *loadProcess) run(j job) (loadResult, error) {
	if err := json.NewEncoder(l.in).Encode(j); err != nil {
		return loadResult{}, err
	}
	var r loadResult
	if err := l.out.Decode(&r); err != nil {
		return loadResult{}, fmt.Errorf("load generator: %w", err)
	}
	if r.Err != "" {
		return loadResult{}, fmt.Errorf("load generator: %s", r.Err)
	}
	return r, nil
}

func (l *loadProcess) close() {
	l.in.Close()
	l.cmd.Wait()
}

// driver is the child process: it serves a fake Bot API and a fake Slack,
// says where on its first line, then runs each job read from in and writes
// its result to out, until in closes.
func driver(in io.Reader, out io.Writer) error {
	api := telegramtest.New()
	api.Record.Store(false)
	// The cost of the vote path, not Telegram's limits (bench/burst
	// measures those): neither the fake nor the adapter limits the rate.
	api.SetLimits(telegramtest.Unlimited)
	defer api.Close()
	fake := fakeSlack()
	defer fake.Close()
	if _, err := fmt.Fprintln(out, api.Endpoint(), fake.URL); err != nil {
		return err
	}
	dec, enc := json.NewDecoder(in), json.NewEncoder(out)
	for {
		var j job
		if err := dec.Decode(&j); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		r, err := drive(j, fake.URL)
		if err != nil {
			r.Err = err.Error()
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
}

// drive runs one job; slackURL is the fake Slack's, for response URLs.
func drive(j job, slackURL string) (loadResult, error) {
	client := benchClient(j.Senders)
	var next atomic.Int64
	reqLats := make([][]time.Duration, j.Senders)
	voteLats := make([][]time.Duration, j.Senders)
	stepLats := make([][4][]time.Duration, j.Senders)
	send := func(s int, u []byte, token string) (time.Duration, error) {
		t0 := time.Now()
		if err := post(client, j.URL, u, token); err != nil {
			return 0, err
		}
		d := time.Since(t0)
		reqLats[s] = append(reqLats[s], d)
		return d, nil
	}
	cpu0, began := selfCPU(), time.Now()
	err := parallel(j.Senders, func(s int) error {
		for {
			i := int(next.Add(1))
			if i > j.N {
				return nil
			}
			i += j.First
			switch j.Kind {
			case "minimal":
				if _, err := send(s, benchkit.Message(i, int64(i), "fr", "/start p-alpha-jardin"), ""); err != nil {
					return err
				}
				continue
			case "slack-minimal":
				t0 := time.Now()
				if err := postSlack(client, j.URL, slackPress(slackURL, i, fmt.Sprintf("U%07d", i), "v:alpha-jardin")); err != nil {
					return err
				}
				reqLats[s] = append(reqLats[s], time.Since(t0))
				continue
			case "slack":
				v0 := time.Now()
				for step, data := range []string{"v:alpha-jardin", "c:alpha-jardin"} {
					t0 := time.Now()
					if err := postSlack(client, j.URL, slackPress(slackURL, i*2+step, fmt.Sprintf("U%07d", i), data)); err != nil {
						return err
					}
					d := time.Since(t0)
					reqLats[s] = append(reqLats[s], d)
					stepLats[s][step] = append(stepLats[s][step], d)
				}
				voteLats[s] = append(voteLats[s], time.Since(v0))
				continue
			}
			from := int64(1_000_000 + i)
			project := "alpha-jardin"
			v0 := time.Now()
			for step, u := range [][]byte{
				benchkit.Message(i*4, from, "fr", "/start p-"+project),
				benchkit.Press(i*4+1, from, "fr", "v:"+project),
				benchkit.Contact(i*4+2, from, "fr", fmt.Sprintf("32470%06d", i)),
				benchkit.Press(i*4+3, from, "fr", "c:"+project),
			}[:j.Steps] {
				d, err := send(s, u, secret)
				if err != nil {
					return err
				}
				stepLats[s][step] = append(stepLats[s][step], d)
			}
			if j.Steps == 4 {
				voteLats[s] = append(voteLats[s], time.Since(v0))
			}
		}
	})
	r := loadResult{Elapsed: time.Since(began), ReqLat: slices.Concat(reqLats...), VoteLat: slices.Concat(voteLats...), CPU: selfCPU() - cpu0}
	for _, sl := range stepLats {
		for step := range sl {
			r.StepLat[step] = append(r.StepLat[step], sl[step]...)
		}
	}
	return r, err
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
	return do(c, req)
}

// do sends req and reads the response to its end, as Telegram and Slack do
// (it may carry a Bot API call or a Slack acknowledgement), so that the
// connection is kept alive for the next request.
func do(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
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
