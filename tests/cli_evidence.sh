#!/bin/sh
# The default scenario against the evidence mechanisms' promises (issue 10,
# docs/model.md): leakage builds up over the first months of a ban, transit
# stays within capacity, listing every country as a candidate barely moves
# leakage, measures evaded by payment or not at all create no transit, and
# energy goes through third countries only where the world says it can be
# processed. Columns are found by their names in the header.
. tests/lib.sh

DEF=scenarios/eurasian-roundabout.ini
check "the default scenario runs" ./sanctsim run "$DEF" --out "$TMP/def"
check "with every country a candidate" ./sanctsim run "$DEF" --out "$TMP/all" \
    --set intermediaries.candidates=all

# field FILE WHERE COLUMNS: the COLUMNS (comma-separated names) of the rows
# of FILE matching the awk condition WHERE, in which v["name"] is a field
# of the row (e.g. 'v["month"] == "2022-03"').
field() {
    awk -F, -v want="$3" "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; n = split(want, w, \",\"); next }
        { for (k in c) v[k] = \$c[k] }
        ($2) { for (i = 1; i <= n; i++) printf \"%s%s\", \$c[w[i]], i < n ? \" \" : \"\\n\" }" "$1"
}
# The coalition's leakage of restricted goods to Russia, export rows, in a month.
leak() {
    field "$1/summary.csv" "v[\"coalition\"] == \"COALITION\" && v[\"target\"] == \"RUS\" &&
        v[\"sector\"] == \"restricted\" && v[\"direction\"] == \"export\" &&
        v[\"month\"] == \"$2\"" leakage
}

MONTHS="2022-03 2022-04 2022-05 2022-06 2022-07 2022-08"
check "leakage rises month by month over the first six months of the ban" sh -c '
    prev=0
    for m in $2; do
        l=$(echo "$1" | grep "^$m " | cut -d" " -f2)
        awk -v a="$prev" -v b="$l" "BEGIN { exit !(b > a) }" || { echo "$m: $l after $prev" >&2; exit 1; }
        prev=$l
    done' sh "$(for m in $MONTHS; do echo "$m $(leak "$TMP/def" $m)"; done)" "$MONTHS"
check "leakage in the first month of the ban is small (under 5 %)" \
    awk -v l="$(leak "$TMP/def" 2022-03)" 'BEGIN { exit !(l > 0 && l < 0.05) }'
# Total leakage: the rerouted value over the whole sanction period against
# the baseline value over it.
total_leak() {
    field "$1/summary.csv" 'v["coalition"] == "COALITION" && v["target"] == "RUS" &&
        v["sector"] == "restricted" && v["direction"] == "export" && v["month"] >= "2022-03"' \
        rerouted_usd_mn,baseline_usd_mn
}
check "listing every country changes total leakage by less than 15 %" \
    awk -v a="$(total_leak "$TMP/def" | awk '{ r += $1; b += $2 } END { print r / b }')" \
    -v b="$(total_leak "$TMP/all" | awk '{ r += $1; b += $2 } END { print r / b }')" \
    'BEGIN { d = (b - a) / a; if (d < 0) d = -d; exit !(a > 0 && d < 0.15) }'
# Capacities bind: this month's transit never exceeds last month's
# end-of-month capacity (the capacity it was shipped under).
check "transit never exceeds capacity" sh -c '
    awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
        { key = \$c[\"intermediary\"] \",\" \$c[\"sector\"]
          if ((key in cap) && \$c[\"transit_usd_mn\"] > cap[key] * (1 + 1e-9)) {
              print \$0 > \"/dev/stderr\"; bad = 1 }
          cap[key] = \$c[\"capacity_usd_mn\"]; n++ }
        END { exit bad || n == 0 }" "$1"' sh "$TMP/def/intermediaries.csv"
check "energy goes through third countries only via the processing hubs" sh -c '
    awk -F, "FNR == 1 && NR == 1 { next } FNR == NR { if (\$5 != \"\") hub[\$1] = 1; next }
        FNR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
        \$c[\"sector\"] == \"energy\" && \$c[\"transit_usd_mn\"] > 0 {
            if (!(\$c[\"intermediary\"] in hub)) { print \$0 > \"/dev/stderr\"; bad = 1 }; seen = 1 }
        END { exit bad || !seen }" scenarios/data/world-2019/countries.csv "$1"' \
    sh "$TMP/def/intermediaries.csv"

check "payments friction and an unlaundered tariff run" \
    ./sanctsim run tests/data/payments.ini --out "$TMP/pay"
check "... and create no transit anywhere" sh -c '
    [ "$1" = 0 ] && [ "$2" = 0 ] && [ "$3" -gt 0 ]' sh \
    "$(field "$TMP/pay/intermediaries.csv" 'v["transit_usd_mn"] != 0' month | wc -l)" \
    "$(field "$TMP/pay/flows.csv" 'v["via"] != ""' month | wc -l)" \
    "$(field "$TMP/pay/intermediaries.csv" 1 month | wc -l)"
# DEU's recorded restricted exports to Russia, before and under the friction.
deu_rus() {
    field "$TMP/pay/recorded.csv" "v[\"month\"] == \"$1\" && v[\"exporter\"] == \"DEU\" &&
        v[\"importer\"] == \"RUS\" && v[\"sector\"] == \"restricted\"" exports_usd_mn
}
check "... while the payments cost (the agents' 5 %) lowers EU exports to Russia" \
    awk -v a="$(deu_rus 2021-01)" -v b="$(deu_rus 2022-01)" 'BEGIN { exit !(b < a * 0.9) }'

# Neutral values: spelling out every new key at its neutral value changes
# nothing, byte for byte.
NEUTRAL="--set model.nest=1 --set model.kappa=0 --set intermediaries.reach_start=1
 --set intermediaries.reach_max=1 --set intermediaries.reach_speed=0
 --set intermediaries.capacity_bound=0"
check "the illustrative scenario with the neutral values spelt out" \
    ./sanctsim run scenarios/illustrative.ini --out "$TMP/neutral" $NEUTRAL
check "the illustrative scenario as shipped" ./sanctsim run scenarios/illustrative.ini --out "$TMP/plain"
for f in summary flows recorded intermediaries countries; do
    check "neutral values: $f.csv identical" cmp "$TMP/neutral/$f.csv" "$TMP/plain/$f.csv"
done

finish
