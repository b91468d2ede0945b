/* The colour of each country, the same in every chart of every run: a
 * table keyed by ISO3 code for the countries that intermediate in the
 * shipped scenarios, and for any other country a colour chosen by a hash
 * of its code (never by its rank in a chart; where two codes of one colour
 * meet in a chart, a table's keeps it, and of two hashed ones the later in
 * ISO3 order takes a free colour). The colours are the
 * Okabe-Ito palette (Okabe and Ito 2008; Wong 2011, Nature Methods 8:441)
 * and Paul Tol's "muted" scheme (Tol 2021, SRON/EPS/TN/09-002), both
 * chosen to stay distinct for readers with colour vision deficiencies. */
#ifndef SS_PALETTE_H
#define SS_PALETTE_H

#include <stddef.h>

/* A country's colour (0xRRGGBB) and line style: 1 to 8, the dash pattern
 * and point shape of linetype STYLE in plots/style.gp, so that lines stay
 * apart in greyscale. */
typedef struct ss_colour {
    unsigned rgb;
    int style;
} ss_colour;

ss_colour ss_country_colour(const char *iso3);
/* 1 when the country's colour is the table's, not a hash's: in a chart it
 * keeps it against any hashed code of that colour. */
int ss_country_colour_fixed(const char *iso3);

/* The colour of a country in a chart whose earlier series have the colours
 * used[0..n-1]: its own, unless one of them has it (two hashed codes can
 * share one), then the first of Tol's muted colours that none has. */
ss_colour ss_country_colour_in(const char *iso3, const unsigned *used, size_t n);
/* 1 when rgb is one of used[0..n-1]. */
int ss_colour_taken(unsigned rgb, const unsigned *used, size_t n);

#endif
