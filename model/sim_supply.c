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
#include <string.h>

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

/* 1 when the sellers of sector q pay the freight to their buyers: one of
 * the world's commodities, with [model] freight, in the partial closure
 * (docs/model.md, "Freight on commodities"). */
static int freight_paid(const ss_sim *s, size_t q)
{
    return s->c->freight > 0 && s->w->commodity[q] && s->eq == NULL;
}

/* What exporter i sells in sector q with flows x: in all, at home, and
 * the freight it pays on its exports when sector q's sellers pay it (the
 * flow times its distance in thousands of km times [model] freight, on
 * x / p units at factory price p: here before the division by p). */
typedef struct sales_sums {
    double all, home, freight;
} sales_sums;

static sales_sums sales_of_flows(const ss_sim *s, size_t i, size_t q, const double *x)
{
    const size_t n = s->n, k = s->k;
    sales_sums t = {0, x[(i * n + i) * k + q], 0};
    if (!freight_paid(s, q)) {
        for (size_t j = 0; j < n; j++)
            t.all += x[(i * n + j) * k + q];
        return t;
    }
    for (size_t j = 0; j < n; j++) {
        const double v = x[(i * n + j) * k + q];
        t.all += v;
        if (j != i)
            t.freight += v * s->w->dist[i * n + j];
    }
    t.freight *= 1e-3 * s->c->freight;
    return t;
}

/* What an exporter with sales t nets per unit of value sold, at factory
 * price p and the caps' share on exports: home sales whole, exports at
 * `share` less their freight. Over its exports alone with exports_only;
 * *sold receives the sales weighed. */
static double netback(sales_sums t, double p, double share, size_t exports_only, double *sold)
{
    double all = t.all, home = t.home;
    if (exports_only) {
        all -= home;
        home = 0;
    }
    *sold = all;
    return all > 0 ? (home + share * (all - home) - t.freight / p) / all : 0;
}

/* The smallest share of its factory price a seller is taken to realise:
 * freight on a far market can exceed what a sale there fetches after a
 * deep fall in price (at the baseline the loader keeps every flow's
 * freight below its price), and supply at a realised price of 0 or less
 * means nothing. */
#define SS_REALISED_MIN 1e-6

/* The share of its factory price p that exporter i realises on its sales
 * in sector q, relative to the baseline, into r[0], and on its exports
 * alone into r[1]: home sales whole, exports at `share` (cap_share) less
 * the freight it pays on commodities, with flows x as weights. 1 with
 * neither a binding cap nor freight; `share` when it sells nothing.
 * Returns its sales in all. */
static double realised_shares(const ss_sim *s, size_t i, size_t q, const double *x, double p,
                              double share, double r[2])
{
    const sales_sums t = sales_of_flows(s, i, q, x);
    if (!freight_paid(s, q)) {
        r[0] = share == 1 ? 1 : t.all > 0 ? (t.home + share * (t.all - t.home)) / t.all : share;
        r[1] = share;
        return t.all;
    }
    for (size_t e = 0; e < 2; e++) {
        double sold;
        const double now = netback(t, p, share, e, &sold);
        /* Over the same sum at the baseline's flows, price and share
         * (baseline_netbacks): exactly 1 at the baseline. */
        r[e] =
            !(sold > 0) ? share : fmax(now / s->netback0[2 * (i * s->k + q) + e], SS_REALISED_MIN);
    }
    return t.all;
}

/* Each exporter's baseline sales, which never change in a run. */
void sim_supply_init(ss_sim *s)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t q = 0; q < s->k; q++)
            s->sales0[i * s->k + q] = sales_of_flows(s, i, q, s->w->x0).all;
    s->netback0_freight = NAN; /* built when first needed */
}

/* Each exporter's netback at the baseline's flows, price and share, over
 * all its sales and over its exports alone (1 where it sold nothing, so
 * that dividing by it changes nothing), for the freight in force: built
 * again when a [change] moves [model] freight. */
static void baseline_netbacks(ss_sim *s)
{
    const size_t k = s->k;
    if (s->netback0_freight == s->c->freight)
        return;
    for (size_t i = 0; i < s->n; i++)
        for (size_t q = 0; q < k; q++) {
            const sales_sums t = sales_of_flows(s, i, q, s->w->x0);
            for (size_t e = 0; e < 2; e++) {
                double sold0;
                const double then = netback(t, 1, 1, e, &sold0);
                s->netback0[2 * (i * k + q) + e] = sold0 > 0 ? then : 1;
            }
        }
    s->netback0_freight = s->c->freight;
}

/* ---- step 4: factory prices in every link's cost ------------------------ */

/* The prices set at the end of last month come into force: every link
 * from exporter i in sector q costs its buyers the factory price p_iq
 * times the link's cost (home sales included). */
void sim_factory_costs(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    memcpy(s->factory, s->factory_next, n * k * sizeof *s->factory);
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

/* The elasticity of exporter i's target flow x to market j in sector q
 * (spending `spend` > 0) to its own price: (1 - sigma)(1 - x / spend) in
 * one nest; with the import nest, for a foreign seller with share sm of
 * the market's imports, which have share S of its spending,
 * (1 - import_sigma)(1 - sm) + (1 - sigma) sm (1 - S). */
static double own_slope(const ss_sim *s, size_t i, size_t j, size_t q, double x, double spend)
{
    const double sigma = sector_sigma(s, q), share = s->imp_share[j * s->k + q];
    if (i == j || !nested(s, q) || !(share > 0))
        return (1 - sigma) * (1 - x / spend);
    const double sm = x / (share * spend);
    return (1 - import_sigma(s, q)) * (1 - sm) + (1 - sigma) * sm * (1 - share);
}

/* Exporter i's target sales in sector q this month and the elasticity of
 * that spending to its own price (own_slope) averaged over its markets
 * with its sales as weights; its baseline sales. */
static void sales_of(const ss_sim *s, size_t i, size_t q, double *demand, double *slope,
                     double *base)
{
    const size_t n = s->n, k = s->k;
    double d = 0, e = 0;
    for (size_t j = 0; j < n; j++) {
        const double x = s->target_x[(i * n + j) * k + q], spend = s->e0[j * k + q];
        d += x;
        e += spend > 0 ? x * own_slope(s, i, j, q, x, spend) : 0;
    }
    *demand = d;
    *slope = d > 0 ? e / d : 0;
    *base = s->sales0[i * k + q];
}

/* Exporter i's next factory prices (sim_for). */
static void supply_prices_of(ss_sim *s, size_t i, double *scratch, void *ctx)
{
    (void)scratch;
    (void)ctx;
    const size_t k = s->k;
    for (size_t q = 0; q < k; q++) {
        const double e = s->c->supply[i * k + q];
        if (!isfinite(e))
            continue; /* perfectly elastic: the price stays at the baseline */
        const double p = s->factory[i * k + q];
        double demand, slope, base;
        sales_of(s, i, q, &demand, &slope, &base);
        /* Output follows the realised price p * r: at factory price p
         * sales must clear p (p r)^e times the baseline, so the caps
         * scale the baseline by r^e (e = 0: they take rent only). */
        const double share = cap_share(s, i, q, p);
        double r[2] = {1, 1}; /* with neither a binding cap nor freight */
        if (share != 1 || freight_paid(s, q))
            realised_shares(s, i, q, s->target_x, p, share, r);
        if (r[0] != 1)
            base *= pow(r[0], e);
        s->factory_next[i * k + q] =
            ss_supply_step(p, ss_supply_clearing(p, demand, slope, base, e), s->c->adjust);
    }
}

void sim_supply_prices(ss_sim *s)
{
    baseline_netbacks(s);
    sim_for(s, s->n, 0, supply_prices_of, NULL);
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
    sim_paid(s);
    baseline_netbacks(s);
    /* In the general closure with commissions an iceberg cost
     * (commission_income = 0), its factory-gate prices clear all that
     * buyers spend on a seller's goods, commissions included, and no
     * intermediary earns them (a helper's audit: commissions were taken
     * from sellers and given to intermediaries). Under balance =
     * multiplicative sales are factor incomes times the solver's common
     * factor nu (a hunt: every country read nu times its welfare, and
     * coalition members that lose read as gaining). */
    const int iceberg = s->eq && !s->c->commission_income;
    for (size_t c = 0; c < n; c++) {
        double now = 0, then = 0;
        for (size_t q = 0; q < k; q++) {
            const size_t cq = c * k + q;
            const double p = s->factory[cq], share = cap_share(s, c, q, p), base = s->sales0[cq];
            double r[2];
            const double sold = realised_shares(s, c, q, s->x, p, share, r), realised = r[0];
            s->export_price[cq] = p * r[1];
            /* What the caps take leaves the model's accounts (docs/model.md). */
            s->sales[cq] = fmax(0, sold * realised - s->paid_out[cq]);
            now += iceberg ? fmax(0, sold * realised) / s->eq_scale
                   : s->eq ? s->sales[cq] / s->eq_scale + s->income[cq]
                           : base * (1 + factor_gain(s, cq, p * realised)) + s->income[cq];
            then += base;
        }
        /* balance = conditional fixes receipts in the solver's numeraire:
         * income follows the factory-gate price instead, the equilibrium's
         * welfare w / P (an audit: Russia 1.0315 against its 0.9824). */
        if (s->eq_wage)
            now = then * s->eq_wage[c];
        s->real_income[c] = then > 0 ? now / (then * living_cost(s, c)) : 1;
    }
    s->incomes_ready = 1;
}
