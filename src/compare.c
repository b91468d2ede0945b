/* `sanctsim compare RUN_DIR...`: the runs side by side. This file owns
 * the command line, the checks that the runs can be compared (finished
 * run folders of one world and the same months), the comparison folder
 * (written in a hidden temporary folder beside --out and renamed into
 * place when complete; an existing one is replaced only with --force and
 * only when it is a comparison folder) and compare.csv. The charts and the
 * brief's numbers are prepared in charts_compare.c and drawn by
 * plots/compare-*.gp. */
#include "chart.h"
#include "commands.h"
#include "files.h"
#include "gnuplot.h"
#include "options.h"
#include "plot.h"
#include "report.h"
#include "rundata.h"
#include "signals.h"
#include "table.h"
#include "textbuf.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The header of compare.csv: also what marks a comparison folder. */
static const char header[] = "run,label,indicator,scope,period,unit,value,change_from_first\n";

/* The most runs one comparison shows (each chart tells them apart by dash
 * pattern, of which style.gp has eight). */
enum { MAX_RUNS = 8 };

typedef struct cmp_args {
    const char **dir;
    size_t ndir;
    const char *format, *out, *labels;
    int force;
} cmp_args;

/* ---- the command line ------------------------------------------------------- */

static int parse_args(int argc, char **argv, cmp_args *a)
{
    memset(a, 0, sizeof *a);
    a->format = "png";
    if (!(a->dir = calloc((size_t)argc + 1, sizeof *a->dir)))
        return ss_usage("out of memory");
    static const char *const once[] = {"--format", "--out", "--labels", NULL};
    ss_warn_repeated(argc, argv, once);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--format") == 0   ? &a->format
                            : strcmp(arg, "--out") == 0    ? &a->out
                            : strcmp(arg, "--labels") == 0 ? &a->labels
                                                           : NULL;
        if (slot && i + 1 >= argc)
            return ss_usage("option '%s' needs a value", arg);
        if (slot == &a->out) {
            if (ss_out_arg(argv[++i], &a->out))
                return 2;
        } else if (slot)
            *slot = argv[++i];
        else if (strcmp(arg, "--force") == 0)
            a->force = 1;
        else if (arg[0] == '-' && arg[1] != '\0')
            return ss_unknown_option(arg, "compare");
        else
            a->dir[a->ndir++] = arg;
    }
    if (a->ndir > MAX_RUNS)
        return ss_usage("%zu run folders: a comparison shows at most %d", a->ndir, MAX_RUNS);
    if (a->ndir < 2)
        return ss_usage("name two run folders or more, the first the reference, e.g. sanctsim "
                        "compare runs/default runs/kazakhstan-stops");
    if (ss_chart_format_arg(a->format))
        return 2;
    return 0;
}

/* The last part of a folder's path, without trailing slashes; for "."
 * or "x/.." the folder's own name (a hunt's page said "Comparison: . and
 * full"). */
static void base_name(const char *dir, char *buf, size_t size)
{
    char real[PATH_MAX];
    for (int pass = 0; pass < 2; pass++) {
        size_t len = strlen(dir);
        while (len > 1 && dir[len - 1] == '/')
            len--;
        size_t start = len;
        while (start > 0 && dir[start - 1] != '/')
            start--;
        snprintf(buf, size, "%.*s", (int)(len - start), dir + start);
        if (pass || (strcmp(buf, ".") != 0 && strcmp(buf, "..") != 0) || !realpath(dir, real))
            return;
        dir = real;
    }
}

/* gnuplot gives up on a key of labels wider than about 85 characters (a
 * folder's name of 90 made compare fail: a reliability hunt). */
enum { LABEL_COLUMNS = 80 };

/* How many characters of UTF-8 text fit in LABEL_COLUMNS, a wide one of
 * Chinese, Japanese or Korean taking two (gnuplot counts it as one when
 * it fits a key); all of them when the text fits. */
static size_t label_chars(const char *text)
{
    size_t chars = 0, columns = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; chars++) {
        const unsigned len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        unsigned long c = len == 1 ? *p : *p & (0x7Fu >> len);
        for (unsigned b = 1; b < len && (p[b] & 0xC0) == 0x80; b++)
            c = c << 6 | (p[b] & 0x3Fu);
        const int wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
        if ((columns += wide ? 2u : 1u) > LABEL_COLUMNS)
            return chars;
        for (p++; (*p & 0xC0) == 0x80; p++)
            ;
    }
    return chars;
}

/* The labels: --labels split at commas (a comma after a backslash is part
 * of its label; spaces around a label dropped, as in "Base, High sigma"),
 * or each folder's name; one per run, none empty, no two alike. */
static int make_labels(const cmp_args *a, char **label, char *buf, size_t size)
{
    size_t n = 0;
    if (a->labels) {
        if (strlen(a->labels) >= size)
            return ss_usage("--labels: longer than %zu bytes", size - 1);
        snprintf(buf, size, "%s", a->labels);
        char *to = buf;
        label[n++] = to;
        for (const char *p = buf; *p; p++) {
            if (p[0] == '\\' && p[1] == ',')
                *to++ = *++p;
            else if (*p == ',') {
                *to++ = '\0';
                label[n < a->ndir ? n : a->ndir] = to;
                n++;
            } else
                *to++ = *p;
        }
        *to = '\0';
        /* A label's words after an unquoted space arrive as run folders. */
        const char *stray = NULL;
        struct stat st;
        for (size_t r = 0; n != a->ndir && !stray && r < a->ndir; r++)
            if (stat(a->dir[r], &st) != 0)
                stray = a->dir[r];
        if (n != a->ndir)
            return ss_usage("--labels gives %zu label%s for %zu runs: give one per run folder, "
                            "separated by commas (\\, for a comma inside one)%s%s%s",
                            n, n == 1 ? "" : "s", a->ndir, stray ? "; the run folder '" : "",
                            stray ? stray : "",
                            stray ? "' does not exist (if it is part of a label, the label "
                                    "needs quotes: --labels 'Base case,High sigma')"
                                  : "");
    } else {
        for (size_t r = 0; r < a->ndir; r++, n++) {
            label[r] = buf + r * 256;
            base_name(a->dir[r], label[r], 256);
        }
    }
    for (size_t r = 0; a->labels && r < n; r++) {
        label[r] += strspn(label[r], " \t");
        for (size_t len = strlen(label[r]); len && strchr(" \t", label[r][len - 1]); len--)
            label[r][len - 1] = '\0';
    }
    for (size_t r = 0; r < n; r++) {
        char cut[256];
        const size_t fit = label_chars(label[r]);
        if (ss_chart_cut(label[r], fit, cut, sizeof cut) == label[r])
            continue;
        if (a->labels)
            return ss_usage("--labels: label %zu is longer than %d characters (a wide one of "
                            "Chinese, Japanese or Korean counts two), which a chart's key "
                            "cannot hold: give a shorter one",
                            r + 1, (int)LABEL_COLUMNS);
        /* A name of long characters cut shorter still, so that its
         * ellipsis fits the label's 256 bytes whole. */
        for (size_t chars = fit; strlen(cut) >= 255 && chars > 2; chars--)
            ss_chart_cut(label[r], chars - 1, cut, sizeof cut);
        memcpy(label[r], cut, strlen(cut) + 1);
    }
    for (size_t r = 0; r < n; r++) {
        if (!label[r][0])
            return ss_usage("--labels: label %zu is empty", r + 1);
        for (size_t q = 0; q < r; q++) {
            /* One folder twice, by any name: a mistake, unless labels
             * say it is meant. */
            if (!a->labels && ss_same_file(a->dir[q], a->dir[r]))
                return ss_usage("%s and %s are the same run folder: name two runs, or give "
                                "--labels to set a run beside itself",
                                a->dir[q], a->dir[r]);
            if (strcmp(label[q], label[r]) == 0)
                return ss_usage("two runs have the label '%s': give each its own with "
                                "--labels A,B,...",
                                label[r]);
        }
    }
    return 0;
}

/* ---- the runs --------------------------------------------------------------- */

/* The tables a comparison reads, each NAME.csv or NAME.csv.gz: read now, so
 * that a run that did not write one is refused before anything is drawn
 * (ss_runfolder_table says why, and the run's [output] when it left it out). */
static int finished(ss_runfolder *r, ss_diag *d)
{
    static const int tables[] = {SS_RUN_HEADLINE, SS_RUN_COUNTRIES, SS_RUN_INTERMEDIARIES,
                                 SS_RUN_RECORDED};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        long pos;
        if (ss_runfolder_table(r, tables[i], "month", &pos, d))
            continue;
        if (r->unwritten) {
            const size_t len = strlen(d->msg);
            snprintf(d->msg + len, sizeof d->msg - len,
                     ": compare reads it; run the scenario again with it");
        }
        return SS_EINVAL;
    }
    return SS_OK;
}

/* The run whose sanctions name the targets, sectors and coalition that
 * every run's numbers are read for: the first with a sanction of its own
 * (a run without sanctions, such as a twin, has none to name). */
static size_t reference_run(const ss_plot_job *j)
{
    for (size_t r = 0; r < j->nruns; r++) {
        const ss_config *c = j->runs[r].s->config;
        for (size_t i = 0; i < c->n_measures; i++)
            if (!c->measure[i].answers)
                return r;
    }
    return 0;
}

/* Opens every run, checks them, and reads their headline numbers into
 * j (runs, head, scope of the reference run). Returns an exit status, 0
 * when ready. */
static int open_runs(const cmp_args *a, ss_plot_job *j, ss_diag *d)
{
    j->runs = ss_plot_zalloc(a->ndir, sizeof *j->runs);
    j->head = ss_plot_zalloc(a->ndir, sizeof *j->head);
    int rc = j->runs && j->head ? SS_OK : ss_plot_no_memory(d);
    for (size_t r = 0; r < a->ndir && !rc; r++) {
        rc = ss_runfolder_open(&j->runs[r], a->dir[r], 0, d);
        j->nruns = r + 1;
        if (!rc && !(rc = finished(&j->runs[r], d)) && r > 0)
            rc = ss_runfolder_comparable(&j->runs[0], &j->runs[r], d);
    }
    if (!rc) {
        j->r = &j->runs[reference_run(j)];
        j->month = j->r->s->months - 1;
        rc = ss_scope_init(&j->scope, j->r->s, d);
    }
    for (size_t r = 0; r < j->nruns && !rc; r++)
        rc = ss_headline_read(&j->runs[r], &j->scope, &j->head[r], d);
    if (rc)
        ss_report(d);
    return rc ? ss_plot_exit_status(rc) : 0;
}

/* Leakage is a share: a note for each run whose leakage is a share of
 * other trade than the reference run's (ss_compare_other_trade). */
static void note_other_trade(const ss_plot_job *j)
{
    const size_t ref = (size_t)(j->r - j->runs);
    for (size_t r = 0; r < j->nruns; r++)
        if (r != ref && ss_compare_other_trade(&j->head[ref], &j->head[r]))
            ss_errorf("note: the leakage of %s and of %s is a share of different trade: the "
                      "sanctions in force in the last month cover, at the baseline, USD %.1f "
                      "million a month of %s in %s and USD %.1f million of %s in %s; compare "
                      "the rerouted trade too",
                      j->labels[ref], j->labels[r], j->head[ref].last.baseline,
                      j->head[ref].imports ? "imports" : "exports", j->labels[ref],
                      j->head[r].last.baseline, j->head[r].imports ? "imports" : "exports",
                      j->labels[r]);
}

static void close_runs(ss_plot_job *j)
{
    for (size_t r = 0; r < j->nruns; r++) {
        if (j->head)
            ss_headline_free(&j->head[r]);
        ss_runfolder_close(&j->runs[r]);
    }
    free(j->head);
    free(j->runs);
    ss_scope_free(&j->scope);
}

/* ---- compare.csv ------------------------------------------------------------ */

/* One indicator's rows: v[r] for each run, with its change from run 0;
 * its scope (NULL: each run's headline direction), its period (own: each
 * run's, else period) and unit. */
static void rows(ss_text *b, const ss_plot_job *j, const char *indicator, const char *scope,
                 const char *period, char (*own)[80], const char *unit, const double *v)
{
    for (size_t r = 0; r < j->nruns; r++) {
        /* NULL: the run's headline direction, as its headline.csv says. */
        const char *sc = scope ? scope : j->head[r].imports ? "imports" : "exports";
        ss_text_field(b, j->runs[r].dir);
        ss_text_puts(b, ",");
        ss_text_field(b, j->labels[r]);
        ss_text_printf(b, ",%s,%s,%s,%s,", indicator, sc, own ? own[r] : period, unit);
        ss_text_number(b, v[r]);
        ss_text_puts(b, ",");
        ss_text_number(b, v[r] - v[0]);
        ss_text_puts(b, "\n");
    }
}

enum { TRANSIT, COMMISSION, RECORDED };

/* The per-country rows of one of a headline's arrays (which), for the
 * countries that any run has in intermediaries.csv. */
static void country_rows(ss_text *b, const ss_plot_job *j, const char *indicator,
                         const char *period, const char *unit, int which, double scale)
{
    const ss_world *w = j->r->s->world;
    double v[MAX_RUNS];
    for (size_t i = 0; i < w->n; i++) {
        int any = 0;
        for (size_t r = 0; r < j->nruns; r++) {
            const ss_headline *h = &j->head[r];
            const double *arr = which == TRANSIT      ? h->transit
                                : which == COMMISSION ? h->commission
                                                      : h->recorded_change;
            any |= h->seen[i];
            v[r] = arr[i] * scale;
        }
        if (any)
            rows(b, j, indicator, w->iso3[i], period, NULL, unit, v);
    }
}

/* "FIRST/LAST" (a range, as --targets writes one): the months from..to. */
static void month_range(const ss_scenario *s, long from, long to, char *buf, size_t size)
{
    char first[32], last[32];
    ss_scenario_month(s, from, first, sizeof first);
    ss_scenario_month(s, to, last, sizeof last);
    snprintf(buf, size, "%s/%s", first, last);
}

static int write_table(const ss_plot_job *j, const char *dir, ss_diag *d)
{
    const ss_scenario *s = j->r->s;
    char last[32], run[80], own[MAX_RUNS][80];
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    month_range(s, 0, s->months - 1, run, sizeof run);
    /* The mean leakage's months: each run's own (ss_headline's). */
    for (size_t r = 0; r < j->nruns; r++) {
        const ss_headline *h = &j->head[r];
        own[r][0] = '\0'; /* none: the value is empty too */
        if (h->mean_from >= 0)
            month_range(j->runs[r].s, h->mean_from, h->mean_to, own[r], sizeof own[r]);
    }
    ss_text b = {0};
    ss_text_puts(&b, header);
    double v[MAX_RUNS];
    const struct {
        const char *name, *scope, *period, *unit;
    } total[] = {{"leakage", NULL, last, "share"},
                 {"mean_leakage", NULL, NULL, "share"},
                 {"rerouted", NULL, last, "USD bn a month"},
                 {"direct", NULL, last, "USD bn a month"},
                 {"baseline", NULL, last, "USD bn a month"},
                 {"import_price_change", "targets", last, "% against the baseline"},
                 {"export_price_change", "targets", last, "% against the baseline"},
                 {"transit", "all", run, "USD bn"},
                 {"commission", "all", run, "USD bn"},
                 {"commission", "targets", run, "USD bn"}};
    for (size_t q = 0; q < sizeof total / sizeof total[0]; q++) {
        for (size_t r = 0; r < j->nruns; r++) {
            const ss_headline *h = &j->head[r];
            /* No sanction in force (a twin): a leakage of nothing, left empty. */
            const double x[] = {h->last_leakage,
                                h->mean_leakage,
                                h->last.rerouted / 1000,
                                h->last.direct / 1000,
                                h->last.baseline / 1000,
                                h->price_change,
                                h->export_price_change,
                                h->transit_total / 1000,
                                h->commission_total / 1000,
                                h->other_targets ? NAN : h->commission_targets / 1000};
            v[r] = x[q];
        }
        rows(&b, j, total[q].name, total[q].scope, total[q].period, total[q].period ? NULL : own,
             total[q].unit, v);
    }
    country_rows(&b, j, "transit", run, "USD bn", TRANSIT, 1e-3);
    country_rows(&b, j, "commission", run, "USD bn", COMMISSION, 1e-3);
    country_rows(&b, j, "recorded_exports_change", last, "% against the baseline", RECORDED, 1);
    int rc = b.failed ? ss_plot_no_memory(d) : ss_write_atomic(dir, "compare.csv", b.s, b.len, d);
    free(b.s);
    return rc;
}

/* ---- the comparison folder -------------------------------------------------- */

/* 1 when dir holds only what compare writes, compare.csv starting with
 * its header; else 0 with the reason in why. */
static int replaceable(const char *dir, char *why, size_t size)
{
    char first[128];
    ss_first_line(dir, "compare.csv", first, sizeof first);
    if (strcmp(first, header) != 0) {
        snprintf(why, size, "no compare.csv written by sanctsim");
        return 0;
    }
    DIR *dp = opendir(dir);
    for (struct dirent *e; dp && (e = readdir(dp));) {
        const char *n = e->d_name, *dot = strrchr(n, '.');
        int ours = (strncmp(n, "compare-", 8) == 0 && dot && ss_chart_format(dot + 1)) ||
                   !strcmp(n, "compare.csv") || !strcmp(n, "brief.pdf") || !strcmp(n, "brief.png");
        /* A file, not a folder or a link under its name. */
        char *path = ours ? ss_path_join(dir, n) : NULL;
        struct stat st;
        ours = path && lstat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
        /* The work folder of a compare stopped by SIGKILL. */
        ours |= ss_plot_work_name(n);
        if (!ours && strcmp(n, ".") && strcmp(n, "..")) {
            snprintf(why, size, "it holds %.200s, which sanctsim did not write", n);
            closedir(dp);
            return 0;
        }
    }
    if (dp)
        closedir(dp);
    return dp != NULL;
}

/* Checks --out before any work: free, or a comparison folder and --force
 * (ss_out_refusal). */
static int check_out(const char *out, int force)
{
    char why[300], msg[512];
    const int rc = ss_out_refusal(ss_out_state(out, replaceable, why, sizeof why), force,
                                  "comparison", why, msg, sizeof msg);
    if (rc)
        ss_errorf("%s: %s", out, msg);
    return rc;
}

/* --out, or by default runs/compare-A-B with the folders' names
 * (ss_out_folder). */
static char *out_folder(const cmp_args *a)
{
    char suffix[512] = "", part[256];
    for (size_t r = 0; r < a->ndir; r++) {
        base_name(a->dir[r], part, sizeof part);
        size_t len = strlen(suffix);
        snprintf(suffix + len, sizeof suffix - len, "-%s", part);
    }
    return ss_out_folder(a->out, "compare", suffix);
}

/* A hidden temporary folder beside out (ss_temp_beside), or NULL, said. */
static char *temp_beside(const char *out, int given)
{
    char why[PATH_MAX + 64], *tmp = ss_temp_beside(out, why, sizeof why);
    /* The default name joins the runs' names, and may be too long (a hunt's
     * eight runs made 355 bytes). */
    const int err = errno;
    if (!tmp)
        ss_errorf("%s: cannot create the output folder: %s%s", out, why,
                  !given && err == ENAMETOOLONG ? " (give the comparison a folder with --out)"
                                                : "");
    errno = err;
    return tmp;
}

/* Puts the finished folder tmp at out (ss_place_folder). 0 or 1. */
static int place(const char *tmp, const char *out, int force)
{
    char why[300], msg[512];
    switch (ss_place_folder(tmp, out, force, replaceable, why, sizeof why)) {
    case SS_PLACED:
        return 0;
    case SS_PLACE_APPEARED:
        ss_errorf("%s: the output folder appeared while the comparison was drawn (another "
                  "command?) and was left alone: choose another --out, or add --force to "
                  "replace it",
                  out);
        break;
    case SS_PLACE_NOT_OURS:
        ss_out_refusal(SS_OUT_OTHER, 1, "comparison", why, msg, sizeof msg);
        ss_errorf("%s: %s", out, msg);
        break;
    case SS_PLACE_BUSY:
        ss_errorf("%s: other processes keep writing this folder", out);
        break;
    default:
        ss_errorf("%s: cannot place the comparison folder: %s", out, strerror(errno));
    }
    return 1;
}

/* ---- drawing ---------------------------------------------------------------- */

/* Runs the script of chart `name` in each of the formats and moves what
 * it wrote, work/FROM.FMT, to dir/TO.FMT. An exit status. */
static int render(const char *plots, const char *work, const char *name, const char *from,
                  const char *dir, const char *to, const char *const *fmts, size_t nf)
{
    int status = 0;
    for (size_t f = 0; f < nf && !status; f++) {
        char src[PATH_MAX + 64], dst[PATH_MAX + 64];
        snprintf(src, sizeof src, "%s/%s.%s", work, from, fmts[f]);
        snprintf(dst, sizeof dst, "%s/%s.%s", dir, to, fmts[f]);
        status = ss_gnuplot_run(plots, work, name, fmts[f], from);
        if (!status && rename(src, dst) != 0) {
            ss_errorf("%s: cannot write: %s", dst, strerror(errno));
            status = 1;
        }
    }
    return status;
}

/* Prepares and draws the charts (in format) and the brief (PDF and PNG)
 * into dir. A chart with nothing to show is left out, and said so. An
 * exit status. */
static int draw(ss_plot_job *j, const char *format, const char *dir)
{
    static const char *const brief_formats[] = {"pdf", "png"};
    char plots[PATH_MAX], *work = NULL;
    int status = ss_plot_workspace(dir, j->d, plots, &work);
    for (size_t i = 0; i <= ss_n_compare_charts && !status && !ss_signal_caught(); i++) {
        int brief = i == ss_n_compare_charts;
        const ss_chart_def *ch = brief ? &ss_compare_numbers : &ss_compare_charts[i];
        ss_diag_clear(j->d);
        int rc = ss_chart_prepare(j, work, ch);
        if (rc == SS_SKIP) {
            ss_plot_skipped(j->r->dir, ch->name, j->d);
            j->skipped |= 1u << i;
        } else if (rc) {
            ss_report(j->d);
            status = ss_plot_exit_status(rc);
        } else if (brief)
            status = render(plots, work, ch->name, "brief", dir, "brief", brief_formats, 2);
        else
            status = render(plots, work, ch->name, "chart", dir, ch->name, &format, 1);
    }
    ss_plot_remove_work(work);
    return status;
}

/* ---- the command ------------------------------------------------------------ */

int ss_cmd_compare(int argc, char **argv)
{
    cmp_args a;
    char *label[MAX_RUNS + 1], buf[MAX_RUNS * 256 + 1024];
    int status = parse_args(argc, argv, &a);
    status = status ? status : make_labels(&a, label, buf, sizeof buf);
    ss_diag d;
    ss_diag_clear(&d);
    ss_plot_job j;
    memset(&j, 0, sizeof j);
    j.d = &d;
    j.labels = (const char *const *)label;
    ss_signals_catch();
    /* The runs are read, and gnuplot found, before the default folder's
     * runs/ is made, so that a refusal writes nothing (a hunt found an
     * empty runs/ left). */
    status = status ? status : open_runs(&a, &j, &d);
    if (!status && !ss_gnuplot_available()) {
        ss_gnuplot_missing();
        status = 1;
    }
    char *out = status ? NULL : out_folder(&a);
    if (!status && !out)
        status = 1; /* said */
    status = status ? status : check_out(out, a.force);
    errno = 0;
    char *tmp = status ? NULL : temp_beside(out, a.out != NULL);
    status = status ? status : tmp ? 0 : ss_mkdir_status(errno);
    if (!status)
        note_other_trade(&j);
    if (!status && write_table(&j, tmp, &d)) {
        ss_report(&d);
        status = 1;
    }
    status = status ? status : draw(&j, a.format, tmp);
    status = status || ss_signal_caught() ? status : place(tmp, out, a.force);
    if (tmp && (status || ss_signal_caught()))
        ss_remove_tree(tmp);
    if (!status && !ss_signal_caught())
        printf("%s\n", out);
    close_runs(&j);
    free(tmp);
    free(out);
    free(a.dir);
    return ss_signals_finish_saying(status, "no comparison folder written");
}
