/* One run of a sweep (see sweeprun.h): the headline indicators, month by
 * month, and the row they make. */
#include "sweeprun.h"
#include "cost.h"
#include "months.h"
#include "output.h"
#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The score of a run while its months go by. */
typedef struct score {
    ss_output *o; /* the run folder with --keep-runs, else NULL */
    ss_watch *wa;
    size_t nw;
    double *earned; /* commission income by country */
    double leak_sum;
    long leak_months;
    ss_result *res;
} score;

/* Any sanction in force in month t. */
static int in_force(const ss_config *c, long t)
{
    for (size_t i = 0; i < c->n_measures; i++)
        if (ss_cost_in_force(&c->measure[i], t))
            return 1;
    return 0;
}

/* The final leakage and the mean price index over the distinct targets
 * and sectors watched, in the last month. */
static void last_month(score *sc, const ss_world *w, const ss_sim *sim, double leak)
{
    const double *price = ss_sim_price(sim);
    sc->res->v[SS_I_FINAL] = leak;
    double sum = 0;
    size_t count = 0;
    for (size_t q = 0; q < sc->nw; q++) {
        size_t r = 0;
        while (r < q &&
               !(sc->wa[r].target == sc->wa[q].target && sc->wa[r].sector == sc->wa[q].sector))
            r++;
        if (r < q)
            continue;
        sum += price[sc->wa[q].target * w->k + sc->wa[q].sector];
        count++;
    }
    sc->res->v[SS_I_PRICE] = count ? sum / (double)count : NAN;
}

/* Month t's share of the headline indicators (and its files with
 * --keep-runs). */
static int account(void *user, const ss_scenario *s, ss_sim *sim, long t, ss_diag *d)
{
    score *sc = user;
    int rc = sc->o ? ss_output_month(sc->o, s, sim, d) : SS_OK;
    if (rc || t == 0)
        return rc;
    const ss_world *w = s->world;
    const double *inc = ss_sim_commission_income(sim), *caught = ss_sim_caught(sim);
    ss_result *res = sc->res;
    double base = 0, rerouted = 0;
    for (size_t q = 0; q < sc->nw; q++) {
        double b, dir, via;
        ss_watch_flows(w, sim, &sc->wa[q], &b, &dir, &via);
        base += b;
        rerouted += via;
        if (sc->wa[q].direction == SS_EXPORT)
            res->v[SS_I_LOST] += b - (dir + via);
    }
    double leak = base > 0 ? rerouted / base : 0;
    if (in_force(s->config, t)) {
        sc->leak_sum += leak;
        sc->leak_months++;
    }
    if (t == s->months - 1)
        last_month(sc, w, sim, leak);
    for (size_t m = 0; m < w->n; m++) {
        for (size_t k = 0; k < w->k; k++) {
            sc->earned[m] += inc[m * w->k + k];
            res->v[SS_I_COMMISSION] += inc[m * w->k + k];
        }
        res->v[SS_I_DETECTIONS] += caught[m];
    }
    return SS_OK;
}

/* The mean leakage, the top intermediary, and every indicator finite. */
static int conclude(score *sc, const ss_world *w, ss_diag *d)
{
    ss_result *res = sc->res;
    res->v[SS_I_MEAN] = sc->leak_months ? sc->leak_sum / (double)sc->leak_months : 0;
    double best = 0;
    for (size_t m = 0; m < w->n; m++)
        if (sc->earned[m] > best) {
            best = sc->earned[m];
            snprintf(res->top, sizeof res->top, "%s", w->iso3[m]);
        }
    for (int i = 0; i < SS_NIND; i++)
        if (!isfinite(res->v[i]) && !(i == SS_I_PRICE && sc->nw == 0))
            return ss_diag_set(d, SS_ENUMERIC, "the %s is not a finite number", ss_ind_name[i]);
    return SS_OK;
}

/* The months of a loaded scenario, keeping score in res, and writing the
 * run folder too when keep is not NULL. */
static int simulate(ss_scenario *s, const char *keep, ss_result *res, ss_diag *d)
{
    score sc = {.res = res};
    memset(res, 0, sizeof *res);
    int rc = SS_OK;
    sc.earned = calloc(s->world->n, sizeof *sc.earned);
    if (!sc.earned || ss_watches(s->config, &sc.wa, &sc.nw)) {
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory for a world of %zu countries", s->world->n);
        goto done;
    }
    if (keep && !(sc.o = ss_output_open(keep, 1, 0, s, d))) {
        rc = SS_EINVAL;
        goto done;
    }
    rc = ss_run_months(s, s->months - 1, account, &sc, d);
    if (!rc)
        rc = conclude(&sc, s->world, d);
    if (sc.o && rc)
        ss_output_abort(sc.o);
    else if (sc.o)
        rc = ss_output_commit(sc.o, d);
done:
    free(sc.wa);
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

char *ss_sweep_run_dir(const ss_sweep *sw, size_t run)
{
    int wp = snprintf(NULL, 0, "%zu", sw->dz.points - 1),
        wr = snprintf(NULL, 0, "%zu", sw->dz.replicates - 1);
    size_t len = strlen(sw->out) + 64;
    char *dir = malloc(len);
    if (dir)
        snprintf(dir, len, "%s/runs/p%0*zu-r%0*zu", sw->out, wp, run / sw->dz.replicates, wr,
                 run % sw->dz.replicates);
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
    ss_scenario *s = sets ? ss_scenario_load_cached(sw->path, sets, n, world, &d) : NULL;
    if (!sets) {
        rc = ss_diag_set(&d, SS_ENOMEM, "out of memory");
    } else if (s) {
        char *keep = sw->keep_runs ? ss_sweep_run_dir(sw, run) : NULL;
        rc = sw->keep_runs && !keep ? ss_diag_set(&d, SS_ENOMEM, "out of memory")
                                    : simulate(s, keep, &res, &d);
        free(keep);
    }
    ss_scenario_free(s);
    free_sets(sets, n);
    char status[1024] = "ok";
    if (rc)
        status_text(sw, &d, status, sizeof status);
    return ss_row_make(sw, run, status, rc ? NULL : &res);
}
