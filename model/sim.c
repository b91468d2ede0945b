/* The monthly simulation: the state of every flow, price and agent, and one
 * step in the order of docs/model.md section 11. This file owns the state's
 * allocation, step 1 (the timeline), step 2 (commissions), step 7
 * (enforcement), the step's order and read access; the other steps live in
 * sim_routes.c, sim_demand.c, sim_equilibrium.c, sim_supply.c,
 * sim_levers.c and sim_relocate.c (sim_internal.h). All memory is
 * allocated in ss_sim_alloc; a step only reads and writes these arrays.
 * Invariant: with no measure in force every flow stays bit-identical to the
 * baseline, because demand weights are the baseline flows themselves and
 * expenditure is summed in the same order as the price index. */
#include "agent.h"
#include "cost.h"
#include "dense.h"
#include "enforce.h"
#include "payments.h"
#include "sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The arrays of the state: one after another in one block (dense.h,
 * ss_dense_block) when it is small, each from a 64-byte line and followed
 * by a fence of a line that AddressSanitizer guards; else each on its own
 * (a large simulation's first step was slower in one block: 200 x 50,
 * about 102 against 95 ms, with the same steady step). lay_out runs twice:
 * to measure (base NULL), then to place the arrays. */
typedef struct sim_layout {
    char *base;
    size_t used;
    int failed;    /* sizes beyond size_t, or out of memory */
    ss_sim *apart; /* each array on its own, listed in apart->own */
} sim_layout;

enum { LINE = 64 };

static void *take(sim_layout *l, size_t count, size_t size)
{
    if (l->apart) { /* a place in the list first, then the array */
        ss_sim *s = l->apart;
        void **grown = realloc(s->own, (s->n_own + 1) * sizeof *grown);
        void *p = grown ? calloc(count ? count : 1, size) : NULL;
        if (grown)
            s->own = grown;
        l->failed |= !p;
        return p ? s->own[s->n_own++] = p : NULL;
    }
    if (l->used > SIZE_MAX - 2 * LINE || (size && count > (SIZE_MAX - l->used - 2 * LINE) / size)) {
        l->failed = 1;
        return NULL;
    }
    const size_t at = l->used, bytes = count * size;
    l->used = at + (bytes + LINE - 1) / LINE * LINE + LINE;
    if (!l->base)
        return NULL;
    ss_dense_fence(l->base + at + bytes, l->used - at - bytes);
    return l->base + at;
}

void ss_sim_free(ss_sim *s)
{
    if (!s)
        return;
    ss_dense_block_free(s->arrays);
    for (size_t i = 0; i < s->n_own; i++)
        free(s->own[i]);
    free(s->own);
    free(s->detour);
    ss_eq_free(s->eq);
    sim_levers_free(s);
    ss_team_stop(s->team);
    free(s);
}

/* 1 when every distance equals its reverse bit for bit. */
static int symmetric(const double *dist, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (memcmp(&dist[i * n + j], &dist[j * n + i], sizeof *dist) != 0)
                return 0;
    return 1;
}

/* Every array of the state but the detour table (n*n*n, mostly never
 * touched, always on its own), placed by take; longer than the house's 80
 * lines because it is a flat list. Arrays of n*n*k that are used only in
 * part, or only by some mechanisms, are touched only as far as used: in a
 * large simulation untouched pages cost no memory; a small one's block is
 * on huge pages, resident where any of its 2 MiB is touched. */
static void lay_out(ss_sim *s, sim_layout *l)
{
    const size_t n = s->n, k = s->k, len = s->len, nk = n * k;
    const size_t ne = s->ne, months = (size_t)s->c->months;
    s->scratch = take(l, (size_t)s->threads * 2 * nk * s->block, sizeof(double));
    s->wt_own = take(l, len, sizeof(double));
    s->e0 = take(l, nk, sizeof(double));
    s->index = take(l, nk, sizeof(double));
    s->logsum = take(l, nk, sizeof(double));
    s->price = take(l, nk, sizeof(double));
    s->ratio = take(l, nk, sizeof(double));
    s->x = take(l, len, sizeof(double));
    s->direct = take(l, len, sizeof(double));
    s->rx = take(l, len, sizeof(double));
    s->rm = take(l, len, sizeof(double));
    s->d = s->cost = take(l, len, sizeof(double));
    s->fixed = take(l, len, sizeof(double));
    s->pen_idx = take(l, len, sizeof(uint32_t));
    s->pen_start = take(l, n + 1, sizeof(size_t));
    s->pen_direct = take(l, len, sizeof(double));
    s->pen_route_w = take(l, len, sizeof(double));
    s->pen_nest_f = take(l, len, sizeof(double));
    s->pen_sent = take(l, len, sizeof(double));
    s->pen_how = take(l, len, 1);
    s->pen_re = take(l, len, 1);
    s->pen_at = take(l, len, sizeof(sim_link));
    s->reach = take(l, nk, sizeof(double));
    s->ration = take(l, nk, sizeof(double));
    s->desired = take(l, nk, sizeof(double));
    s->keep = take(l, nk, sizeof(double));
    s->short_start = take(l, k + 1, sizeof(size_t));
    s->short_m = take(l, nk, sizeof(size_t));
    s->pen_served = take(l, len, sizeof(double));
    s->was_served = take(l, len, sizeof(double));
    s->was_idx = take(l, len, sizeof(uint32_t));
    s->pen_by_j = take(l, len, sizeof(uint32_t));
    s->pen_j_start = take(l, n + 1, sizeof(size_t));
    s->bulk = take(l, k, 1);
    s->imp0 = take(l, nk, sizeof(double));
    s->imp_w = take(l, nk, sizeof(double));
    s->imp_scale = take(l, nk, sizeof(double));
    s->imp_share = take(l, nk, sizeof(double));
    s->sold = take(l, nk, sizeof(double));
    s->earned = take(l, n, sizeof(double));
    s->paid = take(l, n, sizeof(double));
    s->earned_next = take(l, n, sizeof(double));
    s->paid_next = take(l, n, sizeof(double));
    s->sold0 = take(l, nk, sizeof(double));
    s->markup0 = take(l, len, sizeof(double)); /* touched only with kappa > 0 */
    s->moved = take(l, nk, 1);
    s->expo = take(l, nk * s->block, sizeof(double));
    s->imp_price = take(l, nk, sizeof(double));
    s->scratch_imp = take(l, 2 * nk, sizeof(double));
    s->sanctions = take(l, len, 1);
    s->detour_row = take(l, n * n, sizeof(uint32_t));
    s->detour_ready = take(l, n * n, 1);
    s->union_was = take(l, n, 1);
    s->detour_need = take(l, n * n, 1);
    s->fee = take(l, nk, sizeof(double));
    s->commission = take(l, nk, sizeof(double));
    s->transit = take(l, nk, sizeof(double));
    s->income = take(l, nk, sizeof(double));
    s->capacity = take(l, nk, sizeof(double));
    s->total_transit = take(l, k, sizeof(double));
    s->via = take(l, n, sizeof(size_t));
    s->via_pos = take(l, n, sizeof(size_t));
    s->via_value = take(l, n, sizeof(double));
    s->fee_via = take(l, nk, sizeof(double));
    /* Read only with a set, whose n_via is below n (route_set). */
    s->via_out = take(l, nk * n, sizeof(double));
    s->via_in = take(l, nk * n, sizeof(double));
    s->scope = take(l, ne * k, 1);
    s->member = take(l, ne * n, 1);
    s->target = take(l, ne * n, 1);
    s->p_hist = take(l, ne * n * months, sizeof(double));
    s->until = take(l, ne * n, sizeof(long));
    s->caught_at = take(l, ne * n, sizeof(long));
    s->quiet = take(l, ne * n, sizeof(long));
    s->watched = take(l, ne * n, sizeof(double));
    s->detection = take(l, n, sizeof(double));
    s->caught = take(l, n, sizeof(double));
    s->re_link = take(l, len, sizeof(uint32_t));
    s->out_start = take(l, nk + 1, sizeof(size_t));
    s->in_start = take(l, nk + 1, sizeof(size_t));
    s->out_m = take(l, len, sizeof(uint32_t));
    s->in_m = take(l, len, sizeof(uint32_t));
    s->out_w = take(l, len, sizeof(double));
    s->out_where = take(l, len, sizeof(sim_leg));
    s->in_where = take(l, len, sizeof(sim_leg));
    s->in_w = take(l, len, sizeof(double));
    s->out_v = take(l, len, sizeof(double));
    s->in_v = take(l, len, sizeof(double));
    s->fee_by_sector = take(l, nk, sizeof(double));
    s->factory = take(l, nk, sizeof(double));
    s->factory_next = take(l, nk, sizeof(double));
    s->export_price = take(l, nk, sizeof(double));
    s->target_x = take(l, len, sizeof(double));
    s->sales = take(l, nk, sizeof(double));
    s->paid_out = take(l, nk, sizeof(double));
    s->real_income = take(l, n, sizeof(double));
    s->transit_by_sector = take(l, nk, sizeof(double));
    s->sales0 = take(l, nk, sizeof(double));
    s->netback0 = take(l, 2 * nk, sizeof(double));
}

ss_sim *ss_sim_alloc(const ss_world *w, const ss_config *c)
{
    /* Links are indexed in 32 bits (sim_internal.h): a world of 2^32 link-sectors would need
     * 32 GB an array. */
    if (!w || !c || w->n != c->n || w->k != c->k || c->months < 1 ||
        (w->n && w->k > UINT32_MAX / w->n / w->n))
        return NULL;
    ss_sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    const size_t n = w->n, k = w->k, len = n * n * k, nk = n * k;
    const size_t ne = c->n_enforcers;
    s->w = w;
    s->c = c;
    s->n = n;
    s->k = k;
    s->len = len;
    s->ne = ne;
    /* No more threads than countries: every loop has at most n items, and
     * each loop wakes the whole team (an 8-country world with 1,024
     * threads took 3.2 s, against 0.01 s with one). */
    s->threads = c->threads > 1 ? c->threads : 1;
    if ((size_t)s->threads > n && n > 0)
        s->threads = (int)n;
    /* Demand's importers at a time: with fewer than 8 sectors, enough that
     * a block's row is a whole number of fours (k = 3: four importers, 12
     * values); a config's demand_block, held to n. */
    s->block = c->demand_block        ? (c->demand_block < n ? c->demand_block : n)
               : k >= 8 || k % 4 == 0 ? 1
               : k % 2 == 0           ? 2
                                      : 4;
    sim_layout l = {0};
    lay_out(s, &l);
    const int small = !l.failed && l.used <= SS_DENSE_SMALL_BLOCK;
    s->arrays = small ? ss_dense_block(l.used) : NULL;
    l = (sim_layout){.base = s->arrays, .apart = small ? NULL : s, .failed = l.failed};
    if (!l.failed && (s->arrays || !small))
        lay_out(s, &l);
    int failed = l.failed || (small && !s->arrays);
    if (!failed) { /* filled whole by every run from the start: mapped in at once */
        ss_dense_fill(s->x, len * sizeof *s->x);
        ss_dense_fill(s->cost, len * sizeof *s->cost);
        ss_dense_fill(s->sanctions, len);
    }
    s->detour = calloc(n ? n * n * n : 1, sizeof *s->detour);
    failed |= !s->detour;
    if (c->closure == SS_GENERAL && !(s->eq = ss_eq_alloc(n, k)))
        failed = 1;
    s->eq_scale = 1;
    /* Without its team (a thread that would not start), the loops run
     * on this thread alone, with the same results. */
    if (s->threads > 1)
        s->team = ss_team_start(s->threads);
    if (!failed && sim_levers_alloc(s))
        failed = 1;
    if (failed) {
        ss_sim_free(s);
        return NULL;
    }

    /* Month 0, the baseline. */
    s->wt = w->x0;
    memcpy(s->x, w->x0, len * sizeof(double));
    s->direct_ready = s->recorded = 0; /* built from x when asked for */
    s->fixed_dirty = 1;
    s->via_changed = 1;
    for (size_t m = 0; m < n; m++)
        s->union_was[m] = c->agent[m].customs_union != 0;
    for (size_t idx = 0; idx < len; idx++)
        s->cost[idx] = 1;
    for (size_t m = 0; m < n; m++)
        s->via_pos[m] = SIZE_MAX;
    /* Expenditure is summed origin by origin, the order the price index
     * uses, so that the baseline index equals it exactly. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t q = 0; q < k; q++)
                s->e0[j * k + q] += w->x0[(i * n + j) * k + q];
    for (size_t q = 0; q < nk; q++)
        s->price[q] = s->imp_price[q] = s->ration[q] = s->keep[q] = s->factory[q] =
            s->factory_next[q] = s->export_price[q] = 1;
    for (size_t mq = 0; mq < nk; mq++)
        s->bulk[mq % k] |= !w->reexport[mq];
    for (size_t m = 0; m < n; m++) {
        const ss_agent *a = &c->agent[m];
        for (size_t q = 0; q < k; q++) {
            double imports = 0;
            for (size_t i = 0; i < n; i++)
                if (i != m)
                    imports += w->x0[(i * n + m) * k + q];
            s->imp0[m * k + q] = s->imp_w[m * k + q] = imports; /* in cost_index's order */
            s->commission[m * k + q] = a->base_commission;
            s->capacity[m * k + q] = (s->bulk[q] ? c->bulk_capacity : a->capacity) * imports;
            s->reach[m * k + q] = fmin(a->reach_start, a->reach_max);
        }
    }
    for (size_t e = 0; e < ne; e++)
        for (size_t m = 0; m < n; m++) {
            s->quiet[e * n + m] = 0;
            s->until[e * n + m] = s->caught_at[e * n + m] = -1;
        }
    s->detour_theta = s->detour_cost = NAN;
    for (size_t u = 0; u < 4; u++)
        s->markup0_key[u] = NAN;
    s->detour_sym = symmetric(w->dist, n);
    sim_supply_init(s);
    return s;
}

long ss_sim_month(const ss_sim *s)
{
    return s->t;
}

/* sim_for's loop, as the team sees it. */
typedef struct sim_loop {
    ss_sim *s;
    sim_item_fn *fn;
    void *ctx;
} sim_loop;

static void sim_item(void *arg, size_t item, int thread)
{
    const sim_loop *l = arg;
    const ss_sim *s = l->s;
    l->fn(l->s, item, s->scratch + (size_t)thread * 2 * s->n * s->k * s->block, l->ctx);
}

void sim_for(ss_sim *s, size_t count, size_t chunk, sim_item_fn *fn, void *ctx)
{
    sim_loop l = {s, fn, ctx};
    ss_team_for(s->team, count, chunk, sim_item, &l);
}

/* ---- step 1: the timeline ---------------------------------------------- */

/* Which sectors and targets each enforcer enforces this month: the
 * sanctions in force whose `by` members all belong to its group. */
static void enforcement_scope(ss_sim *s, long t)
{
    const ss_config *c = s->c;
    memset(s->scope, 0, s->ne * s->k);
    memset(s->target, 0, s->ne * s->n);
    /* Members are read afresh: a [change] may add or remove some. */
    memset(s->member, 0, s->ne * s->n);
    for (size_t e = 0; e < s->ne; e++)
        for (size_t q = 0; q < c->enforcer[e].members.len; q++)
            s->member[e * s->n + c->enforcer[e].members.at[q]] = 1;
    for (size_t e = 0; e < s->ne; e++) {
        for (size_t i = 0; i < c->n_measures; i++) {
            const ss_measure *m = &c->measure[i];
            /* Only what is evaded through third countries is watched there,
             * and only its sectors fall under secondary sanctions. */
            if (!ss_cost_in_force(m, t) || m->evasion != SS_EVADE_TRANSIT ||
                m->kind == SS_PRICE_CAP)
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
 * expected mode, since it last did not watch m (its secondary sanctions
 * ended then: section 7). */
static double under_sanction(const ss_sim *s, size_t e, size_t m, long t)
{
    const ss_enforcer *en = &s->c->enforcer[e];
    if (en->mode == SS_RANDOM)
        return s->until[e * s->n + m] >= t ? 1 : 0;
    long from = t - en->secondary_months;
    if (from < s->quiet[e * s->n + m] + 1)
        from = s->quiet[e * s->n + m] + 1;
    if (from < 1)
        from = 1;
    const double *p = s->p_hist + (e * s->n + m) * (size_t)s->c->months;
    return ss_enforce_under_sanction(p + from, t - from);
}

/* Whether enforcer e enforces a sanction in force this month (its scope
 * holds a sector): one that does not watches nobody, and its secondary
 * sanctions end. */
static int enforcing(const ss_sim *s, size_t e)
{
    for (size_t sec = 0; sec < s->k; sec++)
        if (s->scope[e * s->k + sec])
            return 1;
    return 0;
}

/* Whether enforcer e watches m this month: it enforces a sanction in force
 * (`active`, enforcing(), found once a month), and m is no member of its
 * group, no target of its sanctions, a candidate unless it watches every
 * country, and listed in watch_only when it has one. It catches, and keeps under its secondary
 * sanctions, only those it watches (a helper's hunt: a country caught while the detection
 * probability faded at the attention lag after it joined the group, and a
 * catch from before it joined came back when it left). */
static int watches(const ss_sim *s, size_t e, int active, size_t m)
{
    const ss_enforcer *en = &s->c->enforcer[e];
    return active && !s->member[e * s->n + m] && !s->target[e * s->n + m] &&
           (en->watches == SS_WATCH_ALL || s->c->agent[m].candidate) &&
           (en->watch_only.len == 0 || ss_set_has(&en->watch_only, m));
}

static void apply_secondary(ss_sim *s, long t)
{
    const size_t n = s->n, k = s->k;
    for (size_t m = 0; m < n; m++)
        s->caught[m] = 0;
    for (size_t e = 0; e < s->ne; e++) {
        const ss_enforcer *en = &s->c->enforcer[e];
        /* A country it does not watch is under none of its secondary
         * sanctions, and `caught` says so; they have ended: being watched
         * again does not bring back those of a catch before (helpers'
         * hunts: after a sanction's end, the fading probability was
         * reported; a sanction that started later, or a country that left
         * the group, brought back an old catch). With its scope empty it
         * watches nobody (their factor would touch no sector). */
        const int active = enforcing(s, e);
        for (size_t m = 0; m < n; m++) {
            if (!watches(s, e, active, m)) {
                s->quiet[e * n + m] = t;
                s->until[e * n + m] = -1;
                continue;
            }
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

void sim_fixed_begin(ss_sim *s)
{
    if (!s->any_fixed && s->fixed_dirty) /* the month's first such measure */
        for (size_t idx = 0; idx < s->len; idx++)
            s->fixed[idx] = 1;
    s->fixed_dirty = s->any_fixed = 1;
}

/* What payment agents evade in month t: the measures evaded through them
 * and the settlement cost of countries without a shared network, each at
 * most (1 + payment_fee). One agent settles a payment whatever makes it
 * hard, so together they cost a link at most that too (docs/model.md,
 * section 3d; a review found a payments penalty and a settlement cost on
 * one link each paying the fee): with two sources or more, a pass caps
 * their product. First into `fixed`, so that the cap takes nothing else. */
static void payment_costs(ss_sim *s, long t)
{
    const ss_config *c = s->c;
    int sources = 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (m->evasion != SS_EVADE_PAYMENT || m->kind == SS_PRICE_CAP || !ss_cost_in_force(m, t))
            continue;
        sim_fixed_begin(s);
        ss_cost_apply_fixed(m, s->n, s->k, c->payment_fee, s->fixed);
        sources++;
    }
    if (c->n_networks) {
        sim_fixed_begin(s);
        sources += ss_payments_apply(c, t, s->fixed);
    }
    for (size_t idx = 0; sources > 1 && idx < s->len; idx++)
        s->fixed[idx] = fmin(s->fixed[idx], 1 + c->payment_fee);
}

void sim_timeline(ss_sim *s, long t)
{
    const ss_config *c = s->c;
    for (size_t idx = 0; idx < s->len; idx++)
        s->d[idx] = 1;
    s->any_fixed = 0;
    memset(s->sanctions, 0, s->len);
    payment_costs(s, t);
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (!ss_cost_in_force(m, t) || m->evasion == SS_EVADE_PAYMENT)
            continue;
        if (m->kind == SS_PRICE_CAP)
            continue; /* it lowers the target's realised price (sim_supply.c) */
        if (m->evasion == SS_EVADE_TRANSIT) {
            ss_cost_apply(m, s->n, s->k, s->d, s->sanctions);
            continue;
        }
        sim_fixed_begin(s);
        ss_cost_apply_fixed(m, s->n, s->k, c->payment_fee, s->fixed);
    }
    for (size_t i = 0; i < c->n_links; i++)
        if (ss_cost_active(c->links[i].start, c->links[i].end, t))
            ss_cost_apply_links(&c->links[i], s->n, s->k, s->d);
    sim_levers_costs(s, t);
    enforcement_scope(s, t);
    apply_secondary(s, t);
    size_t n_via = 0;
    for (size_t m = 0; m < s->n; m++) {
        /* A group change moves the customs union, whose members' detours
         * pay no extra distance: the detour rows are built again (a
         * review found rows built before the change kept the old union). */
        const unsigned char in_union = c->agent[m].customs_union != 0;
        s->via_changed |= s->union_was[m] != in_union;
        s->union_was[m] = in_union;
        s->via_pos[m] = SIZE_MAX;
        if (!(c->agent[m].willing && c->agent[m].candidate))
            continue;
        s->via_changed |= n_via >= s->n_via || s->via[n_via] != m;
        s->via_pos[m] = n_via;
        s->via[n_via++] = m;
    }
    s->via_changed |= n_via != s->n_via;
    s->n_via = n_via;
    s->set = (ss_route_set){n_via, s->via, s->via_pos, s->fee_via, NULL, NULL}; /* rows: legs() */
    /* This month's arrivals: none unless production relocates (a dated
     * change may set the speed to 0). */
    memset(s->reloc_new, 0, s->n * s->k * sizeof *s->reloc_new);
    if (c->relocation_speed > 0)
        sim_relocate(s);
}

/* ---- step 2: commissions ----------------------------------------------- */

/* Route weights of the commissions: ((1 + c)^-theta r)^(1 / nest) pi, where
 * r is the share of shippers m reaches times its rationing factor, and 0 if
 * it cannot re-export the sector at all, and pi the share of its traders
 * that take part (participation, section 6b); 0 for countries that do not
 * carry transit (unwilling, or not candidates). With one route through m
 * the nest's weight is then (1 + c)^-theta r pi^nest. */
void sim_set_fees(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double theta = nest_theta(s->c), nest = s->c->nest;
    for (size_t m = 0; m < n; m++) {
        const ss_agent *a = &s->c->agent[m];
        for (size_t q = 0; q < k; q++) {
            const size_t mq = m * k + q;
            /* Reach and rationing scale the share of shippers m serves, so
             * they enter at the power 1 / nest, as a route's own weight. */
            /* An intermediary unbound by a [change] this month is not
             * rationed in it (its factor is 1 from the month's end). */
            const double ration = a->capacity_bound || s->bulk[q] ? s->ration[mq] : 1;
            /* A reach_max lowered by a [change] binds in its own month
             * (ss_agent_reach sets the reach to it at the month's end). */
            const double reach = fmin(s->reach[mq], a->reach_max);
            double open = reach * ration * s->w->reexport[mq];
            double fee = !(a->willing && a->candidate) ? 0
                         : nest == 1
                             ? pow(1 + s->commission[mq], -theta) * open
                             : pow(pow(1 + s->commission[mq], -s->c->theta) * open, 1 / nest);
            /* Participation is the share of m's traders that take part: it
             * scales the number of m's routes, outside the power, so that
             * what a participating trader earns, the chooser's gain income
             * / pi (section 6b), does not fall with pi. Inside the power it
             * fell as pi^(1 / nest - 1): one dip locked a chooser out (a
             * helper's hunt: Kazakhstan's gain 28.7 to 1.1e-3 USD million in
             * a month of the report's Middle Corridor scenario). */
            fee *= s->participation[m];
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
    sim_levers_commission(s);
    sim_set_fees(s);
}
/* ---- step 5: enforcement ------------------------------------------------ */

static int enforce(ss_sim *s, gsl_rng *rng, ss_diag *diag)
{
    const size_t n = s->n, k = s->k;
    const double *x0 = s->w->x0;
    for (size_t m = 0; m < n; m++)
        s->detection[m] = 0;
    if (s->ne)
        sim_direct(s);
    for (size_t e = 0; e < s->ne; e++) {
        const ss_enforcer *en = &s->c->enforcer[e];
        if (en->mode == SS_RANDOM && !rng)
            return ss_diag_set(diag, SS_EINVAL, "enforcer %s needs a random number generator",
                               en->name ? en->name : "");
        const int active = enforcing(s, e);
        for (size_t m = 0; m < n; m++) {
            double p = 0;
            const int seen = watches(s, e, active, m);
            if (seen) {
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
            double *hist = s->p_hist + (e * n + m) * (size_t)s->c->months + (size_t)s->t;
            p = hist[0] = ss_enforce_attention(en, hist[-1], p);
            s->detection[m] = 1 - (1 - s->detection[m]) * (1 - p);
            if (en->mode == SS_RANDOM) {
                /* One draw for every country, watched or not, so that the
                 * stream stays aligned across scenarios with other dates. */
                /* None of a country it does not watch, whose probability
                 * may still fade at the attention lag; a catch restarts the
                 * period, and never shortens one (a [change] of
                 * secondary_months: a hunt). */
                double u = gsl_rng_uniform(rng);
                if (u < p && seen) {
                    const long until = s->t + en->secondary_months;
                    if (until > s->until[e * n + m])
                        s->until[e * n + m] = until;
                    s->caught_at[e * n + m] = s->t;
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
    sim_timeline(s, t);
    set_commissions(s);
    int rc = sim_route_costs(s, diag);
    if (rc) {
        char why[sizeof diag->msg];
        snprintf(why, sizeof why, "%s", diag ? diag->msg : "");
        return ss_diag_set(diag, rc, "month %ld: %s", t, why);
    }
    if (s->routes_lost && !s->routes_lost_month)
        s->routes_lost_month = t;
    rc = sim_demand(s, diag);
    if (rc)
        return rc;
    sim_ship(s);
    sim_bind_capacity(s);
    sim_settle(s);
    s->t = t;
    if (supply_on(s))
        sim_supply_prices(s);
    rc = enforce(s, rng, diag);
    if (rc)
        return rc;
    sim_levers_end(s);
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

/* ---- read access -------------------------------------------------------- */

const double *ss_sim_flows(const ss_sim *s)
{
    return s->x;
}
const double *ss_sim_direct(const ss_sim *s)
{
    /* A cache of what x and the routes already say, so the reader stays
     * const; s itself was allocated writable by ss_sim_alloc. */
    sim_direct((ss_sim *)s);
    return s->direct;
}
const double *ss_sim_exports(ss_sim *s)
{
    sim_record(s);
    return s->rx;
}

const double *ss_sim_imports(ss_sim *s)
{
    sim_record(s);
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

const double *ss_sim_factory_price(const ss_sim *s)
{
    return s->factory;
}
const double *ss_sim_export_price(ss_sim *s)
{
    sim_incomes(s);
    return s->export_price;
}
const double *ss_sim_sales(ss_sim *s)
{
    sim_incomes(s);
    return s->sales;
}
const double *ss_sim_real_income(ss_sim *s)
{
    sim_incomes(s);
    return s->real_income;
}

size_t ss_sim_routes_lost(const ss_sim *s, long *first)
{
    *first = s->routes_lost_month;
    return s->routes_lost;
}

size_t ss_sim_n_rerouted(const ss_sim *s)
{
    return s->t > 0 ? s->n_re : 0;
}

void ss_sim_rerouted(const ss_sim *s, size_t idx, size_t *i, size_t *j, size_t *sector)
{
    const sim_link l = s->pen_at[s->re_link[idx]];
    *i = l.i;
    *j = l.j;
    *sector = l.q;
}

void ss_sim_rerouted_via(const ss_sim *s, size_t r, double *out)
{
    const size_t p = s->re_link[r];
    size_t i, j, q;
    ss_sim_rerouted(s, r, &i, &j, &q);
    for (size_t m = 0; m < s->n; m++)
        out[m] = 0;
    if (s->t == 0 || i == j || !(s->pen_route_w[p] > 0))
        return;
    /* Only the countries of the route set carry anything (ss_sim_via);
     * i and j never carry their own link. */
    ss_route_ctx ctx = route_ctx(s);
    sim_via_values(s, &ctx, p, out);
    out[i] = out[j] = 0;
}

void ss_sim_transit_of(const ss_sim *s, const char *flag, double *row, double *out)
{
    const size_t n = s->n, k = s->k;
    memset(out, 0, n * k * sizeof *out);
    for (size_t r = 0; r < ss_sim_n_rerouted(s); r++) {
        size_t i, j, q;
        ss_sim_rerouted(s, r, &i, &j, &q);
        if (!flag[i] && !flag[j])
            continue;
        ss_sim_rerouted_via(s, r, row);
        for (size_t m = 0; m < n; m++)
            out[m * k + q] += row[m];
    }
}

double ss_sim_via(const ss_sim *s, size_t i, size_t j, size_t sector, size_t m)
{
    const size_t n = s->n, k = s->k, idx = (i * n + j) * k + sector;
    if (s->t == 0 || i == j || m == i || m == j)
        return 0;
    const size_t p = penalised(s, idx);
    /* Not routed this month (pen_re): no detour, or detours dropped as too
     * light (finish_routes), whose scale is infinite. */
    if (p == SIZE_MAX || !s->pen_re[p])
        return 0;
    ss_route_ctx ctx = route_ctx(s);
    return sim_via_value(s, &ctx, p, m);
}
