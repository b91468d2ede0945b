/* x^y for a row of values and one exponent, with the bits of libm's pow
 * but about 1.7 times as fast on a machine with AVX2 and FMA (powrow.c).
 * The route choice uses it: the detour factors of the first month of a
 * large world are millions of powers.
 *
 * The fast path answers only where its value is the correctly rounded
 * x^y by a margin wider than glibc's stated error, so that libm's pow
 * gives the same double; everywhere else libm's pow answers. */
#ifndef SS_POWROW_H
#define SS_POWROW_H

#include <stddef.h>

/* out[q] = pow(x[q], y) for q < n; out may be x. Returns how many values
 * libm computed: all n where the fast path does not run (a machine
 * without AVX2 and FMA, a C library other than glibc, or a build with
 * -ffast-math, -ffinite-math-only or -fassociative-math). */
size_t ss_pow_row(size_t n, const double *x, double y, double *out);

#endif
