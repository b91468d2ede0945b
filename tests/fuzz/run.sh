#!/bin/sh
# Runs each libFuzzer target for FUZZ_SECONDS (default 60) with its seed
# corpus, its dictionary and the regression inputs under tests/bad/fuzz/
# (the scenario target also with the catalogue's tests/bad/*.ini).
# New corpus entries go to tests/fuzz/build/corpus-NAME (not committed);
# a crash, leak or timeout is written to tests/fuzz/build/ and the script
# fails. Usage: sh tests/fuzz/run.sh [NAME ...]  (default: all three).
# Run from the repository root after sh tests/fuzz/build.sh.
set -u
SECONDS_EACH=${FUZZ_SECONDS:-60}
# Absolute paths: fuzz_cli works inside its own temporary folder.
R=$(pwd)
B=$R/tests/fuzz/build
status=0
for t in ${*:-scenario world cli}; do
    mkdir -p "$B/corpus-$t" "$B/artifacts-$t"
    seeds="$R/tests/fuzz/corpus/$t"
    [ -d "$R/tests/bad/fuzz/$t" ] && seeds="$seeds $R/tests/bad/fuzz/$t"
    if [ "$t" = scenario ]; then
        # The catalogue's scenarios seed the parser (their worlds are not
        # found from the fuzzer's folder, which is fine for parsing).
        mkdir -p "$B/seeds-bad"
        cp "$R"/tests/bad/*.ini "$B/seeds-bad/" 2>/dev/null
        seeds="$seeds $B/seeds-bad"
    fi
    echo "fuzz_$t: $SECONDS_EACH s"
    if ! "$B/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -close_fd_mask=3 -print_final_stats=1 \
        -dict="$R/tests/fuzz/$t.dict" -artifact_prefix="$B/artifacts-$t/" \
        "$B/corpus-$t" $seeds >"$B/fuzz_$t.log" 2>&1; then
        status=1
        echo "FAIL fuzz_$t: see $B/fuzz_$t.log and $B/artifacts-$t/"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$B/fuzz_$t.log" | head -5
    else
        grep -E '^(stat::number_of_executed_units|stat::new_units_added)' "$B/fuzz_$t.log"
    fi
done
exit $status
