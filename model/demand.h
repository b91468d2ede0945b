/* Demand (MODEL.md section 4): each importer's CES spending across origins,
 * home included, and its price index. Weights are the baseline flows in
 * USD (not shares), so that with every cost at 1 the target flow equals
 * the baseline bit for bit: X* = w * C^(1-sigma) * (E / sum of w C^(1-sigma)).
 * sigma == 1 is the Cobb-Douglas limit: spending shares stay fixed among
 * the origins that can still deliver.
 * Invariant: an origin with no open route (C = INFINITY) gets nothing. */
#ifndef SS_DEMAND_H
#define SS_DEMAND_H

#include <math.h>
#include <stddef.h>

/* C^(1-sigma), 0 for a closed link; 1 for any open link when sigma == 1.
 * Inline: it runs once per link and sector every month. */
static inline double ss_demand_weight(double cost, double sigma)
{
    if (!isfinite(cost))
        return 0;
    if (sigma == 1 || cost == 1)
        return 1;
    return pow(cost, 1 - sigma);
}

/* The price index P from the importer's baseline expenditure e0, its
 * current sum of w * C^(1-sigma) (`index`), and for sigma == 1 the sum of
 * w * ln C over open origins (`logsum`). P = 1 at the baseline. Returns
 * INFINITY when nothing can be delivered. */
double ss_demand_price(double sigma, double e0, double index, double logsum);

#endif
