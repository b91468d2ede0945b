/* The fast "%.Pg" of src/numfmt.c against glibc's snprintf, byte for byte:
 * edge cases (zeros, subnormals, the extremes, infinities, NaN, rounding
 * ties, the switch between fixed and exponential notation) and millions of
 * values drawn over every exponent, at every precision from 1 to 17. Also
 * checks that the values of a run's tables take the formatter's own path,
 * so that the comparison tests the formatter and not snprintf against
 * itself. */
#include "check.h"
#include "numfmt.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void) /* xorshift64* */
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static double from_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static long mismatches, compared;

/* Compares one value at one precision; prints the first few mismatches. */
static void same(double v, int prec)
{
    char mine[SS_FMT_G_SIZE], ref[64];
    size_t n = ss_fmt_g(mine, v, prec);
    int m = snprintf(ref, sizeof ref, "%.*g", prec, v);
    compared++;
    if ((size_t)m != n || strcmp(mine, ref) != 0) {
        if (mismatches++ < 10)
            fprintf(stderr, "%%.%dg of %a: '%s', snprintf '%s'\n", prec, v, mine, ref);
    }
}

static void all_precisions(double v)
{
    for (int p = 1; p <= 17; p++) {
        same(v, p);
        same(-v, p);
    }
}

static void edge_cases(void)
{
    const double cases[] = {0.0,
                            -0.0,
                            1,
                            0.5,
                            0.25,
                            2.5,
                            1.5,
                            0.1,
                            1e-4,
                            9.99999999995e-5,
                            0.000099999999995,
                            1e-5,
                            123456,
                            1e9,
                            9999999999.5,
                            9999999999.0,
                            99999999995.0,
                            1e10,
                            12345678905.0,
                            12345678915.0,
                            1 + 1.0 / 1024, /* a tie at 10 significant digits */
                            1 + 3.0 / 2048,
                            4.9406564584124654e-324, /* the smallest subnormal */
                            2.2250738585072009e-308, /* the largest subnormal */
                            DBL_MIN,
                            DBL_MAX,
                            1e-300,
                            1e300,
                            1e-13,
                            1e-14,
                            1e22,
                            1e23,
                            9007199254740993.0,
                            18446744073709551616.0,
                            INFINITY,
                            NAN,
                            0.1 + 0.2,
                            1.0 / 3,
                            2.0 / 3};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        all_precisions(cases[i]);
}

/* Every bit pattern is as likely: every exponent, subnormals, NaNs. */
static void random_bits(long n)
{
    for (long i = 0; i < n; i++)
        same(from_bits(next()), (int)(next() % 17) + 1);
}

/* Magnitudes from 1e-20 to 1e25, as the tables hold, at the precisions
 * sanctsim writes (6, 10, 12, 15, 16, 17) and at random ones. */
static void log_uniform(long n)
{
    static const int precs[] = {6, 10, 12, 15, 16, 17};
    for (long i = 0; i < n; i++) {
        double u = (double)(next() >> 11) / 9007199254740992.0;
        double v = pow(10, -20 + 45 * u);
        same(v, precs[i % 6]);
        same(-v, (int)(next() % 17) + 1);
    }
}

/* Exact ties: odd multiples of 2^-k (the only binary fractions that can
 * end in a 5 at the rounding digit) and integers ending in 5. */
static void ties(long n)
{
    for (long i = 0; i < n; i++) {
        int k = (int)(next() % 60) + 1;
        double v = ldexp((double)((next() >> 11) | 1), -k);
        same(v, (int)(next() % 17) + 1);
        same((double)(((next() >> 20) / 10) * 10 + 5), (int)(next() % 17) + 1);
    }
}

/* Decimals of few digits, as world files give them (and where a value
 * rounded once in double lies nearest a half: the fast path's margin),
 * and the same plus or minus half a unit of their last digit. */
static void short_decimals(long n)
{
    for (long i = 0; i < n; i++) {
        const double scale = pow(10, (int)(next() % 12));
        const double d = (double)(next() % 100000000) / scale;
        same(d, (int)(next() % 17) + 1);
        same(d + 0.5 / scale, (int)(next() % 15) + 1);
        same(d - 0.5 / scale, (int)(next() % 15) + 1);
    }
}

/* The values of the run tables take the own path, at 10 digits. */
static void own_path(void)
{
    long own = 0, n = 100000;
    for (long i = 0; i < n; i++) {
        double u = (double)(next() >> 11) / 9007199254740992.0;
        own += ss_fmt_g_own(pow(10, -12 + 32 * u), 10);
    }
    CHECK(own == n);
    CHECK(ss_fmt_g_own(0.0, 10) && ss_fmt_g_own(-0.0, 10));
    CHECK(!ss_fmt_g_own(NAN, 10) && !ss_fmt_g_own(4.9406564584124654e-324, 10));
}

/* Beyond 17 digits (not a table's precision) the text is snprintf's, cut
 * to the buffer, and the length says what is there. */
static void long_precision(void)
{
    char out[SS_FMT_G_SIZE], ref[128];
    size_t n = ss_fmt_g(out, 1.0 / 3, 60);
    snprintf(ref, sizeof ref, "%.60g", 1.0 / 3);
    CHECK(n == strlen(out) && n == SS_FMT_G_SIZE - 1);
    CHECK(strncmp(out, ref, n) == 0);
    CHECK(ss_fmt_g(out, 0.5, 30) == 3 && strcmp(out, "0.5") == 0);
}

int main(void)
{
    long_precision();
    edge_cases();
    random_bits(1000000);
    log_uniform(1000000);
    ties(300000);
    short_decimals(300000);
    own_path();
    printf("%ld values compared\n", compared);
    CHECK(mismatches == 0);
    CHECK(compared > 3600000);
    return check_report();
}
