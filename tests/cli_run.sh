#!/bin/sh
# Command-line tests of `sanctsim run` and `sanctsim check` on the
# illustrative scenario: determinism, the baseline, bans over time,
# leakage responses, the resolved scenario, and every bad-input path.
. tests/lib.sh
S=scenarios/illustrative.ini
ILL=$(cd scenarios/data/illustrative && pwd)

# ---- the baseline and determinism ---------------------------------------
check "run the illustrative scenario" ./sanctsim run $S --out "$TMP/a"
check "same seed, byte-identical files" sh -c "./sanctsim run $S --out '$TMP/b' >/dev/null &&
    for f in summary flows recorded intermediaries countries; do cmp '$TMP/a/'\$f.csv '$TMP/b/'\$f.csv || exit 1; done"
check "another seed changes the detection draws" sh -c "./sanctsim run $S --seed 7 --out '$TMP/c' >/dev/null &&
    ! cmp -s '$TMP/a/intermediaries.csv' '$TMP/c/intermediaries.csv'"
check "the resolved scenario.ini reruns bit for bit" sh -c "./sanctsim run '$TMP/a/scenario.ini' --out '$TMP/d' >/dev/null &&
    for f in summary flows recorded intermediaries countries; do cmp '$TMP/a/'\$f.csv '$TMP/d/'\$f.csv || exit 1; done"

# With the sanction moved past the end... there is no such date, so a
# scenario without sanctions: every month equals month 0.
sed -e '/^\[sanction/,/^start/d' -e "s|^world = .*|world = $ILL|" $S >"$TMP/none.ini"
check "no sanction: run" ./sanctsim run "$TMP/none.ini" --out "$TMP/none"
check "no sanction: every month's flows equal the baseline" csv_awk '
    NR > 1 { key = val("origin") FS val("destination") FS val("via") FS val("sector")
             if (val("month") == "2021-01") base[key] = val("value_usd_mn")
             else if (base[key] != val("value_usd_mn")) { print "differs: " $0; bad = 1 } }
    END { exit bad }' "$TMP/none/flows.csv"
check "no sanction: every price index is exactly 1" csv_awk \
    'NR > 1 && val("price_index") != 1 { bad = 1 } END { exit bad }' "$TMP/none/countries.csv"
check "no sanction: recorded = true flows every month" csv_awk \
    'NR > 1 && val("exports_usd_mn") != val("imports_usd_mn") { bad = 1 } END { exit bad }' \
    "$TMP/none/recorded.csv"

# ---- a ban over time ---------------------------------------------------------
check "a ban with an end date" ./sanctsim run $S --set sanction.restricted-exports.end=2022-08 --out "$TMP/ban"
direct() { # month -> direct DEU -> RUS restricted flow (0 when absent)
    csv_awk -v m="$1" 'val("month") == m && val("origin") == "DEU" && val("destination") == "RUS" &&
        val("via") == "direct" && val("sector") == "restricted" { x = val("value_usd_mn") }
        END { print x + 0 }' "$TMP/ban/flows.csv"
}
check "direct flow before the ban" test "$(direct 2022-02)" != 0
check "no direct flow from the start month" test "$(direct 2022-03)" = 0
check "no direct flow in the last banned month" test "$(direct 2022-08)" = 0
check "direct flow resumes after the end month" test "$(direct 2022-09)" != 0
check "rerouted through an intermediary while banned" csv_awk '
    val("month") == "2022-05" && val("origin") == "DEU" && val("destination") == "RUS" &&
    val("via") ~ /^[A-Z][A-Z][A-Z]$/ && val("sector") == "restricted" { ok = 1 }
    END { exit !ok }' "$TMP/ban/flows.csv"
# Once the enforcer's last sanction has ended its secondary sanctions end
# too: nobody is under them, and nobody is caught, though the detection
# probability fades at the attention lag (an audit: `caught` went on
# reporting the fading probability, and random mode drew catches by an
# enforcer that watched nobody).
caught_after() { # run folder -> "positive-before,positive-after" counts of caught
    csv_awk '$1 ~ /^20/ && val("caught") > 0 { if (val("month") <= "2022-08") b++; else a++ }
        END { print b + 0 "," a + 0 }' "$1/detection.csv"
}
check "expected mode, the ban ended" ./sanctsim run $S --set sanction.restricted-exports.end=2022-08 \
    --set enforcement.COALITION.mode=expected --set enforcement.COALITION.attention_lag=0.9 \
    --set scenario.name=ended --out "$TMP/ban-exp"
check "  some under secondary sanctions before the end, none after ($(caught_after "$TMP/ban-exp"))" \
    sh -c "case $(caught_after "$TMP/ban-exp") in 0,* | *,[1-9]*) exit 1 ;; esac"
check "  while a detection probability still fades after it" csv_awk \
    'val("month") == "2022-09" && val("detection_probability") > 0 { ok = 1 } END { exit !ok }' \
    "$TMP/ban-exp/detection.csv"
check "random mode, attention lag 0.9, seed 9" ./sanctsim run $S --seed 9 \
    --set sanction.restricted-exports.end=2022-08 --set enforcement.COALITION.attention_lag=0.9 \
    --set scenario.name=ended --out "$TMP/ban-rnd"
# ARM's fading p of 0.0257 in 2022-09 drew a catch before.
check "  nobody caught after the end ($(caught_after "$TMP/ban-rnd"))" \
    sh -c "case $(caught_after "$TMP/ban-rnd") in *,0) exit 0 ;; esac; exit 1"
check "  though ARM's probability fades after it" csv_awk \
    'val("month") == "2022-09" && val("intermediary") == "ARM" && val("detection_probability") > 0.02 { ok = 1 }
     END { exit !ok }' "$TMP/ban-rnd/detection.csv"

# ---- leakage and prices -------------------------------------------------------
leak() { csv_awk -v m="$2" 'val("month") == m { print val("leakage") }' "$1/summary.csv"; }
price() { csv_awk -v m="$2" 'val("month") == m { print val("target_price_index") }' "$1/summary.csv"; }
check "the target's price index rises under the ban" awk "BEGIN { exit !($(price "$TMP/a" 2022-06) > 1) }"
check "leakage lies in [0, 1] every month" csv_awk \
    'NR > 1 && (val("leakage") < 0 || val("leakage") > 1) { bad = 1 } END { exit bad }' \
    "$TMP/a/summary.csv"
E="--set enforcement.COALITION.mode=expected"
check "expected mode, base commission 0.05" ./sanctsim run $S $E --set intermediaries.base_commission=0.05 --out "$TMP/c05"
check "expected mode, base commission 0.15" ./sanctsim run $S $E --set intermediaries.base_commission=0.15 --out "$TMP/c15"
check "a higher base commission lowers leakage" awk "BEGIN { exit !($(leak "$TMP/c15" 2022-12) < $(leak "$TMP/c05" 2022-12)) }"
check "expected mode, enforcement 0.5" ./sanctsim run $S $E --set enforcement.COALITION.enforcement=0.5 --set change.tighter.enforcement.COALITION.enforcement=0.5 --out "$TMP/e1"
check "expected mode, enforcement 4" ./sanctsim run $S $E --set enforcement.COALITION.enforcement=4 --set change.tighter.enforcement.COALITION.enforcement=4 --out "$TMP/e4"
check "stronger enforcement lowers leakage" awk "BEGIN { exit !($(leak "$TMP/e4" 2022-12) < $(leak "$TMP/e1" 2022-12)) }"
# Whom the enforcer watches: with `watches = all` (the default) China, no
# candidate, is watched too, falls under expected secondary sanctions from
# the base hazard alone, and its own trade with the coalition detours
# through the candidates; with `watches = candidates` it is not watched,
# and no route through an intermediary starts or ends in China.
china_routes() {
    csv_awk 'FNR > 1 && val("via") != "direct" && (val("origin") == "CHN" || val("destination") == "CHN") {
        n++ } END { print n + 0 }' "$1/flows.csv"
}
check "expected mode, watching every country" ./sanctsim run $S $E --out "$TMP/w-all"
check "expected mode, watching the candidates" ./sanctsim run $S $E \
    --set enforcement.COALITION.watches=candidates --out "$TMP/w-cand"
check "  China's trade detours when every country is watched ($(china_routes "$TMP/w-all") rows)" \
    test "$(china_routes "$TMP/w-all")" -gt 0
check "  and never when only the candidates are" test "$(china_routes "$TMP/w-cand")" = 0
check "  check names whom the enforcer watches" sh -c "./sanctsim check $S \
    --set enforcement.COALITION.watches=candidates | grep -qx 'enforcer  COALITION (3 members), random mode, watching the candidates, enforcing restricted-exports'"
check "  and that an enforcer with no sanction to enforce watches nobody" sh -c "./sanctsim check \
    scenarios/no-sanctions.ini | grep -qx 'enforcer  COALITION (34 members), expected mode, watching nobody (it enforces no sanction)'"
# Which sanctions it enforces: those evaded through intermediaries whose
# `by` countries are all its members (a trial's enforcer of the G7 missed
# the coalition's ban). The default scenario's payments penalty is evaded
# through payment agents, and its price caps are evaded by no one.
check "  check names the sanctions it enforces" sh -c "./sanctsim check \
    scenarios/eurasian-roundabout.ini | grep -qx 'enforcer  COALITION (34 members), expected mode, watching the candidates, enforcing restricted-exports us-canada-energy eu-crude eu-crude-and-products uk-energy'"
expect_error "  a [change] cannot set it (a choice, not a number)" 2 \
    "'watches' cannot be set here: a change may set the numeric keys" \
    ./sanctsim check $S --set change.tighter.enforcement.COALITION.watches=candidates
# Secondary sanctions aimed at named intermediaries (a trial could not aim
# them at the countries a corridor is offered to): with watch_only the
# enforcer watches only those, so no other candidate is ever detected or
# under secondary sanctions; naming every candidate is watches =
# candidates, bit for bit.
check "expected mode, watching Kazakhstan only" ./sanctsim run $S $E \
    --set enforcement.COALITION.watch_only=KAZ --out "$TMP/w-kaz"
check "  Kazakhstan is watched: a detection probability above 0 in some month" test \
    "$(csv_awk 'FNR > 1 && val("intermediary") == "KAZ" && val("detection_probability") > 0 { n++ }
        END { print n + 0 }' "$TMP/w-kaz/detection.csv")" -gt 0
check "  no other candidate ever is, or falls under secondary sanctions" test \
    "$(csv_awk 'FNR > 1 && val("intermediary") != "KAZ" &&
        (val("detection_probability") != 0 || val("caught") != 0) { n++ } END { print n + 0 }' \
        "$TMP/w-kaz/detection.csv")" = 0
check "  while without watch_only Turkey is" test \
    "$(csv_awk 'FNR > 1 && val("intermediary") == "TUR" && val("detection_probability") > 0 { n++ }
        END { print n + 0 }' "$TMP/w-cand/detection.csv")" -gt 0
check "  every candidate named is watches = candidates, bit for bit" sh -c "
    ./sanctsim run $S $E --set 'enforcement.COALITION.watch_only=TUR ARM KAZ' \
        --out '$TMP/w-named' >/dev/null &&
    cmp -s '$TMP/w-cand/flows.csv' '$TMP/w-named/flows.csv' &&
    cmp -s '$TMP/w-cand/detection.csv' '$TMP/w-named/detection.csv'"
check "  check names them" sh -c "./sanctsim check $S --set enforcement.COALITION.watch_only=KAZ |
    grep -qx 'enforcer  COALITION (3 members), random mode, watching only KAZ, enforcing restricted-exports'"
# A member, a target or (watching the candidates) a country that is no
# candidate is never watched: named in watch_only, it is warned of, and
# check does not count it (a review found USA alone "watched").
check "  a member in it" ./sanctsim check $S --set 'enforcement.COALITION.watch_only=KAZ USA'
cp "$TMP/out" "$TMP/wo.out"
cp "$TMP/err" "$TMP/wo.err"
check "  ... is warned of" grep -q \
    'warning: \[enforcement COALITION\] watch_only: USA is a member of its group, which it never watches' \
    "$TMP/wo.err"
check "  ... and not listed" grep -qx 'enforcer  COALITION (3 members), random mode, watching only KAZ, enforcing restricted-exports' \
    "$TMP/wo.out"
check "  a target alone" ./sanctsim check $S --set enforcement.COALITION.watch_only=RUS
cp "$TMP/out" "$TMP/wo2.out"
check "  ... watches nobody" grep -qx \
    'enforcer  COALITION (3 members), random mode, watching nobody (watch_only names none it can watch), enforcing restricted-exports' \
    "$TMP/wo2.out"
# A group named in watch_only follows its dated changes, as every set that
# names a group does: Armenia, added to WATCH in 2022-05, is watched from
# then (its detection probability 0 before, above 0 in some month after).
cat >"$TMP/wo-group.ini" <<EOF
[scenario]
base = $PWD/$S
[group WATCH]
members = KAZ
[enforcement COALITION]
watch_only = WATCH
mode = expected
[change watch-armenia]
date = 2022-05
group.WATCH.add = ARM
EOF
check "  a group in it, which a change grows" ./sanctsim run "$TMP/wo-group.ini" --out "$TMP/wo-group"
check "  ... Armenia unwatched before 2022-05" test "$(csv_awk 'FNR > 1 && val("intermediary") == "ARM" &&
    val("month") < "2022-05" && val("detection_probability") != 0 { n++ } END { print n + 0 }' \
    "$TMP/wo-group/detection.csv")" = 0
check "  ... and watched after" test "$(csv_awk 'FNR > 1 && val("intermediary") == "ARM" &&
    val("month") >= "2022-05" && val("detection_probability") > 0 { n++ } END { print n + 0 }' \
    "$TMP/wo-group/detection.csv")" -gt 0
expect_error "  an unknown country in it" 2 "unknown country or group 'KZA'" \
    ./sanctsim check $S --set enforcement.COALITION.watch_only=KZA
check "  watches = all is the default, bit for bit" sh -c "
    ./sanctsim run $S $E --set enforcement.COALITION.watches=all --out '$TMP/w-all2' >/dev/null &&
    cmp -s '$TMP/w-all/flows.csv' '$TMP/w-all2/flows.csv' && cmp -s '$TMP/w-all/summary.csv' '$TMP/w-all2/summary.csv'"

# A dated change has no effect before its date: the run with the illustrative
# [change tighter] (2022-09) equals, month for month before it, the same
# scenario without that section; from its date on they differ.
sed -e '/^\[change tighter\]/,$d' -e "s|^world = .*|world = $ILL|" $S >"$TMP/nochange.ini"
check "with the dated change" ./sanctsim run $S $E --out "$TMP/ch1"
check "without it" ./sanctsim run "$TMP/nochange.ini" $E --out "$TMP/ch2"
before_change() { # the rows of an intermediaries.csv before 2022-09
    csv_awk 'val("month") < "2022-09"' "$1"
}
same_before_change() {
    before_change "$TMP/ch1/intermediaries.csv" >"$TMP/ch1.before" &&
        before_change "$TMP/ch2/intermediaries.csv" >"$TMP/ch2.before" &&
        cmp "$TMP/ch1.before" "$TMP/ch2.before"
}
check "identical before its date" same_before_change
check "different from its date on" sh -c "! cmp -s '$TMP/ch1/intermediaries.csv' '$TMP/ch2/intermediaries.csv'"
check "--set on the starting value matters before the change" sh -c "
    ./sanctsim run $S $E --set enforcement.COALITION.enforcement=0.5 --out '$TMP/e05' >/dev/null &&
    ./sanctsim run $S $E --set enforcement.COALITION.enforcement=2 --out '$TMP/e2' >/dev/null &&
    ! cmp -s '$TMP/e05/intermediaries.csv' '$TMP/e2/intermediaries.csv'"

# ---- money balances between true and recorded flows ----------------------------
# Over all foreign links in a month: recorded exports - true flows = what
# origins are paid for transit shipments (value / (1 + c)); recorded
# exports - recorded imports = goods lost in transit. Checked with
# flows.csv and intermediaries.csv as independent sources.
check "recorded exports exceed true trade by the first legs of transit" csv_awk '
    FNR == 1 { f++; next }
    val("month") != "2022-06" { next }
    f == 1 && val("origin") != val("destination") { truth += val("value_usd_mn") }
    f == 2 { rec += val("exports_usd_mn") }
    f == 3 { paid += val("transit_usd_mn") - val("commission_usd_mn") }
    END { d = rec - truth - paid; if (d < 0) d = -d; exit !(d < 1e-6 * rec) }' \
    "$TMP/a/flows.csv" "$TMP/a/recorded.csv" "$TMP/a/intermediaries.csv"
check "exports - imports = Armenia's goods lost in transit" csv_awk '
    FNR == 1 { f++; next }
    val("month") != "2022-06" { next }
    f == 1 && val("intermediary") == "ARM" { rate[val("sector")] = val("commission_rate") }
    f == 2 && val("via") == "ARM" { lost += 0.5 * val("value_usd_mn") / (1 + rate[val("sector")]) }
    f == 3 { gap += val("exports_usd_mn") - val("imports_usd_mn") }
    END { d = gap - lost; if (d < 0) d = -d; exit !(lost > 0 && d < 1e-6 * lost) }' \
    "$TMP/a/intermediaries.csv" "$TMP/a/flows.csv" "$TMP/a/recorded.csv"

# ---- the default run folder ------------------------------------------------------------
REPO=$(pwd)
mkdir -p "$TMP/cwd"
check "without --out, the run goes to runs/NAME, runs/ made if needed" sh -c "
    cd '$TMP/cwd' && '$REPO/sanctsim' run '$REPO/$S' >/dev/null && test -f runs/illustrative/summary.csv"
check "so does the equilibrium, to runs/NAME-equilibrium" sh -c "
    cd '$TMP/cwd' && '$REPO/sanctsim' equilibrium '$REPO/$S' >/dev/null &&
    test -f runs/illustrative-equilibrium/equilibrium.csv"

# ---- check -------------------------------------------------------------------------
printf '%s\n' \
    'change    anti-circumvention-tool: from 2023-06, enforcement.COALITION.enforcement = 2' \
    'change    secondary-sanctions-on-banks: from 2024-01, enforcement.COALITION.enforcement = 3' \
    >"$TMP/changes.want"
check "check prints what would run" sh -c "./sanctsim check $S | grep -q 'sanction  restricted-exports'"
# An override copied from a file's line, spaces around '=' (before the
# thirty-sixth session: "unknown key 'sigma ' in [model]").
check "--set 'model.sigma = 4' is model.sigma=4" sh -c \
    "./sanctsim check $S --set ' model.sigma = 4' | grep -q '^model     sigma 4,'"
# The import nest and the stop rule show on the model line when set (a
# user's trial found neither there), the nest's sectors without a commodity.
check "check prints the import nest and the stop rule" sh -c \
    "./sanctsim check scenarios/eurasian-roundabout.ini | grep -q '^model .*, import_sigma 10 in other, stop_at_once 2, partial closure\$'"
check "... every sector but the commodity with import_sectors = all" sh -c \
    "./sanctsim check scenarios/eurasian-roundabout.ini --set model.import_sectors=all | grep -q 'import_sigma 10 in restricted other,'"
check "check names each [change], its date and what it sets (a count before the thirty-sixth session)" sh -c \
    "./sanctsim check scenarios/eurasian-roundabout.ini | grep '^change' | cmp -s - '$TMP/changes.want'"
# A penalty evaded through payment agents says what it costs: their fee,
# where that is less (a policy analyst's trial wrote 30 % and got 7.4 %).
check "check says a payments penalty costs the agents' fee" test \
    "$(./sanctsim check scenarios/eurasian-roundabout.ini | grep '^sanction  payments:')" = \
    "sanction  payments: COALITION (34 countries) on 1 target, 3 sectors, penalty 0.2, which payment agents cut to their fee, [model] payment_fee 0.07412, 2022-03 to end of run"
check "  and nothing of it at a penalty below the fee" sh -c "./sanctsim check scenarios/eurasian-roundabout.ini \
    --set sanction.payments.penalty=0.05 | grep -q '^sanction  payments: .* 3 sectors, penalty, 2022-03'"
check "  and a ban evaded through payment agents costs their fee too" sh -c "./sanctsim check $S \
    --set sanction.restricted-exports.evasion=payment 2>/dev/null | grep -q \
    '^sanction  restricted-exports: .* 1 sector, ban, which payment agents cut to their fee, \[model\] payment_fee 0.03, 2022-03'"
# help keys lines its defaults up in one column, within 80 characters (the
# balance row's ran into its default).
check "help keys: every key's default in one column" sh -c \
    "./sanctsim help keys | awk '/^  [a-z]/ { c[index(\$0, \" default \") + index(\$0, \" required\")]++ }
                                 END { n = 0; for (k in c) n++; exit n != 1 }'"
check "help keys: no row wider than 80" sh -c "! ./sanctsim help keys | grep '^  [a-z]' | grep -q '.\{81\}'"
# Every key of `sanctsim help keys` is in the README's reference, with its
# default where it has one.
./sanctsim help keys | awk '/^  [a-z_]/ { print $1, $NF }' >"$TMP/keys"
check "README documents every key with its default" sh -c '
    while read key def; do
        case "$def" in
        *")") grep -q -- "\`$key\`" README.md ;;
        *) grep -- "\`$key\`" README.md | grep -Eq -- "\| \`?$def\`? \|" ;;
        esac || { echo "README lacks $key (default $def)" >&2; exit 1; }
    done <"$1"' sh "$TMP/keys"
check "--help" sh -c "./sanctsim --help | grep -q 'usage: sanctsim'"
# Help on help is the usage (a trial was told "no command 'help' (did you
# mean help?)").
for h in help --help -h; do
    check "help $h" sh -c "./sanctsim help $h | grep -q 'usage: sanctsim'"
done
check "--version" sh -c "./sanctsim --version | grep -q '^sanctsim [0-9]'"
# Threads change no output: the default scenario with 1 and 2 threads (the
# illustrative one under a wrapper, where four years of the default take
# minutes).
TS=scenarios/eurasian-roundabout.ini
[ -n "${SANCTSIM_WRAP:-}" ] && TS=scenarios/illustrative.ini
check "--threads 1" ./sanctsim run $TS --threads 1 --out "$TMP/t1"
check "--threads 2" ./sanctsim run $TS --threads 2 --out "$TMP/t2"
for f in summary flows recorded intermediaries countries; do
    check "--threads 1 and 2 write the same $f.csv" cmp "$TMP/t1/$f.csv" "$TMP/t2/$f.csv"
done
expect_error "--threads 0" 2 "--threads" ./sanctsim run scenarios/illustrative.ini --threads 0
# An option of one value given twice with different values: the last counts,
# with a warning (silently before the twenty-third session); the same value
# twice says nothing.
check "--out twice: the last counts" sh -c \
    './sanctsim run scenarios/illustrative.ini --tables summary --out "$1-a" --out "$1-b" \
     >/dev/null 2>"$1.err" && test -s "$1-b/summary.csv" && test ! -e "$1-a"' _ "$TMP/twice"
check "... with a warning" grep -qF \
    "warning: --out is given more than once with different values: the last, '$TMP/twice-b', counts" \
    "$TMP/twice.err"
check "--seed twice with one value: no warning" sh -c \
    'test -z "$(./sanctsim run scenarios/illustrative.ini --tables summary --seed 3 --seed 3 \
     --out "$1" 2>&1 >/dev/null)"' _ "$TMP/twice-same"
check "--threads 1 and --threads 01, one value: no warning" sh -c \
    'test -z "$(./sanctsim run scenarios/illustrative.ini --tables summary --threads 1 \
     --threads 01 --out "$1" 2>&1 >/dev/null)"' _ "$TMP/twice-number"
check "--out 1 and --out 1.0, two folders: a warning" sh -c \
    'cd "$1" && "$2" run "$3" --tables summary --out 1 --out 1.0 2>&1 >/dev/null |
     grep -qF "warning: --out is given more than once"' _ "$TMP" "$PWD/sanctsim" \
    "$PWD/scenarios/illustrative.ini"
check "sweep --jobs twice: a warning" sh -c \
    './sanctsim sweep scenarios/illustrative.ini --vary model.sigma=3,4 --jobs 1 --jobs 2 \
     --out "$1" 2>&1 >/dev/null | grep -qF "warning: --jobs is given more than once"' _ "$TMP/twice-sweep"
# candidates = none: the run without evasion through intermediaries. No
# route, so nothing is rerouted in any month, and the file's [intermediary
# X] sections, unused on purpose, are not warned of.
check "candidates = none runs, saying nothing" sh -c \
    './sanctsim run scenarios/eurasian-roundabout.ini --set intermediaries.candidates=none \
     --set "scenario.name=No evasion" --tables headline,intermediaries --out "$1" 2>"$1.err" >/dev/null && test ! -s "$1.err"' \
    _ "$TMP/no-candidates"
check "... reroutes nothing in any month" csv_awk 'FNR > 1 && val("rerouted_usd_mn") != 0 { exit 1 }
    END { exit NR != 49 }' "$TMP/no-candidates/headline.csv"
# The last counts, as the warning says: a bad value before it is no error
# (--jobs 0 --jobs 2 failed on the 0, a trial of the thirty-second session).
check "sweep --jobs 0 --jobs 2: the 2 counts" sh -c \
    './sanctsim sweep scenarios/illustrative.ini --jobs 0 --jobs 2 --out "$1" >/dev/null 2>&1' \
    _ "$TMP/twice-jobs"
expect_error "... but --jobs 2 --jobs 0 is refused, for the 0" 2 "--jobs: '0': expected a whole number" \
    ./sanctsim sweep scenarios/illustrative.ini --jobs 2 --jobs 0 --out "$TMP/twice-jobs0"
check "run --threads 0 --threads 1: the 1 counts" ./sanctsim run scenarios/illustrative.ini \
    --tables summary --threads 0 --threads 1 --out "$TMP/twice-threads"
# A --set key given twice, and --tables beside --set output.tables, which
# stands for it (silent before the thirty-second session: a trial's run
# wrote flows.csv alone).
check "a --set key twice with different values: warned of" sh -c \
    './sanctsim check scenarios/illustrative.ini --set model.sigma=3 --set model.sigma=4 2>&1 |
     grep -qF "warning: model.sigma is given more than once with different values (--set): the last, '"'4'"', counts"'
check "--tables beside --set output.tables: warned of" sh -c \
    './sanctsim run scenarios/illustrative.ini --tables summary --set output.tables=flows \
     --out "$1" 2>&1 >/dev/null | grep -qF "warning: output.tables is given more than once with different values (--set, --tables, --flows or --compress): the last, '"'flows'"', counts"' \
    _ "$TMP/twice-tables"
check "... and the last counts" test -s "$TMP/twice-tables/flows.csv" -a ! -e "$TMP/twice-tables/summary.csv"
check "a --set key twice with one value: no warning" sh -c \
    'test -z "$(./sanctsim check scenarios/illustrative.ini --set model.sigma=3 --set model.sigma=3 2>&1 >/dev/null)"'
check "--threads above the cores runs, with a warning" sh -c \
    './sanctsim run scenarios/illustrative.ini --threads 1024 --out "$1" 2>&1 >/dev/null |
     grep -q "more than this machine" && test -s "$1/summary.csv"' _ "$TMP/t1024"
check "--threads out of range is refused without that warning" sh -c \
    '! ./sanctsim run scenarios/illustrative.ini --threads 9999 2>"$1" >/dev/null &&
     grep -q "expected a whole number from 1 to 1024" "$1" && ! grep -q warning "$1"' _ "$TMP/t9999.err"

# ---- bad input: status 2, file:line: message, no run folder -------------------------
bad() { # name, message; the scenario is $TMP/name.ini
    name=$1 msg=$2
    expect_error "$name" 2 "$msg" ./sanctsim run "$TMP/$name.ini" --out "$TMP/out-$name"
    if [ -e "$TMP/out-$name" ] || ls -a "$TMP" | grep -q "out-$name.partial"; then
        failed=$((failed + 1)); echo "FAIL: $name left a run folder behind"
    else
        passed=$((passed + 1))
    fi
}
head="[scenario]
world = $ILL
start = 2021-01
months = 12"
printf '%s\n[sanction s]\nby = DEU\ntarget = XXX\nstart = 2021-05\n' "$head" >"$TMP/unknown-country.ini"
bad unknown-country "unknown-country.ini:7: unknown country or group 'XXX'"
printf '%s\n[sanction s]\nby = NATO\ntarget = RUS\nstart = 2021-05\n' "$head" >"$TMP/unknown-group.ini"
bad unknown-group "unknown-group.ini:6: unknown country or group 'NATO'"
printf '%s\n[sanctoin s]\nby = DEU\n' "$head" >"$TMP/unknown-section.ini"
bad unknown-section "unknown-section.ini:5: unknown section [sanctoin]"
printf '%s\n[model]\nsigmma = 4\n' "$head" >"$TMP/unknown-key.ini"
bad unknown-key "unknown-key.ini:6: unknown key 'sigmma' in [model]"
# libinih reads "sigma: 4" as sigma = 4; a scenario is key = value only
# (accepted silently before the twenty-third session).
printf '%s\n[model]\nsigma: 4\n' "$head" >"$TMP/colon.ini"
bad colon "colon.ini:6: 'sigma: 4': write key = value (a colon does not separate them)"
# An indented line right after a header is a key of its own (libinih), not
# a value's continuation: checked the same (a review).
printf '%s\n[model]\n  sigma: 7\n' "$head" >"$TMP/indented-colon.ini"
bad indented-colon "indented-colon.ini:6: 'sigma: 7': write key = value"
# The first line that is no key = value is named, not a later one (libinih
# reports such a line after reading the rest: a user's trial).
printf '%s\n[model]\nnot a key\nsigma: 4\n' "$head" >"$TMP/first-bad.ini"
bad first-bad "first-bad.ini:6: 'not a key': expected [section], key = value, or a comment"
printf '%s\n[model]\nsigma = five\n' "$head" >"$TMP/non-numeric.ini"
bad non-numeric "non-numeric.ini:6: sigma = 'five' is not a number"
printf '%s\n[model]\nadjust = 1.5\n' "$head" >"$TMP/out-of-range.ini"
bad out-of-range "out-of-range.ini:6: adjust = 1.5 is out of range"
printf '%s\n[sanction s]\nby = DEU\ntarget = RUS\nstart = 2030-01\n' "$head" >"$TMP/date-outside.ini"
bad date-outside "date-outside.ini:8: start = 2030-01 is outside the run"
printf '%s\n[sanction s]\nby = DEU\nstart = 2021-05\n' "$head" >"$TMP/no-target.ini"
bad no-target "no-target.ini:5: [sanction s] needs 'target'"
printf '[scenario]\nworld = nowhere\nstart = 2021-01\n' >"$TMP/missing-world.ini"
bad missing-world "missing-world.ini:2: world = 'nowhere': no such folder beside the scenario"
printf '%s\n[intermediary ZZZ]\nloss = 1\n' "$head" >"$TMP/unknown-intermediary.ini"
bad unknown-intermediary "unknown-intermediary.ini:6: [intermediary ZZZ]: unknown country 'ZZZ'"
printf '%s\n[sanction s]\nby = DEU\ntarget = RUS\nstart = 2021-06\nend = 2021-04\n' "$head" >"$TMP/dates-out-of-order.ini"
bad dates-out-of-order "dates-out-of-order.ini:9: end = 2021-04 is before start"
printf '%s\n[group A]\nmembers = B\n[group B]\nmembers = A\n' "$head" >"$TMP/circular-group.ini"
bad circular-group "circular-group.ini:8: group 'A' contains itself"
# A [group] of a world group's name replaces it, with a warning saying how
# to add to it instead (a policy analyst's trial wrote [group COALITION]
# members = KAZ, and got a coalition of one).
printf '[scenario]\nbase = %s/scenarios/eurasian-roundabout.ini\n[group COALITION]\nmembers = KAZ\n' "$PWD" \
    >"$TMP/replace-group.ini"
expect_error "a [group] replacing the world's group is warned of" 0 \
    "warning: a [group] section replaces the world's group COALITION (groups.csv: 8 direct members) with its own members: to add countries to a group, name it among a new group's members" \
    ./sanctsim check "$TMP/replace-group.ini"
check "  a new group's name is not" sh -c "./sanctsim check scenarios/illustrative.ini --set group.MORE.members=KAZ \
    2>'$TMP/more.err' >/dev/null && ! grep -q 'replaces the world' '$TMP/more.err'"
expect_error "--set with an unknown key" 2 "sanctsim: --set: unknown key 'sigmma' in [model]" \
    ./sanctsim run $S --set model.sigmma=3 --out "$TMP/never"
# A key one or two letters from a known one gets "did you mean"; the
# nearest wins (base_comission: base_commission, not loss); a key far from
# every one gets only the list.
expect_error "  a typo's key is named" 2 \
    "unknown key 'base_comission' in [intermediaries] (did you mean base_commission?): expected one of candidates," \
    ./sanctsim run $S --set intermediaries.base_comission=0.1 --out "$TMP/never"
expect_error "  two letters swapped count as one" 2 "unknown key 'thtea' in [model] (did you mean theta?)" \
    ./sanctsim run $S --set model.thtea=3 --out "$TMP/never"
expect_error "  a key far from every one gets the list alone" 2 \
    "unknown key 'speed' in [model]: expected one of sigma," \
    ./sanctsim run $S --set model.speed=3 --out "$TMP/never"
expect_error "--set with a bad value" 2 "sanctsim: --set: theta = 'x' is not a number" \
    ./sanctsim run $S --set model.theta=x --out "$TMP/never"
expect_error "unknown option" 2 "unknown option '--bogus'" ./sanctsim run $S --bogus
cp "$TMP/err" "$TMP/bogus.err"
check "  far from every option: no guess" sh -c "! grep -q 'did you mean' '$TMP/bogus.err'"
# An option, a command or a help topic one or two letters from one the
# command has: "did you mean" it.
expect_error "  an option one letter short" 2 "unknown option '--thread' (did you mean --threads?)" \
    ./sanctsim run $S --thread 2
expect_error "  the same with its value after =" 2 \
    "unknown option '--replicate=3' (did you mean --replicates?)" \
    ./sanctsim sweep $S --replicate=3
expect_error "  a command with two letters swapped" 2 "unknown command 'comapre' (did you mean compare?)" \
    ./sanctsim comapre a b
expect_error "  a help topic" 2 "no command 'sweeep' (did you mean sweep?)" ./sanctsim help sweeep
expect_error "  help keys too" 2 "no command 'kyes' (did you mean keys?)" ./sanctsim help kyes
expect_error "--durable and --no-durable both given: warned of, the last counts" 0 \
    "warning: --durable and --no-durable are both given: the last, --no-durable, counts" \
    ./sanctsim run scenarios/illustrative.ini --durable --tables summary --no-durable \
    --out "$TMP/both-durable"
expect_error "  a key's name points to help keys" 2 \
    "no command 'sigma'; 'sanctsim help keys' lists the scenario keys" ./sanctsim help sigma
expect_error "  two as near: both" 2 "unknown option '--sed' (did you mean --set or --seed?)" \
    ./sanctsim run $S --sed 3
# Another command's option names that command (a user's trial read only
# "unknown option '--vary'" from run).
expect_error "  a sweep's option given to run names sweep" 2 \
    "unknown option '--vary': it is an option of sanctsim sweep" ./sanctsim run $S --vary model.sigma=3:6:4
expect_error "  run's given to check names run" 2 \
    "unknown option '--tables': it is an option of sanctsim run" ./sanctsim check $S --tables summary
expect_error "  an option the help names but the command lacks: no guess of itself" 2 \
    "unknown option '--twin'" ./sanctsim calibrate $S --twin x
cp "$TMP/err" "$TMP/twin.err"
check "  (none)" sh -c "! grep -q 'did you mean' '$TMP/twin.err'"
printf '[scenario]\nbase = %s/%s\n[intermediarys KAZ]\nloss = 0\n' "$PWD" "$S" >"$TMP/intermediarys.ini"
expect_error "  the nearest section, not the first near one" 2 \
    "unknown section [intermediarys] (did you mean [intermediary KAZ]?)" ./sanctsim check "$TMP/intermediarys.ini"
# [intermediaries] and [intermediary X] mixed up (a user's trial went
# through three messages that named neither): each names the other.
printf '[scenario]\nbase = %s/%s\n[intermediaries KAZ]\nloss = 0\n' "$PWD" "$S" >"$TMP/mixed.ini"
expect_error "a name where the kind takes none: its sibling that does" 2 \
    "[intermediaries] takes no name (found 'KAZ') (did you mean [intermediary KAZ]?)" \
    ./sanctsim check "$TMP/mixed.ini"
printf '[scenario]\nbase = %s/%s\n[intermediary]\nloss = 0\n' "$PWD" "$S" >"$TMP/mixed.ini"
expect_error "no name where the kind needs one: its sibling that takes none" 2 \
    "[intermediary] needs a name, as in [intermediary NAME] (did you mean [intermediaries]?)" \
    ./sanctsim check "$TMP/mixed.ini"
printf '[scenario]\nbase = %s/%s\n[intermediary KAZ]\ncandidates = KAZ\n' "$PWD" "$S" \
    >"$TMP/mixed.ini"
expect_error "a key of another section: that section" 2 \
    "unknown key 'candidates' in [intermediary KAZ] (it is a key of [intermediaries]): expected one of" \
    ./sanctsim check "$TMP/mixed.ini"
# A second [intermediary X] whose header is missing: its keys come to the
# first's, and the message says which section and that a header may be
# missing (a trial read "appears twice in this section").
printf '[scenario]\nbase = %s/%s\n[intermediary KAZ]\nloss = 0.1\nloss = 0.2\n' "$PWD" "$S" \
    >"$TMP/mixed.ini"
expect_error "a key twice in a labelled section: the section, and a missing header" 2 \
    "mixed.ini:5: 'loss' appears twice in [intermediary KAZ] (first at line 4): give it once, or start the section it belongs to with its [header]" \
    ./sanctsim check "$TMP/mixed.ini"
printf '[scenario]\nbase = %s/%s\n[model]\nstart = 2022-01\n' "$PWD" "$S" >"$TMP/mixed.ini"
expect_error "  a key of several other sections: each" 2 \
    "unknown key 'start' in [model] (it is a key of [scenario], [sanction NAME], [links NAME]," \
    ./sanctsim check "$TMP/mixed.ini"
printf '[scenario]\nbase = %s/%s\n[intermediarys]\nloss = 0\n' "$PWD" "$S" >"$TMP/mixed.ini"
expect_error "an unknown section without a name: the near kind that takes none" 2 \
    "unknown section [intermediarys] (did you mean [intermediaries]?)" \
    ./sanctsim check "$TMP/mixed.ini"
# A file's new section named near one of its base's: most likely the base's
# misspelt (a user's trial). Incomplete, its error names the base's; with
# defaults that cover every country or sector where the base's names them
# (a [supply] then covers every exporter and sector), a warning does; with
# those keys, nothing, and nothing for a [change] named near a base's (a
# review: numbered phases in a chain of bases).
E=scenarios/eurasian-roundabout.ini
printf '[scenario]\nbase = %s/%s\n\n[sanction restricted-export]\nstart = 2022-06\n' "$PWD" "$E" \
    >"$TMP/label-typo.ini"
expect_error "a new section near the base's, incomplete: its error names the base's" 2 \
    "label-typo.ini:4: [sanction restricted-export] needs 'by': no base file has this section (did you mean restricted-exports?)" \
    ./sanctsim check "$TMP/label-typo.ini"
printf '[scenario]\nbase = %s/%s\n\n[supply russian-enrgy]\nelasticity = 0.3\n' "$PWD" "$E" \
    >"$TMP/supply-typo.ini"
check "a new [supply] near the base's, with defaults: check runs" \
    ./sanctsim check "$TMP/supply-typo.ini"
cp "$TMP/err" "$TMP/supply-typo.err" # check's own stderr goes to $TMP/err
check "  and warns, naming the keys the base's gives" grep -qF \
    "supply-typo.ini:4: [supply russian-enrgy] is a new section, which no base file has (did you mean russian-energy?): without countries, sectors it covers all of them, where the base's [supply russian-energy] names them" \
    "$TMP/supply-typo.err"
printf '[scenario]\nbase = %s/%s\n\n[supply russian-energy2]\ncountries = BLR\nsectors = energy\nelasticity = 0.3\n' \
    "$PWD" "$E" >"$TMP/new-supply.ini"
check "a new section near the base's with every key of it: check runs" \
    ./sanctsim check "$TMP/new-supply.ini"
cp "$TMP/out" "$TMP/new-supply.out"
cp "$TMP/err" "$TMP/new-supply.err"
check "  with the section, and without a warning" sh -c \
    "grep -q 'supply .* 2 country-sectors' '$TMP/new-supply.out' && ! grep -q 'is a new section' '$TMP/new-supply.err'"
printf '[scenario]\nbase = %s/%s\n[change phase2]\ndate = 2023-09\nmodel.sigma = 4\n' "$PWD" "$E" \
    >"$TMP/phase2.ini"
printf '[scenario]\nbase = phase2.ini\n[change phase3]\ndate = 2024-09\nmodel.theta = 4\n' \
    >"$TMP/phase3.ini"
check "a [change] near a base's, in a chain of bases: check runs" ./sanctsim check "$TMP/phase3.ini"
cp "$TMP/err" "$TMP/phase3.err"
check "  without a warning" sh -c "! grep -q 'is a new section' '$TMP/phase3.err'"
expect_error "--out=DIR: a hint to write --out DIR" 2 \
    "unknown option '--out=$TMP/eq': an option's value comes after a space, as in '--out $TMP/eq'" \
    ./sanctsim run $S --out="$TMP/eq"
expect_error "... in sweep too" 2 "as in '--vary model.sigma=3'" \
    ./sanctsim sweep $S --vary=model.sigma=3
# An option that takes no value was hinted the same way ('--compress 1'),
# which then read 1 as a second scenario (a hunt).
for c in "run $S --compress=1" "run $S --no-durable=1" "sweep $S --keep-series=yes" \
    "compare $S $S --force=1"; do
    opt=$(printf '%s' "$c" | sed 's/.* \(--[a-z-]*\)=.*/\1/')
    expect_error "  ${c%% *} $opt=...: takes no value" 2 "$opt takes no value: write '$opt'" \
        ./sanctsim $c
done
# No such hint for a name the command does not have (it would name an
# option that does not exist), nor for one of another command.
expect_error "--bogus=3: an unknown option" 2 "unknown option '--bogus=3'" ./sanctsim run $S --bogus=3
cp "$TMP/err" "$TMP/bogus.err"
check "... with no hint to write '--bogus 3'" sh -c "! grep -q 'after a space' '$TMP/bogus.err'"
expect_error "check --out=DIR: unknown (check takes no --out)" 2 "unknown option '--out=x'" \
    ./sanctsim check $S --out=x
cp "$TMP/err" "$TMP/check-out.err"
check "... with no hint to write '--out x'" sh -c "! grep -q 'after a space' '$TMP/check-out.err'"
# --seed's errors name --seed, not the --set it stands for (a user's trial).
expect_error "--seed -3" 2 "--seed: '-3' is not a seed: expected a whole number from 0 to 9007199254740991" \
    ./sanctsim run $S --seed -3 --out "$TMP/never"
expect_error "sweep --seed 1.5" 2 "--seed: '1.5' is not a seed" \
    ./sanctsim sweep $S --seed 1.5 --vary model.sigma=3 --out "$TMP/never"
check "--seed 1e3 is seed 1000, as --set scenario.seed=1e3 is (a review)" sh -c \
    './sanctsim check "$1" --seed 1e3 | grep -q "seed 1000$"' _ $S
# A --set of a key that a file's [change] sets again later warns; a change
# that the command line adds does not (run warns of --set keys since the
# twenty-third session).
check "--set of a key that a [change] of the file sets again warns" sh -c \
    './sanctsim run "$1" --set enforcement.COALITION.enforcement=2 --tables summary \
     --out "$2" 2>&1 >/dev/null | grep -qF "[change tighter] sets it to 3 from 2022-09"' _ $S "$TMP/e2"
check "--set of a key and of a change that sets it: no warning" sh -c \
    'test -z "$(./sanctsim run scenarios/eurasian-roundabout.ini --set model.freight=0 \
     --set change.anti-circumvention-tool.model.freight=0.04 --set scenario.name=Freight \
     --tables summary --out "$1" \
     2>&1 >/dev/null)"' _ "$TMP/freight"
expect_error "equilibrium takes no --seed (it draws nothing)" 2 "unknown option '--seed'" \
    ./sanctsim equilibrium $S --seed 3 --out "$TMP/never"
expect_error "existing run folder" 2 "the output folder exists already" ./sanctsim run $S --out "$TMP/a"
expect_error "missing scenario" 2 "cannot open the scenario" ./sanctsim run "$TMP/nothing.ini"

# Bad worlds: a negative and a missing flow.
mkdir -p "$TMP/w-neg" "$TMP/w-miss"
cp "$ILL/countries.csv" "$TMP/w-neg/" && cp "$ILL/countries.csv" "$TMP/w-miss/"
sed '5s/,[0-9.]*$/,-3.5/' "$ILL/trade.csv" >"$TMP/w-neg/trade.csv"
sed '7d' "$ILL/trade.csv" >"$TMP/w-miss/trade.csv"
sed "s|^world = .*|world = $TMP/w-neg|" "$TMP/none.ini" >"$TMP/neg.ini"
sed "s|^world = .*|world = $TMP/w-miss|" "$TMP/none.ini" >"$TMP/miss.ini"
expect_error "negative flow" 2 "w-neg/trade.csv:5: value_usd_mn = -3.5 is negative" ./sanctsim run "$TMP/neg.ini" --out "$TMP/never"
expect_error "missing flow" 2 "missing flow DEU -> USA in sector other" ./sanctsim run "$TMP/miss.ini" --out "$TMP/never"
check "no folder left by failed runs" test ! -e "$TMP/never"

# The rows of trade.csv in any order (the first kept, so that the sectors
# come in the same order): the loader finds each country wherever it is,
# and the run is the same.
mkdir -p "$TMP/w-rev"
cp "$ILL/countries.csv" "$ILL/groups.csv" "$TMP/w-rev/"
{ head -n 2 "$ILL/trade.csv"; tail -n +3 "$ILL/trade.csv" | sort -r; } >"$TMP/w-rev/trade.csv"
check "trade.csv reordered" ./sanctsim run $S --set scenario.world="$TMP/w-rev" --tables summary,flows --out "$TMP/rev"
for f in summary flows; do
    check "trade.csv reordered: the same $f.csv" cmp "$TMP/a/$f.csv" "$TMP/rev/$f.csv"
done

# A run made with --set keeps the scenario's name, by which its brief is
# titled: a "without" case read as the scenario (a user's trial). Warned
# of, unless --set names it or sets only the seed or the outputs.
check "--set without a name" sh -c './sanctsim run "$1" --set model.sigma=6 --tables summary \
    --out "$2" 2>"$2.err" >/dev/null' _ $S "$TMP/kept-name"
check "  warns that the run keeps the scenario's name" grep -qF \
    'warning: --set model.sigma=6 changes the scenario, but the run keeps its name "Illustrative ban with three intermediaries", by which its brief, charts and comparisons are titled' \
    "$TMP/kept-name.err"
check "--set with a name, the seed and the tables: no warning" sh -c \
    'test -z "$(./sanctsim run "$1" --set model.sigma=6 --set "scenario.name=Sigma 6" --seed 3 \
     --tables summary --out "$2" 2>&1 >/dev/null)"' _ $S "$TMP/own-name"
check "--seed and the tables alone: no warning" sh -c \
    'test -z "$(./sanctsim run "$1" --seed 3 --compress --tables summary --out "$2" 2>&1 \
     >/dev/null)"' _ $S "$TMP/seed-only"
check "  and the name is the one given" grep -qx "name = Sigma 6" "$TMP/own-name/scenario.ini"

# --force through the folder and back (DIR/../DIR): moving DIR aside lost
# the way to its place, and both folders were left hidden (a reliability
# hunt). The parent is resolved first.
mkdir -p "$TMP/via"
check "a run folder" ./sanctsim run $S --tables summary --out "$TMP/via/r"
check "replaced through itself: --out r/../r --force" ./sanctsim run $S --tables summary,headline \
    --out "$TMP/via/r/../r" --force
check "  the new folder is at r" test -f "$TMP/via/r/headline.csv"
check "  and nothing is left beside it" test "$(ls -A "$TMP/via")" = r

# --seed wins over --set scenario.seed, which it ignored without a word
# (a reliability hunt).
check "--seed 5 with --set scenario.seed=6" sh -c './sanctsim run "$1" --seed 5 \
    --set scenario.seed=6 --tables summary --out "$2" 2>"$2.err" >/dev/null' _ $S "$TMP/seeds"
check "  warns that --seed counts" grep -qxF \
    "sanctsim: warning: --seed 5 and --set scenario.seed=6 are both given: --seed counts" "$TMP/seeds.err"
check "  and it does" grep -qx "seed = 5" "$TMP/seeds/scenario.ini"
check "--seed 5 with --set scenario.seed=05: one number, no warning" sh -c \
    'test -z "$(./sanctsim run "$1" --seed 5 --set scenario.seed=05 --tables summary --out "$2" \
     2>&1 >/dev/null)"' _ $S "$TMP/seeds-same"

# A sigma near 1 whose price index leaves a double's range was said to
# have closed every origin, home included (a reliability hunt).
expect_error "an infinite price index with sigma near 1 names sigma" 1 \
    "is infinite: every origin, home included, is closed, or sigma = 1.0001 is so near 1 that the index's power 1 / (1 - sigma) leaves the range of a double" \
    ./sanctsim run $S --set model.sigma=1.0001 --set scale.capacity=0 --set scenario.name=x \
    --tables summary --out "$TMP/never-sigma"
# [scale] in check and in the commission warning (a new user's trial: check
# showed the changes' values with no factor, and the warning blamed a
# base_commission of 1.4 that no file wrote).
check "check names the [scale] factors that are not 1" test "$(./sanctsim check $S \
    --set scale.enforcement=2 --set scale.loss=1 | grep '^scale')" = \
    "scale     enforcement x2 (times every intermediary's or enforcer's value, the changes' below too)"
check "  and no line without one" sh -c "! ./sanctsim check $S | grep -q '^scale'"
expect_error "a commission over 100 % from [scale] names the factor" 0 \
    "warning: KAZ's commission in restricted was 140 % in 2022-03: its base_commission is 1.4 (0.07 times [scale] base_commission = 20), a share of the price: 140 %" \
    ./sanctsim run $S --set scale.base_commission=20 --set scenario.name=x --tables summary \
    --out "$TMP/scaled-commission"
# Finite but leaping numbers just above 1 are warned of (a hunt: a price
# index of 4e9 at sigma = 1.0001 where sigma = 1 gives 1.03, exit 0).
expect_error "a sigma just above 1 is warned of" 0 \
    "warning: [model] sigma = 1.01 is just above 1: where an origin closes, a price index takes the power 1 / (1 - sigma) = -100 of the share of spending left" \
    ./sanctsim check $S --set model.sigma=1.01
expect_error "  up to 1.02" 0 "warning: [model] sigma = 1.019 is just above 1" \
    ./sanctsim check $S --set model.sigma=1.019
expect_error "  and a [change]'s" 0 \
    "warning: [change tighter] model.sigma = 1.001 is just above 1: where an origin closes, a price index takes the power 1 / (1 - model.sigma) = -1000 of the share" \
    ./sanctsim check $S --set change.tighter.model.sigma=1.001
# A [change] of sigma to 1 in the general closure failed mid-run (a hunt);
# refused before, as the scenario's own sigma is.
expect_error "the general closure refuses a [change] of sigma to 1 before the run" 2 \
    "closure = general needs sigma > 1 (the equilibrium has no sigma = 1 limit) (with the [change] of 2022-09)" \
    ./sanctsim check $S --set model.closure=general --set change.tighter.model.sigma=1
for sigma in 1 1.02; do
    check "  not at $sigma" sh -c './sanctsim check "$1" --set model.sigma=$2 >/dev/null 2>"$3"' \
        _ $S $sigma "$TMP/sigma$sigma.err"
    check "  (no word of it)" sh -c "! grep -q 'just above' '$TMP/sigma$sigma.err'"
done
# The general closure and the equilibrium command wrote it as inf, with
# a real income of 0 and exit 0 (a hunt); they now refuse it as the
# partial closure does.
NEAR1="--set model.sigma=1.0001 --set sanction.restricted-exports.evasion=none --set scenario.name=x"
expect_error "... in the general closure too" 1 \
    "2022-03: general closure: the price index of RUS in sector restricted is infinite: every origin, home included, is closed, or sigma = 1.0001 is so near 1" \
    ./sanctsim run $S $NEAR1 --set model.closure=general --tables summary --out "$TMP/never-sigma"
expect_error "... and in the equilibrium command" 1 \
    "the price index of RUS in sector restricted is infinite: every origin, home included, is closed, or sigma = 1.0001 is so near 1" \
    ./sanctsim equilibrium $S $NEAR1 --out "$TMP/never-sigma"
check "no folder left by those" test ! -e "$TMP/never-sigma"
# Its advice when it does not converge names what a user can change (it
# said to raise an iteration cap that no option sets: a hunt).
expect_error "the general closure's non-convergence names what to change" 1 \
    "did not converge in 1000 iterations: the largest change in log flows is still" \
    ./sanctsim run $S --set model.closure=general --set model.sigma=1.0000001 --set scenario.name=x \
    --tables summary --out "$TMP/never-sigma"
cp "$TMP/err" "$TMP/noconv.err"
check "  (a sigma further from 1 or a smaller shock)" grep -qF \
    "(tolerance 1e-10); a sigma further from 1 or a smaller shock (a penalty, secondary_penalty) converges sooner" \
    "$TMP/noconv.err"

# Small slips of the command line, each with the way out (a user's trial).
expect_error "a run folder for a scenario names the scenario inside it" 2 \
    "$TMP/a: cannot read the scenario: it is a folder, not a scenario file (a run folder? the scenario it ran is $TMP/a/scenario.ini)" \
    ./sanctsim run "$TMP/a" --out "$TMP/never"
expect_error "--set KEY VALUE: the value goes after '='" 2 \
    "--set model.sigma 6: the value goes after '=', in one word: --set model.sigma=6" \
    ./sanctsim run $S --set model.sigma 6 --out "$TMP/never"
expect_error "  but a scenario after a bad --set is no value" 2 \
    "--set: 'model.sigma': expected section.key=value" ./sanctsim run --set model.sigma $S --out "$TMP/never"
expect_error "an option before the command: the command comes first" 2 \
    "unknown command '--out': the command comes first, then its options (sanctsim run ... --out ...)" \
    ./sanctsim --out "$TMP/never" run $S
check "no folder left by those" test ! -e "$TMP/never"
# A folder's trailing slash (a shell's completion) makes no "//" in the
# paths printed.
check "run --out DIR/" sh -c './sanctsim run "$1" --out "$2/" >"$2.out"' _ $S "$TMP/slash"
check "  prints DIR" grep -qx "$TMP/slash" "$TMP/slash.out"
check "brief DIR/" sh -c './sanctsim brief "$1/" >"$1.out"' _ "$TMP/slash"
check "  prints DIR/brief.pdf" grep -qx "$TMP/slash/brief.pdf" "$TMP/slash.out"
# ---- distances that read but mislead (a trial) -------------------------------
# Each row of distances.csv is one direction, and the distances are km. The
# great-circle distances here are awk's own haversine of countries.csv.
DW=$TMP/dist-world
cp -r scenarios/data/illustrative "$DW"
sed 's|^world = data/illustrative|world = '"$DW"'|' $S >"$TMP/dist.ini"
gc() { # country country -> great-circle km, on a sphere of 6371 km
    csv_awk -v a="$1" -v b="$2" 'FNR > 1 && val("iso3") == a { la1 = val("lat"); lo1 = val("lon") }
        FNR > 1 && val("iso3") == b { la2 = val("lat"); lo2 = val("lon") }
        END { r = atan2(0, -1) / 180; u = sin((la2 - la1) * r / 2); v = sin((lo2 - lo1) * r / 2)
              h = u * u + cos(la1 * r) * cos(la2 * r) * v * v
              printf "%.1f", 2 * 6371 * atan2(sqrt(h), sqrt(1 - h)) }' "$DW/countries.csv"
}
dist_rows() { # factor -> both directions of DEU-RUS and DEU-FRA at factor times the great circle
    printf 'origin,destination,km\n'
    for p in "DEU RUS" "RUS DEU" "DEU FRA" "FRA DEU"; do
        set -- $p
        awk -v d="$(gc $1 $2)" -v f="$FACTOR" -v a=$1 -v b=$2 'BEGIN { printf "%s,%s,%.1f\n", a, b, d * f }'
    done
}
FACTOR=1.3 dist_rows >"$DW/distances.csv"
check "road distances (1.3 times the great circle), both ways: no warning" sh -c \
    './sanctsim check "$1" >/dev/null 2>"$1.err" && ! grep -q warning "$1.err"' _ "$TMP/dist.ini"
FACTOR=0.621 dist_rows >"$DW/distances.csv"
expect_error "miles: the median ratio to the great circle is said" 0 \
    "warning: $DW/distances.csv: its distances are a median 0.621 times the great-circle distances between the coordinates in countries.csv: km is expected (miles would be 0.62 times)" \
    ./sanctsim check "$TMP/dist.ini"
FACTOR=1.3 dist_rows | grep -v '^FRA,DEU' >"$DW/distances.csv"
expect_error "a pair given one way only" 0 \
    "warning: $DW/distances.csv: 1 pair is given in one direction only (DEU -> FRA, but not FRA -> DEU): each row is one direction" \
    ./sanctsim check "$TMP/dist.ini"
cp "$TMP/err" "$TMP/oneway.err"
check "  (its km as given: no word of units)" sh -c "! grep -q median '$TMP/oneway.err'"

# ---- trade that reads but misses what it should hold (a trial) --------------
TW=$TMP/trade-world
cp -r scenarios/data/illustrative "$TW"
sed 's|^world = data/illustrative|world = '"$TW"'|' $S >"$TMP/trade.ini"
csv_awk 'FNR > 1 && val("exporter") == val("importer") { $col("value_usd_mn") = 0 } { print }' OFS=, \
    scenarios/data/illustrative/trade.csv >"$TW/trade.csv"
expect_error "no domestic sales at all: said" 0 \
    "warning: $TW/trade.csv: every domestic sale (exporter = importer) is 0: the rows where a country sells to itself hold its sales at home" \
    ./sanctsim check "$TMP/trade.ini"
# A ninth country, with a row for every pair and sector, each 0.
cp scenarios/data/illustrative/trade.csv "$TW/trade.csv"
printf 'NOP,Nowhere,0,0\n' >>"$TW/countries.csv"
csv_awk 'FNR > 1 { c[val("exporter")] = 1; k[val("sector")] = 1 }
    END { c["NOP"] = 1; for (a in c) for (b in c) for (q in k) if (a == "NOP" || b == "NOP")
          print a "," b "," q ",0" }' scenarios/data/illustrative/trade.csv >>"$TW/trade.csv"
expect_error "a country that neither buys nor sells: said" 0 \
    "warning: $TW/trade.csv: NOP neither buys nor sells anything (as an intermediary it can still carry others' trade)" \
    ./sanctsim check "$TMP/trade.ini"
cp "$TMP/err" "$TMP/idle.err"
check "  (and no word of domestic sales)" sh -c "! grep -q 'domestic sale' '$TMP/idle.err'"
for sc in scenarios/eurasian-roundabout.ini $S; do
    check "$sc's world: no word of its trade or distances" sh -c \
        '! ./sanctsim check "$1" 2>&1 >/dev/null | grep -q "trade.csv:\|distances.csv:"' _ $sc
done

# ---- summary.csv's rows follow the groups (a helper's hunt) ----------------------
# A target group that gains Kazakhstan from 2021-03 gets its row from then:
# COALITION (DEU, FRA, USA) to KAZ in restricted goods, 73.2375 a month in
# trade.csv (878.85 a year, by hand), and the rows add up to sanctions.csv.
printf '[scenario]\nworld = %s\nstart = 2021-01\nmonths = 6\n[group TGT]\nmembers = RUS\n[sanction s]\nby = COALITION\ntarget = TGT\nsectors = restricted\nstart = 2021-02\n[intermediaries]\ncandidates = ARM TUR\n[change grow]\ndate = 2021-03\ngroup.TGT.add = KAZ\n' \
    "$ILL" >"$TMP/grow.ini"
check "a target group that gains a member" ./sanctsim run "$TMP/grow.ini" --out "$TMP/grow"
check "  summary.csv has its row from the change, not before" test \
    "$(csv_awk 'FNR > 1 && val("target") == "KAZ" { print val("month") }' "$TMP/grow/summary.csv" |
        head -1)" = 2021-03
check "  with the link's baseline" test "$(csv_awk 'FNR > 1 && val("target") == "KAZ" &&
    val("month") == "2021-06" { print val("baseline_usd_mn") }' "$TMP/grow/summary.csv")" = 73.2375
check "  and the rows add up to sanctions.csv, month by month" csv_awk '
    FILENAME ~ /summary/ && FNR > 1 { b[val("month")] += val("baseline_usd_mn")
                                      r[val("month")] += val("rerouted_usd_mn") }
    FILENAME ~ /sanctions/ && FNR > 1 { sb[val("month")] = val("baseline_usd_mn")
                                        sr[val("month")] = val("rerouted_usd_mn"); n++ }
    END { for (m in sb) if (sb[m] - b[m] > 1e-6 || b[m] - sb[m] > 1e-6 ||
                            sr[m] - r[m] > 1e-6 || r[m] - sr[m] > 1e-6) bad = 1
          exit bad || n != 6 }' "$TMP/grow/summary.csv" "$TMP/grow/sanctions.csv"
check "  a sweep of it" ./sanctsim sweep "$TMP/grow.ini" --jobs 1 --out "$TMP/grow-sweep"
check "  whose target_price_index is the mean over RUS and KAZ in the last month" csv_awk '
    FILENAME ~ /countries/ && val("month") == "2021-06" && val("sector") == "restricted" &&
        (val("country") == "RUS" || val("country") == "KAZ") { sum += val("price_index"); n++ }
    FILENAME ~ /sweep/ && FNR == 2 { got = val("target_price_index") }
    END { d = got - sum / n; exit !(n == 2 && d < 1e-9 && d > -1e-9) }' \
    "$TMP/grow/countries.csv" "$TMP/grow-sweep/sweep.csv"
# Two sanctions by COALITION on Russia share a row; the first ends in
# 2021-02 and the second starts in 2021-04, after TUR joins the coalition:
# from 2021-04 the row counts the second's coalition with TUR, 719.95 a
# month in trade.csv (DEU, FRA, USA and TUR to RUS), as the headline does;
# it followed the first's (691.6875) before the forty-fourth session.
printf '[scenario]\nworld = %s\nstart = 2021-01\nmonths = 6\n[sanction first]\nby = COALITION\ntarget = RUS\nsectors = restricted\nstart = 2021-02\nend = 2021-02\n[sanction second]\nby = COALITION\ntarget = RUS\nsectors = restricted\nstart = 2021-04\n[intermediaries]\ncandidates = KAZ ARM\n[change grow]\ndate = 2021-03\ngroup.COALITION.add = TUR\n' \
    "$ILL" >"$TMP/share.ini"
check "two sanctions sharing a row, the coalition grown between them" \
    ./sanctsim run "$TMP/share.ini" --out "$TMP/share"
check "  the row counts the coalition in force" test "$(csv_awk 'FNR > 1 &&
    val("month") == "2021-04" { print val("baseline_usd_mn") }' "$TMP/share/summary.csv")" = 719.95
csv_awk 'FNR > 1 { print val("month"), val("baseline_usd_mn"), val("rerouted_usd_mn") }' \
    "$TMP/share/summary.csv" >"$TMP/share-s"
csv_awk 'FNR > 1 { print val("month"), val("baseline_usd_mn"), val("rerouted_usd_mn") }' \
    "$TMP/share/headline.csv" >"$TMP/share-h"
check "  as the headline does, every month" cmp "$TMP/share-s" "$TMP/share-h"

# [change] sections are checked in the order the run applies them, by date
# (a helper's hunt: in the file's order, a later change written first was
# checked against the values before an earlier one, which refused a valid
# file and let an import nest below sigma run).
printf '[scenario]\nbase = %s/scenarios/illustrative.ini\n[change later]\ndate = 2022-06\nmodel.sigma = 3\n[change earlier]\ndate = 2022-03\nmodel.import_sigma = 4\n' \
    "$PWD" >"$TMP/dated1.ini"
expect_error "a nest below sigma from the earlier change, written second: refused" 2 \
    "dated1.ini:8: import_sigma = 4 is below sigma = 5" ./sanctsim check "$TMP/dated1.ini"
printf '[scenario]\nbase = %s/scenarios/illustrative.ini\n[change later]\ndate = 2022-06\nmodel.import_sigma = 4\n[change earlier]\ndate = 2022-03\nmodel.sigma = 3\n' \
    "$PWD" >"$TMP/dated2.ini"
check "sigma lowered first, the nest later, written the other way round: accepted" \
    ./sanctsim check "$TMP/dated2.ini"

# Secondary sanctions end with the enforcer's last sanction in force, and
# a sanction that starts later does not bring back those of a catch before
# (a helper's hunt): b1 from 2021-03 to 2021-05, b2 from 2021-07.
printf '[scenario]\nworld = %s\nstart = 2021-01\nmonths = 12\nseed = 3\n[model]\nadjust = 1\n[sanction b1]\nby = COALITION\ntarget = RUS\nsectors = restricted\nstart = 2021-03\nend = 2021-05\n[sanction b2]\nby = COALITION\ntarget = RUS\nsectors = restricted\nstart = 2021-07\n[intermediaries]\ncandidates = KAZ ARM TUR\n[enforcement COALITION]\nenforcement = 20\nsecondary_months = 8\nmode = random\n' \
    "$ILL" >"$TMP/gap.ini"
check "two bans with a gap, random mode" ./sanctsim run "$TMP/gap.ini" --tables flows,detection \
    --out "$TMP/gap"
check "  KAZ, caught in 2021-03 and 2021-04, is under secondary sanctions in 2021-05" test \
    "$(csv_awk 'val("month") == "2021-05" && val("origin") == "DEU" && val("destination") == "KAZ" &&
        val("via") == "direct" && val("sector") == "restricted" { print (val("value_usd_mn") < 5) }' \
        "$TMP/gap/flows.csv")" = 1
# DEU to KAZ in restricted goods is 126 a year in trade.csv: 10.5 a month,
# with adjust = 1 the month's flow when nothing penalises the link.
check "  and not in 2021-07, b2's first month (secondary_months = 8 had not run out)" test \
    "$(csv_awk 'val("month") == "2021-07" && val("origin") == "DEU" && val("destination") == "KAZ" &&
        val("via") == "direct" && val("sector") == "restricted" { print val("value_usd_mn") }' \
        "$TMP/gap/flows.csv")" = 10.5
check "the same in expected mode" ./sanctsim run "$TMP/gap.ini" --tables detection \
    --set enforcement.COALITION.mode=expected --out "$TMP/gap-e"
check "  nobody under secondary sanctions in 2021-07 (caught 0)" test \
    "$(csv_awk 'val("month") == "2021-07" && val("caught") != 0' "$TMP/gap-e/detection.csv" | wc -l)" = 0
check "  and somebody in 2021-04, b1's second month" test \
    "$(csv_awk 'val("month") == "2021-04" && val("caught") > 0' "$TMP/gap-e/detection.csv" | wc -l)" -gt 0

# A [change] of a key that sets only the run's first month is refused: it
# changed nothing, without a word (a helper's hunt).
for k in intermediaries.capacity intermediary.KAZ.reach_start model.bulk_capacity; do
    expect_error "a change of $k: refused" 2 \
        "'change.tighter.$k' sets the run's first month only, so a [change] of it would change nothing" \
        ./sanctsim check scenarios/illustrative.ini --set "change.tighter.$k=0.5"
done
check "  a change of invest_speed is taken" ./sanctsim check scenarios/illustrative.ini \
    --set change.tighter.intermediaries.invest_speed=0.5

# A [change] that lowers reach_max binds in its own month: KAZ's transit in
# 2022-09 falls with it (it stayed at the run's without the change, 70.7,
# until the forty-fourth session: a review).
check "reach from 0.9, as shipped" ./sanctsim run scenarios/illustrative.ini \
    --set intermediaries.reach_start=0.9 --tables intermediaries --out "$TMP/reach-kept"
check "... and with reach_max lowered to 0.1 from 2022-09" ./sanctsim run scenarios/illustrative.ini \
    --set intermediaries.reach_start=0.9 --set change.tighter.intermediaries.reach_max=0.1 \
    --tables intermediaries --out "$TMP/reach-cut"
kaz_transit() {
    csv_awk 'val("month") == "2022-09" && val("intermediary") == "KAZ" &&
        val("sector") == "restricted" { print val("transit_usd_mn") }' "$1/intermediaries.csv"
}
check "  KAZ's transit falls in the month of the change" awk \
    "BEGIN { exit !($(kaz_transit "$TMP/reach-cut") < 0.9 * $(kaz_transit "$TMP/reach-kept")) }"

finish
