/* What the files of `sanctsim plot` and `sanctsim brief` share: the two
 * results of theirs that the ss_status codes lack, and how they record an
 * error with its place. The files of the family, floor by floor:
 *   gnuplot.c      the gnuplot process, the chart scripts, text.dat
 *   runfolder.c    reading a run folder (scenario, tables, typed fields)
 *   sweepfolder.c  reading a sweep folder (summary, varied keys, grid)
 *   chart.c        writing one chart's data files, and what charts say
 *   charts_run.c   the six run charts and the brief's key numbers
 *   charts_sweep.c the two sweep charts
 *   plot.c         the `plot` and `brief` commands */
#ifndef SS_PLOT_H
#define SS_PLOT_H

#include "status.h"

#include <stddef.h>

/* The plotting files use the model's statuses (model/status.h): SS_SKIP
 * when a chart has nothing to show (the message says why), SS_EIO when a
 * file could not be written or memory ran out, SS_EINVAL for bad input
 * (exit status 2). */

/* Records the message, file and line (0: none) in d; returns status. */
int ss_plot_fail(ss_diag *d, const char *file, long line, int status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "out of memory", as SS_EIO. */
int ss_plot_no_memory(ss_diag *d);

/* calloc that never asks for 0 bytes (so that NULL always means failure). */
void *ss_plot_zalloc(size_t n, size_t size);

/* The exit status for a result of the plotting functions: 2 for bad
 * input (SS_EINVAL), 1 otherwise. */
int ss_plot_exit_status(int rc);

#endif
