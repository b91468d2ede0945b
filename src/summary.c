/* Summary rows: which coalition, target, sector and direction combinations
 * a run reports, and their flows in a month. Two measures by the same
 * coalition (same members, same name) on the same target and sector share
 * one row. */
#include "summary.h"
#include "cost.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The combinations are found in one pass through a hash table of the
 * watches so far, so that hundreds of sanctions on dozens of targets each
 * take milliseconds, not minutes. Two measures have the same coalition
 * when they name it with the same text, which resolves to the same
 * countries. */
typedef struct finder {
    size_t *slot; /* 1 + index into the watches, 0 when empty */
    size_t mask;
    uint64_t *by_hash; /* per measure */
} finder;

static uint64_t text_hash(const char *text)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 0x100000001B3ULL;
    return h;
}

static uint64_t watch_hash(const finder *f, const ss_config *c, const ss_watch *w)
{
    uint64_t h = f->by_hash[(size_t)(w->m - c->measure)];
    h = (h ^ w->target) * 0x9E3779B97F4A7C15ULL;
    h = (h ^ w->sector) * 0x9E3779B97F4A7C15ULL;
    return (h ^ (unsigned)w->direction) * 0x9E3779B97F4A7C15ULL;
}

static int same_watch(const ss_watch *a, const ss_watch *b)
{
    return a->target == b->target && a->sector == b->sector && a->direction == b->direction &&
           (a->m == b->m || strcmp(a->m->by_name, b->m->by_name) == 0);
}

/* Adds w to out unless an equal watch is there already. */
static void add_watch(finder *f, const ss_config *c, ss_watch *out, size_t *n, ss_watch w)
{
    size_t i = (size_t)watch_hash(f, c, &w) & f->mask;
    for (; f->slot[i]; i = (i + 1) & f->mask)
        if (same_watch(&out[f->slot[i] - 1], &w))
            return;
    out[*n] = w;
    f->slot[i] = ++*n;
}

/* The number of combinations the measures name, duplicates included. */
static size_t count_named(const ss_config *c)
{
    size_t total = 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        int dirs = (m->direction & SS_EXPORT ? 1 : 0) + (m->direction & SS_IMPORT ? 1 : 0);
        if (m->kind == SS_PRICE_CAP)
            continue;
        total += (size_t)dirs * m->target.len * m->sectors.len;
    }
    return total;
}

int ss_watches(const ss_config *c, ss_watch **out, size_t *n)
{
    const size_t had = *out ? *n : 0, total = had + count_named(c);
    size_t cap = 16;
    while (cap < 2 * total)
        cap *= 2;
    finder f = {calloc(cap, sizeof *f.slot), cap - 1,
                malloc((c->n_measures + 1) * sizeof *f.by_hash)};
    ss_watch *list = realloc(*out, (total + 1) * sizeof *list);
    if (!f.slot || !f.by_hash || !list) {
        free(f.slot);
        free(f.by_hash);
        if (list)
            *out = list;
        return SS_ENOMEM;
    }
    *out = list;
    *n = 0;
    for (size_t i = 0; i < c->n_measures; i++)
        f.by_hash[i] = text_hash(c->measure[i].by_name);
    for (size_t i = 0; i < had; i++) /* distinct already */
        add_watch(&f, c, list, n, list[i]);
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (m->kind == SS_PRICE_CAP) /* it restricts no link between by and target */
            continue;
        for (int dir = SS_EXPORT; dir <= SS_IMPORT; dir++)
            for (size_t a = 0; (m->direction & dir) && a < m->target.len; a++)
                for (size_t b = 0; b < m->sectors.len; b++)
                    add_watch(&f, c, list, n,
                              (ss_watch){m, m->target.at[a], m->sectors.at[b], dir});
    }
    free(f.slot);
    free(f.by_hash);
    return SS_OK;
}

const ss_measure *ss_watch_measure(const ss_config *c, const ss_watch *wa, long t)
{
    if (ss_cost_in_force(wa->m, t))
        return wa->m;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (m->kind != SS_PRICE_CAP && (m->direction & wa->direction) && ss_cost_in_force(m, t) &&
            strcmp(m->by_name, wa->m->by_name) == 0 && ss_set_has(&m->target, wa->target) &&
            ss_set_has(&m->sectors, wa->sector))
            return m;
    }
    return wa->m;
}

void ss_watch_flows(const ss_world *w, const ss_sim *sim, const ss_watch *wa, const ss_measure *m,
                    double *baseline, double *direct, double *rerouted)
{
    const double *x = ss_sim_flows(sim), *dir = ss_sim_direct(sim);
    double base = 0, straight = 0, detour = 0;
    for (size_t b = 0; b < m->by.len; b++) {
        size_t c = m->by.at[b];
        if (c == wa->target)
            continue;
        size_t idx = wa->direction == SS_EXPORT ? ss_idx(w, c, wa->target, wa->sector)
                                                : ss_idx(w, wa->target, c, wa->sector);
        base += w->x0[idx];
        straight += dir[idx];
        /* Each link's detoured part, never below 0: a sum of totals minus
         * a sum of direct parts could round to -1e-13. */
        detour += x[idx] > dir[idx] ? x[idx] - dir[idx] : 0;
    }
    *baseline = base;
    *direct = straight;
    *rerouted = detour;
}

/* ---- leakage over sets of distinct links ------------------------------------ */

/* Marks the links of measure m in direction dir (SS_EXPORT: by -> target,
 * SS_IMPORT: target -> by), domestic sales never. */
static void mark_measure(const ss_world *w, const ss_measure *m, int dir, unsigned char *mark)
{
    if (!ss_restricts(m, dir))
        return;
    for (size_t b = 0; b < m->by.len; b++)
        for (size_t t = 0; t < m->target.len; t++) {
            size_t by = m->by.at[b], tg = m->target.at[t];
            for (size_t s = 0; by != tg && s < m->sectors.len; s++)
                mark[dir == SS_EXPORT ? ss_idx(w, by, tg, m->sectors.at[s])
                                      : ss_idx(w, tg, by, m->sectors.at[s])] = 1;
        }
}

/* The marked links, in index order, into out. */
static int collect(const unsigned char *mark, size_t size, ss_linkset *out)
{
    size_t n = 0;
    for (size_t i = 0; i < size; i++)
        n += mark[i];
    out->idx = malloc((n + 1) * sizeof *out->idx);
    out->n = 0;
    if (!out->idx)
        return SS_ENOMEM;
    for (size_t i = 0; i < size; i++)
        if (mark[i])
            out->idx[out->n++] = i;
    return SS_OK;
}

int ss_linkset_of(const ss_world *w, const ss_config *c, ss_measure_filter keep, const void *arg,
                  int dir, long at, ss_linkset *out)
{
    size_t size = w->n * w->n * w->k;
    unsigned char *mark = calloc(size + 1, 1);
    out->idx = NULL;
    out->n = 0;
    if (!mark)
        return SS_ENOMEM;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if ((!keep || keep(m, arg)) && (at < 0 || ss_cost_in_force(m, at)))
            mark_measure(w, m, dir, mark);
    }
    int rc = collect(mark, size, out);
    free(mark);
    return rc;
}

long ss_reference_month(const ss_config *c, long t, ss_measure_filter keep, const void *arg)
{
    long first = LONG_MAX;
    for (long m = t; m >= 0; m--)
        for (size_t i = 0; i < c->n_measures; i++)
            if (keep(&c->measure[i], arg) && ss_cost_in_force(&c->measure[i], m))
                return m;
    for (size_t i = 0; i < c->n_measures; i++)
        if (keep(&c->measure[i], arg) && c->measure[i].start < first)
            first = c->measure[i].start;
    return first == LONG_MAX ? t : first;
}

int ss_restricts(const ss_measure *m, int dir)
{
    return m->kind != SS_PRICE_CAP && (m->direction & dir);
}

int ss_reroutes(const ss_measure *m, int dir)
{
    return m->evasion == SS_EVADE_TRANSIT && ss_restricts(m, dir);
}

/* 1 when measure m counts in a headline in direction *dir, whatever the
 * month: it reroutes, and answers no earlier sanction (config.h). */
static int headline_measure(const ss_measure *m, const void *dir)
{
    return !m->answers && ss_reroutes(m, *(const int *)dir);
}

int ss_headline_dir(const ss_config *c)
{
    const int out = SS_EXPORT, in = SS_IMPORT;
    int imports = 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        if (headline_measure(&c->measure[i], &out))
            return SS_EXPORT;
        imports |= headline_measure(&c->measure[i], &in);
    }
    return imports ? SS_IMPORT : SS_EXPORT;
}

int ss_headline_links(const ss_world *w, const ss_config *c, long t, ss_linkset *out, int *dir)
{
    *dir = ss_headline_dir(c);
    return ss_linkset_of(w, c, headline_measure, dir, *dir,
                         ss_reference_month(c, t, headline_measure, dir), out);
}

size_t ss_headline_targets(const ss_config *c, long t, char *target)
{
    const int dir = ss_headline_dir(c);
    const long at = t < 0 ? -1 : ss_reference_month(c, t, headline_measure, &dir);
    size_t count = 0;
    memset(target, 0, c->n);
    for (size_t q = 0; q < c->n_measures; q++) {
        const ss_measure *m = &c->measure[q];
        if (at >= 0 && !ss_cost_in_force(m, at))
            continue;
        for (size_t u = 0; headline_measure(m, &dir) && u < m->target.len; u++) {
            count += !target[m->target.at[u]];
            target[m->target.at[u]] = 1;
        }
    }
    return count;
}

long ss_headline_lifted(const ss_config *c, long months)
{
    long last = months - 1;
    while (last >= 0 && !ss_headline_in_force(c, last))
        last--;
    return last >= 0 && last < months - 1 ? last : -1;
}

int ss_headline_in_force(const ss_config *c, long t)
{
    const int dir = ss_headline_dir(c);
    for (size_t i = 0; i < c->n_measures; i++)
        if (headline_measure(&c->measure[i], &dir) && ss_cost_in_force(&c->measure[i], t))
            return 1;
    return 0;
}

int ss_mean_leakage_month(const ss_config *c, long t, double baseline)
{
    return t >= 1 && baseline > 0 && ss_headline_in_force(c, t);
}

int ss_headline_moves(const ss_config *c, long t)
{
    const int dir = ss_headline_dir(c);
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (t > 0 && headline_measure(m, &dir) &&
            ss_cost_in_force(m, t) != ss_cost_in_force(m, t - 1))
            return 1;
    }
    return 0;
}

void ss_linkset_flows(const ss_world *w, const ss_sim *sim, const ss_linkset *l, ss_flows *out)
{
    const double *x = ss_sim_flows(sim), *dir = ss_sim_direct(sim);
    *out = (ss_flows){0, 0, 0};
    for (size_t q = 0; q < l->n; q++) {
        size_t idx = l->idx[q];
        out->baseline += w->x0[idx];
        out->direct += dir[idx];
        out->rerouted += x[idx] > dir[idx] ? x[idx] - dir[idx] : 0;
    }
}

double ss_leakage(double baseline, double rerouted)
{
    return baseline > 0 ? rerouted / baseline : 0;
}

void ss_baseline_receipts(const ss_world *w, double *out)
{
    for (size_t c = 0; c < w->n; c++) {
        double sum = 0;
        for (size_t j = 0; j < w->n; j++)
            for (size_t q = 0; q < w->k; q++)
                sum += w->x0[ss_idx(w, c, j, q)];
        out[c] = sum;
    }
}

void ss_watch_incomes(ss_sim *sim, const ss_watch *wa, const ss_measure *m, const double *receipts,
                      double *target, double *coalition)
{
    const double *real = ss_sim_real_income(sim);
    double now = 0, then = 0;
    for (size_t b = 0; b < m->by.len; b++) {
        const size_t c = m->by.at[b];
        if (c == wa->target)
            continue;
        now += receipts[c] * real[c];
        then += receipts[c];
    }
    *target = real[wa->target];
    *coalition = then > 0 ? now / then : 1;
}
