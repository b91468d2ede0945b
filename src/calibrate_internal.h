/* `sanctsim calibrate`'s inside, shared by its two rooms: the state of a
 * calibration (struct cal) and the writer of its output folder.
 *   calibrate.c      arguments, evaluations, the start design, Nelder-Mead,
 *                    the command
 *   calibrate_out.c  the output folder: fitted.ini, twin.ini, fit.csv,
 *                    start.csv, search.csv
 * Not for use outside src/calibrate*.c. */
#ifndef SS_CALIBRATE_INTERNAL_H
#define SS_CALIBRATE_INTERNAL_H

#include "scenario.h"
#include "targets.h"
#include "worldio.h"

#include <stddef.h>

typedef struct freekey {
    const char *text; /* as given: KEY=LO:HI */
    char *key;
    double lo, hi;
} freekey;

typedef struct cal {
    const char *path, *targets_path, *out;
    char **sets; /* --set, then one slot per free key */
    size_t nsets;
    freekey *fk;
    size_t nfree;
    size_t points, iterations, jobs;
    int force;
    ss_world_cache world; /* loaded with the base, borrowed by every evaluation */
    ss_targets *targets;
    double *twin; /* the twin's sums, SS_TALLY per target */
    int progress; /* stderr is a terminal */
    /* The search: the start design (points, loss, why each failed), then
     * Nelder-Mead (its path as CSV text, why it stopped). */
    double *pts, *loss;
    char **why;
    size_t best; /* the best start point */
    char *path_text;
    char stop[128];
    size_t iterated, evals; /* Nelder-Mead iterations done; runs */
    double best_loss;
    double *best_x;
} cal;

/* Writes the output folder c->out from the fitted scenario, its target
 * values and its loss, atomically: nothing is written unless the whole
 * folder is. SS_OK or a status, with diag set. */
int ss_calibrate_write(const cal *c, const ss_scenario *base, const ss_scenario *fitted,
                       const double *values, double loss, ss_diag *d);

#endif
