/* Intermediaries: commission setting and capacity growth. The commission
 * moves part of the way toward a target made of a base rate, a risk premium
 * for the chance of being caught, a congestion charge when transit presses
 * on capacity, and a mark-up for market power. */
#include "agent.h"

#include <math.h>

double ss_agent_commission(const ss_agent *a, double c_prev, double p_prev, double v_prev,
                           double q_prev, double v_total_prev)
{
    /* A near-certain detection would make the premium infinite (and p
     * rounds to 1 for large hazards), so the premium is taken at most at
     * p = SS_AGENT_MAX_RISK_P: a commission of hundreds of percent already
     * closes the route in practice. */
    double p = p_prev < SS_AGENT_MAX_RISK_P ? p_prev : SS_AGENT_MAX_RISK_P;
    double risk = p * a->loss / (1 - p);
    /* Transit through no capacity is charged as a use of 1000 times it
     * (it was charged nothing: no capacity priced like unlimited capacity,
     * a helper's hunt). */
    double congestion =
        q_prev > 0   ? a->congestion_price * pow(v_prev / q_prev, a->congestion_power)
        : v_prev > 0 ? a->congestion_price * pow(SS_AGENT_NO_CAPACITY_USE, a->congestion_power)
                     : 0;
    double power = v_total_prev > 0 ? a->leverage * v_prev / v_total_prev : 0;
    double target = a->base_commission + risk + congestion + power;
    return c_prev + a->price_speed * (target - c_prev);
}

double ss_agent_capacity(const ss_agent *a, double q_prev, double v)
{
    return q_prev + a->invest_speed * fmax(0.0, v - q_prev);
}

double ss_agent_reach(const ss_agent *a, double r_prev, double v)
{
    /* A [change] that lowers reach_max binds at once (the logistic step
     * from above it went below 0: a helper's hunt). */
    if (r_prev > a->reach_max)
        return a->reach_max;
    if (!(v > 0) || a->reach_speed == 0)
        return r_prev;
    return r_prev + a->reach_speed * r_prev * (1 - r_prev / a->reach_max);
}
