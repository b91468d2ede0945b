/* Allies who choose (see choice.h and docs/model.md section 6b). */
#include "choice.h"

#include <math.h>

double ss_choice_gain(double gain, double inducement, double stake)
{
    const double plus = gain + inducement, all = plus + stake;
    return all > 0 ? (plus - stake) / all : 0;
}

static double logistic(double z)
{
    return 1 / (1 + exp(-z));
}

double ss_choice_participation(const ss_agent *a, double pi, double u)
{
    const double stay = logistic((u + a->switching_cost) / a->choice_noise);
    const double enter = logistic((u - a->switching_cost) / a->choice_noise);
    return pi * stay + (1 - pi) * enter;
}
