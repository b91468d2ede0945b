/* How the program tells users what went wrong: one line on stderr,
 * "sanctsim: FILE:LINE: what is wrong, and what was expected". */
#ifndef SS_REPORT_H
#define SS_REPORT_H

#include "status.h"

/* Prints a diagnostic. */
void ss_report(const ss_diag *d);

/* Prints a usage error and a hint to --help; returns exit status 2. */
int ss_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
