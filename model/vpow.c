/* x^y four at a time (vpow.h): x = 2^k m with m in [sqrt(1/2), sqrt(2)),
 * ln m = 2 atanh(f) with f = (m - 1) / (m + 1) summed to f^21, and
 * e^z = 2^n e^r with n the nearest integer to z / ln 2, |r| <= ln(2) / 2,
 * e^r summed to r^13. Every operation is a lane-wise IEEE one of GCC's
 * vector extension, so the AVX-512, AVX2 and plain builds agree bit for
 * bit. The split of ln 2 into a part exact in products with small
 * integers and a remainder is fdlibm's. */
#include "vpow.h"
#include "simd.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10

/* Values are computed in groups of four lanes (one ss_v4), up to GROUPS
 * groups side by side, and gathered CHUNK at a time. */
enum { LANES = 4, GROUPS = 8, CHUNK = 64 };

/* The series' coefficients after their first, in Horner's order. */
static const double LOG_C[] = {1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                               1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3};
static const double EXP_C[] = {1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880,
                               1.0 / 40320,     1.0 / 5040,     1.0 / 720,     1.0 / 120,
                               1.0 / 24,        1.0 / 6,        1.0 / 2,       1,
                               1};
#define LOG_FIRST (1.0 / 21)
#define EXP_FIRST (1.0 / 6227020800) /* 1/13! */

/* out = x^y on `side` groups of four lanes (a constant, at most GROUPS),
 * NaN on a lane outside the fast domain. Each step runs over every group g
 * before the next step, so the groups' chains of dependent operations (the
 * two series) advance side by side instead of one after the other: in
 * AVX-512's 32 registers, eight groups compute a row about 1.6 times as
 * fast as one group at a time. Always inlined. */
#define EACH for (size_t g = 0; g < side; g++)
static inline __attribute__((always_inline)) void pow_groups(const double *xp, const double *yp,
                                                             double *out, size_t side)
{
    ss_v4 x[GROUPS], y[GROUPS], k[GROUPS], f[GROUPS], s[GROUPS], p[GROUPS], z[GROUPS], t[GROUPS],
        r[GROUPS], e[GROUPS];
    /* ln x = k ln 2 + ln m */
    EACH {
        memcpy(&x[g], xp + g * LANES, sizeof x[g]);
        memcpy(&y[g], yp + g * LANES, sizeof y[g]);
        const ss_u4 bits = (ss_u4)x[g];
        ss_v4 m =
            (ss_v4)((bits & SS_USPLAT(0x000fffffffffffffULL)) | SS_USPLAT(0x3ff0000000000000ULL));
        const ss_u4 big = (ss_u4)(m > SS_SPLAT(M_SQRT2));
        m = SS_PICK(big, m * SS_SPLAT(0.5), m);
        const ss_u4 exponent = (bits >> 52) - big; /* a set mask is -1 */
        k[g] = (ss_v4)(exponent | SS_USPLAT(0x4330000000000000ULL)) - SS_SPLAT(0x1p52 + 1023);
        f[g] = (m - SS_SPLAT(1)) / (m + SS_SPLAT(1));
        s[g] = f[g] * f[g];
        p[g] = SS_SPLAT(LOG_FIRST);
    }
    for (size_t c = 0; c < sizeof LOG_C / sizeof *LOG_C; c++)
        EACH p[g] = p[g] * s[g] + SS_SPLAT(LOG_C[c]);
    /* e^z = 2^n e^r */
    EACH {
        const ss_v4 twof = f[g] + f[g], lnm = twof + twof * (s[g] * p[g]);
        const ss_v4 lnx = k[g] * SS_SPLAT(LN2_HI) + (k[g] * SS_SPLAT(LN2_LO) + lnm);
        z[g] = y[g] * lnx;
        t[g] = z[g] * SS_SPLAT(1 / M_LN2) + SS_SPLAT(SS_ROUND_MAGIC);
        const ss_v4 n = t[g] - SS_SPLAT(SS_ROUND_MAGIC);
        r[g] = (z[g] - n * SS_SPLAT(LN2_HI)) - n * SS_SPLAT(LN2_LO);
        e[g] = SS_SPLAT(EXP_FIRST);
    }
    for (size_t c = 0; c < sizeof EXP_C / sizeof *EXP_C; c++)
        EACH e[g] = e[g] * r[g] + SS_SPLAT(EXP_C[c]);
    EACH {
        const ss_u4 two_n = (((ss_u4)t[g] - (ss_u4)SS_SPLAT(SS_ROUND_MAGIC)) + SS_USPLAT(1023))
                            << 52;
        const ss_v4 v = e[g] * (ss_v4)two_n;
        const ss_u4 ok = (ss_u4)(x[g] >= SS_SPLAT(DBL_MIN)) & (ss_u4)(x[g] <= SS_SPLAT(DBL_MAX)) &
                         (ss_u4)(z[g] < SS_SPLAT(700)) & (ss_u4)(z[g] > SS_SPLAT(-700));
        const ss_v4 result = SS_PICK(ok, v, SS_SPLAT(NAN));
        memcpy(out + g * LANES, &result, sizeof result);
    }
}
#undef EACH

/* The lanes of the first n_groups groups that pow_groups left NaN,
 * outside its domain, take libm's pow; returns how many. The check is a
 * comparison of vectors a group: such lanes are rare (a closed link's
 * infinite cost). */
static inline __attribute__((always_inline)) size_t outside(const double *x, const double *y,
                                                            double *out, size_t n_groups)
{
    size_t count = 0;
    for (size_t g = 0; g < n_groups; g++) {
        ss_v4 v;
        memcpy(&v, out + g * LANES, sizeof v);
        const ss_u4 nan = (ss_u4)(v != v);
        unsigned long long any = 0;
        for (size_t l = 0; l < LANES; l++)
            any |= nan[l];
        if (any)
            for (size_t q = g * LANES; q < (g + 1) * LANES; q++)
                if (isnan(out[q])) {
                    out[q] = pow(x[q], y[q]);
                    count++;
                }
    }
    return count;
}

/* out = x^y for n_groups groups, `side` of them (a constant that divides
 * n_groups) side by side; returns how many took libm's pow. */
static inline __attribute__((always_inline)) size_t
powers(const double *x, const double *y, double *out, size_t n_groups, size_t side)
{
    for (size_t g = 0; g < n_groups; g += side)
        pow_groups(x + g * LANES, y + g * LANES, out + g * LANES, side);
    return outside(x, y, out, n_groups);
}

/* Whether no value of a chunk is exactly 1 (a sum, which vectorises). */
static inline __attribute__((always_inline)) int none_one(const double *x)
{
    size_t other = 0;
    for (size_t q = 0; q < CHUNK; q++)
        other += x[q] != 1;
    return other == CHUNK;
}

/* An x of exactly 1 gives 1 whatever y (pow_groups gives exactly 1 for
 * 1^y with y finite, and pow(1, y) is 1 for the rest), and demand's costs
 * are often 1 (every link that no sanction or mark-up moves: half of them
 * in the default scenario's sanctioned months). A whole chunk of the row
 * with no 1 in it is computed where it lies; elsewhere the values other
 * than 1 are gathered, without a branch, until they fill a chunk. Each
 * lane is computed alone, so its bits do not depend on which values share
 * its group or how many groups go side by side. Always inlined, side a
 * constant. */
static inline __attribute__((always_inline)) size_t
vpow_any(size_t n, const double *x, const double *y, double *out, size_t side)
{
    double gx[CHUNK], gy[CHUNK], got[CHUNK];
    size_t at[CHUNK], used = 0, count = 0;
    for (size_t q0 = 0; q0 < n; q0 += CHUNK) {
        const size_t len = n - q0 < CHUNK ? n - q0 : CHUNK;
        if (len == CHUNK && none_one(x + q0)) {
            count += powers(x + q0, y + q0, out + q0, CHUNK / LANES, side);
            continue;
        }
        for (size_t q = q0; q < q0 + len; q++) {
            const double xq = x[q];
            gx[used] = xq;
            gy[used] = y[q];
            at[used] = q;
            out[q] = 1;
            used += xq != 1;
            if (used == CHUNK) {
                count += powers(gx, gy, got, CHUNK / LANES, side);
                for (size_t u = 0; u < CHUNK; u++)
                    out[at[u]] = got[u];
                used = 0;
            }
        }
    }
    /* The last values gathered, their last group padded with 1^0, a
     * group at a time. */
    for (size_t u = used; u % LANES; u++) {
        gx[u] = 1;
        gy[u] = 0;
    }
    count += powers(gx, gy, got, (used + LANES - 1) / LANES, 1);
    for (size_t u = 0; u < used; u++)
        out[at[u]] = got[u];
    return count;
}

/* Without AVX-512 a group at a time: with AVX2, eight side by side were
 * slower (GCC 12 did not unroll their loops for it). */
SS_CLONES static size_t vpow_narrow(size_t n, const double *x, const double *y, double *out)
{
    return vpow_any(n, x, y, out, 1);
}

#ifdef SS_WIDE
SS_WIDE static size_t vpow_wide(size_t n, const double *x, const double *y, double *out)
{
    return vpow_any(n, x, y, out, GROUPS);
}
#endif

size_t ss_vpow(size_t n, const double *restrict x, const double *restrict y, double *restrict out)
{
#ifdef SS_WIDE
    if (ss_wide())
        return vpow_wide(n, x, y, out);
#endif
    return vpow_narrow(n, x, y, out);
}
