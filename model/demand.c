/* CES demand across origins and its price index. */
#include "demand.h"
#include "vpow.h"

#include <math.h>

double ss_demand_price(double sigma, double e0, double index, double logsum)
{
    if (e0 == 0)
        return 1; /* no spending to price */
    if (!(index > 0))
        return INFINITY; /* nothing can be delivered */
    if (sigma == 1)
        return exp(logsum / index);
    return pow(index / e0, 1 / (1 - sigma));
}

void ss_demand_weights_vpow(size_t k, const double *cost, const double *expo, double *out)
{
    /* A closed link's infinite cost is outside ss_vpow's fast domain:
     * without one there, no link is closed. */
    if (ss_vpow(k, cost, expo, out) == 0)
        return;
    for (size_t q = 0; q < k; q++)
        if (!isfinite(cost[q]))
            out[q] = 0;
}
