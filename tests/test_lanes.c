/* Vector lanes and single values agree (model/simd.h): the model's rows of
 * sectors go four at a time through the vector extension and the rest one
 * by one, which must give the same bits. A world of 6 sectors whose
 * sectors 4 and 5 (the rest of a row, one by one) copy sectors 0 and 1 (in
 * the vector lanes) in every flow, measure and parameter: month by month,
 * every reported value of sector 4 equals sector 0's and of sector 5
 * sector 1's, bit for bit, with the evidence mechanisms off and on, an
 * enforcer, and the general closure. */
#include "check.h"
#include "fixture.h"
#include "sim.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <string.h>

enum { K = 6, COPIES = 2, FIRST_COPY = 4 };

/* The sector whose values sector q copies (q itself for the others). */
static size_t original(size_t q)
{
    return q >= FIRST_COPY && q < FIRST_COPY + COPIES ? q - FIRST_COPY : q;
}

static ss_world *make_world(size_t n, gsl_rng *rng)
{
    ss_world *w = fixture_world(n, K, rng);
    if (!w)
        return NULL;
    for (size_t q = 0; q < n * n * K; q++)
        if (original(q % K) == q % K)
            w->x0[q] = (q / K % (n + 1) == 0 ? 50 : 1) * (0.1 + gsl_rng_uniform(rng));
    for (size_t q = 0; q < n * n * K; q++)
        w->x0[q] = w->x0[q - q % K + original(q % K)];
    return w;
}

/* Bans and penalties on a random 10 % of links, each on a sector and its
 * copy alike. */
static void add_measures(ss_config *c, size_t n, gsl_rng *rng)
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
                if (s < COPIES)
                    ss_set_add(&m.sectors, s + FIRST_COPY);
                m.kind = u < 0.4 ? SS_PENALTY : SS_BAN;
                m.rate = 0.1 + gsl_rng_uniform(rng);
                m.direction = u > 0.7 ? SS_IMPORT : SS_EXPORT;
                m.evasion = SS_EVADE_TRANSIT;
                m.start = 1 + (long)gsl_rng_uniform_int(rng, 2);
                m.end = -1;
                ss_config_add_measure(c, &m);
                ss_set_clear(&m.by);
                ss_set_clear(&m.target);
                ss_set_clear(&m.sectors);
            }
}

static ss_config *make_config(size_t n, long months, int v)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 404 + (unsigned long)v);
    ss_config *c = ss_config_alloc(n, K, months);
    add_measures(c, n, rng);
    gsl_rng_free(rng);
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
    if (v == 2)
        c->closure = SS_GENERAL;
    return c;
}

/* 1 when every copied sector's values in rows of `rows` x K equal its
 * original's bit for bit. */
static int copies_agree(const double *a, size_t rows)
{
    int same = 1;
    for (size_t r = 0; r < rows; r++)
        for (size_t q = FIRST_COPY; q < FIRST_COPY + COPIES; q++)
            same &= memcmp(&a[r * K + q], &a[r * K + original(q)], sizeof *a) == 0;
    return same;
}

static void test_copies(size_t n, long months, int v)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 31 + (unsigned long)v);
    ss_world *w = make_world(n, rng);
    gsl_rng_free(rng);
    ss_config *c = w ? make_config(n, months, v) : NULL;
    ss_sim *s = c ? ss_sim_alloc(w, c) : NULL;
    CHECK(s != NULL);
    int agree = 1, ok = s != NULL, moved = 0;
    ss_diag d;
    for (long t = 1; ok && t < months; t++) {
        ok = ss_sim_step(s, NULL, &d) == SS_OK;
        const double *x = ss_sim_flows(s);
        for (size_t q = 0; q < n * n * K; q++)
            moved |= x[q] != w->x0[q];
        agree &= copies_agree(x, n * n) && copies_agree(ss_sim_direct(s), n * n) &&
                 copies_agree(ss_sim_cost(s), n * n) && copies_agree(ss_sim_exports(s), n * n) &&
                 copies_agree(ss_sim_price(s), n) && copies_agree(ss_sim_transit(s), n) &&
                 copies_agree(ss_sim_commission_rate(s), n) && copies_agree(ss_sim_capacity(s), n);
    }
    CHECK(ok);
    CHECK(moved); /* the measures moved the flows: the copies had work to agree on */
    CHECK(agree);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
}

int main(void)
{
    gsl_set_error_handler_off();
    for (int v = 0; v <= 2; v++)
        test_copies(23, 7, v);
    return check_report();
}
