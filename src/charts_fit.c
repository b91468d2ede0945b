/* The chart of a calibration folder (`sanctsim calibrate`): how far the
 * fitted scenario is from each target, as the mean log error log(model /
 * observed) of the target's rows (a monthly series is one target), from
 * fit.csv. A bar of 0.69 is a factor of 2; 0 is a perfect fit.
 *
 * A calibration folder opens as a run folder (its scenario.ini is the
 * scenario as given), so the chart reads fit.csv beside it. */
#include "chart.h"
#include "files.h"
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Target names longer than this are cut on the chart's axis (60: most of
 * the shipped targets' whole; 44 cut a trial's "share of the dro..."), and
 * in the title, which may wrap. */
enum { LABEL_CHARS = 60, FINDING_CHARS = 88 };

/* The targets of fit.csv, in file order: each one's first row in t, and
 * the sums of its rows' log errors and losses over its number of rows. */
typedef struct fit {
    ss_table *t;
    size_t n, *first, *rows;
    double *err, *loss;
} fit;

static void fit_free(fit *ft)
{
    ss_table_free(ft->t);
    free(ft->first);
    free(ft->rows);
    free(ft->err);
    free(ft->loss);
}

/* Reads fit.csv into ft; SS_SKIP when it has no rows. */
static int fit_read(ss_plot_job *j, fit *ft)
{
    char *path = ss_path_join(j->r->dir, "fit.csv");
    ss_table *t = ft->t = path ? ss_table_read(path, j->d) : NULL;
    free(path);
    long col[3];
    if (!t)
        return SS_EINVAL;
    int rc = ss_find_columns(t, "target,log_error,loss", col, "sanctsim calibrate", j->d);
    ft->first = ss_plot_zalloc(t->nrow, sizeof *ft->first);
    ft->rows = ss_plot_zalloc(t->nrow, sizeof *ft->rows);
    ft->err = ss_plot_zalloc(t->nrow, sizeof *ft->err);
    ft->loss = ss_plot_zalloc(t->nrow, sizeof *ft->loss);
    if (!rc && (!ft->first || !ft->rows || !ft->err || !ft->loss))
        rc = ss_plot_no_memory(j->d);
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        const char *name = ss_table_get(t, r, (size_t)col[0]);
        size_t q = 0;
        while (q < ft->n && strcmp(ss_table_get(t, ft->first[q], (size_t)col[0]), name) != 0)
            q++;
        double e, l;
        if ((rc = ss_get_number(t, r, col[1], &e, j->d)) ||
            (rc = ss_get_number(t, r, col[2], &l, j->d)))
            break;
        if (q == ft->n)
            ft->first[ft->n++] = r;
        ft->err[q] += e;
        ft->loss[q] += l;
        ft->rows[q]++;
    }
    if (!rc && ft->n == 0)
        rc = ss_plot_fail(j->d, NULL, 0, SS_SKIP, "fit.csv has no targets");
    return rc;
}

/* "Largest miss: NAME, the model at 0.5 times the observed" (two
 * significant digits below 0.1: 0.0012, not 0.00); the name is cut at
 * FINDING_CHARS. */
static void fit_finding(ss_chart *c, const fit *ft)
{
    size_t best = 0;
    for (size_t q = 1; q < ft->n; q++)
        if (fabs(ft->err[q] / (double)ft->rows[q]) > fabs(ft->err[best] / (double)ft->rows[best]))
            best = q;
    const long col = ss_table_column(ft->t, "target");
    char buf[4 * FINDING_CHARS + 4];
    const char *name = ft->n ? ss_table_get(ft->t, ft->first[best], (size_t)col) : "none";
    const double ratio = ft->n ? exp(ft->err[best] / (double)ft->rows[best]) : 1.0;
    ss_chart_finding(c,
                     ratio < 0.1 ? "Largest miss: %s, the model at %.2g times the observed"
                                 : "Largest miss: %s, the model at %.2f times the observed",
                     ss_chart_cut(name, FINDING_CHARS, buf, sizeof buf), ratio);
}

static int prep_fit(ss_plot_job *j, ss_chart *c)
{
    fit ft = {0};
    int rc = fit_read(j, &ft);
    FILE *f = rc ? NULL : ss_chart_file(c, "data.dat");
    if (f) {
        char src[1024];
        double total = 0, most = 0;
        for (size_t q = 0; q < ft.n; q++)
            total += ft.loss[q];
        ss_source_line(j->r->s, src, sizeof src);
        ss_chart_text(c,
                      "How far the fitted scenario is from each of its %zu targets (%zu rows of "
                      "fit.csv, loss %.4g)",
                      ft.n, ft.t->nrow, total);
        ss_chart_text(c, "%s", src);
        ss_chart_text(c, "log(model / observed), mean over the target's rows: 0.69 is a factor "
                         "of 2");
        const long col = ss_table_column(ft.t, "target");
        for (size_t q = 0; q < ft.n; q++) {
            const double e = ft.err[q] / (double)ft.rows[q];
            const char *name = ss_table_get(ft.t, ft.first[q], (size_t)col);
            char buf[4 * LABEL_CHARS + 4];
            const char *cut = ss_chart_cut(name, LABEL_CHARS, buf, sizeof buf);
            int label = ft.rows[q] > 1 ? ss_chart_text(c, "%s (%zu months)", cut, ft.rows[q])
                                       : ss_chart_text(c, "%s", cut);
            fprintf(f, "%zu\t%.8g\t%d\n", q, e, label);
            most = e > most ? e : -e > most ? -e : most;
        }
        fit_finding(c, &ft);
        ss_chart_numbers(c, "%zu\t%.8g\n", ft.n, most);
    }
    fit_free(&ft);
    return rc;
}

const ss_chart_def ss_fit_charts[] = {{"fit", prep_fit}};
const size_t ss_n_fit_charts = sizeof ss_fit_charts / sizeof ss_fit_charts[0];
