/* The monthly simulation's routes (sim_internal.h): step 3, the effective
 * cost of every link with its detours through intermediaries and the route
 * choice among them; and steps 5 and 6, which follow demand: shipping
 * rerouted flows, capacity bounds and what the enforcers see; and the
 * recorded statistics. Allocates nothing. */
#include "cost.h"
#include "dense.h"
#include "powrow.h"
#include "sim_internal.h"
#include "simd.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* ---- step 3: routes and effective costs -------------------------------- */

/* The detour costs g of one row, one per intermediary via[v], with the
 * distances to j read at to_j[m * stride]: four at a time. */
SS_CLONES static void detour_costs(size_t count, const size_t *via, const double *from_i,
                                   const double *to_j, size_t stride, double d_ij, double dc,
                                   double *g)
{
    size_t v = 0;
    for (; v + 4 <= count; v += 4) {
        const size_t *m = via + v;
        const double d_im[4] = {from_i[m[0]], from_i[m[1]], from_i[m[2]], from_i[m[3]]};
        const double d_mj[4] = {to_j[m[0] * stride], to_j[m[1] * stride], to_j[m[2] * stride],
                                to_j[m[3] * stride]};
        ss_cost_detour4(d_im, d_mj, d_ij, dc, g + v);
    }
    for (; v < count; v++)
        g[v] = ss_cost_detour(from_i[via[v]], to_j[via[v] * stride], d_ij, dc);
}

/* Fills the detour factors of pair (i, j), one per intermediary (see the
 * struct), into its row: first each detour's cost g, then g^-theta for
 * the whole row at once (ss_pow_row: libm's bits, faster). */
static void fill_detour_row(ss_sim *s, size_t i, size_t j)
{
    const size_t n = s->n, n_via = s->n_via;
    double *row = detour_at(s, i * n + j);
    const double *dist = s->w->dist;
    /* The distances to j: with symmetric distances, row j's (the same
     * numbers, read in order); otherwise column j's. */
    if (s->detour_sym)
        detour_costs(n_via, s->via, dist + i * n, dist + j * n, 1, dist[i * n + j],
                     s->c->detour_cost, row);
    else
        detour_costs(n_via, s->via, dist + i * n, dist + j, n, dist[i * n + j], s->c->detour_cost,
                     row);
    /* Inside a customs union the detour pays no extra distance. */
    const ss_agent *a = s->c->agent;
    if (a[j].customs_union)
        for (size_t v = 0; v < n_via; v++)
            if (a[s->via[v]].customs_union)
                row[v] = 1;
    ss_pow_row(n_via, row, -nest_theta(s->c), row); /* 1^-theta is 1 */
    /* No detour through i or j themselves. */
    if (s->via_pos[i] != SIZE_MAX)
        row[s->via_pos[i]] = 0;
    if (s->via_pos[j] != SIZE_MAX)
        row[s->via_pos[j]] = 0;
}

/* The rows of pairs (a, b) for every b that are needed and not built
 * yet (sim_for). */
static void detours_from(ss_sim *s, size_t a, double *scratch, void *ctx)
{
    (void)scratch;
    (void)ctx;
    const size_t n = s->n;
    const unsigned char *need = s->detour_need + a * n;
    unsigned char *ready = s->detour_ready + a * n;
    for (size_t b = 0; b < n; b++)
        if (need[b] && !ready[b]) {
            fill_detour_row(s, a, b);
            ready[b] = 1;
        }
}

/* Builds the detour rows this month's penalised links need and that are
 * not built yet, by first place a. The pairs new to the table get the
 * next rows in turn, which are mapped in at once before they are written,
 * in huge pages where they fill 2 MiB blocks whole (dense.h): the first
 * month of the bench's 200 x 50 world builds 20,000 rows, 32 MB, which
 * otherwise fault in page by page. */
static void build_detours(ss_sim *s)
{
    const size_t n = s->n, first_new = s->detour_rows;
    if (s->n_via == 0)
        return;
    memset(s->detour_need, 0, n * n);
    for (size_t p = 0; p < s->n_pen; p++) {
        const size_t pair = s->pen_at[p].pair;
        s->detour_need[pair] = 1;
        if (s->detour_row[pair] == 0)
            s->detour_row[pair] = (uint32_t)++s->detour_rows;
    }
    ss_dense_advise_whole(s->detour, s->detour_rows * s->n_via * sizeof *s->detour);
    ss_dense_fill(s->detour + first_new * s->n_via,
                  (s->detour_rows - first_new) * s->n_via * sizeof *s->detour);
    sim_for(s, n, 4, detours_from, NULL);
}
/* Lists, for every (country, sector), the legs whose weight is not 1
 * (those to or from an intermediary: route.h reads no other).
 * where[u] holds their rows and intermediaries, in increasing m within
 * each row, and value[u] their weights, so each row's list comes out
 * sorted by m. */
static void list_unusual(size_t n, size_t k, const sim_leg *where, const double *value,
                         size_t count, size_t *start, uint32_t *list, double *weight)
{
    /* Written in scattered order: mapped in first (dense.h). */
    ss_dense_fill(list, count * sizeof *list);
    ss_dense_fill(weight, count * sizeof *weight);
    memset(start, 0, (n * k + 1) * sizeof *start);
    for (size_t u = 0; u < count; u++)
        start[where[u].row + 1]++;
    for (size_t r = 0; r < n * k; r++)
        start[r + 1] += start[r];
    for (size_t u = 0; u < count; u++) {
        const size_t row = where[u].row;
        weight[start[row]] = value[u];
        list[start[row]++] = where[u].m;
    }
    /* The fill moved each start to the next row's; shift back. */
    memmove(start + 1, start, n * k * sizeof *start);
    start[0] = 0;
}

/* A list's legs (its rows, as list_unusual made them) spread into n*k
 * rows of the n_via intermediaries' entries: 1 but where the list has
 * the leg (the lists hold intermediaries alone). */
static void spread_unusual(const ss_sim *s, const size_t *start, const uint32_t *list,
                           const double *weight, double *rows)
{
    const size_t n_via = s->n_via, len = s->n * s->k;
    for (size_t u = 0; u < len * n_via; u++)
        rows[u] = 1;
    for (size_t r = 0; r < len; r++)
        for (size_t u = start[r]; u < start[r + 1]; u++)
            rows[r * n_via + s->via_pos[list[u]]] = weight[u];
}

/* Whether this month's penalised links read their legs from rows of the
 * set's entries (route.h, ss_route_set) rather than merge their two lists:
 * when the rows' entries are at most twice the lists' (a step of the merge
 * costs about two of the rows'). Both give the same bits. Measured: the
 * default scenario's 8 candidates, whose lists are long, 342 M to 306 M
 * instructions a summary run with rows, and 465 M to 398 M with 16, 729 M
 * to 475 M with 24; the 200 x 50 world with 5 % of links banned, whose
 * lists are short, a step 12 % slower with rows of 30 and 40 % with 100. */
static int rows_pay(const ss_sim *s)
{
    const size_t k = s->k;
    const size_t walked = s->n_via * s->n_pen;
    size_t listed = 0;
    for (size_t p = 0; p < s->n_pen && 2 * listed < walked; p++) {
        const size_t ro = s->pen_at[p].i * k + s->pen_at[p].q,
                     ri = s->pen_at[p].j * k + s->pen_at[p].q;
        listed += s->out_start[ro + 1] - s->out_start[ro] + s->in_start[ri + 1] - s->in_start[ri];
    }
    return walked <= 2 * listed;
}

/* d^-theta for a finite d other than 1, remembered in 64 slots picked by
 * d's bits: the links under one measure have the same d, and a month has
 * a few hundred d's (the default scenario: 15,500 powers in a run instead
 * of 54,400 with the last d alone). */
enum { MEMO_SLOTS = 64 };
typedef struct power_memo {
    double theta, d[MEMO_SLOTS], value[MEMO_SLOTS];
} power_memo;

static void memo_init(power_memo *memo, double theta)
{
    memo->theta = theta;
    for (size_t u = 0; u < MEMO_SLOTS; u++)
        memo->d[u] = NAN;
}

static double leg_weight(power_memo *memo, double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    const size_t slot = (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> 58); /* top 6 bits */
    if (d != memo->d[slot]) {
        memo->d[slot] = d;
        memo->value[slot] = pow(d, -memo->theta);
    }
    return memo->value[slot];
}

/* Maps in entries [from, to) of the arrays base[0..count), of size[a]
 * bytes an entry, at once before they are written (dense.h; a stretch
 * below 64 KiB is left to fault in): the first month of a large world
 * writes megabytes of the penalised links' arrays from nothing. */
static void map_entries(void *const *base, const size_t *size, size_t count, size_t from, size_t to)
{
    for (size_t a = 0; a < count; a++)
        ss_dense_fill((char *)base[a] + from * size[a], (to - from) * size[a]);
}

/* map_entries for the next AHEAD entries of arrays the legs' pass appends
 * to (of cap entries); returns how many entries are now mapped. */
enum { AHEAD = 8192 };
static size_t map_ahead(size_t from, size_t cap, void *const *base, const size_t *size,
                        size_t count)
{
    const size_t to = cap - from < AHEAD ? cap : from + AHEAD;
    map_entries(base, size, count, from, to);
    return to;
}

/* The legs of every link and the penalised links, in one pass: the cost
 * before rerouting, the unusual legs (their positions and weights), and
 * for each link with d > 1 its direct road's weight. */
static void legs(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    const double theta = s->c->theta, theta_in = nest_theta(s->c), nest = s->c->nest;
    size_t n_out = 0, n_in = 0, n_pen = 0;
    power_memo in_nest, direct;
    memo_init(&in_nest, theta_in);
    memo_init(&direct, theta);
    /* Read once: the stores below might otherwise be taken to move them. */
    const double *d_of = s->d;
    const unsigned char *sanctioned = s->sanctions;
    for (size_t i = 0; i < n; i++) {
        s->pen_start[i] = n_pen;
        /* Exporter i's links in order, importer j's from place j * k of
         * the row; j and q caught up only for those that are not plain
         * open roads (at most n steps of j a row, and no division). */
        size_t j = 0, first = 0; /* first: j's place */
        for (size_t u = 0, idx = i * n * k; u < n * k; u++, idx++) {
            const double d = d_of[idx];
            if (d == 1 && !sanctioned[idx])
                continue;
            for (; u >= first + k; first += k)
                j++;
            const size_t q = u - first;
            const double leg = d == 1 ? 1 : isfinite(d) ? leg_weight(&in_nest, d) : 0;
            /* Only legs to and from intermediaries are ever read: a
             * route through a country that is none does not exist. */
            if (leg != 1 && s->via_pos[j] != SIZE_MAX) {
                if (n_out == s->mapped_out)
                    s->mapped_out =
                        map_ahead(n_out, s->len, (void *[]){s->out_where, s->out_v},
                                  (size_t[]){sizeof *s->out_where, sizeof *s->out_v}, 2);
                s->out_where[n_out] = (sim_leg){(uint32_t)(i * k + q), (uint32_t)j};
                s->out_v[n_out++] = leg;
            }
            /* The second legs, importer-major (see route.h). */
            const double in = sanctioned[idx] ? 0 : leg;
            if (in != 1 && s->via_pos[i] != SIZE_MAX) {
                if (n_in == s->mapped_in)
                    s->mapped_in = map_ahead(n_in, s->len, (void *[]){s->in_where, s->in_v},
                                             (size_t[]){sizeof *s->in_where, sizeof *s->in_v}, 2);
                s->in_where[n_in] = (sim_leg){(uint32_t)(j * k + q), (uint32_t)i};
                s->in_v[n_in++] = in;
            }
            if (d > 1 && i != j) {
                if (n_pen == s->mapped_pen)
                    s->mapped_pen =
                        map_ahead(n_pen, s->len, (void *[]){s->pen_direct, s->pen_at},
                                  (size_t[]){sizeof *s->pen_direct, sizeof *s->pen_at}, 2);
                /* With nest = 1 the leg is this weight (theta / 1 = theta). */
                s->pen_direct[n_pen] = nest == 1 ? leg : isfinite(d) ? leg_weight(&direct, d) : 0;
                s->pen_at[n_pen] = (sim_link){(uint32_t)i, (uint32_t)j, (uint32_t)q,
                                              (uint32_t)detour_pair(s, i, j)};
                s->pen_idx[n_pen++] = (uint32_t)idx;
            }
        }
    }
    s->pen_start[n] = s->n_pen = n_pen;
    /* cost is d already (the same array), read above: only fixed parts
     * change it here. */
    if (s->any_fixed)
        for (size_t idx = 0; idx < s->len; idx++)
            s->cost[idx] *= s->fixed[idx];
    list_unusual(n, k, s->out_where, s->out_v, n_out, s->out_start, s->out_m, s->out_w);
    list_unusual(n, k, s->in_where, s->in_v, n_in, s->in_start, s->in_m, s->in_w);
    s->set.out = s->set.in = NULL;
    if (route_set(s) && rows_pay(s)) {
        spread_unusual(s, s->out_start, s->out_m, s->out_w, s->via_out);
        spread_unusual(s, s->in_start, s->in_m, s->in_w, s->via_in);
        s->set.out = s->via_out;
        s->set.in = s->via_in;
    }
}

/* Long detour rows stream from memory, so the route sums and the shipping
 * ask for the rows of the links two ahead while they sum this one: with
 * the bench's 200 intermediaries the 200 x 50 world ships 3.5 ms faster a
 * step, and sums its routes 1 to 4 ms faster. Short rows (under
 * PREFETCH_VIA intermediaries; the default scenario has 8) stay in the
 * cache, and asking would cost more than the link's sums (asks_ahead). */
enum { PREFETCH_VIA = 64 };
static int asks_ahead(const ss_sim *s)
{
    return s->n_via >= PREFETCH_VIA;
}

/* Asks for penalised link p's detour row unless it was the last asked
 * for, `fetched` (the links of a pair share it); returns the last. */
static inline __attribute__((always_inline)) const double *ask_detour(const ss_sim *s, size_t p,
                                                                      const double *fetched)
{
    const double *row = detour_of(s, p);
    if (row != fetched)
        sim_ask(row, s->n_via * sizeof *row);
    return row;
}

/* The route weights and costs of penalised links [from, to), one
 * exporter's, from the detours' weights that reroute_from left in
 * pen_route_w. Each link's two powers are taken a row at a time
 * (ss_pow_row); scratch holds 2 (to - from) values. */
static void finish_routes(ss_sim *s, size_t from, size_t to, double *scratch)
{
    const size_t count = to - from;
    const double nest = s->c->nest;
    double *sum = s->pen_route_w + from, *nest_f = s->pen_nest_f + from;
    double *detours = scratch, *cost = scratch + count;
    /* The evasion nest: (sum of w_m)^nest, each m's share of it
     * w_m / sum (nested logit). */
    if (nest != 1) {
        ss_pow_row(count, sum, nest - 1, nest_f);
        for (size_t q = 0; q < count; q++)
            if (!(sum[q] > 0))
                nest_f[q] = 0;
    }
    for (size_t q = 0; q < count; q++) {
        const size_t p = from + q;
        /* Detours draw only the shippers the penalty pushes off the
         * direct road: their weight is scaled by the share of the direct
         * road's weight that the penalty removes (all of it for a ban), so
         * flows are continuous in the penalty. */
        const double direct = s->pen_direct[p], pushed = 1 - direct;
        if (nest == 1)
            nest_f[q] = 1;
        detours[q] = pushed * (nest == 1 ? sum[q] : sum[q] * nest_f[q]);
        sum[q] = direct + detours[q]; /* now the total weight */
        /* Detours so much dearer than the direct road (their weights near
         * the subnormal range: a high theta / nest and detours several
         * times as dear as the road) that their share of the shippers,
         * detour_share, comes within 2^40 of the largest double, where the
         * link's flow times it may pass it: dropped, as if no intermediary
         * were willing, where each route's flow would be inf times a tiny
         * weight (docs/model.md section 4, "Numerics"). */
        if (detours[q] > 0 && !(detour_share(s, p) <= 0x1p-40 * DBL_MAX)) {
            detours[q] = 0;
            sum[q] = direct;
            __atomic_fetch_add(&s->routes_lost, 1, __ATOMIC_RELAXED);
        }
        s->pen_re[p] = detours[q] > 0;
    }
    ss_route_costs(count, sum, detours, s->c->theta, cost);
    for (size_t q = 0; q < count; q++) {
        const size_t idx = s->pen_idx[from + q];
        s->cost[idx] = s->any_fixed ? cost[q] * s->fixed[idx] : cost[q];
    }
}

/* The routes of exporter i's penalised links: each one's detours' weight
 * (and pen_how, how they were summed: route.h), then their costs
 * (sim_for; arg is the month's route context). */
static void reroute_from(ss_sim *s, size_t i, double *scratch, void *arg)
{
    const ss_route_ctx *ctx = arg;
    const size_t start = s->pen_start[i], end = s->pen_start[i + 1];
    const sim_link *at = s->pen_at;
    double *sum = s->pen_route_w;
    const double *fetched = NULL;
    const int ask = asks_ahead(s);
    for (size_t p = start; p < end; p++) {
        const size_t j = at[p].j;
        /* Two ahead of this link and, as a pair below takes two, of the
         * next. */
        for (size_t a = p + 2; ask && a < end && a <= p + 3; a++)
            fetched = ask_detour(s, a, fetched);
        /* With no intermediary every detour weighs exactly 0, and the
         * sum is the one route by route (no row needed). */
        if (s->n_via == 0) {
            sum[p] = 0;
            s->pen_how[p] = SS_ROUTE_EXACT;
            continue;
        }
        /* The next link in another sector of the same pair shares the
         * detour row: over every country, both dot products at once. */
        if (!route_set(s) && p + 1 < end && at[p + 1].j == j) {
            const size_t q[2] = {at[p].q, at[p + 1].q};
            int how[2];
            ss_route_detours_two(ctx, i, j, q, detour_of(s, p), sum + p, how);
            s->pen_how[p] = (unsigned char)how[0];
            s->pen_how[++p] = (unsigned char)how[1];
            continue;
        }
        int how;
        sum[p] = ss_route_detours_in(ctx, route_set(s), i, j, at[p].q, detour_of(s, p), &how);
        s->pen_how[p] = (unsigned char)how;
    }
    finish_routes(s, start, end, scratch);
}

/* The other arrays of the penalised links, written link by link from
 * here on: mapped in where this month has more links than any before. */
static void map_links(ss_sim *s)
{
    void *const base[] = {s->pen_route_w, s->pen_nest_f, s->pen_sent, s->re_link,
                          s->pen_by_j,    s->pen_how,    s->pen_re};
    const size_t size[] = {sizeof *s->pen_route_w, sizeof *s->pen_nest_f, sizeof *s->pen_sent,
                           sizeof *s->re_link,     sizeof *s->pen_by_j,   sizeof *s->pen_how,
                           sizeof *s->pen_re};
    if (s->n_pen > s->mapped_links) {
        map_entries(base, size, sizeof size / sizeof size[0], s->mapped_links, s->n_pen);
        s->mapped_links = s->n_pen;
    }
}

int sim_route_costs(ss_sim *s, ss_diag *diag)
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
    map_links(s);
    build_detours(s);
    ss_route_ctx ctx = route_ctx(s);
    /* By exporter, in any order: each link's results are its own. */
    sim_for(s, n, 4, reroute_from, &ctx);
    s->n_re = 0;
    size_t over = SIZE_MAX;
    for (size_t p = 0; p < s->n_pen; p++) {
        if (s->pen_re[p])
            s->re_link[s->n_re++] = (uint32_t)p;
        /* A total weight beyond the largest double (inf; NaN inside the
         * nest, whose factor takes inf to 0): legs cut so deep that a
         * detour costs a millionth of the road, at a high theta / nest.
         * Its cost would read as a closed link's (a review). */
        if (!(s->pen_route_w[p] <= DBL_MAX) && over == SIZE_MAX)
            over = p;
    }
    if (over == SIZE_MAX)
        return SS_OK;
    const sim_link l = s->pen_at[over];
    return ss_diag_set(diag, SS_ENUMERIC,
                       "the route weights of %s -> %s in sector %s overflow: a detour's legs are "
                       "cut so deep ([links] tables, corridors) that theta / nest = %g weighs it "
                       "beyond the largest double; cut them less, or take a lower theta",
                       s->w->iso3[l.i], s->w->iso3[l.j], s->w->sector[l.q], nest_theta(s->c));
}

/* ---- step 4: shipping, capacity bounds, records ------------------------- */

/* The value delivered through m on penalised link p (i -> j in sector q),
 * what j pays, commission included: its share of the link's flow, less
 * any capacity cut of m. */
double sim_via_value(const ss_sim *s, const ss_route_ctx *ctx, size_t p, size_t m)
{
    const sim_link l = s->pen_at[p];
    return ss_route_via_in(ctx, route_set(s), l.i, l.j, l.q, m, detour_of(s, p),
                           detour_scale(s, p)) *
           s->keep[m * s->k + l.q];
}

void sim_via_values(const ss_sim *s, const ss_route_ctx *ctx, size_t p, double *value)
{
    const sim_link l = s->pen_at[p];
    ss_route_via_row_in(ctx, route_set(s), l.i, l.j, l.q, detour_of(s, p), detour_scale(s, p),
                        value);
    /* keep is 1 but for the sector's cut intermediaries. */
    for (size_t u = s->short_start[l.q]; u < s->short_start[l.q + 1]; u++)
        value[s->short_m[u]] *= s->keep[s->short_m[u] * s->k + l.q];
}

/* Calls fn for every rerouted link this month with the link (i, j,
 * sector) and value[m], the value j pays through each intermediary m of
 * the set (sim_via_values; a route is one with a value above 0, which
 * m = i or j never has). Inlined into each caller, with its fn. */
static inline __attribute__((always_inline)) void
each_rerouted(ss_sim *s, void (*fn)(ss_sim *, size_t, size_t, size_t, const double *))
{
    ss_route_ctx ctx = route_ctx(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r];
        const sim_link l = s->pen_at[p];
        sim_via_values(s, &ctx, p, s->via_value);
        fn(s, l.i, l.j, l.q, s->via_value);
    }
}

/* What enforcer e sees of the routes of link (i, j, sec) in its own
 * customs records: a member's recorded exports to a country (export
 * sanctions) and its recorded imports from it (import sanctions). Each
 * record takes the routes in order, as one route at a time would. */
static void watch(ss_sim *s, size_t e, size_t i, size_t j, size_t sec, const double *value)
{
    const size_t n = s->n, k = s->k;
    const unsigned char dir = s->scope[e * k + sec], *member = s->member + e * n;
    const int out = dir & SS_EXPORT, in = (dir & SS_IMPORT) != 0;
    if (!out && !in)
        return;
    double *watched = s->watched + e * n, at_i = watched[i], at_j = watched[j];
    for (size_t v = 0; v < s->n_via; v++) {
        const size_t m = s->via[v];
        const double val = value[m];
        if (!(val > 0))
            continue;
        const double paid = val / (1 + s->commission[m * k + sec]);
        if (out) {
            if (member[i])
                watched[m] += paid;
            if (member[m])
                at_j += val;
        }
        if (in) {
            if (member[m])
                at_i += paid * (1 - s->c->agent[m].lost_in_transit);
            if (member[j])
                watched[m] += val;
        }
    }
    watched[i] = at_i;
    watched[j] = at_j;
}

/* Block t of sim_ship's sectors, k t / threads to k (t + 1) / threads:
 * the links in those sectors in order, so every sector's sums run as with
 * one thread (sim_for; arg is the month's route context). */
static void ship_sectors(ss_sim *s, size_t t, double *scratch, void *arg)
{
    (void)scratch;
    const ss_route_ctx *ctx = arg;
    const size_t k = s->k, nt = (size_t)s->threads, from = k * t / nt, to = k * (t + 1) / nt;
    const double *fetched = NULL;
    const int ask = asks_ahead(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r];
        const sim_link l = s->pen_at[p];
        if (l.q < from || l.q >= to)
            continue;
        /* The row of the link after next, if it is in this block (with
         * two threads, less often: a pair's links spread over both blocks
         * of sectors). */
        if (ask && r + 2 < s->n_re) {
            const size_t next = s->re_link[r + 2], q = s->pen_at[next].q;
            if (q >= from && q < to)
                fetched = ask_detour(s, next, fetched);
        }
        ss_route_transit_in(ctx, route_set(s), l.i, l.j, l.q, detour_of(s, p), detour_scale(s, p),
                            s->pen_how[p], s->transit_by_sector + l.q * s->n);
    }
}

/* Splits rerouted flows: direct part, transit through each intermediary,
 * and the commission income on it (value * c / (1 + c)). */
void sim_ship(ss_sim *s)
{
    const size_t n = s->n, k = s->k, nk = n * k;
    ss_route_ctx ctx = route_ctx(s);
    memset(s->transit_by_sector, 0, nk * sizeof(double));
    /* First the flows alone: a loop of independent loads, scattered over x,
     * whose cache misses overlap. */
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r];
        s->pen_sent[p] = s->x[s->pen_idx[p]];
    }
    /* A block of sectors a thread. */
    sim_for(s, (size_t)s->threads, 0, ship_sectors, &ctx);
    for (size_t m = 0; m < n; m++)
        for (size_t q = 0; q < k; q++) {
            double v = s->transit_by_sector[q * n + m];
            /* No rounding residue below 0; a NaN stays one, for the month's
             * checks to stop on (it read as no transit: a hunt). */
            s->transit[m * k + q] = isnan(v) || v > 0 ? v : 0;
        }
}

/* The commissions on link (i, j, sec)'s routes, paid by its origin
 * (value * c / (1 + c) each, in order). */
static void pay(ss_sim *s, size_t i, size_t j, size_t sec, const double *value)
{
    (void)j;
    const size_t k = s->k;
    double paid = s->paid_out[i * k + sec];
    for (size_t v = 0; v < s->n_via; v++) {
        const size_t m = s->via[v];
        const double c = s->commission[m * k + sec];
        if (value[m] > 0)
            paid += value[m] * c / (1 + c);
    }
    s->paid_out[i * k + sec] = paid;
}

/* A link's commissions paid, and what each enforcer sees of its routes. */
static void settle(ss_sim *s, size_t i, size_t j, size_t sec, const double *value)
{
    pay(s, i, j, sec, value);
    for (size_t e = 0; e < s->ne; e++)
        watch(s, e, i, j, sec, value);
}

/* What follows from the month's routes: commission income, what the
 * enforcers see, and the commissions each origin paid in the same walk
 * over the routes when the enforcers need one (else sim_paid walks them
 * when the incomes are asked for); recorded statistics to be rebuilt.
 * Both walks give the same sums because nothing they read (commissions,
 * fees, rationing, route weights, the flows sent) changes between here
 * and the next step's start, where set_commissions moves them. */
void sim_settle(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    for (size_t mq = 0; mq < n * k; mq++)
        s->income[mq] = s->transit[mq] * s->commission[mq] / (1 + s->commission[mq]);
    memset(s->watched, 0, s->ne * n * sizeof(double));
    memset(s->paid_out, 0, n * k * sizeof(double));
    if (s->ne)
        each_rerouted(s, settle);
    s->paid_ready = s->ne > 0;
    s->direct_ready = s->recorded = 0;
    s->incomes_ready = 0;
}

void sim_paid(ss_sim *s)
{
    if (s->paid_ready)
        return;
    if (s->t > 0)
        each_rerouted(s, pay);
    s->paid_ready = 1;
}

/* Capacity bounds (agents with capacity_bound, and every bulk sector).
 * What shippers would send through each m unrationed (to first order,
 * transit / rationing factor) is kept in `desired`, and capacity grows
 * toward it. Where this month's transit exceeds the capacity of an m whose
 * capacity binds, each route through m delivers only keep = capacity /
 * transit of its share; the rest is not delivered, and the link's flow
 * falls by it. m's rationing factor, which scales its route weight next
 * month, moves by (capacity / transit)^(price_speed * nest) (at most 1), so
 * demand turns to other routes and origins. */
void sim_bind_capacity(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    int short_of = 0;
    for (size_t mq = 0; mq < n * k; mq++) {
        const double v = s->transit[mq], q = s->capacity[mq];
        const int bound = s->c->agent[mq / k].capacity_bound || s->bulk[mq % k];
        if (!bound) /* this month's fees took it as 1 (sim_set_fees) */
            s->ration[mq] = 1;
        /* Shippers held back by this month's rationing count as wanting to
         * ship: to first order, transit grows in proportion to the weight. */
        s->desired[mq] = s->ration[mq] > 0 ? v / s->ration[mq] : v;
        s->keep[mq] = 1;
        if (!bound)
            continue;
        if (v > q) {
            s->keep[mq] = q / v;
            short_of = 1;
        }
        /* In logs, part of the way (price_speed) toward capacity / transit,
         * as the commission moves toward its target; times the nest, since
         * inside it a route's weight moves with the factor to the power 1 /
         * nest (a full step overshoots, and transit alternates month by
         * month, when the nest is narrow). Without transit the factor
         * goes back to 1, unless it was rationed to 0 (no capacity: (0 /
         * v)^speed), where it stays: the limit of a capacity near 0, whose
         * factor climbs back from near 0 over many months (it went back to
         * 1, and no capacity carried more than the least: a helper's
         * hunt). */
        const double speed = s->c->agent[mq / k].price_speed * s->c->nest;
        s->ration[mq] = v > 0               ? fmin(1, s->ration[mq] * pow(q / v, speed))
                        : s->ration[mq] > 0 ? 1
                                            : 0;
    }
    /* The cut intermediaries of each sector, so that a link looks only at
     * those (here and in sim_via_values). */
    size_t count = 0;
    for (size_t q = 0; q < k; q++) {
        s->short_start[q] = count;
        for (size_t m = 0; m < n && short_of; m++)
            if (s->keep[m * k + q] < 1)
                s->short_m[count++] = m;
    }
    s->short_start[k] = count;
    if (!short_of)
        return;
    ss_route_ctx ctx = route_ctx(s);
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r], idx = s->pen_idx[p];
        const sim_link l = s->pen_at[p];
        const size_t from = s->short_start[l.q], to = s->short_start[l.q + 1];
        double cut = 0;
        if (from < to) { /* the link's routes only where its sector has a cut */
            const double *detour = detour_of(s, p), scale = detour_scale(s, p);
            for (size_t u = from; u < to; u++) {
                const size_t m = s->short_m[u];
                cut += ss_route_via_in(&ctx, route_set(s), l.i, l.j, l.q, m, detour, scale) *
                       (1 - s->keep[m * k + l.q]);
            }
        }
        s->x[idx] = fmax(0, s->x[idx] - cut);
    }
    for (size_t mq = 0; mq < n * k; mq++)
        s->transit[mq] *= s->keep[mq];
}

/* Recorded statistics (docs/model.md section 11) of link (i, j, sec)'s
 * routes: m records an import of what it paid, less goods lost in
 * transit; both legs are exports of their origin. */
static void record(ss_sim *s, size_t i, size_t j, size_t sec, const double *value)
{
    const size_t n = s->n, k = s->k;
    for (size_t v = 0; v < s->n_via; v++) {
        const size_t m = s->via[v];
        if (!(value[m] > 0))
            continue;
        const double paid = value[m] / (1 + s->commission[m * k + sec]);
        s->rx[(i * n + m) * k + sec] += paid;
        s->rm[(i * n + m) * k + sec] += paid * (1 - s->c->agent[m].lost_in_transit);
        s->rx[(m * n + j) * k + sec] += value[m];
        s->rm[(m * n + j) * k + sec] += value[m];
    }
}

/* Built on demand: each flow as demand left it, except the rerouted
 * links' direct part, their flow before capacity cuts times the direct
 * road's share of their routes' weight. */
void sim_direct(ss_sim *s)
{
    if (s->direct_ready)
        return;
    memcpy(s->direct, s->x, s->len * sizeof(double));
    for (size_t r = 0; r < s->n_re; r++) {
        const size_t p = s->re_link[r];
        s->direct[s->pen_idx[p]] = s->pen_sent[p] * s->pen_direct[p] / s->pen_route_w[p];
    }
    s->direct_ready = 1;
}

/* Built on demand: the step itself needs only the enforcers' sums. */
void sim_record(ss_sim *s)
{
    if (s->recorded)
        return;
    sim_direct(s);
    memcpy(s->rx, s->direct, s->len * sizeof(double));
    memcpy(s->rm, s->direct, s->len * sizeof(double));
    if (s->t > 0)
        each_rerouted(s, record);
    s->recorded = 1;
}
