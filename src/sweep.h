/* Parameter sweeps (src/sweep.c): the help texts of `sanctsim sweep` and
 * `sanctsim merge`, for `sanctsim help COMMAND`, the sampled design for
 * other commands, and the check of a [sweep] section. The commands
 * themselves are declared in commands.h. */
#ifndef SS_SWEEP_H
#define SS_SWEEP_H

#include "scenario.h"

#include <stddef.h>
#include <stdint.h>

extern const char ss_sweep_help[];
extern const char ss_merge_help[];

/* The design of `sweep --sample`: n points in the box lo[a]..hi[a] of dim
 * keys, a Latin hypercube drawn from seed (the scenario seed), or GSL's
 * Sobol sequence when sobol. value[a * n + i] receives point i's value of
 * key a as text (the caller frees each). Returns 0, or an exit status
 * (reported on stderr). */
int ss_sweep_design(size_t dim, size_t n, const double *lo, const double *hi, int sobol,
                    uint64_t seed, char **value);

/* For `check`: the [sweep] section of scenario s (loaded from path with the
 * nsets --set overrides) as `sweep` takes it with the same --set and no
 * design option of its own, its design built and every varied key checked
 * and warned of as `sweep` warns (ss_scenario_warn_key, with the highest
 * value varied), and the --set keys and what the file sets in vain warned
 * of given what the section varies (ss_scenario_warn_sets, _file), before
 * the section's error if it has one. 0 when it is good or there is none;
 * else the exit status, the error reported as `sweep` reports it. plan
 * (size bytes) gets the line `check` prints of what the section runs (""
 * without one). */
int ss_sweep_check(const char *path, const ss_scenario *s, char *const *sets, size_t nsets,
                   char *plan, size_t size);

#endif
