/* Intermediaries: commission setting and capacity growth. The commission
 * moves part of the way toward a target made of a base rate, a risk premium
 * for the chance of being caught, a congestion charge when transit presses
 * on capacity, and a mark-up for market power. */
#include "agent.h"

#include <math.h>

double ss_agent_commission(const ss_agent *a, double c_prev, double p_prev, double v_prev,
                           double q_prev, double v_total_prev)
{
    /* A certain detection (p = 1) would make the premium infinite; the
     * enforcement formula keeps p < 1, and this guard keeps it finite. */
    double risk = p_prev < 1 ? p_prev * a->loss / (1 - p_prev) : 0;
    double congestion =
        q_prev > 0 ? a->congestion_price * pow(v_prev / q_prev, a->congestion_power) : 0;
    double power = v_total_prev > 0 ? a->leverage * v_prev / v_total_prev : 0;
    double target = a->base_commission + risk + congestion + power;
    return c_prev + a->price_speed * (target - c_prev);
}

double ss_agent_capacity(const ss_agent *a, double q_prev, double v)
{
    return q_prev + a->invest_speed * fmax(0.0, v - q_prev);
}
