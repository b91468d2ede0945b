#!/bin/sh
# Runs every unit test program and every command-line test script, then
# prints one summary line "N passed, N failed" over all of them.
# Each test prints its own "N passed, N failed" as its last line.
#
# The tests are independent (each works in its own mktemp folder), so they
# run TEST_JOBS at a time (default: one per core). Each test's line, with
# its checks and seconds, is printed when it ends, with the whole output of
# a test that failed.
BUILD=${BUILD:-build}

# One test: runs it, prints its line, and leaves "PASSED FAILED" in $2.
one() {
    t=$1
    start=$(date +%s)
    out=$(case "$t" in *.sh) sh "$t" 2>&1 ;; *) "$t" 2>&1 ;; esac)
    status=$?
    secs=$(($(date +%s) - start))
    last=$(printf '%s\n' "$out" | tail -n 1)
    pass=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    fail=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$pass" ]; then
        # A test that died without its summary counts as one failure.
        pass=0
        fail=1
    elif [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
        fail=1
    fi
    if [ "$fail" -ne 0 ]; then
        # One write, so that lines of tests ending together do not interleave.
        printf '%s\nFAIL %s (%s passed, %s failed, %s s)\n' \
            "$(printf '%s\n' "$out" | sed 's/^/    /')" "$t" "$pass" "$fail" "$secs"
    else
        echo "ok   $t ($pass checks, $secs s)"
    fi
    echo "$pass $fail" >"$2"
}
if [ "${1:-}" = "--one" ]; then
    one "$2" "$3"
    exit 0
fi

JOBS=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
RES=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-run.XXXXXX")
trap 'rm -rf "$RES"' EXIT
# TESTS=cli: the command-line tests only (make test-valgrind: the unit
# tests start no ./sanctsim for the wrapper, and ran in make test).
case "${TESTS:-all}" in
cli) units= ;;
*) units="$BUILD/tests/test_*" ;;
esac
# The slowest scripts first, so that a short one is the last to finish.
SLOW="tests/cli_bad.sh tests/cli_trust.sh tests/cli_plot.sh tests/cli_sweep.sh"
for t in $SLOW $units tests/cli_*.sh; do
    [ -e "$t" ] && echo "$t"
done | awk '!seen[$0]++' >"$RES/list"
n=$(wc -l <"$RES/list")
awk -v r="$RES" '{ print $0, r "/" NR }' "$RES/list" | xargs -P "$JOBS" -L 1 sh "$0" --one

total_pass=0
total_fail=0
i=1
while [ "$i" -le "$n" ]; do
    # A test whose result is missing (its runner was killed) counts as failed.
    read -r pass fail <"$RES/$i" 2>/dev/null || { pass=0; fail=1; }
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
    i=$((i + 1))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
