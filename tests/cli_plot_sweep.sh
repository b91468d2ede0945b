#!/bin/sh
# Command-line tests of `sanctsim plot SWEEP_DIR`, the sweep charts (issue 5):
# sweep-band and sweep-heatmap in every format from real small sweeps of the
# illustrative scenario (10 months, random enforcement so that replicates
# differ), each file checked to be a valid PNG, SVG or PDF of the designed
# size; the data drawn equal sweep-summary.csv (the prepared data, kept by
# the test hook SANCTSIM_PLOT_KEEP, and the heat map's cell labels in the
# SVG); titles, axis labels with units and the source line; a sampled
# design; scenario text that tries to run commands through gnuplot; usage
# and input errors. Runs from the repository root with ./sanctsim built.
. tests/lib.sh

SC=scenarios/illustrative.ini
SHORT="--set scenario.start=2022-01 --set scenario.months=10 --set enforcement.COALITION.mode=random"
sweep() {
    ./sanctsim sweep $SC $SHORT "$@" >/dev/null
}

. tests/charts.sh

ONE=$TMP/one   # one key: model.sigma 3 4 5 6
TWO=$TMP/two   # a grid of two keys: model.sigma 3 4.5 6 by two hazards
LHS=$TMP/lhs   # a Latin hypercube over two keys
check "sweep of one key" sweep --vary model.sigma=3:6:4 --replicates 5 --out "$ONE"
check "sweep of two keys" sweep --vary model.sigma=3:6:3 \
    --vary enforcement.COALITION.base_hazard=0.005,0.04 --replicates 4 --out "$TWO"
check "sampled sweep" sweep --sample model.sigma=3:6 --sample intermediaries.base_commission=0.03:0.15 \
    --points 6 --replicates 3 --out "$LHS"

# ---- both charts in every format --------------------------------------------
for fmt in png svg pdf; do
    check "plot two keys --format $fmt" ./sanctsim plot "$TWO" --format "$fmt"
    cp "$TMP/err" "$TMP/two-$fmt.err"
    check "plot two keys --format $fmt: nothing on stderr" no_stderr "$TMP/two-$fmt.err"
    check "plot sampled --format $fmt" ./sanctsim plot "$LHS" --format "$fmt"
    cp "$TMP/err" "$TMP/lhs-$fmt.err"
    check "plot sampled --format $fmt: nothing on stderr" no_stderr "$TMP/lhs-$fmt.err"
done
for d in "$TWO" "$LHS"; do
    for chart in sweep-band sweep-heatmap; do
        check "$chart.png is a 1200x750 PNG" is_png "$d/plots/$chart.png" 1200x750
        check "$chart.svg is a 1200x750 SVG" is_svg "$d/plots/$chart.svg" 1200 750
        check "$chart.pdf is a 10x6.25 inch PDF" is_pdf "$d/plots/$chart.pdf" 720 450
    done
done
check "plot prints the charts it wrote" ./sanctsim plot "$TWO" --format svg
cp "$TMP/out" "$TMP/saved"
check "(the band)" grep -qx "$TWO/plots/sweep-band.svg" "$TMP/saved"
check "(the heat map)" grep -qx "$TWO/plots/sweep-heatmap.svg" "$TMP/saved"
check "no work folder is left behind" sh -c "! ls -a '$TWO' | grep -q plot-work"

# One key: the band, and a note that a heat map needs two keys.
for fmt in png svg pdf; do
    check "plot one key --format $fmt" ./sanctsim plot "$ONE" --format "$fmt"
done
cp "$TMP/err" "$TMP/saved"
check "one key: the heat map is left out, and said so" grep -qF \
    "no sweep-heatmap chart: the sweep varies one key (model.sigma), and a heat map needs two varied keys" \
    "$TMP/saved"
check "one key: sweep-band.png" is_png "$ONE/plots/sweep-band.png" 1200x750
check "one key: sweep-band.svg" is_svg "$ONE/plots/sweep-band.svg" 1200 750
check "one key: sweep-band.pdf" is_pdf "$ONE/plots/sweep-band.pdf" 720 450
check "one key: no heat map file" test ! -e "$ONE/plots/sweep-heatmap.png"
expect_error "--only sweep-heatmap with one key" 2 \
    "$ONE: no sweep-heatmap chart: the sweep varies one key (model.sigma), and a heat map needs two varied keys" \
    ./sanctsim plot "$ONE" --only sweep-heatmap

# ---- chart text ----------------------------------------------------------------
B=$ONE/plots/sweep-band.svg
check "band title names the indicator and the key" \
    grep -q '<text>Final leakage against model.sigma: median and mean over the replicates, with the 5 to 95 % range</text>' "$B"
check "band finding: the medians' range in %, the spread in points (wrapped)" sh -c \
    "grep -o '<text>[^<]*</text>' '$B' | sed 's/<[^>]*>//g' | tr '\n' ' ' |
     grep -q 'Final leakage: median from [0-9.]* % to [0-9.]* % across the design; replicates spread at most [0-9.]* points (5 to 95 %)'"
# A series key of more than 8 values: the values left out are named (a
# trial missed the scenario's own sigma among them). Eight are drawn,
# evenly: of 9, value (8q + 3) / 7 for q = 0..7 skips the fifth, 4.5; of
# 14, (13q + 3) / 7 skips the 2nd, 4th, 6th, 9th, 11th and 13th.
for grid in "3:6:9 4.5" "1:14:14 2, 4, 6, 9 and 2 more"; do
    range=${grid%% *} left=${grid#* }
    nval=${range##*:}
    check "a series of $nval values" sweep --vary model.theta=3,4 --vary model.sigma=$range \
        --out "$TMP/many-$nval"
    check "  its band chart" ./sanctsim plot "$TMP/many-$nval" --only sweep-band --format svg
    check "  names those left out ($left)" grep -qF \
        "<text>8 of the $nval values of model.sigma shown (left out: $left)</text>" \
        "$TMP/many-$nval/plots/sweep-band.svg"
done
check "band chart, keeping its data" env SANCTSIM_PLOT_KEEP=1 ./sanctsim plot "$ONE" --only sweep-band
check "band y axis starts at 0 for a share (num.dat's lowest value)" test "$(cut -f 5 \
    "$(ls -dt "$ONE"/.plot-work-* | head -n 1)/sweep-band/num.dat")" = 0
# One run a point: a marker alone, no spread and no mean named (before the
# sixteenth session the title read "replicates spread at most 0" and the
# key named a band, bars and means that were not there).
check "a sweep of one run a point" sweep --vary model.sigma=3:6:4 --out "$TMP/single"
check "its band chart" ./sanctsim plot "$TMP/single" --only sweep-band --format svg
S1=$TMP/single/plots/sweep-band.svg
check "one run a point: the finding" grep -q \
    '<text>Final leakage: from [0-9.]* % to [0-9.]* % across the design (one run a point)</text>' "$S1"
check "one run a point: the key" grep -q '<text>One run a point</text>' "$S1"
check "one run a point: no mean, no band" sh -c "! grep -q -e '<text>Mean</text>' -e 'of replicates' '$S1'"
# Replicates that cannot differ (nothing drawn in expected mode) agree; the
# finding said "spread at most 0 points" before the thirty-sixth session.
check "a sweep whose replicates agree" sweep --vary model.sigma=3:6:2 --replicates 2 \
    --set enforcement.COALITION.mode=expected --out "$TMP/agree"
check "its band chart" ./sanctsim plot "$TMP/agree" --only sweep-band --format svg
check "replicates that agree: the finding says so" sh -c \
    "grep -o '<text>[^<]*</text>' '$TMP/agree/plots/sweep-band.svg' | sed 's/<[^>]*>//g' | tr '\n' ' ' |
     grep -q 'Final leakage: median from [0-9.]* % to [0-9.]* % across the design; each point.s replicates agree'"
# With 21 replicates, q05 and q95 are the second lowest and second highest:
# one outlier at each end leaves them equal. The finding then says the 5 to
# 95 % spread, not that the replicates agree: the same summary with an sd.
cp -r "$TMP/agree" "$TMP/outliers"
rm -rf "$TMP/outliers/plots"
csv_awk -v OFS=, 'FNR == 1 { print; next } { if (val("indicator") == "final_leakage" && val("point") == 0)
        $(col("sd")) = 0.01; print }' "$TMP/agree/sweep-summary.csv" >"$TMP/outliers/sweep-summary.csv"
check "replicates whose sd is not 0, q05 = q95: their band chart" \
    ./sanctsim plot "$TMP/outliers" --only sweep-band --format svg
check "... the finding gives the spread, 0, and does not say they agree" sh -c \
    "grep -o '<text>[^<]*</text>' '$TMP/outliers/plots/sweep-band.svg' | sed 's/<[^>]*>//g' | tr '\n' ' ' |
     grep -q 'across the design; replicates spread at most 0 points (5 to 95 %)'"
# Values whose range overflows a double (a damaged summary: detections of
# 1e308 and -1e308) give gnuplot's complaint and status 1, not a cast of
# infinity to int (a sanitizer's hunt: undefined, in the findings' and the
# heat map's decimals).
cp -r "$TWO" "$TMP/huge" && rm -rf "$TMP/huge/plots"
csv_awk -v OFS=, 'FNR == 1 { print; next } { if (val("indicator") == "detections" && val("point") <= 1) {
        v = val("point") == 0 ? "1e308" : "-1e308"
        $(col("mean")) = $(col("q05")) = $(col("q50")) = $(col("q95")) = v; $(col("sd")) = 0 } print }' \
    "$TWO/sweep-summary.csv" >"$TMP/huge/sweep-summary.csv"
expect_error "detections of 1e308 and -1e308: gnuplot's complaint, status 1" 1 \
    "gnuplot complained about" ./sanctsim plot "$TMP/huge" --indicator detections --format svg

check "band x axis: the key" grep -q '<text>model.sigma</text>' "$B"
check "band y axis: leakage in %" grep -q '<text>Leakage in the last month, % of the pre-sanction value</text>' "$B"
check "band key: median, mean, band" sh -c "grep -q '<text>Median</text>' '$B' && \
    grep -q '<text>Mean</text>' '$B' && grep -q '<text>5 to 95 % of replicates</text>' '$B'"
check "band source line: scenario, world, seed, replicates" grep -q \
    '<text>Source: sanctsim .*Illustrative ban with three intermediaries.*world illustrative, seed 42; sweep of 4 points × 5 replicates</text>' "$B"
B2=$TWO/plots/sweep-band.svg
# A key's name longer than the key column is broken after its section and
# label (a trial's legend title was cut at the page's edge).
check "two keys: one line per hazard, named in the key (on two lines)" sh -c \
    "grep -q '<text>enforcement.COALITION.</text>' '$B2' && grep -q '<text>base_hazard</text>' '$B2' && \
     grep -q '<text>0.005</text>' '$B2' && grep -q '<text>0.04</text>' '$B2'"
H=$TWO/plots/sweep-heatmap.svg
check "heat map title" grep -q \
    '<text>Final leakage by model.sigma and enforcement.COALITION.base_hazard: mean over the replicates</text>' "$H"
check "heat map colour bar: mean, in %" grep -q '<text>Mean: Leakage in the last month, % of the pre-sanction value</text>' "$H"
check "heat map axes carry the values" sh -c "grep -q '<text>4.5</text>' '$H' && grep -q '<text>0.04</text>' '$H'"
# With one run a point the heat map says so: no mean and no replicates'
# range in its texts (before the twenty-first session "mean over the
# replicates" and "twice the replicates' largest half 5-95 % range (0.0)").
check "sampled sweep, one run a point" sweep --sample model.sigma=3:6 \
    --sample intermediaries.base_commission=0.03:0.15 --points 6 --out "$TMP/lhs1"
check "  its heat map" ./sanctsim plot "$TMP/lhs1" --only sweep-heatmap --format svg
H1=$TMP/lhs1/plots/sweep-heatmap.svg
check "  says one run a point" grep -q \
    '<text>Final leakage by model.sigma and intermediaries.base_commission: one run a point</text>' "$H1"
check "  and nothing of means or replicates" sh -c "! grep -qi 'mean\\|replicates.*range' '$H1'"
check "sampled band: one panel per key" sh -c "grep -q '<text>Final leakage against each sampled key' '$LHS/plots/sweep-band.svg' && \
    grep -q '<text>intermediaries.base_commission</text>' '$LHS/plots/sweep-band.svg' && \
    grep -q '<text>Sampled design: one dot per point, whose other keys differ too</text>' '$LHS/plots/sweep-band.svg'"

# --indicator: units follow the indicator.
check "--indicator lost_exports_usd_mn" ./sanctsim plot "$TWO" --format svg --indicator lost_exports_usd_mn
# An amount of a billion or more is drawn in USD bn, as its finding says it
# (a trial read "USD 1.6 bn to USD 3.7 bn" over an axis of USD million to 5000);
# less stays in USD million.
check "(USD bn: a billion or more)" grep -q '<text>Coalition exports to the target lost, USD bn (sum over the run)</text>' "$TWO/plots/sweep-band-lost_exports_usd_mn.svg"
top=$(csv_awk 'val("indicator") == "commission_usd_mn" && val("q95") + 0 > top { top = val("q95") + 0 }
    END { print (top < 1000) }' "$ONE/sweep-summary.csv")
check "commission revenue under a billion" sh -c "test $top = 1 && ./sanctsim plot '$ONE' --format svg \
    --only sweep-band --indicator commission_usd_mn >/dev/null"
check "  stays in USD million" grep -q '<text>Intermediaries. commission revenue, USD million (sum over the run)</text>' \
    "$ONE/plots/sweep-band-commission_usd_mn.svg"
check "(title)" grep -q '<text>Lost coalition exports against model.sigma' "$TWO/plots/sweep-band-lost_exports_usd_mn.svg"
check "(its finding's amounts as a slide reads them, not 1.15e+05)" grep -Eq \
    '<text>Lost coalition exports: (median )?from USD [0-9.]+ (bn|million) to USD [0-9.]+ (bn|million) ' \
    "$TWO/plots/sweep-band-lost_exports_usd_mn.svg"
check "--indicator target_price_index" ./sanctsim plot "$TWO" --only sweep-band --format svg \
    --indicator target_price_index
check "(the full price index, home goods included, baseline 100, a mean over targets)" grep -q \
    "<text>Mean price index with home goods, sanctioned sectors, last month (baseline 100)</text>" \
    "$TWO/plots/sweep-band-target_price_index.svg"
check "(its title for one target or several)" grep -q "<text>Target prices against model.sigma" \
    "$TWO/plots/sweep-band-target_price_index.svg"
# Each known indicator's axis shows its anchor: lost exports from 0, the
# price index with the baseline's 100 (num.dat's fifth and sixth fields,
# the axis's lowest and highest values).
for ind in lost_exports_usd_mn target_price_index; do
    check "$ind band, keeping its data" env SANCTSIM_PLOT_KEEP=1 ./sanctsim plot "$TWO" \
        --only sweep-band --indicator $ind
    cp "$(ls -dt "$TWO"/.plot-work-* | head -n 1)/sweep-band/num.dat" "$TMP/num-$ind"
done
check "lost exports: the axis starts at 0" test "$(cut -f 5 "$TMP/num-lost_exports_usd_mn")" = 0
check "the price index: the axis holds 100" awk -F'\t' '{ exit !($5 <= 100 && $6 >= 100) }' \
    "$TMP/num-target_price_index"

# ---- the data drawn are the summary's ------------------------------------------
# summary_rows DIR INDICATOR SCALE: "x mean q05 q50 q95" per point, in the
# chart's unit, ordered by the second key then the first (the band's order).
summary_rows() {
    # The varied keys are the columns between point and indicator.
    csv_awk -v ind="$2" -v s="$3" 'val("indicator") == ind {
            k1 = col("point") + 1; k2 = k1 + 1 < col("indicator") ? $(k1 + 1) : 0
            printf "%s %s %.10g %.10g %.10g %.10g\n", k2, $k1, s * val("mean"), s * val("q05"),
                   s * val("q50"), s * val("q95") }' "$1/sweep-summary.csv" |
        sort -g -k1,1 -k2,2 | cut -d' ' -f2-
}
# kept_rows DIR CHART: the prepared data.dat, blank lines dropped.
kept_rows() {
    awk -F'\t' 'NF { printf "%.10g %.10g %.10g %.10g %.10g\n", $1, $2, $3, $4, $5 }' \
        "$1"/.plot-work-*/"$2"/data.dat
}
# same_numbers A B: the files' numbers agree to 9 significant digits.
same_numbers() {
    [ "$(wc -l <"$1")" -eq "$(wc -l <"$2")" ] && [ "$(wc -l <"$1")" -gt 0 ] &&
        paste -d' ' "$1" "$2" | awk '{ n = NF / 2
            for (i = 1; i <= n; i++) { a = $i; b = $(i + n); d = a - b; if (d < 0) d = -d
                m = a < 0 ? -a : a; if (d > 1e-9 * (m > 1 ? m : 1)) bad = 1 } }
            END { exit bad }'
}
band_data() { # band_data DIR INDICATOR SCALE
    rm -rf "$1"/.plot-work-*
    SANCTSIM_PLOT_KEEP=1 ./sanctsim plot "$1" --only sweep-band --format svg --indicator "$2" \
        >/dev/null 2>&1 &&
        summary_rows "$1" "$2" "$3" >"$TMP/want" && kept_rows "$1" sweep-band >"$TMP/got" &&
        same_numbers "$TMP/want" "$TMP/got"
}
check "one key: the band's data = sweep-summary.csv (final leakage, in %)" \
    band_data "$ONE" final_leakage 100
check "one key: the band's data = sweep-summary.csv (lost exports, USD bn)" \
    band_data "$ONE" lost_exports_usd_mn 0.001
check "two keys: each hazard's band = its rows of sweep-summary.csv" \
    band_data "$TWO" final_leakage 100
check "two keys: the same for detections" band_data "$TWO" detections 1
check "the hook kept the work folder" sh -c "ls -d '$TWO'/.plot-work-* >/dev/null"

# ---- a sweep's own indicator (sweep --indicator NAME=EXPR) -------------------
# plot --indicator takes any indicator of sweep-summary.csv, the sweep's own
# too: its band is the summary's rows, and each point's mean there is the
# mean of its replicates' column in sweep.csv (a hand average, by awk).
OWN=$TMP/own
check "sweep with an indicator of its own" sweep --vary model.sigma=3,5 --replicates 3 \
    --indicator 'kaz_2022=recorded(COALITION,KAZ,all,2022-03/2022-10)' --out "$OWN"
check "plot --indicator kaz_2022" ./sanctsim plot "$OWN" --only sweep-band --format svg --indicator kaz_2022
check "its title and axis name it" sh -c "grep -q '<text>kaz_2022 against model.sigma' '$OWN/plots/sweep-band-kaz_2022.svg' &&
    grep -q '<text>kaz_2022, as in sweep.csv (the sweep.s own indicator)</text>' '$OWN/plots/sweep-band-kaz_2022.svg'"
check "its band's data = sweep-summary.csv (in its own unit)" band_data "$OWN" kaz_2022 1
check "the default indicator's chart sits beside it, drawn apart (it was overwritten before the eighteenth session)" \
    sh -c "./sanctsim plot '$OWN' --only sweep-band --format svg >/dev/null &&
        grep -q '<text>Final leakage' '$OWN/plots/sweep-band.svg' &&
        grep -q '<text>kaz_2022 against model.sigma' '$OWN/plots/sweep-band-kaz_2022.svg'"
# own_means DIR NAME: "sigma mean" per point, from sweep.csv's replicates
# (by hand) and from sweep-summary.csv, into $TMP/hand and $TMP/summary.
own_means() {
    csv_awk -v n="$2" 'FNR > 1 && val("status") == "ok" { s[val("model.sigma")] += val(n); k[val("model.sigma")]++ }
        END { for (x in s) printf "%s %.10g\n", x, s[x] / k[x] }' "$1/sweep.csv" | sort -g >"$TMP/hand" &&
        csv_awk -v n="$2" 'FNR > 1 && val("indicator") == n { printf "%s %.10g\n", val("model.sigma"), val("mean") }' \
            "$1/sweep-summary.csv" | sort -g >"$TMP/summary" &&
        [ "$(wc -l <"$TMP/hand")" -eq 2 ] && same_numbers "$TMP/hand" "$TMP/summary"
}
check "and each point's mean there = the mean of sweep.csv's column over its replicates" own_means "$OWN" kaz_2022
check "the values are not all equal (sigma moves them)" sh -c "[ \"\$(cut -d' ' -f2 '$TMP/hand' | sort -u | wc -l)\" -eq 2 ]"
rm -rf "$ONE"/.plot-work-* "$TWO"/.plot-work-*

# The heat map writes each cell's mean, at the decimals in its num.dat.
cell_check() {
    rm -rf "$TWO"/.plot-work-*
    SANCTSIM_PLOT_KEEP=1 ./sanctsim plot "$TWO" --only sweep-heatmap --format svg >/dev/null 2>&1 ||
        return 1
    dec=$(cut -f3 "$TWO"/.plot-work-*/sweep-heatmap/num.dat)
    csv_awk -v d="$dec" 'val("indicator") == "final_leakage" {
            printf("<text>" "%." d "f" "</text>\n", 100 * val("mean")) }' \
        "$TWO/sweep-summary.csv" >"$TMP/want-cells"
    [ "$(wc -l <"$TMP/want-cells")" -eq 6 ] || return 1
    while read -r v; do grep -qF -- "$v" "$H" || return 1; done <"$TMP/want-cells"
}
check "heat map: each cell's label is its mean from sweep-summary.csv" cell_check
rm -rf "$TWO"/.plot-work-*

# A grid of three keys, the third given high to low: both charts hold it at
# its lowest value and say so, and the heat map's colour scale comes from
# the cells shown alone: centred on the median of their means, to the
# larger of the means' largest distance from it and twice their largest
# half 5-95 % range (by hand from sweep-summary.csv). Before the eighteenth
# session the note said "at their first value" and the scale took every
# point, the hidden ones too.
THREE=$TMP/three
check "sweep of three keys" sweep --vary model.sigma=3:6:3 \
    --vary enforcement.COALITION.base_hazard=0.005,0.04 --vary intermediaries.base_commission=0.15,0.05 \
    --replicates 3 --out "$THREE"
check "plot three keys" sh -c "SANCTSIM_PLOT_KEEP=1 ./sanctsim plot $THREE --format svg >/dev/null"
for chart in sweep-band sweep-heatmap; do
    check "three keys, $chart: the third held at its lowest value, and said so" \
        grep -q 'Other varied keys held at intermediaries.base_commission = 0.05' "$THREE/plots/$chart.svg"
done
want=$(csv_awk 'FNR > 1 && val("indicator") == "final_leakage" && val("intermediaries.base_commission") == 0.05 {
        m[++n] = 100 * val("mean"); h = 100 * (val("q95") - val("q05")); if (h > s) s = h }
    END { for (a = 2; a <= n; a++) for (b = a; b > 1 && m[b - 1] > m[b]; b--) { t = m[b]; m[b] = m[b - 1]; m[b - 1] = t }
          c = n % 2 ? m[(n + 1) / 2] : (m[n / 2] + m[n / 2 + 1]) / 2
          for (i = 1; i <= n; i++) { d = m[i] - c; if (d < 0) d = -d; if (d > s) s = d }
          if (n == 6) printf "%.6g %.6g\n", c, s; else print n " cells, not 6" }' "$THREE/sweep-summary.csv")
got=$(awk -F'\t' '{ printf "%.6g %.6g\n", $7, $8 }' "$THREE"/.plot-work-*/sweep-heatmap/num.dat)
check "three keys: the heat map's centre and range are the shown cells' ($got = $want)" \
    test "$got" = "$want"
# That range reaches below 0 (17.5 less 25.3), where no leakage lies: the
# colour scale is cut at 0 (num.dat's ninth and tenth fields), and its
# legend says so. Before, the colour bar ran to -7.8 %.
check "three keys: the hand's range reaches below 0" awk -v w="$want" \
    'BEGIN { split(w, a, " "); exit !(a[1] - a[2] < 0) }'
# The band's finding quotes the medians of the points drawn, the slice at
# base_commission 0.05, not the whole design's (before the thirty-sixth
# session it named a range that the chart did not draw).
got=$(grep -o '<text>[^<]*</text>' "$THREE/plots/sweep-band.svg" | sed 's/<[^>]*>//g' | tr '\n' ' ' |
    sed -n 's/.*median from \([0-9.]*\) % to \([0-9.]*\) % across the points drawn.*/\1 \2/p')
want=$(csv_awk 'FNR > 1 && val("indicator") == "final_leakage" && val("intermediaries.base_commission") == 0.05 {
        m = 100 * val("q50"); if (n++ == 0 || m < lo) lo = m; if (n == 1 || m > hi) hi = m }
    END { print lo, hi }' "$THREE/sweep-summary.csv")
check "three keys: the band's finding is the drawn medians' range ($got, by hand $want)" awk \
    -v g="$got" -v w="$want" 'BEGIN { split(g, a, " "); split(w, b, " "); if (a[1] == "") exit 1
        for (i = 1; i <= 2; i++) { d = a[i] - b[i]; if (d < 0) d = -d
            e = index(a[i], ".") ? length(a[i]) - index(a[i], ".") : 0
            if (d > 0.5 * 10 ^ -e + 1e-9) exit 1 }
        exit 0 }'
check "  so the colour scale is cut at 0" test \
    "$(cut -f 9,10 "$THREE"/.plot-work-*/sweep-heatmap/num.dat)" = "$(printf '1\t0')"
check "  and the legend says so" grep -q "; cut at 0</text>" "$THREE/plots/sweep-heatmap.svg"
# The legend is broken into lines that fit the narrowest canvas (a trial's
# ran off the PNG's right edge): two lines here, none over 120 characters.
legend=$(grep -o '<text>[^<]*</text>' "$THREE/plots/sweep-heatmap.svg" | sed 's/<[^>]*>//g' |
    awk '/^Colours centred/ { on = 1 } on { print length($0); if (/cut at 0$/) exit }' | tr '\n' ' ')
check "  in lines of at most 120 characters ($legend)" awk -v l="$legend" \
    'BEGIN { n = split(l, a, " "); for (i = 1; i <= n; i++) if (a[i] > 120) exit 1; exit n != 2 }'
rm -rf "$THREE"/.plot-work-*

# ---- scenario text reaches gnuplot only as data -----------------------------
WORLD=$(pwd)/scenarios/data/illustrative
EVIL='x"; system("touch pwned"); "'
sed -e "s|^world = .*|world = $WORLD|" $SC |
    NAME=$EVIL awk '/^name = / { print "name = " ENVIRON["NAME"]; next } { print }' >"$TMP/evil.ini"
check "sweep the injection scenario" ./sanctsim sweep "$TMP/evil.ini" $SHORT \
    --vary model.sigma=3,5 --vary sanction.restricted-exports.kind=ban,penalty \
    --set sanction.restricted-exports.penalty=0.3 --replicates 2 --out "$TMP/evil"
for fmt in svg png pdf; do
    check "plot the injection sweep --format $fmt" ./sanctsim plot "$TMP/evil" --format "$fmt"
done
check "no pwned file anywhere" \
    sh -c "! find '$TMP' . \"\$HOME\" -maxdepth 4 -name 'pwned*' 2>/dev/null | grep -q ."
check "the source line carries the name's characters" \
    grep -qF "scenario “$EVIL”" "$TMP/evil/plots/sweep-band.svg"
check "text values are placed by position, with their names" sh -c \
    "grep -q '<text>penalty</text>' '$TMP/evil/plots/sweep-heatmap.svg' && \
     grep -q '<text>ban</text>' '$TMP/evil/plots/sweep-heatmap.svg'"

# ---- usage and input errors -------------------------------------------------
expect_error "an indicator that does not exist" 2 \
    "sanctsim: --indicator leakage: $TWO/sweep-summary.csv has no such indicator: expected one of final_leakage, mean_leakage, target_price_index, lost_exports_usd_mn, commission_usd_mn, detections" \
    ./sanctsim plot "$TWO" --indicator leakage
expect_error "an indicator that the sweep does not have: the list names its own too, and the nearest" 2 \
    "sanctsim: --indicator kaz_2023: $OWN/sweep-summary.csv has no such indicator (did you mean kaz_2022?): expected one of final_leakage, mean_leakage, target_price_index, lost_exports_usd_mn, commission_usd_mn, detections, kaz_2022" \
    ./sanctsim plot "$OWN" --indicator kaz_2023
expect_error "--indicator without a value" 2 "option '--indicator' needs a value" \
    ./sanctsim plot "$TWO" --indicator
expect_error "a run chart on a sweep folder" 2 \
    "--only leakage: $TWO is a sweep folder, whose charts are sweep-band and sweep-heatmap" \
    ./sanctsim plot "$TWO" --only leakage
expect_error "an unknown chart" 2 "--only pie: no such chart" ./sanctsim plot "$TWO" --only pie
# A sweep whose every run failed: each chart is left out with a note, and
# plot says that it drew nothing, with status 2 as for a run folder (a
# review found a crash there in the fifteenth session, in a check meant
# for run folders; a trial of the thirty-first found status 0, which a
# script could not tell from charts drawn). A kind of sanction whose key
# no varied key gives: a key whose every value fails for itself is refused
# before any run.
./sanctsim sweep $SC --set scenario.start=2022-01 --set scenario.months=10 \
    --vary sanction.restricted-exports.kind=penalty --vary model.theta=3,4 \
    --out "$TMP/allfail" >/dev/null 2>&1
expect_error "plot of a sweep whose runs all failed" 2 \
    "no sweep-band chart: no run of the sweep gave a value of final_leakage" \
    ./sanctsim plot "$TMP/allfail"
cp "$TMP/err" "$TMP/allfail.err"
check "... says it drew no chart" grep -q "allfail: no chart to draw (each one's reason above)" \
    "$TMP/allfail.err"
check "... and leaves no empty plots folder" test ! -e "$TMP/allfail/plots"
./sanctsim sweep $SC --set scenario.start=2022-01 --set scenario.months=10 --replicates 2 \
    --out "$TMP/novary" >/dev/null 2>&1
expect_error "plot of a sweep that varies no key: status 2" 2 \
    "novary: no chart to draw" ./sanctsim plot "$TMP/novary"
expect_error "brief of a sweep folder says what it is (it said 'no scenario.ini' before the eighteenth session)" 2 \
    "$TWO: a sweep folder: brief, compare and plot --compare take run folders" ./sanctsim brief "$TWO"
expect_error "--compare on a sweep folder" 2 "--compare is for run folders, and $TWO is a sweep folder" \
    ./sanctsim plot "$TWO" --compare "$ONE"
expect_error "--month on a sweep folder" 2 "--month is for run folders" \
    ./sanctsim plot "$TWO" --month 2022-05
RUN=$TMP/run
check "a run" ./sanctsim run $SC --out "$RUN"
expect_error "--indicator on a run folder" 2 "--indicator is for sweep folders, and $RUN is not one" \
    ./sanctsim plot "$RUN" --indicator final_leakage
expect_error "a sweep chart on a run folder" 2 "--only sweep-band: a chart of a sweep folder, and $RUN is not one" \
    ./sanctsim plot "$RUN" --only sweep-band
expect_error "a sweep stopped midway (no summary yet)" 2 "a sweep folder without sweep-summary.csv: the sweep has not finished" \
    env SANCTSIM_SWEEP_STOP_AFTER=2 sh -c "./sanctsim sweep $SC $SHORT --vary model.sigma=3:6:4 --out '$TMP/part' >/dev/null 2>&1; ./sanctsim plot '$TMP/part'"
BAD=$TMP/bad
cp -r "$TWO" "$BAD" && rm -rf "$BAD/plots"
sed -i '3s/^\(\([^,]*,\)\{6\}\)[^,]*/\1lots/' "$BAD/sweep-summary.csv"
expect_error "a summary number that is not a number" 2 \
    "sanctsim: $BAD/sweep-summary.csv:3: 'lots' in column mean is not a number" \
    ./sanctsim plot "$BAD"
sed -i '1s/,q50,/,median,/' "$BAD/sweep-summary.csv"
expect_error "a summary without a column" 2 "sweep-summary.csv:1: has no column 'q50'" \
    ./sanctsim plot "$BAD"
rm "$BAD/sweep-scenario.ini"
expect_error "a sweep folder without its scenario" 2 "without sweep-scenario.ini" \
    ./sanctsim plot "$BAD"
mkdir "$TMP/nognuplot"
expect_error "plot a sweep without gnuplot" 1 "apt-get install gnuplot-nox" \
    env PATH="$TMP/nognuplot" ./sanctsim plot "$TWO"
cp -r plots "$TMP/badplots"
echo 'print "warning: a test warning"' >>"$TMP/badplots/sweep-heatmap.gp"
rm -f "$TWO/plots/sweep-heatmap.png"
expect_error "a gnuplot warning fails the chart" 1 "gnuplot, sweep-heatmap.gp: warning: a test warning" \
    env SANCTSIM_PLOTS="$TMP/badplots" ./sanctsim plot "$TWO"
check "and that chart is not kept" test ! -e "$TWO/plots/sweep-heatmap.png"

finish
