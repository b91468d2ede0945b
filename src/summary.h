/* The rows of a run's summary: each coalition's sanctioned trade with one
 * target in one sector and direction (export: coalition -> target; import:
 * target -> coalition), from the measures of a configuration. summary.csv
 * and a sweep's headline indicators are both computed here, so a sweep
 * reproduces a run's numbers exactly. */
#ifndef SS_SUMMARY_H
#define SS_SUMMARY_H

#include "config.h"
#include "sim.h"
#include "world.h"

typedef struct ss_watch {
    const ss_measure *m; /* the first measure that named this combination */
    size_t target, sector;
    int direction; /* SS_EXPORT or SS_IMPORT */
} ss_watch;

/* The distinct combinations, in the order of the measures. The caller
 * frees *out. SS_ENOMEM when memory runs out. */
int ss_watches(const ss_config *c, ss_watch **out, size_t *n);

/* This month's baseline, direct and rerouted flow of one combination,
 * summed over the coalition's members (the target itself excluded). Each
 * is a sum of non-negative parts, so none is ever below 0. */
void ss_watch_flows(const ss_world *w, const ss_sim *sim, const ss_watch *wa, double *baseline,
                    double *direct, double *rerouted);

/* This month's real income index (docs/model.md, "Who gains and loses"; 1 =
 * baseline)
 * of the target, and of the coalition's members together (the target
 * excluded): their real incomes weighted by their baseline receipts. */
void ss_watch_incomes(const ss_world *w, ss_sim *sim, const ss_watch *wa, double *target,
                      double *coalition);

#endif
