#!/bin/sh
# Runs a sweep as N shards on this machine, then merges them: the pattern
# for GNU parallel (or for any set of machines sharing a folder).
#
#   sh scenarios/examples/sweep-shards.sh N SCENARIO OUT_DIR [sweep options...]
#
# Shard I of N runs `sanctsim sweep ... --shard I/N --out OUT_DIR/shard-I`;
# `sanctsim merge OUT_DIR OUT_DIR/shard-*` then writes OUT_DIR/sweep.csv and
# OUT_DIR/sweep-summary.csv exactly as one `sanctsim sweep` would have. With
# GNU parallel installed the shards run under it; otherwise as background
# jobs of this shell. Rerunning the script resumes unfinished shards.
# SANCTSIM names the program (default: sanctsim on the PATH); JOBS is each
# shard's --jobs (default 1, as the shards themselves run side by side).
set -eu

if [ $# -lt 3 ]; then
    echo "usage: sh $0 N SCENARIO OUT_DIR [sweep options...]" >&2
    exit 2
fi
SANCTSIM=${SANCTSIM:-sanctsim}
command -v "$SANCTSIM" >/dev/null 2>&1 || {
    echo "$0: cannot find the program '$SANCTSIM': install it (make install), or name it with SANCTSIM=./sanctsim" >&2
    exit 2
}
JOBS=${JOBS:-1}
N=$1 SCENARIO=$2 OUT=$3
shift 3
mkdir -p "$OUT"

if command -v parallel >/dev/null 2>&1; then
    # The GNU parallel form: {} is the shard number. -q passes each
    # argument as it is (parallel otherwise hands the line to a shell, which
    # split a path or a list value with spaces: a trial).
    seq 1 "$N" | parallel -q --halt now,fail=1 \
        "$SANCTSIM" sweep "$SCENARIO" "$@" --jobs "$JOBS" \
        --shard {}/"$N" --out "$OUT"/shard-{} >/dev/null
else
    # The same with plain sh: one background job per shard, then wait for all.
    pids=""
    i=1
    while [ "$i" -le "$N" ]; do
        "$SANCTSIM" sweep "$SCENARIO" "$@" --jobs "$JOBS" \
            --shard "$i/$N" --out "$OUT/shard-$i" >/dev/null &
        pids="$pids $!"
        i=$((i + 1))
    done
    status=0
    for pid in $pids; do
        wait "$pid" || status=1
    done
    [ "$status" -eq 0 ] || { echo "$0: a shard failed; rerun to resume it" >&2; exit 1; }
fi

"$SANCTSIM" merge "$OUT" "$OUT"/shard-*
