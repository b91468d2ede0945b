#!/bin/sh
# model/powrow_table.h, the tables of the fast power (model/powrow.c), is
# what model/powrow_table.py writes, byte for byte. Needs python3 only.
. tests/lib.sh

python3 model/powrow_table.py >"$TMP/table.h"
check "model/powrow_table.h is the script's output" cmp -s "$TMP/table.h" model/powrow_table.h

finish
