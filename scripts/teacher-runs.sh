#!/usr/bin/env bash
# Issue 20's teacher comparison, one run after another (never beside another heavy job).
#
#   scripts/teacher-runs.sh [demo] [OUT_ROOT]     the demo (simulator) with each teacher for seeds 999, 1999, 2999,
#                                                 then OUT_ROOT/teachers.md and teachers.csv: per teacher and seed the
#                                                 teacher diagnostic (pairwise accuracy and Kendall tau of r-hat against
#                                                 the true utility on the training groups' lists and on the generator's
#                                                 own samples, best-list agreement, regret; AUC, ECE and log-loss of
#                                                 r-hat's per-position clicks on held-out impressions, of the logging
#                                                 policy and uniformly random) and GoalRank's
#                                                 true-utility gain over the best other policy with its per-request p;
#                                                 per teacher, the mean gain over the seeds with a paired t-test over
#                                                 the seeds (GoalRank vs each seed's best other policy).
#                                                 Teachers named *-onpolicy refresh r-hat during GoalRank training
#                                                 (--teacher-refresh): their diagnostic and click columns describe the
#                                                 final refreshed teacher; each refresh's line is in the run's
#                                                 results.md ("On-policy teacher refresh ...") and
#                                                 goalrank/teacher-refresh.md.
#   scripts/teacher-runs.sh slates [OUT_ROOT]     ML-1M slates (matched negatives, one epoch per network as in
#                                                 docs/RESULTS.md), a reduced Table 1 per teacher that real logs allow
#                                                 (no logging policies or propensities there); each table1.md ends with
#                                                 the teacher's held-out-slate check per seed ("Teacher diagnostic").
#                                                 SEED_COUNT=1 runs only the first seed (999) of each table; a later
#                                                 run with more seeds resumes the same tables.
#
# Every run has its own --out, so an interrupted script rerun skips finished demo runs (results.md present) and
# Table 1 resumes by row. TEACHERS="list ensemble" limits the runs to those names; SEEDS="999" to those seeds;
# GOALRANK=path/to/launcher runs another build (e.g. a copy of the jar, so a rebuild during the runs cannot change it).
# OUT_ROOT defaults to runs/teachers (demo) or runs/teachers-slates (slates).
set -uo pipefail
mode="${1:-demo}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

# impressions from three logging policies: the simulator's own, a flatter copy of it, and uniform lists
mix="logging:0.5,logging@3:0.25,uniform:0.25"

# name | demo options. Every entry is measured against the demo as it was until 2026-12-01 (900 users, the pointwise
# position-debiased click model, a generator without categories, the default group): pinned() adds what an entry
# does not set, so the figures docs/RESULTS.md has from these entries still come out of them. "demo" is today's
# default demo, the same settings as pairwise-gc-tg-u2700.
demo_teachers=(
  "demo|"
  "clicks|"
  "true-utility|--teacher true-utility"
  "list|--reward-kind list"
  "list-mix|--reward-kind list --logging-policies $mix"
  "list-mix-ips|--reward-kind list --logging-policies $mix --propensity prefix --propensity-clip 10"
  "clicks-mix|--reward-kind clicks --logging-policies $mix"
  "ensemble|--reward-kind ensemble --ensemble-size 5 --ensemble-penalty 1"
  "ensemble-mix|--reward-kind ensemble --ensemble-size 5 --ensemble-penalty 1 --logging-policies $mix"
  "mixture|--reward-kind mixture --mixture-weight 0.5"
  "mixture-mix|--reward-kind mixture --mixture-weight 0.5 --logging-policies $mix"
  # examination x attraction with pairwise interactions with the items above (PairwiseClickModel)
  "pairwise|--reward-kind pairwise"
  "pairwise-mix|--reward-kind pairwise --logging-policies $mix"
  # the teacher's own greedy list joins the group (the demo's group plus teacher-greedy:1), with the pairwise and the
  # exact teacher
  "pairwise-tg|--reward-kind pairwise --group mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10,teacher-greedy:1"
  "true-utility-tg|--teacher true-utility --group mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10,teacher-greedy:1"
  # a larger generator (the demo's is tiny: hidden 32, one layer each)
  "pairwise-small|--reward-kind pairwise --size small"
  "true-utility-small|--teacher true-utility --size small"
  # the generator reads each candidate's categories too (--generator-categories), as the pairwise teacher does
  "clicks-gc|--generator-categories"
  "pairwise-gc|--reward-kind pairwise --generator-categories"
  "true-utility-gc|--teacher true-utility --generator-categories"
  "pairwise-gc-tg|--reward-kind pairwise --generator-categories --group mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10,teacher-greedy:1"
  # three times the users (and so the training requests): a generator learns its teacher from requests alone
  "clicks-u2700|--users 2700"
  "true-utility-u2700|--teacher true-utility --users 2700"
  "pairwise-gc-u2700|--reward-kind pairwise --generator-categories --users 2700"
  "pairwise-gc-tg-u2700|--reward-kind pairwise --generator-categories --group mf-order:1,popularity:1,random:2,dnn:1,dnn-pl:5,generator:10,teacher-greedy:1 --users 2700"
  # the reward model trained longer (the demo default is 12 reward epochs, and validation log-loss still falls then)
  "clicks-e60|--reward-epochs 60"
  "pairwise-e60|--reward-kind pairwise --reward-epochs 60"
  "pairwise-mix-e60|--reward-kind pairwise --logging-policies $mix --reward-epochs 60"
  # on-policy refresh: every 5 GoalRank epochs, 8 of the current generator's lists per training request are shown
  # to the simulator's users and the reward model trains one more epoch on all its impressions
  "clicks-onpolicy|--teacher-refresh 5 --refresh-impressions 8"
  "list-onpolicy|--reward-kind list --teacher-refresh 5 --refresh-impressions 8"
  "clicks-mix-onpolicy|--reward-kind clicks --logging-policies $mix --teacher-refresh 5 --refresh-impressions 8"
  # a stronger refresh: 32 samples per training request and two reward epochs each time
  "clicks-onpolicy-m32|--teacher-refresh 5 --refresh-impressions 32 --refresh-epochs 2"
)

# name | table1 options on ML-1M slates (pointwise is the current Table 1's teacher)
slate_teachers=(
  "pointwise|--reward-kind pointwise"
  "clicks|--reward-kind clicks"
  "list|--reward-kind list"
  "ensemble|--reward-kind ensemble --ensemble-size 3 --ensemble-penalty 1"
  "mixture|--reward-kind mixture --mixture-weight 0.5"
  # examination x attraction with MovieLens genre-pair effects (PairwiseClickModel); -gc: the generator reads genres too
  "pairwise|--reward-kind pairwise"
  "pairwise-gc|--reward-kind pairwise --generator-categories"
)

pinned() { # an entry's options, and the demo's settings before 2026-12-01 for what it leaves out
  local name="$1" opts="$2"
  [ "$name" = demo ] && { echo "$opts"; return; }
  [[ " $opts " == *" --users "* ]] || opts+=" --users 900"
  [[ " $opts " == *" --reward-kind "* ]] || opts+=" --reward-kind clicks"
  [[ " $opts " == *" --generator-categories "* ]] || opts+=" --no-generator-categories"
  [[ " $opts " == *" --group "* || " $opts " == *" --group-size "* ]] || opts+=" --group default"
  echo "$opts"
}

wanted() { # is teacher $1 asked for (TEACHERS unset: all)?
  [ -z "${TEACHERS:-}" ] && return 0
  local t
  for t in $TEACHERS; do [ "$t" = "$1" ] && return 0; done
  return 1
}

run_demo() {
  local root="${2:-runs/teachers}"
  mkdir -p "$root"
  local seeds="${SEEDS:-999 1999 2999}"
  local entry name opts seed out
  for entry in "${demo_teachers[@]}"; do
    name="${entry%%|*}"
    opts="$(pinned "$name" "${entry#*|}")"
    wanted "$name" || continue
    for seed in $seeds; do
      out="$root/$name-s$seed"
      if [ -f "$out/results.md" ]; then
        echo "=== $name seed $seed: done before ($out/results.md)"
        continue
      fi
      echo "=== $name seed $seed | start $(date -u +%T) | $(uptime)"
      local t0
      t0=$(date +%s)
      # shellcheck disable=SC2086 # the options are words on purpose
      "${GOALRANK:-./goalrank}" demo --seed "$seed" --out "$out" $opts > "$root/$name-s$seed.log" 2> "$root/$name-s$seed.err"
      echo "=== $name seed $seed | rc=$? after $(( $(date +%s) - t0 )) s | end $(uptime)"
    done
  done
  collect "$root"
}

run_slates() {
  local root="${2:-runs/teachers-slates}"
  mkdir -p "$root"
  local entry name opts
  for entry in "${slate_teachers[@]}"; do
    name="${entry%%|*}"
    opts="${entry#*|}"
    wanted "$name" || continue
    echo "=== slates $name | start $(date -u +%T) | $(uptime)"
    # shellcheck disable=SC2086
    "${GOALRANK:-./goalrank}" experiment table1 --dataset ml-1m --data ../shared/data/ml-1m --requests slates --negatives matched \
      --seeds "${SEED_COUNT:-3}" --epochs 1 --reward-epochs 1 \
      --table-rows random,popularity,mf-order,dnn,goalrank,reward-greedy,oracle-labels \
      $opts --out "$root/$name" > "$root/$name.log" 2> "$root/$name.err"
    echo "=== slates $name | rc=$? | end $(date -u +%T) | $(uptime)"
    grep -A5 "^## Teacher diagnostic" "$root/$name/table1.md" || true
  done
}

# Reads every OUT_ROOT/<teacher>-s<seed>/results.{md,csv} and writes OUT_ROOT/teachers.md and teachers.csv.
collect() {
  python3 - "$1" <<'PY'
import csv, glob, math, os, re, sys

root = sys.argv[1]

def t_two_sided(t, df):
    """Two-sided p of Student's t by Simpson integration of its density (no SciPy needed)."""
    if math.isnan(t) or df < 1:
        return float("nan")
    t = abs(t)
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    f = lambda x: c * (1 + x * x / df) ** (-(df + 1) / 2)
    n = 20000
    h = t / n
    s = f(0) + f(t) + sum((4 if i % 2 else 2) * f(i * h) for i in range(1, n))
    return max(0.0, 1 - 2 * s * h / 3)

def grab(pattern, text, cast=float):
    m = re.search(pattern, text)
    return cast(m.group(1)) if m else float("nan")

rows = []
for d in sorted(glob.glob(os.path.join(root, "*-s*"))):
    md_file, csv_file = os.path.join(d, "results.md"), os.path.join(d, "results.csv")
    if not (os.path.isdir(d) and os.path.isfile(md_file) and os.path.isfile(csv_file)):
        continue
    name, seed = re.match(r"(.*)-s(\d+)$", os.path.basename(d)).groups()
    md = open(md_file).read()
    table = {r["policy"]: r for r in csv.DictReader(open(csv_file))}
    best = grab(r"Gain and p of goalrank vs (\S+), the best other policy", md, str)
    tu = lambda p: float(table[p]["true-utility_mean"]) if p in table else float("nan")
    groups = re.search(r"on training groups: pairwise accuracy ([\d.]+), Kendall tau ([-\d.]+), best list agrees "
                       r"([\d.]+)%, regret ([-\d.]+)", md)
    samples = re.search(r"on generator samples: pairwise accuracy ([\d.]+), Kendall tau ([-\d.]+)", md)
    clicks = re.search(r"teacher clicks on held-out simulated impressions[^:]*: AUC ([\d.]+|NaN), log-loss ([\d.]+), "
                       r"ECE ([\d.]+)", md)
    random_lists = re.search(r"teacher clicks on held-out uniformly random lists[^:]*: AUC ([\d.]+|NaN), log-loss "
                             r"([\d.]+), ECE ([\d.]+)", md)
    # on-policy refreshes: how the teacher ordered the generator's samples before the first and after the last
    refreshes = re.findall(r"On-policy teacher refresh (\d+) after epoch (\d+): .*?generator's samples by pairwise "
                           r"accuracy ([\d.]+) -> ([\d.]+)", md)
    g = table.get("goalrank", {})
    rows.append({
        "teacher": name, "seed": int(seed), "requests": grab(r"; (\d+) requests \(train", md, int),
        "goalrank": tu("goalrank"), "best_other": best, "best_other_value": tu(best),
        "gain": float(g.get("gain") or "nan"), "p_requests": float(g.get("p_value") or "nan"),
        "reward_greedy": tu("reward-greedy"),
        # the best policy that needs no evaluator at serving time: the heuristics and the DNN
        "best_generator_free": max(tu(p) for p in ("random", "popularity", "mf-order", "dnn")),
        "groups_accuracy": float(groups.group(1)) if groups else float("nan"),
        "groups_tau": float(groups.group(2)) if groups else float("nan"),
        "best_list_agrees": float(groups.group(3)) / 100 if groups else float("nan"),
        "regret": float(groups.group(4)) if groups else float("nan"),
        "samples_accuracy": float(samples.group(1)) if samples else float("nan"),
        "samples_tau": float(samples.group(2)) if samples else float("nan"),
        "click_auc": float(clicks.group(1)) if clicks else float("nan"),
        "click_logloss": float(clicks.group(2)) if clicks else float("nan"),
        "click_ece": float(clicks.group(3)) if clicks else float("nan"),
        "random_auc": float(random_lists.group(1)) if random_lists else float("nan"),
        "random_ece": float(random_lists.group(3)) if random_lists else float("nan"),
        "refreshes": len(refreshes),
        "refresh_samples_accuracy_first_before": float(refreshes[0][2]) if refreshes else float("nan"),
        "refresh_samples_accuracy_last_after": float(refreshes[-1][3]) if refreshes else float("nan"),
        # what a refresh itself changes: the same samples judged just before and just after it
        "refresh_samples_accuracy_mean_change": (sum(float(a) - float(b) for _, _, b, a in refreshes) / len(refreshes)
                                                 if refreshes else float("nan")),
    })

if not rows:
    sys.exit("no finished run under " + root)
# fixed competitors, the same for every teacher on the same data: the heuristics, the DNN and the greedy list of the
# `clicks` teacher (the old demo's) of the same seed and size, as issue 20's table measured the exact teacher
for r in rows:
    reference = [c["reward_greedy"] for c in rows if c["seed"] == r["seed"] and c["requests"] == r["requests"]
                 and re.fullmatch(r"clicks(-u\d+)?", c["teacher"])]
    r["fixed_competitor"] = max([r["best_generator_free"]] + reference[:1]) if reference else float("nan")
rows.sort(key=lambda r: (r["teacher"], r["seed"]))
keys = list(rows[0].keys())
with open(os.path.join(root, "teachers.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=keys)
    w.writeheader()
    w.writerows(rows)

def mean(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return sum(xs) / len(xs) if xs else float("nan")

fmt = lambda x, spec: "n/a" if isinstance(x, float) and math.isnan(x) else format(x, spec)
out = ["# Teachers on the demo simulator (issue 20)", "",
       "Per run: GoalRank's true utility, the best other policy's (heuristics, DNN, the reward model's greedy list), "
       "the gain and its paired t-test over the run's test requests; the reward model's diagnostic on the validation "
       "requests (ordering against the true utility) and on the test requests' held-out impressions (per-position "
       "clicks on the logging policy's lists, and on uniformly random lists).", "",
       "| teacher | seed | GoalRank TU | best other | its TU | gain | p (requests) | acc groups | tau groups | "
       "best agrees | regret | acc samples | tau samples | click AUC | ECE | log-loss | random-list AUC | its ECE |",
       "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for r in rows:
    out.append("| " + " | ".join([r["teacher"], str(r["seed"]), fmt(r["goalrank"], ".4f"), str(r["best_other"]),
        fmt(r["best_other_value"], ".4f"), fmt(100 * r["gain"], "+.2f") + "%", fmt(r["p_requests"], ".2g"),
        fmt(r["groups_accuracy"], ".3f"), fmt(r["groups_tau"], ".3f"), fmt(100 * r["best_list_agrees"], ".1f") + "%",
        fmt(r["regret"], ".4f"), fmt(r["samples_accuracy"], ".3f"), fmt(r["samples_tau"], ".3f"),
        fmt(r["click_auc"], ".4f"), fmt(r["click_ece"], ".4f"), fmt(r["click_logloss"], ".4f"),
        fmt(r["random_auc"], ".4f"), fmt(r["random_ece"], ".4f")]) + " |")
out += ["", "Over seeds: mean GoalRank TU, mean of each seed's best other policy, the mean relative gain, and a paired "
        "t-test over the seeds (GoalRank vs that seed's best other policy; df = seeds - 1). The issue's target: "
        ">= +3.6%, p < 0.01, 3 seeds.", "",
        "| teacher | seeds | GoalRank TU | best other TU | gain | p (over seeds) | reward-greedy TU | best heuristic or "
        "DNN TU | gain over it | p (over seeds) | acc groups | acc samples | click AUC | ECE | random-list AUC | its ECE |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
def seed_p(diffs):
    n = len(diffs)
    if n < 2:
        return float("nan")
    m = sum(diffs) / n
    sd = math.sqrt(sum((d - m) ** 2 for d in diffs) / (n - 1))
    return t_two_sided(m / (sd / math.sqrt(n)), n - 1) if sd > 0 else float("nan")

for name in dict.fromkeys(r["teacher"] for r in rows):
    rs = [r for r in rows if r["teacher"] == name]
    n = len(rs)
    p = seed_p([r["goalrank"] - r["best_other_value"] for r in rs])
    free = mean([r["best_generator_free"] for r in rs])
    p_free = seed_p([r["goalrank"] - r["best_generator_free"] for r in rs])
    g, b = mean([r["goalrank"] for r in rs]), mean([r["best_other_value"] for r in rs])
    out.append("| " + " | ".join([name, str(n), fmt(g, ".4f"), fmt(b, ".4f"), fmt(100 * (g - b) / abs(b), "+.2f") + "%",
        fmt(p, ".2g"), fmt(mean([r["reward_greedy"] for r in rs]), ".4f"), fmt(free, ".4f"),
        fmt(100 * (g - free) / abs(free), "+.2f") + "%", fmt(p_free, ".2g"),
        fmt(mean([r["groups_accuracy"] for r in rs]), ".3f"),
        fmt(mean([r["samples_accuracy"] for r in rs]), ".3f"), fmt(mean([r["click_auc"] for r in rs]), ".4f"),
        fmt(mean([r["click_ece"] for r in rs]), ".4f"), fmt(mean([r["random_auc"] for r in rs]), ".4f"),
        fmt(mean([r["random_ece"] for r in rs]), ".4f")]) + " |")
fixed = [r for r in rows if not math.isnan(r["fixed_competitor"])]
if fixed:
    out += ["", "Against fixed competitors, the same for every teacher on the same data: the best of the heuristics, the "
            "DNN and the greedy list of the `clicks` teacher of the same seed and size (the competitors issue 20's "
            "table measured the exact teacher against); mean relative gain and a paired t-test over the seeds.", "",
            "| teacher | seeds | GoalRank TU | fixed competitor TU | gain | p (over seeds) |", "|---|---:|---:|---:|---:|---:|"]
    for name in dict.fromkeys(r["teacher"] for r in fixed):
        rs = [r for r in fixed if r["teacher"] == name]
        g, c = mean([r["goalrank"] for r in rs]), mean([r["fixed_competitor"] for r in rs])
        out.append("| " + " | ".join([name, str(len(rs)), fmt(g, ".4f"), fmt(c, ".4f"),
            fmt(100 * (g - c) / abs(c), "+.2f") + "%", fmt(seed_p([r["goalrank"] - r["fixed_competitor"] for r in rs]),
            ".2g")]) + " |")
refreshed = [r for r in rows if r["refreshes"] > 0]
if refreshed:
    out += ["", "On-policy refreshes: how the teacher ordered the current generator's samples (validation requests, "
            "pairwise accuracy against the true utility): the mean change a refresh makes on the same samples (just "
            "after minus just before it), and the accuracy just before the first refresh and just after the last "
            "(the generator moves in between).", "",
            "| teacher | seed | refreshes | mean change per refresh | acc samples before first | after last |",
            "|---|---:|---:|---:|---:|---:|"]
    for r in refreshed:
        out.append("| " + " | ".join([r["teacher"], str(r["seed"]), str(r["refreshes"]),
            fmt(r["refresh_samples_accuracy_mean_change"], "+.3f"),
            fmt(r["refresh_samples_accuracy_first_before"], ".3f"),
            fmt(r["refresh_samples_accuracy_last_after"], ".3f")]) + " |")
open(os.path.join(root, "teachers.md"), "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
}

case "$mode" in
  demo) run_demo "$@" ;;
  slates) run_slates "$@" ;;
  collect) collect "${2:-runs/teachers}" ;;
  *) echo "usage: $0 [demo|slates|collect] [OUT_ROOT]" >&2; exit 2 ;;
esac
