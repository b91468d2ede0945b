# Chart 4: what the trade statistics show: the coalition's recorded exports
# of sanctioned goods to each intermediary, indexed to the baseline month,
# beside the same series from a comparison run (sanctsim plot --compare).
#
# sanctsim writes, in recorded-exports/:
#   data.dat     month, then the index (baseline = 100) for each
#                intermediary; compare.dat the same for the comparison run
#   colours.dat  each intermediary's colour (colours.gp)
#   num.dat      the number of intermediaries, 1 when compare.dat exists,
#                the lowest and highest index over both runs, the months
#   text.dat     T[1] title, T[2] source, T[3] this run's scenario name,
#                T[4] the comparison's, T[5] y label, T[6], ... names

reset
D = 'recorded-exports/'
load 'index-lines.gp'
