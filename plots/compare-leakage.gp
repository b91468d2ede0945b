# Compare chart 1: leakage over time, one line per run (sanctsim compare).
#
# sanctsim writes, in compare-leakage/:
#   data.dat  month, then the leakage in % of each run
#   num.dat   the number of runs, of months, the largest value
#   text.dat  T[1] subtitle, T[2] source, T[3] y label, T[4], ... the runs'
#             labels, T[NT] the finding (the title)

reset
D = 'compare-leakage/'
load 'text.gp'
stats D.'num.dat' using (NR = int($1), NM = int($2), YMAX = $3, 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
# In the brief the page's panel title gives the unit, the months need no
# axis title, and the runs' key is a row above the graph: the graph gets
# the panel's width.
if (exists("brief")) { unset ylabel; unset xlabel; set rmargin 4 } else { set ylabel T[3] }
if (YMAX > 0) { set yrange [0:*] } else { set yrange [0:10] }
set offsets 0, 0, graph 0.08, 0
if (exists("brief")) {
    set key outside top left horizontal Left reverse samplen 4 width 2
} else {
    set key outside right top vertical Left reverse samplen 4 width 2
}
# Runs: the run palette (RUNC in style.gp) and their own dash patterns.
plot for [r = 1:NR] D.'data.dat' using 1:r + 1 with linespoints lt r lc rgb RUNC[(r - 1) % 8 + 1] \
    pi (NM > 36 ? 4 : 1) title T[3 + r]

if (!exists("brief")) { unset multiplot }
