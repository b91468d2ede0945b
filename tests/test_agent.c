/* Unit tests for model/agent.c: the intermediary's commission (base + risk +
 * congestion + market power, moved toward at price_speed) and its capacity
 * growth, docs/model.md section 6, against hand calculations. */
#include "agent.h"
#include "check.h"

#include <math.h>

static ss_agent agent(void)
{
    ss_agent a = ss_agent_default;
    a.base_commission = 0.065;
    a.loss = 1.3;
    a.congestion_price = 0.05;
    a.congestion_power = 2.0;
    a.leverage = 0.04;
    a.price_speed = 0.5;
    a.invest_speed = 0.1;
    return a;
}

static void test_commission(void)
{
    ss_agent a = agent();
    /* risk       = 0.2 * 1.3 / (1 - 0.2)      = 0.325
     * congestion = 0.05 * (150 / 100)^2       = 0.1125
     * power      = 0.04 * 150 / 400           = 0.015
     * target     = 0.065 + 0.325 + 0.1125 + 0.015 = 0.5175
     * c          = 0.1 + 0.5 * (0.5175 - 0.1) = 0.30875 */
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.2, 150, 100, 400), 0.30875, 1e-15);

    /* price_speed 1 jumps to the target, 0 keeps last month's rate. */
    a.price_speed = 1;
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.2, 150, 100, 400), 0.5175, 1e-15);
    a.price_speed = 0;
    CHECK(ss_agent_commission(&a, 0.1, 0.2, 150, 100, 400) == 0.1);
    a.price_speed = 0.5;

    /* Non-integer congestion power: 0.05 * 1.5^2.5 = 0.05 * 2.75567596063. */
    a.congestion_power = 2.5;
    double target = 0.065 + 0.325 + 0.05 * 2.7556759606310752 + 0.015;
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.2, 150, 100, 400), 0.1 + 0.5 * (target - 0.1), 1e-14);
    a.congestion_power = 2.0;

    /* Each term alone. Risk: 0.35 * 1.3 / 0.65 = 0.7; with the other
     * prices at 0 the target is 0.065 + 0.7 = 0.765. */
    ss_agent r = a;
    r.congestion_price = 0;
    r.leverage = 0;
    r.price_speed = 1;
    CHECK_NEAR(ss_agent_commission(&r, 0.3, 0.35, 150, 100, 400), 0.765, 1e-15);
    /* No risk when detection is impossible: the base rate. */
    CHECK_NEAR(ss_agent_commission(&r, 0.3, 0.0, 150, 100, 400), 0.065, 1e-15);

    /* Transit through no capacity is charged at a use of 1000 (it was
     * charged nothing, as if capacity were unlimited): 0.065 + 0.325 +
     * 0.05 * 1000^2 + 0.015 (docs/model.md section 6). */
    a.price_speed = 1;
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.2, 150, 0, 400), 50000.405, 1e-10);
    /* Zero denominators otherwise make their terms 0 (docs/model.md
     * section 1): no capacity and no transit, no congestion charge. */
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.2, 0, 0, 400), 0.39, 1e-15);
    /* No transit anywhere -> no market-power mark-up; nor congestion,
     * since 0 / 100 = 0: 0.065 + 0.325. */
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.2, 0, 100, 0), 0.39, 1e-15);
    /* Both zero at once, and no risk: just the base rate. */
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.0, 0, 0, 0), 0.065, 1e-15);
    /* A monopolist (all transit) earns the full leverage: 0.065 + 0.04
     * + 0.05 * (80 / 64)^2 = 0.065 + 0.04 + 0.078125. */
    CHECK_NEAR(ss_agent_commission(&a, 0.1, 0.0, 80, 64, 80), 0.183125, 1e-15);
}

/* The risk premium p * loss / (1 - p) grows without bound as detection
 * becomes certain, and ss_enforce_probability returns exactly 1 once
 * enforcement * hazard exceeds about 37.4 (see test_enforce.c). agent.h
 * caps the probability the premium uses at SS_AGENT_MAX_RISK_P = 0.999:
 * the premium is then 0.999 * loss / 0.001 = 999 loss, and it must never
 * fall when p rises (an earlier version dropped it to 0 at p = 1). */
static void test_commission_certain_detection(void)
{
    ss_agent a = agent();
    a.price_speed = 1;
    CHECK(SS_AGENT_MAX_RISK_P == 0.999);
    /* Below the cap: 0.065 + 1.3 * 0.998 / 0.002 = 648.765. */
    double below = ss_agent_commission(&a, 0.1, 0.998, 0, 0, 0);
    CHECK_NEAR(below, 648.765, 1e-9);
    /* At and above the cap: 0.065 + 1.3 * 999 = 1298.765. */
    double at_cap = ss_agent_commission(&a, 0.1, 0.999, 0, 0, 0);
    double near = ss_agent_commission(&a, 0.1, 1 - 1e-9, 0, 0, 0);
    double certain = ss_agent_commission(&a, 0.1, 1.0, 0, 0, 0);
    CHECK_NEAR(at_cap, 1298.765, 1e-9);
    CHECK_NEAR(near, 1298.765, 1e-9);
    CHECK_NEAR(certain, 1298.765, 1e-9);
    /* Monotone in p. */
    CHECK(below < at_cap && at_cap <= near && near <= certain);
}

static void test_capacity(void)
{
    ss_agent a = agent();
    /* Transit above capacity: Q = 120.5 + 0.1 * (180.2 - 120.5) = 126.47. */
    CHECK_NEAR(ss_agent_capacity(&a, 120.5, 180.2), 126.47, 1e-12);
    /* Below capacity: no change (capacity never shrinks). */
    CHECK(ss_agent_capacity(&a, 120.5, 37.9) == 120.5);
    CHECK(ss_agent_capacity(&a, 120.5, 120.5) == 120.5);
    /* invest_speed 1 reaches the transit at once; 0 never grows. */
    a.invest_speed = 1;
    CHECK_NEAR(ss_agent_capacity(&a, 120.5, 180.2), 180.2, 1e-12);
    a.invest_speed = 0;
    CHECK(ss_agent_capacity(&a, 120.5, 180.2) == 120.5);
    /* From zero capacity: 0.35 * 44.8 = 15.68. */
    a.invest_speed = 0.35;
    CHECK_NEAR(ss_agent_capacity(&a, 0, 44.8), 15.68, 1e-13);
    /* Three months of growth toward a steady 200 from 50 at speed 0.35:
     * the gap shrinks by 0.65 a month, 150 * 0.65^3 = 41.19375 left. */
    double q = 50;
    for (int t = 0; t < 3; t++)
        q = ss_agent_capacity(&a, q, 200);
    CHECK_NEAR(q, 200 - 41.19375, 1e-11);
}

int main(void)
{
    test_commission();
    test_commission_certain_detection();
    test_capacity();
    return check_report();
}
