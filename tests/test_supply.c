/* Unit tests for the target's side (issue 13, docs/model.md): supply that
 * must be placed, commodities, price caps and real incomes. The world has
 * three countries: RUS the seller, EU a buyer that bans RUS, IND a buyer
 * that keeps buying; sigma = 2, flows that reach their targets in one
 * month (adjust = 1), no intermediaries. RUS sells nothing at home, so its
 * sales are its exports: 20 to EU and 40 to IND a month, in both sectors.
 * With RUS's supply fixed (elasticity 0) and EU's ban, RUS must sell all
 * of its 60 to IND: IND's spending on RUS is 40 E / (40 + 60 p) with
 * E = 100 and p RUS's factory price (sigma = 2), and it clears RUS's
 * supply p * 60 where 9 p^2 + 6 p - 10 = 0, p = (sqrt(11) - 1) / 3. */
#include "check.h"
#include "fixture.h"
#include "sim.h"
#include "supply.h"

#include <math.h>
#include <string.h>

enum { RUS, EU, IND, N = 3 };
enum { S0, S1, K = 2 };

/* Monthly baseline flows of each sector, row exporter, column importer. */
static const double X0[N][N] = {{0, 20, 40}, {30, 200, 10}, {10, 30, 50}};

static ss_world *world(void)
{
    static const char *iso[] = {"RUS", "EU", "IND"};
    ss_world *w = ss_world_alloc(N, K);
    ss_world_set_sector(w, S0, "energy");
    ss_world_set_sector(w, S1, "other");
    for (size_t i = 0; i < N; i++) {
        ss_world_set_country(w, i, iso[i], iso[i]);
        for (size_t j = 0; j < N; j++) {
            w->x0[(i * N + j) * K + S0] = w->x0[(i * N + j) * K + S1] = X0[i][j];
            w->dist[i * N + j] = i == j ? 0 : 1000;
        }
    }
    return w;
}

static ss_config *config(long months)
{
    ss_config *c = ss_config_alloc(N, K, months);
    c->sigma = 2;
    c->adjust = 1;
    for (size_t m = 0; m < N; m++)
        c->agent[m].candidate = 0;
    return c;
}

static size_t ix(size_t i, size_t j, size_t s)
{
    return (i * N + j) * K + s;
}

/* EU's ban on imports from RUS in both sectors, from month 1. */
static void eu_ban(ss_config *c)
{
    for (size_t s = 0; s < K; s++)
        fixture_measure(c, EU, RUS, s, SS_BAN, 0, SS_IMPORT, SS_EVADE_NONE, 1, -1);
}

static ss_sim *run(const ss_world *w, const ss_config *c)
{
    ss_sim *s = ss_sim_alloc(w, c);
    ss_diag d;
    while (ss_sim_month(s) + 1 < c->months)
        CHECK(ss_sim_step(s, NULL, &d) == SS_OK);
    return s;
}

/* IND's spending on RUS's goods when RUS's price is p (sigma = sig). */
static double ind_buys(double p, double sig)
{
    double t = 40 * pow(p, 1 - sig);
    return t * 100 / (t + 60);
}

/* The price at which IND buys all of RUS's 60, by bisection: an
 * independent method for any sigma. */
static double clearing_by_bisection(double sig)
{
    double lo = 0.01, hi = 1;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (ind_buys(mid, sig) > 60 * mid)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The clearing price of one Newton step, and the step toward it. */
static void test_formulas(void)
{
    /* sigma = 1: spending does not depend on the price, so one step is
     * exact: p^(1 + e) 60 = 40 gives p = (2/3)^(1/(1 + e)). */
    CHECK_NEAR(ss_supply_clearing(1, 40, 0, 60, 0), 2.0 / 3, 1e-15);
    CHECK_NEAR(ss_supply_clearing(1, 40, 0, 60, 1), sqrt(2.0 / 3), 1e-15);
    /* ln p* = (ln 40 - ln 60) / (1 + 0.6) with slope -0.6. */
    CHECK_NEAR(ss_supply_clearing(1, 40, -0.6, 60, 0), exp(log(40.0 / 60) / 1.6), 1e-15);
    CHECK(ss_supply_clearing(0.8, 0, -1, 60, 0) == 0.8);
    CHECK_NEAR(ss_supply_step(1, 0.64, 0.5), 0.8, 1e-15);
    CHECK(ss_supply_step(0.9, 0.7, 1) == 0.7);
}

/* Fixed supply and a buyer's ban: the price falls by exactly what clears
 * RUS's sales, and RUS sells all of its supply to IND. */
static void test_fixed_supply_ban(void)
{
    ss_world *w = world();
    ss_config *c = config(40);
    eu_ban(c);
    for (size_t s = 0; s < K; s++)
        ss_config_set_supply(c, RUS, s, 0);
    ss_sim *sim = run(w, c);
    const double p = (sqrt(11) - 1) / 3, *x = ss_sim_flows(sim), *f = ss_sim_factory_price(sim);
    CHECK_NEAR(p, 0.77220826345180, 1e-13); /* by hand */
    for (size_t s = 0; s < K; s++) {
        CHECK_NEAR(f[RUS * K + s], p, 1e-12);
        CHECK_NEAR(x[ix(RUS, IND, s)], 60 * p, 1e-9); /* sales clear the supply p * 60 */
        CHECK_NEAR(x[ix(RUS, IND, s)] / f[RUS * K + s], 60, 1e-9); /* all 60 units placed */
        CHECK(x[ix(RUS, EU, s)] == 0);
        CHECK(f[EU * K + s] == 1 && f[IND * K + s] == 1); /* perfectly elastic */
        /* IND, which buys more from RUS, gains: its price index
         * ((40 / p + 60) / 100)^-1 = 0.89446. */
        CHECK_NEAR(ss_sim_price(sim)[IND * K + s], 100 / (40 / p + 60), 1e-12);
        CHECK_NEAR(ss_sim_price(sim)[IND * K + s], 0.8944584032148666, 1e-12);
    }
    /* Real incomes: RUS's fixed supply earns 60 p against 60, and its
     * prices (imports from EU and IND) are unchanged, so it loses 1 - p;
     * IND's supply is perfectly elastic (its factory price stays 1), so
     * its income is unchanged and it gains what its price index falls. */
    const double *real = ss_sim_real_income(sim);
    CHECK_NEAR(real[RUS], p, 1e-12);
    CHECK_NEAR(real[IND], (40 / p + 60) / 100, 1e-12);
    CHECK_NEAR(real[IND], 1.11800, 1e-5); /* 1 / 0.89446 */
    ss_sim_free(sim);
    ss_config_free(c);
    ss_world_free(w);
}

/* Month t's row holds the factory price in force in t, the one its buyers
 * paid, and the incomes at it; the price set at the end of month t is
 * next month's. With sigma = 1 IND spends 40 on RUS at any price, so after
 * EU's ban from month 1 RUS's fixed supply of 60 clears at p = 40 / 60
 * (one exact step, adjust = 1): in force from month 2, not in month 1. */
static void test_month_of_the_price(void)
{
    ss_world *w = world();
    ss_config *c = config(3);
    c->sigma = 1;
    eu_ban(c);
    ss_config_set_supply(c, RUS, S0, 0);
    ss_sim *sim = ss_sim_alloc(w, c);
    ss_diag d;
    CHECK(ss_sim_step(sim, NULL, &d) == SS_OK);
    CHECK(ss_sim_factory_price(sim)[RUS * K + S0] == 1);
    CHECK(ss_sim_export_price(sim)[RUS * K + S0] == 1);
    CHECK_NEAR(ss_sim_sales(sim)[RUS * K + S0], 40, 1e-12); /* IND's 40 at p = 1 */
    CHECK_NEAR(ss_sim_real_income(sim)[RUS], 1, 1e-12);     /* 120 earned of 120; prices at 1 */
    CHECK(ss_sim_step(sim, NULL, &d) == SS_OK);
    CHECK_NEAR(ss_sim_factory_price(sim)[RUS * K + S0], 2.0 / 3, 1e-12);
    CHECK_NEAR(ss_sim_sales(sim)[RUS * K + S0], 40, 1e-12);
    /* Fixed supply earns 60 p in S0 and 60 in S1 of the baseline 120. */
    CHECK_NEAR(ss_sim_real_income(sim)[RUS], (40 + 60) / 120.0, 1e-12);
    ss_sim_free(sim);
    ss_config_free(c);
    ss_world_free(w);
}

/* A commodity: origins are close substitutes (commodity_sigma = 20), so
 * RUS places the same supply at a much smaller discount; the ordinary
 * sector is unchanged. */
static void test_commodity(void)
{
    ss_world *w = world();
    w->commodity[S0] = 1;
    ss_config *c = config(60);
    c->commodity_sigma = 20;
    eu_ban(c);
    for (size_t s = 0; s < K; s++)
        ss_config_set_supply(c, RUS, s, 0);
    ss_sim *sim = run(w, c);
    const double *f = ss_sim_factory_price(sim), *x = ss_sim_flows(sim);
    const double p20 = clearing_by_bisection(20);
    CHECK_NEAR(p20, 0.9628702939642, 1e-12); /* the same bisection, run separately */
    CHECK_NEAR(f[RUS * K + S0], p20, 1e-11);
    CHECK_NEAR(x[ix(RUS, IND, S0)], 60 * p20, 1e-8);
    CHECK_NEAR(f[RUS * K + S1], (sqrt(11) - 1) / 3, 1e-12);
    CHECK_NEAR(clearing_by_bisection(2), (sqrt(11) - 1) / 3, 1e-12);
    CHECK(1 - f[RUS * K + S0] < (1 - f[RUS * K + S1]) / 5);
    ss_sim_free(sim);
    /* commodity_sigma = 0: the commodity uses sigma like any sector. */
    c->commodity_sigma = 0;
    sim = run(w, c);
    CHECK(ss_sim_factory_price(sim)[RUS * K + S0] == ss_sim_factory_price(sim)[RUS * K + S1]);
    ss_sim_free(sim);
    ss_config_free(c);
    ss_world_free(w);
}

/* A price cap on RUS's sector S1 by EU: the share 0.5 of RUS's exports
 * that needs EU's services fetches at most the cap with them, or its price
 * less 20 % on dearer services without them. */
static void price_cap(ss_config *c, double cap)
{
    fixture_measure(c, EU, RUS, S1, SS_PRICE_CAP, 0.2, SS_EXPORT, SS_EVADE_NONE, 1, -1);
    ss_measure *m = &c->measure[c->n_measures - 1];
    m->cap = cap;
    m->cap_enforcement = 0.5;
}

/* A run of `months` under price_cap(cap) with RUS's supply of S1 of
 * elasticity e; its config in *c. */
static ss_sim *capped_run(const ss_world *w, ss_config **c, long months, double cap, double e)
{
    *c = config(months);
    price_cap(*c, cap);
    ss_config_set_supply(*c, RUS, S1, e);
    return run(w, *c);
}

static void done(ss_sim *sim, ss_config *c)
{
    ss_sim_free(sim);
    ss_config_free(c);
}

/* With RUS's supply of S1 of elasticity 1, spending on it at price p is
 * 4000 / (40 + 60 p) from IND and 5000 / (20 + 230 p) from EU (sigma = 2),
 * and it must equal `supplied`, the value at p of what RUS supplies at the
 * price it realises: a root by bisection. */
static double clearing(double (*supplied)(double))
{
    double lo = 0.5, hi = 2;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2, bought = 4000 / (40 + 60 * mid) + 5000 / (20 + 230 * mid);
        if (bought > supplied(mid))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Far above a cap of 0.8 (p > 0.8 * 1.2), the covered half takes the
 * dearer services and RUS realises 11/12 of p: it supplies 60 * (p 11/12)
 * units, worth 60 p^2 11/12 at p. */
static double supplied_shadow(double p)
{
    return 60 * p * p * 11 / 12;
}

/* Between a cap of 0.9 and 0.9 * 1.2 the covered half sells at the cap:
 * RUS realises p / 2 + 0.45 and supplies 60 (p / 2 + 0.45) units. */
static double supplied_at_cap(double p)
{
    return 60 * p * (p / 2 + 0.45);
}

static void test_price_caps(void)
{
    ss_world *w = world();
    /* What the covered exports fetch: above cap * (1 + rate) the dearer
     * services (1 / 1.2 at p = 1 and cap 0.8); between the cap and that,
     * the cap; at or below the cap, p. */
    CHECK_NEAR(ss_supply_capped(1, 0.8, 0.2), 1 / 1.2, 1e-15);
    CHECK(ss_supply_capped(1, 0.9, 0.2) == 0.9);
    CHECK(ss_supply_capped(0.9, 0.9, 0.2) == 0.9 && ss_supply_capped(0.7, 0.9, 0.2) == 0.7);
    /* Binding on fixed supply: a transfer. RUS's 60 units still sell at
     * p = 1 (buyers pay what they paid), every flow stays the baseline's,
     * and RUS realises 1 - 0.5 * (1 - 0.9) = 0.95 on S1's exports: its real
     * income is (60 + 60 * 0.95) / 120 = 0.975 (its import prices do not
     * move), and its producers receive 20 * 0.95 from EU and 40 * 0.95 from
     * IND. */
    ss_config *c;
    ss_sim *sim = capped_run(w, &c, 3, 0.9, 0);
    CHECK(memcmp(ss_sim_flows(sim), w->x0, sizeof(double) * N * N * K) == 0);
    CHECK(ss_sim_factory_price(sim)[RUS * K + S1] == 1);
    CHECK_NEAR(ss_sim_export_price(sim)[RUS * K + S1], 0.95, 1e-15);
    CHECK(ss_sim_export_price(sim)[RUS * K + S0] == 1); /* another sector */
    CHECK_NEAR(ss_sim_real_income(sim)[RUS], 0.975, 1e-15);
    CHECK_NEAR(ss_sim_sales(sim)[RUS * K + S1], 57, 1e-12);
    CHECK(ss_sim_sales(sim)[RUS * K + S0] == 60);
    done(sim, c);
    /* Two caps cover their own shares, which add: a second cap of 0.8 on a
     * quarter, whose exports go to the dearer services (1 / 1.2 > 0.8),
     * takes 0.25 * (1 - 1 / 1.2) more: RUS realises 0.95 - 1/24. */
    c = config(3);
    price_cap(c, 0.9);
    price_cap(c, 0.8);
    c->measure[1].cap_enforcement = 0.25;
    ss_config_set_supply(c, RUS, S1, 0);
    sim = run(w, c);
    CHECK_NEAR(ss_sim_export_price(sim)[RUS * K + S1], 0.95 - 1.0 / 24, 1e-15);
    done(sim, c);
    /* Supply of elasticity 1, far above a cap of 0.8: RUS supplies less,
     * and its price rises to clear the smaller supply. */
    sim = capped_run(w, &c, 60, 0.8, 1);
    double p = clearing(supplied_shadow);
    CHECK_NEAR(p, 1.03264, 1e-5); /* by hand: 58.649 bought and supplied at 1.03264 */
    CHECK(p > 0.8 * 1.2);         /* the dearer services' side of the formula */
    CHECK_NEAR(ss_sim_factory_price(sim)[RUS * K + S1], p, 1e-9);
    CHECK_NEAR(ss_sim_export_price(sim)[RUS * K + S1], p * 11 / 12, 1e-9);
    CHECK_NEAR(ss_sim_flows(sim)[ix(RUS, IND, S1)], 4000 / (40 + 60 * p), 1e-7);
    done(sim, c);
    /* The same supply under a cap of 0.9: the price settles between the
     * cap and 0.9 * 1.2, where the covered half sells at the cap. */
    sim = capped_run(w, &c, 80, 0.9, 1);
    p = clearing(supplied_at_cap);
    CHECK_NEAR(p, 1.02319, 1e-5); /* by hand: 58.99 bought and supplied at 1.02319 */
    CHECK(p > 0.9 && p < 0.9 * 1.2);
    CHECK_NEAR(ss_sim_factory_price(sim)[RUS * K + S1], p, 1e-9);
    CHECK_NEAR(ss_sim_export_price(sim)[RUS * K + S1], p / 2 + 0.45, 1e-9);
    done(sim, c);
    /* Not binding: a cap at the baseline price on the same elastic
     * supply (where a binding cap would move flows); nothing changes. */
    sim = capped_run(w, &c, 3, 1.0, 1);
    CHECK(memcmp(ss_sim_flows(sim), w->x0, sizeof(double) * N * N * K) == 0);
    CHECK(ss_sim_export_price(sim)[RUS * K + S1] == 1);
    done(sim, c);
    /* Not binding once the ban has pushed RUS's fixed supply below a cap
     * of 0.8: RUS realises its price whole. */
    c = config(40);
    eu_ban(c);
    ss_config_set_supply(c, RUS, S1, 0);
    price_cap(c, 0.8);
    sim = run(w, c);
    CHECK_NEAR(ss_sim_factory_price(sim)[RUS * K + S1], (sqrt(11) - 1) / 3, 1e-12);
    CHECK(ss_sim_export_price(sim)[RUS * K + S1] == ss_sim_factory_price(sim)[RUS * K + S1]);
    done(sim, c);
    ss_world_free(w);
}

/* Perfectly elastic supply everywhere is the model without supply curves,
 * bit for bit; and money balances: producers' receipts plus commissions
 * earned are everything buyers spend. */
static void test_neutral_and_money(void)
{
    ss_world *w = world();
    ss_config *c = config(6), *e = config(6);
    eu_ban(c);
    eu_ban(e);
    for (size_t q = 0; q < N * K; q++)
        ss_config_set_supply(e, q / K, q % K, INFINITY);
    ss_sim *a = run(w, c), *b = run(w, e);
    CHECK(memcmp(ss_sim_flows(a), ss_sim_flows(b), sizeof(double) * N * N * K) == 0);
    CHECK(memcmp(ss_sim_price(a), ss_sim_price(b), sizeof(double) * N * K) == 0);
    ss_sim_free(a);
    ss_sim_free(b);
    ss_config_free(e);
    /* A transit ban with IND as an intermediary at a 10 % commission. */
    ss_config_free(c);
    c = config(6);
    c->agent[IND].candidate = 1;
    c->agent[IND].price_speed = 0;
    c->agent[IND].base_commission = 0.1;
    fixture_measure(c, EU, RUS, S1, SS_BAN, 0, SS_IMPORT, SS_EVADE_TRANSIT, 1, -1);
    a = run(w, c);
    const double *sales = ss_sim_sales(a), *earned = ss_sim_commission_income(a),
                 *x = ss_sim_flows(a);
    double received = 0, spent = 0;
    for (size_t q = 0; q < N * K; q++)
        received += sales[q] + earned[q];
    for (size_t q = 0; q < N * N * K; q++)
        spent += x[q];
    CHECK(earned[IND * K + S1] > 0);
    CHECK_NEAR(received, spent, 1e-9);
    /* RUS's receipts in S1: what buyers pay less IND's commission. */
    double via = ss_sim_via(a, RUS, EU, S1, IND);
    CHECK_NEAR(sales[RUS * K + S1], x[ix(RUS, EU, S1)] + x[ix(RUS, IND, S1)] - via * 0.1 / 1.1,
               1e-12);
    ss_sim_free(a);
    ss_config_free(c);
    ss_world_free(w);
}

/* A config of `months` with S0 a commodity of elasticity 20 whose sellers
 * pay 0.01 of the baseline price per 1000 km. */
static ss_config *freight_config(long months)
{
    ss_config *c = config(months);
    c->commodity_sigma = 20;
    c->freight = 0.01;
    return c;
}

/* Freight on a commodity (docs/model.md, "Freight on commodities"): RUS pays 0.01 of the
 * baseline price per 1000 km on every unit it exports of S0, IND is 5000
 * km away and EU 1000. At the baseline it pays 0.01 (20 x 1 + 40 x 5) =
 * 2.2 on its 60 of sales, and realises 1 - 2.2 / 60 per unit sold. */
static void test_freight(void)
{
    ss_world *w = world();
    w->commodity[S0] = 1;
    w->dist[RUS * N + IND] = w->dist[IND * N + RUS] = 5000;
    const double then = 1 - 2.2 / 60;
    /* No ban: every flow stays the baseline's and so does every price,
     * exactly, with a supply curve that would move on any residue. */
    ss_config *c = freight_config(6);
    ss_config_set_supply(c, RUS, S0, 0.5);
    ss_sim *sim = run(w, c);
    CHECK(memcmp(ss_sim_flows(sim), w->x0, sizeof(double) * N * N * K) == 0);
    CHECK(ss_sim_factory_price(sim)[RUS * K + S0] == 1);
    CHECK(ss_sim_export_price(sim)[RUS * K + S0] == 1);
    CHECK(ss_sim_export_price(sim)[IND * K + S0] == 1); /* with home sales */
    CHECK(ss_sim_real_income(sim)[RUS] == 1);
    done(sim, c);
    /* Freight that a [change] switches on after the start (the config is
     * the scenario's own, moved month by month): the baseline's netback
     * follows it, so with no ban every realised share is still exactly 1
     * (one built with the freight at the start, 0, would give RUS
     * 1 - 2.2 / 60 and the real income a fall). */
    c = freight_config(6);
    c->freight = 0;
    ss_config_set_supply(c, RUS, S0, 0.5);
    sim = ss_sim_alloc(w, c);
    ss_diag d;
    for (long t = 1; t < c->months; t++) {
        c->freight = t >= 3 ? 0.01 : 0;
        CHECK(ss_sim_step(sim, NULL, &d) == SS_OK);
        CHECK(ss_sim_export_price(sim)[RUS * K + S0] == 1);
        CHECK(ss_sim_export_price(sim)[IND * K + S0] == 1);
        CHECK(ss_sim_real_income(sim)[RUS] == 1);
    }
    CHECK(ss_sim_factory_price(sim)[RUS * K + S0] == 1);
    done(sim, c);
    /* EU's ban, fixed supply: RUS still places its 60 units with IND at
     * the price that clears them (buyers pay the delivered price, whatever
     * the freight), but each now travels 5000 km and pays 0.05: RUS
     * realises (p - 0.05) / then relative to the baseline, and its
     * receipts are its 60 units at that price. The ordinary sector pays no
     * freight. */
    c = freight_config(60);
    eu_ban(c);
    ss_config_set_supply(c, RUS, S0, 0);
    ss_config_set_supply(c, RUS, S1, 0);
    sim = run(w, c);
    const double p20 = clearing_by_bisection(20), *f = ss_sim_factory_price(sim);
    CHECK_NEAR(f[RUS * K + S0], p20, 1e-11);
    CHECK_NEAR(ss_sim_export_price(sim)[RUS * K + S0], (p20 - 0.05) / then, 1e-11);
    CHECK_NEAR((p20 - 0.05) / then, 0.947616, 1e-6); /* by hand: 0.912870 / 0.963333 */
    CHECK_NEAR(ss_sim_sales(sim)[RUS * K + S0], 60 * (p20 - 0.05) / then, 1e-8);
    CHECK(ss_sim_export_price(sim)[RUS * K + S1] == f[RUS * K + S1]);
    /* IND sells at home too: its export price counts its exports alone,
     * its receipts every sale, home sales paying no freight. */
    const double *x = ss_sim_flows(sim);
    double exp_now = 0, fr_now = 0, exp0 = 0, fr0 = 0;
    for (size_t j = 0; j < N; j++)
        if (j != IND) {
            const double km = w->dist[IND * N + j] / 1000;
            exp_now += x[ix(IND, j, S0)];
            fr_now += 0.01 * km * x[ix(IND, j, S0)];
            exp0 += X0[IND][j];
            fr0 += 0.01 * km * X0[IND][j];
        }
    const double home = x[ix(IND, IND, S0)];
    CHECK(fabs(exp_now - exp0) > 1); /* the ban moved IND's exports */
    CHECK_NEAR(ss_sim_export_price(sim)[IND * K + S0],
               (exp_now - fr_now) / exp_now / (1 - fr0 / exp0), 1e-12);
    CHECK_NEAR(ss_sim_sales(sim)[IND * K + S0],
               (home + exp_now) * ((home + exp_now - fr_now) / (home + exp_now)) /
                   (1 - fr0 / (50 + exp0)),
               1e-9);
    done(sim, c);
    /* Supply of elasticity 1 follows the realised price: RUS supplies
     * 60 (p - 0.05) / then units, worth p times that, and IND buys
     * ind_buys(p, 20) of them; the price where the two meet, by bisection. */
    c = freight_config(120);
    eu_ban(c);
    ss_config_set_supply(c, RUS, S0, 1);
    sim = run(w, c);
    double lo = 0.5, hi = 1.5;
    for (int i = 0; i < 200; i++) {
        const double mid = (lo + hi) / 2;
        if (ind_buys(mid, 20) > 60 * mid * (mid - 0.05) / then)
            lo = mid;
        else
            hi = mid;
    }
    CHECK(lo > p20); /* less is supplied, so the price is higher than with fixed supply */
    CHECK_NEAR(ss_sim_factory_price(sim)[RUS * K + S0], lo, 1e-9);
    done(sim, c);
    ss_world_free(w);
}

int main(void)
{
    test_formulas();
    test_fixed_supply_ban();
    test_month_of_the_price();
    test_commodity();
    test_price_caps();
    test_neutral_and_money();
    test_freight();
    return check_report();
}
