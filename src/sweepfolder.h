/* Reading a sweep folder that `sanctsim sweep` (or `merge`) wrote, for its
 * charts: sweep-scenario.ini for the source line, and from
 * sweep-summary.csv (one row per indicator and point: point, the varied
 * keys, indicator, n, failed, mean, sd, q05, q50, q95) one indicator's
 * statistics per point, each varied key's distinct values, and whether
 * the points form a full grid. */
#ifndef SS_SWEEPFOLDER_H
#define SS_SWEEPFOLDER_H

#include "scenario.h"
#include "table.h"

/* A headline indicator that the charts know: its title, axis label, the
 * factor to its unit, and the value its axis always shows (in that unit:
 * 0 for a share or an amount, the baseline's 100 for an index), so that a
 * narrow band does not look like a large difference; and the lowest value
 * it can take (0 for a share, a sum of flows or a count), where a colour
 * scale stops. Another indicator is drawn as it is (anchor and floor NaN). */
typedef struct ss_indicator {
    const char *name, *title, *axis;
    double scale;
    const char *unit; /* after a value in a finding: " %" for a share, else "" */
    double anchor, floor;
} ss_indicator;

/* One varied key: its distinct values, in the order of its axis (numbers
 * ascending, other text in order of first appearance). */
typedef struct ss_sweep_key {
    const char *name;
    int numeric;
    size_t nval;
    const char **val; /* nval texts */
    double *num;      /* nval numbers, for a numeric key */
    size_t *at;       /* per point: the index of its value */
} ss_sweep_key;

/* A sweep folder, for one indicator. Owns everything but dir. */
typedef struct ss_sweepfolder {
    const char *dir;
    ss_scenario *s; /* sweep-scenario.ini */
    ss_table *t;    /* sweep-summary.csv */
    const ss_indicator *ind;
    ss_indicator other; /* ind, for an indicator the charts do not know
                         * (a sweep's own, --indicator NAME=EXPR) or one
                         * drawn in USD bn instead of million */
    char other_axis[128];
    size_t nkeys, npoints, replicates;
    ss_sweep_key *key;
    double *mean, *q05, *q50, *q95; /* per point, in the chart's unit; NaN: no value */
    double *sd;                     /* per point; NaN also for a single run */
    /* When the points are the full cross product of the keys' values (a
     * grid, possibly crossed with one sampled key): the point of each
     * combination, the first key's value changing slowest. Else NULL. */
    size_t *grid;
} ss_sweepfolder;

/* Opens dir for `indicator` (NULL: final_leakage), any indicator of its
 * sweep-summary.csv, the sweep's own included; SS_EINVAL with a message
 * when it is not a finished sweep folder or lacks the indicator (the
 * message lists those it has). */
int ss_sweepfolder_open(ss_sweepfolder *sw, const char *dir, const char *indicator, ss_diag *d);
void ss_sweepfolder_close(ss_sweepfolder *sw);

/* 1 when dir is a sweep folder rather than a run folder: it has no
 * scenario.ini but something that sanctsim sweep writes. */
int ss_is_sweep_folder(const char *dir);

/* The point of the grid combination where key 0 has value x, key 1 value
 * y and every other key its first value (sw->grid must be set). */
size_t ss_sweep_grid_point(const ss_sweepfolder *sw, size_t x, size_t y);

#endif
