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

/* The elasticity sector q's mark-ups are taken at: the nest's that its
 * foreign suppliers compete in, import_sigma in a nested sector, else sigma
 * (also in a commodity with an elasticity of its own, which takes none
 * unless a dated change sets commodity_sigma to 0). */
static double markup_sigma(const ss_sim *s, size_t q)
{
    return nested(s, q) ? foreign_sigma(s) : s->c->sigma;
}

/* Each foreign link's baseline Atkeson-Burstein mark-up, from its share of
 * its market's baseline imports (summed in the order markups() sums this
 * month's; 1 in a market with no baseline imports, where it is never
 * used), for the elasticities and kappa in force; built once, and again
 * only when a dated change sets one of them. */
static void baseline_markups_of(ss_sim *s, size_t j, double *scratch, void *ctx)
{
    (void)scratch;
    (void)ctx;
    const size_t n = s->n, k = s->k;
    const double kappa = s->c->kappa, *x0 = s->w->x0;
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
                sold0[q] > 0 ? ss_demand_markup(markup_sigma(s, q), kappa, x0[idx] / sold0[q]) : 1;
        }
}

static void baseline_markups(ss_sim *s)
{
    const double key[4] = {s->c->sigma, foreign_sigma(s), s->c->commodity_sigma, s->c->kappa};
    if (memcmp(key, s->markup0_key, sizeof key) == 0)
        return;
    sim_for(s, s->n, 0, baseline_markups_of, NULL); /* importer by importer */
    memcpy(s->markup0_key, key, sizeof key);
}

/* Importers are taken a block at a time, j0 <= j < j1 (`block` of them,
 * sim_internal.h): row i's links into the block, (i, j0) to (i, j1 - 1) of
 * k sectors each, are w = (j1 - j0) k contiguous values, lane u for
 * importer j0 + u / k and sector u % k. So the loops below run over w
 * lanes, four at a time, even with fewer than four sectors. Each lane does
 * the operations of its own importer's market, and each sum takes its
 * origins in the same order, so the results do not depend on the block.
 * Row i's home lanes (i's own sectors, when i is in the block) are left
 * out where only foreign origins count: those loops run over the lanes
 * before them and the lanes after them.
 *
 * The loops read row i's lanes, then row i + 1's, n k doubles further on:
 * strides across pages, in which the hardware sees no pattern. So where
 * the n x n x k arrays outgrow the cache (AHEAD_BYTES), `ahead` is AHEAD,
 * and each pass asks for the lanes of row i + ahead while it reads row
 * i's (ask_row): the 200 x 50 bench world's steady step 9 to 11 % shorter,
 * with the mark-ups 8 to 10 %. In smaller arrays it is 0, and nothing is
 * asked. */
typedef struct importers {
    size_t j0, j1, w, ahead;
} importers;

enum { AHEAD = 4 };
#define AHEAD_BYTES (4u << 20)

/* Asks for row i + b.ahead's lanes of an n x n x k array. */
static inline __attribute__((always_inline)) void ask_row(const double *all, size_t n, size_t k,
                                                          size_t i, importers b)
{
    if (b.ahead && i + b.ahead < n)
        sim_ask(all + ((i + b.ahead) * n + b.j0) * k, b.w * sizeof *all);
}

/* Row i's lanes before its home lanes, [0, cut[0]), and after them,
 * [cut[1], w); both w when i is not in the block. */
static inline void foreign_lanes(importers b, size_t i, size_t k, size_t cut[2])
{
    cut[0] = cut[1] = b.w;
    if (i >= b.j0 && i < b.j1) {
        cut[0] = (i - b.j0) * k;
        cut[1] = cut[0] + k;
    }
}

/* Lanes [from, to) of one origin's sales: added to sold, and marked in
 * moved where they left the baseline (unless every market has moved);
 * four at a time with the vector extension, lane by lane the scalar
 * sums. */
static inline __attribute__((always_inline)) void sold_lanes(size_t from, size_t to,
                                                             const double *x, const double *x0,
                                                             int settled, double *sold,
                                                             unsigned char *moved)
{
    size_t u = from;
    for (; u + 4 <= to; u += 4) {
        ss_v4 xv, sv, x0v;
        memcpy(&xv, x + u, sizeof xv);
        memcpy(&sv, sold + u, sizeof sv);
        sv += xv;
        memcpy(sold + u, &sv, sizeof sv);
        if (!settled) {
            memcpy(&x0v, x0 + u, sizeof x0v);
            const ss_u4 away = (ss_u4)(xv != x0v);
            for (size_t l = 0; l < 4; l++)
                moved[u + l] |= (unsigned char)(away[l] & 1);
        }
    }
    for (; u < to; u++) {
        sold[u] += x[u];
        moved[u] |= !settled && x[u] != x0[u];
    }
}

/* The block's lanes of every foreign origin (sold_lanes, row by row). */
SS_CLONES static void sales_block(size_t n, size_t k, importers b, const double *x_all,
                                  const double *x0_all, int settled, double *sold,
                                  unsigned char *moved)
{
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + b.j0) * k;
        ask_row(x_all, n, k, i, b);
        if (!settled)
            ask_row(x0_all, n, k, i, b);
        size_t cut[2];
        foreign_lanes(b, i, k, cut);
        sold_lanes(0, cut[0], x_all + base, x0_all + base, settled, sold, moved);
        sold_lanes(cut[1], b.w, x_all + base, x0_all + base, settled, sold, moved);
    }
}

/* Foreign suppliers' sales to the block's importers last month, by lane,
 * and which of their markets have left the baseline (sticky: once a market
 * has moved, its ratios are computed every month, and they are exactly 1
 * whenever its shares are the baseline's again). */
static void sales(ss_sim *s, importers b)
{
    double *sold = s->sold + b.j0 * s->k;
    unsigned char *moved = s->moved + b.j0 * s->k;
    int settled = 1;
    for (size_t u = 0; u < b.w; u++) {
        sold[u] = 0;
        settled &= moved[u];
    }
    sales_block(s->n, s->k, b, s->x, s->w->x0, settled, sold, moved);
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

/* cost[u] *= the mark-up at share x[u] / sold[u] and elasticity sig[u]
 * relative to the baseline one m0[u] where on[u] is not 0 (times exactly 1
 * elsewhere, whatever the discarded ratio), for lanes [from, to): four at
 * a time with the vector extension (simd.h), lane by lane the scalar
 * operations of ss_demand_elasticity and ss_demand_markup_at, the selects
 * by bits: no branch, and the same bits as the scalar loop that takes the
 * rest. */
static inline __attribute__((always_inline)) void
markup_lanes(size_t from, size_t to, const double *sig, double kappa, const double *x,
             const double *sold, const double *m0, const double *on, double *cost)
{
    size_t u = from;
    for (; u + 4 <= to; u += 4) {
        ss_v4 xv, sv, mv, ov, cv, gv;
        memcpy(&xv, x + u, sizeof xv);
        memcpy(&sv, sold + u, sizeof sv);
        memcpy(&mv, m0 + u, sizeof mv);
        memcpy(&ov, on + u, sizeof ov);
        memcpy(&cv, cost + u, sizeof cv);
        memcpy(&gv, sig + u, sizeof gv);
        ss_v4 e = gv - SS_SPLAT(kappa) * (gv - SS_SPLAT(1)) * (xv / sv);
        e = SS_PICK((ss_u4)(e < SS_SPLAT(SS_DEMAND_MIN_ELASTICITY)),
                    SS_SPLAT(SS_DEMAND_MIN_ELASTICITY), e);
        const ss_v4 ratio = e / (e - SS_SPLAT(1)) / mv;
        cv *= SS_PICK((ss_u4)(ov != SS_SPLAT(0)), ratio, SS_SPLAT(1));
        memcpy(cost + u, &cv, sizeof cv);
    }
    for (; u < to; u++) {
        const double ratio =
            ss_demand_markup_at(ss_demand_elasticity(sig[u], kappa, x[u] / sold[u])) / m0[u];
        cost[u] *= on[u] != 0 ? ratio : 1;
    }
}

/* The mark-ups of the block's foreign links (markup_lanes, row by row). */
SS_CLONES static void markup_block(size_t n, size_t k, importers b, const double *sig, double kappa,
                                   const double *x_all, const double *sold, const double *m0_all,
                                   const double *on, double *cost_all)
{
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + b.j0) * k;
        const double *x = x_all + base, *m0 = m0_all + base;
        double *cost = cost_all + base;
        ask_row(x_all, n, k, i, b);
        ask_row(m0_all, n, k, i, b);
        ask_row(cost_all, n, k, i, b);
        size_t cut[2];
        foreign_lanes(b, i, k, cut);
        markup_lanes(0, cut[0], sig, kappa, x, sold, m0, on, cost);
        markup_lanes(cut[1], b.w, sig, kappa, x, sold, m0, on, cost);
    }
}

/* The Atkeson-Burstein mark-up of every foreign supplier relative to its
 * baseline one, from its share of last month's imports of its importer:
 * multiplies the link's cost (docs/model.md, "Mark-ups"), in the markets
 * that are priced. A market whose flows are all still the baseline's has
 * its baseline shares, a ratio of exactly 1, and is skipped. scratch holds
 * 2 w: which lanes are priced, and each lane's markup_sigma. */
static void markups(ss_sim *s, importers b, double *scratch)
{
    const size_t k = s->k;
    double *on = scratch, *sig = scratch + b.w;
    sales(s, b);
    size_t open = 0;
    for (size_t u = 0; u < b.w; u++) {
        on[u] = priced(s, b.j0 + u / k, u % k);
        sig[u] = markup_sigma(s, u % k);
        open += on[u] != 0;
    }
    if (open)
        markup_block(s->n, k, b, sig, s->c->kappa, s->x, s->sold + b.j0 * k, s->markup0, on,
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

/* The block's weights weight[i*w + u] = ss_demand_weight_expo(cost of
 * row i's lane u, expo[u]): four lanes at a time, their closed links and
 * exact ones found by masks, and libm's pow only in the groups of four
 * that hold a moved cost; the rest of each row one by one. */
SS_CLONES static void weight_block(size_t n, size_t k, importers b, const double *cost_all,
                                   const double *expo, double *weight)
{
    for (size_t i = 0; i < n; i++) {
        const double *cost = cost_all + (i * n + b.j0) * k;
        ask_row(cost_all, n, k, i, b);
        double *wrow = weight + i * b.w;
        size_t u = 0;
        for (; u + 4 <= b.w; u += 4) {
            ss_v4 c, e;
            memcpy(&c, cost + u, sizeof c);
            memcpy(&e, expo + u, sizeof e);
            const ss_u4 open = (ss_u4)(c > SS_SPLAT(-INFINITY)) & (ss_u4)(c < SS_SPLAT(INFINITY));
            const ss_u4 power = open & ~((ss_u4)(e == SS_SPLAT(0)) | (ss_u4)(c == SS_SPLAT(1)));
            const ss_v4 out = SS_PICK(open, SS_SPLAT(1), SS_SPLAT(0));
            memcpy(wrow + u, &out, sizeof out);
            if ((power[0] | power[1] | power[2] | power[3]) != 0)
                for (size_t l = u; l < u + 4; l++)
                    wrow[l] = ss_demand_weight_expo(cost[l], expo[l]);
        }
        for (; u < b.w; u++)
            wrow[u] = ss_demand_weight_expo(cost[u], expo[u]);
    }
}

/* Every origin's C^(1-sigma) into the block, weight[i*w + u]
 * (ss_demand_weight_expo with expo: import_sigma's where the import nest
 * is on, which home_weights then mends for home origins); when mark-ups
 * are on, from ss_vpow over the whole block at once, its costs gathered
 * into tmp (n*w). */
static void block_weights(const ss_sim *s, importers b, double *weight, double *tmp)
{
    const size_t n = s->n, k = s->k;
    if (s->c->kappa > 0) {
        for (size_t i = 0; i < n; i++)
            memcpy(tmp + i * b.w, s->cost + (i * n + b.j0) * k, b.w * sizeof *tmp);
        ss_demand_weights_vpow(n * b.w, tmp, s->expo, weight);
        return;
    }
    weight_block(n, k, b, s->cost, s->expo, weight);
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

/* sum[u] += wt[u] * w[u] for lanes [from, to), four at a time. */
static inline __attribute__((always_inline)) void
add_products(size_t from, size_t to, const double *wt, const double *w, double *sum)
{
    size_t u = from;
    for (; u + 4 <= to; u += 4) {
        ss_v4 a, c, acc;
        memcpy(&a, wt + u, sizeof a);
        memcpy(&c, w + u, sizeof c);
        memcpy(&acc, sum + u, sizeof acc);
        acc += a * c;
        memcpy(sum + u, &acc, sizeof acc);
    }
    for (; u < to; u++)
        sum[u] += wt[u] * w[u];
}

/* The same without logs for every origin in order: the index over every
 * origin, imp over foreign ones (implog would only add +0). */
SS_CLONES static void index_block(size_t n, size_t k, importers b, const double *wt_all,
                                  const double *weight, double *index, double *imp)
{
    for (size_t i = 0; i < n; i++) {
        const double *wt = wt_all + (i * n + b.j0) * k, *wrow = weight + i * b.w;
        ask_row(wt_all, n, k, i, b);
        size_t cut[2];
        foreign_lanes(b, i, k, cut);
        add_products(0, b.w, wt, wrow, index);
        add_products(0, cut[0], wt, wrow, imp);
        add_products(cut[1], b.w, wt, wrow, imp);
    }
}

/* 1 when some sector has the import nest this month. */
static int any_nested(const ss_sim *s)
{
    for (size_t q = 0; q < s->k; q++)
        if (nested(s, q))
            return 1;
    return 0;
}

/* The import nest (docs/model.md, "The import nest"), before the sums:
 * the weight of each home origin of a nested market in the block,
 * C^(1-sigma) with the sector's sigma, where block_weights gave every
 * origin import_sigma's (libm's pow: a home cost is 1 but under supply
 * curves). */
static void home_weights(const ss_sim *s, importers b, double *weight)
{
    const size_t n = s->n, k = s->k;
    for (size_t j = b.j0; j < b.j1; j++)
        for (size_t q = 0; q < k; q++)
            if (nested(s, q))
                weight[j * b.w + (j - b.j0) * k + q] =
                    ss_demand_weight_expo(s->cost[(j * n + j) * k + q], 1 - sector_sigma(s, q));
}

/* And after them, in each nested market: the index over every origin
 * holds the imports as their composite, W (I^M / W)^((1-sigma) /
 * (1-import_sigma)) with W the foreign weights' sum (imp_w), in place of
 * their sum I^M (the composite less the sum is added, which is exactly 0
 * while the imports' costs are the baseline's); imp_scale is the
 * composite over the sum (1 elsewhere), imp_share over the index. A
 * market without foreign weights has no imports to compose. */
static void nest_index(ss_sim *s, importers b, const double *weight, const double *imp)
{
    const size_t n = s->n, k = s->k, at = b.j0 * k;
    for (size_t u = at; u < at + b.w; u++) {
        const size_t q = u % k, j = u / k;
        const double base = s->imp_w[u];
        s->imp_scale[u] = 1;
        s->imp_share[u] = 0;
        if (!nested(s, q) || !(base > 0))
            continue;
        const double expo = (1 - sector_sigma(s, q)) / (1 - import_sigma(s, q));
        const double composite = base * pow(imp[u] / base, expo);
        /* When the imports' sum dwarfs the home term and the composite
         * (costs far below 1 at a high import_sigma: a hunt's 2e22 against
         * 3e3), adding it and taking it away rounds the home term away:
         * the index is then the home term plus the composite, summed
         * afresh. Elsewhere the sum as it was (the same bits). */
        const double home = s->wt[(j * n + j) * k + q] * weight[j * b.w + (j - b.j0) * k + q];
        if (imp[u] > 0x1p16 * (home + composite))
            s->index[u] = home + composite;
        else
            s->index[u] += composite - imp[u];
        s->imp_scale[u] = imp[u] > 0 ? composite / imp[u] : 0;
        s->imp_share[u] = s->index[u] > 0 ? composite / s->index[u] : 0;
    }
}

/* The block's CES indices of every sector over origins in order: sum of
 * w * C^(1-sigma), and for sigma = 1 of w * ln C, over every origin (index,
 * logsum) and over foreign origins only (into the import price index);
 * weight[i*w + u] receives each origin's C^(1-sigma). With the import
 * nest, foreign origins' weights and sums take import_sigma, and the
 * index holds their composite (nest_index). tmp is scratch of n*w. */
static void cost_index(ss_sim *s, importers b, double *weight, double *tmp)
{
    const size_t n = s->n, k = s->k, nk = n * k, at = b.j0 * k;
    double *imp = s->scratch_imp, *implog = imp + nk;
    for (size_t u = at; u < at + b.w; u++)
        s->index[u] = s->logsum[u] = imp[u] = implog[u] = 0;
    block_weights(s, b, weight, tmp);
    const int nest = any_nested(s);
    if (nest)
        home_weights(s, b, weight);
    if (unit_sigma(s))
        for (size_t j = b.j0; j < b.j1; j++)
            for (size_t i = 0; i < n; i++)
                index_terms(s, i, j, weight + i * b.w + (j - b.j0) * k, imp + j * k,
                            implog + j * k);
    else
        index_block(n, k, b, s->wt, weight, s->index + at, imp + at);
    if (nest)
        nest_index(s, b, weight, imp);
    for (size_t u = at; u < at + b.w; u++)
        s->imp_price[u] = ss_demand_price(import_sigma(s, u % k), s->imp0[u], imp[u], implog[u]);
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
 * find no other stop this month. SS_STOP_CAP: the flow falls at least in
 * proportion to the share still served, whatever the gradual adjustment
 * says. SS_STOP_SHED: the part carried over from last month,
 * (1 - adjust) before, falls in that proportion, and the rest moves to
 * the target as always. Routes that open are taken up gradually (and a
 * link that is no longer penalised is served whole, so its flow only
 * adjusts). before is the flow before this month's adjustment, x after
 * it (0 on a closed link). */
static double stop_at_once(ss_sim *s, size_t p, double before, double x)
{
    const double now = served(s, p), then = s->pen_served[p];
    s->pen_served[p] = now;
    if (!(now < then))
        return x;
    if (s->c->stop_at_once == SS_STOP_CAP)
        return fmin(x, before * now / then);
    return fmax(0, x - (1 - s->c->adjust) * (1 - now / then) * before);
}

/* Every flow into the block moved part of the way toward its target (row
 * i's targets at target + i * stride); a closed link's flow (and target,
 * kept in target_x when supply curves need it) is 0. Four lanes at a time
 * with the vector extension, lane by lane the scalar operations and
 * selects by bits (no branch on which links are closed), then the rest of
 * each row one by one. Returns 1 when some flow is not finite and
 * non-negative. */
SS_CLONES static int adjust_block(size_t n, size_t k, importers b, double adjust,
                                  const double *target_all, size_t stride, const double *cost_all,
                                  double *x_all, double *target_x_all)
{
    ss_u4 bad4 = {0, 0, 0, 0};
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + b.j0) * k;
        ask_row(cost_all, n, k, i, b);
        ask_row(x_all, n, k, i, b);
        const double *target = target_all + i * stride, *cost = cost_all + base;
        double *x = x_all + base, *target_x = target_x_all ? target_x_all + base : NULL;
        size_t u = 0;
        for (; u + 4 <= b.w; u += 4) {
            ss_v4 tv, cv, xv;
            memcpy(&tv, target + u, sizeof tv);
            memcpy(&cv, cost + u, sizeof cv);
            memcpy(&xv, x + u, sizeof xv);
            const ss_u4 open = (ss_u4)(cv > SS_SPLAT(-INFINITY)) & (ss_u4)(cv < SS_SPLAT(INFINITY));
            if (target_x) {
                const ss_v4 kept = SS_PICK(open, tv, SS_SPLAT(0));
                memcpy(target_x + u, &kept, sizeof kept);
            }
            xv = SS_PICK(open, xv + SS_SPLAT(adjust) * (tv - xv), SS_SPLAT(0));
            bad4 |= ~((ss_u4)(xv >= SS_SPLAT(0)) & (ss_u4)(xv < SS_SPLAT(INFINITY)));
            memcpy(x + u, &xv, sizeof xv);
        }
        for (; u < b.w; u++) {
            if (target_x)
                target_x[u] = isfinite(cost[u]) ? target[u] : 0;
            const double v = isfinite(cost[u]) ? x[u] + adjust * (target[u] - x[u]) : 0;
            bad |= !(v >= 0 && v < INFINITY);
            x[u] = v;
        }
    }
    return bad || (bad4[0] | bad4[1] | bad4[2] | bad4[3]) != 0;
}

/* The block's CES targets, target[i*w + u] = w * C^(1-sigma) * E / index
 * (the baseline weight, the origin's weight and the market's ratio). */
SS_CLONES static void target_block(size_t n, size_t k, importers b, const double *wt_all,
                                   const double *weight, const double *ratio, double *target)
{
    for (size_t i = 0; i < n; i++) {
        const double *restrict wt = wt_all + (i * n + b.j0) * k, *restrict w = weight + i * b.w;
        ask_row(wt_all, n, k, i, b);
        double *restrict out = target + i * b.w;
        size_t u = 0;
        for (; u + 4 <= b.w; u += 4) {
            ss_v4 a, c, r;
            memcpy(&a, wt + u, sizeof a);
            memcpy(&c, w + u, sizeof c);
            memcpy(&r, ratio + u, sizeof r);
            const ss_v4 t = a * c * r;
            memcpy(out + u, &t, sizeof t);
        }
        for (; u < b.w; u++)
            out[u] = wt[u] * w[u] * ratio[u];
    }
}

/* The import nest's foreign targets: row i's foreign lanes times their
 * market's imp_scale (exactly 1 in a market without the nest). */
static void nest_targets(const ss_sim *s, importers b, double *target)
{
    const double *scale = s->imp_scale + b.j0 * s->k;
    for (size_t i = 0; i < s->n; i++) {
        double *row = target + i * b.w;
        size_t cut[2];
        foreign_lanes(b, i, s->k, cut);
        for (size_t u = 0; u < cut[0]; u++)
            row[u] *= scale[u];
        for (size_t u = cut[1]; u < b.w; u++)
            row[u] *= scale[u];
    }
}

/* The block's month: its price indices, and every flow into it moved
 * toward its target: the CES one, w * C^(1-sigma) * E / index (foreign
 * origins' scaled by the import nest's composite, nest_targets), or the
 * general closure's. scratch is its thread's (sim_for). Returns 0, or 1 when
 * some flow into the block is not finite and non-negative. */
static int demand_of(ss_sim *s, importers b, double *scratch)
{
    const size_t n = s->n, k = s->k, nk = n * k, at = b.j0 * k;
    const int general = s->eq != NULL;
    double *weight = scratch, *target = scratch + n * b.w;
    cost_index(s, b, weight, target);
    for (size_t q = at; q < at + b.w && !general; q++) {
        s->price[q] = ss_demand_price(sector_sigma(s, q % k), s->e0[q], s->index[q], s->logsum[q]);
        s->ratio[q] = s->index[q] > 0 ? s->e0[q] / s->index[q] : 0;
    }
    if (!general)
        target_block(n, k, b, s->wt, weight, s->ratio + at, target);
    if (!general && any_nested(s))
        nest_targets(s, b, target);
    /* The block's penalised links, and with stop_at_once their flows before
     * the adjustment (in weight, no longer needed). */
    const uint32_t *pen = s->pen_by_j + s->pen_j_start[b.j0];
    const size_t n_pen = s->c->stop_at_once ? s->pen_j_start[b.j1] - s->pen_j_start[b.j0] : 0;
    for (size_t u = 0; u < n_pen; u++)
        weight[u] = s->x[s->pen_idx[pen[u]]];
    int bad = adjust_block(n, k, b, s->c->adjust, general ? s->eq_flows + at : target,
                           general ? nk : b.w, s->cost, s->x, supply_on(s) ? s->target_x : NULL);
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
        s->pen_by_j[start[s->pen_at[p].j]++] = (uint32_t)p;
    for (size_t j = n; j > 0; j--)
        start[j] = start[j - 1];
    start[0] = 0;
}

/* And after it: this month's penalised links become last month's. In a
 * month without stop_at_once, when a dated change may switch it on, the
 * shares are recorded as they are, so that its first month compares with
 * the month before. */
static void stops_after(ss_sim *s)
{
    if (!s->c->stop_at_once)
        for (size_t p = 0; p < s->n_pen; p++)
            s->pen_served[p] = served(s, p);
    memcpy(s->was_idx, s->pen_idx, s->n_pen * sizeof *s->was_idx);
    memcpy(s->was_served, s->pen_served, s->n_pen * sizeof *s->was_served);
    s->n_was = s->n_pen;
}

/* The importers of block b: b*block to the next block's first or n. */
static importers block_at(const ss_sim *s, size_t b)
{
    const size_t j0 = b * s->block, j1 = s->n - j0 > s->block ? j0 + s->block : s->n;
    const int big = s->n * s->n * s->k * sizeof(double) >= AHEAD_BYTES;
    return (importers){j0, j1, (j1 - j0) * s->k, big ? AHEAD : 0};
}

/* Block b's mark-ups (sim_for). */
static void markups_of(ss_sim *s, size_t b, double *scratch, void *ctx)
{
    (void)ctx;
    markups(s, block_at(s, b), scratch);
}

/* Block b's demand, its mark-ups first in the partial closure (sim_for);
 * a non-finite price or flow sets *bad (ctx). */
static void demand_in(ss_sim *s, size_t b, double *scratch, void *ctx)
{
    const importers block = block_at(s, b);
    if (s->c->kappa > 0 && !s->eq)
        markups(s, block, scratch);
    if (demand_of(s, block, scratch))
        __atomic_store_n((int *)ctx, 1, __ATOMIC_RELAXED);
}

int sim_finite_indices(const ss_sim *s, const double *index, double sigma, long t, ss_diag *diag)
{
    size_t q = 0;
    while (q < s->n * s->k && isfinite(index[q]))
        q++;
    if (q == s->n * s->k)
        return SS_OK;
    if (isnan(sigma))
        sigma = import_sigma(s, q % s->k);
    /* Or the power 1 / (1 - sigma) of a sigma near 1 (a hunt's sigma =
     * 1.0001 was said to close every origin). */
    char month[32] = "", near1[160] = "";
    if (t >= 0)
        snprintf(month, sizeof month, "month %ld: ", t);
    if (fabs(sigma - 1) <= 0.01)
        snprintf(near1, sizeof near1,
                 ", or sigma = %g is so near 1 that the index's power 1 / (1 - sigma) leaves "
                 "the range of a double",
                 sigma);
    return ss_diag_set(diag, SS_ENUMERIC,
                       "%sthe price index of %s in sector %s is infinite: every origin, home "
                       "included, is closed%s",
                       month, s->w->iso3[q / s->k], s->w->sector[q % s->k], near1);
}

int sim_demand(ss_sim *s, ss_diag *diag)
{
    const size_t n = s->n, k = s->k, nk = n * k, blocks = (n + s->block - 1) / s->block;
    const int general = s->eq != NULL, markup = s->c->kappa > 0;
    if (markup)
        baseline_markups(s);
    for (size_t q = 0; q < nk * s->block; q++)
        s->expo[q] = 1 - import_sigma(s, q % k);
    /* The general closure needs every market's costs before its targets;
     * the partial one applies each block's mark-ups with its demand. */
    if (markup && general)
        sim_for(s, blocks, 0, markups_of, NULL);
    if (supply_on(s))
        sim_factory_costs(s);
    if (general) {
        int rc = sim_equilibrium_targets(s, diag);
        if (rc)
            return rc;
    }
    if (s->c->stop_at_once)
        stops_before(s);
    /* By block of importers: every sum runs over origins, inside one
     * importer. */
    int bad = 0;
    sim_for(s, blocks, 0, demand_in, &bad);
    if (s->c->stop_at_once || s->c->stop_at_once_dated)
        stops_after(s);
    int rc = general ? SS_OK : sim_finite_indices(s, s->price, NAN, s->t + 1, diag);
    if (rc)
        return rc;
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
