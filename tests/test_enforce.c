/* Unit tests for model/enforce.c: the surge an enforcer watches, the
 * detection probability p = 1 - exp(-enforcement * (base_hazard +
 * surge_hazard * max(0, A))) and the probability of being under secondary
 * sanctions in expected mode, docs/model.md section 7, against hand values. */
#include "check.h"
#include "enforce.h"

#include <math.h>
#include <string.h>

static ss_enforcer enforcer(double enforcement, double base, double surge)
{
    ss_enforcer e;
    memset(&e, 0, sizeof e);
    e.enforcement = enforcement;
    e.base_hazard = base;
    e.surge_hazard = surge;
    e.secondary_penalty = 0.3;
    e.secondary_months = 6;
    e.mode = SS_RANDOM;
    return e;
}

static void test_surge(void)
{
    /* A = watched / baseline - 1. */
    CHECK_NEAR(ss_enforce_surge(12.6, 8.4), 0.5, 1e-15);
    CHECK_NEAR(ss_enforce_surge(4.2, 8.4), -0.5, 1e-15);
    CHECK_NEAR(ss_enforce_surge(57.3, 6.85), 57.3 / 6.85 - 1, 1e-15);
    CHECK(ss_enforce_surge(8.4, 8.4) == 0);
    /* No baseline to measure against: no surge (docs/model.md section 11). */
    CHECK(ss_enforce_surge(5.0, 0) == 0);
    CHECK(ss_enforce_surge(0, 0) == 0);
}

static void test_probability(void)
{
    ss_enforcer e = enforcer(1.7, 0.03, 0.25);
    /* hazard = 0.03 + 0.25 * 2.4 = 0.63; p = 1 - exp(-1.7 * 0.63)
     * = 1 - exp(-1.071) = 0.65733431965. */
    CHECK_NEAR(ss_enforce_probability(&e, 2.4), 0.657334319651607, 1e-14);
    /* A fall in trade is no surge: only the base hazard counts,
     * 1 - exp(-0.051) = 0.04972132947. */
    CHECK_NEAR(ss_enforce_probability(&e, -0.5), 0.04972132946757302, 1e-15);
    CHECK(ss_enforce_probability(&e, -0.5) == ss_enforce_probability(&e, 0));
    /* Rises with the surge and with enforcement. */
    CHECK(ss_enforce_probability(&e, 3.0) > ss_enforce_probability(&e, 2.4));
    ss_enforcer e2 = enforcer(3.4, 0.03, 0.25);
    CHECK(ss_enforce_probability(&e2, 2.4) > ss_enforce_probability(&e, 2.4));
    /* Doubling enforcement: 1 - (1 - p)^2. */
    double p = ss_enforce_probability(&e, 2.4);
    CHECK_NEAR(ss_enforce_probability(&e2, 2.4), 1 - (1 - p) * (1 - p), 1e-14);
    /* No enforcement: never caught. */
    ss_enforcer off = enforcer(0, 0.03, 0.25);
    CHECK(ss_enforce_probability(&off, 12.0) == 0);
    /* No hazard at all with no surge. */
    ss_enforcer calm = enforcer(2.0, 0, 0.25);
    CHECK(ss_enforce_probability(&calm, 0) == 0);
}

/* Large hazards: with enforcement 8 and a surge of 4.7 on surge_hazard 1
 * (hazard 4.7 + 0.05, realistic for a small intermediary whose imports
 * from the coalition rise 5.7-fold) the exponent is 38, and
 * 1 - exp(-38) = 1 - 3.1e-17 rounds to exactly 1 in double precision (the
 * largest double below 1 is 1 - 1.1e-16). The probability stays a
 * probability; ss_agent_commission caps the p its risk premium uses
 * (test_agent.c). Note: enforce.h still says probabilities lie in
 * [0, 1); they lie in [0, 1]. */
static void test_probability_large_hazard(void)
{
    ss_enforcer e = enforcer(8.0, 0.05, 1.0);
    double p = ss_enforce_probability(&e, 4.7);
    CHECK(p >= 0 && p <= 1);
    CHECK_NEAR(p, 1.0, 1e-16);
    /* Just below: exponent 8 * 4.65 = 37.2, 1 - 6.9e-17 rounds down. */
    CHECK(ss_enforce_probability(&e, 4.6) < 1);
    ss_enforcer big = enforcer(1000.0, 1000.0, 1000.0);
    p = ss_enforce_probability(&big, 1e6);
    CHECK(p == 1.0);
}

static void test_under_sanction(void)
{
    /* 1 - (1 - 0.1)(1 - 0.25)(1 - 0.4) = 1 - 0.405 = 0.595. */
    const double p[] = {0.1, 0.25, 0.4};
    CHECK_NEAR(ss_enforce_under_sanction(p, 3), 0.595, 1e-15);
    /* Only the first two months: 1 - 0.9 * 0.75 = 0.325. */
    CHECK_NEAR(ss_enforce_under_sanction(p, 2), 0.325, 1e-15);
    /* No months of history: never under sanctions. */
    CHECK(ss_enforce_under_sanction(p, 0) == 0);
    /* Six months at the 0.65733 of test_probability:
     * 1 - 0.34266568^6 = 0.99838... */
    double q = 0.657334319651607, hist[6];
    for (int s = 0; s < 6; s++)
        hist[s] = q;
    CHECK_NEAR(ss_enforce_under_sanction(hist, 6), 1 - pow(1 - q, 6), 1e-14);
    /* A certain detection in any month: certainly under sanctions. */
    const double sure[] = {0.2, 1.0, 0.3};
    CHECK(ss_enforce_under_sanction(sure, 3) == 1.0);
}

/* Attention carries over: from 0.1 toward 0.3 with a lag of 0.5 is 0.2,
 * with 0.75 it is 0.15; without a lag it is the target itself. */
static void test_attention(void)
{
    ss_enforcer e = {.attention_lag = 0.5};
    CHECK_NEAR(ss_enforce_attention(&e, 0.1, 0.3), 0.2, 1e-15);
    CHECK_NEAR(ss_enforce_attention(&e, 0.3, 0.1), 0.2, 1e-15);
    e.attention_lag = 0.75;
    CHECK_NEAR(ss_enforce_attention(&e, 0.1, 0.3), 0.15, 1e-15);
    e.attention_lag = 0;
    CHECK(ss_enforce_attention(&e, 0.1, 0.3) == 0.3);
}

int main(void)
{
    test_surge();
    test_probability();
    test_probability_large_hazard();
    test_under_sanction();
    test_attention();
    return check_report();
}
