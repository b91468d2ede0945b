/* Unit tests for model/powrow.c: ss_pow_row must give libm's pow bit for
 * bit, on random rows (the detour factors' range and wider, exponents up
 * to the fast path's 4096), on special values and the cases a review
 * found, in place and at every row length; its fast path must answer most
 * values; and the pair each value is rounded from must lie within 2^-60.5
 * of x^y by long double powl (2^-59.6 is what the rounding test assumes,
 * powl's own error is about 2^-63), and the products' pair of an integer
 * exponent within 2^-90 of x^y in __float128 (its wider margin assumes
 * 2^-40 of a last place). */
#include "check.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* The pairs of the last row, scaled to the value's size: summed, and
 * each half. */
static long double seen[64];
static double seen_h[64], seen_l[64];
static size_t seen_count;
#define SS_POWROW_SEE_PAIR(h, l, exponent_bits)                                                    \
    do {                                                                                           \
        for (int lane_ = 0; lane_ < 4 && seen_count < 64; lane_++) {                               \
            double h_, l_;                                                                         \
            unsigned long long hb_ = ((ss_u4)(h))[lane_] + (exponent_bits)[lane_],                 \
                               lb_ = ((ss_u4)(l))[lane_] + (exponent_bits)[lane_];                 \
            memcpy(&h_, &hb_, sizeof h_);                                                          \
            /* l's scaling is exact unless it is 0 or would leave the normal range */              \
            memcpy(&l_, &lb_, sizeof l_);                                                          \
            if ((l)[lane_] == 0)                                                                   \
                l_ = 0;                                                                            \
            seen_h[seen_count] = h_;                                                               \
            seen_l[seen_count] = l_;                                                               \
            seen[seen_count++] = (long double)h_ + (long double)l_;                                \
        }                                                                                          \
    } while (0)
#include "powrow.c"

static int fast_machine(void)
{
#ifdef SS_POWROW_FAST
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/* A reproducible uniform number in [0, 1) (a 64-bit LCG, Knuth's MMIX
 * constants). */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) * 0x1p-53;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

/* Rows of x uniform in [lo, hi) with exponent y: how many values differ
 * from pow, and the share libm computed. */
static void random_rows(double lo, double hi, double y, size_t rows, uint64_t seed, size_t *differ,
                        double *libm_share)
{
    enum { N = 1000 };
    double x[N], out[N];
    size_t from_libm = 0;
    *differ = 0;
    for (size_t r = 0; r < rows; r++) {
        for (size_t q = 0; q < N; q++)
            x[q] = lo + (hi - lo) * uniform(&seed);
        from_libm += ss_pow_row(N, x, y, out);
        for (size_t q = 0; q < N; q++)
            *differ += !same_bits(out[q], pow(x[q], y));
    }
    *libm_share = (double)from_libm / (double)(rows * N);
}

static void test_random_rows(void)
{
    /* Detour costs g in [1, 4] with the shipped exponents -theta/nest
     * (4/0.13) and -theta (4); a wide range of x with random exponents;
     * x near 1; positive exponents. */
    /* Also the scenarios' largest exponent, -theta/nest = -100/0.05, near
     * the fast path's limit of 4096 and x near 1 with them. The integer
     * exponents of the products' path (1 to 8 either way) over a wide
     * range, and the range's ends, 2^-60 and 2^60, on either side. */
    const struct {
        double lo, hi, y;
        double least, most; /* the share libm computes; 0, 0: near 4 % */
    } cases[] = {{1, 4, -4 / 0.13, 0, 0},
                 {1, 4, -4, 0, 0},
                 {1e-3, 1e3, -7.3, 0, 0},
                 {0.999, 1.001, -61.9, 0, 0},
                 {0.2, 5, 2.5, 0, 0},
                 {1e-6, 1e6, -0.37, 0, 0},
                 {1, 1.0001, -4, 0, 0},
                 {1, 1.2, -2000, 0, 0},
                 {0.9, 1.1, 4000, 0, 0},
                 {1, 1 + 1e-9, -4096, 0, 0},
                 {0.99, 1.01, 1400.5, 0, 0},
                 {1, 1.02, -1666.6666666666667, 0, 0},
                 {1e-3, 1e3, -4, 0, 0},
                 {1e-3, 1e3, -1, 0, 0},
                 {1e-3, 1e3, 1, 0, 1e-9}, /* x^1 = x exactly: none */
                 {1e-3, 1e3, 2, 0, 0},
                 {0.1, 10, -3, 0, 0},
                 {0.1, 10, 5, 0, 0},
                 {0.5, 2, -8, 0, 0},
                 {0.5, 2, 8, 0, 0},
                 {1, 1.0001, -7, 0, 0},
                 /* a third of x below 2^-60, two thirds above 2^60, all
                  * below 2^-60: libm's */
                 {0x1p-61, 0x1p-59, -8, 1.0 / 3, 0.45},
                 {0x1p59, 0x1p61, 8, 2.0 / 3, 0.75},
                 {1e-30, 1e-20, -2, 1, 1}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t differ;
        double share;
        random_rows(cases[c].lo, cases[c].hi, cases[c].y, 200, 17 + c, &differ, &share);
        CHECK(differ == 0);
        if (fast_machine() && cases[c].most == 0) /* near 4 % by the rounding test's margin */
            CHECK(share > 0.005 && share < 0.1);
        else if (fast_machine())
            CHECK(share >= cases[c].least && share <= cases[c].most);
        else
            CHECK(share == 1);
    }
}

static void test_special_values(void)
{
    const double xs[] = {1,       0,        -0.0,        -2,         0x1p-1074, 0x1p-1022,
                         DBL_MAX, INFINITY, -INFINITY,   NAN,        1e300,     1e-300,
                         2,       0.5,      1 + 0x1p-52, 1 - 0x1p-53};
    const double ys[] = {-4,  0,   2.5,  3,        -0.5,      600,    -600,
                         NAN, 1e6, -3e7, INFINITY, -INFINITY, 1e-300, 4096.5};
    enum { NX = sizeof xs / sizeof xs[0] };
    for (size_t b = 0; b < sizeof ys / sizeof ys[0]; b++) {
        double out[NX];
        ss_pow_row(NX, xs, ys[b], out);
        int all = 1;
        for (size_t q = 0; q < NX; q++)
            all &= same_bits(out[q], pow(xs[q], ys[b]));
        CHECK(all);
    }
}

/* Values a review found wrong in a first version (a term of ln x left out,
 * and ln x unnormalised before the product with a large y). */
static void test_found_in_review(void)
{
    const double cases[][2] = {{0x1.03eec6b650696p+0, 0x1.5ep+10},
                               {0x1.0bffea45ca837p+0, -0x1.f4p+10},
                               {0x1.0dffca70c5044p+0, -1666.6666666666667},
                               {0x1.03fa0a5f2a644p+0, 0x1.f8d690ff32062p+10},
                               {0x1.0000000001p+0, 0x1p+34},
                               {0x1.00000004p+0, 0x1p+25},
                               {0x1.00001p+0, 0x1p+20},
                               {1, 1e6},
                               {1, -0x1.5p+19}};
    int all = 1;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double out;
        ss_pow_row(1, &cases[c][0], cases[c][1], &out);
        all &= same_bits(out, pow(cases[c][0], cases[c][1]));
    }
    CHECK(all);
}

/* Every length from 0 to 150 (the chunks of 64 and the groups of four
 * padded), written in place. */
static void test_lengths_in_place(void)
{
    uint64_t seed = 5;
    int all = 1;
    for (size_t n = 0; n <= 150; n++) {
        double x[150] = {0}, want[150] = {0};
        for (size_t q = 0; q < n; q++) {
            x[q] = 1 + 3 * uniform(&seed);
            want[q] = pow(x[q], -30.1);
        }
        ss_pow_row(n, x, -30.1, x);
        for (size_t q = 0; q < n; q++)
            all &= same_bits(x[q], want[q]);
    }
    CHECK(all);
}

/* The pairs against powl, where long double has its 64 bits (valgrind
 * computes it in double). */
static void test_pair_accuracy(void)
{
    volatile long double one = 1, tiny = 0x1p-63L;
    if (!fast_machine() || one + tiny == one) {
        printf("pair accuracy not checked: %s\n",
               fast_machine() ? "long double is double here" : "no AVX2 and FMA");
        return;
    }
    uint64_t seed = 99;
    long double worst = 0;
    size_t count = 0;
    for (size_t r = 0; r < 3000; r++) {
        double x[64], out[64];
        /* exponents up to 64, and up to the fast path's 4096 with x near 1;
         * every fifth row an integer exponent of the products' path */
        const double y = r % 5 == 4   ? (double)(1 + r / 5 % 8) * (r / 5 % 2 ? -1 : 1)
                         : r % 3 == 0 ? -4 / 0.13
                         : r % 3 == 1 ? 128 * uniform(&seed) - 64
                                      : 8192 * uniform(&seed) - 4096;
        const double lo = r % 3 == 2 ? 0.995 : r % 2 ? 1 : 1e-3;
        const double hi = r % 3 == 2 ? 1.005 : r % 2 ? 4 : 1e3;
        for (size_t q = 0; q < 64; q++)
            x[q] = lo + (hi - lo) * uniform(&seed);
        seen_count = 0;
        ss_pow_row(64, x, y, out);
        for (size_t q = 0; q < seen_count; q++) {
            if (fabs(y * log(x[q])) >= 500)
                continue;
            const long double exact = powl(x[q], y), err = fabsl(seen[q] - exact) / exact;
            worst = err > worst ? err : worst;
            count++;
        }
    }
    printf("pairs: worst relative distance from powl 2^%.1f over %zu values\n",
           (double)log2l(worst), count);
    CHECK(count > 100000);
    CHECK(worst < 0x1.6a09e667f3bcdp-61L); /* 2^-60.5 */
}

/* The products' pairs (integer exponents) against x^y in __float128
 * (113 bits, a few roundings): within 2^-90, far inside the 2^-40 of a
 * last place that their wider rounding margin assumes (docs/model.md,
 * "Integer exponents"; measured about 2^-103). */
static void test_int_pair_accuracy(void)
{
    if (!fast_machine()) {
        printf("products' pairs not checked: no AVX2 and FMA\n");
        return;
    }
    uint64_t seed = 7;
    double worst = 0;
    size_t count = 0;
    for (size_t r = 0; r < 2000; r++) {
        const int y = (int)(1 + r % 8) * (r / 8 % 2 ? -1 : 1);
        double x[64], out[64];
        for (size_t q = 0; q < 64; q++) /* 2^-59 to 2^59, and within 2^-20 of 1 */
            x[q] = r % 3 ? exp2(118 * uniform(&seed) - 59) : 1 + 0x1p-20 * uniform(&seed);
        seen_count = 0;
        ss_pow_row(64, x, y, out);
        for (size_t q = 0; q < seen_count; q++) {
            __float128 p = 1;
            for (int e = 0; e < (y < 0 ? -y : y); e++)
                p *= x[q];
            const __float128 exact = y < 0 ? 1 / p : p,
                             pair = (__float128)seen_h[q] + (__float128)seen_l[q];
            const double err = (double)((pair > exact ? pair - exact : exact - pair) / exact);
            worst = err > worst ? err : worst;
            count++;
        }
    }
    printf("products' pairs: worst relative distance 2^%.1f over %zu values\n", log2(worst), count);
    CHECK(count == 2000 * 64);
    CHECK(worst < 0x1p-90);
}

int main(void)
{
    test_random_rows();
    test_special_values();
    test_found_in_review();
    test_lengths_in_place();
    test_pair_accuracy();
    test_int_pair_accuracy();
    return check_report();
}
