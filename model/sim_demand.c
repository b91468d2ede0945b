/* The monthly simulation's demand (sim_internal.h), step 4: the
 * Atkeson-Burstein mark-ups, each importer's CES price indices, and every
 * flow moved part of the way toward its target (the CES target, or the
 * general closure's from sim_equilibrium.c). Allocates nothing. */
#include "demand.h"
#include "sim_internal.h"

#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- step 4: demand and the adjustment of flows ------------------------- */

/* Each foreign link's baseline Atkeson-Burstein mark-up, from its share of
 * its market's baseline imports (summed in the order markups() sums this
 * month's; 1 in a market with no baseline imports, where it is never
 * used), for the sigma and kappa in force; built once, and again only when
 * a dated change sets either. */
static void baseline_markups(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double sigma = s->c->sigma, kappa = s->c->kappa;
    if (sigma == s->markup0_sigma && kappa == s->markup0_kappa)
        return;
    const double *x0 = s->w->x0;
#pragma omp parallel for num_threads(s->threads) if (s->threads > 1)
    for (size_t j = 0; j < n; j++) {
        double *sold0 = s->sold0 + j * k;
        for (size_t q = 0; q < k; q++)
            sold0[q] = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < k && i != j; q++)
                sold0[q] += x0[(i * n + j) * k + q];
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < k && i != j; q++) {
                const size_t idx = (i * n + j) * k + q;
                s->markup0[idx] =
                    sold0[q] > 0 ? ss_demand_markup(sigma, kappa, x0[idx] / sold0[q]) : 1;
            }
    }
    s->markup0_sigma = sigma;
    s->markup0_kappa = kappa;
}

/* Foreign suppliers' sales to importer j last month, by sector, and which
 * of its markets have left the baseline (sticky: once a market has moved,
 * its ratios are computed every month, and they are exactly 1 whenever its
 * shares are the baseline's again). */
static void sales(ss_sim *s, size_t j)
{
    const size_t n = s->n, k = s->k;
    double *sold = s->sold + j * k;
    unsigned char *moved = s->moved + j * k;
    int settled = 1;
    for (size_t q = 0; q < k; q++) {
        sold[q] = 0;
        settled &= moved[q];
    }
    for (size_t i = 0; i < n; i++) {
        if (i == j)
            continue;
        const double *x = s->x + (i * n + j) * k, *x0 = s->w->x0 + (i * n + j) * k;
#pragma omp simd
        for (size_t q = 0; q < k; q++)
            sold[q] += x[q];
        for (size_t q = 0; q < k && !settled; q++)
            moved[q] |= x[q] != x0[q];
    }
}

/* Whether the mark-ups of importer j's market in sector q are priced this
 * month: it has moved, and it has foreign sales now and at the baseline. A
 * commodity with an elasticity of its own is priced where sales clear, not
 * by mark-ups on varieties (so the cache of baseline mark-ups, made with
 * sigma, is never read for it). */
static int priced(const ss_sim *s, size_t j, size_t q)
{
    const size_t jq = j * s->k + q;
    return s->moved[jq] && s->sold[jq] > 0 && s->sold0[jq] > 0 && !commodity_priced(s, q);
}

/* The Atkeson-Burstein mark-up of every foreign supplier relative to its
 * baseline one, from its share of last month's imports of importer j:
 * multiplies the link's cost (docs/model.md, "Mark-ups"). A market whose
 * flows are all still the baseline's has its baseline shares, a ratio of
 * exactly 1, and is skipped. When every sector of j is priced, each row
 * goes through two branch-free loops that the compiler vectorises (the
 * same operations as the scalar ones, lane by lane); e is scratch of k. */
static void markups(ss_sim *s, size_t j, double *e)
{
    const size_t n = s->n, k = s->k;
    const double sigma = s->c->sigma, kappa = s->c->kappa;
    const double *sold = s->sold + j * k;
    sales(s, j);
    size_t open = 0;
    for (size_t q = 0; q < k; q++)
        open += (size_t)priced(s, j, q);
    for (size_t i = 0; i < n && open; i++) {
        if (i == j)
            continue;
        const size_t base = (i * n + j) * k;
        const double *x = s->x + base, *m0 = s->markup0 + base;
        double *cost = s->cost + base;
        if (open < k) {
            for (size_t q = 0; q < k; q++)
                if (priced(s, j, q))
                    cost[q] *= ss_demand_markup(sigma, kappa, x[q] / sold[q]) / m0[q];
            continue;
        }
#pragma omp simd
        for (size_t q = 0; q < k; q++)
            e[q] = ss_demand_elasticity(sigma, kappa, x[q] / sold[q]);
#pragma omp simd
        for (size_t q = 0; q < k; q++)
            cost[q] *= ss_demand_markup_at(e[q]) / m0[q];
    }
}
/* 1 when some sector's sigma is 1 (Cobb-Douglas: logs to sum too). */
static int unit_sigma(const ss_sim *s)
{
    for (size_t q = 0; q < s->k; q++)
        if (sector_sigma(s, q) == 1)
            return 1;
    return 0;
}

/* C^(1-sigma) of one origin's row of k costs (ss_demand_weight), from
 * ss_vpow when mark-ups are on. */
static void weight_row(const ss_sim *s, const double *cost, double *wrow)
{
    if (s->c->kappa > 0) {
        ss_demand_weights_vpow(s->k, cost, s->expo, wrow);
        return;
    }
    for (size_t q = 0; q < s->k; q++)
        wrow[q] = ss_demand_weight(cost[q], sector_sigma(s, q));
}

/* Origin i's terms of importer j's sums, one sector at a time, with the
 * logs of sigma = 1 (see cost_index). */
static void index_terms(ss_sim *s, size_t i, size_t j, double *wrow, double *imp, double *implog)
{
    const size_t k = s->k, base = (i * s->n + j) * k;
    weight_row(s, s->cost + base, wrow);
    for (size_t q = 0; q < k; q++) {
        const double sigma = sector_sigma(s, q);
        double wq = wrow[q];
        double term = s->wt[base + q] * wq, logterm = 0;
        s->index[j * k + q] += term;
        if (sigma == 1 && wq > 0)
            s->logsum[j * k + q] += logterm = s->wt[base + q] * log(s->cost[base + q]);
        if (i != j) {
            imp[q] += term;
            implog[q] += logterm;
        }
    }
}

/* The same without logs: the weights first, then the sums in a loop of
 * independent sectors that the compiler vectorises (each sum takes the
 * same terms in the same order; implog would only add +0). */
static void index_terms_fast(ss_sim *s, size_t i, size_t j, double *wrow, double *imp)
{
    const size_t k = s->k, base = (i * s->n + j) * k;
    const double *cost = s->cost + base, *wt = s->wt + base;
    double *index = s->index + j * k;
    weight_row(s, cost, wrow);
#pragma omp simd
    for (size_t q = 0; q < k; q++)
        index[q] += wt[q] * wrow[q];
    if (i == j)
        return;
#pragma omp simd
    for (size_t q = 0; q < k; q++)
        imp[q] += wt[q] * wrow[q];
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
    const int logs = unit_sigma(s);
    for (size_t i = 0; i < n; i++) {
        if (logs)
            index_terms(s, i, j, weight + i * k, imp, implog);
        else
            index_terms_fast(s, i, j, weight + i * k, imp);
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
    if (!s->pen_mark[idx]) /* d > 1 */
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

/* One row of k flows moved toward their CES targets, w * C^(1-sigma) *
 * E / index, in the partial closure with neither supply curves nor
 * stop_at_once: the operations of demand_of's general loop, in a loop of
 * independent sectors that the compiler vectorises. Returns 1 when some
 * flow is not finite and non-negative. */
static int adjust_row(size_t k, double adjust, const double *wt, const double *weight,
                      const double *ratio, const double *cost, double *x)
{
    int bad = 0;
#pragma omp simd reduction(| : bad)
    for (size_t q = 0; q < k; q++) {
        const double target = wt[q] * weight[q] * ratio[q];
        const double v = isfinite(cost[q]) ? x[q] + adjust * (target - x[q]) : 0;
        bad |= !(v >= 0 && v < INFINITY);
        x[q] = v;
    }
    return bad;
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
    const int plain = !general && !supply && !s->c->stop_at_once;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + j) * k;
        if (plain) {
            bad |= adjust_row(k, adjust, s->wt + base, weight + i * k, s->ratio + j * k,
                              s->cost + base, s->x + base);
            continue;
        }
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
        }
    }
    return bad;
}

/* The calling thread's scratch row of n*k. */
static double *thread_scratch(ss_sim *s)
{
    size_t thread = 0;
#ifdef _OPENMP
    thread = (size_t)omp_get_thread_num();
#endif
    return s->scratch + thread * s->n * s->k;
}

int sim_demand(ss_sim *s, ss_diag *diag)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    const int general = s->eq != NULL, markup = s->c->kappa > 0;
    if (markup)
        baseline_markups(s);
    for (size_t q = 0; q < k; q++)
        s->expo[q] = 1 - sector_sigma(s, q);
    /* The general closure needs every market's costs before its targets;
     * the partial one applies each importer's mark-ups with its demand. */
    if (markup && general) {
#pragma omp parallel for num_threads(s->threads) if (s->threads > 1)
        for (size_t j = 0; j < n; j++)
            markups(s, j, thread_scratch(s));
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
    if (s->c->stop_at_once) {
        memset(s->pen_mark, 0, s->len);
        for (size_t p = 0; p < s->n_pen; p++)
            s->pen_mark[s->pen_idx[p]] = 1;
    }
    /* By importer: every sum runs over origins, inside one importer. */
    int bad = 0;
#pragma omp parallel for reduction(| : bad) num_threads(s->threads) if (s->threads > 1)
    for (size_t j = 0; j < n; j++) {
        double *scratch = thread_scratch(s);
        if (markup && !general)
            markups(s, j, scratch);
        bad |= demand_of(s, j, scratch);
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
