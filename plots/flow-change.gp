# Chart 6: the largest changes in recorded exports between two countries
# (all sectors), a month against the baseline month: one horizontal bar per
# link, largest at the top; vermillion for more, blue for less (Okabe-Ito),
# each labelled with its change in % ("new" for a flow that was zero).
#
# sanctsim writes, in flow-change/:
#   data.dat  rank (from 0), the change in USD million a month, the change
#             in % (NaN: no flow at the baseline)
#   num.dat   the number of bars, the unit (1: USD million, 1000: USD bn),
#             the largest change in USD million
#   text.dat  T[1] subtitle, T[2] source, T[3] x label, T[4], ... the bars'
#             labels ("DEU → RUS"), T[NT] the finding (title)

reset
D = 'flow-change/'
load 'text.gp'
stats D.'num.dat' using (NB = int($1), UNIT = $2, MOST = $3, 0) nooutput
undefine MONTHLY
load 'style.gp'

set xdata
set format x "%+g"
set origin PX, PY
set size PW, PH
unset grid
set grid xtics lc rgb "#DDDDDD"
set border 1 lc rgb "#444444"
set ytics () scale 0
do for [q = 1:NB] { set ytics add (T[3 + q] q - 1) }
set yrange [NB - 0.4:-0.6]
W = MOST / UNIT > 0 ? MOST / UNIT : 1
set xrange [-1.25 * W:1.25 * W]
set xlabel T[3]
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead front lc rgb "#333333" lw 1.2
set style fill solid 1.0 noborder
LBL(x, p) = p == p ? sprintf("%+.0f %%", p) : "new"
plot D.'data.dat' using (($2 / UNIT) / 2):1:(abs($2 / UNIT) / 2):(0.35):($2 >= 0 ? 0xD55E00 : 0x0072B2) \
        with boxxyerror lc rgb variable notitle, \
     '' using ($2 / UNIT):1:($2 >= 0 ? LBL($2, $3) : "") with labels \
        offset character 0.5, 0 left font sprintf(",%g", FS - 1) notitle, \
     '' using ($2 / UNIT):1:($2 < 0 ? LBL($2, $3) : "") with labels \
        offset character -0.5, 0 right font sprintf(",%g", FS - 1) notitle

if (!exists("brief")) { unset multiplot }
