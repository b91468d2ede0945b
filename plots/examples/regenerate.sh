#!/bin/sh
# Regenerates the example charts in plots/examples/ that the README shows:
# the nine charts of a scenario's run as PNG (charts 4, 8 and 9 against the
# same scenario without its sanctions, via --compare), its one-page brief, and the
# comparison page of "Kazakhstan stops intermediating from 2024-01"
# (scenarios/examples/kazakhstan-stops.ini) against the default scenario
# (compare-brief.png, with sanctsim compare).
# Run from the repository root after `make sanctsim`:
#   sh plots/examples/regenerate.sh [SCENARIO [TWIN]]
# SCENARIO defaults to scenarios/eurasian-roundabout.ini (the README's
# charts); TWIN defaults to its twin (sanctsim run --twin).
set -e
scenario=${1:-scenarios/eurasian-roundabout.ini}
out=plots/examples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

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
./sanctsim run scenarios/eurasian-roundabout.ini --out "$tmp/default" >/dev/null
./sanctsim run scenarios/examples/kazakhstan-stops.ini --out "$tmp/kaz" >/dev/null
./sanctsim compare "$tmp/default" "$tmp/kaz" --labels "default,Kazakhstan stops 2024-01" \
    --out "$tmp/compare" >/dev/null
cp "$tmp/compare/brief.png" "$out/compare-brief.png"
ls "$out"/*.png
