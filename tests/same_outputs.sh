#!/bin/sh
# Same outputs before and after, bit for bit. Builds git revision OLD
# (default: the merge-base of HEAD and main) into a temporary folder, runs
# the same commands with that program and with the working tree's (built
# by `make sanctsim`, or revision NEW when given), and compares every file
# they write, and what they print and their exit statuses, byte for byte.
#
#   sh tests/same_outputs.sh [OLD [NEW]]
#
# The commands: run, check, equilibrium, plot (PNG, SVG and PDF) and brief
# on every shipped scenario (scenarios/*.ini); the runs of the test suite
# (other seeds, an ended ban, expected mode, no sanctions, the general
# closure, --compare and --month charts); sweeps (grid, Latin hypercube,
# Sobol, failing points, shards and merge, --keep-runs) and their charts;
# every case of the bad-input catalogue tests/bad/EXPECTED; help texts.
# Sweeps run with --jobs 1, since their journal lists the runs in the
# order they finished. Chart commands keep their data prepared for gnuplot (SANCTSIM_PLOT_KEEP),
# which is compared too. A PDF is compared without its /CreationDate line,
# the one line that cairo stamps with the clock.
#
# Prints each file that differs or exists on one side only, then
# "same_outputs: N files compared, M differ"; exits 0 when nothing differs,
# 1 when something does or a build fails, 2 on bad usage. With
# SAME_OUTPUTS_KEEP set, the folder of both outputs is kept and named.
set -u
R=$(cd "$(dirname "$0")/.." && pwd)
cd "$R" || exit 2
case "${1:-}" in -h | --help)
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac
[ $# -le 2 ] || { echo "usage: sh tests/same_outputs.sh [OLD [NEW]]" >&2; exit 2; }
OLD=${1:-$(git merge-base HEAD main)}
NEW=${2:-}
for rev in "$OLD" $NEW; do
    git rev-parse --verify -q "$rev^{commit}" >/dev/null ||
        { echo "same_outputs: '$rev' is not a git revision" >&2; exit 2; }
done

W=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-same.XXXXXX")
if [ -n "${SAME_OUTPUTS_KEEP:-}" ]; then
    trap 'echo "same_outputs: outputs kept in $W"' EXIT
else
    trap 'rm -rf "$W"' EXIT
fi

# build REV DIR: the program of revision REV, built in DIR (its plots/ beside it).
build() {
    mkdir -p "$2" && git archive "$1" | tar -x -C "$2" &&
        make -C "$2" sanctsim >"$2.log" 2>&1 ||
        { echo "same_outputs: cannot build $1 (log: $2.log)" >&2; tail -n 20 "$2.log" >&2; exit 1; }
}
echo "same_outputs: building $OLD"
build "$OLD" "$W/build-old"
OLD_BIN=$W/build-old/sanctsim
if [ -n "$NEW" ]; then
    echo "same_outputs: building $NEW"
    build "$NEW" "$W/build-new"
    NEW_BIN=$W/build-new/sanctsim
else
    echo "same_outputs: building the working tree"
    make sanctsim >"$W/build-new.log" 2>&1 ||
        { echo "same_outputs: make sanctsim failed" >&2; tail -n 20 "$W/build-new.log" >&2; exit 1; }
    NEW_BIN=$R/sanctsim
fi

# Inputs that both programs read, made once.
IN=$W/inputs
mkdir -p "$IN"
ILLW=$R/scenarios/data/illustrative
sed -e "s|^world = .*|world = $ILLW|" -e 's/^name = .*/name = No sanctions twin/' \
    -e '/^\[sanction /,/^$/d' scenarios/illustrative.ini >"$IN/none.ini"

# c NAME COMMAND...: runs the command and keeps its stdout, stderr and exit
# status as files; a chart command's work folder gets a fixed name.
c() {
    name=$1
    shift
    "$@" >"cmd/$name.out" 2>"cmd/$name.err" </dev/null
    echo $? >"cmd/$name.status"
    for w in */.plot-work-* */*/.plot-work-*; do
        [ -d "$w" ] && mv "$w" "${w%/*}/.plot-work.$name"
    done
}

# cases PROGRAM: every compared command, in the current folder.
cases() {
    B=$1
    mkdir -p cmd
    export SANCTSIM_PLOT_KEEP=1
    for sc in "$R"/scenarios/*.ini; do
        n=$(basename "$sc" .ini)
        c "run-$n" "$B" run "$sc" --out "$n"
        c "check-$n" "$B" check "$sc"
        c "equilibrium-$n" "$B" equilibrium "$sc" --out "$n-eq"
        for fmt in png svg pdf; do
            c "plot-$n-$fmt" "$B" plot "$n" --format "$fmt"
        done
        c "brief-$n" "$B" brief "$n"
    done

    ILL=$R/scenarios/illustrative.ini
    E="--set enforcement.COALITION.mode=expected"
    c seed7 "$B" run "$ILL" --seed 7 --out seed7
    c ban-end "$B" run "$ILL" --set sanction.restricted-exports.end=2022-08 --out ban-end
    c c05 "$B" run "$ILL" $E --set intermediaries.base_commission=0.05 --out c05
    c e4 "$B" run "$ILL" $E --set enforcement.COALITION.enforcement=4 \
        --set change.tighter.enforcement.COALITION.enforcement=4 --out e4
    c detours "$B" run "$ILL" --set model.detour_cost=0.5 --set model.relocation_speed=0.05 \
        --set intermediary.ARM.lost_in_transit=0.5 --out detours
    c ge-mult "$B" run "$ILL" --set model.closure=general --set model.balance=multiplicative \
        --out ge-mult
    # [model] freight moved by a [change]: what depends on it follows.
    c freight-change "$B" run "$R/scenarios/eurasian-roundabout.ini" --set model.freight=0 \
        --set change.anti-circumvention-tool.model.freight=0.04 --tables summary --out freight
    c none "$B" run "$IN/none.ini" --out none
    c plot-none "$B" plot none --format svg
    c plot-compare "$B" plot illustrative --only recorded-exports --format svg --compare none
    c plot-month "$B" plot illustrative --only flow-change --format svg --month 2022-06
    c plot-e4 "$B" plot e4 --format svg
    c general "$B" run "$R/tests/data/general.ini" --out general
    c general-eq "$B" equilibrium "$R/tests/data/general.ini" --at 2021-04 --out general-eq
    c eq-early "$B" equilibrium "$ILL" --at 2021-02 --out eq-early
    c eq-closed "$B" equilibrium "$ILL" --set intermediaries.candidates=CHN \
        --set intermediary.CHN.willing=0 --out eq-closed

    SHORT="--set scenario.start=2022-01 --set scenario.months=10"
    D="--vary model.sigma=3:6:4 --vary enforcement.COALITION.base_hazard=0.005,0.01,0.04"
    c grid "$B" sweep "$ILL" --jobs 1 $SHORT $D --replicates 2 --out grid
    c plot-grid "$B" plot grid --format svg
    c plot-grid-png "$B" plot grid --format png --indicator commission_usd_mn
    c lhs "$B" sweep "$ILL" --jobs 1 $SHORT --sample model.sigma=3:6 --sample model.theta=4:12 \
        --points 10 --out lhs
    c plot-lhs "$B" plot lhs --format svg
    c sobol "$B" sweep "$ILL" --jobs 1 $SHORT --sample model.sigma=3:6 \
        --sample enforcement.COALITION.enforcement=0.5:4 --points 8 --design sobol \
        --vary model.theta=6,10 --out sobol
    c plot-sobol "$B" plot sobol --format svg --indicator target_price_index
    c fail "$B" sweep "$ILL" --jobs 1 $SHORT --vary model.sigma=0.5,4,x --replicates 2 --out fail
    c twin-ind "$B" sweep "$ILL" --jobs 1 $SHORT --vary model.sigma=4,5 \
        --indicator 'vs_twin=recorded(EU,KAZ,all,2022)/twin' --out twin-ind
    c plot-fail "$B" plot fail --format svg
    c shard1 "$B" sweep "$ILL" --jobs 1 $SHORT $D --replicates 3 --shard 1/2 --out s1
    c shard2 "$B" sweep "$ILL" --jobs 1 $SHORT $D --replicates 3 --shard 2/2 --out s2
    c merge "$B" merge merged s1 s2
    c keep-runs "$B" sweep "$ILL" --jobs 1 $SHORT --vary model.sigma=3,5 --replicates 2 --keep-runs \
        --out keep

    tab=$(printf '\t')
    while IFS="$tab" read -r name want msg scen args; do
        case "$name" in '' | '#'*) continue ;; esac
        if [ -n "$scen" ]; then
            scen=$R/tests/bad/$scen
        elif [ -e "$R/tests/bad/$name.ini" ]; then
            scen=$R/tests/bad/$name.ini
        else
            scen=$R/tests/bad/$name/scenario.ini
        fi
        c "bad-$name" timeout 20 "$B" run "$scen" $args --out "bad-$name"
    done <"$R/tests/bad/EXPECTED"

    c help "$B" --help
    c help-keys "$B" help keys
    c version "$B" --version
    for cmd in run check equilibrium plot brief sweep merge; do
        c "help-$cmd" "$B" help "$cmd"
    done
}

echo "same_outputs: running both programs"
mkdir -p "$W/old" "$W/new"
(cd "$W/old" && cases "$OLD_BIN") &
(cd "$W/new" && cases "$NEW_BIN") &
wait

# same FILE1 FILE2: byte for byte, PDFs without their /CreationDate line.
same() {
    case "$1" in
    *.pdf) LC_ALL=C grep -av '/CreationDate (D:' "$1" >"$W/a.pdf"
        LC_ALL=C grep -av '/CreationDate (D:' "$2" >"$W/b.pdf"
        cmp -s "$W/a.pdf" "$W/b.pdf" ;;
    *) cmp -s "$1" "$2" ;;
    esac
}
(cd "$W/old" && find . -type f | sort) >"$W/old.list"
(cd "$W/new" && find . -type f | sort) >"$W/new.list"
comm -23 "$W/old.list" "$W/new.list" | sed 's/^/only in the old outputs: /'
comm -13 "$W/old.list" "$W/new.list" | sed 's/^/only in the new outputs: /'
total=0
differ=$(comm -3 "$W/old.list" "$W/new.list" | wc -l)
nl='
'
IFS=$nl
for f in $(comm -12 "$W/old.list" "$W/new.list"); do
    total=$((total + 1))
    if ! same "$W/old/$f" "$W/new/$f"; then
        echo "differs: $f"
        differ=$((differ + 1))
    fi
done
echo "same_outputs: $total files compared, $differ differ"
[ "$differ" -eq 0 ]
