#!/usr/bin/env bash
# The serving benchmark of issues 16 and 18, for docs/BENCHMARKS.md. Run it on an otherwise quiet machine; it takes
# about 10-20 minutes. usage: scripts/serving-bench.sh [OUT_DIR]   (default /tmp/serving-bench-<UTC time>)
#
# 1. For each size (small, medium) and engine (djl, java): `serve --random-model SIZE --engine ENGINE` on a free
#    port (it warms its engine up before listening), `loadtest --clients 32 --requests 1000` against it (after its
#    default 2,000 warm-up requests; it prints the server's and its own CPU ms per request, which the summary keeps),
#    then the server is stopped (SIGTERM, graceful);
#    the same again beside a competing CPU-bound process (`yes > /dev/null`), started before the server and
#    stopped after it.
# 2. `bench --engines` pinned to one core (`taskset -c 0`, one PyTorch thread): the one-core p50 at batch 1 and 32
#    of the Java engine, DJL fast and DJL reference, and the MFU of each batch-1 decode against the measured peak.
# `uptime` is printed before and after every run; the summary table at the end (also OUT_DIR/summary.md) is in
# the form docs/BENCHMARKS.md uses. Logs of every server, load test and the bench are kept in OUT_DIR.
#
# Knobs (environment): SIZES ("small medium"), ENGINES ("djl java"; add java+w2 for the Java engine on 2 batch
# workers of 1 thread each), CLIENTS (32), REQUESTS (1000), SERVE_ARGS (extra `serve` options for every run),
# BENCH=0 skips step 2.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gr="$root/goalrank"
out="${1:-/tmp/serving-bench-$(date -u +%Y%m%dT%H%M%SZ)}"
SIZES="${SIZES:-small medium}"
ENGINES="${ENGINES:-djl java}"
CLIENTS="${CLIENTS:-32}"
REQUESTS="${REQUESTS:-1000}"
SERVE_ARGS="${SERVE_ARGS:-}"
mkdir -p "$out"
summary="$out/summary.md"

echo "serving benchmark into $out ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
"$gr" --version >/dev/null || { echo "could not build goalrank" >&2; exit 1; } # build once, before any timing

hog=""
server=""
cleanup() {
  [[ -n "$server" ]] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [[ -n "$hog" ]] && kill "$hog" 2>/dev/null && wait "$hog" 2>/dev/null
}
trap cleanup EXIT INT TERM

load1() { cut -d' ' -f1 /proc/loadavg; }

{
  echo "| engine | size | beside | requests/s | p50 ms | p99 ms | p99/p50 | in-service p50 / p99 ms | in-service p99/p50 | errors | server cpu ms/request | client cpu ms/request | load before | load after |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$summary"

# one serve + loadtest run; $3 = idle | busy (a competing `yes > /dev/null` for the whole run)
run_case() {
  local label="$1" size="$2" beside="$3"
  local engine="${label%%+*}" extra=""
  [[ "$label" == *+w2 ]] && extra="--workers 2 --engine-threads 1"
  local tag="$label-$size-$beside"
  local log="$out/serve-$tag.log" result="$out/loadtest-$tag.txt"
  echo
  echo "== $label engine, $size, $beside =="
  echo "uptime before: $(uptime)"
  local before; before=$(load1)
  if [[ "$beside" == busy ]]; then
    yes > /dev/null &
    hog=$!
  fi
  # shellcheck disable=SC2086 # SERVE_ARGS is a list of options
  "$gr" serve --random-model "$size" --engine "$engine" --port 0 --quiet $extra $SERVE_ARGS 2> "$log" &
  server=$!
  local url=""
  for _ in $(seq 1 600); do # up to 5 minutes for the start-up line (the model is built first)
    url=$(grep -o 'listening on http://[^ ]*' "$log" 2>/dev/null | tail -1 | sed 's/^listening on //')
    [[ -n "$url" ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  local row
  if [[ -z "$url" ]]; then
    echo "the server did not start; its log:"
    cat "$log"
    row="| $label | $size | $beside | server did not start | | | | | | | | | $before | $(load1) |"
  else
    grep 'goalrank serve: model' "$log"
    "$gr" loadtest --url "$url" --clients "$CLIENTS" --requests "$REQUESTS" --quiet > "$result" 2>&1
    cat "$result"
    local rate p50 p99 tail errors
    rate=$(sed -n 's/^throughput \([0-9.]*\) requests.*/\1/p' "$result")
    p50=$(sed -n 's/^latency ms: p50 \([0-9.NaN]*\),.*/\1/p' "$result")
    p99=$(sed -n 's/^latency ms: .* p99 \([0-9.NaN]*\),.*/\1/p' "$result")
    tail=$(sed -n 's/^latency ms: .*p99\/p50 \([0-9.NaN]*\).*/\1/p' "$result")
    errors=$(sed -n 's/^ok [0-9]*, errors \([0-9]*\),.*/\1/p' "$result")
    # the server's own timing of the same answers (GET /health?last=K): the client's share of the tail is the rest
    local in50 in99 intail
    in50=$(sed -n 's/^in-service latency ms.*: p50 \([0-9.NaN]*\),.*/\1/p' "$result")
    in99=$(sed -n 's/^in-service latency ms.*, p99 \([0-9.NaN]*\),.*/\1/p' "$result")
    intail=$(sed -n 's/^in-service latency ms.*p99\/p50 \([0-9.NaN]*\).*/\1/p' "$result")
    # where the 2 cores went: the server's and the load test's own process CPU over the measured requests
    scpu=$(sed -n 's/^cpu ms per request: server \([0-9.?]*\).*/\1/p' "$result")
    ccpu=$(sed -n 's/^cpu ms per request: .*this client \([0-9.]*\).*/\1/p' "$result")
    [[ -z "$errors" ]] && errors="all failed"
    row="| $label | $size | $beside | ${rate:-?} | ${p50:-?} | ${p99:-?} | ${tail:-?} | ${in50:-?} / ${in99:-?} | ${intail:-?} | $errors | ${scpu:-?} | ${ccpu:-?} | $before | $(load1) |"
  fi
  kill -TERM "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  server=""
  if [[ -n "$hog" ]]; then
    kill "$hog" 2>/dev/null
    wait "$hog" 2>/dev/null
    hog=""
  fi
  echo "uptime after: $(uptime)"
  echo "$row" >> "$summary"
}

for size in $SIZES; do
  for beside in idle busy; do
    for engine in $ENGINES; do
      run_case "$engine" "$size" "$beside"
    done
  done
done

if [[ "${BENCH:-1}" != 0 ]]; then
  echo
  echo "== bench --engines on one core (taskset -c 0, one PyTorch thread) =="
  echo "uptime before: $(uptime)"
  sizes_csv=$(echo "$SIZES" | tr ' ' ',')
  # 300 warm-up calls per engine and case: with bench's default 5 the Java engine's kernels are still being
  # compiled by C2 while timed (p50 2.6-3.3 ms at batch 1 against 2.2 ms warm, docs/BENCHMARKS.md)
  GOALRANK_THREADS=1 taskset -c 0 "$gr" bench --engines --engine-sizes "$sizes_csv" --warmup 300 --requests 1000 --quiet \
    --out "$out/bench-engines-1core.md" > "$out/bench-engines-1core.txt" 2>&1
  cat "$out/bench-engines-1core.txt"
  echo "uptime after: $(uptime)"
fi

echo
echo "## Load test: $CLIENTS closed-loop clients, $REQUESTS requests, random-initialised generators, $(nproc) CPUs"
echo "(beside: idle, or busy = one competing \`yes > /dev/null\`; load = 1-minute load average before/after)"
echo
cat "$summary"
echo
echo "logs: $out"
