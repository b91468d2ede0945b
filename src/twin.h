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

/* 1 for a kind of section that the twin leaves out: sanction,
 * enforcement, change. */
int ss_twin_removes(const char *type);

/* The twin of s as a shallow view: s's sections without those the twin
 * leaves out (their file places kept, for warnings), named with " (twin)";
 * its own arrays freed by ss_twin_view_free. SS_OK or SS_ENOMEM. */
int ss_twin_view(const ss_scenario *s, ss_scenario *view);
void ss_twin_view_free(ss_scenario *view);

/* Writes the twin of s as a resolved scenario that `sanctsim run`
 * accepts; its name is s's name with " (twin)". */
int ss_twin_write(const ss_scenario *s, FILE *f);

/* Loads the twin of s (through a temporary file); NULL on failure, with
 * the reason in d. The twin's path is s's, for messages. */
ss_scenario *ss_twin_load(const ss_scenario *s, ss_diag *d);

#endif
