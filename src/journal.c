/* A sweep's rows, journal, summary and fingerprint (see journal.h). */
#include "journal.h"
#include "files.h"
#include "report.h"
#include "table.h"

#include <dirent.h>
#include <errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The number of fields of a CSV line. */
static size_t count_fields(const char *line);

const char *const ss_sweep_files[SS_SWEEP_NFILES] = {SS_JOURNAL, "sweep.csv", "sweep-summary.csv",
                                                     "sweep-scenario.ini"};

const char *const ss_ind_name[SS_NIND] = {"final_leakage",      "mean_leakage",
                                          "target_price_index", "lost_exports_usd_mn",
                                          "commission_usd_mn",  "detections"};

/* The indicator in result column i (0 to SS_NRESULT - 1, not
 * SS_RESULT_TOP), and the result column of indicator i (those past
 * SS_NIND: the --indicator values, which follow the results). */
static int column_indicator(int i)
{
    return i < SS_RESULT_TOP ? i : i - 1;
}
static size_t indicator_column(size_t i)
{
    return i < SS_RESULT_TOP ? i : i + 1;
}

/* ---- rows ------------------------------------------------------------------ */

char *ss_sweep_header(const ss_sweep *sw)
{
    ss_text h = {0};
    ss_text_puts(&h, "point,replicate");
    for (size_t i = 0; i < sw->dz.nax; i++) {
        ss_text_puts(&h, ",");
        ss_text_field(&h, sw->dz.ax[i].key);
    }
    ss_text_puts(&h, ",seed,status");
    for (int i = 0; i < SS_NRESULT; i++)
        ss_text_printf(&h, ",%s",
                       i == SS_RESULT_TOP ? "top_intermediary" : ss_ind_name[column_indicator(i)]);
    for (size_t i = 0; i < sw->ncustom; i++)
        ss_text_printf(&h, ",%s", sw->custom[i].name);
    ss_text_puts(&h, "\n");
    if (h.failed) {
        free(h.s);
        return NULL;
    }
    return h.s;
}

char *ss_row_make(const ss_sweep *sw, size_t run, const char *status, const ss_result *res)
{
    size_t p = run / sw->dz.replicates, r = run % sw->dz.replicates;
    ss_text b = {0};
    ss_text_printf(&b, "%zu,%zu", p, r);
    for (size_t a = 0; a < sw->dz.nax; a++) {
        ss_text_puts(&b, ",");
        ss_text_field(&b, ss_design_value(&sw->dz, p, a));
    }
    ss_text_printf(&b, ",%llu,", (unsigned long long)ss_design_run_seed(sw->dz.seed, p, r));
    ss_text_field(&b, status);
    for (int i = 0; i < SS_NRESULT; i++) {
        ss_text_puts(&b, ",");
        if (!res)
            continue;
        if (i == SS_RESULT_TOP)
            ss_text_field(&b, res->top);
        else
            ss_text_number(&b, res->v[column_indicator(i)]);
    }
    for (size_t i = 0; i < sw->ncustom; i++) {
        ss_text_puts(&b, ",");
        if (res && i < res->nx)
            ss_text_number(&b, res->x[i]);
    }
    ss_text_puts(&b, "\n");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* Splits a copy of row (up to its line break) into nf fields: the copy,
 * which the caller frees, or NULL when the row has not nf fields. */
static char *split_row(const char *row, char **field, size_t nf)
{
    char *copy = strdup(row);
    if (!copy)
        return NULL;
    copy[strcspn(copy, "\n")] = '\0';
    if (ss_csv_split(copy, field, nf) != nf) {
        free(copy);
        return NULL;
    }
    return copy;
}

size_t ss_columns_keys(const char *columns)
{
    size_t nf = count_fields(columns), keys = 0;
    char **head = malloc((nf + 1) * sizeof *head);
    char *copy = head ? split_row(columns, head, nf) : NULL;
    while (copy && SS_COL_SEED(keys) < nf && strcmp(head[SS_COL_SEED(keys)], "seed") != 0)
        keys++;
    if (!copy || SS_COL_SEED(keys) >= nf)
        keys = 0;
    free(copy);
    free(head);
    return keys;
}

/* The fields of a row of nkeys varied keys: its own count, when it has
 * room for the fixed columns and at most SS_MAX_CUSTOM of its own; else 0. */
static size_t row_fields(const char *row, size_t nkeys)
{
    size_t nf = count_fields(row), fixed = SS_COL_RESULTS(nkeys) + SS_NRESULT;
    return nf >= fixed && nf <= fixed + SS_MAX_CUSTOM ? nf : 0;
}

int ss_row_ok(const char *row, size_t nkeys)
{
    size_t nf = row_fields(row, nkeys);
    if (!nf)
        return 0;
    char **field = malloc((nf + 1) * sizeof *field);
    char *copy = field ? split_row(row, field, nf) : NULL;
    int ok = copy && strcmp(field[SS_COL_STATUS(nkeys)], "ok") == 0;
    free(copy);
    free(field);
    return ok;
}

/* A number as ss_text_number writes it, or empty (NAN) where may_be_empty. */
static int number_field(const char *text, double *v, int may_be_empty)
{
    char again[64];
    if (!*text) {
        *v = NAN;
        return may_be_empty;
    }
    if (ss_parse_number(text, v))
        return 0;
    snprintf(again, sizeof again, "%.10g", *v);
    return strcmp(again, text) == 0;
}

/* The results of a row whose status is ok: every indicator a number (the
 * leakages and the price index may be empty: none by definition, with no
 * sanction of the headline in force or no target), the top intermediary a
 * country code or empty. */
static int results_sound(char **f, size_t nx, ss_result *res)
{
    res->nx = nx;
    for (size_t i = 0; i < nx; i++)
        if (!number_field(f[SS_NRESULT + i], &res->x[i], 0))
            return 0;
    for (int i = 0; i < SS_NRESULT; i++) {
        if (i == SS_RESULT_TOP) {
            size_t len = strlen(f[i]);
            snprintf(res->top, sizeof res->top, "%s", f[i]);
            if (len >= sizeof res->top ||
                strspn(f[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len)
                return 0;
        } else if (!number_field(f[i], &res->v[column_indicator(i)],
                                 column_indicator(i) <= SS_I_PRICE)) {
            return 0;
        }
    }
    return 1;
}

int ss_row_sound(const char *row, size_t nkeys, char *status, size_t size, ss_result *res)
{
    size_t nf = row_fields(row, nkeys), nx = nf ? nf - SS_COL_RESULTS(nkeys) - SS_NRESULT : 0;
    memset(res, 0, sizeof *res);
    if (!nf)
        return 0;
    char **field = malloc((nf + 1) * sizeof *field);
    char *copy = field ? split_row(row, field, nf) : NULL;
    int sound = copy && field[SS_COL_STATUS(nkeys)][0];
    memset(res, 0, sizeof *res);
    if (sound) {
        char **results = field + SS_COL_RESULTS(nkeys);
        snprintf(status, size, "%s", field[SS_COL_STATUS(nkeys)]);
        if (strcmp(status, "ok") == 0)
            sound = results_sound(results, nx, res);
        for (size_t i = 0; i < SS_NRESULT + nx && strcmp(status, "ok") != 0; i++)
            sound &= !results[i][0];
    }
    free(copy);
    free(field);
    return sound;
}

/* Whether the design varies scenario.world: its runs' countries are then
 * those of their own worlds. */
static int varies_world(const ss_sweep *sw)
{
    for (size_t a = 0; a < sw->dz.nax; a++)
        if (strcmp(sw->dz.ax[a].key, "scenario.world") == 0)
            return 1;
    return 0;
}

int ss_row_matches(const ss_sweep *sw, const ss_world *w, size_t run, const char *row)
{
    char status[1024];
    ss_result res;
    if (!ss_row_sound(row, sw->dz.nax, status, sizeof status, &res) ||
        (res.top[0] && !varies_world(sw) && ss_world_country(w, res.top) < 0))
        return 0;
    char *again = ss_row_make(sw, run, status, strcmp(status, "ok") == 0 ? &res : NULL);
    int same = again && strcmp(again, row) == 0;
    free(again);
    return same;
}

static size_t count_fields(const char *line)
{
    size_t max = 1;
    for (const char *c = line; *c && *c != '\n'; c++)
        max += *c == ',';
    char **field = malloc((max + 1) * sizeof *field);
    char *copy = field ? strdup(line) : NULL;
    size_t n = 0;
    if (copy) {
        copy[strcspn(copy, "\n")] = '\0';
        n = ss_csv_split(copy, field, max);
    }
    free(field);
    free(copy);
    return n;
}

/* ---- the journal ------------------------------------------------------------ */

void ss_journal_free(ss_journal *j)
{
    for (size_t i = 0; j->rows && i < j->runs; i++)
        free(j->rows[i]);
    free(j->rows);
    free(j->line);
    free(j->columns);
    free(j->head);
    memset(j, 0, sizeof *j);
}

/* The columns line: the rows' table, sized by the head's counts; the
 * number of fields a row has, or 0 when the head does not hold together. */
static size_t take_columns(ss_journal *j, const char *line)
{
    if (!j->runs || !j->replicates || j->runs > SS_MAX_RUNS || j->points > SS_MAX_RUNS ||
        j->replicates > SS_MAX_RUNS || j->runs != j->points * j->replicates || !j->nshards ||
        !(j->rows = calloc(j->runs, sizeof *j->rows)) ||
        !(j->line = calloc(j->runs, sizeof *j->line)) || !(j->columns = strdup(line)))
        return 0;
    size_t nf = count_fields(line);
    return nf < 4 + SS_NRESULT ? 0 : nf; /* point, replicate, seed, status and the results */
}

/* A row line: kept under its run (a run's last row counts: a row found
 * damaged on resume is run again, and its new row comes later), or
 * counted as unread. SS_OK or SS_ENOMEM. */
static int take_row(ss_journal *j, const char *line, long lineno, size_t nf)
{
    size_t p, r;
    int used = 0;
    if (sscanf(line, "%zu,%zu,%n", &p, &r, &used) == 2 && used > 0 && p < j->points &&
        r < j->replicates && count_fields(line) == nf) {
        size_t run = p * j->replicates + r;
        j->found += !j->rows[run];
        free(j->rows[run]);
        if (!(j->rows[run] = strdup(line)))
            return SS_ENOMEM;
        j->line[run] = lineno;
    } else if (!j->unread++) {
        j->first_unread = lineno;
    }
    return SS_OK;
}

/* Reads the lines of an open journal; *good is the end of the last whole
 * line. SS_OK, or SS_EIO when it is not a journal. */
static int read_lines(FILE *f, ss_journal *j, ss_text *head, long *good)
{
    char *line = NULL;
    size_t cap = 0, nf = 0;
    ssize_t len;
    long lineno = 0;
    int rc = SS_OK, stage = 0; /* 0 the magic line, 1 the head, 2 the rows */
    while (!rc && (len = getline(&line, &cap, f)) > 0 && line[len - 1] == '\n') {
        lineno++;
        if (stage < 2)
            ss_text_puts(head, line); /* every line up to the columns */
        if (stage == 0) {
            rc = strncmp(line, SS_JOURNAL_MAGIC, strlen(SS_JOURNAL_MAGIC)) ? SS_EIO : SS_OK;
            stage = 1;
        } else if (stage == 1 && line[0] == '#') {
            sscanf(line, "# fingerprint=%16s runs=%zu points=%zu replicates=%zu shard=%zu/%zu",
                   j->fingerprint, &j->runs, &j->points, &j->replicates, &j->shard, &j->nshards);
        } else if (stage == 1) {
            nf = take_columns(j, line);
            rc = nf ? SS_OK : SS_EIO;
            stage = 2;
        } else {
            rc = take_row(j, line, lineno, nf) ? SS_EIO : SS_OK;
        }
        if (!rc)
            *good = ftell(f);
    }
    free(line);
    return !rc && stage < 2 ? SS_EIO : rc;
}

int ss_journal_read(const char *dir, ss_journal *j, int repair, ss_diag *d)
{
    memset(j, 0, sizeof *j);
    ss_diag_clear(d);
    char *path = ss_path_join(dir, SS_JOURNAL);
    snprintf(d->file, sizeof d->file, "%s", path ? path : dir);
    FILE *f = path ? fopen(path, repair ? "r+" : "r") : NULL;
    int rc = SS_OK;
    if (!f) {
        rc = errno == ENOENT
                 ? SS_SKIP
                 : ss_diag_set(d, SS_EIO, "cannot %s: %s",
                               repair ? "open to resume (it is read and appended to)" : "read",
                               strerror(errno));
        goto done;
    }
    ss_text head = {0};
    long good = 0;
    rc = read_lines(f, j, &head, &good);
    /* Only a sweep, which repairs, has a --force to start again. */
    if (rc)
        rc = ss_diag_set(d, SS_EINVAL, "not a sweep journal, or damaged at its start%s",
                         repair ? ": move it away, or add --force to start the sweep again" : "");
    else if (repair && (fflush(f) != 0 || ftruncate(fileno(f), good) != 0))
        rc = ss_diag_set(d, SS_EIO, "cannot cut its unfinished last line: %s", strerror(errno));
    fclose(f);
    j->head = head.s;
    if (rc)
        ss_journal_free(j);
done:
    free(path);
    return rc;
}

void ss_journal_head(const ss_sweep *sw, ss_text *b)
{
    ss_text_printf(b, "%s: one row per finished run, in the order the runs finished\n",
                   SS_JOURNAL_MAGIC);
    ss_text_printf(b, "# fingerprint=%s runs=%zu points=%zu replicates=%zu shard=%zu/%zu\n",
                   sw->fingerprint, sw->dz.runs, sw->dz.points, sw->dz.replicates, sw->shard,
                   sw->nshards);
    ss_text_printf(b, "# command: %s\n", sw->command);
    ss_text_puts(b, sw->header);
}

/* ---- sweep.csv and sweep-summary.csv ------------------------------------------ */

/* The summary's statistics of the n values x: mean, sd and the 5, 50 and
 * 95 % quantiles (GSL's definitions: sd with n - 1, quantiles interpolated
 * between the sorted values); empty fields when n is 0. */
static void add_statistics(ss_text *b, double *x, size_t n)
{
    if (n == 0) {
        ss_text_puts(b, ",,,,");
        return;
    }
    static const double q[3] = {0.05, 0.5, 0.95};
    double mean = gsl_stats_mean(x, 1, n);
    gsl_sort(x, 1, n);
    ss_text_number(b, mean);
    ss_text_puts(b, ",");
    ss_text_number(b, n > 1 ? gsl_stats_sd(x, 1, n) : NAN);
    for (int i = 0; i < 3; i++) {
        ss_text_puts(b, ",");
        ss_text_number(b, gsl_stats_quantile_from_sorted_data(x, 1, n, q[i]));
    }
}

/* Scratch space of the summary: one row's fields and copy per replicate. */
typedef struct scratch {
    size_t nf, nkeys, replicates;
    char **copy, **field;
    double *x;
} scratch;

/* The summary row of indicator i at point p: the fixed indicators, then
 * the sweep's own (--indicator), named by the header's field head[col]. */
static void add_summary_row(ss_text *b, scratch *sc, char **rows, size_t p, size_t i, char **head)
{
    size_t col = SS_COL_RESULTS(sc->nkeys) + indicator_column(i), failed = 0, n = 0;
    for (size_t r = 0; r < sc->replicates; r++) {
        char **f = sc->field + r * (sc->nf + 1);
        free(sc->copy[r]);
        if (!(sc->copy[r] = split_row(rows[p * sc->replicates + r], f, sc->nf))) {
            b->failed = 1;
            return;
        }
        if (strcmp(f[SS_COL_STATUS(sc->nkeys)], "ok") != 0)
            failed++;
        else if (!ss_parse_number(f[col], &sc->x[n]))
            n++;
    }
    ss_text_printf(b, "%zu", p);
    for (size_t k = 0; k < sc->nkeys; k++) {
        ss_text_puts(b, ",");
        ss_text_field(b, sc->field[SS_COL_KEYS + k]);
    }
    ss_text_printf(b, ",%s,%zu,%zu,", head[col], n, failed);
    add_statistics(b, sc->x, n);
    ss_text_puts(b, "\n");
}

/* Per indicator and point: how many replicates gave a value, how many
 * failed, and their statistics, computed from the rows' text. */
static int build_summary(ss_text *b, const char *columns, char **rows, size_t points,
                         size_t replicates)
{
    size_t nf = count_fields(columns);
    scratch sc = {nf,
                  0,
                  replicates,
                  calloc(replicates, sizeof(char *)),
                  malloc(replicates * (nf + 1) * sizeof(char *)),
                  malloc(replicates * sizeof(double))};
    char **head = malloc((nf + 1) * sizeof *head);
    char *cols = sc.copy && sc.field && sc.x && head ? split_row(columns, head, nf) : NULL;
    /* The sweep's own indicators follow the fixed ones. */
    sc.nkeys = ss_columns_keys(columns);
    if (!cols || nf < SS_COL_RESULTS(sc.nkeys) + SS_NRESULT ||
        strcmp(head[SS_COL_SEED(sc.nkeys)], "seed") != 0)
        b->failed = 1;
    ss_text_puts(b, "point");
    for (size_t k = 0; cols && k < sc.nkeys; k++) {
        ss_text_puts(b, ",");
        ss_text_field(b, head[SS_COL_KEYS + k]);
    }
    ss_text_puts(b, ",indicator,n,failed,mean,sd,q05,q50,q95\n");
    /* Indicator by indicator, so that each one's rows are together (a chart
     * of one indicator then reads one unbroken block). */
    size_t nind = b->failed ? 0 : nf - SS_COL_RESULTS(sc.nkeys) - SS_NRESULT + SS_NIND;
    for (size_t i = 0; i < nind && !b->failed; i++)
        for (size_t p = 0; p < points && !b->failed; p++)
            add_summary_row(b, &sc, rows, p, i, head);
    for (size_t r = 0; sc.copy && r < replicates; r++)
        free(sc.copy[r]);
    free(sc.copy);
    free(sc.field);
    free(sc.x);
    free(head);
    free(cols);
    return b->failed ? SS_ENOMEM : SS_OK;
}

int ss_write_results(const char *dir, const char *columns, char **rows, size_t runs, size_t points,
                     size_t replicates, int summary, ss_diag *d)
{
    ss_text b = {0}, s = {0};
    ss_text_puts(&b, columns);
    for (size_t i = 0; i < runs; i++)
        if (rows[i])
            ss_text_puts(&b, rows[i]);
    int rc = b.failed ? ss_diag_set(d, SS_ENOMEM, "out of memory")
                      : ss_write_atomic(dir, "sweep.csv", b.s, b.len, d);
    if (!rc && summary) {
        rc = build_summary(&s, columns, rows, points, replicates)
                 ? ss_diag_set(d, SS_ENOMEM, "out of memory")
                 : ss_write_atomic(dir, "sweep-summary.csv", s.s, s.len, d);
    }
    free(b.s);
    free(s.s);
    return rc;
}

int ss_sweep_write_file(const char *dir, const char *name, const ss_text *t)
{
    ss_diag d;
    ss_diag_clear(&d);
    int rc = t->failed ? ss_diag_set(&d, SS_ENOMEM, "out of memory")
                       : ss_write_atomic(dir, name, t->s, t->len, &d);
    if (rc)
        ss_report(&d);
    return rc;
}

size_t ss_count_failed(char **rows, size_t first, size_t step, size_t runs, size_t nkeys,
                       const char *dir)
{
    size_t failed = 0, all = 0;
    for (size_t i = first; i < runs; i += step, all++)
        failed += !ss_row_ok(rows[i], nkeys);
    if (failed)
        ss_errorf("%zu of %zu runs failed: their status column in %s/sweep.csv says why", failed,
                  all, dir);
    return failed;
}

/* ---- the fingerprint ------------------------------------------------------------ */

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

static void fnv_file(uint64_t *h, const char *path)
{
    int special;
    FILE *f = ss_open_kept(path, &special);
    if (!f)
        return;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        *h = fnv(*h, chunk, n);
    fclose(f);
    *h = fnv_str(*h, "");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every CSV file of a world folder, by name (not kept: ss_inputs_keep). */
static void fnv_world(uint64_t *h, const char *world_dir)
{
    const int kept = ss_inputs_keep(0);
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
    ss_inputs_keep(kept);
}

/* The files that a value of a varied key names: a world folder
 * (scenario.world) or a [links] table (links.NAME.file), relative to the
 * scenario file as the scenario says. */
static void fnv_varied_files(uint64_t *h, const ss_sweep *sw, const ss_axis *ax)
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

/* A --set option and its place on the command line, for fnv_sets. */
typedef struct placed_set {
    const char *text;
    size_t at;
} placed_set;

/* The order of two options' keys (the text before '='). */
static int key_cmp(const char *a, const char *b)
{
    const size_t la = strcspn(a, "="), lb = strcspn(b, "=");
    const int c = strncmp(a, b, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

static int by_key_then_place(const void *a, const void *b)
{
    const placed_set *x = a, *y = b;
    const int c = key_cmp(x->text, y->text);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* The --set options as a sweep's results read them: each key's last
 * value, in the order of the keys, without the output.* keys, which
 * change what a run writes and no row (a helper's hunt: a resume with
 * --set output.tables=summary, which the README advises with --keep-runs,
 * was refused, and so were the same options in another order). */
static uint64_t fnv_sets(uint64_t h, char *const *sets, size_t n)
{
    placed_set *p = malloc((n + 1) * sizeof *p);
    for (size_t i = 0; !p && i < n; i++) /* out of memory: as given */
        h = fnv_str(h, sets[i]);
    for (size_t i = 0; p && i < n; i++)
        p[i] = (placed_set){sets[i], i};
    if (p)
        qsort(p, n, sizeof *p, by_key_then_place);
    for (size_t i = 0; p && i < n; i++)
        if ((i + 1 == n || key_cmp(p[i].text, p[i + 1].text) != 0) &&
            strncmp(p[i].text, "output.", 7) != 0)
            h = fnv_str(h, p[i].text);
    free(p);
    return h;
}

void ss_sweep_fingerprint(ss_sweep *sw, const ss_scenario *base)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    char text[64];
    h = fnv_str(h, "sanctsim sweep 1 " SS_VERSION);
    fnv_file(&h, sw->path);
    for (size_t i = 1; i < base->nfiles; i++)
        fnv_file(&h, base->files[i]); /* the bases it inherits from */
    fnv_world(&h, base->world_dir);
    for (size_t i = 0; i < base->nsec; i++) {
        const ss_section *sec = &base->sec[i];
        for (size_t e = 0; strcmp(sec->type, "links") == 0 && e < sec->n; e++)
            if (strcmp(sec->entry[e].key, "file") == 0) {
                h = fnv_str(h, sec->label);
                fnv_file(&h, sec->entry[e].value); /* made absolute by the loader */
            }
    }
    h = fnv_sets(h, sw->fixed, sw->nfixed);
    snprintf(text, sizeof text, "seed %llu replicates %zu points %zu",
             (unsigned long long)sw->dz.seed, sw->dz.replicates, sw->dz.points);
    h = fnv_str(h, text);
    for (size_t i = 0; i < sw->ncustom; i++)
        h = fnv_str(h, sw->custom[i].spec);
    for (size_t a = 0; a < sw->dz.nax; a++) {
        const ss_axis *ax = &sw->dz.ax[a];
        h = fnv_str(h, ax->key);
        h = fnv_str(h, ax->sampled ? "sampled" : "grid");
        for (size_t i = 0; i < ax->n; i++)
            h = fnv_str(h, ax->value[i]);
        fnv_varied_files(&h, sw, ax);
    }
    snprintf(sw->fingerprint, sizeof sw->fingerprint, "%016llx", (unsigned long long)h);
}
