# Sweep chart 2: heat map of a headline indicator's mean over the
# replicates, against the first two varied keys of a sweep.
#
# MODE 1, a grid: one cell per pair of values of the two keys, placed by
# position (values that are not evenly spaced still get equal cells), with
# the value written in each cell when the grid is small; any further keys
# at their first value. Grey cells: no replicate gave a value.
# MODE 2, a sampled design (Latin hypercube, Sobol): one dot per point at
# its values of the two keys, coloured by the mean.
#
# Colours: a diverging scale (Okabe-Ito blue, white, vermillion), centred
# on the median of the means; its half-range is the larger of the means'
# distance from the median and twice the largest replicate spread (half the
# 5 to 95 % range), so that a difference within the replicates' noise stays
# pale instead of spanning the whole scale. The legend says so. Where the
# scale would reach below the lowest value the indicator can take (0 for
# a leakage), it is cut there (CUT), its colours as they were.
#
# sanctsim writes, in sweep-heatmap/:
#   data.dat  one row per cell or point with a value: x, y, mean
#   axes.dat  the x axis, then the y axis: the number of values placed by
#             position (0: a numeric axis), the lowest and highest value
#   tics.dat  the labels of axes placed by position: axis (1 x, 2 y),
#             position, number of its text
#   num.dat   MODE, 1 when values are written, the decimals to write, the
#             number of rows in tics.dat, the lowest and highest mean, the
#             colour scale's centre and half-range, 1 when the scale is
#             cut at the lowest value the indicator can take (0 for a
#             leakage), above the centre less the half-range, and that value
#   text.dat  T[1] title, T[2] source, T[3] x label, T[4] y label,
#             T[5] colour bar label, T[6] a note (may be empty), then the
#             tic labels, T[NT - 1] the colour scale's legend, T[NT] the
#             finding (title)

reset
D = 'sweep-heatmap/'
load 'text.gp'
stats D.'num.dat' using (MODE = int($1), LBL = int($2), DEC = int($3), NTIC = int($4), \
      LO = $5, HI = $6, CEN = $7, H = $8, CUT = int($9), CBLO = $10, 0) nooutput
array AC[2]
array ALO[2]
array AHI[2]
do for [k = 1:2] {
    stats D.'axes.dat' every ::(k - 1)::(k - 1) using (AC[k] = int($1), ALO[k] = $2, \
          AHI[k] = $3, 0) nooutput
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
if (strlen(T[6]) > 0) {
    set label 92 T[6] at screen RX + 0.01 * RW, PY + PH - 0.005 left front \
        tc rgb "#333333" noenhanced
    PH = PH - 0.05
}
# Room below the panel for the colour scale's legend, a line more for each
# line it was broken into (sanctsim breaks it to fit the narrowest canvas).
LEGL = 1
do for [k = 1:strlen(T[NT - 1])] { if (T[NT - 1][k:k] eq "\n") { LEGL = LEGL + 1 } }
LEGH = 0.035 + (LEGL - 1) * 1.25 * FS / (exists("HPT") ? HPT : 750.0)
PY = PY + LEGH
PH = PH - LEGH
set origin PX, PY
set size PW, PH
unset grid
set border 15 lc rgb "#444444"
set xlabel T[3]
set ylabel T[4]
set cblabel T[5] offset 1.5, 0
set rmargin 13

# Axes placed by position carry their values as labels.
PAD(k) = AHI[k] - ALO[k] > 0 ? 0.05 * (AHI[k] - ALO[k]) : (abs(AHI[k]) > 0 ? 0.1 * abs(AHI[k]) : 1)
if (AC[1] > 0) {
    set xrange [-0.5:AC[1] - 0.5]
    set xtics () scale 0
} else {
    set xrange [ALO[1] - PAD(1):AHI[1] + PAD(1)]
}
if (AC[2] > 0) {
    set yrange [-0.5:AC[2] - 0.5]
    set ytics () scale 0
} else {
    set yrange [ALO[2] - PAD(2):AHI[2] + (LBL ? 2.5 : 1) * PAD(2)]
}
do for [i = 1:NTIC] {
    if (TA[i] == 1) { set xtics add (T[TL[i]] TP[i]) }
    if (TA[i] == 2) { set ytics add (T[TL[i]] TP[i]) }
}
if (AC[1] > 10) { set xtics rotate by 45 right }

# A scale cut at CBLO starts at the colour the whole scale has there
# (gnuplot blends the defined colours linearly in RGB, as here).
if (!CUT) { CBLO = CEN - H }
if (CUT) {
    F = (CEN - CBLO) / H
    MIX(a) = int(255 + F * (a - 255) + 0.5)
    LOW = sprintf("#%02X%02X%02X", MIX(0x00), MIX(0x72), MIX(0xB2))
    if (CBLO < CEN) {
        set palette defined (CBLO LOW, CEN "#FFFFFF", CEN + H "#D55E00")
    } else {
        set palette defined (CEN "#FFFFFF", CEN + H "#D55E00")
    }
} else {
    set palette defined (-1 "#0072B2", 0 "#FFFFFF", 1 "#D55E00")
}
set cbrange [CBLO:CEN + H]
set label 95 T[NT - 1] at screen RX + 0.01 * RW, PY - 0.005 left front tc rgb "#333333" noenhanced
set colorbox vertical
set format cb "%g"

# Labels: dark text on the pale middle of the scale, white on its ends.
LFMT = sprintf("%%.%df", DEC)
light(v) = abs(v - CEN) / H < 0.6
LFONT = sprintf(",%g", FS - 1)

if (MODE == 1) {
    # Grey shows through where a cell has no value.
    set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fc rgb "#D9D9D9" \
        fs solid 1.0 noborder
    if (LBL) {
        plot D.'data.dat' using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 noborder \
                 lc palette notitle, \
             '' using 1:2:(light($3) ? sprintf(LFMT, $3) : "") with labels font LFONT \
                 tc rgb "#000000" notitle, \
             '' using 1:2:(light($3) ? "" : sprintf(LFMT, $3)) with labels font LFONT \
                 tc rgb "#FFFFFF" notitle
    } else {
        plot D.'data.dat' using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 noborder \
                 lc palette notitle
    }
} else {
    # Each point ringed in grey: the scale's pale middle would leave it
    # white on white.
    if (LBL) {
        plot D.'data.dat' using 1:2:3 with points pt 7 ps 3 lc palette notitle, \
             '' using 1:2 with points pt 6 ps 3 lw 0.8 lc rgb "#666666" notitle, \
             '' using 1:2:(sprintf(LFMT, $3)) with labels font LFONT offset 0, 1.6 \
                 tc rgb "#333333" notitle
    } else {
        plot D.'data.dat' using 1:2:3 with points pt 7 ps 2 lc palette notitle, \
             '' using 1:2 with points pt 6 ps 2 lw 0.8 lc rgb "#666666" notitle
    }
}

if (!exists("brief")) { unset multiplot }
