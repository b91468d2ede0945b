# Reads the chart's strings into the array T (T[1], T[2], ...), NT of them.
#
# sanctsim writes every string that comes from a scenario or a world (names,
# titles, labels) into D.'text.dat' as numbers only: one block per string,
# blocks separated by two blank lines, each block a -1 followed by the
# string's byte codes, one per line. Rebuilding the strings here, byte by
# byte, means no scenario text is ever read as a gnuplot command: a scenario
# named  x"; system("touch pwned"); "  gets a chart with exactly that title.
#
# Input: D, the chart's data folder ending in '/'.

stats D.'text.dat' using 1 nooutput
NT = STATS_blocks
array T[NT]
do for [k = 1:NT] {
    s_ = ""
    stats D.'text.dat' index (k - 1) using (s_ = ($1 < 0 ? "" : s_ . sprintf("%c", int($1))), 0) nooutput
    T[k] = s_
}
