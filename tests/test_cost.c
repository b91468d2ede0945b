/* Unit tests for model/cost.c: when a measure is in force, how measures
 * change the direct cost multiplier of each link (penalties stack
 * multiplicatively, a ban closes the link, domestic sales are never hit),
 * which pairs are marked as sanctioning, and the detour factor g of
 * docs/model.md section 4. Expected values are computed by hand in comments or
 * by a reference written independently of the model's loops. */
#include "check.h"
#include "cost.h"

#include <math.h>
#include <string.h>

enum { N = 4, K = 3 };

static size_t at(size_t i, size_t j, size_t s)
{
    return (i * N + j) * K + s;
}

static ss_measure make(int kind, int direction, double rate, long start, long end)
{
    ss_measure m;
    memset(&m, 0, sizeof m);
    m.kind = kind;
    m.direction = direction;
    m.rate = rate;
    m.start = start;
    m.end = end;
    return m;
}

static void clear(ss_measure *m)
{
    ss_set_clear(&m->by);
    ss_set_clear(&m->target);
    ss_set_clear(&m->sectors);
}

static void test_in_force(void)
{
    /* Start and end both included. */
    ss_measure m = make(SS_BAN, SS_EXPORT, 0, 3, 7);
    CHECK(!ss_cost_in_force(&m, 0));
    CHECK(!ss_cost_in_force(&m, 2));
    CHECK(ss_cost_in_force(&m, 3));
    CHECK(ss_cost_in_force(&m, 5));
    CHECK(ss_cost_in_force(&m, 7));
    CHECK(!ss_cost_in_force(&m, 8));
    CHECK(!ss_cost_in_force(&m, 100));

    /* end < 0: open-ended, in force to the end of any run. */
    ss_measure open = make(SS_PENALTY, SS_BOTH, 0.2, 4, -1);
    CHECK(!ss_cost_in_force(&open, 3));
    CHECK(ss_cost_in_force(&open, 4));
    CHECK(ss_cost_in_force(&open, 1000000));

    /* A one-month measure. */
    ss_measure one = make(SS_PENALTY, SS_EXPORT, 0.2, 6, 6);
    CHECK(!ss_cost_in_force(&one, 5));
    CHECK(ss_cost_in_force(&one, 6));
    CHECK(!ss_cost_in_force(&one, 7));
}

static void fill(double *d, double v)
{
    for (size_t i = 0; i < N * N * K; i++)
        d[i] = v;
}

/* Penalties multiply by (1 + rate); every other link stays exactly 1. */
static void test_penalty_export(void)
{
    double d[N * N * K];
    unsigned char sanc[N * N * K];
    fill(d, 1);
    memset(sanc, 0, sizeof sanc);
    ss_measure m = make(SS_PENALTY, SS_EXPORT, 0.385, 0, -1);
    ss_set_add(&m.by, 0);
    ss_set_add(&m.target, 2);
    ss_set_add(&m.sectors, 1);
    ss_cost_apply(&m, N, K, d, sanc);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            for (size_t s = 0; s < K; s++) {
                int hit = i == 0 && j == 2 && s == 1;
                CHECK(d[at(i, j, s)] == (hit ? 1.385 : 1.0));
                CHECK(sanc[at(i, j, s)] == (hit ? 1 : 0));
            }

    /* Stacking: a second penalty of 20 % on the same link, and a third of
     * 7.5 % that covers it through a longer list: 1.385 * 1.2 * 1.075. */
    ss_measure m2 = make(SS_PENALTY, SS_EXPORT, 0.2, 0, -1);
    ss_set_add(&m2.by, 0);
    ss_set_add(&m2.target, 2);
    ss_set_add(&m2.sectors, 1);
    ss_cost_apply(&m2, N, K, d, sanc);
    CHECK_NEAR(d[at(0, 2, 1)], 1.662, 1e-15);
    ss_measure m3 = make(SS_PENALTY, SS_EXPORT, 0.075, 0, -1);
    ss_set_add(&m3.by, 0);
    ss_set_add(&m3.by, 1);
    ss_set_add(&m3.target, 2);
    ss_set_add(&m3.target, 3);
    ss_set_add(&m3.sectors, 1);
    ss_set_add(&m3.sectors, 2);
    ss_cost_apply(&m3, N, K, d, sanc);
    CHECK_NEAR(d[at(0, 2, 1)], 1.662 * 1.075, 1e-15);
    CHECK_NEAR(d[at(0, 2, 1)], 1.786650, 1e-12);
    CHECK(d[at(0, 2, 2)] == 1.075);
    CHECK(d[at(1, 3, 1)] == 1.075);
    CHECK(d[at(0, 3, 2)] == 1.075);
    CHECK(d[at(0, 2, 0)] == 1.0); /* sector 0 not covered */
    CHECK(d[at(2, 0, 1)] == 1.0); /* export measure: reverse link untouched */
    CHECK(sanc[at(1, 3, 2)] == 1);
    CHECK(sanc[at(3, 1, 2)] == 0);
    clear(&m);
    clear(&m2);
    clear(&m3);
}

/* A ban makes the link INFINITY, whatever the order it meets penalties in. */
static void test_ban(void)
{
    double d[N * N * K];
    fill(d, 1);
    ss_measure pen = make(SS_PENALTY, SS_EXPORT, 0.45, 0, -1);
    ss_set_add(&pen.by, 1);
    ss_set_add(&pen.target, 3);
    ss_set_add(&pen.sectors, 0);
    ss_measure ban = make(SS_BAN, SS_EXPORT, 0.0, 0, -1);
    ss_set_add(&ban.by, 1);
    ss_set_add(&ban.target, 3);
    ss_set_add(&ban.sectors, 0);

    ss_cost_apply(&pen, N, K, d, NULL); /* sanctions may be NULL */
    ss_cost_apply(&ban, N, K, d, NULL);
    CHECK(isinf(d[at(1, 3, 0)]) && d[at(1, 3, 0)] > 0);
    ss_cost_apply(&pen, N, K, d, NULL);
    CHECK(isinf(d[at(1, 3, 0)]) && d[at(1, 3, 0)] > 0);
    CHECK(d[at(1, 3, 1)] == 1.0);
    CHECK(d[at(3, 1, 0)] == 1.0);

    /* Ban first, then a penalty: still closed. */
    fill(d, 1);
    ss_cost_apply(&ban, N, K, d, NULL);
    ss_cost_apply(&pen, N, K, d, NULL);
    CHECK(isinf(d[at(1, 3, 0)]));
    clear(&pen);
    clear(&ban);
}

/* Import measures act on target -> by, both directions on both links; the
 * sanctions mark always reads "by sanctions target". A country never
 * sanctions its own domestic sales even when it is listed on both sides. */
static void test_direction_and_self(void)
{
    double d[N * N * K];
    unsigned char sanc[N * N * K];
    fill(d, 1);
    memset(sanc, 0, sizeof sanc);
    ss_measure imp = make(SS_PENALTY, SS_IMPORT, 0.31, 0, -1);
    ss_set_add(&imp.by, 2);
    ss_set_add(&imp.target, 0);
    ss_set_add(&imp.sectors, 2);
    ss_cost_apply(&imp, N, K, d, sanc);
    CHECK(d[at(0, 2, 2)] == 1.31); /* target 0 exports into by 2 */
    CHECK(d[at(2, 0, 2)] == 1.0);
    CHECK(sanc[at(2, 0, 2)] == 1); /* 2 sanctions 0 */
    CHECK(sanc[at(0, 2, 2)] == 0);

    ss_measure both = make(SS_BAN, SS_BOTH, 0, 0, -1);
    ss_set_add(&both.by, 1);
    ss_set_add(&both.by, 3);
    ss_set_add(&both.target, 3); /* 3 listed as both: its own link is skipped */
    ss_set_add(&both.sectors, 0);
    ss_cost_apply(&both, N, K, d, sanc);
    CHECK(isinf(d[at(1, 3, 0)]));
    CHECK(isinf(d[at(3, 1, 0)]));
    CHECK(d[at(3, 3, 0)] == 1.0);
    CHECK(sanc[at(3, 3, 0)] == 0);
    CHECK(sanc[at(1, 3, 0)] == 1);
    CHECK(sanc[at(3, 1, 0)] == 0);

    /* Reference: count every non-1 entry; exactly the four links above
     * (0->2 s2, 1->3 s0, 3->1 s0) plus nothing else. */
    int changed = 0;
    for (size_t idx = 0; idx < N * N * K; idx++)
        changed += d[idx] != 1.0;
    CHECK(changed == 3);
    clear(&imp);
    clear(&both);

    /* by {0, 1} against target {0, 1} both ways (a target group that
     * gained members of by): 0 -> 1 and 1 -> 0 once each, 1.5; they took
     * 1.5^2 before the forty-fourth session. */
    fill(d, 1);
    ss_measure mutual = make(SS_PENALTY, SS_BOTH, 0.5, 0, -1);
    ss_set_add(&mutual.by, 0);
    ss_set_add(&mutual.by, 1);
    ss_set_add(&mutual.target, 0);
    ss_set_add(&mutual.target, 1);
    ss_set_add(&mutual.sectors, 1);
    ss_cost_apply(&mutual, N, K, d, NULL);
    CHECK(d[at(0, 1, 1)] == 1.5 && d[at(1, 0, 1)] == 1.5);
    CHECK(d[at(0, 0, 1)] == 1 && d[at(1, 1, 1)] == 1 && d[at(0, 1, 0)] == 1);
    clear(&mutual);
}

/* An independent reference for a set of measures: for each link, multiply
 * the factors of the measures that cover it, looking membership up with
 * ss_set_has rather than looping over the sets. */
static double reference(const ss_measure *ms, size_t nm, size_t i, size_t j, size_t s)
{
    double d = 1;
    if (i == j)
        return 1;
    for (size_t q = 0; q < nm; q++) {
        const ss_measure *m = &ms[q];
        if (!ss_set_has(&m->sectors, s))
            continue;
        int covers =
            ((m->direction & SS_EXPORT) && ss_set_has(&m->by, i) && ss_set_has(&m->target, j)) ||
            ((m->direction & SS_IMPORT) && ss_set_has(&m->by, j) && ss_set_has(&m->target, i));
        if (covers)
            d = m->kind == SS_BAN ? INFINITY : d * (1 + m->rate);
    }
    return d;
}

static void test_against_reference(void)
{
    ss_measure ms[4];
    ms[0] = make(SS_PENALTY, SS_BOTH, 0.125, 0, -1);
    ss_set_add(&ms[0].by, 0);
    ss_set_add(&ms[0].by, 1);
    ss_set_add(&ms[0].target, 2);
    ss_set_add(&ms[0].sectors, 0);
    ss_set_add(&ms[0].sectors, 2);
    ms[1] = make(SS_PENALTY, SS_IMPORT, 0.6, 0, -1);
    ss_set_add(&ms[1].by, 3);
    ss_set_add(&ms[1].target, 2);
    ss_set_add(&ms[1].target, 1);
    ss_set_add(&ms[1].sectors, 2);
    ms[2] = make(SS_BAN, SS_EXPORT, 0, 0, -1);
    ss_set_add(&ms[2].by, 1);
    ss_set_add(&ms[2].target, 2);
    ss_set_add(&ms[2].sectors, 1);
    ms[3] = make(SS_PENALTY, SS_EXPORT, 2.385, 0, -1);
    ss_set_add(&ms[3].by, 0);
    ss_set_add(&ms[3].target, 2);
    ss_set_add(&ms[3].target, 3);
    ss_set_add(&ms[3].sectors, 0);

    double d[N * N * K];
    fill(d, 1);
    for (size_t q = 0; q < 4; q++)
        ss_cost_apply(&ms[q], N, K, d, NULL);
    int agree = 1;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            for (size_t s = 0; s < K; s++) {
                double want = reference(ms, 4, i, j, s);
                double got = d[at(i, j, s)];
                if (!(got == want || fabs(got - want) <= 1e-14 * want)) {
                    agree = 0;
                    fprintf(stderr, "link %zu->%zu sector %zu: %g, expected %g\n", i, j, s, got,
                            want);
                }
            }
    CHECK(agree);
    /* Hand values: 0->2 sector 0 carries 12.5 % (ms0) and 238.5 % (ms3). */
    CHECK_NEAR(d[at(0, 2, 0)], 1.125 * 3.385, 1e-14);
    /* 2->3 sector 2: import penalty of 3 on 2 (60 %). */
    CHECK_NEAR(d[at(2, 3, 2)], 1.6, 1e-15);
    /* 2->1 sector 2: ms0 both directions (1 sanctions 2). */
    CHECK_NEAR(d[at(2, 1, 2)], 1.125, 1e-15);
    for (size_t q = 0; q < 4; q++)
        clear(&ms[q]);
}

static void test_detour(void)
{
    /* g = 1 + 0.1 * (4230 + 2390 - 1610) / 1610 = 1 + 0.1 * 5010 / 1610. */
    CHECK_NEAR(ss_cost_detour(4230, 2390, 1610, 0.1), 1 + 501.0 / 1610.0, 1e-15);
    CHECK_NEAR(ss_cost_detour(4230, 2390, 1610, 0.1), 1.3111801242236025, 1e-14);
    /* Scales linearly with detour_cost: 0.237 * (1200 + 900 - 1500) / 1500. */
    CHECK_NEAR(ss_cost_detour(1200, 900, 1500, 0.237), 1 + 0.237 * 0.4, 1e-15);
    /* A detour on the straight line adds nothing. */
    CHECK(ss_cost_detour(700, 800, 1500, 0.3) == 1.0);
    /* No detour cost, or a zero direct distance (domestic): factor 1. */
    CHECK(ss_cost_detour(4230, 2390, 1610, 0.0) == 1.0);
    CHECK(ss_cost_detour(4230, 2390, 0.0, 0.1) == 1.0);
    /* Distances that break the triangle inequality never make a detour
     * cheaper than the direct road. */
    CHECK(ss_cost_detour(300, 400, 1000, 0.5) == 1.0);
}

int main(void)
{
    test_in_force();
    test_penalty_export();
    test_ban();
    test_direction_and_self();
    test_against_reference();
    test_detour();
    return check_report();
}
