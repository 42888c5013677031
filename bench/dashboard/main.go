// Command dashboard measures the organisers' dashboard overview (GET
// /admin, signed in) on a contest of 100,000 votes and 20 jurors: it seeds
// a scratch database (the sample contest, its 20 finalists, votes over the
// public vote's weeks on three platforms with 1 % voided, a voter account
// for each, deep-link openings, 20 jurors with submitted sheets, drafts and
// conflicts), then requests the overview one at a time and prints p50 and
// p99, and the time of each part of the overview's reads.
//
// It creates the scratch database on the server of -db and drops it
// afterwards. See BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"time"

	"prixbot/bench/benchkit"
	"prixbot/bot"
	"prixbot/store"
	"prixbot/web"
)

func main() {
	admin := flag.String("db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "URL of a database of a user who may create databases")
	votes := flag.Int("votes", 100000, "votes in the contest")
	jurors := flag.Int("jurors", 20, "jurors in the contest")
	requests := flag.Int("requests", 200, "overview requests measured")
	keep := flag.Bool("keep", false, "keep the scratch database, to look at its query plans, and print its URL")
	flag.Parse()
	if err := run(*admin, *votes, *jurors, *requests, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "dashboard:", err)
		os.Exit(1)
	}
}

// now is during the sample's public vote.
var now = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

func run(adminURL string, votes, jurors, requests int, keep bool) error {
	ctx := context.Background()
	db, err := benchkit.NewScratch(ctx, adminURL)
	if err != nil {
		return err
	}
	if keep {
		defer fmt.Println("kept the scratch database", db.URL)
	} else {
		defer db.Close()
	}
	st := db.Store
	ed, err := st.Current(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := seed(ctx, st, ed.ID, votes, jurors); err != nil {
		return err
	}
	fmt.Printf("seeded %d votes and %d jurors in %s\n", votes, jurors, time.Since(start).Round(time.Millisecond))

	b := bot.New(bot.Config{Store: st, Admins: map[string]bool{"console:bench": true}, NowFunc: func() time.Time { return now },
		Log: slog.New(slog.DiscardHandler)})
	public, _ := url.Parse("http://127.0.0.1")
	pages := web.New(web.Config{Store: st, PublicURL: public, NowFunc: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler), Bot: b})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: pages.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	var link string
	organiser := store.Actor{Platform: bot.Console, ID: "bench"}
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		link, err = tx.CreateWebLink(ctx, ed.ID, organiser, organiser, now)
		return err
	}); err != nil {
		return err
	}
	session, _, err := st.OpenWebSession(ctx, ed.ID, link, now)
	if err != nil {
		return err
	}
	get := func() (time.Duration, error) {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/admin", nil)
		req.Header.Set("Accept-Language", "en")
		req.AddCookie(&http.Cookie{Name: "prixbot_admin", Value: session})
		t0 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n < 10000 {
			return 0, fmt.Errorf("GET /admin: %d, %d bytes", resp.StatusCode, n)
		}
		return time.Since(t0), nil
	}
	for range 5 { // warm up the connections and the plans
		if _, err := get(); err != nil {
			return err
		}
	}
	fmt.Printf("%d requests, one at a time; GOMAXPROCS %d; %s\n", requests, runtime.GOMAXPROCS(0), time.Now().Format(time.RFC3339))
	ds := make([]time.Duration, 0, requests)
	for range requests {
		d, err := get()
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	slices.Sort(ds)
	fmt.Printf("GET /admin: p50 %s, p99 %s, max %s\n", pct(ds, 50), pct(ds, 99), ds[len(ds)-1].Round(10*time.Microsecond))
	return parts(ctx, st, ed)
}

func pct(ds []time.Duration, p int) time.Duration {
	return ds[min(len(ds)*p/100, len(ds)-1)].Round(10 * time.Microsecond)
}

// parts times each read of the overview on its own, 20 times, and prints
// the medians.
func parts(ctx context.Context, st *store.Store, ed *store.Edition) error {
	tz := ed.Contest.Location.String()
	reads := []struct {
		name string
		fn   func() error
	}{
		{"overview (one snapshot)", func() error {
			_, err := st.Overview(ctx, ed.ID, store.FraudThresholds{}, tz, "day")
			return err
		}},
		{"status counts", func() error {
			return st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Status(ctx, ed.ID); return err })
		}},
		{"live tally", func() error {
			return st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Tally(ctx, ed.ID); return err })
		}},
		{"fraud signals", func() error {
			return st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Suspicious(ctx, ed.ID, store.FraudThresholds{}); return err })
		}},
		{"votes by day and platform", func() error { _, err := st.VoteTimeline(ctx, ed.ID, tz, "day"); return err }},
		{"outbox health", func() error { _, err := st.OutboxHealth(ctx, now); return err }},
		{"audit page", func() error {
			_, _, err := st.AuditPage(ctx, ed.ID, store.AuditFilter{Limit: 10})
			return err
		}},
	}
	for _, r := range reads {
		ds := make([]time.Duration, 0, 20)
		for range 20 {
			t0 := time.Now()
			if err := r.fn(); err != nil {
				return fmt.Errorf("%s: %w", r.name, err)
			}
			ds = append(ds, time.Since(t0))
		}
		slices.Sort(ds)
		fmt.Printf("  %-26s median %s\n", r.name, ds[len(ds)/2].Round(10*time.Microsecond))
	}
	return nil
}

// seed writes the votes and the jury in SQL, set-wise.
func seed(ctx context.Context, st *store.Store, contestID int64, votes, jurors int) error {
	db := st.DB()
	stmts := []string{
		// A voter, their account (first seen up to two days before the
		// vote) and their vote, for one of the 20 finalists (skewed), on
		// Telegram, Slack or the console, over six weeks of the vote.
		`INSERT INTO accounts (platform, platform_user_id, chat_id, created_at)
			SELECT CASE WHEN i % 10 < 7 THEN 'telegram' WHEN i % 10 < 9 THEN 'slack' ELSE 'console' END, 'u' || i, 'u' || i,
				$2::timestamptz - (i % 42) * interval '1 day' - (i % 48) * interval '1 hour'
			FROM generate_series(1, $1) i`,
		`INSERT INTO voters (contest_id, phone_hash, prefix_hash, created_at)
			SELECT $1, sha256(('phone' || i)::bytea), CASE WHEN i % 400 < 6 THEN sha256(('block' || i % 7)::bytea) END, $3::timestamptz
			FROM generate_series(1, $2) i`,
		`INSERT INTO voter_accounts (voter_id, account_id, contest_id)
			SELECT v.id, a.id, $1 FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM voters WHERE contest_id = $1) v
			JOIN (SELECT id, row_number() OVER (ORDER BY id) n FROM accounts WHERE platform_user_id LIKE 'u%') a ON a.n = v.n`,
		`INSERT INTO votes (contest_id, voter_id, slot, project_id, receipt, platform, cast_at, voided_at, void_reason)
			SELECT $1, va.voter_id, 1, p.id, upper(substr(md5(va.voter_id::text), 1, 5) || '-' || substr(md5(va.voter_id::text), 6, 5)),
				a.platform, a.created_at + (va.voter_id % 36) * interval '1 hour',
				CASE WHEN va.voter_id % 100 = 0 THEN a.created_at + interval '3 days' END,
				CASE WHEN va.voter_id % 100 = 0 THEN 'bench' END
			FROM voter_accounts va JOIN accounts a ON a.id = va.account_id
			JOIN (SELECT id, row_number() OVER (ORDER BY position, id) - 1 AS k FROM projects WHERE contest_id = $1 AND shortlisted) p
				ON p.k = floor(20 * power(((va.voter_id * 7919) % 1000) / 1000.0, 2))
			WHERE va.contest_id = $1`,
		`INSERT INTO deep_link_opens (contest_id, project_id, opened_at)
			SELECT $1, id, $2::timestamptz - (i % 500) * interval '1 hour' FROM projects, generate_series(1, 300) i
			WHERE contest_id = $1 AND shortlisted`,
		`INSERT INTO jurors (contest_id, name, enrolled_at)
			SELECT $1, 'Bench juror ' || lpad(i::text, 2, '0'), $2 FROM generate_series(1, $3) i`,
		// Each juror's sheets: half submitted, a fifth drafts, one in
		// twenty a conflict, the rest to do.
		`INSERT INTO jury_sheets (contest_id, juror_id, project_id, submitted_at, conflict)
			SELECT $1, j.id, p.id, CASE WHEN (j.id * 31 + p.position * 17) % 20 < 10 THEN $2::timestamptz END,
				(j.id * 31 + p.position * 17) % 20 = 19
			FROM jurors j JOIN projects p ON p.contest_id = j.contest_id AND p.shortlisted
			WHERE j.contest_id = $1 AND ((j.id * 31 + p.position * 17) % 20 < 14 OR (j.id * 31 + p.position * 17) % 20 = 19)`,
		`INSERT INTO scores (juror_id, project_id, criterion, score)
			SELECT sh.juror_id, sh.project_id, c.criterion, (sh.juror_id + c.n) % 4
			FROM jury_sheets sh, (SELECT 'c' || n AS criterion, n FROM generate_series(1, 12) n) c
			WHERE sh.contest_id = $1 AND NOT sh.conflict AND (sh.submitted_at IS NOT NULL OR c.n <= 3)`,
		`INSERT INTO audit_log (contest_id, actor_platform, actor_id, action, target)
			SELECT $1, 'telegram', '42', 'bench ' || i, '' FROM generate_series(1, 500) i`,
		`ANALYZE`,
	}
	args := [][]any{
		{votes, now}, {contestID, votes, now}, {contestID}, {contestID}, {contestID, now}, {contestID, now, jurors - 2},
		{contestID, now}, {contestID}, {contestID}, nil,
	}
	for i, q := range stmts {
		if _, err := db.ExecContext(ctx, q, args[i]...); err != nil {
			return fmt.Errorf("seed step %d: %w", i+1, err)
		}
	}
	var n, j int
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM votes WHERE contest_id = $1`, contestID); err != nil {
		return err
	}
	if err := db.GetContext(ctx, &j, `SELECT count(*) FROM jurors WHERE contest_id = $1`, contestID); err != nil {
		return err
	}
	if n != votes || j != jurors {
		return fmt.Errorf("seeded %d votes and %d jurors, want %d and %d", n, j, votes, jurors)
	}
	return nil
}
