#!/usr/bin/env bash
# Issue 19's scale benchmark (docs/SPARK.md; the numbers are in docs/BENCHMARKS.md "Spark scale benchmark at 10^7
# interactions"). It takes the machine for about 70 minutes (67 on 2026-12-01): a 10^7-interaction log, two
# prepares, a one-epoch reward model and generator from the prepared file and the same from shards in a small heap,
# four batch rankings (DJL and the Java engine, local[1] and local[2]).
# usage: scripts/spark-scale-bench.sh [OUT]   (default OUT: runs/spark-bench; a fresh folder is best)
#        RANK_ONLY=1 scripts/spark-scale-bench.sh OUT   reruns only the batch rankings on a finished OUT
# env:   USERS (default 100000) ITEMS (20000) PER_USER (80,120): about 10^7 interactions
#        GOALRANK_JAVA_OPTS (default -Xmx6g here) for every JVM but the shard training's, so both prepares and the
#        trainings from the file get the same heap; 6 GB leaves the machine (24 GiB) room for PyTorch's native
#        memory and Spark's spills. (-Xmx12g, the first attempt's, let the Spark JVM pass the machine's memory.)
#        SHARD_HEAP (default -Xmx2g): the heap of the trainings from shards, to show they fit one far smaller than
#        the data (the request set streams; only the header, one batch and the shuffle window are held). Peak RSS
#        at equal heap caps says little (a JVM's heap grows towards its cap before collecting), so the shard
#        trainings run only in the small heap.
#        GROUP_SIZE (default 4): the generator's group |B| for the one-epoch trainings (mf-order, dnn and 2
#        generator samples): they measure memory and ranking cost, not quality, and 4 lists cost about a third
#        less per step than the paper's 20 (set GROUP_SIZE= for the default group)
# prepare runs with its defaults: 20 retriever epochs; at 120,000 user and item rows --mf-update auto trains the
# retriever with lazy (touched-rows) Adam, linear in the interactions (docs/DATA.md).
# Each step prints its wall time and the peak resident memory of its JVM (/usr/bin/time; ./goalrank execs java).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-runs/spark-bench}"
users="${USERS:-100000}"
items="${ITEMS:-20000}"
per="${PER_USER:-80,120}"
export GOALRANK_JAVA_OPTS="${GOALRANK_JAVA_OPTS:--Xmx6g}"
group=()
if [[ -n "${GROUP_SIZE-4}" ]]; then group=(--group-size "${GROUP_SIZE-4}"); fi
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
if [[ -z "${RANK_ONLY:-}" ]]; then

step log "$g" spark simulate-log --users "$users" --items "$items" --interactions-per-user "$per" --out "$out/log.csv"
# prepare: the single-machine path vs Spark local[2] (the same requests: SparkPrepareTest proves it on small logs)
step prepare-single "$g" prepare --quiet --dataset csv --data "$out/log.csv" --threshold 4 --out "$out/single.bin"
step prepare-spark "$g" spark prepare --master 'local[2]' --shuffle-partitions 4 --dataset csv --data "$out/log.csv" \
  --threshold 4 --out "$out/spark.bin" --shards "$out/requests" --records-per-shard 20000 --work "$out/work"
"$g" spark compare "$out/single.bin" "$out/spark.bin" | tee -a "$out/summary.txt"
# a generator to rank with: its compute per request does not depend on how well it is trained, so one epoch
step train-reward "$g" train-reward --quiet --prepared "$out/spark.bin" --out "$out/reward" --reward-epochs 1
step train "$g" train --quiet --prepared "$out/spark.bin" --reward "$out/reward" --out "$out/goalrank" --epochs 1 \
  --reward-epochs 1 "${group[@]}"
# the same training streamed from the shards (the same requests), in a small heap: peak RSS from shards vs one file
GOALRANK_JAVA_OPTS="${SHARD_HEAP:--Xmx2g}" step train-reward-shards "$g" train-reward --quiet --shards "$out/requests" \
  --out "$out/reward-shards" --reward-epochs 1
GOALRANK_JAVA_OPTS="${SHARD_HEAP:--Xmx2g}" step train-shards "$g" train --quiet --shards "$out/requests" \
  --reward "$out/reward-shards" --out "$out/goalrank-shards" --epochs 1 --reward-epochs 1 "${group[@]}"
fi
# batch ranking of every request: one Spark task (one core) vs local[2]; goalrank rank itself ranks one request.
# RANK_ONLY=1 reruns just these steps on a finished OUT (its shards and generator).
export GOALRANK_THREADS=1
step rank-local1 "$g" spark rank --master 'local[1]' --requests "$out/requests" --model "$out/goalrank" \
  --out "$out/ranked-1" --batch-size 64
step rank-local2 "$g" spark rank --master 'local[2]' --requests "$out/requests" --model "$out/goalrank" \
  --out "$out/ranked-2" --batch-size 64
# the Java serving engine (thread-safe: one copy shared by the tasks, its own threads per batch)
step rank-local1-java "$g" spark rank --master 'local[1]' --requests "$out/requests" --model "$out/goalrank" \
  --out "$out/ranked-1-java" --batch-size 64 --engine java
step rank-local2-java "$g" spark rank --master 'local[2]' --requests "$out/requests" --model "$out/goalrank" \
  --out "$out/ranked-2-java" --batch-size 64 --engine java
cat "$out/summary.txt"
