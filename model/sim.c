/* The monthly simulation: the state of every flow, price and agent, and one
 * step in the order of docs/model.md section 11. All memory is allocated in
 * ss_sim_alloc; a step only reads and writes these arrays.
 * Invariant: with no measure in force every flow stays bit-identical to the
 * baseline, because demand weights are the baseline flows themselves and
 * expenditure is summed in the same order as the price index. */
#include "sim.h"
#include "agent.h"
#include "cost.h"
#include "demand.h"
#include "enforce.h"
#include "equilibrium.h"
#include "route.h"

#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ss_sim {
    const ss_world *w;
    const ss_config *c;
    size_t n, k, len; /* len = n * n * k */
    long t;

    /* Demand: CES weights in USD: the baseline flows themselves until
     * relocation first moves them, then wt_own. */
    const double *wt;
    double *wt_own, *e0, *index, *logsum, *price, *ratio;
    /* Flows: true by origin, shipped directly, recorded exports / imports
     * (built on demand; `recorded` says they are this month's). */
    double *x, *direct, *rx, *rm;
    int recorded;
    /* Costs: direct multiplier d, effective cost C. */
    double *d, *cost;
    /* The month's target flows in the general closure (the solver's). */
    const double *eq_flows;
    /* The factor of the measures no detour evades (payment, none), paid by
     * every route of a link; all 1 unless any_fixed (filled when first
     * needed, and again when fixed_dirty). */
    double *fixed;
    int any_fixed, fixed_dirty;
    unsigned char *sanctions; /* origin sanctions destination in a sector */
    /* Penalised links (i != j, d > 1), in increasing index: pen_idx[p],
     * the direct road's weight d^-theta, the total weight of the link's
     * routes, the evasion nest's factor for its detours (sum^(nest - 1)),
     * whether its detours were summed route by route, whether it is
     * rerouted (some detour open), and its flow before capacity cuts (the
     * routes' basis). pen_start[i] is exporter i's first. */
    size_t *pen_idx, *pen_start, n_pen;
    double *pen_direct, *pen_route_w, *pen_nest_f, *pen_sent;
    unsigned char *pen_exact, *pen_re;
    /* Detour factors g^-theta for the intermediaries only: the row of
     * (i, j) starts at (i*n + j)*n_via, entry v for m = via[v]; built when
     * a link of the pair first reroutes, and again after theta, the
     * detour cost or the list of intermediaries change. */
    double *detour;
    unsigned char *detour_ready;
    double detour_theta, detour_cost;
    int via_changed;
    /* Unusual legs for route choice (see route.h): their positions and
     * weights as found, then the compressed rows. */
    size_t *out_start, *out_m, *in_start, *in_m, *out_where, *in_where;
    double *out_w, *in_w, *out_v, *in_v;
    /* Intermediaries. */
    double *fee, *fee_by_sector, *commission, *transit, *transit_by_sector, *income, *capacity,
        *total_transit;
    /* Reach (share of shippers able to use m), rationing factor of a bound
     * capacity, and the transit shippers wanted before rationing (n*k). */
    double *reach, *ration, *desired, *keep;
    /* The intermediaries cut by their capacity this month, by sector: row q
     * lists short_m[short_start[q]] to short_m[short_start[q + 1] - 1]. */
    size_t *short_start, *short_m;
    /* The share of each link's shippers whose route is still open, last
     * month (len; with stop_at_once, filled with 1 when first needed). */
    double *served;
    int served_ready;
    /* k: 1 for a bulk sector, one that only some countries can re-export
     * (the world's `processes`): its transit capacity is fixed and binds. */
    unsigned char *bulk;
    /* Imports only: the base of the import price index, the index, and its
     * sums while an importer's demand is computed (2k per importer). */
    double *imp0, *imp_price, *scratch_imp;
    /* Foreign suppliers' sales to each importer, last month and at the
     * baseline, for the mark-ups (n*k). */
    double *sold, *sold0;
    /* The intermediaries, each one's place among them (SIZE_MAX: none),
     * and their fees by sector (k*n_via), as route.h's set. */
    size_t *via, *via_pos, n_via;
    double *fee_via;
    ss_route_set set;
    /* Threads, and a scratch row of n*k per thread. */
    int threads;
    double *scratch;
    /* Enforcement, per enforcer e and country m. */
    size_t ne;
    unsigned char *scope;       /* ne*k: SS_EXPORT / SS_IMPORT bits enforced this month */
    unsigned char *member;      /* ne*n */
    unsigned char *target;      /* ne*n: a target of the enforced sanctions this month */
    double *p_hist;             /* ne*n*months: detection probability by month */
    double *watched;            /* ne*n: this month's transit legs in its records */
    long *until;                /* ne*n: last month under secondary sanctions, -1 none */
    double *detection, *caught; /* n */
    /* Links routed through intermediaries this month (places in the
     * penalised list, so in increasing index). */
    size_t *re_link, n_re;
    /* The general closure's equilibrium solver (NULL in the partial one). */
    ss_eq_workspace *eq;
    /* Commissions as income in an equilibrium (n each): earned as an
     * intermediary and carried by each exporter's sales, this iterate's
     * and the next. */
    double *earned, *paid, *earned_next, *paid_next;
};

static void *alloc_array(size_t count, size_t size, int *failed)
{
    void *p = calloc(count ? count : 1, size);
    if (!p)
        *failed = 1;
    return p;
}

void ss_sim_free(ss_sim *s)
{
    if (!s)
        return;
    /* clang-format off */
    void *arrays[] = {s->wt_own, s->e0, s->index, s->logsum, s->price, s->ratio, s->x, s->direct,
                      s->rx, s->rm, s->d, s->cost, s->pen_idx, s->pen_start, s->pen_direct,
                      s->pen_route_w, s->pen_nest_f, s->pen_sent, s->pen_exact, s->pen_re,
                      s->sanctions, s->detour, s->detour_ready, s->out_start,
                      s->out_m, s->in_start, s->in_m, s->out_where, s->in_where, s->out_w,
                      s->in_w, s->out_v, s->in_v, s->fee, s->fee_by_sector, s->commission, s->transit,
                      s->transit_by_sector, s->income, s->capacity, s->total_transit, s->via,
                      s->via_pos, s->fee_via, s->scratch,
                      s->scope, s->member, s->target, s->p_hist, s->watched, s->until,
                      s->detection, s->caught, s->re_link, s->fixed, s->reach,
                      s->ration, s->desired, s->keep, s->short_start, s->short_m, s->served, s->bulk, s->imp0, s->sold, s->sold0, s->imp_price, s->scratch_imp, s->earned, s->paid, s->earned_next,
                      s->paid_next};
    /* clang-format on */
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    ss_eq_free(s->eq);
    free(s);
}

ss_sim *ss_sim_alloc(const ss_world *w, const ss_config *c)
{
    if (!w || !c || w->n != c->n || w->k != c->k || c->months < 1)
        return NULL;
    ss_sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    const size_t n = w->n, k = w->k, len = n * n * k, nk = n * k;
    const size_t ne = c->n_enforcers, months = (size_t)c->months;
    int failed = 0;
    s->w = w;
    s->c = c;
    s->n = n;
    s->k = k;
    s->len = len;
    s->ne = ne;
    /* Arrays of n*n*k that are used only in part, or only by some
     * mechanisms, are touched only as far as used, so that untouched pages
     * cost no memory. */
    s->threads = c->threads > 1 ? c->threads : 1;
    s->scratch = alloc_array((size_t)s->threads * nk, sizeof(double), &failed);
    s->wt_own = alloc_array(len, sizeof(double), &failed);
    s->e0 = alloc_array(nk, sizeof(double), &failed);
    s->index = alloc_array(nk, sizeof(double), &failed);
    s->logsum = alloc_array(nk, sizeof(double), &failed);
    s->price = alloc_array(nk, sizeof(double), &failed);
    s->ratio = alloc_array(nk, sizeof(double), &failed);
    s->x = alloc_array(len, sizeof(double), &failed);
    s->direct = alloc_array(len, sizeof(double), &failed);
    s->rx = alloc_array(len, sizeof(double), &failed);
    s->rm = alloc_array(len, sizeof(double), &failed);
    s->d = alloc_array(len, sizeof(double), &failed);
    s->cost = alloc_array(len, sizeof(double), &failed);
    s->fixed = alloc_array(len, sizeof(double), &failed);
    s->pen_idx = alloc_array(len, sizeof(size_t), &failed);
    s->pen_start = alloc_array(n + 1, sizeof(size_t), &failed);
    s->pen_direct = alloc_array(len, sizeof(double), &failed);
    s->pen_route_w = alloc_array(len, sizeof(double), &failed);
    s->pen_nest_f = alloc_array(len, sizeof(double), &failed);
    s->pen_sent = alloc_array(len, sizeof(double), &failed);
    s->pen_exact = alloc_array(len, 1, &failed);
    s->pen_re = alloc_array(len, 1, &failed);
    s->reach = alloc_array(nk, sizeof(double), &failed);
    s->ration = alloc_array(nk, sizeof(double), &failed);
    s->desired = alloc_array(nk, sizeof(double), &failed);
    s->keep = alloc_array(nk, sizeof(double), &failed);
    s->short_start = alloc_array(k + 1, sizeof(size_t), &failed);
    s->short_m = alloc_array(nk, sizeof(size_t), &failed);
    s->served = alloc_array(len, sizeof(double), &failed);
    s->bulk = alloc_array(k, 1, &failed);
    s->imp0 = alloc_array(nk, sizeof(double), &failed);
    s->sold = alloc_array(nk, sizeof(double), &failed);
    s->earned = alloc_array(n, sizeof(double), &failed);
    s->paid = alloc_array(n, sizeof(double), &failed);
    s->earned_next = alloc_array(n, sizeof(double), &failed);
    s->paid_next = alloc_array(n, sizeof(double), &failed);
    s->sold0 = alloc_array(nk, sizeof(double), &failed);
    s->imp_price = alloc_array(nk, sizeof(double), &failed);
    s->scratch_imp = alloc_array(2 * nk, sizeof(double), &failed);
    s->sanctions = alloc_array(len, 1, &failed);
    s->detour = alloc_array(n * n * n, sizeof(double), &failed);
    s->detour_ready = alloc_array(n * n, 1, &failed);
    s->fee = alloc_array(nk, sizeof(double), &failed);
    s->commission = alloc_array(nk, sizeof(double), &failed);
    s->transit = alloc_array(nk, sizeof(double), &failed);
    s->income = alloc_array(nk, sizeof(double), &failed);
    s->capacity = alloc_array(nk, sizeof(double), &failed);
    s->total_transit = alloc_array(k, sizeof(double), &failed);
    s->via = alloc_array(n, sizeof(size_t), &failed);
    s->via_pos = alloc_array(n, sizeof(size_t), &failed);
    s->fee_via = alloc_array(nk, sizeof(double), &failed);
    s->scope = alloc_array(ne * k, 1, &failed);
    s->member = alloc_array(ne * n, 1, &failed);
    s->target = alloc_array(ne * n, 1, &failed);
    s->p_hist = alloc_array(ne * n * months, sizeof(double), &failed);
    s->until = alloc_array(ne * n, sizeof(long), &failed);
    s->watched = alloc_array(ne * n, sizeof(double), &failed);
    s->detection = alloc_array(n, sizeof(double), &failed);
    s->caught = alloc_array(n, sizeof(double), &failed);
    s->re_link = alloc_array(len, sizeof(size_t), &failed);
    s->out_start = alloc_array(nk + 1, sizeof(size_t), &failed);
    s->in_start = alloc_array(nk + 1, sizeof(size_t), &failed);
    s->out_m = alloc_array(len, sizeof(size_t), &failed);
    s->in_m = alloc_array(len, sizeof(size_t), &failed);
    s->out_w = alloc_array(len, sizeof(double), &failed);
    s->out_where = alloc_array(len, sizeof(size_t), &failed);
    s->in_where = alloc_array(len, sizeof(size_t), &failed);
    s->in_w = alloc_array(len, sizeof(double), &failed);
    s->out_v = alloc_array(len, sizeof(double), &failed);
    s->in_v = alloc_array(len, sizeof(double), &failed);
    s->fee_by_sector = alloc_array(nk, sizeof(double), &failed);
    s->transit_by_sector = alloc_array(nk, sizeof(double), &failed);
    if (c->closure == SS_GENERAL && !(s->eq = ss_eq_alloc(n, k)))
        failed = 1;
    if (failed) {
        ss_sim_free(s);
        return NULL;
    }

    /* Month 0, the baseline. */
    s->wt = w->x0;
    memcpy(s->x, w->x0, len * sizeof(double));
    memcpy(s->direct, w->x0, len * sizeof(double));
    s->recorded = 0; /* the recorded statistics are built from direct when asked for */
    s->fixed_dirty = 1;
    s->via_changed = 1;
    for (size_t idx = 0; idx < len; idx++)
        s->d[idx] = s->cost[idx] = 1;
    for (size_t m = 0; m < n; m++)
        s->via_pos[m] = SIZE_MAX;
    /* Expenditure is summed origin by origin, the order the price index
     * uses, so that the baseline index equals it exactly. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t q = 0; q < k; q++)
                s->e0[j * k + q] += w->x0[(i * n + j) * k + q];
    for (size_t q = 0; q < nk; q++)
        s->price[q] = s->imp_price[q] = s->ration[q] = s->keep[q] = 1;
    for (size_t mq = 0; mq < nk; mq++)
        s->bulk[mq % k] |= !w->reexport[mq];
    for (size_t m = 0; m < n; m++) {
        const ss_agent *a = &c->agent[m];
        for (size_t q = 0; q < k; q++) {
            double imports = 0;
            for (size_t i = 0; i < n; i++)
                if (i != m)
                    imports += w->x0[(i * n + m) * k + q];
            s->imp0[m * k + q] = imports; /* summed in the order of cost_index */
            s->commission[m * k + q] = a->base_commission;
            s->capacity[m * k + q] = (s->bulk[q] ? c->bulk_capacity : a->capacity) * imports;
            s->reach[m * k + q] = fmin(a->reach_start, a->reach_max);
        }
    }
    for (size_t e = 0; e < ne; e++) {
        const ss_set *mem = &c->enforcer[e].members;
        for (size_t q = 0; q < mem->len; q++)
            s->member[e * n + mem->at[q]] = 1;
        for (size_t m = 0; m < n; m++)
            s->until[e * n + m] = -1;
    }
    s->detour_theta = s->detour_cost = NAN;
    return s;
}

long ss_sim_month(const ss_sim *s)
{
    return s->t;
}

/* ---- step 1: the timeline ---------------------------------------------- */

/* Which sectors and targets each enforcer enforces this month: the
 * sanctions in force whose `by` members all belong to its group. */
static void enforcement_scope(ss_sim *s, long t)
{
    const ss_config *c = s->c;
    memset(s->scope, 0, s->ne * s->k);
    memset(s->target, 0, s->ne * s->n);
    for (size_t e = 0; e < s->ne; e++) {
        for (size_t i = 0; i < c->n_measures; i++) {
            const ss_measure *m = &c->measure[i];
            /* Only what is evaded through third countries is watched there,
             * and only its sectors fall under secondary sanctions. */
            if (!ss_cost_in_force(m, t) || m->evasion != SS_EVADE_TRANSIT)
                continue;
            int covered = 1;
            for (size_t q = 0; q < m->by.len && covered; q++)
                covered = s->member[e * s->n + m->by.at[q]];
            if (!covered || m->by.len == 0)
                continue;
            for (size_t q = 0; q < m->sectors.len; q++)
                s->scope[e * s->k + m->sectors.at[q]] |= (unsigned char)m->direction;
            for (size_t q = 0; q < m->target.len; q++)
                s->target[e * s->n + m->target.at[q]] = 1;
        }
    }
}

/* The probability that enforcer e has m under secondary sanctions in month
 * t: 0 or 1 in random mode, from the past detection probabilities in
 * expected mode. */
static double under_sanction(const ss_sim *s, size_t e, size_t m, long t)
{
    const ss_enforcer *en = &s->c->enforcer[e];
    if (en->mode == SS_RANDOM)
        return s->until[e * s->n + m] >= t ? 1 : 0;
    long from = t - en->secondary_months;
    if (from < 1)
        from = 1;
    const double *p = s->p_hist + (e * s->n + m) * (size_t)s->c->months;
    return ss_enforce_under_sanction(p + from, t - from);
}

static void apply_secondary(ss_sim *s, long t)
{
    const size_t n = s->n, k = s->k;
    for (size_t m = 0; m < n; m++)
        s->caught[m] = 0;
    for (size_t e = 0; e < s->ne; e++) {
        const ss_enforcer *en = &s->c->enforcer[e];
        for (size_t m = 0; m < n; m++) {
            if (s->member[e * n + m])
                continue;
            double under = under_sanction(s, e, m, t);
            /* Expected mode reports the probability in place of `caught`. */
            if (en->mode == SS_EXPECTED)
                s->caught[m] = 1 - (1 - s->caught[m]) * (1 - under);
            double rate = en->secondary_penalty * under;
            if (rate == 0)
                continue;
            for (size_t q = 0; q < en->members.len; q++) {
                size_t cm = en->members.at[q];
                for (size_t sec = 0; sec < k; sec++) {
                    if (!s->scope[e * k + sec])
                        continue;
                    s->d[(cm * n + m) * k + sec] *= 1 + rate;
                    s->d[(m * n + cm) * k + sec] *= 1 + rate;
                }
            }
        }
    }
}

/* Section 5b: a share of the target's supply weight toward each sanctioning
 * buyer moves to the intermediaries, in proportion to last month's transit. */
static void relocate(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double speed = s->c->relocation_speed;
    if (s->wt != s->wt_own) { /* the weights leave the baseline */
        memcpy(s->wt_own, s->w->x0, s->len * sizeof *s->wt_own);
        s->wt = s->wt_own;
    }
    double *wt = s->wt_own;
    for (size_t j = 0; j < n; j++) {
        for (size_t tg = 0; tg < n; tg++) {
            for (size_t sec = 0; sec < k; sec++) {
                if (!s->sanctions[(j * n + tg) * k + sec])
                    continue;
                double total = 0;
                for (size_t v = 0; v < s->n_via; v++) {
                    size_t m = s->via[v];
                    if (m != j && m != tg && !s->sanctions[(m * n + j) * k + sec])
                        total += s->transit[m * k + sec];
                }
                if (total <= 0)
                    continue;
                double moved = speed * wt[(tg * n + j) * k + sec];
                wt[(tg * n + j) * k + sec] -= moved;
                for (size_t v = 0; v < s->n_via; v++) {
                    size_t m = s->via[v];
                    if (m != j && m != tg && !s->sanctions[(m * n + j) * k + sec])
                        wt[(m * n + j) * k + sec] += moved * s->transit[m * k + sec] / total;
                }
            }
        }
    }
}

static void timeline(ss_sim *s, long t)
{
    const ss_config *c = s->c;
    for (size_t idx = 0; idx < s->len; idx++)
        s->d[idx] = 1;
    s->any_fixed = 0;
    memset(s->sanctions, 0, s->len);
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (!ss_cost_in_force(m, t))
            continue;
        if (m->evasion == SS_EVADE_TRANSIT) {
            ss_cost_apply(m, s->n, s->k, s->d, s->sanctions);
            continue;
        }
        if (!s->any_fixed && s->fixed_dirty) /* the month's first such measure */
            for (size_t idx = 0; idx < s->len; idx++)
                s->fixed[idx] = 1;
        s->fixed_dirty = s->any_fixed = 1;
        ss_cost_apply_fixed(m, s->n, s->k, c->payment_fee, s->fixed);
    }
    for (size_t i = 0; i < c->n_links; i++)
        if (ss_cost_active(c->links[i].start, c->links[i].end, t))
            ss_cost_apply_links(&c->links[i], s->n, s->k, s->d);
    enforcement_scope(s, t);
    apply_secondary(s, t);
    size_t n_via = 0;
    for (size_t m = 0; m < s->n; m++) {
        s->via_pos[m] = SIZE_MAX;
        if (!(c->agent[m].willing && c->agent[m].candidate))
            continue;
        s->via_changed |= n_via >= s->n_via || s->via[n_via] != m;
        s->via_pos[m] = n_via;
        s->via[n_via++] = m;
    }
    s->via_changed |= n_via != s->n_via;
    s->n_via = n_via;
    s->set = (ss_route_set){n_via, s->via, s->via_pos, s->fee_via};
    if (c->relocation_speed > 0)
        relocate(s);
}

/* ---- step 2: commissions ----------------------------------------------- */

/* The dispersion of routes inside the evasion nest, theta / nest. */
static double nest_theta(const ss_config *c)
{
    return c->theta / c->nest;
}

/* Route weights of the commissions: ((1 + c)^-theta r)^(1 / nest), where r
 * is the share of shippers m reaches times its rationing factor, and 0 if
 * it cannot re-export the sector at all; 0 for countries that do not carry
 * transit (unwilling, or not candidates). With one route through m the
 * nest's weight is then (1 + c)^-theta r whatever the nest. */
static void set_fees(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double theta = nest_theta(s->c), nest = s->c->nest;
    for (size_t m = 0; m < n; m++) {
        const ss_agent *a = &s->c->agent[m];
        for (size_t q = 0; q < k; q++) {
            const size_t mq = m * k + q;
            /* Reach and rationing scale the share of shippers m serves, so
             * they enter at the power 1 / nest, as a route's own weight. */
            double open = s->reach[mq] * s->ration[mq] * s->w->reexport[mq];
            double fee = !(a->willing && a->candidate) ? 0
                         : nest == 1
                             ? pow(1 + s->commission[mq], -theta) * open
                             : pow(pow(1 + s->commission[mq], -s->c->theta) * open, 1 / nest);
            s->fee[mq] = fee;
            s->fee_by_sector[q * n + m] = fee;
        }
    }
    for (size_t q = 0; q < k; q++)
        for (size_t v = 0; v < s->n_via; v++)
            s->fee_via[q * s->n_via + v] = s->fee[s->via[v] * k + q];
}

static void set_commissions(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    for (size_t q = 0; q < k; q++) {
        s->total_transit[q] = 0;
        for (size_t m = 0; m < n; m++)
            s->total_transit[q] += s->transit[m * k + q];
    }
    for (size_t m = 0; m < n; m++) {
        const ss_agent *a = &s->c->agent[m];
        for (size_t q = 0; q < k; q++) {
            size_t mq = m * k + q;
            s->commission[mq] =
                ss_agent_commission(a, s->commission[mq], s->detection[m], s->transit[mq],
                                    s->capacity[mq], s->total_transit[q]);
        }
    }
    set_fees(s);
}

/* ---- step 3: routes and effective costs -------------------------------- */

/* The detour factors of pair (i, j), one per intermediary (see the struct):
 * built when first needed. Called only from one thread per exporter i. */
static const double *detour_row(ss_sim *s, size_t i, size_t j)
{
    const size_t n = s->n;
    double *row = s->detour + (i * n + j) * s->n_via;
    if (s->detour_ready[i * n + j])
        return row;
    const double *dist = s->w->dist, theta = nest_theta(s->c), dc = s->c->detour_cost;
    for (size_t v = 0; v < s->n_via; v++) {
        const size_t m = s->via[v];
        if (m == i || m == j) {
            row[v] = 0;
            continue;
        }
        double g = ss_cost_detour(dist[i * n + m], dist[m * n + j], dist[i * n + j], dc);
        row[v] = g == 1 ? 1 : pow(g, -theta);
    }
    s->detour_ready[i * n + j] = 1;
    return row;
}

/* The row of a rerouted link's pair, built while costing the routes. */
static const double *detour_of(const ss_sim *s, size_t idx)
{
    const size_t pair = idx / s->k;
    return s->detour + pair * s->n_via;
}

/* Lists, for every (country, sector), the legs whose weight is not 1.
 * where[u] holds their positions in a leg array of n*n*k (row-major by
 * country, then m, then sector) in increasing m within each row, and
 * value[u] their weights, so each row's list comes out sorted by m. */
static void list_unusual(size_t n, size_t k, const size_t *where, const double *value, size_t count,
                         size_t *start, size_t *list, double *weight)
{
    memset(start, 0, (n * k + 1) * sizeof *start);
    for (size_t u = 0; u < count; u++)
        start[where[u] / (n * k) * k + where[u] % k + 1]++;
    for (size_t r = 0; r < n * k; r++)
        start[r + 1] += start[r];
    for (size_t u = 0; u < count; u++) {
        const size_t w = where[u], row = w / (n * k) * k + w % k;
        weight[start[row]] = value[u];
        list[start[row]++] = (w / k) % n;
    }
    /* The fill moved each start to the next row's; shift back. */
    memmove(start + 1, start, n * k * sizeof *start);
    start[0] = 0;
}

/* Legs are read from the lists alone (route.h). */
static ss_route_ctx route_ctx(const ss_sim *s)
{
    return (ss_route_ctx){s->n,         s->k,     NULL,        NULL,    s->fee,   s->fee_by_sector,
                          s->out_start, s->out_m, s->in_start, s->in_m, s->out_w, s->in_w};
}

/* The intermediaries for route.h; NULL when every country is one, for
 * the contiguous loops (the rows are then the same, indexed by country). */
static const ss_route_set *route_set(const ss_sim *s)
{
    return s->n_via == s->n ? NULL : &s->set;
}

/* The place of link idx in the penalised list, or SIZE_MAX. */
static size_t penalised(const ss_sim *s, size_t idx)
{
    size_t lo = 0, hi = s->n_pen;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->pen_idx[mid] < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_pen && s->pen_idx[lo] == idx ? lo : SIZE_MAX;
}

/* What a detour's unscaled weight is multiplied by to give its share of
 * the link's flow: the share pushed off the direct road over the total
 * weight, times the evasion nest's factor. */
static double detour_share(const ss_sim *s, size_t p)
{
    return (1 - s->pen_direct[p]) / s->pen_route_w[p] * s->pen_nest_f[p];
}

/* The Atkeson-Burstein mark-up of every foreign supplier relative to its
 * baseline one, from its share of last month's imports of importer j:
 * multiplies the link's cost (docs/model.md, "Mark-ups"). */
static void markups(ss_sim *s, size_t j)
{
    const size_t n = s->n, k = s->k;
    const double sigma = s->c->sigma, kappa = s->c->kappa;
    for (size_t q = 0; q < k; q++)
        s->sold[j * k + q] = s->sold0[j * k + q] = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < k && i != j; q++) {
            s->sold[j * k + q] += s->x[(i * n + j) * k + q];
            s->sold0[j * k + q] += s->w->x0[(i * n + j) * k + q];
        }
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < k && i != j; q++) {
            const size_t idx = (i * n + j) * k + q, jq = j * k + q;
            if (!(s->sold[jq] > 0 && s->sold0[jq] > 0))
                continue;
            double now = ss_demand_markup(sigma, kappa, s->x[idx] / s->sold[jq]);
            double then = ss_demand_markup(sigma, kappa, s->w->x0[idx] / s->sold0[jq]);
            s->cost[idx] *= now / then;
        }
}

/* The legs of every link and the penalised links, in one pass: the cost
 * before rerouting, the unusual legs (their positions and weights), and
 * for each link with d > 1 its direct road's weight. */
static void legs(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double theta = s->c->theta, theta_in = nest_theta(s->c), nest = s->c->nest;
    size_t n_out = 0, n_in = 0, n_pen = 0;
    for (size_t i = 0; i < n; i++) {
        s->pen_start[i] = n_pen;
        for (size_t jq = 0; jq < n * k; jq++) {
            const size_t idx = i * n * k + jq, j = jq / k, q = jq % k;
            const double d = s->d[idx];
            s->cost[idx] = s->any_fixed ? d * s->fixed[idx] : d;
            if (d == 1 && !s->sanctions[idx])
                continue;
            const double leg = d == 1 ? 1 : isfinite(d) ? pow(d, -theta_in) : 0;
            if (leg != 1) {
                s->out_where[n_out] = idx;
                s->out_v[n_out++] = leg;
            }
            /* The second legs, importer-major (see route.h). */
            const double in = s->sanctions[idx] ? 0 : leg;
            if (in != 1) {
                s->in_where[n_in] = (j * n + i) * k + q;
                s->in_v[n_in++] = in;
            }
            if (d > 1 && i != j) {
                /* With nest = 1 the leg is this weight (theta / 1 = theta). */
                s->pen_direct[n_pen] = nest == 1 ? leg : isfinite(d) ? pow(d, -theta) : 0;
                s->pen_idx[n_pen++] = idx;
            }
        }
    }
    s->pen_start[n] = s->n_pen = n_pen;
    list_unusual(n, k, s->out_where, s->out_v, n_out, s->out_start, s->out_m, s->out_w);
    list_unusual(n, k, s->in_where, s->in_v, n_in, s->in_start, s->in_m, s->in_w);
}

/* The routes of exporter i's penalised links. */
static void reroute_from(ss_sim *s, const ss_route_ctx *ctx, size_t i)
{
    const size_t n = s->n, k = s->k;
    const double theta = s->c->theta, nest = s->c->nest;
    for (size_t p = s->pen_start[i]; p < s->pen_start[i + 1]; p++) {
        const size_t idx = s->pen_idx[p], q = idx % k, j = (idx / k) % n;
        /* Detours draw only the shippers the penalty pushes off the
         * direct road: their weight is scaled by the share of the direct
         * road's weight that the penalty removes (all of it for a ban),
         * so flows are continuous in the penalty. */
        const double direct = s->pen_direct[p], pushed = 1 - direct;
        /* With no intermediary every detour weighs exactly 0, and the
         * sum is the one route by route (no row needed). */
        int exact = 1;
        double sum = s->n_via == 0 ? 0
                                   : ss_route_detours_in(ctx, route_set(s), i, j, q,
                                                         detour_row(s, i, j), &exact);
        /* The evasion nest: (sum of w_m)^nest, each m's share of it
         * w_m / sum (nested logit). */
        const double nest_f = nest == 1 ? 1 : sum > 0 ? pow(sum, nest - 1) : 0;
        double detours = pushed * (nest == 1 ? sum : sum * nest_f);
        double total = direct + detours;
        s->pen_nest_f[p] = nest_f;
        s->pen_exact[p] = (unsigned char)exact;
        s->pen_route_w[p] = total;
        double cost = ss_route_cost(total, detours, theta);
        s->cost[idx] = s->any_fixed ? cost * s->fixed[idx] : cost;
        s->pen_re[p] = detours > 0;
    }
}

static void route_costs(ss_sim *s)
{
    const size_t n = s->n;
    const double theta_in = nest_theta(s->c);
    if (theta_in != s->detour_theta || s->c->detour_cost != s->detour_cost || s->via_changed) {
        memset(s->detour_ready, 0, n * n);
        s->detour_theta = theta_in;
        s->detour_cost = s->c->detour_cost;
        s->via_changed = 0;
    }
    legs(s);
    ss_route_ctx ctx = route_ctx(s);
    /* By exporter: each pair's detour row is built by one thread. */
#pragma omp parallel for schedule(dynamic, 4) num_threads(s->threads) if (s->threads > 1)
    for (size_t i = 0; i < n; i++)
        reroute_from(s, &ctx, i);
    s->n_re = 0;
    for (size_t p = 0; p < s->n_pen; p++)
        if (s->pen_re[p])
            s->re_link[s->n_re++] = p;
}

/* ---- step 4: demand, adjustment, routing of flows, records ------------- */

/* Commissions on the routes of flows x (n*n*k): what each country earns as
 * an intermediary (value * c / (1 + c), as in ship()) and what each
 * exporter's sales carry. */
static void commissions_on(ss_sim *s, const double *x, double *earned, double *paid)
{
    const size_t n = s->n, k = s->k;
    memset(earned, 0, n * sizeof *earned);
    memset(paid, 0, n * sizeof *paid);
    ss_route_ctx ctx = route_ctx(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r], idx = s->pen_idx[p];
        const size_t q = idx % k, i = idx / k / n, j = (idx / k) % n;
        const double *detour = detour_of(s, idx);
        const double scale = x[idx] * detour_share(s, p);
        for (size_t v = 0; v < s->n_via; v++) {
            const size_t m = s->via[v];
            const double c = s->commission[m * k + q];
            const double income =
                ss_route_via_in(&ctx, route_set(s), i, j, q, m, detour, scale) * c / (1 + c);
            earned[m] += income;
            paid[i] += income;
        }
    }
}

/* The static equilibrium of this month's costs from weights x0. With
 * commission_income on, commissions are income of the intermediaries (not
 * an iceberg cost): the solve is repeated, warm, with the commissions of
 * the last solution's flows until they settle (they are a small part of
 * incomes, so a few rounds do). */
enum { MAX_COMMISSION_ROUNDS = 50 };
static int solve_equilibrium(ss_sim *s, ss_eq_workspace *eq, const double *x0, ss_eq_options *opt,
                             ss_eq_result *res, ss_diag *diag)
{
    int rc = ss_eq_solve(eq, x0, s->cost, opt, res, diag);
    if (rc || !s->c->commission_income || s->n_re == 0)
        return rc;
    const size_t n = s->n;
    double scale = 0;
    for (size_t i = 0; i < s->len; i++)
        scale += x0[i];
    memset(s->earned, 0, n * sizeof *s->earned);
    memset(s->paid, 0, n * sizeof *s->paid);
    opt->earned = s->earned;
    opt->paid = s->paid;
    for (int round = 0; round < MAX_COMMISSION_ROUNDS; round++) {
        commissions_on(s, res->flows, s->earned_next, s->paid_next);
        double change = 0;
        for (size_t i = 0; i < n; i++) {
            change = fmax(change, fabs(s->earned_next[i] - s->earned[i]));
            change = fmax(change, fabs(s->paid_next[i] - s->paid[i]));
        }
        if (round > 0 && change <= opt->tol * scale)
            return SS_OK;
        memcpy(s->earned, s->earned_next, n * sizeof *s->earned);
        memcpy(s->paid, s->paid_next, n * sizeof *s->paid);
        opt->warm_start = 1;
        rc = ss_eq_solve(eq, x0, s->cost, opt, res, diag);
        if (rc)
            return rc;
    }
    return ss_diag_set(diag, SS_ENOCONV,
                       "the commissions paid to intermediaries did not settle in %d rounds of "
                       "the equilibrium",
                       MAX_COMMISSION_ROUNDS);
}

/* The general closure: this month's targets are the static equilibrium of
 * this month's effective costs, from the current demand weights. */
static int equilibrium_targets(ss_sim *s, ss_diag *diag)
{
    ss_eq_options opt;
    ss_eq_options_init(&opt);
    opt.sigma = s->c->sigma;
    opt.balance = s->c->balance;
    opt.warm_start = s->t > 0;
    opt.names = (const char *const *)s->w->iso3;
    ss_eq_result res;
    int rc = solve_equilibrium(s, s->eq, s->wt, &opt, &res, diag);
    if (rc) {
        char why[sizeof diag->msg];
        snprintf(why, sizeof why, "%s", diag ? diag->msg : "");
        return ss_diag_set(diag, rc, "month %ld: general closure: %s", s->t + 1, why);
    }
    for (size_t q = 0; q < s->n * s->k; q++)
        s->price[q] = res.sector_price_index_change[q];
    s->eq_flows = res.flows; /* the target flows themselves */
    return SS_OK;
}

/* Importer j's CES index of every sector over origins in order: sum of
 * w * C^(1-sigma), and for sigma = 1 of w * ln C, over every origin (index,
 * logsum) and over foreign origins only (into the import price index);
 * weight[i*k + q] receives each origin's C^(1-sigma). */
static void cost_index(ss_sim *s, size_t j, double *weight)
{
    const size_t n = s->n, k = s->k;
    const double sigma = s->c->sigma;
    double *imp = s->scratch_imp + j * 2 * k, *implog = imp + k;
    for (size_t q = 0; q < k; q++)
        s->index[j * k + q] = s->logsum[j * k + q] = imp[q] = implog[q] = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + j) * k;
        const int foreign = i != j;
        for (size_t q = 0; q < k; q++) {
            double wq = ss_demand_weight(s->cost[base + q], sigma);
            double term = s->wt[base + q] * wq, logterm = 0;
            weight[i * k + q] = wq;
            s->index[j * k + q] += term;
            if (sigma == 1 && wq > 0)
                s->logsum[j * k + q] += logterm = s->wt[base + q] * log(s->cost[base + q]);
            if (foreign) {
                imp[q] += term;
                implog[q] += logterm;
            }
        }
    }
    for (size_t q = 0; q < k; q++)
        s->imp_price[j * k + q] = ss_demand_price(sigma, s->imp0[j * k + q], imp[q], implog[q]);
}

/* The share of a link's shippers whose route is still open: in the route
 * choice with the lost direct road as the outside option, (d^-theta + S) /
 * (1 + S) = C^-theta for the route part of C (1 on an untouched link, 0 on
 * a closed one). */
static double served(const ss_sim *s, size_t idx)
{
    if (!(s->d[idx] > 1))
        return 1;
    const size_t p = penalised(s, idx);
    const double total = s->pen_route_w[p];
    return total / (1 + total - s->pen_direct[p]);
}

/* stop_at_once: the shippers of a link who lose their route and find no
 * other stop this month, whatever the gradual adjustment says, so the flow
 * falls at least in proportion to the share still served; routes that open
 * are taken up gradually. */
static double stop_at_once(ss_sim *s, size_t idx, double before, double x)
{
    const double now = served(s, idx), then = s->served[idx];
    s->served[idx] = now;
    return now < then ? fmin(x, before * now / then) : x;
}

/* Importer j's month: its price indices, and every flow into it moved
 * toward its target. weight is scratch of n*k. Returns 0, or 1 when some
 * flow into j is not finite and non-negative. */
static int demand_of(ss_sim *s, size_t j, double *weight)
{
    const size_t n = s->n, k = s->k;
    const double sigma = s->c->sigma, adjust = s->c->adjust;
    const int general = s->eq != NULL;
    cost_index(s, j, weight);
    for (size_t q = j * k; q < (j + 1) * k && !general; q++) {
        s->price[q] = ss_demand_price(sigma, s->e0[q], s->index[q], s->logsum[q]);
        s->ratio[q] = s->index[q] > 0 ? s->e0[q] / s->index[q] : 0;
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t base = (i * n + j) * k;
        for (size_t q = 0; q < k; q++) {
            size_t idx = base + q;
            double x = s->x[idx];
            double target =
                general ? s->eq_flows[idx] : s->wt[idx] * weight[i * k + q] * s->ratio[j * k + q];
            x = isfinite(s->cost[idx]) ? x + adjust * (target - x) : 0;
            if (s->c->stop_at_once)
                x = stop_at_once(s, idx, s->x[idx], x);
            bad |= !(x >= 0 && x < INFINITY);
            s->x[idx] = x;
            s->direct[idx] = x;
        }
    }
    return bad;
}

static int demand(ss_sim *s, ss_diag *diag)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    const int general = s->eq != NULL;
    if (s->c->kappa > 0) {
#pragma omp parallel for num_threads(s->threads) if (s->threads > 1)
        for (size_t j = 0; j < n; j++)
            markups(s, j);
    }
    if (general) {
        int rc = equilibrium_targets(s, diag);
        if (rc)
            return rc;
    }
    if (s->c->stop_at_once && !s->served_ready) {
        for (size_t idx = 0; idx < s->len; idx++)
            s->served[idx] = 1;
        s->served_ready = 1;
    }
    /* By importer: every sum runs over origins, inside one importer. */
    int bad = 0;
#pragma omp parallel for reduction(| : bad) num_threads(s->threads) if (s->threads > 1)
    for (size_t j = 0; j < n; j++) {
        int thread = 0;
#ifdef _OPENMP
        thread = omp_get_thread_num();
#endif
        bad |= demand_of(s, j, s->scratch + (size_t)thread * nk);
    }
    for (size_t q = 0; q < nk && !general; q++)
        if (!isfinite(s->price[q]))
            return ss_diag_set(diag, SS_ENUMERIC,
                               "month %ld: the price index of %s in sector %s is infinite: "
                               "every origin, home included, is closed",
                               s->t + 1, s->w->iso3[q / k], s->w->sector[q % k]);
    if (bad) {
        for (size_t idx = 0; idx < s->len; idx++) {
            if (s->x[idx] >= 0 && s->x[idx] < INFINITY)
                continue;
            size_t q = idx % k, j = (idx / k) % n, i = idx / k / n;
            return ss_diag_set(diag, SS_ENUMERIC,
                               "month %ld: the flow %s -> %s in sector %s became %g", s->t + 1,
                               s->w->iso3[i], s->w->iso3[j], s->w->sector[q], s->x[idx]);
        }
    }
    return SS_OK;
}

/* What a detour's unscaled weight is multiplied by to give its flow. */
static double detour_scale(const ss_sim *s, size_t p)
{
    return s->pen_sent[p] * detour_share(s, p);
}

/* The value delivered through m on penalised link p (i -> j in sector q),
 * what j pays, commission included: its share of the link's flow, less
 * any capacity cut of m. */
static double via_value(const ss_sim *s, const ss_route_ctx *ctx, size_t p, size_t m)
{
    const size_t n = s->n, k = s->k, idx = s->pen_idx[p];
    const size_t q = idx % k, i = idx / k / n, j = (idx / k) % n;
    return ss_route_via_in(ctx, route_set(s), i, j, q, m, detour_of(s, idx), detour_scale(s, p)) *
           s->keep[m * k + q];
}

/* Calls fn for every route through an intermediary this month with the
 * link (i, j, sector), the intermediary m and the value j pays. */
static void each_detour(ss_sim *s, void (*fn)(ss_sim *, size_t, size_t, size_t, size_t, double))
{
    const size_t n = s->n, k = s->k;
    ss_route_ctx ctx = route_ctx(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r], idx = s->pen_idx[p];
        const size_t q = idx % k, i = idx / k / n, j = (idx / k) % n;
        for (size_t v = 0; v < s->n_via; v++) {
            double value = via_value(s, &ctx, p, s->via[v]);
            if (value > 0)
                fn(s, i, j, q, s->via[v], value);
        }
    }
}

/* What each enforcer sees of a route's two legs in its own customs
 * records: a member's recorded exports to a country (export sanctions) and
 * its recorded imports from it (import sanctions). */
static void watch(ss_sim *s, size_t i, size_t j, size_t sec, size_t m, double value)
{
    const size_t n = s->n;
    double paid = value / (1 + s->commission[m * s->k + sec]);
    for (size_t e = 0; e < s->ne; e++) {
        const unsigned char dir = s->scope[e * s->k + sec], *member = s->member + e * n;
        double *watched = s->watched + e * n;
        if (dir & SS_EXPORT) {
            if (member[i])
                watched[m] += paid;
            if (member[m])
                watched[j] += value;
        }
        if (dir & SS_IMPORT) {
            if (member[m])
                watched[i] += paid * (1 - s->c->agent[m].lost_in_transit);
            if (member[j])
                watched[m] += value;
        }
    }
}

/* Splits rerouted flows: direct part, transit through each intermediary,
 * and the commission income on it (value * c / (1 + c)). */
static void ship(ss_sim *s)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    ss_route_ctx ctx = route_ctx(s);
    memset(s->transit_by_sector, 0, nk * sizeof(double));
    /* Each thread takes a block of sectors, and in each the links in
     * order, so every sector's sums run as with one thread. */
#pragma omp parallel num_threads(s->threads) if (s->threads > 1)
    {
        size_t from = 0, to = k;
#ifdef _OPENMP
        const size_t t = (size_t)omp_get_thread_num(), nt = (size_t)omp_get_num_threads();
        from = k * t / nt;
        to = k * (t + 1) / nt;
#endif
        for (size_t r = 0; r < s->n_re; r++) {
            const size_t p = s->re_link[r], idx = s->pen_idx[p];
            const size_t q = idx % k, i = idx / k / n, j = (idx / k) % n;
            if (q < from || q >= to)
                continue;
            s->pen_sent[p] = s->x[idx];
            s->direct[idx] = s->x[idx] * s->pen_direct[p] / s->pen_route_w[p];
            ss_route_transit_in(&ctx, route_set(s), i, j, q, detour_of(s, idx), detour_scale(s, p),
                                s->pen_exact[p], s->transit_by_sector + q * n);
        }
    }
    for (size_t m = 0; m < n; m++)
        for (size_t q = 0; q < k; q++) {
            double v = s->transit_by_sector[q * n + m];
            s->transit[m * k + q] = v > 0 ? v : 0; /* no rounding residue below 0 */
        }
}

/* What follows from the month's routes: commission income, what the
 * enforcers see, and recorded statistics to be rebuilt. */
static void settle(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    for (size_t mq = 0; mq < n * k; mq++)
        s->income[mq] = s->transit[mq] * s->commission[mq] / (1 + s->commission[mq]);
    memset(s->watched, 0, s->ne * n * sizeof(double));
    if (s->ne)
        each_detour(s, watch);
    s->recorded = 0;
}

/* Capacity bounds (agents with capacity_bound, and every bulk sector).
 * What shippers would send through each m unrationed (to first order,
 * transit / rationing factor) is kept in `desired`, and capacity grows
 * toward it. Where this month's transit exceeds the capacity of an m whose
 * capacity binds, each route through m delivers only keep = capacity /
 * transit of its share; the rest is not delivered, and the link's flow
 * falls by it. m's rationing factor, which scales its route weight next
 * month, moves by (capacity / transit)^price_speed (at most 1), so demand
 * turns to other routes and origins. */
static void bind_capacity(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    int short_of = 0;
    for (size_t mq = 0; mq < n * k; mq++) {
        const double v = s->transit[mq], q = s->capacity[mq];
        /* Shippers held back by this month's rationing count as wanting to
         * ship: to first order, transit grows in proportion to the weight. */
        s->desired[mq] = s->ration[mq] > 0 ? v / s->ration[mq] : v;
        s->keep[mq] = 1;
        if (!s->c->agent[mq / k].capacity_bound && !s->bulk[mq % k]) {
            s->ration[mq] = 1;
            continue;
        }
        if (v > q) {
            s->keep[mq] = q / v;
            short_of = 1;
        }
        /* In logs, part of the way (price_speed) toward capacity / transit,
         * as the commission moves toward its target. */
        const double speed = s->c->agent[mq / k].price_speed;
        s->ration[mq] = v > 0 ? fmin(1, s->ration[mq] * pow(q / v, speed)) : 1;
    }
    if (!short_of)
        return;
    /* The cut intermediaries of each sector, so that a link looks only at
     * those. */
    size_t count = 0;
    for (size_t q = 0; q < k; q++) {
        s->short_start[q] = count;
        for (size_t m = 0; m < n; m++)
            if (s->keep[m * k + q] < 1)
                s->short_m[count++] = m;
    }
    s->short_start[k] = count;
    ss_route_ctx ctx = route_ctx(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r], idx = s->pen_idx[p];
        const size_t q = idx % k, i = idx / k / n, j = (idx / k) % n;
        const double *detour = detour_of(s, idx), scale = detour_scale(s, p);
        double cut = 0;
        for (size_t u = s->short_start[q]; u < s->short_start[q + 1]; u++) {
            const size_t m = s->short_m[u];
            cut += ss_route_via_in(&ctx, route_set(s), i, j, q, m, detour, scale) *
                   (1 - s->keep[m * k + q]);
        }
        s->x[idx] = fmax(0, s->x[idx] - cut);
    }
    for (size_t mq = 0; mq < n * k; mq++)
        s->transit[mq] *= s->keep[mq];
}

/* Recorded statistics (docs/model.md section 11): m records an import of what it
 * paid, less goods lost in transit; both legs are exports of their origin. */
static void record_leg(ss_sim *s, size_t i, size_t j, size_t sec, size_t m, double value)
{
    const size_t n = s->n, k = s->k;
    double paid = value / (1 + s->commission[m * k + sec]);
    s->rx[(i * n + m) * k + sec] += paid;
    s->rm[(i * n + m) * k + sec] += paid * (1 - s->c->agent[m].lost_in_transit);
    s->rx[(m * n + j) * k + sec] += value;
    s->rm[(m * n + j) * k + sec] += value;
}

/* Built on demand: the step itself needs only the enforcers' sums. */
static void record(ss_sim *s)
{
    if (s->recorded)
        return;
    memcpy(s->rx, s->direct, s->len * sizeof(double));
    memcpy(s->rm, s->direct, s->len * sizeof(double));
    if (s->t > 0)
        each_detour(s, record_leg);
    s->recorded = 1;
}

/* ---- step 5: enforcement ------------------------------------------------ */

static int enforce(ss_sim *s, gsl_rng *rng, ss_diag *diag)
{
    const size_t n = s->n, k = s->k;
    const double *x0 = s->w->x0;
    for (size_t m = 0; m < n; m++)
        s->detection[m] = 0;
    for (size_t e = 0; e < s->ne; e++) {
        const ss_enforcer *en = &s->c->enforcer[e];
        if (en->mode == SS_RANDOM && !rng)
            return ss_diag_set(diag, SS_EINVAL, "enforcer %s needs a random number generator",
                               en->name ? en->name : "");
        int active = 0;
        for (size_t sec = 0; sec < k; sec++)
            active |= s->scope[e * k + sec];
        for (size_t m = 0; m < n; m++) {
            double p = 0;
            /* An enforcer with no sanction in force watches nobody. */
            if (active && !s->member[e * n + m] && !s->target[e * n + m]) {
                /* Transit legs were summed while shipping; add direct trade. */
                double watched = s->watched[e * n + m], base = 0;
                for (size_t q = 0; q < en->members.len; q++) {
                    size_t cm = en->members.at[q];
                    for (size_t sec = 0; sec < k; sec++) {
                        unsigned char dir = s->scope[e * k + sec];
                        if (dir & SS_EXPORT) {
                            watched += s->direct[(cm * n + m) * k + sec];
                            base += x0[(cm * n + m) * k + sec];
                        }
                        if (dir & SS_IMPORT) {
                            watched += s->direct[(m * n + cm) * k + sec];
                            base += x0[(m * n + cm) * k + sec];
                        }
                    }
                }
                p = ss_enforce_probability(en, ss_enforce_surge(watched, base));
            }
            s->p_hist[(e * n + m) * (size_t)s->c->months + (size_t)s->t] = p;
            s->detection[m] = 1 - (1 - s->detection[m]) * (1 - p);
            if (en->mode == SS_RANDOM) {
                /* One draw for every country, watched or not, so that the
                 * stream stays aligned across scenarios with other dates. */
                double u = gsl_rng_uniform(rng);
                if (u < p) {
                    s->until[e * n + m] = s->t + en->secondary_months;
                    s->caught[m] = 1;
                }
            }
        }
    }
    return SS_OK;
}

/* ---- the step ----------------------------------------------------------- */

int ss_sim_step(ss_sim *s, gsl_rng *rng, ss_diag *diag)
{
    if (s->t + 1 >= s->c->months)
        return ss_diag_set(diag, SS_EINVAL, "the run has only %ld months", s->c->months);
    const long t = s->t + 1;
    timeline(s, t);
    set_commissions(s);
    route_costs(s);
    int rc = demand(s, diag);
    if (rc)
        return rc;
    ship(s);
    bind_capacity(s);
    settle(s);
    s->t = t;
    rc = enforce(s, rng, diag);
    if (rc)
        return rc;
    const size_t nk = s->n * s->k;
    for (size_t mq = 0; mq < nk; mq++) {
        const ss_agent *a = &s->c->agent[mq / s->k];
        if (!s->bulk[mq % s->k]) /* processing plants are not built in months */
            s->capacity[mq] = ss_agent_capacity(a, s->capacity[mq], s->desired[mq]);
        s->reach[mq] = ss_agent_reach(a, s->reach[mq], s->transit[mq]);
        if (!(isfinite(s->commission[mq]) && s->commission[mq] >= 0))
            return ss_diag_set(diag, SS_ENUMERIC,
                               "month %ld: the commission of %s in sector %s became %g", t,
                               s->w->iso3[mq / s->k], s->w->sector[mq % s->k], s->commission[mq]);
    }
    return SS_OK;
}

/* ---- the equilibrium command -------------------------------------------- */

int ss_sim_equilibrium_at(const ss_world *w, const ss_config *c, long t, ss_eq_workspace *eq,
                          ss_eq_options *opt, ss_eq_result *res, ss_diag *diag)
{
    if (t < 0 || t >= c->months)
        return ss_diag_set(diag, SS_EINVAL, "month %ld is outside the run", t);
    /* Enforcement off: a shallow copy of the config without enforcers. */
    ss_config quiet = *c;
    quiet.n_enforcers = 0;
    quiet.enforcer = NULL;
    quiet.closure = SS_PARTIAL;
    ss_sim *s = ss_sim_alloc(w, &quiet);
    if (!s)
        return ss_diag_set(diag, SS_ENOMEM, "out of memory");
    if (t > 0) {
        timeline(s, t);
        set_fees(s); /* commissions at their base values, as at month 0 */
        route_costs(s);
    }
    int rc = solve_equilibrium(s, eq, w->x0, opt, res, diag);
    ss_sim_free(s);
    return rc;
}

/* ---- read access -------------------------------------------------------- */

const double *ss_sim_flows(const ss_sim *s)
{
    return s->x;
}
const double *ss_sim_direct(const ss_sim *s)
{
    return s->direct;
}
const double *ss_sim_exports(ss_sim *s)
{
    record(s);
    return s->rx;
}

const double *ss_sim_imports(ss_sim *s)
{
    record(s);
    return s->rm;
}

const double *ss_sim_cost(const ss_sim *s)
{
    return s->cost;
}
const double *ss_sim_price(const ss_sim *s)
{
    return s->price;
}
const double *ss_sim_import_price(const ss_sim *s)
{
    return s->imp_price;
}
const double *ss_sim_reach(const ss_sim *s)
{
    return s->reach;
}
const double *ss_sim_transit(const ss_sim *s)
{
    return s->transit;
}
const double *ss_sim_commission_rate(const ss_sim *s)
{
    return s->commission;
}
const double *ss_sim_commission_income(const ss_sim *s)
{
    return s->income;
}
const double *ss_sim_capacity(const ss_sim *s)
{
    return s->capacity;
}
const double *ss_sim_detection(const ss_sim *s)
{
    return s->detection;
}
const double *ss_sim_caught(const ss_sim *s)
{
    return s->caught;
}

size_t ss_sim_n_rerouted(const ss_sim *s)
{
    return s->t > 0 ? s->n_re : 0;
}

void ss_sim_rerouted(const ss_sim *s, size_t idx, size_t *i, size_t *j, size_t *sector)
{
    size_t link = s->pen_idx[s->re_link[idx]];
    *sector = link % s->k;
    *j = (link / s->k) % s->n;
    *i = link / s->k / s->n;
}

double ss_sim_via(const ss_sim *s, size_t i, size_t j, size_t sector, size_t m)
{
    const size_t n = s->n, k = s->k, idx = (i * n + j) * k + sector;
    if (s->t == 0 || i == j || m == i || m == j || !(s->d[idx] > 1))
        return 0;
    const size_t p = penalised(s, idx);
    if (!(s->pen_route_w[p] > 0))
        return 0;
    ss_route_ctx ctx = route_ctx(s);
    return via_value(s, &ctx, p, m);
}
