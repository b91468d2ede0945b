/* Unit tests for the evidence mechanisms (issue 10, docs/model.md): reach
 * that grows, bound capacities, the evasion nest, evasion kinds, bulk
 * sectors, targeted secondary sanctions, Atkeson-Burstein mark-ups and the
 * import price index. Each expected value is computed here from the
 * documented formula on a world small enough to do by hand: DEU the
 * coalition, RUS the target, KAZ and ARM intermediaries, detours free
 * (detour_cost = 0), flows that move to their targets in one month
 * (adjust = 1) and commissions fixed at their base (price_speed = 0). */
#include "agent.h"
#include "check.h"
#include "demand.h"
#include "equilibrium.h"
#include "fixture.h"
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { DEU, RUS, KAZ, ARM };
enum { S0, S1, K = 2 };

/* Monthly baseline flows of sector S0 (S1 is twice them), row exporter. */
static const double X0[4][4] = {
    {900, 40, 8, 2}, {12, 500, 16, 4}, {3, 10, 100, 1}, {1, 3, 0.5, 20}};

static ss_world *world(size_t n)
{
    static const char *iso[] = {"DEU", "RUS", "KAZ", "ARM"};
    ss_world *w = ss_world_alloc(n, K);
    ss_world_set_sector(w, S0, "s0");
    ss_world_set_sector(w, S1, "s1");
    for (size_t i = 0; i < n; i++) {
        ss_world_set_country(w, i, iso[i], iso[i]);
        for (size_t j = 0; j < n; j++) {
            w->x0[(i * n + j) * K + S0] = X0[i][j];
            w->x0[(i * n + j) * K + S1] = 2 * X0[i][j];
            w->dist[i * n + j] = i == j ? 0 : 1000;
        }
    }
    return w;
}

/* sigma 5, theta 4, free detours, one-month adjustment, fixed commissions
 * of 0.1 (KAZ) and 0.2 (ARM) with no premium of any kind. */
static ss_config *config(size_t n, long months)
{
    ss_config *c = ss_config_alloc(n, K, months);
    c->sigma = 5;
    c->theta = 4;
    c->adjust = 1;
    c->detour_cost = 0;
    for (size_t m = 0; m < n; m++) {
        ss_agent *a = &c->agent[m];
        a->base_commission = m == ARM ? 0.2 : 0.1;
        a->loss = a->congestion_price = a->leverage = a->price_speed = 0;
        a->candidate = m == KAZ || m == ARM;
    }
    return c;
}

/* DEU's measure on RUS in a sector, export direction, from month 1. */
static void measure(ss_config *c, size_t sector, int kind, double rate, int evasion)
{
    fixture_measure(c, DEU, RUS, sector, kind, rate, SS_EXPORT, evasion, 1, -1);
}

static size_t ix(size_t n, size_t i, size_t j, size_t s)
{
    return (i * n + j) * K + s;
}

/* RUS's CES flow from DEU in S0 when that link costs C and every other
 * origin costs 1: w C^(1-sigma) E / sum of w C^(1-sigma), and the import
 * price index over the foreign origins (base: baseline imports). */
static double rus_flow(size_t n, double cost, double *import_price)
{
    double e = 0, index = 0, imports = 0, foreign = 0;
    for (size_t i = 0; i < n; i++) {
        double cw = i == DEU ? pow(cost, -4) : 1;
        e += X0[i][RUS];
        index += X0[i][RUS] * cw;
        if (i != RUS) {
            imports += X0[i][RUS];
            foreign += X0[i][RUS] * cw;
        }
    }
    if (import_price)
        *import_price = pow(foreign / imports, -0.25);
    return X0[DEU][RUS] * pow(cost, -4) * e / index;
}

static void test_formulas(void)
{
    /* Mark-ups: e = 5 - kappa * 4 * share, mark-up e / (e - 1). */
    CHECK_NEAR(ss_demand_markup(5, 0, 0.7), 1.25, 1e-15);
    CHECK_NEAR(ss_demand_markup(5, 1, 0.25), 4.0 / 3.0, 1e-15);
    CHECK_NEAR(ss_demand_markup(5, 1, 0.6), 2.6 / 1.6, 1e-15);
    CHECK_NEAR(ss_demand_markup(5, 0.5, 0.5), 4.0 / 3.0, 1e-15);
    /* A monopolist with full conduct: e = 1, floored at 1.5: mark-up 3. */
    CHECK_NEAR(ss_demand_markup(5, 1, 1), 3, 1e-15);
    /* Reach: 0.05 + 0.5 * 0.05 * (1 - 0.05 / 0.8) = 0.0734375. */
    ss_agent a = ss_agent_default;
    a.reach_speed = 0.5;
    a.reach_max = 0.8;
    CHECK_NEAR(ss_agent_reach(&a, 0.05, 3), 0.0734375, 1e-15);
    CHECK(ss_agent_reach(&a, 0.05, 0) == 0.05); /* no transit, no growth */
    CHECK_NEAR(ss_agent_reach(&a, 0.8, 3), 0.8, 1e-15);
    /* A reach_max lowered below the reach binds at once, with or without
     * transit: from 0.9375 the step gave 0.9375 + 0.5 * 0.9375 * (1 -
     * 0.9375 / 0.1) = -2.98 (a helper's hunt). */
    a.reach_max = 0.1;
    CHECK(ss_agent_reach(&a, 0.9375, 3) == 0.1 && ss_agent_reach(&a, 0.9375, 0) == 0.1);
    a.reach_speed = 0;
    CHECK(ss_agent_reach(&a, 0.3, 3) == 0.1);
    a.reach_max = 0.8;
    CHECK(ss_agent_reach(&a, 0.3, 3) == 0.3);
}

/* A ban with KAZ alone, whose reach starts at 0.2 and grows. */
static void test_reach(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = config(n, 6);
    c->agent[KAZ].reach_start = 0.2;
    c->agent[KAZ].reach_max = 0.8;
    c->agent[KAZ].reach_speed = 0.5;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_reach(s)[KAZ * K + S0] == 0.2);
    double r = 0.2, before = 0;
    for (int t = 1; t <= 4; t++) {
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        /* The only route weighs r * 1.1^-4; the ban leaves no direct road:
         * C = (w / (1 + w))^(-1/4). */
        double wt = r * pow(1.1, -4), cost = pow(wt / (1 + wt), -0.25), pimp;
        double x = rus_flow(n, cost, &pimp);
        CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], cost, 1e-12);
        CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], x, 1e-10);
        CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], x, 1e-10);
        CHECK_NEAR(ss_sim_import_price(s)[RUS * K + S0], pimp, 1e-12);
        CHECK(ss_sim_import_price(s)[RUS * K + S1] == 1);
        /* Leakage rises with the reach. */
        CHECK(x > before);
        before = x;
        r += 0.5 * r * (1 - r / 0.8);
        CHECK_NEAR(ss_sim_reach(s)[KAZ * K + S0], r, 1e-15);
        CHECK(ss_sim_reach(s)[KAZ * K + S1] == 0.2); /* no transit in S1 */
    }
    /* The first month by hand: w = 0.2 / 1.4641 = 0.136602691, C =
     * (0.120187...)^(-1/4) = 1.6984..., x = 40 C^-4 * 531 / (491 + 40 C^-4). */
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* stop_at_once: in the month of the ban only the share of shippers its
 * detour serves keeps shipping, S / (1 + S); the flow then climbs back
 * toward its CES target at `adjust`. */
static void test_stop_at_once(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = config(n, 4);
    c->adjust = 0.5;
    c->stop_at_once = SS_STOP_CAP;
    c->agent[KAZ].reach_start = 0.1;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double wt = 0.1 * pow(1.1, -4), cost = pow(wt / (1 + wt), -0.25);
    const double target = rus_flow(n, cost, NULL), gradual = 40 + 0.5 * (target - 40);
    const double served = wt / (1 + wt), x1 = 40 * served;
    CHECK(x1 < gradual); /* the stop binds: 40 * 0.0639 = 2.56 against 20.4 */
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], x1, 1e-12);
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], x1, 1e-12);
    /* Month 2: nothing more is lost, so the flow adjusts gradually. */
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], x1 + 0.5 * (target - x1), 1e-10);
    ss_sim_free(s);
    /* SS_STOP_SHED: the shippers without a route stop, the rest adjust: of
     * the carried-over half of 40 only the share served remains, and the
     * other half moves to the target, 0.5 * 40 * 0.0639 + 0.5 * 2.744 =
     * 2.651, where the cap held the flow at 2.557. */
    c->stop_at_once = SS_STOP_SHED;
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double shed = 0.5 * 40 * served + 0.5 * target;
    CHECK(shed > x1 && shed < target);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], shed, 1e-12);
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], shed, 1e-12);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], shed + 0.5 * (target - shed), 1e-10);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A flow below its target when the share served slips: a penalty of
 * 0.1 % on DEU's exports to KAZ from month 3 makes the detour's leg dearer
 * (1.1 * 1.001 with the commission), so A falls by 0.4 %. The first rule
 * caps the flow at last month's times that fall, so it shrinks although
 * its target lies above it; the second cuts only the carried-over half and
 * moves the rest to the target, so the flow keeps growing. */
static void test_stop_slip(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    const double served2 = 0.1 * pow(1.1, -4) / (1 + 0.1 * pow(1.1, -4));
    const double wt3 = 0.1 * pow(1.1 * 1.001, -4), served3 = wt3 / (1 + wt3);
    const double target3 = rus_flow(n, pow(served3, -0.25), NULL);
    for (int rule = SS_STOP_CAP; rule <= SS_STOP_SHED; rule++) {
        ss_config *c = config(n, 5);
        c->adjust = 0.5;
        c->stop_at_once = rule;
        c->agent[KAZ].reach_start = 0.1;
        c->agent[KAZ].reach_speed = 0;
        measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
        fixture_measure(c, DEU, KAZ, S0, SS_PENALTY, 0.001, SS_EXPORT, SS_EVADE_TRANSIT, 3, -1);
        ss_sim *s = ss_sim_alloc(w, c);
        ss_diag d;
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        const double x2 = ss_sim_flows(s)[ix(n, DEU, RUS, S0)];
        CHECK(x2 < target3);
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        const double x3 = ss_sim_flows(s)[ix(n, DEU, RUS, S0)], r = served3 / served2;
        CHECK_NEAR(pow(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], -4), served3, 1e-12);
        CHECK(r < 1 && r > 0.99);
        if (rule == SS_STOP_CAP) {
            CHECK_NEAR(x3, x2 * r, 1e-12);
            CHECK(x3 < x2);
        } else {
            CHECK_NEAR(x3, x2 + 0.5 * (target3 - x2) - 0.5 * (1 - r) * x2, 1e-12);
            CHECK(x3 > x2);
        }
        ss_sim_free(s);
        ss_config_free(c);
    }
    ss_world_free(w);
}

/* The evasion nest: KAZ (0.1) and ARM (0.2) with nest = 0.5. */
static void test_nest(void)
{
    const size_t n = 4;
    ss_world *w = world(n);
    ss_config *c = config(n, 3);
    c->nest = 0.5;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    /* Inside the nest routes disperse at theta / nest = 8. */
    const double wk = pow(1.1, -8), wa = pow(1.2, -8), sum = wk + wa, nest = sqrt(sum);
    const double cost = pow(nest / (1 + nest), -0.25), x = rus_flow(n, cost, NULL);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], cost, 1e-12);
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], x * wk / sum, 1e-10);
    CHECK_NEAR(ss_sim_transit(s)[ARM * K + S0], x * wa / sum, 1e-10);
    CHECK_NEAR(ss_sim_via(s, DEU, RUS, S0, ARM), x * wa / sum, 1e-10);
    ss_sim_free(s);
    /* Two equal candidates weigh 2^nest times one, not twice: with ARM at
     * KAZ's commission, the nest's weight is sqrt(2 wk). */
    c->agent[ARM].base_commission = 0.1;
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double two = sqrt(2 * wk);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], pow(two / (1 + two), -0.25), 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A customs union: every distance is 1000 km, so a detour costs g = 1 +
 * 0.1 * (1000 + 1000 - 1000) / 1000 = 1.1 in distance, except through a
 * member of the destination's customs union, where it costs nothing. */
static void test_customs_union(void)
{
    const size_t n = 4;
    ss_world *w = world(n);
    ss_config *c = config(n, 3);
    c->detour_cost = 0.1;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    double cost[3];
    for (int run = 0; run < 3; run++) {
        /* 0: no union; 1: KAZ and RUS; 2: KAZ and ARM, without RUS. */
        c->agent[KAZ].customs_union = run > 0;
        c->agent[RUS].customs_union = run == 1;
        c->agent[ARM].customs_union = run == 2;
        ss_sim *s = ss_sim_alloc(w, c);
        ss_diag d;
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        const double wk = pow(run == 1 ? 1.1 : 1.1 * 1.1, -4), wa = pow(1.1 * 1.2, -4);
        const double sum = wk + wa, want = pow(sum / (1 + sum), -0.25);
        const double x = rus_flow(n, want, NULL);
        cost[run] = ss_sim_cost(s)[ix(n, DEU, RUS, S0)];
        CHECK_NEAR(cost[run], want, 1e-12);
        CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], x * wk / sum, 1e-10);
        CHECK_NEAR(ss_sim_transit(s)[ARM * K + S0], x * wa / sum, 1e-10);
        ss_sim_free(s);
    }
    /* The union lowers the banned link's cost only when the destination
     * is a member too. */
    CHECK(cost[1] < cost[0]);
    CHECK(cost[2] == cost[0]);
    /* KAZ and RUS in the union for the ban's first month, then KAZ out (a
     * group change does this): the second month's cost is the one without
     * a union, since the detour rows are built again (a review found rows
     * built in the first month keeping the old union). */
    c->agent[KAZ].customs_union = c->agent[RUS].customs_union = 1;
    c->agent[ARM].customs_union = 0;
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK(ss_sim_cost(s)[ix(n, DEU, RUS, S0)] == cost[1]);
    c->agent[KAZ].customs_union = 0;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], cost[0], 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Bans DEU -> RUS and RUS -> DEU in S0 with detour_cost 0.1 on world w,
 * and checks each link's cost from the hand-computed g of the detour
 * through KAZ into RUS and into DEU (fees (1.1)^-4 and (1.2)^-4; through
 * ARM g = 1.1 both ways). Frees w. */
static void check_both_ways(ss_world *w, double g_into_rus, double g_into_deu)
{
    const size_t n = 4;
    ss_config *c = config(n, 3);
    c->detour_cost = 0.1;
    c->agent[KAZ].customs_union = c->agent[RUS].customs_union = g_into_rus == 1;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    fixture_measure(c, RUS, DEU, S0, SS_BAN, 0, SS_EXPORT, SS_EVADE_TRANSIT, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double wa = pow(1.1 * 1.2, -4);
    const double into_rus = pow(g_into_rus * 1.1, -4) + wa;
    const double into_deu = pow(g_into_deu * 1.1, -4) + wa;
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], pow(into_rus / (1 + into_rus), -0.25), 1e-12);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, RUS, DEU, S0)], pow(into_deu / (1 + into_deu), -0.25), 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* RUS and KAZ in a customs union, DEU not: the detour through KAZ is free
 * into RUS (g = 1) but not into DEU (g = 1.1), so the two links of one
 * pair of countries, whose distances are the same both ways, must not
 * share their detour rows. */
static void test_customs_union_both_ways(void)
{
    check_both_ways(world(4), 1, 1.1);
}

/* Distances that differ by direction: KAZ -> RUS is 1500 km, RUS -> KAZ
 * 1000 km like every other, so the detour DEU -> KAZ -> RUS costs g = 1 +
 * 0.1 * (1000 + 1500 - 1000) / 1000 = 1.15 and RUS -> KAZ -> DEU g = 1.1:
 * the pair's two directions must not share their detour rows. */
static void test_asymmetric_distances(void)
{
    ss_world *w = world(4);
    w->dist[KAZ * 4 + RUS] = 1500;
    check_both_ways(w, 1.15, 1.1);
}

/* Measures that no detour evades: payments and untouchable tariffs. */
static void test_evasion_kinds(void)
{
    const size_t n = 4;
    ss_world *w = world(n);
    ss_config *c = config(n, 3);
    c->payment_fee = 0.03;
    measure(c, S0, SS_PENALTY, 0.06, SS_EVADE_PAYMENT);
    measure(c, S1, SS_BAN, 0, SS_EVADE_NONE);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    /* The payment agent's 3 % beats the 6 % friction; nobody detours. */
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], 1.03, 1e-15);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], rus_flow(n, 1.03, NULL), 1e-10);
    CHECK(ss_sim_n_rerouted(s) == 0);
    for (size_t m = 0; m < n; m++)
        CHECK(ss_sim_transit(s)[m * K + S0] == 0 && ss_sim_transit(s)[m * K + S1] == 0);
    /* A ban nobody launders closes the link, detours included. */
    CHECK(ss_sim_cost(s)[ix(n, DEU, RUS, S1)] == INFINITY);
    CHECK(ss_sim_flows(s)[ix(n, DEU, RUS, S1)] == 0);
    ss_sim_free(s);
    /* A fee above the friction: the friction is paid, 1.06. */
    c->payment_fee = 0.1;
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], 1.06, 1e-15);
    ss_sim_free(s);
    /* A second friction of 2 % that payment agents evade on the same link:
     * one agent settles both, so together they cost at most the fee. A fee
     * of 10 %: both are paid, 1.06 * 1.02; of 7 %: the fee, once (each
     * paid its own fee before, 1.06 * 1.02 = 1.0812). */
    measure(c, S0, SS_PENALTY, 0.02, SS_EVADE_PAYMENT);
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK(ss_sim_cost(s)[ix(n, DEU, RUS, S0)] == 1.06 * 1.02);
    ss_sim_free(s);
    c->payment_fee = 0.07;
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK(ss_sim_cost(s)[ix(n, DEU, RUS, S0)] == 1.07);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A ban on S0 with KAZ alone, bound at a capacity of 0.1 of its imports,
 * investing 0.2 of the gap a month; its commission stays at its base
 * (price_speed 1: the whole way). */
static ss_config *kaz_bound(size_t n)
{
    ss_config *c = config(n, 13);
    c->agent[KAZ].capacity_bound = 1;
    c->agent[KAZ].capacity = 0.1;
    c->agent[KAZ].invest_speed = 0.2;
    c->agent[KAZ].price_speed = 1;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    return c;
}

/* KAZ's capacity binds: what exceeds it is not delivered. */
static void test_capacity_bound(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = kaz_bound(n);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    /* Q0 = 0.1 * (8 + 16) = 2.4: KAZ's baseline imports of S0. */
    const double q0 = 2.4;
    CHECK_NEAR(ss_sim_capacity(s)[KAZ * K + S0], q0, 1e-15);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double wt = pow(1.1, -4), cost = pow(wt / (1 + wt), -0.25);
    const double want = rus_flow(n, cost, NULL);
    CHECK(want > q0);
    /* The link delivers only what KAZ can carry. */
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], q0, 1e-12);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], q0, 1e-12);
    /* Capacity grows toward what shippers wanted: Q1 = Q0 + 0.2 (want - Q0). */
    const double q1 = q0 + 0.2 * (want - q0);
    CHECK_NEAR(ss_sim_capacity(s)[KAZ * K + S0], q1, 1e-12);
    /* Month 2: KAZ's route weight is rationed by (Q0 / want)^price_speed. */
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double w2 = wt * q0 / want, cost2 = pow(w2 / (1 + w2), -0.25);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], cost2, 1e-12);
    const double want2 = rus_flow(n, cost2, NULL);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], want2 < q1 ? want2 : q1, 1e-12);
    for (int t = 3; t <= 12; t++) {
        double q = ss_sim_capacity(s)[KAZ * K + S0];
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        CHECK(ss_sim_transit(s)[KAZ * K + S0] <= q * (1 + 1e-12));
    }
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A [change] that unbinds KAZ after a month of rationing: in the month of
 * the change its route weight is whole (it was cut by last month's
 * factor until the forty-fourth session: a helper's hunt), and the flow is
 * what shippers want, uncut. */
static void test_capacity_unbound(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = kaz_bound(n);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], 2.4, 1e-12); /* cut to Q0, as above */
    c->agent[KAZ].capacity_bound = 0;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double wt = pow(1.1, -4), cost = pow(wt / (1 + wt), -0.25);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, RUS, S0)], cost, 1e-12);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], rus_flow(n, cost, NULL), 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Two routes, one bound: only the route through the bound KAZ is cut; ARM
 * carries its full share. */
static void test_capacity_per_route(void)
{
    const size_t n = 4;
    ss_world *w = world(n);
    ss_config *c = config(n, 3);
    c->agent[KAZ].capacity_bound = 1;
    c->agent[KAZ].capacity = 0.01; /* 0.01 * (8 + 16 + 0.5) = 0.245 */
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double wk = pow(1.1, -4), wa = pow(1.2, -4), sum = wk + wa;
    const double x = rus_flow(n, pow(sum / (1 + sum), -0.25), NULL);
    const double via_k = x * wk / sum, via_a = x * wa / sum;
    CHECK(via_k > 0.245);
    CHECK_NEAR(ss_sim_transit(s)[KAZ * K + S0], 0.245, 1e-12);
    CHECK_NEAR(ss_sim_transit(s)[ARM * K + S0], via_a, 1e-10);
    CHECK_NEAR(ss_sim_via(s, DEU, RUS, S0, ARM), via_a, 1e-10);
    CHECK_NEAR(ss_sim_via(s, DEU, RUS, S0, KAZ), 0.245, 1e-12);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, DEU, RUS, S0)], via_a + 0.245, 1e-10);
    CHECK(via_k + via_a > via_a + 0.245); /* the cut is not delivered */
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A bulk sector: KAZ cannot process S0, ARM can, within a fixed capacity. */
static void test_bulk(void)
{
    const size_t n = 4;
    ss_world *w = world(n);
    w->reexport[KAZ * K + S0] = 0;
    ss_config *c = config(n, 7);
    c->bulk_capacity = 0.5;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    /* ARM's capacity: 0.5 * (2 + 4 + 1) = 3.5 (its imports from DEU, RUS
     * and KAZ); KAZ's in S1 is the ordinary one, 0.1 * 2 * (8 + 16 + 0.5). */
    CHECK_NEAR(ss_sim_capacity(s)[ARM * K + S0], 3.5, 1e-15);
    CHECK_NEAR(ss_sim_capacity(s)[KAZ * K + S1], 4.9, 1e-14);
    for (int t = 1; t <= 6; t++) {
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        CHECK(ss_sim_transit(s)[KAZ * K + S0] == 0);
        CHECK(ss_sim_transit(s)[ARM * K + S0] <= 3.5 * (1 + 1e-12));
        CHECK(ss_sim_capacity(s)[ARM * K + S0] == 3.5); /* does not grow */
    }
    /* Month 1 by hand: ARM alone, w = 1.2^-4, wants more than 3.5. */
    ss_sim_free(s);
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double wa = pow(1.2, -4), x = rus_flow(n, pow(wa / (1 + wa), -0.25), NULL);
    CHECK(x > 3.5);
    CHECK_NEAR(ss_sim_transit(s)[ARM * K + S0], 3.5, 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Secondary sanctions hit only the sectors of measures evaded by transit. */
static void test_targeted_secondary(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = config(n, 4);
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    measure(c, S1, SS_PENALTY, 0.06, SS_EVADE_PAYMENT);
    ss_enforcer e;
    memset(&e, 0, sizeof e);
    ss_set_add(&e.members, DEU);
    e.mode = SS_EXPECTED;
    e.enforcement = 1;
    e.base_hazard = 0.1;
    e.secondary_penalty = 0.5;
    e.secondary_months = 6;
    ss_config_add_enforcer(c, &e);
    ss_set_clear(&e.members);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    /* Month 2: KAZ is under secondary sanctions with probability
     * p = 1 - exp(-0.1) from month 1, on S0 only. */
    const double p = -expm1(-0.1);
    CHECK_NEAR(ss_sim_caught(s)[KAZ], p, 1e-15);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, DEU, KAZ, S0)], 1 + 0.5 * p, 1e-15);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, KAZ, DEU, S0)], 1 + 0.5 * p, 1e-15);
    CHECK(ss_sim_cost(s)[ix(n, DEU, KAZ, S1)] == 1);
    CHECK(ss_sim_cost(s)[ix(n, KAZ, DEU, S1)] == 1);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Mark-ups: with DEU banned and no intermediary, KAZ is RUS's only foreign
 * supplier and raises its price to its monopoly mark-up over its baseline. */
static void test_markups(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = config(n, 4);
    c->kappa = 1;
    c->agent[KAZ].willing = 0;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    /* Month 1 prices from month 0's shares: no change. */
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK(ss_sim_cost(s)[ix(n, KAZ, RUS, S0)] == 1);
    CHECK(ss_sim_flows(s)[ix(n, DEU, RUS, S0)] == 0);
    /* Month 2: KAZ had all of RUS's imports (e floored at 1.5: mark-up 3);
     * at the baseline it had 10 / 50: e = 5 - 4 * 0.2 = 4.2, 4.2 / 3.2. */
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double ratio = 3 / (4.2 / 3.2);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, KAZ, RUS, S0)], ratio, 1e-14);
    /* RUS buys from home (500, cost 1) and KAZ (10, cost ratio): its price
     * index and its import price index. */
    const double index = 500 + 10 * pow(ratio, -4);
    CHECK_NEAR(ss_sim_price(s)[RUS * K + S0], pow(index / 550, -0.25), 1e-14);
    CHECK_NEAR(ss_sim_import_price(s)[RUS * K + S0], pow(10 * pow(ratio, -4) / 50, -0.25), 1e-12);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, KAZ, RUS, S0)], 10 * pow(ratio, -4) * 550 / index, 1e-11);
    /* The other sector and other buyers are untouched. */
    CHECK(ss_sim_cost(s)[ix(n, KAZ, RUS, S1)] == 1);
    CHECK(ss_sim_cost(s)[ix(n, KAZ, DEU, S0)] == 1);
    /* Month 3 with conduct halved by a dated change: the baseline mark-up
     * is taken again at kappa = 0.5. KAZ still has all of RUS's imports:
     * e = 5 - 0.5 * 4 * 1 = 3, mark-up 1.5; at the baseline e = 5 - 0.5 *
     * 4 * 0.2 = 4.6, mark-up 4.6 / 3.6. */
    c->kappa = 0.5;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_cost(s)[ix(n, KAZ, RUS, S0)], 1.5 / (4.6 / 3.6), 1e-14);
    CHECK(ss_sim_cost(s)[ix(n, KAZ, RUS, S1)] == 1);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* The import nest's world (docs/model.md, "The import nest"): DEU's goods
 * cost RUS 1.25 in S0 (a penalty no detour evades), sigma 5 between home
 * goods and the imports' composite, import_sigma among the imports. */
static ss_config *nest_config(size_t n, long months, double import_sigma)
{
    ss_config *c = config(n, months);
    c->import_sigma = import_sigma;
    measure(c, S0, SS_PENALTY, 0.25, SS_EVADE_NONE);
    return c;
}

/* RUS's month-1 composite of imports in S0 with import_sigma 10:
 * W (I^M / W)^(4/9), with W = 50 (the foreign weights, M0 here) and
 * I^M = 40 * 1.25^-9 + 10; sum receives I^M. */
static double nest_composite(double *sum)
{
    *sum = 40 * pow(1.25, -9) + 10;
    return 50 * pow(*sum / 50, 4.0 / 9.0);
}

/* RUS's index is 500 + the composite; each foreign target is its weight
 * times composite / I^M times 550 / index. With kappa = 1 the next
 * month's mark-ups take import_sigma: e = 10 - 9 * share. import_sigma =
 * sigma is the model without the nest, bit for bit, and so is a sector
 * that import_sectors leaves out. */
static void test_import_nest(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = nest_config(n, 3, 10);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    double sum;
    const double composite = nest_composite(&sum);
    const double index = 500 + composite, scale = composite / sum * 550 / index;
    const double *x = ss_sim_flows(s);
    CHECK_NEAR(x[ix(n, DEU, RUS, S0)], 40 * pow(1.25, -9) * scale, 1e-11);
    CHECK_NEAR(x[ix(n, KAZ, RUS, S0)], 10 * scale, 1e-11);
    CHECK_NEAR(x[ix(n, RUS, RUS, S0)], 500 * 550 / index, 1e-10);
    CHECK_NEAR(x[ix(n, DEU, RUS, S0)] + x[ix(n, KAZ, RUS, S0)] + x[ix(n, RUS, RUS, S0)], 550,
               1e-10);
    CHECK_NEAR(ss_sim_price(s)[RUS * K + S0], pow(index / 550, -0.25), 1e-14);
    CHECK_NEAR(ss_sim_import_price(s)[RUS * K + S0], pow(sum / 50, -1.0 / 9.0), 1e-14);
    /* KAZ gains more of the market than in one nest (rus_flow's shares). */
    const double one = 550 / (500 + 40 * pow(1.25, -4) + 10);
    CHECK(x[ix(n, KAZ, RUS, S0)] > 10 * one * 1.001);
    /* Untouched markets and sectors keep their baseline bits. */
    CHECK(x[ix(n, KAZ, RUS, S1)] == 20 && x[ix(n, DEU, KAZ, S0)] == 8);
    ss_sim_free(s);

    c->kappa = 1;
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double share =
        ss_sim_flows(s)[ix(n, KAZ, RUS, S0)] /
        (ss_sim_flows(s)[ix(n, KAZ, RUS, S0)] + ss_sim_flows(s)[ix(n, DEU, RUS, S0)]);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double e = 10 - 9 * share, e0 = 10 - 9 * 0.2;
    CHECK_NEAR(ss_sim_cost(s)[ix(n, KAZ, RUS, S0)], e / (e - 1) / (e0 / (e0 - 1)), 1e-14);
    ss_sim_free(s);

    /* import_sigma = sigma and import_sigma = 0 give the same bits. */
    double flows[2][3 * 3 * K];
    for (int v = 0; v < 2; v++) {
        c->import_sigma = v ? 5 : 0;
        s = ss_sim_alloc(w, c);
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK && ss_sim_step(s, NULL, &d) == SS_OK);
        memcpy(flows[v], ss_sim_flows(s), sizeof flows[v]);
        ss_sim_free(s);
    }
    CHECK(memcmp(flows[0], flows[1], sizeof flows[0]) == 0);
    ss_config_free(c);

    /* import_sectors: the nest in S1 alone, both sectors penalised, with
     * mark-ups. S0's flows are one nest's bit for bit, its mark-ups too,
     * and S1's the nest's in every sector. */
    double by[3][3 * 3 * K];
    for (int v = 0; v < 3; v++) {
        c = nest_config(n, 4, v ? 10 : 0);
        c->kappa = 1;
        measure(c, S1, SS_PENALTY, 0.25, SS_EVADE_NONE);
        if (v == 2) {
            c->import_nest = calloc(K, 1);
            c->import_nest[S1] = 1;
        }
        s = ss_sim_alloc(w, c);
        for (int t = 1; t < 4; t++)
            CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        memcpy(by[v], ss_sim_flows(s), sizeof by[v]);
        ss_sim_free(s);
        ss_config_free(c);
    }
    for (size_t q = 0; q < 3 * 3 * K; q++)
        CHECK(by[2][q] == (q % K == S1 ? by[1][q] : by[0][q]));
    CHECK(by[1][ix(n, KAZ, RUS, S1)] != by[0][ix(n, KAZ, RUS, S1)]);
    ss_world_free(w);
}

/* Supply curves with the import nest. A home cost that moves: RUS's
 * factory price in S0, p from month 2 on, weighs 500 p^-4 at home (sigma,
 * not import_sigma) against the same composite of imports. A foreign
 * seller's (KAZ in S0, elasticity 0.1, import_sigma 40, flows at their
 * targets each month): the factory price's step takes the nest's slope of
 * KAZ's sales to its price, so it settles at once (with one nest's slope
 * the step overshot, and at higher import_sigma the price swung further
 * each month). */
static void test_import_nest_supply(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = nest_config(n, 3, 10);
    CHECK(ss_config_set_supply(c, RUS, S0, 0.5) == SS_OK);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK && ss_sim_step(s, NULL, &d) == SS_OK);
    double sum;
    const double composite = nest_composite(&sum);
    const double p = ss_sim_factory_price(s)[RUS * K + S0], home = 500 * pow(p, -4);
    CHECK(p > 1.001);
    CHECK_NEAR(ss_sim_flows(s)[ix(n, RUS, RUS, S0)], home * 550 / (home + composite), 1e-10);
    ss_sim_free(s);
    ss_config_free(c);

    c = nest_config(n, 7, 40);
    CHECK(ss_config_set_supply(c, KAZ, S0, 0.1) == SS_OK);
    s = ss_sim_alloc(w, c);
    double price[7];
    for (int t = 1; t < 7; t++) {
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
        price[t] = ss_sim_factory_price(s)[KAZ * K + S0];
    }
    CHECK(price[3] > 1.01);
    CHECK_NEAR(price[6], price[5], 1e-9);
    CHECK_NEAR(price[5], price[4], 1e-7);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Relocation with the import nest (RUS's exports to DEU banned, KAZ
 * carrying them and hosting RUS's production for every market). At no
 * cost RUS's home weight moves into its import nest, whose base follows
 * the foreign weights, so at costs of 1 in RUS's market its price index
 * stays 1. At a cost of 0.25, the first month's 5 % of RUS's weight
 * toward DEU and itself (12 + 500) lands in KAZ as 1.25^(1 - 10) of it. */
static void test_import_nest_relocation(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = config(n, 13);
    c->import_sigma = 10;
    c->relocation_speed = 0.05;
    c->relocation_markets = SS_RELOCATE_ALL;
    fixture_measure(c, DEU, RUS, S0, SS_BAN, 0, SS_IMPORT, SS_EVADE_TRANSIT, 1, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    for (int t = 1; t < 13; t++)
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double *now, *own, *away;
    ss_sim_relocated(s, &now, &own, &away);
    CHECK(own[KAZ * K + S0] > 0);
    CHECK_NEAR(ss_sim_price(s)[RUS * K + S0], 1, 1e-12);
    ss_sim_free(s);

    c->relocation_cost = 0.25;
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK && ss_sim_step(s, NULL, &d) == SS_OK);
    ss_sim_relocated(s, &now, &own, &away);
    CHECK_NEAR(now[KAZ * K + S0], 0.05 * 512 * pow(1.25, -9), 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* Commissions as income in the equilibrium: KAZ carries the banned DEU ->
 * RUS trade for 10 %; the solution must satisfy the model's accounting,
 * checked here from its flows: each exporter's sales are its factor income
 * plus the commissions they carry, each country spends its factor income,
 * its deficit and the commissions it earns; and KAZ is better off than
 * when the commission is an iceberg cost. */
static void test_commission_income(void)
{
    const size_t n = 3;
    ss_world *w = world(n);
    ss_config *c = config(n, 3);
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_eq_workspace *eq = ss_eq_alloc(n, K);
    double welfare[2];
    for (int income = 0; income <= 1; income++) {
        c->commission_income = income;
        ss_eq_options opt;
        ss_eq_options_init(&opt);
        opt.sigma = 5;
        ss_eq_result r;
        ss_diag d;
        CHECK(ss_sim_equilibrium_at(w, c, 1, eq, &opt, &r, NULL, &d) == SS_OK);
        welfare[income] = r.welfare_change[KAZ];
        /* All of DEU -> RUS in S0 goes through KAZ (the only route). */
        const double via = r.flows[ix(n, DEU, RUS, S0)], fee = income ? via * 0.1 / 1.1 : 0;
        for (size_t i = 0; i < n; i++) {
            double y0 = 0, e0 = 0, sales = 0, spent = 0;
            for (size_t j = 0; j < n; j++)
                for (size_t q = 0; q < K; q++) {
                    y0 += w->x0[ix(n, i, j, q)];
                    e0 += w->x0[ix(n, j, i, q)];
                    sales += r.flows[ix(n, i, j, q)];
                    spent += r.flows[ix(n, j, i, q)];
                }
            const double factor = r.factory_price_change[i] * y0;
            const double paid = i == DEU ? fee : 0, earned = i == KAZ ? fee : 0;
            CHECK_NEAR(sales, factor + paid, 1e-8 * y0);
            CHECK_NEAR(spent, factor + (e0 - y0) + earned, 1e-8 * e0);
        }
    }
    CHECK(welfare[1] > welfare[0]);
    ss_eq_free(eq);
    ss_config_free(c);
    ss_world_free(w);
}

/* Participation is the share of a chooser's traders that take part: it
 * scales the weight of its detours outside the nest's power, so that two
 * intermediaries alike but for it share the detours in its proportion.
 * KAZ chooses (its commissions, no stake: u = 1) and takes part at L(6)
 * after the ban's first month; in the second, KAZ carries pi / 1 of ARM's
 * transit on DEU -> RUS with nest 0.5 (pi^2 of it before the forty-fifth
 * session, which collapsed a chooser's gain per unit of participation). */
static void test_participation_share(void)
{
    const size_t n = 4;
    ss_world *w = world(n);
    ss_config *c = config(n, 3);
    c->nest = 0.5;
    c->agent[ARM].base_commission = 0.1;
    c->agent[KAZ].choose = 1;
    measure(c, S0, SS_BAN, 0, SS_EVADE_TRANSIT);
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double pi = ss_sim_participation(s)[KAZ];
    CHECK_NEAR(pi, 1 / (1 + exp(-6.0)), 1e-12);
    CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    const double kaz = ss_sim_via(s, DEU, RUS, S0, KAZ), arm = ss_sim_via(s, DEU, RUS, S0, ARM);
    CHECK(arm > 0);
    CHECK_NEAR(kaz / arm, pi, 1e-12);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

int main(void)
{
    test_formulas();
    test_reach();
    test_stop_at_once();
    test_stop_slip();
    test_nest();
    test_customs_union();
    test_customs_union_both_ways();
    test_asymmetric_distances();
    test_evasion_kinds();
    test_capacity_bound();
    test_capacity_unbound();
    test_capacity_per_route();
    test_bulk();
    test_targeted_secondary();
    test_markups();
    test_import_nest();
    test_import_nest_supply();
    test_import_nest_relocation();
    test_commission_income();
    test_participation_share();
    return check_report();
}
