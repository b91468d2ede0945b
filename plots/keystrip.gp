# The key of a comparison's runs on a strip of its own, above the panels it
# explains: an empty plot over the screen box KX, KY, KW, KH whose key is
# laid out in a row, and in more rows when the labels need them, so that
# it never covers a bar or a line. Drawn last in a chart's multiplot (it
# clears the chart's labels and axes).
#
# Inputs: KX, KY, KW, KH (screen fractions); NR runs, labelled T[KT + 1]
# to T[KT + NR]; KSTYLE 1 for bars (the fill of run r, FILL(r) or HATCH(r), as in
# compare-intermediaries.gp), 2 for lines (the dash of run r). The NaN
# series gives gnuplot an axis to set up (keys alone fail an assertion).

unset label 90
unset label 91
unset label 92
unset label 94
unset arrow
unset border
unset tics
unset grid
unset title
unset xlabel
unset ylabel
set xdata
set origin KX, KY
set size KW, KH
set margins 0, 0, 0, 0
set xrange [0:1]
set yrange [0:1]
set key inside center center horizontal Left reverse samplen 5 width 2 noautotitle
# (An empty loop "for [r = 3:NR]" would still reserve a blank entry.)
if (KSTYLE == 1 && NR <= 2) {
    plot NaN notitle, for [r = 1:NR] keyentry with boxes lc rgb "#555555" dt 1 \
            fs transparent solid FILL(r) border lc rgb "#333333" title T[KT + r]
}
if (KSTYLE == 1 && NR > 2) {
    plot NaN notitle, for [r = 1:2] keyentry with boxes lc rgb "#555555" dt 1 \
            fs transparent solid FILL(r) border lc rgb "#333333" title T[KT + r], \
        for [r = 3:NR] keyentry with boxes lc rgb "#555555" dt 1 fs transparent pattern HATCH(r) \
            border lc rgb "#333333" title T[KT + r]
}
if (KSTYLE == 2) {
    plot NaN notitle, for [r = 1:NR] keyentry with lines lt r lc rgb "#444444" lw 2.5 title T[KT + r]
}
