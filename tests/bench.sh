#!/bin/sh
# `make bench`: the step and solve figures (build/tests/bench), the whole
# processes (tests/bench_process.sh) and the illustrative sweep's
# throughput, then whether the machine was otherwise idle all along.
# BUILD names the build folder (default build, as in the Makefile).
set -eu
. tests/machine_load.sh
load_start
"${BUILD:-build}/tests/bench"
sh tests/bench_process.sh
sh scenarios/examples/sweep-bench.sh scenarios/illustrative.ini 5000
load_report
