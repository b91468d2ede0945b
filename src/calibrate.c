/* `sanctsim calibrate`: fits free scenario keys to observed statistics.
 *
 * The twin (src/twin.h) is run once and its sums kept. A point of the
 * search is a set of values of the free keys, passed to the scenario loader
 * as --set overrides; its loss is the weighted sum of squared log errors of
 * the targets (src/targets.h). The search starts from a space-filling
 * design of the box (the sweep's Latin hypercube, src/sweep.h), evaluated
 * in parallel worker processes, and continues with GSL's Nelder-Mead
 * simplex (nmsimplex2) from the design's best point. Nelder-Mead works on
 * unbounded z, mapped into the box by the logistic function:
 * value = LO + (HI - LO) / (1 + exp(-z)). Everything is deterministic: the
 * design is drawn from the scenario seed and every run uses that seed.
 * Bad usage or input exits with 2 before any long work; a failed search
 * with 1; nothing is written unless the whole folder is (calibrate_out.c
 * writes it). */
#include "calibrate.h"
#include "calibrate_internal.h"
#include "commands.h"
#include "files.h"
#include "options.h"
#include "output.h"
#include "pool.h"
#include "report.h"
#include "sweep.h"
#include "table.h"
#include "targets.h"
#include "twin.h"

#include <errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char ss_calibrate_help[] =
    "sanctsim calibrate SCENARIO --targets FILE --free KEY=LO:HI ... [--points N]\n"
    "        [--iterations N] [--jobs N] [--set KEY=VALUE ...] [--out DIR] [--force]\n"
    "\n"
    "Fits the free keys of a scenario to observed statistics. The targets file (CSV,\n"
    "README.md \"Calibration targets\") lists one statistic a row: indicator, from, to,\n"
    "sector, period, observed value, weight and source. Each is measured against the\n"
    "scenario's twin: the same scenario without any sanction, enforcer or [change]\n"
    "(see sanctsim run --twin). The loss is the sum of weight * log(simulated /\n"
    "observed)^2 (for a change, of 1 + each). The search evaluates a Latin hypercube\n"
    "of N points over the box of free values, and the scenario's own values when they\n"
    "lie in it, in parallel, then runs Nelder-Mead from the best of them; it is\n"
    "deterministic.\n"
    "\n"
    "  --targets FILE       the observed statistics (e.g. scenarios/data/targets-2022-2023.csv)\n"
    "  --free KEY=LO:HI     a key to fit, as in --set (model.adjust,\n"
    "                       intermediary.KAZ.base_commission, sanction.payments.penalty),\n"
    "                       and its range, LO < HI (repeatable)\n"
    "  --points N           points of the start design (default 16), besides the\n"
    "                       scenario's own values (0: those alone, with --iterations 0\n"
    "                       the targets' fit at the scenario as it is)\n"
    "  --iterations N       at most N Nelder-Mead iterations (default 60; 0: design only)\n"
    "  --jobs N             worker processes for the start design (default: one per core)\n"
    "  --set KEY=VALUE      a fixed override, as in sanctsim run\n"
    "  --out DIR            the output folder (default runs/NAME-calibrate)\n"
    "  --force              replace an existing calibration folder (only one sanctsim\n"
    "                       calibrate wrote, holding nothing but its files and charts,\n"
    "                       which go with it)\n"
    "\n"
    "Writes into DIR: fitted.ini (the scenario with the fitted values, resolved; sanctsim\n"
    "run accepts it), fit.csv (each target: observed, simulated, log error, weight,\n"
    "source), start.csv (the loss at each start point), search.csv (the Nelder-Mead\n"
    "path), twin.ini and scenario.ini (the scenario as given). Prints the fitted values\n"
    "and the folder.\n";

enum { DEFAULT_POINTS = 16, DEFAULT_ITERATIONS = 60, MAX_POINTS = 100000 };
#define SIZE_TOL 1e-3 /* Nelder-Mead stops when the simplex is this small in z */
#define FAILED_LOSS 1e30

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- arguments -------------------------------------------------------------- */

/* KEY=LO:HI, KEY as in --set: section.key or section.LABEL.key. */
static int parse_free(const char *text, freekey *f)
{
    static const char form[] = "expected KEY=LO:HI, as in --free model.adjust=0.05:0.5";
    const char *eq = strchr(text, '='), *colon = eq ? strchr(eq, ':') : NULL;
    f->text = text;
    if (!eq || eq == text || !colon)
        return ss_usage("--free '%s': %s", text, form);
    if (!(f->key = strndup(text, (size_t)(eq - text))))
        return ss_usage("out of memory");
    const char *k = f->key;
    if (!ss_key_well_formed(k))
        return ss_usage("--free '%s': the key '%s' is not section.key or section.LABEL.key", text,
                        k);
    if (strncmp(k, "scenario.", 9) == 0)
        return ss_usage("--free '%s': [scenario] keys (dates, seed, world) cannot be fitted", text);
    if (ss_scenario_key_words(k))
        return ss_usage("--free '%s': %s takes words, and calibrate fits numbers in a range: fix "
                        "it with --set %s=...",
                        text, k, k);
    char lo_t[64], hi_t[64];
    if ((size_t)(colon - eq - 1) >= sizeof lo_t || strlen(colon + 1) >= sizeof hi_t)
        return ss_usage("--free '%s': %s", text, form);
    snprintf(lo_t, sizeof lo_t, "%.*s", (int)(colon - eq - 1), eq + 1);
    snprintf(hi_t, sizeof hi_t, "%s", colon + 1);
    char hint[96];
    if (ss_parse_number(lo_t, &f->lo) || ss_parse_number(hi_t, &f->hi))
        return ss_usage("--free '%s': LO and HI must be numbers%s; %s", text,
                        ss_range_hint(lo_t, hi_t, hint, sizeof hint), form);
    if (!(f->lo < f->hi))
        return ss_usage("--free '%s': LO (%g) must be below HI (%g)%s", text, f->lo, f->hi,
                        f->lo == f->hi ? "; fix a value with --set" : ": write the lower first");
    return 0;
}

static int parse_args(int argc, char **argv, cal *c)
{
    c->points = DEFAULT_POINTS;
    c->iterations = DEFAULT_ITERATIONS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->jobs = cores > 0 ? (size_t)cores : 1;
    c->sets = calloc((size_t)argc + 1, sizeof *c->sets);
    c->fk = calloc((size_t)argc + 1, sizeof *c->fk);
    if (!c->sets || !c->fk)
        return ss_usage("out of memory");
    static const char *const once[] = {"--targets", "--points", "--iterations",
                                       "--jobs",    "--out",    NULL};
    ss_warn_repeated(argc, argv, once);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc, rc = 0;
        if (ss_given_later(argc, argv, i, once)) {
            i++;
            continue;
        }
        if (strcmp(arg, "--targets") == 0 && has_value) {
            c->targets_path = argv[++i];
        } else if (strcmp(arg, "--free") == 0 && has_value) {
            rc = parse_free(ss_tidy_override(argv[++i]), &c->fk[c->nfree++]);
        } else if (strcmp(arg, "--set") == 0 && has_value) {
            if (ss_override_split(argc, argv, i))
                return 2;
            c->sets[c->nsets++] = ss_tidy_override(argv[++i]);
        } else if (strcmp(arg, "--points") == 0 && has_value) {
            rc = ss_parse_count(arg, argv[++i], 0, MAX_POINTS, &c->points);
        } else if (strcmp(arg, "--iterations") == 0 && has_value) {
            rc = ss_parse_count(arg, argv[++i], 0, 100000, &c->iterations);
        } else if (strcmp(arg, "--jobs") == 0 && has_value) {
            rc = ss_parse_count(arg, argv[++i], 1, 4096, &c->jobs);
        } else if (strcmp(arg, "--out") == 0 && has_value) {
            if (ss_out_arg(argv[++i], &c->out))
                return 2;
        } else if (strcmp(arg, "--force") == 0) {
            c->force = 1;
        } else {
            rc = ss_positional(arg, has_value, &c->path);
        }
        if (rc)
            return rc;
    }
    if (!c->path)
        return ss_usage("name a scenario file, e.g. sanctsim calibrate scenarios/illustrative.ini "
                        "--targets FILE --free model.adjust=0.05:0.5");
    if (!c->targets_path)
        return ss_usage("calibrate needs --targets FILE: the observed statistics to fit");
    if (c->nfree == 0)
        return ss_usage("calibrate needs at least one --free KEY=LO:HI: the keys to fit");
    for (size_t a = 0; a < c->nfree; a++) {
        for (size_t b = 0; b < a; b++)
            if (strcmp(c->fk[a].key, c->fk[b].key) == 0)
                return ss_usage("--free %s is given twice", c->fk[a].key);
        /* As sweep refuses a key both set and varied: the fit would
         * silently replace the --set value. */
        const char *set = ss_set_of(c->sets, c->nsets, c->fk[a].key);
        if (set)
            return ss_usage("'%s' is both set (--set %s) and fitted (--free): drop one",
                            c->fk[a].key, set);
    }
    ss_warn_repeated_sets(c->sets, c->nsets);
    return 0;
}

/* ---- one evaluation ------------------------------------------------------------ */

/* The scenario with the free keys at x: the --set overrides, then one
 * KEY=VALUE per free key (in c->sets after the fixed ones). */
static ss_scenario *load_at(cal *c, const double *x, ss_diag *d)
{
    char **sets = c->sets + c->nsets;
    for (size_t a = 0; a < c->nfree; a++) {
        size_t len = strlen(c->fk[a].key) + 40;
        free(sets[a]);
        if (!(sets[a] = malloc(len))) {
            ss_diag_set(d, SS_ENOMEM, "out of memory");
            return NULL;
        }
        snprintf(sets[a], len, "%s=%.10g", c->fk[a].key, x[a]);
    }
    return ss_scenario_load_cached(c->path, c->sets, c->nsets + c->nfree, &c->world, d);
}

/* The scenario with free key a alone at v (the others at the scenario's
 * own values). */
static ss_scenario *load_one(cal *c, size_t a, double v, ss_diag *d)
{
    char **sets = c->sets + c->nsets;
    size_t len = strlen(c->fk[a].key) + 40;
    free(sets[0]);
    if (!(sets[0] = malloc(len))) {
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(sets[0], len, "%s=%.10g", c->fk[a].key, v);
    return ss_scenario_load_cached(c->path, c->sets, c->nsets + 1, &c->world, d);
}

/* The loss at x, and each target's simulated value (values, n entries). */
static int evaluate(cal *c, const double *x, double *values, double *loss, ss_diag *d)
{
    const ss_targets *t = c->targets;
    ss_scenario *s = NULL;
    double *acc = malloc(t->n * SS_TALLY * sizeof *acc);
    int rc = SS_OK;
    if (!acc) {
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory");
        goto out;
    }
    if (!(s = load_at(c, x, d))) {
        rc = SS_EINVAL;
        goto out;
    }
    if ((rc = ss_targets_run(s, t, acc, d)))
        goto out;
    for (size_t r = 0; r < t->n; r++)
        values[r] = ss_target_value(&t->at[r], acc + r * SS_TALLY, c->twin + r * SS_TALLY);
out:
    *loss = rc ? INFINITY : ss_targets_loss(t, values, NULL);
    ss_scenario_free(s);
    free(acc);
    c->evals++;
    return rc;
}

/* ---- checks before the work ---------------------------------------------------- */

/* 1 when target t observes a share or a change above 1 (a leakage of 7,
 * a price change of 15.7): most likely a percentage. */
static int looks_percent(const ss_target *t)
{
    return t->indicator != SS_FLOW_RATIO && t->indicator != SS_IMPORT_RATIO && t->high > 1;
}

/* A target's observed value times scale, or its range by both ends
 * ("5 to 10"), each signed ("+15.7") when sign. */
static void ends(char *buf, size_t size, const ss_target *t, int both, double scale, int sign)
{
    const char *f = sign ? "%+g" : "%g";
    size_t len = 0;
    if (both) {
        snprintf(buf, size, f, scale * t->observed);
        len = strlen(buf);
        snprintf(buf + len, size - len, " to ");
        len = strlen(buf);
    }
    snprintf(buf + len, size - len, f, scale * t->high);
}

/* Warns of the targets that look like percentages, once for each name (a
 * monthly series has many rows), as they may be meant (a price that
 * more than doubled). */
static void warn_percentages(const ss_targets *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        const ss_target *t = &ts->at[i];
        size_t rows = looks_percent(t) ? 1 : 0;
        int first = 1;
        for (size_t j = 0; j < ts->n; j++)
            if (j != i && strcmp(ts->at[j].name, t->name) == 0 && looks_percent(&ts->at[j])) {
                rows++;
                first &= j > i;
            }
        if (!looks_percent(t) || !first)
            continue;
        const int change =
            t->indicator == SS_PRICE_CHANGE || t->indicator == SS_EXPORT_PRICE_CHANGE;
        const int both = t->high > t->observed;
        char given[64], pct[64], frac[64], more[64] = "";
        ends(given, sizeof given, t, both, 1, 0);
        ends(pct, sizeof pct, t, both, 100, change);
        ends(frac, sizeof frac, t, both, 0.01, 0);
        if (rows > 1)
            snprintf(more, sizeof more, " (and %zu more row%s of it)", rows - 1,
                     rows == 2 ? "" : "s");
        ss_errorf("warning: %s:%ld: target %s (%s) observes %s%s, which is %s %%: if %s %% is "
                  "meant, write %s (the file gives shares and changes as fractions)",
                  ts->path, t->line, t->name, ss_indicator_name[t->indicator], given, more, pct,
                  given, frac);
    }
}

/* Each free key is loaded at its ends and inside its range, so that an
 * unknown key, a value out of the key's range or a key that takes whole
 * numbers fails now, with the loader's own message. */
/* The usage error of free key f at its end side (0 LO, 1 HI, 2 inside, at
 * value v) with the loader's message, and `with` what else was set. */
static int refuse(const freekey *f, int side, double v, const char *msg, const char *with)
{
    if (side == 2)
        return ss_usage("--free '%s': %s = %.10g fails (%s)%s: calibrate varies keys that take "
                        "any number in a range",
                        f->text, f->key, v, msg, with);
    return ss_usage("--free '%s': %s: %s%s", f->text, side ? "HI" : "LO", msg, with);
}

static int check_free(cal *c, const ss_scenario *base)
{
    double *x = malloc(c->nfree * sizeof *x);
    if (!x)
        return ss_usage("out of memory");
    for (size_t a = 0; a < c->nfree; a++)
        x[a] = c->fk[a].lo;
    int rc = 0;
    /* Each key at its ends and inside, the others at their low ends. A
     * failure is blamed on the key that fails alone there, its own or
     * another at its low end (a trial's sigma = 0.5 was said to be the
     * first key's LO); else on the two together. */
    for (size_t a = 0; a < c->nfree && !rc; a++) {
        const freekey *f = &c->fk[a];
        const double at[3] = {f->lo, f->hi, f->lo + (f->hi - f->lo) * 0.3819660113};
        for (int e = 0; e < 3 && !rc; e++) {
            ss_diag d;
            ss_diag_clear(&d);
            x[a] = at[e];
            ss_scenario *s = load_at(c, x, &d);
            if (!s) {
                size_t who = a;
                int side = e, alone = 0;
                for (size_t b = 0; b < c->nfree && !alone; b++) {
                    ss_diag db;
                    ss_diag_clear(&db);
                    ss_scenario *one = load_one(c, b, x[b], &db);
                    if (!one) {
                        who = b;
                        side = b == a ? e : 0;
                        alone = 1;
                        d = db;
                    }
                    ss_scenario_free(one);
                }
                rc = refuse(
                    &c->fk[who], side, x[who], d.msg,
                    alone || c->nfree == 1 ? "" : " (with the other free keys at their low ends)");
            }
            ss_scenario_free(s);
        }
        x[a] = f->lo;
    }
    for (size_t a = 0; a < c->nfree && !rc; a++) {
        const freekey *f = &c->fk[a];
        char hi[32];
        snprintf(hi, sizeof hi, "%.17g", f->hi);
        ss_scenario_warn_key(base, "--free", f->key, hi, NULL);
        /* Sections that move costs without a sanction stay in the twin
         * (src/twin.c): with them the twin's world moves with the model's
         * parameters, and their own keys stay at the scenario's values. */
        static const char *const moving[] = {"links", "bloc", "corridor", "payments"};
        char present[96] = "";
        int own = 0;
        for (size_t m = 0; m < sizeof moving / sizeof *moving; m++) {
            int has = 0;
            for (size_t i = 0; i < base->nsec; i++)
                has |= strcmp(base->sec[i].type, moving[m]) == 0;
            if (has)
                snprintf(present + strlen(present), sizeof present - strlen(present), "%s[%s]",
                         present[0] ? ", " : "", moving[m]);
            own |= strncmp(f->key, moving[m], strlen(moving[m])) == 0 &&
                   f->key[strlen(moving[m])] == '.';
        }
        if (present[0] && (own || strncmp(f->key, "model.", 6) == 0))
            ss_errorf("note: the twin is run once, with the scenario's own %s; the twin keeps "
                      "the scenario's %s sections, which move costs without a sanction, so it "
                      "would move with %s too",
                      f->key, present, f->key);
    }
    free(x);
    return rc;
}

/* ---- the start design, in parallel ---------------------------------------------- */

typedef struct record {
    uint32_t point;
    int32_t failed;
    double loss;
    char why[sizeof(((ss_diag *)0)->msg)];
} record;

static void evaluate_point(cal *c, const double *x, double *values, record *out)
{
    ss_diag d;
    ss_diag_clear(&d);
    memset(out, 0, sizeof *out);
    out->failed = evaluate(c, x, values, &out->loss, &d) != SS_OK;
    if (out->failed)
        snprintf(out->why, sizeof out->why, "%s", d.msg);
}

/* The start design's state for the worker pool (src/pool.h). */
typedef struct design_run {
    cal *c;
    const double *pts;
    double *values, *loss;
    char **why;
    size_t done;
} design_run;

/* In a worker: start point p's record. */
static char *work_point(void *user, size_t p, size_t *len)
{
    design_run *dr = user;
    record *rec = malloc(sizeof *rec);
    if (!rec || (!dr->values && !(dr->values = malloc(dr->c->targets->n * sizeof(double))))) {
        free(rec);
        return NULL;
    }
    evaluate_point(dr->c, dr->pts + p * dr->c->nfree, dr->values, rec);
    rec->point = (uint32_t)p;
    *len = sizeof *rec;
    return (char *)rec;
}

/* In the parent: start point p's loss, and why it failed. */
static int point_done(void *user, size_t p, char *result, size_t len)
{
    design_run *dr = user;
    record *rec = (record *)result;
    int rc = SS_OK;
    if (len == sizeof *rec && rec->point == p) {
        dr->loss[p] = rec->loss;
        free(dr->why[p]);
        dr->why[p] = rec->failed ? strndup(rec->why, sizeof rec->why) : NULL;
        dr->done++;
        if (dr->c->progress)
            ss_progress("calibrate: start point %zu of %zu done", dr->done, dr->c->points);
    } else {
        ss_errorf("calibrate: a worker sent a damaged result for start point %zu", p);
        rc = SS_EIO;
    }
    free(result);
    return rc;
}

/* In the parent: a start point that two workers died on has failed. */
static int point_lost(void *user, size_t p, const char *why)
{
    design_run *dr = user;
    dr->loss[p] = INFINITY;
    free(dr->why[p]);
    if (!(dr->why[p] = strdup(why)))
        return SS_ENOMEM;
    dr->done++;
    return SS_OK;
}

/* Fills loss[p] and why[p] (NULL when it ran) for every start point, in
 * c->jobs worker processes; returns 0 or 1 (reported). */
static int run_design(cal *c, const double *pts, double *loss, char **why)
{
    design_run dr = {c, pts, NULL, loss, why, 0};
    size_t *task = malloc(c->points * sizeof *task);
    if (!task)
        return ss_usage("out of memory"), 1;
    for (size_t p = 0; p < c->points; p++)
        task[p] = p;
    ss_pool_job job = {.task = task,
                       .ntask = c->points,
                       .jobs = c->jobs,
                       .work = work_point,
                       .done = point_done,
                       .lost = point_lost,
                       .user = &dr,
                       .close_fd = -1,
                       .stop_after = SIZE_MAX,
                       .crash_task = SIZE_MAX};
    int rc = ss_pool_run(&job);
    free(task);
    return rc ? 1 : 0;
}

/* ---- Nelder-Mead ------------------------------------------------------------------ */

static double to_box(const freekey *f, double z)
{
    return f->lo + (f->hi - f->lo) / (1 + exp(-z));
}

static double to_z(const freekey *f, double x)
{
    double u = (x - f->lo) / (f->hi - f->lo);
    u = u < 1e-6 ? 1e-6 : u > 1 - 1e-6 ? 1 - 1e-6 : u;
    return log(u / (1 - u));
}

typedef struct nm_ctx {
    cal *c;
    double *x, *values;
} nm_ctx;

static double nm_loss(const gsl_vector *z, void *p)
{
    nm_ctx *ctx = p;
    cal *c = ctx->c;
    for (size_t a = 0; a < c->nfree; a++)
        ctx->x[a] = to_box(&c->fk[a], gsl_vector_get(z, a));
    double loss;
    ss_diag d;
    ss_diag_clear(&d);
    if (evaluate(c, ctx->x, ctx->values, &loss, &d) != SS_OK)
        return FAILED_LOSS; /* a failed run: somewhere the search must not go */
    if (loss < c->best_loss) {
        c->best_loss = loss;
        memcpy(c->best_x, ctx->x, c->nfree * sizeof *ctx->x);
    }
    return loss;
}

/* Runs Nelder-Mead from c->best_x, writing its path to f; returns the
 * number of iterations. */
static size_t search(cal *c, FILE *path, char *why, size_t size)
{
    const size_t k = c->nfree;
    nm_ctx ctx = {c, malloc(k * sizeof(double)), malloc(c->targets->n * sizeof(double))};
    gsl_vector *z = gsl_vector_alloc(k), *step = gsl_vector_alloc(k);
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    snprintf(why, size, "out of memory");
    size_t it = 0;
    if (!ctx.x || !ctx.values || !z || !step || !m)
        goto done;
    for (size_t a = 0; a < k; a++)
        gsl_vector_set(z, a, to_z(&c->fk[a], c->best_x[a]));
    gsl_vector_set_all(step, 0.5);
    gsl_multimin_function fn = {nm_loss, k, &ctx};
    snprintf(why, size, "stopped at the limit of --iterations %zu", c->iterations);
    if (gsl_multimin_fminimizer_set(m, &fn, z, step) != GSL_SUCCESS) {
        snprintf(why, size, "GSL could not start the simplex");
        goto done;
    }
    /* Stops when the simplex is small, or when the best loss has not
     * improved for 5 (k + 1) iterations (a best point at the edge of the
     * box sends z off to infinity, where the simplex never gets small). */
    double last_best = c->best_loss; /* the first vertex, the best start point */
    size_t stalled = 0;
    while (it < c->iterations) {
        int status = gsl_multimin_fminimizer_iterate(m);
        it++;
        if (m->fval < last_best - 1e-9 * (1 + fabs(last_best))) {
            last_best = m->fval;
            stalled = 0;
        } else {
            stalled++;
        }
        /* Every iteration's row, the last too (a trial's search.csv lacked
         * the one that stopped for no improvement). */
        double simplex = gsl_multimin_fminimizer_size(m);
        fprintf(path, "%zu,%zu", it, c->evals);
        for (size_t a = 0; a < k; a++)
            fprintf(path, ",%.10g", to_box(&c->fk[a], gsl_vector_get(m->x, a)));
        fprintf(path, ",%.10g,%.6g\n", m->fval, simplex);
        if (c->progress)
            ss_progress("calibrate: Nelder-Mead iteration %zu, loss %.6g", it, m->fval);
        if (stalled >= 5 * (k + 1)) {
            snprintf(why, size, "stopped: no improvement in %zu iterations", stalled);
            break;
        }
        if (status != GSL_SUCCESS) {
            snprintf(why, size, "stopped: the simplex cannot improve");
            break;
        }
        if (gsl_multimin_test_size(simplex, SIZE_TOL) == GSL_SUCCESS) {
            snprintf(why, size, "converged (simplex size below %g)", SIZE_TOL);
            break;
        }
    }
done:
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(z);
    gsl_vector_free(step);
    free(ctx.x);
    free(ctx.values);
    return it;
}

/* ---- the command ---------------------------------------------------------------- */

/* Draws the start design: n points of the free keys, in room for
 * c->points. */
static double *design(const cal *c, size_t n, uint64_t seed)
{
    size_t k = c->nfree;
    double *lo = malloc(k * sizeof *lo), *hi = malloc(k * sizeof *hi);
    double *pts = malloc(c->points * k * sizeof *pts);
    char **text = calloc(n * k + 1, sizeof *text);
    if (!lo || !hi || !pts || !text)
        goto no_memory;
    if (!n)
        goto done; /* --points 0: the scenario's own values alone */
    for (size_t a = 0; a < k; a++) {
        lo[a] = c->fk[a].lo;
        hi[a] = c->fk[a].hi;
    }
    if (ss_sweep_design(k, n, lo, hi, 0, seed, text))
        goto fail; /* reported */
    for (size_t a = 0; a < k; a++)
        for (size_t i = 0; i < n; i++)
            if (!text[a * n + i] || ss_parse_number(text[a * n + i], &pts[i * k + a]))
                goto no_memory;
    goto done;
no_memory:
    ss_usage("out of memory");
fail:
    free(pts);
    pts = NULL;
done:
    for (size_t i = 0; text && i < n * k; i++)
        free(text[i]);
    free(text);
    free(lo);
    free(hi);
    return pts;
}

/* Runs the twin once and keeps its sums; an exit status or 0. */
static int run_twin(cal *c, const ss_scenario *base)
{
    ss_diag d;
    ss_diag_clear(&d);
    double t0 = seconds();
    ss_scenario *twin = ss_twin_load(base, &d);
    c->twin = malloc(c->targets->n * SS_TALLY * sizeof *c->twin);
    int rc = !c->twin ? ss_diag_set(&d, SS_ENOMEM, "out of memory")
             : twin   ? ss_targets_run(twin, c->targets, c->twin, &d)
                      : SS_EINVAL;
    ss_scenario_free(twin);
    if (rc) {
        ss_report(&d);
        ss_errorf("calibrate: the twin failed");
        return 1;
    }
    if (ss_targets_check_twin(c->targets, c->twin, &d)) {
        ss_report(&d);
        return 2;
    }
    ss_errorf("calibrate: %zu target%s (%zu named series), %zu free key%s; twin run in %.1f s",
              c->targets->n, c->targets->n == 1 ? "" : "s", ss_targets_names(c->targets), c->nfree,
              c->nfree == 1 ? "" : "s", seconds() - t0);
    return 0;
}

/* The scenario's own values of the free keys, into x; 1 when each is a
 * number inside its range, else 0, with a note of the first that is not. */
static int own_values(const cal *c, const ss_scenario *base, double *x)
{
    for (size_t a = 0; a < c->nfree; a++) {
        char buf[64];
        const char *text = ss_scenario_key_text(base, c->fk[a].key, buf, sizeof buf);
        char why[96] = "";
        if (!text)
            snprintf(why, sizeof why, "has no value of its own");
        else if (ss_parse_number(text, &x[a]))
            snprintf(why, sizeof why, "= %s is not a number", text);
        else if (x[a] < c->fk[a].lo || x[a] > c->fk[a].hi)
            snprintf(why, sizeof why, "= %s lies outside the range %g:%g", text, c->fk[a].lo,
                     c->fk[a].hi);
        if (why[0]) {
            ss_errorf("calibrate: note: the scenario's own values are no start point: its %s %s",
                      c->fk[a].key, why);
            return 0;
        }
    }
    return 1;
}

/* Draws and evaluates the start design, and after it the scenario's own
 * values when they lie in the ranges (so that the fit is never worse than
 * the scenario as it was); c->best is the best point. */
static int start(cal *c, const ss_scenario *base)
{
    c->best_x = malloc(c->nfree * sizeof *c->best_x);
    if (!c->best_x)
        return ss_usage("out of memory");
    const size_t drawn = c->points;
    const int own = own_values(c, base, c->best_x);
    if (!drawn && !own)
        return ss_usage("--points 0 evaluates the scenario's own values alone, and they are no "
                        "start point (above)");
    c->points += (size_t)own;
    c->loss = malloc(c->points * sizeof *c->loss);
    c->why = calloc(c->points, sizeof *c->why);
    if (!c->loss || !c->why)
        return ss_usage("out of memory");
    if (!(c->pts = design(c, drawn, base->seed)))
        return 2;
    if (own)
        memcpy(c->pts + drawn * c->nfree, c->best_x, c->nfree * sizeof *c->best_x);
    const size_t jobs = c->jobs < c->points ? c->jobs : c->points;
    ss_errorf("calibrate: %zu start point%s%s on %zu job%s", c->points, c->points == 1 ? "" : "s",
              !drawn ? " (the scenario's own values alone)"
              : own  ? " (the design's, then the scenario's own values)"
                     : "",
              jobs, jobs == 1 ? "" : "s");
    double t0 = seconds();
    if (run_design(c, c->pts, c->loss, c->why))
        return 1;
    if (c->progress)
        ss_progress_done();
    /* The scenario's own values (the last point) win a tie: where the
     * loss does not move, nothing is fitted (a trial's flat loss printed
     * a "fitted" value drawn at random). */
    c->best = own && !c->why[c->points - 1] ? c->points - 1 : c->points;
    double top = -INFINITY;
    size_t ran = 0; /* the points whose runs did not fail */
    for (size_t p = 0; p < c->points; p++) {
        if (c->why[p])
            continue;
        if (c->best == c->points || c->loss[p] < c->loss[c->best])
            c->best = p;
        top = fmax(top, c->loss[p]);
        ran++;
    }
    if (c->best == c->points) {
        ss_errorf("calibrate: every start point failed; the first: %s", c->why[0]);
        return 1;
    }
    /* Points whose runs failed: the fit may stand at the edge of where the
     * model runs (a trial's 8 of 17 failed without a word). */
    for (size_t p = 0; p < c->points && ran < c->points; p++)
        if (c->why[p]) {
            ss_errorf("warning: calibrate: %zu of the %zu start points failed (start.csv's status "
                      "says why); the first: %s",
                      c->points - ran, c->points, c->why[p]);
            break;
        }
    if (ran > 1 && top == c->loss[c->best])
        ss_errorf("warning: calibrate: the loss is %.10g at every start point: the targets do "
                  "not move with the keys fitted, which they cannot identify%s",
                  top, own ? " (the scenario's own values are kept)" : "");
    ss_errorf("calibrate: start design done in %.1f s, best loss %.6g (point %zu)", seconds() - t0,
              c->loss[c->best], c->best);
    c->best_loss = c->loss[c->best];
    memcpy(c->best_x, c->pts + c->best * c->nfree, c->nfree * sizeof *c->best_x);
    return 0;
}

/* Nelder-Mead from the best start point, its path kept in c->path_text
 * until the folder is written. */
static int refine(cal *c)
{
    size_t len = 0;
    FILE *path = open_memstream(&c->path_text, &len);
    if (!path)
        return ss_usage("out of memory");
    snprintf(c->stop, sizeof c->stop, "none asked for (--iterations 0)");
    c->evals = 0; /* the runs of the search (workers counted the design's) */
    double t0 = seconds();
    if (c->iterations > 0)
        c->iterated = search(c, path, c->stop, sizeof c->stop);
    fclose(path);
    if (c->progress)
        ss_progress_done();
    ss_errorf("calibrate: Nelder-Mead: %zu iterations (%zu runs, %.1f s), %s; loss "
              "%.6g",
              c->iterated, c->evals, seconds() - t0, c->stop, c->best_loss);
    return c->path_text ? 0 : ss_usage("out of memory");
}

/* Evaluates the fit once more for fit.csv and writes the folder
 * (calibrate_out.c). */
static int write_folder(cal *c, const ss_scenario *base, double *values, double *loss, ss_diag *d)
{
    ss_scenario *fitted = NULL;
    int rc = evaluate(c, c->best_x, values, loss, d);
    if (rc)
        return rc;
    /* A target the fitted run leaves undefined (a leakage of links no
     * sanction held in its period) adds the floor's fixed error to the
     * loss and steers nothing: said, with its line (a trial met it
     * silently). */
    for (size_t r = 0; r < c->targets->n; r++) {
        const ss_target *t = &c->targets->at[r];
        if (isnan(values[r]))
            ss_errorf("warning: %s:%ld: target %s (%s from '%s' to '%s' in '%s', %s) has no "
                      "value in the fitted run%s: it adds a fixed error to the loss and steers "
                      "nothing",
                      c->targets->path, t->line, t->name, ss_indicator_name[t->indicator],
                      t->from_text, t->to_text, t->sector_text, t->period_text,
                      t->indicator == SS_LEAKAGE
                          ? " (no direct flow dropped: no sanction held those links then?)"
                          : "");
    }
    if (!(fitted = load_at(c, c->best_x, d)))
        return SS_EINVAL;
    rc = ss_calibrate_write(c, base, fitted, values, *loss, d);
    ss_scenario_free(fitted);
    return rc;
}

static void print_fit(const cal *c, double loss)
{
    const size_t names = ss_targets_names(c->targets);
    printf("calibrated %s against %s: %zu target%s (%zu named series)\n", c->path, c->targets_path,
           c->targets->n, c->targets->n == 1 ? "" : "s", names);
    printf("start      %zu point%s, best loss %.6g\n", c->points, c->points == 1 ? "" : "s",
           c->loss[c->best]);
    printf("search     %zu Nelder-Mead iterations, %s\n", c->iterated, c->stop);
    printf("loss       %.6g\n", loss);
    for (size_t a = 0; a < c->nfree; a++) {
        const freekey *f = &c->fk[a];
        const double u = (c->best_x[a] - f->lo) / (f->hi - f->lo);
        double lo = -INFINITY, hi = INFINITY;
        ss_scenario_key_limits(f->key, &lo, &hi);
        /* Widening is advice only where the key's own range leaves room. */
        const int low = u < 0.01;
        const int high = u > 0.99;
        const int wall = (low && f->lo <= lo) || (high && f->hi >= hi);
        printf("fitted     %s = %.10g (range %g to %g%s%s)\n", f->key, c->best_x[a], f->lo, f->hi,
               low    ? "; at its low end"
               : high ? "; at its high end"
                      : "",
               wall          ? ", the key's own limit"
               : low || high ? ": widen the range?"
                             : "");
    }
    printf("%s\n", c->out);
}

static int calibrate(cal *c, const ss_scenario *base)
{
    int rc;
    if ((rc = run_twin(c, base)) || (rc = start(c, base)) || (rc = refine(c)))
        return rc;
    ss_diag d;
    ss_diag_clear(&d);
    double *values = malloc(c->targets->n * sizeof *values), loss;
    if (!values)
        return ss_usage("out of memory");
    if (write_folder(c, base, values, &loss, &d)) {
        ss_report(&d);
        rc = 1;
    } else {
        print_fit(c, loss);
    }
    free(values);
    return rc;
}

int ss_cmd_calibrate(int argc, char **argv)
{
    cal c = {0};
    c.progress = isatty(STDERR_FILENO);
    char *out = NULL;
    ss_scenario *base = NULL;
    ss_output *o = NULL;
    ss_diag d;
    ss_diag_clear(&d);
    /* Each evaluation loads the scenario again: all of them read its files
     * as the first did (ss_inputs_keep), edited or not meanwhile, and take
     * the world the first loaded (c.world). */
    const int kept = ss_inputs_keep(1);
    int rc = parse_args(argc, argv, &c);
    if (rc)
        goto out;
    rc = 2;
    if (!(base = ss_scenario_load_cached(c.path, c.sets, c.nsets, &c.world, &d)) ||
        !(c.targets = ss_targets_read(c.targets_path, base, &d))) {
        ss_report(&d);
        goto out;
    }
    warn_percentages(c.targets);
    if ((rc = check_free(&c, base)))
        goto out;
    if (!(c.out = out = ss_out_folder(c.out, c.path, "-calibrate"))) {
        rc = 1; /* said */
        goto out;
    }
    /* The output folder is made at the end; fail now if it could not be. */
    if (!(o = ss_output_open(c.out, SS_FOLDER_CALIBRATION, c.force, 1, base, &rc, &d))) {
        ss_report(&d);
        goto out;
    }
    ss_output_abort(o);
    rc = calibrate(&c, base);
out:
    ss_inputs_keep(kept);
    for (size_t a = 0; c.fk && a < c.nfree; a++)
        free(c.fk[a].key);
    for (size_t a = 0; c.sets && a < c.nfree; a++)
        free(c.sets[c.nsets + a]);
    free(c.fk);
    free(c.sets);
    free(c.twin);
    free(c.best_x);
    for (size_t p = 0; c.why && p < c.points; p++)
        free(c.why[p]);
    free(c.why);
    free(c.pts);
    free(c.loss);
    free(c.path_text);
    free(out);
    ss_targets_free(c.targets);
    ss_scenario_free(base);
    ss_world_cache_clear(&c.world);
    return rc;
}
