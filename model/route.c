/* Route choice through intermediaries. The work is a sum over candidate
 * intermediaries for every penalised link, so the loops run pair by pair
 * (all sectors of a link are contiguous) and touch only the sectors that
 * are penalised. */
#include "route.h"

#include <math.h>

void ss_route_sum(const ss_route_ctx *r, size_t i, size_t j, const double *detour,
                  const size_t *sectors, size_t ns, double *sum)
{
    const size_t n = r->n, k = r->k;
    for (size_t v = 0; v < r->n_via; v++) {
        size_t m = r->via[v];
        double g = detour[m];
        if (g == 0)
            continue;
        const double *out = r->leg_out + (i * n + m) * k;
        const double *in = r->leg_in + (j * n + m) * k;
        const double *fee = r->fee + m * k;
        for (size_t q = 0; q < ns; q++) {
            size_t s = sectors[q];
            sum[q] += out[s] * in[s] * fee[s] * g;
        }
    }
}

void ss_route_split(const ss_route_ctx *r, size_t i, size_t j, const double *detour,
                    const size_t *sectors, size_t ns, const double *scale, double *out)
{
    const size_t n = r->n, k = r->k;
    for (size_t v = 0; v < r->n_via; v++) {
        size_t m = r->via[v];
        double g = detour[m];
        const double *lo = r->leg_out + (i * n + m) * k;
        const double *li = r->leg_in + (j * n + m) * k;
        const double *fee = r->fee + m * k;
        for (size_t q = 0; q < ns; q++) {
            size_t s = sectors[q];
            out[m * ns + q] = lo[s] * li[s] * fee[s] * g * scale[q];
        }
    }
}

double ss_route_cost(double weight, double detours, double theta)
{
    return weight > 0 ? pow(weight / (1 + detours), -1.0 / theta) : INFINITY;
}
