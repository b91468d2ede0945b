/* The twin of a scenario: the same scenario with every sanction, every
 * enforcer (and so every secondary sanction) and every dated [change]
 * removed. Everything else stays: the world, dates, groups, model and
 * intermediaries' parameters, and [links] tables (tariffs and corridors
 * that are not sanctions). Results read against the twin are effects of
 * the sanctions alone. */
#ifndef SS_TWIN_H
#define SS_TWIN_H

#include "scenario.h"

#include <stdio.h>

/* Writes the twin of s as a resolved scenario that `sanctsim run`
 * accepts; its name is s's name with " (twin)". */
int ss_twin_write(const ss_scenario *s, FILE *f);

/* Loads the twin of s (through a temporary file); NULL on failure, with
 * the reason in d. The twin's path is s's, for messages. */
ss_scenario *ss_twin_load(const ss_scenario *s, ss_diag *d);

#endif
