# Compare chart 2: the targets' import prices, % change from the baseline
# month, one line per run (sanctsim compare). Zero is always in view.
#
# sanctsim writes, in compare-import-prices/:
#   data.dat  month, then the change in % of each run
#   num.dat   the number of runs, of months, the lowest and highest value
#             (0 included)
#   text.dat  T[1] subtitle, T[2] source, T[3] y label, T[4], ... the runs'
#             labels, T[NT] the finding (the title)

reset
D = 'compare-import-prices/'
load 'text.gp'
stats D.'num.dat' using (NR = int($1), NM = int($2), LO = $3, HI = $4, 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
# In the brief the page's panel title gives the unit, the months need no
# axis title, and the runs' key is a row above the graph: the graph gets
# the panel's width.
if (exists("brief")) { unset ylabel; unset xlabel; set rmargin 4 } else { set ylabel T[3] }
PAD = HI - LO > 0 ? 0.08 * (HI - LO) : 1
set yrange [LO - PAD:HI + PAD]
set format y "%+g"
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead back lc rgb "#555555" lw 1.2
if (exists("brief")) {
    set key outside top left horizontal Left reverse samplen 4 width 2
} else {
    set key outside right top vertical Left reverse samplen 4 width 2
}
plot for [r = 1:NR] D.'data.dat' using 1:r + 1 with linespoints lt r lc rgb RUNC[(r - 1) % 8 + 1] \
    pi (NM > 36 ? 4 : 1) title T[3 + r]

if (!exists("brief")) { unset multiplot }
