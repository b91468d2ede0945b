/* Charts 5 and 7 of a run folder: the target's import prices and its
 * realised export prices by sector, as the change in % from the baseline,
 * drawn by one function with the words of each (plots/import-prices.gp and
 * plots/export-prices.gp share plots/price-lines.gp). */
#include "chart.h"
#include "plot.h"
#include "rundata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What tells the two price charts apart: the column of countries.csv
 * they draw and their words. */
typedef struct price_words {
    const char *column;  /* import_price_index or export_price */
    const char *title;   /* "Import prices in" */
    const char *axis;    /* "import prices" */
    int mark_sanctioned; /* legends say "(sanctioned)" for banned imports */
    const char *moves;   /* what moves them, when a chart with no line moving is left out;
                            NULL: drawn */
} price_words;

static const price_words import_words = {"import_price_index", "Import prices in", "import prices",
                                         1, NULL};
/* A flat chart of export prices said nothing in a trial's brief: they
 * move only with supply curves, price caps and freight. */
static const price_words export_words = {"export_price", "Export prices of", "export prices", 0,
                                         "supply curves, price caps and freight on commodities"};

/* Reads countries.csv's column pw->column of each target country i and
 * sector k into v[(m * n + i) * K + k], in % (NaN where the file has no
 * row). The import chart reads the index over imports only (foreign
 * origins), not the full price index. */
static int prices_read(ss_plot_job *j, const price_words *pw, double *v)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n, K = w->k;
    long c[4];
    char names[128];
    snprintf(names, sizeof names, "month,country,sector,%s", pw->column);
    const ss_table *t = ss_runfolder_table(j->r, SS_RUN_COUNTRIES, names, c, j->d);
    if (!t)
        return SS_EINVAL;
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t i, sec;
        double x;
        rc = ss_read_row(j->r, t, row, c, j->d, "mcs", &m, &i, &sec);
        if (rc || !j->scope.target[i])
            continue;
        rc = ss_read_row(j->r, t, row, c, j->d, "---n", &x);
        if (!rc)
            v[((size_t)m * n + i) * K + sec] = 100 * x;
    }
    return rc;
}

/* The strings of a price chart: titles, then one legend per target and
 * sector ("RUS: restricted (sanctioned)" with several targets). */
static void prices_text(ss_plot_job *j, ss_chart *c, const price_words *pw, size_t ntarget)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    char where[512], src[1024], base[32];
    ss_country_list(w, j->scope.target, where, sizeof where);
    ss_source_line(s, src, sizeof src);
    ss_scenario_month(s, 0, base, sizeof base);
    ss_chart_text(c, "%s %s by sector", pw->title, where);
    ss_chart_text(c, "%s", src);
    ss_chart_text(c, "Change in %s since %s (baseline), %%", pw->axis, base);
    /* "(sanctioned)" marks what the target's suppliers may not sell it. */
    for (size_t i = 0; i < w->n; i++)
        for (size_t sec = 0; sec < w->k && j->scope.target[i]; sec++) {
            int banned = 0;
            for (size_t o = 0; o < w->n && !banned && pw->mark_sanctioned; o++)
                banned = ss_export_sanctioned(s->config, o, i, sec);
            ss_chart_text(c, "%s%s%s%s", ntarget > 1 ? w->iso3[i] : "", ntarget > 1 ? ": " : "",
                          w->sector[sec], banned ? " (sanctioned)" : "");
        }
}

/* "Import prices in Russia: +12.1 % for restricted goods by 2024-12", the
 * series that moved most in the last month; an infinite index (every
 * foreign origin closed, or an index beyond a double, as with sigma near
 * 1) moves most, and says so. */
static void prices_finding(ss_plot_job *j, ss_chart *c, const price_words *pw, const double *v)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, K = w->k, last = (size_t)s->months - 1, bi = 0, bk = 0;
    double best = -1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < K && j->scope.target[i]; k++) {
            double x = v[(last * n + i) * K + k];
            if (!isnan(x) && fabs(x - 100) > best) {
                best = fabs(x - 100);
                bi = i;
                bk = k;
            }
        }
    char month[32], cut[SS_CHART_NAME_BUF], goods[96];
    ss_scenario_month(s, (long)last, month, sizeof month);
    if (best < 0)
        ss_chart_finding(c, "%s: no month with %s", pw->title,
                         pw->mark_sanctioned ? "imports" : "sales");
    else if (isinf(best))
        ss_chart_finding(c, "%s %s: %s beyond any price (an infinite index) by %s", pw->title,
                         ss_chart_country(w, bi, cut),
                         ss_chart_goods(w->sector[bk], goods, sizeof goods), month);
    else
        ss_chart_finding(c, "%s %s: %+.1f %% for %s by %s", pw->title, ss_chart_country(w, bi, cut),
                         v[(last * n + bi) * K + bk] - 100,
                         ss_chart_goods(w->sector[bk], goods, sizeof goods), month);
}

static int prices_chart(ss_plot_job *j, ss_chart *c, const price_words *pw)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, K = w->k, T = (size_t)s->months, ntarget = 0;
    for (size_t i = 0; i < n; i++)
        ntarget += j->scope.target[i] != 0;
    if (ntarget == 0)
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                            "the scenario has no sanction, so no target");
    double *v = ss_plot_zalloc(T * n * K, sizeof *v);
    if (!v)
        return ss_plot_no_memory(j->d);
    for (size_t q = 0; q < T * n * K; q++)
        v[q] = NAN;
    int rc = prices_read(j, pw, v);
    int moved = !pw->moves;
    for (size_t q = 0; q < T * n * K && !moved; q++)
        moved = fabs(v[q] - 100) >= 0.05; /* an infinite index too; not NaN */
    if (!rc && !moved) {
        char who[512];
        ss_country_list(w, j->scope.target, who, sizeof who);
        rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                          "the %s of %s moved by less than 0.05 %% in every sector and month "
                          "(they move with %s)",
                          pw->axis, who, pw->moves);
    }
    FILE *f = rc ? NULL : ss_chart_file(c, "data.dat");
    for (size_t m = 0; f && m < T; m++) {
        ss_chart_month(f, s, (long)m);
        for (size_t i = 0; i < n; i++)
            for (size_t sec = 0; sec < K && j->scope.target[i]; sec++)
                ss_chart_value(f, v[(m * n + i) * K + sec]);
        fputc('\n', f);
    }
    if (!rc) {
        prices_text(j, c, pw, ntarget);
        prices_finding(j, c, pw, v);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t q = 0; q < T * n * K; q++)
            if (isfinite(v[q])) {
                lo = v[q] < lo ? v[q] : lo;
                hi = v[q] > hi ? v[q] : hi;
            }
        ss_chart_numbers(c, "%zu\t%zu\t%.8g\t%.8g\n", ntarget * K, T, isfinite(lo) ? lo : 100,
                         isfinite(hi) ? hi : 100);
    }
    free(v);
    return rc;
}

int ss_prep_import_prices(ss_plot_job *j, ss_chart *c)
{
    return prices_chart(j, c, &import_words);
}

/* Chart 7: the prices the target realises on its exports, which move only
 * with supply curves and price caps (docs/model.md, section 10b): the
 * discount at which it places its goods. */
int ss_prep_export_prices(ss_plot_job *j, ss_chart *c)
{
    return prices_chart(j, c, &export_words);
}
