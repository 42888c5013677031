#!/usr/bin/env bash
# Times the test suite against an older commit, on this machine, one run
# after the other: the older tree's whole suite (`go test -count=1 ./...`),
# then this commit's tests that the older tree also had (same package, same
# name), then this commit's whole suite; ROUNDS times (default 3), after a
# first run of each to fill the build cache. Each tree is a fresh clone in a
# temporary directory, removed at the end. Wall seconds, and the busy
# CPU-seconds of the whole machine (PostgreSQL and chromium included), come
# from /proc/stat. Record the output in BENCHMARKS.md with the machine.
#   bench/suitetime.sh OLD [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: bench/suitetime.sh OLD [ROUNDS]}
rounds=${2:-3}
new=$(git rev-parse --short HEAD)
old=$(git rev-parse --short "$old^{commit}")
work=$(mktemp -d -t prixbot-suitetime-XXXXXX)
trap 'rm -rf "$work"' EXIT
# The bot binaries the end-to-end tests keep between runs go in the user's
# cache directory, under the clone's path: keep them in $work instead, and
# the Go build cache where it is.
export GOCACHE=$(go env GOCACHE) XDG_CACHE_HOME=$work/cache
git clone --quiet --no-checkout . "$work/old" && git -C "$work/old" checkout --quiet "$old"
git clone --quiet --no-checkout . "$work/new" && git -C "$work/new" checkout --quiet "$new"
echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(go version); $(date -u '+%F %H:%M') UTC"
echo "chromium: $(command -v chromium || echo 'not installed: the browser tests skip')"

# list prints "package name" for each test, fuzz target and example.
list() {
  (cd "$1" && go test -list '.*' ./... 2>/dev/null) |
    awk '/^(Test|Fuzz|Example)/ {names[++n] = $1} /^(ok|\?) / {for (i = 1; i <= n; i++) print $2, names[i]; n = 0}' | sort -u
}
list "$work/old" >"$work/old.list"
list "$work/new" >"$work/new.list"
comm -12 "$work/old.list" "$work/new.list" >"$work/common.list"
pattern="^($(cut -d' ' -f2 "$work/common.list" | sort -u | paste -sd'|'))\$"
packages=$(cut -d' ' -f1 "$work/common.list" | sort -u | tr '\n' ' ')
echo "tests: $old has $(wc -l <"$work/old.list"), $new has $(wc -l <"$work/new.list"), $(wc -l <"$work/common.list") of them by the same name in the same package"

# timed LABEL DIR ARGS... runs go test ARGS in DIR and prints its wall and
# CPU seconds; the result goes in $wall. A failed run stops the script.
timed() {
  local label=$1 dir=$2 b0 b1 t0 t1
  shift 2
  read -r _ u n s _ _ x y z _ </proc/stat; b0=$((u + n + s + x + y + z)); t0=$(date +%s%N)
  if ! (cd "$dir" && go test -count=1 "$@" >"$work/out" 2>&1); then
    cat "$work/out"; echo "$label: go test failed" >&2; exit 1
  fi
  read -r _ u n s _ _ x y z _ </proc/stat; b1=$((u + n + s + x + y + z)); t1=$(date +%s%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  printf '%-34s %6s s wall %6.1f CPU-s\n' "$label" "$wall" "$(awk -v a="$b0" -v b="$b1" -v hz="$(getconf CLK_TCK)" 'BEGIN {print (b - a) / hz}')"
}

echo "== filling the build cache (not counted)"
timed "$old, whole suite" "$work/old" ./... >/dev/null
timed "$new, whole suite" "$work/new" ./... >/dev/null
for round in $(seq "$rounds"); do
  echo "== round $round"
  timed "$old, whole suite" "$work/old" ./...; base=$wall
  timed "$new, the tests $old had" "$work/new" -run "$pattern" $packages; same=$wall
  timed "$new, whole suite" "$work/new" ./...; whole=$wall
  awk -v b="$base" -v s="$same" -v w="$whole" 'BEGIN {printf "ratios to %s: the same tests %.2f, the whole suite %.2f\n", "'"$old"'", s / b, w / b}'
done
