#!/usr/bin/env bash
# The cheap half of issue 20 on ML-1M slates: for each reward kind, train the teacher (one epoch, as in the slates
# Table 1 of docs/RESULTS.md) and evaluate only its own greedy list (reward-greedy) beside MF order. The ceiling run
# (issue 15) showed GoalRank reaches about 99% of its teacher's argmax when that list is in its group, so the
# argmax's label metrics say what each teacher can give GoalRank at most; each table1.md ends with the teacher's
# held-out-slate click check, and the log has its validation AUC and log-loss. One run after another.
# usage: [GOALRANK=launcher] [KINDS="pointwise clicks list"] [SEEDS=1] scripts/slate-teacher-argmax.sh [OUT_ROOT]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
root="${1:-runs/teachers-slates-argmax}"
mkdir -p "$root"
for k in ${KINDS:-pointwise clicks list}; do
  echo "=== $k | start $(date -u +%T) | $(uptime)"
  "${GOALRANK:-./goalrank}" experiment table1 --quiet --dataset ml-1m --data ../shared/data/ml-1m --requests slates \
    --negatives matched --seeds "${SEEDS:-1}" --epochs 1 --reward-epochs 1 --table-rows mf-order,reward-greedy \
    --reward-kind "$k" --out "$root/$k" > "$root-$k.log" 2>&1
  echo "=== $k | rc=$? end $(date -u +%T) | $(uptime)"
done
