/* The monthly simulation's demand (sim_internal.h), step 4: the
 * Atkeson-Burstein mark-ups, each importer's CES price indices, and every
 * flow moved part of the way toward its target (the CES target, or the
 * general closure's from sim_equilibrium.c). Allocates nothing. */
#include "demand.h"
#include "sim_internal.h"
#include "simd.h"

#include <math.h>
#include <string.h>

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

/* The mark-ups of importer j's column (rows (i, j) of k sectors, i != j):
 * cost[q] *= the mark-up at share x[q] / sold[q] relative to the baseline
 * one m0[q] where on[q] is not 0 (times exactly 1 elsewhere, whatever the
 * discarded ratio). Four sectors at a time with the vector extension
 * (simd.h), lane by lane the scalar operations of ss_demand_elasticity and
 * ss_demand_markup_at, the selects by bits: no branch, and the same bits
 * as the scalar loop that takes the rest of each row. */
SS_CLONES static void markup_column(size_t n, size_t j, size_t k, double sigma, double kappa,
                                    const double *x_all, const double *sold, const double *m0_all,
                                    const double *on, double *cost_all)
{
    const double slope = kappa * (sigma - 1);
    for (size_t i = 0; i < n; i++) {
        if (i == j)
            continue;
        const size_t base = (i * n + j) * k;
        const double *x = x_all + base, *m0 = m0_all + base;
        double *cost = cost_all + base;
        size_t q = 0;
        for (; q + 4 <= k; q += 4) {
            ss_v4 xv, sv, mv, ov, cv;
            memcpy(&xv, x + q, sizeof xv);
            memcpy(&sv, sold + q, sizeof sv);
            memcpy(&mv, m0 + q, sizeof mv);
            memcpy(&ov, on + q, sizeof ov);
            memcpy(&cv, cost + q, sizeof cv);
            ss_v4 e = SS_SPLAT(sigma) - SS_SPLAT(slope) * (xv / sv);
            e = SS_PICK((ss_u4)(e < SS_SPLAT(SS_DEMAND_MIN_ELASTICITY)),
                        SS_SPLAT(SS_DEMAND_MIN_ELASTICITY), e);
            const ss_v4 ratio = e / (e - SS_SPLAT(1)) / mv;
            cv *= SS_PICK((ss_u4)(ov != SS_SPLAT(0)), ratio, SS_SPLAT(1));
            memcpy(cost + q, &cv, sizeof cv);
        }
        for (; q < k; q++) {
            const double ratio =
                ss_demand_markup_at(ss_demand_elasticity(sigma, kappa, x[q] / sold[q])) / m0[q];
            cost[q] *= on[q] != 0 ? ratio : 1;
        }
    }
}

/* The Atkeson-Burstein mark-up of every foreign supplier relative to its
 * baseline one, from its share of last month's imports of importer j:
 * multiplies the link's cost (docs/model.md, "Mark-ups"), in the sectors
 * whose market is priced. A market whose flows are all still the
 * baseline's has its baseline shares, a ratio of exactly 1, and is skipped.
 * on is scratch of k. */
static void markups(ss_sim *s, size_t j, double *on)
{
    const size_t k = s->k;
    sales(s, j);
    size_t open = 0;
    for (size_t q = 0; q < k; q++) {
        on[q] = priced(s, j, q);
        open += on[q] != 0;
    }
    if (open)
        markup_column(s->n, j, k, s->c->sigma, s->c->kappa, s->x, s->sold + j * k, s->markup0, on,
                      s->cost);
}

/* 1 when some sector's sigma is 1 (Cobb-Douglas: logs to sum too). */
static int unit_sigma(const ss_sim *s)
{
    for (size_t q = 0; q < s->k; q++)
        if (sector_sigma(s, q) == 1)
            return 1;
    return 0;
}

/* Importer j's weights weight[i*k + q] = ss_demand_weight_expo(cost of (i, j,
 * q), expo[q]): four sectors at a time, their closed links and exact ones
 * found by masks, and libm's pow only in the groups of four that hold a
 * moved cost; the rest of each row one by one. */
SS_CLONES static void weight_column(size_t n, size_t j, size_t k, const double *cost_all,
                                    const double *expo, double *weight)
{
    for (size_t i = 0; i < n; i++) {
        const double *cost = cost_all + (i * n + j) * k;
        double *w = weight + i * k;
        size_t q = 0;
        for (; q + 4 <= k; q += 4) {
            ss_v4 c, e;
            memcpy(&c, cost + q, sizeof c);
            memcpy(&e, expo + q, sizeof e);
            const ss_u4 open = (ss_u4)(c > SS_SPLAT(-INFINITY)) & (ss_u4)(c < SS_SPLAT(INFINITY));
            const ss_u4 power = open & ~((ss_u4)(e == SS_SPLAT(0)) | (ss_u4)(c == SS_SPLAT(1)));
            const ss_v4 out = SS_PICK(open, SS_SPLAT(1), SS_SPLAT(0));
            memcpy(w + q, &out, sizeof out);
            if ((power[0] | power[1] | power[2] | power[3]) != 0)
                for (size_t l = q; l < q + 4; l++)
                    w[l] = ss_demand_weight_expo(cost[l], expo[l]);
        }
        for (; q < k; q++)
            w[q] = ss_demand_weight_expo(cost[q], expo[q]);
    }
}

/* Every origin's C^(1-sigma) into importer j, weight[i*k + q]
 * (ss_demand_weight_expo); when mark-ups are on, from ss_vpow over the whole
 * column at once, its costs gathered into tmp (n*k). */
static void column_weights(const ss_sim *s, size_t j, double *weight, double *tmp)
{
    const size_t n = s->n, k = s->k;
    if (s->c->kappa > 0) {
        for (size_t i = 0; i < n; i++)
            memcpy(tmp + i * k, s->cost + (i * n + j) * k, k * sizeof *tmp);
        ss_demand_weights_vpow(n * k, tmp, s->expo, weight);
        return;
    }
    /* expo's first k entries are the sectors' 1 - sigma. */
    weight_column(n, j, k, s->cost, s->expo, weight);
}

/* Origin i's terms of importer j's sums, one sector at a time, with the
 * logs of sigma = 1 (see cost_index); wrow is the origin's weights. */
static void index_terms(ss_sim *s, size_t i, size_t j, const double *wrow, double *imp,
                        double *implog)
{
    const size_t k = s->k, base = (i * s->n + j) * k;
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

/* The same without logs for every origin in order, in loops of
 * independent sectors that the compiler vectorises (each sum takes the same
 * terms in the same order; implog would only add +0). */
SS_CLONES static void index_column(size_t n, size_t j, size_t k, const double *wt_all,
                                   const double *weight, double *index, double *imp)
{
    for (size_t i = 0; i < n; i++) {
        const double *wt = wt_all + (i * n + j) * k, *wrow = weight + i * k;
#pragma omp simd
        for (size_t q = 0; q < k; q++)
            index[q] += wt[q] * wrow[q];
        if (i == j)
            continue;
#pragma omp simd
        for (size_t q = 0; q < k; q++)
            imp[q] += wt[q] * wrow[q];
    }
}

/* Importer j's CES index of every sector over origins in order: sum of
 * w * C^(1-sigma), and for sigma = 1 of w * ln C, over every origin (index,
 * logsum) and over foreign origins only (into the import price index);
 * weight[i*k + q] receives each origin's C^(1-sigma). tmp is scratch of
 * n*k. */
static void cost_index(ss_sim *s, size_t j, double *weight, double *tmp)
{
    const size_t n = s->n, k = s->k;
    double *imp = s->scratch_imp + j * 2 * k, *implog = imp + k;
    for (size_t q = 0; q < k; q++)
        s->index[j * k + q] = s->logsum[j * k + q] = imp[q] = implog[q] = 0;
    const int logs = unit_sigma(s);
    column_weights(s, j, weight, tmp);
    if (logs)
        for (size_t i = 0; i < n; i++)
            index_terms(s, i, j, weight + i * k, imp, implog);
    else
        index_column(n, j, k, s->wt, weight, s->index + j * k, imp);
    for (size_t q = 0; q < k; q++)
        s->imp_price[j * k + q] =
            ss_demand_price(sector_sigma(s, q), s->imp0[j * k + q], imp[q], implog[q]);
}

/* The share of a penalised link's shippers whose route is still open: in
 * the route choice with the lost direct road as the outside option,
 * (d^-theta + S) / (1 + S) = C^-theta for the route part of C (0 on a
 * closed link; 1 on an untouched one, which is never penalised). p is the
 * link's place in the penalised list. */
static double served(const ss_sim *s, size_t p)
{
    const double total = s->pen_route_w[p];
    return total / (1 + total - s->pen_direct[p]);
}

/* stop_at_once: the shippers of penalised link p who lose their route and
 * find no other stop this month, whatever the gradual adjustment says, so
 * the flow falls at least in proportion to the share still served; routes
 * that open are taken up gradually (and a link that is no longer penalised
 * is served whole, so its flow only adjusts). before is the flow before
 * this month's adjustment, x after it. */
static double stop_at_once(ss_sim *s, size_t p, double before, double x)
{
    const double now = served(s, p), then = s->pen_served[p];
    s->pen_served[p] = now;
    return now < then ? fmin(x, before * now / then) : x;
}

/* Every flow into importer j moved part of the way toward its target
 * (row i's targets at target + i * stride); a closed link's flow (and
 * target, kept in target_x when supply curves need it) is 0. Four sectors
 * at a time with the vector extension, lane by lane the scalar operations
 * and selects by bits (no branch on which links are closed), then the rest
 * of each row one by one. Returns 1 when some flow is not finite and
 * non-negative. */
SS_CLONES static int adjust_column(size_t n, size_t j, size_t k, double adjust,
                                   const double *target_all, size_t stride, const double *cost_all,
                                   double *x_all, double *target_x_all)
{
    ss_u4 bad4 = {0, 0, 0, 0};
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + j) * k;
        const double *target = target_all + i * stride, *cost = cost_all + base;
        double *x = x_all + base, *target_x = target_x_all ? target_x_all + base : NULL;
        size_t q = 0;
        for (; q + 4 <= k; q += 4) {
            ss_v4 tv, cv, xv;
            memcpy(&tv, target + q, sizeof tv);
            memcpy(&cv, cost + q, sizeof cv);
            memcpy(&xv, x + q, sizeof xv);
            const ss_u4 open = (ss_u4)(cv > SS_SPLAT(-INFINITY)) & (ss_u4)(cv < SS_SPLAT(INFINITY));
            if (target_x) {
                const ss_v4 kept = SS_PICK(open, tv, SS_SPLAT(0));
                memcpy(target_x + q, &kept, sizeof kept);
            }
            xv = SS_PICK(open, xv + SS_SPLAT(adjust) * (tv - xv), SS_SPLAT(0));
            bad4 |= ~((ss_u4)(xv >= SS_SPLAT(0)) & (ss_u4)(xv < SS_SPLAT(INFINITY)));
            memcpy(x + q, &xv, sizeof xv);
        }
        for (; q < k; q++) {
            if (target_x)
                target_x[q] = isfinite(cost[q]) ? target[q] : 0;
            const double v = isfinite(cost[q]) ? x[q] + adjust * (target[q] - x[q]) : 0;
            bad |= !(v >= 0 && v < INFINITY);
            x[q] = v;
        }
    }
    return bad || (bad4[0] | bad4[1] | bad4[2] | bad4[3]) != 0;
}

/* Importer j's CES targets, target[i*k + q] = w * C^(1-sigma) * E / index
 * (the baseline weight, the origin's weight and the sector's ratio). */
SS_CLONES static void target_column(size_t n, size_t j, size_t k, const double *wt_all,
                                    const double *weight, const double *ratio, double *target)
{
    for (size_t i = 0; i < n; i++) {
        const double *restrict wt = wt_all + (i * n + j) * k, *restrict w = weight + i * k;
        double *restrict out = target + i * k;
#pragma omp simd
        for (size_t q = 0; q < k; q++)
            out[q] = wt[q] * w[q] * ratio[q];
    }
}

/* Importer j's month: its price indices, and every flow into it moved
 * toward its target: the CES one, w * C^(1-sigma) * E / index, or the
 * general closure's. scratch is thread_scratch's. Returns 0, or 1 when
 * some flow into j is not finite and non-negative. */
static int demand_of(ss_sim *s, size_t j, double *scratch)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    const int general = s->eq != NULL;
    double *weight = scratch, *target = scratch + nk;
    cost_index(s, j, weight, target);
    for (size_t q = j * k; q < (j + 1) * k && !general; q++) {
        s->price[q] = ss_demand_price(sector_sigma(s, q % k), s->e0[q], s->index[q], s->logsum[q]);
        s->ratio[q] = s->index[q] > 0 ? s->e0[q] / s->index[q] : 0;
    }
    if (!general)
        target_column(n, j, k, s->wt, weight, s->ratio + j * k, target);
    /* j's penalised links, and with stop_at_once their flows before the
     * adjustment (in weight, no longer needed). */
    const size_t *pen = s->pen_by_j + s->pen_j_start[j];
    const size_t n_pen = s->c->stop_at_once ? s->pen_j_start[j + 1] - s->pen_j_start[j] : 0;
    for (size_t u = 0; u < n_pen; u++)
        weight[u] = s->x[s->pen_idx[pen[u]]];
    int bad = adjust_column(n, j, k, s->c->adjust, general ? s->eq_flows + j * k : target,
                            general ? nk : k, s->cost, s->x, supply_on(s) ? s->target_x : NULL);
    for (size_t u = 0; u < n_pen; u++) {
        const size_t idx = s->pen_idx[pen[u]];
        s->x[idx] = stop_at_once(s, pen[u], weight[u], s->x[idx]);
    }
    return bad;
}

/* What stop_at_once needs before the month's demand: each penalised link's
 * share served last month (1 unless it was penalised then: a merge of two
 * lists in increasing index), and each importer's penalised links
 * (pen_by_j): a counting sort of the penalised list by importer, which
 * keeps each importer's in increasing index. pen_j_start[j] serves as j's
 * cursor while filling, and ends at j + 1's start, so the starts then shift
 * by one place. */
static void stops_before(ss_sim *s)
{
    const size_t n = s->n;
    for (size_t p = 0, w = 0; p < s->n_pen; p++) {
        while (w < s->n_was && s->was_idx[w] < s->pen_idx[p])
            w++;
        s->pen_served[p] = w < s->n_was && s->was_idx[w] == s->pen_idx[p] ? s->was_served[w] : 1;
    }
    size_t *start = s->pen_j_start;
    memset(start, 0, (n + 1) * sizeof *start);
    for (size_t p = 0; p < s->n_pen; p++)
        start[s->pen_at[p].j + 1]++;
    for (size_t j = 0; j < n; j++)
        start[j + 1] += start[j];
    for (size_t p = 0; p < s->n_pen; p++)
        s->pen_by_j[start[s->pen_at[p].j]++] = p;
    for (size_t j = n; j > 0; j--)
        start[j] = start[j - 1];
    start[0] = 0;
}

/* And after it: this month's penalised links become last month's. */
static void stops_after(ss_sim *s)
{
    memcpy(s->was_idx, s->pen_idx, s->n_pen * sizeof *s->was_idx);
    memcpy(s->was_served, s->pen_served, s->n_pen * sizeof *s->was_served);
    s->n_was = s->n_pen;
}

int sim_demand(ss_sim *s, ss_diag *diag)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    const int general = s->eq != NULL, markup = s->c->kappa > 0;
    if (markup)
        baseline_markups(s);
    for (size_t q = 0; q < nk; q++)
        s->expo[q] = 1 - sector_sigma(s, q % k);
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
    if (s->c->stop_at_once)
        stops_before(s);
    /* By importer: every sum runs over origins, inside one importer. */
    int bad = 0;
#pragma omp parallel for reduction(| : bad) num_threads(s->threads) if (s->threads > 1)
    for (size_t j = 0; j < n; j++) {
        double *scratch = thread_scratch(s);
        if (markup && !general)
            markups(s, j, scratch);
        bad |= demand_of(s, j, scratch);
    }
    if (s->c->stop_at_once)
        stops_after(s);
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
