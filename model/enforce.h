/* Enforcement (docs/model.md section 7): the chance that an intermediary is
 * caught, from the surge in its trade with the coalition.
 * Invariant: probabilities lie in [0, 1] (1 only when the hazard is so
 * large that exp underflows; the risk premium caps it, see agent.h). */
#ifndef SS_ENFORCE_H
#define SS_ENFORCE_H

#include "config.h"

/* Detection probability for a surge A (recorded / baseline - 1). */
double ss_enforce_probability(const ss_enforcer *e, double surge);

/* This month's detection probability from last month's, prev, and the one
 * this month's surge implies, target: (1 - lag) target + lag prev with
 * lag = attention_lag (target itself, bit for bit, when the lag is 0). */
double ss_enforce_attention(const ss_enforcer *e, double prev, double target);

/* Surge of watched trade against its baseline; 0 when the baseline is 0. */
double ss_enforce_surge(double watched, double baseline);

/* Probability of being under secondary sanctions in a month, given the
 * detection probabilities of the `months` previous months (oldest first). */
double ss_enforce_under_sanction(const double *p, long months);

#endif
