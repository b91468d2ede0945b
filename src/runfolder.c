/* Reading a run folder for its charts (see runfolder.h). Every error
 * names the file and, for a field, its line: a run folder edited by hand
 * or written by another version is refused with a reason, never drawn
 * wrong. */
#include "runfolder.h"
#include "cost.h"
#include "files.h"
#include "plot.h"
#include "summary.h"
#include "sweepfolder.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ss_runfolder_open(ss_runfolder *r, const char *dir, int fit, ss_diag *d)
{
    memset(r, 0, sizeof *r);
    r->dir = dir;
    struct stat st;
    const size_t len = strlen(dir);
    if (stat(dir, &st) == 0 && S_ISREG(st.st_mode)) {
        /* A scenario file, most likely, given for its run's folder. */
        char how[PATH_MAX + 64] = "";
        if (len >= 4 && strcmp(dir + len - 4, ".ini") == 0)
            snprintf(how, sizeof how, " (sanctsim run %s writes one and prints its name)", dir);
        return ss_plot_fail(d, dir, 0, SS_EINVAL,
                            "a file, not a folder: give the folder a run wrote%s, or, to sanctsim "
                            "plot, a sweep or calibration folder",
                            how);
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return ss_plot_fail(d, dir, 0, SS_EINVAL,
                            "no such folder: give a run folder that sanctsim run "
                            "wrote, e.g. runs/illustrative (or, to sanctsim plot, "
                            "a sweep or calibration folder)");
    char *ini = ss_path_join(dir, "scenario.ini");
    if (!ini)
        return ss_plot_no_memory(d);
    if (!ss_path_exists(ini) && ss_is_sweep_folder(dir)) {
        free(ini);
        return ss_plot_fail(d, dir, 0, SS_EINVAL,
                            "a sweep folder: brief, compare and plot --compare take run folders "
                            "(sanctsim plot %s draws the sweep's charts)",
                            dir);
    }
    char *table = ss_path_join(dir, "compare.csv");
    const int compared = table && ss_path_exists(table);
    free(table);
    if (!ss_path_exists(ini)) {
        free(ini);
        return compared ? ss_plot_fail(d, dir, 0, SS_EINVAL,
                                       "a comparison folder (sanctsim compare wrote it): its page "
                                       "is brief.png and brief.pdf there already; brief, compare "
                                       "and plot take the run folders it compared")
                        : ss_plot_fail(d, dir, 0, SS_EINVAL,
                                       "not a sanctsim run folder: it has no scenario.ini "
                                       "(give a folder that sanctsim run wrote)");
    }
    const ss_folder_kind kind = ss_folder_kind_of(dir);
    if (kind == SS_FOLDER_EQUILIBRIUM) {
        free(ini);
        return ss_plot_fail(d, dir, 0, SS_EINVAL,
                            "an equilibrium folder (sanctsim equilibrium wrote it): plot, "
                            "brief and compare draw run folders, which sanctsim run writes");
    }
    if (!fit && kind == SS_FOLDER_CALIBRATION) {
        free(ini);
        return ss_plot_fail(d, dir, 0, SS_EINVAL,
                            "a calibration folder (sanctsim calibrate wrote it), which holds no "
                            "run's tables: its one chart is fit (sanctsim plot %s)",
                            dir);
    }
    r->s = ss_scenario_load(ini, NULL, 0, d);
    free(ini);
    return r->s ? SS_OK : SS_EINVAL;
}

void ss_runfolder_close(ss_runfolder *r)
{
    for (size_t i = 0; i < SS_RUN_NTABLES; i++)
        ss_table_free(r->t[i]);
    ss_scenario_free(r->s);
    memset(r, 0, sizeof *r);
}

/* The names of the tables the run wrote, as a message says them. */
static const char *tables_asked(const ss_scenario *s, char *text, size_t size)
{
    text[0] = '\0';
    for (int i = 0; i < SS_RUN_NTABLES; i++)
        if (s->tables >> i & 1)
            snprintf(text + strlen(text), size - strlen(text), "%s%s", text[0] ? " " : "",
                     ss_run_table_name[i]);
    return text;
}

/* ss_find_columns for a table that sanctsim run writes. */
static int run_columns(const ss_table *t, const char *names, long *pos, ss_diag *d)
{
    char expected[320];
    snprintf(expected, sizeof expected, "sanctsim run writes (%s, ...)", names);
    return ss_find_columns(t, names, pos, expected, d);
}

/* SS_OK when table `which` (t, with rows) reaches the run's last month,
 * which it writes last; SS_EINVAL otherwise: a table cut short at a line
 * break reads as whole, and its missing months as flows of 0 (a
 * reliability hunt). flows.csv and recorded.csv leave out rows of 0, so a
 * whole one may end earlier: they are not judged. */
static int reaches_last_month(const ss_runfolder *r, int which, const ss_table *t, ss_diag *d)
{
    if (which == SS_RUN_FLOWS || which == SS_RUN_RECORDED)
        return SS_OK;
    const long col = ss_table_column(t, "month");
    long at;
    /* A month that is no month of the run is ss_get_month's to report. */
    if (col < 0 || t->nrow == 0 ||
        ss_scenario_month_index(r->s, ss_table_get(t, t->nrow - 1, (size_t)col), &at) != 0 ||
        at < 0 || at >= r->s->months - 1)
        return SS_OK;
    char last[32];
    ss_scenario_month(r->s, r->s->months - 1, last, sizeof last);
    return ss_plot_fail(d, t->path, t->line[t->nrow - 1], SS_EINVAL,
                        "the table ends in month %s, before the run's last (%s): it was cut "
                        "short; run the scenario again with sanctsim run",
                        ss_table_get(t, t->nrow - 1, (size_t)col), last);
}

/* Reads table `which` of the folder: NAME.csv, or NAME.csv.gz. A table
 * that the run's [output] did not ask for is SS_SKIP, so that the charts
 * that need it are left out. */
static int read_table(ss_runfolder *r, int which, ss_diag *d)
{
    char name[64], asked[128];
    snprintf(name, sizeof name, "%s.csv", ss_run_table_name[which]);
    char *plain = ss_path_join(r->dir, name);
    strcat(name, ".gz");
    char *gz = ss_path_join(r->dir, name);
    int rc = plain && gz ? SS_OK : ss_plot_no_memory(d);
    const char *path = !rc && !ss_path_exists(plain) && ss_path_exists(gz) ? gz : plain;
    /* Flows left out altogether say so before their missing rows do. */
    if (!rc && which == SS_RUN_FLOWS && r->s->flows_direct && (r->s->tables >> which & 1))
        rc = ss_plot_fail(d, plain, 0, SS_SKIP,
                          "the run wrote flows.csv without its rows per intermediary "
                          "([output] flows = direct)");
    else if (!rc && path == plain && !ss_path_exists(plain))
        rc = !(r->s->tables >> which & 1)
                 ? ss_plot_fail(d, plain, 0, SS_SKIP,
                                "the run wrote no %s table ([output] tables = %s)",
                                ss_run_table_name[which], tables_asked(r->s, asked, sizeof asked))
                 : ss_plot_fail(d, plain, 0, SS_EINVAL,
                                "missing from the run folder: run the scenario again "
                                "with sanctsim run");
    else if (!rc && !(r->t[which] = ss_table_read(path, d)))
        rc = SS_EINVAL;
    else if (!rc && (rc = reaches_last_month(r, which, r->t[which], d))) {
        ss_table_free(r->t[which]);
        r->t[which] = NULL;
    }
    free(plain);
    free(gz);
    r->unwritten |= rc == SS_SKIP;
    return rc;
}

const ss_table *ss_runfolder_table(ss_runfolder *r, int which, const char *names, long *pos,
                                   ss_diag *d)
{
    if (!r->t[which] && read_table(r, which, d))
        return NULL;
    return !run_columns(r->t[which], names, pos, d) ? r->t[which] : NULL;
}

int ss_find_columns(const ss_table *t, const char *names, long *pos, const char *expected,
                    ss_diag *d)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", names);
    size_t k = 0;
    for (char *save = NULL, *name = strtok_r(buf, ",", &save); name;
         name = strtok_r(NULL, ",", &save)) {
        pos[k] = ss_table_column(t, name);
        if (pos[k++] < 0)
            return ss_plot_fail(d, t->path, 1, SS_EINVAL,
                                "has no column '%s': expected the columns that %s", name, expected);
    }
    return SS_OK;
}

int ss_get_month(const ss_runfolder *r, const ss_table *t, size_t row, long col, long *out,
                 ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    if (ss_scenario_month_index(r->s, text, out) == 0 && *out >= 0 && *out < r->s->months)
        return SS_OK;
    char first[32], last[32];
    ss_scenario_month(r->s, 0, first, sizeof first);
    ss_scenario_month(r->s, r->s->months - 1, last, sizeof last);
    return ss_plot_fail(d, t->path, t->line[row], SS_EINVAL,
                        "month '%s' is not a month of the run: "
                        "expected YYYY-MM from %s to %s",
                        text, first, last);
}

/* Index i of a country or sector (what) named by field (row, col); i < 0
 * when the world has none of that name. */
static int world_index(const ss_table *t, size_t row, long col, long i, const char *what,
                       const char *hint, size_t *out, ss_diag *d)
{
    if (i < 0)
        return ss_plot_fail(d, t->path, t->line[row], SS_EINVAL,
                            "%s '%s' is not in the run's world%s", what,
                            ss_table_get(t, row, (size_t)col), hint);
    *out = (size_t)i;
    return SS_OK;
}

int ss_get_country(const ss_world *w, const ss_table *t, size_t row, long col, size_t *out,
                   ss_diag *d)
{
    long i = ss_world_country(w, ss_table_get(t, row, (size_t)col));
    return world_index(t, row, col, i, "country", " (its scenario.ini names the world)", out, d);
}

int ss_get_sector(const ss_world *w, const ss_table *t, size_t row, long col, size_t *out,
                  ss_diag *d)
{
    long s = ss_world_sector(w, ss_table_get(t, row, (size_t)col));
    return world_index(t, row, col, s, "sector", "", out, d);
}

int ss_get_number(const ss_table *t, size_t row, long col, double *out, ss_diag *d)
{
    const char *text = ss_table_get(t, row, (size_t)col);
    if (ss_parse_number(text, out) == 0)
        return SS_OK;
    /* What a run writes for an infinite value, such as the import price
     * index of a country whose every foreign origin is closed (charts
     * leave it out, as any value that is not finite). */
    if (strcmp(text, "inf") == 0 || strcmp(text, "-inf") == 0) {
        *out = text[0] == '-' ? -INFINITY : INFINITY;
        return SS_OK;
    }
    return ss_plot_fail(d, t->path, t->line[row], SS_EINVAL, "'%s' in column %s is not a number",
                        text, t->header[col]);
}

int ss_read_row(const ss_runfolder *r, const ss_table *t, size_t row, const long *cols, ss_diag *d,
                const char *kinds, ...)
{
    const ss_world *w = r->s->world;
    va_list ap;
    va_start(ap, kinds);
    int rc = SS_OK;
    for (size_t q = 0; kinds[q] && !rc; q++) {
        switch (kinds[q]) {
        case 'm':
            rc = ss_get_month(r, t, row, cols[q], va_arg(ap, long *), d);
            break;
        case 'c':
            rc = ss_get_country(w, t, row, cols[q], va_arg(ap, size_t *), d);
            break;
        case 's':
            rc = ss_get_sector(w, t, row, cols[q], va_arg(ap, size_t *), d);
            break;
        case 'n':
            rc = ss_get_number(t, row, cols[q], va_arg(ap, double *), d);
            break;
        default: /* '-': a column that is not read */
            break;
        }
    }
    va_end(ap);
    return rc;
}

/* sc's coalition (and one_group) from the `by` of the sanctions it names:
 * all of them (at < 0), or those in force in month at when one is. */
static void mark_coalition(ss_scope *sc, const ss_config *c, size_t n, long at)
{
    int in_force = 0;
    for (size_t i = 0; at >= 0 && i < c->n_measures; i++)
        in_force |= ss_scope_names(sc, &c->measure[i]) && ss_cost_in_force(&c->measure[i], at);
    memset(sc->coalition, 0, n);
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        for (size_t q = 0; ss_scope_names(sc, m) && (!in_force || ss_cost_in_force(m, at)) &&
                           q < m->by.len;
             q++)
            sc->coalition[m->by.at[q]] = 1;
    }
    size_t members = 0;
    for (size_t q = 0; q < n; q++)
        members += sc->coalition[q] != 0;
    sc->one_group = 0;
    for (size_t i = 0; i < c->n_measures && !sc->one_group; i++) {
        sc->one_group = c->measure[i].by.len == members;
        for (size_t q = 0; sc->one_group && q < c->measure[i].by.len; q++)
            sc->one_group = sc->coalition[c->measure[i].by.at[q]] != 0;
    }
}

/* A scope being built month by month (scope_over, scope_in_last). */
typedef struct last_scope {
    ss_scope *sc;
    ss_diag *d;
} last_scope;

/* ss_scope_init, with the coalition of month `at` (mark_coalition), and
 * the targets and sectors of the groups as s has them. */
static int scope_at(ss_scope *sc, const ss_scenario *s, long at, ss_diag *d)
{
    const ss_world *w = s->world;
    const ss_config *c = s->config;
    memset(sc, 0, sizeof *sc);
    sc->coalition = ss_plot_zalloc(w->n, 1);
    sc->target = ss_plot_zalloc(w->n, 1);
    sc->sanctioned = ss_plot_zalloc(w->k, 1);
    sc->rerouted = ss_plot_zalloc(w->k, 1);
    sc->pair = ss_plot_zalloc(w->n * w->k, 1);
    sc->export_pair = ss_plot_zalloc(w->n * w->k, 1);
    sc->headline = ss_plot_zalloc(w->n, 1);
    if (!sc->coalition || !sc->target || !sc->sanctioned || !sc->rerouted || !sc->pair ||
        !sc->export_pair || !sc->headline)
        return ss_plot_no_memory(d);
    ss_cost_targets(c, w->n, -1, sc->target);
    ss_headline_targets(c, s->months - 1, sc->headline);
    for (size_t i = 0; i < c->n_measures; i++)
        sc->any_export |= !c->measure[i].answers && ss_restricts(&c->measure[i], SS_EXPORT);
    sc->imports = !sc->any_export || ss_headline_dir(c) == SS_IMPORT;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (m->answers)
            continue;
        for (size_t q = 0; q < m->sectors.len; q++) {
            sc->sanctioned[m->sectors.at[q]] = 1;
            sc->rerouted[m->sectors.at[q]] |= m->evasion == SS_EVADE_TRANSIT;
            for (size_t a = 0; a < m->target.len && ss_restricts(m, SS_EXPORT); a++)
                sc->pair[m->target.at[a] * w->k + m->sectors.at[q]] = 1;
            for (size_t a = 0; a < m->target.len; a++)
                sc->export_pair[m->target.at[a] * w->k + m->sectors.at[q]] |=
                    ss_restricts(m, SS_IMPORT) || m->kind == SS_PRICE_CAP;
        }
    }
    mark_coalition(sc, c, w->n, at);
    return SS_OK;
}

/* Adds month t's targets and sectors (as the groups then have them) to
 * those of the scope over the run; in the last month, its headline's
 * targets replace the first month's. */
static int scope_over(const ss_scenario *now, long t, void *user)
{
    last_scope *l = user;
    ss_scope m;
    const size_t n = now->world->n, k = now->world->k;
    int rc = scope_at(&m, now, -1, l->d);
    for (size_t i = 0; !rc && i < n; i++) {
        l->sc->target[i] |= m.target[i];
        if (t + 1 == now->months)
            l->sc->headline[i] = m.headline[i];
    }
    for (size_t q = 0; !rc && q < k; q++) {
        l->sc->sanctioned[q] |= m.sanctioned[q];
        l->sc->rerouted[q] |= m.rerouted[q];
    }
    for (size_t q = 0; !rc && q < n * k; q++) {
        l->sc->pair[q] |= m.pair[q];
        l->sc->export_pair[q] |= m.export_pair[q];
    }
    ss_scope_free(&m);
    return rc;
}

int ss_scope_init(ss_scope *sc, const ss_scenario *s, ss_diag *d)
{
    int rc = scope_at(sc, s, -1, d);
    if (rc || !ss_scenario_changes_groups(s))
        return rc;
    last_scope l = {sc, d};
    return ss_scenario_replay(s, scope_over, &l, d);
}

int ss_scope_names(const ss_scope *sc, const ss_measure *m)
{
    if (m->answers)
        return 0;
    if (!sc->any_export)
        return 1;
    return (m->direction & (sc->imports ? SS_IMPORT : SS_EXPORT)) != 0;
}

static int scope_in_last(const ss_scenario *now, long t, void *user)
{
    last_scope *l = user;
    return t + 1 < now->months ? SS_OK : scope_at(l->sc, now, t, l->d);
}

int ss_scope_last(ss_scope *sc, const ss_scenario *s, ss_diag *d)
{
    /* The groups as the last month has them, from the dated changes, and
     * the coalition of the sanctions then in force (one that ended keeps
     * the countries of its own last month). */
    memset(sc, 0, sizeof *sc);
    if (s->months < 2)
        return scope_at(sc, s, s->months - 1, d);
    last_scope l = {sc, d};
    return ss_scenario_replay(s, scope_in_last, &l, d);
}

void ss_scope_free(ss_scope *sc)
{
    free(sc->coalition);
    free(sc->target);
    free(sc->sanctioned);
    free(sc->rerouted);
    free(sc->pair);
    free(sc->export_pair);
    free(sc->headline);
    memset(sc, 0, sizeof *sc);
}

int ss_export_sanctioned(const ss_config *c, size_t i, size_t t, size_t s)
{
    if (i == t)
        return 0;
    for (size_t q = 0; q < c->n_measures; q++) {
        const ss_measure *m = &c->measure[q];
        if (ss_restricts(m, SS_EXPORT) && ss_set_has(&m->by, i) && ss_set_has(&m->target, t) &&
            ss_set_has(&m->sectors, s))
            return 1;
    }
    return 0;
}

int ss_runfolder_comparable(const ss_runfolder *a, const ss_runfolder *b, ss_diag *d)
{
    char a0[32], b0[32];
    ss_scenario_month(a->s, 0, a0, sizeof a0);
    ss_scenario_month(b->s, 0, b0, sizeof b0);
    if (strcmp(a->s->world_dir, b->s->world_dir) != 0)
        return ss_plot_fail(d, b->dir, 0, SS_EINVAL,
                            "runs on the world %s, and %s on %s: compare runs of one world",
                            b->s->world_dir, a->dir, a->s->world_dir);
    if (strcmp(a0, b0) != 0 || a->s->months != b->s->months)
        return ss_plot_fail(d, b->dir, 0, SS_EINVAL,
                            "runs %ld months from %s, and %s %ld months from %s: compare runs of "
                            "the same months",
                            b->s->months, b0, a->dir, a->s->months, a0);
    return SS_OK;
}
