#!/usr/bin/env bash
# The reliability suite at full size: 1,000 voters per scenario (kill -9
# mid-burst, PostgreSQL restarted, the server's connections exhausted by
# another client, two replicas, two replicas with one killed, SIGTERM
# mid-burst), with a client that delivers an update again only on a non-2xx
# answer or a failed connection, as Telegram does. `go test
# ./bench/reliability` (and so CI) runs it with 120, 40 at a time.
# The scenarios run one at a time here (-parallel 1), so that each figure is
# free of the others' load; go test runs them together. 16 voters vote at
# once here, as in the figures BENCHMARKS.md records, and the bot is the one
# shipped, paced in real seconds (-real-second); go test builds it to count
# in pace.ShortSecond.
#   bench/reliability.sh [-voters 1000] [-senders 16]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) CPU, $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(go version); $(date -u +%F)"
go test ./bench/reliability -count=1 -v -timeout 60m -parallel 1 -args -voters 1000 -senders 16 -real-second "$@" 2>&1 | grep -E '^(---|ok|FAIL|PASS)|reliability_test.go|harness_test.go'
