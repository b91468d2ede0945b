/* The static general equilibrium of a change in link costs, solved in
 * changes ("exact hat algebra") relative to the baseline flows.
 *
 * Model: multi-sector Armington with CES elasticity sigma across origins
 * (trade elasticity theta = sigma - 1), one factor per country whose price
 * w_i is common to all sectors of i, Cobb-Douglas upper tier (sector shares
 * of each country's expenditure fixed at their baseline values). Income of i
 * is the value of its sales, Y_i = sum_j,s X_ij^s; expenditure E_j = Y_j + D_j.
 * With one sector this is exactly the one-sector model of the structural
 * gravity packages (GEGravity, gegravity); model/EQUILIBRIUM.md derives it
 * and documents the normalisation, the stopping rule and the solver.
 *
 * Invariants of a successful solve: every counterfactual flow is finite and
 * non-negative, a closed link (chat = INFINITY) carries nothing, a link with
 * no baseline flow carries nothing, and with no cost change the result is
 * exactly the baseline (every change is 1). */
#ifndef SS_EQUILIBRIUM_H
#define SS_EQUILIBRIUM_H

#include "status.h"

#include <stddef.h>

/* How expenditure follows income. */
enum ss_eq_balance {
    /* Deficits fixed in levels: E'_j = w_j Y_j + D_j, in units of the
     * numeraire (world factor income is fixed). The ge_gravity default. */
    SS_EQ_ADDITIVE = 0,
    /* Deficits fixed as a share of income: E'_j = w_j E_j. Real results do
     * not depend on the numeraire. Because the deficits then no longer sum
     * to zero, every exporter's sales are scaled by one common factor (the
     * result's sales_scale), as in GEGravity's and gegravity's models. */
    SS_EQ_MULTIPLICATIVE,
    /* Conditional general equilibrium (Yotov et al. 2016): each country's
     * sales and expenditure stay at their baseline values and only relative
     * prices (multilateral resistances) adjust; w is then the factory price
     * implied by the outward resistance change. Not a full equilibrium;
     * offered because packages report it, and gegravity's results are this
     * plus one update of incomes (EQUILIBRIUM.md). */
    SS_EQ_CONDITIONAL
};

typedef struct ss_eq_options {
    double sigma;             /* CES elasticity across origins, > 1 (default: the
                                 model's, ss_config_default.sigma) */
    int balance;              /* enum ss_eq_balance (default: the model's,
                                 ss_config_default.balance) */
    double tol;               /* stop when the largest change in log flows between
                                 two iterates is at most tol (default 1e-10) */
    long max_iter;            /* iteration cap (default 1000) */
    int warm_start;           /* 1: start from the workspace's last solution (a
                                 monthly run whose costs change little); 0: from
                                 the baseline */
    const char *const *names; /* n country codes used in messages, or NULL */
    const char *const *sectors; /* k sector names used in messages, or NULL */
    /* Commissions as income (n each, units of x0, or NULL for none): what
     * each country earns as an intermediary, added to its expenditure, and
     * what each exporter's sales carry in commissions, which its factor
     * income does not receive. Held fixed during a solve (the caller
     * iterates them to their consistent values: ss_sim_equilibrium); not
     * used under the conditional closure, whose incomes are fixed. */
    const double *earned, *paid;
} ss_eq_options;

/* Results of the last successful solve (filled only when it returns SS_OK).
 * Arrays belong to the workspace and stay valid until its next solve or its
 * free. Changes are ratios
 * counterfactual / baseline (1 = unchanged) in the normalisation of
 * EQUILIBRIUM.md (world factor income fixed); welfare is normalisation-free.
 * Per-country arrays have n entries, per-sector ones are country-major (n*k),
 * flows are pair-major (n*n*k) like the baseline. */
typedef struct ss_eq_result {
    size_t n, k;
    const double *factory_price_change; /* w_i */
    const double *income_change;        /* factor income w_i Y_i / Y_i (1 under conditional) */
    const double *expenditure_change;   /* E'_j / E_j; sector expenditure is E0[j][s] times it */
    const double *price_index_change;   /* Cobb-Douglas aggregate of the sector indices */
    const double *sector_price_index_change; /* n*k; 1 where j bought nothing in s */
    const double *welfare_change;            /* real expenditure: (E'/E) / price index change;
                                                conditional closure: w / price index change */
    const double *exports_change; /* foreign sales, all sectors (1 if none at baseline) */
    const double *imports_change; /* foreign purchases, all sectors (1 if none) */
    const double *flows;          /* counterfactual flows X'[(i*n+j)*k+s] */
    double sales_scale;           /* common factor on sales under multiplicative balance, else 1 */
    long iterations;              /* evaluations of the fixed-point map */
    double tolerance;             /* achieved bound on the largest change in log flows */
} ss_eq_result;

typedef struct ss_eq_workspace ss_eq_workspace;

/* Fills o with the defaults documented above. */
void ss_eq_options_init(ss_eq_options *o);

/* A workspace for worlds of n countries and k sectors. Everything a solve
 * needs is allocated here; ss_eq_solve allocates nothing. NULL when memory
 * runs out or n or k is 0. */
ss_eq_workspace *ss_eq_alloc(size_t n, size_t k);
void ss_eq_free(ss_eq_workspace *w);

/* Solves for the equilibrium after link costs change by chat (n*n*k,
 * pair-major: the proportional change of the effective link cost, 1 =
 * unchanged, INFINITY = closed; NULL = nothing changes) from the baseline
 * flows x0 (n*n*k, any time unit: results are ratios). opt NULL means the
 * defaults. res (may be NULL) receives the results.
 * Fails with SS_EINVAL for bad inputs (a negative or non-finite flow, a cost
 * change that is not positive, sigma <= 1, an importer cut off from every
 * supplier of a sector it buys, an exporter cut off from every buyer),
 * SS_ENUMERIC when there is no equilibrium (under the additive balance a
 * fixed surplus that can no longer be earned with positive spending left, or
 * a price that runs away), SS_ENOCONV when the iteration cap is reached;
 * diag then says which and why, naming countries by opt->names. */
int ss_eq_solve(ss_eq_workspace *w, const double *x0, const double *chat, const ss_eq_options *opt,
                ss_eq_result *res, ss_diag *diag);

/* A reproducible synthetic world for benchmarks and tests: n countries,
 * k sectors, gravity-like baseline flows with home bias and trade
 * imbalances in x0 (n*n*k), and a sanctions-like shock in chat (n*n*k): a
 * coalition closes some links to one target and raises costs on others,
 * plus small random cost changes elsewhere. Same seed, same world.
 * SS_EINVAL if n < 3 or k == 0. */
int ss_eq_synthetic(size_t n, size_t k, unsigned long seed, double *x0, double *chat);

#endif
