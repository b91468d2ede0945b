/* Supply that must be placed: the clearing price of an exporter's sales,
 * the gradual move toward it, and what a price cap leaves of it (supply.h,
 * docs/model.md). */
#include "supply.h"

#include <math.h>

double ss_supply_clearing(double p, double demand, double slope, double base, double e)
{
    if (!(demand > 0) || !(base > 0))
        return p;
    double gap = log(demand) - (1 + e) * log(p) - log(base);
    return p * exp(gap / (1 + e - slope));
}

double ss_supply_step(double p, double clear, double speed)
{
    return speed == 1 ? clear : p * pow(clear / p, speed);
}

double ss_supply_capped(double p, double cap, double rate)
{
    return p > cap ? fmin(p, fmax(cap, p / (1 + rate))) : p;
}
