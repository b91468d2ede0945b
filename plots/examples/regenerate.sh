#!/bin/sh
# Regenerates the example charts in plots/examples/ that the README shows:
# the six charts of a scenario's run as PNG (chart 4 beside the same
# scenario without its sanctions, via --compare) and its one-page brief.
# Run from the repository root after `make sanctsim`:
#   sh plots/examples/regenerate.sh [SCENARIO]   (default scenarios/illustrative.ini)
set -e
scenario=${1:-scenarios/illustrative.ini}
out=plots/examples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

./sanctsim run "$scenario" --out "$tmp/run" >/dev/null
# The no-sanctions twin: the resolved scenario without its [sanction]
# sections, renamed so that the two panels of chart 4 say which is which.
awk '/^\[/ { skip = ($0 ~ /^\[sanction /) }
     !skip && /^name = / && !named { print $0 " (no sanctions)"; named = 1; next }
     !skip' "$tmp/run/scenario.ini" >"$tmp/twin.ini"
./sanctsim run "$tmp/twin.ini" --out "$tmp/twin" >/dev/null

./sanctsim plot "$tmp/run" --format png >/dev/null
./sanctsim plot "$tmp/run" --only recorded-exports --compare "$tmp/twin" >/dev/null
./sanctsim brief "$tmp/run" >/dev/null
cp "$tmp"/run/plots/*.png "$tmp/run/brief.png" "$out/"
ls "$out"/*.png
