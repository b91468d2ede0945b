#!/bin/sh
# Regenerates the example charts in plots/examples/ that the README shows:
# the nine charts of a scenario's run as PNG (charts 4, 8 and 9 against the
# same scenario without its sanctions, via --compare), its one-page brief, and the
# comparison page of "Kazakhstan stops intermediating from 2024-01"
# (scenarios/examples/kazakhstan-stops.ini) against the default scenario
# (compare-brief.png, with sanctsim compare); and the comparison pages of
# the report's levers (report-*.png, the commands of
# scenarios/report/README.md).
# Run from the repository root after `make sanctsim`:
#   sh plots/examples/regenerate.sh [SCENARIO [TWIN]]
#   sh plots/examples/regenerate.sh --report     (the report's pages only)
# SCENARIO defaults to scenarios/eurasian-roundabout.ini (the README's
# charts); TWIN defaults to its twin (sanctsim run --twin).
set -e
out=plots/examples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run NAME SCENARIO [--set ...]: a run folder $tmp/NAME.
run() {
    name=$1
    shift
    ./sanctsim run "$@" --out "$tmp/$name" >/dev/null
}
# page FILE A B "LABEL A,LABEL B": the comparison page of runs A and B.
page() {
    ./sanctsim compare "$tmp/$2" "$tmp/$3" --labels "$4" --out "$tmp/cmp-$1" >/dev/null
    cp "$tmp/cmp-$1/brief.png" "$out/$1.png"
}
# The report's levers, claim by claim (scenarios/report/README.md).
report() {
    R=scenarios/report
    run default scenarios/eurasian-roundabout.ini
    run bloc $R/eurasian-bloc.ini
    run bloc-nokaz $R/eurasian-bloc.ini --set "bloc.EURASIA.members=RUS BLR KGZ ARM" \
        --set "scenario.name=The report: a Eurasian bloc without Kazakhstan"
    run corridor $R/middle-corridor.ini
    run no-offer $R/middle-corridor.ini --set corridor.middle-corridor.change=0 \
        --set "scenario.name=The report: no Middle Corridor offer"
    run kremlin $R/middle-corridor.ini --set intermediary.KAZ.inducement=200 \
        --set "scenario.name=The report: Moscow's inducement to Kazakhstan"
    run armenia $R/armenia-realigns.ini
    run payments $R/payments.ini
    run relocation $R/relocation.ini
    page report-bloc default bloc "Default,Eurasian bloc"
    page report-bloc-without-kaz bloc bloc-nokaz "Bloc with Kazakhstan,Kazakhstan stays out"
    page report-corridor no-offer corridor "No offer,Middle Corridor offer"
    page report-long-game corridor kremlin "West's corridor offer,Kremlin's long game"
    page report-armenia default armenia "Default,Armenia realigns"
    page report-payments default payments "Default,Payments cut off"
    page report-relocation default relocation "Default,Production relocates"
}
if [ "${1:-}" = --report ]; then
    report
    ls "$out"/report-*.png
    exit 0
fi
scenario=${1:-scenarios/eurasian-roundabout.ini}

./sanctsim run "$scenario" --out "$tmp/run" >/dev/null
if [ -n "${2:-}" ]; then
    ./sanctsim run "$2" --out "$tmp/twin" >/dev/null
else
    ./sanctsim run "$scenario" --twin --out "$tmp/twin" >/dev/null
fi

./sanctsim plot "$tmp/run" --format png >/dev/null
for chart in recorded-exports target-exports real-income; do
    ./sanctsim plot "$tmp/run" --only "$chart" --compare "$tmp/twin" >/dev/null
done
./sanctsim brief "$tmp/run" >/dev/null
cp "$tmp"/run/plots/*.png "$tmp/run/brief.png" "$out/"
# The comparison page: the default scenario and the example, labelled.
# (Its own folder names: report, below, runs the default scenario again as "default".)
./sanctsim run scenarios/eurasian-roundabout.ini --out "$tmp/kaz-default" >/dev/null
./sanctsim run scenarios/examples/kazakhstan-stops.ini --out "$tmp/kaz" >/dev/null
./sanctsim compare "$tmp/kaz-default" "$tmp/kaz" --labels "default,Kazakhstan stops 2024-01" \
    --out "$tmp/compare" >/dev/null
cp "$tmp/compare/brief.png" "$out/compare-brief.png"
report
ls "$out"/*.png
