/* Worker processes behind one callback (see pool.h). */
#include "pool.h"
#include "files.h"
#include "report.h"
#include "signals.h"
#include "status.h"

#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct worker {
    pid_t pid; /* 0 when there is no process */
    int task, result;
    size_t pos[SS_POOL_DEPTH]; /* queue positions of its tasks, oldest first */
    size_t npos;
} worker;

typedef struct pool {
    const ss_pool_job *job;
    worker *w;
    size_t nw;
    size_t next;           /* the next queue position never started */
    size_t *retry, nretry; /* queue positions to start again */
    unsigned char *deaths; /* per queue position */
    size_t done;
} pool;

/* A worker's life: tasks in, results out, until the task pipe closes. */
static void worker_main(const ss_pool_job *job, int task, int out)
{
    /* A worker's tasks allocate and free the same arrays one after
     * another. Blocks under 4 MiB stay in the heap when freed, and the
     * next task reuses their pages instead of mapping, faulting in and
     * unmapping them again (src/main.c maps every block of 32 KiB or
     * more); larger ones are still mapped, touched only where used. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    uint64_t t;
    while (!ss_signal_caught() && ss_read_full(task, &t, sizeof t) == sizeof t) {
        if (t == job->crash_task)
            raise(SIGKILL);
        size_t len = 0;
        char *result = job->work(job->user, (size_t)t, &len);
        if (!result)
            _exit(3);
        /* Stopped by a signal: the task may have been cut short (its
         * temporary files removed), so it is not reported; the parent
         * starts it again (in another worker, or when the sweep resumes). */
        if (ss_signal_caught())
            _exit(1);
        uint64_t head[2] = {t, len};
        if (ss_write_full(out, head, sizeof head) || ss_write_full(out, result, len))
            _exit(1);
        free(result);
    }
    _exit(0);
}

static void close_pair(int p[2])
{
    close(p[0]);
    close(p[1]);
}

static int spawn(pool *pl, size_t wi)
{
    int t[2], r[2];
    if (pipe(t) != 0)
        return -1;
    if (pipe(r) != 0) {
        close_pair(t);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close_pair(t);
        close_pair(r);
        return -1;
    }
    if (pid == 0) {
        ss_signals_child();
        signal(SIGPIPE, SIG_DFL);
        close(t[1]);
        close(r[0]);
        for (size_t j = 0; j < pl->nw; j++)
            if (pl->w[j].pid > 0) {
                close(pl->w[j].task);
                close(pl->w[j].result);
            }
        if (pl->job->close_fd >= 0)
            close(pl->job->close_fd);
        worker_main(pl->job, t[0], r[1]);
    }
    close(t[0]);
    close(r[1]);
    pl->w[wi] = (worker){.pid = pid, .task = t[1], .result = r[0]};
    return 0;
}

static void reap(worker *w, int *status)
{
    close(w->task);
    close(w->result);
    while (waitpid(w->pid, status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
}

/* Reads one result from worker wi: 1 a result, 0 the worker is gone, -1
 * the done callback stopped the pool. */
static int receive(pool *pl, size_t wi)
{
    worker *w = &pl->w[wi];
    uint64_t head[2];
    if (w->npos == 0 || ss_read_full(w->result, head, sizeof head) != sizeof head ||
        head[0] != pl->job->task[w->pos[0]] || head[1] > (1u << 24))
        return 0;
    char *result = malloc((size_t)head[1] + 1);
    if (!result || ss_read_full(w->result, result, (size_t)head[1]) != head[1]) {
        free(result);
        return 0;
    }
    result[head[1]] = '\0';
    memmove(w->pos, w->pos + 1, --w->npos * sizeof *w->pos);
    pl->done++;
    return pl->job->done(pl->job->user, (size_t)head[0], result, (size_t)head[1]) ? -1 : 1;
}

/* A worker died. Its tasks go back in the queue; a task that two workers
 * died on goes to the lost callback, so that a crash does not stop the
 * pool. SS_OK, or the lost callback's status. */
static int worker_died(pool *pl, size_t wi)
{
    worker *w = &pl->w[wi];
    int status = 0;
    reap(w, &status);
    size_t n = w->npos;
    w->npos = 0;
    if (n == 0 || ss_signal_caught())
        return SS_OK;
    for (size_t i = n; i-- > 1;)
        pl->retry[pl->nretry++] = w->pos[i]; /* waiting, not run */
    size_t pos = w->pos[0];
    if (++pl->deaths[pos] < 2) {
        pl->retry[pl->nretry++] = pos;
        return SS_OK;
    }
    char why[256];
    if (WIFSIGNALED(status))
        snprintf(why, sizeof why,
                 "the worker process died twice on this run (killed by signal %d, %s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(why, sizeof why, "the worker process died twice on this run (exit status %d)",
                 WEXITSTATUS(status));
    pl->done++;
    return pl->job->lost(pl->job->user, pl->job->task[pos], why);
}

static int have_work(const pool *pl)
{
    return pl->nretry > 0 || pl->next < pl->job->ntask;
}

static size_t take_work(pool *pl)
{
    return pl->nretry > 0 ? pl->retry[--pl->nretry] : pl->next++;
}

/* Starts worker i if it is needed and fills its pipe; 0, or 2 when a
 * worker cannot be started (reported). */
static int feed(pool *pl, size_t i)
{
    worker *w = &pl->w[i];
    if (!w->pid && have_work(pl) && spawn(pl, i) != 0) {
        ss_errorf("cannot start a worker process: %s", strerror(errno));
        return 2;
    }
    while (w->pid && w->npos < SS_POOL_DEPTH && have_work(pl)) {
        size_t pos = take_work(pl);
        uint64_t t = pl->job->task[pos];
        if (ss_write_full(w->task, &t, sizeof t) != 0) {
            /* Gone: the task goes back; the read of its results sees the end. */
            pl->retry[pl->nretry++] = pos;
            break;
        }
        w->pos[w->npos++] = pos;
    }
    return 0;
}

/* Waits up to 250 ms for results and takes them; 0, or 2. */
static int wait_results(pool *pl, struct pollfd *pfd, size_t *who)
{
    size_t n = 0;
    for (size_t i = 0; i < pl->nw; i++)
        if (pl->w[i].pid) {
            pfd[n] = (struct pollfd){.fd = pl->w[i].result, .events = POLLIN};
            who[n++] = i;
        }
    int ready = poll(pfd, (nfds_t)n, 250), rc = 0;
    if (ready < 0 && errno != EINTR) {
        ss_errorf("poll: %s", strerror(errno));
        rc = 2;
    }
    for (size_t q = 0; ready > 0 && q < n && !rc && !ss_signal_caught(); q++) {
        if (!(pfd[q].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        int got = receive(pl, who[q]);
        if (got < 0 || (got == 0 && worker_died(pl, who[q]) != SS_OK))
            rc = 2;
        if (pl->done >= pl->job->stop_after)
            break;
    }
    return rc;
}

/* After a signal: the results already in the pipes are finished tasks;
 * take them. Then every worker is ended (asked to, after a stop). */
static void finish(pool *pl, int stopped)
{
    for (size_t i = 0; ss_signal_caught() && i < pl->nw; i++) {
        worker *w = &pl->w[i];
        struct pollfd one = {.fd = w->result, .events = POLLIN};
        while (w->pid && w->npos > 0 && poll(&one, 1, 0) > 0 && (one.revents & POLLIN) &&
               receive(pl, i) == 1)
            ;
    }
    for (size_t i = 0; i < pl->nw; i++)
        if (pl->w[i].pid) {
            if (stopped || ss_signal_caught())
                kill(pl->w[i].pid, SIGTERM);
            int status;
            reap(&pl->w[i], &status);
        }
}

static int run(pool *pl, struct pollfd *pfd, size_t *who)
{
    const ss_pool_job *job = pl->job;
    int rc = 0;
    while (!rc && !ss_signal_caught()) {
        if (pl->done >= job->stop_after) {
            rc = 1;
            break;
        }
        size_t busy = 0;
        for (size_t i = 0; i < pl->nw && !rc; i++) {
            rc = feed(pl, i);
            busy += pl->w[i].pid && pl->w[i].npos > 0;
        }
        if (rc || (!busy && !have_work(pl)))
            break;
        rc = wait_results(pl, pfd, who);
        if (job->tick)
            job->tick(job->user, 0);
    }
    finish(pl, rc != 0);
    if (job->tick)
        job->tick(job->user, 1);
    return rc;
}

int ss_pool_run(const ss_pool_job *job)
{
    pool pl = {.job = job};
    pl.nw = job->jobs < job->ntask ? job->jobs : job->ntask;
    size_t slots = pl.nw ? pl.nw : 1;
    pl.w = calloc(slots, sizeof *pl.w);
    pl.retry = malloc((job->ntask + 1) * sizeof *pl.retry);
    pl.deaths = calloc(job->ntask + 1, 1);
    struct pollfd *pfd = calloc(slots, sizeof *pfd);
    size_t *who = calloc(slots, sizeof *who);
    int rc = 2;
    if (!pl.w || !pl.retry || !pl.deaths || !pfd || !who) {
        ss_errorf("out of memory");
        goto done;
    }
    /* A worker that is gone makes a write to its pipe fail, not end us. */
    struct sigaction ignore, old_pipe;
    memset(&ignore, 0, sizeof ignore);
    sigemptyset(&ignore.sa_mask);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old_pipe);
    rc = run(&pl, pfd, who);
    sigaction(SIGPIPE, &old_pipe, NULL);
done:
    free(pl.w);
    free(pl.retry);
    free(pl.deaths);
    free(pfd);
    free(who);
    return rc;
}
