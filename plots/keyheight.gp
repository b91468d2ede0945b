# The height of the strip that keystrip.gp gives a comparison's runs' key,
# reckoned before the panels are laid out below it: enough rows for the
# runs' labels at the key's font, side by side where the width allows.
#
# Inputs: NR runs labelled T[KT + 1] to T[KT + NR], the strip's width KW
# (a screen fraction), fmt, FS and brief (style.gp). Output: KH.
#
# A character of the key is taken as 0.6 of its font size wide (sans fonts
# average less), a row as 1.5 of it high; png fonts are in points at 96 dpi
# (1.33 pixels), svg and pdf ones in the canvas's units.

KPX = fmt eq "png" ? 4.0 / 3 : 1.0
KFS = (exists("brief") ? FS - 2 : FS) * KPX
KWC = exists("brief") ? (fmt eq "pdf" ? 842.0 : 1754.0) : (fmt eq "pdf" ? 720.0 : 1200.0)
KHC = exists("brief") ? (fmt eq "pdf" ? 595.0 : 1240.0) : (fmt eq "pdf" ? 450.0 : 750.0)
KLEN = 0
do for [r = 1:NR] { KLEN = strlen(T[KT + r]) > KLEN ? strlen(T[KT + r]) : KLEN }
# A column: the sample (samplen 5), the gaps (width 2) and the label.
KCOLS = floor(KW / ((KLEN + 9) * 0.6 * KFS / KWC))
KCOLS = KCOLS < 1 ? 1 : KCOLS
KH = ceil(NR * 1.0 / KCOLS) * 1.5 * KFS / KHC + 0.015
