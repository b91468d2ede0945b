/* The sanctsim program: dispatches a subcommand. Exit status 0 success,
 * 1 the work failed, 2 bad usage or bad input. */
#include "commands.h"
#include "report.h"
#include "scenario.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: sanctsim COMMAND [ARGS]\n"
    "\n"
    "Simulates how sanctioned trade reroutes through intermediary countries.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [--set section.key=value ...] [--seed N] [--out DIR] [--force]\n"
    "                         run a scenario and write a run folder (default runs/NAME)\n"
    "  check SCENARIO [--set ...] [--seed N]\n"
    "                         validate a scenario and its world, print what would run\n"
    "  equilibrium SCENARIO [--at YYYY-MM] [--set ...] [--out DIR] [--force]\n"
    "                         the static general equilibrium of one month's link costs\n"
    "  plot RUN_DIR [--format png|svg|pdf] [--only NAME] [--compare OTHER_RUN]\n"
    "                         draw a run's charts with gnuplot\n"
    "  brief RUN_DIR          write a one-page PDF and PNG summary of a run\n"
    "  help COMMAND           explain one command\n"
    "  help keys              list every scenario key with its range and default\n"
    "\n"
    "  --help, --version\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 bad usage or bad input.\n";

static const struct {
    const char *name, *help;
} commands_help[] = {
    {"run", "sanctsim run SCENARIO [--set section.key=value ...] [--seed N] [--out DIR] [--force]\n"
            "\n"
            "Runs the scenario month by month and writes a run folder: scenario.ini (fully\n"
            "resolved, re-runnable), summary.csv, flows.csv, recorded.csv, intermediaries.csv\n"
            "and countries.csv. The folder appears only when the run is complete.\n"
            "\n"
            "  --set KEY=VALUE  override a scenario key: section.key=value, or\n"
            "                   section.LABEL.key=value for a labelled section, e.g.\n"
            "                   --set intermediary.KGZ.base_commission=0.08 (repeatable)\n"
            "  --seed N         the random seed for detection draws (overrides [scenario] seed)\n"
            "  --out DIR        the run folder (default runs/ and the scenario file's name)\n"
            "  --force          replace an existing run folder\n"},
    {"check", "sanctsim check SCENARIO [--set section.key=value ...] [--seed N]\n"
              "\n"
              "Validates the scenario and its world and prints what would run. Writes nothing.\n"},
    {"equilibrium",
     "sanctsim equilibrium SCENARIO [--at YYYY-MM] [--set section.key=value ...] [--out DIR] [--force]\n"
     "\n"
     "Solves the static general equilibrium (exact hat algebra, model/EQUILIBRIUM.md) for the\n"
     "link costs in force at a month (default: the last), with every commission at its base\n"
     "value and enforcement off, relative to the baseline. Writes equilibrium.csv (per\n"
     "country), equilibrium-flows.csv (per link) and equilibrium-solver.csv (iterations,\n"
     "tolerance) into a folder (default runs/NAME-equilibrium). [model] balance chooses the\n"
     "trade-balance closure: additive, multiplicative or conditional.\n"},
    {"plot", "sanctsim plot RUN_DIR [--format png|svg|pdf] [--only NAME] [--compare OTHER_RUN]\n"
             "\n"
             "Draws the run's charts with gnuplot into the run folder.\n"},
    {"brief", "sanctsim brief RUN_DIR\n"
              "\n"
              "Writes brief.pdf and brief.png: the run's key numbers and three charts.\n"},
};

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
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
        if (argc < 3) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[2], "keys") == 0) {
            ss_scenario_print_keys(stdout);
            return 0;
        }
        for (size_t i = 0; i < sizeof commands_help / sizeof commands_help[0]; i++)
            if (strcmp(argv[2], commands_help[i].name) == 0) {
                fputs(commands_help[i].help, stdout);
                return 0;
            }
        return ss_usage("no command '%s'", argv[2]);
    }
    if (strcmp(cmd, "run") == 0)
        return ss_cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0)
        return ss_cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "equilibrium") == 0)
        return ss_cmd_equilibrium(argc - 2, argv + 2);
    if (strcmp(cmd, "plot") == 0)
        return ss_cmd_plot(argc - 2, argv + 2);
    if (strcmp(cmd, "brief") == 0)
        return ss_cmd_brief(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0)
        return ss_cmd_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return ss_cmd_merge(argc - 2, argv + 2);
    return ss_usage("unknown command '%s'", cmd);
}
