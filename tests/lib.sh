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

# can_trace: 0 when strace works here (not under SANCTSIM_WRAP, whose
# valgrind would be traced instead). Traced runs set
# ASAN_OPTIONS=detect_leaks=0: LeakSanitizer cannot work under ptrace.
can_trace() {
    command -v strace >/dev/null && [ -z "${SANCTSIM_WRAP:-}" ] && strace -o /dev/null true 2>/dev/null
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    desc=$1
    shift
    # A check whose command was lost (a comment line after its line-ending
    # backslash) would pass on nothing.
    if [ $# -eq 0 ]; then
        failed=$((failed + 1))
        echo "FAIL: $desc: no command to check"
    elif wrapped "$@" >"$TMP/out" 2>"$TMP/err"; then
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

# ---- CSV columns by name -----------------------------------------------------
# Tests name the columns they read, never their position, so that a column
# added to an output breaks only the tests about that column.

# csv_awk [-v VAR=VALUE ...] PROGRAM FILE...: `awk -F,` over CSV files, where
# PROGRAM may call val("name"), the current row's field in the column with that
# header in the current file, and col("name"), that column's position. Every
# row, the header too, still reaches PROGRAM as with plain awk. A name that a
# header lacks fails the command with status 2 and a message, whatever
# PROGRAM's END block does.
csv_awk() {
    _csv_err=$TMP/csv_awk.err
    : >"$_csv_err"
    _csv_n=$#
    _csv_state=options
    while [ "$_csv_n" -gt 0 ]; do
        _csv_a=$1
        shift
        _csv_n=$((_csv_n - 1))
        if [ "$_csv_state" = options ] && [ "$_csv_a" = -v ]; then
            set -- "$@" -v "$1"
            shift
            _csv_n=$((_csv_n - 1))
        elif [ "$_csv_state" = options ]; then
            set -- "$@" "$_CSV_AWK_LIB
$_csv_a"
            _csv_state=files
        else
            set -- "$@" "$_csv_a"
        fi
    done
    awk -F, -v _csv_err="$_csv_err" "$@"
    _csv_status=$?
    if [ -s "$_csv_err" ]; then
        cat "$_csv_err" >&2
        return 2
    fi
    return $_csv_status
}
_CSV_AWK_LIB='
FNR == 1 { split("", _csv_h); for (_csv_i = 1; _csv_i <= NF; _csv_i++) _csv_h[$_csv_i] = _csv_i }
function col(name) {
    if (!(name in _csv_h)) {
        print "csv_awk: " FILENAME " has no column \"" name "\"" >_csv_err
        exit 2
    }
    return _csv_h[name]
}
function val(name) { return $col(name) }'

# csv_col FILE NAME[,NAME...]: the named columns of FILE's rows after the
# header, comma-separated, one row a line (as `tail -n +2 | cut -d, -f...`).
csv_col() {
    csv_awk -v names="$2" 'FNR == 1 { n = split(names, want, ","); for (i = 1; i <= n; i++) k[i] = col(want[i]); next }
        { line = $k[1]; for (i = 2; i <= n; i++) line = line "," $k[i]; print line }' "$1"
}

# text_strings FILE: the strings of a chart's text.dat (src/gnuplot.c writes
# each as its byte codes), one a line, a line break inside one as a space.
text_strings() {
    awk 'NF == 0 { next } $1 == -1 { if (started) print s; s = ""; started = 1; next }
         { s = s sprintf("%c", $1 == 10 ? 32 : $1) } END { if (started) print s }' "$1"
}
