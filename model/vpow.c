/* x^y eight at a time (vpow.h): x = 2^k m with m in [sqrt(1/2), sqrt(2)),
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

/* Eight doubles as one value (one AVX-512 register, two AVX2 ones). */
enum { LANES = 8 };
typedef double v8 __attribute__((vector_size(LANES * sizeof(double))));
typedef unsigned long long u8 __attribute__((vector_size(LANES * sizeof(unsigned long long))));
#define SPLAT(v) ((v8){(v), (v), (v), (v), (v), (v), (v), (v)})
#define USPLAT(v) ((u8){(v), (v), (v), (v), (v), (v), (v), (v)})
#define PICK(mask, a, b) ((v8)(((u8)(a) & (mask)) | ((u8)(b) & ~(mask))))

/* How many values the power takes at once, in groups of LANES. */
enum { CHUNK = 64, GROUPS = CHUNK / LANES };

/* The series' coefficients after their first, in Horner's order. */
static const double LOG_C[] = {1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                               1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3};
static const double EXP_C[] = {1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880,
                               1.0 / 40320,     1.0 / 5040,     1.0 / 720,     1.0 / 120,
                               1.0 / 24,        1.0 / 6,        1.0 / 2,       1,
                               1};
#define LOG_FIRST (1.0 / 21)
#define EXP_FIRST (1.0 / 6227020800) /* 1/13! */

/* out = x^y on groups of eight lanes, NaN on a lane outside the fast
 * domain. Each step runs over every group before the next step, so the
 * groups' chains of dependent operations (the two series) advance side by
 * side instead of one after the other: with AVX-512's 32 registers, eight
 * groups at once compute a row about twice as fast as one. Always inlined,
 * groups a constant. */
#define EACH for (size_t g = 0; g < groups; g++)
static inline __attribute__((always_inline)) void pow_groups(const double *xp, const double *yp,
                                                             double *out, size_t groups)
{
    v8 x[GROUPS], y[GROUPS], k[GROUPS], f[GROUPS], s[GROUPS], p[GROUPS], z[GROUPS], t[GROUPS],
        r[GROUPS], e[GROUPS];
    /* ln x = k ln 2 + ln m */
    EACH {
        memcpy(&x[g], xp + g * LANES, sizeof x[g]);
        memcpy(&y[g], yp + g * LANES, sizeof y[g]);
        const u8 bits = (u8)x[g];
        v8 m = (v8)((bits & USPLAT(0x000fffffffffffffULL)) | USPLAT(0x3ff0000000000000ULL));
        const u8 big = (u8)(m > SPLAT(M_SQRT2));
        m = PICK(big, m * SPLAT(0.5), m);
        const u8 exponent = (bits >> 52) - big; /* a set mask is -1 */
        k[g] = (v8)(exponent | USPLAT(0x4330000000000000ULL)) - SPLAT(0x1p52 + 1023);
        f[g] = (m - SPLAT(1)) / (m + SPLAT(1));
        s[g] = f[g] * f[g];
        p[g] = SPLAT(LOG_FIRST);
    }
    for (size_t c = 0; c < sizeof LOG_C / sizeof *LOG_C; c++)
        EACH p[g] = p[g] * s[g] + SPLAT(LOG_C[c]);
    /* e^z = 2^n e^r */
    EACH {
        const v8 twof = f[g] + f[g], lnm = twof + twof * (s[g] * p[g]);
        const v8 lnx = k[g] * SPLAT(LN2_HI) + (k[g] * SPLAT(LN2_LO) + lnm);
        z[g] = y[g] * lnx;
        t[g] = z[g] * SPLAT(1 / M_LN2) + SPLAT(SS_ROUND_MAGIC);
        const v8 n = t[g] - SPLAT(SS_ROUND_MAGIC);
        r[g] = (z[g] - n * SPLAT(LN2_HI)) - n * SPLAT(LN2_LO);
        e[g] = SPLAT(EXP_FIRST);
    }
    for (size_t c = 0; c < sizeof EXP_C / sizeof *EXP_C; c++)
        EACH e[g] = e[g] * r[g] + SPLAT(EXP_C[c]);
    EACH {
        const u8 two_n = (((u8)t[g] - (u8)SPLAT(SS_ROUND_MAGIC)) + USPLAT(1023)) << 52;
        const v8 v = e[g] * (v8)two_n;
        const u8 ok = (u8)(x[g] >= SPLAT(DBL_MIN)) & (u8)(x[g] <= SPLAT(DBL_MAX)) &
                      (u8)(z[g] < SPLAT(700)) & (u8)(z[g] > SPLAT(-700));
        const v8 result = PICK(ok, v, SPLAT(NAN));
        memcpy(out + g * LANES, &result, sizeof result);
    }
}
#undef EACH

/* The lanes of groups [0, groups) that pow_groups left NaN, outside its
 * domain, take libm's pow; returns how many. The check is a comparison of
 * vectors a group: such lanes are rare (a closed link's infinite cost). */
static inline __attribute__((always_inline)) size_t outside(const double *x, const double *y,
                                                            double *out, size_t groups)
{
    size_t count = 0;
    for (size_t g = 0; g < groups; g++) {
        v8 v;
        memcpy(&v, out + g * LANES, sizeof v);
        const u8 nan = (u8)(v != v);
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

/* out = x^y for the first `len` groups of a chunk, `groups` (a
 * constant that divides len) at a time; returns how many took libm's
 * pow. */
static inline __attribute__((always_inline)) size_t chunk(const double *x, const double *y,
                                                          double *out, size_t len, size_t groups)
{
    for (size_t g = 0; g < len; g += groups)
        pow_groups(x + g * LANES, y + g * LANES, out + g * LANES, groups);
    return outside(x, y, out, len);
}

/* An x of exactly 1 gives 1 whatever y (pow_groups gives exactly 1 for
 * 1^y with y finite, and pow(1, y) is 1 for the rest), and demand's costs
 * are often 1 (every link that no sanction or mark-up moves: half of them
 * in the default scenario's sanctioned months). A chunk of the row with
 * no 1 in it is computed where it lies; the other values other than 1 are
 * gathered, without a branch, until they fill a chunk. Each lane is
 * computed alone, so its bits do not depend on which values share its
 * group or how many groups go at once. */
static inline __attribute__((always_inline)) size_t vpow_any(size_t n, const double *x,
                                                             const double *y, double *out,
                                                             size_t groups)
{
    double gx[CHUNK], gy[CHUNK], got[CHUNK];
    size_t at[CHUNK], used = 0, count = 0;
    for (size_t q0 = 0; q0 < n; q0 += CHUNK) {
        const size_t len = n - q0 < CHUNK ? n - q0 : CHUNK;
        size_t moved = 0;
        for (size_t q = q0; q < q0 + len; q++)
            moved += x[q] != 1;
        if (moved == CHUNK) {
            count += chunk(x + q0, y + q0, out + q0, GROUPS, groups);
            continue;
        }
        for (size_t q = q0; q < q0 + len; q++) {
            gx[used] = x[q];
            gy[used] = y[q];
            at[used] = q;
            out[q] = 1;
            used += x[q] != 1;
            if (used == CHUNK) {
                count += chunk(gx, gy, got, GROUPS, groups);
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
    count += chunk(gx, gy, got, (used + LANES - 1) / LANES, 1);
    for (size_t u = 0; u < used; u++)
        out[at[u]] = got[u];
    return count;
}

/* With AVX-512 every group of the chunk at once; else one at a time (a
 * group is two AVX2 registers, and AVX2's 16 hold no more). */
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

size_t ss_vpow(size_t n, const double *x, const double *y, double *out)
{
#ifdef SS_WIDE
    if (ss_wide())
        return vpow_wide(n, x, y, out);
#endif
    return vpow_narrow(n, x, y, out);
}
