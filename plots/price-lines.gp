# The body of the target's price charts by sector (import-prices.gp,
# export-prices.gp): the caller sets D, the chart's folder, after `reset`.
# See import-prices.gp for the files it reads.
load 'text.gp'
stats D.'num.dat' using (NS = int($1), NM = int($2), LO = $3, HI = $4, 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
set ylabel T[3]
# The range always holds 0; prices that never move still get a scale.
CLO = LO - 100 < 0 ? LO - 100 : 0
CHI = HI - 100 > 0 ? HI - 100 : 0
PAD = CHI - CLO > 0.01 ? 0.08 * (CHI - CLO) : 1
set yrange [CLO - PAD:CHI + PAD]
set format y "%+g"
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead back lc rgb "#555555" lw 1.2
set key outside right top vertical Left reverse samplen 3 width 2
plot for [q = 1:NS] D.'data.dat' using 1:(column(q + 1) - 100) with linespoints lt q \
    pi (NM > 36 ? 3 : 1) title T[3 + q]

if (!exists("brief")) { unset multiplot }
