/* Demand (docs/model.md section 5): each importer's CES spending across origins,
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

/* C^(1-sigma) from expo = 1 - sigma: 0 for a closed link; exactly 1 for
 * an open link when sigma == 1 (expo == 0) or C == 1. Inline: it runs once
 * per link and sector every month. */
static inline double ss_demand_weight_expo(double cost, double expo)
{
    if (!isfinite(cost))
        return 0;
    if (expo == 0 || cost == 1)
        return 1;
    return pow(cost, expo);
}

/* ss_demand_weight_expo of a row of k links, expo[q] = 1 - sigma of link q's
 * sector, with C^(1-sigma) from ss_vpow: the same special values (0 for
 * a closed link, exactly 1 for C = 1 or sigma = 1), other values within a
 * few units of the last digit of pow's. The form used when mark-ups are
 * on (docs/model.md, "Mark-ups"), where every foreign link's cost moves;
 * with them off pow keeps the outputs of the model without them. */
void ss_demand_weights_vpow(size_t k, const double *cost, const double *expo, double *out);

/* The price index P from the importer's baseline expenditure e0, its
 * current sum of w * C^(1-sigma) (`index`), and for sigma == 1 the sum of
 * w * ln C over open origins (`logsum`). P = 1 at the baseline. Returns
 * INFINITY when nothing can be delivered. */
double ss_demand_price(double sigma, double e0, double index, double logsum);

/* The smallest perceived elasticity a mark-up is taken at (a mark-up of at
 * most 200 %): a supplier with the whole market and full conduct would
 * otherwise face an elasticity of 1 and an infinite mark-up. */
#define SS_DEMAND_MIN_ELASTICITY 1.5

/* The elasticity a supplier with `share` of its market perceives in
 * Atkeson-Burstein competition, e = sigma - kappa * (sigma - 1) * share, at
 * least SS_DEMAND_MIN_ELASTICITY; kappa = 0 gives sigma whatever the share.
 * Inline, with a select the compiler vectorises: it runs once per foreign
 * link every month. */
static inline double ss_demand_elasticity(double sigma, double kappa, double share)
{
    const double e = sigma - kappa * (sigma - 1) * share;
    return e < SS_DEMAND_MIN_ELASTICITY ? SS_DEMAND_MIN_ELASTICITY : e;
}

/* The mark-up e / (e - 1) at a perceived elasticity e > 1. */
static inline double ss_demand_markup_at(double e)
{
    return e / (e - 1);
}

/* The Atkeson-Burstein mark-up of a supplier with `share` of its market;
 * kappa = 0 gives the CES mark-up sigma / (sigma - 1). sigma > 1. */
static inline double ss_demand_markup(double sigma, double kappa, double share)
{
    return ss_demand_markup_at(ss_demand_elasticity(sigma, kappa, share));
}

#endif
