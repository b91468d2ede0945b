/* The monthly simulation's demand (sim_internal.h), step 4: the
 * Atkeson-Burstein mark-ups, each importer's CES price indices, and every
 * flow moved part of the way toward its target (the CES target, or the
 * general closure's from sim_equilibrium.c). Allocates nothing. */
#include "demand.h"
#include "sim_internal.h"

#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- step 4: demand and the adjustment of flows ------------------------- */

/* The Atkeson-Burstein mark-up of every foreign supplier relative to its
 * baseline one, from its share of last month's imports of importer j:
 * multiplies the link's cost (docs/model.md, "Mark-ups"). */
static void markups(ss_sim *s, size_t j)
{
    const size_t n = s->n, k = s->k;
    const double kappa = s->c->kappa;
    for (size_t q = 0; q < k; q++)
        s->sold[j * k + q] = s->sold0[j * k + q] = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < k && i != j; q++) {
            s->sold[j * k + q] += s->x[(i * n + j) * k + q];
            s->sold0[j * k + q] += s->w->x0[(i * n + j) * k + q];
        }
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < k && i != j; q++) {
            const size_t idx = (i * n + j) * k + q, jq = j * k + q;
            /* A commodity with an elasticity of its own is priced where
             * sales clear, not by mark-ups on varieties. */
            if (!(s->sold[jq] > 0 && s->sold0[jq] > 0) || commodity_priced(s, q))
                continue;
            const double sigma = sector_sigma(s, q);
            double now = ss_demand_markup(sigma, kappa, s->x[idx] / s->sold[jq]);
            double then = ss_demand_markup(sigma, kappa, s->w->x0[idx] / s->sold0[jq]);
            s->cost[idx] *= now / then;
        }
}
/* Importer j's CES index of every sector over origins in order: sum of
 * w * C^(1-sigma), and for sigma = 1 of w * ln C, over every origin (index,
 * logsum) and over foreign origins only (into the import price index);
 * weight[i*k + q] receives each origin's C^(1-sigma). */
static void cost_index(ss_sim *s, size_t j, double *weight)
{
    const size_t n = s->n, k = s->k;
    double *imp = s->scratch_imp + j * 2 * k, *implog = imp + k;
    for (size_t q = 0; q < k; q++)
        s->index[j * k + q] = s->logsum[j * k + q] = imp[q] = implog[q] = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + j) * k;
        const int foreign = i != j;
        for (size_t q = 0; q < k; q++) {
            const double sigma = sector_sigma(s, q);
            double wq = ss_demand_weight(s->cost[base + q], sigma);
            double term = s->wt[base + q] * wq, logterm = 0;
            weight[i * k + q] = wq;
            s->index[j * k + q] += term;
            if (sigma == 1 && wq > 0)
                s->logsum[j * k + q] += logterm = s->wt[base + q] * log(s->cost[base + q]);
            if (foreign) {
                imp[q] += term;
                implog[q] += logterm;
            }
        }
    }
    for (size_t q = 0; q < k; q++)
        s->imp_price[j * k + q] =
            ss_demand_price(sector_sigma(s, q), s->imp0[j * k + q], imp[q], implog[q]);
}

/* The share of a link's shippers whose route is still open: in the route
 * choice with the lost direct road as the outside option, (d^-theta + S) /
 * (1 + S) = C^-theta for the route part of C (1 on an untouched link, 0 on
 * a closed one). */
static double served(const ss_sim *s, size_t idx)
{
    if (!(s->d[idx] > 1))
        return 1;
    const size_t p = penalised(s, idx);
    const double total = s->pen_route_w[p];
    return total / (1 + total - s->pen_direct[p]);
}

/* stop_at_once: the shippers of a link who lose their route and find no
 * other stop this month, whatever the gradual adjustment says, so the flow
 * falls at least in proportion to the share still served; routes that open
 * are taken up gradually. */
static double stop_at_once(ss_sim *s, size_t idx, double before, double x)
{
    const double now = served(s, idx), then = s->served[idx];
    s->served[idx] = now;
    return now < then ? fmin(x, before * now / then) : x;
}

/* Importer j's month: its price indices, and every flow into it moved
 * toward its target. weight is scratch of n*k. Returns 0, or 1 when some
 * flow into j is not finite and non-negative. */
static int demand_of(ss_sim *s, size_t j, double *weight)
{
    const size_t n = s->n, k = s->k;
    const double adjust = s->c->adjust;
    const int general = s->eq != NULL, supply = supply_on(s);
    cost_index(s, j, weight);
    for (size_t q = j * k; q < (j + 1) * k && !general; q++) {
        s->price[q] = ss_demand_price(sector_sigma(s, q % k), s->e0[q], s->index[q], s->logsum[q]);
        s->ratio[q] = s->index[q] > 0 ? s->e0[q] / s->index[q] : 0;
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + j) * k;
        for (size_t q = 0; q < k; q++) {
            size_t idx = base + q;
            double x = s->x[idx];
            double target =
                general ? s->eq_flows[idx] : s->wt[idx] * weight[i * k + q] * s->ratio[j * k + q];
            if (supply)
                s->target_x[idx] = isfinite(s->cost[idx]) ? target : 0;
            x = isfinite(s->cost[idx]) ? x + adjust * (target - x) : 0;
            if (s->c->stop_at_once)
                x = stop_at_once(s, idx, s->x[idx], x);
            bad |= !(x >= 0 && x < INFINITY);
            s->x[idx] = x;
            s->direct[idx] = x;
        }
    }
    return bad;
}

int sim_demand(ss_sim *s, ss_diag *diag)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    const int general = s->eq != NULL;
    if (s->c->kappa > 0) {
#pragma omp parallel for num_threads(s->threads) if (s->threads > 1)
        for (size_t j = 0; j < n; j++)
            markups(s, j);
    }
    if (supply_on(s))
        sim_factory_costs(s);
    if (general) {
        int rc = sim_equilibrium_targets(s, diag);
        if (rc)
            return rc;
    }
    if (s->c->stop_at_once && !s->served_ready) {
        for (size_t idx = 0; idx < s->len; idx++)
            s->served[idx] = 1;
        s->served_ready = 1;
    }
    /* By importer: every sum runs over origins, inside one importer. */
    int bad = 0;
#pragma omp parallel for reduction(| : bad) num_threads(s->threads) if (s->threads > 1)
    for (size_t j = 0; j < n; j++) {
        int thread = 0;
#ifdef _OPENMP
        thread = omp_get_thread_num();
#endif
        bad |= demand_of(s, j, s->scratch + (size_t)thread * nk);
    }
    for (size_t q = 0; q < nk && !general; q++)
        if (!isfinite(s->price[q]))
            return ss_diag_set(diag, SS_ENUMERIC,
                               "month %ld: the price index of %s in sector %s is infinite: "
                               "every origin, home included, is closed",
                               s->t + 1, s->w->iso3[q / k], s->w->sector[q % k]);
    if (bad) {
        for (size_t idx = 0; idx < s->len; idx++) {
            if (s->x[idx] >= 0 && s->x[idx] < INFINITY)
                continue;
            size_t q = idx % k, j = (idx / k) % n, i = idx / k / n;
            return ss_diag_set(diag, SS_ENUMERIC,
                               "month %ld: the flow %s -> %s in sector %s became %g", s->t + 1,
                               s->w->iso3[i], s->w->iso3[j], s->w->sector[q], s->x[idx]);
        }
    }
    return SS_OK;
}
