/* Corridors and conditional market access (see corridor.h and
 * docs/model.md section 3c). */
#include "corridor.h"

#include <math.h>

void ss_corridor_each(const ss_corridor *r, void (*fn)(void *, size_t, size_t), void *ctx)
{
    for (size_t a = 0; a < r->from.len; a++)
        for (size_t b = 0; b < r->to.len; b++) {
            const size_t i = r->from.at[a], j = r->to.at[b];
            if (i == j)
                continue;
            if (r->direction & SS_EXPORT)
                fn(ctx, i, j);
            /* Where from and to share countries (a group that gained
             * members), (j, i) comes again as an export: once. */
            if (r->direction & SS_IMPORT &&
                !(r->direction & SS_EXPORT && ss_set_has(&r->from, j) && ss_set_has(&r->to, i)))
                fn(ctx, j, i);
        }
}

typedef struct flow_ctx {
    const ss_corridor *r;
    size_t n, k, only;
    const double *x;
    double *d, sum, share;
    const double *held;
} flow_ctx;

static void add_flow(void *p, size_t i, size_t j)
{
    flow_ctx *c = p;
    if (c->only < c->n && i != c->only && j != c->only)
        return;
    for (size_t q = 0; q < c->r->sectors.len; q++)
        c->sum += c->x[(i * c->n + j) * c->k + c->r->sectors.at[q]];
}

double ss_corridor_flow(const ss_corridor *r, size_t n, size_t k, const double *x, size_t only)
{
    flow_ctx c = {.r = r, .n = n, .k = k, .x = x, .only = only};
    ss_corridor_each(r, add_flow, &c);
    return c.sum;
}

double ss_corridor_capacity_share(const ss_corridor *r, long t, double flow)
{
    if (!(r->capacity > 0))
        return 1;
    const double cap = r->capacity * pow(1 + r->growth, (double)(t - r->start));
    return flow > cap ? cap / flow : 1;
}

double ss_corridor_held(const ss_corridor *r, size_t m, long t, const double *caught,
                        double transit_share)
{
    if (r->condition == SS_HOLD_ALWAYS || !ss_set_has(&r->offer, m))
        return 1;
    if (r->condition == SS_HOLD_TRANSIT)
        return transit_share <= r->threshold ? 1 : 0;
    double held = 1;
    for (long tau = t - r->memory; tau < t; tau++)
        if (tau >= 1)
            held *= 1 - caught[tau];
    return held;
}

static void cut(void *p, size_t i, size_t j)
{
    flow_ctx *c = p;
    const double f = 1 + c->r->change * c->share * c->held[i] * c->held[j];
    for (size_t q = 0; q < c->r->sectors.len; q++)
        c->d[(i * c->n + j) * c->k + c->r->sectors.at[q]] *= f;
}

void ss_corridor_apply(const ss_corridor *r, size_t n, size_t k, double share, const double *held,
                       double *d)
{
    flow_ctx c = {.r = r, .n = n, .k = k, .d = d, .share = share, .held = held};
    if (r->change != 0)
        ss_corridor_each(r, cut, &c);
}
