/* `sanctsim plot` and `sanctsim brief`: a run folder's charts, drawn by
 * gnuplot running as a separate process.
 *
 * This file prepares each chart's data (it filters, sums, ranks and indexes
 * the run's CSV files) into small tab-separated files in a private work
 * folder; the chart's script in plots/ only draws them. Invariant: text that
 * comes from a scenario or a world (names, labels) reaches gnuplot only as
 * numbers, the byte codes of each string in text.dat, which plots/text.gp
 * turns back into strings. No scenario text is ever part of a gnuplot
 * command, so a scenario cannot make gnuplot run anything. A chart appears
 * under its final name only when gnuplot finished cleanly and wrote nothing
 * on stderr.
 *
 * A sweep folder (sanctsim sweep's output: sweep-summary.csv and
 * sweep-scenario.ini, no scenario.ini) gets the sweep charts instead:
 * sweep-band, an indicator against the varied keys with its 5 to 95 %
 * range, and sweep-heatmap, its mean over the first two keys.
 *
 * Test hook: with SANCTSIM_PLOT_KEEP set, the work folder with the data
 * prepared for gnuplot (DIR/.plot-work-XXXXXX/CHART/) is not removed, so
 * that tests/cli_plot_sweep.sh can compare it with sweep-summary.csv. */
#include "commands.h"
#include "output.h"
#include "report.h"
#include "scenario.h"
#include "signals.h"
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where `make install` puts the scripts when PREFIX is /usr/local. */
#ifndef SS_PLOTS_DIR
#define SS_PLOTS_DIR "/usr/local/share/sanctsim/plots"
#endif

/* Results of the preparing functions besides the ss_status codes. */
enum { SKIP = -1, E_IO = 100 };

enum { T_SUMMARY, T_FLOWS, T_RECORDED, T_INTER, T_COUNTRIES, NTABLES };
static const char *const table_file[NTABLES] = {"summary.csv", "flows.csv", "recorded.csv",
                                                "intermediaries.csv", "countries.csv"};

/* A run folder: its resolved scenario (with the world) and its tables,
 * read when first needed. */
typedef struct run {
    const char *dir;
    ss_scenario *s;
    ss_table *t[NTABLES];
} run;

struct sweep;

/* What one `plot` or `brief` command works on. */
typedef struct job {
    run *r;           /* the run folder, or NULL for a sweep folder */
    struct sweep *sw; /* the sweep folder, or NULL */
    run *cmp;         /* --compare, or NULL */
    long month;       /* the heat map's month, an index into r's months */
    ss_diag *d;
    /* What the sanctions cover (flags over countries or sectors). */
    char *coalition;  /* the coalition of the export sanctions (else of any) */
    char *target;     /* targets of any sanction */
    char *sanctioned; /* sectors named by any sanction */
    int any_export;
} job;

/* A chart's text strings, written as byte codes (see plots/text.gp). */
typedef struct strings {
    FILE *f;
    int n;
} strings;

/* ---- small helpers ---------------------------------------------------------- */

static int fail(ss_diag *d, const char *file, long line, int status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(ss_diag *d, const char *file, long line, int status, const char *fmt, ...)
{
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return status;
}

static int no_memory(ss_diag *d)
{
    return fail(d, NULL, 0, E_IO, "out of memory");
}

static void *zalloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

/* The indices i < n with keep[i] (all when keep is NULL), sorted by key
 * from largest to smallest; ties keep their order. Returns how many. */
static size_t rank_desc(const double *key, const char *keep, size_t n, size_t *order)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (keep && !keep[i])
            continue;
        size_t p = m++;
        while (p > 0 && key[order[p - 1]] < key[i]) {
            order[p] = order[p - 1];
            p--;
        }
        order[p] = i;
    }
    return m;
}

/* Appends "a", "a and b" or "a, b and c" style lists to buf. */
static void list_add(char *buf, size_t size, size_t index, size_t count, const char *item)
{
    size_t len = strlen(buf);
    const char *sep = index == 0 ? "" : index + 1 == count ? " and " : ", ";
    snprintf(buf + len, size - len, "%s%s", sep, item);
}

/* A country's name in a chart's key or labels: a name longer than
 * NAME_CHARS characters is cut, with an ellipsis, so that the key fits the
 * canvas (a 58-character name made gnuplot give up on a chart). */
#define NAME_CHARS 28

static const char *chart_name(const ss_world *w, size_t i, char *buf, size_t size)
{
    const char *name = w->name[i];
    size_t bytes = 0, chars = 0, cut = 0;
    for (; name[bytes] && chars < NAME_CHARS; chars++) {
        cut = chars + 1 == NAME_CHARS ? bytes : cut;
        for (bytes++; (name[bytes] & 0xC0) == 0x80; bytes++)
            ;
    }
    if (!name[bytes])
        return name;
    snprintf(buf, size, "%.*s\u2026", (int)cut, name);
    return buf;
}

/* The display names of the flagged countries, as a list. */
static void country_list(const ss_world *w, const char *flag, char *buf, size_t size)
{
    size_t count = 0, k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < w->n; i++)
        count += flag[i] != 0;
    for (size_t i = 0; i < w->n; i++)
        if (flag[i])
            list_add(buf, size, k++, count, w->name[i][0] ? w->name[i] : w->iso3[i]);
}

/* The flagged sectors as a list, or "all" when every sector is. */
static void sector_list(const ss_world *w, const char *flag, char *buf, size_t size)
{
    size_t count = 0, k = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < w->k; s++)
        count += flag[s] != 0;
    if (count == w->k && count > 1) {
        snprintf(buf, size, "all");
        return;
    }
    for (size_t s = 0; s < w->k; s++)
        if (flag[s])
            list_add(buf, size, k++, count, w->sector[s]);
}

/* How the export sanctions name their coalitions ("EU", "EU and G7"). */
static void coalition_list(const ss_config *c, char *buf, size_t size)
{
    size_t count = 0, k = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < c->n_measures; i++) {
            const ss_measure *m = &c->measure[i];
            int first = 1;
            for (size_t q = 0; q < i && first; q++)
                first = strcmp(c->measure[q].by_name, m->by_name) != 0 ||
                        !(c->measure[q].direction & SS_EXPORT);
            if (!(m->direction & SS_EXPORT) || !first)
                continue;
            if (pass == 0)
                count++;
            else
                list_add(buf, size, k++, count, m->by_name);
        }
}

static const char *scenario_name(const ss_scenario *s)
{
    return s->name && s->name[0] ? s->name : "(unnamed)";
}

/* "Source: sanctsim 0.1.0, scenario “NAME”, world WORLD, seed N". */
static void source_line(const ss_scenario *s, char *buf, size_t size)
{
    const char *world = strrchr(s->world_dir, '/');
    world = world && world[1] ? world + 1 : s->world_dir;
    snprintf(buf, size,
             "Source: sanctsim %s, scenario \xe2\x80\x9c%s\xe2\x80\x9d, world %s, seed %llu",
             SS_VERSION, scenario_name(s), world, (unsigned long long)s->seed);
}

/* ---- the run folder --------------------------------------------------------- */

static int run_open(run *r, const char *dir, ss_diag *d)
{
    memset(r, 0, sizeof *r);
    r->dir = dir;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(d, dir, 0, SS_EINVAL,
                    "no such folder: give a run folder that sanctsim run "
                    "wrote, e.g. runs/illustrative (or, to sanctsim plot, "
                    "a sweep folder)");
    char *ini = ss_path_join(dir, "scenario.ini");
    if (!ini)
        return no_memory(d);
    if (!ss_path_exists(ini)) {
        free(ini);
        return fail(d, dir, 0, SS_EINVAL,
                    "not a sanctsim run folder: it has no scenario.ini "
                    "(give a folder that sanctsim run wrote)");
    }
    r->s = ss_scenario_load(ini, NULL, 0, d);
    free(ini);
    return r->s ? SS_OK : SS_EINVAL;
}

static void run_close(run *r)
{
    for (size_t i = 0; i < NTABLES; i++)
        ss_table_free(r->t[i]);
    ss_scenario_free(r->s);
    memset(r, 0, sizeof *r);
}

static const ss_table *table(run *r, int which, ss_diag *d)
{
    if (!r->t[which]) {
        char *path = ss_path_join(r->dir, table_file[which]);
        if (!path) {
            no_memory(d);
            return NULL;
        }
        if (!ss_path_exists(path))
            fail(d, path, 0, SS_EINVAL,
                 "missing from the run folder: run the scenario again "
                 "with sanctsim run");
        else
            r->t[which] = ss_table_read(path, d);
        free(path);
    }
    return r->t[which];
}

/* Finds the comma-separated column names of `names` in t; `expected` says
 * which program writes the file, for the message. */
static int find_columns(const ss_table *t, const char *names, long *pos, const char *expected,
                        ss_diag *d)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", names);
    size_t k = 0;
    for (char *save = NULL, *name = strtok_r(buf, ",", &save); name;
         name = strtok_r(NULL, ",", &save)) {
        pos[k] = ss_table_column(t, name);
        if (pos[k++] < 0)
            return fail(d, t->path, 1, SS_EINVAL,
                        "has no column '%s': expected the columns that %s", name, expected);
    }
    return SS_OK;
}

/* The columns of a run's CSV. */
static int columns(const ss_table *t, const char *names, long *pos, ss_diag *d)
{
    char expected[320];
    snprintf(expected, sizeof expected, "sanctsim run writes (%s, ...)", names);
    return find_columns(t, names, pos, expected, d);
}

/* The month index of "YYYY-MM" in scenario s (may lie outside the run);
 * -1 when the text is not a month. */
static int parse_month(const ss_scenario *s, const char *text, long *t)
{
    int y, m, used = 0;
    if (sscanf(text, "%4d-%2d%n", &y, &m, &used) != 2 || used != 7 || text[used] != '\0' || m < 1 ||
        m > 12)
        return -1;
    *t = (long)(y - s->year0) * 12 + (m - s->month0);
    return 0;
}

static int get_month(const run *r, const ss_table *t, size_t row, long col, long *out, ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    if (parse_month(r->s, text, out) == 0 && *out >= 0 && *out < r->s->months)
        return SS_OK;
    char first[32], last[32];
    ss_scenario_month(r->s, 0, first, sizeof first);
    ss_scenario_month(r->s, r->s->months - 1, last, sizeof last);
    return fail(d, t->path, t->line[row], SS_EINVAL,
                "month '%s' is not a month of the run: "
                "expected YYYY-MM from %s to %s",
                text, first, last);
}

static int get_country(const ss_world *w, const ss_table *t, size_t row, long col, size_t *out,
                       ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    long i = ss_world_country(w, text);
    if (i < 0)
        return fail(d, t->path, t->line[row], SS_EINVAL,
                    "country '%s' is not in the run's world "
                    "(its scenario.ini names the world)",
                    text);
    *out = (size_t)i;
    return SS_OK;
}

static int get_sector(const ss_world *w, const ss_table *t, size_t row, long col, size_t *out,
                      ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    long s = ss_world_sector(w, text);
    if (s < 0)
        return fail(d, t->path, t->line[row], SS_EINVAL, "sector '%s' is not in the run's world",
                    text);
    *out = (size_t)s;
    return SS_OK;
}

static int get_number(const ss_table *t, size_t row, long col, double *out, ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    if (ss_parse_number(text, out) == 0)
        return SS_OK;
    return fail(d, t->path, t->line[row], SS_EINVAL, "'%s' in column %s is not a number", text,
                t->header[col]);
}

/* ---- what the sanctions cover ----------------------------------------------- */

static int scope_init(job *j)
{
    const ss_world *w = j->r->s->world;
    const ss_config *c = j->r->s->config;
    j->coalition = zalloc(w->n, 1);
    j->target = zalloc(w->n, 1);
    j->sanctioned = zalloc(w->k, 1);
    if (!j->coalition || !j->target || !j->sanctioned)
        return no_memory(j->d);
    for (size_t i = 0; i < c->n_measures; i++)
        j->any_export |= (c->measure[i].direction & SS_EXPORT) != 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        for (size_t q = 0; q < m->target.len; q++)
            j->target[m->target.at[q]] = 1;
        for (size_t q = 0; q < m->sectors.len; q++)
            j->sanctioned[m->sectors.at[q]] = 1;
        if (!j->any_export || (m->direction & SS_EXPORT))
            for (size_t q = 0; q < m->by.len; q++)
                j->coalition[m->by.at[q]] = 1;
    }
    return SS_OK;
}

static void scope_free(job *j)
{
    free(j->coalition);
    free(j->target);
    free(j->sanctioned);
}

/* 1 when an export sanction covers goods of sector s from i to t. */
static int export_sanctioned(const ss_config *c, size_t i, size_t t, size_t s)
{
    if (i == t)
        return 0;
    for (size_t q = 0; q < c->n_measures; q++) {
        const ss_measure *m = &c->measure[q];
        if ((m->direction & SS_EXPORT) && ss_set_has(&m->by, i) && ss_set_has(&m->target, t) &&
            ss_set_has(&m->sectors, s))
            return 1;
    }
    return 0;
}

/* ---- the files a chart script reads ----------------------------------------- */

static FILE *open_data(job *j, const char *dir, const char *name)
{
    char *path = ss_path_join(dir, name);
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f)
        fail(j->d, path ? path : dir, 0, E_IO, "cannot write: %s", strerror(errno));
    free(path);
    return f;
}

static int close_data(job *j, FILE *f, const char *dir)
{
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    return bad ? fail(j->d, dir, 0, E_IO, "cannot write the chart data: %s", strerror(errno))
               : SS_OK;
}

/* Writes num.dat: one line of numbers for the chart's script. */
static int write_numbers(job *j, const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int write_numbers(job *j, const char *dir, const char *fmt, ...)
{
    FILE *f = open_data(j, dir, "num.dat");
    if (!f)
        return E_IO;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    return close_data(j, f, dir);
}

/* Adds one string; returns its number in the script's array T (from 1).
 * Control characters become spaces so that a string stays on one line. */
static int text_add(strings *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int text_add(strings *t, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(t->f, "%s-1\n", t->n ? "\n\n" : "");
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
        fprintf(t->f, "%d\n", *p < 32 || *p == 127 ? 32 : *p);
    return ++t->n;
}

/* The largest finite value of v[0..n-1], or 0. */
static double max_of(const double *v, size_t n)
{
    double hi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > hi)
            hi = v[i];
    return hi;
}

static void put_month(FILE *f, const ss_scenario *s, long t)
{
    char month[32];
    ss_scenario_month(s, t, month, sizeof month);
    fputs(month, f);
}

static void put_value(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "\t%.8g", v);
    else
        fputs("\tNaN", f);
}

/* ---- chart 1: sanctioned trade to the target, direct and rerouted ----------- */

static int prep_trade(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months;
    if (!j->any_export)
        return fail(j->d, j->r->dir, 0, SKIP, "the scenario has no export sanction");
    const ss_table *t = table(j->r, T_FLOWS, j->d);
    long c[6];
    if (!t || columns(t, "month,origin,destination,via,sector,value_usd_mn", c, j->d))
        return SS_EINVAL;
    double *direct = zalloc(T, sizeof *direct), *via = zalloc(T * n, sizeof *via),
           *total = zalloc(n, sizeof *total);
    size_t *order = zalloc(n, sizeof *order);
    int rc = direct && via && total && order ? SS_OK : no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t o, de, sec, v = 0;
        double x;
        rc = get_month(j->r, t, row, c[0], &m, j->d);
        rc = rc ? rc : get_country(w, t, row, c[1], &o, j->d);
        rc = rc ? rc : get_country(w, t, row, c[2], &de, j->d);
        rc = rc ? rc : get_sector(w, t, row, c[4], &sec, j->d);
        rc = rc ? rc : get_number(t, row, c[5], &x, j->d);
        if (rc || !export_sanctioned(s->config, o, de, sec))
            continue;
        if (ss_table_get(t, row, (size_t)c[3])[0] == '\0') {
            direct[m] += x;
            continue;
        }
        rc = get_country(w, t, row, c[3], &v, j->d);
        if (!rc) {
            via[(size_t)m * n + v] += x;
            total[v] += x;
        }
    }
    char *some = zalloc(n, 1);
    if (!rc && !some)
        rc = no_memory(j->d);
    for (size_t i = 0; i < n && !rc; i++)
        some[i] = total[i] > 0;
    size_t nvia = rc ? 0 : rank_desc(total, some, n, order);
    double ymax = 0;
    FILE *f = rc ? NULL : open_data(j, dir, "data.dat");
    if (f) {
        /* Cumulative sums, bottom to top: direct, then each intermediary. */
        for (size_t m = 0; m < T; m++) {
            double sum = direct[m];
            for (size_t q = 0; q < nvia; q++)
                sum += via[m * n + order[q]];
            ymax = sum > ymax ? sum : ymax;
            sum = direct[m];
            put_month(f, s, (long)m);
            put_value(f, sum);
            for (size_t q = 0; q < nvia; q++) {
                sum += via[m * n + order[q]];
                put_value(f, sum);
            }
            fputc('\n', f);
        }
        rc = close_data(j, f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    if (tx.f) {
        char who[512], where[512], what[256], src[1024];
        coalition_list(s->config, who, sizeof who);
        country_list(w, j->target, where, sizeof where);
        sector_list(w, j->sanctioned, what, sizeof what);
        source_line(s, src, sizeof src);
        text_add(&tx, "Sanctioned goods from %s reaching %s: direct and rerouted", who, where);
        text_add(&tx, "%s", src);
        text_add(&tx, "USD million per month (%s goods)", what);
        text_add(&tx, "Direct");
        char cut[4 * NAME_CHARS + 4];
        for (size_t q = 0; q < nvia; q++)
            text_add(&tx, "Via %s", chart_name(w, order[q], cut, sizeof cut));
        rc = close_data(j, tx.f, dir);
        rc = rc ? rc : write_numbers(j, dir, "%zu\t%zu\t%.8g\n", nvia, T, ymax);
    } else if (!rc) {
        rc = E_IO;
    }
    free(direct);
    free(via);
    free(total);
    free(order);
    free(some);
    return rc;
}

/* ---- chart 2: leakage over time, with the sanction dates -------------------- */

/* 1 when summary rows a and b are the same series: coalition, target and
 * direction (the chart sums the sectors, which never overlap). */
static int same_series(const ss_table *t, const long *c, size_t a, size_t b)
{
    static const size_t key[] = {1, 2, 7};
    for (size_t q = 0; q < 3; q++)
        if (strcmp(ss_table_get(t, a, (size_t)c[key[q]]), ss_table_get(t, b, (size_t)c[key[q]])))
            return 0;
    return 1;
}

/* Writes the dates the leakage chart marks, in date order: each sanction's
 * start and end, and each dated change. Rows of events.dat: month, the
 * number of its text, kind (1 start, 2 end, 3 change), and a number shared
 * by the dates of one month (1, 2, ...). Returns how many. */
static size_t write_events(const ss_scenario *s, strings *tx, FILE *ev)
{
    const ss_config *cf = s->config;
    size_t nev = 0;
    int group = 0;
    for (long when = 0; when < s->months; when++) {
        char month[32];
        ss_scenario_month(s, when, month, sizeof month);
        size_t before = nev;
        for (size_t i = 0; i < cf->n_measures; i++) {
            const ss_measure *m = &cf->measure[i];
            for (int kind = 1; kind <= 2; kind++) {
                if (kind == 1 ? m->start != when : m->end < 0 || m->end + 1 != when)
                    continue;
                int id = text_add(tx, "%s  %s %s", month, m->name, kind == 1 ? "starts" : "lifted");
                fprintf(ev, "%s\t%d\t%d\t%d\n", month, id, kind, group + 1);
                nev++;
            }
        }
        for (size_t i = 0; i < s->nsec; i++) {
            const ss_section *sec = &s->sec[i];
            long m = -1;
            for (size_t e = 0; e < sec->n && strcmp(sec->type, "change") == 0; e++)
                if (strcmp(sec->entry[e].key, "date") == 0 &&
                    parse_month(s, sec->entry[e].value, &m) != 0)
                    m = -1;
            if (m != when)
                continue;
            int id = text_add(tx, "%s  %s (change)", month, sec->label ? sec->label : "");
            fprintf(ev, "%s\t%d\t3\t%d\n", month, id, group + 1);
            nev++;
        }
        group += nev > before;
    }
    return nev;
}

static int prep_leakage(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t T = (size_t)s->months;
    const ss_table *t = table(j->r, T_SUMMARY, j->d);
    long c[8];
    if (!t || columns(t,
                      "month,coalition,target,sector,baseline_usd_mn,rerouted_usd_mn,leakage,"
                      "direction",
                      c, j->d))
        return SS_EINVAL;
    if (t->nrow == 0)
        return fail(j->d, j->r->dir, 0, SKIP, "the scenario has no sanction, so nothing leaks");
    size_t *first = zalloc(t->nrow, sizeof *first), *series = zalloc(t->nrow, sizeof *series);
    size_t ns = 0;
    int rc = first && series ? SS_OK : no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        size_t q = 0;
        while (q < ns && !same_series(t, c, first[q], row))
            q++;
        if (q == ns)
            first[ns++] = row;
        series[row] = q;
    }
    double *base = rc ? NULL : zalloc(T * ns, sizeof *base),
           *rer = rc ? NULL : zalloc(T * ns, sizeof *rer),
           *v = rc ? NULL : zalloc(T * ns, sizeof *v);
    if (!rc && (!base || !rer || !v))
        rc = no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        double b, r;
        rc = get_month(j->r, t, row, c[0], &m, j->d);
        rc = rc ? rc : get_number(t, row, c[4], &b, j->d);
        rc = rc ? rc : get_number(t, row, c[5], &r, j->d);
        if (!rc) {
            base[(size_t)m * ns + series[row]] += b;
            rer[(size_t)m * ns + series[row]] += r;
        }
    }
    for (size_t i = 0; !rc && i < T * ns; i++)
        v[i] = base[i] > 0 ? 100 * rer[i] / base[i] : NAN;
    FILE *f = rc ? NULL : open_data(j, dir, "data.dat");
    if (f) {
        for (size_t m = 0; m < T; m++) {
            put_month(f, s, (long)m);
            for (size_t q = 0; q < ns; q++)
                put_value(f, v[m * ns + q]);
            fputc('\n', f);
        }
        rc = close_data(j, f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    FILE *ev = tx.f ? open_data(j, dir, "events.dat") : NULL;
    size_t nev = 0;
    if (tx.f && ev) {
        char where[512], src[1024];
        country_list(w, j->target, where, sizeof where);
        source_line(s, src, sizeof src);
        text_add(&tx,
                 "Leakage: sanctioned trade with %s that still flows, rerouted through "
                 "intermediaries",
                 where);
        text_add(&tx, "%s", src);
        text_add(&tx, "Rerouted trade, %% of pre-sanction value");
        /* "COALITION → RUS: restricted, energy" (sectors in world order). */
        for (size_t q = 0; q < ns; q++) {
            size_t row = first[q];
            int export = strcmp(ss_table_get(t, row, (size_t)c[7]), "import") != 0;
            const char *co = ss_table_get(t, row, (size_t)c[1]),
                       *ta = ss_table_get(t, row, (size_t)c[2]);
            char what[512] = "";
            size_t count = 0;
            for (size_t k = 0; k < w->k; k++) {
                int has = 0;
                for (size_t r = 0; r < t->nrow && !has; r++)
                    has = series[r] == q &&
                          strcmp(ss_table_get(t, r, (size_t)c[3]), w->sector[k]) == 0;
                if (has) {
                    size_t len = strlen(what);
                    snprintf(what + len, sizeof what - len, "%s%s", len ? ", " : "", w->sector[k]);
                    count++;
                }
            }
            text_add(&tx, "%s \xe2\x86\x92 %s: %s", export ? co : ta, export ? ta : co,
                     count == w->k && count > 1 ? "all sectors" : what);
        }
        text_add(&tx, "Dates marked");
        nev = write_events(s, &tx, ev);
        rc = close_data(j, ev, dir);
        rc = rc ? rc : close_data(j, tx.f, dir);
        rc =
            rc ? rc : write_numbers(j, dir, "%zu\t%zu\t%zu\t%.8g\n", ns, nev, T, max_of(v, T * ns));
    } else if (!rc) {
        if (tx.f)
            fclose(tx.f);
        rc = E_IO;
    }
    free(first);
    free(series);
    free(base);
    free(rer);
    free(v);
    return rc;
}

/* ---- chart 3: the intermediaries' commission revenue and rate --------------- */

/* Reads intermediaries.csv: each intermediary's commission revenue over
 * the run (seen marks those in the file) and, when rate is not NULL, its
 * commission rate each month, averaged over the sanctioned sectors. */
static int commissions(job *j, double *revenue, char *seen, double *rate)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months;
    const ss_table *t = table(j->r, T_INTER, j->d);
    long c[5];
    if (!t || columns(t, "month,intermediary,sector,commission_rate,commission_usd_mn", c, j->d))
        return SS_EINVAL;
    int any = 0;
    for (size_t q = 0; q < w->k; q++)
        any |= j->sanctioned[q];
    double *count = zalloc(T * n, sizeof *count);
    if (!count)
        return no_memory(j->d);
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t i, sec;
        double r, income;
        rc = get_month(j->r, t, row, c[0], &m, j->d);
        rc = rc ? rc : get_country(w, t, row, c[1], &i, j->d);
        rc = rc ? rc : get_sector(w, t, row, c[2], &sec, j->d);
        rc = rc ? rc : get_number(t, row, c[3], &r, j->d);
        rc = rc ? rc : get_number(t, row, c[4], &income, j->d);
        if (rc)
            break;
        seen[i] = 1;
        revenue[i] += income;
        if (rate && (!any || j->sanctioned[sec])) {
            rate[(size_t)m * n + i] += r;
            count[(size_t)m * n + i] += 1;
        }
    }
    for (size_t q = 0; rate && q < T * n; q++)
        rate[q] = count[q] > 0 ? rate[q] / count[q] : NAN;
    free(count);
    return rc;
}

static int prep_inter(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months;
    double *revenue = zalloc(n, sizeof *revenue), *rate = zalloc(T * n, sizeof *rate);
    char *seen = zalloc(n, 1);
    size_t *order = zalloc(n, sizeof *order), ni = 0;
    int rc =
        revenue && rate && seen && order ? commissions(j, revenue, seen, rate) : no_memory(j->d);
    if (!rc) {
        ni = rank_desc(revenue, seen, n, order);
        if (ni == 0)
            rc = fail(j->d, j->r->dir, 0, SKIP, "the scenario has no intermediaries");
    }
    FILE *f = rc ? NULL : open_data(j, dir, "bars.dat");
    if (f) {
        for (size_t q = 0; q < ni; q++)
            fprintf(f, "%zu\t%.8g\n", q, revenue[order[q]]);
        rc = close_data(j, f, dir);
        f = rc ? NULL : open_data(j, dir, "rate.dat");
        if (f) {
            for (size_t m = 0; m < T; m++) {
                put_month(f, s, (long)m);
                for (size_t q = 0; q < ni; q++)
                    put_value(f, 100 * rate[m * n + order[q]]);
                fputc('\n', f);
            }
            rc = close_data(j, f, dir);
        } else if (!rc) {
            rc = E_IO;
        }
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    if (tx.f) {
        char src[1024], what[256];
        int any = 0;
        for (size_t q = 0; q < w->k; q++)
            any |= j->sanctioned[q];
        sector_list(w, j->sanctioned, what, sizeof what);
        source_line(s, src, sizeof src);
        text_add(&tx, "Intermediaries: who earns commission on rerouted trade, and at what rate");
        text_add(&tx, "%s", src);
        text_add(&tx, "Commission revenue, total over the run");
        text_add(&tx, "USD million, sum over the run");
        text_add(&tx, "Commission rate%s%s%s", any ? " on " : "", any ? what : "",
                 any ? " goods" : "");
        text_add(&tx, "%% of the value carried");
        char cut[4 * NAME_CHARS + 4];
        for (size_t q = 0; q < ni; q++)
            text_add(&tx, "%s", chart_name(w, order[q], cut, sizeof cut));
        rc = close_data(j, tx.f, dir);
        rc = rc ? rc
                : write_numbers(j, dir, "%zu\t%zu\t%.8g\t%.8g\n", ni, T, max_of(revenue, n),
                                100 * max_of(rate, T * n));
    } else if (!rc) {
        rc = E_IO;
    }
    free(revenue);
    free(rate);
    free(seen);
    free(order);
    return rc;
}

/* ---- chart 4: recorded exports to the intermediaries, indexed --------------- */

/* Sums src's recorded exports from the coalition to each country in the
 * sanctioned sectors, by month of j's run (rows outside it are ignored).
 * Countries and sectors are matched by name in j's world. */
static int recorded_sums(job *j, run *src, double *v)
{
    const ss_world *w = j->r->s->world;
    size_t n = w->n;
    const ss_table *t = table(src, T_RECORDED, j->d);
    long c[5];
    if (!t || columns(t, "month,exporter,importer,sector,exports_usd_mn", c, j->d))
        return SS_EINVAL;
    for (size_t row = 0; row < t->nrow; row++) {
        long m;
        size_t ex, im, sec;
        double x;
        if (parse_month(j->r->s, ss_table_get(t, row, (size_t)c[0]), &m) != 0)
            return get_month(src, t, row, c[0], &m, j->d);
        if (m < 0 || m >= j->r->s->months)
            continue;
        if (get_country(w, t, row, c[1], &ex, j->d) || get_country(w, t, row, c[2], &im, j->d) ||
            get_sector(w, t, row, c[3], &sec, j->d))
            return SS_EINVAL;
        if (!j->coalition[ex] || !j->sanctioned[sec])
            continue;
        if (get_number(t, row, c[4], &x, j->d))
            return SS_EINVAL;
        v[(size_t)m * n + im] += x;
    }
    return SS_OK;
}

static void to_index(double *v, size_t n, size_t T)
{
    for (size_t i = 0; i < n; i++) {
        double base = v[i];
        for (size_t m = 0; m < T; m++)
            v[m * n + i] = base > 0 ? 100 * v[m * n + i] / base : NAN;
    }
}

static int prep_recorded(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, T = (size_t)s->months;
    size_t *pick = zalloc(n, sizeof *pick), np = 0, any = 0;
    for (size_t q = 0; q < w->k; q++)
        any += j->sanctioned[q] != 0;
    for (size_t i = 0; pick && i < n; i++)
        if (s->config->agent[i].candidate && !j->coalition[i])
            pick[np++] = i;
    if (!pick) {
        return no_memory(j->d);
    } else if (!any || np == 0) {
        free(pick);
        return fail(j->d, j->r->dir, 0, SKIP, "the scenario has %s",
                    any ? "no candidate intermediaries" : "no sanction");
    }
    double *v = zalloc(T * n, sizeof *v), *vc = j->cmp ? zalloc(T * n, sizeof *vc) : NULL;
    int rc = v && (vc || !j->cmp) ? recorded_sums(j, j->r, v) : no_memory(j->d);
    if (!rc && j->cmp)
        rc = recorded_sums(j, j->cmp, vc);
    double lo = INFINITY, hi = -INFINITY;
    if (!rc) {
        to_index(v, n, T);
        if (vc)
            to_index(vc, n, T);
        /* An index needs exports at the baseline. */
        size_t kept = 0, cmp_ok = 0;
        for (size_t q = 0; q < np; q++)
            if (isfinite(v[pick[q]]))
                pick[kept++] = pick[q];
        np = kept;
        for (size_t q = 0; vc && q < np; q++)
            cmp_ok += isfinite(vc[pick[q]]) != 0;
        if (np == 0)
            rc = fail(j->d, j->r->dir, 0, SKIP,
                      "the coalition recorded no exports of "
                      "sanctioned goods to the intermediaries at the baseline");
        if (!rc && vc && !cmp_ok) {
            fprintf(stderr,
                    "sanctsim: %s: no recorded exports of sanctioned goods to the "
                    "intermediaries at its baseline, so it has no comparison panel\n",
                    j->cmp->dir);
            free(vc);
            vc = NULL;
        }
    }
    if (!rc) {
        for (size_t m = 0; m < T; m++)
            for (size_t q = 0; q < np; q++) {
                double a = v[m * n + pick[q]], b = vc ? vc[m * n + pick[q]] : NAN;
                lo = isfinite(a) && a < lo ? a : lo;
                hi = isfinite(a) && a > hi ? a : hi;
                lo = isfinite(b) && b < lo ? b : lo;
                hi = isfinite(b) && b > hi ? b : hi;
            }
        if (!isfinite(lo)) {
            lo = 0;
            hi = 200;
        }
    }
    for (int which = 0; which < (vc ? 2 : 1) && !rc; which++) {
        FILE *f = open_data(j, dir, which ? "compare.dat" : "data.dat");
        if (!f) {
            rc = E_IO;
            break;
        }
        const double *src = which ? vc : v;
        for (size_t m = 0; m < T; m++) {
            put_month(f, s, (long)m);
            for (size_t q = 0; q < np; q++)
                put_value(f, src[m * n + pick[q]]);
            fputc('\n', f);
        }
        rc = close_data(j, f, dir);
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    if (tx.f) {
        char who[512], what[256], src[1024], base[32];
        coalition_list(s->config, who, sizeof who);
        if (!who[0])
            country_list(w, j->coalition, who, sizeof who);
        sector_list(w, j->sanctioned, what, sizeof what);
        source_line(s, src, sizeof src);
        ss_scenario_month(s, 0, base, sizeof base);
        text_add(&tx,
                 "What the statistics show: recorded exports of %s goods from %s to the "
                 "intermediaries",
                 what, who);
        text_add(&tx, "%s", src);
        text_add(&tx, "%s", scenario_name(s));
        text_add(&tx, "%s", j->cmp ? scenario_name(j->cmp->s) : "");
        text_add(&tx, "Index of recorded exports, %s (baseline) = 100", base);
        char cut[4 * NAME_CHARS + 4];
        for (size_t q = 0; q < np; q++)
            text_add(&tx, "To %s", chart_name(w, pick[q], cut, sizeof cut));
        rc = close_data(j, tx.f, dir);
        rc = rc ? rc
                : write_numbers(j, dir, "%zu\t%d\t%.8g\t%.8g\t%zu\n", np, vc != NULL, lo, hi, T);
    } else if (!rc) {
        rc = E_IO;
    }
    free(pick);
    free(v);
    free(vc);
    return rc;
}

/* ---- chart 5: the target's import prices by sector -------------------------- */

static int prep_prices(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n, K = w->k, T = (size_t)s->months, ntarget = 0;
    for (size_t i = 0; i < n; i++)
        ntarget += j->target[i] != 0;
    if (ntarget == 0)
        return fail(j->d, j->r->dir, 0, SKIP, "the scenario has no sanction, so no target");
    const ss_table *t = table(j->r, T_COUNTRIES, j->d);
    long c[4];
    if (!t || columns(t, "month,country,sector,price_index", c, j->d))
        return SS_EINVAL;
    double *v = zalloc(T * n * K, sizeof *v);
    if (!v)
        return no_memory(j->d);
    for (size_t q = 0; q < T * n * K; q++)
        v[q] = NAN;
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t i, sec;
        double x;
        rc = get_month(j->r, t, row, c[0], &m, j->d);
        rc = rc ? rc : get_country(w, t, row, c[1], &i, j->d);
        rc = rc ? rc : get_sector(w, t, row, c[2], &sec, j->d);
        if (rc || !j->target[i])
            continue;
        rc = get_number(t, row, c[3], &x, j->d);
        if (!rc)
            v[((size_t)m * n + i) * K + sec] = 100 * x;
    }
    FILE *f = rc ? NULL : open_data(j, dir, "data.dat");
    if (f) {
        for (size_t m = 0; m < T; m++) {
            put_month(f, s, (long)m);
            for (size_t i = 0; i < n; i++)
                for (size_t sec = 0; sec < K && j->target[i]; sec++)
                    put_value(f, v[(m * n + i) * K + sec]);
            fputc('\n', f);
        }
        rc = close_data(j, f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    if (tx.f) {
        char where[512], src[1024], base[32];
        country_list(w, j->target, where, sizeof where);
        source_line(s, src, sizeof src);
        ss_scenario_month(s, 0, base, sizeof base);
        text_add(&tx, "Import prices in %s by sector", where);
        text_add(&tx, "%s", src);
        text_add(&tx, "Import price index, %s (baseline) = 100", base);
        /* "(sanctioned)" marks what the target's suppliers may not sell it. */
        for (size_t i = 0; i < n; i++)
            for (size_t sec = 0; sec < K && j->target[i]; sec++) {
                int banned = 0;
                for (size_t o = 0; o < n && !banned; o++)
                    banned = export_sanctioned(s->config, o, i, sec);
                text_add(&tx, "%s%s%s%s", ntarget > 1 ? w->iso3[i] : "", ntarget > 1 ? ": " : "",
                         w->sector[sec], banned ? " (sanctioned)" : "");
            }
        rc = close_data(j, tx.f, dir);
        FILE *nf = rc ? NULL : open_data(j, dir, "num.dat");
        if (nf) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t q = 0; q < T * n * K; q++)
                if (isfinite(v[q])) {
                    lo = v[q] < lo ? v[q] : lo;
                    hi = v[q] > hi ? v[q] : hi;
                }
            fprintf(nf, "%zu\t%zu\t%.8g\t%.8g\n", ntarget * K, T, isfinite(lo) ? lo : 100,
                    isfinite(hi) ? hi : 100);
            rc = close_data(j, nf, dir);
        } else if (!rc) {
            rc = E_IO;
        }
    } else if (!rc) {
        rc = E_IO;
    }
    free(v);
    return rc;
}

/* ---- chart 6: heat map of the change in recorded bilateral flows ------------ */

static int prep_heat(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n;
    const ss_table *t = table(j->r, T_RECORDED, j->d);
    long c[4];
    if (!t || columns(t, "month,exporter,importer,exports_usd_mn", c, j->d))
        return SS_EINVAL;
    double *base = zalloc(n * n, sizeof *base), *now = zalloc(n * n, sizeof *now);
    int rc = base && now ? SS_OK : no_memory(j->d);
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        size_t ex, im;
        double x;
        rc = get_month(j->r, t, row, c[0], &m, j->d);
        if (rc || (m != 0 && m != j->month))
            continue;
        rc = get_country(w, t, row, c[1], &ex, j->d);
        rc = rc ? rc : get_country(w, t, row, c[2], &im, j->d);
        rc = rc ? rc : get_number(t, row, c[3], &x, j->d);
        if (rc)
            break;
        if (m == 0)
            base[ex * n + im] += x;
        if (m == j->month)
            now[ex * n + im] += x;
    }
    /* Rows are exporters (y), columns importers (x). Column 4 says what the
     * cell's label is: 0 none, 1 the change, 2 a flow that was zero. */
    FILE *f = rc ? NULL : open_data(j, dir, "data.dat");
    if (f) {
        for (size_t ex = 0; ex < n; ex++) {
            for (size_t im = 0; im < n; im++) {
                double b = base[ex * n + im], x = now[ex * n + im];
                int kind = b > 0 ? 1 : x > 0 ? 2 : 0;
                fprintf(f, "%zu\t%zu", im, ex);
                put_value(f, b > 0 ? 100 * (x - b) / b : NAN);
                fprintf(f, "\t%d\n", kind);
            }
            fputc('\n', f);
        }
        rc = close_data(j, f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    if (tx.f) {
        char src[1024], base_m[32], month[32];
        source_line(s, src, sizeof src);
        ss_scenario_month(s, 0, base_m, sizeof base_m);
        ss_scenario_month(s, j->month, month, sizeof month);
        text_add(&tx, "Change in recorded exports between countries, %s against %s (baseline)",
                 month, base_m);
        text_add(&tx, "%s", src);
        text_add(&tx, "Importer");
        text_add(&tx, "Exporter");
        text_add(&tx, "Change in %%, all sectors (colours stop at \xc2\xb1"
                      "100 %%; grey: no "
                      "flow at the baseline)");
        for (size_t i = 0; i < n; i++)
            text_add(&tx, "%s", w->iso3[i]);
        rc = close_data(j, tx.f, dir);
        rc = rc ? rc : write_numbers(j, dir, "%zu\t%d\n", n, n <= 16);
    } else if (!rc) {
        rc = E_IO;
    }
    free(base);
    free(now);
    return rc;
}

/* ---- the brief's key numbers ------------------------------------------------ */

static int prep_brief(job *j, const char *dir)
{
    const ss_scenario *s = j->r->s;
    const ss_world *w = s->world;
    size_t n = w->n;
    long last = s->months - 1;
    const ss_table *t = table(j->r, T_SUMMARY, j->d);
    long c[8];
    if (!t || columns(t,
                      "month,target,sector,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,"
                      "target_price_index,direction",
                      c, j->d))
        return SS_EINVAL;
    double base = 0, direct = 0, rerouted = 0;
    char prices[1024] = "";
    int rc = SS_OK;
    for (size_t row = 0; row < t->nrow && !rc; row++) {
        long m;
        double b, d, r, p;
        rc = get_month(j->r, t, row, c[0], &m, j->d);
        if (rc || m != last || strcmp(ss_table_get(t, row, (size_t)c[7]), "export") != 0)
            continue;
        rc = get_number(t, row, c[3], &b, j->d);
        rc = rc ? rc : get_number(t, row, c[4], &d, j->d);
        rc = rc ? rc : get_number(t, row, c[5], &r, j->d);
        rc = rc ? rc : get_number(t, row, c[6], &p, j->d);
        if (rc)
            break;
        base += b;
        direct += d;
        rerouted += r;
        char item[256];
        snprintf(item, sizeof item, "%s%s %s goods %+.1f %%", prices[0] ? "; " : "",
                 ss_table_get(t, row, (size_t)c[1]), ss_table_get(t, row, (size_t)c[2]),
                 100 * (p - 1));
        if (!strstr(prices, item))
            strncat(prices, item, sizeof prices - strlen(prices) - 1);
    }
    double *revenue = zalloc(n, sizeof *revenue);
    char *seen = zalloc(n, 1);
    size_t *order = zalloc(n, sizeof *order), ni = 0;
    if (!rc)
        rc = revenue && seen && order ? commissions(j, revenue, seen, NULL) : no_memory(j->d);
    if (!rc)
        ni = rank_desc(revenue, seen, n, order);
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    if (tx.f) {
        char src[1024], month[32], where[512], top[1024] = "", what[256];
        source_line(s, src, sizeof src);
        ss_scenario_month(s, last, month, sizeof month);
        country_list(w, j->target, where, sizeof where);
        sector_list(w, j->sanctioned, what, sizeof what);
        char cut[4 * NAME_CHARS + 4];
        for (size_t q = 0; q < ni && q < 3; q++) {
            size_t len = strlen(top);
            snprintf(top + len, sizeof top - len, "%s%zu. %s, USD %.1f million", q ? "   " : "",
                     q + 1, chart_name(w, order[q], cut, sizeof cut), revenue[order[q]]);
        }
        text_add(&tx, "%s", scenario_name(s));
        text_add(&tx, "%s", src);
        text_add(&tx,
                 "Leakage at the end (%s): %.0f %% of the pre-sanction value of sanctioned "
                 "exports to %s still arrives through intermediaries",
                 month, base > 0 ? 100 * rerouted / base : 0.0, where);
        text_add(&tx,
                 "(USD %.1f million per month rerouted and %.1f million direct, against "
                 "%.1f million before the sanctions)",
                 rerouted, direct, base);
        text_add(&tx, "Top intermediaries by commission revenue over the run:   %s",
                 ni ? top : "none");
        text_add(&tx, "Import prices in the target, %s against the baseline:   %s", month,
                 prices[0] ? prices : "no export sanction");
        text_add(&tx, "Key numbers");
        rc = close_data(j, tx.f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    free(revenue);
    free(seen);
    free(order);
    return rc;
}

/* ---- sweep folders ------------------------------------------------------------ */

/* A sweep folder's charts read sweep-summary.csv (one row per indicator and
 * point: point, the varied keys, indicator, n, failed, mean, sd, q05, q50,
 * q95) and, for the source line, sweep-scenario.ini. */

/* The headline indicators that the charts know: their titles, axis labels
 * and the factor to their unit. Another indicator is drawn as it is. */
static const struct indicator {
    const char *name, *title, *axis;
    double scale;
} indicators[] = {
    {"final_leakage", "Final leakage", "Leakage in the last month, % of the pre-sanction value",
     100},
    {"mean_leakage", "Mean leakage",
     "Leakage averaged over the months with a sanction, % of the pre-sanction value", 100},
    {"target_price_index", "The target's import prices",
     "Target's import price index, sanctioned sectors, last month (baseline = 100)", 100},
    {"lost_exports_usd_mn", "Lost coalition exports",
     "Coalition exports to the target lost, USD million (sum over the run)", 1},
    {"commission_usd_mn", "Commission revenue",
     "Intermediaries' commission revenue, USD million (sum over the run)", 1},
    {"detections", "Detections", "Detections (countries caught, summed over the months)", 1},
};
enum { NINDICATORS = sizeof indicators / sizeof indicators[0] };

/* At most this many series (values of the second key) in the band chart,
 * panels (keys) in a sampled design's band chart, and cells a side with
 * their values written in the heat map. */
enum { MAX_SERIES = 8, MAX_PANELS = 6, MAX_LABELLED = 12, MAX_TICS = 20 };

/* One varied key: its distinct values, in the order of its axis (numbers
 * ascending, other text in order of first appearance). */
typedef struct sweep_key {
    const char *name;
    int numeric;
    size_t nval;
    const char **val; /* nval texts */
    double *num;      /* nval numbers, for a numeric key */
    size_t *at;       /* per point: the index of its value */
} sweep_key;

typedef struct sweep {
    const char *dir;
    ss_scenario *s; /* sweep-scenario.ini */
    ss_table *t;    /* sweep-summary.csv */
    const struct indicator *ind;
    struct indicator other; /* ind, for an indicator the charts do not know */
    size_t nkeys, npoints, replicates;
    sweep_key *key;
    double *mean, *q05, *q50, *q95; /* per point, in the chart's unit; NaN: no value */
    /* When the points are the full cross product of the keys' values (a
     * grid, possibly crossed with one sampled key): the point of each
     * combination, the first key's value changing slowest. Else NULL. */
    size_t *grid;
} sweep;

/* The point of the grid combination where key 0 has value x, key 1 value
 * y and every other key its first value. */
static size_t grid_point(const sweep *sw, size_t x, size_t y)
{
    size_t idx = x;
    for (size_t k = 1; k < sw->nkeys; k++)
        idx = idx * sw->key[k].nval + (k == 1 ? y : 0);
    return sw->grid[idx];
}

/* A summary's number: empty is NaN (no replicate gave a value). */
static int sweep_number(const ss_table *t, size_t row, long col, double scale, double *out,
                        ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    if (text[0] == '\0') {
        *out = NAN;
        return SS_OK;
    }
    int rc = get_number(t, row, col, out, d);
    *out *= scale;
    return rc;
}

/* A count: a whole number from 0. */
static int sweep_count(const ss_table *t, size_t row, long col, size_t limit, size_t *out,
                       ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    double x;
    if (ss_parse_number(text, &x) != 0 || x < 0 || x != floor(x) || x >= (double)limit)
        return fail(d, t->path, t->line[row], SS_EINVAL,
                    "'%s' in column %s is not a whole "
                    "number from 0 to %zu",
                    text, t->header[col], limit - 1);
    *out = (size_t)x;
    return SS_OK;
}

/* Orders the points by a key's value: by number, or by text. */
typedef struct key_sort {
    const char *const *text;
    const double *num;
} key_sort;

static int by_value(const void *a, const void *b, void *ctx)
{
    const key_sort *ks = ctx;
    size_t p = *(const size_t *)a, q = *(const size_t *)b;
    if (ks->num && ks->num[p] != ks->num[q])
        return ks->num[p] < ks->num[q] ? -1 : 1;
    int c = ks->num ? 0 : strcmp(ks->text[p], ks->text[q]);
    return c ? c : p < q ? -1 : p > q;
}

static int by_first(const void *a, const void *b, void *ctx)
{
    const size_t *first = ctx;
    size_t p = first[*(const size_t *)a], q = first[*(const size_t *)b];
    return p < q ? -1 : p > q;
}

/* Finds key k's distinct values; text[p] is its value at point p. */
static int key_values(sweep *sw, sweep_key *key, const char **text, ss_diag *d)
{
    size_t n = sw->npoints;
    double *num = zalloc(n, sizeof *num);
    size_t *order = zalloc(n, sizeof *order), *group = zalloc(n, sizeof *group),
           *first = zalloc(n, sizeof *first), *rank = zalloc(n, sizeof *rank);
    key->at = zalloc(n, sizeof *key->at);
    key->val = zalloc(n, sizeof *key->val);
    key->num = zalloc(n, sizeof *key->num);
    if (!num || !order || !group || !first || !rank || !key->at || !key->val || !key->num) {
        free(num);
        free(order);
        free(group);
        free(first);
        free(rank);
        return no_memory(d);
    }
    key->numeric = 1;
    for (size_t p = 0; p < n; p++) {
        order[p] = p;
        key->numeric &= ss_parse_number(text[p], &num[p]) == 0;
    }
    key_sort ks = {text, key->numeric ? num : NULL};
    qsort_r(order, n, sizeof *order, by_value, &ks);
    /* Groups of equal values, in sorted order; first[g] is the first point
     * that has value g. */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = order[i];
        int same = i > 0 && (key->numeric ? num[p] == num[order[i - 1]]
                                          : strcmp(text[p], text[order[i - 1]]) == 0);
        if (!same)
            first[ng++] = p;
        else if (p < first[ng - 1])
            first[ng - 1] = p;
        group[p] = ng - 1;
    }
    /* Text keeps the order in which the sweep met its values. */
    for (size_t g = 0; g < ng; g++)
        rank[g] = g;
    if (!key->numeric)
        qsort_r(rank, ng, sizeof *rank, by_first, first);
    size_t *pos = order; /* reused: the axis position of each group */
    for (size_t i = 0; i < ng; i++)
        pos[rank[i]] = i;
    for (size_t g = 0; g < ng; g++) {
        key->val[pos[g]] = text[first[g]];
        key->num[pos[g]] = key->numeric ? num[first[g]] : (double)pos[g];
    }
    for (size_t p = 0; p < n; p++)
        key->at[p] = pos[group[p]];
    key->nval = ng;
    free(num);
    free(order);
    free(group);
    free(first);
    free(rank);
    return SS_OK;
}

/* Whether the points form the full cross product of the keys' values; if
 * so, sw->grid maps each combination to its point. */
static int find_grid(sweep *sw, ss_diag *d)
{
    size_t n = sw->npoints, prod = 1;
    for (size_t k = 0; k < sw->nkeys; k++) {
        if (sw->key[k].nval > n / prod)
            return SS_OK;
        prod *= sw->key[k].nval;
    }
    if (prod != n || sw->nkeys == 0)
        return SS_OK;
    sw->grid = zalloc(n, sizeof *sw->grid);
    char *seen = zalloc(n, 1);
    if (!sw->grid || !seen) {
        free(seen);
        return no_memory(d);
    }
    for (size_t p = 0; p < n; p++) {
        size_t idx = 0;
        for (size_t k = 0; k < sw->nkeys; k++)
            idx = idx * sw->key[k].nval + sw->key[k].at[p];
        if (seen[idx]) {
            free(sw->grid);
            sw->grid = NULL;
            break;
        }
        seen[idx] = 1;
        sw->grid[idx] = p;
    }
    free(seen);
    return SS_OK;
}

static int sweep_read(sweep *sw, const char *indicator, ss_diag *d)
{
    const ss_table *t = sw->t;
    long c[8]; /* point, indicator, n, failed, mean, q05, q50, q95 */
    if (find_columns(t, "point,indicator,n,failed,mean,q05,q50,q95", c,
                     "sanctsim sweep writes (point, the varied keys, indicator, n, failed, mean, "
                     "sd, q05, q50, q95)",
                     d))
        return SS_EINVAL;
    if (c[0] != 0 || c[1] < 1)
        return fail(d, t->path, 1, SS_EINVAL,
                    "expected the columns that sanctsim sweep writes: "
                    "point first, then the varied keys, then indicator");
    sw->nkeys = (size_t)c[1] - 1;
    /* The indicator: which ones the summary holds, for the message. */
    char known[400] = "";
    const char *names[32];
    size_t rows = 0, nnames = 0;
    for (size_t r = 0; r < t->nrow; r++) {
        const char *name = ss_table_get(t, r, (size_t)c[1]);
        rows += strcmp(name, indicator) == 0;
        int again = 0;
        for (size_t q = 0; q < nnames && !again; q++)
            again = strcmp(names[q], name) == 0;
        if (!again && nnames < sizeof names / sizeof names[0]) {
            size_t len = strlen(known);
            snprintf(known + len, sizeof known - len, "%s%s", len ? ", " : "", name);
            names[nnames++] = name;
        }
    }
    if (rows == 0)
        return fail(d, NULL, 0, SS_EINVAL,
                    "--indicator %s: %s/sweep-summary.csv has no such "
                    "indicator: expected one of %s",
                    indicator, sw->dir, known[0] ? known : "(none: the summary is empty)");
    sw->ind = &sw->other;
    sw->other = (struct indicator){indicator, indicator, indicator, 1};
    for (size_t i = 0; i < NINDICATORS; i++)
        if (strcmp(indicators[i].name, indicator) == 0)
            sw->ind = &indicators[i];
    size_t n = sw->npoints = rows;
    size_t *row = zalloc(n, sizeof *row);
    char *seen = zalloc(n, 1);
    const char **text = zalloc(n, sizeof *text);
    sw->mean = zalloc(n, sizeof *sw->mean);
    sw->q05 = zalloc(n, sizeof *sw->q05);
    sw->q50 = zalloc(n, sizeof *sw->q50);
    sw->q95 = zalloc(n, sizeof *sw->q95);
    sw->key = zalloc(sw->nkeys, sizeof *sw->key);
    int rc = row && seen && text && sw->mean && sw->q05 && sw->q50 && sw->q95 && sw->key
                 ? SS_OK
                 : no_memory(d);
    double scale = sw->ind->scale;
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        if (strcmp(ss_table_get(t, r, (size_t)c[1]), indicator) != 0)
            continue;
        size_t p, nok, nfailed;
        rc = sweep_count(t, r, c[0], n, &p, d);
        if (!rc && seen[p])
            rc = fail(d, t->path, t->line[r], SS_EINVAL,
                      "point %zu appears twice for "
                      "indicator %s",
                      p, indicator);
        rc = rc ? rc : sweep_count(t, r, c[2], SIZE_MAX, &nok, d);
        rc = rc ? rc : sweep_count(t, r, c[3], SIZE_MAX, &nfailed, d);
        rc = rc ? rc : sweep_number(t, r, c[4], scale, &sw->mean[p], d);
        rc = rc ? rc : sweep_number(t, r, c[5], scale, &sw->q05[p], d);
        rc = rc ? rc : sweep_number(t, r, c[6], scale, &sw->q50[p], d);
        rc = rc ? rc : sweep_number(t, r, c[7], scale, &sw->q95[p], d);
        if (rc)
            break;
        seen[p] = 1;
        row[p] = r;
        if (nok + nfailed > sw->replicates)
            sw->replicates = nok + nfailed;
        /* A point has all four numbers or none. */
        if (!isfinite(sw->mean[p]) || !isfinite(sw->q05[p]) || !isfinite(sw->q50[p]) ||
            !isfinite(sw->q95[p]))
            sw->mean[p] = sw->q05[p] = sw->q50[p] = sw->q95[p] = NAN;
    }
    for (size_t k = 0; k < sw->nkeys && !rc; k++) {
        sw->key[k].name = t->header[1 + k];
        for (size_t p = 0; p < n; p++)
            text[p] = ss_table_get(t, row[p], 1 + k);
        rc = key_values(sw, &sw->key[k], text, d);
    }
    rc = rc ? rc : find_grid(sw, d);
    free(row);
    free(seen);
    free(text);
    return rc;
}

static int sweep_open(sweep *sw, const char *dir, const char *indicator, ss_diag *d)
{
    memset(sw, 0, sizeof *sw);
    sw->dir = dir;
    char *ini = ss_path_join(dir, "sweep-scenario.ini"),
         *csv = ss_path_join(dir, "sweep-summary.csv");
    int rc = ini && csv ? SS_OK : no_memory(d);
    if (!rc && !ss_path_exists(csv))
        rc = fail(d, dir, 0, SS_EINVAL,
                  "a sweep folder without sweep-summary.csv: the sweep "
                  "has not finished (run its command again to resume it), or the folder is "
                  "one shard (join the shards with sanctsim merge)");
    if (!rc && !ss_path_exists(ini))
        rc = fail(d, dir, 0, SS_EINVAL,
                  "a sweep folder without sweep-scenario.ini, which "
                  "sanctsim sweep writes: run the sweep again");
    if (!rc && !(sw->s = ss_scenario_load(ini, NULL, 0, d)))
        rc = SS_EINVAL;
    if (!rc && !(sw->t = ss_table_read(csv, d)))
        rc = SS_EINVAL;
    free(ini);
    free(csv);
    return rc ? rc : sweep_read(sw, indicator ? indicator : "final_leakage", d);
}

static void sweep_close(sweep *sw)
{
    for (size_t k = 0; sw->key && k < sw->nkeys; k++) {
        free(sw->key[k].val);
        free(sw->key[k].num);
        free(sw->key[k].at);
    }
    free(sw->key);
    free(sw->mean);
    free(sw->q05);
    free(sw->q50);
    free(sw->q95);
    free(sw->grid);
    ss_table_free(sw->t);
    ss_scenario_free(sw->s);
    memset(sw, 0, sizeof *sw);
}

/* 1 when dir is a sweep folder rather than a run folder: it has no
 * scenario.ini but something that sanctsim sweep writes. */
static int is_sweep_folder(const char *dir)
{
    static const char *const mine[] = {"sweep-summary.csv", "sweep.csv", "sweep.journal",
                                       "sweep-scenario.ini"};
    char *p = ss_path_join(dir, "scenario.ini");
    int is_run = !p || ss_path_exists(p), is_sweep = 0;
    free(p);
    for (size_t i = 0; i < 4 && !is_run && !is_sweep; i++) {
        p = ss_path_join(dir, mine[i]);
        is_sweep = p && ss_path_exists(p);
        free(p);
    }
    return is_sweep;
}

/* 1 when a key's axis places its values by position (text values, or a
 * single value) rather than by number; coord gives value v's place. */
static int by_position(const sweep_key *key)
{
    return !key->numeric || key->nval < 2;
}

static double coord(const sweep_key *key, size_t v)
{
    return by_position(key) ? (double)v : key->num[v];
}

/* A value as a label: its text, or a shorter number when the text is long
 * (sampled values have 12 digits). */
static void value_label(const sweep_key *key, size_t v, char *buf, size_t size)
{
    if (key->numeric && strlen(key->val[v]) > 10)
        snprintf(buf, size, "%.4g", key->num[v]);
    else
        snprintf(buf, size, "%s", key->val[v]);
}

/* Writes the axis labels of a key shown by position (text values, or the
 * cells of a heat map): rows "axis, position, number of the text", at most
 * MAX_TICS of them, evenly spaced. Returns how many. */
static size_t write_tics(strings *tx, FILE *f, int axis, const sweep_key *key)
{
    size_t step = (key->nval + MAX_TICS - 1) / MAX_TICS, count = 0;
    for (size_t v = 0; v < key->nval; v += step) {
        char label[64];
        value_label(key, v, label, sizeof label);
        fprintf(f, "%d\t%zu\t%d\n", axis, v, text_add(tx, "%s", label));
        count++;
    }
    return count;
}

/* "Source: ..., seed 42; 4 points x 5 replicates". */
static void sweep_source(const sweep *sw, char *buf, size_t size)
{
    source_line(sw->s, buf, size);
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "; sweep of %zu point%s \xc3\x97 %zu replicate%s", sw->npoints,
             sw->npoints == 1 ? "" : "s", sw->replicates, sw->replicates == 1 ? "" : "s");
}

/* "model.theta = 3, enforcement.X.penalty = 0.1 and 2 more": the keys
 * from `from` on, at their first value. */
static void fixed_keys(const sweep *sw, size_t from, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t k = from; k < sw->nkeys; k++) {
        size_t len = strlen(buf);
        char label[64];
        value_label(&sw->key[k], 0, label, sizeof label);
        if (k - from == 3) {
            snprintf(buf + len, size - len, " and %zu more", sw->nkeys - k);
            break;
        }
        snprintf(buf + len, size - len, "%s%s = %s", k > from ? ", " : "", sw->key[k].name, label);
    }
}

/* The axis range of the values shown: lowest and highest of lo..hi. */
static void widen(double *lo, double *hi, double a, double b)
{
    if (isfinite(a) && a < *lo)
        *lo = a;
    if (isfinite(b) && b > *hi)
        *hi = b;
}

/* Adds "; " and the formatted text to buf when buf is not empty. */
static void note_add(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note_add(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len && len + 2 < size) {
        memcpy(buf + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    if (len == 0 && buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* ---- sweep chart 1: the indicator against the first key, with its band ------ */

/* A grid: the first key on x; one series per value of the second key (at
 * most MAX_SERIES, evenly chosen); every other key at its first value.
 * data.dat holds one block per series: x, mean, q05, q50, q95. A sampled
 * design: one panel per key (at most MAX_PANELS), every point with a value
 * in each: the keys' coordinates, then mean, q05, q50, q95. */
static int prep_band(job *j, const char *dir)
{
    sweep *sw = j->sw;
    if (sw->nkeys == 0)
        return fail(j->d, sw->dir, 0, SKIP, "the sweep varies no key");
    int grid = sw->grid != NULL;
    const sweep_key *sk = grid && sw->nkeys > 1 ? &sw->key[1] : NULL;
    size_t nsel = sk ? (sk->nval < MAX_SERIES ? sk->nval : MAX_SERIES) : 1, ns = 0;
    size_t np = grid ? 1 : sw->nkeys < MAX_PANELS ? sw->nkeys : MAX_PANELS;
    size_t sel[MAX_SERIES], shown = 0, missing = 0;
    double ylo = INFINITY, yhi = -INFINITY, xlo[MAX_PANELS], xhi[MAX_PANELS];
    for (size_t k = 0; k < MAX_PANELS; k++) {
        xlo[k] = INFINITY;
        xhi[k] = -INFINITY;
    }
    FILE *f = open_data(j, dir, "data.dat");
    if (!f)
        return E_IO;
    if (grid) {
        const sweep_key *xk = &sw->key[0];
        for (size_t q = 0; q < nsel; q++) {
            size_t v = sk && sk->nval > MAX_SERIES
                           ? (q * (sk->nval - 1) + (MAX_SERIES - 1) / 2) / (MAX_SERIES - 1)
                           : q;
            size_t rows = 0;
            for (size_t x = 0; x < xk->nval; x++) {
                size_t p = grid_point(sw, x, v);
                if (!isfinite(sw->q50[p])) {
                    missing++;
                    continue;
                }
                if (rows++ == 0)
                    fputs(ns ? "\n\n" : "", f);
                fprintf(f, "%.12g\t%.10g\t%.10g\t%.10g\t%.10g\n", coord(xk, x), sw->mean[p],
                        sw->q05[p], sw->q50[p], sw->q95[p]);
                widen(&ylo, &yhi, fmin(sw->q05[p], sw->mean[p]), fmax(sw->q95[p], sw->mean[p]));
                widen(&xlo[0], &xhi[0], coord(xk, x), coord(xk, x));
            }
            if (rows) /* a series without any value is left out */
                sel[ns++] = v;
            shown += rows;
        }
    } else {
        for (size_t p = 0; p < sw->npoints; p++) {
            if (!isfinite(sw->q50[p])) {
                missing++;
                continue;
            }
            for (size_t k = 0; k < np; k++) {
                double x = coord(&sw->key[k], sw->key[k].at[p]);
                fprintf(f, "%.12g\t", x);
                widen(&xlo[k], &xhi[k], x, x);
            }
            fprintf(f, "%.10g\t%.10g\t%.10g\t%.10g\n", sw->mean[p], sw->q05[p], sw->q50[p],
                    sw->q95[p]);
            widen(&ylo, &yhi, fmin(sw->q05[p], sw->mean[p]), fmax(sw->q95[p], sw->mean[p]));
            shown++;
        }
        ns = 1;
    }
    int rc = close_data(j, f, dir);
    if (!rc && shown == 0)
        return fail(j->d, sw->dir, 0, SKIP, "no run of the sweep%s gave a value of %s",
                    grid && sw->nkeys > 2 ? " at the points shown" : "", sw->ind->name);
    /* The x axes: numbers, or text values by position. */
    f = rc ? NULL : open_data(j, dir, "axes.dat");
    if (f) {
        for (size_t k = 0; k < np; k++)
            fprintf(f, "%zu\t%.12g\t%.12g\n", by_position(&sw->key[k]) ? sw->key[k].nval : 0,
                    xlo[k], xhi[k]);
        rc = close_data(j, f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    FILE *tf = tx.f ? open_data(j, dir, "tics.dat") : NULL;
    size_t ntics = 0;
    if (tx.f && tf) {
        char src[1024], note[1024] = "", fixed[512];
        sweep_source(sw, src, sizeof src);
        if (grid)
            text_add(&tx,
                     "%s against %s: median and mean over the replicates, with the 5 to 95 "
                     "%% range",
                     sw->ind->title, sw->key[0].name);
        else
            text_add(&tx,
                     "%s against each sampled key: median and mean over the replicates, "
                     "with the 5 to 95 %% range",
                     sw->ind->title);
        text_add(&tx, "%s", src);
        text_add(&tx, "%s", sw->ind->axis);
        if (grid && sw->nkeys > 2) {
            fixed_keys(sw, 2, fixed, sizeof fixed);
            note_add(note, sizeof note, "Other varied keys at their first value: %s", fixed);
        }
        if (sk && sk->nval > MAX_SERIES)
            note_add(note, sizeof note, "%zu of the %zu values of %s shown", ns, sk->nval,
                     sk->name);
        if (!grid)
            note_add(note, sizeof note,
                     "Sampled design: one dot per point, whose other keys "
                     "differ too");
        if (!grid && sw->nkeys > np)
            note_add(note, sizeof note, "the first %zu of %zu keys shown", np, sw->nkeys);
        if (missing)
            note_add(note, sizeof note, "%zu point%s without a successful run left out", missing,
                     missing == 1 ? "" : "s");
        text_add(&tx, "%s", note);
        text_add(&tx, "%s", sk ? sk->name : "");
        for (size_t k = 0; k < np; k++)
            text_add(&tx, "%s", sw->key[k].name);
        for (size_t q = 0; sk && q < ns; q++) {
            char label[64];
            value_label(sk, sel[q], label, sizeof label);
            text_add(&tx, "%s", label);
        }
        for (size_t k = 0; k < np; k++)
            if (by_position(&sw->key[k]))
                ntics += write_tics(&tx, tf, (int)k + 1, &sw->key[k]);
        rc = close_data(j, tf, dir);
        rc = rc ? rc : close_data(j, tx.f, dir);
        rc = rc ? rc
                : write_numbers(j, dir, "%d\t%zu\t%zu\t%zu\t%.10g\t%.10g\n", grid ? 1 : 2,
                                sk ? ns : 0, np, ntics, ylo, yhi);
    } else if (!rc) {
        if (tx.f)
            fclose(tx.f);
        rc = E_IO;
    }
    return rc;
}

/* ---- sweep chart 2: heat map of the mean over the first two keys ------------ */

/* A grid: one cell per pair of values of the first two keys (every other
 * key at its first value), by position; data.dat rows: x, y, mean. A
 * sampled design: one dot per point at its two keys' values (or positions,
 * for text). */
static int prep_sweep_heat(job *j, const char *dir)
{
    sweep *sw = j->sw;
    if (sw->nkeys < 2)
        return fail(j->d, sw->dir, 0, SKIP,
                    "the sweep varies %s%s%s, and a heat map needs two "
                    "varied keys",
                    sw->nkeys ? "one key (" : "no key", sw->nkeys ? sw->key[0].name : "",
                    sw->nkeys ? ")" : "");
    int grid = sw->grid != NULL;
    const sweep_key *xk = &sw->key[0], *yk = &sw->key[1];
    double lo = INFINITY, hi = -INFINITY;
    double axlo[2] = {INFINITY, INFINITY}, axhi[2] = {-INFINITY, -INFINITY};
    size_t shown = 0, missing = 0;
    FILE *f = open_data(j, dir, "data.dat");
    if (!f)
        return E_IO;
    size_t count = grid ? xk->nval * yk->nval : sw->npoints;
    for (size_t i = 0; i < count; i++) {
        size_t p = grid ? grid_point(sw, i % xk->nval, i / xk->nval) : i;
        double x = grid ? (double)(i % xk->nval) : coord(xk, xk->at[p]),
               y = grid ? (double)(i / xk->nval) : coord(yk, yk->at[p]);
        if (!isfinite(sw->mean[p])) {
            missing++;
            continue;
        }
        fprintf(f, "%.12g\t%.12g\t%.10g\n", x, y, sw->mean[p]);
        widen(&lo, &hi, sw->mean[p], sw->mean[p]);
        widen(&axlo[0], &axhi[0], x, x);
        widen(&axlo[1], &axhi[1], y, y);
        shown++;
    }
    int rc = close_data(j, f, dir);
    if (!rc && shown == 0)
        return fail(j->d, sw->dir, 0, SKIP, "no run of the sweep%s gave a value of %s",
                    grid && sw->nkeys > 2 ? " at the points shown" : "", sw->ind->name);
    int label = grid ? xk->nval <= MAX_LABELLED && yk->nval <= MAX_LABELLED : shown <= 30;
    /* Decimals for the cell labels: about three significant digits of the
     * spread of the values. */
    double spread = hi - lo > 0 ? hi - lo : fabs(hi) > 0 ? fabs(hi) : 1;
    int dec = 2 - (int)floor(log10(spread));
    dec = dec < 0 ? 0 : dec > 4 ? 4 : dec;
    f = rc ? NULL : open_data(j, dir, "axes.dat");
    if (f) {
        for (int a = 0; a < 2; a++) {
            const sweep_key *k = a ? yk : xk;
            fprintf(f, "%zu\t%.12g\t%.12g\n", grid || by_position(k) ? k->nval : 0, axlo[a],
                    axhi[a]);
        }
        rc = close_data(j, f, dir);
    } else if (!rc) {
        rc = E_IO;
    }
    strings tx = {rc ? NULL : open_data(j, dir, "text.dat"), 0};
    FILE *tf = tx.f ? open_data(j, dir, "tics.dat") : NULL;
    size_t ntics = 0;
    if (tx.f && tf) {
        char src[1024], note[1024] = "", fixed[512];
        sweep_source(sw, src, sizeof src);
        text_add(&tx, "%s by %s and %s: mean over the replicates", sw->ind->title, xk->name,
                 yk->name);
        text_add(&tx, "%s", src);
        text_add(&tx, "%s", xk->name);
        text_add(&tx, "%s", yk->name);
        text_add(&tx, "Mean: %s", sw->ind->axis);
        if (grid && sw->nkeys > 2) {
            fixed_keys(sw, 2, fixed, sizeof fixed);
            note_add(note, sizeof note, "Other varied keys at their first value: %s", fixed);
        }
        if (!grid)
            note_add(note, sizeof note, "Sampled design: one dot per point%s",
                     sw->nkeys > 2 ? ", whose other keys differ too" : "");
        if (missing)
            note_add(note, sizeof note, "%s%zu point%s without a successful run",
                     grid ? "grey cells: " : "", missing, missing == 1 ? "" : "s");
        text_add(&tx, "%s", note);
        for (int a = 0; a < 2; a++) {
            const sweep_key *k = a ? yk : xk;
            if (grid || by_position(k))
                ntics += write_tics(&tx, tf, a + 1, k);
        }
        rc = close_data(j, tf, dir);
        rc = rc ? rc : close_data(j, tx.f, dir);
        rc = rc ? rc
                : write_numbers(j, dir, "%d\t%d\t%d\t%zu\t%.10g\t%.10g\n", grid ? 1 : 2, label, dec,
                                ntics, lo, hi);
    } else if (!rc) {
        if (tx.f)
            fclose(tx.f);
        rc = E_IO;
    }
    return rc;
}

/* ---- gnuplot ---------------------------------------------------------------- */

static const struct chart {
    const char *name;
    int (*prep)(job *, const char *);
} charts[] = {
    {"sanctioned-trade", prep_trade}, {"leakage", prep_leakage},
    {"intermediaries", prep_inter},   {"recorded-exports", prep_recorded},
    {"import-prices", prep_prices},   {"flow-change", prep_heat},
};
enum { NCHARTS = sizeof charts / sizeof charts[0] };

static const char gnuplot_missing[] =
    "sanctsim: gnuplot is not installed (or not on PATH); sanctsim draws its charts with it. "
    "Install it with: sudo apt-get install gnuplot-nox\n";

/* 1 when an executable gnuplot is on PATH. */
static int have_gnuplot(void)
{
    const char *path = getenv("PATH");
    char *copy = strdup(path && path[0] ? path : "/usr/bin:/bin");
    int found = 0;
    for (char *save = NULL, *dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char *p = ss_path_join(dir[0] ? dir : ".", "gnuplot");
        found = p && access(p, X_OK) == 0;
        free(p);
    }
    free(copy);
    return found;
}

/* Finds the folder of the chart scripts: $SANCTSIM_PLOTS, then plots/ next
 * to the program (the source tree), then ../share/sanctsim/plots from the
 * program (an installed copy), then SS_PLOTS_DIR. */
static int find_plots(char *out, ss_diag *d)
{
    char exe[PATH_MAX], cand[4][PATH_MAX + 64];
    size_t nc = 0;
    const char *env = getenv("SANCTSIM_PLOTS");
    if (env && env[0]) {
        char *p = ss_path_join(env, "style.gp");
        int ok = p && ss_path_exists(p);
        free(p);
        if (!ok || !realpath(env, out))
            return fail(d, env, 0, E_IO,
                        "SANCTSIM_PLOTS names this folder, which has no chart "
                        "scripts (style.gp): point it at sanctsim's plots folder, or unset it");
        return SS_OK;
    }
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(cand[nc++], sizeof cand[0], "%s/plots", exe);
        snprintf(cand[nc++], sizeof cand[0], "%s/../share/sanctsim/plots", exe);
    }
    snprintf(cand[nc++], sizeof cand[0], "%s", SS_PLOTS_DIR);
    for (size_t i = 0; i < nc; i++) {
        char *p = ss_path_join(cand[i], "style.gp");
        int ok = p && ss_path_exists(p);
        free(p);
        if (ok && realpath(cand[i], out))
            return SS_OK;
    }
    return fail(d, NULL, 0, E_IO,
                "cannot find the chart scripts (plots/*.gp): looked in "
                "plots/ and ../share/sanctsim/plots beside the program and in %s; set "
                "SANCTSIM_PLOTS to the folder that holds them",
                SS_PLOTS_DIR);
}

/* Prints what gnuplot wrote on stderr, at most 20 lines. */
static void show_gnuplot_errors(const char *errfile, const char *script)
{
    FILE *f = fopen(errfile, "r");
    char line[1024];
    for (int k = 0; f && k < 20 && fgets(line, sizeof line, f); k++) {
        line[strcspn(line, "\n")] = '\0';
        fprintf(stderr, "sanctsim: gnuplot, %s.gp: %s\n", script, line);
    }
    if (f)
        fclose(f);
}

/* Runs `gnuplot -e "fmt = 'FMT'" PLOTS/SCRIPT.gp` in the work folder.
 * Fails (returning 1) when gnuplot cannot start, fails, or writes anything
 * on stderr: a warning there means a chart that is not as designed. */
static int run_gnuplot(const char *plots, const char *work, const char *script, const char *fmt)
{
    char path[PATH_MAX + 64], setfmt[64], errfile[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s.gp", plots, script);
    snprintf(setfmt, sizeof setfmt, "fmt = '%s'", fmt); /* png, svg or pdf: checked */
    snprintf(errfile, sizeof errfile, "%s/gnuplot.err", work);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "sanctsim: cannot start gnuplot: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY), out = open("/dev/null", O_WRONLY),
            err = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
            dup2(err, 2) < 0 || chdir(work) != 0)
            _exit(126);
        /* The scripts load each other from the plots folder; HOME points
         * at the work folder so that no personal ~/.gnuplot changes them. */
        setenv("GNUPLOT_LIB", plots, 1);
        setenv("HOME", work, 1);
        char *const argv[] = {"gnuplot", "-e", setfmt, path, NULL};
        execvp("gnuplot", argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "sanctsim: lost gnuplot: %s\n", strerror(errno));
            return 1;
        }
        if (ss_signal_caught())
            kill(pid, SIGTERM); /* stopped: gnuplot goes too, then the work folder */
    }
    if (ss_signal_caught())
        return 1;
    struct stat st;
    int said = stat(errfile, &st) == 0 && st.st_size > 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fputs(gnuplot_missing, stderr);
        return 1;
    }
    if (said)
        show_gnuplot_errors(errfile, script);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "sanctsim: gnuplot failed on %s/%s.gp (%s %d)\n", plots, script,
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return 1;
    }
    if (said) {
        fprintf(stderr,
                "sanctsim: gnuplot complained about %s/%s.gp (above), so its chart was "
                "not kept\n",
                plots, script);
        return 1;
    }
    return 0;
}

/* Moves work/FROM to TO, or reports why not. */
static int keep(const char *work, const char *from, const char *to)
{
    char *src = ss_path_join(work, from);
    int ok = src && rename(src, to) == 0;
    if (!ok)
        fprintf(stderr, "sanctsim: %s: cannot write: %s\n", to, strerror(errno));
    else
        printf("%s\n", to);
    free(src);
    return ok ? 0 : 1;
}

/* Prepares a chart's data in work/NAME. */
static int prepare(job *j, const char *work, const struct chart *ch)
{
    char *dir = ss_path_join(work, ch->name);
    if (!dir)
        return no_memory(j->d);
    int rc = mkdir(dir, 0700) == 0 ? ch->prep(j, dir)
                                   : fail(j->d, dir, 0, E_IO, "cannot create: %s", strerror(errno));
    free(dir);
    return rc;
}

/* The exit status for a preparing function's result. */
static int exit_status(int rc)
{
    return rc == SS_EINVAL ? 2 : 1;
}

/* ---- the commands ----------------------------------------------------------- */

typedef struct plot_args {
    const char *dir, *format, *only, *compare, *month, *indicator;
} plot_args;

static const struct chart sweep_charts[] = {
    {"sweep-band", prep_band},
    {"sweep-heatmap", prep_sweep_heat},
};
enum { NSWEEPCHARTS = sizeof sweep_charts / sizeof sweep_charts[0] };

/* The chart of this name in list, or NULL. */
static const struct chart *chart_named(const struct chart *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i].name) == 0)
            return &list[i];
    return NULL;
}

static int parse_args(int argc, char **argv, plot_args *a, int is_plot)
{
    const char *cmd = is_plot ? "plot" : "brief";
    memset(a, 0, sizeof *a);
    a->format = "png";
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        const char **slot = NULL;
        if (is_plot && strcmp(arg, "--format") == 0)
            slot = &a->format;
        else if (is_plot && strcmp(arg, "--only") == 0)
            slot = &a->only;
        else if (is_plot && strcmp(arg, "--compare") == 0)
            slot = &a->compare;
        else if (is_plot && strcmp(arg, "--month") == 0)
            slot = &a->month;
        else if (is_plot && strcmp(arg, "--indicator") == 0)
            slot = &a->indicator;
        if (slot && !has_value)
            return ss_usage("option '%s' needs a value", arg);
        if (slot)
            *slot = argv[++i];
        else if (arg[0] == '-' && arg[1] != '\0')
            return ss_usage("unknown option '%s' for %s", arg, cmd);
        else if (!a->dir)
            a->dir = arg;
        else
            return ss_usage("one run folder at a time: '%s' is extra", arg);
    }
    if (!a->dir)
        return ss_usage("name a run folder, e.g. sanctsim %s runs/illustrative", cmd);
    if (strcmp(a->format, "png") != 0 && strcmp(a->format, "svg") != 0 &&
        strcmp(a->format, "pdf") != 0)
        return ss_usage("--format %s is not known: expected png, svg or pdf", a->format);
    if (a->only && !chart_named(charts, NCHARTS, a->only) &&
        !chart_named(sweep_charts, NSWEEPCHARTS, a->only))
        return ss_usage("--only %s: no such chart; the charts are sanctioned-trade, leakage, "
                        "intermediaries, recorded-exports, import-prices and flow-change for a "
                        "run folder, sweep-band and sweep-heatmap for a sweep folder",
                        a->only);
    return 0;
}

/* What every command needs once its folder is read: gnuplot, the scripts'
 * folder and a work folder inside dir (so that finished files are renamed,
 * never copied, into place). Returns an exit status, 0 when ready. */
static int workspace(const char *dir, job *j, char *plots, char **work)
{
    *work = NULL;
    if (!have_gnuplot()) {
        fputs(gnuplot_missing, stderr);
        return 1;
    }
    int rc = find_plots(plots, j->d);
    if (rc) {
        ss_report(j->d);
        return exit_status(rc);
    }
    *work = ss_path_join(dir, ".plot-work-XXXXXX");
    if (!*work || !mkdtemp(*work)) {
        fprintf(stderr, "sanctsim: %s: cannot write in the folder: %s\n", dir, strerror(errno));
        free(*work);
        *work = NULL;
        return 1;
    }
    return 0;
}

/* Removes the work folder, unless SANCTSIM_PLOT_KEEP is set (a test hook:
 * the tests read the data prepared for the charts). */
static void remove_work(char *work)
{
    const char *keep_it = getenv("SANCTSIM_PLOT_KEEP");
    if (work && !(keep_it && keep_it[0]))
        ss_remove_tree(work);
    free(work);
}

/* Everything both commands set up for a run folder: the run(s), then the
 * workspace. Returns an exit status, 0 when ready. */
static int setup(const plot_args *a, job *j, run *r, run *cmp, char *plots, char **work)
{
    memset(j, 0, sizeof *j);
    memset(r, 0, sizeof *r);
    j->r = r;
    j->d = calloc(1, sizeof *j->d);
    *work = NULL;
    if (!j->d)
        return 1;
    int rc = run_open(r, a->dir, j->d);
    if (!rc && a->compare) {
        rc = run_open(cmp, a->compare, j->d);
        j->cmp = cmp;
    }
    if (rc) {
        ss_report(j->d);
        return exit_status(rc);
    }
    j->month = r->s->months - 1;
    if (a->month &&
        (parse_month(r->s, a->month, &j->month) != 0 || j->month < 0 || j->month >= r->s->months)) {
        char first[32], last[32];
        ss_scenario_month(r->s, 0, first, sizeof first);
        ss_scenario_month(r->s, r->s->months - 1, last, sizeof last);
        return ss_usage("--month %s is not a month of the run: expected YYYY-MM from %s to %s",
                        a->month, first, last);
    }
    rc = scope_init(j);
    if (rc) {
        ss_report(j->d);
        return exit_status(rc);
    }
    return workspace(a->dir, j, plots, work);
}

static void teardown(job *j, run *r, run *cmp, char *work)
{
    remove_work(work);
    scope_free(j);
    free(j->d);
    run_close(r);
    if (j->cmp)
        run_close(cmp);
}

/* Draws the charts of list (or the one --only names) into DIR/plots. Bad
 * data stops everything; a chart that gnuplot fails on does not stop the
 * others, but the exit status says so. Returns the exit status. */
static int draw_charts(job *j, const plot_args *a, const struct chart *list, size_t n,
                       const char *plots, const char *work)
{
    char *outdir = ss_path_join(a->dir, "plots");
    if (!outdir || (mkdir(outdir, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "sanctsim: %s: cannot create: %s\n", outdir ? outdir : a->dir,
                strerror(errno));
        free(outdir);
        return 1;
    }
    int status = 0, failed = 0;
    for (size_t i = 0; i < n && !status && !ss_signal_caught(); i++) {
        const struct chart *ch = &list[i];
        if (a->only && strcmp(a->only, ch->name) != 0)
            continue;
        ss_diag_clear(j->d);
        int rc = prepare(j, work, ch);
        if (rc == SKIP) {
            /* A chart with nothing to show is left out, and said so. */
            fprintf(stderr, "sanctsim: %s: no %s chart: %s\n", a->dir, ch->name, j->d->msg);
            status = a->only ? 2 : 0;
            continue;
        }
        if (rc) {
            ss_report(j->d);
            status = exit_status(rc);
            break;
        }
        char chart[64], final[PATH_MAX + 128];
        snprintf(chart, sizeof chart, "chart.%s", a->format);
        snprintf(final, sizeof final, "%s/%s.%s", outdir, ch->name, a->format);
        if (run_gnuplot(plots, work, ch->name, a->format) || keep(work, chart, final))
            failed = 1;
    }
    free(outdir);
    return !status && failed ? 1 : status;
}

/* `sanctsim plot SWEEP_DIR`: the sweep charts. */
static int plot_sweep(const plot_args *a)
{
    if (a->compare || a->month)
        return ss_usage("%s is for run folders, and %s is a sweep folder",
                        a->compare ? "--compare" : "--month", a->dir);
    if (a->only && !chart_named(sweep_charts, NSWEEPCHARTS, a->only))
        return ss_usage("--only %s: %s is a sweep folder, whose charts are sweep-band and "
                        "sweep-heatmap",
                        a->only, a->dir);
    job j;
    sweep sw;
    ss_diag d;
    memset(&j, 0, sizeof j);
    ss_diag_clear(&d);
    j.d = &d;
    j.sw = &sw;
    int rc = sweep_open(&sw, a->dir, a->indicator, &d), status = 0;
    char plots[PATH_MAX], *work = NULL;
    if (rc) {
        ss_report(&d);
        status = exit_status(rc);
    }
    status = status ? status : workspace(a->dir, &j, plots, &work);
    status = status ? status : draw_charts(&j, a, sweep_charts, NSWEEPCHARTS, plots, work);
    remove_work(work);
    sweep_close(&sw);
    return status;
}

int ss_cmd_plot(int argc, char **argv)
{
    plot_args a;
    int status = parse_args(argc, argv, &a, 1);
    if (status)
        return status;
    /* A signal stops the drawing and removes the work folder. */
    if (is_sweep_folder(a.dir)) {
        ss_signals_catch();
        return ss_signals_finish(plot_sweep(&a));
    }
    struct stat st;
    int is_dir = stat(a.dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (a.indicator && is_dir)
        return ss_usage("--indicator is for sweep folders, and %s is not one (it has no "
                        "sweep-summary.csv)",
                        a.dir);
    if (a.only && !chart_named(charts, NCHARTS, a.only) && is_dir)
        return ss_usage("--only %s: a chart of a sweep folder, and %s is not one (it has no "
                        "sweep-summary.csv)",
                        a.only, a.dir);
    ss_signals_catch();
    job j;
    run r, cmp;
    char plots[PATH_MAX], *work;
    memset(&cmp, 0, sizeof cmp);
    status = setup(&a, &j, &r, &cmp, plots, &work);
    status = status ? status : draw_charts(&j, &a, charts, NCHARTS, plots, work);
    teardown(&j, &r, &cmp, work);
    return ss_signals_finish(status);
}

int ss_cmd_brief(int argc, char **argv)
{
    plot_args a;
    int status = parse_args(argc, argv, &a, 0);
    if (status)
        return status;
    ss_signals_catch();
    job j;
    run r, cmp;
    char plots[PATH_MAX], *work;
    memset(&cmp, 0, sizeof cmp);
    status = setup(&a, &j, &r, &cmp, plots, &work);
    /* The brief shows charts 1 to 3 and the key numbers. */
    static const struct chart brief = {"brief", prep_brief};
    const struct chart *parts[] = {&charts[0], &charts[1], &charts[2], &brief};
    for (size_t i = 0; i < 4 && !status; i++) {
        ss_diag_clear(j.d);
        int rc = prepare(&j, work, parts[i]);
        if (rc == SKIP) {
            fprintf(stderr,
                    "sanctsim: %s: no brief: %s, and a brief needs an export sanction "
                    "and intermediaries\n",
                    a.dir, j.d->msg);
            status = 2;
        } else if (rc) {
            ss_report(j.d);
            status = exit_status(rc);
        }
    }
    static const char *const formats[] = {"pdf", "png"};
    for (size_t i = 0; i < 2 && !status; i++) {
        char from[32], final[PATH_MAX + 32];
        snprintf(from, sizeof from, "brief.%s", formats[i]);
        snprintf(final, sizeof final, "%s/brief.%s", a.dir, formats[i]);
        status = run_gnuplot(plots, work, "brief", formats[i]);
        status = status ? status : keep(work, from, final);
    }
    teardown(&j, &r, &cmp, work);
    return ss_signals_finish(status);
}
