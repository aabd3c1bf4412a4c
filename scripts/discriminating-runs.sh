#!/usr/bin/env bash
# Issue 15's three discriminating runs on one protocol, one after another (never beside another heavy job):
#   ceiling      the teacher's own argmax in the group (teacher-greedy) and tau = 0.01: does GoalRank reach the
#                reward model's best list (r-hat of reward-greedy)?
#   flat         tau = 0.1 and the group without the heuristics whose lists sit far below the rest (preset learned)
#   long         4x the generator steps, no early stop; the per-epoch validation r-hat is in the log
#   default      the default group and tau = 1 with the same data and budget: the row the three are compared with
#                (on slates, Table 1's own GoalRank row of the same seed serves; on last, matched negatives have no
#                Table 1 of their own)
# Usage: [GOALRANK=launcher] scripts/discriminating-runs.sh last|slates [SEEDS] [EPOCHS] [RUNS, default ceiling,flat,long]
#   e.g. scripts/discriminating-runs.sh slates 1 1        (one epoch per network, as the slate Table 1)
#        scripts/discriminating-runs.sh last 1 20 default,ceiling,flat,long   (the last protocol's 20 epochs)
# Each run is its own resumable Table 1 directory under runs/discriminating-<protocol>-<name> with only the rows
# that answer it (goalrank and reward-greedy); docs/RESULTS.md holds the table of what they gave.
set -euo pipefail
protocol="${1:?last or slates}"
seeds="${2:-3}"
epochs="${3:-1}"
runs=",${4:-ceiling,flat,long},"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
common=(experiment table1 --dataset ml-1m --data ../shared/data/ml-1m --requests "$protocol" --negatives matched
  --seeds "$seeds" --reward-epochs "$epochs" --table-rows goalrank,reward-greedy)
run() {
  local name="$1"
  shift
  [[ "$runs" == *",$name,"* ]] || return 0
  echo "=== $name | start $(date -u +%T) | $(uptime)"
  "${GOALRANK:-./goalrank}" "${common[@]}" "$@" --out "runs/discriminating-$protocol-$name"
  echo "=== $name | end $(date -u +%T) | $(uptime)"
}
run ceiling --epochs "$epochs" --reference-temperature 0.01 \
  --group mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:9,teacher-greedy:1
run flat --epochs "$epochs" --reference-temperature 0.1 --group learned
run default --epochs "$epochs"
run long --epochs $((4 * epochs)) --patience $((4 * epochs))
