/* Scenario files, room 4 of 6: [links NAME] tables. Each names a CSV file
 * of exporter,importer,sector,cost_change rows beside the scenario; this
 * room reads it into an ss_links table of the configuration (a sector of
 * `all` becomes one entry per sector) and checks the tables together: no
 * link and sector twice in one table, and no cut so deep that the model's
 * numbers would overflow. */
#include "cost.h"
#include "scenario_internal.h"
#include "table.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The range of a [links] cost_change, and the smallest factor that the
 * tables in force together may put on a link's cost: with sigma up to 50,
 * a factor of 1e-7 made flows overflow to nan; 1e-3 keeps a wide margin. */
#define LINKS_MIN_CHANGE (-0.999)
#define LINKS_MAX_CHANGE 1e6
#define LINKS_MIN_FACTOR 1e-3

/* The table's file, relative to the scenario's folder, made absolute in
 * its entry, so that the resolved scenario.ini of a run folder still finds
 * it. */
static int links_path(const ss_scenario *s, ss_section *sec, const char **path, ss_diag *d)
{
    long line;
    const char *text = sc_value_of(s, sec, "file", &line, d);
    if (!text)
        return SS_EINVAL;
    long own_line; /* the table is relative to the file that names it */
    char *copy = strdup(ss_scenario_place(s, line, &own_line)), joined[PATH_MAX];
    if (!copy)
        return sc_oom(d);
    snprintf(joined, sizeof joined, "%s/%s", text[0] == '/' ? "" : dirname(copy), text);
    free(copy);
    char *real = realpath(joined, NULL);
    if (!real)
        return sc_fail_io_in(d, s, line, "file", "file = '%s': cannot open %s: %s", text, joined,
                             strerror(errno));
    if (sc_check_named(s, line, "file", text, real, d)) {
        free(real);
        return SS_EINVAL;
    }
    ss_entry *e = sc_find_entry(sec, "file");
    free(e->value);
    e->value = real;
    *path = real;
    return SS_OK;
}

/* The cost change of one row, checked. */
static int row_change(const char *path, long line, const char *v, double *change, ss_diag *d)
{
    if (ss_parse_number(v, change) || *change <= -1) {
        char hint[64]; /* "25%": the share it meant */
        return sc_fail(d, path, line, "cost_change",
                       "cost_change = '%s': expected a number above -1, -0.1 for a 10 %% cut%s", v,
                       ss_percent_hint(v, hint, sizeof hint));
    }
    if (*change < LINKS_MIN_CHANGE || *change > LINKS_MAX_CHANGE)
        return sc_fail(d, path, line, "cost_change",
                       "cost_change = %s is out of range: expected %g to %g (a cut of more than "
                       "99.9 %% would make the model's numbers overflow)",
                       v, LINKS_MIN_CHANGE, LINKS_MAX_CHANGE);
    return SS_OK;
}

/* Fills l (and each entry's line) from the rows of t; col holds the
 * positions of exporter, importer, sector and cost_change. */
static int read_rows(const ss_scenario *s, const ss_table *t, const long *col, ss_links *l,
                     long *lines, ss_diag *d)
{
    size_t at = 0;
    for (size_t r = 0; r < t->nrow; r++) {
        const char *ex = ss_table_get(t, r, (size_t)col[0]),
                   *im = ss_table_get(t, r, (size_t)col[1]);
        const char *sector = ss_table_get(t, r, (size_t)col[2]);
        long i = ss_world_country(s->world, ex), j = ss_world_country(s->world, im);
        long q = strcmp(sector, "all") == 0 ? -2 : ss_world_sector(s->world, sector);
        double change;
        if (i < 0 || j < 0) {
            const char *name = i < 0 ? ex : im;
            int group = 0;
            for (size_t g = 0; g < s->groups.len && !group; g++)
                group = strcmp(s->groups.at[g].group, name) == 0;
            return sc_fail(d, t->path, t->line[r], i < 0 ? "exporter" : "importer",
                           group ? "'%s' is a group: a [links] table names countries, a row for "
                                   "each"
                                 : "unknown country '%s': it is not in the world",
                           name);
        }
        char hint[640];
        if (q == -1)
            return sc_fail(d, t->path, t->line[r], "sector", "unknown sector '%s'%s", sector,
                           ss_sector_hint(s->world, sector, hint, sizeof hint));
        int rc = row_change(t->path, t->line[r], ss_table_get(t, r, (size_t)col[3]), &change, d);
        if (rc)
            return rc;
        for (size_t k = 0; k < s->world->k; k++) {
            if (q >= 0 && (size_t)q != k)
                continue;
            l->from[at] = (size_t)i;
            l->to[at] = (size_t)j;
            l->sector[at] = k;
            lines[at] = t->line[r];
            l->change[at++] = change;
        }
    }
    return SS_OK;
}

/* A new table of len entries in the configuration, and its lines; NULL
 * when memory runs out. */
static ss_links *add_links(ss_scenario *s, const char *name, size_t len, long start, long end,
                           long **lines)
{
    ss_links *l = ss_config_add_links(s->config, name, len, start, end);
    long **grown = l ? realloc(s->links_line, s->config->n_links * sizeof *grown) : NULL;
    if (grown)
        s->links_line = grown;
    *lines = grown ? calloc(len + 1, sizeof **lines) : NULL;
    if (*lines)
        grown[s->n_links_line++] = *lines;
    return *lines ? l : NULL;
}

int sc_load_links(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    long start, end;
    const char *path = NULL;
    int rc = sc_dates_of(s, sec, &start, &end, d);
    if (rc || (rc = links_path(s, sec, &path, d)))
        return rc;
    ss_table *t = ss_table_read(path, d);
    if (!t)
        return SS_EINVAL;
    static const char *const cols[] = {"exporter", "importer", "sector", "cost_change"};
    long col[4], *lines;
    for (size_t c = 0; c < 4; c++)
        if ((col[c] = ss_table_column(t, cols[c])) < 0) {
            char hint[160];
            rc = sc_fail(d, path, 1, cols[c],
                         "no column '%s': expected exporter,importer,sector,cost_change%s", cols[c],
                         ss_table_header_hint(t->header, t->ncol, cols[c], hint, sizeof hint));
            goto done;
        }
    size_t len = 0; /* a sector of `all` stands for every sector */
    for (size_t r = 0; r < t->nrow; r++)
        len += strcmp(ss_table_get(t, r, (size_t)col[2]), "all") == 0 ? s->world->k : 1;
    ss_links *l = add_links(s, sec->label, len, start, end, &lines);
    rc = l ? read_rows(s, t, col, l, lines, d) : sc_oom(d);
done:
    ss_table_free(t);
    return rc;
}

/* One entry of a [links] table, for the checks across entries. */
typedef struct link_ref {
    size_t link; /* ss_idx of the link and sector */
    size_t table, entry;
} link_ref;

static int by_link(const void *a, const void *b)
{
    const link_ref *x = a, *y = b;
    if (x->link != y->link)
        return x->link < y->link ? -1 : 1;
    if (x->table != y->table)
        return x->table < y->table ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Two entries of one table for the same link and sector: the later one is
 * an error (both would apply, multiplied). */
static int links_duplicate(const ss_scenario *s, const link_ref *a, const link_ref *b, ss_diag *d)
{
    const ss_links *l = &s->config->links[b->table];
    const ss_world *w = s->world;
    const ss_entry *file = sc_find_entry(sc_find_section(s, "links", l->name), "file");
    return sc_fail(d, file->value, s->links_line[b->table][b->entry], NULL,
                   "a second row for %s -> %s in sector %s (first at line %ld): each link and "
                   "sector once per table (a sector of all counts for every sector)",
                   w->iso3[l->from[b->entry]], w->iso3[l->to[b->entry]],
                   w->sector[l->sector[b->entry]], s->links_line[a->table][a->entry]);
}

/* The cost factor of a link in month t, over the tables in force then
 * (entries group[0..n)): at least LINKS_MIN_FACTOR, else an error at the
 * row of the table in force that started last. */
static int links_product(const ss_scenario *s, const link_ref *group, size_t n, long t, ss_diag *d)
{
    const ss_links *all = s->config->links;
    double factor = 1;
    size_t r = n;
    for (size_t i = 0; i < n; i++) {
        const ss_links *l = &all[group[i].table];
        if (!ss_cost_active(l->start, l->end, t))
            continue;
        factor *= 1 + l->change[group[i].entry];
        if (r == n || l->start >= all[group[r].table].start)
            r = i;
    }
    if (factor >= LINKS_MIN_FACTOR)
        return SS_OK;
    const ss_links *lr = &all[group[r].table];
    const ss_world *w = s->world;
    char month[32];
    ss_scenario_month(s, t, month, sizeof month);
    const ss_entry *file = sc_find_entry(sc_find_section(s, "links", lr->name), "file");
    return sc_fail(d, file->value, s->links_line[group[r].table][group[r].entry], "cost_change",
                   "from %s the [links] tables in force cut the cost of %s -> %s in sector %s to "
                   "%g of its baseline: together they may cut it by at most 99.9 %% (a factor "
                   "of %g; a smaller one would make the model's numbers overflow)",
                   month, w->iso3[lr->from[group[r].entry]], w->iso3[lr->to[group[r].entry]],
                   w->sector[lr->sector[group[r].entry]], factor, LINKS_MIN_FACTOR);
}

/* The product of a link's tables changes only where one starts or the
 * month after one ends (a table that raised the cost ending leaves the
 * others' cuts alone: a helper's hunt found that missed): those months. */
static int links_products(const ss_scenario *s, const link_ref *group, size_t n, ss_diag *d)
{
    int rc = SS_OK;
    for (size_t r = 0; r < n && !rc; r++) {
        const ss_links *l = &s->config->links[group[r].table];
        rc = links_product(s, group, n, l->start, d);
        if (!rc && l->end >= 0 && l->end + 1 < s->months)
            rc = links_product(s, group, n, l->end + 1, d);
    }
    return rc;
}

/* Across every [links] table: no link and sector twice in one table, and
 * the tables in force together never cut a link's cost below
 * LINKS_MIN_FACTOR, so that every cost stays finite (checked for every
 * month a table starts in or one ends before). */
int sc_check_links(ss_scenario *s, ss_diag *d)
{
    const ss_config *c = s->config;
    size_t total = 0, n = 0;
    for (size_t t = 0; t < c->n_links; t++)
        total += c->links[t].len;
    link_ref *ref = malloc((total + 1) * sizeof *ref);
    if (!ref)
        return sc_oom(d);
    for (size_t t = 0; t < c->n_links; t++)
        for (size_t q = 0; q < c->links[t].len; q++)
            ref[n++] = (link_ref){
                ss_idx(s->world, c->links[t].from[q], c->links[t].to[q], c->links[t].sector[q]), t,
                q};
    qsort(ref, n, sizeof *ref, by_link);
    int rc = SS_OK;
    for (size_t g = 0, end; g < n && !rc; g = end) {
        for (end = g + 1; end < n && ref[end].link == ref[g].link; end++)
            if (!rc && ref[end].table == ref[end - 1].table)
                rc = links_duplicate(s, &ref[end - 1], &ref[end], d);
        if (!rc && end - g > 1)
            rc = links_products(s, ref + g, end - g, d);
    }
    free(ref);
    return rc;
}
