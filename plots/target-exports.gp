# Chart 8: the target's exports by destination, all sectors and routes:
# the destinations whose exports changed most, each as a share of the same
# flow in the comparison run (sanctsim plot --compare TWIN), or indexed to
# the baseline month without one (drawn by index-lines.gp, in one panel).
#
# sanctsim writes, in target-exports/:
#   data.dat     month, then the % for each destination
#   colours.dat  each destination's colour (colours.gp)
#   num.dat      the number of destinations, 0 (no second panel), the
#                lowest and highest value, the months
#   text.dat     T[1] title, T[2] source, T[3] scenario name, T[4] the comparison run's (unused: one panel),
#                T[5] y label, T[6], ... destinations, T[NT] the finding

reset
D = 'target-exports/'
load 'index-lines.gp'
