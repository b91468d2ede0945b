#!/bin/sh
# Whole-process speed figures of issue 16 (for `make bench`, after
# build/tests/bench's step figures): the default scenario with every table
# and with the summary only, a sweep of it with --jobs 1 and 2, and
# `equilibrium` on synthetic worlds of 200 x 1 and 200 x 50 written to a
# temporary folder, and the summary run's instructions (callgrind, when
# valgrind is installed). Each target line gives the figure, the target, the
# floor estimate of the issue and whether it is met; the last line says
# whether the machine was otherwise idle (tests/machine_load.sh).
#
#   sh tests/bench_process.sh [ROUNDS]
#
# ROUNDS (default 5) interleaved rounds give each median. With BASE=PROGRAM
# the same figures of another build (say the previous commit's) are
# measured in the same rounds and shown beside them. SANCTSIM names the
# program (default ./sanctsim).
set -eu

SANCTSIM=${SANCTSIM:-./sanctsim}
BASE=${BASE:-}
ROUNDS=${1:-5}
SC=scenarios/eurasian-roundabout.ini
DIR=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

. tests/machine_load.sh
load_start

# seconds PROGRAM ARGS...: the wall time of one process, its CPU time (user
# + system, children included) and its peak memory (KB), on one line
# (tests/proctime.c: from the process's start to its end, nothing of the
# shell's; CPU time in microseconds).
PROCTIME=${PROCTIME:-${BUILD:-build}/tests/proctime}
[ -x "$PROCTIME" ] || make -s "$PROCTIME"
seconds() {
    "$PROCTIME" "$@"
}

# median [FIELD]: the median of field FIELD (default 1) of the lines read.
median() {
    awk -v f="${1:-1}" '{ print $f }' | sort -g |
        awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# target WHAT FIGURE UNIT LIMIT FLOOR [atleast]: one target line.
target() {
    awk -v what="$1" -v f="$2" -v unit="$3" -v lim="$4" -v floor="$5" -v least="${6:-}" 'BEGIN {
        met = least ? f >= lim : f <= lim
        # Seconds to the tenth of a millisecond, so that a miss shows.
        printf "  target %-44s " (unit == "s" ? "%9.4f" : "%9.1f") " %-6s (%s %g; floor %s)  %s\n",
            what, f, unit,
            least ? "at least" : "at most", lim, floor, met ? "met" : "NOT met" }'
}

# A synthetic world of N countries and K sectors (flows from a fixed
# pseudo-random sequence) and a scenario banning the first tenth's
# exports to the last country, for `equilibrium`.
synthetic_world() {
    n=$1 k=$2 w=$DIR/w$n-$k
    mkdir -p "$w"
    awk -v n="$n" -v k="$k" -v w="$w" 'function code(i) {
            return sprintf("%c%c%c", 65 + int(i / 676), 65 + int(i / 26) % 26, 65 + i % 26) }
        BEGIN {
            print "iso3,name,lat,lon" >(w "/countries.csv")
            for (i = 0; i < n; i++)
                printf "%s,Country %d,%.2f,%.2f\n", code(i), i, (i * 37) % 140 - 70,
                    (i * 71) % 340 - 170 >(w "/countries.csv")
            print "exporter,importer,sector,value_usd_mn" >(w "/trade.csv")
            x = 12345
            for (i = 0; i < n; i++) for (j = 0; j < n; j++) for (s = 0; s < k; s++) {
                x = (x * 1103515245 + 12345) % 2147483648
                printf "%s,%s,s%d,%.3f\n", code(i), code(j), s,
                    (i == j ? 5000 : 1) * (1 + x / 2147483648) >(w "/trade.csv")
            }
            print "group,member" >(w "/groups.csv")
            for (i = 0; i < n / 10; i++) printf "BLOC,%s\n", code(i) >(w "/groups.csv")
        }'
    cat >"$DIR/eq$n-$k.ini" <<EOF
[scenario]
world = w$n-$k
start = 2021-01
months = 3

[sanction ban]
by = BLOC
target = $(awk -v i=$((n - 1)) 'BEGIN { printf "%c%c%c", 65 + int(i / 676), 65 + int(i / 26) % 26, 65 + i % 26 }')
start = 2021-02
EOF
}

echo "whole process: wall time, medians of $ROUNDS interleaved rounds, with the CPU time (user +"
echo "system) after it, which a busy machine inflates less${BASE:+; in brackets: $BASE}"
synthetic_world 200 1
synthetic_world 200 50

# The runs of each round, one after the other; figures into $DIR/NAME.
for r in $(seq "$ROUNDS"); do
    for p in "$SANCTSIM" ${BASE:+"$BASE"}; do
        tag=$([ "$p" = "$SANCTSIM" ] && echo new || echo base)
        rm -rf "$DIR/run"
        seconds "$p" run $SC --out "$DIR/run" >>"$DIR/all-$tag"
        rm -rf "$DIR/run"
        seconds "$p" run $SC --threads 1 --out "$DIR/run" >>"$DIR/all1-$tag"
        rm -rf "$DIR/run"
        seconds "$p" run $SC --tables summary --out "$DIR/run" >>"$DIR/summary-$tag"
        rm -rf "$DIR/run"
        seconds "$p" run $SC --tables summary --threads 1 --out "$DIR/run" >>"$DIR/summary1-$tag"
        rm -rf "$DIR/run"
        seconds "$p" equilibrium "$DIR/eq200-1.ini" --out "$DIR/run" >>"$DIR/eq1-$tag"
        rm -rf "$DIR/run"
    done
done
# equilibrium on 200 x 50, three interleaved rounds.
for r in 1 2 3; do
    for p in "$SANCTSIM" ${BASE:+"$BASE"}; do
        tag=$([ "$p" = "$SANCTSIM" ] && echo new || echo base)
        rm -rf "$DIR/run"
        seconds "$p" equilibrium "$DIR/eq200-50.ini" --out "$DIR/run" >>"$DIR/eq50-$tag"
        rm -rf "$DIR/run"
    done
done

fig() { median 1 <"$DIR/$1-new"; }
cpu() { printf '  %-51s CPU %.3f s%s\n' "" "$(median 2 <"$DIR/$1-new")" \
    "$([ -n "$BASE" ] && [ -s "$DIR/$1-base" ] && printf ' [wall %s s, CPU %s s]' \
        "$(median 1 <"$DIR/$1-base")" "$(median 2 <"$DIR/$1-base")")"; }
target "default scenario, every table" "$(fig all)" s 0.3 "under 0.2 s"
cpu all
target "... with --threads 1" "$(fig all1)" s 0.3 "under 0.2 s"
cpu all1
target "default scenario, --tables summary" "$(fig summary)" s 0.03 "about 10 ms (world, 48 steps)"
cpu summary
target "... with --threads 1" "$(fig summary1)" s 0.03 "about 10 ms (world, 48 steps)"
cpu summary1
target "equilibrium, 200 countries" "$(fig eq1)" s 0.02 "a few ms"
cpu eq1
# eq50 TAG: the median wall and CPU time of its runs and their peak memory.
eq50() {
    printf '%s s, CPU %s s, peak memory %.0f MB' "$(median 1 <"$DIR/eq50-$1")" \
        "$(median 2 <"$DIR/eq50-$1")" "$(awk '$3 > m { m = $3 } END { print m / 1024 }' "$DIR/eq50-$1")"
}
target "equilibrium, 200 x 50 (median of 3)" "$(median 1 <"$DIR/eq50-new")" s 0.5 "well under 1 s"
echo "  equilibrium, 200 x 50: $(eq50 new)"
[ -z "$BASE" ] || echo "  [$(eq50 base)]"

# Sweeps: replicates of the default scenario's single point.
RUNS=${SWEEP_RUNS:-40}
# sweep PROGRAM JOBS: one sweep's wall and CPU time. Its messages (the
# runs are replicates of a deterministic scenario, which it says) are
# shown only when it fails.
sweep() {
    rm -rf "$DIR/sweep"
    seconds "$1" sweep $SC --replicates "$RUNS" --jobs "$2" --out "$DIR/sweep" 2>"$DIR/sweep.err" ||
        { cat "$DIR/sweep.err" >&2; return 1; }
}
for jobs in 1 2; do
    t=$(sweep "$SANCTSIM" "$jobs")
    [ -z "$BASE" ] || b=$(sweep "$BASE" "$jobs")
    target "sweep of the default scenario, --jobs $jobs" "$(echo "$t" | awk -v n="$RUNS" '{ print n / $1 }')" runs/s \
        "$([ "$jobs" = 2 ] && echo 150 || echo 75)" "70-200 runs/s per core" atleast
    echo "$t" | awk -v n="$RUNS" -v b="${b:-}" '{ printf "  %-51s CPU %.1f ms per run: %.1f runs/s per core busy", "", 1e3 * $2 / n, n / $2
        if (b != "") { split(b, f, " "); printf " [%.1f runs/s, CPU %.1f ms per run]", n / f[1], 1e3 * f[2] / n }
        printf "\n" }'
done

# Instructions of the summary run with one thread (callgrind, when valgrind
# is installed): a figure that neither the machine's load nor its speed
# moves, to compare benches of different days.
# instructions PROGRAM: its count in millions, or "failed" when the run
# fails (a partial count would pass for the figure).
instructions() {
    if out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" run $SC \
        --tables summary --threads 1 --out "$DIR/icount" 2>&1 >/dev/null); then
        echo "$out" | awk '/Collected/ { printf "%.1f", $NF / 1e6 }'
    else
        printf failed
    fi
    rm -rf "$DIR/icount"
}
if command -v valgrind >/dev/null 2>&1; then
    printf '  instructions, --tables summary --threads 1 %9s M%s\n' "$(instructions "$SANCTSIM")" \
        "$([ -z "$BASE" ] || printf ' [%s M]' "$(instructions "$BASE")")"
fi

load_report
