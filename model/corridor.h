/* Corridors and conditional market access (docs/model.md section 3c): which
 * links a corridor covers, how much of its cut applies (its capacity), and
 * whether a country still holds the offer. Pure.
 * Invariant: a corridor only cuts costs (change in [-0.5, 0]); with no
 * corridor, or change = 0, every cost stays as it was, bit for bit. */
#ifndef SS_CORRIDOR_H
#define SS_CORRIDOR_H

#include "config.h"

/* Calls fn(ctx, i, j) once for every link (origin i, destination j, i !=
 * j) the corridor covers, in order of `from`, then `to`, export before
 * import: a link between two countries that are both in from and to is
 * covered once. */
void ss_corridor_each(const ss_corridor *r, void (*fn)(void *, size_t, size_t), void *ctx);

/* The corridor's flow: the sum of x (n * n * k) over the links and
 * sectors it covers; with `only` < n, over the links of which country
 * `only` is one end. */
double ss_corridor_flow(const ss_corridor *r, size_t n, size_t k, const double *x, size_t only);

/* The share of the cut that applies in month t (t >= start) when the
 * corridor carried `flow` last month: 1 without a capacity, else
 * min(1, capacity (1 + growth)^(t - start) / flow). */
double ss_corridor_capacity_share(const ss_corridor *r, long t, double flow);

/* Whether country m holds the offer in month t (a share in [0, 1]; 1 for a
 * country outside `offer` or an unconditional corridor). caught: m's
 * `caught` (0 or 1, or a probability in expected mode) for months 1 to
 * t - 1 (caught[tau] for month tau); transit_share: m's transit last month
 * over its baseline imports. Under condition caught the share is
 * prod over the last `memory` months of (1 - caught); under condition
 * transit it is 1 while transit_share <= threshold, else 0. */
double ss_corridor_held(const ss_corridor *r, size_t m, long t, const double *caught,
                        double transit_share);

/* Multiplies the direct cost d (n * n * k) of every covered link (i, j)
 * in the corridor's sectors by 1 + change * share * held[i] * held[j]. */
void ss_corridor_apply(const ss_corridor *r, size_t n, size_t k, double share, const double *held,
                       double *d);

#endif
