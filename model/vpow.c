/* x^y four at a time (vpow.h): x = 2^k m with m in [sqrt(1/2), sqrt(2)),
 * ln m = 2 atanh(f) with f = (m - 1) / (m + 1) summed to f^21, and
 * e^z = 2^n e^r with n the nearest integer to z / ln 2, |r| <= ln(2) / 2,
 * e^r summed to r^13. Every operation is a lane-wise IEEE one of GCC's
 * vector extension, so the AVX2 build and the plain one agree bit for
 * bit. The split of ln 2 into a part exact in products with small
 * integers and a remainder is fdlibm's. */
#include "vpow.h"
#include "simd.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10

/* out = x^y on four lanes, NaN on a lane outside the fast domain. Always
 * inlined, into each build of vpow_fast. */
static inline __attribute__((always_inline)) void pow4(const double *xp, const double *yp,
                                                       double *out)
{
    ss_v4 x, y;
    memcpy(&x, xp, sizeof x);
    memcpy(&y, yp, sizeof y);
    /* ln x = k ln 2 + ln m */
    ss_u4 bits = (ss_u4)x;
    ss_u4 e = bits >> 52;
    ss_v4 m = (ss_v4)((bits & SS_USPLAT(0x000fffffffffffffULL)) | SS_USPLAT(0x3ff0000000000000ULL));
    const ss_u4 big = (ss_u4)(m > SS_SPLAT(M_SQRT2));
    m = SS_PICK(big, m * SS_SPLAT(0.5), m);
    e -= big; /* a set mask is -1 */
    const ss_v4 k = (ss_v4)(e | SS_USPLAT(0x4330000000000000ULL)) - SS_SPLAT(0x1p52 + 1023);
    const ss_v4 f = (m - SS_SPLAT(1)) / (m + SS_SPLAT(1)), s = f * f;
    ss_v4 p = SS_SPLAT(1.0 / 21);
    p = p * s + SS_SPLAT(1.0 / 19);
    p = p * s + SS_SPLAT(1.0 / 17);
    p = p * s + SS_SPLAT(1.0 / 15);
    p = p * s + SS_SPLAT(1.0 / 13);
    p = p * s + SS_SPLAT(1.0 / 11);
    p = p * s + SS_SPLAT(1.0 / 9);
    p = p * s + SS_SPLAT(1.0 / 7);
    p = p * s + SS_SPLAT(1.0 / 5);
    p = p * s + SS_SPLAT(1.0 / 3);
    const ss_v4 twof = f + f, lnm = twof + twof * (s * p);
    const ss_v4 lnx = k * SS_SPLAT(LN2_HI) + (k * SS_SPLAT(LN2_LO) + lnm);
    /* e^z = 2^n e^r */
    const ss_v4 z = y * lnx;
    const ss_v4 t = z * SS_SPLAT(1 / M_LN2) + SS_SPLAT(SS_ROUND_MAGIC),
                n = t - SS_SPLAT(SS_ROUND_MAGIC);
    const ss_v4 r = (z - n * SS_SPLAT(LN2_HI)) - n * SS_SPLAT(LN2_LO);
    ss_v4 er = SS_SPLAT(1.0 / 6227020800); /* 1/13! */
    er = er * r + SS_SPLAT(1.0 / 479001600);
    er = er * r + SS_SPLAT(1.0 / 39916800);
    er = er * r + SS_SPLAT(1.0 / 3628800);
    er = er * r + SS_SPLAT(1.0 / 362880);
    er = er * r + SS_SPLAT(1.0 / 40320);
    er = er * r + SS_SPLAT(1.0 / 5040);
    er = er * r + SS_SPLAT(1.0 / 720);
    er = er * r + SS_SPLAT(1.0 / 120);
    er = er * r + SS_SPLAT(1.0 / 24);
    er = er * r + SS_SPLAT(1.0 / 6);
    er = er * r + SS_SPLAT(1.0 / 2);
    er = er * r + SS_SPLAT(1);
    er = er * r + SS_SPLAT(1);
    const ss_u4 two_n = (((ss_u4)t - (ss_u4)SS_SPLAT(SS_ROUND_MAGIC)) + SS_USPLAT(1023)) << 52;
    const ss_v4 v = er * (ss_v4)two_n;
    const ss_u4 ok = (ss_u4)(x >= SS_SPLAT(DBL_MIN)) & (ss_u4)(x <= SS_SPLAT(DBL_MAX)) &
                     (ss_u4)(z < SS_SPLAT(700)) & (ss_u4)(z > SS_SPLAT(-700));
    const ss_v4 result = SS_PICK(ok, v, SS_SPLAT(NAN));
    memcpy(out, &result, sizeof result);
}

/* The lanes among [0, len) of a group that pow4 left NaN, outside its
 * domain, take libm's pow; returns how many. The check is one comparison
 * of vectors: such lanes are rare (a closed link's infinite cost). */
static inline __attribute__((always_inline)) size_t outside(const double *x, const double *y,
                                                            double *out, size_t len)
{
    ss_v4 v;
    memcpy(&v, out, sizeof v);
    const ss_u4 nan = (ss_u4)(v != v);
    size_t count = 0;
    if (nan[0] | nan[1] | nan[2] | nan[3])
        for (size_t q = 0; q < len; q++)
            if (isnan(out[q])) {
                out[q] = pow(x[q], y[q]);
                count++;
            }
    return count;
}

/* How many values vpow_fast gathers before it computes them. */
enum { CHUNK = 64 };

/* out[at[u]] = x[u]^y[u] for the len gathered values, four lanes at a
 * time, the last group padded with 1^0 (x and y have room for it);
 * returns how many took libm's pow. */
static inline __attribute__((always_inline)) size_t gathered(size_t len, double *x, double *y,
                                                             const size_t *at, double *out)
{
    double got[CHUNK + 3];
    size_t count = 0;
    for (size_t u = len; u % 4; u++) {
        x[u] = 1;
        y[u] = 0;
    }
    for (size_t u = 0; u < len; u += 4) {
        pow4(x + u, y + u, got + u);
        count += outside(x + u, y + u, got + u, 4);
    }
    for (size_t u = 0; u < len; u++)
        out[at[u]] = got[u];
    return count;
}

/* An x of exactly 1 gives 1 whatever y (pow4 gives exactly 1 for 1^y
 * with y finite, and pow(1, y) is 1 for the rest), and demand's costs are
 * often 1 (every link that no sanction or mark-up moves: half of them in
 * the default scenario's sanctioned months). Only the others are
 * gathered, without a branch, and computed four at a time; each lane is
 * computed alone, so its bits do not depend on which values share its
 * group. */
SS_CLONES static size_t vpow_fast(size_t n, const double *x, const double *y, double *out)
{
    double gx[CHUNK + 3], gy[CHUNK + 3];
    size_t at[CHUNK], used = 0, count = 0;
    for (size_t q = 0; q < n; q++) {
        const double xq = x[q];
        gx[used] = xq;
        gy[used] = y[q];
        at[used] = q;
        out[q] = 1;
        used += xq != 1;
        if (used == CHUNK) {
            count += gathered(used, gx, gy, at, out);
            used = 0;
        }
    }
    return count + gathered(used, gx, gy, at, out);
}

size_t ss_vpow(size_t n, const double *x, const double *y, double *out)
{
    return vpow_fast(n, x, y, out);
}
