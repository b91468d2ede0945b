/* Stopping cleanly on Ctrl-C, a termination request or a closed terminal
 * (SIGINT, SIGTERM, SIGHUP). While caught, a signal only sets a flag that
 * the long loops read between two pieces of work, so that temporary files
 * can be removed before the program ends. A signal that the program
 * inherited as ignored (nohup, a background job of a shell) stays ignored.
 * Invariant: between ss_signals_catch and ss_signals_release, the three
 * signals are either ignored as inherited or set only the flag. */
#ifndef SS_SIGNALS_H
#define SS_SIGNALS_H

/* Starts catching the three signals (those not inherited as ignored) and
 * clears the flag. */
void ss_signals_catch(void);

/* The signal caught since ss_signals_catch, or 0. */
int ss_signal_caught(void);

/* Gives the three signals back their inherited dispositions (in a child
 * process too, before it does its own work). */
void ss_signals_release(void);

/* In a child process that does its own work (a worker of src/pool.h):
 * keeps catching the signals as the parent does, so that a run stopped
 * between two months removes its temporary folder, and forgets one the
 * parent caught before the fork, which is the parent's to handle. */
void ss_signals_child(void);

/* The command's folder is in place and its path printed: a signal caught
 * since the last check came too late to stop it, and is forgotten, so that
 * the command ends with its own status; the signals are ignored from here
 * to the end (the command only frees what it holds). */
void ss_signals_done(void);

/* Releases the signals and, when one was caught, ends the program as that
 * signal would have (its exit status seen by a shell is 128 + the signal
 * number). Returns status when nothing was caught, and 128 + the signal if
 * the signal does not end the program. */
int ss_signals_finish(int status);

/* ss_signals_finish, saying first, when a signal was caught,
 * "interrupted (signal N): " and left (what the command leaves behind). */
int ss_signals_finish_saying(int status, const char *left);

#endif
