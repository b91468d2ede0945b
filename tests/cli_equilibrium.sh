#!/bin/sh
# Command-line tests of `sanctsim equilibrium`, [links] tables and the
# general closure of `run` (issue 7). The solver's own numbers are checked
# against closed forms and the two reference packages in test_equilibrium.
. tests/lib.sh
G=tests/data/general.ini

check "equilibrium of the illustrative ban" ./sanctsim equilibrium scenarios/illustrative.ini --out "$TMP/ban"
# Its data dictionary lists its four tables, each with the columns of the
# table's header, in order (one place for both: src/datadict.c).
check "its datapackage.json lists each table with the columns of its header" python3 -c '
import csv, json, os, sys
d = json.load(open(os.path.join(sys.argv[1], "datapackage.json")))
names = [r["name"] for r in d["resources"]]
ok = names == ["equilibrium", "equilibrium-flows", "equilibrium-sectors", "equilibrium-solver"]
for r in d["resources"]:
    header = next(csv.reader(open(os.path.join(sys.argv[1], r["path"]))))
    ok = ok and header == [f["name"] for f in r["schema"]["fields"]]
sys.exit(not ok)' "$TMP/ban"
check "it writes the iteration count and tolerance" csv_awk \
    'NR == 2 && val("iterations") > 0 && val("tolerance") <= 1e-10 { ok = 1 } END { exit !ok }' \
    "$TMP/ban/equilibrium-solver.csv"
check "the ban raises Russia's price of restricted goods most" csv_awk '
    val("country") == "RUS" { p[val("sector")] = val("price_index_change") } END { exit !(p["restricted"] > 1 && p["restricted"] > p["other"]) }' \
    "$TMP/ban/equilibrium-sectors.csv"
check "the ban costs Russia welfare" csv_awk \
    'val("country") == "RUS" && val("welfare_change") < 1 { ok = 1 } END { exit !ok }' \
    "$TMP/ban/equilibrium.csv"
closed_link_empty() {
    ./sanctsim equilibrium scenarios/illustrative.ini --set intermediaries.candidates=CHN \
        --set intermediary.CHN.willing=0 --out "$TMP/closed" >/dev/null &&
        csv_awk 'val("exporter") == "DEU" && val("importer") == "RUS" && val("sector") == "restricted" &&
            val("counterfactual_usd_mn") == 0 { ok = 1 } END { exit !ok }' \
            "$TMP/closed/equilibrium-flows.csv"
}
check "the banned link carries nothing in equilibrium, if no detour" closed_link_empty

# Before any measure, every change is exactly 1 and every flow its baseline.
check "no change, no effect" ./sanctsim equilibrium scenarios/illustrative.ini --at 2021-02 --out "$TMP/none"
check "every change is exactly 1" csv_awk -v changes=factory_price_change,income_change,price_index_change,welfare_change,exports_change,imports_change '
    NR > 1 { n = split(changes, name, ","); for (c = 1; c <= n; c++) if (val(name[c]) != 1) bad = 1 }
    END { exit bad }' "$TMP/none/equilibrium.csv"
check "every flow is its baseline" csv_awk \
    'NR > 1 && val("baseline_usd_mn") != val("counterfactual_usd_mn") { bad = 1 } END { exit bad }' \
    "$TMP/none/equilibrium-flows.csv"

# The general closure with adjust = 1 reaches, in the month the corridor
# opens, the flows the equilibrium computes for that month.
check "run in the general closure" ./sanctsim run $G --out "$TMP/g"
check "equilibrium at the corridor's month" ./sanctsim equilibrium $G --at 2021-04 --out "$TMP/ge"
check "the run's flows equal the equilibrium's" csv_awk '
    FNR == 1 { f++; next }
    f == 1 && val("month") == "2021-04" {
        x[val("origin") FS val("destination") FS val("sector")] += val("value_usd_mn") }
    f == 2 { n++; key = val("exporter") FS val("importer") FS val("sector")
             want = val("counterfactual_usd_mn"); d = x[key] - want; if (d < 0) d = -d
             if (d > 1e-8 * want + 1e-12) { print "differs: " $0 " run " x[key] > "/dev/stderr"; bad = 1 } }
    END { exit bad || n == 0 }' "$TMP/g/flows.csv" "$TMP/ge/equilibrium-flows.csv"
check "the corridor raises Germany's exports to Kazakhstan" csv_awk '
    val("exporter") == "DEU" && val("importer") == "KAZ" &&
    val("counterfactual_usd_mn") > 1.5 * val("baseline_usd_mn") { n++ } END { exit n != 2 }' "$TMP/ge/equilibrium-flows.csv"
check "the month before, the run is at its baseline" csv_awk '
    val("month") == "2021-03" && val("price_index") != 1 { bad = 1 } END { exit bad }' "$TMP/g/countries.csv"

# Bad input.
# The charts are a run folder's: an equilibrium folder says what it is
# (before the eighteenth session: "flows.csv: missing from the run folder:
# run the scenario again").
for cmd in plot brief; do
    expect_error "$cmd of an equilibrium folder says what it is" 2 \
        "$TMP/ban: an equilibrium folder (sanctsim equilibrium wrote it): plot, brief and compare draw run folders" \
        ./sanctsim $cmd "$TMP/ban"
done
expect_error "--at outside the run" 2 "--at 2030-01 is outside the run" ./sanctsim equilibrium $G --at 2030-01
expect_error "--at not a month" 2 "--at 'soon' is not a month" ./sanctsim equilibrium $G --at soon
# A [change] is not applied, and a warning names each one dated up to the
# month (silent before the fifteenth session): the same files as without it.
sed "s#^world = .*#world = $PWD/scenarios/data/illustrative#" scenarios/illustrative.ini >"$TMP/nochange.ini"
{ cat "$TMP/nochange.ini"; printf '\n[change late]\ndate = 2022-06\nintermediary.KAZ.willing = 0\n'; } \
    >"$TMP/change.ini"
at=$(grep -n '^date = 2022-06$' "$TMP/change.ini" | cut -d: -f1)
expect_error "equilibrium names a [change] it does not apply, at its file and line" 0 \
    "warning: $TMP/change.ini:$at: [change late] of 2022-06 is not applied" \
    ./sanctsim equilibrium "$TMP/change.ini" --out "$TMP/eqc"
check "with its --out taken, the error alone (its warnings came first before the eighteenth session)" sh -c \
    "! ./sanctsim equilibrium '$TMP/change.ini' --out '$TMP/eqc' 2>'$TMP/eqc-again.err' &&
     ! grep -q warning '$TMP/eqc-again.err' && grep -q 'exists already' '$TMP/eqc-again.err'"
check "... and solves what it would without it" sh -c \
    "./sanctsim equilibrium '$TMP/nochange.ini' --out '$TMP/eqn' >/dev/null 2>&1 &&
     cmp -s '$TMP/eqc/equilibrium.csv' '$TMP/eqn/equilibrium.csv'"
check "a [change] after the month: no warning" sh -c \
    "./sanctsim equilibrium '$TMP/change.ini' --at 2022-05 --out '$TMP/eqc5' 2>'$TMP/eqc5.err' >/dev/null &&
     ! grep -q 'change late' '$TMP/eqc5.err'"
check "nor for a [change] of enforcement alone, which the equilibrium leaves off" sh -c \
    "./sanctsim equilibrium '$TMP/nochange.ini' --out '$TMP/eqn2' 2>'$TMP/eqn2.err' >/dev/null &&
     ! grep -q 'is not applied' '$TMP/eqn2.err'"
# Exactly YYYY-MM, as in a scenario file and plot --month (before the
# fifteenth session these were taken as 2021-04).
for at in 2021-4 " 2021-04" 2021-+4; do
    expect_error "--at '$at' is not a month" 2 "--at '$at' is not a month" \
        ./sanctsim equilibrium $G --at "$at"
done
expect_error "sigma = 1 has no equilibrium" 2 "needs sigma > 1" ./sanctsim equilibrium scenarios/illustrative.ini --set model.sigma=1
expect_error "general closure with sigma = 1" 2 "closure = general needs sigma > 1" ./sanctsim run $G --set model.sigma=1
expect_error "unknown closure" 2 "closure = 'full': expected one of partial, general" ./sanctsim run $G --set model.closure=full
mkdir -p "$TMP/links"
sed 's|^world = .*|world = '"$(pwd)"'/scenarios/data/illustrative|' $G >"$TMP/links/s.ini"
printf 'exporter,importer,sector,cost_change\nDEU,XXX,all,0.1\n' >"$TMP/links/corridor.csv"
expect_error "links: unknown country" 2 "corridor.csv:2: unknown country 'XXX'" ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
printf 'exporter,importer,sector,cost_change\nEU,KAZ,all,0.1\n' >"$TMP/links/corridor.csv"
expect_error "links: a group, not a country" 2 \
    "corridor.csv:2: 'EU' is a group: a [links] table names countries, a row for each" \
    ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
printf 'exporter;importer;sector;cost_change\nDEU;KAZ;all;0,1\n' >"$TMP/links/corridor.csv"
expect_error "links: a table saved with semicolons" 2 \
    "corridor.csv:2: 2 fields where the header has 1 (its fields are separated by ';': save it with commas)" \
    ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
printf 'exporter;importer;sector;cost_change\nDEU;KAZ;all;0.1\n' >"$TMP/links/corridor.csv"
expect_error "... without a decimal comma too" 2 \
    "corridor.csv:1: no column 'exporter': expected exporter,importer,sector,cost_change (its fields are separated by ';': save it with commas)" \
    ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
cp -r scenarios/data/illustrative "$TMP/semiworld"
sed -i 's/,/;/g' "$TMP/semiworld/trade.csv"
expect_error "a world's table saved with semicolons" 2 \
    "trade.csv:1: no column 'exporter' in the header (its fields are separated by ';': save it with commas)" \
    ./sanctsim check scenarios/illustrative.ini --set scenario.world="$TMP/semiworld"
printf 'exporter,importer,sector,cost_change\nDEU,KAZ,all,-1\n' >"$TMP/links/corridor.csv"
expect_error "links: a cut of 100 %" 2 "corridor.csv:2: cost_change = '-1': expected a number above -1" ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
printf 'exporter,importer,sector,cost_change\nDEU,KAZ,all,25%%\n' >"$TMP/links/corridor.csv"
expect_error "links: a percentage" 2 \
    "corridor.csv:2: cost_change = '25%': expected a number above -1, -0.1 for a 10 % cut (25 % is 0.25)" \
    ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
printf 'exporter,importer,sector,cost_change\nDEU,KAZ,all,0.5\nDEU,RUS,all,25\nDEU,ARM,all,12\n' \
    >"$TMP/links/corridor.csv"
check "links: a percentage written as a number is warned of, at the largest row, by check and run" sh -c '
    ./sanctsim check "$1/links/s.ini" >/dev/null 2>"$1/links/c.err" &&
    ./sanctsim run "$1/links/s.ini" --tables summary --out "$1/links/run" >/dev/null 2>"$1/links/r.err" &&
    grep -qF "corridor.csv:3: [links corridor] cost_change = 25: a cost change of +2500 %, where a cost change is a rate (0.25 for +25 %)" "$1/links/c.err" &&
    cmp "$1/links/c.err" "$1/links/r.err" && test "$(wc -l <"$1/links/r.err")" = 1' sh "$TMP"
printf 'exporter,importer,sector,cost_change\nDEU,KAZ,steel,0.1\n' >"$TMP/links/corridor.csv"
expect_error "links: unknown sector" 2 "corridor.csv:2: unknown sector 'steel'" ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
rm "$TMP/links/corridor.csv"
expect_error "links: missing file" 2 "s.ini:18: file = 'corridor.csv': cannot open" ./sanctsim run "$TMP/links/s.ini" --out "$TMP/never"
check "no folder left by failed runs" test ! -e "$TMP/never"

# Threads change no output: equilibrium-flows.csv is formatted exporter by
# exporter on each thread, a round of blocks at a time, and written in
# order (9 threads: 60 blocks, a last round of 6).
for t in 1 2 3 9; do
    check "equilibrium with --threads $t" sh -c './sanctsim equilibrium scenarios/eurasian-roundabout.ini --threads $1 --out "$2" 2>/dev/null' _ $t "$TMP/eq-t$t"
done
for f in equilibrium equilibrium-flows equilibrium-sectors equilibrium-solver; do
    check "--threads 1, 2, 3 and 9 write the same $f.csv" sh -c \
        "cmp '$TMP/eq-t1/$f.csv' '$TMP/eq-t2/$f.csv' && cmp '$TMP/eq-t1/$f.csv' '$TMP/eq-t3/$f.csv' && cmp '$TMP/eq-t1/$f.csv' '$TMP/eq-t9/$f.csv'"
done
check "equilibrium-flows.csv has a row of every country's exports" csv_awk \
    'NR > 1 { seen[val("exporter")] = 1 } END { n = 0; for (c in seen) n++; exit n != 60 }' "$TMP/eq-t2/equilibrium-flows.csv"

# A world used without detour costs may leave lat and lon empty.
mkdir -p "$TMP/nolatlon"
cp scenarios/data/illustrative/trade.csv "$TMP/nolatlon/"
csv_awk -v OFS=, 'NR > 1 { $col("lat") = ""; $col("lon") = "" } { print }' \
    scenarios/data/illustrative/countries.csv >"$TMP/nolatlon/countries.csv"
check "no coordinates and detour_cost = 0" ./sanctsim equilibrium $G --set scenario.world="$TMP/nolatlon" --set model.detour_cost=0 --out "$TMP/nll"
expect_error "no coordinates but detour costs" 2 "countries.csv: no distance from DEU to FRA and no coordinates" \
    ./sanctsim run $G --set scenario.world="$TMP/nolatlon" --set model.detour_cost=0.1 --out "$TMP/never"
# What the equilibrium leaves out, said (a hunt: [supply] curves and
# commodity_sigma changed nothing, without a word), and relocation only
# once a sanction has started (it was warned of before any).
check "equilibrium of the default scenario" ./sanctsim equilibrium scenarios/eurasian-roundabout.ini \
    --out "$TMP/eq-default"
cp "$TMP/err" "$TMP/eq-default.err"
check "  says it leaves commodity_sigma out" grep -qF \
    "scenarios/eurasian-roundabout.ini:48: commodity_sigma = 17.32 prices the commodities apart; the equilibrium has one sigma over every sector and leaves it out" \
    "$TMP/eq-default.err"
check "  and the [supply] curves" grep -qF \
    "scenarios/eurasian-roundabout.ini:158: [supply] curves set factory prices in the partial closure; the equilibrium clears its own and leaves them out" \
    "$TMP/eq-default.err"
# equilibrium-flows.csv has a row for each link with trade at the baseline
# (the 2019 world lacks 272 of its 10,800), and its datapackage.json says
# which rows it leaves out (it said "every row", an audit found).
check "  a row for each link of the world with trade" test \
    "$(awk -F, 'NR > 1 && $4 + 0 > 0' scenarios/data/world-2019/trade.csv | wc -l)" = \
    "$(($(wc -l <"$TMP/eq-default/equilibrium-flows.csv") - 1))"
check "  and its dictionary says that the others are left out" grep -qF \
    "Rows left out: the links with no trade at the baseline, which have none in the equilibrium." \
    "$TMP/eq-default/datapackage.json"
check "relocation before any sanction" ./sanctsim equilibrium scenarios/report/relocation.ini \
    --at 2021-06 --out "$TMP/eq-reloc"
cp "$TMP/err" "$TMP/eq-reloc.err"
check "  no word of it" sh -c "! grep -q relocation_speed '$TMP/eq-reloc.err'"
printf '[scenario]\nbase = %s/scenarios/illustrative.ini\n[model]\nclosure = general\n[supply s]\ncountries = RUS\nsectors = restricted\nelasticity = 0.2\n' \
    "$PWD" >"$TMP/general-supply.ini"
expect_error "a general closure run with [supply] curves says it leaves them out" 0 \
    "warning: [supply] curves set factory prices in the partial closure; the general closure's equilibrium clears its own and leaves them out" \
    ./sanctsim run "$TMP/general-supply.ini" --tables summary --out "$TMP/general-supply"

# The general closure takes one sigma in every sector, in what it reports
# too: its import price index of energy took commodity_sigma, so it moved
# with it while the flows did not (a hunt).
G="--set model.closure=general --set model.import_sigma=0 --set model.freight=0 --set sanction.crude-price-cap.kind=penalty --set sanction.product-price-cap.kind=penalty --set scenario.name=g"
for cs in 17.32 200; do
    ./sanctsim run scenarios/eurasian-roundabout.ini $G --set model.commodity_sigma=$cs --tables countries \
        --out "$TMP/general-cs$cs" >/dev/null 2>&1
done
check "the general closure: countries.csv the same whatever commodity_sigma" sh -c \
    'test -s "$1/countries.csv" && cmp "$1/countries.csv" "$2/countries.csv"' _ \
    "$TMP/general-cs17.32" "$TMP/general-cs200"

# Real income in the general closure, by hand from countries.csv for the
# intermediaries, which pay no commission here (no secondary sanctions):
# receipts over the baseline's, plus with commission_income = 1 the
# commissions they earn, deflated by their cost of living (the sector price
# indices' geometric mean weighted by baseline spending, imports + sales -
# exports at the baseline). With commission_income = 0 (an iceberg cost)
# no intermediary earns them; they were added until the forty-fourth
# session (a helper's audit: Armenia 1.512 against the equilibrium's 1.0001).
for ci in 0 1; do
    check "general closure, commission_income = $ci" ./sanctsim run scenarios/illustrative.ini \
        --set model.closure=general --set model.commission_income=$ci \
        --set enforcement.COALITION.enforcement=0 \
        --set change.tighter.enforcement.COALITION.enforcement=0 \
        --tables countries,flows,intermediaries --out "$TMP/gi$ci"
    check "  the intermediaries' and Germany's real income by hand" python3 -c '
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/countries.csv")))
first, last = rows[0]["month"], rows[-1]["month"]
earned = 0
for c in ("ARM", "KAZ", "TUR"):
    base = [r for r in rows if r["month"] == first and r["country"] == c]
    now = [r for r in rows if r["month"] == last and r["country"] == c]
    e0 = {r["sector"]: float(r["imports_usd_mn"]) + float(r["sales_usd_mn"]) - float(r["exports_usd_mn"]) for r in base}
    paid = sum(float(r["commission_usd_mn"]) for r in now)
    earned += paid
    income = sum(float(r["sales_usd_mn"]) for r in now) + (paid if sys.argv[2] == "1" else 0)
    living = math.exp(sum(e0[r["sector"]] * math.log(float(r["price_index"])) for r in now) / sum(e0.values()))
    want = income / sum(float(r["sales_usd_mn"]) for r in base) / living
    if abs(float(now[0]["real_income_index"]) - want) > 1e-8 * want:
        sys.exit(c + ": " + now[0]["real_income_index"] + " against " + repr(want))
# Germany, whose restricted goods reach Russia through them, earns none and
# pays commissions, v c / (1 + c) on each of its rows through an intermediary
# at that intermediary'"'"'s rate: with commission_income = 0 its receipts count
# them (what buyers spend on its goods), with 1 they do not.
rate = {(r["intermediary"], r["sector"]): float(r["commission_rate"])
        for r in csv.DictReader(open(sys.argv[1] + "/intermediaries.csv")) if r["month"] == last}
paid = sum(float(r["value_usd_mn"]) * rate[r["via"], r["sector"]] / (1 + rate[r["via"], r["sector"]])
           for r in csv.DictReader(open(sys.argv[1] + "/flows.csv"))
           if r["month"] == last and r["origin"] == "DEU" and r["via"] != "direct")
base = [r for r in rows if r["month"] == first and r["country"] == "DEU"]
now = [r for r in rows if r["month"] == last and r["country"] == "DEU"]
e0 = {r["sector"]: float(r["imports_usd_mn"]) + float(r["sales_usd_mn"]) - float(r["exports_usd_mn"]) for r in base}
living = math.exp(sum(e0[r["sector"]] * math.log(float(r["price_index"])) for r in now) / sum(e0.values()))
income = sum(float(r["sales_usd_mn"]) for r in now) + (paid if sys.argv[2] == "0" else 0)
want = income / sum(float(r["sales_usd_mn"]) for r in base) / living
if abs(float(now[0]["real_income_index"]) - want) > 1e-8 * want:
    sys.exit("DEU: " + now[0]["real_income_index"] + " against " + repr(want))
sys.exit(earned <= 0 or paid <= 0)' "$TMP/gi$ci" $ci
done


# Under balance = conditional the general closure fixes receipts in the
# solver's numeraire, so real income follows the factory-gate price: with
# no intermediaries (the run's costs are then the equilibrium command's)
# and adjust = 1, each country's real_income_index is the equilibrium's
# welfare w / P at that month (an audit read Russia's receipts over its
# cost of living instead: 1.0315 against the equilibrium's 0.9824).
# real_income_is_welfare NAME LOSER SETTINGS: a general-closure run of the
# illustrative scenario and the equilibrium of its 2022-12, with SETTINGS;
# each country's real income then is the equilibrium's welfare, and the
# LOSER's is below 1.
real_income_is_welfare() {
    name=$1 loser=$2
    shift 2
    check "$name: a general closure run" ./sanctsim run scenarios/illustrative.ini "$@" \
        --set model.closure=general --set model.adjust=1 --set intermediaries.candidates=none \
        --set scenario.name=$name --tables countries --out "$TMP/$name-run"
    check "  and the equilibrium at 2022-12" ./sanctsim equilibrium scenarios/illustrative.ini "$@" \
        --set model.closure=general --set model.adjust=1 --set intermediaries.candidates=none \
        --set scenario.name=$name --at 2022-12 --out "$TMP/$name-eq"
    check "  real income is the equilibrium's welfare, country by country" python3 -c '
import csv, sys
run = {r["country"]: float(r["real_income_index"])
       for r in csv.DictReader(open(sys.argv[1] + "/countries.csv")) if r["month"] == "2022-12"}
eq = {r["country"]: float(r["welfare_change"]) for r in csv.DictReader(open(sys.argv[2] + "/equilibrium.csv"))}
bad = [c for c in eq if abs(run[c] - eq[c]) > 1e-8]
sys.exit(bad if bad or len(run) != len(eq) or eq[sys.argv[3]] >= 1 else 0)' \
        "$TMP/$name-run" "$TMP/$name-eq" "$loser"
}
real_income_is_welfare conditional RUS --set model.balance=conditional

# The general closure refuses production relocation: its equilibrium read
# the relocated demand weights as a new baseline (a hunt: Armenia's real
# income 1.323 in the report's relocation scenario, 1.005 in the partial
# closure), also when a [change] turns it on.
expect_error "the general closure with relocation" 2 \
    "closure = general cannot take relocation_speed = 0.02: its equilibrium would read the relocated demand weights" \
    ./sanctsim check scenarios/report/relocation.ini --set model.closure=general \
    --set model.import_sigma=0 --set model.freight=0
printf '[scenario]\nbase = %s/scenarios/illustrative.ini\n[model]\nclosure = general\n[change move]\ndate = 2022-06\nmodel.relocation_speed = 0.1\n' \
    "$PWD" >"$TMP/general-reloc.ini"
expect_error "  and a [change] that turns it on" 2 \
    "general-reloc.ini:7: closure = general cannot take relocation_speed = 0.1: its equilibrium would read the relocated demand weights as a new baseline, and spending, deficits and relocation's cost would drift; use closure = partial or relocation_speed = 0 (with the [change] of 2022-06)" \
    ./sanctsim check "$TMP/general-reloc.ini"

# Under balance = multiplicative the solver's sales are factor incomes
# times one common factor nu (spending over factor income, which deficits
# move away from 1): real income divides it out, and is the equilibrium's
# welfare, the real wage. A world of large deficits: Russia's sales to
# Germany, France and the USA forty times the illustrative world's (a hunt
# read every country nu times its welfare, and coalition members as gaining).
UW=$TMP/unbalanced-world
cp -r scenarios/data/illustrative "$UW"
awk -F, -v OFS=, '$1 == "RUS" && ($2 == "DEU" || $2 == "FRA" || $2 == "USA") { $4 = $4 * 40 } { print }' \
    scenarios/data/illustrative/trade.csv >"$UW/trade.csv"
real_income_is_welfare multiplicative DEU --set scenario.world="$UW" \
    --set model.balance=multiplicative

# The solver's iterations count every round of the commissions paid (a
# hunt: only the last warm round's, 1 under the conditional balance), and
# the conditional balance, whose incomes are fixed, takes no rounds: its
# equilibrium is the same whatever commission_income says.
for b in additive conditional; do
    for ci in 0 1; do
        ./sanctsim equilibrium scenarios/eurasian-roundabout.ini --set model.balance=$b \
            --set model.commission_income=$ci --out "$TMP/it-$b-$ci" >/dev/null 2>&1
    done
done
its() { csv_awk 'FNR > 1 { print val("iterations") }' "$TMP/it-$1/equilibrium-solver.csv"; }
check "additive: the rounds of commissions add iterations ($(its additive-0) without, $(its additive-1) with)" \
    test "$(its additive-1)" -gt "$(its additive-0)"
check "conditional: commission_income changes nothing, iterations ($(its conditional-1)) included" sh -c \
    'cmp "$1/equilibrium.csv" "$2/equilibrium.csv" && cmp "$1/equilibrium-solver.csv" "$2/equilibrium-solver.csv"' \
    _ "$TMP/it-conditional-0" "$TMP/it-conditional-1"
finish
