# Chart 5: the target's import price index by sector (baseline month = 100).
#
# sanctsim writes, in import-prices/:
#   data.dat  month, then the index for each sector (and target)
#   num.dat   the number of series, the number of months, the lowest and
#             highest index
#   text.dat  T[1] title, T[2] source, T[3] y label, T[4], ... one per series

reset
D = 'import-prices/'
load 'text.gp'
stats D.'num.dat' using (NS = int($1), NM = int($2), LO = $3, HI = $4, 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
set ylabel T[3]
# Prices that never move still get a scale (gnuplot warns on an empty range).
if (HI - LO < 0.01) { set yrange [LO - 1:HI + 1] }
set arrow 1 from graph 0, first 100 to graph 1, first 100 nohead back lc rgb "#777777" dt 2 lw 1
set key outside right top vertical Left reverse samplen 3 width 2
plot for [q = 1:NS] D.'data.dat' using 1:q + 1 with linespoints lt q pi (NM > 36 ? 3 : 1) title T[3 + q]

if (!exists("brief")) { unset multiplot }
