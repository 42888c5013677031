package metrics

import (
	"context"
	"database/sql"
	"io"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq"
	"github.com/prometheus/client_golang/prometheus"
)

// scrape returns the exposition Handler serves.
func scrape(t *testing.T) string {
	t.Helper()
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// forget drops what earlier runs of a test (go test -count) counted for a
// platform, so that each run sees its own counts.
func forget(platform string) {
	for _, v := range []interface {
		DeletePartialMatch(prometheus.Labels) int
	}{updates, handleSeconds, apiCalls, apiSeconds} {
		v.DeletePartialMatch(prometheus.Labels{"platform": platform})
	}
}

func TestHooksAppearInExposition(t *testing.T) {
	forget("telegram")
	UpdateHandled("telegram", OK, 3*time.Millisecond)
	UpdateHandled("telegram", Duplicate, time.Millisecond)
	Called("telegram", "sendMessage", 429, 20*time.Millisecond)
	Called("telegram", "sendMessage", 0, time.Second)
	CronRan("tick", time.Unix(1_700_000_000, 0))
	SetOutbox(func(context.Context) (OutboxStats, error) {
		return OutboxStats{Due: 7, Scheduled: 2, Dead: 1, OldestDue: 90 * time.Second}, nil
	})
	SetVotes(func(context.Context) (map[string]int, error) { return map[string]int{"slack": 3, "telegram": 40}, nil })
	t.Cleanup(func() { SetOutbox(nil); SetVotes(nil) })

	out := scrape(t)
	for _, want := range []string{
		`prixbot_updates_total{outcome="ok",platform="telegram"} 1`,
		`prixbot_updates_total{outcome="duplicate",platform="telegram"} 1`,
		`prixbot_update_handle_seconds_count{platform="telegram"} 2`,
		`prixbot_votes{platform="slack"} 3`,
		`prixbot_votes{platform="telegram"} 40`,
		`prixbot_platform_calls_total{code="429",method="sendMessage",platform="telegram"} 1`,
		`prixbot_platform_calls_total{code="none",method="sendMessage",platform="telegram"} 1`,
		`prixbot_cron_last_run_timestamp_seconds{job="tick"} 1.7e+09`,
		`prixbot_outbox_depth{state="due"} 7`,
		`prixbot_outbox_depth{state="dead"} 1`,
		`prixbot_outbox_oldest_due_seconds 90`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want)).MatchString(out) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}

// TestDatabaseDownStillServesMetrics points the collectors at a database
// that does not answer: /metrics still answers 200 with the Go, process and
// pool metrics, skips the outbox and the votes, and counts their failures.
func TestDatabaseDownStillServesMetrics(t *testing.T) {
	d, err := sql.Open("postgres", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	SetDB(d)
	SetOutbox(func(ctx context.Context) (OutboxStats, error) {
		var s OutboxStats
		return s, d.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&s.Due)
	})
	SetVotes(func(ctx context.Context) (map[string]int, error) {
		var n int
		return map[string]int{"telegram": n}, d.QueryRowContext(ctx, `SELECT count(*) FROM votes`).Scan(&n)
	})
	t.Cleanup(func() { SetDB(nil); SetOutbox(nil); SetVotes(nil) })
	// The counter is read while the scrape runs, maybe before the outbox
	// collector fails in it: a scrape later, that failure shows.
	before := counted(t, scrape(t), `prixbot_collector_errors_total{collector="outbox"}`)
	scrape(t)
	out := scrape(t) // fails the test unless 200
	for _, want := range []string{"go_goroutines ", "process_resident_memory_bytes ", "prixbot_db_max_open_connections ", "prixbot_db_open_connections ",
		`prixbot_collector_errors_total{collector="outbox"} `, `prixbot_collector_errors_total{collector="votes"} `} {
		if !strings.Contains(out, "\n"+want) {
			t.Errorf("exposition with the database down lacks %s", want)
		}
	}
	for _, gone := range []string{"prixbot_outbox_depth{", "prixbot_votes{"} {
		if strings.Contains(out, gone) {
			t.Errorf("exposition with the database down reports %s", gone)
		}
	}
	if got := counted(t, out, `prixbot_collector_errors_total{collector="outbox"}`); got < before+1 {
		t.Errorf("outbox collector errors went from %v to %v over two scrapes, want more", before, got)
	}
}

// counted returns the value of series in the exposition out.
func counted(t *testing.T, out, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("exposition lacks %s", series)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDBStats(t *testing.T) {
	d, err := sql.Open("postgres", "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.SetMaxOpenConns(9)
	SetDB(d)
	t.Cleanup(func() { SetDB(nil) })
	out := scrape(t)
	for _, want := range []string{"prixbot_db_max_open_connections 9", "prixbot_db_open_connections 0", `prixbot_db_closed_connections_total{reason="max_idle"} 0`} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(out) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}

func TestReadiness(t *testing.T) {
	SetReady("telegram", false)
	SetReady("database", true)
	SetReady("slack", false)
	if got := NotReady(); !slices.Equal(got, []string{"slack", "telegram"}) {
		t.Fatalf("NotReady = %v", got)
	}
	SetReady("telegram", true)
	SetReady("slack", true)
	if got := NotReady(); len(got) != 0 {
		t.Fatalf("NotReady = %v, want none", got)
	}
	if out := scrape(t); !regexp.MustCompile(`(?m)^prixbot_component_ready\{component="telegram"\} 1$`).MatchString(out) {
		t.Errorf("exposition lacks the telegram readiness gauge")
	}
}
