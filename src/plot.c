/* `sanctsim plot` and `sanctsim brief`: a run folder's charts, or a sweep
 * folder's, drawn by gnuplot running as a separate process (plot.h lists
 * the files that do the work). This file owns the command lines, the
 * work folder and the order of the work: read the folder, prepare each
 * chart's data in DIR/.plot-work-XXXXXX/CHART/, run its script, and move
 * the chart to its final name only when gnuplot finished cleanly and wrote
 * nothing on stderr. Bad data stops everything; a chart with nothing to
 * show is left out, and said so.
 *
 * Test hook: with SANCTSIM_PLOT_KEEP set, the work folder with the data
 * prepared for gnuplot is not removed, so that tests/cli_plot_sweep.sh can
 * compare it with sweep-summary.csv. */
#include "plot.h"
#include "chart.h"
#include "commands.h"
#include "files.h"
#include "gnuplot.h"
#include "options.h"
#include "report.h"
#include "signals.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the command lines ------------------------------------------------------- */

typedef struct plot_args {
    const char *dir, *format, *only, *compare, *month, *indicator;
} plot_args;

/* The chart of this name in list, or NULL. */
static const ss_chart_def *chart_named(const ss_chart_def *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i].name) == 0)
            return &list[i];
    return NULL;
}

/* `plot`'s options, each with one value. */
static const char *const plot_options[] = {"--format", "--only",      "--compare",
                                           "--month",  "--indicator", NULL};

/* The value slot of a `plot` option, or NULL. */
static const char **option_slot(plot_args *a, const char *arg)
{
    const char **slots[] = {&a->format, &a->only, &a->compare, &a->month, &a->indicator};
    for (size_t i = 0; plot_options[i]; i++)
        if (strcmp(arg, plot_options[i]) == 0)
            return slots[i];
    return NULL;
}

static int parse_args(int argc, char **argv, plot_args *a, int is_plot)
{
    const char *cmd = is_plot ? "plot" : "brief";
    memset(a, 0, sizeof *a);
    a->format = "png";
    if (is_plot)
        ss_warn_repeated(argc, argv, plot_options);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = is_plot ? option_slot(a, arg) : NULL;
        if (slot && i + 1 >= argc)
            return ss_usage("option '%s' needs a value", arg);
        if (slot)
            *slot = argv[++i];
        else if (arg[0] == '-' && arg[1] != '\0')
            return ss_unknown_option(arg, cmd);
        else if (!a->dir)
            a->dir = ss_folder_arg(argv[i]);
        else
            return ss_usage("one run folder at a time: '%s' is extra", arg);
    }
    if (!a->dir)
        return ss_usage("name a run folder, e.g. sanctsim %s runs/illustrative", cmd);
    if (ss_chart_format_arg(a->format))
        return 2;
    if (a->only && !chart_named(ss_run_charts, ss_n_run_charts, a->only) &&
        !chart_named(ss_sweep_charts, ss_n_sweep_charts, a->only) &&
        !chart_named(ss_fit_charts, ss_n_fit_charts, a->only)) {
        char names[512] = "";
        for (size_t i = 0; i < ss_n_run_charts; i++) /* "a, b, ... and z" */
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     i == 0                    ? ""
                     : i + 1 < ss_n_run_charts ? ", "
                                               : " and ",
                     ss_run_charts[i].name);
        ss_nearest near = SS_NEAREST;
        const ss_chart_def *const defs[3] = {ss_run_charts, ss_sweep_charts, ss_fit_charts};
        const size_t counts[3] = {ss_n_run_charts, ss_n_sweep_charts, ss_n_fit_charts};
        for (int g = 0; g < 3; g++)
            for (size_t i = 0; i < counts[g]; i++)
                ss_nearest_try(&near, a->only, defs[g][i].name);
        char hint[160];
        return ss_usage("--only %s: no such chart%s; the charts are %s for a run folder, "
                        "sweep-band and sweep-heatmap for a sweep folder, fit for a calibration "
                        "folder",
                        a->only, ss_nearest_hint(&near, "", "", hint, sizeof hint), names);
    }
    return 0;
}

/* ---- the work folder ----------------------------------------------------------- */

int ss_plot_workspace(const char *dir, ss_diag *d, char *plots, char **work)
{
    *work = NULL;
    if (!ss_gnuplot_available()) {
        ss_gnuplot_missing();
        return 1;
    }
    int rc = ss_gnuplot_scripts(plots, d);
    if (rc) {
        ss_report(d);
        return ss_plot_exit_status(rc);
    }
    *work = ss_path_join(dir, SS_PLOT_WORK);
    if (!*work || !mkdtemp(*work)) {
        ss_errorf("%s: cannot write in the folder: %s", dir, strerror(errno));
        free(*work);
        *work = NULL;
        return 1;
    }
    return 0;
}

void ss_plot_remove_work(char *work)
{
    const char *keep_it = getenv("SANCTSIM_PLOT_KEEP");
    if (work && !(keep_it && keep_it[0]))
        ss_remove_tree(work);
    free(work);
}

/* Moves work/FROM to TO and prints TO, or reports why not; 0 or 1. */
static int plot_keep(const char *work, const char *from, const char *to)
{
    char *src = ss_path_join(work, from);
    int ok = src && rename(src, to) == 0;
    if (!ok)
        ss_errorf("%s: cannot write: %s", to, strerror(errno));
    else
        printf("%s\n", to);
    free(src);
    return ok ? 0 : 1;
}

/* ---- a run folder -------------------------------------------------------------- */

/* Everything both commands set up for a run folder (fit: a calibration
 * folder, for its chart): the run (and the one to compare, which is
 * opened before any chart is drawn), the job, then the workspace.
 * Returns an exit status, 0 when ready; teardown undoes it all, whatever
 * it returned. */
static int setup(const plot_args *a, int fit, ss_plot_job *j, ss_runfolder *r, ss_runfolder *cmp,
                 ss_diag *d, char *plots, char **work)
{
    *work = NULL;
    memset(j, 0, sizeof *j);
    ss_diag_clear(d);
    int rc;
    if (a->compare && ss_same_file(a->dir, a->compare))
        return ss_usage("--compare %s is %s itself: name another run to compare it with",
                        a->compare, a->dir);
    if ((rc = ss_runfolder_open(r, a->dir, fit, d)) ||
        (a->compare && ((rc = ss_runfolder_open(cmp, a->compare, 0, d)) ||
                        (rc = ss_runfolder_comparable(r, cmp, d)))) ||
        (rc = ss_plot_job_init(j, r, a->compare ? cmp : NULL, d))) {
        ss_report(d);
        return ss_plot_exit_status(rc);
    }
    const int bad = a->month && ss_scenario_month_index(r->s, a->month, &j->month) != 0;
    /* Not YYYY-MM at all (2023-6), as against a month the run lacks (2022-13, 1850-01). */
    const int malformed = bad && !(strlen(a->month) == 7 && strspn(a->month, "0123456789") == 4 &&
                                   a->month[4] == '-' && strspn(a->month + 5, "0123456789") == 2);
    if (a->month && (bad || j->month < 0 || j->month >= r->s->months)) {
        char first[32], last[32];
        ss_scenario_month(r->s, 0, first, sizeof first);
        ss_scenario_month(r->s, r->s->months - 1, last, sizeof last);
        return ss_usage("--month %s is %s: expected YYYY-MM%s from %s to %s", a->month,
                        malformed ? "not written as a month" : "not a month of the run",
                        malformed ? " (two digits for the month)," : "", first, last);
    }
    return ss_plot_workspace(a->dir, d, plots, work);
}

static void teardown(ss_plot_job *j, ss_runfolder *r, ss_runfolder *cmp, char *work)
{
    ss_plot_remove_work(work);
    ss_plot_job_free(j);
    ss_runfolder_close(r);
    ss_runfolder_close(cmp);
}

/* 1 when path names a file in folder dir (as given, DIR/...). */
static int in_folder(const char *path, const char *dir)
{
    const size_t len = strlen(dir);
    return strncmp(path, dir, len) == 0 && path[len] == '/';
}

/* Draws the charts of list (or the one --only names) into DIR/plots. Bad
 * data stops everything; a chart that gnuplot fails on does not stop the
 * others, but the exit status says so. When no chart could be drawn
 * (the run's [output] left out the tables they read, or a sweep varies no
 * key), that is bad input (status 2), so that a script can tell, and no
 * empty plots folder is left. Returns the exit status. */
static int draw_charts(ss_plot_job *j, const plot_args *a, const ss_chart_def *list, size_t n,
                       const char *plots, const char *work)
{
    char *outdir = ss_path_join(a->dir, "plots");
    if (!outdir || (mkdir(outdir, 0777) != 0 && errno != EEXIST)) {
        ss_errorf("%s: cannot create: %s", outdir ? outdir : a->dir, strerror(errno));
        free(outdir);
        return 1;
    }
    int status = 0, failed = 0, drawn = 0, lacking = 0;
    /* A sweep's charts of another indicator than the default are files of
     * their own (sweep-band-NAME.png), beside the default's. */
    const int own = a->indicator && strcmp(a->indicator, "final_leakage") != 0;
    for (size_t i = 0; i < n && !status && !ss_signal_caught(); i++) {
        const ss_chart_def *ch = &list[i];
        if (a->only && strcmp(a->only, ch->name) != 0)
            continue;
        char chart[64], final[PATH_MAX + 128];
        snprintf(chart, sizeof chart, "chart.%s", a->format);
        snprintf(final, sizeof final, "%s/%s%s%s.%s", outdir, ch->name, own ? "-" : "",
                 own ? a->indicator : "", a->format);
        ss_diag_clear(j->d);
        int rc = ss_chart_prepare(j, work, ch);
        if (rc == SS_SKIP && a->compare && in_folder(j->d->file, a->compare) &&
            !in_folder(j->d->file, a->dir)) {
            /* The run compared with lacks what the chart reads: the
             * comparison asked for cannot be drawn, an error (a user's
             * trial lost three charts this way, exit 0); a drawing from
             * before stays. */
            ss_plot_skipped(a->dir, ch->name, j->d);
            lacking = 1;
            continue;
        }
        if (rc == SS_SKIP) {
            /* A chart with nothing to show is left out, and said so; an
             * older drawing of it (another --month or --compare) would
             * answer for it, so it goes, and that is said too. */
            ss_plot_skipped(a->dir, ch->name, j->d);
            if (unlink(final) == 0)
                ss_errorf("%s: removed the older plots/%s, drawn by an earlier plot, so that it "
                          "is not taken for this one",
                          a->dir, strrchr(final, '/') + 1);
            status = a->only ? 2 : 0;
            continue;
        }
        if (rc) {
            ss_report(j->d);
            status = ss_plot_exit_status(rc);
            break;
        }
        if (ss_gnuplot_run(plots, work, ch->name, a->format, "chart") ||
            plot_keep(work, chart, final))
            failed = 1;
        drawn++;
    }
    if (!drawn) {
        rmdir(outdir); /* only when empty: charts drawn before stay */
        if (!status && j->r && j->r->unwritten) /* j->r: a run folder, not a sweep's */
            ss_errorf("%s: no chart: the run's [output] left out the tables they read", a->dir);
        else if (!status && !ss_signal_caught())
            ss_errorf("%s: no chart to draw (each one's reason above)", a->dir);
        status = status || ss_signal_caught() ? status : 2;
    }
    free(outdir);
    return !status && failed ? 1 : status ? status : lacking ? 2 : 0;
}

/* ---- the commands --------------------------------------------------------------- */

/* `sanctsim plot SWEEP_DIR`: the sweep charts. */
static int plot_sweep(const plot_args *a)
{
    if (a->compare || a->month)
        return ss_usage("%s is for run folders, and %s is a sweep folder",
                        a->compare ? "--compare" : "--month", a->dir);
    if (a->only && !chart_named(ss_sweep_charts, ss_n_sweep_charts, a->only))
        return ss_usage("--only %s: %s is a sweep folder, whose charts are sweep-band and "
                        "sweep-heatmap",
                        a->only, a->dir);
    ss_plot_job j;
    ss_sweepfolder sw;
    ss_diag d;
    memset(&j, 0, sizeof j);
    ss_diag_clear(&d);
    j.d = &d;
    j.sw = &sw;
    int rc = ss_sweepfolder_open(&sw, a->dir, a->indicator, &d), status = 0;
    char plots[PATH_MAX], *work = NULL;
    if (rc) {
        ss_report(&d);
        status = ss_plot_exit_status(rc);
    }
    status = status ? status : ss_plot_workspace(a->dir, &d, plots, &work);
    status = status ? status : draw_charts(&j, a, ss_sweep_charts, ss_n_sweep_charts, plots, work);
    ss_plot_remove_work(work);
    ss_sweepfolder_close(&sw);
    return status;
}

int ss_cmd_plot(int argc, char **argv)
{
    plot_args a;
    int status = parse_args(argc, argv, &a, 1);
    if (status)
        return status;
    /* A signal stops the drawing and removes the work folder. */
    if (ss_is_sweep_folder(a.dir)) {
        ss_signals_catch();
        return ss_signals_finish_saying(plot_sweep(&a), "the charts drawn before it are kept");
    }
    struct stat st;
    int is_dir = stat(a.dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (a.indicator && is_dir)
        return ss_usage("--indicator is for sweep folders, and %s is not one (it has no "
                        "sweep-summary.csv)",
                        a.dir);
    /* A calibration folder opens as a run folder (its scenario.ini) and has
     * its own chart. */
    const int fit = ss_folder_kind_of(a.dir) == SS_FOLDER_CALIBRATION;
    if (a.only && fit && !chart_named(ss_fit_charts, ss_n_fit_charts, a.only))
        return ss_usage("--only %s: %s is a calibration folder, whose chart is fit", a.only, a.dir);
    if (a.only && !fit && !chart_named(ss_run_charts, ss_n_run_charts, a.only) && is_dir)
        return ss_usage(
            "--only %s: a chart of a %s folder, and %s is not one", a.only,
            chart_named(ss_fit_charts, ss_n_fit_charts, a.only) ? "calibration" : "sweep", a.dir);
    if (fit && (a.compare || a.month))
        return ss_usage("%s is for run folders, and %s is a calibration folder",
                        a.compare ? "--compare" : "--month", a.dir);
    ss_signals_catch();
    ss_plot_job j;
    ss_runfolder r = {0}, cmp = {0};
    ss_diag d;
    char plots[PATH_MAX], *work;
    status = setup(&a, fit, &j, &r, &cmp, &d, plots, &work);
    if (!status)
        status = fit ? draw_charts(&j, &a, ss_fit_charts, ss_n_fit_charts, plots, work)
                     : draw_charts(&j, &a, ss_run_charts, ss_n_run_charts, plots, work);
    teardown(&j, &r, &cmp, work);
    return ss_signals_finish_saying(status, "the charts drawn before it are kept");
}

int ss_cmd_brief(int argc, char **argv)
{
    plot_args a;
    int status = parse_args(argc, argv, &a, 0);
    if (status)
        return status;
    ss_signals_catch();
    ss_plot_job j;
    ss_runfolder r = {0}, cmp = {0};
    ss_diag d;
    char plots[PATH_MAX], *work;
    status = setup(&a, 0, &j, &r, &cmp, &d, plots, &work);
    /* The brief shows charts 1 to 3 and the key numbers. */
    const ss_chart_def *parts[] = {&ss_run_charts[0], &ss_run_charts[1], &ss_run_charts[2],
                                   &ss_brief_numbers};
    for (size_t i = 0; i < 4 && !status; i++) {
        ss_diag_clear(j.d);
        int rc = ss_chart_prepare(&j, work, parts[i]);
        if (rc == SS_SKIP) {
            ss_errorf("%s: no brief: %s%s", a.dir, j.d->msg,
                      r.unwritten ? "; a brief reads it"
                                  : ", and a brief needs a sanction evaded through intermediaries");
            status = 2;
        } else if (rc) {
            ss_report(j.d);
            status = ss_plot_exit_status(rc);
        }
    }
    static const char *const formats[] = {"pdf", "png"};
    for (size_t i = 0; i < 2 && !status; i++) {
        char from[32], final[PATH_MAX + 32];
        snprintf(from, sizeof from, "brief.%s", formats[i]);
        snprintf(final, sizeof final, "%s/brief.%s", a.dir, formats[i]);
        status = ss_gnuplot_run(plots, work, "brief", formats[i], "brief");
        status = status ? status : plot_keep(work, from, final);
    }
    teardown(&j, &r, &cmp, work);
    return ss_signals_finish_saying(status, "the brief files drawn before it are kept");
}
