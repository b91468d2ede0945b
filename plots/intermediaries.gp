# Chart 3: the intermediaries: commission revenue over the run (bars,
# ranked) and the commission rate they charge each month.
#
# sanctsim writes, in intermediaries/:
#   bars.dat  rank (from 0), revenue in USD million over the run
#   rate.dat  month, then the commission rate in % for each intermediary,
#             in the order of the ranking
#   num.dat   the number of intermediaries, the number of months, the
#             largest revenue and the largest rate, the unit of revenue
#             (1: USD million, 1000: USD bn)
#   colours.dat  each intermediary's colour (colours.gp), ranked
#   text.dat  T[1] title, T[2] source, T[3] bar panel title, T[4] its y
#             label, T[5] rate panel title, T[6] its y label, T[7], ...
#             the intermediaries' names in the order of the ranking,
#             T[NT] the finding (title)

reset
D = 'intermediaries/'
load 'text.gp'
load 'colours.gp'
stats D.'num.dat' using (NI = int($1), NM = int($2), RMAX = $3, CMAX = $4, UNIT = $5, 0) nooutput
MONTHLY = D.'rate.dat'
load 'style.gp'

# Left: revenue, largest first, each bar in its intermediary's colour.
set origin PX, PY
set size PW * 0.42, PH
set xdata
set xlabel ""
set format x "%g"
set xtics () scale 0 nomirror
do for [q = 1:NI] { set xtics add (T[6 + q] q - 1) }
if (NI > 6 || crowded(6, NI, 9)) { set xtics rotate by 45 right }
set xrange [-0.6:NI - 0.4]
# All-zero data get [0:1] (gnuplot warns on [0:0]).
if (RMAX > 0) { set yrange [0:*] } else { set yrange [0:1] }
set offsets 0, 0, graph 0.1, 0
set title T[3]
set ylabel T[4]
set boxwidth 0.7
set style fill solid 1.0 border lc rgb "#333333"
value_format = RMAX / UNIT >= 100 ? "%.0f" : RMAX / UNIT >= 10 ? "%.1f" : "%.2f"
plot D.'bars.dat' using 1:($2 / UNIT):(CC[int($1) + 1]) with boxes lc rgb variable notitle, \
     '' using 1:($2 / UNIT):(sprintf(value_format, $2 / UNIT)) with labels offset 0, 0.8 \
        font sprintf(",%g", NI > 5 ? FS - 2 : FS) notitle
unset label 90
unset label 91
unset label 94

# Right: the rate over time, same colours and order.
set origin PX + PW * 0.42, PY
set size PW * 0.58, PH
set xdata time
set format x "%b\n%Y"
eval month_tics(PW * 0.58)
set xtics norotate scale default
set xrange [*:*]
set xlabel "Month"
if (CMAX > 0) { set yrange [0:*] } else { set yrange [0:1] }
set offsets 0, 0, graph 0.25, 0
set title T[5]
set ylabel T[6]
set key outside right top vertical Left reverse samplen 3 width 2
plot for [q = 1:NI] D.'rate.dat' using 1:q + 1 with linespoints lt CS[q] lc rgb CC[q] \
    pi (NM > 36 ? 3 : 1) title T[6 + q]

if (!exists("brief")) { unset multiplot }
