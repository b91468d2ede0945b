/* Calibration targets (README.md, "Calibration targets"): observed
 * statistics read from a CSV file, and the same statistics measured on a
 * simulation against its twin, month by month.
 *
 * One row is one statistic: an indicator, its countries or groups (from,
 * to), a sector, a period (and for ratios an optional base period), the
 * observed value (or range), a weight and a source. A target is measured by
 * adding up a few quantities over the months of its period and base period
 * (ss_targets_tally), once for the scenario and once for its twin; its
 * simulated value and log error follow from those sums alone.
 * Invariant: a loaded target has resolved countries and sectors, periods
 * inside the run, an observed value its indicator allows and a weight > 0;
 * an error names the file, line and column. */
#ifndef SS_TARGETS_H
#define SS_TARGETS_H

#include "scenario.h"
#include "sim.h"

enum ss_target_indicator {
    SS_FLOW_RATIO,          /* recorded exports from -> to, scenario / twin */
    SS_IMPORT_RATIO,        /* recorded imports of to from from, scenario / twin */
    SS_LEAKAGE,             /* rerouted value / drop in direct value against the twin */
    SS_PRICE_CHANGE,        /* import price index, scenario / twin - 1 */
    SS_TRANSIT_SHARE,       /* share of the true flow from -> to shipped via intermediaries */
    SS_COMMISSION,          /* commission rate of the intermediaries in from, transit-weighted */
    SS_EXPORT_PRICE_CHANGE, /* exporters' factory price, scenario / twin - 1 */
    SS_NINDICATORS
};

/* The indicator names of the targets file, in enum order. */
extern const char *const ss_indicator_name[SS_NINDICATORS];

/* Quantities a target adds up, per period: [0..2] over its period, [3..5]
 * over its base period. */
enum { SS_TALLY = 6 };

typedef struct ss_target {
    char *name, *source;
    char *from_text, *to_text, *sector_text, *period_text, *base_text;
    int indicator;   /* enum ss_target_indicator */
    ss_set from, to; /* countries; empty when the indicator does not use it */
    ss_set sectors;
    long first, last;           /* the period: months of the run, both included */
    long base_first, base_last; /* -1 when there is no base period */
    double observed, high;      /* high == observed for a single value */
    double weight;
    long line;
} ss_target;

typedef struct ss_targets {
    char *path;
    ss_target *at;
    size_t n;
} ss_targets;

/* Reads a targets file and resolves it against a loaded scenario (its
 * world, groups and dates). NULL on failure, with the place in d. */
ss_targets *ss_targets_read(const char *path, const ss_scenario *s, ss_diag *d);
void ss_targets_free(ss_targets *t);
/* How many names its rows have: the rows of one name are one series (a
 * monthly statistic, one row a period). */
size_t ss_targets_names(const ss_targets *t);

/* A period of the targets file as months of a run that starts (month 0)
 * in year0-month0: "2023", "2022Q2", "2022-03", or a range "A/B" of two of
 * these (from the first month of A to the last of B). Returns 0, or -1 when
 * the text is not a period (the months are not checked against the run). */
int ss_period_parse(const char *text, int year0, int month0, long *first, long *last);

/* Adds to out the countries (sectors == 0) or sectors (sectors != 0) of a
 * list separated by spaces: countries, groups of the world or scenario,
 * sector names, or all. SS_EINVAL with the unknown item in bad;
 * SS_ENOMEM. */
int ss_resolve_list(const ss_scenario *s, const char *text, int sectors, ss_set *out, char *bad,
                    size_t size);

/* Adds month t's quantities to acc (SS_TALLY per target, zeroed by the
 * caller before month 0). */
void ss_targets_tally(const ss_targets *t, const ss_world *w, ss_sim *sim, long month, double *acc);

/* Runs s up to the last month a target of t reads, its sums into acc
 * (SS_TALLY per target, zeroed first); ss_run_months' status. */
int ss_targets_run(ss_scenario *s, const ss_targets *t, double *acc, ss_diag *d);

/* Checks that the twin's sums make every target defined (e.g. the twin has
 * some recorded exports to compare with); the error names the row. */
int ss_targets_check_twin(const ss_targets *t, const double *twin, ss_diag *d);

/* The simulated value of target r from its own and its twin's sums (NAN
 * when undefined, e.g. a commission with no transit). */
double ss_target_value(const ss_target *r, const double *acc, const double *twin);

/* Simulated values below this (for a change: 1 + value), or undefined,
 * count as this in a log error, and values above its inverse as that: a
 * banned flow's recorded exports of 0 against an observed 0.3 is an error
 * of log(0.001 / 0.3) = -5.7, large but finite. */
#define SS_TARGET_FLOOR 1e-3

/* The log error of a simulated value: log(simulated / observed), or for a
 * change log((1 + simulated) / (1 + observed)); for an observed range, the
 * log distance to its nearest end and 0 inside it. */
double ss_target_error(const ss_target *r, double simulated);

/* The loss: the sum over targets of weight * error^2, from the simulated
 * values (n of them); each error is stored in errors when not NULL. */
double ss_targets_loss(const ss_targets *t, const double *simulated, double *errors);

#endif
