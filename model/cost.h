/* Link costs (docs/model.md section 4): the direct cost multiplier of each link
 * from the measures in force, and the logistics cost of a detour.
 * Invariant: every multiplier is > 0 (below 1 only where a [links] table
 * cuts a cost) or INFINITY (a ban), and a country never sanctions its own
 * domestic sales. */
#ifndef SS_COST_H
#define SS_COST_H

#include "config.h"
#include "simd.h"

#include <string.h>

/* 1 when something dated from start through end (both included; end < 0:
 * to the end of the run) is in force in month t. */
int ss_cost_active(long start, long end, long t);

/* 1 when measure m is in force in month t. */
int ss_cost_in_force(const ss_measure *m, long t);
/* flag[i] (n flags) = 1 for each target of a measure that answers none
 * (ss_measure's `answers`) and is in force at month t, of every such
 * measure whatever its dates when t < 0: the targets the reports speak
 * of, "the target"; else 0. */
void ss_cost_targets(const ss_config *c, size_t n, long t, char *flag);

/* Multiplies the direct cost d (n * n * k, pair-major) of every link the
 * measure covers by (1 + rate), or sets it to INFINITY for a ban, and marks
 * in sanctions (n * n * k) that each `by` member sanctions each target in
 * the measure's sectors. */
void ss_cost_apply(const ss_measure *m, size_t n, size_t k, double *d, unsigned char *sanctions);

/* For a measure not evaded by a detour (evasion = payment or none):
 * multiplies `fixed` (n * n * k), the factor every route of a link pays,
 * by (1 + rate), INFINITY for a ban; a payment measure costs at most
 * (1 + payment_fee), the fee of a payment agent. */
void ss_cost_apply_fixed(const ss_measure *m, size_t n, size_t k, double payment_fee,
                         double *fixed);

/* Multiplies the direct cost of every link in the table by (1 + change). */
void ss_cost_apply_links(const ss_links *l, size_t n, size_t k, double *d);

/* The detour factors g of docs/model.md section 3 for four routes
 * i -> m -> j at once, from each route's distances i -> m and m -> j and
 * the direct distance, in km. A zero direct distance adds nothing. Lane
 * by lane the scalar operations (simd.h): the first month computes one for
 * every pair and intermediary. */
static inline __attribute__((always_inline)) void ss_cost_detour4(const double d_im[4],
                                                                  const double d_mj[4], double d_ij,
                                                                  double detour_cost, double g[4])
{
    ss_v4 a, b, out = SS_SPLAT(1.0);
    memcpy(&a, d_im, sizeof a);
    memcpy(&b, d_mj, sizeof b);
    if (detour_cost != 0 && d_ij > 0) {
        const ss_v4 extra = (a + b - SS_SPLAT(d_ij)) / SS_SPLAT(d_ij);
        /* The triangle inequality makes extra >= 0 for great-circle
         * distances; other distance measures may break it slightly, and a
         * detour is never cheaper than the direct road. */
        const ss_u4 longer = (ss_u4)(extra > SS_SPLAT(0));
        out = SS_SPLAT(1.0) + SS_SPLAT(detour_cost) * SS_PICK(longer, extra, SS_SPLAT(0));
    }
    memcpy(g, &out, sizeof out);
}

/* The same for one route. */
static inline double ss_cost_detour(double d_im, double d_mj, double d_ij, double detour_cost)
{
    const double a[4] = {d_im}, b[4] = {d_mj};
    double g[4];
    ss_cost_detour4(a, b, d_ij, detour_cost, g);
    return g[0];
}

#endif
