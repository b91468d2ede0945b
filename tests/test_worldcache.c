/* A sweep's world cache (ss_world_cache, src/worldio.h): scenarios loaded
 * through it borrow one world, loaded once, and resolve exactly as a
 * scenario loaded on its own (groups from groups.csv included); another
 * world folder replaces what the cache holds, unless the cache is pinned;
 * freeing a scenario leaves the cached world alone. Uses the shipped scenarios; runs from the
 * repository root. */
#include "check.h"
#include "scenario.h"

#include <string.h>

/* The same world and configuration, number for number. */
static int same_scenario(const ss_scenario *a, const ss_scenario *b)
{
    const ss_world *w = a->world, *v = b->world;
    if (w->n != v->n || w->k != v->k || a->groups.len != b->groups.len)
        return 0;
    if (memcmp(w->x0, v->x0, w->n * w->n * w->k * sizeof *w->x0) != 0)
        return 0;
    for (size_t g = 0; g < a->groups.len; g++)
        if (strcmp(a->groups.at[g].group, b->groups.at[g].group) != 0 ||
            strcmp(a->groups.at[g].member, b->groups.at[g].member) != 0)
            return 0;
    const ss_config *c = a->config, *e = b->config;
    if (c->n_measures != e->n_measures || c->sigma != e->sigma)
        return 0;
    for (size_t m = 0; m < c->n; m++)
        if (c->agent[m].candidate != e->agent[m].candidate ||
            c->agent[m].base_commission != e->agent[m].base_commission)
            return 0;
    return 1;
}

int main(void)
{
    ss_world_cache cache = {0};
    ss_diag d;
    const char *def = "scenarios/eurasian-roundabout.ini";
    char *sets[] = {"model.sigma=6"};
    ss_scenario *alone = ss_scenario_load(def, sets, 1, &d);
    ss_scenario *a = ss_scenario_load_cached(def, sets, 1, &cache, &d);
    ss_scenario *b = ss_scenario_load_cached("scenarios/no-sanctions.ini", NULL, 0, &cache, &d);
    CHECK(alone && a && b);
    if (!alone || !a || !b)
        return check_report();
    CHECK(a->world == cache.world && b->world == cache.world);
    CHECK(alone->world != cache.world);
    CHECK(same_scenario(alone, a));
    CHECK(a->groups.len > 0); /* world-2019's groups.csv reached it */
    CHECK(a->config->sigma == 6 && b->config->sigma == 5);
    ss_world *kept = cache.world;
    ss_scenario_free(a);
    ss_scenario_free(b);
    /* The cached world outlives its scenarios and serves the next one. */
    ss_scenario *again = ss_scenario_load_cached(def, sets, 1, &cache, &d);
    CHECK(again && again->world == kept && same_scenario(alone, again));
    ss_scenario_free(again);
    /* Another world folder takes the cache's place. */
    ss_scenario *ill = ss_scenario_load_cached("scenarios/illustrative.ini", NULL, 0, &cache, &d);
    ss_scenario *ill_alone = ss_scenario_load("scenarios/illustrative.ini", NULL, 0, &d);
    CHECK(ill && ill_alone && ill->world == cache.world && ill->world->n == 8);
    CHECK(ill && ill_alone && same_scenario(ill, ill_alone));
    /* Pinned (a run's twin), the cache refuses another folder and keeps
     * the world that ill borrows; unpinned, it serves it again. */
    ss_world *held = cache.world;
    cache.pinned = 1;
    ss_scenario *other = ss_scenario_load_cached(def, NULL, 0, &cache, &d);
    CHECK(!other && cache.world == held && ill && ill->world == held);
    CHECK(strstr(d.msg, "not the world folder held") != NULL);
    ss_scenario *same = ss_scenario_load_cached("scenarios/illustrative.ini", NULL, 0, &cache, &d);
    CHECK(same && same->world == held);
    ss_scenario_free(same);
    ss_scenario_free(other);
    cache.pinned = 0;
    ss_scenario_free(ill);
    ss_scenario_free(ill_alone);
    ss_scenario_free(alone);
    ss_world_cache_clear(&cache);
    CHECK(cache.world == NULL && cache.dir == NULL);
    return check_report();
}
