package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// get returns the status and body of GET url.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMetricsAndReadiness: a running bot serves its pool and outbox
// metrics, and /readyz checks the database.
func TestMetricsAndReadiness(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	b, addr, _ := startBot(t, bin, filepath.Join(searchableTempDir(t), "data"))
	defer b.stop(t)

	code, body := get(t, "http://"+addr+"/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics: %d\n%s", code, body)
	}
	for _, want := range []string{"prixbot_db_open_connections ", `prixbot_outbox_depth{state="due"} 0`, "prixbot_outbox_oldest_due_seconds 0", "process_resident_memory_bytes "} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics lacks %q", want)
		}
	}
	if code, body := get(t, "http://"+addr+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("GET /readyz: %d %q", code, body)
	}
}
