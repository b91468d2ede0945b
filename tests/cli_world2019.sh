#!/bin/sh
# The shipped baseline world, scenarios/data/world-2019 (issue 3): its structure,
# and, when ../shared/data/world is present, a byte-for-byte rebuild from the
# sources plus the check of every flow against them. Needs python3 only.
. tests/lib.sh

W=scenarios/data/world-2019
SRC=../shared/data/world
BUILD="python3 scenarios/data/build_world.py"

# Structure of the committed files: 60 countries, every ordered pair x every
# sector exactly once, no negative values, distances complete, groups resolve.
check "world-2019 structure" $BUILD --verify-only $W --no-sources
check "60 countries" test "$(tail -n +2 $W/countries.csv | wc -l)" -eq 60
check "60 x 60 x 3 trade rows" test "$(tail -n +2 $W/trade.csv | wc -l)" -eq 10800
check "no negative flow" csv_awk 'index(val("value_usd_mn"), "-") { bad = 1 } END { exit bad }' \
    $W/trade.csv
check "groups.csv lists the coalition" grep -qx "COALITION,EU27" $W/groups.csv

# A damaged copy is rejected, naming the row.
mkdir "$TMP/neg" && cp $W/*.csv "$TMP/neg/"
sed -i 's/^DEU,RUS,restricted,.*/DEU,RUS,restricted,-1.0000/' "$TMP/neg/trade.csv"
expect_error "negative flow rejected" 1 "DEU->RUS restricted" $BUILD --verify-only "$TMP/neg" --no-sources
mkdir "$TMP/gap" && cp $W/*.csv "$TMP/gap/"
sed -i '/^KAZ,RUS,energy,/d' "$TMP/gap/trade.csv"
expect_error "missing flow rejected" 1 "KAZ->RUS energy missing" $BUILD --verify-only "$TMP/gap" --no-sources

if [ -d "$SRC" ]; then
    check "rebuild is byte-identical and agrees with the sources" $BUILD --check
    # A flow that no longer matches the IMF figure fails, naming the pair.
    mkdir "$TMP/off" && cp $W/*.csv "$TMP/off/"
    sed -i 's/^\(DEU,RUS,other,[0-9]*\)\./\19./' "$TMP/off/trade.csv"
    expect_error "flow off the source rejected" 1 "DEU->RUS sums to" $BUILD --verify-only "$TMP/off"
else
    echo "skipped: $SRC not found, so the rebuild and source check (build_world.py --check) did not run"
fi

# The illustrative world is written by its script from its rules (its
# numbers are invented, and it needs no source): a rebuild is the same
# bytes, and a file that departs from the rules fails the check.
check "the illustrative world is what build_illustrative.py writes" \
    python3 scenarios/data/build_illustrative.py --check
mkdir "$TMP/ill" && cp scenarios/data/illustrative/*.csv "$TMP/ill/"
sed -i 's/^DEU,FRA,restricted,6090.000$/DEU,FRA,restricted,6091.000/' "$TMP/ill/trade.csv"
expect_error "  a flow off its rule fails the check" 1 "trade.csv differs from a rebuild" \
    python3 scenarios/data/build_illustrative.py --check --out "$TMP/ill"

finish
