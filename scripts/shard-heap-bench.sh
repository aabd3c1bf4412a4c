#!/usr/bin/env bash
# Issue 19: "a dataset larger than the heap trains". The reward model trains one epoch on the same requests twice
# in the same small Java heap: from the prepared file (loaded whole) and from its sharded set (streamed: the header,
# one batch and the shuffle window are held). The first is expected to fail with OutOfMemoryError, the second to
# finish. The network's weights live in PyTorch's native memory, not on the heap, so the heap holds the data.
# usage: scripts/shard-heap-bench.sh [OUT]   (default OUT: runs/shard-heap-bench)
# env:   USERS (default 10000) ITEMS (5000): the simulated log, about 10^6 interactions; the slate protocol makes
#        about one request per 6 interactions
#        HEAP (default -Xmx128m): the one heap both trainings get
# Each step prints its wall time, exit code and peak RSS (/usr/bin/time).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/shard-heap-bench}"
heap="${HEAP:--Xmx128m}"
mkdir -p "$out"
g="$here/goalrank"
"$g" --version > /dev/null || exit 1
"$g" spark --version > /dev/null || exit 1

step() { # step NAME COMMAND...: runs it, keeps its log, prints wall time, exit code and peak RSS
  local name="$1"
  shift
  /usr/bin/time -f "%e s wall, exit %x, %M KB peak RSS" -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1
  echo "$name: $(cat "$out/$name.time" | tail -1)" | tee -a "$out/summary.txt"
}

echo "=== start $(date -u +%T) | $(uptime)" | tee -a "$out/summary.txt"
[[ -f "$out/log.csv" ]] || step log "$g" spark simulate-log --users "${USERS:-10000}" --items "${ITEMS:-5000}" \
  --out "$out/log.csv"
[[ -f "$out/prepared.bin" ]] || GOALRANK_JAVA_OPTS=-Xmx4g step prepare "$g" prepare --quiet --dataset csv \
  --data "$out/log.csv" --threshold 4 --requests slates --negatives matched --out "$out/prepared.bin"
[[ -d "$out/shards" ]] || GOALRANK_JAVA_OPTS=-Xmx4g step shard "$g" spark shard --prepared "$out/prepared.bin" \
  --out "$out/shards" --records-per-shard 20000
"$g" info "$out/prepared.bin" 2>/dev/null | grep -E "^ *stats.requests" | tee -a "$out/summary.txt"
echo "prepared file $(du -h "$out/prepared.bin" | cut -f1) (gzip), shards $(du -sh "$out/shards" | cut -f1); heap $heap" \
  | tee -a "$out/summary.txt"
GOALRANK_JAVA_OPTS="$heap" step train-reward-file "$g" train-reward --quiet --prepared "$out/prepared.bin" \
  --out "$out/reward-file" --reward-epochs 1
grep -m1 -o "OutOfMemoryError[^\"]*" "$out/train-reward-file.log" | tee -a "$out/summary.txt"
GOALRANK_JAVA_OPTS="$heap" step train-reward-shards "$g" train-reward --quiet --shards "$out/shards" \
  --out "$out/reward-shards" --reward-epochs 1
echo "=== end $(date -u +%T) | $(uptime)" | tee -a "$out/summary.txt"
