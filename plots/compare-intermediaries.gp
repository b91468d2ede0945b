# Compare chart 3: transit carried and commission income by intermediary,
# summed over the run, a group of bars per intermediary and a bar per run
# (sanctsim compare). Each bar has its country's colour (colours.gp); runs
# differ by fill: the first solid, the others lighter or hatched, named in
# a key on a strip above the panels.
#
# sanctsim writes, in compare-intermediaries/:
#   data.dat     rank (from 0), then the transit of each run, then the
#                commission of each run, in USD bn
#   colours.dat  the colour and style of each intermediary, in rank order
#   num.dat      the number of intermediaries, of runs, the largest transit
#                and the largest commission
#   text.dat     T[1] subtitle, T[2] source, T[3] and T[4] the panels'
#                titles, T[5] y label, T[6], ... the runs' labels (NR),
#                then the intermediaries' names (NI) and ISO3 codes (NI,
#                the tics in the brief's narrow panels), T[NT] the finding

reset
D = 'compare-intermediaries/'
load 'text.gp'
load 'colours.gp'
stats D.'num.dat' using (NI = int($1), NR = int($2), HI1 = $3, HI2 = $4, 0) nooutput
undefine MONTHLY
load 'style.gp'

set xdata
set format x "%g"
set xlabel ""
set xtics () scale 0 nomirror
TIC = exists("brief") ? 5 + NR + NI : 5 + NR
do for [q = 1:NI] { set xtics add (T[TIC + q] q - 1) }
if (NI > 5 || crowded(TIC, NI, 9)) { set xtics rotate by 45 right }
set xrange [-0.6:NI - 0.4]
# In the brief the page's panel title gives the unit (USD bn over the run).
if (exists("brief")) { unset ylabel } else { set ylabel T[5] }
BW = 0.8 / NR
set boxwidth BW
# Fill of run r: solid for the first, lighter for the second, then a
# hatching of its own for each further run (patterns 4 to 9, none empty).
FILL(r) = r == 1 ? 1.0 : 0.4
HATCH(r) = r + 1
# The runs' key has a strip of its own above both panels (keystrip.gp):
# inside a panel it covered the bars of long labels.
KX = PX; KW = PW; KT = 5; KSTYLE = 1
load 'keyheight.gp'
unset key
X(q, r) = q - 0.4 + BW * (r - 0.5)
do for [panel = 0:1] {
    set origin PX + panel * PW * 0.5, PY
    set size PW * 0.5, PH - KH
    set title T[3 + panel]
    HI = panel == 0 ? HI1 : HI2
    if (HI > 0) { set yrange [0:HI * 1.12] } else { set yrange [0:1] }
    if (panel == 1) { unset label 90; unset label 91; unset label 94 }
    # Runs from the third on are hatched (the loop over them is empty for
    # two runs: it draws nothing, and has no key entries to leave blank).
    NS = NR < 2 ? NR : 2
    plot for [r = 1:NS] for [q = 1:NI] D.'data.dat' every ::(q - 1)::(q - 1) \
            using (X(q - 1, r)):(column(1 + panel * NR + r)) with boxes \
            lc rgb CC[q] dt 1 fs transparent solid FILL(r) border lc rgb CC[q] notitle, \
         for [r = 3:NR] for [q = 1:NI] D.'data.dat' every ::(q - 1)::(q - 1) \
            using (X(q - 1, r)):(column(1 + panel * NR + r)) with boxes \
            lc rgb CC[q] dt 1 fs transparent pattern HATCH(r) border lc rgb CC[q] notitle
}
KY = PY + PH - KH
load 'keystrip.gp'

if (!exists("brief")) { unset multiplot }
