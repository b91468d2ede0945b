#!/bin/sh
# Drives a parameter sweep from the shell and reads its results with awk.
#
#   sh scenarios/examples/sweep.sh [SCENARIO [OUT_DIR [more sweep options...]]]
#
# Sweeps the trade elasticity sigma over 4 values and a factor on every
# enforcer's enforcement over 3 (scale.enforcement, which reaches the values
# that [change] sections set too), with 5 replicates per point (60 runs),
# prints the final leakage per point (mean and 5-95 % band, from
# sweep-summary.csv, with the point's value of every varied key), then
# reruns the run with the highest final leakage alone with `sanctsim run`
# (every varied key of its row set, extra --vary options' too) and checks
# that it gives the same number. SANCTSIM names the program
# (default: sanctsim on the PATH). Needs only a POSIX shell and awk.
set -eu

SANCTSIM=${SANCTSIM:-sanctsim}
command -v "$SANCTSIM" >/dev/null 2>&1 || {
    echo "$0: cannot find the program '$SANCTSIM': install it (make install), or name it with SANCTSIM=./sanctsim" >&2
    exit 2
}
SCENARIO=${1:-scenarios/illustrative.ini}
OUT=${2:-runs/example-sweep}
[ $# -ge 2 ] && shift 2 || shift $#

# 1. The sweep. Rerunning this script resumes an interrupted sweep; --force
#    would start it again.
"$SANCTSIM" sweep "$SCENARIO" \
    --vary model.sigma=3:6:4 \
    --vary scale.enforcement=0.5,1,2 \
    --replicates 5 --out "$OUT" "$@" >/dev/null

# 2. The summary: one row per point and indicator. Columns are found by
#    name, so the script keeps working when keys are added; the varied keys
#    are the columns between point and indicator (extra --vary options' too).
awk -F, '
    NR == 1 {
        for (i = 1; i <= NF; i++) { col[$i] = i; name[i] = $i }
        next
    }
    $col["indicator"] == "final_leakage" {
        for (i = col["point"] + 1; i < col["indicator"]; i++) printf "%s=%-5s ", name[i], $i
        printf "final leakage %.3f  (5-95 %%: %.3f to %.3f, %d runs)\n",
            $col["mean"], $col["q05"], $col["q95"], $col["n"]
    }' "$OUT/sweep-summary.csv"

# 3. The run with the highest final leakage, from sweep.csv (one row per
#    run): its seed and final leakage on a line, then a line KEY=VALUE for
#    each varied key (the columns between replicate and seed).
best=$(awk -F, '
    NR == 1 {
        for (i = 1; i <= NF; i++) { col[$i] = i; name[i] = $i }
        next
    }
    $col["status"] == "ok" && (best == "" || $col["final_leakage"] + 0 > max) {
        max = $col["final_leakage"] + 0
        best = $col["seed"] " " $col["final_leakage"]
        keys = ""
        for (i = col["replicate"] + 1; i < col["seed"]; i++) keys = keys "\n" name[i] "=" $i
    }
    END { print best keys }' "$OUT/sweep.csv")

# 4. Rerun that run alone: the base scenario of the sweep (with its --set
#    values), the row's value of every varied key and its seed. Its
#    headline.csv ends with the final month's leakage (summary.csv has a row
#    per coalition, target, sector and direction).
{
    read -r seed leakage
    set --
    while IFS= read -r kv; do set -- "$@" --set "$kv"; done
} <<EOF
$best
EOF
echo "highest final leakage: $leakage (seed $seed, $(echo "$best" | sed 1d | paste -s -d ' ' -))"
# Its own name, by which its brief would be titled (run warns without).
"$SANCTSIM" run "$OUT/sweep-scenario.ini" "$@" --set "scenario.name=The sweep's most leaking run" \
    --seed "$seed" --out "$OUT/rerun" --force >/dev/null
again=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { v = $col["leakage"] } END { print v }' "$OUT/rerun/headline.csv")
if [ "$again" = "$leakage" ]; then
    echo "rerun alone: final leakage $again, the same"
else
    echo "rerun alone: final leakage $again, expected $leakage" >&2
    exit 1
fi
