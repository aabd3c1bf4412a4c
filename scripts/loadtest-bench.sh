#!/usr/bin/env bash
# Serving under 32 closed-loop clients, per engine (djl, java) and per condition (idle, beside a competing CPU-bound
# process), one server at a time, in one run (issues 16 and 18). Prints each loadtest's report and `uptime` before and
# after it, then one summary line per cell: engine, size, condition, throughput, p50, p99, p99/p50, errors.
# Usage: [GOALRANK=launcher] scripts/loadtest-bench.sh [SIZES] [REQUESTS]     e.g. small,medium 1000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gr="${GOALRANK:-$here/goalrank}"
sizes="${1:-small,medium}"
requests="${2:-1000}"
port=18093
summary=()
wait_up() {
  for _ in $(seq 1 240); do
    curl -sf "127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server on port $port did not come up" >&2
  return 1
}
for size in ${sizes//,/ }; do
  for engine in djl java; do
    for condition in idle busy; do
      "$gr" serve --random-model "$size" --engine "$engine" --port "$port" >"/tmp/loadtest-serve-$$.log" 2>&1 &
      server=$!
      wait_up
      competitor=""
      if [[ "$condition" == busy ]]; then
        yes >/dev/null &
        competitor=$!
      fi
      echo "=== $size $engine $condition | $(date -u +%FT%TZ) | $(uptime)"
      out="$("$gr" loadtest --url "http://127.0.0.1:$port" --clients 32 --requests "$requests" --quiet 2>&1)"
      echo "$out"
      echo "=== end | $(uptime)"
      [[ -n "$competitor" ]] && kill "$competitor"
      kill "$server"
      wait "$server" 2>/dev/null || true
      tput="$(grep -o 'throughput [0-9.]*' <<<"$out" | cut -d' ' -f2)"
      lat="$(grep 'latency ms' <<<"$out")"
      p50="$(grep -o 'p50 [0-9.]*' <<<"$lat" | head -1 | cut -d' ' -f2)"
      p99="$(grep -o 'p99 [0-9.]*' <<<"$lat" | head -1 | cut -d' ' -f2)"
      ratio="$(grep -o 'p99/p50 [0-9.]*' <<<"$lat" | cut -d' ' -f2)"
      errors="$(grep -o 'errors [0-9]*' <<<"$out" | tail -1 | cut -d' ' -f2)"
      summary+=("| $size | $engine | $condition | $tput | $p50 | $p99 | $ratio | $errors |")
    done
  done
done
echo
echo "| size | engine | condition | requests/s | p50 ms | p99 ms | p99/p50 | errors |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
