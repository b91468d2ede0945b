/* The target's side in the charts of a run folder (docs/model.md, section
 * 10b): where the target's exports went, by destination, and who gains
 * and loses real income. Each is indexed against a comparison run (the
 * twin, `plot --compare`) when there is one, else against the baseline
 * month. The export price chart is in charts_prices.c. */
#include "chart.h"
#include "palette.h"
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MOST_DESTINATIONS = 4, MOST_MEMBERS = 4 };

/* ---- the target's exports by destination ------------------------------------ */

/* Sums src's flows.csv over sectors and routes: the target countries'
 * exports to each other country, v[m * n + destination], for the months
 * of j's run. */
static int exports_sums(ss_plot_job *j, ss_runfolder *src, double *v)
{
    size_t n = j->r->s->world->n, T = (size_t)j->r->s->months;
    long c[4];
    const ss_table *t =
        ss_runfolder_table(src, SS_RUN_FLOWS, "month,origin,destination,value_usd_mn", c, j->d);
    if (!t)
        return SS_EINVAL;
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t o, de;
        double x;
        rc = ss_read_row(src, t, row, c, j->d, "mccn", &m, &o, &de, &x);
        if (!rc && j->scope.target[o] && !j->scope.target[de] && (size_t)m < T)
            v[(size_t)m * n + de] += x;
    }
    return rc;
}

/* v as a share (%) of vc, month by month, or without vc of v's own
 * baseline month; NaN where the reference is 0. */
static void to_percent(double *v, const double *vc, size_t n, size_t T)
{
    for (size_t i = 0; i < n; i++) {
        double base = v[i];
        for (size_t m = 0; m < T; m++) {
            double ref = vc ? vc[m * n + i] : base;
            v[m * n + i] = ref > 0 ? 100 * v[m * n + i] / ref : NAN;
        }
    }
}

/* The destinations whose exports rose most in USD from the baseline to
 * the last month, or above the comparison run's (vc) in the last month,
 * then those whose exports fell most (before v is turned into %), at most
 * MOST_DESTINATIONS of each, into pick, largest first; returns how many,
 * and in *rises how many rose. */
static size_t exports_pick(ss_plot_job *j, const double *v, const double *vc, size_t *pick,
                           size_t *rises)
{
    size_t n = j->r->s->world->n, last = (size_t)j->r->s->months - 1, np = 0;
    double *change = ss_plot_zalloc(n, sizeof *change);
    char *keep = ss_plot_zalloc(n, 1);
    size_t *order = ss_plot_zalloc(n, sizeof *order);
    *rises = 0;
    for (int sign = 1; change && keep && order && sign >= -1; sign -= 2) {
        for (size_t i = 0; i < n; i++) {
            change[i] = sign * (v[last * n + i] - (vc ? vc[last * n + i] : v[i]));
            keep[i] = !j->scope.target[i] && change[i] > 0;
        }
        size_t m = ss_rank_desc(change, keep, n, order);
        for (size_t q = 0; q < m && q < MOST_DESTINATIONS; q++)
            pick[np++] = order[q];
        if (sign == 1)
            *rises = np;
    }
    free(change);
    free(keep);
    free(order);
    return np;
}

/* "Exports of Russia: the largest rise in USD to China (+71 %), the
 * largest fall in USD to Italy (-84 %), against the comparison run by
 * 2024-12":
 * the first rise and the first fall of exports_pick, ranked in USD across
 * every destination, with their changes in % (v). An audit read "rose
 * most" of the largest % among the lines drawn, which other destinations
 * outdid; a trial read "in value" as the lowest line's. */
static void exports_finding(ss_plot_job *j, ss_chart *c, const double *v, const size_t *pick,
                            size_t np, size_t rises)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n, last = (size_t)j->r->s->months - 1;
    /* Each where it passes 0.05 % (a trial's title gave a rise of 0.3 %
     * and not a fall of 17 %). */
    const double rise = rises > 0 ? v[last * n + pick[0]] - 100 : 0,
                 fall = rises < np ? v[last * n + pick[rises]] - 100 : 0;
    char who[512], month[32], cut[SS_CHART_NAME_BUF], cut2[SS_CHART_NAME_BUF];
    ss_country_list(w, j->scope.target, who, sizeof who);
    ss_scenario_month(j->r->s, (long)last, month, sizeof month);
    const char *against = j->cmp ? "against the comparison run" : "since the baseline";
    const int rose = rise >= 0.05, fell = fall <= -0.05;
    /* A change under 10 % with one decimal, larger ones without. */
    const int rise_digits = fabs(rise) < 10 ? 1 : 0, fall_digits = fabs(fall) < 10 ? 1 : 0;
    if (rose && fell)
        ss_chart_finding(c,
                         "Exports of %s: the largest rise in USD to %s (%+.*f %%), the largest "
                         "fall in USD to %s (%+.*f %%), %s by %s",
                         who, ss_chart_country(w, pick[0], cut), rise_digits, rise,
                         ss_chart_country(w, pick[rises], cut2), fall_digits, fall, against, month);
    else if (rose || fell)
        ss_chart_finding(c, "Exports of %s: the largest %s in USD to %s (%+.*f %%) %s by %s", who,
                         rose ? "rise" : "fall", ss_chart_country(w, pick[rose ? 0 : rises], cut),
                         rose ? rise_digits : fall_digits, rose ? rise : fall, against, month);
    else /* "+0 %" read as a rise */
        ss_chart_finding(c, "Exports of %s to every destination within 0.05 %% %s by %s", who,
                         against, month);
}

static void exports_text(ss_plot_job *j, ss_chart *c, const size_t *pick, size_t np)
{
    const ss_scenario *s = j->r->s;
    char who[512], src[1024], base[32], cut[SS_CHART_NAME_BUF];
    ss_country_list(s->world, j->scope.target, who, sizeof who);
    ss_source_line(s, src, sizeof src);
    ss_scenario_month(s, 0, base, sizeof base);
    ss_chart_text(
        c, "Where the exports of %s went: the largest rises and falls by destination, all sectors",
        who);
    ss_chart_text(c, "%s", src);
    ss_chart_panel_names(c, s, j->cmp ? j->cmp->s : NULL);
    if (j->cmp)
        ss_chart_text(c, "Exports, %% of the same flow in the comparison run");
    else
        ss_chart_text(c, "Index of exports, %s (baseline) = 100", base);
    for (size_t q = 0; q < np; q++)
        ss_chart_text(c, "To %s", ss_chart_country(s->world, pick[q], cut));
}

int ss_prep_target_exports(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    size_t n = s->world->n, T = (size_t)s->months, np = 0, rises = 0;
    size_t *pick = ss_plot_zalloc(n, sizeof *pick);
    double *v = ss_plot_zalloc(T * n, sizeof *v),
           *vc = j->cmp ? ss_plot_zalloc(T * n, sizeof *vc) : NULL;
    int rc = pick && v && (vc || !j->cmp) ? SS_OK : ss_plot_no_memory(j->d);
    rc = rc ? rc : exports_sums(j, j->r, v);
    if (!rc && vc)
        rc = exports_sums(j, j->cmp, vc);
    if (!rc && (np = exports_pick(j, v, vc, pick, &rises)) == 0)
        rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                          "the target's exports changed nowhere (or the run has no target)");
    if (!rc) {
        double lo, hi;
        to_percent(v, vc, n, T);
        ss_chart_index_lines(c, s, v, NULL, pick, np, &lo, &hi);
        exports_text(j, c, pick, np);
        ss_chart_colours(c, s->world, pick, np);
        exports_finding(j, c, v, pick, np, rises);
        ss_chart_numbers(c, "%zu\t0\t%.8g\t%.8g\t%zu\n", np, lo, hi, T);
    }
    free(pick);
    free(v);
    free(vc);
    return rc;
}

/* ---- who gains and loses: real income --------------------------------------- */

/* From src's countries.csv: each country's real income index in month
 * `last` (r[i]) and its baseline receipts (y0[i], sales at month 0). */
static int income_read(ss_plot_job *j, ss_runfolder *src, long last, double *r, double *y0)
{
    long c[5];
    const ss_table *t = ss_runfolder_table(
        src, SS_RUN_COUNTRIES, "month,country,sector,sales_usd_mn,real_income_index", c, j->d);
    if (!t)
        return SS_EINVAL;
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t i, sec;
        double sales, x;
        rc = ss_read_row(src, t, row, c, j->d, "mcsnn", &m, &i, &sec, &sales, &x);
        if (!rc && m == 0)
            y0[i] += sales;
        if (!rc && m == last)
            r[i] = x;
    }
    return rc;
}

/* The coalition's index: its members' indices weighted by their baseline
 * receipts (as summary.csv's coalition_real_income_index). */
static double coalition_index(const char *member, const double *r, const double *y0, size_t n)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++)
        if (member[i]) {
            num += y0[i] * r[i];
            den += y0[i];
        }
    return den > 0 ? num / den : NAN;
}

/* The bars, top down: the targets, the coalition as a whole (index n),
 * its MOST_MEMBERS largest members by baseline receipts, the other
 * candidate intermediaries that are no target (one that joined the
 * coalition among them). Returns how many. */
static size_t income_bars(ss_plot_job *j, const ss_scope *sc, const double *y0, size_t *bar,
                          size_t *order)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n, nb = 0;
    for (size_t i = 0; i < n; i++)
        if (sc->target[i])
            bar[nb++] = i;
    bar[nb++] = n;
    size_t nm = ss_rank_desc(y0, sc->coalition, n, order);
    size_t shown = nm < MOST_MEMBERS ? nm : MOST_MEMBERS;
    for (size_t q = 0; q < shown; q++)
        bar[nb++] = order[q];
    for (size_t i = 0; i < n; i++) {
        int member_shown = 0;
        for (size_t q = 0; q < shown; q++)
            member_shown |= order[q] == i;
        if (j->r->s->config->agent[i].candidate && !sc->target[i] && !member_shown)
            bar[nb++] = i;
    }
    return nb;
}

/* x in % with its sign, "0.00" without one when it rounds to 0 at
 * `digits` decimals (printf writes -0.00 for -0.001, and +0.00 reads as a
 * gain). */
static void signed_pct(char *buf, size_t size, double x, int digits)
{
    if (fabs(x) < 0.5 * pow(10, -digits))
        snprintf(buf, size, "%.*f", digits, 0.0);
    else
        snprintf(buf, size, "%+.*f", digits, x);
}

/* "Who pays for the sanctions: real income of Russian Federation -2.5 %,
 * the coalition -0.04 %; of the intermediaries, Kazakhstan gains most
 * (+0.6 %)": the target that changed most, and the intermediary that
 * gained most. */
static void income_finding(ss_plot_job *j, const ss_scope *sc, ss_chart *c, const size_t *bar,
                           const double *pct, size_t nb)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n, best = nb, who = n;
    double target = NAN, coalition = NAN;
    for (size_t q = 0; q < nb; q++) {
        if (bar[q] == n)
            coalition = pct[q];
        else if (sc->target[bar[q]] && (who == n || fabs(pct[q]) > fabs(target))) {
            target = pct[q];
            who = bar[q];
        } else if (!sc->target[bar[q]] && !sc->coalition[bar[q]] &&
                   (best == nb || pct[q] > pct[best]))
            best = q;
    }
    char name[SS_CHART_NAME_BUF], cut[SS_CHART_NAME_BUF], gains[256] = "";
    /* Under 0.05 % an intermediary neither gains nor loses at this
     * precision ("gains most (+0.0 %)" read as a gain). */
    if (best < nb && fabs(pct[best]) >= 0.05)
        snprintf(gains, sizeof gains, "; of the intermediaries, %s %s (%+.1f %%)",
                 ss_chart_country(w, bar[best], cut), pct[best] > 0 ? "gains most" : "loses least",
                 pct[best]);
    else if (best < nb)
        snprintf(gains, sizeof gains, "; no intermediary gains 0.05 %% or more");
    char tp[32], cp[32];
    signed_pct(tp, sizeof tp, target, 1);
    signed_pct(cp, sizeof cp, coalition, 2);
    ss_chart_finding(c, "%s: real income of %s %s %%, %s %s %%%s",
                     j->cmp ? "Against the comparison run" : "Who pays for the sanctions",
                     who < n ? ss_chart_country(w, who, name) : "the target", tp,
                     sc->one_group ? "the coalition" : "the sanctioning countries", cp, gains);
}

/* bars.dat (rank, change in %), colours.dat (the coalition grey), and the
 * bars' labels. */
static void income_write(ss_plot_job *j, const ss_scope *sc, ss_chart *c, const size_t *bar,
                         const double *pct, size_t nb)
{
    const ss_world *w = j->r->s->world;
    FILE *f = ss_chart_file(c, "bars.dat");
    for (size_t q = 0; f && q < nb; q++) {
        fprintf(f, "%zu", q);
        ss_chart_value(f, pct[q]);
        fputc('\n', f);
    }
    ss_chart_colours(c, w, bar, nb); /* the coalition (index n) grey */
    char cut[SS_CHART_NAME_BUF];
    for (size_t q = 0; q < nb; q++)
        if (bar[q] == w->n)
            ss_chart_text(c, "%s", sc->one_group ? "The coalition" : "The sanctioning countries");
        else
            ss_chart_text(c, "%s%s", ss_chart_country(w, bar[q], cut),
                          sc->target[bar[q]]      ? " (target)"
                          : sc->coalition[bar[q]] ? " (coalition)"
                                                  : "");
}

static void income_text(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    char month[32], src[1024];
    ss_scenario_month(s, s->months - 1, month, sizeof month);
    ss_source_line(s, src, sizeof src);
    if (j->cmp)
        ss_chart_text(c,
                      "Real income in %s against the comparison run (\xe2\x80\x9c%s\xe2\x80\x9d)",
                      month, ss_chart_scenario_name(j->cmp->s));
    else
        ss_chart_text(c, "Real income in %s against the baseline", month);
    ss_chart_text(c, "%s", src);
    ss_chart_text(c, "Change in real income (income deflated by the cost of living), %%");
}

int ss_prep_real_income(ss_plot_job *j, ss_chart *c)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n, nb = 0;
    long last = j->r->s->months - 1;
    double *r = ss_plot_zalloc(4 * n + 1, sizeof *r), *y0 = r ? r + n : NULL,
           *rc_ = r ? r + 2 * n : NULL, *yc = r ? r + 3 * n : NULL;
    size_t *bar = ss_plot_zalloc(2 * n + 2, sizeof *bar);
    int rc = r && bar ? SS_OK : ss_plot_no_memory(j->d);
    /* Who is in the coalition in the month shown. */
    ss_scope end = {0};
    rc = rc ? rc : ss_scope_last(&end, j->r->s, j->d);
    size_t ntarget = 0;
    for (size_t i = 0; !rc && i < n; i++)
        ntarget += end.target[i] != 0;
    if (!rc && ntarget == 0)
        rc =
            ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP, "the scenario has no sanction, so no target");
    rc = rc ? rc : income_read(j, j->r, last, r, y0);
    if (!rc && j->cmp)
        rc = income_read(j, j->cmp, last < j->cmp->s->months ? last : j->cmp->s->months - 1, rc_,
                         yc);
    double *pct = rc ? NULL : ss_plot_zalloc(n + MOST_MEMBERS + 1, sizeof *pct);
    rc = rc || pct ? rc : ss_plot_no_memory(j->d);
    if (!rc) {
        nb = income_bars(j, &end, y0, bar, bar + n + 1);
        double most = 0;
        for (size_t q = 0; q < nb; q++) {
            int all = bar[q] == n;
            double x = all ? coalition_index(end.coalition, r, y0, n) : r[bar[q]];
            double ref = !j->cmp ? 1
                         : all   ? coalition_index(end.coalition, rc_, yc, n)
                                 : rc_[bar[q]];
            pct[q] = 100 * (x / ref - 1);
            most = fabs(pct[q]) > most ? fabs(pct[q]) : most;
        }
        income_text(j, c);
        income_write(j, &end, c, bar, pct, nb);
        income_finding(j, &end, c, bar, pct, nb);
        ss_chart_numbers(c, "%zu\t%.8g\n", nb, most);
    }
    ss_scope_free(&end);
    free(pct);
    free(r);
    free(bar);
    return rc;
}
