/* The monthly simulation: state, one step, and read access for reporting.
 * Month 0 is the baseline and is never altered: flows equal the world's
 * baseline, prices are 1, nothing is in transit. Each ss_sim_step advances
 * one month in the order of docs/model.md section 11 and allocates nothing.
 * Invariant after every successful step: every flow, price and commission
 * is finite and non-negative, and a link whose routes are all closed
 * carries nothing. */
#ifndef SS_SIM_H
#define SS_SIM_H

#include "config.h"
#include "equilibrium.h"
#include "world.h"

#include <gsl/gsl_rng.h>

typedef struct ss_sim ss_sim;

/* The world and config must outlive the simulation. The config is read
 * afresh each month. NULL when memory runs out or the sizes disagree. */
ss_sim *ss_sim_alloc(const ss_world *w, const ss_config *c);
void ss_sim_free(ss_sim *s);

/* Advances to month t + 1. rng supplies detection draws (may be NULL when
 * every enforcer is in expected mode). On SS_ENUMERIC diag names the month,
 * link and quantity; the state is then unusable. */
int ss_sim_step(ss_sim *s, gsl_rng *rng, ss_diag *diag);

/* The static equilibrium (model/equilibrium.h) of the effective link costs
 * C in force at month t, with every commission at its base value and
 * enforcement off, from the world's baseline flows; with commission_income
 * on, commissions are income of the intermediaries. res's arrays belong to
 * eq. *lost (may be NULL) receives the number of links whose detours were
 * dropped as too light (ss_sim_routes_lost). Not part of a run. */
int ss_sim_equilibrium_at(const ss_world *w, const ss_config *c, long t, ss_eq_workspace *eq,
                          ss_eq_options *opt, ss_eq_result *res, size_t *lost, ss_diag *diag);

/* The current month (0 = baseline). */
long ss_sim_month(const ss_sim *s);

/* Read access to the current month. Arrays are pair-major (n * n * k) or
 * country-major (n * k); see each comment. Values in USD million a month. */
const double *ss_sim_flows(const ss_sim *s); /* true flows by origin, destination */
/* The part of each flow shipped directly, built on first request in a
 * month (not safe to call from two threads at once). */
const double *ss_sim_direct(const ss_sim *s);
/* Recorded exports of i to j and imports of j from i (docs/model.md section 8),
 * built on first request in a month (the step itself does not need them). */
const double *ss_sim_exports(ss_sim *s);
const double *ss_sim_imports(ss_sim *s);
const double *ss_sim_cost(const ss_sim *s);  /* effective link cost C, INFINITY if closed */
const double *ss_sim_price(const ss_sim *s); /* importer's price index P (n * k) */
/* The importer's price index over imports only, origins other than itself
 * (n * k); INFINITY where every foreign origin is closed. */
const double *ss_sim_import_price(const ss_sim *s);
const double *ss_sim_transit(const ss_sim *s);           /* transit volume V (n * k) */
const double *ss_sim_commission_rate(const ss_sim *s);   /* c (n * k) */
const double *ss_sim_commission_income(const ss_sim *s); /* (n * k) */
const double *ss_sim_capacity(const ss_sim *s);          /* Q (n * k) */
const double *ss_sim_reach(const ss_sim *s);             /* share of shippers m reaches (n * k) */
const double *ss_sim_detection(const ss_sim *s);         /* p: combined detection probability (n) */
/* 1 if caught this month by any enforcer (random mode), or the probability
 * of being under secondary sanctions (expected mode) (n). */
const double *ss_sim_caught(const ss_sim *s);

/* Each country's participation in evasion (n): 1 unless it chooses
 * (docs/model.md section 6b). */
const double *ss_sim_participation(const ss_sim *s);
/* How far each country holds corridor r's offer this month (n, in [0, 1]:
 * ss_corridor_held; 1 without a condition). */
const double *ss_sim_corridor_held(const ss_sim *s, size_t r);
/* Production relocation by host and sector (n * k each, docs/model.md
 * section 9), as demand weights in USD million a month at baseline costs:
 * what arrived this month (*now), and all that arrived so far to serve
 * the target's own market (*home) and every other market (*away). */
void ss_sim_relocated(const ss_sim *s, const double **now, const double **home,
                      const double **away);
/* Each exporter's factory price in each sector relative to the baseline
 * (n * k): 1 where its supply is perfectly elastic (docs/model.md,
 * "Supply and factory prices"). */
const double *ss_sim_factory_price(const ss_sim *s);
/* The price each exporter realises on its exports in each sector relative
 * to the baseline (n * k): its factory price, less what the price caps in
 * force take of it (docs/model.md, "Price caps"); built on first request
 * in a month. */
const double *ss_sim_export_price(ss_sim *s);
/* What producers of each country receive in each sector (n * k): buyers'
 * spending on their goods, home and abroad, less the commissions paid to
 * intermediaries; built on first request in a month. */
const double *ss_sim_sales(ss_sim *s);
/* Each country's real income relative to the baseline, 1 = baseline (n):
 * producers' receipts plus commissions earned as an intermediary, over
 * baseline receipts, deflated by the cost of living (docs/model.md, "Who
 * gains and loses"); built on first request in a month. */
const double *ss_sim_real_income(ss_sim *s);

/* Link-months so far whose detours were dropped because their weights
 * were too small to divide by (docs/model.md section 4, "Numerics"), and
 * in *first the first month of one (0 when none). */
size_t ss_sim_routes_lost(const ss_sim *s, long *first);

/* Number of links (i, j, sector) routed through intermediaries this month,
 * and the i-th of them. */
size_t ss_sim_n_rerouted(const ss_sim *s);
void ss_sim_rerouted(const ss_sim *s, size_t idx, size_t *i, size_t *j, size_t *sector);
/* Value of the flow i -> j in sector shipped via m this month (0 when m is
 * not used); the value is what j pays, commission included. */
double ss_sim_via(const ss_sim *s, size_t i, size_t j, size_t sector, size_t m);
/* ss_sim_via of the r-th rerouted link for every m, into out (n values),
 * computed once per link rather than once per country (for writing
 * flows.csv). */
void ss_sim_rerouted_via(const ss_sim *s, size_t r, double *out);
/* The value each intermediary m carried this month in sector q, out[m*k +
 * q], on the rerouted links whose origin or destination is flagged (n
 * flags): ss_sim_rerouted_via of each such link in turn, summed; row is
 * scratch of n values. */
void ss_sim_transit_of(const ss_sim *s, const char *flag, double *row, double *out);

#endif
