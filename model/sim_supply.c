/* The monthly simulation's supply side (sim_internal.h): factory prices
 * from supply curves (docs/model.md, "Supply and factory prices"), the
 * price caps that lower what sellers realise of them, and every country's income
 * (docs/model.md, "Who gains and loses"). Allocates nothing.
 * Invariant: with no supply curve (c->supply NULL) every factory price
 * stays exactly 1 and no cost is touched, so the model before supply
 * curves is reproduced bit for bit. */
#include "cost.h"
#include "sim_internal.h"
#include "supply.h"

#include <math.h>

/* ---- price caps: what a seller realises ------------------------------ */

/* The share of exporter i's factory price p that it realises on its
 * exports in sector q under the price caps in force this month: each cap
 * covers its own share of the exports (cap_enforcement), which fetches
 * what ss_supply_capped says, so the share is 1 - sum of
 * cap_enforcement * (1 - fetched / p), 1 without a binding cap (docs/model.md,
 * "Price caps"; the loader keeps the covered shares of one target and
 * sector at most 1). A cap acts only through a supply curve (the loader
 * refuses one without), so the measures are searched only where there is
 * one. */
static double cap_share(const ss_sim *s, size_t i, size_t q, double p)
{
    double taken = 0;
    if (!s->c->supply || !isfinite(s->c->supply[i * s->k + q]))
        return 1;
    for (size_t c = 0; c < s->c->n_measures; c++) {
        const ss_measure *m = &s->c->measure[c];
        if (m->kind == SS_PRICE_CAP && ss_cost_in_force(m, s->t) && ss_set_has(&m->target, i) &&
            ss_set_has(&m->sectors, q))
            taken += m->cap_enforcement * (1 - ss_supply_capped(p, m->cap, m->rate) / p);
    }
    return 1 - taken;
}

/* 1 when the sellers of sector q pay the freight to their buyers: a
 * commodity priced by commodity_sigma, with [model] freight, in the
 * partial closure (docs/model.md, "Freight"). */
static int freight_paid(const ss_sim *s, size_t q)
{
    return s->c->freight > 0 && commodity_priced(s, q) && s->eq == NULL;
}

/* Exporter i's sales in sector q with flows x: home, all, and their
 * freight, the sum over exports of the flow times its distance in
 * thousands of km times [model] freight. */
static void sales_and_freight(const ss_sim *s, size_t i, size_t q, const double *x, double *home,
                              double *all, double *freight)
{
    const size_t n = s->n, k = s->k;
    double a = 0, f = 0;
    for (size_t j = 0; j < n; j++) {
        const double v = x[(i * n + j) * k + q];
        a += v;
        if (j != i)
            f += v * s->w->dist[i * n + j];
    }
    *home = x[(i * n + i) * k + q];
    *all = a;
    *freight = f * 1e-3 * s->c->freight;
}

/* The smallest share of its factory price a seller is taken to realise:
 * freight on a far market can exceed what a sale there fetches after a
 * deep fall in price, and supply at a realised price of 0 or less means
 * nothing. */
#define SS_REALISED_MIN 1e-6

/* The share of its factory price p that exporter i realises on its sales
 * in sector q, relative to the baseline: home sales whole, exports at
 * `share` (cap_share) less the freight it pays on commodities, with flows
 * x as weights; over its exports alone with exports_only. 1 with neither
 * a binding cap nor freight. */
static double realised_share(const ss_sim *s, size_t i, size_t q, const double *x, double p,
                             double share, int exports_only)
{
    const int freight = freight_paid(s, q);
    if (share == 1 && !freight)
        return 1;
    double home, all, fr;
    sales_and_freight(s, i, q, x, &home, &all, &fr);
    if (!freight)
        return exports_only ? share : all > 0 ? (home + share * (all - home)) / all : share;
    double home0, all0, fr0;
    sales_and_freight(s, i, q, s->w->x0, &home0, &all0, &fr0);
    if (exports_only) {
        all -= home;
        all0 -= home0;
        home = home0 = 0;
    }
    /* A flow x carries x / p units, each paying its freight. */
    const double now = all > 0 ? (home + share * (all - home) - fr / p) / all : share,
                 then = all0 > 0 ? 1 - fr0 / all0 : 1;
    return fmax(now / then, SS_REALISED_MIN);
}

/* ---- step 4: factory prices in every link's cost ------------------------ */

/* Every link from exporter i in sector q costs its buyers the factory
 * price p_iq times the link's cost (home sales included). */
void sim_factory_costs(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < k; q++) {
            const double p = s->factory[i * k + q];
            if (p == 1)
                continue;
            for (size_t j = 0; j < n; j++)
                s->cost[(i * n + j) * k + q] *= p;
        }
}

/* ---- step 8: factory prices toward clearing ------------------------------ */

/* Exporter i's target sales in sector q this month and the elasticity of
 * that spending to its own price, (1 - sigma)(1 - share) averaged over its
 * markets with its sales as weights; its baseline sales. */
static void sales_of(const ss_sim *s, size_t i, size_t q, double *demand, double *slope,
                     double *base)
{
    const size_t n = s->n, k = s->k;
    const double sigma = sector_sigma(s, q);
    double d = 0, e = 0, b = 0;
    for (size_t j = 0; j < n; j++) {
        const size_t idx = (i * n + j) * k + q;
        const double x = s->target_x[idx], spend = s->e0[j * k + q];
        d += x;
        e += spend > 0 ? x * (1 - sigma) * (1 - x / spend) : 0;
        b += s->w->x0[idx];
    }
    *demand = d;
    *slope = d > 0 ? e / d : 0;
    *base = b;
}

void sim_supply_prices(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double speed = s->c->adjust;
#pragma omp parallel for num_threads(s->threads) if (s->threads > 1)
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < k; q++) {
            const double e = s->c->supply[i * k + q];
            if (!isfinite(e))
                continue; /* perfectly elastic: the price stays at the baseline */
            double demand, slope, base, *p = &s->factory[i * k + q];
            sales_of(s, i, q, &demand, &slope, &base);
            /* Output follows the realised price p * r: at factory price p
             * sales must clear p (p r)^e times the baseline, so the caps
             * scale the baseline by r^e (e = 0: they take rent only). */
            const double r = realised_share(s, i, q, s->target_x, *p, cap_share(s, i, q, *p), 0);
            if (r != 1)
                base *= pow(r, e);
            *p = ss_supply_step(*p, ss_supply_clearing(*p, demand, slope, base, e), speed);
        }
}

/* ---- incomes, on demand --------------------------------------------------- */

/* Country c's cost of living: its sector price indices weighted by its
 * baseline spending (Cobb-Douglas across sectors). */
static double living_cost(const ss_sim *s, size_t c)
{
    const size_t k = s->k;
    double logsum = 0, weight = 0;
    for (size_t q = 0; q < k; q++) {
        const double e = s->e0[c * k + q];
        if (e > 0) {
            logsum += e * log(s->price[c * k + q]);
            weight += e;
        }
    }
    return weight > 0 ? exp(logsum / weight) : 1;
}

/* The change in country c's factor income in sector q from the price p it
 * realises on its sales, as a share of its baseline sales there: with
 * supply p^e times the baseline, producers' surplus moves by
 * (p^(1+e) - 1) / (1 + e) (p - 1 for fixed supply; 0 for perfectly elastic
 * supply, whose factory price stays at 1: factors that lose a sale earn
 * the same elsewhere). */
static double factor_gain(const ss_sim *s, size_t cq, double p)
{
    const double e = s->c->supply ? s->c->supply[cq] : INFINITY;
    return isfinite(e) && p != 1 ? (pow(p, 1 + e) - 1) / (1 + e) : 0;
}

/* Producers' receipts in each sector (what buyers pay for their goods,
 * less what the price caps take and the commissions paid on the way), and each country's real
 * income: its factor income plus the commissions it earned as an intermediary, over its baseline
 * receipts, deflated by its cost of living (1 = baseline). Factor income is the receipts themselves
 * in the general closure (its factory-gate prices clear them); in the partial one, the baseline
 * receipts moved by the realised prices (factor_gain): the factory prices, less what the price caps
 * take of exports. */
void sim_incomes(ss_sim *s)
{
    if (s->incomes_ready)
        return;
    const size_t n = s->n, k = s->k;
    for (size_t c = 0; c < n; c++) {
        double now = 0, then = 0;
        for (size_t q = 0; q < k; q++) {
            double sold = 0, base = 0;
            for (size_t j = 0; j < n; j++) {
                sold += s->x[(c * n + j) * k + q];
                base += s->w->x0[(c * n + j) * k + q];
            }
            const size_t cq = c * k + q;
            const double p = s->factory[cq], share = cap_share(s, c, q, p),
                         realised = realised_share(s, c, q, s->x, p, share, 0);
            s->export_price[cq] = p * realised_share(s, c, q, s->x, p, share, 1);
            /* What the caps take leaves the model's accounts (docs/model.md). */
            s->sales[cq] = fmax(0, sold * realised - s->paid_out[cq]);
            now += (s->eq ? s->sales[cq] : base * (1 + factor_gain(s, cq, p * realised))) +
                   s->income[cq];
            then += base;
        }
        s->real_income[c] = then > 0 ? now / (then * living_cost(s, c)) : 1;
    }
    s->incomes_ready = 1;
}
