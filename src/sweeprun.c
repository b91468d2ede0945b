/* One run of a sweep (see sweeprun.h): the headline indicators, month by
 * month, and the row they make. */
#include "sweeprun.h"
#include "cost.h"
#include "files.h"
#include "months.h"
#include "output.h"
#include "summary.h"
#include "twin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The folder of run under OUT/runs/, in new memory. */
static char *sweep_run_dir(const ss_sweep *sw, size_t run);

/* The score of a run while its months go by. */
typedef struct score {
    ss_output *o; /* the run folder with --keep-runs, else NULL */
    ss_watch *wa;
    size_t nw;
    ss_linkset headline, exported; /* ss_headline_links; every export-direction link */
    unsigned sets_version;         /* the scenario's, when they were built */
    int built;                     /* 1 once they are */
    double *earned;                /* commission income by country */
    double leak_sum;
    long leak_months;
    unsigned undefined; /* bit i: indicator i has no value by definition (empty) */
    ss_result *res;
    ss_targets *own; /* the sweep's own indicators (--indicator), or NULL */
    double *acc;     /* their sums, SS_TALLY each */
    ss_text *series; /* --keep-series: the monthly headline numbers */
} score;

/* A month of the series (--keep-series): the headline leakage and the
 * month's lost exports, commission income and detections. */
static void series_row(score *sc, const ss_scenario *s, long t, const ss_flows *head, double lost,
                       double commission, double detections)
{
    char month[32];
    ss_scenario_month(s, t, month, sizeof month);
    ss_text_printf(sc->series, "%s,", month);
    double v[7] = {ss_leakage(head->baseline, head->rerouted),
                   head->baseline,
                   head->direct,
                   head->rerouted,
                   lost,
                   commission,
                   detections};
    for (int i = 0; i < 7; i++) {
        ss_text_number(sc->series, v[i]);
        ss_text_puts(sc->series, i < 6 ? "," : "\n");
    }
}

/* The final leakage (none, a share of nothing, with no sanction of the
 * headline in force) and the mean price index over the distinct targets
 * and sectors of the sanctions, not of the counter-sanctions that answer
 * them (their targets are not "the targets"), in the last month. */
static void last_month(score *sc, const ss_world *w, const ss_sim *sim, const ss_flows *head)
{
    const double *price = ss_sim_price(sim);
    sc->res->v[SS_I_FINAL] = head->baseline > 0 ? ss_leakage(head->baseline, head->rerouted) : NAN;
    double sum = 0;
    size_t count = 0;
    for (size_t q = 0; q < sc->nw; q++) {
        if (sc->wa[q].m->answers)
            continue;
        size_t r = 0;
        while (r < q && (sc->wa[r].m->answers || sc->wa[r].target != sc->wa[q].target ||
                         sc->wa[r].sector != sc->wa[q].sector))
            r++;
        if (r < q)
            continue;
        sum += price[sc->wa[q].target * w->k + sc->wa[q].sector];
        count++;
    }
    sc->res->v[SS_I_PRICE] = count ? sum / (double)count : NAN;
    sc->undefined |= (head->baseline > 0 ? 0 : 1u << SS_I_FINAL) | (count ? 0 : 1u << SS_I_PRICE);
}

/* Brings the link sets to month t, as the scenario's groups are now: the
 * headline's when the groups or its sanctions in force change, every
 * export-direction link and the summary's rows (a target group's new
 * member, as summary.csv's) when the groups change. */
static int score_links(score *sc, const ss_scenario *s, long t)
{
    const int groups = !sc->built || sc->sets_version != s->sets_version;
    int dir, rc = SS_OK;
    if (groups || ss_headline_moves(s->config, t)) {
        free(sc->headline.idx);
        sc->headline = (ss_linkset){0};
        rc = ss_headline_links(s->world, s->config, t, &sc->headline, &dir);
    }
    if (!rc && groups) {
        free(sc->exported.idx);
        sc->exported = (ss_linkset){0};
        sc->sets_version = s->sets_version;
        sc->built = 1;
        rc = ss_linkset_of(s->world, s->config, NULL, NULL, SS_EXPORT, -1, &sc->exported);
        if (!rc)
            rc = ss_watches(s->config, &sc->wa, &sc->nw);
    }
    return rc;
}

/* Month t's share of the headline indicators (and its files with
 * --keep-runs). */
static int account(void *user, const ss_scenario *s, ss_sim *sim, long t, ss_diag *d)
{
    score *sc = user;
    int rc = sc->o ? ss_output_month(sc->o, s, sim, d) : SS_OK;
    if (sc->own)
        ss_targets_tally(sc->own, s->world, sim, t, sc->acc);
    const ss_world *w = s->world;
    if (!rc && score_links(sc, s, t))
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory");
    ss_flows head, ex;
    ss_linkset_flows(w, sim, &sc->headline, &head);
    if (sc->series && t == 0)
        series_row(sc, s, t, &head, 0, 0, 0);
    if (rc || t == 0)
        return rc;
    const double *inc = ss_sim_commission_income(sim), *caught = ss_sim_caught(sim);
    ss_result *res = sc->res;
    double before[3] = {res->v[SS_I_LOST], res->v[SS_I_COMMISSION], res->v[SS_I_DETECTIONS]};
    ss_linkset_flows(w, sim, &sc->exported, &ex);
    res->v[SS_I_LOST] += ex.baseline - (ex.direct + ex.rerouted);
    double leak = ss_leakage(head.baseline, head.rerouted);
    if (ss_mean_leakage_month(s->config, t, head.baseline)) {
        sc->leak_sum += leak;
        sc->leak_months++;
    }
    if (t == s->months - 1)
        last_month(sc, w, sim, &head);
    for (size_t m = 0; m < w->n; m++) {
        for (size_t k = 0; k < w->k; k++) {
            sc->earned[m] += inc[m * w->k + k];
            res->v[SS_I_COMMISSION] += inc[m * w->k + k];
        }
        res->v[SS_I_DETECTIONS] += caught[m];
    }
    if (sc->series)
        series_row(sc, s, t, &head, res->v[SS_I_LOST] - before[0],
                   res->v[SS_I_COMMISSION] - before[1], res->v[SS_I_DETECTIONS] - before[2]);
    return SS_OK;
}

/* Adds month t of a twin to its sums. */
static int tally_twin(void *user, const ss_scenario *s, ss_sim *sim, long t, ss_diag *d)
{
    (void)d;
    score *sc = user;
    ss_targets_tally(sc->own, s->world, sim, t, sc->acc);
    return SS_OK;
}

/* The sweep's own indicators of a finished run: its sums, and the twin's
 * when some indicator divides by it. */
static int own_values(const ss_sweep *sw, score *sc, const ss_scenario *s, ss_diag *d)
{
    size_t n = sw->ncustom;
    double *twin = NULL;
    int rc = SS_OK;
    if (ss_custom_needs_twin(sw->custom, n)) {
        ss_scenario *t = ss_twin_load(s, d);
        score tw = {.own = sc->own, .acc = twin = calloc(n * SS_TALLY + 1, sizeof *twin)};
        rc = !t      ? SS_EINVAL
             : !twin ? ss_diag_set(d, SS_ENOMEM, "out of memory")
                     : ss_run_months(t, t->months - 1, tally_twin, &tw, d);
        ss_scenario_free(t);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        sc->res->x[i] = ss_custom_value(&sw->custom[i], sc->acc + i * SS_TALLY,
                                        twin ? twin + i * SS_TALLY : NULL);
        if (!isfinite(sc->res->x[i]))
            rc = ss_diag_set(d, SS_ENUMERIC, "indicator %s: this run's twin has none of its flow",
                             sw->custom[i].name);
    }
    sc->res->nx = n;
    free(twin);
    return rc;
}

/* The mean leakage, the top intermediary, and every indicator finite. */
static int conclude(score *sc, const ss_world *w, ss_diag *d)
{
    ss_result *res = sc->res;
    res->v[SS_I_MEAN] = sc->leak_months ? sc->leak_sum / (double)sc->leak_months : NAN;
    sc->undefined |= sc->leak_months ? 0 : 1u << SS_I_MEAN;
    double best = 0;
    for (size_t m = 0; m < w->n; m++)
        if (sc->earned[m] > best) {
            best = sc->earned[m];
            snprintf(res->top, sizeof res->top, "%s", w->iso3[m]);
        }
    for (int i = 0; i < SS_NIND; i++)
        if (!isfinite(res->v[i]) && !(sc->undefined >> i & 1))
            return ss_diag_set(d, SS_ENUMERIC, "the %s is not a finite number", ss_ind_name[i]);
    return SS_OK;
}

/* run's file name in OUT/series/, pP-rR.csv (as its folder in OUT/runs/). */
static void series_name(const ss_sweep *sw, size_t run, char file[SS_RUN_NAME + 4])
{
    ss_sweep_run_name(sw, run, file);
    strcat(file, ".csv");
}

/* Writes the series of run (--keep-series) as OUT/series/pP-rR.csv. */
static int write_series(const ss_sweep *sw, size_t run, const ss_text *t, ss_diag *d)
{
    char file[SS_RUN_NAME + 4], *folder = ss_path_join(sw->out, "series");
    series_name(sw, run, file);
    int rc = !folder || t->failed ? ss_diag_set(d, SS_ENOMEM, "out of memory")
                                  : ss_write_atomic(folder, file, t->s, t->len, d);
    free(folder);
    return rc;
}

int ss_sweep_kept(const ss_sweep *sw, size_t run)
{
    if (!sw->keep_runs && !sw->keep_series)
        return 1;
    char file[SS_RUN_NAME + 4], *dir = sweep_run_dir(sw, run),
                                *folder = ss_path_join(sw->out, "series");
    series_name(sw, run, file);
    char *series = folder ? ss_path_join(folder, file) : NULL;
    int kept = dir && series && (!sw->keep_runs || ss_is_dir(dir)) &&
               (!sw->keep_series || ss_path_exists(series));
    free(series);
    free(folder);
    free(dir);
    return kept;
}

/* The months of a loaded scenario, keeping score in res, and writing the
 * run folder too when keep is not NULL. */
static int simulate(const ss_sweep *sw, size_t run, ss_scenario *s, const char *keep,
                    ss_result *res, ss_diag *d)
{
    ss_text series = {0};
    score sc = {.res = res, .series = sw->keep_series ? &series : NULL};
    memset(res, 0, sizeof *res);
    int rc = SS_OK;
    ss_text_puts(&series, "month,leakage,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,"
                          "lost_exports_usd_mn,commission_usd_mn,detections\n");
    if (sw->ncustom && (!(sc.own = ss_custom_targets(sw->custom, sw->ncustom, s, 1, d)) ||
                        !(sc.acc = calloc(sw->ncustom * SS_TALLY, sizeof *sc.acc)))) {
        rc = sc.own ? ss_diag_set(d, SS_ENOMEM, "out of memory") : SS_EINVAL;
        goto done;
    }
    sc.earned = calloc(s->world->n, sizeof *sc.earned);
    if (!sc.earned || score_links(&sc, s, 0)) { /* the summary's rows too (ss_watches) */
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory for a world of %zu countries", s->world->n);
        goto done;
    }
    int status;
    if (keep && !(sc.o = ss_output_open(keep, SS_FOLDER_RUN, 1, 0, s, &status, d))) {
        rc = status == 2 ? SS_EINVAL : SS_EIO;
        goto done;
    }
    rc = ss_run_months(s, s->months - 1, account, &sc, d);
    if (!rc)
        rc = conclude(&sc, s->world, d);
    if (!rc && sw->ncustom)
        rc = own_values(sw, &sc, s, d);
    if (!rc && sw->keep_series)
        rc = write_series(sw, run, &series, d);
    if (sc.o && rc)
        ss_output_abort(sc.o);
    else if (sc.o)
        rc = ss_output_commit(sc.o, d);
done:
    ss_targets_free(sc.own);
    free(sc.acc);
    free(series.s);
    free(sc.wa);
    free(sc.headline.idx);
    free(sc.exported.idx);
    free(sc.earned);
    return rc;
}

/* The status of a failed run: the diagnostic without the "--set" place
 * (the values are in the row) and with the scenario named by its file name,
 * so that rows do not depend on where the scenario was on disk. */
static void status_text(const ss_sweep *sw, const ss_diag *d, char *out, size_t size)
{
    const char *msg = d->msg[0] ? d->msg : "failed for an unknown reason";
    const char *file = d->file;
    if (strcmp(file, sw->path) == 0 && strrchr(file, '/'))
        file = strrchr(file, '/') + 1;
    if (!file[0] || strcmp(file, "--set") == 0)
        snprintf(out, size, "%s", msg);
    else if (d->line > 0)
        snprintf(out, size, "%s:%ld: %s", file, d->line, msg);
    else
        snprintf(out, size, "%s: %s", file, msg);
}

void ss_sweep_run_name(const ss_sweep *sw, size_t run, char name[SS_RUN_NAME])
{
    int wp = snprintf(NULL, 0, "%zu", sw->dz.points - 1),
        wr = snprintf(NULL, 0, "%zu", sw->dz.replicates - 1);
    snprintf(name, SS_RUN_NAME, "p%0*zu-r%0*zu", wp, run / sw->dz.replicates, wr,
             run % sw->dz.replicates);
}

static char *sweep_run_dir(const ss_sweep *sw, size_t run)
{
    char name[SS_RUN_NAME], *runs = ss_path_join(sw->out, "runs");
    ss_sweep_run_name(sw, run, name);
    char *dir = runs ? ss_path_join(runs, name) : NULL;
    free(runs);
    return dir;
}

static void free_sets(char **sets, size_t n)
{
    for (size_t i = 0; sets && i < n; i++)
        free(sets[i]);
    free(sets);
}

/* The overrides of a point: --set, then the point's values, then its seed
 * (as `sanctsim run --seed` applies it, last). Owned; NULL when memory
 * runs out. */
static char **point_sets(const ss_sweep *sw, size_t p, uint64_t seed, size_t *n)
{
    char **sets = calloc(sw->nfixed + sw->dz.nax + 2, sizeof *sets);
    if (!sets)
        return NULL;
    size_t k = 0;
    int failed = 0;
    for (size_t i = 0; i < sw->nfixed; i++)
        failed |= !(sets[k++] = strdup(sw->fixed[i]));
    for (size_t a = 0; a < sw->dz.nax; a++) {
        const char *v = ss_design_value(&sw->dz, p, a);
        size_t len = strlen(sw->dz.ax[a].key) + strlen(v) + 2;
        if ((sets[k] = malloc(len)))
            snprintf(sets[k], len, "%s=%s", sw->dz.ax[a].key, v);
        failed |= !sets[k++];
    }
    if ((sets[k] = malloc(64)))
        snprintf(sets[k], 64, "scenario.seed=%llu", (unsigned long long)seed);
    failed |= !sets[k++];
    *n = k;
    if (failed) {
        free_sets(sets, k);
        return NULL;
    }
    return sets;
}

char *ss_sweep_run_one(const ss_sweep *sw, ss_world_cache *world, size_t run)
{
    size_t p = run / sw->dz.replicates, n = 0;
    char **sets =
        point_sets(sw, p, ss_design_run_seed(sw->dz.seed, p, run % sw->dz.replicates), &n);
    ss_diag d;
    ss_diag_clear(&d);
    ss_result res;
    int rc = SS_EINVAL;
    const int kept = ss_inputs_keep(1); /* the files as the sweep first read them */
    ss_scenario *s = sets ? ss_scenario_load_cached(sw->path, sets, n, world, &d) : NULL;
    if (!sets) {
        rc = ss_diag_set(&d, SS_ENOMEM, "out of memory");
    } else if (s) {
        char *keep = sw->keep_runs ? sweep_run_dir(sw, run) : NULL;
        rc = sw->keep_runs && !keep ? ss_diag_set(&d, SS_ENOMEM, "out of memory")
                                    : simulate(sw, run, s, keep, &res, &d);
        free(keep);
    }
    ss_inputs_keep(kept);
    ss_scenario_free(s);
    free_sets(sets, n);
    char status[1024] = "ok";
    if (rc)
        status_text(sw, &d, status, sizeof status);
    return ss_row_make(sw, run, status, rc ? NULL : &res);
}
