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
/* That command's name, or NULL. */
const char *ss_usage_current(void);
/* 1 when the help of the command being run names the option of `len`
 * characters at `option` ("--out") as a word of its own. */
int ss_usage_names(const char *option, size_t len);
/* 1 when the synopsis of the command being run (its help's first
 * paragraph) shows the option of `len` characters at `option` without a
 * value ("[--compress]"); 0 otherwise. */
int ss_usage_flag(const char *option, size_t len);

/* Every command's name, help and entry point (main.c's table; the entry
 * takes the arguments after the name), for ss_usage_owner. */
typedef struct ss_command_help {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} ss_command_help;
void ss_usage_commands(const ss_command_help *all, size_t n);
/* The first command other than the one being run whose synopsis (its
 * help's first paragraph) names the option of `len` characters at
 * `option` (run's --vary: "sweep"); NULL when none does. */
const char *ss_usage_owner(const char *option, size_t len);

/* How far word is from candidate when it is near enough to be a typo of
 * it: the letters added, dropped, changed or swapped with a neighbour, at
 * most two and fewer than half of word's; SS_TYPO_FAR otherwise. For the
 * "did you mean" of unknown keys, sections, options and commands. */
enum { SS_TYPO_FAR = 3 };
size_t ss_typo_distance(const char *word, const char *candidate);

/* The candidates nearest to a word (ss_typo_distance), for a "did you
 * mean": start from SS_NEAREST, try each candidate; best is empty when
 * none is near, tie holds a second one as near as best. */
typedef struct ss_nearest {
    char best[64], tie[64];
    size_t dist;
} ss_nearest;
#define SS_NEAREST {"", "", SS_TYPO_FAR}
void ss_nearest_try(ss_nearest *n, const char *word, const char *candidate);
/* " (did you mean X?)" or " (did you mean X or Y?)", each name between
 * open and close ("[", "]" for a section); "" when none is near. Returns
 * buf. */
const char *ss_nearest_hint(const ss_nearest *n, const char *open, const char *close, char *buf,
                            size_t size);

/* Tries every option ("--name") that the help of the command being run
 * names, against the len characters at option; an option the help names
 * exactly is not one this command has (it parsed none by that name). */
void ss_usage_nearest(const char *option, size_t len, ss_nearest *n);

/* Progress on a terminal: rewrites stderr's current line with "sanctsim: "
 * and the message; ss_progress_done ends that line. The callers show
 * progress only when stderr is a terminal. */
void ss_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ss_progress_done(void);

#endif
