/* The subcommands of the sanctsim program. Each takes the arguments after
 * its name and returns the process exit status: 0 success, 1 the work
 * failed, 2 bad usage or bad input. */
#ifndef SS_COMMANDS_H
#define SS_COMMANDS_H

int ss_cmd_run(int argc, char **argv);
int ss_cmd_check(int argc, char **argv);
int ss_cmd_equilibrium(int argc, char **argv);
int ss_cmd_plot(int argc, char **argv);
int ss_cmd_brief(int argc, char **argv);
int ss_cmd_compare(int argc, char **argv);
int ss_cmd_sweep(int argc, char **argv);
int ss_cmd_merge(int argc, char **argv);
int ss_cmd_calibrate(int argc, char **argv);

#endif
