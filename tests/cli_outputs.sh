# Command-line tests of what a run folder holds and how it is written:
# --tables and [output] tables, --flows direct, --compress (the gzip content
# byte for byte the plain file, read back by plot and brief), --durable and
# --no-durable (the same bytes; fsync counted under strace when there is
# one), a write that fails for want of room, a sweep's kept runs, and the
# errors. Runs from the repository root
# with ./sanctsim built (tests/run.sh).
. tests/lib.sh

SC=scenarios/illustrative.ini
TABLES="summary flows recorded intermediaries countries sanctions headline detection"
check "a full run" ./sanctsim run $SC --out "$TMP/full"
check "the full run has rows through intermediaries" \
    csv_awk 'NR > 1 && val("via") != "direct" { n++ } END { exit n > 0 ? 0 : 1 }' "$TMP/full/flows.csv"

# ---- --tables ---------------------------------------------------------------------
check "--tables summary" ./sanctsim run $SC --tables summary --out "$TMP/sum"
check "--tables summary writes summary.csv and scenario.ini only" \
    sh -c "[ \"\$(ls '$TMP/sum' | tr '\n' ' ')\" = 'datapackage.json scenario.ini summary.csv ' ]"
check "--tables summary: the same summary.csv" cmp "$TMP/full/summary.csv" "$TMP/sum/summary.csv"
check "--tables summary: the resolved scenario says so" \
    sh -c "grep -A3 '^\[output\]' '$TMP/sum/scenario.ini' | grep -qx 'tables = summary'"
check "the resolved scenario runs again with the same tables" \
    ./sanctsim run "$TMP/sum/scenario.ini" --out "$TMP/sum2"
check "... and writes only summary.csv again" \
    sh -c "[ \"\$(ls '$TMP/sum2' | tr '\n' ' ')\" = 'datapackage.json scenario.ini summary.csv ' ]"
check "--tables countries,recorded" ./sanctsim run $SC --tables countries,recorded --out "$TMP/two"
check "--tables countries,recorded writes those two" \
    sh -c "[ \"\$(ls '$TMP/two' | tr '\n' ' ')\" = 'countries.csv datapackage.json recorded.csv scenario.ini ' ]"
for f in countries recorded; do
    check "--tables countries,recorded: the same $f.csv" cmp "$TMP/full/$f.csv" "$TMP/two/$f.csv"
done
check "[output] tables = all is the default" \
    ./sanctsim run $SC --set output.tables=all --out "$TMP/all"
for f in $TABLES; do
    check "tables = all: the same $f.csv" cmp "$TMP/full/$f.csv" "$TMP/all/$f.csv"
done
check "a scenario without [output] writes none in its resolved scenario" \
    sh -c "! grep -q '^\[output\]' '$TMP/full/scenario.ini'"
expect_error "--tables with an unknown table, said of --tables" 2 \
    "sanctsim: --tables: unknown table 'flow' (did you mean flows?): expected all or a list of summary, flows, recorded, intermediaries, countries, sanctions, headline or detection" \
    ./sanctsim run $SC --tables summary,flow --out "$TMP/bad1"
check "... and writes no folder" sh -c "[ ! -e '$TMP/bad1' ]"
# A file's name for a table's (a trial).
expect_error "--tables with a file's name: the table's name said" 2 \
    "sanctsim: --tables: unknown table 'summary.csv' (a table by its name, without .csv: summary): expected all" \
    ./sanctsim run $SC --tables summary.csv --out "$TMP/bad1"
expect_error "... and .csv.gz" 2 "unknown table 'flows.csv.gz' (a table by its name, without .csv.gz: flows)" \
    ./sanctsim run $SC --tables summary,flows.csv.gz --out "$TMP/bad1"
expect_error "... and blocs.csv: written whenever there are blocs" 2 \
    "sanctsim: --tables: blocs.csv is not chosen: a run writes it whenever the scenario has blocs" \
    ./sanctsim run $SC --tables blocs.csv --out "$TMP/bad1"
# blocs.csv and relocation.csv are not chosen (a trial was offered flows).
expect_error "--tables blocs: written whenever there are blocs" 2 \
    "sanctsim: --tables: blocs.csv is not chosen: a run writes it whenever the scenario has blocs, whatever the list" \
    ./sanctsim run $SC --tables summary,blocs --out "$TMP/bad1"
expect_error "--tables relocation: written whenever production relocates" 2 \
    "relocation.csv is not chosen: a run writes it whenever the scenario relocates production" \
    ./sanctsim run $SC --tables relocation --out "$TMP/bad1"
expect_error "--tables empty" 2 "sanctsim: --tables is empty" ./sanctsim run $SC --tables ", " --out "$TMP/bad2"
expect_error "--set output.tables with an unknown table, said of the override" 2 \
    "sanctsim: --set: tables: unknown table 'flow' (did you mean flows?): expected all or a list of" \
    ./sanctsim run $SC --set output.tables=flow --out "$TMP/bad1"
expect_error "--tables without a value" 2 "option '--tables' needs a value" ./sanctsim run $SC --tables
# An option the command does not have, last on the line, is unknown, not
# one that "needs a value (or is unknown)" (a user's trial, thirty-ninth session).
expect_error "sweep --no-durable, last: unknown, and whose it is" 2 \
    "unknown option '--no-durable': it is an option of sanctsim run" ./sanctsim sweep $SC --no-durable
# A run's output option given to a sweep names the key its kept runs take
# (a new user's trial tried sweep --compress).
expect_error "sweep --compress: the key its kept runs take" 2 \
    "unknown option '--compress': it is an option of sanctsim run; a sweep's kept runs (--keep-runs) take --set output.compress=1" \
    ./sanctsim sweep $SC --vary model.sigma=4,5 --compress
check "  which they do" sh -c "./sanctsim sweep $SC --vary model.sigma=4,5 --keep-runs --set output.compress=1 \
    --set output.tables=summary --out '$TMP/sweep-gz' >/dev/null 2>&1 &&
    test \"\$(ls '$TMP/sweep-gz/runs/p0-r0')\" = \"\$(printf 'datapackage.json\nscenario.ini\nsummary.csv.gz')\""
{
    cat $SC
    printf '\n[output]\ntables = summary\nflows = all\n'
} | sed "s|^world = |world = $(pwd)/scenarios/|" >"$TMP/out.ini"
expect_error "[output] flows with an unknown value names its line" 2 \
    "out.ini:$(grep -c '' "$TMP/out.ini"): flows = 'all': expected one of routes, direct" \
    ./sanctsim run "$TMP/out.ini" --out "$TMP/bad3"
expect_error "[output] compress out of range" 2 "compress = 2 is out of range" \
    ./sanctsim run $SC --set output.compress=2 --out "$TMP/bad4"
expect_error "check does not take --tables" 2 "unknown option '--tables'" \
    ./sanctsim check $SC --tables summary

# ---- --flows direct ---------------------------------------------------------------
check "--flows direct" ./sanctsim run $SC --flows direct --out "$TMP/direct"
csv_awk 'NR == 1 || val("via") == "direct"' "$TMP/full/flows.csv" >"$TMP/direct-rows.csv"
check "--flows direct writes exactly the full run's direct rows" \
    cmp "$TMP/direct-rows.csv" "$TMP/direct/flows.csv"
for f in summary recorded intermediaries countries; do
    check "--flows direct: the same $f.csv" cmp "$TMP/full/$f.csv" "$TMP/direct/$f.csv"
done
check "--flows direct: datapackage.json says that only direct rows are in flows.csv" \
    grep -qF "only rows with via = direct are written" "$TMP/direct/datapackage.json"
check "a full run's datapackage.json does not" \
    sh -c "! grep -qF 'via = direct are written' '$TMP/full/datapackage.json'"
# Every money column, share and index states its unit in a field of its
# own, for a script (a trial had to read it out of the description); the
# others have none.
check "datapackage.json: a unit for each money column, share, probability, ratio, index and rate" \
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = [c for r in d["resources"] for c in r["schema"]["fields"]]
shares = {"reach", "participation", "internal_share"}
probabilities = {"detection_probability", "caught"}
indices = {"price_index", "import_price_index", "factory_price", "export_price",
           "real_income_index", "target_price_index", "target_import_price_index",
           "target_factory_price", "target_real_income_index", "coalition_real_income_index"}
def unit(name):
    return ("USD million per month" if name.endswith("_usd_mn") else
            "share, from 0 to 1" if name in shares else
            "probability, from 0 to 1" if name in probabilities else
            "ratio to the baseline flow" if name == "leakage" else
            "index, 1 = baseline" if name in indices else
            "fraction of the value paid to the origin" if name == "commission_rate" else None)
seen = {unit(c["name"]) for c in f}
sys.exit(not (len(seen) == 7 and all(c.get("unit") == unit(c["name"]) for c in f)))' \
    "$TMP/full/datapackage.json"

# ---- --compress ------------------------------------------------------------------
check "--compress" ./sanctsim run $SC --compress --out "$TMP/gz"
for f in $TABLES; do
    check "--compress writes $f.csv.gz, a valid gzip file" gzip -t "$TMP/gz/$f.csv.gz"
    check "--compress: $f.csv.gz holds the plain $f.csv byte for byte" \
        sh -c "gzip -dc '$TMP/gz/$f.csv.gz' | cmp - '$TMP/full/$f.csv'"
done
check "--compress writes no plain table" sh -c "! ls '$TMP/gz' | grep -q '\.csv$'"
check "--compress twice gives the same bytes" ./sanctsim run $SC --compress --out "$TMP/gz2"
check "... flows.csv.gz" cmp "$TMP/gz/flows.csv.gz" "$TMP/gz2/flows.csv.gz"
check "--force replaces a compressed run folder" \
    ./sanctsim run $SC --compress --force --out "$TMP/gz2"
check "plot reads a compressed run folder" ./sanctsim plot "$TMP/gz"
check "plot of the plain run" ./sanctsim plot "$TMP/full"
for chart in sanctioned-trade leakage intermediaries recorded-exports import-prices flow-change; do
    check "$chart.png is the same from .csv.gz" cmp "$TMP/full/plots/$chart.png" "$TMP/gz/plots/$chart.png"
done
check "brief reads a compressed run folder" ./sanctsim brief "$TMP/gz"
check "brief of the plain run" ./sanctsim brief "$TMP/full"
check "brief.png is the same from .csv.gz" cmp "$TMP/full/brief.png" "$TMP/gz/brief.png"
gzip -dc "$TMP/gz/summary.csv.gz" | head -c 400 | gzip >"$TMP/gz/summary.csv.gz.cut"
mv "$TMP/gz/summary.csv.gz.cut" "$TMP/gz/summary.csv.gz"
expect_error "a cut summary.csv.gz is refused with its line" 2 "summary.csv.gz:" \
    ./sanctsim plot "$TMP/gz" --only leakage
check "equilibrium --compress" ./sanctsim equilibrium $SC --compress --out "$TMP/eqgz"
check "equilibrium" ./sanctsim equilibrium $SC --out "$TMP/eq"
for f in equilibrium equilibrium-flows equilibrium-sectors equilibrium-solver; do
    check "equilibrium --compress: $f.csv.gz holds $f.csv" \
        sh -c "gzip -dc '$TMP/eqgz/$f.csv.gz' | cmp - '$TMP/eq/$f.csv'"
done

# ---- the charts of tables not written ------------------------------------------
# Nothing to draw: each chart is named with why, and the status is 2 (0
# before the fifteenth session, with an empty plots folder).
expect_error "plot of a summary-only run: no chart, status 2" 2 \
    "no chart: the run's [output] left out the tables they read" ./sanctsim plot "$TMP/sum"
cp "$TMP/err" "$TMP/sum-err"
check "... no leakage chart: its finding is the headline's, not written" \
    grep -q "no leakage chart: the run wrote no headline table (\[output\] tables = summary)" "$TMP/sum-err"
# Compared with a run that wrote fewer tables, plot names that run as the
# one lacking them (it named the full run, nineteenth session); the
# comparison asked for is not drawn, an error since the forty-first.
expect_error "plot --compare a summary-only run names the run that lacks the table" 2 \
    "$TMP/full: no recorded-exports chart: $TMP/sum: the run wrote no recorded table" \
    ./sanctsim plot "$TMP/full" --compare "$TMP/sum" --format svg
check "--tables summary,headline" ./sanctsim run $SC --tables summary,headline --out "$TMP/sumh"
check "plot of it" ./sanctsim plot "$TMP/sumh" --only leakage
check "... draws the leakage chart" test -s "$TMP/sumh/plots/leakage.png"
check "... and says which charts it left out and why" \
    grep -q "no sanctioned-trade chart: the run wrote no flows table (\[output\] tables = summary)" \
    "$TMP/sum-err"
expect_error "plot --only of a chart whose table was not written" 2 \
    "no intermediaries chart: the run wrote no intermediaries table" \
    ./sanctsim plot "$TMP/sum" --only intermediaries
expect_error "plot --only sanctioned-trade after --flows direct" 2 \
    "flows.csv without its rows per intermediary ([output] flows = direct)" \
    ./sanctsim plot "$TMP/direct" --only sanctioned-trade
check "--tables summary,headline --flows direct" ./sanctsim run $SC --tables summary,headline \
    --flows direct --out "$TMP/sumhd"
cp "$TMP/err" "$TMP/sumhd.err"
check "... warns that --flows direct changes nothing without the flows table" grep -qF \
    "output.flows = direct (--flows) changes nothing: flows is not among" "$TMP/sumhd.err"
check "--flows direct with the flows table does not warn so" sh -c \
    'err=$(./sanctsim run "$1" --tables summary,flows --flows direct --out "$2" 2>&1 >/dev/null) &&
     test -s "$2/flows.csv" && ! printf "%s\n" "$err" | grep -q "changes nothing"' _ $SC "$TMP/sumfd"
expect_error "... names the flows table left out, not its rows (a user's trial)" 2 \
    "no brief: the run wrote no flows table ([output] tables = summary headline)" \
    ./sanctsim brief "$TMP/sumhd"
# The tables the README says a brief needs are enough (the realised
# export prices, read from countries.csv, had made it needed: a hunt).
check "a brief from summary, headline, intermediaries and flows alone" sh -c \
    './sanctsim run "$1" --tables summary,headline,intermediaries,flows --out "$2" >/dev/null &&
     ./sanctsim brief "$2" >/dev/null' _ scenarios/price-cap.ini "$TMP/brief4"
check "a missing table that the run did write is still an error" rm "$TMP/two/countries.csv"
expect_error "... missing from the run folder" 2 "missing from the run folder" \
    ./sanctsim plot "$TMP/two" --only import-prices

# ---- --durable and --no-durable ---------------------------------------------------
check "--no-durable" ./sanctsim run $SC --no-durable --out "$TMP/nd"
for f in $TABLES; do
    check "--no-durable: the same $f.csv" cmp "$TMP/full/$f.csv" "$TMP/nd/$f.csv"
done
if can_trace; then
    fsyncs() { # the fsync calls of a run with options $@
        rm -rf "$TMP/st"
        ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=fsync,fdatasync -o "$TMP/trace" \
            ./sanctsim run $SC "$@" \
            --out "$TMP/st" >/dev/null && grep -c 'fsync(' "$TMP/trace"
    }
    n_durable=$(fsyncs)
    n_not=$(fsyncs --no-durable)
    check "run fsyncs every file by default (scenario.ini and 5 tables): $n_durable" \
        test "${n_durable:-0}" -ge 6
    check "--no-durable fsyncs nothing: $n_not" test "${n_not:-1}" -eq 0
fi

# A table that cannot be written whole (a file size limit of 100 blocks,
# its signal ignored, so that write fails with EFBIG): no folder, and the
# message gives the reason, whichever file failed first and however many
# closed well after it.
for d in --durable --no-durable; do
    for limit in 100 160 200; do
        expect_error "a file size limit of $limit blocks, $d" 1 "File too large" \
            sh -c "trap '' XFSZ; ulimit -f $limit; exec ./sanctsim run $SC $d --out '$TMP/big'"
        check "... and no folder" test ! -e "$TMP/big"
    done
done

# ---- names and places a folder cannot take (a hunt) --------------------------------
# --force takes the charts and the brief drawn from a folder with it, and
# says so (a trial's went without a word); a folder with neither, nothing.
check "a run folder with charts" sh -c "./sanctsim run $SC --tables summary,headline --out '$TMP/drawn' &&
    ./sanctsim plot '$TMP/drawn' --only leakage"
expect_error "--force over charts: a note" 0 \
    "note: $TMP/drawn: --force replaced the folder, and with it its charts (plots/), drawn from the tables replaced: draw them again with sanctsim plot" \
    ./sanctsim run $SC --tables summary,headline --force --out "$TMP/drawn"
check "... which are gone" test ! -e "$TMP/drawn/plots"
check "charts and a brief (its file stands for one)" sh -c \
    "./sanctsim plot '$TMP/drawn' --only leakage && touch '$TMP/drawn/brief.png'"
expect_error "--force over both: both named" 0 \
    "--force replaced the folder, and with it its charts (plots/) and brief, drawn from the tables replaced: draw them again with sanctsim plot and sanctsim brief" \
    ./sanctsim run $SC --tables summary,headline --force --out "$TMP/drawn"
mkdir "$TMP/drawn/plots"
check "an empty plots/ is no charts" ./sanctsim run $SC --tables summary,headline --force --out "$TMP/drawn"
cp "$TMP/err" "$TMP/drawn-empty-err"
check "... no note" sh -c "! grep -q note '$TMP/drawn-empty-err'"
check "--force over a folder without them" \
    ./sanctsim run $SC --tables summary,headline --force --out "$TMP/drawn"
cp "$TMP/err" "$TMP/drawn-err"
check "... no note" sh -c "! grep -q note '$TMP/drawn-err'"
# A name of 236 bytes was written once, and every --force then ran the
# whole run before failing: its hidden .NAME.partial-XXXXXX.old name is 20
# bytes longer, past the 255 a file name may have.
a235=$(printf 'a%.0s' $(seq 235))
expect_error "a folder name too long for the hidden names it is placed through" 2 \
    "cannot create the output folder: its name has 236 bytes, more than the 235 that leave room" \
    ./sanctsim run $SC --out "$TMP/${a235}b"
check "  235 bytes are written" ./sanctsim run $SC --tables summary --out "$TMP/$a235"
check "  ... and replaced with --force" ./sanctsim run $SC --tables summary --force --out "$TMP/$a235"
# --force on a symbolic link to a run folder put a folder of its own in
# the link's place, and the folder it led to kept the old run.
mkdir -p "$TMP/shared"
./sanctsim run $SC --tables summary --out "$TMP/shared/r" >/dev/null
ln -s shared/r "$TMP/link"
expect_error "--force does not replace a symbolic link" 2 \
    "link: is a symbolic link, which sanctsim never replaces: give the folder it leads to, or choose another --out" \
    ./sanctsim run $SC --force --out "$TMP/link"
check "  ... which stays a link" test -L "$TMP/link"
# --out . inside a run folder ran the whole run and then failed, busy.
here=$(pwd)
check "--out . --force inside a run folder replaces it" sh -c "cd '$TMP/shared/r' &&
    '$here/sanctsim' run '$here/$SC' --tables summary --force --set model.sigma=4 --out ."
check "  ... under its own name" grep -qx 'sigma = 4' "$TMP/shared/r/scenario.ini"
# What goes to standard output was lost on a full disk with status 0.
expect_error "a standard output that cannot be written is an error" 1 \
    "sanctsim: standard output: cannot write: No space left on device" \
    sh -c "./sanctsim check $SC >/dev/full"

# ---- a sweep's kept runs ---------------------------------------------------------
check "sweep --keep-runs with output.tables=summary" ./sanctsim sweep $SC --replicates 2 \
    --keep-runs --set output.tables=summary --out "$TMP/sw"
check "its run folders hold summary.csv only" \
    sh -c "[ \"\$(ls '$TMP/sw/runs/p0-r0' | tr '\n' ' ')\" = 'datapackage.json scenario.ini summary.csv ' ]"
check "its scenario.ini runs again" ./sanctsim run "$TMP/sw/runs/p0-r0/scenario.ini" --out "$TMP/again"
check "... to the same summary.csv" cmp "$TMP/again/summary.csv" "$TMP/sw/runs/p0-r0/summary.csv"

finish
