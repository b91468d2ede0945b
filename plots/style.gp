# The look shared by every chart: terminal and size, fonts, the colour and
# dash palette, the time axis, and the chart's title and source line.
#
# Inputs: fmt ('png', 'svg' or 'pdf', set by sanctsim on the command line)
# and the array T from text.gp (T[1] the title, T[2] the source line). When
# a chart is drawn into the one-page brief, brief.gp has set brief = 1, the
# base font size FS and the chart's region of the page RX, RY, RW, RH
# (screen fractions), and it owns the terminal and the multiplot.
#
# In the brief, brief_title replaces the chart's own title; elsewhere the
# title is the chart's finding, the last string T[NT], and T[1] is the
# subtitle below it.
#
# Output: the panel area PX, PY, PW, PH (screen fractions) that the chart
# fills, below its title and above its source line.
#
# Palette: the Okabe-Ito colours, which colour-blind readers tell apart, each
# paired with its own dash pattern and point shape so that series stay
# distinct in greyscale print. Yellow comes last: it is faint on white.

# Texts are UTF-8: in that mode gnuplot counts a name's width in characters,
# not bytes (a country named in Cyrillic took twice the room in a key).
set encoding utf8

if (!exists("brief")) {
    RX = 0.0; RY = 0.0; RW = 1.0; RH = 1.0
    if (fmt eq "svg") {
        FS = 12
        set terminal svg size 1200,750 font "sans,12" noenhanced background "white"
    } else {
        if (fmt eq "pdf") {
            FS = 10
            set terminal pdfcairo size 10in,6.25in font "sans,10" noenhanced linewidth 0.7 pointscale 0.7
        } else {
            FS = 11
            set terminal pngcairo size 1200,750 font "sans,11" noenhanced
        }
    }
    set output "chart." . fmt
    set multiplot
    # The title is the chart's finding, T[NT] (one or two lines, broken by
    # sanctsim at src/chart.h's SS_TITLE_CHARS, which fit the narrowest
    # canvas), with T[1] below it as the subtitle. HPT: the canvas height
    # in the font's units.
    HPT = fmt eq "pdf" ? 450.0 : 750.0
    TLINES = 1
    do for [k = 1:strlen(T[NT])] { if (T[NT][k:k] eq "\n") { TLINES = TLINES + 1 } }
    TLH = (FS + 4) * 1.6 / HPT
    SUBY = 0.985 - TLINES * TLH - 0.9 * FS / HPT
    PX = 0.0; PY = 0.04; PW = 1.0; PH = SUBY - 0.02 - PY
} else {
    # brief_gap: the room above the chart for its title on the page (the
    # comparison brief sets a narrower one).
    BGAP = exists("brief_gap") ? brief_gap : 0.06
    PX = RX; PY = RY; PW = RW; PH = RH - BGAP
}

set datafile separator "\t"
array OI[8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
set linetype 1 lc rgb OI[1] lw 2.5 dt 1 pt 7 ps 0.9
set linetype 2 lc rgb OI[2] lw 2.5 dt 2 pt 5 ps 0.9
set linetype 3 lc rgb OI[3] lw 2.5 dt 3 pt 9 ps 1.2
set linetype 4 lc rgb OI[4] lw 2.5 dt 4 pt 11 ps 1.2
set linetype 5 lc rgb OI[5] lw 2.5 dt 5 pt 13 ps 1.1
set linetype 6 lc rgb OI[6] lw 2.5 dt (16,6,4,6) pt 4 ps 0.9
set linetype 7 lc rgb OI[7] lw 2.5 dt (4,6) pt 6 ps 0.9
set linetype 8 lc rgb OI[8] lw 2.5 dt (24,8) pt 8 ps 0.9
# A ninth to sixteenth line: the same colours with the dash patterns four
# along and other point shapes, so that no two of sixteen lines look alike
# (with eight the ninth drew as the first: a hunt's nine import-price
# lines of three targets).
set linetype 9 lc rgb OI[1] lw 2.5 dt 5 pt 1 ps 1.1
set linetype 10 lc rgb OI[2] lw 2.5 dt (16,6,4,6) pt 2 ps 1.1
set linetype 11 lc rgb OI[3] lw 2.5 dt (4,6) pt 3 ps 1.1
set linetype 12 lc rgb OI[4] lw 2.5 dt (24,8) pt 10 ps 1.2
set linetype 13 lc rgb OI[5] lw 2.5 dt 1 pt 12 ps 1.1
set linetype 14 lc rgb OI[6] lw 2.5 dt 2 pt 14 ps 1.1
set linetype 15 lc rgb OI[7] lw 2.5 dt 3 pt 15 ps 1.1
set linetype 16 lc rgb OI[8] lw 2.5 dt 4 pt 1 ps 1.1
set linetype cycle 16
# The runs of a comparison: black for the first (the reference), then
# Okabe-Ito colours in the order of their linetypes above.
array RUNC[8] = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#777777"]
set border 3 lc rgb "#444444"
set tics nomirror out
set grid ytics lc rgb "#DDDDDD" lw 1 dt 1
set key noenhanced
if (exists("brief")) {
    key_font = sprintf(",%g", FS - 2)
    set key font key_font
}

# Names under bars, T[a + 1] to T[a + n]: 1 when two neighbours would run
# into each other, their mean length above `room` characters (a bar's
# share of the panel): "India", "United Arab Emirates" and "Turkey" under
# six bars overlapped. Such names are drawn slanted.
crowded(a, n, room) = n < 2 ? 0 : (strlen(T[a + 1]) + strlen(T[a + 2])) / 2.0 > room ? 1 : \
                      crowded(a + 1, n - 1, room)

# Months on the x axis. A chart with a monthly axis names its data file in
# MONTHLY; FIRST and LAST are its first and last month (in seconds, as
# gnuplot keeps time). Tics fall every 1, 2, 3, 4, 6 or 12 months, as few as
# keep about 9 labels on a full-width panel (5 on a narrow one), each on the
# first of its month (steps of 30.44 days drift off the months, and a short
# run lost its last month's label): eval month_tics(panel width).
# month_every(w) is the step in months, month_step(w) about that in seconds.
MONTH = 30.436875 * 86400
nice_step(x) = x <= 1 ? 1 : x <= 2 ? 2 : x <= 3 ? 3 : x <= 4 ? 4 : x <= 6 ? 6 : 12 * ceil(x / 12.0)
if (exists("MONTHLY")) {
    stats MONTHLY using (strptime("%Y-%m", strcol(1))) nooutput
    FIRST = STATS_min
    LAST = STATS_max
    month_every(w) = int(nice_step((LAST - FIRST) / MONTH / (w < 0.6 ? 5.0 : 9.0)))
    month_step(w) = MONTH * month_every(w)
    # month_at(k): the first of the month k months after FIRST; MONTHS:
    # LAST's k.
    month_at(k) = strptime("%Y-%m", sprintf("%d-%02d", int(tm_year(FIRST)) + \
                  (int(tm_mon(FIRST)) + k) / 12, (int(tm_mon(FIRST)) + k) % 12 + 1))
    MONTHS = (int(tm_year(LAST)) - int(tm_year(FIRST))) * 12 + int(tm_mon(LAST)) - int(tm_mon(FIRST))
    month_tics(w) = sprintf("set xtics (); do for [k = 0:%d:%d] { set xtics add (month_at(k)) }", \
                            MONTHS, month_every(w))
}
set xdata time
set timefmt "%Y-%m"
set format x "%b\n%Y"
set xlabel "Month"
if (exists("MONTHLY")) {
    eval month_tics(PW)
}

if (exists("brief")) {
    set label 90 brief_title at screen RX + 0.01 * RW, RY + RH - (exists("brief_gap") ? brief_gap / 2 : 0.025) left front font sprintf(",%g", FS + 1) noenhanced
} else {
    # The title's first line sits at the top; gnuplot draws a label's
    # further lines below its position.
    set label 90 T[NT] at screen 0.01, 0.985 - TLH / 2 left front font sprintf(",%g", FS + 4) noenhanced
    set label 94 T[1] at screen 0.01, SUBY left front tc rgb "#444444" noenhanced
    set label 91 T[2] at screen 0.01, 0.02 left front tc rgb "#555555" noenhanced
    # A source line longer than the narrowest canvas holds (about 150
    # characters: a long scenario name, a sweep's design, many runs with
    # long labels) gets a smaller font, and is cut past 0.6 of it.
    FIT_TEXT = T[2]
    FIT_CHARS = 150
    load 'fitline.gp'
    if (FIT_SCALE < 1) {
        set label 91 FIT_OUT font sprintf(",%g", FS * FIT_SCALE)
    }
}
