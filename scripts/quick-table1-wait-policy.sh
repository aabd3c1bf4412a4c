#!/usr/bin/env bash
# Used by docs/BENCHMARKS.md ("Thread policy") with farm-bench; build the jar first (./goalrank --version).
# usage: scripts/quick-table1-wait-policy.sh POLICY(default|PASSIVE) — one quick Table 1 (1 seed), fresh output folder
if [ "$1" = PASSIVE ]; then export OMP_WAIT_POLICY=PASSIVE; else unset OMP_WAIT_POLICY; fi
out=$(mktemp -d /tmp/tb-XXXX)
exec java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dgoalrank.progress=off -Dorg.slf4j.simpleLogger.defaultLogLevel=error -jar "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/core/target/goalrank-cli.jar" \
  experiment table1 --quick --seeds 1 --quiet --out "$out"
