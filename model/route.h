/* Route choice (MODEL.md section 3): shippers on a penalised link choose
 * between the direct road and detours through intermediaries, with
 * Frechet/logit dispersion theta. Each route r enters through its weight
 * cost_r^(-theta) and carries the share weight_r / (sum of weights).
 * The effective link cost is that sum relative to the same sum with the
 * direct road back at its baseline cost 1:
 * C = ((d^-theta + S) / (1 + S))^(-1/theta), S the detours' weight. So C
 * equals d when no detour is open, is continuous in d, never falls below 1
 * under a penalty or ban, and rises as detours get dearer; README.md
 * ("Model notes") explains why this departs from MODEL.md's plain sum.
 * Invariant: a closed route has weight 0; C is INFINITY when every route of
 * the link is closed. */
#ifndef SS_ROUTE_H
#define SS_ROUTE_H

#include <stddef.h>

/* The arrays one month's route choice reads. Legs and fees are already
 * raised to -theta, so the inner loop only multiplies. */
typedef struct ss_route_ctx {
    size_t n, k;
    const double *leg_out; /* n*n*k: d[i][m][s]^-theta, 0 for a ban */
    /* n*n*k, importer-major so that the detours into one importer are
     * contiguous: leg_in[(j*n + m)*k + s] = d[m][j][s]^-theta, 0 when m may
     * not ship to j. */
    const double *leg_in;
    const double *fee;     /* n*k: (1 + c[m][s])^-theta */
    const size_t *via;     /* candidate intermediaries, world order */
    size_t n_via;
} ss_route_ctx;

/* detour[m] is g[i][m][j]^-theta for the pair, 0 where m is i or j.
 * Adds to sum[q] the weight of every detour of link (i, j, sectors[q]). */
void ss_route_sum(const ss_route_ctx *r, size_t i, size_t j, const double *detour,
                  const size_t *sectors, size_t ns, double *sum);

/* Splits the flows of link (i, j, sectors[q]) across detours: scale[q] is
 * flow / total weight, and out[m * ns + q] receives the value through m. */
void ss_route_split(const ss_route_ctx *r, size_t i, size_t j, const double *detour,
                    const size_t *sectors, size_t ns, const double *scale, double *out);

/* C from the total weight of a link's routes (direct included) and the
 * detours' part of it. */
double ss_route_cost(double weight, double detours, double theta);

#endif
