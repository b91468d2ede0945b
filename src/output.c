/* Writing a run folder atomically: each CSV goes to NAME.tmp inside a
 * hidden temporary folder, is renamed to NAME when complete, and the folder
 * is renamed to the requested path only when every file is complete. The
 * files of a monthly run are written here too. */
#include "output.h"
#include "files.h"
#include "summary.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A run's files, the first ones a run folder opens. */
enum { F_SUMMARY, F_FLOWS, F_RECORDED, F_INTERMEDIARIES, F_COUNTRIES, NFILES };
enum { MAX_FILES = 8 };

static const char *const file_name[NFILES] = {"summary.csv", "flows.csv", "recorded.csv",
                                              "intermediaries.csv", "countries.csv"};
static const char *const file_header[NFILES] = {
    "month,coalition,target,sector,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,leakage,"
    "target_price_index,direction,target_import_price_index",
    "month,origin,destination,via,sector,value_usd_mn",
    "month,exporter,importer,sector,exports_usd_mn,imports_usd_mn",
    "month,intermediary,sector,transit_usd_mn,commission_rate,commission_usd_mn,capacity_usd_mn,"
    "detection_probability,caught,reach",
    "month,country,sector,imports_usd_mn,exports_usd_mn,price_index,import_price_index"};

struct ss_output {
    char *final, *tmp;
    int force;
    FILE *f[MAX_FILES];
    const char *name[MAX_FILES];
    size_t nfiles;
    ss_watch *w;
    size_t nw;
};

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

static void free_output(ss_output *o)
{
    for (size_t i = 0; i < o->nfiles; i++)
        if (o->f[i])
            fclose(o->f[i]);
    free(o->final);
    free(o->tmp);
    free(o->w);
    free(o);
}

ss_output *ss_output_open(const char *dir, int force, const ss_scenario *s, ss_diag *d)
{
    if (ss_path_exists(dir)) {
        /* A run folder's scenario.ini starts with the line this program
         * writes; a user's own scenario.ini next to their notes does not. */
        char *ini = path_in(dir, "scenario.ini", ""), first[64] = "";
        FILE *f = ini ? fopen(ini, "r") : NULL;
        if (f && !fgets(first, sizeof first, f))
            first[0] = '\0';
        if (f)
            fclose(f);
        free(ini);
        int is_run = strncmp(first, SS_RESOLVED_MARK, strlen(SS_RESOLVED_MARK)) == 0;
        if (d) {
            snprintf(d->file, sizeof d->file, "%s", dir);
            d->line = 0;
        }
        if (!force) {
            ss_diag_set(d, SS_EINVAL,
                        "the output folder exists already: choose another --out, "
                        "or add --force to replace it");
            return NULL;
        }
        if (!is_run) {
            ss_diag_set(d, SS_EINVAL,
                        "exists and is not a sanctsim run folder (no scenario.ini "
                        "written by sanctsim): --force replaces only run folders");
            return NULL;
        }
    }
    ss_output *o = calloc(1, sizeof *o);
    char *copy = strdup(dir), *copy2 = strdup(dir);
    if (!o || !copy || !copy2) {
        free(o);
        free(copy);
        free(copy2);
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    o->force = force;
    o->final = strdup(dir);
    size_t len = strlen(dir) + 32;
    o->tmp = malloc(len);
    if (o->tmp)
        snprintf(o->tmp, len, "%s/.%s.partial-XXXXXX", dirname(copy), basename(copy2));
    free(copy);
    free(copy2);
    if (!o->final || !o->tmp) {
        free_output(o);
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    if (!mkdtemp(o->tmp)) {
        sys_fail(d, dir, "cannot create the output folder");
        free_output(o);
        return NULL;
    }
    /* mkdtemp makes a private folder; a run folder follows the umask. */
    mode_t mask = umask(0);
    umask(mask);
    chmod(o->tmp, 0777 & ~mask);
    char *ini = path_in(o->tmp, "scenario.ini", "");
    FILE *f = ini ? fopen(ini, "w") : NULL;
    int rc = f ? ss_scenario_write(s, f) : SS_EINVAL;
    if (f && fclose(f) != 0)
        rc = SS_EINVAL;
    free(ini);
    if (rc) {
        sys_fail(d, dir, "cannot write the output folder");
        ss_output_abort(o);
        return NULL;
    }
    return o;
}

FILE *ss_output_add(ss_output *o, const char *name, const char *header, ss_diag *d)
{
    char *p = o->nfiles < MAX_FILES ? path_in(o->tmp, name, ".tmp") : NULL;
    FILE *f = p ? fopen(p, "w") : NULL;
    free(p);
    if (!f || fprintf(f, "%s\n", header) < 0) {
        if (f)
            fclose(f);
        sys_fail(d, o->final, "cannot write the output folder");
        return NULL;
    }
    o->name[o->nfiles] = name;
    o->f[o->nfiles++] = f;
    return f;
}

/* Opens the files of a monthly run, on its first month. */
static int start_run(ss_output *o, const ss_scenario *s, ss_diag *d)
{
    if (o->nfiles != 0 || ss_watches(s->config, &o->w, &o->nw))
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    for (size_t i = 0; i < NFILES; i++)
        if (!ss_output_add(o, file_name[i], file_header[i], d))
            return SS_EINVAL;
    return SS_OK;
}

static void write_summary(ss_output *o, const char *month, const ss_scenario *sc, const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *price = ss_sim_price(sim), *imp = ss_sim_import_price(sim);
    for (size_t q = 0; q < o->nw; q++) {
        const ss_watch *wa = &o->w[q];
        double base, direct, rerouted;
        ss_watch_flows(w, sim, wa, &base, &direct, &rerouted);
        const size_t tq = wa->target * w->k + wa->sector;
        fprintf(o->f[F_SUMMARY], "%s,%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%s,%.10g\n", month,
                wa->m->by_name, w->iso3[wa->target], w->sector[wa->sector], base, direct, rerouted,
                base > 0 ? rerouted / base : 0, price[tq],
                wa->direction == SS_EXPORT ? "export" : "import", imp[tq]);
    }
}

static void write_flows(ss_output *o, const char *month, const ss_scenario *sc, const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *direct = ss_sim_direct(sim);
    FILE *f = o->f[F_FLOWS];
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < w->n; j++)
            for (size_t s = 0; s < w->k; s++) {
                double v = direct[ss_idx(w, i, j, s)];
                if (v > 0)
                    fprintf(f, "%s,%s,%s,,%s,%.10g\n", month, w->iso3[i], w->iso3[j], w->sector[s],
                            v);
            }
    size_t nre = ss_sim_n_rerouted(sim);
    for (size_t r = 0; r < nre; r++) {
        size_t i, j, s;
        ss_sim_rerouted(sim, r, &i, &j, &s);
        for (size_t m = 0; m < w->n; m++) {
            double v = ss_sim_via(sim, i, j, s, m);
            if (v > 0)
                fprintf(f, "%s,%s,%s,%s,%s,%.10g\n", month, w->iso3[i], w->iso3[j], w->iso3[m],
                        w->sector[s], v);
        }
    }
}

static void write_recorded(ss_output *o, const char *month, const ss_scenario *sc, ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *ex = ss_sim_exports(sim), *im = ss_sim_imports(sim);
    for (size_t i = 0; i < w->n; i++)
        for (size_t j = 0; j < w->n; j++)
            for (size_t s = 0; i != j && s < w->k; s++) {
                size_t idx = ss_idx(w, i, j, s);
                if (ex[idx] > 0 || im[idx] > 0)
                    fprintf(o->f[F_RECORDED], "%s,%s,%s,%s,%.10g,%.10g\n", month, w->iso3[i],
                            w->iso3[j], w->sector[s], ex[idx], im[idx]);
            }
}

static void write_agents(ss_output *o, const char *month, const ss_scenario *sc, const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *v = ss_sim_transit(sim), *c = ss_sim_commission_rate(sim),
                 *inc = ss_sim_commission_income(sim), *q = ss_sim_capacity(sim),
                 *p = ss_sim_detection(sim), *caught = ss_sim_caught(sim),
                 *reach = ss_sim_reach(sim);
    for (size_t m = 0; m < w->n; m++) {
        if (!sc->config->agent[m].candidate)
            continue;
        for (size_t s = 0; s < w->k; s++) {
            size_t mq = m * w->k + s;
            fprintf(o->f[F_INTERMEDIARIES], "%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n",
                    month, w->iso3[m], w->sector[s], v[mq], c[mq], inc[mq], q[mq], p[m], caught[m],
                    reach[mq]);
        }
    }
}

static void write_countries(ss_output *o, const char *month, const ss_scenario *sc,
                            const ss_sim *sim)
{
    const ss_world *w = sc->world;
    const double *x = ss_sim_flows(sim), *price = ss_sim_price(sim),
                 *imp = ss_sim_import_price(sim);
    for (size_t c = 0; c < w->n; c++) {
        for (size_t s = 0; s < w->k; s++) {
            double imports = 0, exports = 0;
            for (size_t o2 = 0; o2 < w->n; o2++) {
                if (o2 == c)
                    continue;
                imports += x[ss_idx(w, o2, c, s)];
                exports += x[ss_idx(w, c, o2, s)];
            }
            fprintf(o->f[F_COUNTRIES], "%s,%s,%s,%.10g,%.10g,%.10g,%.10g\n", month, w->iso3[c],
                    w->sector[s], imports, exports, price[c * w->k + s], imp[c * w->k + s]);
        }
    }
}

int ss_output_month(ss_output *o, const ss_scenario *s, ss_sim *sim, ss_diag *d)
{
    if (o->nfiles == 0 && start_run(o, s, d))
        return SS_EINVAL;
    char month[32];
    ss_scenario_month(s, ss_sim_month(sim), month, sizeof month);
    write_summary(o, month, s, sim);
    write_flows(o, month, s, sim);
    write_recorded(o, month, s, sim);
    write_agents(o, month, s, sim);
    write_countries(o, month, s, sim);
    for (size_t i = 0; i < o->nfiles; i++)
        if (ferror(o->f[i]))
            return sys_fail(d, o->final, "cannot write the output folder");
    return SS_OK;
}

int ss_output_commit(ss_output *o, ss_diag *d)
{
    int rc = SS_OK;
    for (size_t i = 0; i < o->nfiles; i++) {
        int bad = fflush(o->f[i]) != 0 || fsync(fileno(o->f[i])) != 0;
        bad |= fclose(o->f[i]) != 0;
        o->f[i] = NULL;
        char *from = path_in(o->tmp, o->name[i], ".tmp"), *to = path_in(o->tmp, o->name[i], "");
        if (bad || !from || !to || rename(from, to) != 0)
            rc = SS_EINVAL;
        free(from);
        free(to);
    }
    char *old = NULL;
    if (!rc && o->force && ss_path_exists(o->final)) {
        /* Move the old folder aside, put the new one in place, then delete. */
        size_t len = strlen(o->tmp) + 8;
        old = malloc(len);
        if (!old)
            rc = SS_ENOMEM;
        else
            snprintf(old, len, "%s.old", o->tmp);
        if (!rc && rename(o->final, old) != 0)
            rc = SS_EINVAL;
    }
    if (!rc && rename(o->tmp, o->final) != 0)
        rc = SS_EINVAL;
    if (rc) {
        sys_fail(d, o->final, "cannot complete the output folder");
        if (old)
            rename(old, o->final);
        ss_output_abort(o);
        free(old);
        return SS_EINVAL;
    }
    if (old)
        ss_remove_tree(old);
    free(old);
    free_output(o);
    return SS_OK;
}

void ss_output_abort(ss_output *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nfiles; i++)
        if (o->f[i]) {
            fclose(o->f[i]);
            o->f[i] = NULL;
        }
    ss_remove_tree(o->tmp);
    free_output(o);
}
