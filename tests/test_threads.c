/* Threads (config `threads`, model/sim.c): a simulation run with 1, 2 or 3
 * threads gives the same bytes in every array it reports, month by month,
 * on synthetic worlds with bans, penalties, payment and non-evadable
 * measures, the evasion nest, mark-ups, reach, capacity bounds, bulk
 * sectors, relocation, enforcers in both modes, stop_at_once (both rules),
 * the general closure, Cobb-Douglas demand and the import nest. So does demand taking importers
 * one, three or seven at a time (config `demand_block`) instead of its own choice, with a last
 * block that is not full. This compares blocks with each other: a fault the same in every block is
 * for the tests of demand's values (test_targets, test_evasion) and tests/same_outputs.sh. */
#include "check.h"
#include "fixture.h"
#include "sim.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

static ss_world *make_world(size_t n, size_t k, gsl_rng *rng)
{
    ss_world *w = fixture_world(n, k, rng);
    if (!w)
        return NULL;
    for (size_t q = 0; q < n * n * k; q++)
        w->x0[q] = (q / k % (n + 1) == 0 ? 50 : 1) * (0.1 + gsl_rng_uniform(rng));
    for (size_t q = 0; q < n * k; q += 7)
        w->reexport[q] = 0;
    return w;
}

/* Measures of every kind on a random 8 % of link-sectors. */
static void add_measures(ss_config *c, size_t n, size_t k, gsl_rng *rng)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < k; s++) {
                if (i == j || gsl_rng_uniform(rng) >= 0.08)
                    continue;
                double u = gsl_rng_uniform(rng);
                ss_measure m = {0};
                ss_set_add(&m.by, i);
                ss_set_add(&m.target, j);
                ss_set_add(&m.sectors, s);
                m.kind = u < 0.4 ? SS_PENALTY : SS_BAN;
                m.rate = 0.1 + gsl_rng_uniform(rng);
                m.direction = u > 0.8 ? SS_BOTH : u > 0.6 ? SS_IMPORT : SS_EXPORT;
                m.evasion = u > 0.93   ? SS_EVADE_PAYMENT
                            : u > 0.88 ? SS_EVADE_NONE
                                       : SS_EVADE_TRANSIT;
                m.start = 1 + (long)gsl_rng_uniform_int(rng, 2);
                m.end = u < 0.1 ? 3 : -1;
                ss_config_add_measure(c, &m);
                ss_set_clear(&m.by);
                ss_set_clear(&m.target);
                ss_set_clear(&m.sectors);
            }
}

/* A config of variant v for a world of n countries and k sectors. */
static ss_config *make_config(size_t n, size_t k, long months, int v, int threads, size_t block)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 77 + (unsigned long)v);
    ss_config *c = ss_config_alloc(n, k, months);
    add_measures(c, n, k, rng);
    gsl_rng_free(rng);
    c->threads = threads;
    c->demand_block = block;
    if (v == 4)
        c->sigma = 1;
    if (v >= 1) {
        c->nest = 0.3;
        c->kappa = 1;
        c->stop_at_once = 1;
        c->relocation_speed = 0.2;
        for (size_t m = 0; m < n; m++) {
            c->agent[m].reach_start = 0.1;
            c->agent[m].reach_speed = 0.5;
            c->agent[m].capacity_bound = m % 3 == 0;
            c->agent[m].candidate = m % 4 != 1;
            c->agent[m].lost_in_transit = m % 2 ? 0.5 : 0;
        }
        ss_enforcer e = {0};
        for (size_t m = 0; m < n; m += 3)
            ss_set_add(&e.members, m);
        e.enforcement = 2;
        e.base_hazard = 0.01;
        e.surge_hazard = 0.05;
        e.secondary_penalty = 0.5;
        e.secondary_months = 3;
        e.mode = v == 1 ? SS_RANDOM : SS_EXPECTED;
        ss_config_add_enforcer(c, &e);
        ss_set_clear(&e.members);
    }
    if (v == 5) { /* as the default scenario: the nest and the second stop rule */
        c->import_sigma = 10;
        c->stop_at_once = SS_STOP_SHED;
    }
    if (v == 3) {
        c->closure = SS_GENERAL;
        c->commission_income = 1;
    }
    return c;
}

/* Appends len doubles to a growing buffer. */
typedef struct bytes {
    unsigned char *at;
    size_t len, cap;
} bytes;

static void put(bytes *b, const void *p, size_t len)
{
    if (b->len + len > b->cap) {
        b->cap = 2 * (b->len + len);
        b->at = realloc(b->at, b->cap);
    }
    memcpy(b->at + b->len, p, len);
    b->len += len;
}

/* Everything a run reports, month by month. */
static bytes run(const ss_world *w, ss_config *c, int *ok)
{
    const size_t n = w->n, k = w->k, len = n * n * k, nk = n * k;
    bytes b = {0};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    ss_sim *s = ss_sim_alloc(w, c);
    *ok = s != NULL;
    ss_diag d;
    for (long t = 1; s && t < c->months; t++) {
        if (ss_sim_step(s, rng, &d)) {
            fprintf(stderr, "test_threads: %s\n", d.msg);
            *ok = 0;
            break;
        }
        put(&b, ss_sim_flows(s), len * sizeof(double));
        put(&b, ss_sim_direct(s), len * sizeof(double));
        put(&b, ss_sim_exports(s), len * sizeof(double));
        put(&b, ss_sim_imports(s), len * sizeof(double));
        put(&b, ss_sim_cost(s), len * sizeof(double));
        put(&b, ss_sim_price(s), nk * sizeof(double));
        put(&b, ss_sim_import_price(s), nk * sizeof(double));
        put(&b, ss_sim_transit(s), nk * sizeof(double));
        put(&b, ss_sim_commission_rate(s), nk * sizeof(double));
        put(&b, ss_sim_commission_income(s), nk * sizeof(double));
        put(&b, ss_sim_capacity(s), nk * sizeof(double));
        put(&b, ss_sim_reach(s), nk * sizeof(double));
        put(&b, ss_sim_detection(s), n * sizeof(double));
        put(&b, ss_sim_caught(s), n * sizeof(double));
        for (size_t r = 0; r < ss_sim_n_rerouted(s); r++) {
            size_t i, j, q;
            ss_sim_rerouted(s, r, &i, &j, &q);
            for (size_t m = 0; m < n; m++) {
                double v = ss_sim_via(s, i, j, q, m);
                put(&b, &v, sizeof v);
            }
        }
    }
    ss_sim_free(s);
    gsl_rng_free(rng);
    return b;
}

static void test_same_bytes(size_t n, size_t k, long months, int v)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 16 + (unsigned long)v);
    ss_world *w = make_world(n, k, rng);
    gsl_rng_free(rng);
    CHECK(w != NULL);
    if (!w)
        return;
    /* Threads, and importers at a time (0: demand's own choice); more
     * threads than countries last (the simulation keeps one a country). */
    const int threads[] = {1, 2, 3, 1, 1, 2, 1, (int)n + 4};
    const size_t block[] = {0, 0, 0, 1, 3, 1, 7, 0};
    bytes one = {0};
    for (size_t u = 0; u < sizeof threads / sizeof *threads; u++) {
        ss_config *c = make_config(n, k, months, v, threads[u], block[u]);
        int ok;
        bytes b = run(w, c, &ok);
        CHECK(ok && b.len > 0);
        if (u == 0) {
            one = b;
        } else {
            CHECK(b.len == one.len && memcmp(b.at, one.at, one.len) == 0);
            free(b.at);
        }
        ss_config_free(c);
    }
    free(one.at);
    ss_world_free(w);
}

int main(void)
{
    gsl_set_error_handler_off();
    for (int v = 0; v <= 5; v++)
        test_same_bytes(31, 5, 7, v);
    test_same_bytes(80, 3, 4, 0);
    test_same_bytes(23, 3, 6, 2);
    test_same_bytes(13, 1, 6, 3);
    return check_report();
}
