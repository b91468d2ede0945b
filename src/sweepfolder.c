/* Reading a sweep folder for its charts (see sweepfolder.h). The summary
 * is checked as it is read: each point once per indicator, whole counts,
 * numbers or empty fields (empty: no replicate gave a value). */
#include "sweepfolder.h"
#include "files.h"
#include "journal.h"
#include "plot.h"
#include "report.h"
#include "runfolder.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ss_indicator indicators[] = {
    {"final_leakage", "Final leakage", "Leakage in the last month, % of the pre-sanction value",
     100, " %", 0, 0},
    {"mean_leakage", "Mean leakage",
     "Leakage averaged over the months with a sanction, % of the pre-sanction value", 100, " %", 0,
     0},
    /* "Target prices": one target or several, their mean over targets and
     * sectors (a trial read "The target's prices" over Russia and Belarus;
     * a longer axis label ran off the chart). */
    {"target_price_index", "Target prices",
     "Mean price index with home goods, sanctioned sectors, last month (baseline 100)", 100, "",
     100, 0},
    /* The baseline less what arrives: below 0 when more arrives. */
    {"lost_exports_usd_mn", "Lost coalition exports",
     "Coalition exports to the target lost, USD million (sum over the run)", 1, " USD million", 0,
     NAN},
    {"commission_usd_mn", "Commission revenue",
     "Intermediaries' commission revenue, USD million (sum over the run)", 1, " USD million", 0, 0},
    {"detections", "Detections", "Detections (countries caught, summed over the months)", 1, "", 0,
     0},
};
enum { NINDICATORS = sizeof indicators / sizeof indicators[0] };

/* The columns of sweep-summary.csv that are read, in this order. */
enum { C_POINT, C_INDICATOR, C_N, C_FAILED, C_MEAN, C_SD, C_Q05, C_Q50, C_Q95, NCOLS };

size_t ss_sweep_grid_point(const ss_sweepfolder *sw, size_t x, size_t y)
{
    size_t idx = x;
    for (size_t k = 1; k < sw->nkeys; k++)
        idx = idx * sw->key[k].nval + (k == 1 ? y : 0);
    return sw->grid[idx];
}

/* A summary's number: empty is NaN (no replicate gave a value). */
static int sweep_number(const ss_table *t, size_t row, long col, double scale, double *out,
                        ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    if (text[0] == '\0') {
        *out = NAN;
        return SS_OK;
    }
    int rc = ss_get_number(t, row, col, out, d);
    *out *= scale;
    return rc;
}

/* A count: a whole number from 0. */
static int sweep_count(const ss_table *t, size_t row, long col, size_t limit, size_t *out,
                       ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    double x;
    if (ss_parse_number(text, &x) != 0 || x < 0 || x != floor(x) || x >= (double)limit)
        return ss_plot_fail(d, t->path, t->line[row], SS_EINVAL,
                            "'%s' in column %s is not a whole "
                            "number from 0 to %zu",
                            text, t->header[col], limit - 1);
    *out = (size_t)x;
    return SS_OK;
}

/* Orders the points by a key's value: by number, or by text. */
typedef struct key_sort {
    const char *const *text;
    const double *num;
} key_sort;

static int by_value(const void *a, const void *b, void *ctx)
{
    const key_sort *ks = ctx;
    size_t p = *(const size_t *)a, q = *(const size_t *)b;
    if (ks->num && ks->num[p] != ks->num[q])
        return ks->num[p] < ks->num[q] ? -1 : 1;
    int c = ks->num ? 0 : strcmp(ks->text[p], ks->text[q]);
    return c ? c : p < q ? -1 : p > q;
}

static int by_first(const void *a, const void *b, void *ctx)
{
    const size_t *first = ctx;
    size_t p = first[*(const size_t *)a], q = first[*(const size_t *)b];
    return p < q ? -1 : p > q;
}

/* Sets key's values from the points' sorted order (order, with num the
 * points' numbers for a numeric key); first, group and rank are work
 * arrays of npoints. Reuses order for the axis position of each value. */
static void key_axis(ss_sweep_key *key, size_t n, const char **text, const double *num,
                     size_t *order, size_t *first, size_t *group, size_t *rank)
{
    /* Groups of equal values, in sorted order; first[g] is the first point
     * that has value g. */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = order[i];
        int same = i > 0 && (key->numeric ? num[p] == num[order[i - 1]]
                                          : strcmp(text[p], text[order[i - 1]]) == 0);
        if (!same)
            first[ng++] = p;
        else if (p < first[ng - 1])
            first[ng - 1] = p;
        group[p] = ng - 1;
    }
    /* Text keeps the order in which the sweep met its values. */
    for (size_t g = 0; g < ng; g++)
        rank[g] = g;
    if (!key->numeric)
        qsort_r(rank, ng, sizeof *rank, by_first, first);
    size_t *pos = order; /* reused: the axis position of each group */
    for (size_t i = 0; i < ng; i++)
        pos[rank[i]] = i;
    for (size_t g = 0; g < ng; g++) {
        key->val[pos[g]] = text[first[g]];
        key->num[pos[g]] = key->numeric ? num[first[g]] : (double)pos[g];
    }
    for (size_t p = 0; p < n; p++)
        key->at[p] = pos[group[p]];
    key->nval = ng;
}

/* Finds a key's distinct values; text[p] is its value at point p. */
static int key_values(size_t n, ss_sweep_key *key, const char **text, ss_diag *d)
{
    double *num = ss_plot_zalloc(n, sizeof *num);
    size_t *order = ss_plot_zalloc(n, sizeof *order), *group = ss_plot_zalloc(n, sizeof *group),
           *first = ss_plot_zalloc(n, sizeof *first), *rank = ss_plot_zalloc(n, sizeof *rank);
    key->at = ss_plot_zalloc(n, sizeof *key->at);
    key->val = ss_plot_zalloc(n, sizeof *key->val);
    key->num = ss_plot_zalloc(n, sizeof *key->num);
    int rc = SS_OK;
    if (!num || !order || !group || !first || !rank || !key->at || !key->val || !key->num) {
        rc = ss_plot_no_memory(d);
    } else {
        key->numeric = 1;
        for (size_t p = 0; p < n; p++) {
            order[p] = p;
            key->numeric &= ss_parse_number(text[p], &num[p]) == 0;
        }
        key_sort ks = {text, key->numeric ? num : NULL};
        qsort_r(order, n, sizeof *order, by_value, &ks);
        key_axis(key, n, text, num, order, first, group, rank);
    }
    free(num);
    free(order);
    free(group);
    free(first);
    free(rank);
    return rc;
}

/* Whether the points form the full cross product of the keys' values; if
 * so, sw->grid maps each combination to its point. */
static int find_grid(ss_sweepfolder *sw, ss_diag *d)
{
    size_t n = sw->npoints, prod = 1;
    for (size_t k = 0; k < sw->nkeys; k++) {
        if (sw->key[k].nval > n / prod)
            return SS_OK;
        prod *= sw->key[k].nval;
    }
    if (prod != n || sw->nkeys == 0)
        return SS_OK;
    sw->grid = ss_plot_zalloc(n, sizeof *sw->grid);
    char *seen = ss_plot_zalloc(n, 1);
    if (!sw->grid || !seen) {
        free(seen);
        return ss_plot_no_memory(d);
    }
    for (size_t p = 0; p < n; p++) {
        size_t idx = 0;
        for (size_t k = 0; k < sw->nkeys; k++)
            idx = idx * sw->key[k].nval + sw->key[k].at[p];
        if (seen[idx]) {
            free(sw->grid);
            sw->grid = NULL;
            break;
        }
        seen[idx] = 1;
        sw->grid[idx] = p;
    }
    free(seen);
    return SS_OK;
}

/* Finds the columns, the number of varied keys and the indicator's rows
 * (sw->npoints); an unknown indicator's message lists those there are. */
static int choose_indicator(ss_sweepfolder *sw, const char *indicator, long *c, ss_diag *d)
{
    const ss_table *t = sw->t;
    if (ss_find_columns(t, "point,indicator,n,failed,mean,sd,q05,q50,q95", c,
                        "sanctsim sweep writes (point, the varied keys, indicator, n, failed, "
                        "mean, sd, q05, q50, q95)",
                        d))
        return SS_EINVAL;
    if (c[C_POINT] != 0 || c[C_INDICATOR] < 1)
        return ss_plot_fail(d, t->path, 1, SS_EINVAL,
                            "expected the columns that sanctsim sweep writes: "
                            "point first, then the varied keys, then indicator");
    sw->nkeys = (size_t)c[C_INDICATOR] - 1;
    /* Room for every name: the headline ones and SS_MAX_CUSTOM of 63 bytes. */
    char known[2048] = "";
    const char *names[64];
    size_t rows = 0, nnames = 0;
    for (size_t r = 0; r < t->nrow; r++) {
        const char *name = ss_table_get(t, r, (size_t)c[C_INDICATOR]);
        rows += strcmp(name, indicator) == 0;
        int again = 0;
        for (size_t q = 0; q < nnames && !again; q++)
            again = strcmp(names[q], name) == 0;
        if (!again && nnames < sizeof names / sizeof names[0]) {
            size_t len = strlen(known);
            snprintf(known + len, sizeof known - len, "%s%s", len ? ", " : "", name);
            names[nnames++] = name;
        }
    }
    if (rows == 0) {
        ss_nearest near = SS_NEAREST;
        char hint[160];
        for (size_t q = 0; q < nnames; q++)
            ss_nearest_try(&near, indicator, names[q]);
        return ss_plot_fail(d, NULL, 0, SS_EINVAL,
                            "--indicator %s: %s/sweep-summary.csv has no such "
                            "indicator%s: expected one of %s",
                            indicator, sw->dir, ss_nearest_hint(&near, "", "", hint, sizeof hint),
                            known[0] ? known : "(none: the summary is empty)");
    }
    sw->ind = &sw->other;
    snprintf(sw->other_axis, sizeof sw->other_axis,
             "%s, as in sweep.csv (the sweep's own indicator)", indicator);
    sw->other = (ss_indicator){indicator, indicator, sw->other_axis, 1, "", NAN, NAN};
    for (size_t i = 0; i < NINDICATORS; i++)
        if (strcmp(indicators[i].name, indicator) == 0)
            sw->ind = &indicators[i];
    sw->npoints = rows;
    return SS_OK;
}

/* Reads summary row r of the indicator into its point; seen marks the
 * points read, row[p] the row of point p. */
static int read_point(ss_sweepfolder *sw, const long *c, size_t r, char *seen, size_t *row,
                      ss_diag *d)
{
    const ss_table *t = sw->t;
    double scale = sw->ind->scale;
    size_t p, nok, nfailed;
    int rc;
    if ((rc = sweep_count(t, r, c[C_POINT], sw->npoints, &p, d)))
        return rc;
    if (seen[p])
        return ss_plot_fail(d, t->path, t->line[r], SS_EINVAL,
                            "point %zu appears twice for indicator %s", p, sw->ind->name);
    if ((rc = sweep_count(t, r, c[C_N], SIZE_MAX, &nok, d)) ||
        (rc = sweep_count(t, r, c[C_FAILED], SIZE_MAX, &nfailed, d)) ||
        (rc = sweep_number(t, r, c[C_MEAN], scale, &sw->mean[p], d)) ||
        (rc = sweep_number(t, r, c[C_SD], scale, &sw->sd[p], d)) ||
        (rc = sweep_number(t, r, c[C_Q05], scale, &sw->q05[p], d)) ||
        (rc = sweep_number(t, r, c[C_Q50], scale, &sw->q50[p], d)) ||
        (rc = sweep_number(t, r, c[C_Q95], scale, &sw->q95[p], d)))
        return rc;
    seen[p] = 1;
    row[p] = r;
    if (nok + nfailed > sw->replicates)
        sw->replicates = nok + nfailed;
    /* A point has all four numbers or none. */
    if (!isfinite(sw->mean[p]) || !isfinite(sw->q05[p]) || !isfinite(sw->q50[p]) ||
        !isfinite(sw->q95[p]))
        sw->mean[p] = sw->q05[p] = sw->q50[p] = sw->q95[p] = NAN;
    return SS_OK;
}

/* An amount of money of a billion or more is drawn in USD bn, as its
 * finding says it (a trial read "USD 1.6 bn to USD 3.7 bn" over an axis of
 * USD million up to 5000). */
static void in_billions(ss_sweepfolder *sw)
{
    static const char million[] = "USD million";
    const char *at = strstr(sw->ind->axis, million);
    double top = 0;
    for (size_t p = 0; p < sw->npoints; p++)
        if (isfinite(sw->mean[p]))
            top = fmax(top, fmax(fabs(sw->q05[p]), fmax(fabs(sw->q95[p]), fabs(sw->mean[p]))));
    if (strcmp(sw->ind->unit, " USD million") != 0 || !at || top < 1000)
        return;
    snprintf(sw->other_axis, sizeof sw->other_axis, "%.*sUSD bn%s", (int)(at - sw->ind->axis),
             sw->ind->axis, at + sizeof million - 1);
    sw->other = *sw->ind;
    sw->other.axis = sw->other_axis;
    sw->other.unit = " USD bn";
    sw->other.scale = sw->ind->scale / 1000;
    sw->ind = &sw->other;
    for (size_t p = 0; p < sw->npoints; p++) {
        sw->mean[p] /= 1000;
        sw->sd[p] /= 1000;
        sw->q05[p] /= 1000;
        sw->q50[p] /= 1000;
        sw->q95[p] /= 1000;
    }
}

static int sweep_read(ss_sweepfolder *sw, const char *indicator, ss_diag *d)
{
    const ss_table *t = sw->t;
    long c[NCOLS];
    if (choose_indicator(sw, indicator, c, d))
        return SS_EINVAL;
    size_t n = sw->npoints;
    size_t *row = ss_plot_zalloc(n, sizeof *row);
    char *seen = ss_plot_zalloc(n, 1);
    const char **text = ss_plot_zalloc(n, sizeof *text);
    sw->mean = ss_plot_zalloc(n, sizeof *sw->mean);
    sw->sd = ss_plot_zalloc(n, sizeof *sw->sd);
    sw->q05 = ss_plot_zalloc(n, sizeof *sw->q05);
    sw->q50 = ss_plot_zalloc(n, sizeof *sw->q50);
    sw->q95 = ss_plot_zalloc(n, sizeof *sw->q95);
    sw->key = ss_plot_zalloc(sw->nkeys, sizeof *sw->key);
    int rc = SS_OK;
    if (!row || !seen || !text || !sw->mean || !sw->sd || !sw->q05 || !sw->q50 || !sw->q95 ||
        !sw->key) {
        rc = ss_plot_no_memory(d);
        goto out;
    }
    for (size_t r = 0; r < t->nrow; r++)
        if (strcmp(ss_table_get(t, r, (size_t)c[C_INDICATOR]), indicator) == 0 &&
            (rc = read_point(sw, c, r, seen, row, d)))
            goto out;
    in_billions(sw);
    for (size_t k = 0; k < sw->nkeys; k++) {
        sw->key[k].name = t->header[1 + k];
        for (size_t p = 0; p < n; p++)
            text[p] = ss_table_get(t, row[p], 1 + k);
        if ((rc = key_values(n, &sw->key[k], text, d)))
            goto out;
    }
    rc = find_grid(sw, d);
out:
    free(row);
    free(seen);
    free(text);
    return rc;
}

int ss_sweepfolder_open(ss_sweepfolder *sw, const char *dir, const char *indicator, ss_diag *d)
{
    memset(sw, 0, sizeof *sw);
    sw->dir = dir;
    char *ini = ss_path_join(dir, "sweep-scenario.ini"),
         *csv = ss_path_join(dir, "sweep-summary.csv");
    int rc = ini && csv ? SS_OK : ss_plot_no_memory(d);
    if (!rc && !ss_path_exists(csv))
        rc = ss_plot_fail(d, dir, 0, SS_EINVAL,
                          "a sweep folder without sweep-summary.csv: the sweep "
                          "has not finished (run its command again to resume it), or the folder "
                          "is one shard (join the shards with sanctsim merge)");
    if (!rc && !ss_path_exists(ini))
        rc = ss_plot_fail(d, dir, 0, SS_EINVAL,
                          "a sweep folder without sweep-scenario.ini, which "
                          "sanctsim sweep writes: run the sweep again");
    if (!rc && !(sw->s = ss_scenario_load(ini, NULL, 0, d)))
        rc = SS_EINVAL;
    if (!rc && !(sw->t = ss_table_read(csv, d)))
        rc = SS_EINVAL;
    free(ini);
    free(csv);
    return rc ? rc : sweep_read(sw, indicator ? indicator : "final_leakage", d);
}

void ss_sweepfolder_close(ss_sweepfolder *sw)
{
    for (size_t k = 0; sw->key && k < sw->nkeys; k++) {
        free(sw->key[k].val);
        free(sw->key[k].num);
        free(sw->key[k].at);
    }
    free(sw->key);
    free(sw->mean);
    free(sw->sd);
    free(sw->q05);
    free(sw->q50);
    free(sw->q95);
    free(sw->grid);
    ss_table_free(sw->t);
    ss_scenario_free(sw->s);
    memset(sw, 0, sizeof *sw);
}

int ss_is_sweep_folder(const char *dir)
{
    char *p = ss_path_join(dir, "scenario.ini");
    int is_run = !p || ss_path_exists(p), is_sweep = 0;
    for (size_t i = 0; i < SS_SWEEP_NFILES && !is_run && !is_sweep; i++) {
        free(p);
        p = ss_path_join(dir, ss_sweep_files[i]);
        is_sweep = p && ss_path_exists(p);
    }
    free(p);
    return is_sweep;
}
