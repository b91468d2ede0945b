/* The rows of a run's summary: each coalition's sanctioned trade with one
 * target in one sector and direction (export: coalition -> target; import:
 * target -> coalition), from the measures of a configuration. summary.csv
 * and a sweep's headline indicators are both computed here, so a sweep
 * reproduces a run's numbers exactly. */
#ifndef SS_SUMMARY_H
#define SS_SUMMARY_H

#include "config.h"
#include "sim.h"
#include "world.h"

typedef struct ss_watch {
    const ss_measure *m; /* the first measure that named this combination */
    size_t target, sector;
    int direction; /* SS_EXPORT or SS_IMPORT */
} ss_watch;

/* The distinct combinations, in the order of the measures, after the *n
 * of *out when *out is not NULL: those it lacks are added, and none is
 * taken away (a target group that gains a member gets its row from the
 * month of the change, a member it loses keeps its row). The caller frees
 * *out. SS_ENOMEM when memory runs out (*out then keeps what it had). */
int ss_watches(const ss_config *c, ss_watch **out, size_t *n);

/* The measure whose coalition a combination's row counts in month t: its
 * first measure while that is in force, else another that shares the row
 * and is in force, else the first (a measure that has ended keeps the
 * countries of its last month; a helper's hunt found a row following an
 * ended measure's coalition while a later one's had grown). */
const ss_measure *ss_watch_measure(const ss_config *c, const ss_watch *wa, long t);

/* This month's baseline, direct and rerouted flow of one combination over
 * the coalition of m (ss_watch_measure), summed over its members (the
 * target itself excluded). Each is a sum of non-negative parts, so none is
 * ever below 0. */
void ss_watch_flows(const ss_world *w, const ss_sim *sim, const ss_watch *wa, const ss_measure *m,
                    double *baseline, double *direct, double *rerouted);

/* LEAKAGE, the one definition (README.md, "Glossary"): over a set of
 * distinct links (exporter, importer, sector), each counted once however
 * many sanctions or coalitions name it,
 *
 *     leakage = rerouted / baseline,
 *
 * baseline = the links' flows in the baseline month, rerouted = this
 * month's flows that arrive through intermediaries (true flow minus the
 * direct part, link by link). Both are valued at the BUYER'S price: what
 * the final buyer pays, the intermediary's commission included, as every
 * flow of the model and of flows.csv is; the seller receives rerouted
 * value / (1 + commission). Export-direction links (coalition -> target)
 * and import-direction links (target -> coalition) are never added
 * together. 0 when the baseline is 0. */
double ss_leakage(double baseline, double rerouted);

/* A set of distinct links, as indices ss_idx, in increasing order. */
typedef struct ss_linkset {
    size_t *idx;
    size_t n;
} ss_linkset;

/* A set's flows in a month, USD million (see ss_leakage). */
typedef struct ss_flows {
    double baseline, direct, rerouted;
} ss_flows;

/* 1 when measure m restricts links between its coalition and its targets
 * in direction dir (SS_EXPORT or SS_IMPORT): every measure that covers dir
 * but a price cap, which restricts the target's sales instead. */
int ss_restricts(const ss_measure *m, int dir);

/* 1 when measure m reroutes through intermediaries in direction dir:
 * it restricts links in dir and is evaded by transit. */
int ss_reroutes(const ss_measure *m, int dir);

/* A test of a measure, with what it needs in arg. */
typedef int (*ss_measure_filter)(const ss_measure *m, const void *arg);

/* The links that the measures of c restrict in direction dir (SS_EXPORT
 * or SS_IMPORT, ss_restricts): those keep accepts (every one when keep is NULL), only
 * those in force in month at when at >= 0. The caller frees out->idx. */
int ss_linkset_of(const ss_world *w, const ss_config *c, ss_measure_filter keep, const void *arg,
                  int dir, long at, ss_linkset *out);

/* The month whose measures in force, among those keep accepts, make a
 * set of links at month t: t when one is in force; else the last month
 * before t when one was (a lifted sanction's links stay the reference,
 * so that its leakage falls to what is still rerouted); else the month
 * the first of them starts (the trade about to be sanctioned); t when
 * keep accepts none. */
long ss_reference_month(const ss_config *c, long t, ss_measure_filter keep, const void *arg);

/* The links of a run's HEADLINE leakage in month t, the number the brief,
 * headline.csv and a sweep's final_leakage and mean_leakage report: the
 * export-direction links of every sanction evaded by transit that is in
 * force at the reference month of t (ss_reference_month): a sanction
 * added later does not dilute the leakage before it. When no sanction
 * evaded by transit has export links, their import-direction links (*dir
 * says which). Measures evaded by payment or not at all never reroute and
 * are left out, and so are those that answer earlier sanctions (a bloc's
 * counter-sanctions: ss_measure's `answers`). */
int ss_headline_links(const ss_world *w, const ss_config *c, long t, ss_linkset *out, int *dir);

/* Marks in target (n, cleared first) the targets of the sanctions that
 * count in the headline in month t, at its reference month (those in
 * force last, when none is in t), or in any month for t < 0 ("sanctioned
 * exports to ..." names them; a price cap's target is not among them);
 * returns how many. */
size_t ss_headline_targets(const ss_config *c, long t, char *target);

/* The headline's direction: SS_IMPORT when the measures that count in it
 * have import links only, else SS_EXPORT (a scenario without sanctions, as
 * a twin, included). */
int ss_headline_dir(const ss_config *c);

/* 1 when some sanction of the headline is in force in month t. */
int ss_headline_in_force(const ss_config *c, long t);

/* The last month before the run's last, months - 1, in which a sanction
 * of the headline was in force, when none is in force in the last one
 * (the sanctions were lifted); else -1. */
long ss_headline_lifted(const ss_config *c, long months);

/* 1 when month t >= 1 counts in a run's mean leakage (a sweep's
 * mean_leakage, compare's): a sanction of the headline is in force and
 * the headline links carry `baseline` > 0 (USD million, ss_flows). */
int ss_mean_leakage_month(const ss_config *c, long t, double baseline);

/* 1 when the headline's links of month t may differ from those of month
 * t - 1: a sanction of the headline starts at t or ended at t - 1. */
int ss_headline_moves(const ss_config *c, long t);

/* This month's baseline, direct and rerouted flow over the set l. */
void ss_linkset_flows(const ss_world *w, const ss_sim *sim, const ss_linkset *l, ss_flows *out);

/* Each country's baseline receipts, its sales home and abroad in every
 * sector (n values into out): the weights of ss_watch_incomes. */
void ss_baseline_receipts(const ss_world *w, double *out);

/* This month's real income index (docs/model.md, "Who gains and loses"; 1 =
 * baseline) of the target, and of the coalition's members together (the
 * target excluded; of m's coalition, ss_watch_measure): their real incomes
 * weighted by their baseline receipts (ss_baseline_receipts). */
void ss_watch_incomes(ss_sim *sim, const ss_watch *wa, const ss_measure *m, const double *receipts,
                      double *target, double *coalition);

#endif
