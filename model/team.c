/* A team of threads that wait asleep (team.h). A loop is a generation:
 * the caller sets the work, counts the workers in, wakes them, takes items
 * itself, and waits until the last worker is through. A waiting thread
 * first looks again for a short while (SPIN), as the next loop of a step
 * usually comes within microseconds and waking a sleeping thread costs
 * more, then sleeps on a condition variable. */
#include "team.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

/* Looks before sleeping: on x86, 2,000 pause instructions (40 us on the
 * development machine's AMD EPYC); elsewhere, a few microseconds. */
enum { SPIN = 2000 };

typedef struct member {
    ss_team *team;
    int thread;
} member;

struct ss_team {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    int threads, started;
    atomic_int stop;
    atomic_ulong generation; /* of the loop set last */
    atomic_int busy;         /* workers not yet through it */
    ss_team_fn *fn;          /* the loop, set before its generation */
    void *ctx;
    size_t count, chunk;
    atomic_size_t next; /* the next item to hand out */
    pthread_t *worker;
    member *who;
};

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* This thread's items of the current loop: its share, or chunks until
 * none are left. */
static void take_items(ss_team *t, int thread)
{
    if (t->chunk == 0) {
        const size_t n = (size_t)t->threads, w = (size_t)thread;
        for (size_t item = t->count * w / n; item < t->count * (w + 1) / n; item++)
            t->fn(t->ctx, item, thread);
        return;
    }
    size_t from;
    while ((from = atomic_fetch_add(&t->next, t->chunk)) < t->count)
        for (size_t item = from; item < from + t->chunk && item < t->count; item++)
            t->fn(t->ctx, item, thread);
}

/* Whether a loop after generation `seen`, or the stop, has come. */
static int called(ss_team *t, unsigned long seen)
{
    return atomic_load(&t->generation) != seen || atomic_load(&t->stop);
}

static void *work(void *arg)
{
    const member *me = arg;
    ss_team *t = me->team;
    unsigned long seen = 0;
    for (;;) {
        for (int spin = 0; spin < SPIN && !called(t, seen); spin++)
            relax();
        if (!called(t, seen)) {
            pthread_mutex_lock(&t->lock);
            while (!called(t, seen))
                pthread_cond_wait(&t->work, &t->lock);
            pthread_mutex_unlock(&t->lock);
        }
        if (atomic_load(&t->stop))
            return NULL;
        seen = atomic_load(&t->generation);
        take_items(t, me->thread);
        if (atomic_fetch_sub(&t->busy, 1) == 1) { /* the last through */
            pthread_mutex_lock(&t->lock);
            pthread_cond_signal(&t->done);
            pthread_mutex_unlock(&t->lock);
        }
    }
}

ss_team *ss_team_start(int threads)
{
    if (threads < 2)
        return NULL;
    ss_team *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->threads = threads;
    t->worker = calloc((size_t)threads, sizeof *t->worker);
    t->who = calloc((size_t)threads, sizeof *t->who);
    if (!t->worker || !t->who || pthread_mutex_init(&t->lock, NULL)) {
        free(t->worker);
        free(t->who);
        free(t);
        return NULL;
    }
    pthread_cond_init(&t->work, NULL);
    pthread_cond_init(&t->done, NULL);
    for (int w = 1; w < threads; w++) {
        t->who[w] = (member){t, w};
        if (pthread_create(&t->worker[w], NULL, work, &t->who[w]) != 0) {
            ss_team_stop(t);
            return NULL;
        }
        t->started = w;
    }
    return t;
}

void ss_team_stop(ss_team *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    atomic_store(&t->stop, 1);
    pthread_cond_broadcast(&t->work);
    pthread_mutex_unlock(&t->lock);
    for (int w = 1; w <= t->started; w++)
        pthread_join(t->worker[w], NULL);
    pthread_cond_destroy(&t->work);
    pthread_cond_destroy(&t->done);
    pthread_mutex_destroy(&t->lock);
    free(t->worker);
    free(t->who);
    free(t);
}

void ss_team_for(ss_team *t, size_t count, size_t chunk, ss_team_fn *fn, void *ctx)
{
    if (!t || count < 2) {
        for (size_t item = 0; item < count; item++)
            fn(ctx, item, 0);
        return;
    }
    /* Every worker is through the last loop (busy 0): the work can be set. */
    t->fn = fn;
    t->ctx = ctx;
    t->count = count;
    t->chunk = chunk;
    atomic_store(&t->next, 0);
    atomic_store(&t->busy, t->threads - 1);
    pthread_mutex_lock(&t->lock);
    atomic_fetch_add(&t->generation, 1);
    pthread_cond_broadcast(&t->work);
    pthread_mutex_unlock(&t->lock);
    take_items(t, 0);
    for (int spin = 0; spin < SPIN && atomic_load(&t->busy) > 0; spin++)
        relax();
    if (atomic_load(&t->busy) > 0) {
        pthread_mutex_lock(&t->lock);
        while (atomic_load(&t->busy) > 0)
            pthread_cond_wait(&t->done, &t->lock);
        pthread_mutex_unlock(&t->lock);
    }
}
