package reliability

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRSS measures the resident memory of one bot process in webhook
// mode: idle after start-up, and the peak during a burst of numVoters votes
// numSenders at a time (bench/run passes -voters 1000 -senders 16, as in
// the figures BENCHMARKS.md records).
func BenchmarkRSS(b *testing.B) {
	for b.Loop() {
		e := newEnv(b)
		r := e.startReplica("bot")
		time.Sleep(2 * time.Second) // let start-up garbage be collected: idle is what follows
		idle := rss(b, r.cmd.Process.Pid)
		var peak atomic.Int64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					peak.Store(max(peak.Load(), rss(b, r.cmd.Process.Pid)))
				}
			}
		}()
		e.burst(0, nil)
		close(stop)
		<-sampled
		b.ReportMetric(float64(idle)/1024, "idle_RSS_MiB")
		b.ReportMetric(float64(peak.Load())/1024, "load_RSS_MiB")
		e.stopAll()
	}
}

// rss returns the resident set size of process pid in KiB.
func rss(tb testing.TB, pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatalf("no VmRSS for process %d", pid)
	return 0
}
