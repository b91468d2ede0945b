# The body of the charts of indexed lines by country, in one or two panels
# (recorded-exports.gp, target-exports.gp): the caller sets D, the chart's
# folder, after `reset`. See recorded-exports.gp for the files it reads.
load 'text.gp'
load 'colours.gp'
stats D.'num.dat' using (NI = int($1), HC = int($2), LO = $3, HI = $4, NM = int($5), 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

# Both panels share one y scale so that they compare at a glance. A wide
# range gets a log scale, on which doubling is the same step everywhere;
# zero values (a flow that stopped) then leave a gap.
if (HI > 500 || LO < 20) {
    set logscale y 2
    set yrange [(LO > 1 ? LO : 1) / 1.3:(HI > 100 ? HI : 100) * 1.5]
    set ytics (1, 3, 5, 10, 15, 25, 50, 100, 200, 400, 1000, 2500, 10000, 100000)
    set ylabel T[5] . " (log scale)"
} else {
    set yrange [0:(HI > 100 ? HI : 100) * 1.08]
    set ylabel T[5]
}
set arrow 1 from graph 0, first 100 to graph 1, first 100 nohead back lc rgb "#777777" dt 2 lw 1
# One key, right of the last panel: both panels use the same styles.
set key outside right top vertical Left reverse samplen 3 width 2
set origin PX, PY
set size PW, PH
panel_w = PW
if (HC) {
    # Two plots of one width under titles of as many lines ("This run:"
    # and the run's name, which sanctsim breaks to fit), so that they line
    # up: LM is the room left of each for its tics and label, and the key
    # takes the right quarter (names are cut at 28 characters).
    unset key
    TL = 2
    do for [q = 3:4] {
        n = 2
        do for [k = 1:strlen(T[q])] { if (T[q][k:k] eq "\n") { n = n + 1 } }
        TL = n > TL ? n : TL
    }
    set tmargin TL + 1
    LM = 0.07 * PW
    panel_w = (0.76 * PW - 2 * LM) / 2
    set lmargin at screen PX + LM
    set rmargin at screen PX + LM + panel_w
}
eval month_tics(panel_w)
set title (HC ? "This run:\n" . T[3] : "")
plot for [q = 1:NI] D.'data.dat' using 1:q + 1 with linespoints lt CS[q] lc rgb CC[q] \
    pi (NM > 36 ? 3 : 1) title T[5 + q]
if (HC) {
    unset label 90
    unset label 91
    unset label 94
    # The first panel's y label serves both (one scale): the gap between
    # the panels holds the second's tic labels and the first's last month.
    unset ylabel
    set lmargin at screen PX + 2 * LM + panel_w
    set rmargin at screen PX + 2 * LM + 2 * panel_w
    set key at screen PX + 2 * LM + 2 * panel_w + 0.005 * PW, graph 1 left top vertical Left \
        reverse samplen 3 width 2
    set title "Comparison run:\n" . T[4]
    plot for [q = 1:NI] D.'compare.dat' using 1:q + 1 with linespoints lt CS[q] lc rgb CC[q] \
        pi (NM > 36 ? 3 : 1) title T[5 + q]
}

if (!exists("brief")) { unset multiplot }
