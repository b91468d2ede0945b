/* The monthly simulation's inside, shared by its four rooms: the state
 * (struct ss_sim), the small helpers that read it, and the parts of the
 * step each room lends the others. Not for use outside model/sim*.c.
 *   sim.c             state, allocation, timeline (payment frictions
 *                     and networks' settlement included), commissions,
 *                     enforcement, the step's order, read access
 *   sim_routes.c      effective costs, detours and route choice,
 *                     shipping, capacity bounds, recorded statistics
 *   sim_demand.c      mark-ups, CES demand and the adjustment of flows
 *   sim_equilibrium.c the general closure, commissions as income,
 *                     ss_sim_equilibrium_at
 *   sim_supply.c      factory prices from supply curves, price caps'
 *                     prices, commodities' elasticity, incomes
 *   sim_levers.c      blocs, corridors, allies who choose
 *   sim_relocate.c    production relocation */
#ifndef SS_SIM_INTERNAL_H
#define SS_SIM_INTERNAL_H

#include "route.h"
#include "sim.h"
#include "team.h"

#include <stddef.h>
#include <stdint.h>

/* A link's exporter, importer and sector, and the pair whose detour row
 * it reads (detour_pair). Links and their places in lists are indexed in
 * 32 bits: below n*n*k, which ss_sim_alloc holds below 2^32. */
typedef struct sim_link {
    uint32_t i, j, q, pair;
} sim_link;

/* An unusual leg's place in the lists of route.h: its row (country *
 * k + sector) and the intermediary m. */
typedef struct sim_leg {
    uint32_t row, m;
} sim_leg;

struct ss_sim {
    const ss_world *w;
    const ss_config *c;
    size_t n, k, len; /* len = n * n * k */
    long t;
    /* Every array below but the detour table: in the block `arrays`
     * when small, else each on its own, listed in own (sim.c). */
    void *arrays;
    void **own;
    size_t n_own;

    /* Demand: CES weights in USD: the baseline flows themselves until
     * relocation first moves them, then wt_own. */
    const double *wt;
    double *wt_own, *e0, *index, *logsum, *price, *ratio;
    /* Flows: true by origin, shipped directly, recorded exports / imports
     * (the last three built on demand; `direct_ready` and `recorded` say
     * they are this month's: the step needs none of them, so their pages
     * are touched only when asked for). */
    double *x, *direct, *rx, *rm;
    int direct_ready, recorded;
    /* Costs: the direct multiplier d and the effective cost C share one
     * array (d == cost): step 1 writes d, and step 3 (legs in
     * sim_routes.c) turns each entry into C in place. Read d only between
     * the two; after them a link had d > 1 exactly when it is penalised. */
    double *d, *cost;
    /* The month's target flows in the general closure (the solver's); for
     * real income, under balance = conditional its factory-gate price
     * changes (NULL before the first solve and under the other balances),
     * and under multiplicative the common factor nu of its sales over
     * factor incomes (1 otherwise). */
    const double *eq_flows, *eq_wage;
    double eq_scale;
    /* The factor of the measures no detour evades (payment, none), paid by
     * every route of a link; all 1 unless any_fixed (filled when first
     * needed, and again when fixed_dirty). */
    double *fixed;
    int any_fixed, fixed_dirty;
    unsigned char *sanctions; /* origin sanctions destination in a sector */
    /* Penalised links (i != j, d > 1), in increasing index: pen_idx[p],
     * the direct road's weight d^-theta, the total weight of the link's
     * routes, the evasion nest's factor for its detours (sum^(nest - 1)),
     * how its detours were summed (ss_route_detours' flags), whether it is
     * rerouted (some detour open), and its flow before capacity cuts (the
     * routes' basis). pen_start[i] is exporter i's first, and pen_at[p]
     * link p's exporter, importer and sector (loading them costs less than
     * dividing its index by k and n). */
    uint32_t *pen_idx;
    size_t *pen_start, n_pen;
    sim_link *pen_at;
    double *pen_direct, *pen_route_w, *pen_nest_f, *pen_sent;
    unsigned char *pen_how, *pen_re;
    /* Detour factors g^-theta for the intermediaries only: pair
     * detour_pair(i, j)'s row is row number detour_row[pair] - 1 (0 until
     * the pair first needs one, so that the pages of pairs never needed
     * stay untouched), its entry v for m = via[v] at detour_at(s, pair)[v].
     * Rows are numbered in order of first need, from 0 up (detour_rows of
     * them so far), so that the rows in use lie packed at the table's
     * start, in huge pages where the system has them. A row is built
     * (detour_ready) when a link of the pair first reroutes (marked in
     * detour_need, n*n each), and again after theta, the detour cost, the
     * list of intermediaries or the customs union (union_was, n: each
     * country in it last month) change (via_changed). With symmetric distances
     * (detour_sym) the pairs (i, j) and (j, i) share one row unless one
     * of them is in the customs union and the other not, so about half of
     * the n*n rows' room is ever used. */
    double *detour;
    uint32_t *detour_row;
    size_t detour_rows;
    unsigned char *detour_ready, *detour_need, *union_was;
    double detour_theta, detour_cost;
    int via_changed, detour_sym;
    /* Unusual legs for route choice (see route.h): their positions and
     * weights as found, then the compressed rows. */
    size_t *out_start, *in_start;
    uint32_t *out_m, *in_m;
    sim_leg *out_where, *in_where;
    double *out_w, *in_w, *out_v, *in_v;
    /* How many entries of the legs' appended arrays are mapped in so far:
     * the unusual legs out and in, and the penalised links (legs()). */
    size_t mapped_out, mapped_in, mapped_pen;
    /* How many entries of the other arrays of penalised links are mapped
     * in (map_links()). */
    size_t mapped_links;
    /* Intermediaries. */
    double *fee, *fee_by_sector, *commission, *transit, *transit_by_sector, *income, *capacity,
        *total_transit;
    /* Reach (share of shippers able to use m), rationing factor of a bound
     * capacity, and the transit shippers wanted before rationing (n*k). */
    double *reach, *ration, *desired, *keep;
    /* The intermediaries cut by their capacity this month, by sector: row q
     * lists short_m[short_start[q]] to short_m[short_start[q + 1] - 1]. */
    size_t *short_start, *short_m;
    /* With stop_at_once, the share of each penalised link's shippers whose
     * route is still open (pen_served[p]: last month's while this month's
     * demand reads it, then this month's), and last month's penalised links
     * with theirs (n_was of was_idx, was_served; none before the first
     * month, when every link was served), all of len. */
    double *pen_served, *was_served;
    uint32_t *was_idx;
    size_t n_was;
    /* With stop_at_once, this month's penalised links by importer: those
     * of importer j are pen_by_j[pen_j_start[j]] to
     * pen_by_j[pen_j_start[j + 1] - 1], places in the penalised list in
     * increasing index (len and n + 1). */
    uint32_t *pen_by_j;
    size_t *pen_j_start;
    /* k: 1 for a bulk sector, one that only some countries can re-export
     * (the world's `processes`): its transit capacity is fixed and binds. */
    unsigned char *bulk;
    /* Imports only: the base of the import price index (the baseline
     * imports, and the home weight relocation moves abroad: sim_relocate.c),
     * the index, and its sums while an importer's demand is computed (n*k
     * of sums, then n*k of sums of logs). */
    double *imp0, *imp_price, *scratch_imp;
    /* The import nest (sim_demand.c), by market (n*k): the sum of the
     * foreign origins' weights, the composite's base (imp0 while the
     * weights are the baseline's; summed again when relocation moves
     * them); the scale of the foreign origins' targets, the composite's
     * term of the index over the foreign sum (1 in a market without the
     * nest); and the imports' share of the market's target spending, the
     * composite's term over the index (0 in a market without the nest;
     * for the supply curves' slope). */
    double *imp_w, *imp_scale, *imp_share;
    /* Foreign suppliers' sales to each importer, last month and at the
     * baseline, for the mark-ups (n*k); whether a market's flows left the
     * baseline last month (n*k); each link's baseline mark-up (len), built
     * when first needed and again when an elasticity or kappa changes
     * (sigma, the import nest's, commodity_sigma and kappa it was built
     * for; NAN before). */
    double *sold, *sold0, *markup0, markup0_key[4];
    unsigned char *moved;
    /* 1 - the foreign origins' sigma of every sector this month
     * (import_sigma(); a home origin's weight is computed again with the
     * import nest), repeated (n*k*block: expo[u] for sector u % k), the
     * exponent of demand's weights (all n*w of a block's for
     * ss_demand_weights_vpow with mark-ups, the first w without). */
    double *expo;
    /* The intermediaries, each one's place among them (SIZE_MAX: none),
     * their fees by sector (k*n_via) and, when they pay (legs()), the
     * legs to and from them (n*k rows of n_via, from the lists), as
     * route.h's set. */
    size_t *via, *via_pos, n_via;
    double *via_value; /* n: the values through each intermediary of one link */
    double *fee_via, *via_out, *via_in;
    ss_route_set set;
    /* Threads, their team (NULL for one: sim_for), and two scratch rows
     * of n*k*block per thread. Demand takes importers `block` at a time
     * (sim_demand.c; chosen in sim.c). */
    int threads;
    ss_team *team;
    double *scratch;
    size_t block;
    /* Supply (sim_supply.c): each exporter's factory price relative to
     * the baseline (n*k, 1 where supply is perfectly elastic) in force this
     * month and as set for next month (factory_next, step 8), the month's
     * target flows it clears against (len, touched only with supply
     * curves), the commissions each origin paid this month on its rerouted
     * flows (n*k, sim_paid), and incomes built on demand: producers'
     * receipts (n*k), real income (n), and the price each exporter
     * realises on its exports (n*k); each exporter's baseline sales (n*k),
     * and its netback there (2*n*k) for the freight netback0_freight. */
    double *factory, *factory_next, *export_price, *target_x, *sales, *paid_out, *real_income;
    double *sales0, *netback0, netback0_freight;
    int paid_ready, incomes_ready;
    /* Enforcement, per enforcer e and country m. */
    size_t ne;
    unsigned char *scope;       /* ne*k: SS_EXPORT / SS_IMPORT bits enforced this month */
    unsigned char *member;      /* ne*n */
    unsigned char *target;      /* ne*n: a target of the enforced sanctions this month */
    double *p_hist;             /* ne*n*months: detection probability by month */
    double *watched;            /* ne*n: this month's transit legs in its records */
    long *until;                /* ne*n: last month under secondary sanctions, -1 none */
    long *caught_at;            /* ne*n: random mode, the month of its last catch, -1 none */
    long *quiet;                /* ne*n: the last month it did not watch m, or watched
                                   nobody (0 at first): its secondary sanctions on m end then */
    double *detection, *caught; /* n */
    /* Links routed through intermediaries this month (places in the
     * penalised list, so in increasing index). */
    uint32_t *re_link;
    size_t n_re;
    /* Link-months whose detours were dropped as too light to divide by
     * (finish_routes), and the first month of one (0: none). */
    size_t routes_lost;
    long routes_lost_month;
    /* The general closure's equilibrium solver (NULL in the partial one). */
    ss_eq_workspace *eq;
    /* Commissions as income in an equilibrium (n each): earned as an
     * intermediary and carried by each exporter's sales, this iterate's
     * and the next. */
    double *earned, *paid, *earned_next, *paid_next;
    /* The report's levers (sim_levers.c): each country's participation in
     * evasion (n), the share of each corridor's offer each country holds
     * (n_corridors * n), how likely each was caught in each month
     * (n * months), each corridor's flow last month, each country's
     * baseline imports (n), and what a chooser stakes and its outside
     * option (n each). */
    double *participation, *held, *caught_hist, *corr_flow, *imports0, *stake, *outside;
    /* Production relocation (sim_relocate.c), by host and sector (n * k):
     * the weight that arrived this month, and all that arrived so far to
     * serve the target's own market and every other market. */
    double *reloc_new, *reloc_home, *reloc_away;
};

/* What a loop of sim_for does with one item; scratch is its thread's two
 * rows of n*k*block (demand's weights and targets; the route costs'
 * powers). */
typedef void sim_item_fn(ss_sim *s, size_t item, double *scratch, void *ctx);

/* fn(s, item, scratch, ctx) once for every item in [0, count), on the
 * simulation's threads, each a share of consecutive items (chunk 0) or
 * chunks of `chunk` as they come free (team.h: in any order and on any
 * thread, so each item's work must be its own). */
void sim_for(ss_sim *s, size_t count, size_t chunk, sim_item_fn *fn, void *ctx);

/* The dispersion of routes inside the evasion nest, theta / nest. */
static inline double nest_theta(const ss_config *c)
{
    return c->theta / c->nest;
}

/* 1 for a commodity sector with an elasticity of its own: it takes no
 * Atkeson-Burstein mark-ups (docs/model.md, "Commodities"). */
static inline int commodity_priced(const ss_sim *s, size_t q)
{
    return s->w->commodity[q] && s->c->commodity_sigma > 0;
}

/* The substitution elasticity between origins in sector q: the world's
 * commodities use commodity_sigma when it is set, in the partial closure.
 * The general closure's equilibrium has one sigma over every sector, and
 * so has what it reports (its import price index of a commodity took
 * commodity_sigma: a hunt). */
static inline double sector_sigma(const ss_sim *s, size_t q)
{
    return commodity_priced(s, q) && s->eq == NULL ? s->c->commodity_sigma : s->c->sigma;
}

/* The elasticity among the foreign origins of the sectors that use sigma:
 * import_sigma where the import nest is on (set, above 1 with sigma, not
 * sigma itself, which is one nest, and in the partial closure: the
 * equilibrium has one nest), else sigma. */
static inline double foreign_sigma(const ss_sim *s)
{
    const double m = s->c->import_sigma, sigma = s->c->sigma;
    return m > 1 && sigma > 1 && m != sigma && !s->eq ? m : sigma;
}

/* 1 when sector q has the import nest this month (the equilibrium has
 * one nest): home goods and the composite of imports substitute with
 * sector_sigma, foreign origins among themselves with import_sigma. */
static inline int nested(const ss_sim *s, size_t q)
{
    return !s->eq && ss_config_import_nested(s->c, s->w->commodity, q);
}

/* The elasticity among sector q's foreign origins: sector_sigma without
 * the nest. */
static inline double import_sigma(const ss_sim *s, size_t q)
{
    return nested(s, q) ? foreign_sigma(s) : sector_sigma(s, q);
}

/* 1 when supply curves set factory prices this month: some exporter's
 * supply is not perfectly elastic, and the closure is partial (in the
 * general one the equilibrium's factory-gate prices clear sales). */
static inline int supply_on(const ss_sim *s)
{
    return s->c->supply != NULL && s->eq == NULL;
}

/* The place of pair (i, j)'s detour row: (j, i)'s when the two rows are
 * the same bit for bit, for i > j. With dist symmetric, d_im + d_mj is
 * d_jm + d_mi with the two terms swapped (the same sum), and the customs
 * union's exemption of a detour into j is the same as into i when both
 * or neither are members. */
static inline size_t detour_pair(const ss_sim *s, size_t i, size_t j)
{
    const ss_agent *a = s->c->agent;
    if (s->detour_sym && i > j && a[i].customs_union == a[j].customs_union)
        return j * s->n + i;
    return i * s->n + j;
}

/* The detour row of a pair that has one (detour_row). */
static inline double *detour_at(const ss_sim *s, size_t pair)
{
    return s->detour + (size_t)(s->detour_row[pair] - 1) * s->n_via;
}

/* Asks the cache for the bytes [p, p + bytes), a line of 64 at a time, a
 * while before they are read (docs/performance.md: demand's rows and the
 * detour rows). Always inlined: GCC 12 emitted no prefetch at all for
 * such a loop in a function of its own. */
static inline __attribute__((always_inline)) void sim_ask(const void *p, size_t bytes)
{
    for (uintptr_t a = (uintptr_t)p & ~(uintptr_t)63; a < (uintptr_t)p + bytes; a += 64)
        __builtin_prefetch((const void *)a);
}

/* The detour row of penalised link p's pair, built while costing the
 * routes. */
static inline const double *detour_of(const ss_sim *s, size_t p)
{
    return detour_at(s, s->pen_at[p].pair);
}

/* Legs are read from the lists alone (route.h). */
static inline ss_route_ctx route_ctx(const ss_sim *s)
{
    return (ss_route_ctx){s->n,         s->k,     NULL,        NULL,    s->fee,   s->fee_by_sector,
                          s->out_start, s->out_m, s->in_start, s->in_m, s->out_w, s->in_w};
}

/* The intermediaries for route.h; NULL when every country is one, for
 * the contiguous loops (the rows are then the same, indexed by country). */
static inline const ss_route_set *route_set(const ss_sim *s)
{
    return s->n_via == s->n ? NULL : &s->set;
}

/* The place of link idx in the penalised list, or SIZE_MAX. */
static inline size_t penalised(const ss_sim *s, size_t idx)
{
    size_t lo = 0, hi = s->n_pen;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->pen_idx[mid] < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_pen && s->pen_idx[lo] == idx ? lo : SIZE_MAX;
}

/* What a detour's unscaled weight is multiplied by to give its share of
 * the link's flow: the share pushed off the direct road over the total
 * weight, times the evasion nest's factor. */
static inline double detour_share(const ss_sim *s, size_t p)
{
    return (1 - s->pen_direct[p]) / s->pen_route_w[p] * s->pen_nest_f[p];
}

/* What a detour's unscaled weight is multiplied by to give its flow. */
static inline double detour_scale(const ss_sim *s, size_t p)
{
    return s->pen_sent[p] * detour_share(s, p);
}

/* sim.c: step 1 (the timeline of month t) and the commissions' route
 * weights. */
void sim_timeline(ss_sim *s, long t);
void sim_set_fees(ss_sim *s);

/* sim.c: starts the month's fixed factor (all 1) before the first measure
 * or lever that multiplies it. */
void sim_fixed_begin(ss_sim *s);

/* sim_levers.c: the levers' state (allocated with the simulation), their
 * costs in step 1, the chooser's commission premium in step 2, and what
 * they record at the end of a month. */
int sim_levers_alloc(ss_sim *s);
void sim_levers_free(ss_sim *s);
void sim_levers_costs(ss_sim *s, long t);
void sim_levers_commission(ss_sim *s);
void sim_levers_end(ss_sim *s);

/* sim_relocate.c: production relocation at the start of month t
 * (docs/model.md section 9), after the month's sanctions are known. */
void sim_relocate(ss_sim *s);

/* sim_routes.c: step 3 (effective costs and routes), step 4's shipping,
 * capacity bounds and what the enforcers see, the direct flows and the
 * recorded statistics (built on demand), and the value through m on
 * penalised link p. sim_route_costs fails (SS_ENUMERIC) when a link's route
 * weight overflows. */
int sim_route_costs(ss_sim *s, ss_diag *diag);
void sim_ship(ss_sim *s);
void sim_bind_capacity(ss_sim *s);
void sim_settle(ss_sim *s);
/* The commissions each origin paid this month, in s->paid_out: summed by
 * sim_settle when there are enforcers, else here on first demand. */
void sim_paid(ss_sim *s);
void sim_record(ss_sim *s);
void sim_direct(ss_sim *s);
double sim_via_value(const ss_sim *s, const ss_route_ctx *ctx, size_t p, size_t m);
/* sim_via_value for every intermediary at once, into value[m] (n entries;
 * countries outside the route set are left alone). */
void sim_via_values(const ss_sim *s, const ss_route_ctx *ctx, size_t p, double *value);

/* sim_demand.c: step 4's demand (mark-ups, price indices, flows moved
 * toward their targets). */
int sim_demand(ss_sim *s, ss_diag *diag);
/* SS_OK when every market's price index in index (n*k) is finite; else
 * SS_ENUMERIC, diag naming the first infinite one ("the price index of RUS
 * in sector energy is infinite: ...", after "month T: " when t >= 0) and
 * sigma's power when sigma (NaN: each sector's import_sigma) is within 0.01
 * of 1. The partial closure, the general one and `equilibrium` refuse such
 * an index alike: it would be written as inf (a hunt). */
int sim_finite_indices(const ss_sim *s, const double *index, double sigma, long t, ss_diag *diag);

/* sim_equilibrium.c: the general closure's targets for this month. */
int sim_equilibrium_targets(ss_sim *s, ss_diag *diag);

/* sim_supply.c: step 4's factory prices on every link's cost, step 8's
 * move of factory prices toward clearing the month's targets (the price
 * caps lowering what the sellers realise), and incomes (built on demand). */
void sim_factory_costs(ss_sim *s);
void sim_supply_init(ss_sim *s);
void sim_supply_prices(ss_sim *s);
void sim_incomes(ss_sim *s);

#endif
