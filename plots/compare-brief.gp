# The one-page comparison brief of sanctsim compare (A4 landscape): the
# runs' key numbers and their differences from the first run at the top,
# the four comparison charts below, one source line.
#
# sanctsim writes, in compare-brief/:
#   text.dat  T[1] the heading, T[2] source, T[3] what the numbers are,
#             T[4], ... one line per run, then one per run after the first
#             with its difference from the first, then the notes, then
#             the title of chart 4 (recorded exports or imports)
#   num.dat   the number of runs, then 1 or 0 for each of the four charts
#             (0: it had nothing to show and is left out), then the number
#             of notes (runs whose leakage is a share of other trade)
# and the data of the four charts in their own folders.

brief = 1
# PAGE_CHARS: how many characters of the base font a line across the page
# holds, with a margin for wide letters (a page of five lines of key numbers
# filled 60 % of the PDF's width and 81 % of the PNG's at 160).
if (fmt eq "pdf") {
    PAGE_CHARS = 230
    FS = 9
    set terminal pdfcairo size 11.69in,8.27in font "sans,9" noenhanced linewidth 0.7 pointscale 0.7
} else {
    PAGE_CHARS = 180
    FS = 13
    set terminal pngcairo size 1754,1240 font "sans,13" noenhanced
}
set output "brief." . fmt
set multiplot

D = 'compare-brief/'
load 'text.gp'
stats D.'num.dat' using (NR = int($1), H1 = int($2), H2 = int($3), H3 = int($4), H4 = int($5), \
                         NN = int($6), 0) nooutput
# The header: the heading, what the numbers are, a line per run, one per
# run after the first, and the notes. Its lines are 0.022 of the page apart; more than five
# are 0.016 apart in a font smaller in proportion. The charts start right
# below its last line: no band is left empty.
LINES = 2 * NR - 1 + NN
# Kept here: each chart's script loads its own T.
TITLE4 = T[4 + LINES]
STEP = LINES > 5 ? 0.016 : 0.022
LFS = FS * STEP / 0.022
# A line longer than the page holds at this font (PAGE_CHARS at the base
# font; long run labels) makes the font smaller still.
LONGEST = 0
do for [k = 1:LINES] { LONGEST = strlen(T[3 + k]) > LONGEST ? strlen(T[3 + k]) : LONGEST }
if (LONGEST > PAGE_CHARS * FS / LFS) { LFS = PAGE_CHARS * FS / LONGEST }
unset border
unset tics
unset key
set xrange [0:1]
set yrange [0:1]
# The heading and the source line get a smaller font when they are longer
# than the page holds (many runs with long labels), and are cut past 0.6
# of it (fitline.gp).
FIT_TEXT = T[1]
FIT_CHARS = PAGE_CHARS * FS / (FS + 7)
load 'fitline.gp'
set label 1 FIT_OUT at screen 0.015, 0.972 left font sprintf(",%g", (FS + 7) * FIT_SCALE) noenhanced
set label 2 T[3] at screen 0.015, 0.935 left font sprintf(",%g", FS + 1) tc rgb "#0072B2" noenhanced
do for [k = 1:LINES] {
    set label 2 + k T[3 + k] at screen 0.025, 0.91 - (k - 1) * STEP left \
        font sprintf(",%g", k > NR ? LFS : LFS + 1) tc rgb (k > NR ? "#333333" : "#000000") noenhanced
}
FIT_TEXT = T[2]
FIT_CHARS = PAGE_CHARS
load 'fitline.gp'
set label 99 FIT_OUT at screen 0.015, 0.012 left font sprintf(",%g", FS * FIT_SCALE) tc rgb "#555555" noenhanced
HB = 0.91 - (LINES - 1) * STEP - 0.018
set origin 0, HB
set size 1, 1 - HB
plot -1 notitle

# The four charts in two rows between the header and the source line, each
# with its title in brief_gap above it (style.gp); the titles carry the
# units, so the charts draw no axis titles.
brief_gap = 0.035
RW = 0.5
RH = (HB - 0.03) / 2
if (H1) {
    RX = 0.0; RY = 0.03 + RH
    brief_title = "1. Leakage: rerouted trade, % of its pre-sanction value"
    load 'compare-leakage.gp'
}
if (H3) {
    RX = 0.5; RY = 0.03 + RH
    brief_title = "2. Transit (all trade) and commission income by intermediary, USD bn over the run"
    load 'compare-intermediaries.gp'
}
if (H2) {
    RX = 0.0; RY = 0.03
    brief_title = "3. The targets' import prices, % change from the baseline"
    load 'compare-import-prices.gp'
}
if (H4) {
    RX = 0.5; RY = 0.03
    brief_title = TITLE4
    load 'compare-recorded-exports.gp'
}
unset multiplot
