/* Vector lanes and single values agree (model/simd.h): the model's rows of
 * sectors go four at a time through the vector extension and the rest one
 * by one, which must give the same bits. A world of 7 sectors whose
 * sectors 4, 5 and 6 (the rest of a row, one by one) copy three of sectors
 * 0 to 3 (in the vector lanes: lanes 0-2 in one world, 1-3 in another) in
 * every flow, measure and parameter: month by month, every reported value
 * of a copy equals its original's, bit for bit. The worlds hold what each
 * lane must get right: closed links (bans that cannot be evaded), a
 * supplier with nearly all of its markets (the mark-ups' floor on the
 * elasticity), a commodity sector with a sigma of its own (no mark-ups, its
 * own exponent) and, with the evidence mechanisms on, supply curves, an
 * enforcer, and the general closure. */
#include "check.h"
#include "equilibrium.h"
#include "fixture.h"
#include "sim.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <string.h>

enum { K = 7, FIRST_COPY = 4, COMMODITY = 2 };

/* The sector whose values sector q copies (q itself for the originals):
 * the copies 4, 5 and 6 take sectors shift, shift + 1 and shift + 2. */
static size_t original(size_t q, size_t shift)
{
    return q >= FIRST_COPY ? q - FIRST_COPY + shift : q;
}

static ss_world *make_world(size_t n, size_t shift, gsl_rng *rng)
{
    ss_world *w = fixture_world(n, K, rng);
    if (!w)
        return NULL;
    /* Home flows weigh most, and origin 0 sells nearly all of every
     * market's imports. */
    for (size_t q = 0; q < n * n * K; q++) {
        const size_t i = q / K / n, j = q / K % n;
        w->x0[q] = (i == j ? 50 : i == 0 ? 2000 : 1) * (0.1 + gsl_rng_uniform(rng));
    }
    for (size_t q = 0; q < n * n * K; q++)
        w->x0[q] = w->x0[q - q % K + original(q % K, shift)];
    for (size_t q = 0; q < K; q++)
        w->commodity[q] = original(q, shift) == COMMODITY;
    return w;
}

/* Bans (a third of them not evadable: closed links) and penalties on a
 * random 10 % of links, each on a sector and its copy alike. */
static void add_measures(ss_config *c, size_t n, size_t shift, gsl_rng *rng)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < FIRST_COPY; s++) {
                if (i == j || gsl_rng_uniform(rng) >= 0.1)
                    continue;
                const double u = gsl_rng_uniform(rng);
                ss_measure m = {0};
                ss_set_add(&m.by, i);
                ss_set_add(&m.target, j);
                ss_set_add(&m.sectors, s);
                if (s >= shift && s < shift + K - FIRST_COPY)
                    ss_set_add(&m.sectors, s - shift + FIRST_COPY);
                m.kind = u < 0.4 ? SS_PENALTY : SS_BAN;
                m.rate = 0.1 + gsl_rng_uniform(rng);
                m.direction = u > 0.7 ? SS_IMPORT : SS_EXPORT;
                m.evasion = u > 0.8 ? SS_EVADE_NONE : SS_EVADE_TRANSIT;
                m.start = 1 + (long)gsl_rng_uniform_int(rng, 2);
                m.end = -1;
                ss_config_add_measure(c, &m);
                ss_set_clear(&m.by);
                ss_set_clear(&m.target);
                ss_set_clear(&m.sectors);
            }
}

static ss_config *make_config(size_t n, size_t shift, long months, int v)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 404 + (unsigned long)v);
    ss_config *c = ss_config_alloc(n, K, months);
    add_measures(c, n, shift, rng);
    gsl_rng_free(rng);
    c->commodity_sigma = 9;
    if (v >= 1) { /* the evidence mechanisms and an enforcer */
        c->nest = 0.3;
        c->kappa = 1;
        c->stop_at_once = 1;
        for (size_t m = 0; m < n; m++) {
            c->agent[m].reach_start = 0.1;
            c->agent[m].reach_speed = 0.5;
            c->agent[m].capacity_bound = m % 3 == 0;
        }
        ss_enforcer e = {0};
        for (size_t m = 0; m < n; m += 3)
            ss_set_add(&e.members, m);
        e.enforcement = 2;
        e.surge_hazard = 0.05;
        e.secondary_penalty = 0.5;
        e.secondary_months = 3;
        e.mode = SS_EXPECTED;
        ss_config_add_enforcer(c, &e);
        ss_set_clear(&e.members);
    }
    if (v == 1) /* supply curves (the partial closure only) */
        for (size_t i = 2; i < n; i += 4)
            for (size_t q = 0; q < K; q++)
                ss_config_set_supply(c, i, q, 2);
    if (v == 2) { /* origin 0's surplus is kept in proportion */
        c->closure = SS_GENERAL;
        c->balance = SS_EQ_MULTIPLICATIVE;
    }
    return c;
}

/* 1 when every copy's values in rows of `rows` x K equal its original's
 * bit for bit. */
static int copies_agree(const double *a, size_t rows, size_t shift)
{
    int same = 1;
    for (size_t r = 0; r < rows; r++)
        for (size_t q = FIRST_COPY; q < K; q++)
            same &= memcmp(&a[r * K + q], &a[r * K + original(q, shift)], sizeof *a) == 0;
    return same;
}

static void test_copies(size_t n, size_t shift, long months, int v)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 31 + (unsigned long)v);
    ss_world *w = make_world(n, shift, rng);
    gsl_rng_free(rng);
    ss_config *c = w ? make_config(n, shift, months, v) : NULL;
    ss_sim *s = c ? ss_sim_alloc(w, c) : NULL;
    CHECK(s != NULL);
    int agree = 1, ok = s != NULL, moved = 0, closed = 0;
    ss_diag d;
    for (long t = 1; ok && t < months; t++) {
        ok = ss_sim_step(s, NULL, &d) == SS_OK;
        if (!ok)
            fprintf(stderr, "test_lanes: shift %zu, variant %d: %s\n", shift, v, d.msg);
        const double *x = ss_sim_flows(s), *cost = ss_sim_cost(s);
        for (size_t q = 0; q < n * n * K; q++) {
            moved |= x[q] != w->x0[q];
            closed |= !(cost[q] < INFINITY);
        }
        const size_t links = n * n;
        agree &= copies_agree(x, links, shift) && copies_agree(ss_sim_direct(s), links, shift) &&
                 copies_agree(cost, links, shift) &&
                 copies_agree(ss_sim_exports(s), links, shift) &&
                 copies_agree(ss_sim_imports(s), links, shift) &&
                 copies_agree(ss_sim_price(s), n, shift) &&
                 copies_agree(ss_sim_import_price(s), n, shift) &&
                 copies_agree(ss_sim_transit(s), n, shift) &&
                 copies_agree(ss_sim_commission_rate(s), n, shift) &&
                 copies_agree(ss_sim_commission_income(s), n, shift) &&
                 copies_agree(ss_sim_capacity(s), n, shift);
    }
    CHECK(ok);
    /* The measures moved the flows and closed links: the lanes had work
     * to agree on. */
    CHECK(moved && closed);
    CHECK(agree);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

int main(void)
{
    gsl_set_error_handler_off();
    for (size_t shift = 0; shift <= 1; shift++)
        for (int v = 0; v <= 2; v++)
            test_copies(23, shift, 7, v);
    return check_report();
}
