/* What a scenario sets, as the model sees it: model parameters, the
 * intermediaries' parameters, measures on links (sanctions and cost changes)
 * and enforcers. Months are indices from the baseline month 0. Country,
 * sector and member lists hold indices into the world.
 *
 * The simulation reads this struct afresh every month, so a caller may
 * change any parameter between steps (dated parameter changes), and the
 * members of any set (group changes); it must not add or remove measures,
 * enforcers, blocs, corridors or networks while a simulation uses it. */
#ifndef SS_CONFIG_H
#define SS_CONFIG_H

#include "status.h"

#include <stddef.h>

/* A price cap (SS_PRICE_CAP) restricts no link: while the target's factory
 * price in the sector is above the cap, the share of its exports that needs
 * the coalition's services (shipping, insurance) realises at most the cap,
 * or its price less the cost of dearer services (cost.h). */
enum ss_kind { SS_BAN, SS_PENALTY, SS_PRICE_CAP };
enum ss_closure { SS_PARTIAL, SS_GENERAL };
enum ss_direction { SS_EXPORT = 1, SS_IMPORT = 2, SS_BOTH = 3 };
enum ss_mode { SS_RANDOM, SS_EXPECTED };
/* Whom an enforcer watches (section 7): every country neither in its
 * group nor a target, or only the candidate intermediaries. */
enum ss_watches { SS_WATCH_ALL, SS_WATCH_CANDIDATES };
/* Which of the target's markets relocated production serves (section 9):
 * the buyers that sanction it in the sector, or every buyer, the target's
 * own market and third markets included. */
enum ss_relocation_markets { SS_RELOCATE_SANCTIONING, SS_RELOCATE_ALL };
enum ss_stop { SS_STOP_NONE, SS_STOP_CAP, SS_STOP_SHED };
/* How a measure is evaded: by re-declaring goods through a third country (a
 * physical detour), by paying a payment agent's fee (no detour), or not at
 * all (pipelines, tariffs nobody launders). */
enum ss_evasion { SS_EVADE_TRANSIT, SS_EVADE_PAYMENT, SS_EVADE_NONE };

/* A list of indices (countries or sectors). */
typedef struct ss_set {
    size_t len;
    size_t *at;
} ss_set;

/* A sanction: `by` members restrict trade with `target` members in
 * `sectors`. An export sanction acts on links by -> target, an import
 * sanction on target -> by. A ban closes the direct route; a penalty
 * multiplies its cost by (1 + rate). In force from start through end (both
 * included); end < 0 means to the end of the run. */
typedef struct ss_measure {
    char *name;
    char *by_name; /* how the scenario named the coalition, for reports */
    ss_set by, target, sectors;
    int kind;      /* enum ss_kind */
    int direction; /* enum ss_direction */
    int evasion;   /* enum ss_evasion */
    double rate;   /* penalty rate, >= 0; for a price cap, the extra cost of the
                      services that replace the coalition's (the "shadow fleet") */
    /* A price cap: the cap as a ratio to the target's baseline factory
     * price, and the share of the target's exports in the sector that needs
     * the coalition's services. */
    double cap, cap_enforcement;
    long start, end;
    /* 1 when the measure answers the sanctions before it (by start month,
     * then as added): its `by` holds a target of one of them that answers
     * none, as a bloc's counter-sanctions on the coalition that sanctions
     * its members do. Reports leave such a measure out of the headline
     * and of "the target" (src/summary.h); the model does not read it.
     * Set by ss_config_add_measure, for every measure. */
    int answers;
} ss_measure;

/* A dated table of per-link cost changes (a scenario's [links NAME]):
 * link (from[q], to[q], sector[q]) costs (1 + change[q]) times as much
 * from start through end (end < 0: to the end of the run). The primitive
 * for tariff schedules, trade agreements and transport corridors. */
typedef struct ss_links {
    char *name;
    size_t len;
    size_t *from, *to, *sector;
    double *change; /* > -1 */
    long start, end;
} ss_links;

/* A trading bloc (docs/model.md section 3b): from start through end, links
 * between two members cost (1 + preference) times as much (in the direct
 * cost d, so detours through members get cheaper too), and members' imports
 * from non-members in `sectors` pay (1 + external) on every route (a common
 * external tariff, which no detour evades). */
typedef struct ss_bloc {
    char *name;
    ss_set members, sectors;
    double preference, external;
    long start, end;
} ss_bloc;

/* A corridor (docs/model.md section 3c): links from `from` to `to` (and
 * back with direction both) in `sectors` cost (1 + change) times as much
 * from start through end. capacity > 0: the cut applies in full only up to
 * that flow (USD million a month), which grows by `growth` a month.
 * condition: the offer holds for a country of `offer` only while it is not
 * caught (SS_HOLD_CAUGHT, within the last `memory` months) or while its
 * transit stays at most `threshold` of its baseline imports
 * (SS_HOLD_TRANSIT). */
enum ss_hold { SS_HOLD_ALWAYS, SS_HOLD_CAUGHT, SS_HOLD_TRANSIT };
typedef struct ss_corridor {
    char *name;
    ss_set from, to, sectors, offer;
    int direction; /* enum ss_direction */
    int condition; /* enum ss_hold */
    double change, capacity, growth, threshold;
    long memory, start, end;
} ss_corridor;

/* A payment network (docs/model.md section 3d): its members settle with
 * one another from start through end. Once a scenario has any network, the
 * trade of two countries that share none pays a settlement cost, evaded by
 * payment agents for their fee. */
typedef struct ss_network {
    char *name;
    ss_set members;
    long start, end;
} ss_network;

/* Per-country intermediary parameters (docs/model.md, "Intermediaries").
 * reach_*: the share of shippers able to arrange transit through the
 * country, from reach_start growing logistically at reach_speed while it
 * carries transit, up to reach_max (1, 1, 0: everyone, at once, as in the
 * first model). capacity_bound: transit never exceeds capacity (0: the
 * capacity only prices congestion). */
typedef struct ss_agent {
    double base_commission, loss, capacity, congestion_price, congestion_power;
    double leverage, price_speed, invest_speed, lost_in_transit;
    double reach_start, reach_max, reach_speed;
    int capacity_bound; /* 0 or 1 */
    int willing;        /* 0 or 1 */
    /* Allies who choose (docs/model.md section 6b): with choose = 1 the
     * country's participation in evasion follows a smoothed best response
     * with a switching cost; inducement is Moscow's payment for taking part
     * (USD million a month). */
    int choose;
    double switching_cost, choice_noise, inducement;
    int candidate; /* 0 or 1: listed as a candidate intermediary */
    /* 0 or 1: in the customs union of [model] customs_union; a detour
     * through a member to another member pays no extra distance. */
    int customs_union;
} ss_agent;

/* An enforcer watches intermediaries on behalf of a coalition (section 6). */
typedef struct ss_enforcer {
    char *name;
    ss_set members;
    double enforcement, base_hazard, surge_hazard, secondary_penalty;
    double attention_lag; /* the share of last month's p that carries over (0: none) */
    long secondary_months;
    int mode;    /* enum ss_mode */
    int watches; /* enum ss_watches */
    /* When not empty, it watches only these of the countries `watches`
     * names: secondary sanctions aimed at named intermediaries. */
    ss_set watch_only;
} ss_enforcer;

typedef struct ss_config {
    size_t n, k;   /* the world's sizes */
    long months;   /* run length including the baseline month 0 */
    double sigma;  /* CES elasticity across origins, >= 1 */
    /* The import nest (docs/model.md, "The import nest"): the elasticity
     * among foreign origins, between which sigma then substitutes home
     * goods and the imports as one composite; 0 (or sigma itself): no
     * nest, sigma among every origin. Only sectors that use sigma have the
     * nest (not a commodity with commodity_sigma), only when it and sigma
     * are above 1, and only in the partial closure. */
    double import_sigma;
    /* k flags: 1 for a sector with the import nest (import_sectors); NULL,
     * the default: every sector. */
    unsigned char *import_nest;
    double theta;  /* route-choice dispersion, > 0 */
    double adjust; /* monthly adjustment speed, (0, 1] */
    double detour_cost;
    double relocation_speed; /* section 9, [0, 1] */
    /* Relocation's cost: relocated production costs (1 + cost) times the
     * target's, so its demand weight is (1 + cost)^(1 - sigma) times the
     * weight it leaves (0: no cost). */
    double relocation_cost;
    /* The largest share of the target's baseline weight on a link and
     * sector that ever relocates, [0, 1] (1: no ceiling). */
    double relocation_ceiling;
    int relocation_markets; /* enum ss_relocation_markets */
    /* The evasion nest's dissimilarity in (0, 1]: the detours' joint weight
     * is (sum of w_m^(1/nest))^nest, 1 = the plain sum. */
    double nest;
    double kappa;       /* Atkeson-Burstein conduct in [0, 1]; 0 = no mark-ups */
    double payment_fee; /* a payment agent's fee for evasion = payment */
    /* Spare processing capacity of a bulk sector (see world.h, reexport),
     * as a share of the processor's monthly baseline imports of it. */
    double bulk_capacity;
    /* 1: in an equilibrium (the equilibrium command, closure = general)
     * commissions are income of the intermediaries; 0: an iceberg cost. */
    int commission_income;
    /* Shippers who lose their route and find no other (docs/model.md,
     * "Shippers who lose their route"): SS_STOP_NONE, flows only adjust
     * gradually; SS_STOP_CAP, the first rule, the flow at most last month's
     * times the ratio of the shares still served (which can hold a flow
     * below its target); SS_STOP_SHED, those shippers stop at once and the
     * rest adjust. A long, as every whole-number key of a scenario. */
    long stop_at_once;
    /* 1 when a dated change may switch stop_at_once: the shares served are
     * then recorded in months without it too, so that the first month with
     * it compares with the month before (set by the scenario loader). */
    int stop_at_once_dated;
    /* Threads a simulation's heavy loops use (1: one, the plain serial
     * loops; it keeps at most one a country). Read when the simulation is
     * allocated. Any number gives the same results bit for bit: work is
     * split by importer, exporter or sector, and no sum is split across
     * threads. */
    int threads;
    /* How many importers demand takes at once (0: the step's choice, with
     * fewer than 8 sectors enough that a row of theirs is a whole number of
     * fours; above n: n; model/sim.c). Read when the simulation is
     * allocated. Any number gives the same results bit for bit: each value
     * is computed as for its importer alone. Tests set it to check that. */
    size_t demand_block;
    /* The substitution elasticity between origins in the world's commodity
     * sectors (ss_world.commodity); 0: sigma, as in every other sector. */
    double commodity_sigma;
    /* The freight a seller pays on its exports of the world's commodity
     * sectors, per 1000 km of the world's distances, as a share of the
     * baseline price (docs/model.md, "Freight on commodities"); 0: none. */
    double freight;
    /* Supply curves: the elasticity of exporter i's supply in sector s at
     * supply[i * k + s]. INFINITY is perfectly elastic supply, whose factory
     * price stays at the baseline; NULL (the default) means INFINITY
     * everywhere, the model before supply curves. */
    double *supply;
    int closure;     /* enum ss_closure: expenditure fixed, or following equilibrium incomes */
    int balance;     /* enum ss_eq_balance, for the general closure */
    ss_agent *agent; /* n entries */
    ss_measure *measure;
    size_t n_measures;
    ss_enforcer *enforcer;
    size_t n_enforcers;
    ss_links *links;
    size_t n_links;
    /* The report's levers (docs/model.md sections 3b-3d, 9): blocs,
     * corridors, payment networks and the settlement cost outside them,
     * and relocation's cost and ceiling. */
    ss_bloc *bloc;
    size_t n_blocs;
    ss_corridor *corridor;
    size_t n_corridors;
    ss_network *network;
    size_t n_networks;
    double settlement_cost;
} ss_config;

/* A configuration with every documented default and no measures. */
ss_config *ss_config_alloc(size_t n, size_t k, long months);

/* 1 when sector q has the import nest in the partial closure
 * (docs/model.md, "The import nest"): import_sigma set, above 1 with sigma
 * and not sigma itself (one nest); q among import_sectors; and not a
 * commodity (flags `commodity`, of the world) that commodity_sigma prices. */
static inline int ss_config_import_nested(const ss_config *c, const unsigned char *commodity,
                                          size_t q)
{
    const double m = c->import_sigma;
    return m > 1 && c->sigma > 1 && m != c->sigma &&
           !(commodity && commodity[q] && c->commodity_sigma > 0) &&
           (!c->import_nest || c->import_nest[q]);
}
void ss_config_free(ss_config *c);

/* Adds a measure / enforcer; the config takes ownership of the names and
 * copies the sets. Returns its index or -1 when memory runs out. */
long ss_config_add_measure(ss_config *c, const ss_measure *m);
long ss_config_add_enforcer(ss_config *c, const ss_enforcer *e);
/* Adds an empty links table of `len` entries to fill in; NULL when memory
 * runs out. */
ss_links *ss_config_add_links(ss_config *c, const char *name, size_t len, long start, long end);

/* Sets the supply elasticity of exporter i in sector s (INFINITY:
 * perfectly elastic); the array is made, all INFINITY, on first use.
 * SS_ENOMEM when memory runs out. */
int ss_config_set_supply(ss_config *c, size_t i, size_t s, double elasticity);

/* Set helpers. */
int ss_set_add(ss_set *s, size_t x);
int ss_set_has(const ss_set *s, size_t x);
void ss_set_clear(ss_set *s);

/* The documented defaults (README.md, docs/model.md), each stated once,
 * here: a configuration as ss_config_alloc makes it (sizes, months and the
 * arrays aside), every intermediary, and a new enforcer or measure (names,
 * sets and dates aside; end = -1). The scenario reader takes its defaults,
 * and `sanctsim help keys` prints them, from these (src/scenario.c); the
 * equilibrium solver's sigma and balance too (ss_eq_options_init). Ranges
 * are checked where values are read, where the place of an error is known. */
extern const ss_config ss_config_default;
extern const ss_agent ss_agent_default;
extern const ss_enforcer ss_enforcer_default;
extern const ss_measure ss_measure_default;
extern const ss_bloc ss_bloc_default;
extern const ss_corridor ss_corridor_default;
extern const ss_network ss_network_default;

/* Adds a bloc, corridor or payment network (model/levers.c); the config
 * takes copies of the name and sets. Returns its index or -1 when memory
 * runs out. */
long ss_config_add_bloc(ss_config *c, const ss_bloc *b);
long ss_config_add_corridor(ss_config *c, const ss_corridor *r);
long ss_config_add_network(ss_config *c, const ss_network *p);
void ss_config_free_levers(ss_config *c);
/* Copies src's sets into dst (dst's own are not freed). */
int ss_set_copy(ss_set *dst, const ss_set *src);

#endif
