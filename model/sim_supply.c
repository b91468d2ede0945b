/* The monthly simulation's supply side (sim_internal.h): factory prices
 * from supply curves (docs/model.md, "Supply and factory prices"), the
 * price caps that compare them with a cap, and every country's income
 * (docs/model.md, "Who gains and loses"). Allocates nothing.
 * Invariant: with no supply curve (c->supply NULL) every factory price
 * stays exactly 1 and no cost is touched, so the model before supply
 * curves is reproduced bit for bit. */
#include "cost.h"
#include "sim_internal.h"
#include "supply.h"

#include <math.h>

/* ---- step 1: price caps -------------------------------------------------- */

/* A price cap compares the target's factory price in force this month
 * (set at the end of last month) with its cap. */
void sim_price_cap(ss_sim *s, const ss_measure *m)
{
    ss_cost_apply_cap(m, s->n, s->k, s->factory, s->fixed);
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

/* The change in country c's factor income in sector q from its factory
 * price, as a share of its baseline sales there: with supply p^e times the
 * baseline, producers' surplus moves by (p^(1+e) - 1) / (1 + e) (p - 1 for
 * fixed supply; 0 for perfectly elastic supply, whose factory price stays
 * at 1: factors that lose a sale earn the same elsewhere). */
static double factor_gain(const ss_sim *s, size_t cq)
{
    const double e = s->c->supply ? s->c->supply[cq] : INFINITY, p = s->factory[cq];
    return isfinite(e) && p != 1 ? (pow(p, 1 + e) - 1) / (1 + e) : 0;
}

/* Producers' receipts in each sector (what buyers pay for their goods,
 * less the commissions paid on the way), and each country's real income:
 * its factor income plus the commissions it earned as an intermediary, over
 * its baseline receipts, deflated by its cost of living (1 = baseline). Factor income is
 * the receipts themselves in the general closure (its factory-gate prices
 * clear them); in the partial one, the baseline receipts moved by the
 * factory prices (factor_gain). */
void sim_incomes(ss_sim *s)
{
    if (s->incomes_ready)
        return;
    const size_t n = s->n, k = s->k;
    sim_commissions_paid(s);
    for (size_t c = 0; c < n; c++) {
        double now = 0, then = 0;
        for (size_t q = 0; q < k; q++) {
            double sold = 0, base = 0;
            for (size_t j = 0; j < n; j++) {
                sold += s->x[(c * n + j) * k + q];
                base += s->w->x0[(c * n + j) * k + q];
            }
            const size_t cq = c * k + q;
            s->sales[cq] = fmax(0, sold - s->paid_out[cq]);
            now += (s->eq ? s->sales[cq] : base * (1 + factor_gain(s, cq))) + s->income[cq];
            then += base;
        }
        s->real_income[c] = then > 0 ? now / (then * living_cost(s, c)) : 1;
    }
    s->incomes_ready = 1;
}
