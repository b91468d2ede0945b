# Command-line tests of what a run's tables contain (issue 14): one
# definition of leakage, the same number in the brief, headline.csv,
# summary.csv and a sweep; the tables' shape for pandas and R; the data
# dictionary; worlds found beside the scenario or in the installed folder;
# a sweep's own indicators.
. tests/lib.sh

# decode FILE: the strings of a chart's text.dat (one character code a
# line, -1 between strings), one a line.
decode() {
    LC_ALL=C awk '$1 == -1 { print s; s = ""; next } { s = s sprintf("%c", $1) } END { print s }' "$1"
}

# ---- one definition of leakage ------------------------------------------------
# Overlapping coalitions (EU inside COALITION) and an import-direction ban:
# the headline counts each link once and exports only, so it is exactly the
# leakage of COALITION's export row.
cat >"$TMP/overlap.ini" <<INI
[scenario]
world = $PWD/scenarios/data/illustrative
start = 2021-01
months = 12
[sanction all]
by = COALITION
target = RUS
sectors = restricted
start = 2021-03
[sanction eu-too]
by = EU
target = RUS
sectors = restricted
start = 2021-03
[sanction imports]
by = COALITION
target = RUS
sectors = restricted
direction = import
start = 2021-03
[intermediaries]
candidates = KAZ ARM TUR
INI
check "a run with overlapping coalitions" ./sanctsim run "$TMP/overlap.ini" --out "$TMP/ov"
row_leak() { # FILE COALITION DIRECTION: the last month's leakage of that summary row
    csv_awk -v c="$2" -v d="$3" 'val("month") == "2021-12" && val("coalition") == c &&
        val("direction") == d { print val("leakage") }' "$1/summary.csv"
}
head_leak() { csv_awk 'val("month") == "2021-12" { print val("leakage") }' "$1/headline.csv"; }
check "the EU row and the import row lie outside the headline: they differ from it" sh -c "
    test '$(row_leak "$TMP/ov" EU export)' != '$(head_leak "$TMP/ov")' &&
    test '$(row_leak "$TMP/ov" COALITION import)' != '$(head_leak "$TMP/ov")'"
check "the headline is COALITION's export row, each link once (hand sum of the rows: more)" \
    test "$(row_leak "$TMP/ov" COALITION export)" = "$(head_leak "$TMP/ov")"
check "adding every row, as before, would give another number" csv_awk -v h="$(head_leak "$TMP/ov")" '
    val("month") == "2021-12" { r += val("rerouted_usd_mn"); b += val("baseline_usd_mn") }
    END { exit !(r / b != h) }' "$TMP/ov/summary.csv"
check "sanctions.csv: one row per sanction and direction, the shared links the same leakage" \
    csv_awk -v h="$(head_leak "$TMP/ov")" 'val("month") == "2021-12" { n++
        if (val("sanction") == "all" && val("leakage") != h) bad = 1 }
        END { exit bad || n != 3 }' "$TMP/ov/sanctions.csv"

# The default scenario: the brief, headline.csv, summary.csv and a one-run
# sweep say the same final leakage. (Four years of a 60-country world: not
# under valgrind.)
if [ -z "${SANCTSIM_WRAP:-}" ]; then
    D=scenarios/eurasian-roundabout.ini
    check "the default run" ./sanctsim run "$D" --out "$TMP/def"
    head=$(csv_awk 'val("month") == "2024-12" { print val("leakage") }' "$TMP/def/headline.csv")
    check "headline.csv: the export ban's links, 2024-12" test -n "$head"
    # By hand from summary.csv: the ban is COALITION's export rows of
    # restricted goods (to RUS and BLR); rerouted over baseline.
    check "summary.csv's ban rows give the same leakage (to 1e-9)" csv_awk -v h="$head" '
        val("month") == "2024-12" && val("coalition") == "COALITION" &&
        val("direction") == "export" && val("sector") == "restricted" {
            r += val("rerouted_usd_mn"); b += val("baseline_usd_mn") }
        END { d = r / b - h; exit !(b > 0 && d < 1e-9 && d > -1e-9) }' "$TMP/def/summary.csv"
    check "a one-run sweep" ./sanctsim sweep "$D" --vary model.sigma=5 --out "$TMP/sw1"
    check "the sweep's final_leakage is the same number" test \
        "$(csv_col "$TMP/sw1/sweep.csv" final_leakage)" = "$head"
    check "the brief" env SANCTSIM_PLOT_KEEP=1 ./sanctsim brief "$TMP/def"
    decode "$TMP"/def/.plot-work-*/brief/text.dat >"$TMP/brief.txt"
    said=$(sed -n 's/^Leakage at the end (2024-12): \([0-9.]*\) %.*/\1/p' "$TMP/brief.txt")
    check "the brief says the same number, in % ($said)" \
        test "$said" = "$(awk -v h="$head" 'BEGIN { printf "%.0f", 100 * h }')"
    check "and states the valuation" grep -q "at the buyer.s price (commission included)" "$TMP/brief.txt"
    rm -rf "$TMP"/def/.plot-work-*
fi

# ---- worlds found beside the scenario, then in the installed folder -------------
mkdir -p "$TMP/copied" "$TMP/worlds" "$TMP/beside/data"
cp scenarios/illustrative.ini "$TMP/copied/mine.ini" # world = data/illustrative
cp -r scenarios/data/illustrative "$TMP/worlds/"
cp -r scenarios/data/illustrative "$TMP/beside/data/"
cp scenarios/illustrative.ini "$TMP/beside/mine.ini"
expect_error "a copied scenario whose world is nowhere: the error names both places" 2 \
    "world = 'data/illustrative': no such folder beside the scenario ($TMP/copied/data/illustrative) nor in the installed worlds folder ($TMP/nothing/illustrative)" \
    env SANCTSIM_WORLDS="$TMP/nothing" ./sanctsim check "$TMP/copied/mine.ini"
check "the installed worlds folder has it: the run finds it there" \
    env SANCTSIM_WORLDS="$TMP/worlds" ./sanctsim run "$TMP/copied/mine.ini" --out "$TMP/inst"
check "... and the resolved scenario names that world" \
    grep -qx "world = $(cd "$TMP/worlds/illustrative" && pwd -P)" "$TMP/inst/scenario.ini"
check "a world beside the scenario comes first" sh -c "
    env SANCTSIM_WORLDS='$TMP/worlds' ./sanctsim check '$TMP/beside/mine.ini' |
    grep -q '^world *$(cd "$TMP/beside/data/illustrative" && pwd -P) '"
expect_error "an absolute world is only looked for where it says" 2 "cannot open /nonexistent/illustrative" \
    env SANCTSIM_WORLDS="$TMP/worlds" ./sanctsim check "$TMP/copied/mine.ini" \
    --set scenario.world=/nonexistent/illustrative

# ---- tables for pandas and R ----------------------------------------------------
I=scenarios/illustrative.ini
check "the illustrative run" ./sanctsim run $I --out "$TMP/ill"
check "flows.csv: via is never empty; direct shipments say direct" csv_awk '
    FNR > 1 && val("via") == "" { bad = 1 } FNR > 1 && val("via") == "direct" { d++ }
    END { exit bad || !d }' "$TMP/ill/flows.csv"
check "the direct and rerouted rows add up to countries.csv's imports (RUS, restricted, 2022-06)" \
    csv_awk 'FNR == 1 { f++ }
    f == 1 && val("month") == "2022-06" && val("destination") == "RUS" && val("origin") != "RUS" &&
        val("sector") == "restricted" { s += val("value_usd_mn") }
    f == 2 && val("month") == "2022-06" && val("country") == "RUS" && val("sector") == "restricted" {
        c = val("imports_usd_mn") }
    END { d = s - c; exit !(c > 0 && d < 1e-6 * c && d > -1e-6 * c) }' \
    "$TMP/ill/flows.csv" "$TMP/ill/countries.csv"
check "intermediaries.csv no longer repeats the country's caught and detection" sh -c "
    ! head -n 1 '$TMP/ill/intermediaries.csv' | grep -q -e caught -e detection_probability"
check "detection.csv: one row per candidate and month (3 candidates x 24 months)" csv_awk '
    FNR > 1 { n++; seen[val("month") FS val("intermediary")]++ }
    END { for (k in seen) if (seen[k] != 1) bad = 1; exit bad || n != 72 }' "$TMP/ill/detection.csv"
# The illustrative scenario draws detections (random mode): a sum over
# detection.csv is the sweep's detections indicator, not three times it.
check "a one-run sweep with the run's seed" ./sanctsim sweep $I --vary model.sigma=5 --out "$TMP/sw-ill"
seed=$(csv_col "$TMP/sw-ill/sweep.csv" seed)
check "the same run at the sweep's seed" ./sanctsim run $I --seed "$seed" --out "$TMP/ill-s"
check "caught summed over detection.csv equals the sweep's detections" test \
    "$(csv_awk 'FNR > 1 && val("month") != "2021-01" { s += val("caught") } END { printf "%.10g", s }' \
        "$TMP/ill-s/detection.csv")" = "$(csv_col "$TMP/sw-ill/sweep.csv" detections)"

# Seeds: below 2^53 and written as whole numbers, so that R and pandas,
# which read numbers as doubles, read them exactly (awk reads them as
# doubles too: printing the double back gives the same text).
check "a sweep of 40 seeds" ./sanctsim sweep $I --vary model.sigma=5 --replicates 40 --out "$TMP/seeds"
check "every seed is a whole number below 2^53 that a double holds exactly" csv_awk '
    FNR > 1 { s = val("seed"); n++
              if (s !~ /^[0-9]+$/ || s + 0 >= 9007199254740992 || sprintf("%.0f", s + 0) != s) bad = 1
              if (s + 0 > 1e15) big++ }
    END { exit bad || n != 40 || !big }' "$TMP/seeds/sweep.csv"

# The data dictionary: datapackage.json describes every column of every
# table, in order, and the README's output table names each column.
# described DIR: datapackage.json describes every CSV table of DIR, and only them.
described() {
    python3 -c '
import csv, json, os, sys
d = sys.argv[1]
pkg = json.load(open(os.path.join(d, "datapackage.json")))
described = {r["path"]: r for r in pkg["resources"]}
tables = sorted(f for f in os.listdir(d) if f.endswith(".csv"))
assert tables == sorted(described), (tables, sorted(described))
for name, r in described.items():
    header = next(csv.reader(open(os.path.join(d, name))))
    fields = [f["name"] for f in r["schema"]["fields"]]
    assert header == fields, (name, header, fields)
    assert all(f["description"] and f["type"] for f in r["schema"]["fields"]), name
    assert "Rows left out" in r["description"], name
' "$1"
}
check "datapackage.json is valid JSON and describes every table and column" described "$TMP/ill"
# So with the tables that a scenario's levers add (blocs.csv was left out
# before the fifteenth session).
check "a run with a bloc" ./sanctsim run scenarios/report/eurasian-bloc.ini --tables summary \
    --out "$TMP/bloc"
check "its datapackage.json describes blocs.csv" described "$TMP/bloc"
check "a run that relocates production" ./sanctsim run scenarios/report/relocation.ini \
    --tables summary --out "$TMP/reloc"
check "its datapackage.json describes relocation.csv" described "$TMP/reloc"
check "the README's output table names every column of every table" python3 -c '
import json, sys
pkg = json.load(open(sys.argv[1] + "/datapackage.json"))
readme = open("README.md").read().split("\n")
for r in pkg["resources"]:
    rows = [l for l in readme if l.startswith("| `" + r["path"] + "` |")]
    assert len(rows) == 1, r["path"]
    for f in r["schema"]["fields"]:
        assert f["name"] in rows[0], (r["path"], f["name"])
' "$TMP/ill"

# ---- a sweep's own indicators ---------------------------------------------------
E='eu_kaz=recorded(EU,KAZ,all,2022)'
check "a sweep with indicators of its own, its runs and series kept" ./sanctsim sweep $I \
    --vary model.sigma=4,5 --indicator "$E" --indicator 'vs_twin=recorded(EU,KAZ,all,2022)/twin' \
    --indicator 'to_rus=true(COALITION,RUS,restricted,2022-03/2022-12)' \
    --keep-runs --keep-series --out "$TMP/own"
# By hand: EU's members from the world's groups.csv, then their recorded
# exports to KAZ over the months of 2022 in the run folder's recorded.csv.
members=$(csv_awk 'FNR > 1 && val("group") == "EU" { printf "%s ", val("member") }' \
    scenarios/data/illustrative/groups.csv)
hand() { # RUN_DIR: EU's recorded exports to KAZ in 2022
    csv_awk -v m=" $members" 'FNR > 1 && index(m, " " val("exporter") " ") &&
        val("importer") == "KAZ" && val("month") ~ /^2022-/ { s += val("exports_usd_mn") }
        END { printf "%.6f", s }' "$1/recorded.csv"
}
row() { # POINT NAME: the sweep's value, to 6 decimals
    csv_awk -v p="$1" -v n="$2" 'FNR > 1 && val("point") == p { printf "%.6f", val(n) }' \
        "$TMP/own/sweep.csv"
}
check "EU is DEU and FRA" test "$members" = "DEU FRA "
check "eu_kaz equals the hand sum over recorded.csv (point 0)" test "$(row 0 eu_kaz)" = "$(hand "$TMP/own/runs/p0-r0")"
check "... and at point 1" test "$(row 1 eu_kaz)" = "$(hand "$TMP/own/runs/p1-r0")"
check "the twin of point 1" ./sanctsim run $I --twin --set model.sigma=5 --out "$TMP/twin1"
check "vs_twin equals the run's hand sum over the twin's" test "$(row 1 vs_twin)" = \
    "$(awk -v a="$(hand "$TMP/own/runs/p1-r0")" -v b="$(hand "$TMP/twin1")" 'BEGIN { printf "%.6f", a / b }')"
check "to_rus equals flows.csv's coalition rows to RUS, every route, 2022-03 to 2022-12" test \
    "$(row 0 to_rus)" = "$(csv_awk 'FNR > 1 && val("destination") == "RUS" && val("sector") == "restricted" &&
        val("origin") ~ /^(DEU|FRA|USA)$/ && val("month") >= "2022-03" && val("month") <= "2022-12" {
        s += val("value_usd_mn") } END { printf "%.6f", s }' "$TMP/own/runs/p0-r0/flows.csv")"
check "sweep-summary.csv has a block for each own indicator" csv_awk '
    FNR > 1 { n[val("indicator")]++ } END { exit !(n["eu_kaz"] == 2 && n["vs_twin"] == 2 && n["to_rus"] == 2) }' \
    "$TMP/own/sweep-summary.csv"
check "--keep-series: one row a month, its leakage headline.csv's" csv_awk '
    FNR == 1 { f++; next } f == 1 { h[val("month")] = val("leakage") }
    f == 2 { n++; if (h[val("month")] != val("leakage")) bad = 1 } END { exit bad || n != 24 }' \
    "$TMP/own/runs/p0-r0/headline.csv" "$TMP/own/series/p0-r0.csv"
# bad_indicator DESCRIPTION MESSAGE EXPRESSION: a sweep of $I with that
# --indicator is refused with status 2 and the message.
bad_indicator() {
    expect_error "$1" 2 "$2" ./sanctsim sweep $I --vary model.sigma=4 --indicator "$3" \
        --out "$TMP/bad-indicator"
}
bad_indicator "an unknown country in an indicator" \
    "--indicator x=recorded(EU,XXX,all,2022): TO 'XXX': unknown country or group" \
    'x=recorded(EU,XXX,all,2022)'
# A misspelt sector: the sector near it, else the world's sectors (a trial
# was told only "unknown sector").
bad_indicator "a typo of a sector: the sector near it" \
    "SECTORS 'restrcted': unknown sector (did you mean restricted?)" 'x=recorded(EU,RUS,restrcted,2022)'
bad_indicator "an unknown sector: the world's sectors" \
    "SECTORS 'oil': unknown sector: this world's sectors are restricted, other (or all)" \
    'x=recorded(EU,RUS,oil,2022)'
bad_indicator "a country's name: its code said (no hint before the thirty-first session)" \
    "TO 'Kazakhstan': unknown country or group (Kazakhstan is KAZ)" 'x=recorded(EU,Kazakhstan,all,2022)'
bad_indicator "a typo of a code: the code near it" \
    "TO 'KZA': unknown country or group (did you mean KAZ?)" 'x=recorded(EU,KZA,all,2022)'
bad_indicator "an expression of another form" "expected NAME=recorded(FROM,TO,SECTORS,PERIOD)" \
    'x=flows(EU,KAZ,all,2022)'
bad_indicator "a name that is a column already" "NAME is a column of sweep.csv already" \
    'seed=true(EU,KAZ,all,2022)'
# A ratio to a flow that the twin does not have is refused before any run
# (a trial's every run failed, its other columns blank with it): the 2019
# world has no trade from the UAE to Israel.
check "the 2019 world has no flow from ARE to ISR" test "$(csv_awk 'FNR > 1 &&
    val("exporter") == "ARE" && val("importer") == "ISR" && val("value_usd_mn") > 0 { n++ }
    END { print n + 0 }' scenarios/data/world-2019/trade.csv)" = 0
expect_error "a /twin ratio to a flow the twin lacks" 2 \
    "--indicator isr: the twin (no sanctions) has no flow recorded(ARE,ISR,all,2023), so a ratio to it has no value in any run" \
    ./sanctsim sweep scenarios/eurasian-roundabout.ini --vary model.sigma=4,5 \
    --indicator 'isr=recorded(ARE,ISR,all,2023)/twin' --out "$TMP/bad4"
check "  (nothing written)" test ! -e "$TMP/bad4"
# A country's own sales are no trade between two countries: refused (a
# trial's true(DEU,DEU,...) summed to 0 without a word).
bad_indicator "an indicator from a country to itself" \
    "--indicator x=true(DEU,DEU,all,2022): FROM and TO are one country, and an indicator sums the trade between two" \
    'x=true(DEU,DEU,all,2022)'
bad_indicator "an indicator's period not written as one" \
    "PERIOD '2022Q5' is not a period; the run runs from 2021-01 to 2022-12" 'x=recorded(EU,KAZ,all,2022Q5)'
check "an indicator with spaces around '=' (as --set takes them)" ./sanctsim sweep $I --vary model.sigma=4 \
    --indicator 'kz = recorded(EU,KAZ,all,2022)' --out "$TMP/spaced"
check "... is the column kz" sh -c "head -n 1 '$TMP/spaced/sweep.csv' | grep -q ',kz\$'"
expect_error "a period outside the run names the run's months" 2 \
    "PERIOD '2030' is not a period inside the run, which runs from 2021-01 to 2022-12" \
    ./sanctsim sweep $I --vary model.sigma=4 --indicator 'x=true(EU,KAZ,all,2030)' --out "$TMP/bad6"
# A period is checked in each run's months when the design varies them (a
# trial's 2023 was refused for the base's 24 months though the 36-month
# runs hold it): the 24-month run fails, the 36-month run measures it.
expect_error "a period beyond the base run, inside some varied run: one run fails" 1 \
    "1 of 2 runs failed" ./sanctsim sweep $I --vary scenario.months=24,36 \
    --indicator 'k23=recorded(EU,KAZ,all,2023)' --keep-runs --out "$TMP/months"
cp "$TMP/err" "$TMP/months.err"
check "  the run of 24 months is warned of" grep -qF "warning: --vary scenario.months: 1 of its 2 \
values will fail their runs, first at 24: --indicator k23=recorded(EU,KAZ,all,2023): PERIOD \
'2023' is not a period inside the run, which runs from 2021-01 to 2022-12" "$TMP/months.err"
check "  and fails, its status saying why" grep -q \
    "^0,0,24,[0-9]*,\"'--indicator k23=recorded(EU,KAZ,all,2023): PERIOD '2023' is not a period" \
    "$TMP/months/sweep.csv"
check "  the run of 36 months: its recorded.csv's 2023 summed by hand" test \
    "$(csv_awk 'FNR > 1 && val("point") == 1 { printf "%.6f", val("k23") }' "$TMP/months/sweep.csv")" = \
    "$(csv_awk -v m=" $members" 'FNR > 1 && index(m, " " val("exporter") " ") &&
        val("importer") == "KAZ" && val("month") ~ /^2023-/ { s += val("exports_usd_mn") }
        END { printf "%.6f", s }' "$TMP/months/runs/p1-r0/recorded.csv")"
expect_error "a period that no varied run holds" 2 \
    "scenario.months: no value loads the scenario, so every run would fail; the first, 24: --indicator x=true(EU,KAZ,all,2030): PERIOD '2030'" \
    ./sanctsim sweep $I --vary scenario.months=24,36 --indicator 'x=true(EU,KAZ,all,2030)' \
    --out "$TMP/bad7"

finish
