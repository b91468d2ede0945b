# The one-page brief (A4 landscape): the run's key numbers at the top,
# charts 1 and 2 side by side, chart 3 below, one source line.
#
# sanctsim writes, in brief/:
#   text.dat  T[1] the scenario's name, T[2] source, T[3] and T[4] leakage
#             at the end, T[5] the top three intermediaries, T[6] the
#             target's price rise, T[7] "Key numbers", T[8] the footnote
#             that defines leakage, and, where a price cap or supply curve
#             moved them, T[9] the prices the target realised on its exports
# and the data of the three charts in their own folders.

brief = 1
if (fmt eq "pdf") {
    FS = 9
    set terminal pdfcairo size 11.69in,8.27in font "sans,9" noenhanced linewidth 0.7 pointscale 0.7
} else {
    FS = 13
    set terminal pngcairo size 1754,1240 font "sans,13" noenhanced
}
set output "brief." . fmt
set multiplot

D = 'brief/'
load 'text.gp'
set origin 0, 0.80
set size 1, 0.20
unset border
unset tics
unset key
set xrange [0:1]
set yrange [0:1]
# The scenario's name and the source line fit the page's width (fitline.gp;
# about 90 characters of the title's font, 165 of the base font).
FIT_TEXT = T[1]
FIT_CHARS = 90
load 'fitline.gp'
set label 1 FIT_OUT at screen 0.015, 0.972 left font sprintf(",%g", (FS + 7) * FIT_SCALE) noenhanced
set label 2 T[7] at screen 0.015, 0.930 left font sprintf(",%g", FS + 2) tc rgb "#0072B2" noenhanced
# The key numbers' lines, at one size above the base font, fit the page
# too (about 160 characters from their indent); each shrinks alone.
# With a ninth line the lines stand closer (Y: their heights).
FIT_CHARS = 160
if (NT > 8) {
    array Y[5] = [0.906, 0.886, 0.862, 0.840, 0.818]
} else {
    array Y[5] = [0.902, 0.880, 0.852, 0.824, 0]
}
FIT_TEXT = T[3]
load 'fitline.gp'
set label 3 FIT_OUT at screen 0.025, Y[1] left font sprintf(",%g", (FS + 1) * FIT_SCALE) noenhanced
set label 4 T[4] at screen 0.025, Y[2] left noenhanced
FIT_TEXT = T[5]
load 'fitline.gp'
set label 5 FIT_OUT at screen 0.025, Y[3] left font sprintf(",%g", (FS + 1) * FIT_SCALE) noenhanced
FIT_TEXT = T[6]
load 'fitline.gp'
set label 6 FIT_OUT at screen 0.025, Y[4] left font sprintf(",%g", (FS + 1) * FIT_SCALE) noenhanced
if (NT > 8) {
    FIT_TEXT = T[9]
    load 'fitline.gp'
    set label 9 FIT_OUT at screen 0.025, Y[5] left font sprintf(",%g", (FS + 1) * FIT_SCALE) noenhanced
}
FIT_TEXT = T[2]
FIT_CHARS = 165
load 'fitline.gp'
set label 7 FIT_OUT at screen 0.015, 0.012 left tc rgb "#555555" font sprintf(",%g", FS * FIT_SCALE) noenhanced
set label 8 T[8] at screen 0.025, NT > 8 ? 0.798 : 0.802 left tc rgb "#555555" noenhanced
plot -1 notitle

RX = 0.0; RY = 0.42; RW = 0.5; RH = 0.38
brief_title = "1. Sanctioned trade: direct and rerouted"
load 'sanctioned-trade.gp'
RX = 0.5
brief_title = "2. Leakage: rerouted trade as a share of its pre-sanction value"
load 'leakage.gp'
RX = 0.0; RY = 0.03; RW = 1.0; RH = 0.38
brief_title = "3. Intermediaries: commission revenue and commission rate"
load 'intermediaries.gp'
unset multiplot
