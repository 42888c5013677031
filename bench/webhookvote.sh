#!/bin/sh
# Runs the webhook vote benchmark and its two baselines on one PostgreSQL
# server (default: 127.0.0.1:5432 as user postgres). Record the output in
# BENCHMARKS.md with the machine and the date. -platform slack measures the
# Slack vote path (Vote and Confirm presses as signed interaction payloads).
#   bench/webhookvote.sh [-platform telegram|slack] [-db URL] [-senders 16] [-voters 2000] [-requests 8000] [-seconds 10]
set -e
cd "$(dirname "$0")/.."
echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(go version)"
exec go run ./bench/webhookvote "$@"
