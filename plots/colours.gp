# Reads a chart's country colours: D.'colours.dat', one row per series,
# the colour as a number (0xRRGGBB) and the line style (1 to 8: the dash
# pattern and point shape of that linetype in style.gp). sanctsim takes
# them from its palette keyed by ISO3 code (src/palette.c), so a country
# has the same colour in every chart of every run.
#
# Input: D. Output: NC, and the arrays CC (colours) and CS (styles).

stats D.'colours.dat' using 1 nooutput
NC = STATS_records
array CC[NC > 0 ? NC : 1]
array CS[NC > 0 ? NC : 1]
do for [k = 1:NC] {
    stats D.'colours.dat' every ::(k - 1)::(k - 1) using (CC[k] = int($1), CS[k] = int($2), 0) nooutput
}
