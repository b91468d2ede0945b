/* The baseline world: allocation, lookup and distances. */
#include "world.h"
#include "dense.h"
#include "status.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

ss_world *ss_world_alloc(size_t n, size_t k)
{
    if (n == 0 || k == 0)
        return NULL;
    ss_world *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->n = n;
    w->k = k;
    w->iso3 = calloc(n, sizeof *w->iso3);
    w->name = calloc(n, sizeof *w->name);
    w->sector = calloc(k, sizeof *w->sector);
    w->lat = malloc(n * sizeof *w->lat);
    w->lon = malloc(n * sizeof *w->lon);
    /* The flows and the distances, both filled whole, in one block
     * (dense.h): the flows, then the distances from the next 64 bytes. */
    const size_t nn = n * n * sizeof *w->dist, nnk = nn * k,
                 at = nnk / k == nn && nnk <= SIZE_MAX - 63 ? (nnk + 63) & ~(size_t)63 : SIZE_MAX;
    w->x0 = at <= SIZE_MAX - nn
                ? ss_dense_fill(ss_dense_advise(ss_dense_block(at + nn), at + nn), at + nn)
                : NULL;
    w->dist = w->x0 ? (double *)((char *)w->x0 + at) : NULL;
    w->reexport = malloc(n * k);
    w->commodity = calloc(k ? k : 1, 1);
    w->by_iso3.at = malloc(n * sizeof *w->by_iso3.at);
    w->by_sector.at = malloc(k * sizeof *w->by_sector.at);
    if (!w->iso3 || !w->name || !w->sector || !w->lat || !w->lon || !w->dist || !w->x0 ||
        !w->reexport || !w->commodity || !w->by_iso3.at || !w->by_sector.at) {
        ss_world_free(w);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        w->lat[i] = w->lon[i] = NAN;
    for (size_t i = 0; i < n * n; i++)
        w->dist[i] = NAN;
    memset(w->reexport, 1, n * k);
    return w;
}

void ss_world_free(ss_world *w)
{
    if (!w)
        return;
    for (size_t i = 0; w->iso3 && i < w->n; i++)
        free(w->iso3[i]);
    for (size_t i = 0; w->name && i < w->n; i++)
        free(w->name[i]);
    for (size_t s = 0; w->sector && s < w->k; s++)
        free(w->sector[s]);
    free(w->iso3);
    free(w->name);
    free(w->sector);
    free(w->lat);
    free(w->lon);
    ss_dense_block_free(w->x0); /* and the distances */
    free(w->reexport);
    free(w->commodity);
    free(w->by_iso3.at);
    free(w->by_sector.at);
    free(w);
}

static int replace(char **slot, const char *text)
{
    char *copy = strdup(text ? text : "");
    if (!copy)
        return SS_ENOMEM;
    free(*slot);
    *slot = copy;
    return SS_OK;
}

/* Compares name `key` (with index `ki`) to entry `e` of the index: by name,
 * then by position. */
static int name_cmp(char *const *names, const char *key, size_t ki, size_t e)
{
    int c = strcmp(key, names[e]);
    return c ? c : (ki > e) - (ki < e);
}

/* The first place in the index whose entry is not below (key, ki). */
static size_t name_lower(const ss_name_index *x, char *const *names, const char *key, size_t ki)
{
    size_t lo = 0, hi = x->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (name_cmp(names, key, ki, x->at[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sets names[i] to a copy of text and moves i to its place in the index. */
static int set_name(char **names, ss_name_index *x, size_t i, const char *text)
{
    if (names[i]) { /* take i out at its old place */
        size_t at = name_lower(x, names, names[i], i);
        memmove(x->at + at, x->at + at + 1, (x->len - at - 1) * sizeof *x->at);
        x->len--;
    }
    int rc = replace(&names[i], text);
    if (names[i]) { /* the new name, or the old one if the copy failed */
        size_t at = name_lower(x, names, names[i], i);
        memmove(x->at + at + 1, x->at + at, (x->len - at) * sizeof *x->at);
        x->at[at] = i;
        x->len++;
    }
    return rc;
}

long ss_name_find(const ss_name_index *x, char *const *names, const char *key)
{
    size_t at = name_lower(x, names, key, 0);
    return at < x->len && strcmp(names[x->at[at]], key) == 0 ? (long)x->at[at] : -1;
}

/* qsort_r's order of the index's entries (see name_cmp). */
static int entry_cmp(const void *a, const void *b, void *names)
{
    const size_t e = *(const size_t *)a;
    return name_cmp(names, ((char *const *)names)[e], e, *(const size_t *)b);
}

void ss_name_index_sort(ss_name_index *x, char *const *names, size_t len)
{
    for (size_t i = 0; i < len; i++)
        x->at[i] = i;
    x->len = len;
    qsort_r(x->at, len, sizeof *x->at, entry_cmp, (void *)names);
}

int ss_world_set_country(ss_world *w, size_t i, const char *iso3, const char *name)
{
    if (i >= w->n)
        return SS_EINVAL;
    int rc = set_name(w->iso3, &w->by_iso3, i, iso3);
    return rc ? rc : replace(&w->name[i], name ? name : iso3);
}

int ss_world_set_sector(ss_world *w, size_t s, const char *name)
{
    return s < w->k ? set_name(w->sector, &w->by_sector, s, name) : SS_EINVAL;
}

long ss_world_country(const ss_world *w, const char *iso3)
{
    return ss_name_find(&w->by_iso3, w->iso3, iso3);
}

long ss_world_sector(const ss_world *w, const char *name)
{
    return ss_name_find(&w->by_sector, w->sector, name);
}

/* The haversine on a sphere of the Earth's mean radius, given the cosines
 * of both latitudes (each computed once per country when filling a
 * world's distances: the same values). */
static double haversine_km(double lat1, double lon1, double cos1, double lat2, double lon2,
                           double cos2)
{
    const double r = 6371.0, rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos1 * cos2 * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

static double cos_lat(double lat)
{
    return cos(lat * (M_PI / 180.0));
}

double ss_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    return haversine_km(lat1, lon1, cos_lat(lat1), lat2, lon2, cos_lat(lat2));
}

/* Whether country i has coordinates. */
static int located(const ss_world *w, size_t i)
{
    return !isnan(w->lat[i]) && !isnan(w->lon[i]);
}

int ss_world_fill_distances(ss_world *w, ss_diag *diag)
{
    const size_t n = w->n;
    double *cosine = malloc(n * sizeof *cosine);
    if (!cosine)
        return ss_diag_set(diag, SS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        cosine[i] = cos_lat(w->lat[i]);
    /* Each pair once: the formula gives the same bits both ways (its
     * differences change sign exactly, sine is odd, products commute). */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && located(w, i); j++) {
            double *ij = &w->dist[i * n + j], *ji = &w->dist[j * n + i];
            if ((isnan(*ij) || isnan(*ji)) && located(w, j)) {
                const double d =
                    haversine_km(w->lat[i], w->lon[i], cosine[i], w->lat[j], w->lon[j], cosine[j]);
                *ij = isnan(*ij) ? d : *ij;
                *ji = isnan(*ji) ? d : *ji;
            }
        }
    free(cosine);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double *d = &w->dist[i * n + j];
            if (i == j && isnan(*d))
                *d = 0;
            if (isnan(*d))
                return ss_diag_set(diag, SS_EINVAL,
                                   "no distance from %s to %s and no coordinates to compute one",
                                   w->iso3[i], w->iso3[j]);
        }
    return SS_OK;
}
