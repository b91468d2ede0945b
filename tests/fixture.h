/* Helpers shared by the unit tests that build configurations by hand. */
#ifndef SS_TEST_FIXTURE_H
#define SS_TEST_FIXTURE_H

#include "config.h"

#include <string.h>

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
