# Chart 1: sanctioned trade to the target over time, direct and rerouted,
# stacked by intermediary (USD million per month).
#
# sanctsim writes, in sanctioned-trade/:
#   data.dat  month, then cumulative values: direct, direct + the first
#             intermediary, ... (intermediaries ranked by what they carry)
#   num.dat   the number of intermediaries, the number of months, the
#             largest total, the unit (1: USD million, 1000: USD bn)
#   colours.dat  each intermediary's colour (colours.gp)
#   text.dat  T[1] subtitle, T[2] source, T[3] y label, T[4] "Direct",
#             T[5], ... one per intermediary, T[NT] the finding (title)

reset
D = 'sanctioned-trade/'
load 'text.gp'
load 'colours.gp'
stats D.'num.dat' using (NV = int($1), NM = int($2), YMAX = $3, UNIT = $4, 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
# In the brief's shorter panel, a label longer than 40 characters puts
# the goods on a second line, so that it does not run into the heading.
BR = strlen(T[3]) > 40 ? strstrt(T[3], " (") : 0
set ylabel ((exists("brief") && BR > 0) ? T[3][1:BR - 1]."\n".T[3][BR + 1:] : T[3])
# A range of [0:0] would make gnuplot warn; all-zero data get [0:1].
if (YMAX > 0) { set yrange [0:*] } else { set yrange [0:1] }
set key outside right top vertical Left reverse samplen 2 width 2
# One stacked bar a month: each layer is drawn from zero up to its
# cumulative value, top layer first. Direct trade is grey, at the bottom.
DAY = 86400
set boxwidth 24 * DAY absolute
set xrange [FIRST - 20 * DAY:LAST + 20 * DAY]
set style fill solid 1.0 noborder
# Each intermediary in its own colour, the same in every chart.
plot for [c = NV + 2:2:-1] D.'data.dat' using 1:(column(c) / UNIT) with boxes \
     lc rgb (c == 2 ? 0x8C8C8C : CC[c - 2]) title T[c + 2]

if (!exists("brief")) { unset multiplot }
