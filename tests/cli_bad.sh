#!/bin/sh
# Bad input, faults and hostile files: every case of the catalogue in
# tests/bad/ (see tests/bad/EXPECTED) must end with its exact status and
# message, as one line on stderr, and leave no run folder behind; the
# numerical limits must give finite, non-negative output; huge files must
# be refused or read in bounded time; a run writes only inside --out, never
# replaces a folder that is not a run folder, and an interrupted run leaves
# nothing that looks complete. Cases listed in tests/bad/PENDING wait for a
# fix outside tests/ and are reported, not counted, until they pass.
. tests/lib.sh
B=tests/bad
REPO=$(pwd)
# Seconds a case may take: a hang fails instead of blocking the suite. A
# guard, not a speed limit: generous, since the tests run side by side.
# Under a wrapper such as valgrind everything is 20 to 50 times slower.
if [ -n "${SANCTSIM_WRAP:-}" ]; then
    TIMEOUT=${SANCTSIM_TIMEOUT:-600}
else
    TIMEOUT=${SANCTSIM_TIMEOUT:-120}
fi
pending_count=0

is_pending() {
    grep -qx -- "$1" "$B/PENDING"
}

# A pending case's failures are reported but not counted.
begin_case() {
    case_failed=$failed
}
end_case() {
    if is_pending "$1"; then
        if [ "$failed" -gt "$case_failed" ]; then
            echo "PENDING: $1 (fails as expected until its fix is in; see tests/bad/PENDING)"
            failed=$case_failed
            pending_count=$((pending_count + 1))
        else
            echo "NOTE: $1 passes now: remove it from tests/bad/PENDING"
        fi
    fi
}

# No run folder and no temporary folder of it left.
no_folder() {
    dir=$1
    [ ! -e "$dir" ] || return 1
    ! ls -a "$(dirname "$dir")" | grep -q "^\.$(basename "$dir")\.partial"
}

# The last command's stderr is one line.
one_line() {
    [ "$(wc -l <"$1")" -eq 1 ]
}

# ---- the catalogue --------------------------------------------------------------
cases=0
tab=$(printf '\t')
while IFS="$tab" read -r name want msg scen args; do
    case "$name" in '' | '#'*) continue ;; esac
    cases=$((cases + 1))
    if [ -n "$scen" ]; then
        scen="$B/$scen"
    elif [ -e "$B/$name.ini" ]; then
        scen="$B/$name.ini"
    else
        scen="$B/$name/scenario.ini"
    fi
    out="$TMP/out-$name"
    begin_case
    if [ "$want" = 0 ]; then
        # shellcheck disable=SC2086 # ARGUMENTS are split on spaces
        check "$name: run" timeout "$TIMEOUT" ./sanctsim run "$scen" $args --out "$out"
        check "$name: finite, non-negative output" finite "$out"
        check "$name: check" timeout "$TIMEOUT" ./sanctsim check "$scen" $args
        rm -rf "$out"
    else
        # shellcheck disable=SC2086
        expect_error "$name" "$want" "$msg" timeout "$TIMEOUT" ./sanctsim run "$scen" $args --out "$out"
        cp "$TMP/err" "$TMP/err-$name"
        check "$name: one line on stderr" one_line "$TMP/err-$name"
        check "$name: no run folder left" no_folder "$out"
        if [ "$want" = 2 ]; then
            expect_error "$name: check" 2 "$msg" timeout "$TIMEOUT" ./sanctsim check "$scen" $args
        else
            check "$name: check" timeout "$TIMEOUT" ./sanctsim check "$scen" $args
        fi
    fi
    end_case "$name"
done <"$B/EXPECTED"
check "the catalogue has at least 40 cases ($cases)" test "$cases" -ge 40

# ---- the equilibrium's limits ----------------------------------------------------------
S=$B/numerics.ini
expect_error "equilibrium at sigma = 1" 2 "sanctsim: tests/bad/numerics.ini: the equilibrium needs sigma > 1 (here 1, from [model] sigma or --set)" \
    ./sanctsim equilibrium $S --set model.sigma=1 --out "$TMP/never-eq"
for args in "--set model.sigma=1.0001" "--set model.sigma=50" \
    "--set sanction.s.kind=penalty --set sanction.s.penalty=1e6" \
    "--set model.balance=multiplicative --set model.sigma=1.01"; do
    rm -rf "$TMP/eq"
    # shellcheck disable=SC2086
    check "equilibrium $args" ./sanctsim equilibrium $S $args --out "$TMP/eq"
    check "equilibrium $args: finite, non-negative" finite "$TMP/eq"
done
rm -rf "$TMP/eq"
check "equilibrium with a country that trades nothing" ./sanctsim equilibrium $B/w-zero-expenditure/scenario.ini --out "$TMP/eq"
check "... finite, non-negative" finite "$TMP/eq"
expect_error "equilibrium with every route closed" 1 "sanctsim: RUS can no longer buy sector" \
    ./sanctsim equilibrium $B/w-all-routes-closed/scenario.ini --out "$TMP/never-eq"
check "... leaves no folder" no_folder "$TMP/never-eq"

# ---- --set values that would break the resolved scenario.ini ---------------------
S=$B/numerics.ini
begin_case set-newline
expect_error "set-newline" 2 "sanctsim: --set: a control character (byte 0x0A) in scenario.name" \
    ./sanctsim run $S --set "scenario.name=$(printf 'x\n[model]\nsigma = 50')" --out "$TMP/never-newline"
check "set-newline: no run folder left" no_folder "$TMP/never-newline"
end_case set-newline
begin_case set-latin1
expect_error "set-latin1" 2 "sanctsim: --set: byte 0xE9 in scenario.name is not UTF-8 text" \
    ./sanctsim run $S --set "$(printf 'scenario.name=caf\351')" --out "$TMP/never-latin1"
end_case set-latin1

# A value the resolved scenario.ini cannot hold as it is: " ;" starts a
# comment there, and spaces around a value are trimmed when it is read
# back, so that `sanctsim run RUN/scenario.ini` would not reproduce the run.
begin_case set-comment
expect_error "set-comment" 2 "sanctsim: --set: name = 'a ; b': a value cannot start with ; or hold ' ;' (a comment)" \
    ./sanctsim run $S --set "scenario.name=a ; b" --out "$TMP/never-comment"
end_case set-comment
# A word longer than a scenario file's line, and a label whose section
# line is: run wrote a scenario.ini that sanctsim could not read (a
# reliability hunt). A long value of many words is broken onto lines.
begin_case set-long
long=$(printf 'x%.0s' $(seq 300))
expect_error "set-long: a word" 2 "sanctsim: --set: the name would not read back from the run's scenario.ini, whose lines hold 198 bytes" \
    ./sanctsim run $S --set "scenario.name=$long" --out "$TMP/never-long"
expect_error "set-long: a label" 2 "is longer than a scenario file's line allows (198 bytes with [group ])" \
    ./sanctsim run $S --set "group.$long.members=DEU" --out "$TMP/never-long"
check "set-long: many words" ./sanctsim run $S --set "scenario.name=$(printf 'word %.0s' $(seq 60))end" \
    --tables summary --out "$TMP/many-words"
check "set-long: its scenario.ini reads back" ./sanctsim check "$TMP/many-words/scenario.ini"
check "set-long: nothing written for the refused" test ! -e "$TMP/never-long"
end_case set-long
# A list of one word longer than a line (items joined by commas), a label
# with ']', and runs of spaces in a value longer than a line: the run ran,
# and its scenario.ini did not read back the same (a hunt: exit 2 on rerun,
# a sanction renamed, a coalition regrouped).
begin_case set-list
C=$(printf 'DEU,FRA,USA,%.0s' $(seq 20))USA
expect_error "set-list: a comma-joined list longer than a line" 2 \
    "the value would not read back from the run's scenario.ini (a word, or words joined by runs of spaces, longer than a line): separate a list's items with single spaces" \
    ./sanctsim run $S --set "sanction.s.by=$C" --out "$TMP/never-list"
expect_error "set-list: a label with ]" 2 \
    "sanction.x]y.by: the label 'x]y' would not read back from the run's scenario.ini as [sanction x]y]" \
    ./sanctsim run $S --set "sanction.x]y.by=COALITION" --out "$TMP/never-list"
check "set-list: nothing written for the refused" test ! -e "$TMP/never-list"
L=$(printf 'DEU,  FRA,  USA,  %.0s' $(seq 6))USA
printf '[scenario]\nbase = %s/%s\n[sanction s]\nby = %s\n    %s\n' "$PWD" "$S" "$L" "$L" >"$TMP/spaced.ini"
check "set-list: a by list over two lines, aligned with runs of spaces" ./sanctsim run \
    "$TMP/spaced.ini" --tables summary --out "$TMP/spaced"
check "set-list: its scenario.ini gives the same summary.csv" sh -c \
    './sanctsim run "$1/scenario.ini" --tables summary --out "$1-again" >/dev/null 2>&1 &&
    cmp "$1/summary.csv" "$1-again/summary.csv"' _ "$TMP/spaced"
end_case set-list
begin_case set-spaces
check "set-spaces: run" ./sanctsim run $S --set "sanction.s.by=  COALITION " --out "$TMP/spaces"
check "set-spaces: rerun its scenario.ini" ./sanctsim run "$TMP/spaces/scenario.ini" --out "$TMP/spaces-again"
check "set-spaces: the same summary" cmp "$TMP/spaces/summary.csv" "$TMP/spaces-again/summary.csv"
end_case set-spaces

# A long --set value is read whole: cut at 1023 characters, this list
# would lose its last item and run without complaint.
begin_case set-long
long=$(i=0; while [ $i -lt 300 ]; do printf 'KAZ '; i=$((i + 1)); done)
expect_error "set-long" 2 "sanctsim: --set: unknown country or group 'NOPE'" \
    ./sanctsim check $S --set "intermediaries.candidates=${long}NOPE"
end_case set-long

# ---- huge files ---------------------------------------------------------------------
ILL=$REPO/scenarios/data/illustrative
head="[scenario]
world = $ILL
start = 2021-01
months = 3"
# The last month must be written YYYY-MM: a run that passes 9999-12 wrote
# "10000-01", which plot, brief and compare then refused (before the
# sixteenth session).
printf '[scenario]\nworld = %s\nstart = 9999-06\nmonths = 8\n' "$ILL" >"$TMP/year-10000.ini"
expect_error "a run past 9999-12" 2 "year-10000.ini:4: months = 8 from 9999-06 runs past 9999-12" \
    ./sanctsim check "$TMP/year-10000.ini"
check "a run that ends in 9999-12" ./sanctsim check "$TMP/year-10000.ini" --set scenario.months=7
# A scenario holds at most 1 MB, 10000 sections, 10000 keys a section and
# 65536 characters a value: beyond, lookups that are linear in the number
# of sections or keys, and values joined line by line, would take hours
# (3000 sections took over two minutes in a SANITIZE=1 build).
{ echo "$head"; yes '; a comment line, repeated to make a file of about 900 kilobytes' | head -n 13000; } >"$TMP/big-comments.ini"
check "a 900 kB scenario of comments runs" timeout "$TIMEOUT" ./sanctsim run "$TMP/big-comments.ini" --out "$TMP/big-comments"
{ echo "$head"; yes '; a comment line, repeated to make a file of about twenty megabytes' | head -n 300000; } >"$TMP/huge-comments.ini"
begin_case huge-scenario
expect_error "huge-scenario" 2 "the scenario is larger than 1 MB: put bulky tables in CSV files ([links])" \
    timeout "$TIMEOUT" ./sanctsim run "$TMP/huge-comments.ini" --out "$TMP/never-huge"
end_case huge-scenario
{ echo "$head"; printf 'name = '; head -c 1000000 /dev/zero | tr '\0' x; echo; } >"$TMP/huge-line.ini"
expect_error "a 1 MB line" 2 "huge-line.ini:5: line longer than 198 characters" \
    timeout "$TIMEOUT" ./sanctsim run "$TMP/huge-line.ini" --out "$TMP/never"
{ echo "$head"; printf '[group G]\nmembers = DEU\n'; yes '  DEU FRA USA RUS' | head -n 20000; } >"$TMP/long-value.ini"
begin_case long-value
expect_error "long-value" 2 "long-value.ini:" timeout "$TIMEOUT" ./sanctsim check "$TMP/long-value.ini"
cp "$TMP/err" "$TMP/err-long-value"
check "long-value: the message" grep -qF "'members' is longer than 65536 characters" "$TMP/err-long-value"
end_case long-value
{ echo "$head"; i=0; while [ $i -lt 3000 ]; do printf '[group G%d]\nmembers = DEU FRA\n' $i; i=$((i + 1)); done; } >"$TMP/many-sections.ini"
begin_case many-sections
check "many-sections: 3000 sections" timeout "$TIMEOUT" ./sanctsim check "$TMP/many-sections.ini"
end_case many-sections
{ echo "$head"; i=0; while [ $i -le 10000 ]; do printf '[group G%d]\n' $i; i=$((i + 1)); done; } >"$TMP/too-many-sections.ini"
begin_case too-many-sections
expect_error "too-many-sections" 2 "too-many-sections.ini:10004: more than 10000 sections" \
    timeout "$TIMEOUT" ./sanctsim check "$TMP/too-many-sections.ini"
end_case too-many-sections
mkdir -p "$TMP/w-huge"
cp "$ILL/trade.csv" "$ILL/groups.csv" "$TMP/w-huge/"
printf '[scenario]\nworld = .\nstart = 2021-01\nmonths = 3\n' >"$TMP/w-huge/scenario.ini"
awk 'BEGIN { print "iso3,name,lat,lon"; for (i = 0; i <= 10000; i++) printf "C%04d,Country %d,,\n", i, i }' >"$TMP/w-huge/countries.csv"
expect_error "10001 countries" 2 "w-huge/countries.csv:10002: more than 10000 countries: a world holds at most 10000" \
    timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"
{ echo "iso3,name,lat,lon"; printf 'DEU,'; head -c 1000000 /dev/zero | tr '\0' G; echo ",52.52,13.40"; sed 1,2d "$ILL/countries.csv"; } >"$TMP/w-huge/countries.csv"
check "a 1 MB country name" timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"
{ echo "iso3,name,lat,lon"; printf 'DEU,'; head -c 10000000 /dev/zero | tr '\0' G; echo ",52.52,13.40"; sed 1,2d "$ILL/countries.csv"; } >"$TMP/w-huge/countries.csv"
expect_error "a 10 MB country name" 2 "w-huge/countries.csv:2: a row longer than 1 MB: this is not a table of countries and flows" \
    timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"
cp "$ILL/countries.csv" "$TMP/w-huge/"
{ cat "$ILL/trade.csv"; echo 'DEU,FRA,"other,1'; yes 'DEU,FRA,other,1' | head -n 100000; } >"$TMP/w-huge/trade.csv"
expect_error "a quote never closed" 2 "w-huge/trade.csv:130: a quoted field from this line runs on for more than 1 MB: a quote that is never closed?" \
    timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"
{ cat "$ILL/trade.csv"; yes 'DEU,FRA,other,1' | head -n 500000; } >"$TMP/w-huge/trade.csv"
expect_error "500000 duplicate trade rows" 2 "w-huge/trade.csv:130: a second row for DEU -> FRA in sector other (first at line 5)" \
    timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"

cp "$ILL/trade.csv" "$TMP/w-huge/"
awk 'BEGIN { print "group,member"; print "G0,DEU"; for (i = 1; i <= 100000; i++) printf "G%d,G%d\n", i, i - 1 }' >"$TMP/w-huge/groups.csv"
expect_error "a chain of 100001 groups in groups.csv" 2 "w-huge/groups.csv:10002: more than 10000 rows: a groups.csv holds at most 10000" \
    timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"
awk 'BEGIN { print "group,member"; print "G0,DEU"; for (i = 1; i < 9999; i++) printf "G%d,G%d\n", i, i - 1 }' >"$TMP/w-huge/groups.csv"
check "a chain of 9999 groups, each inside the next" timeout "$TIMEOUT" ./sanctsim check "$TMP/w-huge/scenario.ini"

# ---- where a run writes ---------------------------------------------------------------
# A name with ../ and / is only a title: the run writes its folder and nothing else.
mkdir -p "$TMP/cwd"
had_x=$(test -e /tmp/x && echo yes)
check "a name with ../ runs" sh -c "cd '$TMP/cwd' && '$REPO/sanctsim' run '$REPO/$B/name-with-path.ini' --out r >/dev/null"
check "... and writes only its --out folder" test "$(ls -A "$TMP/cwd")" = r
check "... with the name inside it" grep -q '^name = \.\./\.\./\.\./etc/evil /tmp/x$' "$TMP/cwd/r/scenario.ini"
[ -n "$had_x" ] || check "... and nothing under /tmp/x" test ! -e /tmp/x
expect_error "--out in a missing folder names it" 2 \
    "cannot create the output folder: its parent folder $TMP/no/such does not exist" \
    ./sanctsim run $S --out "$TMP/no/such/folder"
check "... leaves nothing" test ! -e "$TMP/no"
# A range is written in full, as help keys writes it: the largest seed is
# 2^53 - 1 (it read 9.0072e+15 before the fifteenth session).
expect_error "a seed above 2^53 - 1" 2 "--seed: '9007199254740992' is not a seed: expected a whole number from 0 to 9007199254740991" \
    ./sanctsim check $S --seed 9007199254740992
check "help keys gives the same bound" sh -c "./sanctsim help keys | grep -q ' 0 to 9007199254740991 '"
# A folder the machine refuses (no permission) is "the output could not be
# written", status 1, for every command that writes one (run, sweep and
# equilibrium said 2 before the fifteenth session; plot and compare said 1).
# As root, the commands run as nobody (setpriv), from a copy they can read.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
    AS=
fi
RO=$TMP/perm
mkdir -p "$RO/ro" && cp sanctsim "$RO/" && cp -r scenarios/data/illustrative "$RO/w" &&
    sed "s#^world = .*#world = $RO/w#" scenarios/illustrative.ini >"$RO/s.ini" &&
    printf 'target,indicator,from,to,sector,period,base,observed,observed_high,weight,source\nx,flow_ratio,DEU,RUS,all,2021,,0.5,,1,test\n' >"$RO/t.csv" &&
    chmod -R a+rX "$RO" && chmod 555 "$RO/ro" && chmod a+x "$TMP"
if [ "$(id -u)" != 0 ] || [ -n "$AS" ]; then
    for c in "run $RO/s.ini" "equilibrium $RO/s.ini" "sweep $RO/s.ini --vary model.sigma=3,4"; do
        expect_error "${c%% *}: --out in a folder it may not write" 1 \
            "$RO/ro/x: cannot create the" $AS "$RO/sanctsim" $c --out "$RO/ro/x"
    done
    # Without --out, from a working folder it may not write (runs/ is made
    # there): said, status 1 (a run and equilibrium said "failed for an
    # unknown reason", sweep and compare "out of memory", before the
    # twenty-ninth session).
    ./sanctsim run "$RO/s.ini" --out "$RO/r1" >/dev/null 2>&1 && chmod -R a+rX "$RO/r1"
    for c in "run $RO/s.ini" "run $RO/s.ini --twin" "equilibrium $RO/s.ini" \
        "sweep $RO/s.ini --vary model.sigma=3,4" "compare $RO/r1 $RO/r1 --labels a,b" \
        "calibrate $RO/s.ini --targets $RO/t.csv --free model.adjust=0.1:0.5"; do
        expect_error "${c%% *}: no --out, in a working folder it may not write" 1 \
            "sanctsim: runs: cannot create the folder for the output here: Permission denied; give a folder you can write to with --out" \
            env -C "$RO/ro" $AS "$RO/sanctsim" $c
    done
else
    echo "skipped: the permission checks (root without setpriv)"
fi
begin_case out-empty
expect_error "out-empty" 2 "sanctsim: --out needs a folder name" ./sanctsim run $S --out ""
check "out-empty: nothing left" sh -c "! ls -a | grep -q '^\.\.partial'"
end_case out-empty
# sweep and compare took an empty --out for a folder name and failed on
# creating ": cannot create the folder"; merge its OUT_DIR (a review).
for c in "sweep $S" "compare $TMP/again $TMP/again --labels a,b" "calibrate $S"; do
    expect_error "${c%% *}: --out \"\" is refused" 2 "sanctsim: --out needs a folder name" \
        ./sanctsim $c --out ""
done
expect_error "merge: an empty OUT_DIR is refused" 2 \
    "sanctsim: merge: the merged folder (OUT_DIR) needs a name" ./sanctsim merge "" "$TMP"

# --force replaces a run folder, and only a run folder: one that merely has a
# file called scenario.ini (here a user's own scenario, next to their notes)
# is not one.
check "a run folder" ./sanctsim run $S --out "$TMP/again"
check "--force replaces it" ./sanctsim run $S --out "$TMP/again" --force
expect_error "without --force it stays" 2 "the output folder exists already" ./sanctsim run $S --out "$TMP/again"
mkdir -p "$TMP/mine"
cp "$S" "$TMP/mine/scenario.ini"
echo "my notes" >"$TMP/mine/notes.txt"
begin_case force-user-folder
expect_error "force-user-folder" 2 "is not a sanctsim run folder" ./sanctsim run $S --out "$TMP/mine" --force
check "force-user-folder: the notes survive" test -f "$TMP/mine/notes.txt"
end_case force-user-folder
echo "my text" >"$TMP/plainfile"
expect_error "--out on a plain file says it is one" 2 \
    "plainfile: exists and is not a folder: choose another --out" \
    ./sanctsim run $S --out "$TMP/plainfile"
expect_error "... with --force too" 2 \
    "plainfile: exists and is not a folder: choose another --out" \
    ./sanctsim run $S --out "$TMP/plainfile" --force
check "... and leaves it" grep -qx "my text" "$TMP/plainfile"

check "nothing but the test's own files in the scratch folder" sh -c \
    "! ls -a '$TMP' | grep -q 'partial'"

# ---- interrupted runs ------------------------------------------------------------------
# The default scenario's world, 240 months (about 6 s): a signal once the
# temporary folder exists must leave neither the folder nor its temporary
# one. `env --default-signal` undoes the SIG_IGN that sh gives background
# jobs for SIGINT.
for sig in INT TERM HUP; do
    out="$TMP/killed-$sig"
    env --default-signal=INT ./sanctsim run scenarios/eurasian-roundabout.ini \
        --set scenario.months=240 --out "$out" >/dev/null 2>"$TMP/err-killed-$sig" &
    pid=$!
    n=0
    while [ $n -lt 200 ] && ! ls -a "$TMP" | grep -q "^\.killed-$sig\.partial"; do
        sleep 0.05
        n=$((n + 1))
    done
    sleep 0.3
    kill -$sig $pid
    wait $pid
    status=$?
    check "SIG$sig: the run was stopped (status $status)" test "$status" -ne 0
    check "SIG$sig: no run folder" test ! -e "$out"
    case $sig in INT) num=2 ;; TERM) num=15 ;; HUP) num=1 ;; esac
    check "SIG$sig: the run says so" \
        grep -qF "interrupted (signal $num): no run folder written" "$TMP/err-killed-$sig"
    check "SIG$sig: ... once (twice before the twenty-third session)" \
        test "$(grep -c interrupted "$TMP/err-killed-$sig")" -eq 1
    begin_case "signal-$sig"
    check "signal-$sig: no temporary folder left" no_folder "$out"
    end_case "signal-$sig"
done

# Whenever the signal comes, status 130 leaves no folder and status 0 a
# complete one with its path printed: a signal that came while the last
# month's tables were closed left a complete folder with status 130 and
# no path (a user's trial, nineteenth session). The default scenario runs
# in about 0.2 s here (much longer under a wrapper, where every signal
# comes early).
for delay in 0.05 0.1 0.15 0.2 0.25 0.3 0.4; do
    out="$TMP/late-$delay"
    env --default-signal=INT timeout --preserve-status -s INT $delay ./sanctsim run \
        scenarios/eurasian-roundabout.ini --out "$out" >"$TMP/late.out" 2>/dev/null
    status=$?
    case $status in
    0) check "SIGINT after ${delay} s, status 0: the folder complete and named" \
        sh -c "test -f '$out/headline.csv' && grep -qxF '$out' '$TMP/late.out'" ;;
    *) check "SIGINT after ${delay} s, status $status: 130 and no folder" \
        sh -c "test $status = 130 && ! test -e '$out' && ! ls -a '$TMP' | grep -q '^\.late-$delay\.partial'" ;;
    esac
done

[ "$pending_count" -gt 0 ] && echo "$pending_count pending cases (tests/bad/PENDING)"
finish
