/* How the program tells users what went wrong: one line on stderr,
 * "sanctsim: FILE:LINE: what is wrong, and what was expected". Every
 * message goes out escaped: a control character (C0, DEL or C1) or a byte
 * that is not UTF-8 is shown as \xHH, so that no file name, CSV field or
 * argument quoted in a message can send escape sequences to a terminal or
 * break the message's line. */
#ifndef SS_REPORT_H
#define SS_REPORT_H

#include "status.h"

#include <stdio.h>

/* Prints a diagnostic. */
void ss_report(const ss_diag *d);

/* Prints "sanctsim: " and the message (printf-style) as one line. */
void ss_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a usage error and a hint to the help of the command being run
 * (ss_usage_command), or to --help; returns exit status 2. */
int ss_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The command whose help ss_usage points to (NULL: --help), and that
 * help's text. */
void ss_usage_command(const char *name, const char *help);
/* 1 when the help of the command being run names the option of `len`
 * characters at `option` ("--out") as a word of its own. */
int ss_usage_names(const char *option, size_t len);

/* How far word is from candidate when it is near enough to be a typo of
 * it: the letters added, dropped, changed or swapped with a neighbour, at
 * most two and fewer than half of word's; SS_TYPO_FAR otherwise. For the
 * "did you mean" of unknown keys, sections, options and commands. */
enum { SS_TYPO_FAR = 3 };
size_t ss_typo_distance(const char *word, const char *candidate);

/* The option ("--name") that the help of the command being run names and
 * that is nearest to the len characters at option, into out; 0 when none
 * is near enough. */
int ss_usage_nearest(const char *option, size_t len, char *out, size_t size);

/* Progress on a terminal: rewrites stderr's current line with "sanctsim: "
 * and the message; ss_progress_done ends that line. The callers show
 * progress only when stderr is a terminal. */
void ss_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ss_progress_done(void);

/* Writes text to f, escaped as above. */
void ss_put_escaped(FILE *f, const char *text);

#endif
