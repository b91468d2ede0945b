/* A sweep's own indicators (`sweep --indicator NAME=EXPR`): the small
 * expression form, and its measurement on a run through the calibration
 * targets' tallies (src/targets.h), so that a flow is summed the same way
 * in both.
 *
 *   EXPR   = KIND ( FROM , TO , SECTORS , PERIOD ) [ /twin ]
 *   KIND   = recorded   the exporters' declared exports (recorded.csv's
 *                       exports_usd_mn), FROM exporters, TO importers
 *          | true       the true flow by origin and final destination
 *                       (flows.csv, every route), FROM origins, TO
 *                       destinations
 *   FROM, TO, SECTORS   countries, groups or sectors separated by spaces,
 *                       or all; a country is never paired with itself
 *   PERIOD              2023, 2022Q2, 2022-03 or a range 2022-03/2022-11
 *   /twin               divided by the same sum in the run's twin (the
 *                       scenario without sanctions, enforcers or changes)
 *
 * The value is the flow summed over the months of the period, USD million
 * (a ratio with /twin). Invariant: a parsed indicator has a valid name and
 * four arguments; countries, sectors and the period are checked against
 * each run's scenario. */
#ifndef SS_INDICATOR_H
#define SS_INDICATOR_H

#include "targets.h"

#define SS_MAX_CUSTOM 16

typedef struct ss_custom {
    char name[64];
    const char *spec; /* NAME=EXPR as given (the caller's) */
    int recorded;     /* 1 recorded, 0 true */
    int twin;         /* divided by the twin's */
    char arg[4][256]; /* from, to, sectors, period */
} ss_custom;

/* Parses NAME=EXPR; a usage error (status 2, message printed) or 0.
 * taken[0..ntaken-1] are column names NAME may not repeat. */
int ss_custom_parse(const char *spec, ss_custom *c, const char *const *taken, size_t ntaken);

/* The targets that measure the n indicators on scenario s (one each);
 * NULL with d set when a country, sector or (when `periods`) period is
 * not s's. Without `periods` the targets only check the names: their
 * periods are unset. */
ss_targets *ss_custom_targets(const ss_custom *c, size_t n, const ss_scenario *s, int periods,
                              ss_diag *d);

/* Indicator i's value from its sums in the run (acc) and, with /twin, in
 * the twin (twin, else unused); NAN when the twin's sum is 0. */
double ss_custom_value(const ss_custom *c, const double *acc, const double *twin);

/* 1 when some indicator needs the twin. */
int ss_custom_needs_twin(const ss_custom *c, size_t n);

/* Runs the twin of s once, when some indicator needs it, and fails (d
 * set) on the first /twin indicator whose flow the twin does not have (a
 * ratio to nothing, which would fail every run of a sweep); SS_OK else. */
int ss_custom_check_twin(const ss_custom *c, size_t n, const ss_scenario *s, ss_diag *d);

#endif
