/* Route choice through intermediaries. A link's detours are summed as the
 * dot product of the detour factors and the intermediaries' fees (both
 * contiguous), plus a correction for each leg that is penalised or closed:
 * with 5 % of links banned that is about twenty corrections against two
 * hundred intermediaries, and it keeps the loop out of scattered memory. */
#include "route.h"
#include "powrow.h"
#include "simd.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* How many entries a detour row has, the country of entry v, and the
 * entry of country m (SIZE_MAX for a country that is no intermediary). */
static size_t row_len(const ss_route_ctx *r, const ss_route_set *h)
{
    return h ? h->n : r->n;
}

static size_t country_at(const ss_route_set *h, size_t v)
{
    return h ? h->m[v] : v;
}

static size_t entry_of(const ss_route_set *h, size_t m)
{
    return h ? h->pos[m] : m;
}

/* Sector s's fees in detour-row order. */
static const double *fee_row(const ss_route_ctx *r, const ss_route_set *h, size_t s)
{
    return h ? h->fee + s * h->n : r->fee_by_sector + s * r->n;
}

/* w when c is 1, else 1: a select of bits, not a branch (which list is
 * behind is a coin toss that a branch predictor loses half the time). */
static inline double pick(int c, double w)
{
    const double one = 1;
    uint64_t a, b;
    memcpy(&a, &w, sizeof a);
    memcpy(&b, &one, sizeof b);
    const uint64_t mask = (uint64_t)0 - (uint64_t)c;
    a = (a & mask) | (b & ~mask);
    double out;
    memcpy(&out, &a, sizeof out);
    return out;
}

/* Calls BODY with `m`, its entry `v`, its legs' weights `leg_o` and `leg_i`
 * and `delta` = (leg_out * leg_in - 1) * g * fee for every intermediary
 * with an unusual leg, merging the two sorted lists in increasing m so
 * that a detour unusual on both legs counts once. While both lists last,
 * each turn loads both heads and selects (no branch on which list is
 * behind: that branch is taken at random), and sets `shared` to 1 where
 * they hold the same m; then the rest of either list. With `apart` (the
 * lists known to share no m) it walks one list and then the other, in
 * two loops with no chain of loads from turn to turn: the same calls,
 * each m's once, in another order. A country that is no intermediary of
 * the set has no entry, and is skipped (its delta would be exactly 0). */
#define UNUSUAL_BODY(h, detour, fee, m_of, lo_of, li_of, BODY)                                     \
    do {                                                                                           \
        const size_t m = (m_of), v = entry_of(h, m);                                               \
        if (v != SIZE_MAX) {                                                                       \
            const double leg_o = (lo_of), leg_i = (li_of);                                         \
            const double delta = (leg_o * leg_i - 1) * ((detour)[v] * (fee)[v]);                   \
            (void)delta;                                                                           \
            BODY;                                                                                  \
        }                                                                                          \
    } while (0)
#define EACH_UNUSUAL(r, h, i, j, s, detour, fee, apart, shared, BODY)                              \
    do {                                                                                           \
        const size_t ro_ = (i) * (r)->k + (s), ri_ = (j) * (r)->k + (s);                           \
        size_t a_ = (r)->out_start[ro_], b_ = (r)->in_start[ri_];                                  \
        const size_t a_end_ = (r)->out_start[ro_ + 1], b_end_ = (r)->in_start[ri_ + 1];            \
        while (!(apart) && a_ < a_end_ && b_ < b_end_) {                                           \
            const size_t ma_ = (r)->out_m[a_], mb_ = (r)->in_m[b_];                                \
            const int ta_ = ma_ <= mb_, tb_ = mb_ <= ma_;                                          \
            (shared) |= ta_ & tb_;                                                                 \
            const size_t m_ = ta_ ? ma_ : mb_;                                                     \
            const double lo_ = pick(ta_, (r)->out_w[a_]), li_ = pick(tb_, (r)->in_w[b_]);          \
            a_ += (size_t)ta_;                                                                     \
            b_ += (size_t)tb_;                                                                     \
            UNUSUAL_BODY(h, detour, fee, m_, lo_, li_, BODY);                                      \
        }                                                                                          \
        for (; a_ < a_end_; a_++)                                                                  \
            UNUSUAL_BODY(h, detour, fee, (r)->out_m[a_], (r)->out_w[a_], 1.0, BODY);               \
        for (; b_ < b_end_; b_++)                                                                  \
            UNUSUAL_BODY(h, detour, fee, (r)->in_m[b_], 1.0, (r)->in_w[b_], BODY);                 \
    } while (0)

/* EACH_UNUSUAL over the lists of a set or, without one (NULL spelled out
 * for the compiler), of every country, whose entries need no test. A set
 * with rows of its legs (route.h) is walked by the callers instead. */
#define EACH_LISTED(r, h, i, j, s, detour, fee, apart, shared, BODY)                               \
    do {                                                                                           \
        if (h)                                                                                     \
            EACH_UNUSUAL(r, h, i, j, s, detour, fee, apart, shared, BODY);                         \
        else                                                                                       \
            EACH_UNUSUAL(r, (const ss_route_set *)NULL, i, j, s, detour, fee, apart, shared,       \
                         BODY);                                                                    \
    } while (0)

/* Row a*k + s of a set's legs (out or in). */
static const double *set_row(const ss_route_ctx *r, const ss_route_set *h, const double *legs,
                             size_t a, size_t s)
{
    return legs + (a * r->k + s) * h->n;
}

/* The two dense loops of a link's route sums, written with GCC's vector
 * extension (simd.h): four lanes at once, the same results bit for bit
 * as the scalar operations. */
/* out[m] += scale * (a[m] * b[m]). */
SS_CLONES static void axpy_product(size_t n, double scale, const double *restrict a,
                                   const double *restrict b, double *restrict out)
{
    size_t m = 0;
    const ss_v4 sc = {scale, scale, scale, scale};
    for (; m + 4 <= n; m += 4) {
        ss_v4 o, x, y;
        memcpy(&o, out + m, sizeof o);
        memcpy(&x, a + m, sizeof x);
        memcpy(&y, b + m, sizeof y);
        o += sc * (x * y);
        memcpy(out + m, &o, sizeof o);
    }
    for (; m < n; m++)
        out[m] += scale * (a[m] * b[m]);
}

/* part[u] += a[m] * b[m] for m = u mod 4 up to the last whole four, then
 * part[0] for the rest. */
SS_CLONES static void dot4(size_t n, const double *restrict a, const double *restrict b,
                           double part[4])
{
    ss_v4 acc;
    memcpy(&acc, part, sizeof acc);
    size_t at = 0;
    for (; at + 4 <= n; at += 4) {
        ss_v4 x, y;
        memcpy(&x, a + at, sizeof x);
        memcpy(&y, b + at, sizeof y);
        acc += x * y;
    }
    memcpy(part, &acc, sizeof acc);
    for (; at < n; at++)
        part[0] += a[at] * b[at];
}

/* dot4 of a with b into part and with c into part2, side by side: two
 * chains of additions that do not wait for each other. */
SS_CLONES static void dot4_two(size_t n, const double *restrict a, const double *restrict b,
                               const double *restrict c, double part[4], double part2[4])
{
    ss_v4 acc, acc2;
    memcpy(&acc, part, sizeof acc);
    memcpy(&acc2, part2, sizeof acc2);
    size_t at = 0;
    for (; at + 4 <= n; at += 4) {
        ss_v4 x, y, z;
        memcpy(&x, a + at, sizeof x);
        memcpy(&y, b + at, sizeof y);
        memcpy(&z, c + at, sizeof z);
        acc += x * y;
        acc2 += x * z;
    }
    memcpy(part, &acc, sizeof acc);
    memcpy(part2, &acc2, sizeof acc2);
    for (; at < n; at++) {
        part[0] += a[at] * b[at];
        part2[0] += a[at] * c[at];
    }
}

/* Below this fraction of the plain dot product, the corrected sum has lost
 * too many digits to cancellation (every detour nearly closed), and the
 * sum is taken route by route instead. */
#define SS_ROUTE_EXACT_BELOW 1e-6

/* The weight of a leg from row `row` of a list (1 when not listed). */
static double listed_leg(const size_t *start, const uint32_t *ms, const double *ws, size_t row,
                         size_t m)
{
    size_t lo = start[row], hi = start[row + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ms[mid] < m)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < start[row + 1] && ms[lo] == m ? ws[lo] : 1;
}

/* The weight of the detour through entry v of the row. */
static double weight_via(const ss_route_ctx *r, const ss_route_set *h, size_t i, size_t j, size_t s,
                         size_t v, const double *detour)
{
    const size_t n = r->n, k = r->k, m = country_at(h, v);
    const int rows = h && h->out;
    double out = r->leg_out ? r->leg_out[(i * n + m) * k + s]
                 : rows     ? set_row(r, h, h->out, i, s)[v]
                            : listed_leg(r->out_start, r->out_m, r->out_w, i * k + s, m);
    double in = r->leg_in ? r->leg_in[(j * n + m) * k + s]
                : rows    ? set_row(r, h, h->in, j, s)[v]
                          : listed_leg(r->in_start, r->in_m, r->in_w, j * k + s, m);
    return out * in * r->fee[m * k + s] * detour[v];
}

/* The four partial sums of the dot product of the detour row and sector
 * s's fees. They take m in turn (m mod 4, and the last n mod 4 countries
 * the first); with a set, each intermediary's term goes where it would in
 * the sum over every country, so the sums agree bit for bit. Four partial
 * sums keep the additions independent of each other. */
static inline __attribute__((always_inline)) void plain_parts(const ss_route_ctx *r,
                                                              const ss_route_set *h, size_t s,
                                                              const double *detour, double part[4])
{
    const double *fee = fee_row(r, h, s);
    part[0] = part[1] = part[2] = part[3] = 0;
    if (!h) {
        dot4(r->n, detour, fee, part);
        return;
    }
    const size_t whole = r->n - r->n % 4;
    for (size_t v = 0; v < h->n; v++) {
        const size_t m = h->m[v];
        part[m < whole ? m % 4 : 0] += detour[v] * fee[v];
    }
}

/* The detours' weight of link (i, j, s) from its dot product's partial
 * sums: corrected for the unusual legs, or, when the corrections cancel
 * nearly all of the dot product, summed route by route; *how as
 * ss_route_detours reports it. */
static inline __attribute__((always_inline)) double
from_parts(const ss_route_ctx *r, const ss_route_set *h, size_t i, size_t j, size_t s,
           const double *detour, const double part[4], int *how)
{
    const double *fee = fee_row(r, h, s);
    const double dot = (part[0] + part[1]) + (part[2] + part[3]);
    double sum = dot;
    int shared = 1; /* unknown: the rows are walked, not the lists */
    if (h && h->out) {
        /* Every entry of the set, in increasing m: a usual leg's delta is
         * (1 * 1 - 1) * g * fee, a zero, which leaves the sum as it is. */
        const double *lo = set_row(r, h, h->out, i, s), *li = set_row(r, h, h->in, j, s);
        for (size_t v = 0; v < h->n; v++)
            sum += (lo[v] * li[v] - 1) * (detour[v] * fee[v]);
    } else {
        shared = 0;
        EACH_LISTED(r, h, i, j, s, detour, fee, 0, shared, sum += delta);
    }
    int slow = !(sum > SS_ROUTE_EXACT_BELOW * dot);
    if (how)
        *how = slow ? SS_ROUTE_EXACT : shared ? 0 : SS_ROUTE_APART;
    if (!slow)
        return sum;
    sum = 0;
    for (size_t v = 0; v < row_len(r, h); v++)
        sum += weight_via(r, h, i, j, s, v, detour);
    return sum;
}

double ss_route_detours_in(const ss_route_ctx *r, const ss_route_set *h, size_t i, size_t j,
                           size_t s, const double *detour, int *how)
{
    double part[4];
    plain_parts(r, h, s, detour, part);
    return from_parts(r, h, i, j, s, detour, part, how);
}

void ss_route_detours_two(const ss_route_ctx *r, size_t i, size_t j, const size_t s[2],
                          const double *detour, double sum[2], int how[2])
{
    double part[2][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
    dot4_two(r->n, detour, fee_row(r, NULL, s[0]), fee_row(r, NULL, s[1]), part[0], part[1]);
    for (int u = 0; u < 2; u++)
        sum[u] = from_parts(r, NULL, i, j, s[u], detour, part[u], &how[u]);
}

double ss_route_detours(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                        int *how)
{
    return ss_route_detours_in(r, NULL, i, j, s, detour, how);
}

void ss_route_transit_in(const ss_route_ctx *r, const ss_route_set *h, size_t i, size_t j, size_t s,
                         const double *detour, double scale, int how, double *transit)
{
    if (how & SS_ROUTE_EXACT) {
        for (size_t v = 0; v < row_len(r, h); v++)
            transit[country_at(h, v)] += scale * weight_via(r, h, i, j, s, v, detour);
        return;
    }
    const double *fee = fee_row(r, h, s);
    if (h && h->out) {
        /* One walk over the set's rows: each m's two additions in the
         * order of the walks below (a usual leg's second adds a zero). */
        const double *lo = set_row(r, h, h->out, i, s), *li = set_row(r, h, h->in, j, s);
        for (size_t v = 0; v < h->n; v++) {
            const double plain = detour[v] * fee[v];
            double *at = transit + h->m[v];
            *at += scale * plain;
            *at += scale * ((lo[v] * li[v] - 1) * plain);
        }
        return;
    }
    if (h)
        for (size_t v = 0; v < h->n; v++)
            transit[h->m[v]] += scale * (detour[v] * fee[v]);
    else
        axpy_product(r->n, scale, detour, fee, transit);
    int shared = 0;
    EACH_LISTED(r, h, i, j, s, detour, fee, how & SS_ROUTE_APART, shared,
                transit[m] += scale * delta);
}

void ss_route_transit(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                      double scale, int how, double *transit)
{
    ss_route_transit_in(r, NULL, i, j, s, detour, scale, how, transit);
}

double ss_route_via_in(const ss_route_ctx *r, const ss_route_set *h, size_t i, size_t j, size_t s,
                       size_t m, const double *detour, double scale)
{
    const size_t v = entry_of(h, m);
    return v == SIZE_MAX ? 0 : weight_via(r, h, i, j, s, v, detour) * scale;
}

void ss_route_via_row_in(const ss_route_ctx *r, const ss_route_set *h, size_t i, size_t j, size_t s,
                         const double *detour, double scale, double *value)
{
    if (r->leg_out || r->leg_in) {
        for (size_t v = 0; v < row_len(r, h); v++)
            value[country_at(h, v)] = weight_via(r, h, i, j, s, v, detour) * scale;
        return;
    }
    /* Each value is leg_out * leg_in * fee * detour * scale: with both legs
     * 1, exactly fee * detour * scale (1 * 1 * fee is fee, so a set's rows
     * take every entry that way); else the few with an unusual leg after
     * the rest. */
    const double *fee = fee_row(r, h, s);
    if (h && h->out) {
        const double *lo = set_row(r, h, h->out, i, s), *li = set_row(r, h, h->in, j, s);
        for (size_t v = 0; v < h->n; v++)
            value[h->m[v]] = lo[v] * li[v] * fee[v] * detour[v] * scale;
        return;
    }
    for (size_t v = 0; v < row_len(r, h); v++)
        value[country_at(h, v)] = fee[v] * detour[v] * scale;
    int shared = 0;
    EACH_LISTED(r, h, i, j, s, detour, fee, 0, shared,
                value[m] = leg_o * leg_i * fee[v] * detour[v] * scale);
}

double ss_route_via(const ss_route_ctx *r, size_t i, size_t j, size_t s, size_t m,
                    const double *detour, double scale)
{
    return ss_route_via_in(r, NULL, i, j, s, m, detour, scale);
}

void ss_route_costs(size_t n, const double *weight, const double *detours, double theta,
                    double *cost)
{
    for (size_t q = 0; q < n; q++)
        cost[q] = weight[q] > 0 ? weight[q] / (1 + detours[q]) : 1;
    ss_pow_row(n, cost, -1.0 / theta, cost);
    for (size_t q = 0; q < n; q++)
        if (!(weight[q] > 0))
            cost[q] = INFINITY;
}

double ss_route_cost(double weight, double detours, double theta)
{
    double cost;
    ss_route_costs(1, &weight, &detours, theta, &cost);
    return cost;
}
