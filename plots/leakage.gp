# Chart 2: leakage over time: rerouted trade as a share of the pre-sanction
# (baseline) value, with the sanction dates and dated changes marked.
#
# sanctsim writes, in leakage/:
#   data.dat    month, then leakage in % for each series (coalition, target,
#               sector, direction of summary.csv)
#   events.dat  in date order: month, the number of its label in T, kind (1 a sanction
#               starts, 2 a sanction is lifted, 3 a dated change)
#   num.dat     the number of series, of events, of months, the largest value
#   text.dat    T[1] title, T[2] source, T[3] y label, T[4], ... one per
#               series, then the event labels

reset
D = 'leakage/'
load 'text.gp'
stats D.'num.dat' using (NS = int($1), NE = int($2), NM = int($3), YMAX = $4, 0) nooutput
if (NE > 0) {
    array EM[NE]
    array EL[NE]
    array EK[NE]
    do for [k = 1:NE] {
        stats D.'events.dat' every ::(k - 1)::(k - 1) \
              using (EM[k] = strptime("%Y-%m", strcol(1)), EL[k] = int($2), EK[k] = int($3), 0) nooutput
    }
}
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
set ylabel T[3]
# No leakage at all still gets a scale (gnuplot warns on [0:0]).
if (YMAX > 0) { set yrange [0:*] } else { set yrange [0:10] }
set offsets 0, 0, graph 0.3, 0
# The key goes below, leaving the top to the labels of the dates.
set key outside below center horizontal Left reverse samplen 3
set bmargin 6
# Sanctions start on solid lines, end on dashed ones; changes are dotted.
# Each line's label sits at the top, beside it (on its left in the last
# third of the run), one row lower than the previous date's (five rows).
do for [k = 1:NE] {
    dash = EK[k] == 1 ? 1 : EK[k] == 2 ? 2 : 3
    set arrow k from EM[k], graph 0 to EM[k], graph 1 nohead back \
        lc rgb (EK[k] == 3 ? "#777777" : "#333333") lw 1.5 dt dash
    row = 0.97 - 0.05 * ((k - 1) % 5)
    if (EM[k] < FIRST + 0.67 * (LAST - FIRST)) {
        set label 100 + k T[EL[k]] at EM[k], graph row left offset 0.6, 0 \
            tc rgb "#333333" font sprintf(",%g", FS - 1) noenhanced
    } else {
        set label 100 + k T[EL[k]] at EM[k], graph row right offset -0.6, 0 \
            tc rgb "#333333" font sprintf(",%g", FS - 1) noenhanced
    }
}
plot for [q = 1:NS] D.'data.dat' using 1:q + 1 with linespoints lt q pi (NM > 36 ? 3 : 1) title T[3 + q]

if (!exists("brief")) { unset multiplot }
