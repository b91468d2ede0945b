/* Diagnostics: formatting a message into a caller-owned buffer. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ss_diag_clear(ss_diag *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

int ss_diag_set(ss_diag *d, int status, const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}
