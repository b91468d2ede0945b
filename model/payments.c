/* Payment networks (see payments.h and docs/model.md section 3d). */
#include "payments.h"
#include "cost.h"

int ss_payments_shared(const ss_config *c, size_t i, size_t j, long t)
{
    for (size_t q = 0; q < c->n_networks; q++) {
        const ss_network *p = &c->network[q];
        if (ss_cost_active(p->start, p->end, t) && ss_set_has(&p->members, i) &&
            ss_set_has(&p->members, j))
            return 1;
    }
    return 0;
}

double ss_payments_factor(const ss_config *c)
{
    const double cost = c->settlement_cost < c->payment_fee ? c->settlement_cost : c->payment_fee;
    return 1 + cost;
}

int ss_payments_apply(const ss_config *c, long t, double *fixed)
{
    if (c->n_networks == 0)
        return 0;
    const size_t n = c->n, k = c->k;
    const double factor = ss_payments_factor(c);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j || ss_payments_shared(c, i, j, t))
                continue;
            for (size_t s = 0; s < k; s++)
                fixed[(i * n + j) * k + s] *= factor;
        }
    return 1;
}
