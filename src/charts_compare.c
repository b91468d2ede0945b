/* The charts of `sanctsim compare` and its brief's key numbers: each
 * prep_ function overlays the runs of a job (j->runs, the first the
 * reference) from their shared series (rundata.h) into its chart's files,
 * written through an ss_chart; plots/compare-NAME.gp draws them. Runs are
 * told apart by dash pattern (and, where no country colours the line, by
 * colour); countries keep their palette colour (palette.h). */
#include "chart.h"
#include "plot.h"
#include "rundata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The source line of a comparison: the runs' labels (their scenarios'
 * names are in compare.csv's folders), the world and the enforcement. */
static void compare_source(const ss_plot_job *j, char *buf, size_t size)
{
    const ss_scenario *s = j->r->s;
    const char *world = strrchr(s->world_dir, '/');
    char labels[512] = "";
    /* How the runs were drawn, named once when they share it. */
    const char *how = ss_scenario_determinism(j->runs[0].s);
    int all_fixed = how != NULL;
    for (size_t r = 0; r < j->nruns; r++) {
        ss_list_add(labels, sizeof labels, r, j->nruns, j->labels[r]);
        const char *its = ss_scenario_determinism(j->runs[r].s);
        all_fixed &= its != NULL;
        if (!its || !how || strcmp(its, how) != 0)
            how = NULL;
    }
    const char *seed = how ? how : all_fixed ? "every run deterministic" : "seeds as in each run";
    snprintf(buf, size, "Source: sanctsim %s, runs %s, world %s, %s", SS_VERSION, labels,
             world && world[1] ? world + 1 : s->world_dir, seed);
}

/* How the messages name the reference run, j->r (compare.c): the first
 * run with sanctions. */
static const char *reference(const ss_plot_job *j)
{
    return j->r == j->runs ? "the first run" : "the first run with sanctions";
}

/* "33 % (default) against 21 % (kazakhstan-stops)": one value per run,
 * each formatted by fmt (one double), "infinite" (an import price index
 * whose every foreign origin is closed, or beyond a double) or `missing`
 * when it is not a number, into buf. */
static void per_run(const ss_plot_job *j, const double *v, size_t stride, const char *fmt,
                    const char *missing, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t r = 0; r < j->nruns; r++) {
        char one[64];
        snprintf(one, sizeof one, "%s", missing);
        size_t len = strlen(buf);
        if (isinf(v[r * stride]))
            snprintf(one, sizeof one, "infinite");
        else if (isfinite(v[r * stride]))
            ss_number(one, sizeof one, fmt, v[r * stride]);
        snprintf(buf + len, size - len, "%s%s (%s)",
                 r == 0   ? ""
                 : r == 1 ? " against "
                          : ", ",
                 one, j->labels[r]);
    }
}

/* data.dat: month, then v[m * nr + r] for each run. */
static void write_monthly(ss_chart *c, const ss_scenario *s, const double *v, size_t nr)
{
    FILE *f = ss_chart_file(c, "data.dat");
    for (long m = 0; f && m < s->months; m++) {
        ss_chart_month(f, s, m);
        for (size_t r = 0; r < nr; r++)
            ss_chart_value(f, v[(size_t)m * nr + r]);
        fputc('\n', f);
    }
}

/* ---- leakage over time ------------------------------------------------------ */

/* Each run's leakage in % a month; NaN, not drawn, in a month with no
 * sanctioned trade at all (every month of a twin; before its sanctions a
 * run has their pre-sanction value, and leaks 0): a share of nothing,
 * which compare.csv leaves empty and the brief calls "no sanction in
 * force". */
static int leakage_series(ss_plot_job *j, double *v)
{
    size_t T = (size_t)j->r->s->months, nr = j->nruns;
    ss_flows *tot = ss_plot_zalloc(T, sizeof *tot);
    double *leak = ss_plot_zalloc(T, sizeof *leak);
    int rc = tot && leak ? SS_OK : ss_plot_no_memory(j->d);
    for (size_t r = 0; r < nr && !rc; r++) {
        memset(tot, 0, T * sizeof *tot);
        rc = ss_run_totals(&j->runs[r], tot, leak, NULL, j->d);
        for (size_t m = 0; m < T && !rc; m++)
            v[m * nr + r] = tot[m].baseline > 0 ? 100 * leak[m] : NAN;
    }
    free(tot);
    free(leak);
    return rc;
}

/* 1 when some month of the run has a sanction of the headline in force. */
static int has_headline(const ss_scenario *s)
{
    for (long t = 0; t < s->months; t++)
        if (ss_headline_in_force(s->config, t))
            return 1;
    return 0;
}

static int prep_leakage(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    size_t T = (size_t)s->months, nr = j->nruns;
    if (!has_headline(s))
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                            "%s has no sanction evaded through intermediaries", reference(j));
    double *v = ss_plot_zalloc(T * nr, sizeof *v);
    int rc = v ? leakage_series(j, v) : ss_plot_no_memory(j->d);
    if (!rc) {
        write_monthly(c, s, v, nr);
        char where[512] = "", src[1400], last[32], values[512];
        compare_source(j, src, sizeof src);
        ss_scenario_month(s, s->months - 1, last, sizeof last);
        /* The lines' targets over the run, as the run's leakage chart
         * names them; each run's own where they are others (a hunt read
         * China's in Russia's and Belarus's). */
        const size_t n = s->world->n;
        char *aimed = ss_plot_zalloc(n * 2, 1), *own = aimed ? aimed + n : NULL;
        rc =
            !aimed || ss_headline_run_targets(s, aimed, j->d) < 0 ? ss_plot_no_memory(j->d) : SS_OK;
        int others = 0;
        for (size_t r = 0; r < nr && !rc; r++) {
            const long count = ss_headline_run_targets(j->runs[r].s, own, j->d);
            rc = count < 0 ? ss_plot_no_memory(j->d) : SS_OK;
            others |= count > 0 && memcmp(own, aimed, n) != 0;
        }
        if (aimed)
            ss_country_list(s->world, aimed, where, sizeof where);
        free(aimed);
        const char *way = ss_headline_dir(s->config) == SS_EXPORT ? "exports to" : "imports from";
        if (others)
            ss_chart_text(c,
                          "Leakage: each run's sanctioned %s its own targets still arriving "
                          "through intermediaries (%s in %s)",
                          way, where, j->labels[j->r - j->runs]);
        else
            ss_chart_text(c, "Leakage: sanctioned %s %s still arriving through intermediaries", way,
                          where);
        ss_chart_text(c, "%s", src);
        ss_chart_text(c, "Rerouted trade, %% of its pre-sanction value");
        for (size_t r = 0; r < nr; r++)
            ss_chart_text(c, "%s", j->labels[r]);
        per_run(j, &v[(T - 1) * nr], 1, "%.0f %%", "no sanction evaded by transit in force", values,
                sizeof values);
        ss_chart_numbers(c, "%zu\t%zu\t%.8g\n", nr, T, ss_max_of(v, T * nr));
        /* The gap between runs moves from month to month: their means too
         * (the series' last month's row, no longer needed, holds them). */
        char means[512];
        for (size_t r = 0; r < nr; r++)
            v[(T - 1) * nr + r] = 100 * j->head[r].mean_leakage;
        per_run(j, &v[(T - 1) * nr], 1, "%.0f %%", "none", means, sizeof means);
        /* Runs whose sanctions are in force in other months: means over
         * different months (compare.csv's period of each). */
        int apart = 0;
        for (size_t r = 1; r < nr; r++)
            apart |= j->head[r].mean_from != j->head[0].mean_from ||
                     j->head[r].mean_to != j->head[0].mean_to;
        ss_chart_finding(c, "Leakage in %s: %s; over the sanctions' months on average %s%s", last,
                         values, means, apart ? ", each over its own months" : "");
    }
    free(v);
    return rc;
}

/* ---- the targets' import prices --------------------------------------------- */

static int prep_prices(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    size_t T = (size_t)s->months, nr = j->nruns;
    if (!j->scope.any_export) /* no sanction names the target's imports */
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP, "%s has no export sanction",
                            reference(j));
    double *v = ss_plot_zalloc(T * nr, sizeof *v), *one = ss_plot_zalloc(T, sizeof *one);
    int rc = v && one ? SS_OK : ss_plot_no_memory(j->d);
    for (size_t r = 0; r < nr && !rc; r++) {
        rc = ss_run_import_prices(&j->runs[r], &j->scope, one, j->d);
        for (size_t m = 0; m < T && !rc; m++)
            v[m * nr + r] = one[m];
    }
    double lo = 0, hi = 0;
    for (size_t q = 0; !rc && q < T * nr; q++)
        if (isfinite(v[q])) {
            lo = v[q] < lo ? v[q] : lo;
            hi = v[q] > hi ? v[q] : hi;
        }
    if (!rc) {
        write_monthly(c, s, v, nr);
        char where[512], src[1400], base[32], last[32], values[512];
        ss_country_list(s->world, j->scope.target, where, sizeof where);
        compare_source(j, src, sizeof src);
        ss_scenario_month(s, 0, base, sizeof base);
        ss_scenario_month(s, s->months - 1, last, sizeof last);
        ss_chart_text(c,
                      "Import prices in %s, each in the goods sanctioned on it, weighted by "
                      "baseline imports",
                      where);
        ss_chart_text(c, "%s", src);
        ss_chart_text(c, "Change since %s (baseline), %%", base);
        for (size_t r = 0; r < nr; r++)
            ss_chart_text(c, "%s", j->labels[r]);
        per_run(j, &v[(T - 1) * nr], 1, "%+.1f %%", "n/a", values, sizeof values);
        ss_chart_finding(c, "Import prices in %s by %s: %s", where, last, values);
        ss_chart_numbers(c, "%zu\t%zu\t%.8g\t%.8g\n", nr, T, lo, hi);
    }
    free(v);
    free(one);
    return rc;
}

/* ---- transit and commission income by intermediary -------------------------- */

/* The intermediaries of any run, ranked by their transit in the reference
 * run (the first with sanctions: a twin listed first carries nothing). */
static size_t inter_order(const ss_plot_job *j, size_t *order)
{
    size_t n = j->r->s->world->n;
    char *any = ss_plot_zalloc(n, 1);
    if (!any)
        return 0;
    for (size_t r = 0; r < j->nruns; r++)
        for (size_t i = 0; i < n; i++)
            any[i] |= j->head[r].seen[i];
    size_t ni = ss_rank_desc(j->head[j->r - j->runs].transit, any, n, order);
    free(any);
    return ni;
}

/* The intermediary and run whose transit differs most from the first
 * run's: "Largest change in transit: Kazakhstan, USD 9.1 bn (a) to 0.0
 * million (b), over the run"; under USD 50 million over the run, and under
 * 1 % of the first run's, no change is named. */
static void inter_finding(ss_plot_job *j, ss_chart *c, const size_t *order, size_t ni)
{
    const ss_world *w = j->r->s->world;
    const ss_headline *a = &j->head[0];
    size_t best = order[0], run = j->nruns - 1;
    for (size_t r = 1; r < j->nruns; r++)
        for (size_t q = 0; q < ni; q++)
            if (fabs(j->head[r].transit[order[q]] - a->transit[order[q]]) >
                fabs(j->head[run].transit[best] - a->transit[best])) {
                best = order[q];
                run = r;
            }
    const double change = fabs(j->head[run].transit[best] - a->transit[best]);
    char from[64], to[64], cut[SS_CHART_NAME_BUF];
    /* No transit in any run (price caps or payment frictions alone): a
     * hunt read "USD 0.0 million (a) to 0.0 million (b)" as a change. */
    double any = 0;
    for (size_t r = 0; r < j->nruns; r++)
        for (size_t q = 0; q < ni; q++)
            any += j->head[r].transit[order[q]];
    if (any == 0) {
        ss_chart_finding(c, "No intermediary carries transit in these runs");
        return;
    }
    if (change < 50 && change < 0.01 * a->transit[best]) {
        ss_money(to, sizeof to, change, 1);
        ss_chart_finding(c, "Transit hardly differs between the runs: at most %s over the run", to);
        return;
    }
    ss_money(from, sizeof from, a->transit[best], 1);
    ss_money(to, sizeof to, j->head[run].transit[best], 0);
    ss_chart_finding(c, "Largest change in transit: %s, %s (%s) to %s (%s), over the run",
                     ss_chart_country(w, best, cut), from, j->labels[0], to, j->labels[run]);
}

static int prep_inter(ss_plot_job *j, ss_chart *c)
{
    const ss_world *w = j->r->s->world;
    size_t nr = j->nruns, *order = ss_plot_zalloc(w->n, sizeof *order);
    if (!order)
        return ss_plot_no_memory(j->d);
    size_t ni = inter_order(j, order);
    if (ni == 0) {
        free(order);
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP, "the runs have no intermediaries");
    }
    const size_t shown = ni < SS_CHART_SHOWN ? ni : SS_CHART_SHOWN;
    double hi[2] = {0, 0};
    FILE *f = ss_chart_file(c, "data.dat");
    for (size_t q = 0; f && q < shown; q++) {
        fprintf(f, "%zu", q);
        for (int which = 0; which < 2; which++)
            for (size_t r = 0; r < nr; r++) {
                double x = (which ? j->head[r].commission : j->head[r].transit)[order[q]] / 1000;
                hi[which] = x > hi[which] ? x : hi[which];
                ss_chart_value(f, x);
            }
        fputc('\n', f);
    }
    ss_chart_colours(c, w, order, shown);
    char src[1400], cut[SS_CHART_NAME_BUF], of[96] = "";
    compare_source(j, src, sizeof src);
    if (shown < ni)
        snprintf(of, sizeof of, ": the %zu of %zu candidates that carry most", shown, ni);
    /* All trade through them: secondary sanctions make other trade than
     * the targets' detour too, and more enforcement moves more of it. */
    ss_chart_text(c, "Transit and commission income by intermediary, all the trade they carry, "
                     "sums over the run");
    ss_chart_text(c, "%s", src);
    ss_chart_text(c, "Transit carried (USD bn)%s", of);
    ss_chart_text(c, "Commission income (USD bn)%s", of);
    ss_chart_text(c, "USD bn, sum over the run");
    for (size_t r = 0; r < nr; r++)
        ss_chart_text(c, "%s", j->labels[r]);
    for (size_t q = 0; q < shown; q++)
        ss_chart_text(c, "%s", ss_chart_country(w, order[q], cut));
    for (size_t q = 0; q < shown; q++)
        ss_chart_text(c, "%s", w->iso3[order[q]]);
    inter_finding(j, c, order, shown); /* among those drawn */
    ss_chart_numbers(c, "%zu\t%zu\t%.8g\t%.8g\n", shown, nr, hi[0], hi[1]);
    free(order);
    return SS_OK;
}

/* ---- recorded exports to the intermediaries --------------------------------- */

/* The panels of the recorded-exports chart: small multiples, one per
 * intermediary, of those whose exports differ most between the runs. */
enum { MAX_RECORDED = 4 };

/* v[(m * np + q) * nr + r]: the change in % since the baseline of run r's
 * recorded exports to pick[q]. */
static int recorded_series(ss_plot_job *j, const size_t *pick, size_t np, double *v)
{
    size_t n = j->r->s->world->n, T = (size_t)j->r->s->months, nr = j->nruns;
    double *sum = ss_plot_zalloc(T * n, sizeof *sum);
    int rc = sum ? SS_OK : ss_plot_no_memory(j->d);
    for (size_t r = 0; r < nr && !rc; r++) {
        memset(sum, 0, T * n * sizeof *sum);
        rc = ss_run_recorded_sums(j->r, &j->runs[r], &j->scope, sum, j->d);
        for (size_t m = 0; m < T && !rc; m++)
            for (size_t q = 0; q < np; q++) {
                double base = sum[pick[q]], x = sum[m * n + pick[q]];
                v[(m * np + q) * nr + r] = base > 0 ? 100 * (x / base - 1) : NAN;
            }
    }
    free(sum);
    return rc;
}

/* The candidates outside the coalition with exports at the baseline
 * (*nall of them), at most MAX_RECORDED: those whose last change differs
 * most between runs. */
static size_t recorded_pick(const ss_plot_job *j, size_t *pick, size_t *nall)
{
    const ss_world *w = j->r->s->world;
    double *spread = ss_plot_zalloc(w->n, sizeof *spread);
    char *keep = ss_plot_zalloc(w->n, 1);
    size_t np = 0;
    /* A candidate of any run, with exports at the baseline in any, as
     * compare.csv has them (a trial's benchmark without candidates,
     * listed first, left the chart out). */
    for (size_t i = 0; spread && keep && i < w->n; i++) {
        int candidate = 0, seen = 0;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < j->nruns; r++) {
            const double x = j->head[r].recorded_change[i];
            candidate |= j->runs[r].s->config->agent[i].candidate;
            seen |= isfinite(x);
            lo = isfinite(x) && x < lo ? x : lo;
            hi = isfinite(x) && x > hi ? x : hi;
        }
        keep[i] = candidate && seen && !j->scope.coalition[i];
        spread[i] = keep[i] ? hi - lo : 0;
    }
    if (spread && keep)
        np = ss_rank_desc(spread, keep, w->n, pick);
    free(spread);
    free(keep);
    *nall = np;
    return np < MAX_RECORDED ? np : MAX_RECORDED;
}

static void recorded_text(ss_plot_job *j, ss_chart *c, const size_t *pick, size_t np, size_t nall)
{
    const ss_scenario *s = j->r->s;
    char who[512], what[256], src[1400], base[32], last[32], values[512], cut[SS_CHART_NAME_BUF];
    ss_coalition_list(s->config, &j->scope, 0, who, sizeof who);
    ss_sector_list(s->world, j->scope.sanctioned, what, sizeof what);
    compare_source(j, src, sizeof src);
    ss_scenario_month(s, 0, base, sizeof base);
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    /* The note says which panels are shown, and that compare.csv has all. */
    const ss_recorded_words rw = ss_recorded_words_of(&j->scope);
    char goods[520];
    ss_chart_text(c,
                  "What the statistics show: %s of %s %s %s %s the %zu "
                  "intermediaries (of %zu) that differ most between the runs in %s",
                  rw.flows, ss_chart_goods(what, goods, sizeof goods), rw.from, who, rw.to, np,
                  nall, last);
    ss_chart_text(c, "%s", src);
    ss_chart_text(c, "Change since %s (baseline), %%", base);
    for (size_t r = 0; r < j->nruns; r++)
        ss_chart_text(c, "%s", j->labels[r]);
    for (size_t q = 0; q < np; q++)
        ss_chart_text(c, "%s", ss_chart_country(s->world, pick[q], cut));
    double v[64];
    for (size_t r = 0; r < j->nruns && r < 64; r++)
        v[r] = j->head[r].recorded_change[pick[0]];
    per_run(j, v, 1, "%+.0f %%", "n/a", values, sizeof values);
    ss_chart_finding(c, "Recorded %s %s %s by %s: %s", rw.flows, rw.to,
                     ss_chart_country(s->world, pick[0], cut), last, values);
}

static int prep_recorded(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    size_t n = s->world->n, T = (size_t)s->months, nr = j->nruns;
    size_t *pick = ss_plot_zalloc(n, sizeof *pick);
    size_t nall = 0, np = pick ? recorded_pick(j, pick, &nall) : 0;
    double *v = np ? ss_plot_zalloc(T * np * nr, sizeof *v) : NULL;
    const ss_recorded_words rw = ss_recorded_words_of(&j->scope);
    int rc = !pick ? ss_plot_no_memory(j->d)
             : !np ? ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                                  "the coalition recorded no %s of sanctioned goods %s the "
                                  "intermediaries at the baseline",
                                  rw.flows, rw.to)
             : v   ? recorded_series(j, pick, np, v)
                   : ss_plot_no_memory(j->d);
    if (!rc) {
        write_monthly(c, s, v, np * nr);
        ss_chart_colours(c, s->world, pick, np);
        recorded_text(j, c, pick, np, nall);
        double lo = 0, hi = 0;
        for (size_t q = 0; q < T * np * nr; q++)
            if (isfinite(v[q])) {
                lo = v[q] < lo ? v[q] : lo;
                hi = v[q] > hi ? v[q] : hi;
            }
        ss_chart_numbers(c, "%zu\t%zu\t%zu\t%.8g\t%.8g\n", np, nr, T, lo, hi);
    }
    free(pick);
    free(v);
    return rc;
}

/* ---- the brief's key numbers ------------------------------------------------ */

/* An amount of every run's line, in bn when any run's is (ss_money_like):
 * the lines read "USD 1.3 bn" and "USD 0.81 bn", and their difference
 * "-USD 0.50 bn", not "USD 806.8 million" and "-USD 496.1 million". */
enum { REROUTED, TRANSIT, COMMISSION, ON_TARGETS, AMOUNTS };

static double amount(const ss_headline *h, int what)
{
    return what == REROUTED     ? h->last.rerouted
           : what == TRANSIT    ? h->transit_total
           : what == COMMISSION ? h->commission_total
                                : h->commission_targets;
}

static void money_text(const ss_plot_job *j, int what, double usd_mn, int sign, char *buf,
                       size_t size)
{
    double like = 0;
    for (size_t r = 0; r < j->nruns; r++)
        like = fmax(like, fabs(amount(&j->head[r], what)));
    char m[48];
    ss_money_like(m, sizeof m, fabs(usd_mn), like, 1);
    snprintf(buf, size, "%s%s", !sign ? "" : usd_mn < 0 ? "-" : "+", m);
}

/* One run's line, or (diff) its difference from the first run. Import
 * prices only where the runs have them (an export sanction names the
 * target's imports). */
static void numbers_line(ss_plot_job *j, ss_chart *c, size_t r, int diff)
{
    const ss_headline *h = &j->head[r], *a = &j->head[0];
    char money[AMOUNTS][64], prices[64] = "", sales[64] = "", leak[96], theirs[96] = "", num[32];
    for (int w = 0; w < AMOUNTS; w++)
        money_text(j, w, amount(h, w) - (diff ? amount(a, w) : 0), diff, money[w], sizeof money[w]);
    /* Commission is earned on all rerouted trade: the part on the targets'
     * (a folder written before its column has none), on its own targets'
     * where they are others, and no difference then. */
    if (isfinite(amount(h, ON_TARGETS) - (diff ? amount(a, ON_TARGETS) : 0)) &&
        !(diff && h->other_targets))
        snprintf(theirs, sizeof theirs, " (%s on %s targets' trade)", money[ON_TARGETS],
                 h->other_targets ? "its own" : "the");
    /* A run with no sanction evaded by transit in force at the
     * end (a twin; a run of price caps or payment frictions alone: a hunt
     * read "no sanction in force" for those) has no leakage: it is a share
     * of nothing, not 0 %. */
    const int none = isnan(h->last_leakage) || (diff && isnan(a->last_leakage));
    if (!diff) {
        if (isfinite(h->price_change))
            snprintf(prices, sizeof prices, ", import prices %s %%",
                     ss_number(num, sizeof num, "%+.1f", h->price_change));
        if (isfinite(h->export_price_change))
            snprintf(sales, sizeof sales, ", realised export prices %s %%",
                     ss_number(num, sizeof num, "%+.1f", h->export_price_change));
        /* After its sanctions were lifted, what is still rerouted: say
         * when they ended, lest 0 % read as a tight ban (a hunt). */
        const ss_scenario *rs = j->runs[r].s;
        const long lifted = ss_headline_lifted(rs->config, rs->months);
        char when[32] = "";
        if (lifted >= 0)
            ss_scenario_month(rs, lifted, when, sizeof when);
        if (none)
            snprintf(leak, sizeof leak, "no sanction evaded by transit in force");
        else
            snprintf(leak, sizeof leak, "leakage %.0f %%%s%s%s", 100 * h->last_leakage,
                     lifted >= 0 ? " (its sanctions ended in " : "", when, lifted >= 0 ? ")" : "");
        ss_chart_text(c,
                      "%s: %s, rerouted %s a month%s%s, transit of all trade %s, commission %s%s",
                      j->labels[r], leak, money[REROUTED], prices, sales, money[TRANSIT],
                      money[COMMISSION], theirs);
        return;
    }
    if (isfinite(h->price_change - a->price_change))
        snprintf(prices, sizeof prices, ", import prices %s pts",
                 ss_number(num, sizeof num, "%+.1f", h->price_change - a->price_change));
    if (isfinite(h->export_price_change - a->export_price_change))
        snprintf(
            sales, sizeof sales, ", realised export prices %s pts",
            ss_number(num, sizeof num, "%+.1f", h->export_price_change - a->export_price_change));
    if (none)
        snprintf(leak, sizeof leak,
                 "leakage not comparable (no sanction evaded by transit in force)");
    else
        snprintf(leak, sizeof leak, "leakage %s pts",
                 ss_number(num, sizeof num, "%+.1f", 100 * (h->last_leakage - a->last_leakage)));
    ss_chart_text(
        c, "%s minus %s: %s, rerouted %s a month%s%s, transit of all trade %s, commission %s%s",
        j->labels[r], j->labels[0], leak, money[REROUTED], prices, sales, money[TRANSIT],
        money[COMMISSION], theirs);
}

/* "USD 4,098 million": a whole amount of million, its thousands set apart. */
static void millions(char *buf, size_t size, double usd_mn)
{
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%.0f", fabs(usd_mn));
    const size_t len = strlen(digits);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    snprintf(buf, size, "USD %s%s million", usd_mn < 0 ? "-" : "", grouped);
}

/* A line for each run whose leakage is a share of other trade than the
 * reference run's (compare.c says so on stderr too); how many. */
static int other_trade_lines(ss_plot_job *j, ss_chart *c)
{
    int n = 0;
    const size_t ref = (size_t)(j->r - j->runs);
    const ss_headline *a = &j->head[ref];
    for (size_t r = 0; r < j->nruns; r++) {
        const ss_headline *h = &j->head[r];
        char b0[64], b1[64]; /* millions() writes up to 60 bytes */
        if (r == ref || !ss_compare_other_trade(a, h))
            continue;
        if (a->imports != h->imports) {
            ss_chart_text(c,
                          "Note: %s's leakage is a share of the sanctioned %s, %s's of the %s: "
                          "shares of other trade",
                          j->labels[r], h->imports ? "imports" : "exports", j->labels[ref],
                          a->imports ? "imports" : "exports");
            n++;
            continue;
        }
        ss_money(b0, sizeof b0, a->last.baseline, 1);
        ss_money(b1, sizeof b1, h->last.baseline, 1);
        /* Baselines 0.5 % apart read the same in bn: in million, then
         * (thousands set apart with commas: USD 4,098 million). */
        if (strcmp(b0, b1) == 0) {
            millions(b0, sizeof b0, a->last.baseline);
            millions(b1, sizeof b1, h->last.baseline);
        }
        ss_chart_text(c,
                      "Note: %s's leakage is a share of other trade than %s's: its sanctions in "
                      "force cover %s a month before the sanctions, against %s",
                      j->labels[r], j->labels[ref], b1, b0);
        n++;
    }
    return n;
}

static int prep_numbers(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    char src[1400], base[32], last[32], labels[512] = "";
    compare_source(j, src, sizeof src);
    ss_scenario_month(s, 0, base, sizeof base);
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    for (size_t r = 0; r < j->nruns; r++)
        ss_list_add(labels, sizeof labels, r, j->nruns, j->labels[r]);
    ss_chart_text(c, "Comparison: %s", labels);
    ss_chart_text(c, "%s", src);
    const int prices =
        isfinite(j->head[0].price_change) || isfinite(j->head[0].export_price_change);
    ss_chart_text(c,
                  "Key numbers: leakage, rerouted trade%s in %s; transit and commission summed "
                  "from %s to %s",
                  prices ? " and the targets' prices (sanctioned sectors, weighted by trade)" : "",
                  last, base, last);
    for (size_t r = 0; r < j->nruns; r++)
        numbers_line(j, c, r, 0);
    for (size_t r = 1; r < j->nruns; r++)
        numbers_line(j, c, r, 1);
    const int notes = other_trade_lines(j, c);
    const ss_recorded_words rw = ss_recorded_words_of(&j->scope);
    ss_chart_text(c, "4. Recorded %s %s the intermediaries, %% change from the baseline", rw.flows,
                  rw.to);
    /* Which of the four charts the page shows, and the notes' lines. */
    ss_chart_numbers(c, "%zu\t%d\t%d\t%d\t%d\t%d\n", j->nruns, !(j->skipped & 1u),
                     !(j->skipped & 2u), !(j->skipped & 4u), !(j->skipped & 8u), notes);
    return SS_OK;
}

/* ---- the list ---------------------------------------------------------------- */

const ss_chart_def ss_compare_charts[] = {
    {"compare-leakage", prep_leakage},
    {"compare-import-prices", prep_prices},
    {"compare-intermediaries", prep_inter},
    {"compare-recorded-exports", prep_recorded},
};
const size_t ss_n_compare_charts = sizeof ss_compare_charts / sizeof ss_compare_charts[0];

const ss_chart_def ss_compare_numbers = {"compare-brief", prep_numbers};
