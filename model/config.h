/* What a scenario sets, as the model sees it: model parameters, the
 * intermediaries' parameters, measures on links (sanctions and cost changes)
 * and enforcers. Months are indices from the baseline month 0. Country,
 * sector and member lists hold indices into the world.
 *
 * The simulation reads this struct afresh every month, so a caller may
 * change any parameter between steps (dated parameter changes); it must not
 * add or remove measures or enforcers while a simulation uses it. */
#ifndef SS_CONFIG_H
#define SS_CONFIG_H

#include "status.h"

#include <stddef.h>

enum ss_kind { SS_BAN, SS_PENALTY };
enum ss_closure { SS_PARTIAL, SS_GENERAL };
enum ss_direction { SS_EXPORT = 1, SS_IMPORT = 2, SS_BOTH = 3 };
enum ss_mode { SS_RANDOM, SS_EXPECTED };
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
    double rate;   /* penalty rate, >= 0 */
    long start, end;
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
    int candidate;      /* 0 or 1: listed as a candidate intermediary */
    /* 0 or 1: in the customs union of [model] customs_union; a detour
     * through a member to another member pays no extra distance. */
    int customs_union;
} ss_agent;

/* An enforcer watches intermediaries on behalf of a coalition (section 6). */
typedef struct ss_enforcer {
    char *name;
    ss_set members;
    double enforcement, base_hazard, surge_hazard, secondary_penalty;
    long secondary_months;
    int mode; /* enum ss_mode */
} ss_enforcer;

typedef struct ss_config {
    size_t n, k;   /* the world's sizes */
    long months;   /* run length including the baseline month 0 */
    double sigma;  /* CES elasticity across origins, >= 1 */
    double theta;  /* route-choice dispersion, > 0 */
    double adjust; /* monthly adjustment speed, (0, 1] */
    double detour_cost;
    double relocation_speed; /* section 5b, [0, 1] */
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
    /* 1: shippers who lose their route and find no other stop at once
     * (the flow falls in proportion to the share still served); 0: flows
     * only adjust gradually. */
    int stop_at_once;
    /* Threads a simulation's heavy loops use (1: one, the plain serial
     * loops). Read when the simulation is allocated. Any number gives the
     * same results bit for bit: work is split by importer, exporter or
     * sector, and no sum is split across threads. */
    int threads;
    int closure;     /* enum ss_closure: expenditure fixed, or following equilibrium incomes */
    int balance;     /* enum ss_eq_balance, for the general closure */
    ss_agent *agent; /* n entries */
    ss_measure *measure;
    size_t n_measures;
    ss_enforcer *enforcer;
    size_t n_enforcers;
    ss_links *links;
    size_t n_links;
} ss_config;

/* A configuration with every documented default and no measures. */
ss_config *ss_config_alloc(size_t n, size_t k, long months);
void ss_config_free(ss_config *c);

/* Adds a measure / enforcer; the config takes ownership of the names and
 * copies the sets. Returns its index or -1 when memory runs out. */
long ss_config_add_measure(ss_config *c, const ss_measure *m);
long ss_config_add_enforcer(ss_config *c, const ss_enforcer *e);
/* Adds an empty links table of `len` entries to fill in; NULL when memory
 * runs out. */
ss_links *ss_config_add_links(ss_config *c, const char *name, size_t len, long start, long end);

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

#endif
