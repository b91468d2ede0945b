/* Calibration targets: the reader of the targets file, and each
 * indicator's measurement on a simulation. */
#include "targets.h"
#include "months.h"
#include "report.h"
#include "table.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ss_indicator_name[SS_NINDICATORS] = {
    "flow_ratio", "import_ratio",       "leakage", "import_price_change", "transit_share",
    "commission", "export_price_change"};

/* What each indicator reads: from and to (1 used and required, 0 must be
 * empty), a base period (1 allowed), and whether it is a change (the log
 * error compares 1 + value). */
static const struct {
    int from, to, base, change;
} rules[SS_NINDICATORS] = {
    {1, 1, 1, 0}, /* flow_ratio */
    {1, 1, 1, 0}, /* import_ratio */
    {1, 1, 0, 0}, /* leakage */
    {0, 1, 1, 1}, /* import_price_change */
    {1, 1, 0, 0}, /* transit_share */
    {1, 0, 0, 0}, /* commission */
    {1, 0, 1, 1}, /* export_price_change */
};

enum {
    C_TARGET,
    C_INDICATOR,
    C_FROM,
    C_TO,
    C_SECTOR,
    C_PERIOD,
    C_BASE,
    C_OBSERVED,
    C_HIGH,
    C_WEIGHT,
    C_SOURCE,
    NCOLS
};
static const char *const column_name[NCOLS] = {"target",        "indicator", "from",  "to",
                                               "sector",        "period",    "base",  "observed",
                                               "observed_high", "weight",    "source"};

static int fail(ss_diag *d, const char *file, long line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(ss_diag *d, const char *file, long line, const char *key, const char *fmt, ...)
{
    if (d) {
        snprintf(d->file, sizeof d->file, "%s", file);
        d->line = line;
        snprintf(d->key, sizeof d->key, "%s", key ? key : "");
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return SS_EINVAL;
}

/* ---- periods ---------------------------------------------------------------- */

/* One end of a period: a year, a quarter or a month, as its first and last
 * month counted from year 0. */
static int period_part(const char *text, size_t len, long *first, long *last)
{
    char buf[16];
    int y, m, used = 0;
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (sscanf(buf, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7 && (size_t)used == len) {
        if (m < 1 || m > 12)
            return -1;
        *first = *last = (long)y * 12 + m - 1;
    } else if (sscanf(buf, "%4dQ%1d%n", &y, &m, &used) == 2 && used == 6 && (size_t)used == len) {
        if (m < 1 || m > 4)
            return -1;
        *first = (long)y * 12 + (m - 1) * 3;
        *last = *first + 2;
    } else if (sscanf(buf, "%4d%n", &y, &used) == 1 && used == 4 && (size_t)used == len) {
        *first = (long)y * 12;
        *last = *first + 11;
    } else {
        return -1;
    }
    /* sscanf accepts signs and spaces inside %4d; a period has digits only. */
    for (size_t i = 0; i < len; i++)
        if (!(buf[i] >= '0' && buf[i] <= '9') && buf[i] != '-' && buf[i] != 'Q')
            return -1;
    return buf[0] == '-' ? -1 : 0;
}

int ss_period_parse(const char *text, int year0, int month0, long *first, long *last)
{
    const char *slash = strchr(text, '/');
    long f1, l1, f2, l2;
    size_t len = slash ? (size_t)(slash - text) : strlen(text);
    if (period_part(text, len, &f1, &l1))
        return -1;
    if (slash && period_part(slash + 1, strlen(slash + 1), &f2, &l2))
        return -1;
    if (!slash) {
        f2 = f1;
        l2 = l1;
    }
    if (l2 < f1)
        return -1;
    long start = (long)year0 * 12 + month0 - 1;
    *first = f1 - start;
    *last = l2 - start;
    return 0;
}

/* ---- countries and sectors ------------------------------------------------- */

/* Adds a country or every member of a group (recursively; the scenario
 * loader has checked that groups resolve without cycles). */
static int add_country(const ss_scenario *s, const char *name, ss_set *out, int depth)
{
    long c = ss_world_country(s->world, name);
    if (c >= 0)
        return ss_set_has(out, (size_t)c) || !ss_set_add(out, (size_t)c) ? SS_OK : SS_ENOMEM;
    int found = 0;
    for (size_t g = 0; g < s->groups.len && depth < 64; g++) {
        if (strcmp(s->groups.at[g].group, name) != 0)
            continue;
        found = 1;
        int rc = add_country(s, s->groups.at[g].member, out, depth + 1);
        if (rc)
            return rc;
    }
    return found ? SS_OK : SS_EINVAL;
}

/* A list separated by spaces of countries and groups, or of sectors
 * (sectors != 0), or "all"; the item that is neither goes into bad. */
int ss_resolve_list(const ss_scenario *s, const char *text, int sectors, ss_set *out, char *bad,
                    size_t size)
{
    char *copy = strdup(text);
    if (!copy)
        return SS_ENOMEM;
    const size_t all = sectors ? s->world->k : s->world->n;
    int rc = SS_OK;
    for (char *save = NULL, *item = strtok_r(copy, " \t", &save); item && !rc;
         item = strtok_r(NULL, " \t", &save)) {
        if (strcmp(item, "all") == 0) {
            for (size_t x = 0; x < all && !rc; x++)
                if (!ss_set_has(out, x) && ss_set_add(out, x))
                    rc = SS_ENOMEM;
            continue;
        }
        long q = sectors ? ss_world_sector(s->world, item) : 0;
        if (sectors && q >= 0)
            rc = ss_set_has(out, (size_t)q) || !ss_set_add(out, (size_t)q) ? SS_OK : SS_ENOMEM;
        else
            rc = sectors ? SS_EINVAL : add_country(s, item, out, 0);
        if (rc == SS_EINVAL)
            snprintf(bad, size, "%s", item);
    }
    free(copy);
    return rc;
}

/* ---- reading ---------------------------------------------------------------- */

static int blank(const char *text)
{
    return text[strspn(text, " \t")] == '\0';
}

/* The period or base column: months inside the run. */
static int read_period(const ss_scenario *s, const char *path, long line, const char *col,
                       const char *text, long *first, long *last, ss_diag *d)
{
    char from[32], to[32];
    ss_scenario_month(s, 0, from, sizeof from);
    ss_scenario_month(s, s->months - 1, to, sizeof to);
    if (ss_period_parse(text, s->year0, s->month0, first, last))
        return fail(d, path, line, col,
                    "%s = '%s' is not a period: expected a year (2023), a quarter (2022Q2), a "
                    "month (2022-03) or a range of them from early to late (2022-03/2022-11)",
                    col, text);
    if (*first < 0 || *last >= s->months)
        return fail(d, path, line, col, "%s = '%s' is outside the run: it runs from %s to %s", col,
                    text, from, to);
    return SS_OK;
}

/* A row's from and to: countries, groups or all, where its indicator uses
 * them, and empty where it does not. */
static int read_places(ss_target *t, int ind, const char *const *v, const char *path, long line,
                       const ss_scenario *s, ss_diag *d)
{
    const char *name = ss_indicator_name[ind];
    for (int side = 0; side < 2; side++) {
        int c = side ? C_TO : C_FROM, used = side ? rules[ind].to : rules[ind].from;
        ss_set *set = side ? &t->to : &t->from;
        if (!used && !blank(v[c]))
            return fail(d, path, line, column_name[c], "%s does not use '%s': leave it empty", name,
                        column_name[c]);
        if (used && blank(v[c]))
            return fail(d, path, line, column_name[c],
                        "%s is empty: %s needs a country, a group or all", column_name[c], name);
        char bad[64] = "", hint[160];
        int rc = used ? ss_resolve_list(s, v[c], 0, set, bad, sizeof bad) : SS_OK;
        if (rc == SS_ENOMEM)
            return ss_diag_set(d, rc, "out of memory");
        if (rc)
            return fail(d, path, line, column_name[c],
                        "%s = '%s': unknown country or group '%s'%s: expected a country of the "
                        "world, a group from groups.csv or a [group] section, or all",
                        column_name[c], v[c], bad,
                        ss_scenario_country_hint(s, bad, 1, hint, sizeof hint));
    }
    return SS_OK;
}

/* A row's observed value (its low end), observed_high and weight. */
static int read_numbers(ss_target *t, int ind, const char *const *v, const char *path, long line,
                        ss_diag *d)
{
    double lowest = rules[ind].change ? -1 : 0;
    const int bad = ss_parse_number(v[C_OBSERVED], &t->observed);
    if (bad || !(t->observed > lowest)) {
        char hint[64]; /* a change of -15.7 % written -15.7, "0,05" or "15.7%" */
        ss_value_hint(v[C_OBSERVED], hint, sizeof hint);
        if (!bad && rules[ind].change && t->observed <= -1 && t->observed > -100)
            ss_share_hint(t->observed, hint, sizeof hint);
        return fail(d, path, line, "observed", "observed = '%s': expected a number above %g%s",
                    v[C_OBSERVED], lowest, hint);
    }
    t->high = t->observed;
    char hint[64];
    if (!blank(v[C_HIGH]) && (ss_parse_number(v[C_HIGH], &t->high) || t->high < t->observed))
        return fail(d, path, line, "observed_high",
                    "observed_high = '%s': expected empty, or the high end of a range whose low "
                    "end is observed (%g)%s",
                    v[C_HIGH], t->observed, ss_value_hint(v[C_HIGH], hint, sizeof hint));
    if (ss_parse_number(v[C_WEIGHT], &t->weight) || !(t->weight > 0))
        return fail(d, path, line, "weight", "weight = '%s': expected a number above 0",
                    v[C_WEIGHT]);
    return SS_OK;
}

static int read_row(ss_targets *ts, const ss_table *tab, const long *col, size_t r,
                    const ss_scenario *s, ss_diag *d)
{
    ss_target *t = &ts->at[ts->n];
    const char *path = tab->path;
    long line = tab->line[r];
    const char *v[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        v[c] = ss_table_get(tab, r, (size_t)col[c]);
    memset(t, 0, sizeof *t);
    t->line = line;
    t->base_first = t->base_last = -1;
    ts->n++; /* freed with the rest from here on */
    if (!(t->name = strdup(v[C_TARGET])) || !(t->source = strdup(v[C_SOURCE])) ||
        !(t->from_text = strdup(v[C_FROM])) || !(t->to_text = strdup(v[C_TO])) ||
        !(t->sector_text = strdup(v[C_SECTOR])) || !(t->period_text = strdup(v[C_PERIOD])) ||
        !(t->base_text = strdup(v[C_BASE])))
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    if (blank(v[C_TARGET]))
        return fail(d, path, line, "target", "target is empty: name the statistic");
    if (blank(v[C_SOURCE]))
        return fail(d, path, line, "source",
                    "source is empty: say where the observed value comes from");
    int ind = 0;
    while (ind < SS_NINDICATORS && strcmp(v[C_INDICATOR], ss_indicator_name[ind]) != 0)
        ind++;
    if (ind == SS_NINDICATORS)
        return fail(d, path, line, "indicator",
                    "indicator = '%s': expected flow_ratio, import_ratio, leakage, "
                    "import_price_change, transit_share, commission or export_price_change",
                    v[C_INDICATOR]);
    t->indicator = ind;
    const char *name = ss_indicator_name[ind];
    if (read_places(t, ind, v, path, line, s, d))
        return SS_EINVAL;
    char bad[64] = "";
    int rc = blank(v[C_SECTOR]) ? SS_EINVAL
                                : ss_resolve_list(s, v[C_SECTOR], 1, &t->sectors, bad, sizeof bad);
    if (rc == SS_ENOMEM)
        return ss_diag_set(d, rc, "out of memory");
    char hint[640];
    if (rc)
        return fail(d, path, line, "sector", "sector = '%s': unknown sector '%s'%s", v[C_SECTOR],
                    bad, ss_sector_hint(s->world, bad, hint, sizeof hint));
    if (blank(v[C_PERIOD]))
        return fail(d, path, line, "period", "period is empty: expected e.g. 2023 or 2022-03");
    if (read_period(s, path, line, "period", v[C_PERIOD], &t->first, &t->last, d))
        return SS_EINVAL;
    if (!blank(v[C_BASE]) && !rules[ind].base)
        return fail(d, path, line, "base",
                    "%s has no base period: it is measured in the period itself; leave base "
                    "empty",
                    name);
    if (!blank(v[C_BASE]) &&
        read_period(s, path, line, "base", v[C_BASE], &t->base_first, &t->base_last, d))
        return SS_EINVAL;
    return read_numbers(t, ind, v, path, line, d);
}

/* Rows of one target name are one named series, whose log errors the fit
 * chart averages: of two indicators, that mixes things unlike (a trial's
 * import ratio and commission under one name). Said once per name. */
static void warn_mixed_series(const ss_targets *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        const ss_target *t = &ts->at[i];
        size_t first = 0;
        while (strcmp(ts->at[first].name, t->name) != 0)
            first++;
        const ss_target *f = &ts->at[first];
        int said = 0;
        for (size_t j = first + 1; j < i && !said; j++)
            said = strcmp(ts->at[j].name, t->name) == 0 && ts->at[j].indicator != f->indicator;
        if (said || t->indicator == f->indicator)
            continue;
        ss_errorf("warning: %s:%ld: target '%s' is %s here and %s on line %ld: one named series, "
                  "whose log errors the fit chart averages; give each indicator its own name",
                  ts->path, t->line, t->name, ss_indicator_name[t->indicator],
                  ss_indicator_name[f->indicator], f->line);
    }
}

ss_targets *ss_targets_read(const char *path, const ss_scenario *s, ss_diag *d)
{
    ss_table *tab = ss_table_read(path, d);
    if (!tab)
        return NULL;
    ss_targets *ts = calloc(1, sizeof *ts);
    int rc = ts && (ts->path = strdup(path)) ? SS_OK : ss_diag_set(d, SS_ENOMEM, "out of memory");
    long col[NCOLS];
    char hint[160];
    for (int c = 0; c < NCOLS && !rc; c++)
        if ((col[c] = ss_table_column(tab, column_name[c])) < 0)
            rc = fail(
                d, path, 1, column_name[c],
                "no column '%s': a targets file has the columns target, indicator, from, "
                "to, sector, period, base, observed, observed_high, weight, source%s",
                column_name[c],
                ss_table_header_hint(tab->header, tab->ncol, column_name[c], hint, sizeof hint));
    if (!rc && tab->nrow == 0)
        rc = fail(d, path, 1, NULL, "no targets: the file has a header and no rows");
    if (!rc && !(ts->at = calloc(tab->nrow, sizeof *ts->at)))
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory");
    for (size_t r = 0; r < (rc ? 0 : tab->nrow); r++)
        rc = read_row(ts, tab, col, r, s, d);
    ss_table_free(tab);
    if (rc) {
        ss_targets_free(ts);
        return NULL;
    }
    warn_mixed_series(ts);
    return ts;
}

size_t ss_targets_names(const ss_targets *t)
{
    size_t names = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t before = 0;
        while (before < i && strcmp(t->at[before].name, t->at[i].name) != 0)
            before++;
        names += before == i;
    }
    return names;
}

void ss_targets_free(ss_targets *ts)
{
    if (!ts)
        return;
    for (size_t r = 0; r < ts->n; r++) {
        ss_target *t = &ts->at[r];
        free(t->name);
        free(t->source);
        free(t->from_text);
        free(t->to_text);
        free(t->sector_text);
        free(t->period_text);
        free(t->base_text);
        ss_set_clear(&t->from);
        ss_set_clear(&t->to);
        ss_set_clear(&t->sectors);
    }
    free(ts->at);
    free(ts->path);
    free(ts);
}

/* ---- measuring -------------------------------------------------------------- */

/* A price of the countries of `who` in the target's sectors, summed with
 * their baseline trade as weights (home excluded): exports for an export
 * price (importer 0), imports for an import price index (importer 1). */
static void weighted_price(const ss_target *t, const ss_world *w, const ss_set *who, int importer,
                           const double *price, double q[3])
{
    for (size_t a = 0; a < who->len; a++)
        for (size_t b = 0; b < t->sectors.len; b++) {
            size_t c = who->at[a], s = t->sectors.at[b];
            double trade = 0;
            for (size_t o = 0; o < w->n; o++)
                trade += o == c ? 0 : w->x0[importer ? ss_idx(w, o, c, s) : ss_idx(w, c, o, s)];
            q[0] += trade * price[c * w->k + s];
            q[1] += trade;
        }
}

/* This month's quantities of one target (see ss_target_value). */
static void measure(const ss_target *t, const ss_world *w, ss_sim *sim, const double *price,
                    double q[3])
{
    q[0] = q[1] = q[2] = 0;
    if (t->indicator == SS_COMMISSION) {
        const double *rate = ss_sim_commission_rate(sim), *v = ss_sim_transit(sim);
        for (size_t a = 0; a < t->from.len; a++)
            for (size_t b = 0; b < t->sectors.len; b++) {
                size_t mq = t->from.at[a] * w->k + t->sectors.at[b];
                q[0] += rate[mq] * v[mq];
                q[1] += v[mq];
            }
        return;
    }
    if (t->indicator == SS_EXPORT_PRICE_CHANGE) {
        weighted_price(t, w, &t->from, 0, ss_sim_export_price(sim), q);
        return;
    }
    if (t->indicator == SS_PRICE_CHANGE) {
        weighted_price(t, w, &t->to, 1, price, q);
        return;
    }
    const double *x = ss_sim_flows(sim), *direct = ss_sim_direct(sim);
    const double *rec = t->indicator == SS_FLOW_RATIO     ? ss_sim_exports(sim)
                        : t->indicator == SS_IMPORT_RATIO ? ss_sim_imports(sim)
                                                          : NULL;
    for (size_t a = 0; a < t->from.len; a++)
        for (size_t b = 0; b < t->to.len; b++) {
            size_t i = t->from.at[a], j = t->to.at[b];
            for (size_t c = 0; i != j && c < t->sectors.len; c++) {
                size_t idx = ss_idx(w, i, j, t->sectors.at[c]);
                if (rec) {
                    q[0] += rec[idx];
                } else {
                    q[0] += x[idx] - direct[idx];
                    q[1] += t->indicator == SS_LEAKAGE ? direct[idx] : x[idx];
                }
            }
        }
}

void ss_targets_tally(const ss_targets *ts, const ss_world *w, ss_sim *sim, long month, double *acc)
{
    const double *price = NULL;
    for (size_t r = 0; r < ts->n; r++) {
        const ss_target *t = &ts->at[r];
        int in_period = month >= t->first && month <= t->last;
        int in_base = t->base_first >= 0 && month >= t->base_first && month <= t->base_last;
        if (!in_period && !in_base)
            continue;
        if (t->indicator == SS_PRICE_CHANGE && !price)
            price = ss_sim_import_price(sim);
        double q[3];
        measure(t, w, sim, price, q);
        for (int i = 0; i < 3; i++) {
            acc[r * SS_TALLY + (size_t)i] += in_period ? q[i] : 0;
            acc[r * SS_TALLY + 3 + (size_t)i] += in_base ? q[i] : 0;
        }
    }
}

/* What ss_targets_run adds up month by month. */
typedef struct tally {
    const ss_targets *t;
    double *acc;
} tally;

static int tally_month(void *user, const ss_scenario *s, ss_sim *sim, long t, ss_diag *d)
{
    (void)d;
    tally *ty = user;
    ss_targets_tally(ty->t, s->world, sim, t, ty->acc);
    return SS_OK;
}

int ss_targets_run(ss_scenario *s, const ss_targets *t, double *acc, ss_diag *d)
{
    long last = 0;
    for (size_t r = 0; r < t->n; r++) {
        last = t->at[r].last > last ? t->at[r].last : last;
        last = t->at[r].base_last > last ? t->at[r].base_last : last;
    }
    memset(acc, 0, t->n * SS_TALLY * sizeof *acc);
    tally ty = {t, acc};
    return ss_run_months(s, last, tally_month, &ty, d);
}

int ss_targets_check_twin(const ss_targets *ts, const double *twin, ss_diag *d)
{
    for (size_t r = 0; r < ts->n; r++) {
        const ss_target *t = &ts->at[r];
        const double *a = twin + r * SS_TALLY;
        const char *what = NULL;
        switch (t->indicator) {
        case SS_FLOW_RATIO:
        case SS_IMPORT_RATIO:
        case SS_PRICE_CHANGE:
        case SS_EXPORT_PRICE_CHANGE:
            if (!(a[0] > 0))
                what = t->indicator == SS_EXPORT_PRICE_CHANGE ? "no exports to price in the period"
                       : t->indicator == SS_PRICE_CHANGE      ? "no imports to price in the period"
                       : t->indicator == SS_FLOW_RATIO        ? "no recorded exports in the period"
                                                              : "no recorded imports in the period";
            else if (t->base_first >= 0 && !(a[3] > 0))
                what = t->indicator == SS_EXPORT_PRICE_CHANGE
                           ? "no exports to price in the base period"
                       : t->indicator == SS_PRICE_CHANGE ? "no imports to price in the base period"
                                                         : "no recorded flow in the base period";
            break;
        case SS_LEAKAGE:
            if (!(a[1] > 0))
                what = "no direct flow in the period, so nothing can drop";
            break;
        default:
            break;
        }
        if (what)
            return fail(d, ts->path, t->line, NULL,
                        "%s from '%s' to '%s' in sector '%s': the twin has %s: the target is "
                        "undefined",
                        ss_indicator_name[t->indicator], t->from_text, t->to_text, t->sector_text,
                        what);
    }
    return SS_OK;
}

double ss_target_value(const ss_target *t, const double *acc, const double *twin)
{
    double ratio;
    switch (t->indicator) {
    case SS_FLOW_RATIO:
    case SS_IMPORT_RATIO:
    case SS_PRICE_CHANGE:
    case SS_EXPORT_PRICE_CHANGE:
        ratio = acc[0] / twin[0];
        if (t->base_first >= 0)
            ratio /= acc[3] / twin[3];
        return rules[t->indicator].change ? ratio - 1 : ratio;
    case SS_LEAKAGE: {
        double drop = twin[1] - acc[1];
        return drop > 0 ? acc[0] / drop : NAN;
    }
    default: /* transit_share, commission */
        return acc[1] > 0 ? acc[0] / acc[1] : NAN;
    }
}

double ss_target_error(const ss_target *t, double simulated)
{
    double shift = rules[t->indicator].change ? 1 : 0;
    double v = simulated + shift, lo = t->observed + shift, hi = t->high + shift;
    if (isnan(v) || v < SS_TARGET_FLOOR)
        v = SS_TARGET_FLOOR;
    else if (v > 1 / SS_TARGET_FLOOR)
        v = 1 / SS_TARGET_FLOOR;
    return v < lo ? log(v / lo) : v > hi ? log(v / hi) : 0;
}

double ss_targets_loss(const ss_targets *ts, const double *simulated, double *errors)
{
    double loss = 0;
    for (size_t r = 0; r < ts->n; r++) {
        double e = ss_target_error(&ts->at[r], simulated[r]);
        if (errors)
            errors[r] = e;
        loss += ts->at[r].weight * e * e;
    }
    return loss;
}
