/* Status codes and diagnostics shared by every model module.
 * The model never prints or exits: a failing function returns one of these
 * codes and, where it helps the user, leaves a message in a caller-owned
 * ss_diag (never in a global). */
#ifndef SS_STATUS_H
#define SS_STATUS_H

#include <stddef.h>

enum ss_status {
    SS_OK = 0,
    SS_ENOMEM,   /* an allocation failed */
    SS_EINVAL,   /* a value is out of its documented range */
    SS_ENUMERIC, /* a flow, price or commission became non-finite or negative */
    SS_ENOCONV,  /* an iterative solve did not converge */
    SS_EIO,      /* a file could not be opened, read or written */
    SS_EINTR,    /* stopped by a signal (src/signals.h) */
    SS_SKIP      /* nothing to do (a chart with nothing to show); not an error */
};

/* Where an input error was found and what is wrong. Callers own it. */
typedef struct ss_diag {
    char file[256]; /* empty when not from a file */
    long line;      /* 0 when not known */
    char key[128];  /* empty when not about one key */
    char msg[512];
} ss_diag;

void ss_diag_clear(ss_diag *d);
/* Record a message (printf-style) in d if d is not NULL; returns status. */
int ss_diag_set(ss_diag *d, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
