# Fits one line of text into a given width: the caller sets FIT_TEXT and
# FIT_CHARS, the characters that the width holds at the line's font, and
# gets FIT_SCALE, the factor on that font (1 when the text fits, never
# below 0.6), and FIT_OUT, the text, cut with an ellipsis where even 0.6 of
# the font is too large. Characters, not bytes: strlen and substrings count
# them in UTF-8 mode, which is set for this only.
FIT_ENC = GPVAL_ENCODING
set encoding utf8
FIT_MAX = int(FIT_CHARS / 0.6)
FIT_N = strlen(FIT_TEXT)
FIT_OUT = FIT_N > FIT_MAX ? FIT_TEXT[1:FIT_MAX - 1] . "…" : FIT_TEXT
FIT_N = FIT_N > FIT_MAX ? FIT_MAX : FIT_N
FIT_SCALE = FIT_N > FIT_CHARS ? FIT_CHARS * 1.0 / FIT_N : 1
eval "set encoding " . FIT_ENC
