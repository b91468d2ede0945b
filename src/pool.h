/* Worker processes behind one callback: a list of tasks (numbers) is
 * worked through by up to `jobs` forked workers, each computing a task's
 * result in its own process (a crash or a leak there harms no other task)
 * and sending it back as bytes through a pipe; the parent hands every
 * result to a callback as soon as it arrives.
 *
 * Invariant: every task is done once, or, when two workers died on it, is
 * handed to the lost callback instead; results come in the order they
 * finish, so anything that must not depend on that order is the
 * callbacks' to sort. A worker holds at most SS_POOL_DEPTH tasks: the next
 * waits in the pipe while it computes one, so that it never waits for the
 * parent. Signals (src/signals.h): once the flag is set, no more tasks
 * are started, results already in the pipes are still received, and the
 * workers are ended. */
#ifndef SS_POOL_H
#define SS_POOL_H

#include <stddef.h>

#define SS_POOL_DEPTH 2

/* In a worker: task's result in new memory (*len bytes), or NULL when
 * memory runs out (the worker then ends, and the task is tried again). */
typedef char *ss_pool_work(void *user, size_t task, size_t *len);

/* In the parent: task's result (the callback owns it). SS_OK, or a status
 * (reported) that stops the pool. */
typedef int ss_pool_done(void *user, size_t task, char *result, size_t len);

/* In the parent: a task that two workers died on, and why (for example
 * "the worker process died twice on this run (killed by signal 9,
 * Killed)"). SS_OK, or a status (reported) that stops the pool. */
typedef int ss_pool_lost(void *user, size_t task, const char *why);

/* In the parent, between two waits and once at the end (last set). */
typedef void ss_pool_tick(void *user, int last);

typedef struct ss_pool_job {
    const size_t *task; /* the tasks, in the order to start them */
    size_t ntask;
    size_t jobs; /* worker processes at most */
    ss_pool_work *work;
    ss_pool_done *done;
    ss_pool_lost *lost;
    ss_pool_tick *tick; /* may be NULL */
    void *user;
    int close_fd;      /* a descriptor of the parent that workers close, or -1 */
    size_t stop_after; /* stop (status 1) once this many results came; SIZE_MAX: never */
    size_t crash_task; /* a task a worker kills itself on (tests); SIZE_MAX: none */
} ss_pool_job;

/* Works through the tasks. 0 when every task is done, 1 when stopped by
 * stop_after, 2 on a system error (reported) or a callback's status;
 * after a signal, ss_signal_caught() is set. */
int ss_pool_run(const ss_pool_job *job);

#endif
