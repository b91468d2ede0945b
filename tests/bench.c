/* `make bench`: time per monthly step and per full run, for the
 * illustrative scenario and for a synthetic world of 200 countries and 50
 * sectors with 5 % of links banned in every sector and every other country
 * eligible as an intermediary; and equilibrium solve times for the
 * GEGravity reference data and synthetic worlds. Prints figures; asserts
 * nothing. */
#include "equilibrium.h"
#include "scenario.h"
#include "sim.h"
#include "table.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs every month of a config `reps` times; prints ms per step and run. */
static void time_runs(const char *label, const ss_world *w, ss_config *c, int reps, ss_scenario *sc)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double step_time = 0, first_time = 0, run_time = 0;
    long steps = 0;
    for (int r = 0; r < reps; r++) {
        gsl_rng_set(rng, 42);
        double t0 = now();
        ss_sim *s = ss_sim_alloc(w, c);
        if (!s) {
            fprintf(stderr, "bench: out of memory\n");
            exit(1);
        }
        ss_diag d;
        for (long t = 1; t < c->months; t++) {
            if (sc)
                ss_scenario_apply_changes(sc, t, &d);
            double t1 = now();
            if (ss_sim_step(s, rng, &d)) {
                fprintf(stderr, "bench: %s\n", d.msg);
                exit(1);
            }
            /* The first step also builds the detour table; report it apart. */
            if (t == 1) {
                first_time += now() - t1;
            } else {
                step_time += now() - t1;
                steps++;
            }
        }
        ss_sim_free(s);
        run_time += now() - t0;
    }
    printf("%s\n  %9.3f ms per step (first step %.3f ms)  %10.3f ms per run of %ld months "
           "(mean of %d runs)\n",
           label, 1e3 * step_time / (double)steps, 1e3 * first_time / reps, 1e3 * run_time / reps,
           c->months, reps);
    gsl_rng_free(rng);
}

static void illustrative(void)
{
    ss_diag d;
    ss_scenario *s = ss_scenario_load("scenarios/illustrative.ini", NULL, 0, &d);
    if (!s) {
        fprintf(stderr, "bench: %s:%ld: %s\n", d.file, d.line, d.msg);
        exit(1);
    }
    time_runs("illustrative (8 countries, 2 sectors)", s->world, s->config, 2000, s);
    ss_scenario_free(s);
}

static void synthetic(size_t n, size_t k, double banned, long months)
{
    ss_world *w = ss_world_alloc(n, k);
    ss_config *c = w ? ss_config_alloc(n, k, months) : NULL;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!c || !rng) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    gsl_rng_set(rng, 2024);
    char code[16];
    for (size_t i = 0; i < n; i++) {
        snprintf(code, sizeof code, "C%03zu", i);
        ss_world_set_country(w, i, code, code);
        w->lat[i] = -60 + 120 * gsl_rng_uniform(rng);
        w->lon[i] = -180 + 360 * gsl_rng_uniform(rng);
    }
    for (size_t s = 0; s < k; s++) {
        snprintf(code, sizeof code, "s%02zu", s);
        ss_world_set_sector(w, s, code);
    }
    ss_world_fill_distances(w, NULL);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < k; s++)
                w->x0[ss_idx(w, i, j, s)] = (i == j ? 50.0 : 1.0) * (0.1 + gsl_rng_uniform(rng));
    /* One ban per chosen link and sector, so each sector has its own 5 %. */
    size_t nbans = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < k; s++) {
                if (i == j || gsl_rng_uniform(rng) >= banned)
                    continue;
                ss_measure m = {0};
                ss_set_add(&m.by, i);
                ss_set_add(&m.target, j);
                ss_set_add(&m.sectors, s);
                m.kind = SS_BAN;
                m.direction = SS_EXPORT;
                m.start = 1;
                m.end = -1;
                ss_config_add_measure(c, &m);
                ss_set_clear(&m.by);
                ss_set_clear(&m.target);
                ss_set_clear(&m.sectors);
                nbans++;
            }
    char label[128];
    snprintf(label, sizeof label, "synthetic (%zu countries, %zu sectors, %zu bans)", n, k, nbans);
    time_runs(label, w, c, 3, NULL);
    /* The same world with the evidence mechanisms on (docs/model.md): the
     * evasion nest, mark-ups, reach that grows and bound capacities. */
    c->nest = 0.3;
    c->kappa = 1;
    for (size_t m = 0; m < n; m++) {
        c->agent[m].reach_start = 0.05;
        c->agent[m].reach_speed = 0.5;
        c->agent[m].capacity_bound = 1;
    }
    snprintf(label, sizeof label,
             "the same, evidence mechanisms on (nest, mark-ups, reach, bounds)");
    time_runs(label, w, c, 3, NULL);
    gsl_rng_free(rng);
    ss_config_free(c);
    ss_world_free(w);
}

/* Solves one equilibrium `reps` times; prints the mean time and iterations. */
static void time_solve(const char *label, size_t n, size_t k, const double *x0, const double *chat,
                       int reps)
{
    ss_eq_workspace *ws = ss_eq_alloc(n, k);
    ss_eq_options opt;
    ss_eq_options_init(&opt);
    ss_eq_result res;
    ss_diag d;
    double t0 = now();
    for (int r = 0; r < reps; r++)
        if (!ws || ss_eq_solve(ws, x0, chat, &opt, &res, &d)) {
            fprintf(stderr, "bench: %s: %s\n", label, ws ? d.msg : "out of memory");
            exit(1);
        }
    printf("%s\n  %9.3f ms per solve, %ld iterations (mean of %d solves)\n", label,
           1e3 * (now() - t0) / reps, res.iterations, reps);
    ss_eq_free(ws);
}

/* The GEGravity EU-enlargement data of ../shared (skipped when absent). */
static void equilibrium_reference(void)
{
    const char *path = "../shared/data/reference/gegravity_r_td2000.csv";
    ss_diag d;
    ss_table *t = ss_table_read(path, &d);
    if (!t) {
        printf("equilibrium, GEGravity data: skipped (%s not present)\n", path);
        return;
    }
    size_t n = 0;
    while (n < t->nrow && strcmp(ss_table_get(t, n, 0), ss_table_get(t, 0, 0)) == 0)
        n++;
    double *x0 = malloc(t->nrow * sizeof *x0), *chat = malloc(t->nrow * sizeof *chat);
    long trade = ss_table_column(t, "trade"), effect = ss_table_column(t, "eu_effect");
    for (size_t r = 0; x0 && chat && r < t->nrow; r++) {
        double v, b;
        ss_parse_number(ss_table_get(t, r, (size_t)trade), &v);
        ss_parse_number(ss_table_get(t, r, (size_t)effect), &b);
        x0[r] = v;
        chat[r] = r / n == r % n ? 1 : exp(-b / 4); /* sigma = 5 */
    }
    if (x0 && chat && n * n == t->nrow)
        time_solve("equilibrium, GEGravity data (44 countries, 1 sector)", n, 1, x0, chat, 200);
    free(x0);
    free(chat);
    ss_table_free(t);
}

static void equilibrium_synthetic(size_t n, size_t k, int reps)
{
    double *x0 = malloc(n * n * k * sizeof *x0), *chat = malloc(n * n * k * sizeof *chat);
    if (!x0 || !chat || ss_eq_synthetic(n, k, 42, x0, chat)) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    char label[96];
    snprintf(label, sizeof label, "equilibrium, synthetic (%zu countries, %zu sectors)", n, k);
    time_solve(label, n, k, x0, chat, reps);
    free(x0);
    free(chat);
}

int main(void)
{
    gsl_set_error_handler_off();
    illustrative();
    synthetic(200, 50, 0.05, 13);
    equilibrium_reference();
    equilibrium_synthetic(200, 1, 50);
    equilibrium_synthetic(200, 50, 5);
    return 0;
}
