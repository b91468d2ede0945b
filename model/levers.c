/* The report's levers as the configuration holds them: adding and freeing
 * blocs, corridors and payment networks (model/config.h). What each does to
 * costs lives in bloc.c, corridor.c and payments.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

/* Grows *arr (of *n items of size bytes) by one, zeroed; NULL on failure. */
static void *grow(void **arr, size_t *n, size_t size)
{
    char *grown = realloc(*arr, (*n + 1) * size);
    if (!grown)
        return NULL;
    *arr = grown;
    memset(grown + *n * size, 0, size);
    return grown + *n * size;
}

static int copy_name(char **dst, const char *src)
{
    *dst = strdup(src ? src : "");
    return *dst ? SS_OK : SS_ENOMEM;
}

/* What each lever owns, freed on a failed add and with the config. */
static void bloc_clear(ss_bloc *b)
{
    free(b->name);
    ss_set_clear(&b->members);
    ss_set_clear(&b->sectors);
}

static void corridor_clear(ss_corridor *r)
{
    free(r->name);
    ss_set_clear(&r->from);
    ss_set_clear(&r->to);
    ss_set_clear(&r->sectors);
    ss_set_clear(&r->offer);
}

static void network_clear(ss_network *p)
{
    free(p->name);
    ss_set_clear(&p->members);
}

long ss_config_add_bloc(ss_config *c, const ss_bloc *b)
{
    ss_bloc *d = grow((void **)&c->bloc, &c->n_blocs, sizeof *d);
    if (!d)
        return -1;
    *d = *b;
    d->members = d->sectors = (ss_set){0};
    if (copy_name(&d->name, b->name) || ss_set_copy(&d->members, &b->members) ||
        ss_set_copy(&d->sectors, &b->sectors)) {
        bloc_clear(d);
        return -1;
    }
    return (long)c->n_blocs++;
}

long ss_config_add_corridor(ss_config *c, const ss_corridor *r)
{
    ss_corridor *d = grow((void **)&c->corridor, &c->n_corridors, sizeof *d);
    if (!d)
        return -1;
    *d = *r;
    d->from = d->to = d->sectors = d->offer = (ss_set){0};
    if (copy_name(&d->name, r->name) || ss_set_copy(&d->from, &r->from) ||
        ss_set_copy(&d->to, &r->to) || ss_set_copy(&d->sectors, &r->sectors) ||
        ss_set_copy(&d->offer, &r->offer)) {
        corridor_clear(d);
        return -1;
    }
    return (long)c->n_corridors++;
}

long ss_config_add_network(ss_config *c, const ss_network *p)
{
    ss_network *d = grow((void **)&c->network, &c->n_networks, sizeof *d);
    if (!d)
        return -1;
    *d = *p;
    d->members = (ss_set){0};
    if (copy_name(&d->name, p->name) || ss_set_copy(&d->members, &p->members)) {
        network_clear(d);
        return -1;
    }
    return (long)c->n_networks++;
}

void ss_config_free_levers(ss_config *c)
{
    for (size_t i = 0; i < c->n_blocs; i++)
        bloc_clear(&c->bloc[i]);
    for (size_t i = 0; i < c->n_corridors; i++)
        corridor_clear(&c->corridor[i]);
    for (size_t i = 0; i < c->n_networks; i++)
        network_clear(&c->network[i]);
    free(c->bloc);
    free(c->corridor);
    free(c->network);
}
