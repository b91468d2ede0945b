/* The sanctsim program: dispatches a subcommand. Exit status 0 success,
 * 1 the work failed, 2 bad usage or bad input. */
#include "calibrate.h"
#include "commands.h"
#include "report.h"
#include "scenario.h"
#include "sweep.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: sanctsim COMMAND [ARGS]\n"
    "\n"
    "Simulates how sanctioned trade reroutes through intermediary countries.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [--set section.key=value ...] [--seed N] [--twin] [--out DIR] [--force]\n"
    "      [--threads N] [--tables LIST] [--flows direct|routes] [--compress]\n"
    "      [--durable | --no-durable]\n"
    "                         run a scenario and write a run folder (default runs/FILE,\n"
    "                         FILE the scenario file's name without .ini)\n"
    "  check SCENARIO [--set ...] [--seed N]\n"
    "                         validate a scenario and its world, print what would run\n"
    "  equilibrium SCENARIO [--at YYYY-MM] [--set ...] [--out DIR] [--force]\n"
    "              [--threads N] [--compress] [--durable | --no-durable]\n"
    "                         the static general equilibrium of one month's link costs\n"
    "  plot RUN_DIR|SWEEP_DIR|CALIBRATE_DIR [--format png|svg|pdf] [--only NAME]\n"
    "       [--compare OTHER_RUN] [--month YYYY-MM] [--indicator NAME]\n"
    "                         draw a run's, a sweep's or a calibration's charts with gnuplot\n"
    "                         into DIR/plots\n"
    "  brief RUN_DIR          write RUN_DIR/brief.pdf and brief.png: key numbers and three charts\n"
    "  compare RUN_DIR RUN_DIR... [--format png|svg|pdf] [--out DIR] [--labels A,B,...] [--force]\n"
    "                         compare runs: compare.csv, overlaid charts and a one-page brief\n"
    "  sweep SCENARIO [--vary section.key=FROM:TO:N ...] [--sample ... --points N]\n"
    "        [--replicates R] [--set ...] [--jobs N] [--shard I/N] [--out DIR] [--keep-runs] ...\n"
    "                         run a design of parameter values, in parallel, resumably\n"
    "  merge OUT_DIR SHARD_DIR...\n"
    "                         join the shards of a sweep into one sweep folder\n"
    "  calibrate SCENARIO --targets FILE --free KEY=LO:HI ... [--points N] [--jobs N]\n"
    "            [--out DIR] ...\n"
    "                         fit free keys to observed statistics, against the twin\n"
    "  help COMMAND           explain one command, with every option (also COMMAND --help)\n"
    "  help keys              list every scenario key with its range and default\n"
    "\n"
    "  --help (-h), --version\n"
    "\n"
    "Exit status: 0 success, 1 the run failed (or a run of a sweep did), 2 bad usage or bad\n"
    "input; stopped by signal N, sanctsim ends by it: a shell shows 128 + N (130 for\n"
    "Ctrl-C), Python's subprocess -N.\n";

static const ss_command_help commands_help[] = {
    {"run", ss_cmd_run,
     "sanctsim run SCENARIO [--set section.key=value ...] [--seed N] [--twin] [--out DIR]\n"
     "             [--force] [--threads N] [--tables LIST] [--flows direct|routes]\n"
     "             [--compress] [--durable | --no-durable]\n"
     "\n"
     "Runs the scenario month by month and writes a run folder: scenario.ini (fully\n"
     "resolved, re-runnable), datapackage.json (the data dictionary) and the tables\n"
     "summary, flows, recorded, intermediaries, countries, sanctions, headline and\n"
     "detection (.csv). The folder appears only when the run is complete.\n"
     "\n"
     "  --set KEY=VALUE  override a scenario key: section.key=value, or\n"
     "                   section.LABEL.key=value for a labelled section, e.g.\n"
     "                   --set intermediary.KGZ.base_commission=0.08 (repeatable)\n"
     "  --seed N         the random seed for detection draws (overrides [scenario] seed)\n"
     "  --twin           run the scenario's twin instead: every sanction, enforcer and\n"
     "                   [change] removed (default folder runs/FILE-twin); its\n"
     "                   scenario.ini is the twin, resolved\n"
     "  --out DIR        the run folder (default runs/ and the scenario file's name without .ini)\n"
     "  --force          replace an existing run folder (only a run folder sanctsim\n"
     "                   wrote, holding nothing but its files, charts and brief,\n"
     "                   which go with it)\n"
     "  --threads N      threads (default: every core; for the step itself only on a\n"
     "                   world of at least 100,000 link-sectors, else 1), which also\n"
     "                   read a trade.csv of 4 MiB or more in parts and write\n"
     "                   flows.csv and recorded.csv side by side; the outputs are\n"
     "                   the same bytes with any number\n"
     "  --tables LIST    the tables to write: all (the default), or some of summary,\n"
     "                   flows, recorded, intermediaries, countries, sanctions,\n"
     "                   headline, detection ([output] tables)\n"
     "  --flows direct   flows.csv without its rows per intermediary ([output] flows)\n"
     "  --compress       write each table as NAME.csv.gz ([output] compress)\n"
     "  --durable        sync every file to the disk before the folder appears (the\n"
     "                   default); --no-durable does not: faster, but a power cut soon\n"
     "                   after may leave files empty\n"},
    {"check", ss_cmd_check,
     "sanctsim check SCENARIO [--set section.key=value ...] [--seed N]\n"
     "\n"
     "Validates the scenario and its world and prints what would run. Writes nothing.\n"
     "A [sweep] section is checked as sweep takes it with the same --set. A\n"
     "trade.csv of 4 MiB or more is read in parts, one a core (the same world).\n"},
    {"equilibrium", ss_cmd_equilibrium,
     "sanctsim equilibrium SCENARIO [--at YYYY-MM] [--set section.key=value ...] [--out DIR] "
     "[--force]\n"
     "             [--threads N] [--compress] [--durable | --no-durable]\n"
     "\n"
     "Solves the static general equilibrium (exact hat algebra, model/EQUILIBRIUM.md) for the\n"
     "link costs in force at a month (default: the last), with every commission at its base\n"
     "value and enforcement off, relative to the baseline. Writes equilibrium.csv (per\n"
     "country), equilibrium-sectors.csv (per country and sector), equilibrium-flows.csv (per\n"
     "link) and equilibrium-solver.csv (iterations, tolerance) into a folder (default\n"
     "runs/NAME-equilibrium). [model] balance chooses the\n"
     "trade-balance closure: additive, multiplicative or conditional. --threads N as for\n"
     "run: they also read a large trade.csv in parts and format equilibrium-flows.csv, into\n"
     "the same bytes. An existing folder is an error; --force replaces it if sanctsim\n"
     "equilibrium wrote it.\n"},
    {"plot", ss_cmd_plot,
     "sanctsim plot RUN_DIR [--format png|svg|pdf] [--only NAME] [--compare OTHER_RUN] [--month "
     "YYYY-MM]\n"
     "sanctsim plot SWEEP_DIR [--format png|svg|pdf] [--only NAME] [--indicator NAME]\n"
     "sanctsim plot CALIBRATE_DIR [--format png|svg|pdf]\n"
     "\n"
     "Draws the run's charts with gnuplot (Debian package gnuplot-nox) into\n"
     "RUN_DIR/plots/NAME.FORMAT:\n"
     "  sanctioned-trade  sanctioned exports to the target, direct and via each intermediary\n"
     "  leakage           rerouted trade as % of its pre-sanction value, with the sanction dates\n"
     "  intermediaries    commission revenue (ranked) and commission rate over time\n"
     "  recorded-exports  the coalition's recorded exports to the intermediaries, baseline = 100\n"
     "  import-prices     the target's import prices by sector, % from the baseline\n"
     "  flow-change       the 15 largest changes in recorded exports between two countries\n"
     "  export-prices     the prices the target realises on its exports, % from the baseline\n"
     "  target-exports    where the target's exports went: the destinations that moved most\n"
     "  real-income       real income of the target, the coalition and the intermediaries\n"
     "\n"
     "  --format F        png (default) or svg, 1200x750; pdf, 10 x 6.25 in\n"
     "  --only NAME       draw one chart\n"
     "  --compare DIR     a run folder of the same world and months, typically the no-sanctions\n"
     "                    twin: recorded-exports beside its series, target-exports and\n"
     "                    real-income against it instead of the baseline\n"
     "  --month YYYY-MM   flow-change's month (default: the last month of the run)\n"
     "\n"
     "For a sweep folder (sanctsim sweep), from its sweep-summary.csv:\n"
     "  sweep-band        the indicator against the first varied key: median line, mean\n"
     "                    points and the 5 to 95 % band; one line per value of the second key\n"
     "  sweep-heatmap     the indicator's mean over the first two varied keys\n"
     "  --indicator NAME  final_leakage (default), mean_leakage, target_price_index,\n"
     "                    lost_exports_usd_mn, commission_usd_mn, detections, or a name\n"
     "                    the sweep added with --indicator NAME=EXPR\n"
     "\n"
     "For a calibration folder (sanctsim calibrate), from its fit.csv:\n"
     "  fit               log(model / observed) of each target, a bar each\n"
     "\n"
     "A chart with nothing to show (e.g. no export sanction) is left out with a note, and an\n"
     "older drawing of it in the same format is removed from plots/, which plot says; one that\n"
     "the --compare run lacks the tables for is an error (status 2), its older drawing kept.\n"
     "Scripts are found in $SANCTSIM_PLOTS, else plots/ beside the program, else\n"
     "../share/sanctsim/plots beside it, else the installed PREFIX/share/sanctsim/plots.\n"
     "Exit status: 0 success, 1 gnuplot missing, failed or warned, 2 bad usage or run folder.\n"},
    {"compare", ss_cmd_compare,
     "sanctsim compare RUN_DIR RUN_DIR... [--format png|svg|pdf] [--out DIR] [--labels A,B,...]\n"
     "                [--force]\n"
     "\n"
     "Compares finished run folders of one world and the same months, the first the\n"
     "reference, and writes a folder (default runs/compare-A-B, from the folders' names):\n"
     "  compare.csv                 run,label,indicator,scope,period,unit,value,\n"
     "                              change_from_first: leakage (as in headline.csv and the\n"
     "                              brief) and its monthly mean, rerouted, direct and\n"
     "                              baseline flows, the targets' import and export price\n"
     "                              changes, transit and commission income (in all and per\n"
     "                              intermediary), recorded exports to each\n"
     "  compare-leakage             leakage over time, one line per run with a sanction\n"
     "  compare-import-prices       the targets' import prices, % change from the baseline\n"
     "  compare-intermediaries      transit and commission income by intermediary\n"
     "  compare-recorded-exports    recorded exports to the intermediaries, % change: a\n"
     "                              panel each for the 4 that differ most between the runs\n"
     "  brief.pdf, brief.png        one page: the key numbers, their differences, four charts\n"
     "\n"
     "  --format F      the charts' format: png (default), svg or pdf\n"
     "  --out DIR       the folder; an existing one is an error, unless --force\n"
     "  --labels A,B    the runs' names in the table and charts (default: folder names);\n"
     "                  \\, is a comma inside a name; spaces around a name are dropped;\n"
     "                  at most 80 characters each, a wide one of Chinese, Japanese or\n"
     "                  Korean counting two (a folder's name is cut to them)\n"
     "  --force         replace DIR, only if it is a comparison folder sanctsim wrote\n"
     "\n"
     "At most 8 runs. Needs gnuplot (package gnuplot-nox).\n"
     "Exit status: 0 success, 1 gnuplot missing or failed, 2 bad usage or run folders.\n"},
    {"sweep", ss_cmd_sweep, ss_sweep_help},
    {"merge", ss_cmd_merge, ss_merge_help},
    {"calibrate", ss_cmd_calibrate, ss_calibrate_help},
    {"brief", ss_cmd_brief,
     "sanctsim brief RUN_DIR\n"
     "\n"
     "Writes RUN_DIR/brief.pdf (one A4 landscape page) and RUN_DIR/brief.png (1754x1240):\n"
     "the run's key numbers (leakage at the end, the top three intermediaries and their\n"
     "commission revenue, the target's import price rise) above charts 1 to 3 of\n"
     "sanctsim plot. Needs gnuplot (package gnuplot-nox) and a scenario with an export\n"
     "sanction, or an import sanction evaded through intermediaries, and candidates to\n"
     "evade it through (a run with [intermediaries] candidates = none, the benchmark without\n"
     "evasion, has nothing rerouted to brief on: compare it with sanctsim compare).\n"},
};

enum { N_COMMANDS = sizeof commands_help / sizeof commands_help[0] };

/* "unknown command 'x'", with the command (or help topic) it is a typo
 * of, if any, else `otherwise` (for `help` of a key's name: help keys). */
static int unknown_command(const char *what, const char *name, const char *otherwise)
{
    ss_nearest near = SS_NEAREST;
    char hint[160];
    for (size_t i = 0; i < N_COMMANDS; i++)
        ss_nearest_try(&near, name, commands_help[i].name);
    ss_nearest_try(&near, name, "help");
    ss_nearest_try(&near, name, "keys");
    const char *near_hint = ss_nearest_hint(&near, "", "", hint, sizeof hint);
    return ss_usage("%s '%s'%s", what, name, near_hint[0] ? near_hint : otherwise);
}

/* The command line's command, help or version: an exit status. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return ss_usage("no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("sanctsim %s\n", SS_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3 || strcmp(argv[2], "help") == 0 || strcmp(argv[2], "--help") == 0 ||
            strcmp(argv[2], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[2], "keys") == 0) {
            ss_scenario_print_keys(stdout);
            return 0;
        }
        for (size_t i = 0; i < N_COMMANDS; i++)
            if (strcmp(argv[2], commands_help[i].name) == 0) {
                fputs(commands_help[i].help, stdout);
                return 0;
            }
        return unknown_command("no command", argv[2],
                               "; 'sanctsim help keys' lists the scenario keys");
    }
    /* `sanctsim COMMAND --help` is `sanctsim help COMMAND`; a usage error
     * of a command points to its help. */
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands_help[i].name) == 0) {
            if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
                fputs(commands_help[i].help, stdout);
                return 0;
            }
            ss_usage_command(commands_help[i].name, commands_help[i].help);
            return commands_help[i].run(argc - 2, argv + 2);
        }
    /* An option before the command (sanctsim --out x run ...). */
    for (int i = 2; cmd[0] == '-' && i < argc; i++)
        for (size_t c = 0; c < N_COMMANDS; c++)
            if (strcmp(argv[i], commands_help[c].name) == 0)
                return ss_usage("unknown command '%s': the command comes first, then its "
                                "options (sanctsim %s ... %s ...)",
                                cmd, argv[i], cmd);
    return unknown_command("unknown command", cmd, "");
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    ss_usage_commands(commands_help, N_COMMANDS);
    /* Every block of 32 KiB or more straight from the kernel, zeroed and
     * touched only where used: glibc otherwise raises this bound when the
     * loader frees its file buffers, and then zeroes each of a
     * simulation's large arrays by hand (`equilibrium` on 200 countries:
     * about 9 % of its time; docs/performance.md, "Memory from the
     * kernel"). 32 KiB and not 128 takes in the default scenario's arrays
     * of n*n*k (86 KB), of which a run with few tables touches only some. */
    mallopt(M_MMAP_THRESHOLD, 32 << 10);
    int rc = dispatch(argc, argv);
    /* What went to standard output (check's report, a folder's path, a
     * help text) is lost on a full disk without this (a hunt: check
     * >/dev/full ended with status 0). A reader that went away (| head)
     * is no failure. */
    const int failed = fflush(stdout) != 0, err = errno;
    if ((failed && err != EPIPE) || (!failed && ferror(stdout))) {
        ss_errorf("standard output: cannot write%s%s", failed ? ": " : "",
                  failed ? strerror(err) : "");
        return rc ? rc : 1;
    }
    return rc;
}
