# The chart of a calibration folder: how far the fitted scenario is from
# each target, one horizontal bar per target (a monthly series is one),
# log(model / observed): right of 0 the model is too high, left too low.
#
# sanctsim writes, in fit/:
#   data.dat  one row per target, in the order of the targets file: its
#             position (from 0), its mean log error, the number of its label
#             in T
#   num.dat   the number of targets, the largest absolute log error
#   text.dat  T[1] title, T[2] source, T[3] x label, then the targets'
#             labels

reset
D = 'fit/'
load 'text.gp'
stats D.'num.dat' using (NF = int($1), EMAX = $2, 0) nooutput
load 'style.gp'

set origin PX, PY
set size PW, PH
set lmargin at screen PX + PW * 0.52
set xdata
set format x "%g"
set xlabel T[3]
set ylabel ""
X = EMAX > 0 ? EMAX * 1.1 : 1
set xrange [-X:X]
set yrange [NF - 0.4:-0.6]
set ytics () scale 0 nomirror
do for [q = 1:NF] { set ytics add (T[3 + q] q - 1) }
set grid xtics noytics lc rgb "#DDDDDD"
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "#444444" lw 1.5 front
set style fill solid 0.9 border lc rgb "#333333"
# Too high: orange; too low: blue (Okabe-Ito, told apart by colour-blind readers).
plot D.'data.dat' using ($2 / 2):1:(abs($2) / 2):(0.35):($2 > 0 ? 2 : 1) \
     with boxxyerror lc variable notitle

if (!exists("brief")) { unset multiplot }
