/* Catching SIGINT, SIGTERM and SIGHUP as a flag, respecting signals that
 * were ignored when the program started. */
#include "signals.h"
#include "report.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const int watched[] = {SIGINT, SIGTERM, SIGHUP};
enum { NWATCHED = sizeof watched / sizeof watched[0] };

static volatile sig_atomic_t caught;
static struct sigaction inherited[NWATCHED];
static int holding; /* 1 between catch and release */

static void on_signal(int sig)
{
    caught = sig;
}

void ss_signals_catch(void)
{
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_signal;
    sigemptyset(&act.sa_mask);
    caught = 0;
    for (size_t i = 0; i < NWATCHED; i++) {
        sigaction(watched[i], NULL, &inherited[i]);
        if (inherited[i].sa_handler != SIG_IGN)
            sigaction(watched[i], &act, NULL);
    }
    holding = 1;
}

int ss_signal_caught(void)
{
    return (int)caught;
}

void ss_signals_release(void)
{
    if (!holding)
        return;
    for (size_t i = 0; i < NWATCHED; i++)
        sigaction(watched[i], &inherited[i], NULL);
    holding = 0;
}

void ss_signals_done(void)
{
    fflush(stdout);
    /* The command only frees and ends from here: a signal let through
     * would end it by its default action with its folder complete, status
     * 130 beside a folder (a sanitized CI run, whose freeing is slow). */
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    for (size_t i = 0; holding && i < NWATCHED; i++)
        sigaction(watched[i], &ignore, NULL);
    holding = 0;
    caught = 0;
}

void ss_signals_child(void)
{
    caught = 0;
}

int ss_signals_finish(int status)
{
    int sig = (int)caught;
    ss_signals_release();
    if (!sig)
        return status;
    /* The inherited disposition was not "ignore" (else nothing was caught):
     * end as that signal's default action does. */
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
}

int ss_signals_finish_saying(int status, const char *left)
{
    if (caught)
        ss_errorf("interrupted (signal %d): %s", (int)caught, left);
    return ss_signals_finish(status);
}
