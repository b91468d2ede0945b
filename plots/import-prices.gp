# Chart 5: the target's import prices by sector, drawn as the change in %
# from the baseline month, with zero always in view: an axis from 100 to
# 103.5 made a small change look large.
#
# sanctsim writes, in import-prices/:
#   data.dat  month, then the index for each sector (and target)
#   num.dat   the number of series, the number of months, the lowest and
#             highest index
#   text.dat  T[1] subtitle, T[2] source, T[3] y label, T[4], ... one per
#             series, T[NT] the finding (title)

reset
D = 'import-prices/'
load 'price-lines.gp'
