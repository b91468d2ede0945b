# Sweep chart 1: a headline indicator of a sweep against a varied key: the
# median over the replicates (line), their mean (points) and the 5 to 95 %
# range (shaded band), from sweep-summary.csv.
#
# MODE 1, a grid: the first varied key on x; one line and band per value of
# the second key (NS series; none when only one key varies), any further
# keys at their first value. Keys whose values are text are placed by
# position and drawn as markers with bars instead of a band.
# MODE 2, a sampled design (Latin hypercube, Sobol): one panel per key (NP
# of them); every point is a marker (median) with bars (5 to 95 %) and its
# mean, at its value of that key: the other keys differ between points.
#
# sanctsim writes, in sweep-band/:
#   data.dat  MODE 1: one block per series (two blank lines apart), rows
#             x, mean, q05, q50, q95, sorted by x
#             MODE 2: one row per point: its x on each panel, then mean,
#             q05, q50, q95
#   axes.dat  one row per panel's x axis: the number of text values placed
#             by position (0: a numeric axis), the lowest and highest x
#   tics.dat  the labels of text axes: panel, position, number of its text
#   num.dat   MODE, NS, NP, the number of rows in tics.dat, the lowest and
#             highest value drawn, ONE: 1 when each point ran once (its
#             median, mean and range are its one value: a marker alone)
#   text.dat  T[1] title, T[2] source, T[3] y label, T[4] a note (may be
#             empty), T[5] the series key's name (or empty), T[6], ... the
#             panels' x labels (NP), then the series' values (NS), then the
#             tic labels

reset
D = 'sweep-band/'
load 'text.gp'
stats D.'num.dat' using (MODE = int($1), NS = int($2), NP = int($3), NTIC = int($4), \
      YLO = $5, YHI = $6, ONE = int($7), 0) nooutput
array XC[NP]
array XLO[NP]
array XHI[NP]
do for [k = 1:NP] {
    stats D.'axes.dat' every ::(k - 1)::(k - 1) using (XC[k] = int($1), XLO[k] = $2, \
          XHI[k] = $3, 0) nooutput
}
if (NTIC > 0) {
    array TA[NTIC]
    array TP[NTIC]
    array TL[NTIC]
    do for [i = 1:NTIC] {
        stats D.'tics.dat' every ::(i - 1)::(i - 1) using (TA[i] = int($1), TP[i] = $2, \
              TL[i] = int($3), 0) nooutput
    }
}
undefine MONTHLY
load 'style.gp'

set xdata
set format x "%g"
set format y "%g"
set ylabel T[3]
# A value that does not vary still gets a scale (gnuplot warns on an empty
# range); otherwise 5 % of room above and below.
YPAD = YHI - YLO > 0 ? 0.05 * (YHI - YLO) : (abs(YHI) > 0 ? 0.1 * abs(YHI) : 1)
# A share's axis starts at 0 (sanctsim writes YLO = 0 for it).
set yrange [YLO == 0 ? 0 : YLO - YPAD:YHI + YPAD]
if (strlen(T[4]) > 0) {
    set label 92 T[4] at screen RX + 0.01 * RW, PY + PH - 0.005 left front \
        tc rgb "#333333" noenhanced
    PH = PH - 0.05
}
SL = 5 + NP
BAND = "5 to 95 % of replicates"

# x axis K: numbers with some room at the ends and about NXT tics, or
# values placed by position with their labels.
nice(x) = (m_ = 10**floor(log10(x)), f_ = x / m_, (f_ < 1.5 ? 1 : f_ < 3 ? 2 : f_ < 7 ? 5 : 10) * m_)
set_xaxis = 'XPAD = XHI[K] - XLO[K] > 0 ? 0.03 * (XHI[K] - XLO[K]) : (abs(XHI[K]) > 0 ? 0.1 * abs(XHI[K]) : 1); \
    if (XC[K] > 0) { set xrange [-0.5:XC[K] - 0.5]; set xtics () scale 0; \
        do for [i = 1:NTIC] { if (TA[i] == K) { set xtics add (T[TL[i]] TP[i]) } } } \
    else { set xrange [XLO[K] - XPAD:XHI[K] + XPAD]; \
        set xtics scale default nice((XHI[K] - XLO[K] + 2 * XPAD) / NXT) }; \
    set xlabel T[5 + K]'

# The right column holds the key.
KX = RX + 0.74 * RW
if (MODE == 1) {
    K = 1
    NXT = 8
    set origin PX, PY
    set size PW, PH
    set rmargin at screen KX
    @set_xaxis
    set key at screen KX + 0.015, PY + PH - 0.02 left top vertical Left reverse samplen 3 \
        spacing 1.3 noenhanced
    if (NS > 0) { set key title T[5] left }
    NB = NS > 0 ? NS : 1
    # Markers of series side by side on a text axis.
    SH(s) = XC[1] > 0 && NB > 1 ? 0.5 * (s - (NB + 1) / 2.0) / NB : 0
    C(s) = OI[(s - 1) % 8 + 1]
    if (ONE) {
        plot for [s = 1:NB] D.'data.dat' index (s - 1) using ($1 + SH(s)):4 with linespoints lt s \
                 title (NS > 0 ? T[SL + s] : "One run a point")
    } else { if (XC[1] == 0) {
        plot for [s = 1:NB] D.'data.dat' index (s - 1) using 1:3:5 with filledcurves \
                 fc rgb C(s) fs transparent solid 0.22 noborder notitle, \
             for [s = 1:NB] '' index (s - 1) using 1:4 with lines lt s \
                 title (NS > 0 ? T[SL + s] : "Median"), \
             for [s = 1:NB] '' index (s - 1) using 1:2 with points lt s \
                 title (NS > 0 ? "" : "Mean"), \
             keyentry with filledcurves fc rgb (NS > 0 ? "#999999" : C(1)) \
                 fs transparent solid 0.3 noborder title BAND, \
             for [e = 1:(NS > 0 ? 1 : 0)] keyentry with lines lc rgb "#555555" lw 2.5 dt 1 \
                 title "Line: median", \
             for [e = 1:(NS > 0 ? 1 : 0)] keyentry with points lc rgb "#555555" pt 7 \
                 title "Points: mean"
    } else {
        plot for [s = 1:NB] D.'data.dat' index (s - 1) using ($1 + SH(s)):4:3:5 \
                 with yerrorbars lt s title (NS > 0 ? T[SL + s] : "Median; bar: 5 to 95 %"), \
             for [s = 1:NB] '' index (s - 1) using ($1 + SH(s)):2 with points lt s pt 2 ps 1.5 \
                 title (NS > 0 ? "" : "Mean"), \
             for [e = 1:(NS > 0 ? 1 : 0)] keyentry with yerrorbars lc rgb "#555555" dt 1 pt 7 \
                 title "Median; bar: 5 to 95 %", \
             for [e = 1:(NS > 0 ? 1 : 0)] keyentry with points lc rgb "#555555" pt 2 ps 1.5 \
                 title "Mean"
    } }
} else {
    # Panels in a row, or two rows for four to six keys; one y label for all.
    ROWS = NP > 3 ? 2 : 1
    COLS = int(ceil(NP * 1.0 / ROWS))
    LX = PX + 0.035 * PW
    CW = (KX - LX) / COLS
    CH = PH / ROWS
    NXT = COLS > 2 ? 3 : 4
    set label 93 T[3] at screen RX + 0.012 * RW, PY + PH / 2 center rotate by 90 front noenhanced
    unset ylabel
    set key at screen KX + 0.015, PY + PH - 0.02 left top vertical Left reverse samplen 2 \
        spacing 1.3 noenhanced
    do for [K = 1:NP] {
        c = (K - 1) % COLS
        r = (K - 1) / COLS
        set origin LX + c * CW, PY + (ROWS - 1 - r) * CH
        set size CW, CH
        @set_xaxis
        if (K > 1) { unset key; unset label 90; unset label 91; unset label 92; unset label 93; unset label 94 }
        if (ONE) {
            plot D.'data.dat' using K:(column(NP + 3)) with points lt 1 ps 0.8 \
                 title "One run a point"
        } else {
            plot D.'data.dat' using K:(column(NP + 3)):(column(NP + 2)):(column(NP + 4)) \
                     with yerrorbars lt 1 ps 0.8 title "Median; bar: 5 to 95 %", \
                 '' using K:(column(NP + 1)) with points lt 2 pt 2 title "Mean"
        }
    }
}

if (!exists("brief")) { unset multiplot }
