# Chart 9: who pays for the sanctions: the change in real income of the
# target, the coalition as a whole, its largest members and the candidate
# intermediaries, one horizontal bar each, in % against the comparison run
# (the twin) or the baseline month, each in its country's colour.
#
# sanctsim writes, in real-income/:
#   bars.dat     rank (from 0), the change in %
#   colours.dat  each bar's colour (colours.gp; the coalition grey)
#   num.dat      the number of bars, the largest change in absolute value
#   text.dat     T[1] subtitle, T[2] source, T[3] x label, T[4], ... the
#                bars' labels, T[NT] the finding (title)

reset
D = 'real-income/'
load 'text.gp'
load 'colours.gp'
stats D.'num.dat' using (NB = int($1), MOST = $2, 0) nooutput
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
W = MOST > 0 ? MOST : 1
set xrange [-1.3 * W:1.3 * W]
set xlabel T[3]
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead front lc rgb "#333333" lw 1.2
set style fill solid 1.0 noborder
# A change that rounds to 0.00 is labelled 0.00, without a sign, on the right
# (+0.00 read as a gain, and -0.00 as a loss: a trial; as the title's
# figures, src/charts_target.c).
ROUNDS0(v) = abs(v) < 0.005
plot D.'bars.dat' using ($2 / 2):1:(abs($2) / 2):(0.35):(CC[int($1) + 1]) \
        with boxxyerror lc rgb variable notitle, \
     '' using 2:1:(ROUNDS0($2) ? "0.00 %" : $2 >= 0 ? sprintf("%+.2f %%", $2) : "") \
        with labels offset character 0.5, 0 left font sprintf(",%g", FS - 1) notitle, \
     '' using 2:1:($2 < 0 && !ROUNDS0($2) ? sprintf("%+.2f %%", $2) : "") with labels \
        offset character -0.5, 0 right font sprintf(",%g", FS - 1) notitle

if (!exists("brief")) { unset multiplot }
