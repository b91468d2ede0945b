/* One run of a sweep, start to finish: the scenario loaded with the
 * run's overrides (--set, the point's values, then its seed, as `sanctsim
 * run --set ... --seed SEED` applies them), its months stepped through
 * ss_run_months while the headline indicators are kept, and its row of
 * sweep.csv made. Runs in a worker process (src/pool.h). */
#ifndef SS_SWEEPRUN_H
#define SS_SWEEPRUN_H

#include "journal.h"

/* The row of run (with --keep-runs, its run folder written too), or NULL
 * when memory runs out. The world comes from world (src/worldio.h), which
 * the sweep loaded with its base scenario: a worker reads no world file. */
char *ss_sweep_run_one(const ss_sweep *sw, ss_world_cache *world, size_t run);

/* The name of run: pP-rR, with as many digits as the largest point and
 * replicate need (p0-r0, p07-r1). */
enum { SS_RUN_NAME = 48 };
void ss_sweep_run_name(const ss_sweep *sw, size_t run, char name[SS_RUN_NAME]);

/* 1 when the files that run keeps are there: its folder with --keep-runs,
 * its series/ file with --keep-series (a sweep resumed with either option
 * added runs its finished runs again). 0 also when memory runs out. */
int ss_sweep_kept(const ss_sweep *sw, size_t run);

#endif
