/* A run folder's shared series (see rundata.h): sums over the rows of one
 * table each, read through runfolder.h. */
#include "rundata.h"
#include "plot.h"
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ss_run_totals(ss_runfolder *r, ss_flows *tot, double *leakage, char *imports, ss_diag *d)
{
    long c[6];
    const ss_table *t = ss_runfolder_table(
        r, SS_RUN_HEADLINE, "month,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,leakage,direction",
        c, d);
    if (!t)
        return SS_EINVAL;
    for (size_t row = 0; row < t->nrow; row++) {
        long m;
        double b, di, re, leak;
        if (ss_read_row(r, t, row, c, d, "mnnnn", &m, &b, &di, &re, &leak))
            return SS_EINVAL;
        tot[m] = (ss_flows){b, di, re};
        if (leakage)
            leakage[m] = leak;
        if (imports)
            imports[m] = strcmp(ss_table_get(t, row, (size_t)c[5]), "import") == 0;
    }
    return SS_OK;
}

/* The weight of each target country and sector of pair: its trade
 * (column c[3]) in the baseline month (w[i * K + k]), from countries.csv's
 * rows t. */
static int price_weights(ss_runfolder *r, const ss_table *t, const long *c, const char *pair,
                         double *w, ss_diag *d)
{
    size_t K = r->s->world->k;
    for (size_t row = 0; row < t->nrow; row++) {
        long m;
        size_t i, k;
        double trade;
        if (ss_read_row(r, t, row, c, d, "mcsn", &m, &i, &k, &trade))
            return SS_EINVAL;
        if (m == 0 && pair[i * K + k])
            w[i * K + k] += trade;
    }
    return SS_OK;
}

/* pct[m]: the change in % of countries.csv's price column `price` over the
 * pairs of `pair`, weighted by their column `trade` in the baseline month
 * (ss_run_import_prices, ss_run_export_prices). */
static int run_prices(ss_runfolder *r, const char *pair, const char *trade, const char *price,
                      double *pct, ss_diag *d)
{
    const ss_world *w = r->s->world;
    size_t T = (size_t)r->s->months, K = w->k;
    long c[5];
    char names[128];
    snprintf(names, sizeof names, "month,country,sector,%s,%s", trade, price);
    const ss_table *t = ss_runfolder_table(r, SS_RUN_COUNTRIES, names, c, d);
    double *weight = t ? ss_plot_zalloc(w->n * K, sizeof *weight) : NULL,
           *sum = t ? ss_plot_zalloc(T, sizeof *sum) : NULL,
           *wsum = t ? ss_plot_zalloc(T, sizeof *wsum) : NULL;
    int rc = !t                      ? SS_EINVAL
             : weight && sum && wsum ? price_weights(r, t, c, pair, weight, d)
                                     : ss_plot_no_memory(d);
    for (size_t row = 0; t && row < t->nrow && !rc; row++) {
        long m;
        size_t i, k;
        double index;
        rc = ss_read_row(r, t, row, c, d, "mcs-n", &m, &i, &k, &index);
        double wt = rc ? 0 : weight[i * K + k];
        if (wt > 0) { /* another row's index may be infinite: 0 * inf is NaN */
            sum[m] += wt * (index - 1);
            wsum[m] += wt;
        }
    }
    for (size_t m = 0; !rc && m < T; m++)
        pct[m] = wsum[m] > 0 ? 100 * sum[m] / wsum[m] : NAN;
    free(weight);
    free(sum);
    free(wsum);
    return rc;
}

int ss_run_import_prices(ss_runfolder *r, const ss_scope *sc, double *pct, ss_diag *d)
{
    return run_prices(r, sc->pair, "imports_usd_mn", "import_price_index", pct, d);
}

int ss_run_export_prices(ss_runfolder *r, const ss_scope *sc, double *pct, ss_diag *d)
{
    return run_prices(r, sc->export_pair, "exports_usd_mn", "export_price", pct, d);
}

int ss_run_has_export_price(ss_runfolder *r, ss_diag *d)
{
    long month;
    const ss_table *t = ss_runfolder_table(r, SS_RUN_COUNTRIES, "month", &month, d);
    return !t ? -1 : ss_table_column(t, "export_price") >= 0;
}

int ss_run_intermediary_sums(ss_runfolder *r, double *transit, double *commission, double *theirs,
                             char *seen, ss_diag *d)
{
    long c[3];
    const ss_table *t = ss_runfolder_table(r, SS_RUN_INTERMEDIARIES,
                                           "intermediary,transit_usd_mn,commission_usd_mn", c, d);
    if (!t)
        return SS_EINVAL;
    const long on_targets = ss_table_column(t, "commission_targets_usd_mn");
    for (size_t i = 0; i < r->s->world->n; i++)
        theirs[i] = on_targets < 0 ? NAN : 0;
    for (size_t row = 0; row < t->nrow; row++) {
        size_t i;
        double x, income, part = 0;
        if (ss_read_row(r, t, row, c, d, "cnn", &i, &x, &income) ||
            (on_targets >= 0 && ss_read_row(r, t, row, &on_targets, d, "n", &part)))
            return SS_EINVAL;
        seen[i] = 1;
        transit[i] += x;
        commission[i] += income;
        theirs[i] += part;
    }
    return SS_OK;
}

int ss_run_recorded_sums(const ss_runfolder *names, ss_runfolder *src, const ss_scope *sc,
                         double *v, ss_diag *d)
{
    size_t n = names->s->world->n;
    long c[5];
    const ss_table *t = ss_runfolder_table(src, SS_RUN_RECORDED,
                                           "month,exporter,importer,sector,exports_usd_mn", c, d);
    if (!t)
        return SS_EINVAL;
    const int imports = sc->imports;
    for (size_t row = 0; row < t->nrow; row++) {
        long m;
        size_t ex, im, sec;
        double x;
        if (ss_scenario_month_index(names->s, ss_table_get(t, row, (size_t)c[0]), &m) != 0)
            return ss_get_month(src, t, row, c[0], &m, d);
        if (m < 0 || m >= names->s->months)
            continue;
        if (ss_read_row(names, t, row, c, d, "-ccs", &ex, &im, &sec))
            return SS_EINVAL;
        if (!sc->coalition[imports ? im : ex] || !sc->sanctioned[sec])
            continue;
        if (ss_read_row(names, t, row, c, d, "----n", &x))
            return SS_EINVAL;
        v[(size_t)m * n + (imports ? ex : im)] += x;
    }
    return SS_OK;
}

ss_recorded_words ss_recorded_words_of(const ss_scope *sc)
{
    return sc->imports ? (ss_recorded_words){"imports", "from", "From", "into"}
                       : (ss_recorded_words){"exports", "to", "To", "from"};
}

/* The change in % of recorded exports from the baseline to the last month. */
static int recorded_change(ss_runfolder *r, const ss_scope *sc, double *change, ss_diag *d)
{
    size_t n = r->s->world->n, T = (size_t)r->s->months;
    double *v = ss_plot_zalloc(T * n, sizeof *v);
    int rc = v ? ss_run_recorded_sums(r, r, sc, v, d) : ss_plot_no_memory(d);
    for (size_t i = 0; !rc && i < n; i++)
        change[i] = v[i] > 0 ? 100 * (v[(T - 1) * n + i] / v[i] - 1) : NAN;
    free(v);
    return rc;
}

int ss_headline_read(ss_runfolder *r, const ss_scope *sc, ss_headline *h, ss_diag *d)
{
    size_t n = r->s->world->n, T = (size_t)r->s->months;
    memset(h, 0, sizeof *h);
    ss_flows *tot = ss_plot_zalloc(T, sizeof *tot);
    double *price = ss_plot_zalloc(T, sizeof *price), *leak = ss_plot_zalloc(T, sizeof *leak),
           *sold = ss_plot_zalloc(T, sizeof *sold);
    char *dir = ss_plot_zalloc(T, 1);
    h->transit = ss_plot_zalloc(n, sizeof *h->transit);
    h->commission = ss_plot_zalloc(n, sizeof *h->commission);
    double *theirs = ss_plot_zalloc(n, sizeof *theirs);
    h->recorded_change = ss_plot_zalloc(n, sizeof *h->recorded_change);
    h->seen = ss_plot_zalloc(n, 1);
    int rc;
    const int sales = ss_run_has_export_price(r, d);
    for (size_t m = 0; sold && m < T; m++)
        sold[m] = NAN;
    if (sales < 0)
        rc = SS_EINVAL;
    else if (!tot || !price || !leak || !sold || !dir || !theirs || !h->transit || !h->commission ||
             !h->recorded_change || !h->seen)
        rc = ss_plot_no_memory(d);
    else if (!(rc = ss_run_totals(r, tot, leak, dir, d)) &&
             !(rc = ss_run_import_prices(r, sc, price, d)) &&
             !(rc = sales > 0 ? ss_run_export_prices(r, sc, sold, d) : SS_OK) &&
             !(rc = ss_run_intermediary_sums(r, h->transit, h->commission, theirs, h->seen, d)) &&
             !(rc = recorded_change(r, sc, h->recorded_change, d))) {
        h->last = tot[T - 1];
        h->imports = dir[T - 1];
        h->last_leakage = tot[T - 1].baseline > 0 ? leak[T - 1] : NAN;
        h->price_change = price[T - 1];
        h->export_price_change = sold[T - 1];
        double sum = 0;
        size_t months = 0;
        h->mean_from = h->mean_to = -1;
        for (size_t m = 1; m < T; m++)
            if (ss_mean_leakage_month(r->s->config, (long)m, tot[m].baseline)) {
                sum += leak[m];
                months++;
                h->mean_from = h->mean_from < 0 ? (long)m : h->mean_from;
                h->mean_to = (long)m;
            }
        h->mean_leakage = months ? sum / (double)months : NAN;
        for (size_t i = 0; i < n; i++) {
            h->transit_total += h->transit[i];
            h->commission_total += h->commission[i];
            h->commission_targets += theirs[i];
        }
        /* A run of other targets earned its commission_targets on theirs
         * (a hunt: China added as a target read as +5.9 bn on Russia's and
         * Belarus's trade). A run of none, as a twin, is no other. */
        ss_scope own;
        if (!(rc = ss_scope_init(&own, r->s, d))) {
            int some = 0;
            for (size_t i = 0; i < n; i++)
                some |= own.target[i];
            h->other_targets = some && memcmp(own.target, sc->target, n) != 0;
        }
        ss_scope_free(&own);
    }
    free(theirs);
    free(tot);
    free(price);
    free(leak);
    free(sold);
    free(dir);
    return rc;
}

int ss_compare_other_trade(const ss_headline *a, const ss_headline *b)
{
    /* A run without sanctions (a twin) has no headline trade to differ;
     * below 1 % (Armenia joining the coalition: 0.5 %) the shares hardly
     * move, unless the difference turns the leakage against the rerouted
     * trade (Armenia's: rerouted +USD 1.2 million a month, leakage -0.1
     * points, which a trial could not read). */
    const double a0 = a->last.baseline, b0 = b->last.baseline;
    if (!(a0 > 0 && b0 > 0))
        return 0;
    /* An export leakage and an import one (a hunt: equal baselines, and
     * no note). */
    if (a->imports != b->imports)
        return 1;
    if (a0 == b0)
        return 0;
    const double rerouted = b->last.rerouted - a->last.rerouted,
                 leakage = b->last.rerouted / b0 - a->last.rerouted / a0;
    return fabs(b0 - a0) > 0.01 * a0 || rerouted * leakage < 0;
}

void ss_headline_free(ss_headline *h)
{
    free(h->transit);
    free(h->commission);
    free(h->recorded_change);
    free(h->seen);
    memset(h, 0, sizeof *h);
}
