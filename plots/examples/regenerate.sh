#!/bin/sh
# Regenerates the example charts in plots/examples/ that the README shows:
# the six charts of a scenario's run as PNG (chart 4 beside the same
# scenario without its sanctions, via --compare) and its one-page brief.
# Run from the repository root after `make sanctsim`:
#   sh plots/examples/regenerate.sh [SCENARIO [TWIN]]
# SCENARIO defaults to scenarios/illustrative.ini; TWIN, its no-sanctions
# twin, defaults to SCENARIO without its [sanction] sections.
set -e
scenario=${1:-scenarios/illustrative.ini}
out=plots/examples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

twin=$2
./sanctsim run "$scenario" --out "$tmp/run" >/dev/null
if [ -z "$twin" ]; then
    # The resolved scenario without its [sanction] sections, renamed so that
    # the two panels of chart 4 say which is which.
    twin=$tmp/twin.ini
    awk '/^\[/ { skip = ($0 ~ /^\[sanction /) }
         !skip && /^name = / && !named { print $0 " (no sanctions)"; named = 1; next }
         !skip' "$tmp/run/scenario.ini" >"$twin"
fi
./sanctsim run "$twin" --out "$tmp/twin" >/dev/null

./sanctsim plot "$tmp/run" --format png >/dev/null
./sanctsim plot "$tmp/run" --only recorded-exports --compare "$tmp/twin" >/dev/null
./sanctsim brief "$tmp/run" >/dev/null
cp "$tmp"/run/plots/*.png "$tmp/run/brief.png" "$out/"
ls "$out"/*.png
