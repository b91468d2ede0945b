/* x^y for a row with one exponent (powrow.h), four lanes at a time.
 *
 * Each value is first computed as a pair of doubles hi + lo. Fused
 * multiply-adds give the exact errors of products, so the pairs need FMA;
 * the tables come from model/powrow_table.py.
 *   ln x = k ln 2 - ln(INV_C[i]) + ln(1 + r), with x = 2^k m, m in [1, 2),
 *          i the top 7 bits of m and 1 + r = m INV_C[i] (|r| < 2^-8, its
 *          series to r^8): a pair within 2^-74.5 of ln x;
 *   z = y ln x as a pair, within |y| 2^-74.5 of z; e^z = 2^(n/128) e^s
 *          with n the nearest integer to 128 z / ln 2 (|s| <= ln(2)/256,
 *          its series to s^6).
 * For |y| <= 4096 the pair is within 2^-62.5 of x^y relative to it
 * (measured: docs/model.md, "Computing the powers").
 * The pair rounded to a double, v, is the answer when the pair lies
 * within (0.478 - |z| 2^-14) ULP of v. glibc states its pow within
 * 0.511 + |z| 1.5 2^-15 ULP of the exact value (0.509 + |z| 1.3 2^-15
 * with FMA), and the pair leaves the exact value within 0.01 ULP of itself
 * (any relative error up to 2^-59.6), so every other double is too far to
 * be libm's answer. The values that fail the test (about 4 %), x = 1
 * (whose power is 1), any x outside the positive normal numbers, |z| of
 * 512 or more and |y| above 4096 go to libm's pow. An integer y with
 * |y| <= 8 takes products instead of ln and exp (int_pow_rounded): a far
 * closer pair, a wider margin (about 2.7 % to libm). */
#include "powrow.h"

#include <math.h>
#include <string.h>

/* The argument holds for glibc's pow; the pairs' exact sums and the NaN
 * that hands a value on need IEEE arithmetic as written. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__GLIBC__) && !defined(__FAST_MATH__) &&   \
    !__FINITE_MATH_ONLY__ && !defined(__ASSOCIATIVE_MATH__)
#include "powrow_table.h"
#include "simd.h"
#include <immintrin.h>

#define FAST __attribute__((target("avx2,fma")))
#define LANES FAST __attribute__((always_inline)) static inline
#define CHUNK 64 /* values per pass, kept in the first-level cache */
/* The largest |y| of the fast path: z's pair is within |y| 2^-74.5 of
 * z, 2^-62.5 at most. */
#define MAX_Y 4096
/* The largest |y| taken by products when y is an integer. */
#define MAX_INT_Y 8

typedef long long ss_i4 __attribute__((vector_size(4 * sizeof(long long))));

/* A test may look at each group's pair before it is rounded, with the
 * power of two that scales it (test_powrow.c). */
#ifndef SS_POWROW_SEE_PAIR
#define SS_POWROW_SEE_PAIR(h, l, exponent_bits)
#endif

/* a b - p, rounded once: with p = a b rounded, exactly its error. */
LANES ss_v4 fms(ss_v4 a, ss_v4 b, ss_v4 p)
{
    return (ss_v4)_mm256_fmsub_pd((__m256d)a, (__m256d)b, (__m256d)p);
}

LANES ss_v4 fma4(ss_v4 a, ss_v4 b, ss_v4 c)
{
    return (ss_v4)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
}

/* s + e = a + b exactly, s the rounded sum (Knuth's two-sum). */
LANES void two_sum(ss_v4 a, ss_v4 b, ss_v4 *s, ss_v4 *e)
{
    const ss_v4 sum = a + b, bv = sum - a;
    *s = sum;
    *e = (a - (sum - bv)) + (b - bv);
}

/* The same when |a| >= |b| (Dekker's). */
LANES void quick_two_sum(ss_v4 a, ss_v4 b, ss_v4 *s, ss_v4 *e)
{
    const ss_v4 sum = a + b;
    *s = sum;
    *e = b - (sum - a);
}

LANES ss_v4 lookup(const double *table, ss_u4 i)
{
    return (ss_v4){table[i[0]], table[i[1]], table[i[2]], table[i[3]]};
}

/* k of x = 2^k m, m in [1, 2), as a double, from x's bits. */
LANES ss_v4 exponent_of(ss_u4 bits)
{
    return (ss_v4)((bits >> 52) | SS_USPLAT(0x4330000000000000ULL)) - SS_SPLAT(0x1p52 + 1023);
}

/* z = y ln x as zh + zl, for four positive normal x. */
LANES void log_times(const double *xp, double y1, double *zhp, double *zlp)
{
    ss_v4 x;
    memcpy(&x, xp, sizeof x);
    const ss_v4 y = SS_SPLAT(y1);
    const ss_u4 bits = (ss_u4)x;
    const ss_v4 k = exponent_of(bits);
    const ss_v4 m =
        (ss_v4)((bits & SS_USPLAT(0x000fffffffffffffULL)) | SS_USPLAT(0x3ff0000000000000ULL));
    const ss_u4 i = (bits >> 45) & SS_USPLAT(127);
    const ss_v4 inv = lookup(INV_C, i);
    /* 1 + r + rl = m inv exactly; r = p - 1 is exact (p is near 1). */
    const ss_v4 p = m * inv, rl = fms(m, inv, p), r = p - SS_SPLAT(1);
    /* ln(1 + r + rl) = r - r^2/2 + r^3 (1/3 - r/4 + ... - r^5/8)
     *                  + rl (1 - r + r^2), to within 2^-75 (r^9/9) */
    const ss_v4 sq = r * r, sql = fms(r, r, sq);
    ss_v4 a, al;
    quick_two_sum(r, SS_SPLAT(-0.5) * sq, &a, &al);
    ss_v4 c = SS_SPLAT(-1.0 / 8);
    c = fma4(c, r, SS_SPLAT(1.0 / 7));
    c = fma4(c, r, SS_SPLAT(-1.0 / 6));
    c = fma4(c, r, SS_SPLAT(1.0 / 5));
    c = fma4(c, r, SS_SPLAT(-1.0 / 4));
    c = fma4(c, r, SS_SPLAT(1.0 / 3));
    ss_v4 t, tl, u, ul, lh, ll;
    two_sum(k * SS_SPLAT(LN2_HI), lookup(LOG_C_HI, i), &t, &tl); /* k LN2_HI is exact */
    two_sum(t, a, &u, &ul);
    /* The small terms (up to 2^-25) in a balanced tree, for a short chain;
     * then ln x = lh + ll normalised, so that zh is z rounded. */
    const ss_v4 lo =
        ((al - SS_SPLAT(0.5) * sql) + r * sq * c) +
        ((rl * ((SS_SPLAT(1) - r) + sq) + (lookup(LOG_C_LO, i) + k * SS_SPLAT(LN2_LO))) +
         (tl + ul));
    two_sum(u, lo, &lh, &ll);
    const ss_v4 zh = y * lh, zl = fms(y, lh, zh) + y * ll;
    memcpy(zhp, &zh, sizeof zh);
    memcpy(zlp, &zl, sizeof zl);
}

/* v = h + l rounded, and the lanes where it is libm's pow for sure (see
 * the top): the pair within (margin - |z| 2^-14) ULP of v, abs_z at least
 * |z|, and v no power of two (below one, its neighbour is half as far).
 * The margin is 0.478 for a pair within 0.01 ULP of x^y, and 0.488 for one
 * within 2^-40 ULP: x^y then lies within 0.489 - |z| 2^-14 ULP of v, and
 * every other double farther than glibc's 0.511 + |z| 1.5 2^-15. */
LANES ss_u4 rounded_pair(ss_v4 h, ss_v4 l, ss_v4 abs_z, double margin, ss_v4 *v)
{
    *v = h + l;
    const ss_v4 err = l - (*v - h);
    const ss_u4 vbits = (ss_u4)*v;
    const ss_v4 ulp = (ss_v4)((vbits & SS_USPLAT(0x7ff0000000000000ULL)) - SS_USPLAT(52ULL << 52));
    const ss_v4 abs_err = (ss_v4)((ss_u4)err & SS_USPLAT(0x7fffffffffffffffULL));
    return (ss_u4)(abs_err < (SS_SPLAT(margin) - abs_z * SS_SPLAT(0x1p-14)) * ulp) &
           (ss_u4)((vbits & SS_USPLAT(0x000fffffffffffffULL)) != SS_USPLAT(0));
}

/* e^(zh + zl) rounded, or NaN where libm must answer. */
LANES void exp_rounded(const double *xp, const double *zhp, const double *zlp, double *out)
{
    ss_v4 x, zh, zl;
    memcpy(&x, xp, sizeof x);
    memcpy(&zh, zhp, sizeof zh);
    memcpy(&zl, zlp, sizeof zl);
    const ss_v4 t = zh * SS_SPLAT(INV_STEP) + SS_SPLAT(SS_ROUND_MAGIC),
                nf = t - SS_SPLAT(SS_ROUND_MAGIC);
    const ss_i4 n = (ss_i4)((ss_u4)t - (ss_u4)SS_SPLAT(SS_ROUND_MAGIC));
    /* s + sl = z - n ln(2)/128: n STEP_HI is exact, and so is its
     * difference from zh (Sterbenz). */
    ss_v4 s, sl;
    two_sum(zh - nf * SS_SPLAT(STEP_HI), zl - nf * SS_SPLAT(STEP_LO), &s, &sl);
    /* e^s - 1 = w + wl: s + s^2/2 as a pair, the rest in one double */
    const ss_v4 sq = s * s, sql = fms(s, s, sq);
    ss_v4 w, wl;
    quick_two_sum(s, SS_SPLAT(0.5) * sq, &w, &wl);
    ss_v4 c = SS_SPLAT(1.0 / 720);
    c = fma4(c, s, SS_SPLAT(1.0 / 120));
    c = fma4(c, s, SS_SPLAT(1.0 / 24));
    c = fma4(c, s, SS_SPLAT(1.0 / 6));
    wl = (wl + SS_SPLAT(0.5) * sql) + ((sl + s * sl) + s * sq * c);
    /* 2^(j/128) (1 + w + wl), j = n mod 128 */
    const ss_u4 j = (ss_u4)n & SS_USPLAT(127);
    const ss_v4 th = lookup(EXP2_HI, j), tl = lookup(EXP2_LO, j);
    const ss_v4 q = th * w, ql = fms(th, w, q);
    ss_v4 h, l;
    quick_two_sum(th, q, &h, &l);
    l = (l + ql) + (th * wl + (tl + tl * w));
    SS_POWROW_SEE_PAIR(h, l, (ss_u4)(n >> 7) << 52);
    const ss_v4 abs_z = (ss_v4)((ss_u4)zh & SS_USPLAT(0x7fffffffffffffffULL));
    ss_v4 v;
    const ss_u4 ok = rounded_pair(h, l, abs_z, 0.478, &v) & (ss_u4)(x >= SS_SPLAT(0x1p-1022)) &
                     (ss_u4)(x <= SS_SPLAT(0x1.fffffffffffffp1023)) & (ss_u4)(x != SS_SPLAT(1)) &
                     (ss_u4)(abs_z < SS_SPLAT(512));
    /* times 2^(n div 128), adding to the exponent: v is near 1 and
     * |n / 128| < 740, so the result stays a normal number. */
    const ss_u4 scaled = (ss_u4)v + ((ss_u4)(n >> 7) << 52);
    const ss_v4 result = SS_PICK(ok, (ss_v4)scaled, SS_SPLAT(NAN));
    memcpy(out, &result, sizeof result);
}

/* x^y for an integer y, 1 <= |y| <= MAX_INT_Y, rounded, or NaN where libm
 * must answer. x^|y| is taken as a pair by products, each within about
 * 2^-104 of the exact product of the pair and x; for y < 0 then its
 * reciprocal, 1/h rounded and corrected by its remainder (1 - r h is
 * exact for r = 1/h rounded), within about 2^-103: far closer to x^y
 * than the exp path's pair, so that the rounding test takes the wider
 * margin (fewer values go to libm), with no logarithm or exponential. x
 * is kept in [2^-60, 2^60], so that no product leaves the normal range,
 * and |z| = |y ln x| is bounded by |y| (|k| + 1) ln 2 for x = 2^k m, m in
 * [1, 2). */
LANES void int_pow_rounded(const double *xp, int y, double *out)
{
    ss_v4 x;
    memcpy(&x, xp, sizeof x);
    const int times = y < 0 ? -y : y;
    ss_v4 h = x, l = SS_SPLAT(0);
    for (int e = 1; e < times; e++) {
        const ss_v4 p = h * x, pl = fms(h, x, p) + l * x;
        quick_two_sum(p, pl, &h, &l);
    }
    if (y < 0) {
        const ss_v4 r = SS_SPLAT(1) / h, rest = -fms(r, h, SS_SPLAT(1)) - r * l;
        quick_two_sum(r, r * rest, &h, &l);
    }
    SS_POWROW_SEE_PAIR(h, l, SS_USPLAT(0));
    const ss_v4 k = exponent_of((ss_u4)x);
    const ss_v4 abs_k = (ss_v4)((ss_u4)k & SS_USPLAT(0x7fffffffffffffffULL));
    const ss_v4 z_bound = SS_SPLAT(0.6932 * times) * (abs_k + SS_SPLAT(1));
    ss_v4 v;
    const ss_u4 ok = rounded_pair(h, l, z_bound, 0.488, &v) & (ss_u4)(x >= SS_SPLAT(0x1p-60)) &
                     (ss_u4)(x <= SS_SPLAT(0x1p60)) & (ss_u4)(x != SS_SPLAT(1));
    const ss_v4 result = SS_PICK(ok, v, SS_SPLAT(NAN));
    memcpy(out, &result, sizeof result);
}

/* The row in chunks, each in two passes (logarithms, then exponentials),
 * or one of products for an integer exponent: a short chain of dependent
 * operations per pass lets the processor overlap several groups of four. */
FAST static size_t pow_row_fast(size_t n, const double *x, double y, double *out)
{
    size_t from_libm = 0;
    double xs[CHUNK], zh[CHUNK], zl[CHUNK], v[CHUNK];
    /* A small integer exponent, as theta's default 4, by products. */
    const int int_y = fabs(y) >= 1 && fabs(y) <= MAX_INT_Y && y == (int)y ? (int)y : 0;
    for (size_t start = 0; start < n; start += CHUNK) {
        const size_t count = n - start < CHUNK ? n - start : CHUNK,
                     lanes = (count + 3) & ~(size_t)3;
        memcpy(xs, x + start, count * sizeof *xs);
        for (size_t q = count; q < lanes; q++)
            xs[q] = 2;
        if (int_y)
            for (size_t q = 0; q < lanes; q += 4)
                int_pow_rounded(xs + q, int_y, v + q);
        else {
            for (size_t q = 0; q < lanes; q += 4)
                log_times(xs + q, y, zh + q, zl + q);
            for (size_t q = 0; q < lanes; q += 4)
                exp_rounded(xs + q, zh + q, zl + q, v + q);
        }
        for (size_t q = 0; q < count; q++)
            if (isnan(v[q])) {
                v[q] = xs[q] == 1 ? 1 : pow(xs[q], y);
                from_libm += xs[q] != 1;
            }
        memcpy(out + start, v, count * sizeof *out);
    }
    return from_libm;
}

#define SS_POWROW_FAST
#endif

size_t ss_pow_row(size_t n, const double *x, double y, double *out)
{
#ifdef SS_POWROW_FAST
    if (fabs(y) <= MAX_Y && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return pow_row_fast(n, x, y, out);
#endif
    for (size_t q = 0; q < n; q++)
        out[q] = pow(x[q], y);
    return n;
}
