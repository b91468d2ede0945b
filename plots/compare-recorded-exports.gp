# Compare chart 4: what the statistics show: the coalition's recorded
# exports of sanctioned goods to the intermediaries, % change from the
# baseline month; one colour per intermediary (colours.gp), one dash
# pattern per run (sanctsim compare).
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

set origin PX, PY
set size PW, PH
set ylabel T[3]
PAD = HI - LO > 0 ? 0.08 * (HI - LO) : 1
set yrange [LO - PAD:HI + PAD]
set format y "%+g"
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead back lc rgb "#555555" lw 1.2
set key outside right top vertical Left reverse samplen 4 width 2
# Colour: the country; dash: the run (the key lists both).
plot for [q = 1:NI] for [r = 1:NR] D.'data.dat' using 1:(column(1 + (q - 1) * NR + r)) \
        with lines lc rgb CC[q] lw 1.8 dt r notitle, \
     for [q = 1:NI] keyentry with lines lc rgb CC[q] lw 6 dt 1 title T[3 + NR + q], \
     for [r = 1:NR] keyentry with lines lc rgb "#444444" lw 2.5 dt r title T[3 + r]

if (!exists("brief")) { unset multiplot }
