#!/bin/sh
# The shipped world and the default scenario (issue 3): the world loads, the
# baseline month reproduces trade.csv exactly, and the Eurasian roundabout
# moves trade in the directions observed after 2022.
. tests/lib.sh
W=scenarios/data/world-2019

check "the shipped world loads" sh -c "./sanctsim check scenarios/eurasian-roundabout.ini | grep -q '60 countries, 3 sectors'"
check "the default scenario runs" ./sanctsim run scenarios/eurasian-roundabout.ini --out "$TMP/er"
check "its twin runs" ./sanctsim run scenarios/no-sanctions.ini --out "$TMP/ns"

# The commission on the targets' trade (intermediaries.csv), by hand from
# flows.csv: each route through m of a link to or from RUS or BLR, times
# m's commission c / (1 + c) that month; to the 10 digits the tables keep,
# and never above the whole commission. In this scenario the targets'
# share differs by intermediary (KAZ nearly all of it, ARE about a third:
# the rest reroutes around the secondary sanctions' expected penalty).
check "commission on the targets' trade: flows.csv's routes by hand" csv_awk '
    FNR == 1 { f++; next }
    f == 1 { key = val("month") FS val("intermediary") FS val("sector")
             rate[key] = val("commission_rate"); given[key] = val("commission_targets_usd_mn")
             whole[key] = val("commission_usd_mn")
             if (given[key] > whole[key]) { print "above the whole: " $0 > "/dev/stderr"; bad = 1 } }
    f == 2 && val("via") != "direct" &&
        (val("origin") ~ /^(RUS|BLR)$/ || val("destination") ~ /^(RUS|BLR)$/) {
        key = val("month") FS val("via") FS val("sector"); got[key] += val("value_usd_mn") }
    END { for (key in rate) {
              want = got[key] * rate[key] / (1 + rate[key]); d = want - given[key]; if (d < 0) d = -d
              if (d > 1e-8 * (want > 1 ? want : 1)) { print key ": " given[key] " against " want > "/dev/stderr"; bad = 1 }
              t += given[key]; a += whole[key]; if (key ~ /,ARE,/) { ta += given[key]; aa += whole[key] } }
          if (!(t > 0.5 * a && t < a && ta < 0.6 * aa)) { print "shares " t / a ", ARE " ta / aa > "/dev/stderr"; bad = 1 }
          exit bad }' "$TMP/er/intermediaries.csv" "$TMP/er/flows.csv"
# "The month's targets": those of the sanctions in force that month. A
# penalty on China from 2023-06 in the default scenario, whose secondary
# sanctions reroute some of China's trade before: it counts from 2023-06,
# not before (a review found every sanction's targets counted whatever
# its dates).
printf '[scenario]\nbase = %s/scenarios/eurasian-roundabout.ini\n[sanction later]\nby = COALITION\ntarget = CHN\nsectors = restricted\nkind = penalty\npenalty = 0.3\nstart = 2023-06\n' \
    "$PWD" >"$TMP/later.ini"
check "a sanction on another target from a later month runs" ./sanctsim run "$TMP/later.ini" --out "$TMP/later"
check "  its commission on the targets' trade counts China's from then: flows.csv by hand" csv_awk '
    FNR == 1 { f++; next }
    f == 1 { key = val("month") FS val("intermediary") FS val("sector")
             rate[key] = val("commission_rate"); given[key] = val("commission_targets_usd_mn") }
    f == 2 && val("via") != "direct" {
        t = "RUS|BLR"; if (val("month") >= "2023-06") t = "RUS|BLR|CHN"
        if (val("origin") ~ "^(" t ")$" || val("destination") ~ "^(" t ")$") {
            key = val("month") FS val("via") FS val("sector"); got[key] += val("value_usd_mn") }
        else if (val("month") < "2023-06" && (val("origin") == "CHN" || val("destination") == "CHN")) chn++ }
    END { for (key in rate) {
              want = got[key] * rate[key] / (1 + rate[key]); d = want - given[key]; if (d < 0) d = -d
              if (d > 1e-8 * (want > 1 ? want : 1)) { print key ": " given[key] " against " want > "/dev/stderr"; bad = 1 } }
          if (!chn) { print "no rerouted trade of China before 2023-06" > "/dev/stderr"; bad = 1 }
          exit bad }' "$TMP/later/intermediaries.csv" "$TMP/later/flows.csv"

# Month 0 of flows.csv is trade.csv / 12, every row, to the 10 significant
# digits the output keeps (rows with 0 are left out of flows.csv).
check "the baseline month reproduces the world" csv_awk '
    FNR == 1 { f++; next }
    f == 1 && val("value_usd_mn") > 0 {
        want[val("exporter") FS val("importer") FS val("sector")] = val("value_usd_mn") / 12; n++ }
    f == 2 && val("month") == "2021-01" && val("via") == "direct" {
        key = val("origin") FS val("destination") FS val("sector"); got++
        d = val("value_usd_mn") - want[key]; if (d < 0) d = -d
        if (!(key in want) || d > 1e-9 * want[key]) { print "differs: " $0 > "/dev/stderr"; bad = 1 }
    }
    f == 2 && val("month") == "2021-01" && val("via") != "direct" { bad = 1 }
    END { if (got != n) { print got " rows, wanted " n > "/dev/stderr"; bad = 1 } exit bad }' \
    $W/trade.csv "$TMP/er/flows.csv"
check "the twin stays at the baseline: its last month equals its first" csv_awk '
    { link = val("exporter") FS val("importer") FS val("sector")
      value = val("exports_usd_mn") FS val("imports_usd_mn") }
    val("month") == "2021-01" { base[link] = value }
    val("month") == "2024-12" && base[link] != value { bad = 1 }
    END { exit bad }' "$TMP/ns/recorded.csv"

# Direct coalition exports of restricted goods to Russia fall by more than half.
check "direct coalition exports of restricted goods to Russia fall by more than half" csv_awk '
    val("coalition") == "COALITION" && val("target") == "RUS" && val("sector") == "restricted" &&
    val("direction") == "export" && val("month") ~ /^2023/ {
        base += val("baseline_usd_mn"); direct += val("direct_usd_mn") }
    END { exit !(base > 0 && direct < 0.5 * base) }' "$TMP/er/summary.csv"

# Recorded coalition exports to KGZ, ARM and KAZ rise, and their recorded
# exports to Russia rise: 2023 against the twin.
members=$(csv_awk 'val("group") == "EU27" || val("group") == "COALITION" { print val("member") }' \
    $W/groups.csv | tr '\n' ' ')
recorded() { # run, exporters (list), importer -> 2023 recorded exports
    csv_awk -v ex=" $2 " -v im="$3" 'val("month") ~ /^2023/ && index(ex, " " val("exporter") " ") &&
        val("importer") == im { s += val("exports_usd_mn") }
        END { printf "%.6f\n", s }' "$1/recorded.csv"
}
for m in KGZ ARM KAZ; do
    check "recorded coalition exports to $m rise" awk "BEGIN { exit !($(recorded "$TMP/er" "$members" $m) > 1.05 * $(recorded "$TMP/ns" "$members" $m)) }"
    check "recorded exports of $m to Russia rise" awk "BEGIN { exit !($(recorded "$TMP/er" $m RUS) > 1.05 * $(recorded "$TMP/ns" $m RUS)) }"
done
finish
