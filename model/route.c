/* Route choice through intermediaries. A link's detours are summed as the
 * dot product of the detour factors and the intermediaries' fees (both
 * contiguous), plus a correction for each leg that is penalised or closed:
 * with 5 % of links banned that is about twenty corrections against two
 * hundred intermediaries, and it keeps the loop out of scattered memory. */
#include "route.h"

#include <math.h>
#include <stdint.h>

/* Calls BODY with `m` and `delta` = (leg_out * leg_in - 1) * g * fee for
 * every intermediary with an unusual leg, merging the two sorted lists so
 * that a detour unusual on both legs counts once. */
#define EACH_UNUSUAL(r, i, j, s, detour, fee, BODY)                                                \
    do {                                                                                           \
        const size_t ro_ = (i) * (r)->k + (s), ri_ = (j) * (r)->k + (s);                           \
        size_t a_ = (r)->out_start[ro_], b_ = (r)->in_start[ri_];                                  \
        const size_t a_end_ = (r)->out_start[ro_ + 1], b_end_ = (r)->in_start[ri_ + 1];            \
        while (a_ < a_end_ || b_ < b_end_) {                                                       \
            size_t ma_ = a_ < a_end_ ? (r)->out_m[a_] : SIZE_MAX;                                  \
            size_t mb_ = b_ < b_end_ ? (r)->in_m[b_] : SIZE_MAX;                                   \
            size_t m = ma_ < mb_ ? ma_ : mb_;                                                      \
            double lo_ = ma_ == m ? (r)->out_w[a_++] : 1;                                          \
            double li_ = mb_ == m ? (r)->in_w[b_++] : 1;                                           \
            double delta = (lo_ * li_ - 1) * ((detour)[m] * (fee)[m]);                             \
            BODY;                                                                                  \
        }                                                                                          \
    } while (0)

/* out[m] += scale * (a[m] * b[m]); restrict lets the compiler vectorise. */
static void axpy_product(size_t n, double scale, const double *restrict a, const double *restrict b,
                         double *restrict out)
{
    /* Four at a time: -O2 does not vectorise a loop of unknown length. */
    size_t m = 0;
    for (; m + 4 <= n; m += 4) {
        out[m] += scale * (a[m] * b[m]);
        out[m + 1] += scale * (a[m + 1] * b[m + 1]);
        out[m + 2] += scale * (a[m + 2] * b[m + 2]);
        out[m + 3] += scale * (a[m + 3] * b[m + 3]);
    }
    for (; m < n; m++)
        out[m] += scale * (a[m] * b[m]);
}

/* Below this fraction of the plain dot product, the corrected sum has lost
 * too many digits to cancellation (every detour nearly closed), and the
 * sum is taken route by route instead. */
#define SS_ROUTE_EXACT_BELOW 1e-6

static double weight_via(const ss_route_ctx *r, size_t i, size_t j, size_t s, size_t m,
                         const double *detour)
{
    const size_t n = r->n, k = r->k;
    return r->leg_out[(i * n + m) * k + s] * r->leg_in[(j * n + m) * k + s] * r->fee[m * k + s] *
           detour[m];
}

/* The corrected sum, and the dot product it started from. */
static double fast_sum(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                       double *dot)
{
    const double *fee = r->fee_by_sector + s * r->n;
    /* Four partial sums keep the additions independent of each other. */
    double part[4] = {0, 0, 0, 0};
    size_t at = 0;
    for (; at + 4 <= r->n; at += 4)
        for (size_t u = 0; u < 4; u++)
            part[u] += detour[at + u] * fee[at + u];
    for (; at < r->n; at++)
        part[0] += detour[at] * fee[at];
    double sum = *dot = (part[0] + part[1]) + (part[2] + part[3]);
    EACH_UNUSUAL(r, i, j, s, detour, fee, sum += delta);
    return sum;
}

double ss_route_detours(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                        int *exact)
{
    double dot, sum = fast_sum(r, i, j, s, detour, &dot);
    int slow = !(sum > SS_ROUTE_EXACT_BELOW * dot);
    if (exact)
        *exact = slow;
    if (!slow)
        return sum;
    sum = 0;
    for (size_t m = 0; m < r->n; m++)
        sum += weight_via(r, i, j, s, m, detour);
    return sum;
}

void ss_route_transit(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                      double scale, int exact, double *transit)
{
    if (exact) {
        for (size_t m = 0; m < r->n; m++)
            transit[m] += scale * weight_via(r, i, j, s, m, detour);
        return;
    }
    const double *fee = r->fee_by_sector + s * r->n;
    axpy_product(r->n, scale, detour, fee, transit);
    EACH_UNUSUAL(r, i, j, s, detour, fee, transit[m] += scale * delta);
}

double ss_route_via(const ss_route_ctx *r, size_t i, size_t j, size_t s, size_t m,
                    const double *detour, double scale)
{
    return weight_via(r, i, j, s, m, detour) * scale;
}

double ss_route_cost(double weight, double detours, double theta)
{
    return weight > 0 ? pow(weight / (1 + detours), -1.0 / theta) : INFINITY;
}
