/* Helpers shared by the unit tests that build configurations by hand. */
#ifndef SS_TEST_FIXTURE_H
#define SS_TEST_FIXTURE_H

#include "config.h"
#include "world.h"

#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <string.h>

/* A world of n countries (C000, C001, ...) at random places and k sectors
 * (s0, s1, ...), with their distances; the flows are the caller's. NULL
 * when out of memory. */
static inline ss_world *fixture_world(size_t n, size_t k, gsl_rng *rng)
{
    ss_world *w = ss_world_alloc(n, k);
    char code[32];
    for (size_t i = 0; w && i < n; i++) {
        snprintf(code, sizeof code, "C%03zu", i);
        ss_world_set_country(w, i, code, NULL);
        w->lat[i] = -60 + 120 * gsl_rng_uniform(rng);
        w->lon[i] = -180 + 360 * gsl_rng_uniform(rng);
    }
    for (size_t s = 0; w && s < k; s++) {
        snprintf(code, sizeof code, "s%zu", s);
        ss_world_set_sector(w, s, code);
    }
    if (w && ss_world_fill_distances(w, NULL)) {
        ss_world_free(w);
        return NULL;
    }
    return w;
}

/* Adds a measure of one country (by) on one target in one sector, in
 * force from start through end (end < 0: to the end of the run). */
static inline void fixture_measure(ss_config *c, size_t by, size_t target, size_t sector, int kind,
                                   double rate, int direction, int evasion, long start, long end)
{
    ss_measure m;
    memset(&m, 0, sizeof m);
    ss_set_add(&m.by, by);
    ss_set_add(&m.target, target);
    ss_set_add(&m.sectors, sector);
    m.kind = kind;
    m.rate = rate;
    m.direction = direction;
    m.evasion = evasion;
    m.start = start;
    m.end = end;
    ss_config_add_measure(c, &m);
    ss_set_clear(&m.by);
    ss_set_clear(&m.target);
    ss_set_clear(&m.sectors);
}

#endif
