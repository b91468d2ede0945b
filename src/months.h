/* The run engine: the one monthly loop of every command that simulates
 * (`run`, each run of a sweep, each evaluation of `calibrate`). It loads
 * nothing and writes nothing: the caller hands it a loaded scenario and a
 * callback that sees each month.
 * Invariant: month t's callback sees the model after the [change] sections
 * dated t are applied and month t is stepped (month 0, the baseline, is
 * seen unstepped); the draws come from ss_rng_alloc(s->seed), so the same
 * scenario gives the same months in every command. */
#ifndef SS_MONTHS_H
#define SS_MONTHS_H

#include "scenario.h"
#include "sim.h"

/* Sees month t of the run; returns SS_OK to go on, or a status (with d
 * set) that ends the loop. */
typedef int ss_month_fn(void *user, const ss_scenario *s, ss_sim *sim, long t, ss_diag *d);

/* Steps s from its baseline month 0 to month last (s->months - 1 for the
 * whole run), calling each for every month. Between two months, a signal
 * caught (src/signals.h) ends the loop with SS_EINTR. Returns SS_OK, or
 * the status of what ended the loop, with d set. The dated changes are
 * applied to s->config, so a scenario runs once. */
int ss_run_months(ss_scenario *s, long last, ss_month_fn *each, void *user, ss_diag *d);

/* Warns that `lost` links had their detours dropped as too light to divide
 * by (ss_sim_routes_lost): link-months from `month` on in a whole run
 * (whole_run), or links in that one month (`equilibrium`). */
void ss_warn_routes_lost(const ss_scenario *s, size_t lost, long month, int whole_run);

#endif
