# Chart 2: leakage over time: rerouted trade as a share of its pre-sanction
# (baseline) value, one line per coalition, target and direction (sectors
# summed), with the dates of the sanctions, of the other dated levers
# ([links] tables, blocs, corridors, payment networks) and of dated changes
# marked by numbered vertical lines, listed beside the chart.
#
# sanctsim writes, in leakage/:
#   data.dat    month, then leakage in % for each series
#   events.dat  in date order: month, the number of its text in T, kind (1 a
#               sanction or lever starts, 2 one is lifted or ended, 3 a dated
#               change), and the
#               number shown on its line (one per month with dates)
#   num.dat     the number of series, of events, of months, the largest value
#   text.dat    T[1] title, T[2] source, T[3] y label, T[4], ... one per
#               series, then "Dates marked", then one per event

reset
D = 'leakage/'
load 'text.gp'
stats D.'num.dat' using (NS = int($1), NE = int($2), NM = int($3), YMAX = $4, 0) nooutput
if (NE > 0) {
    array EM[NE]
    array EL[NE]
    array EK[NE]
    array EG[NE]
    do for [k = 1:NE] {
        stats D.'events.dat' every ::(k - 1)::(k - 1) using (EM[k] = strptime("%Y-%m", strcol(1)), \
              EL[k] = int($2), EK[k] = int($3), EG[k] = int($4), 0) nooutput
    }
}
MONTHLY = D.'data.dat'
load 'style.gp'

set origin PX, PY
set size PW, PH
# The right quarter holds the key and the list of dates.
KX = RX + (exists("brief") ? 0.55 : 0.68) * RW
set rmargin at screen KX
set ylabel T[3]
# No leakage at all still gets a scale (gnuplot warns on [0:0]).
if (YMAX > 0) { set yrange [0:*] } else { set yrange [0:10] }
set offsets 0, 0, graph 0.08, 0
# The key and the list start clear of the last month's label ("Jan 2025"
# ran into the list in the brief).
KX = KX + 0.035 * RW
KY = PY + PH - 0.06
set key at screen KX, KY left top vertical Left reverse samplen 3 spacing 1.2
# Sanctions and levers start on solid lines, end on dashed ones; changes
# are dotted.
# Each month's lines carry its number in the list, centred above them. Two
# months closer than NM / 30 (1 month in 48; NM / 15 in the brief, whose
# panel is half as wide) would read as one number ("1" and "2" as "12"):
# the first then stands left of its line, the second
# right of its own; in a longer run of close months every other number
# goes a line higher (side 2), and the graph's top comes down a line to
# make room for it.
if (NE > 0) {
    dates = T[4 + NS]
    LF = sprintf(",%g", FS - 1)
    PM = 0
    side = 0
    do for [k = 1:NE] {
        dash = EK[k] == 1 ? 1 : EK[k] == 2 ? 2 : 3
        set arrow k from EM[k], graph 0 to EM[k], graph 1 nohead back \
            lc rgb (EK[k] == 3 ? "#777777" : "#333333") lw 1.5 dt dash
        if (k == 1 || EG[k] != EG[k - 1]) {
            close = k > 1 && (EM[k] - PM) * (exists("brief") ? 15 : 30) < NM * 30.44 * 86400
            if (close && side == 0) {
                set label 100 + EG[k] - 1 sprintf("%d", EG[k] - 1) at PM, graph 1 right \
                    offset -0.2, 0.8 tc rgb "#333333" font LF
            }
            if (close && side == 1) {
                set label 100 + EG[k] sprintf("%d", EG[k]) at EM[k], graph 1 center \
                    offset 0, 1.8 tc rgb "#333333" font LF
                set tmargin 3.5
            } else { if (close) {
                set label 100 + EG[k] sprintf("%d", EG[k]) at EM[k], graph 1 left \
                    offset 0.2, 0.8 tc rgb "#333333" font LF
            } else {
                set label 100 + EG[k] sprintf("%d", EG[k]) at EM[k], graph 1 center \
                    offset 0, 0.8 tc rgb "#333333" font LF
            } }
            side = !close ? 0 : side == 1 ? 2 : 1
            PM = EM[k]
        }
        # The list holds what fits below the key (the lines are all drawn).
        LMAX = exists("brief") ? 16 : 28
        if (k <= LMAX) { dates = dates . "\n" . sprintf("%d   ", EG[k]) . T[EL[k]] }
        if (k == LMAX + 1) { dates = dates . "\n" . sprintf("... and %d more", NE - LMAX) }
    }
    set label 99 dates at screen KX, KY left front offset 0.5, -(NS * 1.2 + 1.8) \
        tc rgb "#333333" font sprintf(",%g", exists("brief") && fmt ne "pdf" ? FS - 3 : FS - 2) noenhanced
}
plot for [q = 1:NS] D.'data.dat' using 1:q + 1 with linespoints lt q pi (NM > 36 ? 3 : 1) title T[3 + q]

if (!exists("brief")) { unset multiplot }
