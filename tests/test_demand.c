/* Unit tests for model/demand.c: the CES demand weight C^(1-sigma) and the
 * importer's price index of docs/model.md section 5, for sigma = 4.7 and the
 * Cobb-Douglas limit sigma = 1. The reference price index is written in
 * the model's (docs/model.md) share form, P = (sum pi0 C^(1-sigma))^(1/(1-sigma)), and its
 * sigma -> 1 limit, the share-weighted geometric mean of the costs. */
#include "check.h"
#include "demand.h"
#include "vpow.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* vpow.c once more, built for the plain x86-64 base alone: the build that
 * machines without AVX2 run. */
#define SS_CLONES
#define ss_vpow ss_vpow_plain
#include "vpow.c"
#undef ss_vpow

/* An importer with three origins: itself, a sanctioned one and a third. */
static const double x0[3] = {520.9, 43.7, 8.74};
static const double cost[3] = {1.0, 1.311, 1.48};

static void test_weight(void)
{
    /* Weights take the exponent 1 - sigma. 1.23^(1-4.7) = exp(-3.7 ln 1.23)
     * = 0.46489094549. */
    CHECK_NEAR(ss_demand_weight_expo(1.23, 1 - 4.7), exp(-3.7 * log(1.23)), 1e-15);
    CHECK_NEAR(ss_demand_weight_expo(1.23, 1 - 4.7), 0.4648909454928887, 1e-14);
    /* A cheaper link gets more weight than 1: 0.85^-3.7 = 1.82452565678. */
    CHECK_NEAR(ss_demand_weight_expo(0.85, 1 - 4.7), 1.8245256567507804, 1e-13);
    /* Baseline cost: exactly 1. */
    CHECK(ss_demand_weight_expo(1.0, 1 - 4.7) == 1.0);
    /* A closed link gets nothing, whatever sigma. */
    CHECK(ss_demand_weight_expo(INFINITY, 1 - 4.7) == 0);
    CHECK(ss_demand_weight_expo(INFINITY, 0) == 0);
    /* Cobb-Douglas (sigma = 1): every open origin keeps its weight. */
    CHECK(ss_demand_weight_expo(1.7, 0) == 1.0);
    CHECK(ss_demand_weight_expo(2.385, 0) == 1.0);
    /* Close to sigma = 1 the weight tends to 1 continuously. */
    CHECK_NEAR(ss_demand_weight_expo(2.385, 1 - (1.0 + 1e-9)), 1.0, 1e-8);
}

/* A reproducible uniform number in [0, 1) (a 64-bit LCG, Knuth's MMIX
 * constants). */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) * 0x1p-53;
}

/* ss_vpow against libm's pow, on the costs the demand step meets (0.1 to
 * 10, and near 1) and exponents 1 - sigma down to -199 (sigma at most 200):
 * relative error at most (2 |y ln x| + 8) * 2^-52, the bound vpow.h
 * states, plus pow's own error of at most one unit of its last digit (the
 * reference is pow, not long double arithmetic, which valgrind does not
 * have). */
static void test_vpow_accuracy(void)
{
    enum { N = 20003 }; /* not a multiple of 4: the last lanes are padded */
    static double x[N], y[N], out[N];
    uint64_t state = 42;
    for (size_t q = 0; q < N; q++) {
        x[q] = q % 2 ? exp((uniform(&state) - 0.5) * 4.6) : 1 + (uniform(&state) - 0.5) * 0.02;
        y[q] = (q % 3 ? -39 : -199) * uniform(&state);
    }
    ss_vpow(N, x, y, out);
    double worst = 0; /* the largest error as a share of its bound */
    for (size_t q = 0; q < N; q++) {
        const double exact = pow(x[q], y[q]), rel = fabs((out[q] - exact) / exact);
        worst = fmax(worst, rel / ((2 * fabs(y[q] * log(x[q])) + 9) * DBL_EPSILON));
    }
    CHECK(worst <= 1);
    CHECK(worst > 0); /* it is not libm's pow: some values differ */
    /* Each value alone, through the padded lanes, is the value in its row:
     * no lane depends on its neighbours. */
    int alone = 1;
    for (size_t q = 0; q < 64; q++) {
        double one;
        ss_vpow(1, x + q, y + q, &one);
        alone &= one == out[q];
    }
    CHECK(alone);
    /* The build this machine picks (AVX-512 or AVX2 where it has them)
     * and the plain one give the same bits. */
    static double plain[N];
    ss_vpow_plain(N, x, y, plain);
    CHECK(memcmp(plain, out, sizeof out) == 0);
}

/* Values of exactly 1 among the others, in runs longer and shorter than
 * the values vpow.c gathers at once (64), and runs with no 1 (whole chunks
 * computed in place while others are being gathered): each one's power is
 * the one computed alone, and every 1 gives 1; the plain build agrees. */
static void test_vpow_gathered(void)
{
    enum { N = 1003 };
    static double x[N], y[N], out[N], plain[N];
    uint64_t state = 7;
    size_t ones = 0;
    for (size_t q = 0; q < N; q++) {
        /* Runs of 150: with every third value 1, then of ones with every
         * seventh value not, then with no 1. */
        const size_t run = (q / 150) % 3;
        const int one = run == 0 ? q % 3 == 0 : run == 1 && q % 7 != 0;
        x[q] = one ? 1 : exp((uniform(&state) - 0.5) * 4.6);
        y[q] = -39 * uniform(&state);
        ones += (size_t)one;
    }
    CHECK(ss_vpow(N, x, y, out) == 0);
    ss_vpow_plain(N, x, y, plain);
    int alone = 1, exact_one = 1;
    for (size_t q = 0; q < N; q++) {
        double one;
        ss_vpow(1, x + q, y + q, &one);
        alone &= one == out[q];
        if (x[q] == 1)
            exact_one &= out[q] == 1;
    }
    CHECK(ones > 300 && ones < 700); /* both kinds, many of each */
    CHECK(alone);
    CHECK(exact_one);
    CHECK(memcmp(plain, out, sizeof out) == 0);
}

/* Exact values, and those outside the fast domain, which take pow's. */
static void test_vpow_special(void)
{
    const double x[] = {1, 1.37, 0.5, 2, 8, INFINITY, 0, 1e-310, 3, NAN, 1e300};
    const double y[] = {-3.7, 0, -2, -10, -1.0 / 3, -3, -3, -1, -1000, 1, 3};
    const double want[] = {1, 1, 4, 1.0 / 1024, 0.5, 0, INFINITY, 0 /* below */, 0, NAN, INFINITY};
    double out[11];
    /* Six take pow's: infinity, 0, a subnormal, 3^-1000 and 1e300^3
     * (|y ln x| of 700 or more) and NaN. */
    CHECK(ss_vpow(11, x, y, out) == 6);
    for (size_t q = 0; q < 11; q++) {
        if (isnan(want[q]))
            CHECK(isnan(out[q]));
        else if (q == 7) /* 1/1e-310: pow's correctly rounded value */
            CHECK(out[q] == pow(1e-310, -1));
        else if (q == 4) /* 8^(-1/3): the exponent is rounded */
            CHECK_NEAR(out[q], 0.5, 4 * DBL_EPSILON);
        else
            CHECK(out[q] == want[q]);
    }
    /* Powers of two with integer exponents come out exact. */
    CHECK(out[2] == 4 && out[3] == 1.0 / 1024);
    /* Every x of exactly 1 gives 1 whatever y, as pow says, and takes no
     * pow (1^NaN included); the value that is not 1 is computed: 4^-0.5
     * = 0.5 exactly. */
    const double ones[8] = {1, 1, 1, 1, 1, 1, 1, 4};
    const double any[8] = {-3.7, NAN, INFINITY, -INFINITY, 1e300, NAN, 0, -0.5};
    double got[8];
    CHECK(ss_vpow(8, ones, any, got) == 0);
    int all = 1;
    for (size_t q = 0; q < 7; q++)
        all &= got[q] == 1 && pow(ones[q], any[q]) == 1;
    CHECK(all);
    CHECK(got[7] == 0.5);
}

/* Values outside the fast domain inside a whole chunk of 64 with no 1,
 * which is computed where it lies: they take pow's values, and are
 * counted; the others are the values computed alone. */
static void test_vpow_chunk_special(void)
{
    enum { N = 128 };
    double x[N], y[N], out[N];
    for (size_t q = 0; q < N; q++) {
        x[q] = 0.5 + (double)q / N;
        y[q] = -3.7;
    }
    x[64] = 2; /* the chunks are [0, 64) and [64, 128): no 1 in either */
    x[5] = INFINITY;
    x[6] = 0;
    x[70] = NAN;
    y[71] = NAN;
    CHECK(ss_vpow(N, x, y, out) == 4);
    CHECK(out[5] == 0 && out[6] == INFINITY && isnan(out[70]) && isnan(out[71]));
    int alone = 1;
    for (size_t q = 0; q < N; q++) {
        double one;
        ss_vpow(1, x + q, y + q, &one);
        alone &= one == out[q] || (isnan(one) && isnan(out[q]));
    }
    CHECK(alone);
}

/* The weights of a row with vpow: ss_demand_weight_expo's special values. */
static void test_weights_vpow(void)
{
    const double c[] = {1.0, INFINITY, INFINITY, 1.7, 1.23, 0.85};
    const double sigma[] = {4.7, 4.7, 1.0, 1.0, 4.7, 4.7};
    double expo[6], w[6];
    for (size_t q = 0; q < 6; q++)
        expo[q] = 1 - sigma[q];
    ss_demand_weights_vpow(6, c, expo, w);
    CHECK(w[0] == 1.0);
    CHECK(w[1] == 0 && w[2] == 0);
    CHECK(w[3] == 1.0);
    CHECK_NEAR(w[4], 0.4648909454928887, 1e-14);
    CHECK_NEAR(w[5], 1.8245256567507804, 1e-13);
}

static double reference_price(double sigma, int closed_last)
{
    double e = x0[0] + x0[1] + x0[2], acc = 0;
    for (int l = 0; l < 3; l++) {
        if (closed_last && l == 2)
            continue;
        double pi0 = x0[l] / e;
        acc += pi0 * exp((1 - sigma) * log(cost[l]));
    }
    return exp(log(acc) / (1 - sigma));
}

static void test_price_ces(void)
{
    const double sigma = 4.7, e0 = x0[0] + x0[1] + x0[2];
    double index = 0;
    for (int l = 0; l < 3; l++)
        index += x0[l] * ss_demand_weight_expo(cost[l], 1 - sigma);
    /* Hand value: index = 538.99443966, P = (538.994/573.34)^(1/-3.7). */
    CHECK_NEAR(index, 538.994439660061, 1e-10);
    double p = ss_demand_price(sigma, e0, index, 0);
    CHECK_NEAR(p, reference_price(sigma, 0), 1e-13);
    CHECK_NEAR(p, 1.016835732312133, 1e-13);
    /* The index lies between the cheapest and the dearest origin. */
    CHECK(p > 1.0 && p < 1.48);

    /* An origin closes (C = INFINITY): the price rises further. */
    double index2 = x0[0] * ss_demand_weight_expo(cost[0], 1 - sigma) +
                    x0[1] * ss_demand_weight_expo(cost[1], 1 - sigma) +
                    x0[2] * ss_demand_weight_expo(INFINITY, 1 - sigma);
    double p2 = ss_demand_price(sigma, e0, index2, 0);
    CHECK_NEAR(p2, reference_price(sigma, 1), 1e-13);
    CHECK(p2 > p);

    /* Baseline: index == e0 gives exactly 1. */
    CHECK(ss_demand_price(sigma, e0, e0, 0) == 1.0);
    /* No spending at all: nothing to price, P = 1. */
    CHECK(ss_demand_price(sigma, 0, 0, 0) == 1.0);
    /* Spending but nothing deliverable: infinite. */
    CHECK(isinf(ss_demand_price(sigma, e0, 0, 0)));
}

static void test_price_cobb_douglas(void)
{
    const double e0 = x0[0] + x0[1] + x0[2];
    double index = 0, logsum = 0;
    for (int l = 0; l < 3; l++) {
        index += x0[l] * ss_demand_weight_expo(cost[l], 0);
        logsum += x0[l] * log(cost[l]);
    }
    CHECK(index == e0);
    /* P = prod C^pi0, the geometric mean: 1.311^(43.7/573.34) *
     * 1.48^(8.74/573.34) = 1.02697330184. */
    double p = ss_demand_price(1.0, e0, index, logsum);
    double geo = pow(cost[1], x0[1] / e0) * pow(cost[2], x0[2] / e0);
    CHECK_NEAR(p, geo, 1e-14);
    CHECK_NEAR(p, 1.0269733018351417, 1e-13);
    /* It is the limit of the CES index as sigma -> 1 (error O(sigma - 1)). */
    CHECK_NEAR(reference_price(1.0 + 1e-6, 0), p, 1e-6);
    CHECK_NEAR(reference_price(1.001, 0), p, 1e-3);
    /* Baseline: logsum 0 gives exactly 1. */
    CHECK(ss_demand_price(1.0, e0, e0, 0) == 1.0);
    /* The header's convention with a closed origin: the mean is taken over
     * the open origins, weighted by their baseline flows:
     * exp(43.7 ln 1.311 / (520.9 + 43.7)) = 1.02118032808. */
    double open = x0[0] + x0[1];
    CHECK_NEAR(ss_demand_price(1.0, e0, open, x0[1] * log(cost[1])), 1.0211803280789522, 1e-13);
}

int main(void)
{
    test_weight();
    test_vpow_accuracy();
    test_vpow_gathered();
    test_vpow_special();
    test_vpow_chunk_special();
    test_weights_vpow();
    test_price_ces();
    test_price_cobb_douglas();
    return check_report();
}
