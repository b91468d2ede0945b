/* Loading a world folder: countries.csv, trade.csv and the optional
 * distances.csv and groups.csv (formats in README.md).
 * Invariant: a loaded world has a flow for every exporter, importer and
 * sector (domestic sales included), each finite and non-negative, and
 * monthly (the annual file value divided by 12). */
#ifndef SS_WORLDIO_H
#define SS_WORLDIO_H

#include "status.h"
#include "world.h"

/* Named country groups, from groups.csv and the scenario. A member is a
 * country code or another group's name. */
typedef struct ss_group_entry {
    char *group, *member;
    char *file;
    long line;
} ss_group_entry;

typedef struct ss_groups {
    ss_group_entry *at;
    size_t len;
} ss_groups;

int ss_groups_add(ss_groups *g, const char *group, const char *member, const char *file, long line);
/* Appends a copy of every entry of `from` (SS_ENOMEM when out of memory). */
int ss_groups_append(ss_groups *to, const ss_groups *from);
int ss_groups_has(const ss_groups *g, const char *group);
void ss_groups_clear(ss_groups *g);

/* Loads the world in dir and appends its groups to `groups`. NULL on
 * failure, with the file, line and problem in diag. */
ss_world *ss_world_load(const char *dir, ss_groups *groups, ss_diag *diag);

/* How ss_world_load reads a trade.csv of at least from_bytes bytes
 * (SS_WORLD_PARTS_FROM, 4 MiB, about 200,000 rows, for the commands; the
 * tests make small files count): in `threads` parts side by side. By
 * default, and with 1, whole. The world is the same either way. run and
 * equilibrium set it from --threads before loading, check to every core. */
enum { SS_WORLD_PARTS_FROM = 1 << 22 };
void ss_world_read_threads(int threads, long from_bytes);

/* In how many parts the last ss_world_load read trade.csv the fast way (1:
 * whole); 0 when it took the careful way, which finds and says a fault. */
size_t ss_world_read_parts(void);

/* A world kept loaded between scenario loads, so that the runs of a sweep
 * (and a worker process forked after the first load) read the world
 * folder once. Zero-initialised when empty. The world it holds is shared:
 * the scenarios that borrow it never change it (ss_world_fill_distances,
 * which fills in what is missing the same way each time, aside). */
typedef struct ss_world_cache {
    char *dir;
    ss_world *world;
    ss_groups groups; /* the world's groups.csv */
    int pinned;       /* while set, another folder is refused, not loaded */
} ss_world_cache;

/* The world in dir (an absolute path) from the cache, loaded into it when
 * the cache holds another folder or none; its groups are appended to
 * `groups`. NULL on failure, as ss_world_load, or when the cache is
 * pinned and dir is another folder. Loading another folder frees the world
 * held before: a scenario that borrowed it must not look at its world
 * again (a sweep's base scenario, whose runs may vary scenario.world, is
 * read only before the runs start; a run's twin pins the cache). */
ss_world *ss_world_cache_get(ss_world_cache *c, const char *dir, ss_groups *groups, ss_diag *diag);
void ss_world_cache_clear(ss_world_cache *c);

#endif
