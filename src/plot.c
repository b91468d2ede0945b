/* Charts with gnuplot: placeholder until the plotting issue lands. */
#include "commands.h"
#include "report.h"

int ss_cmd_plot(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return ss_usage("plot is not built yet");
}

int ss_cmd_brief(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return ss_usage("brief is not built yet");
}
