/* Intermediaries as agents (docs/model.md section 6): the commission each sets
 * from what it saw last month, and the transit capacity it builds.
 * Invariant: commissions and capacities stay finite and non-negative. */
#ifndef SS_AGENT_H
#define SS_AGENT_H

#include "config.h"

/* The detection probability above which the risk premium stops growing. */
#define SS_AGENT_MAX_RISK_P 0.999

/* The use of capacity (transit / capacity) charged for transit through no
 * capacity at all: a country without capacity prices itself out. */
#define SS_AGENT_NO_CAPACITY_USE 1000.0

/* This month's commission rate from last month's rate c_prev, perceived
 * detection probability p_prev, transit v_prev, capacity q_prev and the
 * total transit of all intermediaries in the sector. The market-power
 * term is 0 without transit in the sector; the congestion term is 0
 * without transit, and charged at SS_AGENT_NO_CAPACITY_USE for transit
 * through no capacity. */
double ss_agent_commission(const ss_agent *a, double c_prev, double p_prev, double v_prev,
                           double q_prev, double v_total_prev);

/* The reach (share of shippers able to use the country for transit) at
 * the end of a month, from r_prev: logistic growth toward reach_max,
 * r + reach_speed * r * (1 - r / reach_max), while the country carried
 * transit v > 0 in the sector; unchanged otherwise. */
double ss_agent_reach(const ss_agent *a, double r_prev, double v);

/* Capacity at the end of a month with transit v, from q_prev. */
double ss_agent_capacity(const ss_agent *a, double q_prev, double v);

#endif
