/* The gnuplot driver. Invariant: text that comes from a scenario or a
 * world (names, labels) reaches gnuplot only as numbers, the byte codes of
 * each string in a chart's text.dat (ss_gnuplot_text), which plots/text.gp
 * turns back into strings. No scenario text is ever part of a gnuplot
 * command, so a scenario cannot make gnuplot run anything; the only
 * command line is the script's path and `fmt = 'png|svg|pdf'`.
 * gnuplot runs as a separate process in the chart's work folder, with
 * nothing on stdin and its stderr in a file: anything it says there fails
 * the chart, since a warning means a chart that is not as designed. */
#include "gnuplot.h"
#include "files.h"
#include "plot.h"
#include "report.h"
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where `make install` puts the scripts when PREFIX is /usr/local. */
#ifndef SS_PLOTS_DIR
#define SS_PLOTS_DIR "/usr/local/share/sanctsim/plots"
#endif

int ss_chart_format(const char *fmt)
{
    return !strcmp(fmt, "png") || !strcmp(fmt, "svg") || !strcmp(fmt, "pdf");
}

int ss_chart_format_arg(const char *fmt)
{
    return ss_chart_format(fmt)
               ? 0
               : ss_usage("--format %s is not known: expected png, svg or pdf", fmt);
}

void ss_gnuplot_missing(void)
{
    ss_errorf("gnuplot is not installed (or not on PATH); sanctsim draws its charts with it. "
              "Install it with: sudo apt-get install gnuplot-nox");
}

int ss_gnuplot_available(void)
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

/* 1 when dir holds the chart scripts (style.gp); its real path in out. */
static int scripts_in(const char *dir, char *out)
{
    char *p = ss_path_join(dir, "style.gp");
    int ok = p && ss_path_exists(p);
    free(p);
    return ok && realpath(dir, out);
}

/* Looks in $SANCTSIM_PLOTS, then plots/ next to the program (the source
 * tree), then ../share/sanctsim/plots from the program (an installed
 * copy), then SS_PLOTS_DIR. */
int ss_gnuplot_scripts(char *out, ss_diag *d)
{
    char exe[PATH_MAX], cand[4][PATH_MAX + 64];
    size_t nc = 0;
    const char *env = getenv("SANCTSIM_PLOTS");
    if (env && env[0])
        return scripts_in(env, out)
                   ? SS_OK
                   : ss_plot_fail(d, env, 0, SS_EIO,
                                  "SANCTSIM_PLOTS names this folder, which has no chart "
                                  "scripts (style.gp): point it at sanctsim's plots folder, or "
                                  "unset it");
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
    for (size_t i = 0; i < nc; i++)
        if (scripts_in(cand[i], out))
            return SS_OK;
    return ss_plot_fail(d, NULL, 0, SS_EIO,
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
        ss_errorf("gnuplot, %s.gp: %s", script, line);
    }
    if (f)
        fclose(f);
}

/* In the child: stdin and stdout on /dev/null, stderr into errfile, the
 * work folder as the current one; then gnuplot. Never returns. */
static void exec_gnuplot(const char *plots, const char *work, const char *errfile,
                         const char *setfmt, const char *path)
{
    int in = open("/dev/null", O_RDONLY), out = open("/dev/null", O_WRONLY),
        err = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
        chdir(work) != 0)
        _exit(126);
    /* The scripts load each other from the plots folder; HOME points at
     * the work folder so that no personal ~/.gnuplot changes them. */
    setenv("GNUPLOT_LIB", plots, 1);
    setenv("HOME", work, 1);
    char *const argv[] = {"gnuplot", "-e", (char *)setfmt, (char *)path, NULL};
    execvp("gnuplot", argv);
    _exit(127);
}

int ss_plot_work_name(const char *name)
{
    /* mkdtemp's six characters in place of the Xs. */
    const size_t fixed = sizeof SS_PLOT_WORK - 7;
    return strncmp(name, SS_PLOT_WORK, fixed) == 0 && strlen(name) == sizeof SS_PLOT_WORK - 1;
}

/* 1 when the file at path ends as a whole file of format fmt does: a PNG
 * with its IEND chunk, a PDF with %%EOF, an SVG with </svg> (the drawing
 * cut short by a full disk lacks it). */
static int whole(const char *path, const char *fmt)
{
    char tail[65] = "";
    FILE *f = fopen(path, "rb");
    size_t got = 0;
    if (f && fseek(f, -64, SEEK_END) != 0)
        rewind(f);
    if (f)
        got = fread(tail, 1, 64, f);
    if (f)
        fclose(f);
    if (strcmp(fmt, "png") == 0)
        return got >= 8 && memcmp(tail + got - 8, "IEND\xae\x42\x60\x82", 8) == 0;
    const char *end = strcmp(fmt, "pdf") == 0 ? "%%EOF" : "</svg>";
    for (size_t i = 0; i + strlen(end) <= got; i++)
        if (memcmp(tail + i, end, strlen(end)) == 0)
            return 1;
    return 0;
}

int ss_gnuplot_run(const char *plots, const char *work, const char *script, const char *fmt,
                   const char *output)
{
    char path[PATH_MAX + 64], setfmt[64], errfile[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s.gp", plots, script);
    snprintf(setfmt, sizeof setfmt, "fmt = '%s'", fmt); /* png, svg or pdf: checked */
    snprintf(errfile, sizeof errfile, "%s/gnuplot.err", work);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        ss_errorf("cannot start gnuplot: %s", strerror(errno));
        return 1;
    }
    if (pid == 0)
        exec_gnuplot(plots, work, errfile, setfmt, path);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            ss_errorf("lost gnuplot: %s", strerror(errno));
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
        ss_gnuplot_missing();
        return 1;
    }
    if (said)
        show_gnuplot_errors(errfile, script);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ss_errorf("gnuplot failed on %s/%s.gp (%s %d)", plots, script,
                  WIFEXITED(status) ? "exit status" : "signal",
                  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return 1;
    }
    if (said) {
        ss_errorf("gnuplot complained about %s/%s.gp (above), so its chart was "
                  "not kept",
                  plots, script);
        return 1;
    }
    char file[PATH_MAX + 128];
    snprintf(file, sizeof file, "%s/%s.%s", work, output, fmt);
    /* gnuplot.err is on the same disk, so a full one may have taken its
     * complaints too. */
    if (!whole(file, fmt)) {
        ss_errorf("%s/%s.gp drew a %s file that is missing, empty or cut short (is the disk "
                  "full?), so it was not kept",
                  plots, script, fmt);
        return 1;
    }
    return 0;
}

void ss_gnuplot_text(FILE *f, int first, const char *text)
{
    fprintf(f, "%s-1\n", first ? "" : "\n\n");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        fprintf(f, "%d\n", (*p < 32 && *p != '\n') || *p == 127 ? 32 : *p);
}
