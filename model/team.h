/* A team of threads for loops over independent items: a simulation's
 * importers, exporters and pairs, and in the program the parts of a large
 * trade.csv (src/table.c) and the blocks of equilibrium-flows.csv
 * (src/run.c). The calling thread and threads - 1 workers, which wait for
 * work asleep on a condition variable after a short look (team.c).
 * OpenMP's threads, used before, spin while they wait, and on a machine
 * that other work keeps busy a step then waited on threads that spun or
 * were put aside (docs/performance.md, "Threads"). Items go to the
 * threads in shares or chunks, in any order, so the caller's results must
 * not depend on either: each item's work is its own. */
#ifndef SS_TEAM_H
#define SS_TEAM_H

#include <stddef.h>

typedef struct ss_team ss_team;

/* What a loop does with one item; thread is the one doing it, 0 for the
 * caller, else 1 to threads - 1 (for its own scratch). */
typedef void ss_team_fn(void *ctx, size_t item, int thread);

/* A team of `threads` (at least 2); NULL when memory is short or a worker
 * will not start. */
ss_team *ss_team_start(int threads);
/* Ends the workers (NULL: nothing). */
void ss_team_stop(ss_team *t);
/* fn(ctx, item, thread) once for every item in [0, count), on the team's
 * threads (t NULL: every item on this thread, in order), and returns when
 * all are done: with chunk 0 each thread takes its share of consecutive
 * items (neighbouring items often write neighbouring memory), else chunks
 * of `chunk` items go to whichever thread is free. Only one thread calls
 * it at a time. */
void ss_team_for(ss_team *t, size_t count, size_t chunk, ss_team_fn *fn, void *ctx);

#endif
