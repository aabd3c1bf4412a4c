#!/usr/bin/env bash
# Runs the README's demo and its suggested variants one after another in one fresh clone of this repository, as a
# new user would (docs/RESULTS.md, "The demo since 2026-11-30"). Usage: scripts/demo-variants.sh [WORK_DIR]
# WORK_DIR (default /tmp/goalrank-demo-variants) gets the clone, ../shared beside it (a link to this checkout's),
# and one out-/err- file per command; this script prints each command's exit code, duration and load.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/goalrank-demo-variants}"
rm -rf "$work" && mkdir -p "$work"
ln -s "$(cd "$here/../shared" && pwd)" "$work/shared"
git clone -q "$here" "$work/main" && cd "$work/main" || exit 1
echo "clone at $(git log --oneline | head -1)"
run() {
  local name
  name="$(echo "$*" | tr ' /' '__')"
  echo "=== ./goalrank $* | start $(date -u +%T) | $(uptime)"
  local t0
  t0=$(date +%s)
  ./goalrank "$@" > "$work/out-$name.txt" 2> "$work/err-$name.txt"
  local rc=$?
  echo "=== rc=$rc after $(( $(date +%s) - t0 )) s | end $(uptime)"
}
run demo
run demo --teacher true-utility                    # refused (exit 2): runs/demo holds another teacher's models
run demo --teacher true-utility --out runs/demo-true
run demo --reward-kind list --out runs/demo-list
run demo --paper-setting --out runs/demo-paper
