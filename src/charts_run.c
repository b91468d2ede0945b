/* The charts of a run folder, and the key numbers of its brief: each
 * prep_ function filters, sums, ranks or indexes the run's CSV tables into
 * its chart's files (written through an ss_chart: data.dat and the like,
 * text.dat with the chart's strings, num.dat with the numbers its script
 * needs, such as counts and axis ranges). plots/NAME.gp draws them.
 *
 * A new chart: a prep_ function here, a line in ss_run_charts, and its
 * script plots/NAME.gp. */
#include "chart.h"
#include "cost.h"
#include "plot.h"
#include "report.h"
#include "rundata.h"
#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- chart 1: sanctioned trade to the target, direct and rerouted ----------- */

/* Marks in keep (n*n*k) the links chart 1 counts in month `month`, their
 * sectors in sectors (k) and their targets in targets (n: the importers of
 * export links, the exporters of import links): the headline's links
 * (src/summary.h), as the brief's key numbers count them, export links
 * or, when the sanctions evaded through intermediaries name imports alone,
 * import links. Goods under a penalty evaded through payments alone are
 * not counted beside a ban's (the brief's chart showed USD 10.7 bn a month
 * of "sanctioned trade" against its key numbers' 4.1 bn). The groups'
 * members as s has them. */
static int trade_links(const ss_scenario *s, long month, char *keep, char *sectors, char *targets)
{
    const ss_world *w = s->world;
    ss_linkset head;
    int dir;
    memset(keep, 0, w->n * w->n * w->k);
    if (ss_headline_links(w, s->config, month, &head, &dir))
        return SS_ENOMEM;
    for (size_t q = 0; q < head.n; q++) {
        const size_t at = head.idx[q], pair = at / w->k;
        keep[at] = 1;
        sectors[at % w->k] = 1;
        targets[dir == SS_EXPORT ? pair % w->n : pair / w->n] = 1;
    }
    free(head.idx);
    return SS_OK;
}

/* The links of trade_links in each month: keep[set[m]], nset of them (n*n*k
 * each). As the headline, they follow its sanctions' dates and the dated
 * group changes, found by stepping a copy of the run's scenario through
 * its changes. */
typedef struct trade_sets {
    char **keep;
    size_t nset, *set;
} trade_sets;

static void trade_sets_free(trade_sets *ts)
{
    for (size_t q = 0; ts->keep && q < ts->nset; q++)
        free(ts->keep[q]);
    free(ts->keep);
    free(ts->set);
}

static int trade_sets_add(trade_sets *ts, const ss_scenario *s, long t, char *sectors,
                          char *targets)
{
    const ss_world *w = s->world;
    char **more = realloc(ts->keep, (ts->nset + 1) * sizeof *more);
    if (!more)
        return SS_ENOMEM;
    ts->keep = more;
    if (!(ts->keep[ts->nset] = malloc(w->n * w->n * w->k)))
        return SS_ENOMEM;
    return trade_links(s, t, ts->keep[ts->nset++], sectors, targets);
}

/* trade_sets_of's state as the months are replayed. */
typedef struct sets_replay {
    trade_sets *ts;
    char *sectors, *targets;
    unsigned version;
} sets_replay;

static int add_moved_set(const ss_scenario *now, long t, void *user)
{
    sets_replay *r = user;
    if (now->sets_version != r->version || ss_headline_moves(now->config, t)) {
        r->version = now->sets_version;
        if (trade_sets_add(r->ts, now, t, r->sectors, r->targets))
            return SS_ENOMEM;
    }
    r->ts->set[t] = r->ts->nset - 1;
    return SS_OK;
}

/* trade_sets of the run; sectors (k) and targets (n) those of every set. */
static int trade_sets_of(ss_plot_job *j, trade_sets *ts, char *sectors, char *targets)
{
    const ss_scenario *s = j->r->s;
    memset(ts, 0, sizeof *ts);
    if (!(ts->set = calloc((size_t)s->months, sizeof *ts->set)) ||
        trade_sets_add(ts, s, 0, sectors, targets))
        return ss_plot_no_memory(j->d);
    /* A copy's sets_version starts where s's does: both are loaded alike. */
    sets_replay r = {ts, sectors, targets, s->sets_version};
    const int rc = ss_scenario_replay(s, add_moved_set, &r, j->d);
    return rc == SS_ENOMEM ? ss_plot_no_memory(j->d) : rc;
}

/* Sums flows.csv's exports over the links of ts by month: direct[m]
 * shipped directly, via[m * n + v] through intermediary v, total[v] over
 * the run; and base[q], set q's links at the baseline month. */
static int trade_sums(ss_plot_job *j, const trade_sets *ts, double *direct, double *via,
                      double *total, double *base)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n;
    long c[6];
    const ss_table *t = ss_runfolder_table(
        j->r, SS_RUN_FLOWS, "month,origin,destination,via,sector,value_usd_mn", c, j->d);
    if (!t)
        return SS_EINVAL;
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t o, de, sec, v = 0;
        double x;
        rc = ss_read_row(j->r, t, row, c, j->d, "mcc-sn", &m, &o, &de, &sec, &x);
        const size_t at = rc ? 0 : ss_idx(w, o, de, sec);
        for (size_t q = 0; !rc && m == 0 && q < ts->nset; q++)
            base[q] += ts->keep[q][at] ? x : 0;
        if (rc || !ts->keep[ts->set[m]][at])
            continue;
        const char *route = ss_table_get(t, row, (size_t)c[3]);
        if (strcmp(route, "direct") == 0 || route[0] == '\0') { /* empty: before 0.2.0 */
            direct[m] += x;
            continue;
        }
        rc = ss_get_country(w, t, row, c[3], &v, j->d);
        if (!rc) {
            via[(size_t)m * n + v] += x;
            total[v] += x;
        }
    }
    return rc;
}

/* data.dat: per month, cumulative sums from the bottom of the stack up:
 * direct, then each intermediary of order[0..shown-1], then, when shown
 * < nvia, the rest of order[0..nvia-1] as one layer. Returns the top. */
static double trade_stack(ss_chart *c, const ss_scenario *s, const double *direct,
                          const double *via, const size_t *order, size_t nvia, size_t shown)
{
    size_t n = s->world->n, T = (size_t)s->months;
    double ymax = 0;
    FILE *f = ss_chart_file(c, "data.dat");
    for (size_t m = 0; f && m < T; m++) {
        double sum = direct[m];
        for (size_t q = 0; q < nvia; q++)
            sum += via[m * n + order[q]];
        ymax = sum > ymax ? sum : ymax;
        sum = direct[m];
        ss_chart_month(f, s, (long)m);
        ss_chart_value(f, sum);
        for (size_t q = 0; q < nvia; q++) {
            sum += via[m * n + order[q]];
            if (q < shown || q + 1 == nvia)
                ss_chart_value(f, sum);
        }
        fputc('\n', f);
    }
    return ymax;
}

/* "In 2024-12, USD 5.6 bn a month of sanctioned goods reached Russia: USD
 * 0.8 bn (14 %) through intermediaries"; "of the goods once sanctioned"
 * when the sanctions were lifted before the last month. */
static void trade_finding(ss_chart *c, const ss_scenario *s, const double *direct,
                          const double *via, const trade_sets *ts, const double *base,
                          const char *where)
{
    size_t n = s->world->n, last = (size_t)s->months - 1;
    double rerouted = 0;
    for (size_t i = 0; i < n; i++)
        rerouted += via[last * n + i];
    double all = rerouted + direct[last];
    char month[32], total[64], part[64];
    ss_scenario_month(s, (long)last, month, sizeof month);
    ss_money(total, sizeof total, all, 1);
    ss_money_like(part, sizeof part, rerouted, all, 1);
    /* The links in force at the end cover other trade than those in force
     * first (a sanction started or ended, a country joined): the values
     * of both before the sanctions, as the brief gives them (a trial read
     * USD 6 bn rerouted over Russia's USD 4.1 bn as more than all trade
     * before). */
    char other[256] = "";
    long first = 0;
    while (first < (long)last && !ss_headline_in_force(s->config, first))
        first++;
    const double now_base = base[ts->set[last]], first_base = base[ts->set[first]];
    if (fabs(first_base - now_base) > 0.01 * now_base) {
        char now[64], was[64];
        ss_money(now, sizeof now, now_base, 1);
        ss_money(was, sizeof was, first_base, 1);
        snprintf(other, sizeof other,
                 ", of %s a month before the sanctions then in force; those in force first "
                 "covered %s",
                 now, was);
    }
    ss_chart_finding(c, "In %s, %s a month of %s reached %s: %s (%.0f %%) through intermediaries%s",
                     month, total,
                     ss_headline_in_force(s->config, (long)last) ? "sanctioned goods"
                                                                 : "the goods once sanctioned",
                     where, part, all > 0 ? 100 * rerouted / all : 0.0, other);
}

static int prep_trade(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months;
    const int dir = ss_headline_dir(s->config);
    if (!j->scope.any_export && dir != SS_IMPORT)
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                            "the scenario has no export sanction, nor an import sanction evaded "
                            "through intermediaries");
    double *direct = ss_plot_zalloc(T, sizeof *direct), *via = ss_plot_zalloc(T * n, sizeof *via),
           *total = ss_plot_zalloc(n, sizeof *total);
    size_t *order = ss_plot_zalloc(n, sizeof *order);
    char *some = ss_plot_zalloc(n, 1), *sectors = ss_plot_zalloc(w->k, 1),
         *targets = ss_plot_zalloc(n, 1);
    trade_sets ts = {0};
    int rc = direct && via && total && order && some && sectors && targets
                 ? trade_sets_of(j, &ts, sectors, targets)
                 : ss_plot_no_memory(j->d);
    /* Sanctions that no detour evades (payment frictions alone) name no
     * link of the headline: the chart would be empty, its names blank (a
     * hunt). */
    int aimed_at = 0;
    for (size_t i = 0; !rc && i < n; i++)
        aimed_at |= targets[i];
    if (!rc && !aimed_at)
        rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                          "no sanction is evaded through intermediaries, so no trade is "
                          "rerouted");
    double *base = rc ? NULL : ss_plot_zalloc(ts.nset, sizeof *base);
    if (!rc)
        rc = base ? trade_sums(j, &ts, direct, via, total, base) : ss_plot_no_memory(j->d);
    if (!rc) {
        for (size_t i = 0; i < n; i++)
            some[i] = total[i] > 0;
        size_t nvia = ss_rank_desc(total, some, n, order),
               shown = nvia <= SS_CHART_SHOWN ? nvia : SS_CHART_SHOWN - 1;
        double ymax = trade_stack(c, s, direct, via, order, nvia, shown);
        /* Export links go from the coalition to the targets, import
         * links from the targets to the coalition. */
        char coalition[512], aimed[512], what[256], src[1024];
        ss_coalition_list(s->config, &j->scope, dir, coalition, sizeof coalition);
        ss_country_list(w, targets, aimed, sizeof aimed);
        ss_sector_list(w, sectors, what, sizeof what);
        ss_source_line(s, src, sizeof src);
        const char *who = dir == SS_EXPORT ? coalition : aimed,
                   *where = dir == SS_EXPORT ? aimed : coalition;
        /* USD bn once the largest month reaches 1 bn (data.dat stays in
         * USD million; the script divides by the unit). */
        double unit = ymax >= 1000 ? 1000 : 1;
        ss_chart_text(c, "Sanctioned goods from %s reaching %s: direct and rerouted", who, where);
        ss_chart_text(c, "%s", src);
        char goods[520];
        ss_chart_text(c, "USD %s per month (%s)", unit > 1 ? "bn" : "million",
                      ss_chart_goods(what, goods, sizeof goods));
        ss_chart_text(c, "Direct");
        char cut[SS_CHART_NAME_BUF];
        for (size_t q = 0; q < shown; q++)
            ss_chart_text(c, "Via %s", ss_chart_country(w, order[q], cut));
        if (shown < nvia) {
            ss_chart_text(c, "Via %zu others", nvia - shown);
            order[shown] = SS_CHART_OTHERS(w);
        }
        const size_t layers = shown + (shown < nvia);
        ss_chart_colours(c, w, order, layers);
        /* The finding is the last month's: the targets of its links (a
         * review: Russia and China after China's ban had ended). */
        char reached[512];
        const char *last_links = ts.keep[ts.set[T - 1]];
        memset(targets, 0, n);
        for (size_t at = 0; at < n * n * w->k; at++)
            if (last_links[at])
                targets[at / w->k % n] = 1;
        ss_country_list(w, targets, reached, sizeof reached);
        trade_finding(c, s, direct, via, &ts, base, dir == SS_EXPORT ? reached : where);
        ss_chart_numbers(c, "%zu\t%zu\t%.8g\t%g\n", layers, T, ymax, unit);
    }
    free(direct);
    free(via);
    free(total);
    free(base);
    free(order);
    free(some);
    free(sectors);
    free(targets);
    trade_sets_free(&ts);
    return rc;
}

/* ---- chart 2: leakage over time, with the sanction dates -------------------- */

/* The columns of summary.csv that the leakage chart reads. */
enum { L_MONTH, L_COALITION, L_TARGET, L_SECTOR, L_BASELINE, L_REROUTED, L_LEAKAGE, L_DIRECTION };

/* 1 when summary rows a and b are the same series: coalition, target and
 * direction (the chart sums the sectors, which never overlap). */
static int same_series(const ss_table *t, const long *c, size_t a, size_t b)
{
    static const size_t key[] = {L_COALITION, L_TARGET, L_DIRECTION};
    for (size_t q = 0; q < 3; q++)
        if (strcmp(ss_table_get(t, a, (size_t)c[key[q]]), ss_table_get(t, b, (size_t)c[key[q]])))
            return 0;
    return 1;
}

/* A summary row's series: its coalition's text, target, sector and
 * direction (target or sector -1 when the world has none such). */
typedef struct row_series {
    const char *coalition;
    long target, sector;
    int dir;
} row_series;

static row_series series_of(const ss_scenario *s, const ss_table *t, const long *c, size_t row)
{
    return (row_series){ss_table_get(t, row, (size_t)c[L_COALITION]),
                        ss_world_country(s->world, ss_table_get(t, row, (size_t)c[L_TARGET])),
                        ss_world_sector(s->world, ss_table_get(t, row, (size_t)c[L_SECTOR])),
                        strcmp(ss_table_get(t, row, (size_t)c[L_DIRECTION]), "import") == 0
                            ? SS_IMPORT
                            : SS_EXPORT};
}

/* 1 when measure m is of the series r (any sector: the line's). */
static int of_line(const ss_measure *m, const void *r)
{
    const row_series *rs = r;
    return rs->target >= 0 && ss_reroutes(m, rs->dir) &&
           ss_set_has(&m->target, (size_t)rs->target) && strcmp(m->by_name, rs->coalition) == 0;
}

/* Adds the targets each measure has in month t to those of *over's. */
static int add_targets(const ss_scenario *now, long t, void *over)
{
    (void)t;
    ss_config *o = over;
    for (size_t i = 0; i < o->n_measures; i++) {
        const ss_set *in = &now->config->measure[i].target;
        for (size_t a = 0; a < in->len; a++)
            if (ss_set_add(&o->measure[i].target, in->at[a]))
                return SS_ENOMEM;
    }
    return SS_OK;
}

/* The run's configuration over the whole run, *over: s's, with each
 * measure's targets those it starts with and every country that a dated
 * group change gives it, so that a target a group gains has its line (its
 * summary rows start at the change). The measures are copies whose target
 * sets are over's own (over_free). */
static int config_over_run(const ss_scenario *s, ss_config *over, ss_diag *d)
{
    const ss_config *c = s->config;
    *over = *c;
    ss_measure *m = over->measure = calloc(c->n_measures + 1, sizeof *m);
    int rc = m ? SS_OK : SS_ENOMEM;
    for (size_t i = 0; i < c->n_measures && !rc; i++) {
        m[i] = c->measure[i];
        m[i].target = (ss_set){0};
        rc = ss_set_copy(&m[i].target, &c->measure[i].target);
    }
    if (!rc && ss_scenario_changes_groups(s))
        rc = ss_scenario_replay(s, add_targets, over, d);
    return rc == SS_ENOMEM ? ss_plot_no_memory(d) : rc;
}

static void over_free(ss_config *over)
{
    for (size_t i = 0; over->measure && i < over->n_measures; i++)
        ss_set_clear(&over->measure[i].target);
    free(over->measure);
}

long ss_headline_run_targets(const ss_scenario *s, char *aimed, ss_diag *d)
{
    ss_config over = {0};
    const long count =
        config_over_run(s, &over, d) ? -1 : (long)ss_headline_targets(&over, -1, aimed);
    over_free(&over);
    return count;
}

/* 1 when summary row `row` is a sector that a sanction evaded through
 * intermediaries covers, for its coalition, target and direction, in
 * month at (at < 0: ever), in configuration cf (config_over_run). A sector
 * under a penalty evaded only through payments, or not at all, reroutes
 * nothing by definition: in a line it would only thin that line's leakage
 * (Russia's line of the default scenario read 11 % for a ban leaking
 * 30 %). So would a sector whose sanction is not in force: as in the
 * headline, the line's sanctions in force at the reference month
 * (ss_reference_month) count. */
static int through_intermediaries(const ss_scenario *s, const ss_config *cf, const ss_table *t,
                                  const long *c, size_t row, long at)
{
    const row_series r = series_of(s, t, c, row);
    at = at < 0 ? at : ss_reference_month(cf, at, of_line, &r);
    for (size_t i = 0; i < cf->n_measures && r.sector >= 0; i++)
        if (of_line(&cf->measure[i], &r) && ss_set_has(&cf->measure[i].sectors, (size_t)r.sector) &&
            (at < 0 || ss_cost_in_force(&cf->measure[i], at)))
            return 1;
    return 0;
}

/* Marks what starts or ends in month `when` of something in force from
 * start through end (end < 0: to the end of the run): a sanction ("NAME
 * starts", "NAME ended after MONTH" at the month after its end, MONTH as
 * the scenario writes its end; not "lifted": the EU's crude embargo ends
 * where a wider one takes over; kind NULL) or a lever of another kind
 * ("corridor NAME starts", "... ended after"). Returns how many dates it
 * marked. */
static size_t mark_dated(ss_chart *c, FILE *ev, const ss_scenario *s, long when, int group,
                         const char *kind, const char *name, long start, long end)
{
    size_t n = 0;
    char month[32], last[48] = "starts";
    ss_scenario_month(s, when, month, sizeof month);
    for (int k = 1; k <= 2; k++) {
        if (k == 1 ? start != when : end < 0 || end + 1 != when)
            continue;
        if (k == 2) {
            char end_month[32];
            ss_scenario_month(s, end, end_month, sizeof end_month);
            snprintf(last, sizeof last, "ended after %s", end_month);
        }
        int id = kind ? ss_chart_text(c, "%s  %s %s %s", month, kind, name, last)
                      : ss_chart_text(c, "%s  %s %s", month, name, last);
        fprintf(ev, "%s\t%d\t%d\t%d\n", month, id, k, group + 1);
        n++;
    }
    return n;
}

/* Writes the dates the leakage chart marks, in date order: each sanction's
 * start and end, each [links] table's, bloc's, corridor's and payment
 * network's, and each dated change. Rows of events.dat: month, the
 * number of its text, kind (1 start, 2 end, 3 change), and a number shared
 * by the dates of one month (1, 2, ...). Returns how many. */
static size_t write_events(const ss_scenario *s, ss_chart *c)
{
    const ss_config *cf = s->config;
    FILE *ev = ss_chart_file(c, "events.dat");
    size_t nev = 0;
    int group = 0;
    /* From month 1: what is in force from the baseline (a payment network
     * of the whole world) does not start in the run. */
    for (long when = 1; ev && when < s->months; when++) {
        char month[32];
        ss_scenario_month(s, when, month, sizeof month);
        size_t before = nev;
/* Every item of one kind (its array and count in the configuration). */
#define MARK_ALL(kind, at, count)                                                                  \
    for (size_t i = 0; i < cf->count; i++)                                                         \
    nev += mark_dated(c, ev, s, when, group, kind, cf->at[i].name, cf->at[i].start, cf->at[i].end)
        MARK_ALL(NULL, measure, n_measures);
        MARK_ALL("links", links, n_links);
        MARK_ALL("bloc", bloc, n_blocs);
        MARK_ALL("corridor", corridor, n_corridors);
        MARK_ALL("payments", network, n_networks);
#undef MARK_ALL
        for (size_t i = 0; i < s->nsec; i++) {
            const ss_section *sec = &s->sec[i];
            long m = -1;
            for (size_t e = 0; e < sec->n && strcmp(sec->type, "change") == 0; e++)
                if (strcmp(sec->entry[e].key, "date") == 0 &&
                    ss_scenario_month_index(s, sec->entry[e].value, &m) != 0)
                    m = -1;
            if (m != when)
                continue;
            int id = ss_chart_text(c, "%s  %s (change)", month, sec->label ? sec->label : "");
            fprintf(ev, "%s\t%d\t3\t%d\n", month, id, group + 1);
            nev++;
        }
        group += nev > before;
    }
    return nev;
}

/* Sums summary.csv's baseline and rerouted values per month and series
 * (series[row] of each row, ns of them) into the leakage in %, v[m * ns +
 * q] (NaN without a baseline). */
static int leakage_values(ss_plot_job *j, const ss_config *over, const ss_table *t, const long *c,
                          const size_t *series, size_t ns, double *v)
{
    size_t T = (size_t)j->r->s->months;
    double *base = ss_plot_zalloc(T * ns, sizeof *base), *rer = ss_plot_zalloc(T * ns, sizeof *rer);
    int rc = base && rer ? SS_OK : ss_plot_no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        double b, r;
        if (series[row] == SIZE_MAX)
            continue;
        rc = ss_read_row(j->r, t, row, c, j->d, "m---nn", &m, &b, &r);
        if (!rc && through_intermediaries(j->r->s, over, t, c, row, m)) {
            base[(size_t)m * ns + series[row]] += b;
            rer[(size_t)m * ns + series[row]] += r;
        }
    }
    for (size_t i = 0; !rc && i < T * ns; i++)
        v[i] = base[i] > 0 ? 100 * rer[i] / base[i] : NAN;
    free(base);
    free(rer);
    return rc;
}

/* The legend of series q: "COALITION → RUS: restricted, energy" (sectors
 * in world order; "all sectors" when it has every one). */
static void leakage_label(ss_chart *c, const ss_world *w, const ss_table *t, const long *col,
                          const size_t *series, size_t q, size_t first)
{
    int export = strcmp(ss_table_get(t, first, (size_t)col[L_DIRECTION]), "import") != 0;
    const char *co = ss_table_get(t, first, (size_t)col[L_COALITION]),
               *ta = ss_table_get(t, first, (size_t)col[L_TARGET]);
    char what[512] = "";
    size_t count = 0;
    for (size_t k = 0; k < w->k; k++) {
        int has = 0;
        for (size_t r = 0; r < t->nrow && !has; r++)
            has = series[r] == q &&
                  strcmp(ss_table_get(t, r, (size_t)col[L_SECTOR]), w->sector[k]) == 0;
        if (has) {
            size_t len = strlen(what);
            snprintf(what + len, sizeof what - len, "%s%s", len ? ", " : "", w->sector[k]);
            count++;
        }
    }
    ss_chart_text(c, "%s \xe2\x86\x92 %s: %s", export ? co : ta, export ? ta : co,
                  count == w->k && count > 1 ? "all sectors" : what);
}

/* "Leakage of the export sanctions reached 14 % by 2024-12": the
 * headline's leakage in the last month, as the brief and compare report it
 * (headline.csv; of the import sanctions when no export sanction counts in
 * it), and its peak when that was higher. */
static int leakage_finding(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    size_t T = (size_t)s->months;
    ss_flows *tot = ss_plot_zalloc(T, sizeof *tot);
    double *leak = ss_plot_zalloc(T, sizeof *leak);
    int rc = tot && leak ? ss_run_totals(j->r, tot, leak, NULL, j->d) : ss_plot_no_memory(j->d);
    if (!rc) {
        /* The peak is the highest month, the first of equals; it is named
         * when it stands more than half a point above the last month. */
        double last = 100 * leak[T - 1], peak = last;
        long when = (long)T - 1;
        for (size_t m = 0; m < T; m++)
            if (100 * leak[m] > peak) {
                peak = 100 * leak[m];
                when = (long)m;
            }
        char month[32], peak_month[32];
        ss_scenario_month(s, (long)T - 1, month, sizeof month);
        ss_scenario_month(s, when, peak_month, sizeof peak_month);
        const char *way = ss_headline_dir(s->config) == SS_EXPORT ? "export" : "import";
        if (peak <= last + 0.5)
            ss_chart_finding(c, "Leakage of the %s sanctions reached %.0f %% by %s", way, last,
                             month);
        else /* A peak of other sanctions than the last month's says so. */
            ss_chart_finding(
                c, "Leakage of the %s sanctions: %.0f %% in %s, after a peak of %.0f %% in %s%s",
                way, last, month, peak, peak_month,
                tot[when].baseline == tot[T - 1].baseline ? ""
                                                          : " (of the sanctions then in force)");
    }
    free(tot);
    free(leak);
    return rc;
}

static int prep_leakage(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t T = (size_t)s->months;
    long col[8];
    const ss_table *t = ss_runfolder_table(
        j->r, SS_RUN_SUMMARY,
        "month,coalition,target,sector,baseline_usd_mn,rerouted_usd_mn,leakage,direction", col,
        j->d);
    if (!t)
        return SS_EINVAL;
    int caps = 0;
    for (size_t i = 0; i < s->config->n_measures; i++)
        caps |= s->config->measure[i].kind == SS_PRICE_CAP;
    if (t->nrow == 0)
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP, "%s, so nothing leaks",
                            caps ? "no sanction restricts a coalition's trade with its target (a "
                                   "price cap restricts the target's prices)"
                                 : "the scenario has no sanction");
    /* first[q]: the first row of series q; series[row]: the row's series. */
    size_t *first = ss_plot_zalloc(t->nrow, sizeof *first),
           *series = ss_plot_zalloc(t->nrow, sizeof *series), ns = 0;
    ss_config over = {0};
    int rc = first && series ? config_over_run(s, &over, j->d) : ss_plot_no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        size_t q = 0;
        while (q < ns && !same_series(t, col, first[q], row))
            q++;
        if (!through_intermediaries(s, &over, t, col, row, -1))
            q = SIZE_MAX; /* in no line */
        else if (q == ns)
            first[ns++] = row;
        series[row] = q;
    }
    if (!rc && ns == 0)
        rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                          "no sanction is evaded through intermediaries, so nothing leaks");
    double *v = rc ? NULL : ss_plot_zalloc(T * ns, sizeof *v);
    if (!rc)
        rc = v ? leakage_values(j, &over, t, col, series, ns, v) : ss_plot_no_memory(j->d);
    FILE *f = rc ? NULL : ss_chart_file(c, "data.dat");
    for (size_t m = 0; f && m < T; m++) {
        ss_chart_month(f, s, (long)m);
        for (size_t q = 0; q < ns; q++)
            ss_chart_value(f, v[m * ns + q]);
        fputc('\n', f);
    }
    if (!rc) {
        /* The targets of its lines: the headline's over the whole run (a
         * target a group loses keeps its line; a review). */
        char where[512] = "", src[1024], *aimed = ss_plot_zalloc(w->n, 1);
        if (!aimed)
            rc = ss_plot_no_memory(j->d);
        else
            ss_country_list(w, ss_headline_targets(&over, -1, aimed) ? aimed : j->scope.target,
                            where, sizeof where);
        free(aimed);
        ss_source_line(s, src, sizeof src);
        ss_chart_text(c,
                      "Leakage: sanctioned trade with %s that still flows, rerouted through "
                      "intermediaries",
                      where);
        ss_chart_text(c, "%s", src);
        ss_chart_text(c, "Rerouted trade, %% of pre-sanction value");
        for (size_t q = 0; q < ns; q++)
            leakage_label(c, w, t, col, series, q, first[q]);
        ss_chart_text(c, "Dates marked");
        size_t nev = write_events(s, c);
        rc = leakage_finding(j, c);
        ss_chart_numbers(c, "%zu\t%zu\t%zu\t%.8g\n", ns, nev, T, ss_max_of(v, T * ns));
    }
    over_free(&over);
    free(first);
    free(series);
    free(v);
    return rc;
}

/* ---- chart 3: the intermediaries' commission revenue and rate --------------- */

/* The sectors whose rates chart 3 shows: those of sanctions evaded
 * through intermediaries, or NULL (every sector) when there is none. */
static const char *rate_sectors(const ss_plot_job *j)
{
    for (size_t q = 0; q < j->r->s->world->k; q++)
        if (j->scope.rerouted[q])
            return j->scope.rerouted;
    return NULL;
}

/* Each intermediary's commission revenue over the run and the part of it
 * earned on the targets' trade (ss_run_intermediary_sums: seen, theirs)
 * and, when rate is not NULL, its commission rate each month over the
 * sectors of sanctions evaded through intermediaries (rate_sectors):
 * weighted by the value it carries in each, or their plain mean in a month
 * it carries nothing. A plain mean over every sanctioned sector had put
 * Kazakhstan at 5.8 % while it charged 7.4 % on all it carried. With rate,
 * stopped[i] (n of them) is 1 when intermediary i carries nothing in a
 * month after one in which it carried something (its line then goes on at
 * the rate it would charge: a trial took Kazakhstan, stopped, for active). */
static int commissions(ss_plot_job *j, double *revenue, double *theirs, char *seen, double *rate,
                       char *stopped)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n, T = (size_t)j->r->s->months;
    double *carried = ss_plot_zalloc(n, sizeof *carried);
    if (!carried)
        return ss_plot_no_memory(j->d);
    int rc = ss_run_intermediary_sums(j->r, carried, revenue, theirs, seen, j->d);
    free(carried);
    if (rc || !rate)
        return rc;
    long c[5];
    const ss_table *t = ss_runfolder_table(
        j->r, SS_RUN_INTERMEDIARIES, "month,intermediary,sector,transit_usd_mn,commission_rate", c,
        j->d);
    if (!t)
        return SS_EINVAL;
    const char *in = rate_sectors(j);
    /* Per month and intermediary: the plain sum and count, the weighted
     * sum and the weights. */
    double *sum = ss_plot_zalloc(4 * T * n, sizeof *sum);
    if (!sum)
        return ss_plot_no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t i, sec;
        double value, r;
        rc = ss_read_row(j->r, t, row, c, j->d, "mcsnn", &m, &i, &sec, &value, &r);
        if (!rc && (!in || in[sec])) {
            double *at = &sum[4 * ((size_t)m * n + i)];
            at[0] += r;
            at[1] += 1;
            at[2] += r * value;
            at[3] += value;
        }
    }
    for (size_t q = 0; q < T * n; q++) {
        const double *at = &sum[4 * q];
        rate[q] = at[3] > 0 ? at[2] / at[3] : at[1] > 0 ? at[0] / at[1] : NAN;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t m = 1, had = 0; m < T; m++) {
            const double value = sum[4 * (m * n + i) + 3];
            stopped[i] |= had && !(value > 0);
            had |= value > 0;
        }
    free(sum);
    return rc;
}

static int prep_inter(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months;
    double *revenue = ss_plot_zalloc(2 * n, sizeof *revenue), *theirs = revenue + n,
           *rate = ss_plot_zalloc(T * n, sizeof *rate);
    char *seen = ss_plot_zalloc(2 * n, 1), *stopped = seen ? seen + n : NULL;
    size_t *order = ss_plot_zalloc(n, sizeof *order), ni = 0;
    int rc = revenue && rate && seen && order ? commissions(j, revenue, theirs, seen, rate, stopped)
                                              : ss_plot_no_memory(j->d);
    size_t shown = 0;
    if (!rc) {
        ni = ss_rank_desc(revenue, seen, n, order);
        shown = ni < SS_CHART_SHOWN ? ni : SS_CHART_SHOWN;
        if (ni == 0)
            rc = ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                              "the scenario has no intermediaries (as with candidates = none, "
                              "the benchmark without evasion, which sanctsim compare sets "
                              "beside a run with them)");
    }
    FILE *f = rc ? NULL : ss_chart_file(c, "bars.dat");
    for (size_t q = 0; f && q < shown; q++)
        fprintf(f, "%zu\t%.8g\n", q, revenue[order[q]]);
    f = rc ? NULL : ss_chart_file(c, "rate.dat");
    for (size_t m = 0; f && m < T; m++) {
        ss_chart_month(f, s, (long)m);
        for (size_t q = 0; q < shown; q++)
            ss_chart_value(f, 100 * rate[m * n + order[q]]);
        fputc('\n', f);
    }
    if (!rc) {
        char src[1024], what[256];
        const char *in = rate_sectors(j);
        int any = in != NULL;
        if (in)
            ss_sector_list(w, in, what, sizeof what);
        ss_source_line(s, src, sizeof src);
        ss_chart_text(c,
                      "Intermediaries: who earns commission on rerouted trade, and at what rate");
        ss_chart_text(c, "%s", src);
        if (shown < ni)
            ss_chart_text(c,
                          "Commission revenue, total over the run: the %zu largest of %zu "
                          "candidates",
                          shown, ni);
        else
            ss_chart_text(c, "Commission revenue, total over the run");
        ss_chart_text(c, "USD %s, sum over the run",
                      ss_max_of(revenue, n) >= 1000 ? "bn" : "million");
        char goods[520];
        int any_stopped = 0;
        for (size_t q = 0; q < shown; q++)
            any_stopped |= stopped[order[q]];
        /* The note on a line of its own: beside the title it ran into the
         * other panel's, and the brief's short axis could not hold it. */
        ss_chart_text(c, "Commission rate%s%s%s", any ? " on " : "",
                      any ? ss_chart_goods(what, goods, sizeof goods) : "",
                      any_stopped ? "\n(after one stops carrying: the rate it would charge)" : "");
        ss_chart_text(c, "%% of the value carried");
        char cut[SS_CHART_NAME_BUF];
        for (size_t q = 0; q < shown; q++)
            ss_chart_text(c, "%s", ss_chart_country(w, order[q], cut));
        ss_chart_colours(c, w, order, shown);
        double all = 0, unit = ss_max_of(revenue, n) >= 1000 ? 1000 : 1;
        for (size_t i = 0; i < n; i++)
            all += revenue[i];
        if (all > 0) {
            char top[64], part[320] = "", where[256];
            ss_money(top, sizeof top, revenue[order[0]], 1);
            ss_country_list(w, j->scope.target, where, sizeof where);
            if (isfinite(theirs[order[0]]))
                snprintf(part, sizeof part, "; %.0f %% of it on trade with %s",
                         100 * theirs[order[0]] / revenue[order[0]], where);
            ss_chart_finding(c, "%s earned the most commission: %s over the run, %.0f %% of all%s",
                             ss_chart_country(w, order[0], cut), top,
                             100 * revenue[order[0]] / all, part);
        } else {
            ss_chart_finding(c, "No intermediary carried rerouted trade: no commission over the "
                                "run (the rates are those they would have charged)");
        }
        ss_chart_numbers(c, "%zu\t%zu\t%.8g\t%.8g\t%g\n", shown, T, ss_max_of(revenue, n),
                         100 * ss_max_of(rate, T * n), unit);
    }
    free(revenue);
    free(rate);
    free(seen);
    free(order);
    return rc;
}

/* ---- chart 4: recorded exports to the intermediaries, indexed --------------- */

/* ss_run_recorded_sums in j's run and scope. */
static int recorded_sums(ss_plot_job *j, ss_runfolder *src, double *v)
{
    return ss_run_recorded_sums(j->r, src, &j->scope, v, j->d);
}

/* Turns sums v[m * n + i] into an index, month 0 = 100 (NaN without
 * exports at month 0). */
static void to_index(double *v, size_t n, size_t T)
{
    for (size_t i = 0; i < n; i++) {
        double base = v[i];
        for (size_t m = 0; m < T; m++)
            v[m * n + i] = base > 0 ? 100 * v[m * n + i] / base : NAN;
    }
}

/* The candidate intermediaries outside the coalition (pick[0..np-1]);
 * SS_SKIP when there are none or no sanction. */
static int recorded_pick(ss_plot_job *j, size_t *pick, size_t *np)
{
    const ss_scenario *s = j->r->s;
    size_t any = 0;
    *np = 0;
    for (size_t q = 0; q < s->world->k; q++)
        any += j->scope.sanctioned[q] != 0;
    for (size_t i = 0; i < s->world->n; i++)
        if (s->config->agent[i].candidate && !j->scope.coalition[i])
            pick[(*np)++] = i;
    if (!any || *np == 0)
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP, "the scenario has %s",
                            any ? "no candidate intermediaries" : "no sanction");
    return SS_OK;
}

/* The indices of the run (v) and of the comparison run (*vc, or NULL),
 * keeping in pick only the intermediaries with exports at the baseline.
 * A comparison run without any loses its panel (*vc freed), and says so. */
static int recorded_indices(ss_plot_job *j, double *v, double **vc, size_t *pick, size_t *np)
{
    size_t n = j->r->s->world->n, T = (size_t)j->r->s->months;
    int rc = recorded_sums(j, j->r, v);
    if (!rc && *vc)
        rc = recorded_sums(j, j->cmp, *vc);
    if (rc)
        return rc;
    to_index(v, n, T);
    if (*vc)
        to_index(*vc, n, T);
    /* An index needs exports at the baseline. */
    size_t kept = 0, cmp_ok = 0;
    for (size_t q = 0; q < *np; q++)
        if (isfinite(v[pick[q]]))
            pick[kept++] = pick[q];
    *np = kept;
    for (size_t q = 0; *vc && q < kept; q++)
        cmp_ok += isfinite((*vc)[pick[q]]) != 0;
    const ss_recorded_words rw = ss_recorded_words_of(&j->scope);
    if (kept == 0)
        return ss_plot_fail(j->d, j->r->dir, 0, SS_SKIP,
                            "the coalition recorded no %s of sanctioned goods %s the "
                            "intermediaries at the baseline",
                            rw.flows, rw.to);
    if (*vc && !cmp_ok) {
        ss_errorf("%s: no recorded %s of sanctioned goods %s the intermediaries at its "
                  "baseline, so it has no comparison panel",
                  j->cmp->dir, rw.flows, rw.to);
        free(*vc);
        *vc = NULL;
    }
    return SS_OK;
}

/* data.dat (and compare.dat): chart.h. */
void ss_chart_index_lines(ss_chart *c, const ss_scenario *s, const double *v, const double *vc,
                          const size_t *pick, size_t np, double *lo, double *hi)
{
    size_t n = s->world->n, T = (size_t)s->months;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t m = 0; m < T; m++)
        for (size_t q = 0; q < np; q++) {
            double a = v[m * n + pick[q]], b = vc ? vc[m * n + pick[q]] : NAN;
            *lo = isfinite(a) && a < *lo ? a : *lo;
            *hi = isfinite(a) && a > *hi ? a : *hi;
            *lo = isfinite(b) && b < *lo ? b : *lo;
            *hi = isfinite(b) && b > *hi ? b : *hi;
        }
    if (!isfinite(*lo)) {
        *lo = 0;
        *hi = 200;
    }
    for (int which = 0; which < (vc ? 2 : 1); which++) {
        FILE *f = ss_chart_file(c, which ? "compare.dat" : "data.dat");
        const double *src = which ? vc : v;
        for (size_t m = 0; f && m < T; m++) {
            ss_chart_month(f, s, (long)m);
            for (size_t q = 0; q < np; q++)
                ss_chart_value(f, src[m * n + pick[q]]);
            fputc('\n', f);
        }
    }
}

/* The place in pick of the country chart 4's title names, and in *month
 * the month it names: the highest index in the last month while a
 * sanction of the headline is still in force then; once they are lifted,
 * the highest in any month (a lifted ban's title read "rose most: +0 %
 * by 2023-12" over a flat line). */
static size_t recorded_top(const ss_scenario *s, const double *v, const size_t *pick, size_t np,
                           size_t *month)
{
    const size_t n = s->world->n, last = (size_t)s->months - 1;
    size_t best = 0, at = last;
    for (size_t m = ss_headline_in_force(s->config, (long)last) ? last : 0; m <= last; m++)
        for (size_t q = 0; q < np; q++)
            if (!(v[at * n + pick[best]] >= v[m * n + pick[q]])) {
                best = q;
                at = m;
            }
    *month = at;
    return best;
}

/* "Recorded exports to Kyrgyzstan rose most: +250 % by 2024-12" (or "in
 * 2022-04", a peak before the sanctions were lifted), and with a
 * comparison panel (vc) the same country's there: "(the comparison run:
 * -41 %)" (an audit: +29 % read as the change, where the comparison run's
 * exports there halved). */
static void recorded_finding(ss_chart *c, const ss_scenario *s, const ss_scope *sc, const double *v,
                             const double *vc, const size_t *pick, size_t np)
{
    size_t n = s->world->n, at, best = recorded_top(s, v, pick, np, &at);
    double x = v[at * n + pick[best]] - 100;
    char month[32], cut[SS_CHART_NAME_BUF], change[32], other[32], cmp[64] = "";
    const ss_recorded_words rw = ss_recorded_words_of(sc);
    ss_scenario_month(s, (long)at, month, sizeof month);
    if (vc && isfinite(vc[at * n + pick[best]]))
        snprintf(cmp, sizeof cmp, " (the comparison run: %s)",
                 ss_number(other, sizeof other, "%+.0f %%", vc[at * n + pick[best]] - 100));
    /* Every line within half a point of the baseline: "rose most: +0 %"
     * over flat lines (a hunt, with no sanction evaded through
     * intermediaries). */
    double moved = 0;
    for (size_t m = 0; m < (size_t)s->months; m++)
        for (size_t q = 0; q < np; q++)
            moved = fmax(moved, fabs(v[m * n + pick[q]] - 100));
    if (moved < 0.5)
        ss_chart_finding(c, "Recorded %s %s the intermediaries: no change of half a %% or more",
                         rw.flows, rw.to);
    else
        ss_chart_finding(c, "Recorded %s %s %s %s most: %s %s %s%s", rw.flows, rw.to,
                         ss_chart_country(s->world, pick[best], cut), x >= 0 ? "rose" : "changed",
                         ss_number(change, sizeof change, "%+.0f %%", x),
                         at + 1 == (size_t)s->months ? "by" : "in", month, cmp);
}

/* Keeps in pick the SS_CHART_SHOWN countries whose index moved farthest
 * from 100 in any month (by its ratio, as the log scale draws it), the
 * farthest first, and first of all the one the title names (the highest
 * in the last month: recorded_finding), so that it is drawn. */
static int recorded_most_moved(ss_plot_job *j, const double *v, size_t *pick, size_t *np)
{
    size_t at;
    const size_t n = j->r->s->world->n, T = (size_t)j->r->s->months,
                 named = pick[recorded_top(j->r->s, v, pick, *np, &at)];
    double *moved = ss_plot_zalloc(n, sizeof *moved);
    char *keep = ss_plot_zalloc(n, 1);
    if (!moved || !keep) {
        free(moved);
        free(keep);
        return ss_plot_no_memory(j->d);
    }
    for (size_t q = 0; q < *np; q++) {
        for (size_t m = 0; m < T; m++) {
            const double x = fabs(log(v[m * n + pick[q]] / 100));
            moved[pick[q]] = isfinite(x) && x > moved[pick[q]] ? x : moved[pick[q]];
        }
        keep[pick[q]] = 1;
    }
    moved[named] = INFINITY;
    ss_rank_desc(moved, keep, n, pick);
    *np = SS_CHART_SHOWN;
    free(moved);
    free(keep);
    return SS_OK;
}

static int prep_recorded(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months, np = 0;
    size_t *pick = ss_plot_zalloc(n, sizeof *pick);
    double *v = ss_plot_zalloc(T * n, sizeof *v),
           *vc = j->cmp ? ss_plot_zalloc(T * n, sizeof *vc) : NULL;
    int rc = pick && v && (vc || !j->cmp) ? recorded_pick(j, pick, &np) : ss_plot_no_memory(j->d);
    if (!rc)
        rc = recorded_indices(j, v, &vc, pick, &np);
    const size_t all = np;
    if (!rc && np > SS_CHART_SHOWN)
        rc = recorded_most_moved(j, v, pick, &np);
    if (!rc) {
        double lo, hi;
        ss_chart_index_lines(c, s, v, vc, pick, np, &lo, &hi);
        char who[512], what[256], src[1024], base[32];
        ss_coalition_list(s->config, &j->scope, 0, who, sizeof who);
        if (!who[0])
            ss_country_list(w, j->scope.coalition, who, sizeof who);
        ss_sector_list(w, j->scope.sanctioned, what, sizeof what);
        ss_source_line(s, src, sizeof src);
        ss_scenario_month(s, 0, base, sizeof base);
        char of[96] = "";
        if (np < all)
            snprintf(of, sizeof of, ": the %zu that moved most, of %zu", np, all);
        const ss_recorded_words rw = ss_recorded_words_of(&j->scope);
        char goods[520];
        ss_chart_text(c,
                      "What the statistics show: recorded %s of %s %s %s %s the "
                      "intermediaries%s",
                      rw.flows, ss_chart_goods(what, goods, sizeof goods), rw.from, who, rw.to, of);
        ss_chart_text(c, "%s", src);
        ss_chart_panel_names(c, s, j->cmp ? j->cmp->s : NULL);
        ss_chart_text(c, "Index of recorded %s, %s (baseline) = 100", rw.flows, base);
        char cut[SS_CHART_NAME_BUF];
        for (size_t q = 0; q < np; q++)
            ss_chart_text(c, "%s %s", rw.To, ss_chart_country(w, pick[q], cut));
        ss_chart_colours(c, w, pick, np);
        recorded_finding(c, s, &j->scope, v, vc, pick, np);
        ss_chart_numbers(c, "%zu\t%d\t%.8g\t%.8g\t%zu\n", np, vc != NULL, lo, hi, T);
    }
    free(pick);
    free(v);
    free(vc);
    return rc;
}

/* ---- the brief's key numbers ------------------------------------------------ */

/* The headline's flows in the last month of headline.csv (baseline,
 * direct, rerouted: the numbers src/summary.h defines; tot[3] is 1 when
 * they are imports; tot[4] the leakage, as the file has it), and the target's
 * price changes by sector from summary.csv's export rows, as text ("RUS
 * restricted goods +4.1 %; ..."). */
static int brief_totals(ss_plot_job *j, double *tot, double *first, char *prices, size_t size)
{
    const size_t T = (size_t)j->r->s->months;
    long last = (long)T - 1, c[5], m;
    ss_flows *flows = ss_plot_zalloc(T, sizeof *flows);
    double *leak = ss_plot_zalloc(T, sizeof *leak);
    char *imports = ss_plot_zalloc(T, 1);
    int rc = flows && leak && imports ? ss_run_totals(j->r, flows, leak, imports, j->d)
                                      : ss_plot_no_memory(j->d);
    if (!rc) {
        *first = flows[0].baseline;
        tot[0] = flows[last].baseline;
        tot[1] = flows[last].direct;
        tot[2] = flows[last].rerouted;
        tot[3] = imports[last];
        tot[4] = leak[last];
    }
    free(flows);
    free(leak);
    free(imports);
    const ss_table *t =
        rc ? NULL
           : ss_runfolder_table(j->r, SS_RUN_SUMMARY,
                                "month,target,sector,target_import_price_index,direction", c, j->d);
    if (!t)
        return SS_EINVAL;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        double p;
        size_t i, q;
        rc = ss_get_month(j->r, t, row, c[0], &m, j->d);
        if (rc || m != last || strcmp(ss_table_get(t, row, (size_t)c[4]), "export") != 0)
            continue;
        /* The pairs of compare's import prices (a counter-sanction's not). */
        rc = ss_read_row(j->r, t, row, c, j->d, "-csn", &i, &q, &p);
        if (rc || !j->scope.pair[i * j->r->s->world->k + q])
            continue;
        /* Each target and sector once: every coalition's rows carry the
         * target's same index. */
        char item[256], change[32], goods[96];
        snprintf(item, sizeof item, "%s %s %s", ss_table_get(t, row, (size_t)c[1]),
                 ss_chart_goods(ss_table_get(t, row, (size_t)c[2]), goods, sizeof goods),
                 ss_number(change, sizeof change, "%+.1f %%", 100 * (p - 1)));
        if (!strstr(prices, item)) {
            if (prices[0])
                strncat(prices, "; ", size - strlen(prices) - 1);
            strncat(prices, item, size - strlen(prices) - 1);
        }
    }
    return rc;
}

/* The prices the targets realise on their exports in the sectors of the
 * sanctions on their sales (the scope's export_pair: import bans and
 * penalties, price caps), where they moved by 0.05 % or more by the last
 * month, as text ("RUS energy goods -24.6 %; ..."; empty when none did, or
 * in a folder written before countries.csv had export_price). A price cap
 * shows here, and in no other line of the brief (a trial). */
static int brief_sales(ss_plot_job *j, char *sales, size_t size)
{
    const ss_world *w = j->r->s->world;
    long last = j->r->s->months - 1, c[4], m;
    /* A run whose [output] left out countries.csv has its brief without. */
    if (!(j->r->s->tables >> SS_RUN_COUNTRIES & 1))
        return SS_OK;
    const int has = ss_run_has_export_price(j->r, j->d);
    if (has <= 0)
        return has < 0 ? SS_EINVAL : SS_OK;
    const ss_table *t =
        ss_runfolder_table(j->r, SS_RUN_COUNTRIES, "month,country,sector,export_price", c, j->d);
    int rc = t ? SS_OK : SS_EINVAL;
    for (size_t row = 0; t && row < t->nrow && !rc; row++) {
        size_t i, q;
        double p;
        rc = ss_get_month(j->r, t, row, c[0], &m, j->d);
        if (rc || m != last)
            continue;
        rc = ss_read_row(j->r, t, row, c, j->d, "-csn", &i, &q, &p);
        if (rc || !j->scope.export_pair[i * w->k + q] || !(fabs(p - 1) >= 0.0005))
            continue;
        char change[32], goods[96];
        const size_t len = strlen(sales);
        snprintf(sales + len, size - len, "%s%s %s %s", len ? "; " : "", w->iso3[i],
                 ss_chart_goods(w->sector[q], goods, sizeof goods),
                 ss_number(change, sizeof change, "%+.1f %%", 100 * (p - 1)));
    }
    return rc;
}

/* The countries with a sector flagged in pair ([i * k + s]). */
static size_t targets_in(const ss_world *w, const char *pair)
{
    size_t count = 0;
    for (size_t i = 0; i < w->n; i++)
        for (size_t q = 0; q < w->k; q++)
            if (pair[i * w->k + q]) {
                count++;
                break;
            }
    return count;
}

static int prep_brief(ss_plot_job *j, ss_chart *c)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n;
    double tot[5] = {0, 0, 0, 0, 0}; /* baseline, direct, rerouted; imports; leakage */
    double first = 0;             /* the baseline month's baseline */
    char prices[1024] = "", sales[512] = "";
    double *revenue = ss_plot_zalloc(2 * n, sizeof *revenue), *theirs = revenue + n;
    char *seen = ss_plot_zalloc(n, 1);
    size_t *order = ss_plot_zalloc(n, sizeof *order), ni = 0;
    int rc = brief_totals(j, tot, &first, prices, sizeof prices);
    if (!rc)
        rc = brief_sales(j, sales, sizeof sales);
    if (!rc)
        rc = revenue && seen && order ? commissions(j, revenue, theirs, seen, NULL, NULL)
                                      : ss_plot_no_memory(j->d);
    if (!rc) {
        ni = ss_rank_desc(revenue, seen, n, order);
        char src[1024], month[32], where[512], top[1024] = "";
        ss_source_line(s, src, sizeof src);
        ss_scenario_month(s, s->months - 1, month, sizeof month);
        ss_headline_target_list(w, &j->scope, where, sizeof where);
        char cut[SS_CHART_NAME_BUF];
        char money[3][64];
        /* Each with the share earned on the targets' trade: the rest is
         * other trade rerouted around the sanctions' costs (secondary
         * sanctions' expected penalty on every non-member). */
        const int shares = ni > 0 && isfinite(theirs[order[0]]);
        for (size_t q = 0; q < ni && q < 3 && revenue[order[q]] > 0; q++) {
            size_t len = strlen(top);
            char part[32] = "";
            ss_money_like(money[0], sizeof money[0], revenue[order[q]], revenue[order[0]], 1);
            if (shares)
                snprintf(part, sizeof part, " (%.0f %%)",
                         100 * theirs[order[q]] / revenue[order[q]]);
            snprintf(top + len, sizeof top - len, "%s%zu. %s, %s%s", q ? "   " : "", q + 1,
                     ss_chart_country(w, order[q], cut), money[0], part);
        }
        ss_chart_text(c, "%s", ss_chart_scenario_name(s));
        ss_chart_text(c, "%s", src);
        /* After the sanctions were lifted, their leakage is what is still
         * rerouted: say when they ended, lest 0 % read as a tight ban. */
        const long last = ss_headline_lifted(s->config, s->months);
        char ended[64] = "", when[32];
        if (last >= 0) {
            ss_scenario_month(s, last, when, sizeof when);
            snprintf(ended, sizeof ended, " (those sanctions ended in %s)", when);
        }
        /* A share of nothing is no 0 % (a user's trial: the links carried
         * nothing before the sanctions, and the page said 0 %). */
        if (tot[0] > 0)
            ss_chart_text(c,
                          "Leakage at the end (%s): %.0f %% of the pre-sanction value of "
                          "sanctioned %s %s still arrives through intermediaries%s",
                          month, 100 * tot[4], tot[3] > 0 ? "imports from" : "exports to", where,
                          ended);
        else
            ss_chart_text(c,
                          "Leakage at the end (%s): none to measure, since the sanctioned %s %s "
                          "carried no trade before the sanctions%s",
                          month, tot[3] > 0 ? "imports from" : "exports to", where, ended);
        const double most = ss_max_of(tot, 3); /* one unit for the line */
        for (int q = 0; q < 3; q++)
            ss_money_like(money[q], sizeof money[q], tot[2 - q], most, 1);
        /* The links in force at the end carried other trade than those
         * in force first (a country joined, a sanction started or ended),
         * whose baseline chart 1 draws before the sanctions. */
        char other[192] = "", was[64];
        if (fabs(first - tot[0]) > 0.01 * tot[0]) {
            ss_money_like(was, sizeof was, first, most, 1);
            snprintf(other, sizeof other, " in force in %s; those in force first covered %s",
                     month, was);
        }
        ss_chart_text(c,
                      "(%s per month rerouted and %s direct, against %s before the "
                      "sanctions%s)",
                      money[0], money[1], money[2], other);
        ss_chart_text(c, "Top intermediaries by commission over the run%s:   %s",
                      shares && top[0] ? " (share on the targets' trade)" : "",
                      top[0] ? top : "none earned commission");
        /* The targets whose import prices brief_totals gives, and whose
         * export prices brief_sales does. */
        const size_t priced = targets_in(w, j->scope.pair),
                     sold = targets_in(w, j->scope.export_pair);
        /* Relocated production counts among the target's imports, at
         * what it costs abroad (docs/model.md section 9): the line says
         * so. */
        ss_chart_text(
            c, "Import prices in the target%s, %s against the baseline%s:   %s",
            priced > 1 ? "s" : "", month,
            ss_scenario_relocates(s) ? " (with production relocated abroad among them)" : "",
            prices[0] ? prices : "none shown (no export sanction restricts what the target buys)");
        /* A run of random detection is one draw of it: say so where its
         * numbers are (a trial briefed one seed's leakage). */
        if (ss_scenario_deterministic(s))
            ss_chart_text(c, "Key numbers");
        else
            ss_chart_text(c,
                          "Key numbers of one draw of random detection (seed %llu): a sweep "
                          "with --replicates gives their spread",
                          (unsigned long long)s->seed);
        /* The headline's direction (an audit: "the sanctions" took in the
         * energy bans on imports, which gave 9.3 % for the 32 % shown). */
        ss_chart_text(c,
                      "Leakage: rerouted / pre-sanction value over the links of the %s "
                      "sanctions evaded by transit in force, each link once, at the buyer's "
                      "price (commission included); see the README's glossary",
                      ss_headline_dir(s->config) == SS_EXPORT ? "export" : "import");
        /* On a line of its own (brief.gp makes room for it): beside the
         * import prices it shrank the line, and cut it past 0.6 of its
         * font (a review). */
        if (sales[0])
            ss_chart_text(c,
                          "Prices the target%s realised on %s exports, %s against the "
                          "baseline:   %s",
                          sold > 1 ? "s" : "", sold > 1 ? "their" : "its", month, sales);
    }
    free(revenue);
    free(seen);
    free(order);
    return rc;
}

/* ---- the list ---------------------------------------------------------------- */

/* In the order they are drawn; the brief shows the first three. */
const ss_chart_def ss_run_charts[] = {
    {"sanctioned-trade", prep_trade},         {"leakage", prep_leakage},
    {"intermediaries", prep_inter},           {"recorded-exports", prep_recorded},
    {"import-prices", ss_prep_import_prices}, {"flow-change", ss_prep_flow_change},
    {"export-prices", ss_prep_export_prices}, {"target-exports", ss_prep_target_exports},
    {"real-income", ss_prep_real_income},
};
const size_t ss_n_run_charts = sizeof ss_run_charts / sizeof ss_run_charts[0];

const ss_chart_def ss_brief_numbers = {"brief", prep_brief};
