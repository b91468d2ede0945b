#!/bin/sh
# Sweep throughput: runs per second of `sanctsim sweep` on one scenario with
# 1 and 2 worker processes (for `make bench`).
#
#   sh scenarios/examples/sweep-bench.sh [SCENARIO [RUNS]]
#
# Runs RUNS replicates (default 2000) of the scenario's single point into a
# temporary folder, once per job count, and prints one line each. Also
# checks that both give the same sweep.csv. SANCTSIM names the program
# (default ./sanctsim).
set -eu

SANCTSIM=${SANCTSIM:-./sanctsim}
SCENARIO=${1:-scenarios/illustrative.ini}
RUNS=${2:-2000}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

for jobs in 1 2; do
    t0=$(date +%s.%N)
    # Its messages (replicates of one point, which it notes) only if it fails.
    "$SANCTSIM" sweep "$SCENARIO" --replicates "$RUNS" --jobs "$jobs" \
        --out "$DIR/jobs-$jobs" >/dev/null 2>"$DIR/err" || { cat "$DIR/err" >&2; exit 1; }
    t1=$(date +%s.%N)
    awk -v n="$RUNS" -v j="$jobs" -v t0="$t0" -v t1="$t1" -v s="$SCENARIO" 'BEGIN {
        printf "sweep %s: %d runs with --jobs %d in %.2f s: %.0f runs/s\n",
            s, n, j, t1 - t0, n / (t1 - t0) }'
done
cmp -s "$DIR/jobs-1/sweep.csv" "$DIR/jobs-2/sweep.csv" ||
    { echo "sweep-bench: --jobs 1 and --jobs 2 gave different sweep.csv" >&2; exit 1; }
