/* Writing a run folder atomically: each file (the tables, scenario.ini,
 * datapackage.json) goes to NAME.tmp inside a hidden temporary folder, is
 * renamed to NAME when complete, and the folder is renamed to the
 * requested path only when every file is complete. The files of a monthly
 * run are written here too. */
#include "output.h"
#include "bloc.h"
#include "cost.h"
#include "datadict.h"
#include "files.h"
#include "gnuplot.h"
#include "report.h"
#include "runtables.h"
#include "signals.h"
#include "summary.h"
#include "table.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A run's tables (src/runtables.h names them; src/datadict.c gives their
 * columns). */
enum {
    F_SUMMARY = SS_RUN_SUMMARY,
    F_FLOWS = SS_RUN_FLOWS,
    F_RECORDED = SS_RUN_RECORDED,
    F_INTERMEDIARIES = SS_RUN_INTERMEDIARIES,
    F_COUNTRIES = SS_RUN_COUNTRIES,
    F_SANCTIONS = SS_RUN_SANCTIONS,
    F_HEADLINE = SS_RUN_HEADLINE,
    F_DETECTION = SS_RUN_DETECTION,
    NFILES = SS_RUN_NTABLES
};
enum { MAX_FILES = 16 };
enum { MONTH_SIZE = 32 }; /* a month's name, "2021-01", with room to spare */
#define DATAPACKAGE "datapackage.json"

/* A file of the folder: a table (through the writer layer, src/tabfile.h)
 * or a side file (a FILE: scenario.ini, datapackage.json and calibrate's
 * files). */
typedef struct out_file {
    ss_tab *tab;
    FILE *side;
    char *name; /* its final name in the folder */
} out_file;

/* The first fields of a row about link (i, j) ("MONTH,I,J,"), kept while
 * the rows are about it. */
typedef struct link_text {
    char *text;
    size_t len, i, j;
} link_text;

struct ss_output {
    char *final, *tmp;
    ss_folder_kind kind;
    int force, durable, started;
    out_file file[MAX_FILES];
    size_t nfiles;
    ss_tab *run[NFILES]; /* a monthly run's tables; NULL when not written */
    int routes;          /* flows.csv with its rows per intermediary */
    double *via_row;     /* a rerouted link's value via each country */
    char *target;        /* the month's targets (ss_cost_targets) */
    double *on_targets;  /* n*k: what each intermediary carried of their trade */
    double *receipts;    /* each country's baseline receipts (summary.csv's incomes) */
    /* For the rows of the large tables: each country code and then each
     * sector name as a field with its comma, and their lengths; the first
     * fields of the link being written, one for flows.csv and one for
     * recorded.csv, which may be written side by side. */
    char **field;
    size_t nfield, *field_len;
    link_text link[2];
    ss_tab *blocs;      /* blocs.csv, when the scenario has blocs */
    ss_tab *relocation; /* relocation.csv, when it relocates production */
    ss_watch *w;        /* summary.csv's rows (ss_watches) */
    char **coalition;   /* per watch, as a CSV field */
    size_t nw, named;   /* watches; those with their coalition field */
    unsigned w_version; /* the scenario's sets_version when the rows were found */
    size_t nper;
    ss_linkset *per; /* per measure and direction: [2 * i] export, [2 * i + 1] import */
    ss_linkset headline;
    int headline_dir;
    unsigned sets_version; /* the scenario's, when per and headline were built */
};

static void free_links(ss_output *o)
{
    for (size_t i = 0; o->per && i < 2 * o->nper; i++)
        free(o->per[i].idx);
    free(o->per);
    free(o->headline.idx);
    o->per = NULL;
    o->headline = (ss_linkset){0};
}

/* The headline's links in month t (src/summary.h). */
static int headline_links(ss_output *o, const ss_scenario *s, long t)
{
    free(o->headline.idx);
    o->headline = (ss_linkset){0};
    return ss_headline_links(s->world, s->config, t, &o->headline, &o->headline_dir);
}

static char *path_in(const char *dir, const char *name, const char *suffix)
{
    size_t len = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s%s", dir, name, suffix);
    return p;
}

static int sys_fail(ss_diag *d, const char *path, const char *what)
{
    if (d) {
        snprintf(d->file, sizeof d->file, "%s", path);
        d->line = 0;
    }
    return ss_diag_set(d, SS_EINVAL, "%s: %s", what, strerror(errno));
}

/* Notes a failure (failed: its errno, the first one's kept). */
static void note_failure(int failed, int *first)
{
    if (failed && !*first)
        *first = errno ? errno : EIO;
}

/* Closes the files still open (0 when every one closed well, else -1 with
 * errno the first failure's) and forgets them; durable: fsync each first,
 * after starting every one's writeback, so that the disk writes them
 * together. */
static int close_files(ss_output *o, int durable)
{
    int first = 0;
    for (size_t i = 0; durable && i < o->nfiles; i++) {
        out_file *f = &o->file[i];
        if (f->side) {
            note_failure(fflush(f->side) != 0, &first);
            ss_writeback(fileno(f->side), 0);
        } else if (f->tab) {
            ss_tab_writeback(f->tab);
        }
    }
    for (size_t i = 0; i < o->nfiles; i++) {
        out_file *f = &o->file[i];
        if (f->side)
            note_failure(fflush(f->side) != 0 || (durable && fsync(fileno(f->side)) != 0) ||
                             fclose(f->side) != 0,
                         &first);
        else if (f->tab)
            note_failure(ss_tab_close(f->tab, durable) != 0, &first);
        f->side = NULL;
        f->tab = NULL;
    }
    memset(o->run, 0, sizeof o->run);
    o->blocs = o->relocation = NULL;
    errno = first;
    return first ? -1 : 0;
}

static void free_output(ss_output *o)
{
    close_files(o, 0);
    for (size_t i = 0; i < o->nfiles; i++)
        free(o->file[i].name);
    free(o->final);
    free(o->tmp);
    for (size_t i = 0; o->coalition && i < o->named; i++)
        free(o->coalition[i]);
    free(o->coalition);
    free(o->via_row);
    free(o->target);
    free(o->on_targets);
    free(o->receipts);
    for (size_t i = 0; o->field && i < o->nfield; i++)
        free(o->field[i]);
    free(o->field);
    free(o->field_len);
    free(o->link[0].text);
    free(o->link[1].text);
    free(o->w);
    free_links(o);
    free(o);
}

/* Names a folder may hold besides the tables of a monthly run and of
 * `sanctsim equilibrium` (src/datadict.h names both): the side files, the
 * levers' tables, and what `calibrate` (src/calibrate.c), `plot` and
 * `brief` (src/plot.c) write. */
static const char *const other_names[] = {"scenario.ini", "blocs.csv",  "relocation.csv",
                                          DATAPACKAGE,    "fitted.ini", "twin.ini",
                                          "fit.csv",      "start.csv",  "search.csv"};
static const char *const brief_names[] = {"brief.pdf", "brief.png"};

/* 1 when the entry name of folder dir is one that sanctsim writes there: a
 * regular file of other_names, or a table of a run or of `equilibrium`
 * (also compressed, NAME.csv.gz); plots/, whose charts stray_chart checks;
 * or the work folder of a `plot` stopped by SIGKILL. A folder or a link
 * under a file's name is not ("flows.csv/" holding a user's notes). */
static int known_entry(const char *dir, const char *name)
{
    if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "plots") ||
        ss_plot_work_name(name))
        return 1;
    char *path = path_in(dir, name, "");
    struct stat st;
    const int file = path && lstat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    if (!file)
        return 0;
    size_t len = strlen(name);
    int gz = len > 7 && strcmp(name + len - 7, ".csv.gz") == 0;
    char plain[256];
    snprintf(plain, sizeof plain, "%.*s", gz ? (int)(len - 3) : (int)len, name);
    for (size_t i = 0; i < NFILES + SS_EQ_NTABLES; i++) {
        const char *table =
            i < NFILES ? ss_run_table_name[i] : ss_equilibrium_table_name[i - NFILES];
        size_t n = strlen(table);
        if (strncmp(plain, table, n) == 0 && strcmp(plain + n, ".csv") == 0)
            return 1;
    }
    for (size_t i = 0; i < sizeof other_names / sizeof other_names[0]; i++)
        if (strcmp(plain, other_names[i]) == 0 &&
            (!gz || strcmp(plain, "blocs.csv") == 0 || strcmp(plain, "relocation.csv") == 0))
            return 1;
    for (size_t i = 0; i < sizeof brief_names / sizeof brief_names[0]; i++)
        if (!gz && strcmp(plain, brief_names[i]) == 0)
            return 1;
    return 0;
}

/* The first entry of plots/ that is not a chart file (or "plots" itself
 * when it is not a folder) into stray; 0 when there is none. */
static int stray_chart(const char *dir, char *stray, size_t size)
{
    char *plots = path_in(dir, "plots", "");
    struct stat st;
    int bad = 0;
    if (plots && lstat(plots, &st) == 0) {
        DIR *d = S_ISDIR(st.st_mode) ? opendir(plots) : NULL;
        bad = !d;
        snprintf(stray, size, "plots");
        for (struct dirent *e; d && !bad && (e = readdir(d));) {
            const char *dot = strrchr(e->d_name, '.');
            char *chart_path = path_in(plots, e->d_name, "");
            int chart = chart_path && lstat(chart_path, &st) == 0 && S_ISREG(st.st_mode) && dot &&
                        dot != e->d_name && ss_chart_format(dot + 1);
            free(chart_path);
            if (!chart && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(stray, size, "plots/%s", e->d_name);
                bad = 1;
            }
        }
        if (d)
            closedir(d);
    }
    free(plots);
    return bad;
}

/* 1 when dir is a folder of the kind that --force may delete: its
 * scenario.ini starts with the line this program writes, it holds nothing
 * this program does not write, and the command that writes the kind wrote
 * it. A user's own scenario.ini next to their notes does not start with
 * that line. Otherwise 0, with the reason in why. */
static int replaceable_as(ss_folder_kind kind, const char *dir, char *why, size_t size)
{
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(why, size, "a file, not a folder");
        return 0;
    }
    char first[64];
    ss_first_line(dir, "scenario.ini", first, sizeof first);
    if (strncmp(first, SS_RESOLVED_MARK, strlen(SS_RESOLVED_MARK)) != 0) {
        snprintf(why, size, "no scenario.ini written by sanctsim");
        return 0;
    }
    DIR *d = opendir(dir);
    char stray[300] = "";
    for (struct dirent *e; d && !stray[0] && (e = readdir(d));)
        if (!known_entry(dir, e->d_name))
            snprintf(stray, sizeof stray, "%s", e->d_name);
    if (d)
        closedir(d);
    if (!d || stray[0] || stray_chart(dir, stray, sizeof stray)) {
        snprintf(why, size, "it holds %.200s, which sanctsim did not write",
                 stray[0] ? stray : "what cannot be listed");
        return 0;
    }
    const ss_folder_kind is = ss_folder_kind_of(dir);
    if (is != kind) {
        snprintf(why, size, "it is %s %s folder, which sanctsim %s wrote",
                 is == SS_FOLDER_EQUILIBRIUM ? "an" : "a", ss_folder_name[is],
                 ss_folder_command[is]);
        return 0;
    }
    return 1;
}

/* output.h */
int ss_output_replaceable(const char *dir, char *why, size_t size)
{
    return replaceable_as(SS_FOLDER_RUN, dir, why, size);
}

static int equilibrium_replaceable(const char *dir, char *why, size_t size)
{
    return replaceable_as(SS_FOLDER_EQUILIBRIUM, dir, why, size);
}

static int calibration_replaceable(const char *dir, char *why, size_t size)
{
    return replaceable_as(SS_FOLDER_CALIBRATION, dir, why, size);
}

/* The test for each kind, for ss_out_state and ss_place_folder. */
static int (*const replaceable[])(const char *, char *, size_t) = {
    ss_output_replaceable, equilibrium_replaceable, calibration_replaceable};

static int not_replaceable(ss_diag *d, const char *dir, ss_folder_kind kind, const char *why)
{
    char msg[512];
    ss_out_refusal(SS_OUT_OTHER, 1, ss_folder_name[kind], why, msg, sizeof msg);
    ss_diag_set(d, SS_EINVAL, "%s", msg);
    if (d) {
        snprintf(d->file, sizeof d->file, "%s", dir);
        d->line = 0;
    }
    return SS_EINVAL;
}

/* A new entry for the file name (owned copy) in the folder; NULL with
 * the message in d when there is no room or memory. */
static out_file *new_file(ss_output *o, const char *name, ss_diag *d)
{
    out_file *f = o->nfiles < MAX_FILES ? &o->file[o->nfiles] : NULL;
    if (!f || !(f->name = strdup(name))) {
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    o->nfiles++;
    return f;
}

/* A side file of the folder, open for writing; NULL with the message in d
 * when it cannot be made. */
static FILE *side_file(ss_output *o, const char *name, ss_diag *d)
{
    out_file *e = new_file(o, name, d);
    char *p = e ? path_in(o->tmp, name, ".tmp") : NULL;
    FILE *f = p ? fopen(p, "we") : NULL; /* e: not inherited by gnuplot */
    free(p);
    if (e && !f)
        sys_fail(d, o->final, "cannot write the output folder");
    return e ? e->side = f : NULL;
}

ss_output *ss_output_open(const char *dir, ss_folder_kind kind, int force, int durable,
                          const ss_scenario *s, int *status, ss_diag *d)
{
    *status = 2; /* until dir is known to be free or replaceable */
    /* Checked now, so that a run does not compute for nothing, and again
     * when the folder is replaced (ss_output_commit). */
    char why[256], msg[512];
    const int there = ss_out_state(dir, replaceable[kind], why, sizeof why);
    if (ss_out_refusal(there, force, ss_folder_name[kind], why, msg, sizeof msg)) {
        ss_diag_set(d, SS_EINVAL, "%s", msg);
        if (d) {
            snprintf(d->file, sizeof d->file, "%s", dir);
            d->line = 0;
        }
        return NULL;
    }
    *status = 1; /* from here on, a failure to make or write the folder */
    ss_output *o = calloc(1, sizeof *o);
    char where[PATH_MAX + 64];
    if (!o || !(o->final = strdup(dir))) {
        free(o);
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    o->kind = kind;
    o->force = force;
    o->durable = durable;
    if (!(o->tmp = ss_temp_beside(dir, where, sizeof where))) {
        *status = ss_mkdir_status(errno);
        ss_diag_set(d, SS_EINVAL, "cannot create the output folder: %s", where);
        if (d) {
            snprintf(d->file, sizeof d->file, "%s", dir);
            d->line = 0;
        }
        free_output(o);
        return NULL;
    }
    /* Synced with the tables when the folder is complete (close_files). */
    FILE *f = side_file(o, "scenario.ini", d);
    if (!f || ss_scenario_write(s, f) != SS_OK) {
        if (f)
            sys_fail(d, dir, "cannot write the output folder");
        ss_output_abort(o);
        return NULL;
    }
    *status = 0;
    return o;
}

FILE *ss_output_add(ss_output *o, const char *name, const char *header, ss_diag *d)
{
    FILE *f = side_file(o, name, d);
    if (f && fprintf(f, "%s\n", header) < 0) {
        sys_fail(d, o->final, "cannot write the output folder");
        return NULL;
    }
    return f;
}

int ss_output_table(ss_output *o, const char *name, const ss_table_doc *doc, int compress,
                    ss_tab **tab, ss_diag *d)
{
    char *header = ss_table_header(doc);
    if (!header)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    char file[256];
    snprintf(file, sizeof file, "%s.csv%s", name, compress ? ".gz" : "");
    out_file *e = new_file(o, file, d);
    char *p = e ? path_in(o->tmp, file, ".tmp") : NULL;
    *tab = p ? ss_tab_open(p, compress, o->durable) : NULL;
    free(p);
    if (*tab) {
        ss_tab_printf(*tab, "%s\n", header);
        e->tab = *tab;
    } else if (e) {
        sys_fail(d, o->final, "cannot write the output folder");
    }
    free(header);
    return *tab ? SS_OK : SS_EINVAL;
}

/* 1 when sanctions.csv has rows of measure m in direction e (0 export, 1
 * import): each direction in which it restricts links. */
static int has_rows(const ss_measure *m, int e)
{
    return ss_restricts(m, e ? SS_IMPORT : SS_EXPORT);
}

/* 1 when m is the measure `one`. */
static int same_measure(const ss_measure *m, const void *one)
{
    return m == one;
}

/* The links of each sanction in each direction it covers, and of the
 * headline in month t (src/summary.h), as the scenario's groups are now. */
static int sanction_links(ss_output *o, const ss_scenario *s, long t)
{
    const ss_config *c = s->config;
    o->sets_version = s->sets_version;
    if (!(o->per = calloc(2 * c->n_measures + 1, sizeof *o->per)))
        return SS_ENOMEM;
    o->nper = c->n_measures;
    for (size_t i = 0; i < c->n_measures; i++)
        for (int e = 0; e < 2; e++)
            if (has_rows(&c->measure[i], e) &&
                ss_linkset_of(s->world, c, same_measure, &c->measure[i], e ? SS_IMPORT : SS_EXPORT,
                              -1, &o->per[2 * i + (size_t)e]))
                return SS_ENOMEM;
    return headline_links(o, s, t);
}

int ss_output_datapackage(ss_output *o, const ss_scenario *s,
                          int (*write)(FILE *f, const ss_scenario *s), ss_diag *d)
{
    FILE *f = side_file(o, DATAPACKAGE, d);
    if (!f)
        return SS_EINVAL;
    return write(f, s) != 0 ? sys_fail(d, o->final, "cannot write the output folder") : SS_OK;
}

int ss_output_names(ss_output *o, const ss_world *w)
{
    if (o->field)
        return SS_OK;
    o->nfield = w->n + w->k;
    if (!(o->field = calloc(o->nfield, sizeof *o->field)) ||
        !(o->field_len = calloc(o->nfield, sizeof *o->field_len)))
        return SS_ENOMEM;
    size_t longest = 0;
    for (size_t at = 0; at < o->nfield; at++) {
        const char *name = at < w->n ? w->iso3[at] : w->sector[at - w->n];
        const size_t len = strlen(name);
        if (!(o->field[at] = malloc(len + 2)))
            return SS_ENOMEM;
        memcpy(o->field[at], name, len);
        memcpy(o->field[at] + len, ",", 2);
        o->field_len[at] = len + 1;
        longest = len + 1 > longest ? len + 1 : longest;
    }
    /* A lead is a month's name (ss_output_month's buffer). */
    for (size_t c = 0; c < 2; c++)
        if (!(o->link[c].text = malloc(MONTH_SIZE + 1 + 2 * longest)))
            return SS_ENOMEM;
    return SS_OK;
}

/* Writes "MONTH,I,J,", the first fields of a row about link (i, j), built
 * once while the link stays the same (c->i SIZE_MAX: anew). */
static void write_link(const ss_output *o, link_text *c, ss_tab *t, const char *month, size_t i,
                       size_t j)
{
    if (c->i != i || c->j != j) {
        size_t len = strlen(month);
        memcpy(c->text, month, len);
        c->text[len++] = ',';
        memcpy(c->text + len, o->field[i], o->field_len[i]);
        len += o->field_len[i];
        memcpy(c->text + len, o->field[j], o->field_len[j]);
        c->len = len + o->field_len[j];
        c->i = i;
        c->j = j;
    }
    ss_tab_write(t, c->text, c->len);
}

void ss_output_name(const ss_output *o, ss_tab *t, size_t at)
{
    ss_tab_write(t, o->field[at], o->field_len[at]);
}

/* summary.csv's rows as the measures' sets are now, with their
 * coalitions' names as CSV fields: a group change adds the rows it makes
 * after the others (ss_watches). */
static int summary_rows(ss_output *o, const ss_scenario *s)
{
    o->w_version = s->sets_version;
    if (ss_watches(s->config, &o->w, &o->nw))
        return SS_ENOMEM;
    char **grown = realloc(o->coalition, (o->nw + 1) * sizeof *grown);
    if (!grown)
        return SS_ENOMEM;
    o->coalition = grown;
    for (; o->named < o->nw; o->named++)
        if (!(o->coalition[o->named] = ss_csv_field_dup(o->w[o->named].m->by_name)))
            return SS_ENOMEM;
    return SS_OK;
}

/* Opens the tables of a monthly run that the scenario's [output] asks for
 * (and blocs.csv when it has blocs), on its first month, t. */
static int start_run(ss_output *o, const ss_scenario *s, long t, ss_diag *d)
{
    o->started = 1;
    o->routes = !s->flows_direct;
    if (summary_rows(o, s) || !(o->via_row = calloc(s->world->n, sizeof *o->via_row)) ||
        !(o->target = calloc(s->world->n, 1)) ||
        !(o->on_targets = calloc(s->world->n * s->world->k, sizeof *o->on_targets)) ||
        !(o->receipts = calloc(s->world->n, sizeof *o->receipts)) || ss_output_names(o, s->world) ||
        sanction_links(o, s, t))
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    ss_baseline_receipts(s->world, o->receipts);
    for (size_t i = 0; i < NFILES; i++) {
        int rc = s->tables >> i & 1 ? ss_output_table(o, ss_run_table_name[i], &ss_tables[i],
                                                      s->compress, &o->run[i], d)
                                    : SS_OK;
        if (rc)
            return rc;
    }
    /* The tables a scenario's levers add. */
    const struct {
        int wanted;
        const ss_table_doc *doc;
        const char *name;
        ss_tab **tab;
    } extra[] = {{s->config->n_blocs > 0, &ss_blocs_table, "blocs", &o->blocs},
                 {ss_scenario_relocates(s), &ss_relocation_table, "relocation", &o->relocation}};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        int rc = extra[i].wanted
                     ? ss_output_table(o, extra[i].name, extra[i].doc, s->compress, extra[i].tab, d)
                     : SS_OK;
        if (rc)
            return rc;
    }
    return ss_output_datapackage(o, s, ss_write_datapackage, d);
}

/* Each bloc's members (as they are this month) and internal trade share. */
static void write_blocs(ss_output *o, const char *month, const ss_scenario *sc, const ss_sim *sim)
{
    const ss_world *w = sc->world;
    for (size_t b = 0; b < sc->config->n_blocs; b++) {
        const ss_bloc *bl = &sc->config->bloc[b];
        double internal, imports;
        double share =
            ss_bloc_internal_share(bl, w->n, w->k, ss_sim_flows(sim), &internal, &imports);
        char *name = ss_csv_field_dup(bl->name);
        ss_tab_printf(o->blocs, "%s,%s,", month, name ? name : "");
        free(name);
        for (size_t q = 0; q < bl->members.len; q++)
            ss_tab_printf(o->blocs, "%s%s", q ? " " : "", w->iso3[bl->members.at[q]]);
        ss_tab_printf(o->blocs, ",%.10g,%.10g,%.10g\n", internal, imports, share);
    }
}

static int write_summary(ss_output *o, const char *month, const ss_scenario *sc, ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *price = ss_sim_price(sim), *imp = ss_sim_import_price(sim),
                 *factory = ss_sim_factory_price(sim);
    if (o->w_version != sc->sets_version && summary_rows(o, sc))
        return SS_ENOMEM;
    const long now = ss_sim_month(sim);
    for (size_t q = 0; q < o->nw; q++) {
        const ss_watch *wa = &o->w[q];
        const ss_measure *m = ss_watch_measure(sc->config, wa, now);
        double base, direct, rerouted, target, coalition;
        ss_watch_flows(w, sim, wa, m, &base, &direct, &rerouted);
        ss_watch_incomes(sim, wa, m, o->receipts, &target, &coalition);
        const size_t tq = wa->target * w->k + wa->sector;
        ss_tab_printf(o->run[F_SUMMARY],
                      "%s,%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%s,%.10g,%.10g,%.10g,%.10g\n",
                      month, o->coalition[q], w->iso3[wa->target], w->sector[wa->sector], base,
                      direct, rerouted, ss_leakage(base, rerouted), price[tq],
                      wa->direction == SS_EXPORT ? "export" : "import", imp[tq], factory[tq],
                      target, coalition);
    }
    return SS_OK;
}

static const char *const evasion_name[] = {"transit", "payment", "none"};

/* The flows of a set and their leakage, as the last fields of a row. */
static void write_leakage(ss_tab *f, const ss_world *w, const ss_sim *sim, const ss_linkset *l)
{
    ss_flows x;
    ss_linkset_flows(w, sim, l, &x);
    ss_tab_printf(f, "%.10g,%.10g,%.10g,%.10g\n", x.baseline, x.direct, x.rerouted,
                  ss_leakage(x.baseline, x.rerouted));
}

/* sanctions.csv: each sanction in each direction it covers. */
static void write_sanctions(ss_output *o, const char *month, const ss_scenario *sc,
                            const ss_sim *sim)
{
    const ss_config *c = sc->config;
    for (size_t i = 0; i < c->n_measures; i++)
        for (int e = 0; e < 2; e++) {
            const ss_measure *m = &c->measure[i];
            if (!has_rows(m, e))
                continue;
            char *name = ss_csv_field_dup(m->name);
            ss_tab_printf(o->run[F_SANCTIONS], "%s,%s,%s,%s,", month, name ? name : "",
                          e ? "import" : "export", evasion_name[m->evasion]);
            free(name);
            write_leakage(o->run[F_SANCTIONS], sc->world, sim, &o->per[2 * i + (size_t)e]);
        }
}

/* headline.csv: the headline leakage (src/summary.h). */
static void write_headline(ss_output *o, const char *month, const ss_scenario *sc,
                           const ss_sim *sim)
{
    ss_tab_printf(o->run[F_HEADLINE], "%s,%s,", month,
                  o->headline_dir == SS_EXPORT ? "export" : "import");
    write_leakage(o->run[F_HEADLINE], sc->world, sim, &o->headline);
}

static void write_flows(ss_output *o, const char *month, const ss_scenario *sc, const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *direct = ss_sim_direct(sim);
    ss_tab *f = o->run[F_FLOWS];
    link_text *link = &o->link[0];
    link->i = SIZE_MAX;
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < w->n; j++)
            for (size_t s = 0; s < w->k; s++) {
                double v = direct[ss_idx(w, i, j, s)];
                if (!(v > 0))
                    continue;
                write_link(o, link, f, month, i, j);
                ss_tab_write(f, "direct,", 7);
                ss_output_name(o, f, w->n + s);
                ss_tab_g(f, v, 10, '\n');
            }
    size_t nre = o->routes ? ss_sim_n_rerouted(sim) : 0;
    for (size_t r = 0; r < nre; r++) {
        size_t i, j, s;
        ss_sim_rerouted(sim, r, &i, &j, &s);
        ss_sim_rerouted_via(sim, r, o->via_row);
        for (size_t m = 0; m < w->n; m++) {
            double v = o->via_row[m];
            if (!(v > 0))
                continue;
            write_link(o, link, f, month, i, j);
            ss_output_name(o, f, m);
            ss_output_name(o, f, w->n + s);
            ss_tab_g(f, v, 10, '\n');
        }
    }
}

static void write_recorded(ss_output *o, const char *month, const ss_scenario *sc, ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *ex = ss_sim_exports(sim), *im = ss_sim_imports(sim);
    ss_tab *f = o->run[F_RECORDED];
    link_text *link = &o->link[1];
    link->i = SIZE_MAX;
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < w->n; j++)
            for (size_t s = 0; i != j && s < w->k; s++) {
                size_t idx = ss_idx(w, i, j, s);
                if (!(ex[idx] > 0 || im[idx] > 0))
                    continue;
                write_link(o, link, f, month, i, j);
                ss_output_name(o, f, w->n + s);
                ss_tab_g(f, ex[idx], 10, ',');
                ss_tab_g(f, im[idx], 10, '\n');
            }
}

static void write_agents(ss_output *o, const char *month, const ss_scenario *sc, const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *v = ss_sim_transit(sim), *c = ss_sim_commission_rate(sim),
                 *inc = ss_sim_commission_income(sim), *q = ss_sim_capacity(sim),
                 *reach = ss_sim_reach(sim);
    /* The commission on the targets' trade, as commission_usd_mn is taken
     * from transit_usd_mn; at most that (its sum, in another order, may
     * round above it when all the trade is theirs). */
    ss_cost_targets(sc->config, w->n, ss_sim_month(sim), o->target);
    ss_sim_transit_of(sim, o->target, o->via_row, o->on_targets);
    for (size_t m = 0; m < w->n; m++) {
        if (!sc->config->agent[m].candidate)
            continue;
        for (size_t s = 0; s < w->k; s++) {
            size_t mq = m * w->k + s;
            const double theirs = o->on_targets[mq] * c[mq] / (1 + c[mq]);
            ss_tab_printf(o->run[F_INTERMEDIARIES],
                          "%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", month, w->iso3[m],
                          w->sector[s], v[mq], c[mq], inc[mq], q[mq], reach[mq],
                          theirs < inc[mq] ? theirs : inc[mq]);
        }
    }
}

/* relocation.csv: the production each candidate hosts. */
static void write_relocation(ss_output *o, const char *month, const ss_scenario *sc,
                             const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *now, *home, *away;
    ss_sim_relocated(sim, &now, &home, &away);
    for (size_t m = 0; m < w->n; m++) {
        if (!sc->config->agent[m].candidate)
            continue;
        for (size_t q = 0; q < w->k; q++) {
            const size_t mq = m * w->k + q;
            ss_tab_printf(o->relocation, "%s,%s,%s,%.10g,%.10g,%.10g\n", month, w->iso3[m],
                          w->sector[q], now[mq], home[mq], away[mq]);
        }
    }
}

/* detection.csv: what is known of each candidate as a country, once. */
static void write_detection(ss_output *o, const char *month, const ss_scenario *sc,
                            const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *p = ss_sim_detection(sim), *caught = ss_sim_caught(sim),
                 *part = ss_sim_participation(sim);
    for (size_t m = 0; m < w->n; m++)
        if (sc->config->agent[m].candidate)
            ss_tab_printf(o->run[F_DETECTION], "%s,%s,%.10g,%.10g,%.10g\n", month, w->iso3[m], p[m],
                          caught[m], part[m]);
}

static void write_countries(ss_output *o, const char *month, const ss_scenario *sc, ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *x = ss_sim_flows(sim), *price = ss_sim_price(sim),
                 *imp = ss_sim_import_price(sim), *factory = ss_sim_factory_price(sim),
                 *export_price = ss_sim_export_price(sim), *sales = ss_sim_sales(sim),
                 *earned = ss_sim_commission_income(sim), *real = ss_sim_real_income(sim);
    for (size_t c = 0; c < w->n; c++) {
        for (size_t s = 0; s < w->k; s++) {
            double imports = 0, exports = 0;
            for (size_t o2 = 0; o2 < w->n; o2++) {
                if (o2 == c)
                    continue;
                imports += x[ss_idx(w, o2, c, s)];
                exports += x[ss_idx(w, c, o2, s)];
            }
            const size_t cs = c * w->k + s;
            ss_tab_printf(o->run[F_COUNTRIES],
                          "%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", month,
                          w->iso3[c], w->sector[s], imports, exports, price[cs], imp[cs],
                          factory[cs], export_price[cs], sales[cs], earned[cs], real[c]);
        }
    }
}

/* write_recorded on a thread of its own. */
typedef struct recorded_job {
    ss_output *o;
    const char *month;
    const ss_scenario *s;
    ss_sim *sim;
} recorded_job;

static void *recorded_thread(void *arg)
{
    recorded_job *job = arg;
    write_recorded(job->o, job->month, job->s, job->sim);
    return NULL;
}

int ss_output_month(ss_output *o, const ss_scenario *s, ss_sim *sim, ss_diag *d)
{
    if (!o->started && start_run(o, s, ss_sim_month(sim), d))
        return SS_EINVAL;
    char month[MONTH_SIZE];
    ss_scenario_month(s, ss_sim_month(sim), month, sizeof month);
    if (o->run[F_SUMMARY] && write_summary(o, month, s, sim))
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    /* The two large tables side by side when both are written and threads
     * are allowed: recorded.csv on a thread of its own, started and joined
     * here (a thread that waits for the next month would spin), after what
     * both read of the month is built (the caches behind ss_sim_direct
     * and ss_sim_exports); each has its own link_text. */
    recorded_job job = {o, month, s, sim};
    pthread_t other;
    int apart = o->run[F_FLOWS] && o->run[F_RECORDED] && s->write_threads > 1;
    if (apart) {
        ss_sim_direct(sim);
        ss_sim_exports(sim);
        apart = pthread_create(&other, NULL, recorded_thread, &job) == 0;
    }
    if (o->run[F_FLOWS])
        write_flows(o, month, s, sim);
    if (apart)
        pthread_join(other, NULL);
    else if (o->run[F_RECORDED])
        write_recorded(o, month, s, sim);
    if (o->run[F_INTERMEDIARIES])
        write_agents(o, month, s, sim);
    if (o->run[F_COUNTRIES])
        write_countries(o, month, s, sim);
    /* A group change moves the links of the sanctions that name the
     * group, as it moves summary.csv's rows; the headline's move too when
     * one of its sanctions starts or ends. */
    const long now = ss_sim_month(sim);
    int bad = 0;
    if (o->sets_version != s->sets_version) {
        free_links(o);
        bad = sanction_links(o, s, now);
    } else if (ss_headline_moves(s->config, now)) {
        bad = headline_links(o, s, now);
    }
    if (bad)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    if (o->run[F_SANCTIONS])
        write_sanctions(o, month, s, sim);
    if (o->run[F_HEADLINE])
        write_headline(o, month, s, sim);
    if (o->run[F_DETECTION])
        write_detection(o, month, s, sim);
    if (o->blocs)
        write_blocs(o, month, s, sim);
    if (o->relocation)
        write_relocation(o, month, s, sim);
    for (size_t i = 0; i < NFILES + 2; i++) {
        ss_tab *t = i < NFILES ? o->run[i] : i == NFILES ? o->blocs : o->relocation;
        if (t && ss_tab_error(t)) {
            errno = ss_tab_error(t);
            return sys_fail(d, o->final, "cannot write the output folder");
        }
    }
    return SS_OK;
}

/* The folder appeared while a run without --force was computing. */
static int not_replaced(ss_diag *d, const char *dir)
{
    if (d) {
        snprintf(d->file, sizeof d->file, "%s", dir);
        d->line = 0;
    }
    return ss_diag_set(d, SS_EINVAL,
                       "the output folder appeared while the run was computing (another run?) "
                       "and was left alone: choose another --out, or add --force to replace it");
}

/* What dir holds that was drawn from its tables: bit 0 charts (plots/
 * with something in it), bit 1 a brief. */
static int drawings(const char *dir)
{
    char *plots = path_in(dir, "plots", "");
    DIR *d = plots ? opendir(plots) : NULL;
    int has = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        has |= strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    free(plots);
    for (size_t i = 0; i < sizeof brief_names / sizeof brief_names[0]; i++) {
        char *path = path_in(dir, brief_names[i], "");
        has |= path && ss_path_exists(path) ? 2 : 0;
        free(path);
    }
    return has;
}

/* Puts the complete temporary folder at o->final (ss_place_folder), and
 * says when --force took charts or a brief away with the folder it
 * replaced (a trial's went without a word). */
static int place(ss_output *o, ss_diag *d)
{
    char why[256];
    const int drawn = o->force ? drawings(o->final) : 0;
    const char *const what[] = {"", "charts (plots/)", "brief", "charts (plots/) and brief"},
                      *again[] = {"", "plot", "brief", "plot and sanctsim brief"};
    switch (ss_place_folder(o->tmp, o->final, o->force, replaceable[o->kind], why, sizeof why)) {
    case SS_PLACED:
        if (drawn)
            ss_errorf("note: %s: --force replaced the folder, and with it its %s, drawn from the "
                      "tables replaced: draw %s again with sanctsim %s",
                      o->final, what[drawn], drawn == 2 ? "it" : "them", again[drawn]);
        return SS_OK;
    case SS_PLACE_APPEARED:
        return not_replaced(d, o->final);
    case SS_PLACE_NOT_OURS:
        return not_replaceable(d, o->final, o->kind, why);
    case SS_PLACE_BUSY:
        return sys_fail(d, o->final, "other processes keep writing this folder");
    default:
        return sys_fail(d, o->final, "cannot complete the output folder");
    }
}

int ss_output_commit(ss_output *o, ss_diag *d)
{
    int rc = close_files(o, o->durable) ? SS_EIO : SS_OK;
    int err = errno;
    for (size_t i = 0; i < o->nfiles && !rc; i++) {
        char *from = path_in(o->tmp, o->file[i].name, ".tmp"),
             *to = path_in(o->tmp, o->file[i].name, "");
        if (!from || !to || rename(from, to) != 0) {
            rc = SS_EIO;
            err = errno;
        }
        free(from);
        free(to);
    }
    if (rc) {
        errno = err;
        sys_fail(d, o->final, "cannot complete the output folder");
        ss_output_abort(o);
        return SS_EINVAL;
    }
    /* The last moment a signal can stop the command: after it, the folder
     * is complete and in place. */
    if (ss_signal_caught())
        rc = ss_diag_set(d, SS_EINTR, "interrupted (signal %d): no folder written",
                         ss_signal_caught());
    rc = rc ? rc : place(o, d);
    if (rc)
        ss_output_abort(o);
    else
        free_output(o);
    return rc;
}

void ss_output_abort(ss_output *o)
{
    if (!o)
        return;
    close_files(o, 0);
    ss_remove_tree(o->tmp);
    free_output(o);
}
