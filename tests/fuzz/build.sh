#!/bin/sh
# Builds the libFuzzer targets into tests/fuzz/build/ with clang:
#   fuzz_scenario  the scenario parser (ss_scenario_load, --set overrides)
#   fuzz_world     the world loader (ss_world_load; one CSV file replaced)
#   fuzz_cli       the options of `run` and `check` (ss_cmd_run, ss_cmd_check)
# The model and program sources (all but src/main.c) are compiled at -O1
# with coverage instrumentation, AddressSanitizer, UBSan and the project's
# warnings, shown but not fatal, so a clang-only warning does not stop
# fuzzing. Run from the repository root: sh tests/fuzz/build.sh
set -eu
CC=${FUZZ_CC:-clang}
ROOT=$(pwd)
OUT=tests/fuzz/build
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
VERSION=$(sed -n 's/^VERSION *= *//p' Makefile)
CPPFLAGS="-Imodel -Isrc -D_GNU_SOURCE -DSS_VERSION=\"$VERSION\""
CFLAGS="-O1 -g $SAN -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes"
LDLIBS="-lgsl -lgslcblas -lcsv -linih -lz -lm"
mkdir -p "$OUT/obj"
objs=""
for src in model/*.c src/*.c; do
    [ "$src" = src/main.c ] && continue
    obj="$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    # Rebuild when the source or any header is newer than the object.
    if [ ! -e "$obj" ] || [ -n "$(find "$src" model/*.h src/*.h -newer "$obj" 2>/dev/null | head -n 1)" ]; then
        echo "cc $src"
        $CC $CPPFLAGS $CFLAGS -fsanitize=fuzzer-no-link -c -o "$obj" "$src"
    fi
    objs="$objs $obj"
done
rm -f "$OUT/libsanctsim-fuzz.a"
ar rcs "$OUT/libsanctsim-fuzz.a" $objs
for t in scenario world cli; do
    echo "link fuzz_$t"
    $CC $CPPFLAGS $CFLAGS -DSS_FUZZ_ROOT="\"$ROOT\"" -fsanitize=fuzzer -Itests/fuzz \
        -o "$OUT/fuzz_$t" "tests/fuzz/fuzz_$t.c" "$OUT/libsanctsim-fuzz.a" $LDLIBS
done
