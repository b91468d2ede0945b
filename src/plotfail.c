/* The plotting family's errors (plot.h): recording one with its place,
 * saying that a chart was left out and why, the exit status they give, and
 * an allocation that never asks for 0 bytes. Used by the readers and chart
 * writers below the commands (runfolder.c, sweepfolder.c, rundata.c,
 * chart.c, gnuplot.c, charts_*.c) and by the commands. */
#include "plot.h"
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ss_plot_fail(ss_diag *d, const char *file, long line, int status, const char *fmt, ...)
{
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return status;
}

void ss_plot_skipped(const char *dir, const char *chart, const ss_diag *d)
{
    const size_t len = strlen(dir);
    const char *slash = strrchr(d->file, '/');
    if (d->file[0] == '\0' ||
        (strncmp(d->file, dir, len) == 0 && (d->file[len] == '\0' || d->file[len] == '/')))
        ss_errorf("%s: no %s chart: %s", dir, chart, d->msg);
    else
        ss_errorf("%s: no %s chart: %.*s: %s", dir, chart,
                  slash ? (int)(slash - d->file) : (int)strlen(d->file), d->file, d->msg);
}

int ss_plot_no_memory(ss_diag *d)
{
    return ss_plot_fail(d, NULL, 0, SS_EIO, "out of memory");
}

void *ss_plot_zalloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

int ss_plot_exit_status(int rc)
{
    return rc == SS_EINVAL ? 2 : 1;
}
