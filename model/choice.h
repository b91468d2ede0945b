/* Allies who choose (docs/model.md section 6b): a candidate intermediary's
 * participation in evasion as a smoothed (logit) best response with a
 * switching cost. Pure.
 * Invariant: participation stays in [0, 1]; a country that does not
 * choose keeps participation 1 and the model is unchanged bit for bit. */
#ifndef SS_CHOICE_H
#define SS_CHOICE_H

#include "config.h"

/* The net gain of taking part, relative to what is at play:
 * u = (gain + inducement - stake) / (gain + inducement + stake), in
 * [-1, 1]; 0 when all three are 0. gain: last month's commission income
 * per unit of participation; inducement and stake in the same unit (USD
 * million a month). */
double ss_choice_gain(double gain, double inducement, double stake);

/* Next month's participation from this month's pi and net gain u: the
 * expected share taking part when each part of the country chooses by
 * logit with noise choice_noise, and changing side costs switching_cost:
 * pi L((u + sc) / noise) + (1 - pi) L((u - sc) / noise), L the logistic
 * function. */
double ss_choice_participation(const ss_agent *a, double pi, double u);

#endif
