/* Unit tests for the report's levers (model/bloc.c, corridor.c,
 * payments.c, choice.c and their place in the monthly step,
 * model/sim_levers.c), on a world of three countries A, B and C and one
 * sector. Every expected value is worked out by hand in the comment beside
 * it (the logistic values with a calculator). */
#include "bloc.h"
#include "check.h"
#include "choice.h"
#include "corridor.h"
#include "fixture.h"
#include "payments.h"
#include "sim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { A, B, C, N = 3 };

/* Monthly baseline flows, exporter row, importer column. */
static const double X0[N][N] = {{100, 10, 20}, {5, 50, 15}, {8, 12, 80}};

static void ones(double *v, size_t len)
{
    for (size_t i = 0; i < len; i++)
        v[i] = 1;
}

static void flows(double *x)
{
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            x[i * N + j] = X0[i][j];
}

static ss_set set_of(size_t a, size_t b)
{
    ss_set s = {0};
    ss_set_add(&s, a);
    if (b != a)
        ss_set_add(&s, b);
    return s;
}

static void test_bloc(void)
{
    ss_bloc b = ss_bloc_default;
    b.members = set_of(A, B);
    b.sectors = set_of(0, 0);
    b.preference = -0.1;
    b.external = 0.05;
    double d[N * N], fixed[N * N], x[N * N];
    ones(d, N * N);
    ones(fixed, N * N);
    ss_bloc_apply(&b, N, 1, d, fixed);
    /* Between members: 1 - 0.1; members' imports from C: 1 + 0.05. */
    CHECK(d[A * N + B] == 0.9 && d[B * N + A] == 0.9);
    CHECK(d[A * N + A] == 1 && d[A * N + C] == 1 && d[C * N + A] == 1);
    CHECK(fixed[C * N + A] == 1.05 && fixed[C * N + B] == 1.05);
    CHECK(fixed[A * N + C] == 1 && fixed[A * N + B] == 1 && fixed[C * N + C] == 1);
    flows(x);
    double internal, imports;
    /* A imports 5 from B and 8 from C, B 10 from A and 12 from C: 15 of 35. */
    CHECK_NEAR(ss_bloc_internal_share(&b, N, 1, x, &internal, &imports), 15.0 / 35.0, 1e-15);
    CHECK(internal == 15 && imports == 35);
    /* A neutral bloc changes nothing. */
    b.preference = b.external = 0;
    ones(d, N * N);
    ss_bloc_apply(&b, N, 1, d, fixed);
    CHECK(d[A * N + B] == 1);
    ss_set_clear(&b.members);
    ss_set_clear(&b.sectors);
}

static void test_payments(void)
{
    ss_config *c = ss_config_alloc(N, 1, 12);
    double fixed[N * N];
    ones(fixed, N * N);
    CHECK(ss_payments_apply(c, 3, fixed) == 0 && fixed[A * N + C] == 1); /* no network */
    ss_network p = ss_network_default;
    p.members = set_of(A, B);
    p.start = 2;
    ss_config_add_network(c, &p);
    ss_set_clear(&p.members);
    ones(fixed, N * N);
    ss_payments_apply(c, 1, fixed); /* before its start nobody shares a network */
    CHECK(fixed[A * N + B] == 1.03 && fixed[A * N + A] == 1);
    ones(fixed, N * N);
    ss_payments_apply(c, 2, fixed);
    /* settlement_cost 1, payment_fee 0.03: the agents' fee, 1.03. */
    CHECK(fixed[A * N + B] == 1 && fixed[B * N + A] == 1);
    CHECK(fixed[A * N + C] == 1.03 && fixed[C * N + B] == 1.03 && fixed[C * N + C] == 1);
    c->settlement_cost = 0.02;
    CHECK(ss_payments_factor(c) == 1.02);
    CHECK(ss_payments_shared(c, A, B, 5) && !ss_payments_shared(c, A, C, 5));
    ss_config_free(c);
}

static void test_corridor(void)
{
    ss_corridor r = ss_corridor_default;
    r.from = set_of(A, A);
    r.to = set_of(C, C);
    r.sectors = set_of(0, 0);
    r.offer = set_of(C, C);
    r.change = -0.2;
    r.condition = SS_HOLD_CAUGHT;
    r.memory = 3;
    r.start = 2;
    /* caught[tau] for months 1 to 5 (index 0 unused). */
    const double caught[] = {0, 0, 0.5, 0.2, 0, 0};
    /* t = 5: months 2, 3, 4: 0.5 * 0.8 * 1; t = 6: months 3, 4, 5: 0.8. */
    CHECK_NEAR(ss_corridor_held(&r, C, 5, caught, 0), 0.4, 1e-15);
    CHECK_NEAR(ss_corridor_held(&r, C, 6, caught, 0), 0.8, 1e-15);
    CHECK(ss_corridor_held(&r, A, 5, caught, 0) == 1); /* not offered: holds */
    r.condition = SS_HOLD_TRANSIT;
    r.threshold = 0.1;
    CHECK(ss_corridor_held(&r, C, 5, caught, 0.05) == 1);
    CHECK(ss_corridor_held(&r, C, 5, caught, 0.2) == 0);
    double x[N * N], d[N * N], held[N] = {1, 1, 0.4};
    flows(x);
    /* Both directions: A -> C 20 and C -> A 8. */
    CHECK(ss_corridor_flow(&r, N, 1, x, SIZE_MAX) == 28);
    CHECK(ss_corridor_flow(&r, N, 1, x, A) == 28 && ss_corridor_flow(&r, N, 1, x, B) == 0);
    ones(d, N * N);
    ss_corridor_apply(&r, N, 1, 1, held, d);
    /* 1 - 0.2 * 0.4 = 0.92 both ways; nothing else. */
    CHECK_NEAR(d[A * N + C], 0.92, 1e-15);
    CHECK_NEAR(d[C * N + A], 0.92, 1e-15);
    CHECK(d[A * N + B] == 1 && d[C * N + B] == 1);
    r.direction = SS_EXPORT;
    ones(d, N * N);
    ss_corridor_apply(&r, N, 1, 0.5, held, d);
    CHECK_NEAR(d[A * N + C], 0.96, 1e-15); /* half the cut: 1 - 0.2 * 0.5 * 0.4 */
    CHECK(d[C * N + A] == 1);
    /* Capacity 10 growing 10 % a month from month 2: 12.1 in month 4. */
    r.capacity = 10;
    r.growth = 0.1;
    CHECK_NEAR(ss_corridor_capacity_share(&r, 4, 24.2), 0.5, 1e-12);
    CHECK(ss_corridor_capacity_share(&r, 4, 5) == 1);
    /* from A B, to A B C, both ways (a group in `to` that gained A and B):
     * every link once. A <-> B had the cut twice (0.64) and its flow
     * counted twice (85) before the forty-fourth session. */
    ss_set_clear(&r.from);
    ss_set_clear(&r.to);
    r.from = set_of(A, B);
    r.to = set_of(A, B);
    ss_set_add(&r.to, C);
    r.direction = SS_BOTH;
    r.capacity = 0;
    /* 10 + 5 between A and B, 20 + 8 between A and C, 15 + 12 between B and C. */
    CHECK(ss_corridor_flow(&r, N, 1, x, SIZE_MAX) == 70);
    const double all[N] = {1, 1, 1};
    ones(d, N * N);
    ss_corridor_apply(&r, N, 1, 1, all, d);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            CHECK(d[i * N + j] == (i == j ? 1 : 0.8));
    ss_set_clear(&r.from);
    ss_set_clear(&r.to);
    ss_set_clear(&r.sectors);
    ss_set_clear(&r.offer);
}

static void test_choice(void)
{
    ss_agent a = ss_agent_default;                         /* switching cost 0.5, noise 0.25 */
    CHECK_NEAR(ss_choice_gain(3, 1, 2), 1.0 / 3.0, 1e-15); /* (3 + 1 - 2) / 6 */
    CHECK(ss_choice_gain(0, 0, 0) == 0);
    CHECK(ss_choice_gain(0, 0, 5) == -1);
    /* u = 1/3: staying L((1/3 + 0.5) / 0.25) = L(3.3333) = 0.9655548;
     * entering L((1/3 - 0.5) / 0.25) = L(-0.6667) = 0.3392436;
     * from 0.6: 0.6 * 0.9655548 + 0.4 * 0.3392436 = 0.7150303. */
    CHECK_NEAR(ss_choice_participation(&a, 1, 1.0 / 3.0), 0.9655548043, 1e-9);
    CHECK_NEAR(ss_choice_participation(&a, 0.6, 1.0 / 3.0), 0.7150303351, 1e-9);
    /* The switching cost holds a country where it is: at u = 0 a country
     * in stays with L(2) = 0.8807971, one out enters with L(-2) = 0.1192029. */
    CHECK_NEAR(ss_choice_participation(&a, 1, 0), 0.8807970780, 1e-9);
    CHECK_NEAR(ss_choice_participation(&a, 0, 0), 0.1192029220, 1e-9);
}

static ss_world *world(void)
{
    ss_world *w = ss_world_alloc(N, 1);
    const char *iso[N] = {"AAA", "BBB", "CCC"};
    for (size_t i = 0; i < N; i++)
        ss_world_set_country(w, i, iso[i], iso[i]);
    ss_world_set_sector(w, 0, "goods");
    flows(w->x0);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            w->dist[i * N + j] = i == j ? 0 : 1000;
    return w;
}

/* Payments: a network of A and B; C settles through payment agents. */
static void test_payments_sim(void)
{
    ss_world *w = world();
    ss_config *c = ss_config_alloc(N, 1, 3);
    c->adjust = 1;
    ss_network p = ss_network_default;
    p.members = set_of(A, B);
    p.start = 1;
    ss_config_add_network(c, &p);
    ss_set_clear(&p.members);
    ss_sim *s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    const double *x = ss_sim_flows(s);
    /* Importer A: I = 100 + 5 + 8 * 1.03^-4 = 112.10786; E = 113;
     * C -> A = 8 * 1.03^-4 * 113 / I = 7.1644578; A -> A = 100.7957545. */
    CHECK_NEAR(x[C * N + A], 7.164457788, 1e-8);
    CHECK_NEAR(x[A * N + A], 100.7957545, 1e-6);
    CHECK_NEAR(ss_sim_cost(s)[C * N + A], 1.03, 1e-15);
    /* No transit anywhere: payments reroute nothing. */
    CHECK(ss_sim_n_rerouted(s) == 0);
    for (size_t m = 0; m < N; m++)
        CHECK(ss_sim_transit(s)[m] == 0);
    ss_sim_free(s);
    /* A penalty of 0.2 on C's goods to A that payment agents evade: one
     * agent settles the payment, so the link pays the fee once, 1.03, not
     * 1.03 for the penalty and 1.03 for the settlement (a review). A
     * tariff of 0.1 that nothing evades comes on top: 1.03 * 1.1. */
    fixture_measure(c, A, C, 0, SS_PENALTY, 0.2, SS_IMPORT, SS_EVADE_PAYMENT, 1, -1);
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    CHECK(ss_sim_cost(s)[C * N + A] == 1.03);
    ss_sim_free(s);
    fixture_measure(c, A, C, 0, SS_PENALTY, 0.1, SS_IMPORT, SS_EVADE_NONE, 1, -1);
    s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    CHECK(ss_sim_cost(s)[C * N + A] == 1.03 * 1.1);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A corridor A -> C from month 1 with capacity 10 against a baseline flow
 * of 20: in month 1 it meets its capacity against month 0's flow, the
 * baseline's, so half the cut: 1 - 0.2 * 10 / 20 = 0.9 (it gave the whole
 * cut, 0.8, before the nineteenth session). */
static void test_corridor_sim(void)
{
    ss_world *w = world();
    ss_config *c = ss_config_alloc(N, 1, 2);
    ss_corridor r = ss_corridor_default;
    r.from = set_of(A, A);
    r.to = set_of(C, C);
    r.sectors = set_of(0, 0);
    r.direction = SS_EXPORT;
    r.change = -0.2;
    r.capacity = 10;
    r.start = 1;
    ss_config_add_corridor(c, &r);
    ss_set_clear(&r.from);
    ss_set_clear(&r.to);
    ss_set_clear(&r.sectors);
    ss_sim *s = ss_sim_alloc(w, c);
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    CHECK_NEAR(ss_sim_cost(s)[A * N + C], 0.9, 1e-15);
    CHECK(ss_sim_cost(s)[C * N + A] == 1); /* the export direction only */
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

/* A chooser paid an inducement, with nothing earned or risked (a penalty
 * of A's on its exports to B, which B cannot carry, from month 2): before
 * the sanction there is nothing to take part in, and participation stays 1
 * (it moved to L(6), a review found). Then u = 1, so it goes from 1 to
 * L(6) = 0.99752738 after month 2, and to 0.99752738 * L(6) + 0.00247262 *
 * L(2) = 0.99723875 after month 3. */
static void test_choice_sim(void)
{
    ss_world *w = world();
    ss_config *c = ss_config_alloc(N, 1, 4);
    c->agent[B].choose = 1;
    c->agent[B].inducement = 2;
    fixture_measure(c, A, B, 0, SS_PENALTY, 0.1, SS_EXPORT, SS_EVADE_TRANSIT, 2, -1);
    ss_sim *s = ss_sim_alloc(w, c);
    CHECK(ss_sim_participation(s)[B] == 1);
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    CHECK(ss_sim_participation(s)[B] == 1); /* month 1: no sanction yet */
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    CHECK_NEAR(ss_sim_participation(s)[B], 0.9975273768, 1e-9);
    CHECK(ss_sim_participation(s)[A] == 1); /* A does not choose */
    CHECK(ss_sim_step(s, NULL, NULL) == SS_OK);
    CHECK_NEAR(ss_sim_participation(s)[B], 0.9972387468, 1e-9);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

int main(void)
{
    test_bloc();
    test_payments();
    test_corridor();
    test_choice();
    test_payments_sim();
    test_corridor_sim();
    test_choice_sim();
    return check_report();
}
