/* A run folder's series that the run charts, the brief and `compare` all
 * read: the headline flows each month (headline.csv, whose leakage is the
 * one definition of summary.h, so that every one of them reports the same
 * number), the targets' import price change, the intermediaries' transit
 * and commission income, and the coalition's recorded exports to each
 * country. Each reads one table of runfolder.h and stops at its first bad
 * field (SS_EINVAL with file and line in d). */
#ifndef SS_RUNDATA_H
#define SS_RUNDATA_H

#include "runfolder.h"
#include "summary.h"

/* tot[m] for each month m of r: the headline flows of headline.csv, and
 * (each when not NULL) leakage[m], its leakage as written, and imports[m],
 * 1 when they are imports (direction "import"). */
int ss_run_totals(ss_runfolder *r, ss_flows *tot, double *leakage, char *imports, ss_diag *d);

/* pct[m]: the change in % of the import price index (countries.csv,
 * imports only) of the target countries of sc in its sanctioned sectors,
 * averaged with the weights of their baseline imports; 0 at the baseline
 * and NaN in a month without rows. */
int ss_run_import_prices(ss_runfolder *r, const ss_scope *sc, double *pct, ss_diag *d);

/* pct[m]: the change in % of the price the target countries of sc realise
 * on their exports (countries.csv's export_price) in the sectors of the
 * sanctions on their sales (sc's export_pair: import bans and penalties,
 * price caps), averaged with the weights of their baseline exports; 0 at
 * the baseline, NaN in a month without rows and in every month when no
 * sanction cuts the targets' sales. */
int ss_run_export_prices(ss_runfolder *r, const ss_scope *sc, double *pct, ss_diag *d);

/* 1 when r's countries.csv has export_price (a folder written before issue
 * 13 has not), 0 when not; -1 when the table cannot be read (d set). */
int ss_run_has_export_price(ss_runfolder *r, ss_diag *d);

/* The transit and commission income of each country (n of each, USD
 * million summed over the run) from intermediaries.csv, and theirs[i] the
 * part of its commission earned on the targets' trade (NaN for a folder
 * written before that column, commission_targets_usd_mn); seen[i] = 1 for
 * the countries in the file. */
int ss_run_intermediary_sums(ss_runfolder *r, double *transit, double *commission, double *theirs,
                             char *seen, ss_diag *d);

/* v[m * n + i] += the recorded exports of src (recorded.csv) from the
 * coalition of sc to country i in sc's sanctioned sectors in month m, for
 * the months of `names` (rows outside them are ignored); with sc's
 * `imports`, the coalition's recorded imports from i (the goods of an
 * import ban reach it relabelled as i's). Countries and
 * sectors are looked up in the world of `names`, whichever run src is. */
int ss_run_recorded_sums(const ss_runfolder *names, ss_runfolder *src, const ss_scope *sc,
                         double *v, ss_diag *d);

/* The words of ss_run_recorded_sums' flows: "exports", "to" (country i,
 * and "To" to begin a line) and "from" (the coalition); "imports",
 * "from", "From" and "into" when they are imports. */
typedef struct ss_recorded_words {
    const char *flows, *to, *To, *from;
} ss_recorded_words;
ss_recorded_words ss_recorded_words_of(const ss_scope *sc);

/* A run's headline numbers, as `compare` reports them: the last month's
 * headline flows (leakage = ss_leakage) and targets' import price
 * change, and per country (n of each) the transit and commission income
 * over the run, and the change in % of the coalition's recorded exports
 * of sanctioned goods to it, the last month against the baseline (NaN
 * without exports at the baseline). Owns its arrays. */
typedef struct ss_headline {
    ss_flows last;
    int imports;         /* 1 when the last month's headline flows are imports */
    double last_leakage; /* as headline.csv writes it; NaN with no sanction in force */
    /* The mean of the monthly headline leakage over the months that
     * count (ss_mean_leakage_month), as a sweep's mean_leakage; NaN with
     * none. */
    double mean_leakage;
    long mean_from, mean_to; /* the first and last of those months; -1 with none */
    double price_change;
    /* The targets' realised export price change in the last month
     * (ss_run_export_prices); NaN when no sanction cuts their sales, or
     * in a folder written before countries.csv had export_price. */
    double export_price_change;
    double *transit, *commission, *recorded_change;
    char *seen; /* countries in intermediaries.csv */
    double transit_total, commission_total;
    double commission_targets; /* of commission_total, on the targets' trade (NaN: not known) */
    /* 1 when the run's own targets are others than the scope's: its
     * commission_targets (as its run wrote it) is on its own targets'
     * trade, not the scope's. */
    int other_targets;
} ss_headline;

/* Reads h from r, in the scope sc (the first run's, in a comparison). */
int ss_headline_read(ss_runfolder *r, const ss_scope *sc, ss_headline *h, ss_diag *d);
void ss_headline_free(ss_headline *h);

/* 1 when the last month's headline leakage of two runs is a share of
 * different trade: one of exports and one of imports, or their sanctions
 * in force cover baselines that differ by more than 1 %, or by less but
 * enough that the leakage and the rerouted trade move apart (0 when either
 * has none, as a twin). */
int ss_compare_other_trade(const ss_headline *a, const ss_headline *b);

#endif
