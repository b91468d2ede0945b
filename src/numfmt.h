/* Writing numbers as text fast: the room of the writer layer that turns a
 * double into the digits of printf's "%.Pg", without printf.
 * Invariant: ss_fmt_g writes exactly the bytes snprintf(out, n, "%.*g",
 * prec, v) writes under glibc in the default rounding mode (round to
 * nearest, ties to even on the exact binary value): the values it cannot
 * do exactly with 128-bit integers (subnormals, infinities, NaN, very
 * small or very large magnitudes for the precision) go to snprintf itself.
 * tests/test_numfmt.c compares the two on millions of values. */
#ifndef SS_NUMFMT_H
#define SS_NUMFMT_H

#include <stddef.h>

/* Room that any "%.Pg" text of a double needs, terminator included. */
#define SS_FMT_G_SIZE 40

/* Writes v as "%.*g" with precision prec (1 to 17; other values go to
 * snprintf, and what does not fit is cut) into out, which has
 * SS_FMT_G_SIZE bytes, NUL-terminated; returns the length written. */
size_t ss_fmt_g(char *out, double v, int prec);

/* 1 when ss_fmt_g writes v itself, 0 when it hands v to snprintf (for the
 * tests, which check that the values they compare take the own path). */
int ss_fmt_g_own(double v, int prec);

#endif
