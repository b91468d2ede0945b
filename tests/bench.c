/* `make bench`: time per monthly step and per full run, for the
 * illustrative scenario and for a synthetic world of 200 countries and 50
 * sectors with 5 % of links banned in every sector and every other country
 * eligible as an intermediary, with 1 and 2 threads (medians of
 * interleaved rounds), with issue 16's targets and floor estimates; its
 * peak memory; the step time at N = 50 to 400 and the fitted exponent; and
 * equilibrium solve times for the GEGravity reference data and synthetic
 * worlds. Prints figures; asserts nothing (tests/bench.sh, which runs it,
 * says whether the machine was otherwise idle). */
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
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* The synthetic world: n countries at random places, k sectors, random
 * flows, and `banned` of the foreign link-sectors banned (one draw per
 * link and sector), every country a candidate intermediary. The bans of
 * one exporter in one sector are one measure. */
static void synthetic_world(size_t n, size_t k, double banned, long months, ss_world **wp,
                            ss_config **cp, size_t *nbans)
{
    ss_world *w = ss_world_alloc(n, k);
    ss_config *c = w ? ss_config_alloc(n, k, months) : NULL;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    ss_measure *by = calloc(k, sizeof *by);
    if (!c || !rng || !by) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    gsl_rng_set(rng, 2024);
    char code[32];
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
    *nbans = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            for (size_t s = 0; s < k; s++) {
                if (i == j || gsl_rng_uniform(rng) >= banned)
                    continue;
                ss_set_add(&by[s].target, j);
                (*nbans)++;
            }
        for (size_t s = 0; s < k; s++) {
            ss_measure *m = &by[s];
            if (m->target.len) {
                ss_set_add(&m->by, i);
                ss_set_add(&m->sectors, s);
                m->kind = SS_BAN;
                m->direction = SS_EXPORT;
                m->start = 1;
                m->end = -1;
                ss_config_add_measure(c, m);
            }
            ss_set_clear(&m->by);
            ss_set_clear(&m->target);
            ss_set_clear(&m->sectors);
        }
    }
    free(by);
    gsl_rng_free(rng);
    *wp = w;
    *cp = c;
}

/* The evidence mechanisms of docs/model.md on: the evasion nest, mark-ups,
 * reach that grows and bound capacities. */
static void evidence_on(ss_config *c)
{
    c->nest = 0.3;
    c->kappa = 1;
    for (size_t m = 0; m < c->n; m++) {
        c->agent[m].reach_start = 0.05;
        c->agent[m].reach_speed = 0.5;
        c->agent[m].capacity_bound = 1;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t len)
{
    qsort(v, len, sizeof *v, cmp_double);
    return len % 2 ? v[len / 2] : (v[len / 2 - 1] + v[len / 2]) / 2;
}

/* One run of every month: the first step, and the median steady step. */
static void one_run(const ss_world *w, ss_config *c, double *first, double *steady)
{
    ss_sim *s = ss_sim_alloc(w, c);
    double *times = malloc((size_t)c->months * sizeof *times);
    if (!s || !times) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    ss_diag d;
    for (long t = 1; t < c->months; t++) {
        double t0 = now();
        if (ss_sim_step(s, NULL, &d)) {
            fprintf(stderr, "bench: %s\n", d.msg);
            exit(1);
        }
        times[t - 1] = now() - t0;
    }
    *first = times[0];
    *steady = median(times + 1, (size_t)c->months - 2);
    free(times);
    ss_sim_free(s);
}

/* Interleaved rounds of runs with 1 and 2 threads; medians of rounds. */
enum { ROUNDS = 3 };
static void step_figures(const ss_world *w, ss_config *c, double first[2], double steady[2])
{
    double f[2][ROUNDS], st[2][ROUNDS];
    for (int r = 0; r < ROUNDS; r++)
        for (int th = 0; th < 2; th++) {
            c->threads = th + 1;
            one_run(w, c, &f[th][r], &st[th][r]);
        }
    c->threads = 1;
    for (int th = 0; th < 2; th++) {
        first[th] = median(f[th], ROUNDS);
        steady[th] = median(st[th], ROUNDS);
    }
}

/* The peak memory (ru_maxrss) of a process that builds the n x k world and
 * runs its 13 months, in MB; 0 when the fork fails. */
static double peak_mb(size_t n, size_t k)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        ss_world *w;
        ss_config *c;
        size_t nbans;
        synthetic_world(n, k, 0.05, 13, &w, &c, &nbans);
        double f, st;
        one_run(w, c, &f, &st);
        _exit(0);
    }
    struct rusage ru;
    int status;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return 0;
    return (double)ru.ru_maxrss / 1024;
}

static void target(const char *what, double figure, const char *unit, double limit,
                   const char *floor)
{
    printf("  target %-44s %9.2f %-3s (at most %g; floor %s)  %s\n", what, figure, unit, limit,
           floor, figure <= limit ? "met" : "NOT met");
}

static void synthetic(double peak)
{
    ss_world *w;
    ss_config *c;
    size_t nbans;
    synthetic_world(200, 50, 0.05, 13, &w, &c, &nbans);
    double first[2], steady[2];
    step_figures(w, c, first, steady);
    printf("synthetic (200 countries, 50 sectors, %zu bans), medians of %d interleaved rounds\n",
           nbans, ROUNDS);
    printf("  %9.3f ms per steady step with 1 thread, %.3f ms with 2 (first step %.3f ms with 1, "
           "%.3f ms with 2)\n",
           1e3 * steady[0], 1e3 * steady[1], 1e3 * first[0], 1e3 * first[1]);
    target("steady step, 1 thread", 1e3 * steady[0], "ms", 10, "about 5 ms");
    target("first step / steady step", first[0] / steady[0], "x", 2, "1");
    target("peak memory, 200 x 50 (build + 13 months)", peak, "MB", 100, "about 50 MB");
    /* The evidence mechanisms' cost: rounds that run the plain config and
     * the one with the mechanisms on one after the other, so that a
     * machine whose speed drifts weighs on both alike; the median of the
     * rounds' ratios. */
    ss_world *again; /* the same world and config, built again: its config */
    ss_config *ev;
    synthetic_world(200, 50, 0.05, 13, &again, &ev, &nbans);
    ss_world_free(again);
    evidence_on(ev);
    double ratio[ROUNDS], on[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        double f, plain;
        one_run(w, c, &f, &plain);
        one_run(w, ev, &f, &on[r]);
        ratio[r] = on[r] / plain;
    }
    printf("the same, evidence mechanisms on (nest, mark-ups, reach, bounds), each round after a "
           "plain run\n  %9.3f ms per steady step with 1 thread\n",
           1e3 * median(on, ROUNDS));
    target("evidence mechanisms on / off, 1 thread", median(ratio, ROUNDS), "x", 4.0 / 3, "1");
    ss_config_free(ev);
    ss_config_free(c);
    ss_world_free(w);
}

/* Steady step time at N = 50, 100, 200 (and 400 when the memory is there)
 * with 50 sectors, and the exponent of a least-squares fit t ~ N^b. */
static void scaling(void)
{
    const size_t sizes[] = {50, 100, 200, 400}, k = 50;
    double lx[4], ly[4];
    size_t fitted = 0;
    printf("scaling, synthetic N x %zu with 5 %% bans, 1 thread (median steady step)\n", k);
    for (size_t q = 0; q < sizeof sizes / sizeof sizes[0]; q++) {
        const size_t n = sizes[q];
        /* About 4 arrays of n*n*k doubles (the world's flows, x, costs,
         * and the penalised links' lists) and half the detour rows of n^3
         * (a pair's two directions share one). */
        double need = 8.0 * (4.0 * (double)(n * n * k) + 0.5 * (double)(n * n * n));
        double avail = (double)sysconf(_SC_AVPHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
        if (need > 0.5 * avail) {
            printf("  N = %3zu: skipped (needs about %.0f MB)\n", n, need / 1048576);
            continue;
        }
        ss_world *w;
        ss_config *c;
        size_t nbans;
        synthetic_world(n, k, 0.05, 7, &w, &c, &nbans);
        double st[ROUNDS], f;
        for (int r = 0; r < ROUNDS; r++)
            one_run(w, c, &f, &st[r]);
        double t = median(st, ROUNDS);
        printf("  N = %3zu: %9.3f ms per step\n", n, 1e3 * t);
        lx[fitted] = log((double)n);
        ly[fitted++] = log(t);
        ss_config_free(c);
        ss_world_free(w);
    }
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (size_t q = 0; q < fitted; q++) {
        mx += lx[q] / (double)fitted;
        my += ly[q] / (double)fitted;
    }
    for (size_t q = 0; q < fitted; q++) {
        sxy += (lx[q] - mx) * (ly[q] - my);
        sxx += (lx[q] - mx) * (lx[q] - mx);
    }
    if (fitted >= 2)
        printf("  fitted exponent: step time ~ N^%.2f (the route sums grow as N^3, the rest as "
               "N^2)\n",
               sxy / sxx);
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
    printf("machine: %ld cores\n", sysconf(_SC_NPROCESSORS_ONLN));
    /* First, in a child forked while this process is still small: before
     * any simulation, whose freed block this process keeps (dense.h). */
    const double peak = peak_mb(200, 50);
    illustrative();
    synthetic(peak);
    scaling();
    equilibrium_reference();
    equilibrium_synthetic(200, 1, 50);
    equilibrium_synthetic(200, 50, 5);
    return 0;
}
