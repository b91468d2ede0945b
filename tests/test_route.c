/* Unit tests for model/route.c: the Frechet/logit route choice of docs/model.md
 * section 3 with the normalised effective cost of README.md ("Model
 * notes"), C = ((d^-theta + S) / (1 + S))^(-1/theta).
 *
 * The model reads legs and fees already raised to -theta, sums the detours
 * as a dot product of detour factors and fees, and corrects it with
 * compressed lists of the legs whose weight is not 1. This test builds
 * those arrays from raw costs (direct multipliers d, "m may not ship to j"
 * flags, commissions, candidates, detour factors g) with its own loops,
 * and compares the model with a reference that enumerates every
 * intermediary m and raises each route's whole cost
 * d[i][m] * d[m][j] * g[i][m][j] * (1 + c[m]) to -theta with pow().
 *
 * Tested:
 * - ss_route_detours on a five-country, three-sector world by hand: a ban,
 *   a penalty on the first leg, on the second leg and on both legs of the
 *   same intermediary (counted once), a cheaper-than-baseline leg, a
 *   non-candidate intermediary with a penalised leg, an intermediary that
 *   may not ship to j while its direct leg is open, m == i or j, and every
 *   link of that world against the enumeration;
 * - a link whose every route is closed: S is exactly 0, C is INFINITY;
 * - ss_route_transit: adds scale * (route weight) to transit[m] for every
 *   m, agrees with ss_route_via, sums to scale * S, writes exactly 0 for
 *   closed routes, touches only its n entries, and accumulates;
 * - 200 random worlds (n up to 12, k up to 4) against the enumeration;
 * - ss_route_cost: d when S = 0, 1 when d = 1, between 1 and d under a
 *   penalty with detours, INFINITY with no route, hand values, and
 *   decreasing in S when d > 1. */
#include "check.h"
#include "route.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

enum { NMAX = 12, KMAX = 4 };

/* A world in raw terms, and the arrays the model reads built from it. */
typedef struct world {
    size_t n, k;
    double theta;
    double d[NMAX * NMAX * KMAX];           /* d[(i*n + j)*k + s]; INFINITY is a ban */
    unsigned char shut[NMAX * NMAX * KMAX]; /* shut[(m*n + j)*k + s]: m may not ship to j */
    double comm[NMAX * KMAX];               /* c[m*k + s] */
    unsigned char cand[NMAX * KMAX];        /* m a (willing) candidate in sector s */
    double g[NMAX * NMAX * NMAX];           /* g[(i*n + m)*n + j] */

    double leg_out[NMAX * NMAX * KMAX], leg_in[NMAX * NMAX * KMAX];
    double fee[NMAX * KMAX], fee_by_sector[KMAX * NMAX];
    size_t out_start[NMAX * KMAX + 1], in_start[NMAX * KMAX + 1];
    uint32_t out_m[NMAX * NMAX * KMAX], in_m[NMAX * NMAX * KMAX];
    double out_w[NMAX * NMAX * KMAX], in_w[NMAX * NMAX * KMAX];
} world;

/* ss_route_transit with the exactness flag that ss_route_detours reports. */
static void route_transit(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                          double scale, double *transit)
{
    int exact;
    ss_route_detours(r, i, j, s, detour, &exact);
    ss_route_transit(r, i, j, s, detour, scale, exact, transit);
}

static size_t at(const world *w, size_t i, size_t j, size_t s)
{
    return (i * w->n + j) * w->k + s;
}

static double neg_theta(double x, double theta)
{
    return isfinite(x) ? pow(x, -theta) : 0;
}

/* Every leg open at cost 1, no commission, every country a candidate,
 * no detour cost. */
static void clear_world(world *w, size_t n, size_t k, double theta)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    w->k = k;
    w->theta = theta;
    for (size_t q = 0; q < n * n * k; q++)
        w->d[q] = 1;
    for (size_t q = 0; q < n * k; q++)
        w->cand[q] = 1;
    for (size_t q = 0; q < n * n * n; q++)
        w->g[q] = 1;
}

/* The compressed rows route.h describes, by a plain append: row a*k + s
 * holds, in increasing m, each m with leg[(a*n + m)*k + s] != 1. */
static void unusual_lists(size_t n, size_t k, const double *leg, size_t *start, uint32_t *ms,
                          double *ws)
{
    size_t len = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t s = 0; s < k; s++) {
            start[a * k + s] = len;
            for (size_t m = 0; m < n; m++) {
                double v = leg[(a * n + m) * k + s];
                if (v != 1) {
                    ms[len] = (uint32_t)m;
                    ws[len] = v;
                    len++;
                }
            }
        }
    start[n * k] = len;
}

static void build(world *w)
{
    const size_t n = w->n, k = w->k;
    const double theta = w->theta;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < k; s++) {
                w->leg_out[at(w, i, j, s)] = neg_theta(w->d[at(w, i, j, s)], theta);
                /* importer-major: leg_in[j][m] is the leg m -> j */
                w->leg_in[at(w, j, i, s)] =
                    w->shut[at(w, i, j, s)] ? 0 : neg_theta(w->d[at(w, i, j, s)], theta);
            }
    for (size_t m = 0; m < n; m++)
        for (size_t s = 0; s < k; s++) {
            double f = w->cand[m * k + s] ? pow(1 + w->comm[m * k + s], -theta) : 0;
            w->fee[m * k + s] = f;
            w->fee_by_sector[s * n + m] = f;
        }
    unusual_lists(n, k, w->leg_out, w->out_start, w->out_m, w->out_w);
    unusual_lists(n, k, w->leg_in, w->in_start, w->in_m, w->in_w);
}

static ss_route_ctx ctx_of(const world *w)
{
    ss_route_ctx r = {w->n,         w->k,     w->leg_out,  w->leg_in, w->fee,   w->fee_by_sector,
                      w->out_start, w->out_m, w->in_start, w->in_m,   w->out_w, w->in_w};
    return r;
}

/* detour[m] = g[i][m][j]^-theta, 0 where m is i or j (route.h). */
static void detour_row(const world *w, size_t i, size_t j, double *row)
{
    for (size_t m = 0; m < w->n; m++)
        row[m] = m == i || m == j ? 0 : pow(w->g[(i * w->n + m) * w->n + j], -w->theta);
}

/* The reference: the route i -> m -> j raised to -theta as a whole. */
static double route_weight(const world *w, size_t i, size_t j, size_t s, size_t m)
{
    if (m == i || m == j || !w->cand[m * w->k + s] || w->shut[at(w, m, j, s)])
        return 0;
    double cost = w->d[at(w, i, m, s)] * w->d[at(w, m, j, s)] * w->g[(i * w->n + m) * w->n + j] *
                  (1 + w->comm[m * w->k + s]);
    return neg_theta(cost, w->theta);
}

static double brute_detours(const world *w, size_t i, size_t j, size_t s)
{
    double sum = 0;
    for (size_t m = 0; m < w->n; m++)
        sum += route_weight(w, i, j, s, m);
    return sum;
}

/* |got - want| <= rel * |want|; a zero wants an exact zero. */
#define CHECK_REL(got, want, rel)                                                                  \
    do {                                                                                           \
        double want_r_ = (want);                                                                   \
        CHECK_NEAR(got, want_r_, (rel)*fabs(want_r_));                                             \
    } while (0)

/* ---- the hand-built world ------------------------------------------------ */

enum { N = 5, K = 3 };
static const double theta = 3.7;
static world hw;

/* Origin 0, destination 1, intermediaries 2, 3 and 4 for the link 0 -> 1;
 * every other link is tested against the enumeration only. */
static void setup(world *w)
{
    clear_world(w, N, K, theta);
    /* Detour factors: nontrivial everywhere, hand values on 0 -> m -> 1. */
    for (size_t i = 0; i < N; i++)
        for (size_t m = 0; m < N; m++)
            for (size_t j = 0; j < N; j++)
                w->g[(i * N + m) * N + j] = 1.05 + 0.01 * (double)(i + 2 * m + 3 * j);
    w->g[(0 * N + 2) * N + 1] = 1.3;
    w->g[(0 * N + 3) * N + 1] = 1.12;
    w->g[(0 * N + 4) * N + 1] = 1.21;
    w->g[(2 * N + 3) * N + 4] = 1; /* a detour at no extra cost */
    /* Commissions; 0 and 1 are candidates too (for other links), so only
     * the detour factor 0 keeps them off their own link. */
    const double c[N][K] = {{0.03, 0.01, 0.01},
                            {0.04, 0.02, 0.02},
                            {0.085, 0.06, 0.06},
                            {0.12, 0.20, 0.20},
                            {0.05, 0.06, 0.15}};
    for (size_t m = 0; m < N; m++)
        for (size_t s = 0; s < K; s++)
            w->comm[m * K + s] = c[m][s];

    /* Sector 0: the direct link 0 -> 1 is banned. Through 2 both legs are
     * penalised (0 -> 2 by 15 %, 2 -> 1 by 8 %); through 3 only the second
     * leg (27 %); through 4 the first leg is banned. */
    w->d[at(w, 0, 1, 0)] = INFINITY;
    w->d[at(w, 0, 2, 0)] = 1.15;
    w->d[at(w, 2, 1, 0)] = 1.08;
    w->d[at(w, 3, 1, 0)] = 1.27;
    w->d[at(w, 0, 4, 0)] = INFINITY;
    /* Sector 1: the direct link carries a 138.5 % penalty. 2 is no
     * candidate although its first leg is penalised; 3 may not ship to 1
     * (it sanctions 1) although the leg 3 -> 1 itself is open; through 4
     * the first leg is 10 % cheaper than baseline, the second 6 % dearer. */
    w->d[at(w, 0, 1, 1)] = 2.385;
    w->d[at(w, 0, 2, 1)] = 1.4;
    w->cand[2 * K + 1] = 0;
    w->shut[at(w, 3, 1, 1)] = 1;
    w->d[at(w, 0, 4, 1)] = 0.9;
    w->d[at(w, 4, 1, 1)] = 1.06;
    /* Sector 2: a 38.5 % penalty on the direct link, every detour open. */
    w->d[at(w, 0, 1, 2)] = 1.385;

    /* Elsewhere, for the enumeration over every link: legs ending or
     * starting at i or j, a shut leg whose direct road is penalised. */
    w->d[at(w, 1, 2, 0)] = INFINITY;
    w->d[at(w, 1, 0, 0)] = 1.33;
    w->d[at(w, 3, 0, 2)] = 1.5;
    w->d[at(w, 2, 4, 2)] = 1.22;
    w->d[at(w, 4, 3, 1)] = INFINITY;
    w->d[at(w, 4, 2, 0)] = 0.95;
    w->d[at(w, 3, 4, 0)] = 1.7;
    w->shut[at(w, 2, 0, 1)] = 1;
    w->d[at(w, 2, 0, 1)] = 1.1;
    build(w);
}

static void test_lists(void)
{
    /* The helper lists what the model expects: row 0*K + 0 (leg_out from 0,
     * sector 0) holds m = 1 (banned), 2 (1.15), 4 (banned). */
    const size_t r0 = 0 * K + 0;
    CHECK(hw.out_start[r0 + 1] - hw.out_start[r0] == 3);
    CHECK(hw.out_m[hw.out_start[r0]] == 1 && hw.out_w[hw.out_start[r0]] == 0);
    CHECK(hw.out_m[hw.out_start[r0] + 1] == 2);
    CHECK_NEAR(hw.out_w[hw.out_start[r0] + 1], pow(1.15, -theta), 1e-15);
    CHECK(hw.out_m[hw.out_start[r0] + 2] == 4 && hw.out_w[hw.out_start[r0] + 2] == 0);
    /* Row 1*K + 1 of leg_in (into 1, sector 1): m = 0 (2.385), 3 (shut),
     * 4 (1.06). */
    const size_t r1 = 1 * K + 1;
    CHECK(hw.in_start[r1 + 1] - hw.in_start[r1] == 3);
    CHECK(hw.in_m[hw.in_start[r1]] == 0);
    CHECK(hw.in_m[hw.in_start[r1] + 1] == 3 && hw.in_w[hw.in_start[r1] + 1] == 0);
    CHECK(hw.in_m[hw.in_start[r1] + 2] == 4);
    CHECK(hw.leg_out[at(&hw, 3, 1, 1)] == 1 && hw.leg_in[at(&hw, 1, 3, 1)] == 0);
    CHECK(hw.out_start[0] == 0 && hw.in_start[0] == 0);
}

static void test_detours_by_hand(void)
{
    ss_route_ctx r = ctx_of(&hw);
    double detour[N];
    detour_row(&hw, 0, 1, detour);

    /* Sector 0: (1.15 * 1.08 * 1.3 * 1.085)^-3.7 = 0.12562314463 through 2,
     * both legs penalised and counted once; (1.27 * 1.12 * 1.12)^-3.7
     * = 0.17853068228 through 3; nothing through 4. */
    double s0 = ss_route_detours(&r, 0, 1, 0, detour, NULL);
    CHECK_REL(s0, route_weight(&hw, 0, 1, 0, 2) + route_weight(&hw, 0, 1, 0, 3), 1e-13);
    CHECK_REL(s0, brute_detours(&hw, 0, 1, 0), 1e-13);
    CHECK_NEAR(s0, 0.3041538269093678, 1e-13);
    CHECK(route_weight(&hw, 0, 1, 0, 4) == 0);
    /* Correcting the route through 2 once per leg, (lo - 1) + (li - 1)
     * instead of lo * li - 1, would be off by (lo - 1)(li - 1) * detour *
     * fee = 0.0280: far outside the tolerance, so the merge is tested. */
    {
        const double lo = pow(1.15, -theta), li = pow(1.08, -theta);
        const double unmerged = s0 + (lo - 1) * (li - 1) * detour[2] * hw.fee[2 * K + 0];
        CHECK(fabs(unmerged - s0) > 0.02);
        CHECK(hw.leg_out[at(&hw, 0, 2, 0)] != 1 && hw.leg_in[at(&hw, 1, 2, 0)] != 1);
    }

    /* Sector 1: only 4 is open: (0.9 * 1.06 * 1.21 * 1.06)^-3.7
     * = 0.47395099783. 2 is no candidate, 3 may not ship to 1. */
    double s1 = ss_route_detours(&r, 0, 1, 1, detour, NULL);
    CHECK_REL(s1, brute_detours(&hw, 0, 1, 1), 1e-13);
    CHECK_NEAR(s1, 0.47395099783055405, 1e-13);
    CHECK(route_weight(&hw, 0, 1, 1, 2) == 0 && route_weight(&hw, 0, 1, 1, 3) == 0);

    /* Sector 2: every leg of the detours open, so S is the plain dot
     * product (1.3 * 1.06)^-3.7 + (1.12 * 1.2)^-3.7 + (1.21 * 1.15)^-3.7. */
    double s2 = ss_route_detours(&r, 0, 1, 2, detour, NULL);
    CHECK_REL(s2, brute_detours(&hw, 0, 1, 2), 1e-13);
    CHECK_REL(s2, pow(1.3 * 1.06, -theta) + pow(1.12 * 1.2, -theta) + pow(1.21 * 1.15, -theta),
              1e-13);
    CHECK_NEAR(s2, 0.9347599347109155, 1e-13);

    /* Explicit enumeration from the arrays the model reads, in the other
     * order (leg by leg), as a second path. */
    for (size_t s = 0; s < K; s++) {
        double sum = 0;
        for (size_t m = 0; m < N; m++)
            sum += hw.leg_out[at(&hw, 0, m, s)] * hw.leg_in[at(&hw, 1, m, s)] * hw.fee[m * K + s] *
                   detour[m];
        CHECK_REL(ss_route_detours(&r, 0, 1, s, detour, NULL), sum, 1e-13);
    }

    /* The same link the other way round (1 -> 0) has its own legs. */
    double back[N];
    detour_row(&hw, 1, 0, back);
    for (size_t s = 0; s < K; s++)
        CHECK_REL(ss_route_detours(&r, 1, 0, s, back, NULL), brute_detours(&hw, 1, 0, s), 1e-13);
}

/* Every ordered link of the hand-built world in every sector. */
static void test_detours_every_link(void)
{
    ss_route_ctx r = ctx_of(&hw);
    int bad = 0, links = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            if (i == j)
                continue;
            double detour[N];
            detour_row(&hw, i, j, detour);
            for (size_t s = 0; s < K; s++) {
                double got = ss_route_detours(&r, i, j, s, detour, NULL);
                double want = brute_detours(&hw, i, j, s);
                links++;
                if (!(fabs(got - want) <= 1e-13 * want)) {
                    bad++;
                    fprintf(stderr, "link %zu -> %zu sector %zu: S = %.17g, expected %.17g\n", i, j,
                            s, got, want);
                }
            }
        }
    CHECK(links == N * (N - 1) * K);
    CHECK(bad == 0);
}

/* A link whose every route is closed, each detour in another way: the
 * first leg banned, the second leg banned, the intermediary shut towards
 * j, no candidate; the direct road banned too. Route.h: "a closed route
 * has weight 0; C is INFINITY when every route of the link is closed". */
static world cw;

static void test_all_closed(void)
{
    clear_world(&cw, 6, 1, 3.7);
    const size_t n = 6;
    for (size_t q = 0; q < n * n * n; q++)
        cw.g[q] = 1.05 + 0.013 * (double)(q % 7);
    for (size_t m = 0; m < n; m++)
        cw.comm[m] = 0.02 + 0.031 * (double)m;
    cw.d[at(&cw, 0, 1, 0)] = INFINITY;
    cw.d[at(&cw, 0, 2, 0)] = INFINITY;
    cw.d[at(&cw, 3, 1, 0)] = INFINITY;
    cw.shut[at(&cw, 4, 1, 0)] = 1;
    cw.cand[5] = 0;
    build(&cw);
    ss_route_ctx r = ctx_of(&cw);
    double detour[6];
    detour_row(&cw, 0, 1, detour);
    CHECK(brute_detours(&cw, 0, 1, 0) == 0);
    double S = ss_route_detours(&r, 0, 1, 0, detour, NULL);
    CHECK(S == 0);
    double C = ss_route_cost(cw.leg_out[at(&cw, 0, 1, 0)] + S, S, cw.theta);
    CHECK(isinf(C) && C > 0);
    if (S != 0)
        fprintf(stderr, "all routes closed: S = %.17g, C = %.17g (want 0 and inf)\n", S, C);
    /* Nothing is shipped through any m. */
    double transit[6] = {0, 0, 0, 0, 0, 0};
    route_transit(&r, 0, 1, 0, detour, 1e6, transit);
    for (size_t m = 0; m < n; m++)
        CHECK(transit[m] == 0 && ss_route_via(&r, 0, 1, 0, m, detour, 1e6) == 0);
    /* What ship() does with it: it routes every link with S > 0, at scale
     * x / (direct weight + S), into a row already holding other links'
     * transit. A closed link must leave that row as it was; a rounding
     * residue in S makes the scale about x * 1e16, and adding then taking
     * back scale * detour * fee wipes out the row's own values. */
    {
        const double before[6] = {0, 0, 18.04919397565397, 25.650806024346032, 3.5, 1.25};
        double row[6];
        memcpy(row, before, sizeof row);
        if (S > 0)
            route_transit(&r, 0, 1, 0, detour, 43.7 / (cw.leg_out[at(&cw, 0, 1, 0)] + S), row);
        CHECK(memcmp(row, before, sizeof row) == 0);
        if (S > 0)
            fprintf(stderr,
                    "closed link shipped at scale %.3g: transit through 2 went from %g "
                    "to %g\n",
                    43.7 / S, before[2], row[2]);
    }

    /* With the non-candidate back as a candidate, exactly its route opens. */
    cw.cand[5] = 1;
    build(&cw);
    r = ctx_of(&cw);
    double open = ss_route_detours(&r, 0, 1, 0, detour, NULL);
    CHECK(open > 0);
    CHECK_REL(open, route_weight(&cw, 0, 1, 0, 5), 1e-13);
}

/* ---- ss_route_transit and ss_route_via ---------------------------------- */

static void test_transit(void)
{
    ss_route_ctx r = ctx_of(&hw);
    double detour[N];
    detour_row(&hw, 0, 1, detour);
    /* Link flows 43.7, 17.25 and 8.5; the total weight includes the direct
     * road. */
    const double x[K] = {43.7, 17.25, 8.5};
    for (size_t s = 0; s < K; s++) {
        const double S = ss_route_detours(&r, 0, 1, s, detour, NULL);
        const double direct = hw.leg_out[at(&hw, 0, 1, s)];
        const double scale = x[s] / (direct + S);
        /* Sentinels on both sides: the row has exactly n entries. */
        double buf[N + 2];
        for (size_t q = 0; q < N + 2; q++)
            buf[q] = 0;
        buf[0] = buf[N + 1] = -7.5;
        double *transit = buf + 1;
        route_transit(&r, 0, 1, s, detour, scale, transit);
        CHECK(buf[0] == -7.5 && buf[N + 1] == -7.5);
        double sum = 0;
        for (size_t m = 0; m < N; m++) {
            const double want = scale * route_weight(&hw, 0, 1, s, m);
            if (want == 0)
                CHECK(transit[m] == 0); /* closed: exactly nothing */
            else
                CHECK_REL(transit[m], want, 1e-13);
            CHECK_REL(ss_route_via(&r, 0, 1, s, m, detour, scale), want, 1e-13);
            CHECK_REL(transit[m], ss_route_via(&r, 0, 1, s, m, detour, scale), 1e-13);
            sum += transit[m];
        }
        CHECK_REL(sum, scale * S, 1e-13);
        /* Everything is shipped: the detours and the direct road add up to
         * the flow. */
        CHECK_REL(sum + scale * direct, x[s], 1e-13);
    }
    /* Hand values. Sector 0, direct banned: through 2,
     * 43.7 * 0.12562314463 / 0.30415382691 = 18.049193976, through 3
     * 43.7 * 0.17853068228 / 0.30415382691 = 25.650806024. */
    {
        double t[N] = {0, 0, 0, 0, 0};
        double S = ss_route_detours(&r, 0, 1, 0, detour, NULL);
        route_transit(&r, 0, 1, 0, detour, 43.7 / S, t);
        CHECK_NEAR(t[2], 43.7 * 0.12562314462985497 / 0.3041538269093678, 1e-12);
        CHECK_NEAR(t[2], 18.04919397565397, 1e-11);
        CHECK_NEAR(t[3], 25.650806024346032, 1e-11);
        CHECK(t[0] == 0 && t[1] == 0 && t[4] == 0);
    }
    /* Sector 1: the share through 4 is
     * 0.47395099783 / (2.385^-3.7 + 0.47395099783) = 0.92196756118. */
    {
        double t[N] = {0, 0, 0, 0, 0};
        double S = ss_route_detours(&r, 0, 1, 1, detour, NULL);
        route_transit(&r, 0, 1, 1, detour, 17.25 / (pow(2.385, -theta) + S), t);
        CHECK_NEAR(t[4], 17.25 * 0.9219675611821699, 1e-12);
        CHECK(t[0] == 0 && t[1] == 0 && t[2] == 0 && t[3] == 0);
    }
    /* It adds: a row already holding transit from other links keeps it. */
    {
        double t[N], t0[N];
        for (size_t m = 0; m < N; m++)
            t[m] = t0[m] = 0.75 * (double)m + 0.125;
        const double scale = 3.25;
        route_transit(&r, 0, 1, 0, detour, scale, t);
        for (size_t m = 0; m < N; m++) {
            double want = scale * route_weight(&hw, 0, 1, 0, m);
            CHECK_NEAR(t[m] - t0[m], want, 1e-13 * (t0[m] + want));
        }
        /* Scale 0 adds nothing at all. */
        double u[N];
        memcpy(u, t, sizeof u);
        route_transit(&r, 0, 1, 2, detour, 0, u);
        CHECK(memcmp(u, t, sizeof u) == 0);
    }
    /* Every link of the world into one row per sector, against the
     * enumeration summed the same way. */
    for (size_t s = 0; s < K; s++) {
        double t[N] = {0, 0, 0, 0, 0}, want[N] = {0, 0, 0, 0, 0};
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++) {
                if (i == j)
                    continue;
                double row[N];
                detour_row(&hw, i, j, row);
                const double scale = 1 + 0.1 * (double)(i * N + j);
                route_transit(&r, i, j, s, row, scale, t);
                for (size_t m = 0; m < N; m++)
                    want[m] += scale * route_weight(&hw, i, j, s, m);
            }
        for (size_t m = 0; m < N; m++)
            CHECK_REL(t[m], want[m], 1e-13);
    }
}

/* ---- random worlds --------------------------------------------------------- */

static uint64_t lcg = 0x2385u;

static double uniform(void)
{
    lcg = lcg * 6364136223846793005u + 1442695040888963407u;
    return (double)(lcg >> 11) * 0x1.0p-53;
}

static size_t pick(size_t lo, size_t hi)
{
    return lo + (size_t)(uniform() * (double)(hi - lo + 1));
}

static world rw;

static void random_world(world *w)
{
    const size_t n = pick(3, NMAX), k = pick(1, KMAX);
    clear_world(w, n, k, 2 + 7 * uniform());
    const double ban = 0.25 * uniform(), pen = 0.5 * uniform(), shut = 0.1 * uniform();
    for (size_t q = 0; q < n * n * k; q++) {
        double u = uniform();
        if (u < ban)
            w->d[q] = INFINITY;
        else if (u < ban + pen)
            w->d[q] = 1 + uniform(); /* penalty up to 100 % */
        else if (u < ban + pen + 0.05)
            w->d[q] = 0.8 + 0.2 * uniform(); /* cheaper than baseline */
        w->shut[q] = uniform() < shut;
    }
    const double cand = 0.3 + 0.7 * uniform();
    for (size_t q = 0; q < n * k; q++) {
        w->cand[q] = uniform() < cand;
        w->comm[q] = 0.3 * uniform();
    }
    for (size_t q = 0; q < n * n * n; q++)
        w->g[q] = uniform() < 0.1 ? 1 : 1 + 0.6 * uniform();
    build(w);
}

/* The magnitude the model's sum passes through for route m: the dot
 * product's term detour * fee, and the correction's (leg_out * leg_in - 1)
 * times it. Rounding is relative to this, not to the route's own weight. */
static double route_mass(const world *w, size_t i, size_t j, size_t s, size_t m,
                         const double *detour)
{
    double legs = w->leg_out[at(w, i, m, s)] * w->leg_in[at(w, j, m, s)];
    return detour[m] * w->fee[m * w->k + s] * (legs > 1 ? legs : 1);
}

/* 200 random worlds against the enumeration, every ordered link in every
 * sector:
 * - a link whose every detour is closed has S exactly 0;
 * - S is within 1e-12 relative wherever the open routes carry at least
 *   1e-3 of the mass the sum passes through (see route_mass), and within
 *   1e-12 relative plus 1e-14 of that mass everywhere: the dot product
 *   minus corrections cannot do better when the open routes are a tiny
 *   remainder of it;
 * - ss_route_transit from a zero row gives each m its route's share (exact
 *   0 for a closed route) and agrees with ss_route_via. */
static void test_random(void)
{
    long links = 0, closed = 0, closed_bad = 0, cond = 0, cond_bad = 0, open_bad = 0;
    long strict_bad = 0, transit_bad = 0, transit_closed_bad = 0, row_bad = 0;
    double worst = 0;
    for (int t = 0; t < 200; t++) {
        random_world(&rw);
        ss_route_ctx r = ctx_of(&rw);
        const size_t n = rw.n;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (i == j)
                    continue;
                double detour[NMAX], transit[NMAX], row[NMAX];
                detour_row(&rw, i, j, detour);
                for (size_t s = 0; s < rw.k; s++) {
                    const double got = ss_route_detours(&r, i, j, s, detour, NULL);
                    const double want = brute_detours(&rw, i, j, s);
                    double mass = 0;
                    for (size_t m = 0; m < n; m++)
                        mass += route_mass(&rw, i, j, s, m, detour);
                    links++;
                    if (want == 0) {
                        closed++;
                        if (got != 0) {
                            if (closed_bad < 3)
                                fprintf(stderr,
                                        "world %d, link %zu -> %zu sector %zu: every detour "
                                        "closed, S = %.17g\n",
                                        t, i, j, s, got);
                            closed_bad++;
                        }
                    } else {
                        const double err = fabs(got - want);
                        if (err / want > worst)
                            worst = err / want;
                        strict_bad += !(err <= 1e-12 * want);
                        if (want >= 1e-3 * mass) {
                            cond++;
                            cond_bad += !(err <= 1e-12 * want);
                        }
                        if (!(err <= 1e-12 * want + 1e-14 * mass)) {
                            if (open_bad < 3)
                                fprintf(stderr,
                                        "world %d, link %zu -> %zu sector %zu: S = %.17g, "
                                        "expected %.17g\n",
                                        t, i, j, s, got, want);
                            open_bad++;
                        }
                    }
                    /* Transit with the scale ship() uses, from a zero row. */
                    if (!(want > 0))
                        continue;
                    const double scale = 100 / (rw.leg_out[at(&rw, i, j, s)] + want);
                    for (size_t m = 0; m < n; m++)
                        transit[m] = 0;
                    route_transit(&r, i, j, s, detour, scale, transit);
                    /* Through the lists of unusual legs only (as the
                     * simulation has them), walked once per link. */
                    ss_route_ctx lists = r;
                    lists.leg_out = lists.leg_in = NULL;
                    ss_route_via_row_in(&lists, NULL, i, j, s, detour, scale, row);
                    for (size_t m = 0; m < n; m++) {
                        const double wm = scale * route_weight(&rw, i, j, s, m);
                        const double via = ss_route_via(&r, i, j, s, m, detour, scale);
                        row_bad += row[m] != via; /* the same numbers, bit for bit */
                        if (wm == 0) {
                            transit_closed_bad += transit[m] != 0 || via != 0;
                            continue;
                        }
                        const double tol =
                            1e-13 * wm + 1e-14 * scale * route_mass(&rw, i, j, s, m, detour);
                        transit_bad += !(fabs(transit[m] - wm) <= tol);
                        transit_bad += !(fabs(via - wm) <= 1e-13 * wm);
                    }
                }
            }
    }
    printf("random worlds: %ld links, %ld with every detour closed (%ld of them with S != 0), "
           "%ld open links beyond 1e-12 relative (worst %.3g; %ld of them with the open routes "
           "above 1e-3 of the mass summed)\n",
           links, closed, closed_bad, strict_bad, worst, cond_bad);
    CHECK(links > 10000);
    CHECK(closed > 100);
    CHECK(cond > links / 2);
    CHECK(closed_bad == 0);
    CHECK(cond_bad == 0);
    CHECK(open_bad == 0);
    CHECK(transit_bad == 0);
    CHECK(transit_closed_bad == 0);
    CHECK(row_bad == 0);
}

/* ---- ss_route_cost ----------------------------------------------------------- */

static void test_cost(void)
{
    /* No detour: C is the direct road's own cost. */
    CHECK_REL(ss_route_cost(pow(2.385, -theta), 0, theta), 2.385, 1e-14);
    CHECK_REL(ss_route_cost(pow(1.622075, -4.7), 0, 4.7), 1.622075, 1e-14);
    CHECK_REL(ss_route_cost(pow(1.05, -8.0), 0, 8), 1.05, 1e-14);
    /* The direct road at its baseline: exactly 1 whatever the detours. */
    const double some[] = {0, 1e-9, 0.3041538269093678, 0.9347599347109155, 12.5, 1e6};
    for (size_t q = 0; q < sizeof some / sizeof *some; q++)
        CHECK(ss_route_cost(1 + some[q], some[q], theta) == 1.0);
    /* No route at all. */
    CHECK(isinf(ss_route_cost(0, 0, theta)) && ss_route_cost(0, 0, theta) > 0);
    CHECK(isinf(ss_route_cost(0, 0, 8)));
    /* A row at once, written over the detours: libm's bits for each link
     * (30 links, so the fast powers' groups of four and their tail). */
    double row_w[30], rd[30], rwant[30];
    int row_ok = 1;
    for (size_t q = 0; q < 30; q++) {
        rd[q] = q == 7 ? 0 : 0.37 * (double)q;
        row_w[q] = q == 11 ? 0 : 0.013 + rd[q] * (1 + 0.1 * (double)(q % 4));
        rwant[q] = q == 11 ? INFINITY : pow(row_w[q] / (1 + rd[q]), -1.0 / theta);
    }
    ss_route_costs(30, row_w, rd, theta, rd);
    for (size_t q = 0; q < 30; q++)
        row_ok &= memcmp(&rd[q], &rwant[q], sizeof rwant[q]) == 0;
    CHECK(row_ok);

    /* Hand values from the world above, link 0 -> 1.
     * Sector 0, banned, S = 0.30415382691:
     * (0.30415382691 / 1.30415382691)^(-1/3.7) = 1.48208963107. */
    ss_route_ctx r = ctx_of(&hw);
    double detour[N];
    detour_row(&hw, 0, 1, detour);
    double s0 = ss_route_detours(&r, 0, 1, 0, detour, NULL);
    double c0 = ss_route_cost(hw.leg_out[at(&hw, 0, 1, 0)] + s0, s0, theta);
    CHECK_NEAR(c0, 1.48208963107439, 1e-13);
    CHECK(c0 > 1);
    /* Sector 1, 2.385 with S = 0.47395099783:
     * ((2.385^-3.7 + 0.47395099783) / 1.47395099783)^(-1/3.7) = 1.32934974091. */
    double s1 = ss_route_detours(&r, 0, 1, 1, detour, NULL);
    double c1 = ss_route_cost(hw.leg_out[at(&hw, 0, 1, 1)] + s1, s1, theta);
    CHECK_NEAR(c1, 1.329349740914886, 1e-13);
    CHECK(c1 > 1 && c1 < 2.385);
    /* Sector 2, 1.385 with S = 0.93475993471: 1.12913691620. */
    double s2 = ss_route_detours(&r, 0, 1, 2, detour, NULL);
    double c2 = ss_route_cost(hw.leg_out[at(&hw, 0, 1, 2)] + s2, s2, theta);
    CHECK_NEAR(c2, 1.1291369162025489, 1e-13);
    CHECK(c2 > 1 && c2 < 1.385);

    /* Every penalised or banned link of the world, as route_costs() builds
     * it, against the formula on the enumerated detours. */
    int bad = 0, seen = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            if (i == j)
                continue;
            double row[N];
            detour_row(&hw, i, j, row);
            for (size_t s = 0; s < K; s++) {
                const double d = hw.d[at(&hw, i, j, s)];
                if (!(d > 1))
                    continue;
                seen++;
                double S = ss_route_detours(&r, i, j, s, row, NULL);
                double got = ss_route_cost(hw.leg_out[at(&hw, i, j, s)] + S, S, theta);
                double Sb = brute_detours(&hw, i, j, s);
                double want = Sb == 0 && !isfinite(d)
                                  ? INFINITY
                                  : pow((neg_theta(d, theta) + Sb) / (1 + Sb), -1 / theta);
                bad += !(got == want || fabs(got - want) <= 1e-13 * want);
                bad += !(got >= 1 && (got <= d || isinf(want)));
            }
        }
    CHECK(seen == 16);
    CHECK(bad == 0);

    /* Continuous in the penalty: a tiny one costs about as much as none. */
    CHECK_NEAR(ss_route_cost(pow(1 + 1e-9, -theta) + 0.5, 0.5, theta), 1, 1e-9);
    /* Decreasing in S for every d > 1, ban included, from d at S = 0
     * towards 1; never below 1. */
    const double ds[] = {1.0001, 1.05, 1.385, 2.385, 40, INFINITY};
    const double S[] = {0, 1e-6, 0.01, 0.1, 0.30415, 0.5, 1, 2.5, 10, 100, 1e4};
    for (size_t a = 0; a < sizeof ds / sizeof *ds; a++) {
        const double w = neg_theta(ds[a], theta);
        double prev = ss_route_cost(w + S[0], S[0], theta);
        if (isfinite(ds[a]))
            CHECK_REL(prev, ds[a], 1e-14);
        else
            CHECK(isinf(prev));
        int ok = 1;
        for (size_t b = 1; b < sizeof S / sizeof *S; b++) {
            double c = ss_route_cost(w + S[b], S[b], theta);
            ok &= c < prev && c >= 1;
            prev = c;
        }
        CHECK(ok);
        CHECK(prev < 1.01);
    }
}

int main(void)
{
    setup(&hw);
    test_lists();
    test_detours_by_hand();
    test_detours_every_link();
    test_all_closed();
    test_transit();
    test_random();
    test_cost();
    return check_report();
}
