/* Parameter sweeps: placeholder until the sweep issue lands. */
#include "commands.h"
#include "report.h"

int ss_cmd_sweep(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return ss_usage("sweep is not built yet");
}

int ss_cmd_merge(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return ss_usage("merge is not built yet");
}
