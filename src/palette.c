/* The countries' colours (see palette.h). */
#include "palette.h"

#include <stdint.h>
#include <string.h>

/* The intermediaries of the shipped scenarios, each with one Okabe-Ito
 * colour (yellow, faint on white, is left out) or, for the eighth, Tol's
 * wine; and their target, Russia, in Tol's olive, apart from all of them
 * (its hash gave cyan, which a trial took for ARE's sky blue beside it).
 * A new entry keeps the colours of the others. */
static const struct {
    const char *iso3;
    ss_colour c;
} table[] = {
    {"KAZ", {0x0072B2, 1}}, /* blue */
    {"TUR", {0xE69F00, 2}}, /* orange */
    {"ARM", {0x009E73, 3}}, /* bluish green */
    {"KGZ", {0xCC79A7, 4}}, /* reddish purple */
    {"CHN", {0xD55E00, 5}}, /* vermillion */
    {"ARE", {0x56B4E9, 6}}, /* sky blue */
    {"GEO", {0x000000, 7}}, /* black */
    {"UZB", {0x882255, 8}}, /* Tol's wine */
    {"RUS", {0x999933, 3}}, /* Tol's olive */
};

/* Paul Tol's muted scheme without wine (taken above): for the others. */
static const unsigned muted[] = {0x332288, 0x88CCEE, 0x44AA99, 0x117733,
                                 0x999933, 0xDDCC77, 0xCC6677, 0xAA4499};

int ss_country_colour_fixed(const char *iso3)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(iso3, table[i].iso3) == 0)
            return 1;
    return 0;
}

ss_colour ss_country_colour(const char *iso3)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(iso3, table[i].iso3) == 0)
            return table[i].c;
    /* FNV-1a of the code: the same colour in every run and chart. */
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)iso3; *p; p++)
        h = (h ^ *p) * 16777619u;
    ss_colour c = {muted[h % 8], (int)((h >> 8) % 8) + 1};
    return c;
}

int ss_colour_taken(unsigned rgb, const unsigned *used, size_t n)
{
    for (size_t q = 0; q < n; q++)
        if (used[q] == rgb)
            return 1;
    return 0;
}

ss_colour ss_country_colour_in(const char *iso3, const unsigned *used, size_t n)
{
    ss_colour c = ss_country_colour(iso3);
    for (size_t q = 0; q < 8 && ss_colour_taken(c.rgb, used, n); q++)
        if (!ss_colour_taken(muted[q], used, n))
            c.rgb = muted[q];
    return c;
}
