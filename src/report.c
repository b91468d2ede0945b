/* Error lines for users: where, what, and what was expected. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>

void ss_report(const ss_diag *d)
{
    const char *msg = d->msg[0] ? d->msg : "failed for an unknown reason";
    if (d->file[0] && d->line > 0)
        fprintf(stderr, "sanctsim: %s:%ld: %s\n", d->file, d->line, msg);
    else if (d->file[0])
        fprintf(stderr, "sanctsim: %s: %s\n", d->file, msg);
    else
        fprintf(stderr, "sanctsim: %s\n", msg);
}

int ss_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sanctsim: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'sanctsim --help'.\n");
    va_end(ap);
    return 2;
}
