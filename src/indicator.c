/* A sweep's own indicators: parsing NAME=EXPR and measuring them through
 * the targets' tallies (see indicator.h). */
#include "indicator.h"
#include "report.h"
#include "twin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char form[] = "expected NAME=recorded(FROM,TO,SECTORS,PERIOD) or "
                           "NAME=true(FROM,TO,SECTORS,PERIOD), optionally followed by /twin, "
                           "as in share=recorded(EU27,KGZ,all,2023)/twin";

/* NAME: a letter or _, then letters, digits or _, not a column already. */
static int bad_name(const char *name, size_t len, const char *const *taken, size_t ntaken)
{
    if (len == 0 || len >= 64 || strspn(name, "abcdefghijklmnopqrstuvwxyz_") == 0 ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz_0123456789") < len)
        return 1;
    for (size_t i = 0; i < ntaken; i++)
        if (strlen(taken[i]) == len && strncmp(taken[i], name, len) == 0)
            return 2;
    return 0;
}

/* The four arguments between the parentheses, each trimmed of spaces. */
static int split_args(const char *open, const char *close, ss_custom *c)
{
    const char *p = open + 1;
    for (int a = 0; a < 4; a++) {
        const char *end = a < 3 ? memchr(p, ',', (size_t)(close - p)) : close;
        if (!end)
            return -1;
        while (p < end && *p == ' ')
            p++;
        size_t len = (size_t)(end - p);
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len == 0 || len >= sizeof c->arg[a])
            return -1;
        snprintf(c->arg[a], sizeof c->arg[a], "%.*s", (int)len, p);
        p = end + 1;
    }
    return 0;
}

int ss_custom_parse(const char *spec, ss_custom *c, const char *const *taken, size_t ntaken)
{
    memset(c, 0, sizeof *c);
    c->spec = spec;
    const char *eq = strchr(spec, '=');
    if (!eq)
        return ss_usage("--indicator %s: %s", spec, form);
    size_t len = (size_t)(eq - spec);
    int name = bad_name(spec, len, taken, ntaken);
    if (name)
        return ss_usage("--indicator %s: %s", spec,
                        name == 1 ? "NAME is a lower-case letter or _, then lower-case letters, "
                                    "digits or _"
                                  : "NAME is a column of sweep.csv already (a headline indicator, "
                                    "point, replicate, seed, status or an earlier --indicator): "
                                    "choose another");
    snprintf(c->name, sizeof c->name, "%.*s", (int)len, spec);
    const char *expr = eq + 1, *open = strchr(expr, '('), *close = strrchr(expr, ')');
    if (open && strncmp(expr, "recorded(", 9) == 0)
        c->recorded = 1;
    else if (!open || strncmp(expr, "true(", 5) != 0)
        return ss_usage("--indicator %s: %s", spec, form);
    if (!close || close < open || split_args(open, close, c) != 0)
        return ss_usage("--indicator %s: %s", spec, form);
    c->twin = strcmp(close + 1, "/twin") == 0;
    if (close[1] && !c->twin)
        return ss_usage("--indicator %s: after the parentheses only /twin may follow", spec);
    return 0;
}

/* The countries, sectors and (when `period`) period of one indicator, as
 * a target. */
static int resolve(const ss_custom *c, const ss_scenario *s, int period, ss_target *t, ss_diag *d)
{
    static const char *const what[4] = {"FROM", "TO", "SECTORS", "PERIOD"};
    ss_set *set[3] = {&t->from, &t->to, &t->sectors};
    char bad[64] = "";
    t->indicator = c->recorded ? SS_FLOW_RATIO : SS_TRANSIT_SHARE;
    t->base_first = t->base_last = -1;
    for (int a = 0; a < 3; a++) {
        int rc = ss_resolve_list(s, c->arg[a], a == 2, set[a], bad, sizeof bad);
        if (rc == SS_ENOMEM)
            return ss_diag_set(d, rc, "out of memory");
        char hint[640] = "";
        if (rc && a < 2)
            ss_scenario_country_hint(s, bad, 1, hint, sizeof hint);
        if (rc && a == 2)
            ss_sector_hint(s->world, bad, hint, sizeof hint);
        if (rc)
            return ss_diag_set(d, SS_EINVAL, "--indicator %s: %s '%s': unknown %s%s", c->spec,
                               what[a], bad, a == 2 ? "sector" : "country or group", hint);
    }
    if (!t->from.len || !t->to.len)
        return ss_diag_set(d, SS_EINVAL, "--indicator %s: %s names no country", c->spec,
                           t->from.len ? "TO" : "FROM");
    /* Trade between two countries: a country's own sales are left out. */
    int pairs = 0;
    for (size_t a = 0; a < t->from.len && !pairs; a++)
        for (size_t b = 0; b < t->to.len && !pairs; b++)
            pairs = t->from.at[a] != t->to.at[b];
    if (!pairs)
        return ss_diag_set(d, SS_EINVAL,
                           "--indicator %s: FROM and TO are one country, and an indicator sums "
                           "the trade between two (a country's own sales are left out)",
                           c->spec);
    const int malformed =
        period && ss_period_parse(c->arg[3], s->year0, s->month0, &t->first, &t->last) != 0;
    if (period && (malformed || t->first < 0 || t->last >= s->months)) {
        char first[32], last[32];
        ss_scenario_month(s, 0, first, sizeof first);
        ss_scenario_month(s, s->months - 1, last, sizeof last);
        return ss_diag_set(d, SS_EINVAL,
                           "--indicator %s: PERIOD '%s' is %s %s to %s: expected a year (2023), "
                           "a quarter (2022Q2), a month (2022-03) or a range of them from early "
                           "to late (2022-03/2022-11) within it",
                           c->spec, c->arg[3],
                           malformed ? "not a period; the run runs from"
                                     : "not a period inside the run, which runs from",
                           first, last);
    }
    return SS_OK;
}

ss_targets *ss_custom_targets(const ss_custom *c, size_t n, const ss_scenario *s, int periods,
                              ss_diag *d)
{
    ss_targets *ts = calloc(1, sizeof *ts);
    if (ts)
        ts->at = calloc(n + 1, sizeof *ts->at);
    if (!ts || !ts->at) {
        ss_targets_free(ts);
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        ts->n++;
        if (resolve(&c[i], s, periods, &ts->at[i], d)) {
            ss_targets_free(ts);
            return NULL;
        }
    }
    return ts;
}

double ss_custom_value(const ss_custom *c, const double *acc, const double *twin)
{
    double v = c->recorded ? acc[0] : acc[1]; /* see measure() in targets.c */
    if (!c->twin)
        return v;
    double t = c->recorded ? twin[0] : twin[1];
    return t > 0 ? v / t : NAN;
}

int ss_custom_needs_twin(const ss_custom *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].twin)
            return 1;
    return 0;
}

int ss_custom_check_twin(const ss_custom *c, size_t n, const ss_scenario *s, ss_diag *d)
{
    if (!ss_custom_needs_twin(c, n))
        return SS_OK;
    ss_targets *ts = ss_custom_targets(c, n, s, 1, d);
    ss_scenario *twin = ts ? ss_twin_load(s, d) : NULL;
    double *acc = calloc(n * SS_TALLY + 1, sizeof *acc);
    int rc = !twin  ? SS_EINVAL
             : !acc ? ss_diag_set(d, SS_ENOMEM, "out of memory")
                    : ss_targets_run(twin, ts, acc, d);
    /* The twin's ratio to itself: NAN where its sum is 0. */
    for (size_t i = 0; !rc && i < n; i++) {
        const double *own = acc + i * SS_TALLY;
        if (c[i].twin && !(ss_custom_value(&c[i], own, own) >= 0))
            rc = ss_diag_set(d, SS_EINVAL,
                             "--indicator %s: the twin (no sanctions) has no flow "
                             "%s(%s,%s,%s,%s), so a ratio to it has no value in any run: "
                             "leave out /twin, or name a flow that exists",
                             c[i].name, c[i].recorded ? "recorded" : "true", c[i].arg[0],
                             c[i].arg[1], c[i].arg[2], c[i].arg[3]);
    }
    free(acc);
    ss_scenario_free(twin);
    ss_targets_free(ts);
    return rc;
}
