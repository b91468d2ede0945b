# Chart 6: heat map of the change in recorded bilateral exports (all
# sectors) at one month against the baseline month: rows are exporters,
# columns importers.
#
# sanctsim writes, in flow-change/:
#   data.dat  importer (x, from 0), exporter (y), change in %, and what the
#             cell's label shows: 0 nothing, 1 the change, 2 "new" (a flow
#             that was zero at the baseline); one block per exporter
#   num.dat   the number of countries, 1 when cells carry labels
#   text.dat  T[1] title, T[2] source, T[3] x label, T[4] y label,
#             T[5] colour bar label, T[6], ... the country codes

reset
D = 'flow-change/'
load 'text.gp'
stats D.'num.dat' using (N = int($1), LBL = int($2), 0) nooutput
undefine MONTHLY
load 'style.gp'

set xdata
set format x "%g"
set origin PX, PY
set size PW, PH
set size ratio -1
unset grid
set border 15 lc rgb "#444444"
set xrange [-0.5:N - 0.5]
set yrange [N - 0.5:-0.5]
tick_font = sprintf(",%g", N > 20 ? FS - 4 : FS)
set xtics () scale 0 font tick_font
set ytics () scale 0 font tick_font
do for [i = 1:N] {
    set xtics add (T[5 + i] i - 1)
    set ytics add (T[5 + i] i - 1)
}
if (N > 12) { set xtics rotate by 90 right }
set xlabel T[3]
set ylabel T[4]
set cblabel T[5]
# Blue for less, white for no change, vermillion for more (Okabe-Ito ends,
# a diverging scale that colour-blind readers see); the cell labels carry
# the sign and size for greyscale print. Empty cells: no flow at the baseline.
set palette defined (-100 "#0072B2", 0 "#FFFFFF", 100 "#D55E00")
set cbrange [-100:100]
set cbtics 50
set colorbox vertical
# Empty (grey) cells: no recorded flow at the baseline, or a country's own.
set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fc rgb "#D9D9D9" fs solid 1.0 noborder
if (LBL) {
    plot D.'data.dat' using 1:2:3 with image notitle, \
         '' using 1:2:($4 == 1 ? sprintf("%+.0f", $3) : $4 == 2 ? "new" : "") with labels \
            font sprintf(",%g", FS - 1) notitle
} else {
    plot D.'data.dat' using 1:2:3 with image notitle
}

if (!exists("brief")) { unset multiplot }
