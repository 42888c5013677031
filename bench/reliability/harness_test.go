package reliability

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq" // the harness's own connections

	"prixbot/bench/benchkit"
	"prixbot/bot"
	"prixbot/bot/pace"
	"prixbot/bot/telegram"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/internal/testbin"
	"prixbot/store/localpg"
)

// A voter's vote takes over four seconds however fast the bot is: it sends
// a chat one message a second, as Telegram allows, and a vote is five
// messages. About 30 voters voting at once fill the bot's 29 messages a
// second; 40 keep it full, so that a burst takes as long as its messages at
// that rate (120 voters: about 21 seconds; 16 at a time took 36), and a
// fault after a third of the votes still meets 40 in flight and 40 voters
// yet to start.
//
// Those seconds are pace.ShortSecond long by default: the bot is built with
// the tag prixbot_shortsecond, and the fake Bot API counts Telegram's limits
// in the same second, so the scenarios run at Telegram's counts in a fifth
// of the time (29 s → 11 s for the package). bench/reliability.sh runs the
// bot as it is shipped, in real seconds (-real-second).
var (
	numVoters  = flag.Int("voters", 120, "simulated voters per scenario (bench/reliability.sh uses 1000)")
	numSenders = flag.Int("senders", 40, "voters voting at once (bench/reliability.sh uses 16)")
	realSecond = flag.Bool("real-second", false, "run the bot as shipped, paced in real seconds, instead of built with the tag prixbot_shortsecond (bench/reliability.sh sets it)")
)

// second is how long the bot's and the fake Bot API's seconds last.
func second() time.Duration {
	if *realSecond {
		return time.Second
	}
	return pace.ShortSecond
}

// Secrets the bot is given; none may appear in its logs.
const (
	token  = "4242:AAreliability-token-do-not-log"
	secret = "reliability_webhook_secret"
	pepper = "reliability-pepper-do-not-log"
)

// deliveryDeadline bounds how long a voter keeps retrying one update.
const deliveryDeadline = 90 * time.Second

// projects are shortlisted projects of the sample contest, voted for in turn.
var projects = []string{"ecole-des-devoirs-volante", "atelier-numerique-seniors", "alpha-jardin"}

var (
	readyLine   = regexp.MustCompile(`msg="prixbot ready" http=(\S+)`)
	receiptText = regexp.MustCompile(`Receipt: ([A-Z2-7]{5}-[A-Z2-7]{5})`)
)

// binary is the prixbot binary, built once per test run while the template
// cluster starts, in a directory kept between runs (package testbin) unless
// temporary.
var binary struct {
	once      sync.Once
	done      chan struct{} // closed once the build has ended
	dir       string
	temporary bool
	path      string
	err       error
}

// startBuild starts building the binary in the background, unless it is
// built or being built.
func startBuild() {
	binary.once.Do(func() {
		binary.done = make(chan struct{})
		go func() {
			defer close(binary.done)
			name, tags := "reliability", []string{}
			if !*realSecond {
				name, tags = "reliability-shortsecond", []string{"-tags", "prixbot_shortsecond"}
			}
			if binary.dir, binary.temporary, binary.err = testbin.Dir(name); binary.err != nil {
				return
			}
			binary.path = filepath.Join(binary.dir, "prixbot")
			args := append([]string{"build", "-o", binary.path}, tags...)
			out, err := exec.Command("go", append(args, "prixbot/cmd/prixbot")...).CombinedOutput()
			if err != nil {
				binary.err = fmt.Errorf("go build: %v\n%s", err, out)
			}
		}()
	})
}

// removeShared removes the template cluster and a temporary binary, once
// they are made if they were begun.
func removeShared() {
	template.once.Do(func() {}) // no template from now on; and we see the one made
	if template.dir != "" {
		os.RemoveAll(template.dir)
	}
	binary.once.Do(func() {})
	if binary.done == nil {
		return
	}
	<-binary.done
	if binary.temporary {
		os.RemoveAll(binary.dir)
	}
}

// env is one scenario's world: a PostgreSQL cluster, a fake Bot API, the
// bot's replicas and a balancer in front of them.
type env struct {
	t       testing.TB
	bin     string
	dir     string // the cluster's directory
	cluster *localpg.Cluster
	dbURL   string
	db      *sql.DB // the harness's own connection, for checks
	api     *telegramtest.Server
	lb      *balancer

	mu       sync.Mutex
	replicas []*replica

	ids      atomic.Int64 // update ids
	receipts atomic.Int64 // receipts voters saw
	refused  atomic.Int64 // deliveries answered non-2xx, to be delivered again
}

func newEnv(t testing.TB) *env {
	t.Helper()
	tmpl := templateDir(t)
	top, err := localpg.MkdirTemp("prixbot-reliability-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	e := &env{t: t, bin: binary.path, dir: filepath.Join(top, "pg"), api: telegramtest.New(), lb: &balancer{}}
	t.Cleanup(e.api.Close)
	limits := telegramtest.TelegramLimits
	limits.Second = second()
	e.api.SetLimits(limits)
	if err := os.Mkdir(e.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// cp -a keeps the files' owner, the account PostgreSQL runs as.
	if out, err := exec.Command("cp", "-a", filepath.Join(tmpl, "pgdata"), e.dir).CombinedOutput(); err != nil {
		t.Fatalf("copy the template cluster: %v\n%s", err, out)
	}
	e.startPostgres()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		e.cluster.Stop(ctx)
	})
	e.dbURL = e.cluster.URL("prixbot")
	if e.db, err = sql.Open("postgres", e.dbURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })
	return e
}

// template is a stopped cluster that holds the prixbot database with the
// sample contest imported, made once per test run while the binary builds;
// each scenario starts a copy of it. (An initdb per scenario, six at once,
// took 12 s on a loaded 2-core machine.)
var template struct {
	once sync.Once
	dir  string // holds the cluster's directory, pg
	err  error
}

// templateDir returns the template cluster's directory once it is made;
// the binary is built by then.
func templateDir(t testing.TB) string {
	t.Helper()
	template.once.Do(func() {
		if template.dir, template.err = localpg.MkdirTemp("prixbot-reliability-template-"); template.err == nil {
			template.err = makeTemplate(filepath.Join(template.dir, "pg"))
		}
	})
	if template.err != nil {
		t.Fatal(template.err)
	}
	return filepath.Join(template.dir, "pg")
}

// makeTemplate makes the template cluster in dir.
func makeTemplate(dir string) (err error) {
	ctx := context.Background()
	startBuild() // the binary builds while the cluster starts
	c, err := localpg.Options{Ephemeral: true}.Start(ctx, dir, slog.New(slog.DiscardHandler))
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	defer func() {
		if stopped := c.Stop(ctx); err == nil && stopped != nil {
			err = fmt.Errorf("stop PostgreSQL: %w", stopped)
		}
	}()
	if err := c.CreateDatabase(ctx, "prixbot"); err != nil {
		return err
	}
	<-binary.done
	if binary.err != nil {
		return binary.err
	}
	// The bot loads no sample on a DATABASE_URL: import it explicitly.
	imp := exec.Command(binary.path, "import", "sample")
	imp.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "DATABASE_URL=" + c.URL("prixbot")}
	if out, err := imp.CombinedOutput(); err != nil {
		return fmt.Errorf("prixbot import sample: %v\n%s", err, out)
	}
	return nil
}

// startPostgres starts (or restarts) the scenario's cluster.
func (e *env) startPostgres() {
	e.t.Helper()
	c, err := localpg.Options{Ephemeral: true}.Start(context.Background(), e.dir, slog.New(slog.DiscardHandler))
	if err != nil {
		e.t.Fatalf("start PostgreSQL: %v", err)
	}
	e.cluster = c
}

// replica is one running prixbot process.
type replica struct {
	name   string
	cmd    *exec.Cmd
	addr   string
	logs   *bytes.Buffer // complete once exited is closed
	exited chan struct{}
	served atomic.Int64 // confirm presses it answered with 200
}

// startReplica runs the bot in webhook mode on the scenario's database and
// adds it to the balancer once it is ready.
func (e *env) startReplica(name string) *replica {
	e.t.Helper()
	cmd := exec.Command(e.bin, "run")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"PRIXBOT_DATA=" + filepath.Join(filepath.Dir(e.dir), name),
		"DATABASE_URL=" + e.dbURL, "HTTP_ADDR=127.0.0.1:0",
		"TELEGRAM_TOKEN=" + token, "TELEGRAM_API_ENDPOINT=" + e.api.Endpoint(),
		"TELEGRAM_WEBHOOK_URL=https://prix.example.org" + telegram.WebhookPath, "TELEGRAM_WEBHOOK_SECRET=" + secret,
		"VOTER_PEPPER=" + pepper, "LOG_LEVEL=debug",
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	r := &replica{name: name, cmd: cmd, logs: &bytes.Buffer{}, exited: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		defer close(r.exited)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			r.logs.WriteString(sc.Text() + "\n")
			if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
		cmd.Wait()
	}()
	e.t.Cleanup(func() {
		cmd.Process.Kill()
		<-r.exited
		if e.t.Failed() {
			e.t.Logf("%s's log:\n%s", name, tail(r.logs.String(), 40))
		}
	})
	select {
	case r.addr = <-found:
	case <-r.exited:
		e.t.Fatalf("%s exited before it was ready:\n%s", name, r.logs.String())
	case <-time.After(60 * time.Second):
		e.t.Fatalf("%s not ready within 60 s", name)
	}
	e.mu.Lock()
	e.replicas = append(e.replicas, r)
	e.mu.Unlock()
	e.lb.add(r)
	return r
}

// awaitRefusals waits until the replicas have answered n more deliveries
// with a non-2xx status (a fault is felt by every sender), or 10 s.
func (e *env) awaitRefusals(n int) {
	want := e.refused.Load() + int64(n)
	for deadline := time.Now().Add(10 * time.Second); e.refused.Load() < want && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
}

// holder is another client holding connections to the scenario's server.
type holder struct {
	db    *sql.DB
	conns []*sql.Conn
	held  int
}

// exhaust takes every connection the server allows, ending the replicas'
// connections so that they need new ones, which the server refuses with
// "too many clients" (SQLSTATE 53300) until close.
func (e *env) exhaust() *holder {
	e.t.Helper()
	ctx := context.Background()
	h := &holder{}
	var err error
	if h.db, err = sql.Open("postgres", e.dbURL+"&application_name="+holderName); err != nil {
		e.t.Fatal(err)
	}
	// Takers try for a connection all along: the replicas, retrying
	// updates, race us for each slot a connection ended frees, and taking
	// them only after the ending, one at a time, lost that race for seconds.
	var mu sync.Mutex
	var full atomic.Int64 // when a taker was last refused, in Unix ns
	stop := make(chan struct{})
	var takers sync.WaitGroup
	for range 16 {
		takers.Go(func() {
			for {
				if c, err := h.db.Conn(ctx); err == nil {
					mu.Lock()
					h.conns = append(h.conns, c)
					mu.Unlock()
					continue
				}
				full.Store(time.Now().UnixNano())
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
			}
		})
	}
	defer func() {
		close(stop)
		takers.Wait()
		h.held = len(h.conns)
	}()
	for range 100 { // until the server is full and holds no connection of the replicas
		since, deadline := time.Now(), time.Now().Add(30*time.Second)
		for full.Load() < since.UnixNano() && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		conns := h.conns
		mu.Unlock()
		if full.Load() < since.UnixNano() || len(conns) == 0 {
			e.t.Fatalf("could not take the server's connections: %d taken, the server still not full", len(conns))
		}
		var others int
		err := conns[0].QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity
			WHERE backend_type = 'client backend' AND application_name <> $1`, holderName).Scan(&others)
		if err != nil {
			e.t.Fatal(err)
		}
		if others == 0 {
			break
		}
	}
	return h
}

// holderName is the application_name of the holder's connections.
const holderName = "reliability-holder"

// close gives the connections back.
func (h *holder) close() {
	for _, c := range h.conns {
		c.Close()
	}
	h.db.Close()
}

// kill kills r with SIGKILL and takes it out of the balancer.
func (e *env) kill(r *replica) {
	e.lb.remove(r)
	r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.exited
}

// balancer sends each request to the next live replica, like a round-robin
// load balancer; a failed request is retried by the voter.
type balancer struct {
	mu   sync.Mutex
	live []*replica
	next int
}

func (b *balancer) add(r *replica) {
	b.mu.Lock()
	b.live = append(b.live, r)
	b.mu.Unlock()
}

func (b *balancer) remove(r *replica) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, x := range b.live {
		if x == r {
			b.live = append(b.live[:i:i], b.live[i+1:]...)
			return
		}
	}
}

func (b *balancer) pick() *replica {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.live) == 0 {
		return nil
	}
	b.next++
	return b.live[b.next%len(b.live)]
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// deliver posts one update through the balancer until a replica answers
// 2xx, as Telegram delivers an update again only when the webhook answered
// non-2xx or the connection failed, and makes the Bot API call the answer
// carries, as Telegram does. It returns the replica that took the update.
func (e *env) deliver(ctx context.Context, body []byte) (*replica, error) {
	deadline := time.Now().Add(deliveryDeadline)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		if r := e.lb.pick(); r != nil {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+r.addr+telegram.WebhookPath, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(telegram.SecretHeader, secret)
			resp, err := client.Do(req)
			if err == nil {
				carried, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case resp.StatusCode/100 == 2 && err == nil:
					e.api.Perform(resp.Header.Get("Content-Type"), carried)
					return r, nil
				case resp.StatusCode == http.StatusBadRequest, resp.StatusCode == http.StatusUnauthorized:
					return nil, fmt.Errorf("replica %s refused an update: %d", r.name, resp.StatusCode)
				case resp.StatusCode/100 != 2:
					e.refused.Add(1)
				}
			}
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no replica took an update within %s", deliveryDeadline)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait): // retry back-off, as Telegram's
		}
	}
}

// voter is one simulated person.
type voter struct {
	i       int
	user    int64
	phone   string // as Telegram shares it
	project string
}

func newVoter(i int) voter {
	return voter{i: i, user: 7_000_000 + int64(i), phone: fmt.Sprintf("32470%06d", i), project: projects[i%len(projects)]}
}

// phoneHash is what the database keeps of the voter's phone.
func (v voter) phoneHash() []byte { return bot.PhoneHash([]byte(pepper), "+"+v.phone) }

// vote goes through the whole vote once, as a person does who sees each
// step answered: the project card, Vote, the shared contact, Confirm. It
// never starts again: an action the bot acknowledged but did not do would
// be lost, and check finds it. It returns how many confirm presses it sent.
func (e *env) vote(ctx context.Context, v voter) (presses int, err error) {
	id := int(e.ids.Add(4))
	steps := [][]byte{
		benchkit.Message(id, v.user, bot.EN, "/start "+bot.DeepLinkPrefix+v.project),
		benchkit.Press(id+1, v.user, bot.EN, "v:"+v.project),
		benchkit.Contact(id+2, v.user, bot.EN, v.phone),
		benchkit.Press(id+3, v.user, bot.EN, "c:"+v.project),
	}
	var last *replica
	for _, u := range steps {
		if last, err = e.deliver(ctx, u); err != nil {
			return presses, fmt.Errorf("voter %d: %w", v.i, err)
		}
	}
	last.served.Add(1)
	if e.receiptSent(v) {
		e.receipts.Add(1)
	}
	return 1, nil
}

// receiptSent reports whether the fake Bot API carried a receipt to v.
func (e *env) receiptSent(v voter) bool {
	chat := fmt.Sprint(v.user)
	for _, c := range e.api.Calls("sendMessage", "editMessageText") {
		if c.Params.Get("chat_id") == chat && receiptText.MatchString(c.Params.Get("text")) {
			return true
		}
	}
	return false
}

// hasVote is what /myvote would tell the voter, read from the database; it
// waits for the database while it is down.
func (e *env) hasVote(ctx context.Context, v voter) (bool, error) {
	var n int
	var err error
	for wait := 50 * time.Millisecond; wait < 20*time.Second; wait *= 2 {
		err = e.db.QueryRowContext(ctx, `SELECT count(*) FROM votes JOIN voters ON voters.id = votes.voter_id WHERE voters.phone_hash = $1 AND votes.voided_at IS NULL`, v.phoneHash()).Scan(&n)
		if err == nil {
			return n > 0, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(wait):
		}
	}
	return false, err
}

// burst has numVoters vote, numSenders at a time. during runs once when
// `at` voters have their receipt (0: never), and calls faulted once its
// fault is in place. The last numSenders voters start only then (or once
// during has returned), so that the fault meets voters yet to start however
// quickly the others vote: setting up a fault takes its own time, seconds
// to take a server's connections, which a burst paced in short seconds
// could outrun.
func (e *env) burst(at int, during func(faulted func())) (presses int64) {
	e.t.Helper()
	ctx := context.Background()
	var next, total atomic.Int64
	var once, release sync.Once
	released := make(chan struct{})
	faulted := func() { release.Do(func() { close(released) }) }
	held := *numVoters - *numSenders // voters after this one wait for the fault
	if at == 0 || at > held {
		faulted() // no fault, or one the held voters would never let come
	}
	var wg, dwg sync.WaitGroup
	errs := make(chan error, *numSenders)
	for range *numSenders {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > *numVoters {
					return
				}
				if i > held {
					<-released
				}
				n, err := e.vote(ctx, newVoter(i))
				total.Add(int64(n))
				if err != nil {
					errs <- err
					return
				}
				if at > 0 && e.receipts.Load() >= int64(at) {
					once.Do(func() {
						dwg.Go(func() {
							defer faulted()
							during(faulted)
						})
					})
				}
			}
		})
	}
	wg.Wait()
	dwg.Wait()
	close(errs)
	for err := range errs {
		e.t.Error(err)
	}
	if e.t.Failed() {
		e.t.FailNow()
	}
	return total.Load()
}

// counts are what a scenario ends with.
type counts struct {
	voters, presses, receipts, stored, distinct, lost, missing int
}

func (c counts) String() string {
	return fmt.Sprintf("%d voters, %d confirm presses sent, %d receipts sent, %d votes stored (%d distinct voters), lost %d, voters without a vote %d",
		c.voters, c.presses, c.receipts, c.stored, c.distinct, c.lost, c.missing)
}

// check compares the database with the receipts the fake Bot API carried and
// the voters, and greps the replicas' logs for secrets and phone numbers.
func (e *env) check(presses int64) counts {
	e.t.Helper()
	c := counts{voters: *numVoters, presses: int(presses)}
	stored := map[string]bool{}
	rows, err := e.db.Query(`SELECT receipt FROM votes WHERE voided_at IS NULL`)
	if err != nil {
		e.t.Fatal(err)
	}
	for rows.Next() {
		var r string
		rows.Scan(&r)
		stored[r] = true
	}
	rows.Close()
	for _, call := range e.api.Calls("sendMessage", "editMessageText") {
		for _, m := range receiptText.FindAllStringSubmatch(call.Params.Get("text"), -1) {
			c.receipts++
			if !stored[m[1]] {
				c.lost++
			}
		}
	}
	if err := e.db.QueryRow(`SELECT count(*), count(DISTINCT voter_id) FROM votes WHERE voided_at IS NULL`).Scan(&c.stored, &c.distinct); err != nil {
		e.t.Fatal(err)
	}
	for i := 1; i <= *numVoters; i++ {
		if ok, err := e.hasVote(context.Background(), newVoter(i)); err != nil || !ok {
			c.missing++
		}
	}
	if c.lost != 0 || c.missing != 0 || c.stored != *numVoters || c.distinct != *numVoters {
		e.t.Errorf("want every voter's vote stored once and no receipt lost: %s", c)
	}
	e.checkLogs()
	return c
}

// checkLogs fails if a replica logged a secret or a voter's phone number.
func (e *env) checkLogs() {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	phone := regexp.MustCompile(`\+?32470\d{6}`)
	for _, r := range e.replicas {
		logs := r.logs.String()
		select {
		case <-r.exited:
		default:
			continue // still running: its log is still being written
		}
		for _, s := range []string{token, strings.TrimPrefix(token, "4242:"), secret, pepper} {
			if strings.Contains(logs, s) {
				e.t.Errorf("%s logged the secret %q", r.name, s)
			}
		}
		if m := phone.FindString(logs); m != "" {
			e.t.Errorf("%s logged a phone number: %s", r.name, m)
		}
		// The logger blanks secrets as a last resort; code must not try.
		if strings.Contains(logs, "[redacted]") {
			e.t.Errorf("%s tried to log a secret or a phone number (the logger redacted it)", r.name)
		}
	}
}

// stopAll stops the running replicas with SIGTERM, so their logs are complete.
func (e *env) stopAll() {
	e.mu.Lock()
	rs := e.replicas
	e.mu.Unlock()
	for _, r := range rs {
		r.cmd.Process.Signal(syscall.SIGTERM)
		<-r.exited
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
