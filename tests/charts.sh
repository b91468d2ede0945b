# Checks of chart files, shared by the plot tests (sourced after tests/lib.sh).

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk (bytes 16 to 23).
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", (($1 * 256 + $2) * 256 + $3) * 256 + $4,
                                                 (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# is_png FILE WxH: the PNG signature, then the size.
is_png() {
    [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] &&
        [ "$(png_size "$1")" = "$2" ]
}

# is_svg FILE W H: XML with an <svg> element of that width and height.
is_svg() {
    head -n 1 "$1" | grep -q '^<?xml ' && grep -q '<svg' "$1" &&
        grep -q "width=\"$2\" height=\"$3\"" "$1" && grep -q '</svg>' "$1"
}

# is_pdf FILE W H: the %PDF- header, %%EOF at the end, a page of W x H points.
is_pdf() {
    [ "$(head -c 5 "$1")" = "%PDF-" ] && tail -c 32 "$1" | grep -q '%%EOF' &&
        grep -aq "MediaBox \[ 0 0 $2 $3 \]" "$1"
}

# check_compare_charts DIR FMT WHAT: checks (through `check`, each named
# after WHAT) the four charts and the one-page brief that `sanctsim compare
# --format FMT` wrote into DIR.
check_compare_charts() {
    for _chart in compare-leakage compare-import-prices compare-intermediaries \
        compare-recorded-exports; do
        _f=$1/$_chart.$2
        case $2 in
        png) check "$3: $_chart.png is a 1200x750 PNG" is_png "$_f" 1200x750 ;;
        svg) check "$3: $_chart.svg is a 1200x750 SVG" is_svg "$_f" 1200 750 ;;
        pdf) check "$3: $_chart.pdf is a 10x6.25 inch PDF" is_pdf "$_f" 720 450 ;;
        esac
    done
    check "$3: brief.pdf is one A4 landscape page" is_pdf "$1/brief.pdf" 841 595
    check "$3: brief.png is 1754x1240" is_png "$1/brief.png" 1754x1240
}

# blank_band PNG: the height in rows of the tallest band of the picture
# that is white across its whole width (each row averaged to one 16-bit
# grey by ImageMagick: only a row of white pixels only averages 65535).
blank_band() {
    convert "$1" -colorspace gray -scale "1x$(identify -format %h "$1")!" -depth 16 txt:- |
        awk -F'[,:() ]+' 'NR > 1 { if ($4 >= 65535) { run++; if (run > best) best = run } else run = 0 }
                          END { print best + 0 }'
}

# no_blank_band PNG: no white band across the page is taller than 3 % of it
# (the comparison brief had one of 10 %, between its numbers and charts).
no_blank_band() {
    _b=$(blank_band "$1")
    _h=$(identify -format %h "$1")
    echo "tallest blank band: $_b of $_h rows"
    [ -n "$_b" ] && [ "$_b" -gt 0 ] && [ $((_b * 100)) -le $((_h * 3)) ]
}

# svg_y SVG TEXT: the y coordinate of the first text element TEXT in a
# gnuplot SVG (the translate of the group that holds it).
svg_y() {
    awk -v t="<text>$2</text>" 'index($0, "transform=\"translate(") {
            y = $0; sub(/.*translate\([^,]*,/, "", y); sub(/\).*/, "", y) }
        index($0, t) { print y; exit }' "$1"
}

# between SVG ABOVE TEXT BELOW: TEXT lies below the text ABOVE and above
# the text BELOW (SVG's y grows downwards).
between() {
    _a=$(svg_y "$1" "$2")
    _t=$(svg_y "$1" "$3")
    _u=$(svg_y "$1" "$4")
    echo "y: $_a < $_t < $_u"
    [ -n "$_a" ] && [ -n "$_t" ] && [ -n "$_u" ] &&
        awk -v a="$_a" -v t="$_t" -v u="$_u" 'BEGIN { exit !(a + 0 < t + 0 && t + 0 < u + 0) }'
}

# no_stderr FILE: passes when FILE, a copy of a command's stderr, is
# empty. Copy $TMP/err before the check: check itself writes its command's
# stderr there, which empties it before the command runs.
no_stderr() {
    [ -f "$1" ] && [ ! -s "$1" ]
}
