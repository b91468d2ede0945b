/* The baseline world: countries, sectors, distances and baseline flows.
 * Invariant: every baseline flow is finite and non-negative, and x0 holds
 * monthly values (the annual input divided by 12), pair-major:
 * x0[(i * n + j) * k + s] is the flow from exporter i to importer j in
 * sector s, domestic sales on the diagonal i == j. */
#ifndef SS_WORLD_H
#define SS_WORLD_H

#include "status.h"

#include <stddef.h>

/* The longest country code a world file may hold (src/worldio.c). */
#define SS_CODE_MAX 16

/* Names kept in sorted order for lookup by binary search: at[0..len) are
 * the indices of the names set so far, ordered by name and, among equal
 * names, by index (so a lookup finds the first, as a linear search would).
 * Maintained by ss_world_set_country / ss_world_set_sector. */
typedef struct ss_name_index {
    size_t len;
    size_t *at;
} ss_name_index;

/* The first index whose name is key, or -1. */
long ss_name_find(const ss_name_index *x, char *const *names, const char *key);

/* Indexes names[0..len) at once (x->at has room for len). */
void ss_name_index_sort(ss_name_index *x, char *const *names, size_t len);

typedef struct ss_world {
    size_t n;      /* countries */
    size_t k;      /* sectors */
    char **iso3;   /* n country codes, at most SS_CODE_MAX characters */
    char **name;   /* n display names */
    char **sector; /* k sector names */
    double *lat;   /* n latitudes in degrees, NAN when unknown */
    double *lon;   /* n longitudes in degrees, NAN when unknown */
    double *dist;  /* n * n distances in km, NAN until known */
    double *x0;    /* n * n * k monthly baseline flows, USD million */
    /* n * k: 1 where the country can carry transit in the sector, 0 where
     * it cannot (a bulk commodity it cannot process or re-export); all 1
     * unless the world says otherwise (countries.csv, `processes`). */
    unsigned char *reexport;
    /* k: 1 for a homogeneous commodity, whose origins are close substitutes
     * (docs/model.md, "Commodities"); all 0 unless the world says otherwise
     * (sectors.csv, `commodity`). */
    unsigned char *commodity;
    /* Lookup indexes of iso3 and sector; names must be set through the
     * functions below, never written directly. */
    ss_name_index by_iso3, by_sector;
} ss_world;

/* A world of n countries and k sectors with empty names, zero flows and
 * unknown coordinates and distances. NULL when memory runs out. */
ss_world *ss_world_alloc(size_t n, size_t k);
void ss_world_free(ss_world *w);

/* Copies a name into the world (country code, display name or sector). */
int ss_world_set_country(ss_world *w, size_t i, const char *iso3, const char *name);
int ss_world_set_sector(ss_world *w, size_t s, const char *name);

/* Index of a country code or sector name, or -1 (the first such index
 * when a name appears twice). A binary search: O(log n). */
long ss_world_country(const ss_world *w, const char *iso3);
long ss_world_sector(const ss_world *w, const char *name);

/* Great-circle distance in km between two points given in degrees. */
double ss_great_circle_km(double lat1, double lon1, double lat2, double lon2);

/* Fills every unknown off-diagonal distance from coordinates. Fails with
 * SS_EINVAL (naming the first such pair in row order in diag) when a
 * needed coordinate is unknown, SS_ENOMEM when memory runs out. */
int ss_world_fill_distances(ss_world *w, ss_diag *diag);

static inline size_t ss_idx(const ss_world *w, size_t i, size_t j, size_t s)
{
    return (i * w->n + j) * w->k + s;
}

#endif
