package reliability

import (
	"flag"
	"os"
	"strconv"
	"testing"
)

// scenarios is how many scenarios run at once by default: all of them.
// Each has its own PostgreSQL cluster, fake Bot API and bot processes, and
// spends its time waiting on Telegram's rate limits (30 messages a second, 1
// a second per chat) rather than on the CPU, so running them together
// takes about as long as the longest one instead of the sum. go test's own
// default (GOMAXPROCS, 2 here) would run two at a time; an explicit
// -parallel (bench/reliability.sh passes 1, for figures free of the other
// scenarios' load) is kept.
const scenarios = 6

func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(scenarios))
	}
	code := m.Run()
	removeShared()
	os.Exit(code)
}
