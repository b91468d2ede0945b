#!/bin/sh
# Runs every unit test program and every command-line test script, then
# prints one summary line "N passed, N failed" over all of them.
# Each test prints its own "N passed, N failed" as its last line.
BUILD=${BUILD:-build}
total_pass=0
total_fail=0
for t in "$BUILD"/tests/test_* tests/cli_*.sh; do
    [ -e "$t" ] || continue
    case "$t" in *.sh) cmd="sh $t" ;; *) cmd="$t" ;; esac
    out=$($cmd 2>&1)
    status=$?
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
        printf '%s\n' "$out" | sed 's/^/    /'
        echo "FAIL $t ($pass passed, $fail failed)"
    else
        echo "ok   $t ($pass checks)"
    fi
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
