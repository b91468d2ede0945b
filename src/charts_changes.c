/* Chart 6 of a run folder: the largest changes in recorded bilateral
 * flows, a month (the last, or plot --month) against the baseline
 * (plots/flow-change.gp), in place of a heat map of every pair of
 * countries, which no slide can show. */
#include "chart.h"
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sums recorded.csv's exports by link at the baseline (base) and in the
 * chosen month (now), all sectors together. */
static int heat_sums(ss_plot_job *j, double *base, double *now)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n;
    long c[4];
    const ss_table *t = ss_runfolder_table(j->r, SS_RUN_RECORDED,
                                           "month,exporter,importer,exports_usd_mn", c, j->d);
    if (!t)
        return SS_EINVAL;
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t ex, im;
        double x;
        rc = ss_get_month(j->r, t, row, c[0], &m, j->d);
        if (rc || (m != 0 && m != j->month))
            continue;
        rc = ss_read_row(j->r, t, row, c, j->d, "-ccn", &ex, &im, &x);
        if (rc)
            break;
        if (m == 0)
            base[ex * n + im] += x;
        if (m == j->month)
            now[ex * n + im] += x;
    }
    return rc;
}

/* The most bars the chart of the largest changes shows. */
enum { MAX_BARS = 15 };

/* Ranks the links by the size of their change, now - base (every link
 * with a flow in either month); returns how many, at most MAX_BARS. */
static size_t heat_rank(size_t n, const double *base, const double *now, size_t *order)
{
    double *size = ss_plot_zalloc(n * n, sizeof *size);
    char *keep = ss_plot_zalloc(n * n, 1);
    size_t nb = 0;
    for (size_t q = 0; size && keep && q < n * n; q++) {
        keep[q] = q / n != q % n && (base[q] > 0 || now[q] > 0);
        size[q] = fabs(now[q] - base[q]);
    }
    if (size && keep)
        nb = ss_rank_desc(size, keep, n * n, order);
    free(size);
    free(keep);
    return nb < MAX_BARS ? nb : MAX_BARS;
}

/* data.dat, one row per bar: rank, change in USD million, change in %
 * (NaN for a flow that was zero at the baseline); the bars' labels. */
static void heat_bars(ss_chart *c, const ss_world *w, const double *base, const double *now,
                      const size_t *order, size_t nb)
{
    size_t n = w->n;
    FILE *f = ss_chart_file(c, "data.dat");
    for (size_t q = 0; f && q < nb; q++) {
        size_t l = order[q];
        fprintf(f, "%zu", q);
        ss_chart_value(f, now[l] - base[l]);
        ss_chart_value(f, base[l] > 0 ? 100 * (now[l] - base[l]) / base[l] : NAN);
        fputc('\n', f);
    }
    for (size_t q = 0; q < nb; q++)
        ss_chart_text(c, "%s \xe2\x86\x92 %s", w->iso3[order[q] / n], w->iso3[order[q] % n]);
}

/* Chart 6: the largest changes in recorded exports between two countries
 * (all sectors), the chosen month against the baseline: the all-pairs
 * heat map of a 60-country world could not be read on a slide. */
int ss_prep_flow_change(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, nb = 0;
    double *base = ss_plot_zalloc(n * n, sizeof *base), *now = ss_plot_zalloc(n * n, sizeof *now);
    size_t *order = ss_plot_zalloc(n * n, sizeof *order);
    int rc = base && now && order ? heat_sums(j, base, now) : ss_plot_no_memory(j->d);
    if (!rc && (nb = heat_rank(n, base, now, order)) == 0)
        rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP, "no country recorded exports");
    /* The baseline month itself, or a run that moved nothing: no bar to
     * draw (it drew 15 empty ones, titled "rose by USD 0.0 million"). */
    if (!rc && !(fabs(now[order[0]] - base[order[0]]) > 0)) {
        char month[32];
        ss_scenario_month(s, j->month, month, sizeof month);
        rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                          "no recorded exports changed from the baseline by %s", month);
    }
    if (!rc) {
        double most = fabs(now[order[0]] - base[order[0]]), unit = most >= 1000 ? 1000 : 1;
        char src[1024], base_m[32], month[32], change[64];
        ss_source_line(s, src, sizeof src);
        ss_scenario_month(s, 0, base_m, sizeof base_m);
        ss_scenario_month(s, j->month, month, sizeof month);
        ss_chart_text(c, "Change in recorded exports between countries, %s against %s (baseline)",
                      month, base_m);
        ss_chart_text(c, "%s", src);
        ss_chart_text(c, "Change in recorded exports, all sectors, USD %s per month",
                      unit > 1 ? "bn" : "million");
        heat_bars(c, w, base, now, order, nb);
        size_t l = order[0];
        char from[SS_CHART_NAME_BUF], to[SS_CHART_NAME_BUF];
        ss_money(change, sizeof change, fabs(now[l] - base[l]), 1);
        /* Names, as the other charts' titles give them; the bars keep
         * their codes, which fit beside them. */
        ss_chart_finding(c,
                         "The largest change: %s's recorded exports to %s %s by %s a month by %s",
                         ss_chart_country(w, l / n, from), ss_chart_country(w, l % n, to),
                         now[l] >= base[l] ? "rose" : "fell", change, month);
        ss_chart_numbers(c, "%zu\t%g\t%.8g\n", nb, unit, most);
    }
    free(base);
    free(now);
    free(order);
    return rc;
}
