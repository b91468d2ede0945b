/* Parameter sweeps (src/sweep.c): the help texts of `sanctsim sweep` and
 * `sanctsim merge`, for `sanctsim help COMMAND`. The commands themselves
 * are declared in commands.h. */
#ifndef SS_SWEEP_H
#define SS_SWEEP_H

extern const char ss_sweep_help[];
extern const char ss_merge_help[];

#endif
