#!/usr/bin/env bash
# Issue 19's scale benchmark (docs/SPARK.md; the numbers belong in docs/BENCHMARKS.md). Written, not yet run: it
# takes the machine for a while (a 10^7-interaction log, two prepares, a short training from the prepared file and
# the same from shards, two batch rankings).
# usage: scripts/spark-scale-bench.sh [OUT]   (default OUT: runs/spark-bench; a fresh folder is best)
# env:   USERS (default 100000) ITEMS (20000) PER_USER (80,120): about 10^7 interactions
#        GOALRANK_JAVA_OPTS (default -Xmx12g here) for every JVM, so both paths get the same heap
#        SHARD_HEAP (default -Xmx2g): the heap of a second training from shards, to show it fits one far smaller
#        than the data (the request set streams; only the header, one batch and the shuffle window are held)
# Each step prints its wall time and the peak resident memory of its JVM (/usr/bin/time; ./goalrank execs java).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/spark-bench}"
users="${USERS:-100000}"
items="${ITEMS:-20000}"
per="${PER_USER:-80,120}"
export GOALRANK_JAVA_OPTS="${GOALRANK_JAVA_OPTS:--Xmx12g}"
mkdir -p "$out"
g="$here/goalrank"

step() { # step NAME COMMAND...: runs it, keeps its log, prints wall time and peak RSS
  local name="$1"
  shift
  /usr/bin/time -f "%e s wall, %M KB peak RSS" -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1
  echo "$name: $(cat "$out/$name.time")" | tee -a "$out/summary.txt"
}

"$g" --version > /dev/null        # builds core before anything is timed
"$g" spark --version > /dev/null  # builds the spark module

step log "$g" spark simulate-log --users "$users" --items "$items" --interactions-per-user "$per" --out "$out/log.csv"
# prepare: the single-machine path vs Spark local[2] (the same requests: SparkPrepareTest proves it on small logs)
step prepare-single "$g" prepare --quiet --dataset csv --data "$out/log.csv" --threshold 4 --out "$out/single.bin"
step prepare-spark "$g" spark prepare --master 'local[2]' --shuffle-partitions 4 --dataset csv --data "$out/log.csv" \
  --threshold 4 --out "$out/spark.bin" --shards "$out/requests" --records-per-shard 20000 --work "$out/work"
"$g" spark compare "$out/single.bin" "$out/spark.bin" | tee -a "$out/summary.txt"
# a generator to rank with: its compute per request does not depend on how well it is trained, so one epoch
step train-reward "$g" train-reward --quiet --prepared "$out/spark.bin" --out "$out/reward" --reward-epochs 1
step train "$g" train --quiet --prepared "$out/spark.bin" --reward "$out/reward" --out "$out/goalrank" --epochs 1 \
  --reward-epochs 1
# the same training streamed from the shards (the same requests): peak RSS from shards vs from one file
step train-reward-shards "$g" train-reward --quiet --shards "$out/requests" --out "$out/reward-shards" \
  --reward-epochs 1
step train-shards "$g" train --quiet --shards "$out/requests" --reward "$out/reward-shards" \
  --out "$out/goalrank-shards" --epochs 1 --reward-epochs 1
GOALRANK_JAVA_OPTS="${SHARD_HEAP:--Xmx2g}" step train-shards-small-heap "$g" train --quiet --shards "$out/requests" \
  --reward "$out/reward-shards" --out "$out/goalrank-shards-small" --epochs 1 --reward-epochs 1
# batch ranking of every request: one Spark task (one core) vs local[2]; goalrank rank itself ranks one request
export GOALRANK_THREADS=1
step rank-local1 "$g" spark rank --master 'local[1]' --requests "$out/requests" --model "$out/goalrank" \
  --out "$out/ranked-1" --batch-size 64
step rank-local2 "$g" spark rank --master 'local[2]' --requests "$out/requests" --model "$out/goalrank" \
  --out "$out/ranked-2" --batch-size 64
cat "$out/summary.txt"
