/* The monthly simulation's general equilibrium (sim_internal.h): the
 * general closure's targets (the static equilibrium of this month's
 * effective costs), commissions as income of the intermediaries in that
 * equilibrium, and the equilibrium command (ss_sim_equilibrium_at).
 * Allocates nothing beyond the simulation ss_sim_equilibrium_at makes. */
#include "equilibrium.h"
#include "sim_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- the general closure ------------------------------------------------ */

/* Commissions on the routes of flows x (n*n*k): what each country earns as
 * an intermediary (value * c / (1 + c), as in sim_ship()) and what each
 * exporter's sales carry. */
static void commissions_on(ss_sim *s, const double *x, double *earned, double *paid)
{
    const size_t n = s->n, k = s->k;
    memset(earned, 0, n * sizeof *earned);
    memset(paid, 0, n * sizeof *paid);
    ss_route_ctx ctx = route_ctx(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r], idx = s->pen_idx[p];
        const sim_link l = s->pen_at[p];
        const double *detour = detour_of(s, p);
        const double scale = x[idx] * detour_share(s, p);
        for (size_t v = 0; v < s->n_via; v++) {
            const size_t m = s->via[v];
            const double c = s->commission[m * k + l.q];
            const double income =
                ss_route_via_in(&ctx, route_set(s), l.i, l.j, l.q, m, detour, scale) * c / (1 + c);
            earned[m] += income;
            paid[l.i] += income;
        }
    }
}

/* The static equilibrium of this month's costs from weights x0. With
 * commission_income on, commissions are income of the intermediaries (not
 * an iceberg cost): the solve is repeated, warm, with the commissions of
 * the last solution's flows until they settle (they are a small part of
 * incomes, so a few rounds do), but under the conditional balance, whose
 * incomes are fixed and take no commissions. The result's iterations
 * count every round's (a hunt: it gave the last round's, 1). */
enum { MAX_COMMISSION_ROUNDS = 50 };
static int solve_equilibrium(ss_sim *s, ss_eq_workspace *eq, const double *x0, ss_eq_options *opt,
                             ss_eq_result *res, ss_diag *diag)
{
    int rc = ss_eq_solve(eq, x0, s->cost, opt, res, diag);
    rc = rc ? rc : sim_finite_indices(s, res->sector_price_index_change, opt->sigma, -1, diag);
    if (rc || !s->c->commission_income || s->n_re == 0 || opt->balance == SS_EQ_CONDITIONAL)
        return rc;
    long iterations = res->iterations;
    const size_t n = s->n;
    double scale = 0;
    for (size_t i = 0; i < s->len; i++)
        scale += x0[i];
    memset(s->earned, 0, n * sizeof *s->earned);
    memset(s->paid, 0, n * sizeof *s->paid);
    opt->earned = s->earned;
    opt->paid = s->paid;
    for (int round = 0; round < MAX_COMMISSION_ROUNDS; round++) {
        commissions_on(s, res->flows, s->earned_next, s->paid_next);
        double change = 0;
        for (size_t i = 0; i < n; i++) {
            change = fmax(change, fabs(s->earned_next[i] - s->earned[i]));
            change = fmax(change, fabs(s->paid_next[i] - s->paid[i]));
        }
        if (round > 0 && change <= opt->tol * scale) {
            res->iterations = iterations;
            return SS_OK;
        }
        memcpy(s->earned, s->earned_next, n * sizeof *s->earned);
        memcpy(s->paid, s->paid_next, n * sizeof *s->paid);
        opt->warm_start = 1;
        rc = ss_eq_solve(eq, x0, s->cost, opt, res, diag);
        rc = rc ? rc : sim_finite_indices(s, res->sector_price_index_change, opt->sigma, -1, diag);
        if (rc)
            return rc;
        iterations += res->iterations;
    }
    return ss_diag_set(diag, SS_ENOCONV,
                       "the commissions paid to intermediaries did not settle in %d rounds of "
                       "the equilibrium",
                       MAX_COMMISSION_ROUNDS);
}

/* The general closure: this month's targets are the static equilibrium of
 * this month's effective costs, from the current demand weights. */
int sim_equilibrium_targets(ss_sim *s, ss_diag *diag)
{
    ss_eq_options opt;
    ss_eq_options_init(&opt);
    opt.sigma = s->c->sigma;
    opt.balance = s->c->balance;
    opt.warm_start = s->t > 0;
    opt.names = (const char *const *)s->w->iso3;
    opt.sectors = (const char *const *)s->w->sector;
    ss_eq_result res;
    int rc = solve_equilibrium(s, s->eq, s->wt, &opt, &res, diag);
    if (rc) {
        char why[sizeof diag->msg];
        snprintf(why, sizeof why, "%s", diag ? diag->msg : "");
        return ss_diag_set(diag, rc, "month %ld: general closure: %s", s->t + 1, why);
    }
    for (size_t q = 0; q < s->n * s->k; q++)
        s->price[q] = res.sector_price_index_change[q];
    s->eq_flows = res.flows; /* the target flows themselves */
    s->eq_wage = opt.balance == SS_EQ_CONDITIONAL ? res.factory_price_change : NULL;
    s->eq_scale = res.sales_scale;
    return SS_OK;
}

/* ---- the equilibrium command -------------------------------------------- */

int ss_sim_equilibrium_at(const ss_world *w, const ss_config *c, long t, ss_eq_workspace *eq,
                          ss_eq_options *opt, ss_eq_result *res, size_t *lost, ss_diag *diag)
{
    if (t < 0 || t >= c->months)
        return ss_diag_set(diag, SS_EINVAL, "month %ld is outside the run", t);
    /* Enforcement off: a shallow copy of the config without enforcers. */
    ss_config quiet = *c;
    quiet.n_enforcers = 0;
    quiet.enforcer = NULL;
    quiet.closure = SS_PARTIAL;
    ss_sim *s = ss_sim_alloc(w, &quiet);
    if (!s)
        return ss_diag_set(diag, SS_ENOMEM, "out of memory");
    int rc = SS_OK;
    if (t > 0) {
        sim_timeline(s, t);
        sim_set_fees(s); /* commissions at their base values, as at month 0 */
        rc = sim_route_costs(s, diag);
    }
    rc = rc ? rc : solve_equilibrium(s, eq, w->x0, opt, res, diag);
    if (lost)
        *lost = s->routes_lost;
    ss_sim_free(s);
    return rc;
}
