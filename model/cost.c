/* Link costs: measures in force, their effect on direct links, and detours.
 * Measures stack multiplicatively; a ban closes the direct route. */
#include "cost.h"

#include <math.h>

int ss_cost_active(long start, long end, long t)
{
    return t >= start && (end < 0 || t <= end);
}

int ss_cost_in_force(const ss_measure *m, long t)
{
    return ss_cost_active(m->start, m->end, t);
}

void ss_cost_targets(const ss_config *c, size_t n, long t, char *flag)
{
    memset(flag, 0, n);
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        const int counts = !m->answers && (t < 0 || ss_cost_in_force(m, t));
        for (size_t q = 0; counts && q < m->target.len; q++)
            flag[m->target.at[q]] = 1;
    }
}

static void hit(double *d, double factor, int ban)
{
    if (ban)
        *d = INFINITY;
    else
        *d *= factor;
}

/* Multiplies d on every link m covers by factor (INFINITY closes it),
 * once: where by and target share countries (a group in target that
 * gained members of by), the link t -> b of a sanction in both directions
 * is also the export of the pair (t, b), and is hit there. */
static void cover(const ss_measure *m, size_t n, size_t k, double factor, double *d,
                  unsigned char *sanctions)
{
    const int ban = factor == INFINITY;
    for (size_t a = 0; a < m->by.len; a++) {
        size_t b = m->by.at[a];
        for (size_t q = 0; q < m->target.len; q++) {
            size_t t = m->target.at[q];
            if (b == t)
                continue;
            const int import =
                m->direction & SS_IMPORT &&
                !(m->direction & SS_EXPORT && ss_set_has(&m->by, t) && ss_set_has(&m->target, b));
            for (size_t r = 0; r < m->sectors.len; r++) {
                size_t s = m->sectors.at[r];
                if (m->direction & SS_EXPORT)
                    hit(&d[(b * n + t) * k + s], factor, ban);
                if (import)
                    hit(&d[(t * n + b) * k + s], factor, ban);
                if (sanctions)
                    sanctions[(b * n + t) * k + s] = 1;
            }
        }
    }
}

void ss_cost_apply(const ss_measure *m, size_t n, size_t k, double *d, unsigned char *sanctions)
{
    cover(m, n, k, m->kind == SS_BAN ? INFINITY : 1.0 + m->rate, d, sanctions);
}

void ss_cost_apply_fixed(const ss_measure *m, size_t n, size_t k, double payment_fee, double *fixed)
{
    double factor = m->kind == SS_BAN ? INFINITY : 1.0 + m->rate;
    if (m->evasion == SS_EVADE_PAYMENT && factor > 1.0 + payment_fee)
        factor = 1.0 + payment_fee;
    cover(m, n, k, factor, fixed, NULL);
}

void ss_cost_apply_links(const ss_links *l, size_t n, size_t k, double *d)
{
    for (size_t q = 0; q < l->len; q++)
        d[(l->from[q] * n + l->to[q]) * k + l->sector[q]] *= 1 + l->change[q];
}
