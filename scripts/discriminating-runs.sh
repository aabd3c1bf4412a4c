#!/usr/bin/env bash
# Issue 15's three discriminating runs on one protocol, one after another (never beside another heavy job):
#   ceiling      the teacher's own argmax in the group (teacher-greedy) and tau = 0.01: does GoalRank reach the
#                reward model's best list (r-hat of reward-greedy)?
#   flat         tau = 0.1 and the group without the heuristics whose lists sit far below the rest (preset learned)
#   long         4x the generator steps, no early stop; the per-epoch validation r-hat is in the log
# and issue 15's recipe flags, each its own run with everything else default:
#   tau03        tau = 0.3 (between the default 1 and the flat run's 0.1)
#   released     the authors' released recipe: a group of 20 of the generator's own samples, --loss mixed
#   select-reward  the epoch chosen on validation r-hat (GoalRank's own objective) instead of label N@6 (only
#                differs from default with more than one epoch)
#   default      the default group and tau = 1 with the same data and budget: the row the three are compared with
#                (on slates, Table 1's own GoalRank row of the same seed serves; on last, matched negatives have no
#                Table 1 of their own)
# Usage: [GOALRANK=launcher] scripts/discriminating-runs.sh last|slates [SEEDS] [EPOCHS] [RUNS, default ceiling,flat,long]
#        (RUNS from ceiling, flat, default, long, tau03, released, select-reward)
#        scripts/discriminating-runs.sh collect [SLATES_TABLE1_DIR]   the table of docs/RESULTS.md from the finished
#        runs: per protocol and seed, GoalRank of each run, then the baselines the runs hold, each with r-hat as a share
#        of the teacher's argmax (reward-greedy); SLATES_TABLE1_DIR (default runs/table1-ml-1m-slates-matched) gives
#        the slates' default GoalRank row and baselines
#   e.g. scripts/discriminating-runs.sh slates 1 1        (one epoch per network, as the slate Table 1)
#        scripts/discriminating-runs.sh last 1 20 default,ceiling,flat,long   (the last protocol's 20 epochs)
# ROWS=goalrank,reward-greedy,mf-order,seq2slate adds baseline rows to the runs (e.g. to the last protocol's default
# run, whose matched-negative baselines no other table has).
# Each run is its own resumable Table 1 directory under runs/discriminating-<protocol>-<name> with only the rows
# that answer it (goalrank and reward-greedy); docs/RESULTS.md holds the table of what they gave.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == collect ]]; then
  cd "$here"
  exec python3 - "${2:-runs/table1-ml-1m-slates-matched}" <<'PY'
import glob, json, os, sys
table1 = sys.argv[1]
metrics = ["H@6", "N@6", "H@6r", "F1@6", "reward"]
order = ["default", "ceiling", "flat", "long", "tau03", "released", "select-reward"]
def rows(folder):
    out = {}
    for f in sorted(glob.glob(os.path.join(folder, "seed-*", "results", "*.json"))):
        d = json.load(open(f))
        out[(d["seed"], d["row"])] = d["result"]["means"]
    return out
print("| protocol | seed | row | " + " | ".join(m if m != "reward" else "r̂" for m in metrics) + " | r̂ / teacher argmax |")
print("|---|---:|---|" + "---:|" * (len(metrics) + 1))
for protocol in ["last", "slates"]:
    goalrank, others = {}, {}  # (seed, run) -> means; (seed, row) -> means
    for name in order:
        folder = f"runs/discriminating-{protocol}-{name}"
        for (seed, row), m in rows(folder).items():
            if row == "goalrank":
                goalrank[(seed, name)] = m
            elif row != "oracle-labels":
                others.setdefault((seed, row), m)
    seeds = sorted({seed for seed, _ in goalrank})
    if protocol == "slates" and os.path.isdir(table1):  # the slate Table 1 holds the default run and the baselines
        for (seed, row), m in rows(table1).items():
            if seed not in seeds:
                continue
            if row == "goalrank":
                goalrank.setdefault((seed, "default"), m)
            elif row != "oracle-labels":
                others.setdefault((seed, row), m)
    for seed in seeds:
        teacher = others.get((seed, "reward-greedy"))
        def line(label, m):
            share = f"{m['reward'] / teacher['reward']:.1%}" if teacher else ""
            cells = " | ".join(f"{m[k]:.4f}" for k in metrics)
            print(f"| {protocol} | {seed} | {label} | {cells} | {share} |")
        for name in order:
            if (seed, name) in goalrank:
                line(f"GoalRank, {name}", goalrank[(seed, name)])
        for (s2, row), m in sorted(others.items(), key=lambda kv: -kv[1]["reward"]):
            if s2 == seed:
                line(row, m)
PY
fi
protocol="${1:?last or slates}"
seeds="${2:-3}"
epochs="${3:-1}"
runs=",${4:-ceiling,flat,long},"
cd "$here"
common=(experiment table1 --dataset ml-1m --data ../shared/data/ml-1m --requests "$protocol" --negatives matched
  --seeds "$seeds" --reward-epochs "$epochs" --table-rows "${ROWS:-goalrank,reward-greedy}")
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
run tau03 --epochs "$epochs" --reference-temperature 0.3
run released --epochs "$epochs" --group released --loss mixed
run select-reward --epochs "$epochs" --select-on reward
