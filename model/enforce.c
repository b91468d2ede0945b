/* Enforcement: detection probabilities from trade surges. */
#include "enforce.h"

#include <math.h>

double ss_enforce_probability(const ss_enforcer *e, double surge)
{
    double hazard = e->base_hazard + e->surge_hazard * fmax(0.0, surge);
    return -expm1(-e->enforcement * hazard);
}

double ss_enforce_attention(const ss_enforcer *e, double prev, double target)
{
    const double lag = e->attention_lag;
    return lag == 0 ? target : (1 - lag) * target + lag * prev;
}

double ss_enforce_surge(double watched, double baseline)
{
    return baseline > 0 ? watched / baseline - 1 : 0;
}

double ss_enforce_under_sanction(const double *p, long months)
{
    double clean = 1;
    for (long s = 0; s < months; s++)
        clean *= 1 - p[s];
    return 1 - clean;
}
