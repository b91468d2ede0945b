/* The writer layer's number room (see numfmt.h): "%.Pg" without printf.
 *
 * A finite, normal double is m 2^e with m < 2^53. Its P significant digits
 * are D = round(m 2^e / 10^q) with q = E - (P - 1), E its decimal exponent.
 * D and the remainder are computed exactly in 128-bit integers, and the
 * remainder compared with one half decides the rounding, ties to even, as
 * glibc's printf rounds the exact binary value. E is first estimated from
 * the binary exponent and corrected when D has too many or too few digits.
 * The text then follows C11 7.21.6.1 for %g without '#': fixed notation
 * when -4 <= E < P, exponential otherwise (two exponent digits at least),
 * trailing zeros and a trailing point removed. */
#include "numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;

static const uint64_t p64[20] = {1ULL,
                                 10ULL,
                                 100ULL,
                                 1000ULL,
                                 10000ULL,
                                 100000ULL,
                                 1000000ULL,
                                 10000000ULL,
                                 100000000ULL,
                                 1000000000ULL,
                                 10000000000ULL,
                                 100000000000ULL,
                                 1000000000000ULL,
                                 10000000000000ULL,
                                 100000000000000ULL,
                                 1000000000000000ULL,
                                 10000000000000000ULL,
                                 100000000000000000ULL,
                                 1000000000000000000ULL,
                                 10000000000000000000ULL};

/* 10^p for p from -22 to 22, at pow10_dbl[p + 22]. */
static const double pow10_dbl[45] = {1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14,
                                     1e-13, 1e-12, 1e-11, 1e-10, 1e-9,  1e-8,  1e-7,  1e-6,  1e-5,
                                     1e-4,  1e-3,  1e-2,  1e-1,  1,     1e1,   1e2,   1e3,   1e4,
                                     1e5,   1e6,   1e7,   1e8,   1e9,   1e10,  1e11,  1e12,  1e13,
                                     1e14,  1e15,  1e16,  1e17,  1e18,  1e19,  1e20,  1e21,  1e22};

/* 10^p for p from 0 to 38. */
static u128 pow10_128(int p)
{
    u128 r = p64[p < 19 ? p : 19];
    return p > 19 ? r * p64[p - 19] : r;
}

/* D = num / den, and how the remainder compares with half of den. */
static int divided(u128 num, u128 den, u128 *D, int *half)
{
    *D = num / den;
    const u128 rem = num % den;
    *half = rem < den - rem ? -1 : rem > den - rem;
    return 0;
}

/* D = floor(m 2^e / 10^q) and how the remainder compares with one half
 * (*half: -1 below, 0 equal, 1 above); -1 when 128 bits do not hold it. */
static int scaled(uint64_t m, int e, int q, u128 *D, int *half)
{
    u128 den;
    if (q <= 0) {
        if (-q > 22) /* m 10^22 < 2^127 */
            return -1;
        const u128 num = (u128)m * pow10_128(-q);
        if (e >= 0) {
            if (e > 126 || (num >> (127 - e)) != 0)
                return -1;
            *D = num << e;
            *half = -1; /* exact */
            return 0;
        }
        if (-e > 126)
            return -1;
        if (-e < 64) { /* the usual shift, in 64-bit halves */
            const int sh = -e;
            const uint64_t hi = (uint64_t)(num >> 64), lo = (uint64_t)num;
            const uint64_t rem = lo & ((1ULL << sh) - 1), h = 1ULL << (sh - 1);
            *D = (u128)(hi >> sh) << 64 | (hi << (64 - sh) | lo >> sh);
            *half = rem < h ? -1 : rem > h;
            return 0;
        }
        u128 mask = ((u128)1 << -e) - 1, rem = num & mask, h = (u128)1 << (-e - 1);
        *D = num >> -e;
        *half = rem < h ? -1 : rem > h;
        return 0;
    }
    if (q > 38)
        return -1;
    den = pow10_128(q);
    if (e >= 0) {
        if (e > 74)
            return -1;
        return divided((u128)m << e, den, D, half);
    }
    if (-e > 126 || (den >> (126 + e)) != 0)
        return -1;
    return divided(m, den << -e, D, half);
}

/* The prec significant digits of m 2^e in *D and the decimal exponent of
 * the rounded value in *E; -1 when the exact way is out of reach. */
static int digits(double a, uint64_t m, int e, int binexp, int prec, uint64_t *D, int *E)
{
    /* floor(binexp log10 2), or one less (78913 / 2^18 ~ log10 2); then one
     * more when a reaches the next power of 10 (rounded powers below 1 may
     * err, which the check of D's digits below corrects). */
    int x = binexp >= 0 ? (binexp * 78913) >> 18 : -((-binexp * 78913 + 262143) >> 18);
    if (x >= -22 && x < 22 && a >= pow10_dbl[x + 23])
        x++;
    const u128 lo = p64[prec - 1], hi = p64[prec];
    /* Most values: a 10^-q rounded once in double is within u |D| of the
     * exact D (u = 2^-53, |D| < 10^(prec + 1) even when x is one short),
     * so when its fraction is farther than that from one half, rounding it
     * gives the exact D's rounding. (t < 2^52, so y - t is exact.) */
    const int q = x - (prec - 1);
    if (prec <= 14 && q >= -22 && q <= 22) {
        const double y = q <= 0 ? a * pow10_dbl[22 - q] : a / pow10_dbl[22 + q];
        const uint64_t t = (uint64_t)y;
        const double frac = y - (double)t;
        if (fabs(frac - 0.5) > (double)p64[prec + 1] * 0x1p-52) {
            const uint64_t r = t + (frac > 0.5);
            if (r >= lo && r < hi) {
                *D = r;
                *E = x;
                return 0;
            }
        }
    }
    u128 d = 0;
    int half = -1, tries = 0;
    for (; tries < 4; tries++) {
        if (scaled(m, e, x - (prec - 1), &d, &half))
            return -1;
        if (d >= hi)
            x++;
        else if (d < lo)
            x--;
        else
            break;
    }
    if (tries == 4)
        return -1;
    if (half > 0 || (half == 0 && (d & 1)))
        d++;
    if (d == hi) {
        d = lo;
        x++;
    }
    *D = (uint64_t)d;
    *E = x;
    return 0;
}

/* "00" to "99": two digits at a time. */
static const char two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";

/* The eight digits of x < 10^8, with leading zeros: two halves of four,
 * each two pairs, computed side by side. */
static inline void eight_digits(char *out, uint32_t x)
{
    const uint32_t a = x / 10000, b = x % 10000;
    memcpy(out, two_digits + 2 * (a / 100), 2);
    memcpy(out + 2, two_digits + 2 * (a % 100), 2);
    memcpy(out + 4, two_digits + 2 * (b / 100), 2);
    memcpy(out + 6, two_digits + 2 * (b % 100), 2);
}

/* The text of D (prec digits) at decimal exponent E, %g's way; returns
 * the end. */
static char *write_g(char *o, uint64_t D, int E, int prec)
{
    /* D < 10^17: its 17 digits with leading zeros end at buf + 24; dig is
     * its last prec. The fixed notations below copy 17 digits at a time
     * (a copy of fixed size, no call): what lands past the text is
     * overwritten or past its end, inside out's SS_FMT_G_SIZE bytes, and
     * what is read stays inside buf. */
    char buf[48] = {0};
    const uint64_t rest = D % 10000000000000000ULL;
    buf[7] = (char)('0' + D / 10000000000000000ULL);
    eight_digits(buf + 8, (uint32_t)(rest / 100000000));
    eight_digits(buf + 16, (uint32_t)(rest % 100000000));
    const char *dig = buf + 24 - prec;
    int nd = prec;
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    if (E < -4 || E >= prec) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        *o++ = E < 0 ? '-' : '+';
        int a = E < 0 ? -E : E;
        if (a >= 100)
            *o++ = (char)('0' + a / 100);
        *o++ = (char)('0' + a / 10 % 10);
        *o++ = (char)('0' + a % 10);
    } else if (E >= 0) {
        /* The E + 1 digits before the point, then the rest moved one place
         * on for it. */
        memcpy(o, dig, 17);
        if (nd > E + 1) {
            memcpy(o + E + 2, dig + E + 1, 16);
            o[E + 1] = '.';
            o += nd + 1;
        } else {
            o += E + 1;
        }
    } else {
        /* "0." and -E - 1 zeros before the digits. */
        memcpy(o, "0.000", 5);
        o += 1 - E;
        memcpy(o, dig, 17);
        o += nd;
    }
    return o;
}

/* 0 with the digits of v when this file formats it itself (*zero for
 * 0 and -0), -1 when snprintf must. */
static int own_digits(double v, int prec, uint64_t *D, int *E, int *zero)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int biased = (int)(bits >> 52 & 0x7FF);
    uint64_t frac = bits & ((1ULL << 52) - 1);
    *zero = biased == 0 && frac == 0;
    if (prec < 1 || prec > 17 || biased == 0x7FF || (biased == 0 && frac != 0))
        return -1;
    return *zero ? 0 : digits(fabs(v), frac | 1ULL << 52, biased - 1075, biased - 1023, prec, D, E);
}

int ss_fmt_g_own(double v, int prec)
{
    uint64_t D;
    int E, zero;
    return own_digits(v, prec, &D, &E, &zero) == 0;
}

size_t ss_fmt_g(char *out, double v, int prec)
{
    uint64_t D = 0;
    int E = 0, zero;
    char *o = out;
    if (own_digits(v, prec, &D, &E, &zero) != 0) {
        /* Cut short (and so the length of what is there) only when prec
         * is over 17, outside what this file is for. */
        int n = snprintf(out, SS_FMT_G_SIZE, "%.*g", prec, v);
        return n < 0 ? 0 : n < SS_FMT_G_SIZE ? (size_t)n : SS_FMT_G_SIZE - 1;
    }
    if (signbit(v))
        *o++ = '-';
    if (zero)
        *o++ = '0';
    else
        o = write_g(o, D, E, prec);
    *o = '\0';
    return (size_t)(o - out);
}
