/* The commands that load a scenario: `run` steps the model month by month
 * and writes a run folder, `equilibrium` solves the static equilibrium of
 * one month's costs, `check` only validates. Bad input exits with status 2
 * before anything is written; a failure during the work exits with 1 and
 * leaves no folder behind. */
#include "commands.h"
#include "corridor.h"
#include "cost.h"
#include "datadict.h"
#include "equilibrium.h"
#include "files.h"
#include "months.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "runtables.h"
#include "scenario.h"
#include "signals.h"
#include "sweep.h"
#include "table.h"
#include "team.h"
#include "twin.h"
#include "worldio.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum command { CMD_RUN, CMD_CHECK, CMD_EQUILIBRIUM };
static const char *const command_name[] = {"run", "check", "equilibrium"};

typedef struct run_args {
    const char *scenario, *out, *at;
    char **sets;
    size_t nsets;
    const char *seed;
    int force, twin;
    int durable;    /* fsync the folder's files (--durable, the default; --no-durable) */
    size_t threads; /* 0: every core */
    char **owned;   /* the overrides that options stand for (--tables ...) */
    size_t nowned;
    char plan[1024]; /* check: what the [sweep] section runs (ss_sweep_check) */
} run_args;

/* An option that stands for an override of [output] (--tables LIST is
 * --set output.tables=LIST), added to the overrides in the order given.
 * 0, or the exit status 2 after a message. */
static int output_set(run_args *a, const char *key, const char *value)
{
    size_t len = strlen(key) + strlen(value) + 9;
    char *set = malloc(len);
    if (!set)
        return ss_usage("out of memory");
    snprintf(set, len, "output.%s=%s", key, value);
    a->owned[a->nowned++] = set;
    a->sets[a->nsets++] = set;
    return 0;
}

/* The options of run and equilibrium about their folder; 1 when arg is
 * one (*i moves past its value), -1 after a usage message. */
static int folder_option(int argc, char **argv, int *i, run_args *a, int cmd)
{
    const char *arg = argv[*i];
    int has_value = *i + 1 < argc;
    if (strcmp(arg, "--durable") == 0 || strcmp(arg, "--no-durable") == 0) {
        a->durable = arg[2] == 'd';
        return 1;
    }
    if (strcmp(arg, "--compress") == 0)
        return output_set(a, "compress", "1") ? -1 : 1;
    if (cmd != CMD_RUN || (strcmp(arg, "--tables") != 0 && strcmp(arg, "--flows") != 0))
        return 0;
    if (!has_value) {
        ss_usage("option '%s' needs a value", arg);
        return -1;
    }
    unsigned tables;
    char why[512];
    if (strcmp(arg, "--tables") == 0 &&
        ss_run_tables_parse(argv[*i + 1], arg, &tables, why, sizeof why)) {
        ss_usage("%s", why); /* said of the option, not of the override it stands for */
        return -1;
    }
    return output_set(a, arg + 2, argv[++*i]) ? -1 : 1;
}

static int parse_args(int argc, char **argv, run_args *a, int cmd)
{
    /* equilibrium draws no detection: no seed. */
    const int allow_out = cmd != CMD_CHECK, allow_at = cmd == CMD_EQUILIBRIUM,
              allow_seed = cmd != CMD_EQUILIBRIUM;
    memset(a, 0, sizeof *a);
    a->durable = 1;
    a->sets = calloc((size_t)argc + 1, sizeof *a->sets);
    a->owned = calloc((size_t)argc + 1, sizeof *a->owned);
    if (!a->sets || !a->owned)
        return ss_usage("out of memory");
    /* --tables and --flows are overrides: ss_warn_repeated_sets. */
    static const char *const once[] = {"--out", "--seed", "--threads", "--at", NULL};
    ss_warn_repeated(argc, argv, once);
    if (cmd != CMD_CHECK)
        ss_warn_opposed(argc, argv, "--durable", "--no-durable");
    for (int i = 0; i < argc; i++) {
        if (ss_given_later(argc, argv, i, once)) {
            i++;
            continue;
        }
        const char *arg = argv[i];
        int has_value = i + 1 < argc,
            folder = cmd != CMD_CHECK ? folder_option(argc, argv, &i, a, cmd) : 0;
        if (folder < 0)
            return 2;
        if (folder > 0) {
            continue;
        } else if (strcmp(arg, "--set") == 0 && has_value) {
            if (ss_override_split(argc, argv, i))
                return 2;
            a->sets[a->nsets++] = ss_tidy_override(argv[++i]);
        } else if (allow_seed && strcmp(arg, "--seed") == 0 && has_value) {
            if (ss_parse_seed(a->seed = argv[++i]))
                return 2;
        } else if (allow_out && strcmp(arg, "--out") == 0 && has_value) {
            if (ss_out_arg(argv[++i], &a->out))
                return 2;
        } else if (allow_out && strcmp(arg, "--force") == 0) {
            a->force = 1;
        } else if (cmd == CMD_RUN && strcmp(arg, "--twin") == 0) {
            a->twin = 1;
        } else if (cmd != CMD_CHECK && strcmp(arg, "--threads") == 0 && has_value) {
            if (ss_parse_count("--threads", argv[++i], 1, 1024, &a->threads))
                return 2;
        } else if (allow_at && strcmp(arg, "--at") == 0 && has_value) {
            a->at = argv[++i];
        } else if (ss_positional(arg, has_value, &a->scenario)) {
            return 2;
        }
    }
    if (!a->scenario)
        return ss_usage("name a scenario file, e.g. sanctsim %s scenarios/illustrative.ini",
                        command_name[cmd]);
    ss_warn_repeated_sets(a->sets, a->nsets);
    return 0;
}

/* The warnings of the --set keys and of the files' values for scenario s;
 * for its twin (twin), of the twin's view of s (ss_twin_view: the files'
 * places kept), where a key of a section the twin leaves out changes
 * nothing (it was told that a [change] the twin has not reset it: a
 * hunt). */
static void warn_sets(const ss_scenario *s, char *const *sets, size_t n, int twin)
{
    ss_scenario view;
    char **kept = malloc((n + 1) * sizeof *kept);
    if (!kept || (twin && ss_twin_view(s, &view))) {
        free(kept);
        return; /* out of memory: no warnings */
    }
    size_t nkept = 0;
    for (size_t i = 0; i < n; i++) {
        char type[SS_KEY_PART];
        snprintf(type, sizeof type, "%.*s", (int)strcspn(sets[i], "."), sets[i]);
        if (twin && ss_twin_removes(type))
            ss_errorf("warning: --set %s changes nothing in the twin: it has no sanction, enforcer "
                      "or [change]",
                      sets[i]);
        else
            kept[nkept++] = sets[i];
    }
    ss_scenario_warn_sets(twin ? &view : s, kept, nkept, NULL);
    ss_scenario_warn_shares(twin ? &view : s);
    if (twin)
        ss_twin_view_free(&view);
    free(kept);
}

/* Warns when --seed SEED changes nothing in scenario s, twin or not. */
static void warn_seed(const ss_scenario *s, const char *seed, int twin)
{
    char what[160];
    snprintf(what, sizeof what, "--seed %s changes nothing%s", seed, twin ? " in the twin" : "");
    ss_scenario_warn_seed(s, what, twin ? "the twin" : "the scenario");
}

/* Warns when --set changes scenario s (a key other than its name, seed
 * and outputs) but leaves its name, by which the run's brief, charts and
 * comparisons are titled: a run without a scenario's lever read as the
 * scenario with it (a user's trial). */
static void warn_kept_name(const ss_scenario *s, char *const *sets, size_t n)
{
    const char *changed = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(sets[i], "scenario.name=", 14) == 0)
            return;
        if (!changed && strncmp(sets[i], "scenario.seed=", 14) != 0 &&
            strncmp(sets[i], "output.", 7) != 0)
            changed = sets[i];
    }
    if (changed)
        ss_errorf("warning: --set %s changes the scenario, but the run keeps its name \"%s\", "
                  "by which its brief, charts and comparisons are titled: give it its own "
                  "with --set 'scenario.name=...'",
                  changed, s->name);
}

/* Parses the arguments and loads the scenario; returns the exit status of
 * a failure (reported) or 0. --seed is a --set on scenario.seed, applied
 * last so that it wins. */
static int prepare(int argc, char **argv, int cmd, run_args *a, ss_scenario **s)
{
    *s = NULL;
    int rc = parse_args(argc, argv, a, cmd);
    char seed_set[128];
    if (!rc)
        ss_add_seed(a->sets, &a->nsets, a->seed, seed_set, sizeof seed_set);
    ss_diag d;
    ss_diag_clear(&d);
    /* --threads, or every core: they read a large world's trade.csv in
     * parts (the same world) and write a run's large tables (below). */
    const long all = sysconf(_SC_NPROCESSORS_ONLN);
    const int threads = a->threads ? (int)a->threads : all > 0 ? (int)all : 1;
    if (!rc && all > 0 && threads > all)
        ss_errorf("warning: --threads %d is more than this machine's %ld cores: threads that "
                  "share a core slow a run down",
                  threads, all);
    ss_world_read_threads(threads, SS_WORLD_PARTS_FROM);
    if (!rc && !(*s = ss_scenario_load(a->scenario, a->sets, a->nsets, &d))) {
        ss_report(&d);
        rc = 2;
    }
    if (!rc && a->seed && !a->twin) /* the twin's own, once it is made (below) */
        warn_seed(*s, a->seed, 0);
    /* Rows of flows.csv asked for, and flows.csv not written. */
    if (!rc && cmd != CMD_EQUILIBRIUM && (*s)->flows_direct && !((*s)->tables >> SS_RUN_FLOWS & 1))
        ss_errorf("warning: output.flows = direct (--flows) changes nothing: flows is not among "
                  "the tables written (--tables, output.tables)");
    /* A key given that does not reach all it seems to (a misspelt
     * section's name adds a section) is warned of, in the scenario's files
     * (the twin's is a temporary one). */
    if (!rc && cmd != CMD_CHECK)
        warn_sets(*s, a->sets, a->nsets, a->twin);
    /* What the file sets in vain, before a run of it (not of its twin,
     * which keeps no enforcer); `check` says it, and warns of the --set
     * keys, with what its [sweep] section varies, and whether `sweep`
     * would take that section. */
    if (!rc && cmd == CMD_RUN && !a->twin)
        ss_scenario_warn_file(*s, NULL);
    if (!rc && cmd == CMD_RUN && !a->twin)
        warn_kept_name(*s, a->sets, a->nsets);
    if (!rc && cmd == CMD_CHECK)
        rc = ss_sweep_check(a->scenario, *s, a->sets, a->nsets, a->plan, sizeof a->plan);
    /* --twin runs the twin instead (src/twin.h). */
    if (!rc && a->twin) {
        ss_scenario *twin = ss_twin_load(*s, &d);
        ss_scenario_free(*s);
        if (!(*s = twin)) {
            ss_report(&d);
            rc = 2;
        }
    }
    if (!rc && a->seed && a->twin)
        warn_seed(*s, a->seed, 1);
    /* Threads change no output (the model splits no sum across them). By
     * default every core, but only on a world of at least THREADS_FROM
     * link-sectors: below that a step is too short for the threads' start
     * and wait to pay (docs/performance.md, "Threads"). */
    if (!rc) {
        enum { THREADS_FROM = 100000 };
        const ss_world *w = (*s)->world;
        (*s)->config->threads = a->threads || w->n * w->n * w->k >= THREADS_FROM ? threads : 1;
        /* Writing a run's two large tables side by side pays on any world. */
        (*s)->write_threads = threads;
    }
    free(a->sets);
    a->sets = NULL;
    for (size_t i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
    a->owned = NULL;
    if (rc) {
        ss_scenario_free(*s);
        *s = NULL;
    }
    return rc;
}

/* A run's months: its folder, and the first commission above 100 % of an
 * intermediary that carries transit, as a user's scenario left at the
 * engine's defaults reaches (transit unbounded by capacity, its congestion
 * priced; a caught shipment's loss in the risk premium). */
typedef struct {
    ss_output *o;
    long month; /* 0: none seen */
    size_t at;  /* country * k + sector */
    double rate;
    double base; /* its base_commission in that month */
    /* Per conditional corridor: its months in force, and those in which
     * some link it covers kept more than 1 % of its cut (note_offers);
     * per corridor and country (kept[q * n + i]), the months in which the
     * country held more than 1 % of its offer. */
    long *offered, *held, *kept;
    /* Link-months whose detours were too light to divide by, and the
     * first month of one (ss_sim_routes_lost). */
    size_t lost;
    long lost_month;
} run_months;

static void note_dear(run_months *r, const ss_scenario *s, ss_sim *sim, long t)
{
    const double *rate = ss_sim_commission_rate(sim), *transit = ss_sim_transit(sim);
    for (size_t mq = 0; !r->month && mq < s->world->n * s->world->k; mq++)
        if (rate[mq] > 1 && transit[mq] > 0) {
            r->month = t;
            r->at = mq;
            r->rate = rate[mq];
            r->base = s->config->agent[mq / s->world->k].base_commission;
        }
}

/* The largest share of the cut that a corridor's links keep this month:
 * held[i] * held[j] over the links it covers (a country outside its offer
 * holds it in full). */
typedef struct {
    const double *held;
    double most;
} link_hold;

static void hold_of_link(void *ctx, size_t i, size_t j)
{
    link_hold *h = ctx;
    h->most = fmax(h->most, h->held[i] * h->held[j]);
}

/* Counts, for month t, each conditional corridor in force, and whether
 * some link it covers kept more than 1 % of its cut (in expected mode a
 * condition withdraws an offer in part). */
static void note_offers(run_months *r, const ss_scenario *s, ss_sim *sim, long t)
{
    const ss_config *c = s->config;
    for (size_t q = 0; r->offered && q < c->n_corridors; q++) {
        const ss_corridor *co = &c->corridor[q];
        if (co->condition == SS_HOLD_ALWAYS || !ss_cost_active(co->start, co->end, t))
            continue;
        link_hold h = {ss_sim_corridor_held(sim, q), 0};
        ss_corridor_each(co, hold_of_link, &h);
        r->offered[q]++;
        r->held[q] += h.most > 0.01;
        for (size_t a = 0; a < co->offer.len; a++)
            r->kept[q * s->world->n + co->offer.at[a]] += h.held[co->offer.at[a]] > 0.01;
    }
}

/* Warns of a conditional corridor whose offer no link kept in any month it
 * was in force: it changed no cost, or less than 1 % of its cut (a
 * trial's offer to a country whose transit was always above the
 * threshold looked, on a chart's date marks, like a policy that worked). */
static void warn_unheld(const run_months *r, const ss_scenario *s)
{
    const ss_config *c = s->config;
    for (size_t q = 0; r->offered && q < c->n_corridors; q++) {
        const ss_corridor *co = &c->corridor[q];
        if (r->offered[q] == 0)
            continue;
        char why[160], never[512] = "", rest[512] = "";
        if (co->condition == SS_HOLD_TRANSIT)
            snprintf(why, sizeof why,
                     "carried transit above its threshold, %g of its baseline imports",
                     co->threshold);
        else
            snprintf(why, sizeof why, "was caught within its memory of %ld months", co->memory);
        if (r->held[q] == 0) {
            ss_errorf("warning: [corridor %s]: no link it covers kept its offer in any of its %ld "
                      "months (each country it is offered to %s): the corridor changed no cost, or "
                      "less than 1 %% of its cut",
                      co->name, r->offered[q], why);
            continue;
        }
        /* Some countries of the offer never kept it (a trial's offer to
         * Central Asia: Kazakhstan, Kyrgyzstan and Uzbekistan never did,
         * Tajikistan and Turkmenistan always, and nothing said so). */
        size_t nn = 0;
        for (size_t a = 0; a < co->offer.len; a++) {
            const size_t i = co->offer.at[a];
            const int kept = r->kept[q * s->world->n + i] > 0;
            char *list = kept ? rest : never;
            const size_t size = kept ? sizeof rest : sizeof never, len = strlen(list);
            snprintf(list + len, size - len, "%s%s", len ? " " : "", s->world->iso3[i]);
            nn += !kept;
        }
        if (nn)
            ss_errorf(
                "warning: [corridor %s]: %s never kept its offer in its %ld months (each %s): "
                "for %s the corridor changed no cost%s%s",
                co->name, never, r->offered[q], why, nn == 1 ? "it" : "them",
                rest[0] ? "; it did for " : "", rest);
    }
}

static int write_month(void *user, const ss_scenario *s, ss_sim *sim, long t, ss_diag *d)
{
    run_months *r = user;
    int rc = ss_output_month(r->o, s, sim, d);
    if (t > 0 && !r->month)
        note_dear(r, s, sim, t);
    if (t > 0)
        note_offers(r, s, sim, t);
    r->lost = ss_sim_routes_lost(sim, &r->lost_month);
    if (t > 0 && isatty(STDERR_FILENO)) {
        char month[32];
        ss_scenario_month(s, t, month, sizeof month);
        ss_progress("%s, month %ld of %ld (%s)", s->name, t + 1, s->months, month);
    }
    return rc;
}

static int simulate(ss_scenario *s, ss_output *o, ss_diag *d)
{
    const size_t nc = s->config->n_corridors;
    const size_t n = s->world->n;
    run_months r = {.o = o, .offered = nc ? calloc(2 * nc + nc * n, sizeof(long)) : NULL};
    if (nc && !r.offered)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    r.held = r.offered ? r.offered + nc : NULL;
    r.kept = r.offered ? r.offered + 2 * nc : NULL;
    int rc = ss_run_months(s, s->months - 1, write_month, &r, d);
    if (isatty(STDERR_FILENO))
        ss_progress_done();
    if (!rc)
        warn_unheld(&r, s);
    if (!rc && r.lost)
        ss_warn_routes_lost(s, r.lost, r.lost_month, 1);
    free(r.offered);
    if (!rc && r.month) {
        const size_t k = s->world->k, m = r.at / k;
        const double base = r.base;
        char month[32], why[320];
        ss_scenario_month(s, r.month, month, sizeof month);
        /* Its own base commission, written in percent, or the engine's
         * mark-ups on scarce or risky transit. */
        const double f = ss_scenario_scale(s, "base_commission");
        if (base > 1 && f != 1)
            snprintf(why, sizeof why,
                     "its base_commission is %g (%g times [scale] base_commission = %g), a share "
                     "of the price: %g %%",
                     base, base / f, f, 100 * base);
        else if (base > 1)
            snprintf(why, sizeof why,
                     "its base_commission is %g, a share of the price (0.07 for 7 %%)", base);
        else
            snprintf(why, sizeof why,
                     "check capacity_bound, reach_start, congestion_price and loss (docs/model.md, "
                     "\"Capacity bounds and rationing\"; the shipped scenarios bound transit by "
                     "capacity and seize no shipment)");
        ss_errorf("warning: %s's commission in %s was %.0f %% in %s: %s", s->world->iso3[m],
                  s->world->sector[r.at % k], 100 * r.rate, month, why);
    }
    return rc;
}

/* Reports a failure rc, but not a signal's stop: the command says that
 * once as it ends (ss_signals_finish_saying). */
static void report_failure(int rc, const ss_diag *d)
{
    if (rc != SS_EINTR)
        ss_report(d);
}

int ss_cmd_run(int argc, char **argv)
{
    run_args a;
    ss_scenario *s;
    int rc = prepare(argc, argv, CMD_RUN, &a, &s);
    if (rc)
        return rc;
    ss_diag d;
    ss_diag_clear(&d);
    char *out = ss_out_folder(a.out, a.scenario, a.twin ? "-twin" : "");
    /* Ctrl-C, a termination request or a closed terminal stops a run
     * between two months, so that its temporary folder can be removed.
     * Caught before that folder exists, so that no signal finds it
     * unguarded. */
    ss_signals_catch();
    ss_output *o = out ? ss_output_open(out, SS_FOLDER_RUN, a.force, a.durable, s, &rc, &d) : NULL;
    if (!o) {
        if (out) /* else ss_out_folder said why */
            ss_report(&d);
        rc = out ? rc : 1;
    } else if ((rc = simulate(s, o, &d)) != 0) {
        ss_output_abort(o);
        report_failure(rc, &d);
        rc = 1;
    } else if ((rc = ss_output_commit(o, &d)) != 0) {
        report_failure(rc, &d);
        rc = 1;
    } else {
        printf("%s\n", out);
        ss_signals_done();
    }
    ss_scenario_free(s);
    free(out);
    return ss_signals_finish_saying(rc, "no run folder written");
}

/* "FROM to TO" of months start to end (-1: the end of the run), into buf. */
static const char *span(const ss_scenario *s, long start, long end, char *buf, size_t size)
{
    char from[32], to[32] = "end of run";
    ss_scenario_month(s, start, from, sizeof from);
    if (end >= 0)
        ss_scenario_month(s, end, to, sizeof to);
    snprintf(buf, size, "%s to %s", from, to);
    return buf;
}

/* The factors of [scale] other than 1: what each intermediary's or
 * enforcer's value, and each [change] of one, is multiplied by (a trial's
 * check showed the changes' values as written, and no factor). */
static void print_scale(const ss_scenario *s)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *c = &s->sec[i];
        if (strcmp(c->type, "scale") != 0)
            continue;
        int shown = 0;
        for (size_t e = 0; e < c->n; e++) {
            double f;
            if (ss_parse_number(c->entry[e].value, &f) == 0 && f != 1)
                printf("%s %s x%s", shown++ ? "," : "scale    ", c->entry[e].key,
                       c->entry[e].value);
        }
        if (shown)
            printf(" (times every intermediary's or enforcer's value, the changes' below too)\n");
    }
}

/* Each [change] section of check's summary: its name, date and what it
 * sets, as written. */
static void print_changes(const ss_scenario *s)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *c = &s->sec[i];
        if (strcmp(c->type, "change") != 0)
            continue;
        const char *date = "";
        for (size_t e = 0; e < c->n; e++)
            if (strcmp(c->entry[e].key, "date") == 0)
                date = c->entry[e].value;
        printf("change    %s: from %s,", c->label, date);
        for (size_t e = 0, first = 1; e < c->n; e++)
            if (strcmp(c->entry[e].key, "date") != 0) {
                printf("%s %s = %s", first ? "" : ",", c->entry[e].key, c->entry[e].value);
                first = 0;
            }
        putchar('\n');
    }
}

int ss_cmd_check(int argc, char **argv)
{
    run_args a;
    ss_scenario *s;
    int rc = prepare(argc, argv, CMD_CHECK, &a, &s);
    if (rc)
        return rc;
    const ss_config *c = s->config;
    char first[32], last[32];
    ss_scenario_month(s, 0, first, sizeof first);
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    printf("scenario  %s\n", s->name);
    for (size_t i = 1; i < s->nfiles; i++)
        printf("base      %s (the base of %s)\n", s->files[i], s->files[i - 1]);
    printf("world     %s (%zu countries, %zu sectors)\n", s->world_dir, s->world->n, s->world->k);
    printf("months    %s (baseline) to %s, %ld months, seed %llu\n", first, last, s->months,
           (unsigned long long)s->seed);
    printf("model     sigma %g, theta %g, adjust %g, detour_cost %g", c->sigma, c->theta, c->adjust,
           c->detour_cost);
    for (size_t q = 0, shown = 0; q < c->k; q++)
        if (ss_config_import_nested(c, s->world->commodity, q)) {
            if (!shown++)
                printf(", import_sigma %g in", c->import_sigma);
            printf(" %s", s->world->sector[q]);
        }
    if (c->stop_at_once)
        printf(", stop_at_once %ld", c->stop_at_once);
    printf(", %s closure\n", c->closure == SS_GENERAL ? "general" : "partial");
    char when[80];
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        /* A penalty or ban evaded through payment agents costs their fee
         * where that is less (a trial's 30 % cost 7.4 %, without a word). */
        char agents[160] = "", rate[32] = "";
        if (m->kind == SS_PENALTY)
            snprintf(rate, sizeof rate, " %g", m->rate);
        if (m->evasion == SS_EVADE_PAYMENT && (m->kind == SS_BAN || m->rate > c->payment_fee))
            snprintf(agents, sizeof agents,
                     "%s, which payment agents cut to their fee, [model] payment_fee %g", rate,
                     c->payment_fee);
        printf("sanction  %s: %s (%zu countr%s) on %zu target%s, %zu sector%s, %s%s, %s\n", m->name,
               m->by_name, m->by.len, m->by.len == 1 ? "y" : "ies", m->target.len,
               m->target.len == 1 ? "" : "s", m->sectors.len, m->sectors.len == 1 ? "" : "s",
               m->kind == SS_BAN       ? "ban"
               : m->kind == SS_PENALTY ? "penalty"
                                       : "price cap",
               agents, span(s, m->start, m->end, when, sizeof when));
    }
    for (size_t i = 0; i < c->n_links; i++)
        printf("links     %s: %zu link-sectors, %s\n", c->links[i].name, c->links[i].len,
               span(s, c->links[i].start, c->links[i].end, when, sizeof when));
    for (size_t i = 0; i < c->n_blocs; i++)
        printf("bloc      %s (%zu members), %zu sector%s, %s\n", c->bloc[i].name,
               c->bloc[i].members.len, c->bloc[i].sectors.len,
               c->bloc[i].sectors.len == 1 ? "" : "s",
               span(s, c->bloc[i].start, c->bloc[i].end, when, sizeof when));
    for (size_t i = 0; i < c->n_corridors; i++) {
        /* Whom it covers and whom it is offered to (a trial's check said
         * neither). */
        const ss_corridor *k = &c->corridor[i];
        const int both = k->direction == SS_BOTH, back = k->direction == SS_IMPORT;
        const size_t one = back ? k->to.len : k->from.len, other = back ? k->from.len : k->to.len;
        printf("corridor  %s: links %s %zu countr%s %s %zu, cost x %g, %zu sector%s, %s", k->name,
               both ? "between" : "from", one, one == 1 ? "y" : "ies", both ? "and" : "to", other,
               1 + k->change, k->sectors.len, k->sectors.len == 1 ? "" : "s",
               span(s, k->start, k->end, when, sizeof when));
        if (k->condition != SS_HOLD_ALWAYS) {
            printf(", offered to");
            for (size_t q = 0; q < k->offer.len; q++)
                printf(" %s", s->world->iso3[k->offer.at[q]]);
            char key[SS_KEY_PART + 32], buf[32];
            snprintf(key, sizeof key, "corridor.%s.condition", k->name);
            const char *cond = ss_scenario_key_text(s, key, buf, sizeof buf);
            if (k->condition == SS_HOLD_CAUGHT)
                printf(" (condition = %s, memory %ld months)", cond ? cond : "", k->memory);
            else
                printf(" (condition = %s, threshold %g)", cond ? cond : "", k->threshold);
        }
        printf("\n");
    }
    for (size_t i = 0; i < c->n_networks; i++)
        printf("payments  %s (%zu members), %s\n", c->network[i].name, c->network[i].members.len,
               span(s, c->network[i].start, c->network[i].end, when, sizeof when));
    const size_t curves = ss_scenario_supply_curves(s);
    if (curves)
        printf("supply    %zu country-sectors with a supply curve\n", curves);
    print_scale(s);
    print_changes(s);
    size_t candidates = 0, choosing = 0;
    for (size_t i = 0; i < c->n; i++) {
        candidates += c->agent[i].candidate && c->agent[i].willing;
        choosing += c->agent[i].candidate && c->agent[i].willing && c->agent[i].choose;
    }
    printf("intermediaries  %zu willing candidates", candidates);
    /* Who weighs the sides' offers (docs/model.md section 6b): what a
     * corridor's offer does rests on them. */
    for (size_t i = 0, q = 0; i < c->n && choosing; i++)
        if (c->agent[i].candidate && c->agent[i].willing && c->agent[i].choose)
            printf("%s%s", q++ ? " " : ", choosing: ", s->world->iso3[i]);
    putchar('\n');
    for (size_t i = 0; i < c->n_enforcers; i++) {
        const ss_enforcer *e = &c->enforcer[i];
        /* Those of watch_only it can watch (the others are warned of). */
        char only[512] = "only";
        size_t named = 0;
        for (size_t q = 0; q < e->watch_only.len; q++)
            if (!ss_scenario_unwatched(s, i, e->watch_only.at[q]) && ++named) {
                const size_t len = strlen(only);
                snprintf(only + len, sizeof only - len, " %s", s->world->iso3[e->watch_only.at[q]]);
            }
        printf("enforcer  %s (%zu member%s), %s mode, watching %s", e->name, e->members.len,
               e->members.len == 1 ? "" : "s", e->mode == SS_RANDOM ? "random" : "expected",
               ss_scenario_enforcer_idle(s, i) ? "nobody (it enforces no sanction)"
               : e->watch_only.len && !named   ? "nobody (watch_only names none it can watch)"
               : e->watch_only.len             ? only
               : e->watches == SS_WATCH_ALL    ? "every other country but the targets"
                                               : "the candidates");
        /* Which sanctions: those whose `by` countries are all its members
         * (a trial's enforcer of G7 missed the coalition's bans). */
        for (size_t q = 0, named_one = 0; q < c->n_measures; q++)
            if (ss_scenario_enforces(s, i, q))
                printf("%s%s", named_one++ ? " " : ", enforcing ", c->measure[q].name);
        putchar('\n');
    }
    if (a.plan[0])
        printf("%s\n", a.plan);
    printf("ok\n");
    ss_scenario_free(s);
    return 0;
}

/* The month index of --at, by default the last month. */
static int at_month(const ss_scenario *s, const char *at, long *t)
{
    char first[32], last[32];
    ss_scenario_month(s, 0, first, sizeof first);
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    *t = s->months - 1;
    if (!at)
        return 0;
    if (ss_scenario_month_index(s, at, t))
        return ss_usage("--at '%s' is not a month: expected YYYY-MM", at);
    if (*t < 0 || *t >= s->months)
        return ss_usage("--at %s is outside the run: expected a month from %s to %s", at, first,
                        last);
    return 0;
}

/* equilibrium-flows.csv's rows of exporters from to to - 1. */
static void equilibrium_flows(const ss_output *o, ss_tab *f, const ss_world *w,
                              const ss_eq_result *r, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        for (size_t j = 0; j < w->n; j++)
            for (size_t q = 0; q < w->k; q++) {
                size_t idx = ss_idx(w, i, j, q);
                if (!(w->x0[idx] > 0 || r->flows[idx] > 0))
                    continue;
                ss_output_name(o, f, i);
                ss_output_name(o, f, j);
                ss_output_name(o, f, w->n + q);
                ss_tab_g(f, w->x0[idx], 12, ',');
                ss_tab_g(f, r->flows[idx], 12, '\n');
            }
}

/* Blocks of exporters' rows of equilibrium-flows.csv, formatted side by
 * side: block first + item into mem[item]. */
typedef struct flows_job {
    const ss_output *o;
    const ss_world *w;
    const ss_eq_result *r;
    ss_tab **mem;
    size_t first, blocks;
} flows_job;

static void format_block(void *arg, size_t item, int thread)
{
    (void)thread;
    const flows_job *j = arg;
    const size_t b = j->first + item, n = j->w->n;
    equilibrium_flows(j->o, j->mem[item], j->w, j->r, n * b / j->blocks, n * (b + 1) / j->blocks);
}

/* All of equilibrium-flows.csv: with threads, the exporters in blocks,
 * formatted in memory a round of one block a thread at a time, and handed
 * to the file in order, so the bytes are the same with any number. Eight
 * rounds: a fair share of the work each, and at most a block a thread in
 * memory. */
static int write_equilibrium_flows(const ss_output *o, ss_tab *f, const ss_world *w,
                                   const ss_eq_result *r, int threads)
{
    if (threads <= 1) {
        equilibrium_flows(o, f, w, r, 0, w->n);
        return SS_OK;
    }
    ss_tab **mem = calloc((size_t)threads, sizeof *mem);
    int ok = mem != NULL;
    for (int th = 0; ok && th < threads; th++)
        ok = (mem[th] = ss_tab_memory()) != NULL;
    flows_job j = {o, w, r, mem, 0, w->n < 8 * (size_t)threads ? w->n : 8 * (size_t)threads};
    ss_team *team = ok ? ss_team_start(threads) : NULL; /* NULL: one thread */
    for (; ok && j.first < j.blocks; j.first += (size_t)threads) {
        const size_t count =
            j.blocks - j.first < (size_t)threads ? j.blocks - j.first : (size_t)threads;
        ss_team_for(team, count, 1, format_block, &j);
        for (size_t b = 0; b < count; b++)
            ss_tab_move(f, mem[b]);
    }
    ss_team_stop(team);
    for (int th = 0; mem && th < threads; th++)
        ss_tab_close(mem[th], 0);
    free(mem);
    return ok ? SS_OK : SS_ENOMEM;
}

static int write_equilibrium(ss_output *o, const ss_scenario *s, long t, const ss_eq_options *opt,
                             const ss_eq_result *r, ss_diag *d)
{
    const ss_world *w = s->world;
    /* The tables in the order of ss_equilibrium_tables (src/datadict.h). */
    ss_tab *tab[SS_EQ_NTABLES];
    for (size_t i = 0; i < SS_EQ_NTABLES; i++) {
        int rc = ss_output_table(o, ss_equilibrium_table_name[i], &ss_equilibrium_tables[i],
                                 s->compress, &tab[i], d);
        if (rc)
            return rc;
    }
    ss_tab *c = tab[0], *f = tab[1], *sectors = tab[2], *v = tab[3];
    if (ss_output_names(o, w))
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    /* Sector expenditure is a fixed share of the country's expenditure. */
    for (size_t i = 0; i < w->n; i++)
        for (size_t sec = 0; sec < w->k; sec++)
            ss_tab_printf(sectors, "%s,%s,%.12g,%.12g\n", w->iso3[i], w->sector[sec],
                          r->sector_price_index_change[i * w->k + sec], r->expenditure_change[i]);
    for (size_t i = 0; i < w->n; i++)
        ss_tab_printf(c, "%s,%.12g,%.12g,%.12g,%.12g,%.12g,%.12g\n", w->iso3[i],
                      r->factory_price_change[i], r->income_change[i], r->price_index_change[i],
                      r->welfare_change[i], r->exports_change[i], r->imports_change[i]);
    if (write_equilibrium_flows(o, f, w, r, s->config->threads))
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    static const char *const balance[] = {"additive", "multiplicative", "conditional"};
    char month[32];
    ss_scenario_month(s, t, month, sizeof month);
    ss_tab_printf(v, "%s,%.17g,%s,%ld,%.3g\n", month, opt->sigma, balance[opt->balance],
                  r->iterations, r->tolerance);
    return ss_output_datapackage(o, s, ss_write_equilibrium_datapackage, d);
}

/* "FILE:LINE" of key in the section [type label] (label NULL: any) as
 * written, in the file that wrote it (a base's, maybe), into buf; the
 * scenario's path when no file wrote it (a --set). */
static const char *place_of(const ss_scenario *s, const char *type, const char *label,
                            const char *key, const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", path);
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, type) != 0 || (label && (!sec->label || strcmp(sec->label, label))))
            continue;
        for (size_t e = 0; e < sec->n; e++) {
            long line;
            const char *file = strcmp(sec->entry[e].key, key) == 0
                                   ? ss_scenario_place(s, sec->entry[e].line, &line)
                                   : NULL;
            if (file && line > 0)
                snprintf(buf, size, "%s:%ld", file, line);
        }
    }
    return buf;
}

/* What the equilibrium at month t leaves out of scenario s (read from
 * path), as warnings: the price caps in force at t and freight, which act
 * through supply curves, production relocation, which builds up over the
 * months of a run, and the dated changes up to t. */
static void equilibrium_warnings(const ss_scenario *s, const char *path, long t)
{
    char at[PATH_MAX + 32];
    for (size_t i = 0; i < s->config->n_measures; i++)
        if (s->config->measure[i].kind == SS_PRICE_CAP &&
            ss_cost_in_force(&s->config->measure[i], t))
            ss_errorf(
                "warning: %s: [sanction %s] is a price cap, which acts through supply "
                "curves; the equilibrium has none and leaves it out",
                place_of(s, "sanction", s->config->measure[i].name, "kind", path, at, sizeof at),
                s->config->measure[i].name);
    if (s->config->freight > 0)
        ss_errorf("warning: %s: freight = %g acts through supply curves; the equilibrium has "
                  "none and leaves it out",
                  place_of(s, "model", NULL, "freight", path, at, sizeof at), s->config->freight);
    if (s->config->import_sigma > 0 && s->config->import_sigma != s->config->sigma)
        ss_errorf("warning: %s: import_sigma = %g nests the imports inside the home-or-import "
                  "choice; the equilibrium has one nest over every origin, with sigma, and "
                  "leaves it out",
                  place_of(s, "model", NULL, "import_sigma", path, at, sizeof at),
                  s->config->import_sigma);
    if (ss_scenario_commodity_sigma_used(s))
        ss_errorf("warning: %s: commodity_sigma = %g prices the commodities apart; the "
                  "equilibrium has one sigma over every sector and leaves it out",
                  place_of(s, "model", NULL, "commodity_sigma", path, at, sizeof at),
                  s->config->commodity_sigma);
    if (ss_scenario_supply_curves(s))
        ss_errorf("warning: %s: [supply] curves set factory prices in the partial closure; the "
                  "equilibrium clears its own and leaves them out",
                  place_of(s, "supply", NULL, "countries", path, at, sizeof at));
    /* Relocation builds up from the first sanction on (a hunt's --at
     * before any was warned of). */
    int started = 0;
    for (size_t i = 0; i < s->config->n_measures; i++)
        started |= s->config->measure[i].start <= t;
    if (s->config->relocation_speed > 0 && started)
        ss_errorf("warning: %s: relocation_speed = %g moves production month by month over a "
                  "run; the equilibrium has no months and leaves it out",
                  place_of(s, "model", NULL, "relocation_speed", path, at, sizeof at),
                  s->config->relocation_speed);
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        /* Its date, and whether it sets anything the equilibrium would read
         * (enforcement is off there, so its keys would change nothing). */
        const ss_entry *date = NULL;
        int matters = 0;
        for (size_t e = 0; strcmp(sec->type, "change") == 0 && e < sec->n; e++) {
            const char *key = sec->entry[e].key;
            if (strcmp(key, "date") == 0)
                date = &sec->entry[e];
            else
                matters |= strncmp(key, "enforcement.", 12) != 0;
        }
        long when;
        if (date && matters && ss_scenario_month_index(s, date->value, &when) == 0 && when <= t)
            ss_errorf("warning: %s: [change %s] of %s is not applied: the equilibrium takes the "
                      "scenario's own values, with the sanctions in force at the month "
                      "(docs/model.md, \"Open points\")",
                      place_of(s, "change", sec->label, "date", path, at, sizeof at), sec->label,
                      date->value);
    }
}

int ss_cmd_equilibrium(int argc, char **argv)
{
    run_args a;
    ss_scenario *s;
    int rc = prepare(argc, argv, CMD_EQUILIBRIUM, &a, &s);
    ss_diag d;
    ss_diag_clear(&d);
    long t = 0;
    if (!rc)
        rc = at_month(s, a.at, &t);
    if (!rc && !(s->config->sigma > 1)) {
        ss_diag_set(&d, SS_EINVAL,
                    "the equilibrium needs sigma > 1 (here %g, from [model] sigma or --set): "
                    "at 1, the Cobb-Douglas limit, trade shares do not move with costs",
                    s->config->sigma);
        snprintf(d.file, sizeof d.file, "%s", a.scenario);
        ss_report(&d);
        rc = 2;
    }
    char *out = rc ? NULL : ss_out_folder(a.out, a.scenario, "-equilibrium");
    ss_signals_catch(); /* as in a run: a signal removes the temporary folder */
    int open_rc = 1; /* without out, ss_out_folder said why */
    ss_output *o = rc || !out ? NULL
                              : ss_output_open(out, SS_FOLDER_EQUILIBRIUM, a.force, a.durable, s,
                                               &open_rc, &d);
    if (!rc && !o) {
        if (out)
            ss_report(&d);
        rc = open_rc;
    }
    if (!rc)
        equilibrium_warnings(s, a.scenario, t);
    ss_eq_workspace *ws = rc ? NULL : ss_eq_alloc(s->world->n, s->world->k);
    if (!rc) {
        ss_eq_options opt;
        ss_eq_options_init(&opt);
        opt.sigma = s->config->sigma;
        opt.balance = s->config->balance;
        opt.names = (const char *const *)s->world->iso3;
        opt.sectors = (const char *const *)s->world->sector;
        ss_eq_result res;
        int bad = !ws ? ss_diag_set(&d, SS_ENOMEM, "out of memory") : SS_OK;
        size_t lost = 0;
        bad = bad ? bad : ss_sim_equilibrium_at(s->world, s->config, t, ws, &opt, &res, &lost, &d);
        if (!bad && lost)
            ss_warn_routes_lost(s, lost, t, 0);
        bad = bad ? bad : write_equilibrium(o, s, t, &opt, &res, &d);
        if (bad)
            ss_output_abort(o); /* commit frees o itself, in success or failure */
        else
            bad = ss_output_commit(o, &d);
        if (bad) {
            report_failure(bad, &d);
            rc = 1;
        } else {
            printf("%s\n", out);
            ss_signals_done();
        }
    } else {
        ss_output_abort(o);
    }
    ss_eq_free(ws);
    free(out);
    ss_scenario_free(s);
    return ss_signals_finish_saying(rc, "no equilibrium folder written");
}
