# Compare chart 4: what the statistics show: the coalition's recorded
# exports of sanctioned goods to the intermediaries, % change from the
# baseline month (sanctsim compare). Small multiples: one panel per
# intermediary (the few whose exports differ most between the runs, chosen
# by sanctsim), all on one scale; in a panel the intermediary's colour
# (colours.gp) and one dash pattern per run, named on a strip above.
#
# sanctsim writes, in compare-recorded-exports/:
#   data.dat     month, then for each intermediary q the change of each run
#                r, in column 1 + (q - 1) * NR + r
#   colours.dat  the colour of each intermediary
#   num.dat      the number of intermediaries, of runs, of months, the
#                lowest and highest value (0 included)
#   text.dat     T[1] subtitle, T[2] source, T[3] y label, T[4], ... the
#                runs' labels (NR), then the intermediaries' names (NI),
#                T[NT] the finding

reset
D = 'compare-recorded-exports/'
load 'text.gp'
load 'colours.gp'
stats D.'num.dat' using (NI = int($1), NR = int($2), NM = int($3), LO = $4, HI = $5, 0) nooutput
MONTHLY = D.'data.dat'
load 'style.gp'

# The panels' grid below the runs' key strip: two columns from two
# intermediaries on. In the brief the page's panel title gives the unit and
# the panels are smaller: narrower margins.
B = exists("brief")
KX = PX; KW = PW; KT = 3; KSTYLE = 2
load 'keyheight.gp'
GH = PH - KH
NCOL = NI > 1 ? 2 : 1
NROW = (NI + NCOL - 1) / NCOL
YL = B ? 0.0 : 0.025
LM = B ? 0.032 : 0.05
TM = B ? 0.028 : 0.045
CW = (PW - YL) / NCOL
CH = GH / NROW
if (!B) {
    set label 92 T[3] at screen PX + 0.012, PY + GH / 2 center rotate by 90 front noenhanced
}
PAD = HI - LO > 0 ? 0.08 * (HI - LO) : 1
set yrange [LO - PAD:HI + PAD]
set format y "%+g"
# About three y tics in the brief's small panels, five in a chart of its
# own: a step of 1, 2 or 5 times a power of ten.
YSTEP(raw) = (m_ = 10 ** floor(log10(raw)), raw / m_ <= 1 ? m_ : raw / m_ <= 2 ? 2 * m_ : raw / m_ <= 5 ? 5 * m_ : 10 * m_)
set ytics YSTEP((HI - LO + 2 * PAD) / (B ? 3 : 5))
unset ylabel
unset xlabel
unset key
STEP = month_step(CW)
# Room below a panel for its month labels: one line for years, two for
# months and years.
BM = (STEP >= 11 * MONTH ? 1 : 2) * (B ? 0.022 : 0.032) + 0.008
eval month_tics(CW)
set format x (STEP >= 11 * MONTH ? "%Y" : "%b\n%Y")
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead back lc rgb "#555555" lw 1.2
do for [q = 1:NI] {
    c = (q - 1) % NCOL
    k = (q - 1) / NCOL
    X0 = PX + YL + c * CW
    Y0 = PY + (NROW - 1 - k) * CH
    set lmargin at screen X0 + LM
    set rmargin at screen X0 + CW - 0.02
    set bmargin at screen Y0 + BM
    set tmargin at screen Y0 + CH - TM
    # Tic labels only at the outer edges: the panels share both axes.
    set format y (c == 0 ? "%+g" : "")
    if (q + NCOL <= NI) { set format x "" }
    set label 95 T[3 + NR + q] at screen X0 + LM, Y0 + CH - TM / 2 left front noenhanced
    plot for [r = 1:NR] D.'data.dat' using 1:(column(1 + (q - 1) * NR + r)) \
        with lines lt r lc rgb CC[q] lw (r == 1 ? 2.2 : 1.6) notitle
    unset label 90; unset label 91; unset label 92; unset label 94
    set format x (STEP >= 11 * MONTH ? "%Y" : "%b\n%Y")
}
unset label 95
KY = PY + GH
load 'keystrip.gp'

if (!exists("brief")) { unset multiplot }
