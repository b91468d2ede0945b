#!/bin/sh
# The shipped world and the default scenario (issue 3): the world loads, the
# baseline month reproduces trade.csv exactly, and the Eurasian roundabout
# moves trade in the directions observed after 2022.
. tests/lib.sh
W=scenarios/data/world-2019

check "the shipped world loads" sh -c "./sanctsim check scenarios/eurasian-roundabout.ini | grep -q '60 countries, 3 sectors'"
check "the default scenario runs" ./sanctsim run scenarios/eurasian-roundabout.ini --out "$TMP/er"
check "its twin runs" ./sanctsim run scenarios/no-sanctions.ini --out "$TMP/ns"

# Month 0 of flows.csv is trade.csv / 12, every row, to the 10 significant
# digits the output keeps (rows with 0 are left out of flows.csv).
check "the baseline month reproduces the world" awk -F, '
    FNR == 1 { f++; next }
    f == 1 && $4 > 0 { want[$1 FS $2 FS $3] = $4 / 12; n++ }
    f == 2 && $1 == "2021-01" && $4 == "" {
        key = $2 FS $3 FS $5; got++
        d = $6 - want[key]; if (d < 0) d = -d
        if (!(key in want) || d > 1e-9 * want[key]) { print "differs: " $0 > "/dev/stderr"; bad = 1 }
    }
    f == 2 && $1 == "2021-01" && $4 != "" { bad = 1 }
    END { if (got != n) { print got " rows, wanted " n > "/dev/stderr"; bad = 1 } exit bad }' \
    $W/trade.csv "$TMP/er/flows.csv"
check "the twin stays at the baseline: its last month equals its first" awk -F, '
    $1 == "2021-01" { base[$2 FS $3 FS $4] = $5 FS $6 }
    $1 == "2024-12" && base[$2 FS $3 FS $4] != $5 FS $6 { bad = 1 }
    END { exit bad }' "$TMP/ns/recorded.csv"

# Direct coalition exports of restricted goods to Russia fall by more than half.
check "direct coalition exports of restricted goods to Russia fall by more than half" awk -F, '
    $2 == "COALITION" && $3 == "RUS" && $4 == "restricted" && $10 == "export" && $1 ~ /^2023/ {
        base += $5; direct += $6 }
    END { exit !(base > 0 && direct < 0.5 * base) }' "$TMP/er/summary.csv"

# Recorded coalition exports to KGZ, ARM and KAZ rise, and their recorded
# exports to Russia rise: 2023 against the twin.
members=$(awk -F, '$1 == "EU27" || $1 == "COALITION" { print $2 }' $W/groups.csv | tr '\n' ' ')
recorded() { # run, exporters (list), importer -> 2023 recorded exports
    awk -F, -v ex=" $2 " -v im="$3" '$1 ~ /^2023/ && index(ex, " " $2 " ") && $3 == im { s += $5 }
        END { printf "%.6f\n", s }' "$1/recorded.csv"
}
for m in KGZ ARM KAZ; do
    check "recorded coalition exports to $m rise" awk "BEGIN { exit !($(recorded "$TMP/er" "$members" $m) > 1.05 * $(recorded "$TMP/ns" "$members" $m)) }"
    check "recorded exports of $m to Russia rise" awk "BEGIN { exit !($(recorded "$TMP/er" $m RUS) > 1.05 * $(recorded "$TMP/ns" $m RUS)) }"
done
finish
