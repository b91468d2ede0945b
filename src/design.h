/* The design of a sweep: which value every varied key takes at every
 * point, how many replicates each point has, and each run's seed. A grid
 * (--vary, every value crossed with every other), a Latin hypercube or
 * GSL's Sobol sequence (--sample), from the command line or else from the
 * [sweep] section of the already-loaded scenario.
 *
 * Pure: no files, no processes, no printing. A bad design is a status
 * with a diagnostic: its file and line when it comes from the [sweep]
 * section, none when from the command line (ss_design_report tells them
 * apart).
 *
 * Invariant: a built design has nax axes, each with n values (a sampled
 * axis sample_points of them), points = (product of the grid axes' n) *
 * sample_points and runs = points * replicates, at most SS_MAX_RUNS. Runs
 * are numbered in design order: run = point * replicates + replicate;
 * grid points vary the first grid key slowest, and every grid point is
 * combined with every sampled point. The seeds are those of the comment
 * at the top of src/sweep.c. */
#ifndef SS_DESIGN_H
#define SS_DESIGN_H

#include "scenario.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define SS_MAX_RUNS 10000000UL
#define SS_MAX_VALUES 1000000UL

/* Where a piece of the design came from: an option on the command line
 * ("--vary", file NULL) or a key of the [sweep] section. */
typedef struct ss_origin {
    const char *opt;
    const char *file;
    long line;
} ss_origin;

/* One varied key: its values in a grid, or its range when sampled. */
typedef struct ss_axis {
    char *key;    /* "model.sigma" */
    char **value; /* the text passed to each run as key=value */
    size_t n;
    int sampled;
    double lo, hi;
    size_t stride; /* grid axes: consecutive grid points between two values */
    ss_origin from;
} ss_axis;

typedef struct ss_design {
    ss_axis *ax;
    size_t nax;
    size_t sample_points; /* 1 when nothing is sampled */
    int sobol;
    size_t points, replicates, runs;
    uint64_t seed; /* the scenario seed every run's seed derives from */
} ss_design;

/* One --vary or --sample of the command line. */
typedef struct ss_design_spec {
    const char *text;
    ss_origin from;
    int sampled;
} ss_design_spec;

/* What the command line says; the [sweep] section fills in the rest: with
 * no spec its vary and sample, and each of points and design that is not
 * given (a spec replaces all four); its replicates unless given. */
typedef struct ss_design_options {
    const ss_design_spec *spec;
    size_t nspec;
    size_t points, replicates;
    int have_points, have_replicates;
    const char *design; /* "lhs", "sobol" or NULL */
    char *const *fixed; /* the --set overrides: none may set a varied key */
    size_t nfixed;
} ss_design_options;

/* Builds the design of o over scenario s (its [sweep] section, path and
 * seed), its samples drawn. SS_OK, or a status with d set; either way
 * ss_design_free frees what was made. */
int ss_design_build(ss_design *dz, const ss_design_options *o, const ss_scenario *s, ss_diag *d);
void ss_design_free(ss_design *dz);

/* Sets d to the message (printf-style) after the origin's option, at the
 * origin's place; returns SS_EINVAL (SS_ENOMEM for "out of memory"). */
int ss_design_fail(ss_diag *d, const ss_origin *o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints a design's diagnostic as ss_report does, or as a usage error when
 * it names no file; returns exit status 2. */
int ss_design_report(const ss_diag *d);

/* The text of axis a's value at point p. */
const char *ss_design_value(const ss_design *dz, size_t p, size_t a);

/* The SplitMix64 finaliser. */
uint64_t ss_mix64(uint64_t z);

/* The seed of replicate r of point p of a sweep with scenario seed base:
 * mix(mix(base + G (p + 1)) + G (r + 1)) >> 11, G = 0x9E3779B97F4A7C15. */
uint64_t ss_design_run_seed(uint64_t base, size_t p, size_t r);

#endif
