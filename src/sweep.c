/* `sanctsim sweep` and `sanctsim merge`: many runs of one scenario over a
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
 *                                it is handed run I. */
#include "sweep.h"
#include "commands.h"
#include "cost.h"
#include "output.h"
#include "report.h"
#include "rng.h"
#include "scenario.h"
#include "signals.h"
#include "sim.h"
#include "summary.h"
#include "table.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <ini.h>
#include <libgen.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 10000000UL
#define MAX_VALUES 1000000UL
#define JOURNAL "sweep.journal"
#define JOURNAL_MAGIC "# sanctsim sweep journal 1"
#define GOLDEN 0x9E3779B97F4A7C15ULL

/* ---- text -------------------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t len, cap;
    int failed;
} buf;

static void buf_add(buf *b, const char *text, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_puts(buf *b, const char *text)
{
    buf_add(b, text, strlen(text));
}

static void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_printf(buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_add(b, big, (size_t)n);
    free(big);
}

/* A CSV field (ss_csv_field: RFC 4180 quoting, no line break, no formula). */
static void buf_field(buf *b, const char *text)
{
    char small[256];
    size_t len = ss_csv_field(text, small, sizeof small);
    if (len < sizeof small) {
        buf_add(b, small, len);
        return;
    }
    char *big = ss_csv_field_dup(text);
    if (big)
        buf_add(b, big, len);
    else
        b->failed = 1;
    free(big);
}

/* A number in a row or the summary: 10 significant digits, as in a run's
 * own CSV files; empty when there is no number. */
static void buf_number(buf *b, double v)
{
    if (isfinite(v))
        buf_printf(b, "%.10g", v);
}

/* Splits one CSV line (without its line break) into fields, in place,
 * undoing the quoting of buf_field. Returns the number of fields, or
 * max + 1 when there are more than max. */
static size_t split_csv(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *r = line, *w = line;
    for (;;) {
        if (n == max)
            return max + 1;
        field[n++] = w;
        if (*r == '"') {
            r++;
            while (*r) {
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
        }
        while (*r && *r != ',')
            *w++ = *r++;
        if (*r != ',') {
            *w = '\0';
            return n;
        }
        *w++ = '\0';
        r++;
    }
}

static int parse_double(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == text || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int parse_size(const char *text, size_t *out)
{
    if (!isdigit((unsigned char)text[0]))
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- files --------------------------------------------------------------- */

static size_t read_full(int fd, void *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static int write_full(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t r = write(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int mkdir_p(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *c = copy + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *c = '/';
    }
    int rc = mkdir(copy, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(copy);
    return rc || !is_dir(path) ? -1 : 0;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Writes dir/name through dir/.name.tmp, synced, then renamed into place. */
static int write_atomic(const char *dir, const char *name, const char *text, size_t len)
{
    char tmpname[256];
    snprintf(tmpname, sizeof tmpname, ".%s.tmp", name);
    char *tmp = ss_path_join(dir, tmpname), *final = ss_path_join(dir, name);
    int fd = tmp ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666) : -1;
    int rc = fd < 0 || write_full(fd, text, len) != 0 || fsync(fd) != 0;
    if (fd >= 0 && close(fd) != 0)
        rc = 1;
    if (!rc && rename(tmp, final) != 0)
        rc = 1;
    if (rc) {
        int saved = errno;
        if (tmp)
            unlink(tmp);
        ss_errorf("%s: cannot write: %s", final ? final : name, strerror(saved));
    } else {
        fsync_dir(dir);
    }
    free(tmp);
    free(final);
    return rc ? -1 : 0;
}

/* ---- the design ------------------------------------------------------------ */

/* Where a piece of the design came from, for error messages: an option on
 * the command line ("--vary") or a key of the [sweep] section. */
typedef struct origin {
    const char *opt;
    const char *file; /* NULL for the command line */
    long line;
} origin;

static int design_error(const origin *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int design_error(const origin *o, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (o->file) {
        ss_errorf("%s:%ld: %s: %s", o->file, o->line, o->opt, msg);
        return 2;
    }
    return ss_usage("%s: %s", o->opt, msg);
}

/* One varied key: its values in a grid, or its range when sampled. */
typedef struct axis {
    char *key;    /* "model.sigma" */
    char **value; /* the text passed to each run as key=value */
    size_t n;
    int sampled;
    double lo, hi;
    size_t stride; /* grid axes: consecutive grid points between two values */
    origin from;
} axis;

typedef struct sweep {
    const char *path; /* the scenario file */
    char **fixed;     /* --set overrides for every run */
    size_t nfixed;
    axis *ax;
    size_t nax;
    size_t sample_points; /* 1 when nothing is sampled */
    int sobol;
    size_t points, replicates, runs;
    uint64_t seed; /* the scenario seed every run's seed derives from */
    size_t shard, nshards;
    const char *out;
    int keep_runs;
    char fingerprint[17];
    char *header; /* the header line of sweep.csv, with its line break */
    char *command;
} sweep;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t run_seed(uint64_t base, size_t point, size_t rep)
{
    uint64_t h = mix64(base + GOLDEN * ((uint64_t)point + 1));
    return mix64(h + GOLDEN * ((uint64_t)rep + 1)) >> 11;
}

static const char *point_value(const sweep *sw, size_t p, size_t a)
{
    const axis *ax = &sw->ax[a];
    if (ax->sampled)
        return ax->value[p % sw->sample_points];
    return ax->value[(p / sw->sample_points / ax->stride) % ax->n];
}

/* section.key or section.LABEL.key, without spaces or empty parts, in a
 * text without control characters. */
static int check_key(const char *key, const origin *o, const char *text, const char *form)
{
    char what[64];
    if (ss_control_char(text, strlen(text), 0, what, sizeof what) >= 0)
        return design_error(o, "'%s': %s: a value is one line of plain text", text, what);
    int bad = !strchr(key, '.') || key[0] == '.' || key[strlen(key) - 1] == '.' ||
              strstr(key, "..") || strpbrk(key, " \t=");
    if (bad)
        return design_error(o, "'%s': expected %s", text, form);
    if (strcmp(key, "scenario.seed") == 0)
        return design_error(o,
                            "'%s': the seed cannot be varied: every run gets its own seed "
                            "from the scenario seed; use --replicates for more seeds and "
                            "--seed to change the scenario seed",
                            text);
    return 0;
}

static char *format_value(double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.12g", v == 0 ? 0.0 : v);
    return strdup(tmp);
}

/* --vary KEY=FROM:TO:N or KEY=A,B,C */
static int parse_vary(const char *text, const origin *o, axis *a)
{
    static const char form[] = "section.key=FROM:TO:N or section.key=A,B,C";
    const char *eq = strchr(text, '=');
    memset(a, 0, sizeof *a);
    a->from = *o;
    if (!eq || eq == text || !eq[1])
        return design_error(o, "'%s': expected %s", text, form);
    a->key = strndup(text, (size_t)(eq - text));
    if (!a->key)
        return design_error(o, "out of memory");
    if (check_key(a->key, o, text, form))
        return 2;
    const char *spec = eq + 1;
    if (strchr(spec, ':')) {
        char from_t[128], to_t[128], n_t[64];
        const char *c1 = strchr(spec, ':'), *c2 = strchr(c1 + 1, ':');
        if (!c2 || strchr(c2 + 1, ':') || (size_t)(c1 - spec) >= sizeof from_t ||
            (size_t)(c2 - c1 - 1) >= sizeof to_t || strlen(c2 + 1) >= sizeof n_t)
            return design_error(o, "'%s': expected %s", text, form);
        snprintf(from_t, sizeof from_t, "%.*s", (int)(c1 - spec), spec);
        snprintf(to_t, sizeof to_t, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
        snprintf(n_t, sizeof n_t, "%s", c2 + 1);
        double from, to;
        size_t n;
        if (parse_double(from_t, &from) || parse_double(to_t, &to))
            return design_error(o, "'%s': FROM and TO must be numbers, as in %s=3:6:4", text,
                                a->key);
        if (parse_size(n_t, &n))
            return design_error(o, "'%s': N = '%s' is not a whole number", text, n_t);
        if (n < 1)
            return design_error(o, "'%s': N = 0: expected at least 1 value", text);
        if (n > MAX_VALUES)
            return design_error(o, "'%s': N = %zu: at most %lu values per key", text, n,
                                MAX_VALUES);
        if (from > to)
            return design_error(o,
                                "'%s': FROM (%g) is greater than TO (%g): write the range "
                                "from low to high",
                                text, from, to);
        if (n == 1 && from != to)
            return design_error(o,
                                "'%s': N = 1 gives one value but FROM and TO differ: write "
                                "%s=VALUE for a single value",
                                text, a->key);
        a->value = calloc(n, sizeof *a->value);
        if (!a->value)
            return design_error(o, "out of memory");
        a->n = n;
        for (size_t i = 0; i < n; i++) {
            double v = i + 1 == n ? to : from + (to - from) * (double)i / (double)(n - 1);
            if (!(a->value[i] = format_value(v)))
                return design_error(o, "out of memory");
        }
        return 0;
    }
    size_t n = 1;
    for (const char *c = spec; *c; c++)
        n += *c == ',';
    a->value = calloc(n, sizeof *a->value);
    if (!a->value)
        return design_error(o, "out of memory");
    const char *item = spec;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(item, ",");
        while (len > 0 && isspace((unsigned char)*item)) {
            item++;
            len--;
        }
        while (len > 0 && isspace((unsigned char)item[len - 1]))
            len--;
        if (len == 0)
            return design_error(o, "'%s': an empty value in the list: expected %s", text, form);
        if (!(a->value[a->n++] = strndup(item, len)))
            return design_error(o, "out of memory");
        item += strcspn(item, ",");
        item += *item == ',';
    }
    return 0;
}

/* --sample KEY=FROM:TO */
static int parse_sample(const char *text, const origin *o, axis *a)
{
    static const char form[] = "section.key=FROM:TO";
    const char *eq = strchr(text, '=');
    memset(a, 0, sizeof *a);
    a->from = *o;
    a->sampled = 1;
    if (!eq || eq == text)
        return design_error(o, "'%s': expected %s", text, form);
    a->key = strndup(text, (size_t)(eq - text));
    if (!a->key)
        return design_error(o, "out of memory");
    if (check_key(a->key, o, text, form))
        return 2;
    const char *colon = strchr(eq + 1, ':');
    char from_t[128];
    if (!colon || strchr(colon + 1, ':') || (size_t)(colon - eq - 1) >= sizeof from_t)
        return design_error(o, "'%s': expected %s", text, form);
    snprintf(from_t, sizeof from_t, "%.*s", (int)(colon - eq - 1), eq + 1);
    if (parse_double(from_t, &a->lo) || parse_double(colon + 1, &a->hi))
        return design_error(o, "'%s': FROM and TO must be numbers, as in %s=3:6", text, a->key);
    if (a->lo > a->hi)
        return design_error(o,
                            "'%s': FROM (%g) is greater than TO (%g): write the range from "
                            "low to high",
                            text, a->lo, a->hi);
    return 0;
}

/* Fills the sampled axes with sw->sample_points values each: a Latin
 * hypercube (one value in each of the N equal strata of every range, the
 * strata paired at random) or the first points of GSL's Sobol sequence.
 * A value is written with 12 significant digits, or 17 in the rare case
 * that rounding would move it into the next stratum. */
static int fill_samples(sweep *sw)
{
    size_t dim = 0, n = sw->sample_points;
    for (size_t a = 0; a < sw->nax; a++)
        dim += sw->ax[a].sampled ? 1 : 0;
    if (dim == 0)
        return 0;
    for (size_t a = 0; a < sw->nax; a++)
        if (sw->ax[a].sampled && !(sw->ax[a].value = calloc(n, sizeof(char *))))
            return ss_usage("out of memory");
    if (sw->sobol) {
        if (dim > 40)
            return ss_usage("--design sobol: GSL's Sobol sequence has at most 40 dimensions, "
                            "and %zu keys are sampled: use --design lhs",
                            dim);
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
        double *x = malloc(dim * sizeof *x);
        if (!q || !x) {
            gsl_qrng_free(q);
            free(x);
            return ss_usage("out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            gsl_qrng_get(q, x);
            size_t d = 0;
            for (size_t a = 0; a < sw->nax; a++) {
                axis *ax = &sw->ax[a];
                if (!ax->sampled)
                    continue;
                ax->value[i] = format_value(ax->lo + (ax->hi - ax->lo) * x[d++]);
                ax->n = n;
            }
        }
        gsl_qrng_free(q);
        free(x);
        return 0;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t *perm = malloc(n * sizeof *perm);
    if (!rng || !perm) {
        gsl_rng_free(rng);
        free(perm);
        return ss_usage("out of memory");
    }
    gsl_rng_set(rng, (unsigned long)mix64(sw->seed));
    for (size_t a = 0; a < sw->nax; a++) {
        axis *ax = &sw->ax[a];
        if (!ax->sampled)
            continue;
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        gsl_ran_shuffle(rng, perm, n, sizeof *perm);
        for (size_t i = 0; i < n; i++) {
            double u = gsl_rng_uniform(rng);
            double v = ax->lo + (ax->hi - ax->lo) * ((double)perm[i] + u) / (double)n;
            char *text = format_value(v);
            double back;
            if (text && ax->hi > ax->lo && !parse_double(text, &back) &&
                (size_t)floor((back - ax->lo) / (ax->hi - ax->lo) * (double)n) != perm[i]) {
                char exact[64];
                snprintf(exact, sizeof exact, "%.17g", v);
                free(text);
                text = strdup(exact);
            }
            ax->value[i] = text;
        }
        ax->n = n;
    }
    gsl_rng_free(rng);
    free(perm);
    for (size_t a = 0; a < sw->nax; a++)
        for (size_t i = 0; sw->ax[a].sampled && i < n; i++)
            if (!sw->ax[a].value[i])
                return ss_usage("out of memory");
    return 0;
}

/* ---- the [sweep] section of a scenario file --------------------------------- */

typedef struct token {
    char *text;
    long line;
} token;

typedef struct file_design {
    token *vary, *sample;
    size_t nvary, nsample;
    char *points, *design, *replicates;
    long points_line, design_line, replicates_line, last_line;
    char last_key[32];
    /* reading */
    FILE *f;
    const char *path;
    long line;
    int indented, failed, in_sweep;
} file_design;

static char *fd_read_line(char *str, int num, void *stream)
{
    file_design *fd = stream;
    if (fd->failed || !fgets(str, num, fd->f))
        return NULL;
    fd->line++;
    fd->indented = str[0] == ' ' || str[0] == '\t';
    return str;
}

static int fd_tokens(file_design *fd, const char *value, token **list, size_t *n)
{
    const char *c = value;
    while (*c) {
        c += strspn(c, " \t");
        size_t len = strcspn(c, " \t");
        if (len == 0)
            break;
        token *grown = realloc(*list, (*n + 1) * sizeof *grown);
        if (!grown)
            return -1;
        *list = grown;
        grown[*n].text = strndup(c, len);
        grown[*n].line = fd->line;
        if (!grown[(*n)++].text)
            return -1;
        c += len;
    }
    return 0;
}

static int fd_entry(void *user, const char *section, const char *key, const char *value)
{
    file_design *fd = user;
    if (strcmp(section, "sweep") != 0)
        return 1;
    origin o = {key, fd->path, fd->line};
    int continued = fd->indented && strcmp(fd->last_key, key) == 0 && fd->last_line > 0;
    if (!continued) {
        int seen = (strcmp(key, "vary") == 0 && fd->nvary) ||
                   (strcmp(key, "sample") == 0 && fd->nsample) ||
                   (strcmp(key, "points") == 0 && fd->points) ||
                   (strcmp(key, "design") == 0 && fd->design) ||
                   (strcmp(key, "replicates") == 0 && fd->replicates);
        if (seen) {
            fd->failed = design_error(&o,
                                      "'%s' appears twice in [sweep]: list several keys on "
                                      "one line, separated by spaces, or on indented lines "
                                      "below it",
                                      key);
            return 0;
        }
    }
    snprintf(fd->last_key, sizeof fd->last_key, "%s", key);
    fd->last_line = fd->line;
    int rc = 0;
    if (strcmp(key, "vary") == 0) {
        rc = fd_tokens(fd, value, &fd->vary, &fd->nvary);
    } else if (strcmp(key, "sample") == 0) {
        rc = fd_tokens(fd, value, &fd->sample, &fd->nsample);
    } else if (!continued && (strcmp(key, "points") == 0 || strcmp(key, "design") == 0 ||
                              strcmp(key, "replicates") == 0)) {
        if (!*value)
            return 1; /* empty, as a resolved scenario writes an unset key */
        char **slot = key[0] == 'p' ? &fd->points : key[0] == 'd' ? &fd->design : &fd->replicates;
        long *line = key[0] == 'p'   ? &fd->points_line
                     : key[0] == 'd' ? &fd->design_line
                                     : &fd->replicates_line;
        *slot = strdup(value);
        *line = fd->line;
        rc = *slot ? 0 : -1;
    } else {
        fd->failed = design_error(&o,
                                  "unknown key '%s' in [sweep]: expected vary, sample, "
                                  "points, design or replicates",
                                  key);
        return 0;
    }
    if (rc) {
        fd->failed = design_error(&o, "out of memory");
        return 0;
    }
    return 1;
}

/* Reads the [sweep] section. A file that cannot be read or parsed is left
 * to the scenario loader, which explains the problem with its place. */
static int read_file_design(const char *path, file_design *fd)
{
    memset(fd, 0, sizeof *fd);
    fd->path = path;
    int special;
    fd->f = ss_open_input(path, &special);
    if (!fd->f)
        return 0;
    ini_parse_stream(fd_read_line, fd, fd_entry, fd);
    fclose(fd->f);
    fd->f = NULL;
    return fd->failed;
}

static void free_file_design(file_design *fd)
{
    for (size_t i = 0; i < fd->nvary; i++)
        free(fd->vary[i].text);
    for (size_t i = 0; i < fd->nsample; i++)
        free(fd->sample[i].text);
    free(fd->vary);
    free(fd->sample);
    free(fd->points);
    free(fd->design);
    free(fd->replicates);
}

/* ---- one run -------------------------------------------------------------- */

enum { I_FINAL, I_MEAN, I_PRICE, I_LOST, I_COMMISSION, I_DETECTIONS, NIND };

static const char *const ind_name[NIND] = {"final_leakage",      "mean_leakage",
                                           "target_price_index", "lost_exports_usd_mn",
                                           "commission_usd_mn",  "detections"};
/* Row columns after status, in order: five indicators, the top
 * intermediary, detections. */
#define NRESULT (NIND + 1)

typedef struct result {
    double v[NIND];
    char top[16];
} result;

/* Any sanction in force in month t. */
static int in_force(const ss_config *c, long t)
{
    for (size_t i = 0; i < c->n_measures; i++)
        if (ss_cost_in_force(&c->measure[i], t))
            return 1;
    return 0;
}

/* Adds month t's share of the headline indicators. */
static void account(const ss_scenario *s, const ss_sim *sim, const ss_watch *wa, size_t nw, long t,
                    double *earned, double *leak_sum, long *leak_months, result *res)
{
    const ss_world *w = s->world;
    const double *price = ss_sim_price(sim), *inc = ss_sim_commission_income(sim),
                 *caught = ss_sim_caught(sim);
    double base = 0, rerouted = 0;
    for (size_t q = 0; q < nw; q++) {
        double b, dir, via;
        ss_watch_flows(w, sim, &wa[q], &b, &dir, &via);
        base += b;
        rerouted += via;
        if (wa[q].direction == SS_EXPORT)
            res->v[I_LOST] += b - (dir + via);
    }
    double leak = base > 0 ? rerouted / base : 0;
    if (in_force(s->config, t)) {
        *leak_sum += leak;
        (*leak_months)++;
    }
    if (t == s->months - 1) {
        /* The mean over the distinct targets and sectors watched. */
        res->v[I_FINAL] = leak;
        double sum = 0;
        size_t count = 0;
        for (size_t q = 0; q < nw; q++) {
            size_t r = 0;
            while (r < q && !(wa[r].target == wa[q].target && wa[r].sector == wa[q].sector))
                r++;
            if (r < q)
                continue;
            sum += price[wa[q].target * w->k + wa[q].sector];
            count++;
        }
        res->v[I_PRICE] = count ? sum / (double)count : NAN;
    }
    for (size_t m = 0; m < w->n; m++) {
        for (size_t k = 0; k < w->k; k++) {
            earned[m] += inc[m * w->k + k];
            res->v[I_COMMISSION] += inc[m * w->k + k];
        }
        res->v[I_DETECTIONS] += caught[m];
    }
}

/* The monthly loop of `sanctsim run` (src/run.c), keeping score of the
 * headline indicators instead of writing CSV, and writing the run folder
 * too when keep is not NULL. */
static int simulate(ss_scenario *s, const char *keep, result *res, ss_diag *d)
{
    const ss_world *w = s->world;
    ss_sim *sim = ss_sim_alloc(w, s->config);
    gsl_rng *rng = ss_rng_alloc(s->seed);
    double *earned = calloc(w->n, sizeof *earned);
    ss_watch *wa = NULL;
    size_t nw = 0;
    ss_output *o = NULL;
    int rc = SS_OK;
    memset(res, 0, sizeof *res);
    if (!sim || !rng || !earned || ss_watches(s->config, &wa, &nw))
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory for a world of %zu countries", w->n);
    if (!rc && keep && !(o = ss_output_open(keep, 1, s, d)))
        rc = SS_EINVAL;
    if (!rc)
        rc = o ? ss_output_month(o, s, sim, d) : SS_OK;
    double leak_sum = 0;
    long leak_months = 0;
    for (long t = 1; t < s->months && !rc; t++) {
        rc = ss_scenario_apply_changes(s, t, d);
        rc = rc ? rc : ss_sim_step(sim, rng, d);
        rc = rc ? rc : o ? ss_output_month(o, s, sim, d) : SS_OK;
        if (!rc)
            account(s, sim, wa, nw, t, earned, &leak_sum, &leak_months, res);
    }
    if (!rc) {
        res->v[I_MEAN] = leak_months ? leak_sum / (double)leak_months : 0;
        double best = 0;
        for (size_t m = 0; m < w->n; m++)
            if (earned[m] > best) {
                best = earned[m];
                snprintf(res->top, sizeof res->top, "%s", w->iso3[m]);
            }
        for (int i = 0; i < NIND && !rc; i++)
            if (!isfinite(res->v[i]) && !(i == I_PRICE && nw == 0))
                rc = ss_diag_set(d, SS_ENUMERIC, "the %s is not a finite number", ind_name[i]);
    }
    if (o && rc)
        ss_output_abort(o);
    else if (o)
        rc = ss_output_commit(o, d);
    free(wa);
    free(earned);
    gsl_rng_free(rng);
    ss_sim_free(sim);
    return rc;
}

/* The status of a failed run: the diagnostic without the "--set" place
 * (the values are in the row) and with the scenario named by its file name,
 * so that rows do not depend on where the scenario was on disk. */
static void status_text(const sweep *sw, const ss_diag *d, char *out, size_t size)
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

static char *make_row(const sweep *sw, size_t run, const char *status, const result *res)
{
    size_t p = run / sw->replicates, r = run % sw->replicates;
    buf b = {0};
    buf_printf(&b, "%zu,%zu", p, r);
    for (size_t a = 0; a < sw->nax; a++) {
        buf_puts(&b, ",");
        buf_field(&b, point_value(sw, p, a));
    }
    buf_printf(&b, ",%llu,", (unsigned long long)run_seed(sw->seed, p, r));
    buf_field(&b, status);
    for (int i = 0; i < NRESULT; i++) {
        buf_puts(&b, ",");
        if (!res)
            continue;
        if (i == 5)
            buf_field(&b, res->top);
        else
            buf_number(&b, res->v[i < 5 ? i : I_DETECTIONS]);
    }
    buf_puts(&b, "\n");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static char *run_dir(const sweep *sw, size_t run)
{
    int wp = snprintf(NULL, 0, "%zu", sw->points - 1),
        wr = snprintf(NULL, 0, "%zu", sw->replicates - 1);
    size_t len = strlen(sw->out) + 64;
    char *dir = malloc(len);
    if (dir)
        snprintf(dir, len, "%s/runs/p%0*zu-r%0*zu", sw->out, wp, run / sw->replicates, wr,
                 run % sw->replicates);
    return dir;
}

/* The overrides of a point: --set, then the point's values, then its seed
 * (as `sanctsim run --seed` applies it, last). NULL-terminated, owned. */
static char **point_sets(const sweep *sw, size_t p, uint64_t seed, size_t *n)
{
    char **sets = calloc(sw->nfixed + sw->nax + 2, sizeof *sets);
    if (!sets)
        return NULL;
    size_t k = 0;
    int failed = 0;
    for (size_t i = 0; i < sw->nfixed; i++)
        failed |= !(sets[k++] = strdup(sw->fixed[i]));
    for (size_t a = 0; a < sw->nax; a++) {
        const char *v = point_value(sw, p, a);
        size_t len = strlen(sw->ax[a].key) + strlen(v) + 2;
        if ((sets[k] = malloc(len)))
            snprintf(sets[k], len, "%s=%s", sw->ax[a].key, v);
        failed |= !sets[k++];
    }
    if ((sets[k] = malloc(64)))
        snprintf(sets[k], 64, "scenario.seed=%llu", (unsigned long long)seed);
    failed |= !sets[k++];
    *n = k;
    if (failed) {
        for (size_t i = 0; i < k; i++)
            free(sets[i]);
        free(sets);
        return NULL;
    }
    return sets;
}

static void free_sets(char **sets, size_t n)
{
    for (size_t i = 0; sets && i < n; i++)
        free(sets[i]);
    free(sets);
}

/* One run, start to finish: its row of sweep.csv (NULL if memory ran out). */
static char *run_one(const sweep *sw, size_t run)
{
    size_t p = run / sw->replicates, n = 0;
    char **sets = point_sets(sw, p, run_seed(sw->seed, p, run % sw->replicates), &n);
    ss_diag d;
    ss_diag_clear(&d);
    result res;
    int rc = SS_EINVAL;
    ss_scenario *s = sets ? ss_scenario_load(sw->path, sets, n, &d) : NULL;
    if (!sets) {
        rc = ss_diag_set(&d, SS_ENOMEM, "out of memory");
    } else if (s) {
        char *keep = sw->keep_runs ? run_dir(sw, run) : NULL;
        rc = sw->keep_runs && !keep ? ss_diag_set(&d, SS_ENOMEM, "out of memory")
                                    : simulate(s, keep, &res, &d);
        free(keep);
    }
    ss_scenario_free(s);
    free_sets(sets, n);
    char status[1024] = "ok";
    if (rc)
        status_text(sw, &d, status, sizeof status);
    return make_row(sw, run, status, rc ? NULL : &res);
}

/* ---- rows, the journal and the output files -------------------------------- */

/* Status of a row: 1 ok, 0 failed. The status column follows point,
 * replicate, the nkeys values and the seed. */
static int row_ok(const char *row, size_t nkeys)
{
    char *copy = strdup(row);
    size_t nf = nkeys + 4 + NRESULT;
    char **field = malloc((nf + 1) * sizeof *field);
    int ok = 0;
    if (copy && field) {
        copy[strcspn(copy, "\n")] = '\0';
        ok = split_csv(copy, field, nf) == nf && strcmp(field[nkeys + 3], "ok") == 0;
    }
    free(copy);
    free(field);
    return ok;
}

/* A number as buf_number writes it, or empty (NAN) where may_be_empty. */
static int number_field(const char *text, double *v, int may_be_empty)
{
    char again[64];
    if (!*text) {
        *v = NAN;
        return may_be_empty;
    }
    if (parse_double(text, v))
        return 0;
    snprintf(again, sizeof again, "%.10g", *v);
    return strcmp(again, text) == 0;
}

/* The results of a row whose status is ok: every indicator a number (the
 * price index may be empty: no summary row), the top intermediary a
 * country code or empty. */
static int results_sound(char **f, result *res)
{
    for (int i = 0; i < NRESULT; i++) {
        if (i == 5) {
            size_t len = strlen(f[i]);
            snprintf(res->top, sizeof res->top, "%s", f[i]);
            if (len >= sizeof res->top ||
                strspn(f[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len)
                return 0;
        } else if (!number_field(f[i], &res->v[i < 5 ? i : I_DETECTIONS], i == I_PRICE)) {
            return 0;
        }
    }
    return 1;
}

/* 1 when a row of nkeys keys reads as sanctsim writes one, field by field:
 * a status; with "ok" sound results, with any other status none. Its
 * status and results go to status and res (for make_row). */
static int row_sound(const char *row, size_t nkeys, char *status, size_t size, result *res)
{
    size_t nf = nkeys + 4 + NRESULT;
    char *copy = strdup(row);
    char **field = malloc((nf + 1) * sizeof *field);
    int sound = copy && field;
    memset(res, 0, sizeof *res);
    if (sound) {
        copy[strcspn(copy, "\n")] = '\0';
        sound = split_csv(copy, field, nf) == nf && field[nkeys + 3][0];
    }
    if (sound) {
        char **results = field + nkeys + 4;
        snprintf(status, size, "%s", field[nkeys + 3]);
        if (strcmp(status, "ok") == 0)
            sound = results_sound(results, res);
        for (int i = 0; i < NRESULT && strcmp(status, "ok") != 0; i++)
            sound &= !results[i][0];
    }
    free(copy);
    free(field);
    return sound;
}

/* 1 when a journal row is exactly the row this sweep writes for run with
 * the status and results it holds: its point, replicate, values and seed
 * are the design's, and every field is sound (the top intermediary a
 * country of world w). */
static int row_matches(const sweep *sw, const ss_world *w, size_t run, const char *row)
{
    char status[1024];
    result res;
    if (!row_sound(row, sw->nax, status, sizeof status, &res) ||
        (res.top[0] && ss_world_country(w, res.top) < 0))
        return 0;
    char *again = make_row(sw, run, status, strcmp(status, "ok") == 0 ? &res : NULL);
    int same = again && strcmp(again, row) == 0;
    free(again);
    return same;
}

typedef struct journal {
    char fingerprint[17];
    size_t runs, points, replicates, shard, nshards;
    char *columns; /* the header line, with its line break */
    char *head;    /* every line before the rows */
    char **rows;   /* by run; NULL when not finished */
    long *line;    /* by run: the row's line in the journal */
    size_t found;
    size_t unread;     /* rows that are not rows of this journal's design */
    long first_unread; /* the line of the first */
} journal;

static void free_journal(journal *j)
{
    for (size_t i = 0; j->rows && i < j->runs; i++)
        free(j->rows[i]);
    free(j->rows);
    free(j->line);
    free(j->columns);
    free(j->head);
    memset(j, 0, sizeof *j);
}

static size_t count_fields(const char *line)
{
    char *copy = strdup(line);
    if (!copy)
        return 0;
    copy[strcspn(copy, "\n")] = '\0';
    size_t n = 1;
    for (char *c = copy; *c; c++)
        n += *c == ',';
    size_t max = n;
    char **field = malloc((max + 1) * sizeof *field);
    n = field ? split_csv(copy, field, max) : 0;
    free(field);
    free(copy);
    return n;
}

/* Reads a journal: its head, and every complete row (a last line without
 * its line break, from a power cut, is cut off so that appending goes on
 * cleanly). Returns 0, -1 when there is no journal, 2 after an error
 * message. */
static int read_journal(const char *dir, journal *j, int repair)
{
    memset(j, 0, sizeof *j);
    char *path = ss_path_join(dir, JOURNAL);
    FILE *f = path ? fopen(path, repair ? "r+" : "r") : NULL;
    if (!f) {
        int missing = errno == ENOENT;
        if (!missing)
            ss_errorf("%s: cannot read: %s", path ? path : dir, strerror(errno));
        free(path);
        return missing ? -1 : 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    buf head = {0};
    long good = 0, lineno = 0;
    int rc = 0, stage = 0;
    size_t nf = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] != '\n')
            break;
        lineno++;
        if (stage < 2)
            buf_puts(&head, line); /* every line up to the columns */
        if (stage == 0) {
            if (strncmp(line, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) != 0) {
                rc = 2;
                break;
            }
            stage = 1;
        } else if (stage == 1 && line[0] == '#') {
            sscanf(line, "# fingerprint=%16s runs=%zu points=%zu replicates=%zu shard=%zu/%zu",
                   j->fingerprint, &j->runs, &j->points, &j->replicates, &j->shard, &j->nshards);
        } else if (stage == 1) {
            if (!j->runs || !j->replicates || j->runs > MAX_RUNS ||
                j->runs != j->points * j->replicates || !j->nshards ||
                !(j->rows = calloc(j->runs, sizeof *j->rows)) ||
                !(j->line = calloc(j->runs, sizeof *j->line)) || !(j->columns = strdup(line))) {
                rc = 2;
                break;
            }
            nf = count_fields(line);
            if (nf < 4 + NRESULT) { /* point, replicate, seed, status and the results */
                rc = 2;
                break;
            }
            stage = 2;
        } else {
            size_t p, r;
            int used = 0;
            /* A run's last row counts: a row found damaged on resume is run
             * again, and its new row comes later. */
            if (sscanf(line, "%zu,%zu,%n", &p, &r, &used) == 2 && used > 0 && p < j->points &&
                r < j->replicates && count_fields(line) == nf) {
                size_t run = p * j->replicates + r;
                j->found += !j->rows[run];
                free(j->rows[run]);
                if (!(j->rows[run] = strdup(line))) {
                    rc = 2;
                    break;
                }
                j->line[run] = lineno;
            } else if (!j->unread++) {
                j->first_unread = lineno;
            }
        }
        good = ftell(f);
    }
    free(line);
    if (!rc && stage < 2)
        rc = 2;
    if (!rc && repair && fflush(f) == 0 && ftruncate(fileno(f), good) != 0)
        rc = 2;
    fclose(f);
    j->head = head.s;
    if (rc) {
        ss_errorf("%s: not a sweep journal, or damaged at its start: move "
                  "it away, or add --force to start the sweep again",
                  path);
        free_journal(j);
    }
    free(path);
    return rc;
}

static int build_head(const sweep *sw, size_t shard, size_t nshards, buf *b)
{
    buf_printf(b, "%s: one row per finished run, in the order the runs finished\n", JOURNAL_MAGIC);
    buf_printf(b, "# fingerprint=%s runs=%zu points=%zu replicates=%zu shard=%zu/%zu\n",
               sw->fingerprint, sw->runs, sw->points, sw->replicates, shard, nshards);
    buf_printf(b, "# command: %s\n", sw->command);
    buf_puts(b, sw->header);
    return b->failed ? -1 : 0;
}

/* Per indicator and point: how many replicates gave a value, how many
 * failed, and the mean, standard deviation and 5, 50 and 95 % quantiles
 * (GSL's definitions: sd with n - 1, quantiles interpolated between the
 * sorted values), computed from the rows' text. */
static int build_summary(buf *b, const char *columns, char **rows, size_t points, size_t replicates)
{
    size_t nf = count_fields(columns), nkeys = nf - 4 - NRESULT;
    char *cols = strdup(columns);
    char **field = malloc((nf + 1) * sizeof *field);
    char **copy = calloc(replicates, sizeof *copy);
    char **rf = malloc(replicates * (nf + 1) * sizeof *rf);
    double *x = malloc(replicates * sizeof *x);
    if (!cols || !field || !copy || !rf || !x) {
        free(cols);
        free(field);
        free(copy);
        free(rf);
        free(x);
        return -1;
    }
    cols[strcspn(cols, "\n")] = '\0';
    split_csv(cols, field, nf);
    buf_puts(b, "point");
    for (size_t k = 0; k < nkeys; k++) {
        buf_puts(b, ",");
        buf_field(b, field[2 + k]);
    }
    buf_puts(b, ",indicator,n,failed,mean,sd,q05,q50,q95\n");
    /* Indicator by indicator, so that each one's rows are together (a chart
     * of one indicator then reads one unbroken block). */
    for (int i = 0; i < NIND; i++) {
        size_t col = nkeys + 4 + (size_t)(i < 5 ? i : 6);
        for (size_t p = 0; p < points && !b->failed; p++) {
            size_t failed = 0, n = 0;
            for (size_t r = 0; r < replicates; r++) {
                char **f = rf + r * (nf + 1);
                if (!(copy[r] = strdup(rows[p * replicates + r]))) {
                    b->failed = 1;
                    break;
                }
                copy[r][strcspn(copy[r], "\n")] = '\0';
                split_csv(copy[r], f, nf);
                if (strcmp(f[nkeys + 3], "ok") != 0)
                    failed++;
                else if (!parse_double(f[col], &x[n]))
                    n++;
            }
            if (b->failed)
                break;
            buf_printf(b, "%zu", p);
            for (size_t k = 0; k < nkeys; k++) {
                buf_puts(b, ",");
                buf_field(b, rf[2 + k]);
            }
            buf_printf(b, ",%s,%zu,%zu,", ind_name[i], n, failed);
            if (n > 0) {
                double mean = gsl_stats_mean(x, 1, n);
                gsl_sort(x, 1, n);
                buf_number(b, mean);
                buf_puts(b, ",");
                buf_number(b, n > 1 ? gsl_stats_sd(x, 1, n) : NAN);
                for (int q = 0; q < 3; q++) {
                    buf_puts(b, ",");
                    buf_number(b, gsl_stats_quantile_from_sorted_data(x, 1, n,
                                                                      q == 0   ? 0.05
                                                                      : q == 1 ? 0.5
                                                                               : 0.95));
                }
            } else {
                buf_puts(b, ",,,,");
            }
            buf_puts(b, "\n");
            for (size_t r = 0; r < replicates; r++) {
                free(copy[r]);
                copy[r] = NULL;
            }
        }
    }
    for (size_t r = 0; r < replicates; r++)
        free(copy[r]);
    free(cols);
    free(field);
    free(copy);
    free(rf);
    free(x);
    return b->failed ? -1 : 0;
}

/* sweep.csv (the rows of this shard, in design order) and, for a whole
 * sweep, sweep-summary.csv. */
static int write_results(const char *dir, const char *columns, char **rows, size_t runs,
                         size_t points, size_t replicates, int summary)
{
    buf b = {0};
    buf_puts(&b, columns);
    for (size_t i = 0; i < runs; i++)
        if (rows[i])
            buf_puts(&b, rows[i]);
    int rc = b.failed ? -1 : write_atomic(dir, "sweep.csv", b.s, b.len);
    free(b.s);
    if (!rc && summary) {
        buf s = {0};
        rc = build_summary(&s, columns, rows, points, replicates);
        rc = rc ? rc : write_atomic(dir, "sweep-summary.csv", s.s, s.len);
        free(s.s);
    }
    return rc;
}

/* Counts the failed runs among rows first, first + step, ... and says
 * how many failed, if any. */
static size_t count_failed(char **rows, size_t first, size_t step, size_t runs, size_t nkeys,
                           const char *dir)
{
    size_t failed = 0, all = 0;
    for (size_t i = first; i < runs; i += step, all++)
        failed += !row_ok(rows[i], nkeys);
    if (failed)
        ss_errorf("%zu of %zu runs failed: their status column in %s/sweep.csv says why", failed,
                  all, dir);
    return failed;
}

/* ---- worker processes ------------------------------------------------------- */

/* Runs in flight per worker: the next run waits in the pipe while the
 * worker computes one, so that a worker never waits for the parent. */
#define DEPTH 2

typedef struct worker {
    pid_t pid; /* 0 when there is no process */
    int task, result;
    size_t pos[DEPTH]; /* queue positions of its runs, oldest first */
    size_t npos;
} worker;

typedef struct pool {
    const sweep *sw;
    worker *w;
    size_t nw;
    size_t *queue, nqueue, next;
    size_t *retry, nretry;
    unsigned char *deaths; /* per queue position */
    char **rows;
    int journal;
    size_t done, failed, before;
    double start, last_print, last_sync;
    int tty;
} pool;

static void worker_main(const sweep *sw, int task, int out)
{
    const char *crash = getenv("SANCTSIM_SWEEP_CRASH_RUN");
    size_t crash_run = SIZE_MAX;
    if (crash && parse_size(crash, &crash_run))
        crash_run = SIZE_MAX;
    uint64_t run;
    while (read_full(task, &run, sizeof run) == sizeof run) {
        if (run == crash_run)
            raise(SIGKILL);
        char *row = run_one(sw, (size_t)run);
        if (!row)
            _exit(3);
        uint64_t head[2] = {run, strlen(row)};
        if (write_full(out, head, sizeof head) || write_full(out, row, strlen(row)))
            _exit(1);
        free(row);
    }
    _exit(0);
}

static int spawn(pool *pl, size_t wi)
{
    int t[2], r[2];
    if (pipe(t) != 0)
        return -1;
    if (pipe(r) != 0) {
        close(t[0]);
        close(t[1]);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(t[0]);
        close(t[1]);
        close(r[0]);
        close(r[1]);
        return -1;
    }
    if (pid == 0) {
        ss_signals_release();
        signal(SIGPIPE, SIG_DFL);
        close(t[1]);
        close(r[0]);
        for (size_t j = 0; j < pl->nw; j++)
            if (pl->w[j].pid > 0) {
                close(pl->w[j].task);
                close(pl->w[j].result);
            }
        close(pl->journal);
        worker_main(pl->sw, t[0], r[1]);
    }
    close(t[0]);
    close(r[1]);
    pl->w[wi] = (worker){.pid = pid, .task = t[1], .result = r[0]};
    return 0;
}

static void reap(worker *w, int *status)
{
    close(w->task);
    close(w->result);
    while (waitpid(w->pid, status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
}

static void progress(pool *pl, int last)
{
    if (!pl->tty)
        return;
    double now = now_seconds();
    if (!last && now - pl->last_print < 0.25)
        return;
    pl->last_print = now;
    size_t total = pl->before + pl->nqueue, done = pl->before + pl->done;
    fprintf(stderr, "\rsanctsim: sweep, %zu of %zu runs done", done, total);
    if (pl->failed)
        fprintf(stderr, " (%zu failed)", pl->failed);
    double rate = (double)pl->done / (now - pl->start > 1e-9 ? now - pl->start : 1e-9);
    if (pl->done > 0) {
        double left = (double)(pl->nqueue - pl->done) / rate;
        fprintf(stderr, ", %.1f runs/s", rate);
        if (done < total) {
            if (left < 60)
                fprintf(stderr, ", about %.0f s left", ceil(left));
            else if (left < 3600)
                fprintf(stderr, ", about %.0f min left", ceil(left / 60));
            else
                fprintf(stderr, ", about %.1f h left", left / 3600);
        }
    }
    fprintf(stderr, "\033[K%s", last ? "\n" : "");
}

/* Keeps a finished row: in memory for sweep.csv, and at once in the
 * journal (synced at most once a second: a killed process loses nothing,
 * a power cut at most the last second). */
static int record(pool *pl, size_t run, char *row)
{
    free(pl->rows[run]);
    pl->rows[run] = row;
    pl->done++;
    if (!row_ok(row, pl->sw->nax))
        pl->failed++;
    if (write_full(pl->journal, row, strlen(row)) != 0) {
        ss_errorf("%s/%s: cannot write: %s", pl->sw->out, JOURNAL, strerror(errno));
        return -1;
    }
    double now = now_seconds();
    if (now - pl->last_sync >= 1) {
        fsync(pl->journal);
        pl->last_sync = now;
    }
    return 0;
}

/* Reads one result from worker wi: 1 a row, 0 the worker is gone. */
static int receive(pool *pl, size_t wi)
{
    worker *w = &pl->w[wi];
    uint64_t head[2];
    if (w->npos == 0 || read_full(w->result, head, sizeof head) != sizeof head ||
        head[0] != pl->queue[w->pos[0]] || head[1] > (1u << 24))
        return 0;
    char *row = malloc((size_t)head[1] + 1);
    if (!row || read_full(w->result, row, (size_t)head[1]) != head[1]) {
        free(row);
        return 0;
    }
    row[head[1]] = '\0';
    memmove(w->pos, w->pos + 1, --w->npos * sizeof *w->pos);
    return record(pl, (size_t)head[0], row) ? -1 : 1;
}

/* A worker died. Its runs go back in the queue; a run that two workers
 * died on is recorded as failed, so that a crash does not stop the sweep. */
static int worker_died(pool *pl, size_t wi)
{
    worker *w = &pl->w[wi];
    int status = 0;
    reap(w, &status);
    size_t n = w->npos;
    w->npos = 0;
    if (n == 0 || ss_signal_caught())
        return 0;
    for (size_t i = n; i-- > 1;)
        pl->retry[pl->nretry++] = w->pos[i]; /* waiting, not run */
    size_t pos = w->pos[0];
    if (++pl->deaths[pos] < 2) {
        pl->retry[pl->nretry++] = pos;
        return 0;
    }
    char msg[256];
    if (WIFSIGNALED(status))
        snprintf(msg, sizeof msg,
                 "the worker process died twice on this run (killed by signal "
                 "%d, %s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(msg, sizeof msg, "the worker process died twice on this run (exit status %d)",
                 WEXITSTATUS(status));
    char *row = make_row(pl->sw, pl->queue[pos], msg, NULL);
    if (!row) {
        ss_errorf("out of memory");
        return -1;
    }
    return record(pl, pl->queue[pos], row);
}

static int have_work(const pool *pl)
{
    return pl->nretry > 0 || pl->next < pl->nqueue;
}

static size_t take_work(pool *pl)
{
    return pl->nretry > 0 ? pl->retry[--pl->nretry] : pl->next++;
}

/* Runs the queue on up to jobs workers. Returns 0 when every run is done,
 * 1 when stopped by the test hook, 2 on a system error; after a signal,
 * ss_signal_caught() is set. */
static int run_pool(pool *pl, size_t jobs)
{
    pl->nw = jobs < pl->nqueue ? jobs : pl->nqueue;
    pl->w = calloc(pl->nw ? pl->nw : 1, sizeof *pl->w);
    struct pollfd *pfd = calloc(pl->nw ? pl->nw : 1, sizeof *pfd);
    size_t *who = calloc(pl->nw ? pl->nw : 1, sizeof *who);
    if (!pl->w || !pfd || !who) {
        free(pfd);
        free(who);
        ss_errorf("out of memory");
        return 2;
    }
    const char *hook = getenv("SANCTSIM_SWEEP_STOP_AFTER");
    size_t stop_after = SIZE_MAX;
    if (hook && parse_size(hook, &stop_after))
        stop_after = SIZE_MAX;
    int rc = 0;
    while (!rc && !ss_signal_caught()) {
        if (pl->done >= stop_after) {
            rc = 1;
            break;
        }
        size_t busy = 0;
        for (size_t i = 0; i < pl->nw && !rc; i++) {
            worker *w = &pl->w[i];
            if (!w->pid && have_work(pl) && spawn(pl, i) != 0) {
                ss_errorf("cannot start a worker process: %s", strerror(errno));
                rc = 2;
                break;
            }
            while (w->pid && w->npos < DEPTH && have_work(pl)) {
                size_t pos = take_work(pl);
                uint64_t run = pl->queue[pos];
                if (write_full(w->task, &run, sizeof run) != 0) {
                    /* Gone: the run goes back; the read below sees the end. */
                    pl->retry[pl->nretry++] = pos;
                    break;
                }
                w->pos[w->npos++] = pos;
            }
            busy += w->pid && w->npos > 0;
        }
        if (rc || (!busy && !have_work(pl)))
            break;
        size_t n = 0;
        for (size_t i = 0; i < pl->nw; i++)
            if (pl->w[i].pid) {
                pfd[n] = (struct pollfd){.fd = pl->w[i].result, .events = POLLIN};
                who[n++] = i;
            }
        int ready = poll(pfd, (nfds_t)n, 250);
        if (ready < 0 && errno != EINTR) {
            ss_errorf("poll: %s", strerror(errno));
            rc = 2;
        }
        for (size_t q = 0; ready > 0 && q < n && !rc && !ss_signal_caught(); q++) {
            if (!(pfd[q].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int got = receive(pl, who[q]);
            if (got < 0 || (got == 0 && worker_died(pl, who[q]) != 0))
                rc = 2;
            if (pl->done >= stop_after)
                break;
        }
        progress(pl, 0);
    }
    if (ss_signal_caught()) {
        /* Rows already written to the pipes are finished runs: keep them. */
        for (size_t i = 0; i < pl->nw; i++) {
            worker *w = &pl->w[i];
            struct pollfd one = {.fd = w->result, .events = POLLIN};
            while (w->pid && w->npos > 0 && poll(&one, 1, 0) > 0 && (one.revents & POLLIN) &&
                   receive(pl, i) == 1)
                ;
        }
    }
    for (size_t i = 0; i < pl->nw; i++)
        if (pl->w[i].pid) {
            if (rc || ss_signal_caught())
                kill(pl->w[i].pid, SIGTERM);
            int status;
            reap(&pl->w[i], &status);
        }
    progress(pl, 1);
    free(pfd);
    free(who);
    free(pl->w);
    pl->w = NULL;
    return rc;
}

/* ---- fingerprint -------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001B3ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv(h, s, strlen(s) + 1);
}

static int fnv_file(uint64_t *h, const char *path)
{
    int special;
    FILE *f = ss_open_input(path, &special);
    if (!f)
        return -1;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        *h = fnv(*h, chunk, n);
    int bad = ferror(f);
    fclose(f);
    *h = fnv_str(*h, "");
    return bad ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every CSV file of a world folder, by name. */
static void fnv_world(uint64_t *h, const char *world_dir)
{
    DIR *dir = opendir(world_dir);
    char **names = NULL;
    size_t nn = 0;
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
            continue;
        char **grown = realloc(names, (nn + 1) * sizeof *grown);
        if (!grown)
            break;
        names = grown;
        if ((names[nn] = strdup(e->d_name)))
            nn++;
    }
    if (dir)
        closedir(dir);
    if (nn)
        qsort(names, nn, sizeof *names, by_name);
    for (size_t i = 0; i < nn; i++) {
        char *p = ss_path_join(world_dir, names[i]);
        *h = fnv_str(*h, names[i]);
        if (p)
            fnv_file(h, p);
        free(p);
        free(names[i]);
    }
    free(names);
}

/* The files that a value of a varied key names: a world folder
 * (scenario.world) or a [links] table (links.NAME.file), relative to the
 * scenario file as the scenario says. */
static void fnv_varied_files(uint64_t *h, const sweep *sw, const axis *ax)
{
    size_t len = strlen(ax->key);
    int world = strcmp(ax->key, "scenario.world") == 0;
    int links =
        strncmp(ax->key, "links.", 6) == 0 && len > 11 && strcmp(ax->key + len - 5, ".file") == 0;
    char *copy = world || links ? strdup(sw->path) : NULL;
    const char *dir = copy ? dirname(copy) : NULL;
    for (size_t i = 0; dir && i < ax->n; i++) {
        char *p = ax->value[i][0] == '/' ? strdup(ax->value[i]) : ss_path_join(dir, ax->value[i]);
        if (p && world)
            fnv_world(h, p);
        else if (p)
            fnv_file(h, p);
        free(p);
    }
    free(copy);
}

/* What decides the rows: the program's version, the scenario file, the
 * world's CSV files, its [links] tables, the overrides, the scenario seed,
 * the replicates and every value of the design (and the files that varied
 * world or links values name); not paths, --jobs, --shard or --out. */
static void fingerprint(sweep *sw, const ss_scenario *base)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    char text[64];
    h = fnv_str(h, "sanctsim sweep 1 " SS_VERSION);
    fnv_file(&h, sw->path);
    fnv_world(&h, base->world_dir);
    for (size_t i = 0; i < base->nsec; i++) {
        const ss_section *sec = &base->sec[i];
        for (size_t e = 0; strcmp(sec->type, "links") == 0 && e < sec->n; e++)
            if (strcmp(sec->entry[e].key, "file") == 0) {
                h = fnv_str(h, sec->label);
                fnv_file(&h, sec->entry[e].value); /* made absolute by the loader */
            }
    }
    for (size_t i = 0; i < sw->nfixed; i++)
        h = fnv_str(h, sw->fixed[i]);
    snprintf(text, sizeof text, "seed %llu replicates %zu points %zu", (unsigned long long)sw->seed,
             sw->replicates, sw->points);
    h = fnv_str(h, text);
    for (size_t a = 0; a < sw->nax; a++) {
        h = fnv_str(h, sw->ax[a].key);
        h = fnv_str(h, sw->ax[a].sampled ? "sampled" : "grid");
        for (size_t i = 0; i < sw->ax[a].n; i++)
            h = fnv_str(h, sw->ax[a].value[i]);
        fnv_varied_files(&h, sw, &sw->ax[a]);
    }
    snprintf(sw->fingerprint, sizeof sw->fingerprint, "%016llx", (unsigned long long)h);
}

/* ---- sanctsim sweep -------------------------------------------------------------- */

const char ss_sweep_help[] =
    "sanctsim sweep SCENARIO [--vary KEY=FROM:TO:N | --vary KEY=A,B,C ...]\n"
    "        [--sample KEY=FROM:TO ... --points N [--design lhs|sobol]]\n"
    "        [--replicates R] [--set KEY=VALUE ...] [--seed N] [--jobs N]\n"
    "        [--shard I/N] [--out DIR] [--keep-runs] [--force]\n"
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
    "  --force               discard the results already in DIR and start again\n"
    "\n"
    "A [sweep] section in the scenario may set vary, sample (space-separated lists),\n"
    "points, design and replicates; options given here take precedence.\n"
    "Rerun one row alone: sanctsim run SCENARIO --set KEY=VALUE ... --seed SEED\n"
    "(see scenarios/examples/SWEEPS.md). scale.KEY (e.g. scale.base_commission)\n"
    "multiplies every intermediary's or enforcer's value of KEY.\n"
    "Exit status: 0 every run succeeded, 1 a run failed (the files are written) or\n"
    "the sweep stopped, 2 bad usage or input, 128 + N stopped by signal N.\n";

const char ss_merge_help[] =
    "sanctsim merge OUT_DIR SHARD_DIR...\n"
    "\n"
    "Joins the folders of the shards of one sweep (sanctsim sweep --shard I/N) into\n"
    "OUT_DIR: the same sweep.csv and sweep-summary.csv one machine would have written.\n"
    "Folders of another sweep are refused, and missing runs are named; OUT_DIR may be\n"
    "the folder that holds the shard folders.\n";

typedef struct spec {
    const char *text;
    origin from;
    int sampled;
} spec;

typedef struct args {
    const char *scenario, *out, *seed, *design;
    char **sets;
    size_t nsets;
    spec *specs;
    size_t nspecs;
    size_t points, replicates, jobs, shard, nshards;
    int have_points, have_replicates, have_jobs, keep_runs, force;
} args;

static int parse_count(const char *opt, const char *text, size_t lo, size_t hi, size_t *out)
{
    if (parse_size(text, out) || *out < lo || *out > hi)
        return ss_usage("%s: '%s': expected a whole number from %zu to %zu", opt, text, lo, hi);
    return 0;
}

static int parse_args(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    a->shard = a->nshards = 1;
    a->sets = calloc((size_t)argc + 1, sizeof *a->sets);
    a->specs = calloc((size_t)argc + 1, sizeof *a->specs);
    if (!a->sets || !a->specs)
        return ss_usage("out of memory");
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        int rc = 0;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(ss_sweep_help, stdout);
            return -1;
        } else if ((strcmp(arg, "--vary") == 0 || strcmp(arg, "--sample") == 0) && has_value) {
            a->specs[a->nspecs++] = (spec){argv[++i], {arg, NULL, 0}, arg[2] == 's'};
        } else if (strcmp(arg, "--set") == 0 && has_value) {
            a->sets[a->nsets++] = argv[++i];
        } else if (strcmp(arg, "--seed") == 0 && has_value) {
            a->seed = argv[++i];
        } else if (strcmp(arg, "--out") == 0 && has_value) {
            a->out = argv[++i];
        } else if (strcmp(arg, "--design") == 0 && has_value) {
            a->design = argv[++i];
        } else if (strcmp(arg, "--points") == 0 && has_value) {
            rc = parse_count(arg, argv[++i], 1, MAX_VALUES, &a->points);
            a->have_points = 1;
        } else if (strcmp(arg, "--replicates") == 0 && has_value) {
            rc = parse_count(arg, argv[++i], 1, MAX_VALUES, &a->replicates);
            a->have_replicates = 1;
        } else if (strcmp(arg, "--jobs") == 0 && has_value) {
            rc = parse_count(arg, argv[++i], 1, 4096, &a->jobs);
            a->have_jobs = 1;
        } else if (strcmp(arg, "--shard") == 0 && has_value) {
            const char *t = argv[++i];
            char i_t[32], n_t[32];
            size_t slash = strcspn(t, "/");
            if (!t[slash] || slash >= sizeof i_t || strlen(t + slash + 1) >= sizeof n_t)
                return ss_usage("--shard: '%s': expected I/N, as in --shard 2/8", t);
            snprintf(i_t, sizeof i_t, "%.*s", (int)slash, t);
            snprintf(n_t, sizeof n_t, "%s", t + slash + 1);
            if (parse_size(i_t, &a->shard) || parse_size(n_t, &a->nshards) || a->nshards < 1 ||
                a->nshards > 1000000 || a->shard < 1 || a->shard > a->nshards)
                return ss_usage("--shard: '%s': expected I/N with 1 <= I <= N, as in --shard "
                                "2/8",
                                t);
        } else if (strcmp(arg, "--keep-runs") == 0) {
            a->keep_runs = 1;
        } else if (strcmp(arg, "--force") == 0) {
            a->force = 1;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return ss_usage(has_value || strncmp(arg, "--", 2) != 0
                                ? "unknown option '%s'"
                                : "option '%s' needs a value (or is unknown)",
                            arg);
        } else if (!a->scenario) {
            a->scenario = arg;
        } else {
            return ss_usage("one scenario at a time: '%s' is extra", arg);
        }
        if (rc)
            return rc;
    }
    if (!a->scenario)
        return ss_usage("name a scenario file, e.g. sanctsim sweep scenarios/illustrative.ini "
                        "--vary model.sigma=3:6:4");
    if (a->design && strcmp(a->design, "lhs") != 0 && strcmp(a->design, "sobol") != 0)
        return ss_usage("--design: '%s': expected lhs or sobol", a->design);
    return 0;
}

static char *default_out(const char *scenario, size_t shard, size_t nshards)
{
    const char *base = strrchr(scenario, '/') ? strrchr(scenario, '/') + 1 : scenario;
    size_t len = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        len = (size_t)(dot - base);
    size_t size = len + 96;
    char *out = malloc(size);
    if (!out)
        return NULL;
    if (nshards > 1)
        snprintf(out, size, "runs/%.*s-sweep-shard-%zu-of-%zu", (int)len, base, shard, nshards);
    else
        snprintf(out, size, "runs/%.*s-sweep", (int)len, base);
    return out;
}

/* A shell word for arg, as bash reads it back: plain, in '...', or, when
 * it holds a control character (a line break would end the journal's
 * command line), in $'...' with that character as \ooo. */
static void shell_word(buf *b, const char *arg)
{
    int control = 0, special = !arg[0] || arg[strcspn(arg, " \t'\"$\\;&|<>()*?")];
    for (const unsigned char *c = (const unsigned char *)arg; *c; c++)
        control |= *c < 0x20 || *c == 0x7F;
    if (!control && !special) {
        buf_puts(b, arg);
        return;
    }
    buf_puts(b, control ? "$'" : "'");
    for (const unsigned char *c = (const unsigned char *)arg; *c; c++) {
        if (control && (*c < 0x20 || *c == 0x7F))
            buf_printf(b, "\\%03o", *c);
        else if (*c == '\'')
            buf_puts(b, control ? "\\'" : "'\\''");
        else if (control && *c == '\\')
            buf_puts(b, "\\\\");
        else
            buf_add(b, (const char *)c, 1);
    }
    buf_puts(b, "'");
}

static char *command_line(int argc, char **argv)
{
    buf b = {0};
    buf_puts(&b, "sanctsim sweep");
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0)
            continue; /* the command to resume with */
        buf_puts(&b, " ");
        shell_word(&b, argv[i]);
    }
    return b.failed ? NULL : b.s;
}

static void free_sweep(sweep *sw)
{
    for (size_t a = 0; a < sw->nax; a++) {
        for (size_t i = 0; i < sw->ax[a].n; i++)
            free(sw->ax[a].value[i]);
        free(sw->ax[a].value);
        free(sw->ax[a].key);
    }
    free(sw->ax);
    free(sw->header);
    free(sw->command);
}

/* The design from the command line, or else from the [sweep] section. */
static int build_design(sweep *sw, const args *a, const file_design *fd)
{
    size_t nfile = fd->nvary + fd->nsample, n = a->nspecs ? a->nspecs : nfile;
    sw->ax = calloc(n ? n : 1, sizeof *sw->ax);
    if (!sw->ax)
        return ss_usage("out of memory");
    size_t nsampled = 0;
    for (size_t i = 0; i < n; i++) {
        spec s;
        if (a->nspecs)
            s = a->specs[i];
        else if (i < fd->nvary)
            s = (spec){fd->vary[i].text, {"vary", a->scenario, fd->vary[i].line}, 0};
        else
            s = (spec){fd->sample[i - fd->nvary].text,
                       {"sample", a->scenario, fd->sample[i - fd->nvary].line},
                       1};
        axis *ax = &sw->ax[sw->nax];
        int rc = s.sampled ? parse_sample(s.text, &s.from, ax) : parse_vary(s.text, &s.from, ax);
        sw->nax++;
        if (rc)
            return rc;
        nsampled += ax->sampled ? 1 : 0;
        for (size_t j = 0; j + 1 < sw->nax; j++)
            if (strcmp(sw->ax[j].key, ax->key) == 0)
                return design_error(&s.from, "'%s' is varied twice", ax->key);
        for (size_t j = 0; j < sw->nfixed; j++)
            if (strncmp(sw->fixed[j], ax->key, strlen(ax->key)) == 0 &&
                sw->fixed[j][strlen(ax->key)] == '=')
                return design_error(&s.from, "'%s' is both set (--set %s) and varied: drop one",
                                    ax->key, sw->fixed[j]);
    }
    /* Points and design: the command line, else the file. */
    origin po = {"--points", NULL, 0}, dso = {"--design", NULL, 0};
    size_t points = a->points;
    int have_points = a->have_points;
    const char *design = a->design;
    if (!have_points && fd->points) {
        po = (origin){"points", a->scenario, fd->points_line};
        if (parse_size(fd->points, &points) || points < 1 || points > MAX_VALUES)
            return design_error(&po, "'%s': expected a whole number from 1 to %lu", fd->points,
                                MAX_VALUES);
        have_points = 1;
    }
    if (!design && fd->design) {
        dso = (origin){"design", a->scenario, fd->design_line};
        design = fd->design;
        if (strcmp(design, "lhs") != 0 && strcmp(design, "sobol") != 0)
            return design_error(&dso, "'%s': expected lhs or sobol", design);
    }
    if (nsampled && !have_points)
        return design_error(&sw->ax[n - 1].from, "a sampled design needs its number of points: "
                                                 "add --points N");
    if (!nsampled && have_points)
        return design_error(&po, "nothing is sampled: add --sample section.key=FROM:TO");
    if (!nsampled && design)
        return design_error(&dso, "nothing is sampled: add --sample section.key=FROM:TO");
    sw->sobol = design && strcmp(design, "sobol") == 0;
    sw->sample_points = nsampled ? points : 1;
    /* Strides, the first grid key varying slowest, and the size. */
    size_t stride = 1;
    for (size_t i = sw->nax; i-- > 0;) {
        if (sw->ax[i].sampled)
            continue;
        sw->ax[i].stride = stride;
        if (stride > MAX_RUNS / sw->ax[i].n)
            return design_error(&sw->ax[i].from,
                                "the grid has more than %lu points: use "
                                "--sample for large designs",
                                MAX_RUNS);
        stride *= sw->ax[i].n;
    }
    sw->points = stride;
    if (sw->points > MAX_RUNS / sw->sample_points ||
        sw->points * sw->sample_points > MAX_RUNS / sw->replicates)
        return ss_usage("the sweep has more than %lu runs (points x replicates): split it into "
                        "several sweeps",
                        MAX_RUNS);
    sw->points *= sw->sample_points;
    sw->runs = sw->points * sw->replicates;
    return 0;
}

/* Every key must exist: labelled sections must be in the scenario (an
 * override would otherwise create an empty one), and a load with the key
 * set must not fail for the key itself. A value that is out of range is
 * not an error here: that run fails and is recorded. */
static int check_keys(const sweep *sw, const ss_scenario *base)
{
    for (size_t a = 0; a < sw->nax; a++) {
        const axis *ax = &sw->ax[a];
        const char *dot1 = strchr(ax->key, '.'), *dot2 = strrchr(ax->key, '.');
        if (dot1 != dot2) {
            char type[128], label[128];
            snprintf(type, sizeof type, "%.*s", (int)(dot1 - ax->key), ax->key);
            snprintf(label, sizeof label, "%.*s", (int)(dot2 - dot1 - 1), dot1 + 1);
            if (strcmp(type, "intermediary") == 0) {
                if (ss_world_country(base->world, label) < 0)
                    return design_error(&ax->from,
                                        "'%s': %s is not a country of the world "
                                        "(%s)",
                                        ax->key, label, base->world_dir);
            } else {
                size_t i = 0;
                while (i < base->nsec &&
                       !(strcmp(base->sec[i].type, type) == 0 && base->sec[i].label &&
                         strcmp(base->sec[i].label, label) == 0))
                    i++;
                if (i == base->nsec)
                    return design_error(&ax->from, "'%s': the scenario has no [%s %s] section",
                                        ax->key, type, label);
            }
        }
        size_t n = 0;
        char **sets = calloc(sw->nfixed + 2, sizeof *sets);
        size_t len = strlen(ax->key) + strlen(ax->value[0]) + 2;
        char *one = malloc(len);
        if (!sets || !one) {
            free(sets);
            free(one);
            return ss_usage("out of memory");
        }
        snprintf(one, len, "%s=%s", ax->key, ax->value[0]);
        for (size_t i = 0; i < sw->nfixed; i++)
            sets[n++] = sw->fixed[i];
        sets[n++] = one;
        ss_diag d;
        ss_diag_clear(&d);
        ss_scenario *s = ss_scenario_load(sw->path, sets, n, &d);
        ss_scenario_free(s);
        free(sets);
        free(one);
        int structural = !s && (strncmp(d.msg, "unknown key", 11) == 0 ||
                                strncmp(d.msg, "unknown section", 15) == 0 ||
                                strstr(d.msg, "needs a name") || strstr(d.msg, "takes no name"));
        if (structural)
            return design_error(&ax->from, "%s", d.msg);
    }
    return 0;
}

/* Takes over the finished rows of this shard from a journal of this sweep;
 * a row that does not match the design, or is damaged, is left to run
 * again, and said so, and the journal is written again without it.
 * Returns 0, or 2 when the journal cannot be written. */
static int take_rows(const sweep *sw, const ss_world *w, journal *j, char **rows, size_t *before)
{
    size_t bad = j->unread;
    long first = j->first_unread;
    for (size_t i = sw->shard - 1; i < sw->runs; i += sw->nshards) {
        if (!j->rows[i])
            continue;
        if (!row_matches(sw, w, i, j->rows[i])) {
            first = bad++ && first < j->line[i] ? first : j->line[i];
            continue;
        }
        rows[i] = j->rows[i];
        j->rows[i] = NULL;
        (*before)++;
    }
    if (bad)
        ss_errorf("%s/%s:%ld: %zu row%s not match this sweep's design or %s damaged "
                  "(the first on this line): %s again",
                  sw->out, JOURNAL, first, bad, bad == 1 ? " does" : "s do",
                  bad == 1 ? "is" : "are", bad == 1 ? "its run runs" : "their runs run");
    if (!bad)
        return 0;
    buf b = {0};
    buf_puts(&b, j->head);
    for (size_t i = 0; i < sw->runs; i++)
        if (rows[i])
            buf_puts(&b, rows[i]);
    int rc = b.failed || write_atomic(sw->out, JOURNAL, b.s, b.len) ? 2 : 0;
    free(b.s);
    return rc;
}

/* Opens OUT for this sweep: a new folder, or one holding the journal of
 * this same sweep and shard, whose finished rows are taken over. */
static int prepare_out(sweep *sw, const ss_world *w, int force, char **rows, size_t *before)
{
    *before = 0;
    if (ss_path_exists(sw->out) && !is_dir(sw->out)) {
        ss_errorf("%s: exists and is not a folder: choose another --out", sw->out);
        return 2;
    }
    journal j;
    int rc = is_dir(sw->out) ? read_journal(sw->out, &j, 1) : -1;
    if (rc == 2 && !force)
        return 2;
    if (rc == 0 && force) {
        free_journal(&j);
        rc = -1;
    }
    if (rc != 0 && is_dir(sw->out)) {
        char *jp = ss_path_join(sw->out, JOURNAL);
        int had = jp && ss_path_exists(jp);
        free(jp);
        if (!had) {
            DIR *d = opendir(sw->out);
            struct dirent *e;
            int empty = 1;
            while (d && (e = readdir(d)))
                empty &= strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
            if (d)
                closedir(d);
            if (!empty) {
                ss_errorf("%s: exists and is not a sweep folder (it has no %s): "
                          "choose another --out",
                          sw->out, JOURNAL);
                return 2;
            }
        }
        /* --force: start again. Only what a sweep writes is removed. */
        const char *mine[] = {JOURNAL, "sweep.csv", "sweep-summary.csv", "sweep-scenario.ini",
                              "runs"};
        for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++) {
            char *p = ss_path_join(sw->out, mine[i]);
            if (p)
                ss_remove_tree(p);
            free(p);
        }
    }
    if (rc == 0) {
        int same = strcmp(j.fingerprint, sw->fingerprint) == 0 && j.runs == sw->runs &&
                   j.replicates == sw->replicates && strcmp(j.columns, sw->header) == 0;
        if (!same) {
            ss_errorf("%s: holds the results of a different sweep (the "
                      "scenario file, its world or [links] tables, --set, the design, "
                      "--replicates, the seed or sanctsim's version differ): run the "
                      "original command to resume it, choose "
                      "another --out, or add --force to discard those results",
                      sw->out);
            free_journal(&j);
            return 2;
        }
        if (j.shard != sw->shard || j.nshards != sw->nshards) {
            ss_errorf("%s: holds shard %zu/%zu of this sweep, not %zu/%zu: "
                      "give each shard its own --out",
                      sw->out, j.shard, j.nshards, sw->shard, sw->nshards);
            free_journal(&j);
            return 2;
        }
        rc = take_rows(sw, w, &j, rows, before);
        free_journal(&j);
        return rc;
    }
    if (mkdir_p(sw->out) != 0) {
        ss_errorf("%s: cannot create the folder: %s", sw->out, strerror(errno));
        return 2;
    }
    buf head = {0};
    rc = build_head(sw, sw->shard, sw->nshards, &head)      ? 2
         : write_atomic(sw->out, JOURNAL, head.s, head.len) ? 2
                                                            : 0;
    free(head.s);
    return rc;
}

static int write_base(const sweep *sw, const ss_scenario *base)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return -1;
    ss_scenario_write(base, f);
    fprintf(f,
            "\n; The base scenario of the sweep in this folder (its command is in %s).\n"
            "; Rerun one row of sweep.csv alone with its values and seed:\n"
            ";   sanctsim run THIS_FILE --set KEY=VALUE ... --seed SEED\n",
            JOURNAL);
    int rc = fclose(f) != 0 ? -1 : write_atomic(sw->out, "sweep-scenario.ini", text, len);
    free(text);
    return rc;
}

static int sweep_main(int argc, char **argv, args *a, sweep *sw, ss_scenario **basep, char ***rowsp)
{
    int rc = parse_args(argc, argv, a);
    if (rc)
        return rc < 0 ? 0 : rc;
    file_design fd;
    rc = read_file_design(a->scenario, &fd);
    sw->path = a->scenario;
    sw->keep_runs = a->keep_runs;
    sw->shard = a->shard;
    sw->nshards = a->nshards;
    /* The base scenario: the file with --set and --seed. */
    char seed_set[128];
    if (!rc && a->seed) {
        snprintf(seed_set, sizeof seed_set, "scenario.seed=%s", a->seed);
        a->sets[a->nsets++] = seed_set;
    }
    sw->fixed = a->sets;
    sw->nfixed = a->nsets;
    ss_diag d;
    ss_diag_clear(&d);
    if (!rc && !(*basep = ss_scenario_load(a->scenario, a->sets, a->nsets, &d))) {
        ss_report(&d);
        rc = 2;
    }
    sw->seed = rc ? 0 : (*basep)->seed;
    sw->replicates = 1;
    if (!rc && a->have_replicates) {
        sw->replicates = a->replicates;
    } else if (!rc && fd.replicates) {
        origin o = {"replicates", a->scenario, fd.replicates_line};
        if (parse_size(fd.replicates, &sw->replicates) || sw->replicates < 1 ||
            sw->replicates > MAX_VALUES)
            rc = design_error(&o, "'%s': expected a whole number from 1 to %lu", fd.replicates,
                              MAX_VALUES);
    }
    rc = rc ? rc : build_design(sw, a, &fd);
    free_file_design(&fd);
    rc = rc ? rc : fill_samples(sw);
    rc = rc ? rc : check_keys(sw, *basep);
    if (rc)
        return rc;
    for (size_t i = 0; i < sw->nax; i++)
        ss_scenario_warn_key(*basep, sw->ax[i].from.opt, sw->ax[i].key);
    /* The header of sweep.csv. */
    buf h = {0};
    buf_puts(&h, "point,replicate");
    for (size_t i = 0; i < sw->nax; i++) {
        buf_puts(&h, ",");
        buf_field(&h, sw->ax[i].key);
    }
    buf_puts(&h, ",seed,status");
    for (int i = 0; i < NRESULT; i++)
        buf_printf(&h, ",%s", i == 5 ? "top_intermediary" : ind_name[i < 5 ? i : I_DETECTIONS]);
    buf_puts(&h, "\n");
    sw->header = h.s;
    sw->command = command_line(argc, argv);
    char *out = a->out ? strdup(a->out) : default_out(a->scenario, sw->shard, sw->nshards);
    if (h.failed || !sw->command || !out) {
        free(out);
        return ss_usage("out of memory");
    }
    sw->out = out;
    fingerprint(sw, *basep);
    char **rows = *rowsp = calloc(sw->runs, sizeof *rows);
    size_t before = 0;
    if (!rows)
        return ss_usage("out of memory");
    rc = prepare_out(sw, (*basep)->world, a->force, rows, &before);
    if (rc)
        return rc;
    if (write_base(sw, *basep) != 0)
        return 1;
    if (sw->keep_runs) {
        char *runs = ss_path_join(sw->out, "runs");
        int bad = !runs || mkdir_p(runs) != 0;
        free(runs);
        if (bad) {
            ss_errorf("%s/runs: cannot create the folder: %s", sw->out, strerror(errno));
            return 1;
        }
    }
    /* The runs still to do, in design order. */
    pool pl = {.sw = sw, .rows = rows, .before = before, .tty = isatty(STDERR_FILENO)};
    size_t mine = 0;
    for (size_t i = sw->shard - 1; i < sw->runs; i += sw->nshards)
        mine++;
    pl.queue = malloc((mine - before + 1) * sizeof *pl.queue);
    pl.retry = malloc((mine - before + 1) * sizeof *pl.retry);
    pl.deaths = calloc(mine - before + 1, 1);
    if (!pl.queue || !pl.retry || !pl.deaths) {
        free(pl.queue);
        free(pl.retry);
        free(pl.deaths);
        return ss_usage("out of memory");
    }
    for (size_t i = sw->shard - 1; i < sw->runs; i += sw->nshards)
        if (!rows[i])
            pl.queue[pl.nqueue++] = i;
    char *jp = ss_path_join(sw->out, JOURNAL);
    pl.journal = jp ? open(jp, O_WRONLY | O_APPEND) : -1;
    free(jp);
    if (pl.journal < 0) {
        ss_errorf("%s/%s: cannot open: %s", sw->out, JOURNAL, strerror(errno));
        free(pl.queue);
        free(pl.retry);
        free(pl.deaths);
        return 1;
    }
    size_t jobs = a->jobs;
    if (!a->have_jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 0 ? (size_t)cores : 1;
    }
    struct sigaction sa, old_pipe;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old_pipe);
    ss_signals_catch();
    pl.start = pl.last_sync = now_seconds();
    if (pl.nqueue == 0 && pl.tty)
        ss_errorf("every run of this sweep is done already");
    rc = run_pool(&pl, jobs);
    fsync(pl.journal);
    close(pl.journal);
    sigaction(SIGPIPE, &old_pipe, NULL);
    free(pl.queue);
    free(pl.retry);
    free(pl.deaths);
    size_t saved = before + pl.done;
    if (ss_signal_caught() || rc == 1) {
        ss_errorf("sweep %s: %zu of %zu runs are saved in %s/%s; run the "
                  "same command again to resume",
                  ss_signal_caught() ? "interrupted" : "stopped (SANCTSIM_SWEEP_STOP_AFTER)", saved,
                  mine, sw->out, JOURNAL);
        return ss_signals_finish(1);
    }
    ss_signals_release();
    if (rc)
        return 1; /* a system error, reported */
    if (write_results(sw->out, sw->header, rows, sw->runs, sw->points, sw->replicates,
                      sw->nshards == 1) != 0)
        return 1;
    size_t failed = count_failed(rows, sw->shard - 1, sw->nshards, sw->runs, sw->nax, sw->out);
    if (sw->nshards > 1 && pl.tty)
        ss_errorf("shard %zu/%zu done: join the shards with sanctsim merge "
                  "OUT_DIR SHARD_DIR...",
                  sw->shard, sw->nshards);
    printf("%s\n", sw->out);
    return failed ? 1 : 0; /* the files are written, but a run failed */
}

int ss_cmd_sweep(int argc, char **argv)
{
    args a;
    sweep sw;
    memset(&sw, 0, sizeof sw);
    ss_scenario *base = NULL;
    char **rows = NULL;
    int rc = sweep_main(argc, argv, &a, &sw, &base, &rows);
    for (size_t i = 0; rows && i < sw.runs; i++)
        free(rows[i]);
    free(rows);
    ss_scenario_free(base);
    free((char *)sw.out);
    free_sweep(&sw);
    free(a.sets);
    free(a.specs);
    return rc;
}

/* ---- sanctsim merge ---------------------------------------------------------------- */

/* 1 (explained) when a shard's journal holds a row that sanctsim did not
 * write as it is: rerunning that shard's command runs it again. */
static int shard_damaged(const char *dir, const journal *j)
{
    size_t nkeys = count_fields(j->columns) - 4 - NRESULT;
    char status[1024];
    result res;
    for (size_t r = 0; r < j->runs; r++)
        if (j->rows[r] && !row_sound(j->rows[r], nkeys, status, sizeof status, &res)) {
            ss_errorf("%s/%s:%ld: point %zu, replicate %zu is damaged: run that "
                      "shard's sweep command again (it runs the row again), then merge",
                      dir, JOURNAL, j->line[r], r / j->replicates, r % j->replicates);
            return 1;
        }
    return 0;
}

static int merge_main(int argc, char **argv, journal *all, journal *js)
{
    const char *out = argv[0];
    for (int i = 1; i < argc; i++) {
        journal *j = &js[i - 1];
        int rc = read_journal(argv[i], j, 0);
        if (rc == -1) {
            ss_errorf("%s: no %s here: expected the --out folder of a sweep "
                      "or of one of its shards",
                      argv[i], JOURNAL);
            return 2;
        }
        if (rc)
            return rc;
        if (shard_damaged(argv[i], j))
            return 2;
        if (i == 1) {
            *all = *j;
            all->rows = calloc(j->runs, sizeof *all->rows);
            all->line = NULL;
            all->columns = strdup(j->columns);
            all->head = NULL;
            all->found = 0;
            if (!all->rows || !all->columns)
                return ss_usage("out of memory");
        } else if (strcmp(j->fingerprint, all->fingerprint) != 0 || j->runs != all->runs ||
                   j->replicates != all->replicates || strcmp(j->columns, all->columns) != 0) {
            ss_errorf("%s: holds a different sweep than %s (the scenario file, "
                      "its world or [links] tables, --set, the design, --replicates, the "
                      "seed or sanctsim's version differ)",
                      argv[i], argv[1]);
            return 2;
        }
        for (size_t r = 0; r < j->runs; r++) {
            if (!j->rows[r])
                continue;
            if (!all->rows[r]) {
                all->rows[r] = j->rows[r];
                j->rows[r] = NULL;
                all->found++;
            } else if (strcmp(all->rows[r], j->rows[r]) != 0) {
                ss_errorf("%s: point %zu, replicate %zu differs from the same "
                          "run in another folder: were the shards run by different "
                          "versions of sanctsim?",
                          argv[i], r / j->replicates, r % j->replicates);
                return 1;
            }
        }
    }
    if (all->found < all->runs) {
        size_t first = 0;
        while (all->rows[first])
            first++;
        char hint[128] = "";
        if (all->nshards > 1)
            snprintf(hint, sizeof hint, " (it belongs to shard %zu/%zu)", first % all->nshards + 1,
                     all->nshards);
        ss_errorf("merge: %zu of %zu runs are missing, the first is point %zu, "
                  "replicate %zu%s: finish every shard (rerunning a shard's command "
                  "resumes it) and merge again",
                  all->runs - all->found, all->runs, first / all->replicates,
                  first % all->replicates, hint);
        return 1;
    }
    /* The merged folder: new, or a sweep folder of this same sweep. */
    if (ss_path_exists(out)) {
        journal old;
        int rc = is_dir(out) ? read_journal(out, &old, 0) : 2;
        if (rc == 0) {
            int same = strcmp(old.fingerprint, all->fingerprint) == 0;
            free_journal(&old);
            if (!same) {
                ss_errorf("%s: holds a different sweep: choose another "
                          "OUT_DIR",
                          out);
                return 2;
            }
        } else if (rc == -1) {
            /* Folders only (such as the shards' own) are fine; files are not ours. */
            DIR *d = opendir(out);
            struct dirent *e;
            int files = 0;
            while (d && (e = readdir(d))) {
                char *p = e->d_name[0] != '.' ? ss_path_join(out, e->d_name) : NULL;
                files += p && !is_dir(p);
                free(p);
            }
            if (d)
                closedir(d);
            if (files) {
                ss_errorf("%s: exists, holds files and is not a sweep folder "
                          "(it has no %s): choose another OUT_DIR",
                          out, JOURNAL);
                return 2;
            }
        } else {
            if (!is_dir(out))
                ss_errorf("%s: exists and is not a folder", out);
            return 2;
        }
    } else if (mkdir_p(out) != 0) {
        ss_errorf("%s: cannot create the folder: %s", out, strerror(errno));
        return 2;
    }
    /* The journal of the whole sweep, as one machine would have left it
     * (in design order), so that `sanctsim sweep --out OUT_DIR` finds every
     * run done. */
    buf b = {0};
    const char *head = js[0].head;
    const char *cmd = head ? strstr(head, "# command: ") : NULL;
    buf_printf(&b, "%s: one row per finished run, in the order the runs finished\n", JOURNAL_MAGIC);
    buf_printf(&b, "# fingerprint=%s runs=%zu points=%zu replicates=%zu shard=1/1\n",
               all->fingerprint, all->runs, all->points, all->replicates);
    if (cmd)
        buf_add(&b, cmd, strcspn(cmd, "\n") + 1);
    buf_printf(&b, "# merged from %d folders by sanctsim merge\n", argc - 1);
    buf_puts(&b, all->columns);
    for (size_t r = 0; r < all->runs; r++)
        buf_puts(&b, all->rows[r]);
    int rc = b.failed ? -1 : write_atomic(out, JOURNAL, b.s, b.len);
    free(b.s);
    if (rc)
        return 1;
    char *ini = ss_path_join(argv[1], "sweep-scenario.ini");
    int special;
    FILE *f = ini ? ss_open_input(ini, &special) : NULL;
    free(ini);
    if (f) {
        buf t = {0};
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            buf_add(&t, chunk, n);
        fclose(f);
        rc = t.failed ? -1 : write_atomic(out, "sweep-scenario.ini", t.s, t.len);
        free(t.s);
        if (rc)
            return 1;
    }
    if (write_results(out, all->columns, all->rows, all->runs, all->points, all->replicates, 1))
        return 1;
    printf("%s\n", out);
    size_t nkeys = count_fields(all->columns) - 4 - NRESULT;
    return count_failed(all->rows, 0, 1, all->runs, nkeys, out) ? 1 : 0;
}

int ss_cmd_merge(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(ss_merge_help, stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return ss_usage("merge: unknown option '%s'", argv[i]);
        }
    if (argc < 2)
        return ss_usage("merge: name the merged folder and at least one shard folder: "
                        "sanctsim merge OUT_DIR SHARD_DIR...");
    journal all;
    memset(&all, 0, sizeof all);
    journal *js = calloc((size_t)argc, sizeof *js);
    if (!js)
        return ss_usage("out of memory");
    int rc = merge_main(argc, argv, &all, js);
    for (int i = 0; i + 1 < argc; i++)
        free_journal(&js[i]);
    free(js);
    free_journal(&all);
    return rc;
}

/* ---- the sampled design for other commands ---------------------------------- */

int ss_sweep_design(size_t dim, size_t n, const double *lo, const double *hi, int sobol,
                    uint64_t seed, char **value)
{
    axis *ax = calloc(dim ? dim : 1, sizeof *ax);
    if (!ax)
        return ss_usage("out of memory");
    for (size_t a = 0; a < dim; a++)
        ax[a] = (axis){.sampled = 1, .lo = lo[a], .hi = hi[a]};
    sweep sw = {.ax = ax, .nax = dim, .sample_points = n, .sobol = sobol, .seed = seed};
    int rc = fill_samples(&sw);
    for (size_t a = 0; a < dim; a++) {
        for (size_t i = 0; i < n && ax[a].value; i++) {
            if (rc)
                free(ax[a].value[i]);
            else
                value[a * n + i] = ax[a].value[i];
        }
        free(ax[a].value);
    }
    free(ax);
    return rc;
}
