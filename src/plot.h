/* What the files of `sanctsim plot` and `sanctsim brief` share: the two
 * results of theirs that the ss_status codes lack, and how they record an
 * error with its place. The files of the family, floor by floor:
 *   plotfail.c       the errors declared here
 *   gnuplot.c        the gnuplot process, the chart scripts, text.dat
 *   runfolder.c      reading a run folder (scenario, tables, typed fields)
 *   sweepfolder.c    reading a sweep folder (summary, varied keys, grid)
 *   chart.c          writing one chart's data files, and what charts say
 *   charts_run.c     the run charts of sanctioned trade, leakage,
 *                    intermediaries and recorded exports, the list of
 *                    every run chart, and the brief's numbers
 *   charts_prices.c  the run charts of import and export prices
 *   charts_changes.c the run chart of the largest changes in flows
 *   charts_target.c  the run charts of the target's exports and incomes
 *   charts_fit.c     the chart of a calibration folder
 *   charts_sweep.c   the two sweep charts
 *   rundata.c        a run's series shared by charts, brief and compare
 *   palette.c        the colour of each country
 *   charts_compare.c the charts and key numbers of a comparison
 *   plot.c           the `plot` and `brief` commands
 *   compare.c        the `compare` command and compare.csv */
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

/* Says on stderr "DIR: no CHART chart: why" for a chart left out (d holds
 * why), naming the folder of d's file when that is another than dir (the
 * run compared with, which lacks a table). */
void ss_plot_skipped(const char *dir, const char *chart, const ss_diag *d);

/* The exit status for a result of the plotting functions: 2 for bad
 * input (SS_EINVAL), 1 otherwise. */
int ss_plot_exit_status(int rc);

/* What every drawing command needs once its folder is read: gnuplot, the
 * scripts' folder (plots, PATH_MAX bytes) and a work folder inside dir
 * (so that finished files are renamed, never copied, into place). Returns
 * an exit status, 0 when ready. */
int ss_plot_workspace(const char *dir, ss_diag *d, char *plots, char **work);

/* Removes the work folder and frees work, unless SANCTSIM_PLOT_KEEP is set
 * (a test hook: the tests read the data prepared for the charts). */
void ss_plot_remove_work(char *work);

#endif
