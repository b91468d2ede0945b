/* Unit tests for model/sim.c: the monthly step as a whole, on small worlds
 * of three or four countries (DEU the coalition, RUS the target, KAZ and
 * ARM possible intermediaries) and two sectors. What docs/model.md promises and
 * issue 2 asks the tests to prove:
 *  (a) with no sanction the world stays bit for bit at its baseline;
 *  (b) a banned link carries no direct flow from its start month and
 *      resumes, converging back to the baseline, after its end month;
 *  (c) a ban with one intermediary reproduces the hand-computed CES/route
 *      result (adjust = 1, fixed commission), and so does a penalty; the
 *      effective link cost is the normalised one documented in
 *      model/route.h, C = ((d^-theta + S) / (1 + S))^(-1/theta) with S the
 *      detours' weight, which departs from docs/model.md section 4's plain sum;
 *      the commission and secondary sanctions of month 2 follow section 5,
 *      6 and 11 from what month 1 produced;
 *  (d) the target's price index rises and leakage lies in [0, 1];
 *  (e) a higher base_commission or enforcement lowers leakage;
 *  (f) the same seed gives identical results, another seed other draws;
 *  (g) money balances between true and recorded flows;
 *  (h) sigma = 1 behaves as Cobb-Douglas;
 *  (i) expected mode draws nothing and reports probabilities;
 *  (j) stepping past the run fails; plus production relocation (5b),
 *      what the enforcer watches (the coalition's recorded exports or
 *      imports, re-exports by members included), unwilling intermediaries,
 *      recorded flows built on demand, and a link's cost being continuous
 *      in its own penalty.
 * Expected values are computed here from the model's (docs/model.md) formulas in their
 * share form (pi0), independently of the model's code paths, and the key
 * numbers are also given as literals from a separate hand calculation. */
#include "check.h"
#include "fixture.h"
#include "sim.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { DEU, RUS, KAZ, ARM };
enum { RES, OTH }; /* sectors: restricted, other */
enum { K = 2 };

/* Monthly baseline flows (made-up numbers), exporter row, importer column. */
static const double X0R[4][4] = {{812.5, 43.7, 6.85, 2.41},
                                 {11.3, 520.9, 17.6, 4.38},
                                 {1.92, 8.74, 96.3, 0.57},
                                 {0.83, 3.15, 0.44, 21.7}};
static const double X0O[4][4] = {{2950.2, 121.4, 35.9, 8.2},
                                 {88.6, 1930.7, 61.3, 12.9},
                                 {14.7, 40.2, 410.8, 3.3},
                                 {2.9, 11.6, 2.1, 88.4}};
/* Distances in km; they satisfy the triangle inequality. */
static const double KM[4][4] = {
    {0, 1610, 3600, 2870}, {1610, 0, 2390, 1790}, {3600, 2390, 0, 2580}, {2870, 1790, 2580, 0}};
static const char *ISO[4] = {"DEU", "RUS", "KAZ", "ARM"};

static size_t ix(size_t n, size_t i, size_t j, size_t s)
{
    return (i * n + j) * K + s;
}

static ss_world *make_world(size_t n)
{
    ss_world *w = ss_world_alloc(n, K);
    for (size_t i = 0; i < n; i++)
        ss_world_set_country(w, i, ISO[i], ISO[i]);
    ss_world_set_sector(w, RES, "restricted");
    ss_world_set_sector(w, OTH, "other");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            w->x0[ix(n, i, j, RES)] = X0R[i][j];
            w->x0[ix(n, i, j, OTH)] = X0O[i][j];
            w->dist[i * n + j] = KM[i][j];
        }
    return w;
}

static ss_config *make_config(size_t n, long months)
{
    ss_config *c = ss_config_alloc(n, K, months);
    c->sigma = 4.7;
    c->theta = 3.7;
    c->detour_cost = 0.1;
    return c;
}

static void add_measure(ss_config *c, size_t by, size_t target, size_t sector, int kind,
                        double rate, long start, long end)
{
    fixture_measure(c, by, target, sector, kind, rate, SS_EXPORT, SS_EVADE_TRANSIT, start, end);
}

static void add_enforcer(ss_config *c, size_t member, int mode, double enforcement, double base,
                         double surge, double penalty, long months)
{
    ss_enforcer e;
    memset(&e, 0, sizeof e);
    ss_set_add(&e.members, member);
    e.mode = mode;
    e.enforcement = enforcement;
    e.base_hazard = base;
    e.surge_hazard = surge;
    e.secondary_penalty = penalty;
    e.secondary_months = months;
    ss_config_add_enforcer(c, &e);
    ss_set_clear(&e.members);
}

static int finite_nonneg(const double *a, size_t len)
{
    for (size_t q = 0; q < len; q++)
        if (!(a[q] >= 0 && a[q] < INFINITY))
            return 0;
    return 1;
}

/* Rerouted coalition -> target flow as a share of the baseline direct flow. */
static double leakage(const ss_sim *s, size_t n)
{
    size_t q = ix(n, DEU, RUS, RES);
    return (ss_sim_flows(s)[q] - ss_sim_direct(s)[q]) / X0R[DEU][RUS];
}

/* ---- (a) no sanction: the baseline, bit for bit ------------------------- */

static void test_baseline(void)
{
    const size_t n = 4, len = n * n * K;
    const long months = 24;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    c->adjust = 0.37;
    c->relocation_speed = 0.2;
    c->agent[KAZ].lost_in_transit = 0.15;
    c->agent[ARM].base_commission = 0.11;
    add_enforcer(c, DEU, SS_RANDOM, 2.5, 0.4, 0.3, 0.5, 6);
    add_enforcer(c, DEU, SS_EXPECTED, 1.5, 0.4, 0.3, 0.5, 6);
    /* A ban dated after the run is never in force. */
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, months + 3, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240611);
    ss_diag diag;
    ss_diag_clear(&diag);
    CHECK(ss_sim_month(s) == 0);
    int steps_ok = 1, same = 1, prices = 1, quiet = 1, agents = 1;
    for (long t = 1; t < months; t++) {
        steps_ok &= ss_sim_step(s, r, &diag) == SS_OK;
        same &= memcmp(ss_sim_flows(s), w->x0, len * sizeof(double)) == 0;
        same &= memcmp(ss_sim_direct(s), w->x0, len * sizeof(double)) == 0;
        same &= memcmp(ss_sim_exports(s), w->x0, len * sizeof(double)) == 0;
        same &= memcmp(ss_sim_imports(s), w->x0, len * sizeof(double)) == 0;
        for (size_t q = 0; q < len; q++)
            prices &= ss_sim_cost(s)[q] == 1.0;
        for (size_t q = 0; q < n * K; q++) {
            prices &= ss_sim_price(s)[q] == 1.0;
            quiet &= ss_sim_transit(s)[q] == 0 && ss_sim_commission_income(s)[q] == 0;
            agents &= ss_sim_commission_rate(s)[q] == c->agent[q / K].base_commission;
        }
        for (size_t m = 0; m < n; m++)
            quiet &= ss_sim_caught(s)[m] == 0 && ss_sim_detection(s)[m] == 0;
        quiet &= ss_sim_n_rerouted(s) == 0;
    }
    CHECK(steps_ok);
    CHECK(ss_sim_month(s) == months - 1);
    CHECK(same);
    CHECK(prices);
    CHECK(quiet);
    CHECK(agents);
    /* Capacity stays at its initial 10 % of baseline imports:
     * KAZ restricted imports from others = 6.85 + 17.6 + 0.44 = 24.89. */
    CHECK_NEAR(ss_sim_capacity(s)[KAZ * K + RES], 0.1 * 24.89, 1e-12);
    gsl_rng_free(r);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (b) a ban from month 3 through month 8 ---------------------------- */

static void test_ban_dates(void)
{
    const size_t n = 4, len = n * n * K;
    const long months = 60, start = 3, end = 8;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    c->adjust = 0.25;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, start, end);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    const size_t dr = ix(n, DEU, RUS, RES);
    double prev[4 * 4 * K];
    int ok = 1, before = 1, closed = 1, rerouted = 1, open = 1, geometric = 1, others = 1;
    for (long t = 1; t < months; t++) {
        memcpy(prev, ss_sim_flows(s), sizeof prev);
        ok &= ss_sim_step(s, NULL, &diag) == SS_OK;
        const double *x = ss_sim_flows(s), *dir = ss_sim_direct(s);
        if (t < start)
            before &= memcmp(x, w->x0, len * sizeof(double)) == 0;
        else if (t <= end) {
            closed &= dir[dr] == 0 && ss_sim_exports(s)[dr] == 0 && ss_sim_imports(s)[dr] == 0;
            rerouted &= x[dr] > 0 && ss_sim_n_rerouted(s) == 1;
        } else {
            open &= dir[dr] > 0 && dir[dr] == x[dr] && ss_sim_n_rerouted(s) == 0;
            /* Every cost is back at 1, so the target is the baseline and
             * the gap to it shrinks by (1 - adjust) = 0.75 each month. */
            for (size_t i = 0; i < n; i++) {
                size_t q = ix(n, i, RUS, RES);
                double gap = x[q] - w->x0[q], gap_prev = prev[q] - w->x0[q];
                if (fabs(gap_prev) > 1e-9 * w->x0[q])
                    geometric &= fabs(gap / gap_prev - 0.75) < 1e-6;
            }
        }
        /* Other importers and the other sector never move. */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                for (size_t sec = 0; sec < K; sec++)
                    if (j != RUS || sec != RES)
                        others &= x[ix(n, i, j, sec)] == w->x0[ix(n, i, j, sec)];
        if (t == end + 1)
            CHECK(x[dr] > prev[dr]); /* recovering */
    }
    CHECK(ok);
    CHECK(before);
    CHECK(closed);
    CHECK(rerouted);
    CHECK(open);
    CHECK(geometric);
    CHECK(others);
    /* 51 months after the end the gap is 0.75^51 = 4.3e-7 of what it
     * was at the end of the ban (at most the whole flow, 43.7). */
    CHECK_NEAR(ss_sim_flows(s)[dr], X0R[DEU][RUS], 43.7 * 4.3e-7);
    CHECK_NEAR(ss_sim_price(s)[RUS * K + RES], 1.0, 1e-7);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (c) hand-computed CES / route result ------------------------------- */

/* The three-country world: DEU bans restricted exports to RUS from month 1;
 * KAZ is the only possible intermediary. adjust = 1 and price_speed = 0,
 * so the commission stays at base_commission = 0.085. */
static ss_config *three_country_config(long months)
{
    ss_config *c = make_config(3, months);
    c->adjust = 1.0;
    for (size_t m = 0; m < 3; m++) {
        c->agent[m].base_commission = 0.085;
        c->agent[m].price_speed = 0;
        c->agent[m].capacity = 0.1;
        c->agent[m].invest_speed = 0.1;
    }
    c->agent[KAZ].lost_in_transit = 0.15;
    return c;
}

/* RUS's restricted-sector CES demand when only the DEU -> RUS cost is C:
 * pi0 = X0 / E, X*_l = E pi0_l C_l^(1-sigma) / sum pi0 C^(1-sigma). */
struct ces {
    double xd, xr, xk, p;
};

static struct ces rus_demand(double cost_dr, double sigma)
{
    const double e = X0R[DEU][RUS] + X0R[RUS][RUS] + X0R[KAZ][RUS];
    const double pd = X0R[DEU][RUS] / e, pr = X0R[RUS][RUS] / e, pk = X0R[KAZ][RUS] / e;
    const double wd = pd * pow(cost_dr, 1 - sigma);
    const double den = wd + pr + pk;
    struct ces out = {e * wd / den, e * pr / den, e * pk / den, pow(den, 1 / (1 - sigma))};
    return out;
}

static void test_hand_ban(void)
{
    const size_t n = 3;
    ss_world *w = make_world(n);
    ss_config *c = three_country_config(4);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    /* g = 1 + 0.1 (3600 + 2390 - 1610) / 1610 = 1.27204968944;
     * the only route costs v = d_DK d_KR g (1 + c) = 1 * 1 * g * 1.085
     * = 1.38017391304, its weight is w = v^-3.7 = 0.303560239298.
     * docs/model.md section 4 would give C = w^(-1/theta) = v. model/route.h
     * normalises by the same routes with the direct road back at cost 1
     * (weight 1 plus this detour's weight w):
     * C = (w / (1 + w))^(-1/3.7) = v (1 + w)^(1/3.7) = 1.48268990077. */
    const double g = 1 + 0.1 * (3600.0 + 2390.0 - 1610.0) / 1610.0, cm = 0.085;
    const double v = g * (1 + cm), wv = pow(v, -3.7);
    CHECK_NEAR(v, 1.3801739130434783, 1e-14);
    CHECK_NEAR(wv, 0.30356023929801124, 1e-14);
    const double cost = v * pow(1 + wv, 1 / 3.7);
    CHECK_NEAR(cost, 1.4826899007678596, 1e-13);
    struct ces h = rus_demand(cost, 4.7);
    /* The same numbers from a separate hand calculation. */
    CHECK_NEAR(h.xd, 10.80839893261528, 1e-11);
    CHECK_NEAR(h.p, 1.0164170272017758, 1e-13);

    for (long t = 1; t <= 2; t++) {
        CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
        const double *x = ss_sim_flows(s), *rx = ss_sim_exports(s), *rm = ss_sim_imports(s);
        CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, RES)], cost, 1e-12);
        CHECK_NEAR(x[ix(n, DEU, RUS, RES)], h.xd, 1e-10);
        CHECK_NEAR(x[ix(n, RUS, RUS, RES)], h.xr, 1e-9);
        CHECK_NEAR(x[ix(n, KAZ, RUS, RES)], h.xk, 1e-10);
        /* Spending is preserved: 43.7 + 520.9 + 8.74 = 573.34. */
        CHECK_NEAR(h.xd + h.xr + h.xk, 573.34, 1e-9);
        CHECK_NEAR(ss_sim_price(s)[RUS * K + RES], h.p, 1e-13);
        CHECK(ss_sim_price(s)[RUS * K + OTH] == 1.0);
        CHECK(ss_sim_price(s)[DEU * K + RES] == 1.0);
        CHECK(ss_sim_price(s)[KAZ * K + RES] == 1.0);
        /* All of the DEU -> RUS flow goes via KAZ. */
        CHECK(ss_sim_direct(s)[ix(n, DEU, RUS, RES)] == 0);
        CHECK_NEAR(ss_sim_via(s, DEU, RUS, RES, KAZ), h.xd, 1e-10);
        CHECK(ss_sim_n_rerouted(s) == 1);
        size_t ri = 9, rj = 9, rs = 9;
        ss_sim_rerouted(s, 0, &ri, &rj, &rs);
        CHECK(ri == DEU && rj == RUS && rs == RES);
        /* Transit, commission rate and income x c / (1 + c) = 0.84674093020. */
        CHECK_NEAR(ss_sim_transit(s)[KAZ * K + RES], h.xd, 1e-10);
        CHECK(ss_sim_transit(s)[KAZ * K + OTH] == 0);
        CHECK(ss_sim_transit(s)[DEU * K + RES] == 0 && ss_sim_transit(s)[RUS * K + RES] == 0);
        CHECK(ss_sim_commission_rate(s)[KAZ * K + RES] == cm);
        CHECK_NEAR(ss_sim_commission_income(s)[KAZ * K + RES], h.xd * cm / (1 + cm), 1e-11);
        CHECK_NEAR(ss_sim_commission_income(s)[KAZ * K + RES], 0.8467409302048837, 1e-10);
        /* Recorded flows (section 11): DEU records an export to KAZ of
         * x / (1 + c); KAZ records 85 % of it as an import; KAZ -> RUS
         * is recorded at x on both sides; nothing DEU -> RUS. */
        const double paid = h.xd / (1 + cm);
        CHECK(rx[ix(n, DEU, RUS, RES)] == 0 && rm[ix(n, DEU, RUS, RES)] == 0);
        CHECK_NEAR(rx[ix(n, DEU, KAZ, RES)], X0R[DEU][KAZ] + paid, 1e-10);
        CHECK_NEAR(rx[ix(n, DEU, KAZ, RES)], 16.811658002410397, 1e-10);
        CHECK_NEAR(rm[ix(n, DEU, KAZ, RES)], X0R[DEU][KAZ] + paid * 0.85, 1e-10);
        CHECK_NEAR(rm[ix(n, DEU, KAZ, RES)], 15.317409302048837, 1e-10);
        CHECK_NEAR(rx[ix(n, KAZ, RUS, RES)], h.xk + h.xd, 1e-10);
        CHECK_NEAR(rm[ix(n, KAZ, RUS, RES)], h.xk + h.xd, 1e-10);
        CHECK_NEAR(rx[ix(n, RUS, RUS, RES)], h.xr, 1e-9);
        CHECK(rx[ix(n, DEU, KAZ, OTH)] == X0O[DEU][KAZ]);
    }
    /* Capacity: Q0 = 0.1 * (6.85 + 17.6) = 2.445 (KAZ's restricted imports
     * from the other two), Q1 = Q0 + 0.1 (x - Q0) = 3.28133989326,
     * Q2 = Q1 + 0.1 (x - Q1). */
    double q1 = 2.445 + 0.1 * (h.xd - 2.445);
    CHECK_NEAR(q1, 3.2813398932615283, 1e-11);
    CHECK_NEAR(ss_sim_capacity(s)[KAZ * K + RES], q1 + 0.1 * (h.xd - q1), 1e-11);
    CHECK_NEAR(ss_sim_capacity(s)[KAZ * K + OTH], 0.1 * (35.9 + 61.3), 1e-11);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A 38.5 % penalty instead of a ban: two routes, direct and via KAZ. */
static void test_hand_penalty(void)
{
    const size_t n = 3;
    ss_world *w = make_world(n);
    ss_config *c = three_country_config(3);
    add_measure(c, DEU, RUS, RES, SS_PENALTY, 0.385, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    const double theta = 3.7, g = 1 + 0.1 * 4380.0 / 1610.0;
    const double wd = pow(1.385, -theta), wv = (1 - wd) * pow(g * 1.085, -theta);
    /* The detour draws only the shippers the penalty pushes off the direct
     * road: its weight (g 1.085)^-3.7 is scaled by 1 - 1.385^-3.7. Then,
     * normalised as in test_hand_ban:
     * C = ((1.385^-3.7 + wv) / (1 + wv))^(-1/3.7) = 1.26224062934899,
     * between 1 and the direct cost 1.385. */
    const double cost = pow((wd + wv) / (1 + wv), -1 / theta);
    CHECK_NEAR(cost, 1.2622406293489328, 1e-13);
    CHECK(cost > 1 && cost < 1.385);
    struct ces h = rus_demand(cost, 4.7);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    const size_t dr = ix(n, DEU, RUS, RES);
    CHECK_NEAR(ss_sim_cost(s)[dr], cost, 1e-12);
    CHECK_NEAR(ss_sim_flows(s)[dr], h.xd, 1e-10);
    /* Shares w_r / (w_d + w_v). */
    CHECK_NEAR(ss_sim_direct(s)[dr], h.xd * wd / (wd + wv), 1e-10);
    CHECK_NEAR(ss_sim_via(s, DEU, RUS, RES, KAZ), h.xd * wv / (wd + wv), 1e-10);
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + RES], h.xd * wv / (wd + wv), 1e-10);
    CHECK_NEAR(ss_sim_price(s)[RUS * K + RES], h.p, 1e-12);
    /* A penalty's direct flow is recorded directly. */
    CHECK_NEAR(ss_sim_exports(s)[dr], ss_sim_direct(s)[dr], 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Month 2 follows from month 1: the commission of section 5 from V(1),
 * Q(1), p(1), and expected-mode secondary sanctions of section 6. */
static void test_second_month(void)
{
    const size_t n = 3;
    ss_world *w = make_world(n);
    ss_config *c = three_country_config(4);
    for (size_t m = 0; m < n; m++) {
        ss_agent *a = &c->agent[m];
        a->price_speed = 0.6;
        a->loss = 1.3;
        a->congestion_price = 0.05;
        a->congestion_power = 2;
        a->leverage = 0.04;
        a->lost_in_transit = 0;
    }
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_enforcer(c, DEU, SS_EXPECTED, 0.9, 0.05, 0.2, 0.35, 4);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    const double g = 1 + 0.1 * 4380.0 / 1610.0, cm = 0.085;

    /* Month 1: last month saw no transit and no risk, so the commission
     * target is the base rate and the result equals test_hand_ban's. */
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    const double v = g * (1 + cm), cost1 = v * pow(1 + pow(v, -3.7), 1 / 3.7);
    struct ces h1 = rus_demand(cost1, 4.7);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, RES)], h1.xd, 1e-10);
    CHECK(ss_sim_commission_rate(s)[KAZ * K + RES] == cm);
    /* The enforcer watches DEU's recorded restricted exports to KAZ:
     * A = (6.85 + x / 1.085) / 6.85 - 1 = 1.45425664269,
     * p = 1 - exp(-0.9 (0.05 + 0.2 A)) = 0.264177380698. */
    double a1 = (X0R[DEU][KAZ] + h1.xd / (1 + cm)) / X0R[DEU][KAZ] - 1;
    double p1 = 1 - exp(-0.9 * (0.05 + 0.2 * a1));
    CHECK_NEAR(a1, 1.4542566426876493, 1e-11);
    CHECK_NEAR(p1, 0.2641773806984845, 1e-12);
    CHECK_NEAR(ss_sim_detection(s)[KAZ], p1, 1e-14);
    CHECK(ss_sim_detection(s)[DEU] == 0); /* a coalition member */
    CHECK(ss_sim_detection(s)[RUS] == 0); /* the target */
    CHECK(ss_sim_caught(s)[KAZ] == 0);    /* nothing before month 1 */
    double v1 = ss_sim_transit(s)[KAZ * K + RES], q1 = ss_sim_capacity(s)[KAZ * K + RES];

    /* Month 2. Commission from V(1), Q(1) (capacity after month 1's
     * growth) and p(1): c = 0.085 + 0.6 (0.085 + p 1.3 / (1 - p)
     * + 0.05 (V / Q)^2 + 0.04 V / V - 0.085) = 0.714531006931. */
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    double c2 = cm + 0.6 * (p1 * 1.3 / (1 - p1) + 0.05 * (v1 / q1) * (v1 / q1) + 0.04);
    CHECK_NEAR(c2, 0.7145310069309029, 1e-10);
    CHECK_NEAR(ss_sim_commission_rate(s)[KAZ * K + RES], c2, 1e-13);
    /* No transit in the other sector: only the risk premium moves it. */
    CHECK_NEAR(ss_sim_commission_rate(s)[KAZ * K + OTH], cm + 0.6 * p1 * 1.3 / (1 - p1), 1e-13);
    /* RUS, the target, is never watched: its rate stays at the base. */
    CHECK(ss_sim_commission_rate(s)[RUS * K + RES] == cm);
    /* Expected-mode secondary sanctions: DEU <-> KAZ restricted links cost
     * 1 + 0.35 p(1), reported as caught = p(1). */
    CHECK_NEAR(ss_sim_caught(s)[KAZ], p1, 1e-14);
    double d_dk = 1 + 0.35 * p1;
    CHECK(ss_sim_cost(s)[ix(n, DEU, KAZ, OTH)] == 1.0);
    /* The route DEU -> KAZ -> RUS now costs d_DK g (1 + c2), weight
     * w2 = (d_DK g (1 + c2))^-3.7; with the direct road banned the detour
     * is the only route, normalised by the direct road back at cost 1:
     * C = (w2 / (1 + w2))^(-1/3.7) = 2.40818000057. */
    double w2 = pow(d_dk * g * (1 + c2), -3.7);
    double cost2 = pow(w2 / (1 + w2), -1 / 3.7);
    CHECK_NEAR(cost2, 2.4081800005684397, 1e-10);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, RES)], cost2, 1e-12);
    struct ces h2 = rus_demand(cost2, 4.7);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, RES)], h2.xd, 1e-10);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A link's effective cost must be continuous in its own penalty. DEU bans
 * restricted exports to RUS, so the detour DEU -> RUS -> KAZ is closed, and
 * DEU -> KAZ carries a penalty of 1e-9 (for example the expected-mode
 * secondary sanction of an intermediary with a tiny detection
 * probability). The only open route is the direct one, so by docs/model.md
 * section 3 C = d = 1 + 1e-9, and with the penalty at 0 the link is at its
 * baseline, C = 1. An earlier normalisation divided by 1 + open, where
 * open counted the closed detour via RUS as if it were open:
 * C = (d^-theta / (1 + ((1 + 0.1 * 400 / 3600) * 1.085)^-3.7))^(-1/3.7)
 * = 1.156 d, a 15.6 % jump in DEU's cost of selling to KAZ that a
 * one-in-a-billion penalty causes. KAZ's restricted imports from DEU
 * fall from 6.85 to 4.10 as a result (adjust = 1). */
static void test_cost_continuity(void)
{
    const size_t n = 3;
    ss_world *w = make_world(n);
    ss_config *c = three_country_config(3);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_measure(c, DEU, KAZ, RES, SS_PENALTY, 1e-9, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, KAZ, RES)], 1.0, 1e-8);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, KAZ, RES)], X0R[DEU][KAZ], 1e-6);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (d) price index and leakage ---------------------------------------- */

static void test_price_and_leakage(void)
{
    const size_t n = 4, len = n * n * K;
    const long months = 25;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    c->agent[KAZ].lost_in_transit = 0.2;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_enforcer(c, DEU, SS_RANDOM, 0.8, 0.05, 0.1, 0.3, 6);
    ss_sim *s = ss_sim_alloc(w, c);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    ss_diag diag;
    int ok = 1, rises = 1, within = 1, finite = 1;
    double lmin = 1, lmax = 0;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(s, r, &diag) == SS_OK;
        rises &= ss_sim_price(s)[RUS * K + RES] > 1.0;
        double l = leakage(s, n);
        within &= l >= 0 && l <= 1;
        lmin = fmin(lmin, l);
        lmax = fmax(lmax, l);
        finite &= finite_nonneg(ss_sim_flows(s), len) && finite_nonneg(ss_sim_exports(s), len) &&
                  finite_nonneg(ss_sim_imports(s), len) && finite_nonneg(ss_sim_price(s), n * K) &&
                  finite_nonneg(ss_sim_commission_rate(s), n * K);
    }
    CHECK(ok);
    CHECK(rises);
    CHECK(within);
    CHECK(lmin > 0); /* some trade leaks */
    CHECK(lmax < 1); /* but not all of it */
    CHECK(finite);
    gsl_rng_free(r);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (e) commissions and enforcement lower leakage ---------------------- */

/* Leakage in months 1..12 of the four-country ban scenario. */
static void leakage_path(double base_commission, int mode, double enforcement, double base_hazard,
                         double penalty, unsigned long seed, double *out)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, 13);
    for (size_t m = 0; m < n; m++)
        c->agent[m].base_commission = base_commission;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    if (enforcement >= 0)
        add_enforcer(c, DEU, mode, enforcement, base_hazard, 0.2, penalty, 3);
    ss_sim *s = ss_sim_alloc(w, c);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    ss_diag diag;
    for (int t = 0; t < 12; t++) {
        if (ss_sim_step(s, mode == SS_RANDOM ? r : NULL, &diag) != SS_OK) {
            fprintf(stderr, "step failed: %s\n", diag.msg);
            out[t] = NAN;
        } else
            out[t] = leakage(s, n);
    }
    gsl_rng_free(r);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

static void test_leakage_falls(void)
{
    double lo[12], hi[12];
    /* Base commission 5 % against 20 %, no enforcement. */
    leakage_path(0.05, SS_EXPECTED, -1, 0, 0, 1, lo);
    leakage_path(0.20, SS_EXPECTED, -1, 0, 0, 1, hi);
    int lower = 1;
    for (int t = 0; t < 12; t++)
        lower &= hi[t] < lo[t] && hi[t] > 0;
    CHECK(lower);

    /* Enforcement 0.3 against 1.5, expected mode, secondary penalty 50 %.
     * Month 1 is the same (nobody has been watched yet); from month 2 the
     * risk premium and the secondary sanctions bite. */
    leakage_path(0.07, SS_EXPECTED, 0.3, 0.05, 0.5, 1, lo);
    leakage_path(0.07, SS_EXPECTED, 1.5, 0.05, 0.5, 1, hi);
    CHECK(hi[0] == lo[0]);
    lower = 1;
    for (int t = 1; t < 12; t++)
        lower &= hi[t] < lo[t];
    CHECK(lower);

    /* Random mode, averaged over 16 seeds and 12 months. */
    double mean_lo = 0, mean_hi = 0;
    for (unsigned long seed = 1; seed <= 16; seed++) {
        leakage_path(0.07, SS_RANDOM, 0.3, 0.05, 0.5, seed, lo);
        leakage_path(0.07, SS_RANDOM, 1.5, 0.05, 0.5, seed, hi);
        for (int t = 0; t < 12; t++) {
            mean_lo += lo[t];
            mean_hi += hi[t];
        }
    }
    CHECK(mean_hi < mean_lo);
}

/* Raising enforcement must not raise leakage, also at high intensity,
 * where the detection probability reaches 1 in double precision. With
 * base_hazard 1 and no secondary penalty only the risk premium acts:
 * enforcement 0.5, 2 and 5 give p = 0.39, 0.865 and 0.9933 (premium
 * p / (1 - p) = 0.65, 6.4 and 147), 20 and 40 give p = 1 - 2e-9 and
 * exactly 1.0, both capped at 0.999 by ss_agent_commission (premium 999).
 * An earlier version dropped the premium to 0 at p = 1, so that
 * enforcement 40 leaked as much as no enforcement at all. */
static void test_leakage_high_enforcement(void)
{
    const double level[5] = {0.5, 2, 5, 20, 40};
    double path[5][12];
    for (int e = 0; e < 5; e++)
        leakage_path(0.07, SS_EXPECTED, level[e], 1.0, 0, 1, path[e]);
    int monotone = 1, strict = 1;
    for (int t = 1; t < 12; t++) {
        for (int e = 1; e < 5; e++)
            monotone &= path[e][t] <= path[e - 1][t];
        /* Below the cap each step up in enforcement bites. */
        strict &= path[1][t] < path[0][t] && path[2][t] < path[1][t];
    }
    CHECK(monotone);
    CHECK(strict);
    /* Both top levels are at the cap: the same path. */
    CHECK(memcmp(path[3], path[4], sizeof path[3]) == 0);
}

/* ---- (f) seeds ---------------------------------------------------------- */

static ss_config *seeded_config(long months)
{
    ss_config *c = make_config(4, months);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_enforcer(c, DEU, SS_RANDOM, 0.8, 0.1, 0.3, 0.4, 3);
    return c;
}

#define SAME(f, len) (memcmp(f(a), f(b), (len) * sizeof(double)) == 0)

static void test_seeds(void)
{
    const size_t n = 4, len = n * n * K, nk = n * K;
    const long months = 30;
    ss_world *w = make_world(n);
    ss_config *c = seeded_config(months);
    ss_sim *a = ss_sim_alloc(w, c), *b = ss_sim_alloc(w, c), *o = ss_sim_alloc(w, c);
    gsl_rng *ra = gsl_rng_alloc(gsl_rng_mt19937), *rb = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng *ro = gsl_rng_alloc(gsl_rng_mt19937), *replay = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(ra, 20240611);
    gsl_rng_set(rb, 20240611);
    gsl_rng_set(replay, 20240611);
    gsl_rng_set(ro, 7);
    ss_diag diag;
    const double theta = 3.7, pen = 0.4;
    const double g_k = 1 + 0.1 * (3600.0 + 2390.0 - 1610.0) / 1610.0;
    const double g_a = 1 + 0.1 * (2870.0 + 1790.0 - 1610.0) / 1610.0;
    long caught_k[64] = {0}, caught_a[64] = {0};
    int ok = 1, same = 1, draws = 1, secondary = 1, differs = 0, n_caught = 0, n_under = 0;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(a, ra, &diag) == SS_OK;
        ok &= ss_sim_step(b, rb, &diag) == SS_OK;
        ok &= ss_sim_step(o, ro, &diag) == SS_OK;
        same &= SAME(ss_sim_flows, len) && SAME(ss_sim_direct, len) && SAME(ss_sim_exports, len) &&
                SAME(ss_sim_imports, len) && SAME(ss_sim_cost, len) && SAME(ss_sim_price, nk) &&
                SAME(ss_sim_transit, nk) && SAME(ss_sim_commission_rate, nk) &&
                SAME(ss_sim_commission_income, nk) && SAME(ss_sim_capacity, nk) &&
                SAME(ss_sim_detection, n) && SAME(ss_sim_caught, n);
        for (size_t m = 0; m < n; m++)
            differs |= ss_sim_caught(a)[m] != ss_sim_caught(o)[m];
        /* Replay the stream: one uniform per country in world order for
         * the one enforcer; caught exactly when the draw is below p. */
        for (size_t m = 0; m < n; m++) {
            double u = gsl_rng_uniform(replay);
            draws &= ss_sim_caught(a)[m] == (u < ss_sim_detection(a)[m] ? 1.0 : 0.0);
        }
        caught_k[t] = ss_sim_caught(a)[KAZ] == 1.0;
        caught_a[t] = ss_sim_caught(a)[ARM] == 1.0;
        n_caught += (int)(caught_k[t] + caught_a[t]);
        /* Secondary sanctions: caught in month s, DEU <-> m costs 1.4 in
         * months s+1 .. s+3. The split of DEU -> RUS between KAZ and ARM
         * shows it: via_K / via_A = (d_DK g_K (1 + c_K) /
         * (d_DA g_A (1 + c_A)))^-theta. */
        int under_k = 0, under_a = 0;
        for (long s = t - 3; s < t; s++) {
            if (s >= 1) {
                under_k |= caught_k[s] != 0;
                under_a |= caught_a[s] != 0;
            }
        }
        n_under += under_k != under_a;
        double ck = ss_sim_commission_rate(a)[KAZ * K + RES];
        double ca = ss_sim_commission_rate(a)[ARM * K + RES];
        double want = pow(((under_k ? 1 + pen : 1) * g_k * (1 + ck)) /
                              ((under_a ? 1 + pen : 1) * g_a * (1 + ca)),
                          -theta);
        double got = ss_sim_via(a, DEU, RUS, RES, KAZ) / ss_sim_via(a, DEU, RUS, RES, ARM);
        secondary &= fabs(got / want - 1) < 1e-12;
    }
    CHECK(ok);
    CHECK(same);
    CHECK(differs);
    CHECK(draws);
    CHECK(n_caught > 0);
    CHECK(n_under > 0); /* the secondary check saw a difference to test */
    CHECK(secondary);
    /* The coalition member and the target are never caught. */
    CHECK(ss_sim_detection(a)[DEU] == 0 && ss_sim_detection(a)[RUS] == 0);
    gsl_rng_free(ra);
    gsl_rng_free(rb);
    gsl_rng_free(ro);
    gsl_rng_free(replay);
    ss_sim_free(a);
    ss_sim_free(b);
    ss_sim_free(o);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (g) money balances ------------------------------------------------- */

static void test_money(void)
{
    const size_t n = 4, len = n * n * K;
    const long months = 13;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    c->agent[KAZ].lost_in_transit = 0.15;
    c->agent[ARM].lost_in_transit = 0.3;
    c->agent[ARM].base_commission = 0.12;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_measure(c, DEU, RUS, OTH, SS_PENALTY, 0.45, 2, -1);
    add_measure(c, RUS, KAZ, OTH, SS_PENALTY, 0.2, 1, 6);
    add_enforcer(c, DEU, SS_RANDOM, 0.8, 0.1, 0.3, 0.4, 3);
    ss_sim *s = ss_sim_alloc(w, c);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 99);
    ss_diag diag;
    const double lost[4] = {0, 0, 0.15, 0.3};
    int ok = 1, links = 1, transit = 1, income = 1, lost_kaz = 1;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(s, r, &diag) == SS_OK;
        const double *x = ss_sim_flows(s), *dir = ss_sim_direct(s);
        const double *rx = ss_sim_exports(s), *rm = ss_sim_imports(s);
        const double *rate = ss_sim_commission_rate(s);
        double sum_x = 0, sum_rx = 0, sum_rm = 0, sum_dir = 0;
        for (size_t q = 0; q < len; q++) {
            sum_x += x[q];
            sum_rx += rx[q];
            sum_rm += rm[q];
            sum_dir += dir[q];
        }
        /* Enumerate every (link, intermediary) shipment. */
        double paid = 0, lost_goods = 0, commission = 0, v[4 * K] = {0}, inc[4 * K] = {0};
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                for (size_t sec = 0; sec < K; sec++) {
                    double via_sum = 0;
                    for (size_t m = 0; m < n; m++) {
                        double value = ss_sim_via(s, i, j, sec, m);
                        double cm = rate[m * K + sec];
                        via_sum += value;
                        paid += value / (1 + cm);
                        lost_goods += value / (1 + cm) * lost[m];
                        commission += value * cm / (1 + cm);
                        v[m * K + sec] += value;
                        inc[m * K + sec] += value * cm / (1 + cm);
                    }
                    size_t q = ix(n, i, j, sec);
                    links &= fabs(dir[q] + via_sum - x[q]) <= 1e-12 * (1 + x[q]);
                }
        for (size_t q = 0; q < n * K; q++) {
            transit &= fabs(ss_sim_transit(s)[q] - v[q]) <= 1e-12 * (1 + v[q]);
            income &= fabs(ss_sim_commission_income(s)[q] - inc[q]) <= 1e-12 * (1 + inc[q]);
        }
        /* Recorded exports exceed true flows by what intermediaries paid
         * to origins (each transit shipment is exported twice: x / (1 + c)
         * by the origin, x by the intermediary, against one true flow x). */
        CHECK_NEAR(sum_rx - sum_x, paid, 1e-9);
        /* Exports minus imports: the goods lost in transit. */
        CHECK_NEAR(sum_rx - sum_rm, lost_goods, 1e-9);
        CHECK(lost_goods > 0);
        double kaz_gap = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t sec = 0; sec < K; sec++)
                kaz_gap += rx[ix(n, i, KAZ, sec)] - rm[ix(n, i, KAZ, sec)];
        lost_kaz &= kaz_gap > 0;
        /* Payments: importers pay = origins receive + commission income. */
        double income_total = 0;
        for (size_t q = 0; q < n * K; q++)
            income_total += ss_sim_commission_income(s)[q];
        CHECK_NEAR(income_total, commission, 1e-9);
        CHECK_NEAR(sum_x, sum_dir + paid + income_total, 1e-8);
    }
    CHECK(ok);
    CHECK(links);
    CHECK(transit);
    CHECK(income);
    CHECK(lost_kaz);
    gsl_rng_free(r);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- what the enforcer watches (section 6) ------------------------------ */

/* The enforcer measures a surge "in the coalition's own customs records
 * (its recorded exports to m for export bans)". Those records include a
 * member's re-exports when a member is itself the intermediary. Here DEU
 * and ARM ban restricted exports to RUS; KAZ puts a 30 % import tariff on
 * DEU's restricted goods, so DEU -> KAZ is rerouted, partly through ARM,
 * and ARM records the second leg as an export to KAZ. The detection
 * probability of KAZ must follow from the recorded exports of DEU and ARM
 * to KAZ, read through ss_sim_exports; with an attention lag, that share
 * of last month's probability (0 before month 1) carries over and the rest
 * is the one the records imply. */
static void enforcer_reads_records(double lag)
{
    const size_t n = 4;
    const long months = 8;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    c->adjust = 0.5;
    ss_measure m;
    memset(&m, 0, sizeof m);
    ss_set_add(&m.by, DEU);
    ss_set_add(&m.by, ARM);
    ss_set_add(&m.target, RUS);
    ss_set_add(&m.sectors, RES);
    m.kind = SS_BAN;
    m.direction = SS_EXPORT;
    m.start = 1;
    m.end = -1;
    ss_config_add_measure(c, &m);
    ss_set_clear(&m.by);
    ss_set_clear(&m.target);
    /* KAZ's import tariff on DEU: by KAZ, target DEU, direction import. */
    ss_set_add(&m.by, KAZ);
    ss_set_add(&m.target, DEU);
    m.kind = SS_PENALTY;
    m.rate = 0.3;
    m.direction = SS_IMPORT;
    ss_config_add_measure(c, &m);
    ss_set_clear(&m.by);
    ss_set_clear(&m.target);
    ss_set_clear(&m.sectors);
    ss_enforcer e;
    memset(&e, 0, sizeof e);
    ss_set_add(&e.members, DEU);
    ss_set_add(&e.members, ARM);
    e.mode = SS_EXPECTED;
    e.enforcement = 0.7;
    e.base_hazard = 0.05;
    e.surge_hazard = 0.4;
    e.secondary_penalty = 0.25;
    e.secondary_months = 3;
    e.attention_lag = lag;
    ss_config_add_enforcer(c, &e);
    ss_set_clear(&e.members);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    int ok = 1, matches = 1, via_arm = 1;
    double last = 0;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(s, NULL, &diag) == SS_OK;
        via_arm &= ss_sim_via(s, DEU, KAZ, RES, ARM) > 0;
        const double *rx = ss_sim_exports(s);
        double watched = rx[ix(n, DEU, KAZ, RES)] + rx[ix(n, ARM, KAZ, RES)];
        double base = X0R[DEU][KAZ] + X0R[ARM][KAZ];
        double surge = watched / base - 1;
        double p = 1 - exp(-0.7 * (0.05 + 0.4 * fmax(0, surge)));
        p = last = lag == 0 ? p : (1 - lag) * p + lag * last;
        if (fabs(ss_sim_detection(s)[KAZ] - p) > 1e-12) {
            matches = 0;
            fprintf(stderr, "month %ld: p(KAZ) = %.12g, from recorded exports %.12g\n", t,
                    ss_sim_detection(s)[KAZ], p);
        }
    }
    CHECK(ok);
    CHECK(via_arm); /* ARM does carry DEU's goods to KAZ */
    CHECK(matches);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* An import ban: DEU bans restricted imports from RUS, so RUS -> DEU goes
 * through KAZ and ARM. The enforcer watches DEU's recorded imports from
 * each intermediary: direct imports plus the second legs, valued at what
 * DEU pays. */
static void test_enforcer_import_ban(void)
{
    const size_t n = 4;
    const long months = 8;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    c->agent[KAZ].lost_in_transit = 0.3; /* affects KAZ's own records only */
    fixture_measure(c, DEU, RUS, RES, SS_BAN, 0, SS_IMPORT, SS_EVADE_TRANSIT, 1, -1);
    add_enforcer(c, DEU, SS_EXPECTED, 0.6, 0.05, 0.5, 0.2, 3);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    int ok = 1, matches = 1, closed = 1;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(s, NULL, &diag) == SS_OK;
        closed &= ss_sim_direct(s)[ix(n, RUS, DEU, RES)] == 0 &&
                  ss_sim_flows(s)[ix(n, RUS, DEU, RES)] > 0;
        closed &= ss_sim_direct(s)[ix(n, DEU, RUS, RES)] == ss_sim_flows(s)[ix(n, DEU, RUS, RES)];
        const double *rm = ss_sim_imports(s);
        for (size_t v = KAZ; v <= ARM; v++) {
            double surge = rm[ix(n, v, DEU, RES)] / X0R[v][DEU] - 1;
            double p = 1 - exp(-0.6 * (0.05 + 0.5 * fmax(0, surge)));
            matches &= fabs(ss_sim_detection(s)[v] - p) < 1e-12;
        }
        matches &= ss_sim_detection(s)[RUS] == 0 && ss_sim_detection(s)[DEU] == 0;
    }
    CHECK(ok);
    CHECK(closed);
    CHECK(matches);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Intermediaries that are unwilling or not candidates carry nothing; with
 * none left the banned link closes and its spending goes to the others. */
static void test_unwilling(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, 4);
    c->adjust = 1.0;
    c->agent[KAZ].willing = 0;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK(ss_sim_via(s, DEU, RUS, RES, KAZ) == 0);
    CHECK(ss_sim_transit(s)[KAZ * K + RES] == 0);
    CHECK_NEAR(ss_sim_via(s, DEU, RUS, RES, ARM), ss_sim_flows(s)[ix(n, DEU, RUS, RES)], 1e-12);
    CHECK(ss_sim_flows(s)[ix(n, DEU, RUS, RES)] > 0);
    ss_sim_free(s);

    c->agent[ARM].candidate = 0; /* read afresh: no route is left */
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    const double e = 43.7 + 520.9 + 8.74 + 3.15;
    CHECK(ss_sim_flows(s)[ix(n, DEU, RUS, RES)] == 0);
    CHECK(isinf(ss_sim_cost(s)[ix(n, DEU, RUS, RES)]));
    CHECK(ss_sim_n_rerouted(s) == 0);
    /* CES without the closed origin: X_l = E x0_l / (E - 43.7). */
    CHECK_NEAR(ss_sim_flows(s)[ix(n, KAZ, RUS, RES)], e * 8.74 / (e - 43.7), 1e-10);
    /* P = ((E - 43.7) / E)^(1 / (1 - 4.7)). */
    CHECK_NEAR(ss_sim_price(s)[RUS * K + RES], pow((e - 43.7) / e, 1 / (1 - 4.7)), 1e-13);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Recorded flows may be built lazily; whether or not a caller reads them
 * in a month must change nothing, in that month or later. */
static void test_records_on_demand(void)
{
    const size_t n = 4, len = n * n * K;
    const long months = 12;
    ss_world *w = make_world(n);
    ss_config *c = seeded_config(months);
    c->agent[KAZ].lost_in_transit = 0.25;
    ss_sim *a = ss_sim_alloc(w, c), *b = ss_sim_alloc(w, c);
    gsl_rng *ra = gsl_rng_alloc(gsl_rng_mt19937), *rb = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(ra, 4242);
    gsl_rng_set(rb, 4242);
    ss_diag diag;
    int ok = 1, same = 1;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(a, ra, &diag) == SS_OK;
        ok &= ss_sim_step(b, rb, &diag) == SS_OK;
        (void)ss_sim_exports(a); /* a reads its records every month */
        if (t % 4 == 0) {
            same &= SAME(ss_sim_exports, len) && SAME(ss_sim_imports, len);
            same &= SAME(ss_sim_imports, len); /* a second read */
        }
        same &= SAME(ss_sim_flows, len) && SAME(ss_sim_detection, n) && SAME(ss_sim_caught, n) &&
                SAME(ss_sim_commission_rate, n * K);
    }
    CHECK(ok);
    CHECK(same);
    gsl_rng_free(ra);
    gsl_rng_free(rb);
    ss_sim_free(a);
    ss_sim_free(b);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (h) sigma = 1 ------------------------------------------------------ */

static void test_cobb_douglas(void)
{
    const size_t n = 3, len = n * n * K;
    const double e = 573.34;
    ss_world *w = make_world(n);

    /* With KAZ as intermediary every origin stays open: spending shares
     * are fixed, so every flow stays at its baseline, and
     * P = exp(pi0_DR ln C). */
    ss_config *c = three_country_config(6);
    c->sigma = 1.0;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    /* The normalised route cost of test_hand_ban (it does not depend on
     * sigma). */
    const double v = (1 + 0.1 * 4380.0 / 1610.0) * 1.085;
    const double cost = v * pow(1 + pow(v, -3.7), 1 / 3.7);
    int ok = 1, fixed = 1, finite = 1;
    for (long t = 1; t < 6; t++) {
        ok &= ss_sim_step(s, NULL, &diag) == SS_OK;
        for (size_t i = 0; i < n; i++)
            fixed &= fabs(ss_sim_flows(s)[ix(n, i, RUS, RES)] - X0R[i][RUS]) < 1e-12;
        finite &= finite_nonneg(ss_sim_flows(s), len) && finite_nonneg(ss_sim_price(s), n * K);
    }
    CHECK(ok);
    CHECK(fixed);
    CHECK(finite);
    CHECK(ss_sim_direct(s)[ix(n, DEU, RUS, RES)] == 0);
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + RES], X0R[DEU][RUS], 1e-12);
    CHECK_NEAR(ss_sim_price(s)[RUS * K + RES], exp(X0R[DEU][RUS] / e * log(cost)), 1e-13);
    ss_sim_free(s);
    ss_config_free(c);

    /* No intermediary at all: DEU -> RUS closes, the open origins keep
     * their relative shares, X_l = E x0_l / (E - x0_DR), approached at
     * adjust = 0.3 with the ratio RUS : KAZ fixed all the way. */
    c = three_country_config(8);
    c->sigma = 1.0;
    c->adjust = 0.3;
    for (size_t m = 0; m < n; m++)
        c->agent[m].candidate = 0;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    s = ss_sim_alloc(w, c);
    ok = 1, fixed = 1, finite = 1;
    double want_rr = X0R[RUS][RUS], want_kr = X0R[KAZ][RUS];
    for (long t = 1; t < 8; t++) {
        ok &= ss_sim_step(s, NULL, &diag) == SS_OK;
        const double *x = ss_sim_flows(s);
        fixed &= x[ix(n, DEU, RUS, RES)] == 0;
        fixed &= fabs(x[ix(n, RUS, RUS, RES)] / x[ix(n, KAZ, RUS, RES)] -
                      X0R[RUS][RUS] / X0R[KAZ][RUS]) < 1e-12;
        /* Reference path: X += 0.3 (X* - X). */
        want_rr += 0.3 * (e * X0R[RUS][RUS] / (e - X0R[DEU][RUS]) - want_rr);
        want_kr += 0.3 * (e * X0R[KAZ][RUS] / (e - X0R[DEU][RUS]) - want_kr);
        fixed &= fabs(x[ix(n, RUS, RUS, RES)] - want_rr) < 1e-9;
        fixed &= fabs(x[ix(n, KAZ, RUS, RES)] - want_kr) < 1e-10;
        finite &= finite_nonneg(x, len) && finite_nonneg(ss_sim_price(s), n * K);
    }
    CHECK(ok);
    CHECK(fixed);
    CHECK(finite);
    CHECK(ss_sim_price(s)[RUS * K + RES] >= 1.0);
    CHECK(ss_sim_n_rerouted(s) == 0);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (i) expected mode -------------------------------------------------- */

static void test_expected_mode(void)
{
    const size_t n = 4;
    const long months = 14, sm = 3;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, months);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_enforcer(c, DEU, SS_EXPECTED, 1.2, 0.1, 0.3, 0.4, sm);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    double p_k[16] = {0};
    int ok = 1, bounded = 1, formula = 1;
    for (long t = 1; t < months; t++) {
        ok &= ss_sim_step(s, NULL, &diag) == SS_OK;
        for (size_t m = 0; m < n; m++) {
            double p = ss_sim_detection(s)[m], q = ss_sim_caught(s)[m];
            bounded &= p >= 0 && p <= 1 && q >= 0 && q <= 1;
        }
        /* caught(t) = 1 - prod over s = t-3 .. t-1 (s >= 1) of (1 - p(s)). */
        double clean = 1;
        for (long u = t - sm; u < t; u++)
            if (u >= 1)
                clean *= 1 - p_k[u];
        formula &= fabs(ss_sim_caught(s)[KAZ] - (1 - clean)) < 1e-14;
        formula &= ss_sim_caught(s)[DEU] == 0 && ss_sim_caught(s)[RUS] == 0;
        p_k[t] = ss_sim_detection(s)[KAZ];
    }
    CHECK(ok);
    CHECK(bounded);
    CHECK(formula);
    CHECK(p_k[5] > 0 && p_k[5] < 1);
    CHECK(ss_sim_caught(s)[KAZ] > 0 && ss_sim_caught(s)[ARM] > 0);
    ss_sim_free(s);
    ss_config_free(c);

    /* A random-mode enforcer without a generator is an error, with a
     * message naming it. */
    c = make_config(n, months);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    ss_enforcer e;
    memset(&e, 0, sizeof e);
    e.name = "EU";
    ss_set_add(&e.members, DEU);
    e.mode = SS_RANDOM;
    e.enforcement = 1;
    e.base_hazard = 0.1;
    ss_config_add_enforcer(c, &e);
    ss_set_clear(&e.members);
    s = ss_sim_alloc(w, c);
    ss_diag_clear(&diag);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_EINVAL);
    CHECK(strstr(diag.msg, "EU") != NULL);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* docs/model.md section 7: expected mode "reports that probability [of being
 * under secondary sanctions] in place of caught". The probability does not
 * depend on the penalty's size; with secondary_penalty = 0 (only the risk
 * premium deters) the model reports caught = 0 although detection is
 * positive (model/sim.c, apply_secondary: the report is only made when
 * secondary_penalty > 0). */
static void test_expected_mode_zero_penalty(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, 6);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_enforcer(c, DEU, SS_EXPECTED, 1.2, 0.1, 0.3, 0.0, 3);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    double p1 = ss_sim_detection(s)[KAZ];
    CHECK(p1 > 0);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK_NEAR(ss_sim_caught(s)[KAZ], p1, 1e-14);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- (j) the run's length and sizes ------------------------------------- */

static void test_limits(void)
{
    const size_t n = 3;
    ss_world *w = make_world(n);
    ss_config *c = make_config(n, 3); /* months 0, 1, 2 */
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    ss_diag_clear(&diag);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK(ss_sim_month(s) == 2);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_EINVAL);
    CHECK(strlen(diag.msg) > 0);
    CHECK(ss_sim_month(s) == 2);
    CHECK(ss_sim_step(s, NULL, NULL) == SS_EINVAL); /* diag may be NULL */
    ss_sim_free(s);
    ss_sim_free(NULL);
    ss_config_free(c);

    /* Sizes that disagree, or no months at all: no simulation. */
    c = make_config(4, 3);
    CHECK(ss_sim_alloc(w, c) == NULL);
    ss_config_free(c);
    c = make_config(n, 0);
    CHECK(ss_sim_alloc(w, c) == NULL);
    ss_config_free(c);
    ss_world_free(w);
}

/* ---- production relocation (section 5b) --------------------------------- */

/* The relocation tests' configuration: flows at their targets at once
 * (adjust 1), commissions fixed, relocation at speed 0.2, DEU's ban on
 * RUS's restricted goods from month 1. */
static ss_config *relocation_config(size_t n, long months)
{
    ss_config *c = make_config(n, months);
    c->adjust = 1.0;
    c->relocation_speed = 0.2;
    for (size_t m = 0; m < n; m++)
        c->agent[m].price_speed = 0;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    return c;
}

static void test_relocation(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    ss_config *c = relocation_config(n, 6);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    /* Month 1: no transit yet last month, so nothing moves. */
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK(ss_sim_flows(s)[ix(n, RUS, DEU, RES)] == X0R[RUS][DEU]);
    double vk = ss_sim_transit(s)[KAZ * K + RES], va = ss_sim_transit(s)[ARM * K + RES];
    CHECK(vk > 0 && va > 0);
    /* Month 2: 20 % of RUS's weight in DEU's restricted market, 2.26,
     * moves to KAZ and ARM in proportion to their month-1 transit. Every
     * cost into DEU is 1, so with adjust = 1 flows equal the weights. */
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    const double moved = 0.2 * X0R[RUS][DEU];
    CHECK_NEAR(ss_sim_flows(s)[ix(n, RUS, DEU, RES)], X0R[RUS][DEU] - moved, 1e-11);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, KAZ, DEU, RES)], X0R[KAZ][DEU] + moved * vk / (vk + va),
               1e-11);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, ARM, DEU, RES)], X0R[ARM][DEU] + moved * va / (vk + va),
               1e-11);
    CHECK(ss_sim_flows(s)[ix(n, RUS, DEU, OTH)] == X0O[RUS][DEU]);
    /* Months 3..5: RUS keeps 0.8 of what it had; DEU's spending holds. */
    for (int t = 3; t < 6; t++)
        CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, RUS, DEU, RES)], X0R[RUS][DEU] * pow(0.8, 4), 1e-11);
    double e_deu = 0;
    for (size_t i = 0; i < n; i++)
        e_deu += ss_sim_flows(s)[ix(n, i, DEU, RES)];
    CHECK_NEAR(e_deu, 812.5 + 11.3 + 1.92 + 0.83, 1e-10);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A host that the buyer sanctions takes no relocated weight (docs/model.md
 * section 9): DEU also bans restricted imports from ARM, which still
 * carries DEU's goods to RUS. In month 2 all that moves goes to KAZ;
 * before the sixteenth session ARM took a share, which its closed link
 * to DEU then lost. */
static void test_relocation_host(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    ss_config *c = relocation_config(n, 3);
    fixture_measure(c, DEU, ARM, RES, SS_BAN, 0, SS_IMPORT, SS_EVADE_TRANSIT, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    CHECK(ss_sim_transit(s)[KAZ * K + RES] > 0 && ss_sim_transit(s)[ARM * K + RES] > 0);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    const double *now, *home, *away;
    ss_sim_relocated(s, &now, &home, &away);
    /* KAZ hosts 20 % of RUS's weight and, as DEU now sanctions ARM too,
     * 20 % of ARM's. */
    CHECK_NEAR(now[KAZ * K + RES], 0.2 * (X0R[RUS][DEU] + X0R[ARM][DEU]), 1e-12);
    CHECK(now[ARM * K + RES] == 0);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Relocation's cost, ceiling and markets (section 9): DEU bans RUS's
 * restricted and other goods; other goods are a commodity, which never
 * relocates. With markets = all, RUS's weight toward every buyer (its own
 * market included) moves; speed 0.2 and ceiling 0.3 move 0.2 of the
 * baseline weight in month 2, 0.1 in month 3 (0.8 - 0.7 is left above the
 * floor) and nothing after; cost 0.25 lands f = 1.25^(1 - 4.7) of it. */
static void test_relocation_limits(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    w->commodity[OTH] = 1;
    ss_config *c = make_config(n, 6);
    c->adjust = 1.0;
    c->relocation_speed = 0.2;
    c->relocation_cost = 0.25;
    c->relocation_ceiling = 0.3;
    c->relocation_markets = SS_RELOCATE_ALL;
    for (size_t m = 0; m < n; m++)
        c->agent[m].price_speed = 0;
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    add_measure(c, DEU, RUS, OTH, SS_BAN, 0, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    const double *now, *home, *away;
    ss_sim_relocated(s, &now, &home, &away);
    const double f = pow(1.25, -3.7), e = 812.5 + 11.3 + 1.92 + 0.83;
    const double w0 = X0R[RUS][DEU];
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK); /* month 1: no transit yet */
    CHECK(now[KAZ * K + RES] == 0 && home[KAZ * K + RES] == 0);
    CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    /* Month 2: DEU keeps its spending e over weights that lost 0.2 w0 (1 - f). */
    CHECK_NEAR(ss_sim_flows(s)[ix(n, RUS, DEU, RES)], 0.8 * w0 * e / (e - 0.2 * w0 * (1 - f)),
               1e-11);
    double moved = 0, own = 0;
    for (size_t m = 0; m < n; m++) {
        moved += now[m * K + RES];
        own += home[m * K + RES];
        CHECK(now[m * K + OTH] == 0 && home[m * K + OTH] == 0 && away[m * K + OTH] == 0);
    }
    const double others = X0R[RUS][DEU] + X0R[RUS][KAZ] + X0R[RUS][ARM];
    CHECK_NEAR(moved, 0.2 * f * (X0R[RUS][RUS] + others), 1e-11);
    CHECK_NEAR(own, 0.2 * f * X0R[RUS][RUS], 1e-11);
    for (int t = 3; t < 6; t++)
        CHECK(ss_sim_step(s, NULL, &diag) == SS_OK);
    /* Months 3-5: 0.1 more, then the ceiling holds 0.7 w0 at home. */
    CHECK_NEAR(ss_sim_flows(s)[ix(n, RUS, DEU, RES)], 0.7 * w0 * e / (e - 0.3 * w0 * (1 - f)),
               1e-11);
    double all_home = 0, all_away = 0, last = 0;
    for (size_t m = 0; m < n; m++) {
        all_home += home[m * K + RES];
        all_away += away[m * K + RES];
        last += now[m * K + RES];
    }
    CHECK(last == 0);
    CHECK_NEAR(all_home, 0.3 * f * X0R[RUS][RUS], 1e-10);
    CHECK_NEAR(all_away, 0.3 * f * others, 1e-11);
    /* Relocated KAZ production sells to RUS as KAZ's own goods. */
    CHECK(home[KAZ * K + RES] > 0 && home[ARM * K + RES] > 0);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A configuration of n countries over `months` in which DEU bans RUS's
 * restricted goods from month 1 and enforces the ban in random mode at 50
 * times the hazard, catching every country it watches almost surely
 * (1 - e^-20; at enforcement 0 none), for a period of 6 months at a
 * penalty of 0.5; and the generator its draws come from. */
static ss_config *catching_config(size_t n, long months, gsl_rng **r)
{
    ss_config *c = make_config(n, months);
    add_enforcer(c, DEU, SS_RANDOM, 50, 0.4, 0, 0.5, 6);
    add_measure(c, DEU, RUS, RES, SS_BAN, 0, 1, -1);
    *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(*r, 7);
    return c;
}

/* Whom a random enforcer catches, and keeps under its secondary sanctions
 * (a helper's hunt). KAZ, caught in month 1, joins DEU's group in month 2
 * and leaves it in month 4: a member is neither caught, though its
 * probability fades at an attention lag of 0.5 (0.5 in month 2), nor
 * under secondary sanctions, and the catch from before it joined does not
 * come back when it leaves. Caught again in month 5, its period then
 * shortened to one month by a change, a catch in month 6 does not cut the
 * period of month 5's short: it lasts to month 5 + 6. */
static void test_who_is_caught(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    gsl_rng *r;
    ss_config *c = catching_config(n, 12, &r);
    ss_enforcer *en = &c->enforcer[0];
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    const size_t dk = ix(n, DEU, KAZ, RES);
    CHECK(ss_sim_step(s, r, &diag) == SS_OK); /* month 1 */
    CHECK(ss_sim_caught(s)[KAZ] == 1);
    ss_set_add(&en->members, KAZ);
    en->attention_lag = 0.5;
    CHECK(ss_sim_step(s, r, &diag) == SS_OK); /* month 2: a member */
    CHECK(ss_sim_cost(s)[dk] == 1);
    CHECK(ss_sim_detection(s)[KAZ] > 0.4 && ss_sim_caught(s)[KAZ] == 0);
    CHECK(ss_sim_step(s, r, &diag) == SS_OK); /* month 3 */
    CHECK(ss_sim_caught(s)[KAZ] == 0);
    ss_set_clear(&en->members);
    ss_set_add(&en->members, DEU);
    en->enforcement = en->attention_lag = 0;
    CHECK(ss_sim_step(s, r, &diag) == SS_OK); /* month 4: out, and nobody caught */
    CHECK(ss_sim_cost(s)[dk] == 1);
    en->enforcement = 50;
    CHECK(ss_sim_step(s, r, &diag) == SS_OK); /* month 5: caught, to month 11 */
    CHECK(ss_sim_caught(s)[KAZ] == 1);
    en->secondary_months = 1;
    CHECK(ss_sim_step(s, r, &diag) == SS_OK); /* month 6: caught again, to month 7 */
    CHECK(ss_sim_caught(s)[KAZ] == 1 && ss_sim_cost(s)[dk] > 1);
    en->enforcement = 0;
    for (int t = 7; t <= 9; t++) { /* months 7-9: no catch, still under month 5's */
        CHECK(ss_sim_step(s, r, &diag) == SS_OK);
        CHECK(ss_sim_caught(s)[KAZ] == 0 && ss_sim_cost(s)[dk] > 1);
    }
    gsl_rng_free(r);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A corridor's condition reads each month's catch: KAZ, caught in month
 * 1 with a period of 6, is caught again in month 2 after a change cut the
 * period to 1 (which leaves month 1's end in place), so the corridor from
 * DEU (a cut of half, on condition, memory 1) is withdrawn in month 3: DEU
 * -> KAZ costs its secondary sanction, not half of it (a review: the catch
 * was read from the period's end, which the second catch no longer moved,
 * and the corridor held). */
static void test_caught_corridor(void)
{
    const size_t n = 4;
    ss_world *w = make_world(n);
    gsl_rng *g;
    ss_config *c = catching_config(n, 6, &g);
    ss_enforcer *en = &c->enforcer[0];
    ss_corridor r = ss_corridor_default;
    ss_set_add(&r.from, DEU);
    ss_set_add(&r.to, KAZ);
    ss_set_add(&r.sectors, RES);
    ss_set_add(&r.offer, KAZ);
    r.direction = SS_EXPORT;
    r.change = -0.5;
    r.condition = SS_HOLD_CAUGHT;
    r.memory = 1;
    r.start = 1;
    ss_config_add_corridor(c, &r);
    ss_set_clear(&r.from);
    ss_set_clear(&r.to);
    ss_set_clear(&r.sectors);
    ss_set_clear(&r.offer);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag diag;
    CHECK(ss_sim_step(s, g, &diag) == SS_OK && ss_sim_caught(s)[KAZ] == 1); /* month 1 */
    en->secondary_months = 1;
    CHECK(ss_sim_step(s, g, &diag) == SS_OK && ss_sim_caught(s)[KAZ] == 1); /* month 2 */
    en->enforcement = 0;
    CHECK(ss_sim_step(s, g, &diag) == SS_OK); /* month 3 */
    CHECK(ss_sim_caught(s)[KAZ] == 0 && ss_sim_cost(s)[ix(n, DEU, KAZ, RES)] > 1);
    gsl_rng_free(g);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

int main(void)
{
    test_baseline();
    test_ban_dates();
    test_hand_ban();
    test_hand_penalty();
    test_second_month();
    test_cost_continuity();
    test_price_and_leakage();
    test_leakage_falls();
    test_leakage_high_enforcement();
    test_seeds();
    test_money();
    enforcer_reads_records(0);
    enforcer_reads_records(0.5);
    test_enforcer_import_ban();
    test_unwilling();
    test_records_on_demand();
    test_cobb_douglas();
    test_expected_mode();
    test_expected_mode_zero_penalty();
    test_limits();
    test_relocation();
    test_relocation_host();
    test_relocation_limits();
    test_who_is_caught();
    test_caught_corridor();
    return check_report();
}
