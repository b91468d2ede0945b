# Shared helpers for the command-line tests (sourced by tests/cli_*.sh).
# Each script calls `check` / `expect_error` and ends with `finish`, which
# prints the "N passed, N failed" line that tests/run.sh adds up.
# Scripts run from the repository root with ./sanctsim already built.

passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sanctsim-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# SANCTSIM_WRAP, when set, is a command that every ./sanctsim started by
# check and expect_error runs under (also after `timeout N`; not inside
# `sh -c` strings), e.g. for valgrind memcheck:
#   SANCTSIM_WRAP="valgrind -q --error-exitcode=99 --leak-check=full
#   --errors-for-leak-kinds=definite,indirect" sh tests/cli_bad.sh
wrapped() {
    if [ -n "${SANCTSIM_WRAP:-}" ]; then
        if [ "$1" = ./sanctsim ]; then
            shift
            $SANCTSIM_WRAP ./sanctsim "$@"
            return
        elif [ "$1" = timeout ] && [ "${3:-}" = ./sanctsim ]; then
            limit=$2
            shift 3
            timeout "$limit" $SANCTSIM_WRAP ./sanctsim "$@"
            return
        fi
    fi
    "$@"
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    desc=$1
    shift
    if wrapped "$@" >"$TMP/out" 2>"$TMP/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $desc"
        sed 's/^/  | /' "$TMP/err" | head -20
    fi
}

# expect_error DESCRIPTION STATUS MESSAGE COMMAND...: passes when the command
# exits with STATUS and its stderr contains MESSAGE (a fixed string).
expect_error() {
    desc=$1 want=$2 msg=$3
    shift 3
    wrapped "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ] && grep -qF -- "$msg" "$TMP/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $desc: exit $got (wanted $want), stderr:"
        sed 's/^/  | /' "$TMP/err" | head -20
        echo "  wanted message: $msg"
    fi
}

# finite DIR: every number of every CSV of a run folder is finite and
# non-negative (rerouted flows are sums of non-negative parts, never a
# difference that could round below 0).
finite() {
    [ -f "$1/scenario.ini" ] && ls "$1"/*.csv >/dev/null 2>&1 || return 1
    awk -F, 'FNR > 1 { for (i = 1; i <= NF; i++) {
                 v = tolower($i)
                 if (v ~ /^[-+]?(nan|inf)/) { print FILENAME ": " $0; bad = 1 }
                 else if (v ~ /^-[0-9.]/ && v + 0 < 0) { print FILENAME ": " $0; bad = 1 } } }
             END { exit bad }' "$1"/*.csv
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
