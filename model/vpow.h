/* x^y for rows of values, four at a time: exp(y ln x) from sanctsim's own
 * logarithm and exponential (docs/model.md, "Mark-ups"). Relative error
 * at most (2 |y ln x| + 8) * 2^-52 against the exact value (the rounding
 * of y ln x, and of ln x, grow with |y ln x|); libm's pow is correctly
 * rounded or nearly, so the two differ in the last digits.
 * Exact where it matters: 1^y = 1 and x^0 = 1. The same bits with or
 * without AVX2, and on every machine. */
#ifndef SS_VPOW_H
#define SS_VPOW_H

#include <stddef.h>

/* out[q] = x[q]^y[q] for q < n; out may not overlap x or y. Values
 * outside the fast domain (x not a positive normal number, |y ln x| of 700
 * or more, NaN) take libm's pow; returns how many did (an x of exactly 1 is
 * 1 whatever y, and takes none). */
size_t ss_vpow(size_t n, const double *restrict x, const double *restrict y, double *restrict out);

#endif
