/* The gnuplot driver: whether gnuplot is installed, where the chart
 * scripts are, running one script as a separate process, and the one way
 * in which scenario text reaches gnuplot (as byte codes in text.dat). */
#ifndef SS_GNUPLOT_H
#define SS_GNUPLOT_H

#include "status.h"

#include <stdio.h>

/* 1 when fmt is a format sanctsim draws charts in: png, svg or pdf (a
 * chart file's name after its dot). */
int ss_chart_format(const char *fmt);

/* 0, or exit status 2 after a usage message when --format fmt is none. */
int ss_chart_format_arg(const char *fmt);

/* Says that gnuplot is missing, and the package that brings it. */
void ss_gnuplot_missing(void);

/* 1 when an executable gnuplot is on PATH. */
int ss_gnuplot_available(void);

/* Finds the folder of the chart scripts (out: PATH_MAX bytes): see
 * gnuplot.c for the places it looks. SS_EIO with a message when
 * there is none. */
int ss_gnuplot_scripts(char *out, ss_diag *d);

/* The work folder that a drawing command makes in the folder it draws
 * into (ss_plot_workspace), and the test for its name, which a command
 * stopped by SIGKILL leaves behind and --force may remove. */
#define SS_PLOT_WORK ".plot-work-XXXXXX"
int ss_plot_work_name(const char *name);

/* Runs PLOTS/SCRIPT.gp with `fmt` (png, svg or pdf) in the work folder,
 * where it writes OUTPUT.FMT. Returns 1, having said why on stderr, when
 * gnuplot cannot start, fails, writes anything on stderr, or leaves that
 * file missing, empty or cut short (gnuplot ends with status 0 when the
 * disk fills under it: a hunt); 0 when it finished cleanly. */
int ss_gnuplot_run(const char *plots, const char *work, const char *script, const char *fmt,
                   const char *output);

/* Writes text to f as the next string of a text.dat (first: 1 when it is
 * the first string): its byte codes one a line, control characters as
 * spaces (but the line breaks of a wrapped title, which gnuplot draws as
 * two lines), after a -1 line; plots/text.gp turns them back into strings. */
void ss_gnuplot_text(FILE *f, int first, const char *text);

#endif
