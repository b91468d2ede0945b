/* The command `sanctsim sweep` (`sanctsim merge` is src/merge.c): many runs of one scenario over a
 * design of parameter values (a full grid, a Latin hypercube or a Sobol
 * sequence), each point with Monte Carlo replicates, run by worker
 * processes, resumable after an interruption and splittable into shards.
 *
 * Invariant: the text of a run's row is a function of the design and the
 * run's index alone, so sweep.csv and sweep-summary.csv are the same bytes
 * whatever --jobs, the order in which runs finish, interruptions and
 * resumptions, or sharding and merging. The parent appends every finished
 * row to OUT/sweep.journal as soon as it receives it; the CSV files are
 * written from the rows in design order under temporary names and renamed
 * into place, and the summary is computed from the rows' text (never from
 * unrounded numbers), so a merge reproduces it exactly.
 *
 * Runs are numbered in design order: run = point * replicates + replicate,
 * all counted from 0; grid points vary the first --vary slowest, and every
 * grid point is combined with every sampled point. --shard I/N takes the
 * runs with run % N == I - 1.
 *
 * Seeds. Replicate r of point p runs with
 *     seed = mix(mix(S + G * (p + 1)) + G * (r + 1)) >> 11
 * where S is the scenario seed ([scenario] seed, or --seed), G is
 * 0x9E3779B97F4A7C15, sums and products are modulo 2^64, and mix is the
 * SplitMix64 finaliser
 *     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
 *     z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
 *     mix(z) = z ^ (z >> 31).
 * The shift keeps the seed within the 53 bits [scenario] seed accepts, so
 * `sanctsim run SCENARIO --set KEY=VALUE ... --seed SEED` with a row's
 * values and seed repeats that run exactly. The Latin hypercube draws from
 * an MT19937 generator seeded with mix(S).
 *
 * Test hooks (environment variables, used by tests/cli_sweep.sh):
 *   SANCTSIM_SWEEP_STOP_AFTER=K  the parent stops as if interrupted once this
 *                                invocation has journaled K rows (exit 1);
 *   SANCTSIM_SWEEP_CRASH_RUN=I   a worker kills itself with SIGKILL whenever
 *                                it is handed run I.
 *
 * This file owns the command line, the sweep folder (resuming from its
 * journal, --force) and the order of the work; the design is src/design.c,
 * the rows, journal and summary src/journal.c, one run src/sweeprun.c and
 * the worker processes src/pool.c. */
#include "sweep.h"
#include "commands.h"
#include "design.h"
#include "files.h"
#include "gnuplot.h"
#include "journal.h"
#include "options.h"
#include "output.h"
#include "pool.h"
#include "report.h"
#include "scenario.h"
#include "signals.h"
#include "sweeprun.h"
#include "textbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char ss_sweep_help[] =
    "sanctsim sweep SCENARIO [--vary KEY=FROM:TO:N | --vary KEY=A,B,C ...]\n"
    "        [--sample KEY=FROM:TO ... --points N [--design lhs|sobol]]\n"
    "        [--replicates R] [--set KEY=VALUE ...] [--seed N] [--jobs N]\n"
    "        [--shard I/N] [--out DIR] [--keep-runs] [--keep-series]\n"
    "        [--indicator NAME=EXPR ...] [--force]\n"
    "\n"
    "Runs the scenario at every point of a design, R times per point with seeds\n"
    "derived from the scenario seed, and writes DIR/sweep.csv (one row per run: the\n"
    "values, the seed, the status and the headline indicators) and\n"
    "DIR/sweep-summary.csv (per point and indicator: mean, sd, 5/50/95 % quantiles).\n"
    "Finished runs are kept in DIR/sweep.journal: after Ctrl-C or a crash, the same\n"
    "command resumes where it stopped.\n"
    "\n"
    "  --vary KEY=FROM:TO:N  N evenly spaced values, FROM and TO included, or\n"
    "  --vary KEY=A,B,C      the values listed; the grid crosses every --vary\n"
    "  --sample KEY=FROM:TO  fill the ranges with --points N points, a Latin\n"
    "                        hypercube (--design lhs, the default) or a Sobol\n"
    "                        sequence (--design sobol); crossed with the grid\n"
    "  --replicates R        runs per point, each with its own seed (default 1)\n"
    "  --set KEY=VALUE       an override for every run; --seed N the scenario seed\n"
    "  --jobs N              worker processes (default: one per online core)\n"
    "  --shard I/N           only the runs numbered I-1, I-1+N, ...; join the shards\n"
    "                        with sanctsim merge\n"
    "  --out DIR             the sweep folder (default runs/NAME-sweep)\n"
    "  --keep-runs           keep every run's folder too, in DIR/runs/\n"
    "  --keep-series         write each run's monthly headline numbers to\n"
    "                        DIR/series/pP-rR.csv\n"
    "  --indicator NAME=EXPR a column of one's own: recorded(FROM,TO,SECTORS,PERIOD)\n"
    "                        or true(...), summed over the period's months, USD\n"
    "                        million; /twin divides by the run's twin, as in\n"
    "                        kgz=recorded(EU27,KGZ,all,2023)/twin\n"
    "  --force               discard the results already in DIR and start again\n"
    "                        (only what a sweep wrote; anything else in runs/,\n"
    "                        series/ or plots/ refuses, and other files stay)\n"
    "\n"
    "A [sweep] section in the scenario may set vary, sample (space-separated lists),\n"
    "points, design and replicates; options given here take precedence (any\n"
    "--vary or --sample replaces its vary and sample whole, with a warning).\n"
    "Rerun one row alone: sanctsim run SCENARIO --set KEY=VALUE ... --seed SEED\n"
    "(see scenarios/examples/SWEEPS.md). scale.KEY (e.g. scale.base_commission)\n"
    "multiplies every intermediary's or enforcer's value of KEY.\n"
    "Exit status: 0 every run succeeded, 1 a run failed (the files are written),\n"
    "2 bad usage or input; stopped by signal N, it ends by that signal, which a shell\n"
    "shows as 128 + N (130 for Ctrl-C) and Python's subprocess as -N.\n";

typedef struct args {
    const char *scenario, *out, *seed, *design;
    char **sets;
    size_t nsets;
    ss_design_spec *specs;
    size_t nspecs;
    size_t points, replicates, jobs, shard, nshards;
    int have_points, have_replicates, have_jobs, keep_runs, keep_series, force;
    ss_custom custom[SS_MAX_CUSTOM];
    size_t ncustom;
} args;

/* --indicator NAME=EXPR: parsed, its name not a column already. */
static int add_custom(args *a, const char *spec)
{
    const char *taken[SS_NIND + 5 + SS_MAX_CUSTOM];
    size_t n = 0;
    for (int i = 0; i < SS_NIND; i++)
        taken[n++] = ss_ind_name[i];
    taken[n++] = "top_intermediary";
    taken[n++] = "point";
    taken[n++] = "replicate";
    taken[n++] = "seed";
    taken[n++] = "status";
    for (size_t i = 0; i < a->ncustom; i++)
        taken[n++] = a->custom[i].name;
    if (a->ncustom == SS_MAX_CUSTOM)
        return ss_usage("--indicator: at most %d of them", SS_MAX_CUSTOM);
    return ss_custom_parse(spec, &a->custom[a->ncustom++], taken, n);
}

static int parse_args(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    a->shard = a->nshards = 1;
    a->sets = calloc((size_t)argc + 1, sizeof *a->sets);
    a->specs = calloc((size_t)argc + 1, sizeof *a->specs);
    if (!a->sets || !a->specs)
        return ss_usage("out of memory");
    static const char *const once[] = {"--seed",       "--out",  "--design", "--points",
                                       "--replicates", "--jobs", "--shard",  NULL};
    ss_warn_repeated(argc, argv, once);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        int rc = 0;
        if (ss_given_later(argc, argv, i, once)) {
            i++;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(ss_sweep_help, stdout);
            return -1;
        } else if ((strcmp(arg, "--vary") == 0 || strcmp(arg, "--sample") == 0 ||
                    strcmp(arg, "--set") == 0) &&
                   has_value && ss_override_split(argc, argv, i)) {
            return 2;
        } else if ((strcmp(arg, "--vary") == 0 || strcmp(arg, "--sample") == 0) && has_value) {
            a->specs[a->nspecs++] =
                (ss_design_spec){ss_tidy_override(argv[++i]), {arg, NULL, 0}, arg[2] == 's'};
        } else if (strcmp(arg, "--set") == 0 && has_value) {
            a->sets[a->nsets++] = ss_tidy_override(argv[++i]);
        } else if (strcmp(arg, "--seed") == 0 && has_value) {
            rc = ss_parse_seed(a->seed = argv[++i]);
        } else if (strcmp(arg, "--out") == 0 && has_value) {
            rc = ss_out_arg(argv[++i], &a->out);
        } else if (strcmp(arg, "--design") == 0 && has_value) {
            a->design = argv[++i];
        } else if (strcmp(arg, "--points") == 0 && has_value) {
            rc = ss_parse_count(arg, argv[++i], 1, SS_MAX_VALUES, &a->points);
            a->have_points = 1;
        } else if (strcmp(arg, "--replicates") == 0 && has_value) {
            rc = ss_parse_count(arg, argv[++i], 1, SS_MAX_VALUES, &a->replicates);
            a->have_replicates = 1;
        } else if (strcmp(arg, "--jobs") == 0 && has_value) {
            rc = ss_parse_count(arg, argv[++i], 1, 4096, &a->jobs);
            a->have_jobs = 1;
        } else if (strcmp(arg, "--shard") == 0 && has_value) {
            const char *t = argv[++i];
            char i_t[32], n_t[32];
            size_t slash = strcspn(t, "/");
            if (!t[slash] || slash >= sizeof i_t || strlen(t + slash + 1) >= sizeof n_t)
                return ss_usage("--shard: '%s': expected I/N, as in --shard 2/8", t);
            snprintf(i_t, sizeof i_t, "%.*s", (int)slash, t);
            snprintf(n_t, sizeof n_t, "%s", t + slash + 1);
            if (ss_parse_size(i_t, &a->shard) || ss_parse_size(n_t, &a->nshards) ||
                a->nshards < 1 || a->nshards > 1000000 || a->shard < 1 || a->shard > a->nshards)
                return ss_usage("--shard: '%s': expected I/N with 1 <= I <= N, as in --shard "
                                "2/8",
                                t);
        } else if (strcmp(arg, "--keep-runs") == 0) {
            a->keep_runs = 1;
        } else if (strcmp(arg, "--keep-series") == 0) {
            a->keep_series = 1;
        } else if (strcmp(arg, "--indicator") == 0 && has_value) {
            rc = add_custom(a, ss_tidy_override(argv[++i]));
        } else if (strcmp(arg, "--force") == 0) {
            a->force = 1;
        } else {
            rc = ss_positional(arg, has_value, &a->scenario);
        }
        if (rc)
            return rc;
    }
    if (!a->scenario)
        return ss_usage("name a scenario file, e.g. sanctsim sweep scenarios/illustrative.ini "
                        "--vary model.sigma=3:6:4");
    if (a->design && strcmp(a->design, "lhs") != 0 && strcmp(a->design, "sobol") != 0)
        return ss_usage("--design: '%s': expected lhs or sobol", a->design);
    ss_warn_repeated_sets(a->sets, a->nsets);
    return 0;
}

/* A shell word for arg, as bash reads it back: plain, in '...', or, when
 * it holds a control character (a line break would end the journal's
 * command line), in $'...' with that character as \ooo. */
static void shell_word(ss_text *b, const char *arg)
{
    int control = 0, special = !arg[0] || arg[strcspn(arg, " \t'\"$\\;&|<>()*?`[]{}~#!")];
    for (const unsigned char *c = (const unsigned char *)arg; *c; c++)
        control |= *c < 0x20 || *c == 0x7F;
    if (!control && !special) {
        ss_text_puts(b, arg);
        return;
    }
    ss_text_puts(b, control ? "$'" : "'");
    for (const unsigned char *c = (const unsigned char *)arg; *c; c++) {
        if (control && (*c < 0x20 || *c == 0x7F))
            ss_text_printf(b, "\\%03o", *c);
        else if (*c == '\'')
            ss_text_puts(b, control ? "\\'" : "'\\''");
        else if (control && *c == '\\')
            ss_text_puts(b, "\\\\");
        else
            ss_text_add(b, (const char *)c, 1);
    }
    ss_text_puts(b, "'");
}

static char *command_line(int argc, char **argv)
{
    ss_text b = {0};
    ss_text_puts(&b, "sanctsim sweep");
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0)
            continue; /* the command to resume with */
        ss_text_puts(&b, " ");
        shell_word(&b, argv[i]);
    }
    return b.failed ? NULL : b.s;
}

/* The error of a key of the design, at its origin; exit status 2. */
static int key_error(const ss_axis *ax, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int key_error(const ss_axis *ax, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ss_diag d;
    ss_design_fail(&d, &ax->from, "%s", msg);
    return ss_design_report(&d);
}

/* A labelled section that a key names must be in the scenario (an
 * override would otherwise create an empty one); an intermediary must be a
 * country of the world, a group one of the scenario's or its world's; a
 * [change]'s key names a section too, checked the same way. */
static int check_section(const ss_axis *ax, const ss_scenario *base, const char *key)
{
    char type[SS_KEY_PART], label[SS_KEY_PART];
    const char *name = ss_key_section(key, type, label);
    if (!name)
        return strchr(key, '.') ? key_error(ax, "'%s': a section or label longer than %d bytes",
                                            ax->key, SS_KEY_PART - 1)
                                : 0;
    if (!label[0])
        return 0;
    if (strcmp(type, "intermediary") == 0) {
        if (ss_world_country(base->world, label) < 0)
            return key_error(ax, "'%s': %s is not a country of the world (%s)", ax->key, label,
                             base->world_dir);
        return 0;
    }
    for (size_t i = 0; strcmp(type, "group") == 0 && i < base->groups.len; i++)
        if (strcmp(base->groups.at[i].group, label) == 0)
            return 0;
    for (size_t i = 0; i < base->nsec; i++)
        if (strcmp(base->sec[i].type, type) == 0 && base->sec[i].label &&
            strcmp(base->sec[i].label, label) == 0)
            return strcmp(type, "change") == 0 ? check_section(ax, base, name) : 0;
    return key_error(ax, "'%s': the scenario has no [%s %s] section", ax->key, type, label);
}

/* What every load of check_keys shares: the scenario file, its --set
 * overrides, the --indicator columns (whose periods must fall inside the
 * run where the key sets the run's months) and the world, loaded once. */
typedef struct loads {
    const char *path;
    char *const *fixed;
    size_t nfixed;
    const ss_custom *custom;
    size_t ncustom;
    ss_world_cache *world;
} loads;

/* 1 when key sets which months a run has. */
static int sets_months(const char *key)
{
    return strcmp(key, "scenario.months") == 0 || strcmp(key, "scenario.start") == 0;
}

/* Loads the scenario with the overrides and key=value (and key2=value2
 * unless key2 is NULL), and checks the indicators' periods on it when a
 * key sets the run's months: SS_OK, SS_ENOMEM, or SS_EINVAL with the
 * error in d. */
static int load_with(const loads *l, const char *key, const char *value, const char *key2,
                     const char *value2, ss_diag *d)
{
    const char *key_of[2] = {key, key2}, *value_of[2] = {value, value2};
    char **sets = calloc(l->nfixed + 2, sizeof *sets);
    size_t n = 0;
    int rc = sets ? SS_OK : SS_ENOMEM, months = 0;
    ss_diag_clear(d);
    for (size_t i = 0; i < l->nfixed && !rc; i++)
        sets[n++] = l->fixed[i];
    for (int k = 0; k < 2 && key_of[k] && !rc; k++) {
        const size_t len = strlen(key_of[k]) + strlen(value_of[k]) + 2;
        if (!(sets[n] = malloc(len)))
            rc = SS_ENOMEM;
        else
            snprintf(sets[n++], len, "%s=%s", key_of[k], value_of[k]);
        months |= sets_months(key_of[k]);
    }
    ss_scenario *s = rc ? NULL : ss_scenario_load_cached(l->path, sets, n, l->world, d);
    ss_targets *own =
        s && l->ncustom && months ? ss_custom_targets(l->custom, l->ncustom, s, 1, d) : NULL;
    if (!rc)
        rc = !s || (l->ncustom && months && !own) ? SS_EINVAL : SS_OK;
    ss_targets_free(own);
    ss_scenario_free(s);
    while (sets && n > l->nfixed)
        free(sets[--n]);
    free(sets);
    return rc;
}

/* The values check_key tries of an axis: a grid's every one, a sampled
 * range's two ends (written into buf). */
static size_t tried(const ss_axis *ax)
{
    return ax->sampled ? 2 : ax->n;
}

static const char *tried_value(const ss_axis *ax, size_t v, char buf[32])
{
    if (!ax->sampled)
        return ax->value[v];
    snprintf(buf, 32, "%.15g", v ? ax->hi : ax->lo);
    return buf;
}

/* 1 when keys a and b are of one section (sanction.L.kind and
 * sanction.L.penalty). */
static int same_section(const char *a, const char *b)
{
    const char *dot = strrchr(a, '.');
    return dot && strncmp(a, b, (size_t)(dot - a) + 1) == 0 && !strchr(b + (dot - a) + 1, '.');
}

/* The highest number an axis gives its key, as text into buf; NULL when
 * it gives none. */
static const char *axis_highest(const ss_axis *ax, char *buf, size_t size)
{
    double top = ax->sampled ? ax->hi : -INFINITY;
    for (size_t v = 0; !ax->sampled && v < ax->n; v++) {
        char *end;
        const double x = strtod(ax->value[v], &end);
        if (end != ax->value[v] && *end == '\0' && x > top)
            top = x;
    }
    if (!isfinite(top))
        return NULL;
    snprintf(buf, size, "%.17g", top);
    return buf;
}

/* The warnings of what design dz varies: with WARN_FILE those of the
 * --set keys sets[0..nsets) and of the file, with WARN_KEYS those of each
 * varied key (ss_scenario_warn_key), given the highest value its axis
 * gives it; what the design varies is no one value of the file's. */
enum { WARN_FILE = 1, WARN_KEYS = 2 };
static void warn_axes(const ss_design *dz, const ss_scenario *s, char *const *sets, size_t nsets,
                      int what)
{
    const char **keys = malloc((dz->nax + 1) * sizeof *keys);
    if (!keys)
        return; /* warnings only */
    for (size_t i = 0; i < dz->nax; i++)
        keys[i] = dz->ax[i].key;
    const ss_varied varied = {keys, dz->nax};
    if (what & WARN_FILE) {
        ss_scenario_warn_sets(s, sets, nsets, &varied);
        ss_scenario_warn_shares(s);
        ss_scenario_warn_file(s, &varied);
    }
    for (size_t i = 0; what & WARN_KEYS && i < dz->nax; i++) {
        char highest[32];
        ss_scenario_warn_key(s, dz->ax[i].from.opt, dz->ax[i].key,
                             axis_highest(&dz->ax[i], highest, sizeof highest), &varied);
    }
    free(keys);
}

/* 1 when a grid's one value looks like a range written with a dash,
 * such as 3-6 (a number, a dash, a number). */
static int range_slip(const ss_axis *ax)
{
    if (ax->sampled || ax->n != 1)
        return 0;
    const char *v = ax->value[0], *dash = strchr(v, '-');
    /* A month, YYYY-MM, is no range. */
    if (!dash || dash == v || (dash - v == 4 && strlen(dash + 1) == 2))
        return 0;
    char *end;
    strtod(v, &end);
    if (end != dash)
        return 0;
    strtod(dash + 1, &end);
    return end != dash + 1 && *end == '\0';
}

/* Varied key a of check_keys. A value whose run cannot load the
 * scenario (out of its key's range, or no value of the key at all: any
 * value of a grid, an end of a sampled range) is warned of here, once for
 * the key: its runs will fail, and be recorded so. Where other keys of its
 * section are varied, a value that fails with the base's values is loaded
 * with each of theirs instead (a sanction's kind = penalty with its varied
 * penalty): it fails when it fails with all of them, and some of its runs
 * fail when it fails with some (warned of too). When the key is the only one varied and no value
 * of its grid loads, every run would fail: an error, before anything is
 * written. */
static int check_key(const ss_design *dz, size_t a, const loads *l, const ss_scenario *base)
{
    const ss_axis *ax = &dz->ax[a];
    int rc = check_section(ax, base, ax->key);
    if (rc)
        return rc;
    /* A sample draws any number of its range: a key that takes whole
     * numbers fails almost every run, though its ends load (a user's
     * trial: 8 of 8 runs failed). A value inside the range tells. */
    int inside_fails = 0;
    if (ax->sampled) {
        char inside[32];
        ss_diag d;
        snprintf(inside, sizeof inside, "%.10g", ax->lo + (ax->hi - ax->lo) * 0.3819660113);
        rc = load_with(l, ax->key, inside, NULL, NULL, &d);
        if (rc == SS_ENOMEM)
            return ss_usage("out of memory");
        inside_fails = rc != 0;
        if (rc && strstr(d.msg, "is not a whole number"))
            return key_error(ax,
                             "%s takes whole numbers, and a sample draws any number from %.15g "
                             "to %.15g (%s fails: %s): give it a grid of whole numbers instead "
                             "(vary %s=LO:HI:N)",
                             ax->key, ax->lo, ax->hi, inside, d.msg, ax->key);
    }
    char first[sizeof((ss_diag){0}).msg + 160] = "", second[sizeof first] = "",
                                          some[sizeof first] = "", ends[2][32];
    const size_t count = tried(ax);
    size_t failing = 0, own = 0, partly = 0;
    for (size_t v = 0; v < count; v++) {
        const char *value = tried_value(ax, v, ends[v % 2]);
        ss_diag d;
        rc = load_with(l, ax->key, value, NULL, NULL, &d);
        if (rc == SS_ENOMEM)
            return ss_usage("out of memory");
        if (rc &&
            (strncmp(d.msg, "unknown key", 11) == 0 || strncmp(d.msg, "unknown section", 15) == 0 ||
             strstr(d.msg, "needs a name") || strstr(d.msg, "takes no name")))
            return key_error(ax, "%s", d.msg);
        /* A value that is no number, or out of its key's range, fails
         * whatever the other keys are. */
        const char *last = strrchr(ax->key, '.');
        const int alone_fails =
            rc && last && strcmp(d.key, last + 1) == 0 &&
            (strstr(d.msg, "is not a number") || strstr(d.msg, "is not a whole number") ||
             strstr(d.msg, "is out of range"));
        /* Its runs take each value of another varied key of its section
         * in place of the base's (a kind = penalty, the varied penalty):
         * a value that fails with the base's is loaded with each of them,
         * and fails when it fails with all, some runs when with some. (Only
         * then: every pair of two grids of 200 took 48 s before any run.) */
        size_t combos = 0, bad = 0;
        char with[sizeof first] = "";
        for (size_t b = 0; b < dz->nax && rc && !alone_fails; b++)
            for (size_t w = 0;
                 b != a && w < tried(&dz->ax[b]) && same_section(ax->key, dz->ax[b].key); w++) {
                char buf[32];
                const char *other = tried_value(&dz->ax[b], w, buf);
                ss_diag od;
                const int orc = load_with(l, ax->key, value, dz->ax[b].key, other, &od);
                if (orc == SS_ENOMEM)
                    return ss_usage("out of memory");
                combos++;
                if (orc && !bad++)
                    snprintf(with, sizeof with, "%s with %s=%s: %s", value, dz->ax[b].key, other,
                             od.msg);
            }
        if (combos)
            rc = bad == combos;
        own += (size_t)alone_fails;
        if (rc && !failing++ && combos)
            snprintf(first, sizeof first, "%s", with);
        else if (rc && failing == 1)
            snprintf(first, sizeof first, "%s: %s", value, d.msg);
        else if (rc && failing == 2 && combos) /* a sample's other end */
            snprintf(second, sizeof second, "%s", with);
        else if (rc && failing == 2)
            snprintf(second, sizeof second, "%s: %s", value, d.msg);
        if (!rc && bad && !partly++)
            snprintf(some, sizeof some, "%s", with);
    }
    const char *slip = range_slip(ax) ? " (a range is written FROM:TO:N, e.g. 3:6:4)" : "";
    /* Both ends may fail, for reasons of their own (a hunt: sigma=1:50 with
     * an import_sigma of 10 named 1 alone, though 8 of 10 runs failed at the
     * high end). */
    if (failing == 2 && ax->sampled)
        ss_errorf("warning: %s %s=%s:%s: at %s; and at %s; the runs sampled near either end%s "
                  "will fail",
                  ax->from.opt, ax->key, ends[0], ends[1], first, second,
                  inside_fails ? ", and inside the range too," : "");
    else if (failing && ax->sampled)
        ss_errorf("warning: %s %s=%s:%s: at %s; the runs sampled near that end%s will fail",
                  ax->from.opt, ax->key, ends[0], ends[1], first,
                  inside_fails ? ", and inside the range too," : "");
    else if (failing == count && (dz->nax == 1 || own == count))
        return key_error(ax,
                         "%s: no value loads the scenario, so every run would fail; "
                         "the first, %s%s",
                         ax->key, first, slip);
    else if (failing)
        ss_errorf("warning: %s %s: %zu of its %zu values will fail their runs, first at %s%s",
                  ax->from.opt, ax->key, failing, count, first, slip);
    if (partly && !ax->sampled)
        ss_errorf("warning: %s %s: %zu of its %zu values will fail some of their runs, "
                  "first at %s",
                  ax->from.opt, ax->key, partly, count, some);
    return 0;
}

/* Every key of design dz must exist: its section (check_section), and a
 * load of the scenario at path with the nfixed --set overrides and the key
 * set must not fail for the key itself. A value with which the scenario
 * does not load is only warned of (check_key): its runs fail and are
 * recorded; but a lone key none of whose values loads is an error. The
 * loads take their world from `world`, loaded once for them all, but
 * those of a varied scenario.world, which load each folder into a cache
 * of their own: the pinned one refuses any other folder, and every other
 * world was warned of as failing its runs (a reliability hunt). */
static int check_keys(const ss_design *dz, const loads *l, const ss_scenario *base)
{
    int rc = 0;
    for (size_t a = 0; a < dz->nax && !rc; a++) {
        ss_world_cache own;
        memset(&own, 0, sizeof own);
        loads lw = *l;
        if (strcmp(dz->ax[a].key, "scenario.world") == 0)
            lw.world = &own;
        rc = check_key(dz, a, &lw, base);
        ss_world_cache_clear(&own);
    }
    return rc;
}

/* In mode = expected, seeds change nothing: --seed and replicates warn,
 * unless the sweep varies an enforcer's mode (and --seed, unless it draws
 * a Latin hypercube's samples). */
static void warn_deterministic(const char *seed, int have_replicates, const ss_design *dz,
                               const ss_scenario *base)
{
    for (size_t i = 0; i < dz->nax; i++) {
        const char *dot = strrchr(dz->ax[i].key, '.');
        if (dot && strcmp(dot, ".mode") == 0)
            return;
    }
    char what[160];
    /* A Latin hypercube is drawn from the seed (not Sobol's sequence). */
    int drawn = 0;
    for (size_t i = 0; i < dz->nax; i++)
        drawn |= dz->ax[i].sampled && !dz->sobol;
    if (seed && !drawn) {
        snprintf(what, sizeof what, "--seed %s changes nothing", seed);
        ss_scenario_warn_seed(base, what, "the scenario");
    }
    if (dz->replicates > 1) {
        snprintf(what, sizeof what, "%s %zu gives %zu identical runs per point",
                 have_replicates ? "--replicates" : "[sweep] replicates", dz->replicates,
                 dz->replicates);
        ss_scenario_warn_seed(base, what, "the scenario");
    }
}

/* "sweep     12 runs: 4 points x 3 replicates; model.sigma (4 values),
 * model.theta (sampled, 3 to 6)", what check says a [sweep] section runs. */
static void plan_text(const ss_design *dz, char *buf, size_t size)
{
    snprintf(buf, size, "sweep     %zu run%s: %zu point%s \xc3\x97 %zu replicate%s", dz->runs,
             dz->runs == 1 ? "" : "s", dz->points, dz->points == 1 ? "" : "s", dz->replicates,
             dz->replicates == 1 ? "" : "s");
    for (size_t i = 0; i < dz->nax; i++) {
        const size_t len = strlen(buf);
        const ss_axis *ax = &dz->ax[i];
        if (ax->sampled)
            snprintf(buf + len, size - len, "%s %s (sampled, %.6g to %.6g)", i ? "," : ";", ax->key,
                     ax->lo, ax->hi);
        else
            snprintf(buf + len, size - len, "%s %s (%zu value%s)", i ? "," : ";", ax->key, ax->n,
                     ax->n == 1 ? "" : "s");
    }
}

int ss_sweep_check(const char *path, const ss_scenario *s, char *const *sets, size_t nsets,
                   char *plan, size_t size)
{
    ss_design dz = {0};
    const ss_design_options o = {.fixed = sets, .nfixed = nsets};
    ss_diag d;
    ss_diag_clear(&d);
    ss_world_cache world = {0};
    plan[0] = '\0';
    const loads l = {path, sets, nsets, NULL, 0, &world};
    /* The file's warnings come before the section's error, given what the
     * section varies when it builds. */
    const int bad = ss_design_build(&dz, &o, s, &d);
    const ss_design none = {0};
    warn_axes(bad ? &none : &dz, s, sets, nsets, WARN_FILE);
    int rc = bad ? ss_design_report(&d) : check_keys(&dz, &l, s);
    if (!rc && dz.nax > 0) {
        warn_axes(&dz, s, NULL, 0, WARN_KEYS);
        warn_deterministic(NULL, 0, &dz, s);
        plan_text(&dz, plan, size);
    }
    ss_world_cache_clear(&world);
    ss_design_free(&dz);
    return rc;
}

/* ENOSPC or EDQUOT when a failed row's status says that its run lacked
 * room; else 0. */
static int room_error(const char *row)
{
    return strstr(row, strerror(ENOSPC)) ? ENOSPC : strstr(row, strerror(EDQUOT)) ? EDQUOT : 0;
}

/* Takes over the finished rows of this shard from a journal of this sweep;
 * a row that does not match the design, or is damaged, or whose run lacks
 * the files it keeps (ss_sweep_kept), is left to run again, and said so,
 * and the journal is written again without it. Returns 0, or 2 when the
 * journal cannot be written. */
static int take_rows(const ss_sweep *sw, const ss_world *w, ss_journal *j, char **rows,
                     size_t *before)
{
    size_t bad = j->unread, unkept = 0, no_room = 0;
    int room = 0; /* the errno of the last run that failed for want of room */
    long first = j->first_unread;
    for (size_t i = sw->shard - 1; i < sw->dz.runs; i += sw->nshards) {
        if (!j->rows[i])
            continue;
        if (!ss_row_matches(sw, w, i, j->rows[i])) {
            first = bad++ && first < j->line[i] ? first : j->line[i];
            continue;
        }
        if (ss_row_ok(j->rows[i], sw->dz.nax) && !ss_sweep_kept(sw, i)) {
            unkept++;
            continue;
        }
        /* A run that failed only for want of room runs again once there
         * may be room (a hunt: only --force, which drops every good row,
         * ran them). */
        const int err = !ss_row_ok(j->rows[i], sw->dz.nax) ? room_error(j->rows[i]) : 0;
        if (err) {
            room = err;
            no_room++;
            continue;
        }
        rows[i] = j->rows[i];
        j->rows[i] = NULL;
        (*before)++;
    }
    if (!bad && !unkept && !no_room)
        return 0;
    if (bad)
        ss_errorf("%s/%s:%ld: %zu row%s not match this sweep's design or %s damaged "
                  "(the first on this line): %s again",
                  sw->out, SS_JOURNAL, first, bad, bad == 1 ? " does" : "s do",
                  bad == 1 ? "is" : "are", bad == 1 ? "its run runs" : "their runs run");
    if (unkept)
        ss_errorf("%s: %zu finished run%s the files this sweep keeps (%s%s%s): %s again", sw->out,
                  unkept, unkept == 1 ? " lacks" : "s lack",
                  sw->keep_runs ? "--keep-runs: runs/pP-rR" : "",
                  sw->keep_runs && sw->keep_series ? ", " : "",
                  sw->keep_series ? "--keep-series: series/pP-rR.csv" : "",
                  unkept == 1 ? "it runs" : "they run");
    if (no_room)
        ss_errorf("%s: %zu run%s failed for want of room (%s): %s again", sw->out, no_room,
                  no_room == 1 ? "" : "s", strerror(room), no_room == 1 ? "it runs" : "they run");
    ss_text b = {0};
    ss_text_puts(&b, j->head);
    for (size_t i = 0; i < sw->dz.runs; i++)
        if (rows[i])
            ss_text_puts(&b, rows[i]);
    int rc = ss_sweep_write_file(sw->out, SS_JOURNAL, &b) ? 2 : 0;
    free(b.s);
    return rc;
}

/* 1 when name is a run's name in a sweep folder, pP-rR followed by
 * suffix, with any number of digits: the folder that --force replaces may
 * be of a sweep of another size, whose names have other widths
 * (ss_sweep_run_name). */
static int run_name(const char *name, const char *suffix)
{
    size_t p = name[0] == 'p' ? strspn(name + 1, "0123456789") : 0;
    size_t r = p && !strncmp(name + p + 1, "-r", 2) ? strspn(name + p + 3, "0123456789") : 0;
    return r && !strcmp(name + p + 3 + r, suffix);
}

/* What a sweep, merge or plot writes at the top of a sweep folder. */
enum { NOT_SWEEPS, SWEEP_FILE, SUBFOLDER, PLOT_WORK };

static int top_entry(const char *name)
{
    for (size_t i = 0; i < SS_SWEEP_NFILES; i++) {
        char tmp[64]; /* a killed writer's (ss_write_atomic) */
        snprintf(tmp, sizeof tmp, ".%s.tmp", ss_sweep_files[i]);
        if (!strcmp(name, ss_sweep_files[i]) || !strcmp(name, tmp))
            return SWEEP_FILE;
    }
    if (!strcmp(name, "runs") || !strcmp(name, "series") || !strcmp(name, "plots"))
        return SUBFOLDER;
    return ss_plot_work_name(name) ? PLOT_WORK : NOT_SWEEPS; /* a killed plot's */
}

/* 1 when path (an entry of OUT) is of the type S_IFREG or S_IFDIR. */
static int is_type(const char *out, const char *name, mode_t type)
{
    char *path = ss_path_join(out, name);
    struct stat st;
    int yes = path && lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == type;
    free(path);
    return yes;
}

/* 1 when name is a sweep chart's file: sweep-band or sweep-heatmap, with
 * -INDICATOR or not, in PNG, SVG or PDF. */
static int sweep_chart(const char *name)
{
    const char *dot = strrchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : 0;
    int known =
        (stem >= 10 && !strncmp(name, "sweep-band", 10) && (stem == 10 || name[10] == '-')) ||
        (stem >= 13 && !strncmp(name, "sweep-heatmap", 13) && (stem == 13 || name[13] == '-'));
    return known && ss_chart_format(dot + 1);
}

/* 1 when name, an entry of OUT/sub (runs, series or plots), is a sweep's:
 * a run folder sanctsim wrote or a killed run's .pP-rR.partial-XXXXXX, a
 * series file or a killed writer's .pP-rR.csv.tmp, a sweep chart; else 0,
 * with why into stray. */
static int sub_entry(const char *dir, const char *sub, const char *name, char *stray, size_t size)
{
    char why[256] = "", *path = ss_path_join(dir, name);
    const char *partial = strstr(name, ".partial-");
    char head[64] = "";
    if (name[0] == '.' && partial)
        snprintf(head, sizeof head, "%.*s", (int)(partial - name - 1), name + 1);
    int ok = !strcmp(name, ".") || !strcmp(name, "..");
    if (!strcmp(sub, "runs"))
        ok |= (head[0] && run_name(head, "") && is_type(dir, name, S_IFDIR)) ||
              (run_name(name, "") && path && ss_output_replaceable(path, why, sizeof why));
    else if (!strcmp(sub, "series"))
        ok |= (run_name(name, ".csv") || (name[0] == '.' && run_name(name + 1, ".csv.tmp"))) &&
              is_type(dir, name, S_IFREG);
    else
        ok |= sweep_chart(name) && is_type(dir, name, S_IFREG);
    if (!ok && why[0])
        snprintf(stray, size, "runs/%.200s is not a run folder of the sweep's (%s)", name, why);
    else if (!ok)
        snprintf(stray, size, "%s/%.200s was not written by sanctsim", sub, name);
    free(path);
    return ok;
}

/* 1 when what --force would delete in OUT holds anything a sweep did not
 * write, with why into stray. Entries of OUT that are not a sweep's are
 * left alone, and so not looked into (a merge's OUT_DIR may hold its
 * shards' folders). */
static int stray_entry(const char *out, char *stray, size_t size)
{
    DIR *d = opendir(out);
    int found = !d;
    snprintf(stray, size, "it cannot be listed");
    for (struct dirent *e; d && !found && (e = readdir(d));) {
        const char *n = e->d_name;
        int kind = top_entry(n);
        char *sub = kind == SUBFOLDER ? ss_path_join(out, n) : NULL;
        DIR *s = sub ? opendir(sub) : NULL;
        if (kind == SWEEP_FILE && (found = !is_type(out, n, S_IFREG)))
            snprintf(stray, size, "%s is not a file", n);
        else if (kind == SUBFOLDER && (found = !is_type(out, n, S_IFDIR) || !s))
            snprintf(stray, size, "%s is not a folder that can be listed", n);
        else if (kind == PLOT_WORK && (found = !is_type(out, n, S_IFDIR)))
            snprintf(stray, size, "%s is not a folder", n);
        for (struct dirent *r; s && !found && (r = readdir(s));)
            found = !sub_entry(sub, n, r->d_name, stray, size);
        if (s)
            closedir(s);
        free(sub);
    }
    if (d)
        closedir(d);
    return found;
}

/* A folder that is not this sweep's, or --force: it must be empty, or
 * hold a journal and, in what a sweep writes there, nothing that a sweep
 * did not write (README, "Guarantees"); then that is removed. 0 or 2. */
static int clear_out(const ss_sweep *sw)
{
    char *jp = ss_path_join(sw->out, SS_JOURNAL);
    int had = jp && ss_path_exists(jp);
    free(jp);
    DIR *d = opendir(sw->out);
    int empty = 1;
    for (struct dirent *e; d && (e = readdir(d));)
        empty &= !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    char stray[512];
    if (!had && !empty) {
        ss_errorf("%s: exists and is not a sweep folder (it has no %s): choose another --out",
                  sw->out, SS_JOURNAL);
        return 2;
    }
    if (had && stray_entry(sw->out, stray, sizeof stray)) {
        ss_errorf("%s: %s: --force replaces only what a sweep wrote; move it, or choose another "
                  "--out",
                  sw->out, stray);
        return 2;
    }
    d = opendir(sw->out);
    for (struct dirent *e; d && (e = readdir(d));)
        if (top_entry(e->d_name) != NOT_SWEEPS) {
            char *p = ss_path_join(sw->out, e->d_name);
            if (p)
                ss_remove_tree(p);
            free(p);
        }
    if (d)
        closedir(d);
    return 0;
}

/* What differs between the sweep of journal j and sw, as far as the
 * journal tells: its columns, its size, or (the fingerprint) its inputs;
 * and the command that made it when that is not sw's. */
static void other_sweep(const ss_sweep *sw, const ss_journal *j, char *why, size_t size)
{
    static const char tag[] = "# command: ";
    const char *made = j->head ? strstr(j->head, tag) : NULL;
    if (made)
        made += strlen(tag);
    const int len = made ? (int)strcspn(made, "\n") : 0;
    const int same =
        made && (size_t)len == strlen(sw->command) && !strncmp(made, sw->command, (size_t)len);
    if (strcmp(j->columns, sw->header) != 0)
        snprintf(why, size, "its varied keys or --indicator columns differ");
    else if (j->runs != sw->dz.runs || j->replicates != sw->dz.replicates)
        snprintf(why, size, "it has %zu runs (%zu a point), this sweep %zu (%zu a point)", j->runs,
                 j->replicates, sw->dz.runs, sw->dz.replicates);
    else if (same)
        snprintf(why, size,
                 "the same command, but an input changed since: the scenario file, a base, the "
                 "world, a [links] table or sanctsim's version");
    else
        snprintf(why, size,
                 "the scenario file, its world or [links] tables, --set, the design's values, "
                 "the seed or sanctsim's version differ");
    size_t at = strlen(why);
    /* A merged folder's command is its first shard's (sanctsim merge). */
    if (made && !same)
        snprintf(why + at, size - at,
                 strstr(j->head, "\n# merged from ")
                     ? "; sanctsim merge joined it from shards, the first made by: %.*s"
                     : "; it was made by: %.*s",
                 len, made);
}

/* Resumes from the journal j of OUT, if it is this same sweep and shard. */
static int resume(const ss_sweep *sw, const ss_world *w, ss_journal *j, char **rows, size_t *before)
{
    int same = strcmp(j->fingerprint, sw->fingerprint) == 0 && j->runs == sw->dz.runs &&
               j->replicates == sw->dz.replicates && strcmp(j->columns, sw->header) == 0;
    if (!same) {
        char why[2048];
        other_sweep(sw, j, why, sizeof why);
        ss_errorf("%s: holds the results of a different sweep (%s): run the original command to "
                  "resume it, choose another --out, or add --force to discard those results",
                  sw->out, why);
        return 2;
    }
    if (j->shard != sw->shard || j->nshards != sw->nshards) {
        ss_errorf("%s: holds shard %zu/%zu of this sweep, not %zu/%zu: give each shard its own "
                  "--out",
                  sw->out, j->shard, j->nshards, sw->shard, sw->nshards);
        return 2;
    }
    return take_rows(sw, w, j, rows, before);
}

/* Opens OUT for this sweep: a new folder, or one holding the journal of
 * this same sweep and shard, whose finished rows are taken over. */
static int prepare_out(const ss_sweep *sw, const ss_world *w, int force, char **rows,
                       size_t *before)
{
    *before = 0;
    if (ss_path_exists(sw->out) && !ss_is_dir(sw->out)) {
        ss_errorf("%s: exists and is not a folder: choose another --out", sw->out);
        return 2;
    }
    ss_journal j;
    ss_diag d;
    int rc = ss_is_dir(sw->out) ? ss_journal_read(sw->out, &j, 1, &d) : SS_SKIP;
    /* With --force the journal goes whatever it holds. */
    if ((rc == SS_EIO || rc == SS_EINVAL) && !force) {
        ss_report(&d);
        return rc == SS_EIO ? 1 : 2;
    }
    if (rc == SS_OK && force) {
        ss_journal_free(&j);
        rc = SS_SKIP;
    }
    if (rc != SS_OK && ss_is_dir(sw->out) && clear_out(sw))
        return 2;
    if (rc == SS_OK) {
        rc = resume(sw, w, &j, rows, before);
        ss_journal_free(&j);
        return rc;
    }
    if (ss_mkdir_p(sw->out) != 0) {
        const int err = errno;
        ss_errorf("%s: cannot create the folder: %s", sw->out, strerror(err));
        return ss_mkdir_status(err);
    }
    ss_text head = {0};
    ss_journal_head(sw, &head);
    rc = ss_sweep_write_file(sw->out, SS_JOURNAL, &head) ? 2 : 0;
    free(head.s);
    return rc;
}

/* OUT/sweep-scenario.ini: the base scenario, resolved. 0 or 1. */
static int write_base(const ss_sweep *sw, const ss_scenario *base)
{
    ss_text t = {0};
    FILE *f = open_memstream(&t.s, &t.len);
    if (!f)
        return 1;
    ss_scenario_write(base, f);
    fprintf(f,
            "\n; The base scenario of the sweep in this folder (its command is in %s).\n"
            "; Rerun one row of sweep.csv alone with its values and seed:\n"
            ";   sanctsim run THIS_FILE --set KEY=VALUE ... --seed SEED\n",
            SS_JOURNAL);
    t.failed = fclose(f) != 0;
    int rc = t.failed ? 1 : ss_sweep_write_file(sw->out, "sweep-scenario.ini", &t) ? 1 : 0;
    free(t.s);
    return rc;
}

/* ---- sanctsim sweep ---------------------------------------------------------- */

/* Everything a sweep holds, freed in one place (ss_cmd_sweep). */
typedef struct sweeping {
    args a;
    ss_sweep sw;
    ss_scenario *base;    /* its world is not looked at once the runs start */
    ss_world_cache world; /* loaded with base, before the workers fork */
    char *out;
    char **rows;           /* by run: its row, once finished */
    size_t before, mine;   /* rows found done; runs of this shard */
    size_t *queue, nqueue; /* the runs still to do, in design order */
    size_t done, failed;   /* rows received by this invocation */
    int journal, tty;
    double start, last_print, last_sync;
    char seed_set[128];
} sweeping;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}


/* The base scenario (the file with --set and --seed), the design, its
 * keys checked, the header, the command and OUT. An exit status or 0. */
static int setup(int argc, char **argv, sweeping *st)
{
    args *a = &st->a;
    ss_sweep *sw = &st->sw;
    ss_add_seed(a->sets, &a->nsets, a->seed, st->seed_set, sizeof st->seed_set);
    *sw = (ss_sweep){.path = a->scenario,
                     .fixed = a->sets,
                     .nfixed = a->nsets,
                     .keep_runs = a->keep_runs,
                     .keep_series = a->keep_series,
                     .custom = a->custom,
                     .ncustom = a->ncustom,
                     .shard = a->shard,
                     .nshards = a->nshards};
    ss_diag d;
    ss_diag_clear(&d);
    if (!(st->base = ss_scenario_load_cached(a->scenario, a->sets, a->nsets, &st->world, &d))) {
        ss_report(&d);
        return 2;
    }
    ss_design_options o = {a->specs,           a->nspecs, a->points, a->replicates, a->have_points,
                           a->have_replicates, a->design, a->sets,   a->nsets};
    if (ss_design_build(&sw->dz, &o, st->base, &d))
        return ss_design_report(&d);
    if (sw->shard > sw->dz.runs)
        ss_errorf("warning: --shard %zu/%zu holds no run: the design has %zu, and shard I takes "
                  "runs I-1, I-1+N, ...; its sweep.csv has the header alone (merge takes it)",
                  sw->shard, sw->nshards, sw->dz.runs);
    /* The base borrows the cache's world: pinned, the cache refuses a
     * varied scenario.world (a failed load, no key error) instead of
     * freeing it. Unknown keys and sections are found before the world. */
    /* The indicators' countries and sectors are the world's; their periods
     * must fall inside the base's run, unless the design sets the runs'
     * months: check_key then checks them in each value's run. The twin is
     * judged on the base, when its run holds the periods. */
    ss_targets *own = ss_custom_targets(a->custom, a->ncustom, st->base, 0, &d);
    const int named = own != NULL;
    ss_targets_free(own);
    if (!named)
        return ss_usage("%s", d.msg);
    st->world.pinned = 1;
    const loads l = {sw->path, sw->fixed, sw->nfixed, a->custom, a->ncustom, &st->world};
    int rc = check_keys(&sw->dz, &l, st->base);
    st->world.pinned = 0;
    if (rc)
        return rc;
    int moving = 0;
    for (size_t i = 0; i < sw->dz.nax; i++)
        moving |= sets_months(sw->dz.ax[i].key);
    own = ss_custom_targets(a->custom, a->ncustom, st->base, 1, &d);
    const int fits = own != NULL;
    ss_targets_free(own);
    if (!fits && !moving)
        return ss_usage("%s", d.msg);
    if (fits && ss_custom_check_twin(a->custom, a->ncustom, st->base, &d)) {
        ss_report(&d);
        return 2;
    }
    warn_axes(&sw->dz, st->base, a->sets, a->nsets, WARN_FILE | WARN_KEYS);
    warn_deterministic(a->seed, a->have_replicates, &sw->dz, st->base);
    if (sw->dz.nax == 0)
        ss_errorf("note: no --vary, --sample or [sweep] design: the sweep runs the scenario as it "
                  "is, %zu time%s",
                  sw->dz.replicates, sw->dz.replicates == 1 ? "" : "s");
    char suffix[96] = "-sweep";
    if (sw->nshards > 1)
        snprintf(suffix, sizeof suffix, "-sweep-shard-%zu-of-%zu", sw->shard, sw->nshards);
    sw->header = ss_sweep_header(sw);
    sw->command = command_line(argc, argv);
    if (!(st->out = ss_out_folder(a->out, a->scenario, suffix)))
        return 1; /* said */
    if (!sw->header || !sw->command)
        return ss_usage("out of memory");
    sw->out = st->out;
    /* The sweep writes OUT/sweep-scenario.ini: as its own input, rewritten,
     * it made the same command find "a different sweep" (a reliability
     * hunt). */
    char *written = ss_path_join(sw->out, "sweep-scenario.ini");
    const int same = written && ss_same_file(a->scenario, written);
    free(written);
    if (same)
        return ss_usage("%s is the file this sweep writes into %s: copy it out of the folder "
                        "and sweep the copy",
                        a->scenario, sw->out);
    ss_sweep_fingerprint(sw, st->base);
    return 0;
}

/* OUT made or resumed, the base scenario written, OUT/runs/ made for
 * --keep-runs, and the queue of the runs still to do. An exit status or 0. */
static int open_out(sweeping *st)
{
    ss_sweep *sw = &st->sw;
    if (!(st->rows = calloc(sw->dz.runs, sizeof *st->rows)))
        return ss_usage("out of memory");
    int rc = prepare_out(sw, st->base->world, st->a.force, st->rows, &st->before);
    if (rc)
        return rc;
    if (write_base(sw, st->base) != 0)
        return 1;
    for (int k = 0; k < 2; k++) {
        const char *sub = k ? "series" : "runs";
        if (!(k ? sw->keep_series : sw->keep_runs))
            continue;
        char *dir = ss_path_join(sw->out, sub);
        int bad = !dir || ss_mkdir_p(dir) != 0;
        free(dir);
        if (bad) {
            ss_errorf("%s/%s: cannot create the folder: %s", sw->out, sub, strerror(errno));
            return 1;
        }
    }
    for (size_t i = sw->shard - 1; i < sw->dz.runs; i += sw->nshards)
        st->mine++;
    if (!(st->queue = malloc((st->mine - st->before + 1) * sizeof *st->queue)))
        return ss_usage("out of memory");
    for (size_t i = sw->shard - 1; i < sw->dz.runs; i += sw->nshards)
        if (!st->rows[i])
            st->queue[st->nqueue++] = i;
    return 0;
}

/* The progress line on a terminal, at most four times a second. */
static void progress(void *user, int last)
{
    sweeping *st = user;
    if (!st->tty)
        return;
    double now = now_seconds();
    if (!last && now - st->last_print < 0.25)
        return;
    st->last_print = now;
    size_t total = st->before + st->nqueue, done = st->before + st->done;
    char line[160];
    size_t n = 0;
#define SAY(...) n += (size_t)snprintf(line + n, n < sizeof line ? sizeof line - n : 0, __VA_ARGS__)
    SAY("sweep, %zu of %zu runs done", done, total);
    if (st->failed)
        SAY(" (%zu failed)", st->failed);
    double rate = (double)st->done / (now - st->start > 1e-9 ? now - st->start : 1e-9);
    if (st->done > 0) {
        double left = (double)(st->nqueue - st->done) / rate;
        SAY(", %.1f runs/s", rate);
        if (done < total && left < 60)
            SAY(", about %.0f s left", ceil(left));
        else if (done < total && left < 3600)
            SAY(", about %.0f min left", ceil(left / 60));
        else if (done < total)
            SAY(", about %.1f h left", left / 3600);
    }
#undef SAY
    ss_progress("%s", line);
    if (last)
        ss_progress_done();
}

/* In a worker: one run's row. */
static char *work(void *user, size_t run, size_t *len)
{
    sweeping *st = user;
    char *row = ss_sweep_run_one(&st->sw, &st->world, run);
    *len = row ? strlen(row) : 0;
    return row;
}

/* Keeps a finished row: in memory for sweep.csv, and at once in the
 * journal (synced at most once a second: a killed process loses nothing,
 * a power cut at most the last second). */
static int record(void *user, size_t run, char *row, size_t len)
{
    sweeping *st = user;
    free(st->rows[run]);
    st->rows[run] = row;
    st->done++;
    if (!ss_row_ok(row, st->sw.dz.nax))
        st->failed++;
    if (ss_write_full(st->journal, row, len) != 0) {
        ss_errorf("%s/%s: cannot write: %s", st->sw.out, SS_JOURNAL, strerror(errno));
        return SS_EIO;
    }
    double now = now_seconds();
    if (now - st->last_sync >= 1) {
        fsync(st->journal);
        st->last_sync = now;
    }
    return SS_OK;
}

/* A run that two workers died on: a failed row that says so. */
static int lost(void *user, size_t run, const char *why)
{
    sweeping *st = user;
    char *row = ss_row_make(&st->sw, run, why, NULL);
    if (!row) {
        ss_errorf("out of memory");
        return SS_ENOMEM;
    }
    return record(user, run, row, strlen(row));
}

/* A test hook's whole number, or SIZE_MAX when it is not set. */
static size_t hook(const char *name)
{
    const char *text = getenv(name);
    size_t v;
    return text && !ss_parse_size(text, &v) ? v : SIZE_MAX;
}

/* Runs the queue on the workers, appending to the journal. The pool's
 * status (0, 1 stopped by the test hook, 2 an error, reported). */
static int run_queue(sweeping *st)
{
    ss_sweep *sw = &st->sw;
    char *jp = ss_path_join(sw->out, SS_JOURNAL);
    st->journal = jp ? open(jp, O_WRONLY | O_APPEND) : -1;
    free(jp);
    if (st->journal < 0) {
        ss_errorf("%s/%s: cannot open: %s", sw->out, SS_JOURNAL, strerror(errno));
        return 2;
    }
    size_t jobs = st->a.jobs;
    if (!st->a.have_jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 0 ? (size_t)cores : 1;
    }
    ss_pool_job job = {.task = st->queue,
                       .ntask = st->nqueue,
                       .jobs = jobs,
                       .work = work,
                       .done = record,
                       .lost = lost,
                       .tick = progress,
                       .user = st,
                       .close_fd = st->journal,
                       .stop_after = hook("SANCTSIM_SWEEP_STOP_AFTER"),
                       .crash_task = hook("SANCTSIM_SWEEP_CRASH_RUN")};
    ss_signals_catch();
    st->start = st->last_sync = now_seconds();
    /* Said whether or not on a terminal: a script's log shows that a
     * rerun resumed (a trial). */
    if (st->before > 0)
        ss_errorf("sweep: note: resuming %s: %zu of its %zu runs were done already%s", sw->out,
                  st->before, st->before + st->nqueue, st->nqueue == 0 ? ", so nothing runs" : "");
    int rc = ss_pool_run(&job);
    fsync(st->journal);
    close(st->journal);
    return rc;
}

/* After a stop: the series files and run folders of runs that the
 * journal does not hold, removed (a run in flight wrote its file before
 * the parent could journal it), so that OUT holds the journal's runs
 * alone; resuming runs them again. */
static void forget_unjournaled(const sweeping *st)
{
    const ss_sweep *sw = &st->sw;
    for (int k = 0; k < 2; k++) {
        if (!(k ? sw->keep_series : sw->keep_runs))
            continue;
        char *dir = ss_path_join(sw->out, k ? "series" : "runs");
        DIR *d = dir ? opendir(dir) : NULL;
        for (struct dirent *e; d && (e = readdir(d));) {
            size_t p, r;
            char name[SS_RUN_NAME + 4];
            if (sscanf(e->d_name, "p%zu-r%zu", &p, &r) != 2 || r >= sw->dz.replicates ||
                p >= sw->dz.points || st->rows[p * sw->dz.replicates + r])
                continue;
            ss_sweep_run_name(sw, p * sw->dz.replicates + r, name);
            if (strcmp(strcat(name, k ? ".csv" : ""), e->d_name))
                continue; /* not a name the sweep gives (p1-r0 for p01-r0) */
            char *path = ss_path_join(dir, e->d_name);
            if (path && k)
                unlink(path);
            else if (path)
                ss_remove_tree(path);
            free(path);
        }
        if (d)
            closedir(d);
        free(dir);
    }
}

/* After the pool: a stop, or the result files. The exit status. */
static int conclude(sweeping *st, int rc)
{
    ss_sweep *sw = &st->sw;
    if (ss_signal_caught() || rc == 1) {
        forget_unjournaled(st);
        ss_errorf("sweep %s: %zu of %zu runs are saved in %s/%s; run the same command again%s "
                  "to resume",
                  ss_signal_caught() ? "interrupted" : "stopped (SANCTSIM_SWEEP_STOP_AFTER)",
                  st->before + st->done, st->mine, sw->out, SS_JOURNAL,
                  st->a.force ? " without --force (which would discard them)" : "");
        return ss_signals_finish(1);
    }
    ss_signals_release();
    if (rc)
        return 1; /* a system error, reported */
    ss_diag d;
    ss_diag_clear(&d);
    if (ss_write_results(sw->out, sw->header, st->rows, sw->dz.runs, sw->dz.points,
                         sw->dz.replicates, sw->nshards == 1, &d)) {
        ss_report(&d);
        return 1;
    }
    size_t failed =
        ss_count_failed(st->rows, sw->shard - 1, sw->nshards, sw->dz.runs, sw->dz.nax, sw->out);
    if (sw->nshards > 1 && st->tty)
        ss_errorf("shard %zu/%zu done: join the shards with sanctsim merge OUT_DIR SHARD_DIR...",
                  sw->shard, sw->nshards);
    printf("%s\n", sw->out);
    return failed ? 1 : 0; /* the files are written, but a run failed */
}

int ss_cmd_sweep(int argc, char **argv)
{
    sweeping st;
    memset(&st, 0, sizeof st);
    st.journal = -1;
    st.tty = isatty(STDERR_FILENO);
    int rc = parse_args(argc, argv, &st.a);
    /* The sweep reads its inputs once (ss_inputs_keep): the scenario, its
     * bases and tables as setup reads them (the base, the checks of the
     * varied keys, the fingerprint of every varied file) are what each run
     * reads (ss_sweep_run_one keeps them too), edited or not meanwhile. */
    if (rc < 0)
        rc = 0; /* --help */
    else if (!rc) {
        const int kept = ss_inputs_keep(1);
        rc = setup(argc, argv, &st);
        ss_inputs_keep(kept);
        if (!rc && !(rc = open_out(&st)))
            rc = conclude(&st, run_queue(&st));
    }
    for (size_t i = 0; st.rows && i < st.sw.dz.runs; i++)
        free(st.rows[i]);
    free(st.rows);
    free(st.queue);
    ss_scenario_free(st.base);
    ss_world_cache_clear(&st.world);
    free(st.out);
    ss_design_free(&st.sw.dz);
    free(st.sw.header);
    free(st.sw.command);
    free(st.a.sets);
    free(st.a.specs);
    return rc;
}
