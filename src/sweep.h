/* Parameter sweeps (src/sweep.c): the help texts of `sanctsim sweep` and
 * `sanctsim merge`, for `sanctsim help COMMAND`, and the sampled design for
 * other commands. The commands themselves are declared in commands.h. */
#ifndef SS_SWEEP_H
#define SS_SWEEP_H

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

#endif
