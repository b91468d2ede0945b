#!/bin/sh
# The shared test helpers that read CSV columns by name (tests/lib.sh):
# csv_col and csv_awk follow each file's header, and a column that a
# header lacks fails the check, whatever the awk program's END block says.
. tests/lib.sh

printf 'month,leakage,note\n2022-01,0.5,a\n2022-02,0.25,b\n' >"$TMP/a.csv"
printf 'note,month\nc,2022-03\n' >"$TMP/b.csv"

check "csv_col prints the named columns in the order asked" \
    test "$(csv_col "$TMP/a.csv" note,month | tr '\n' ' ')" = "a,2022-01 b,2022-02 "
check "csv_awk: val() reads the named field" \
    test "$(csv_awk 'val("month") == "2022-02" { print val("leakage") }' "$TMP/a.csv")" = 0.25
check "csv_awk: col() follows each file's own header" \
    test "$(csv_awk 'FNR > 1 { print col("month") ":" val("note") }' "$TMP/a.csv" "$TMP/b.csv" |
        tr '\n' ' ')" = "1:a 1:b 2:c "
check "csv_awk: -v variables reach the program" \
    test "$(csv_awk -v m=2022-01 -v x=1 'val("month") == m { print x }' "$TMP/a.csv")" = 1
expect_error "csv_awk: a missing column fails, though END exits 0" 2 'has no column "lekage"' \
    csv_awk 'val("lekage") > 1 { bad = 1 } END { exit bad }' "$TMP/a.csv"
expect_error "csv_col: a missing column fails" 2 'has no column "nope"' \
    csv_col "$TMP/a.csv" month,nope
check "csv_awk passes awk's own exit status on" sh -c '
    . tests/lib.sh
    csv_awk "END { exit 3 }" "$1"
    test $? -eq 3' sh "$TMP/a.csv"

finish
