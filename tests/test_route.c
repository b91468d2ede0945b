/* Unit tests for model/route.c: the Frechet/logit route choice of MODEL.md
 * section 3 on a four-country world (origin 0, destination 1, two
 * intermediaries 2 and 3) in two sectors. The model multiplies legs that
 * are already raised to -theta; the reference here enumerates the routes
 * explicitly and raises each route's whole cost to -theta with pow().
 * The effective cost is the normalised one of model/route.h:
 * C = ((sum of route weights) / (1 + open))^(-1/theta), where open is the
 * detours' weight with both legs open and unpenalised. */
#include "check.h"
#include "route.h"

#include <math.h>
#include <string.h>

enum { N = 4, K = 2 };
static const double theta = 3.7;

/* Direct cost multipliers d[i][j][s] (1 where not set) and commissions. */
static double d[N * N * K], comm[N * K], g[N];
/* The arrays the model reads. */
static double leg_out[N * N * K], leg_in[N * N * K], fee[N * K], detour[N];

static size_t at(size_t i, size_t j, size_t s)
{
    return (i * N + j) * K + s;
}

static double neg_theta(double x)
{
    return isfinite(x) ? pow(x, -theta) : 0;
}

static void setup(void)
{
    for (size_t q = 0; q < N * N * K; q++)
        d[q] = 1;
    /* Sector 0: the direct link 0 -> 1 is banned; the leg 0 -> 2 carries a
     * 15 % penalty, the leg 3 -> 1 a 27 % penalty. */
    d[at(0, 1, 0)] = INFINITY;
    d[at(0, 2, 0)] = 1.15;
    d[at(3, 1, 0)] = 1.27;
    /* Sector 1: the direct link carries a 38.5 % penalty, 2 -> 1 costs 8 %
     * more, and 3 may not ship to 1 at all (3 sanctions 1 in sector 1). */
    d[at(0, 1, 1)] = 1.385;
    d[at(2, 1, 1)] = 1.08;
    d[at(3, 1, 1)] = INFINITY;
    comm[2 * K + 0] = 0.085;
    comm[3 * K + 0] = 0.12;
    comm[2 * K + 1] = 0.06;
    comm[3 * K + 1] = 0.20;
    g[0] = g[1] = 0; /* unused: i and j themselves */
    g[2] = 1.3;
    g[3] = 1.12;
    /* leg_out is pair-major; leg_in is importer-major (route.h):
     * leg_in[(j*n + m)*k + s] = d[m][j][s]^-theta. */
    for (size_t q = 0; q < N * N * K; q++)
        leg_out[q] = neg_theta(d[q]);
    for (size_t m = 0; m < N; m++)
        for (size_t j = 0; j < N; j++)
            for (size_t s = 0; s < K; s++)
                leg_in[at(j, m, s)] = neg_theta(d[at(m, j, s)]);
    for (size_t q = 0; q < N * K; q++)
        fee[q] = pow(1 + comm[q], -theta);
    detour[0] = detour[1] = 0; /* the header's rule: 0 where m is i or j */
    detour[2] = pow(g[2], -theta);
    detour[3] = pow(g[3], -theta);
}

/* Weight of the route 0 -> m -> 1 in sector s: the whole cost raised once. */
static double route_weight(size_t m, size_t s)
{
    double cost = d[at(0, m, s)] * d[at(m, 1, s)] * g[m] * (1 + comm[m * K + s]);
    return neg_theta(cost);
}

/* The same detour with both legs open: (g (1 + c))^-theta. */
static double open_weight(size_t m, size_t s)
{
    return neg_theta(g[m] * (1 + comm[m * K + s]));
}

static void test_sum(void)
{
    const size_t via[] = {0, 1, 2, 3};
    ss_route_ctx r = {N, K, leg_out, leg_in, fee, via, 4};
    const size_t sectors[] = {0, 1};
    /* The sum accumulates onto what the caller already holds. */
    double sum[2] = {0.5, 0.25}, open[2] = {0.125, 2.0};
    ss_route_sum(&r, 0, 1, detour, sectors, 2, sum, open);
    double want0 = route_weight(2, 0) + route_weight(3, 0);
    double want1 = route_weight(2, 1); /* 3 is closed in sector 1 */
    CHECK_NEAR(sum[0] - 0.5, want0, 1e-14);
    CHECK_NEAR(sum[1] - 0.25, want1, 1e-14);
    /* open counts every listed detour with its legs open, the closed one
     * through 3 in sector 1 included: (1.3 * 1.085)^-3.7 + (1.12 * 1.12)^-3.7
     * = 0.71240555438 and (1.3 * 1.06)^-3.7 + (1.12 * 1.2)^-3.7
     * = 0.64024174626. */
    CHECK_NEAR(open[0] - 0.125, open_weight(2, 0) + open_weight(3, 0), 1e-14);
    CHECK_NEAR(open[1] - 2.0, open_weight(2, 1) + open_weight(3, 1), 1e-14);
    CHECK_NEAR(open[0] - 0.125, 0.7124055543805262, 1e-13);
    CHECK_NEAR(open[1] - 2.0, 0.6402417462561808, 1e-13);
    /* Hand values: (1.15 * 1.3 * 1.085)^-3.7 + (1.27 * 1.12 * 1.12)^-3.7
     * = 0.16700810794 + 0.17853068228 and (1.08 * 1.3 * 1.06)^-3.7. */
    CHECK_NEAR(sum[0] - 0.5, 0.3455387902220566, 1e-13);
    CHECK_NEAR(sum[1] - 0.25, 0.2296730298637653, 1e-13);

    /* A subset of sectors, in another order. */
    const size_t only1[] = {1};
    double s1[1] = {0}, o1[1] = {0};
    ss_route_sum(&r, 0, 1, detour, only1, 1, s1, o1);
    CHECK_NEAR(s1[0], want1, 1e-14);
    CHECK_NEAR(o1[0], open_weight(2, 1) + open_weight(3, 1), 1e-14);
    const size_t rev[] = {1, 0};
    double s2[2] = {0, 0}, o2[2] = {0, 0};
    ss_route_sum(&r, 0, 1, detour, rev, 2, s2, o2);
    CHECK_NEAR(s2[0], want1, 1e-14);
    CHECK_NEAR(s2[1], want0, 1e-14);

    /* Only intermediary 3 listed. */
    const size_t via3[] = {3};
    ss_route_ctx r3 = {N, K, leg_out, leg_in, fee, via3, 1};
    double s3[2] = {0, 0}, o3[2] = {0, 0};
    ss_route_sum(&r3, 0, 1, detour, sectors, 2, s3, o3);
    CHECK_NEAR(s3[0], route_weight(3, 0), 1e-14);
    CHECK(s3[1] == 0);
    CHECK_NEAR(o3[0], open_weight(3, 0), 1e-14);

    /* No intermediaries at all: nothing is added. */
    ss_route_ctx r0 = {N, K, leg_out, leg_in, fee, via, 0};
    double s4[2] = {0.125, 0.375}, o4[2] = {0.5, 0.75};
    ss_route_sum(&r0, 0, 1, detour, sectors, 2, s4, o4);
    CHECK(s4[0] == 0.125 && s4[1] == 0.375);
    CHECK(o4[0] == 0.5 && o4[1] == 0.75);
}

static void test_cost(void)
{
    const double o0 = open_weight(2, 0) + open_weight(3, 0);
    const double o1 = open_weight(2, 1) + open_weight(3, 1);
    /* Sector 0, direct banned, two detours:
     * C = ((w2 + w3) / (1 + o0))^(-1/3.7) = (0.34553879 / 1.71240555)^(-1/3.7)
     * = 1.54123023003. */
    double w0 = route_weight(2, 0) + route_weight(3, 0);
    CHECK_NEAR(ss_route_cost(w0, o0, theta), pow(w0 / (1 + o0), -1 / theta), 1e-14);
    CHECK_NEAR(ss_route_cost(w0, o0, theta), 1.5412302300274665, 1e-13);
    /* Sector 1 with the direct route at 1.385:
     * ((1.385^-3.7 + w2) / (1 + o1))^(-1/3.7) = 1.35753165208. */
    double w1 = neg_theta(1.385) + route_weight(2, 1);
    CHECK_NEAR(ss_route_cost(w1, o1, theta), 1.357531652082865, 1e-13);
    /* Nothing penalised: the sum equals 1 + open, C is exactly 1. */
    CHECK(ss_route_cost(1 + o0, o0, theta) == 1.0);
    /* A penalty on the direct road with open detours lies between 1 and
     * the direct cost: ((1.2^-3.7 + o0) / (1 + o0))^(-1/3.7). */
    double pen = ss_route_cost(neg_theta(1.2) + o0, o0, theta);
    CHECK(pen > 1 && pen < 1.2);
    CHECK_NEAR(pen, pow((pow(1.2, -theta) + o0) / (1 + o0), -1 / theta), 1e-14);
    /* A ban with open detours is dearer than the open road. */
    CHECK(ss_route_cost(o0, o0, theta) > 1);
    /* No detours at all: C is the direct road's own cost. */
    CHECK_NEAR(ss_route_cost(pow(2.385, -theta), 0, theta), 2.385, 1e-13);
    CHECK_NEAR(ss_route_cost(pow(1.622075, -4.7), 0, 4.7), 1.622075, 1e-13);
    /* No route at all. */
    CHECK(isinf(ss_route_cost(0, o0, theta)) && ss_route_cost(0, o0, theta) > 0);
    CHECK(isinf(ss_route_cost(0, 0, theta)));
}

static void test_split(void)
{
    const size_t via[] = {0, 1, 2, 3};
    ss_route_ctx r = {N, K, leg_out, leg_in, fee, via, 4};
    const size_t sectors[] = {0, 1};
    /* Link flows 43.7 (sector 0) and 17.25 (sector 1). The caller's total
     * weight includes the direct route. */
    const double x[2] = {43.7, 17.25};
    double wd[2] = {0, neg_theta(1.385)};
    double total[2] = {wd[0] + route_weight(2, 0) + route_weight(3, 0),
                       wd[1] + route_weight(2, 1)};
    double scale[2] = {x[0] / total[0], x[1] / total[1]};
    double out[N * 2];
    for (size_t q = 0; q < N * 2; q++)
        out[q] = -1;
    ss_route_split(&r, 0, 1, detour, sectors, 2, scale, out);
    /* Shares weight / total times the flow. */
    CHECK_NEAR(out[2 * 2 + 0], x[0] * route_weight(2, 0) / total[0], 1e-12);
    CHECK_NEAR(out[3 * 2 + 0], x[0] * route_weight(3, 0) / total[0], 1e-12);
    CHECK_NEAR(out[2 * 2 + 1], x[1] * route_weight(2, 1) / total[1], 1e-12);
    CHECK(out[3 * 2 + 1] == 0);
    CHECK(out[0 * 2 + 0] == 0 && out[1 * 2 + 1] == 0); /* i and j carry nothing */
    /* Hand value for sector 1: share via 2 = 0.22967 / (0.29966 + 0.22967)
     * = 0.43388736826; flow 17.25 * that. */
    CHECK_NEAR(out[2 * 2 + 1], 17.25 * 0.4338873682613528, 1e-11);
    /* Everything is shipped: detours add up to the flow minus the direct
     * share (all of it in sector 0, where the direct route is closed). */
    CHECK_NEAR(out[2 * 2 + 0] + out[3 * 2 + 0], 43.7, 1e-12);
    CHECK_NEAR(out[2 * 2 + 1] + out[3 * 2 + 1] + x[1] * wd[1] / total[1], 17.25, 1e-12);
}

int main(void)
{
    setup();
    test_sum();
    test_cost();
    test_split();
    return check_report();
}
