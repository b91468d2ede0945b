/* World folders: CSV files in, a validated ss_world out. Every error names
 * the file and line it comes from. */
#include "worldio.h"
#include "dense.h"
#include "files.h"
#include "report.h"
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ss_groups_add(ss_groups *g, const char *group, const char *member, const char *file, long line)
{
    ss_group_entry *grown = realloc(g->at, (g->len + 1) * sizeof *grown);
    if (!grown)
        return SS_ENOMEM;
    g->at = grown;
    ss_group_entry *e = &g->at[g->len];
    e->group = strdup(group);
    e->member = strdup(member);
    e->file = strdup(file);
    e->line = line;
    if (!e->group || !e->member || !e->file) {
        free(e->group);
        free(e->member);
        free(e->file);
        return SS_ENOMEM;
    }
    g->len++;
    return SS_OK;
}

int ss_groups_append(ss_groups *to, const ss_groups *from)
{
    for (size_t i = 0; i < from->len; i++) {
        const ss_group_entry *e = &from->at[i];
        if (ss_groups_add(to, e->group, e->member, e->file, e->line))
            return SS_ENOMEM;
    }
    return SS_OK;
}

int ss_groups_has(const ss_groups *g, const char *group)
{
    for (size_t i = 0; i < g->len; i++)
        if (strcmp(g->at[i].group, group) == 0)
            return 1;
    return 0;
}

void ss_groups_clear(ss_groups *g)
{
    for (size_t i = 0; i < g->len; i++) {
        free(g->at[i].group);
        free(g->at[i].member);
        free(g->at[i].file);
    }
    free(g->at);
    g->at = NULL;
    g->len = 0;
}

/* Limits that no real world comes near: the model's memory grows with
 * countries squared times sectors, and flows add up over all of them. */
#define MAX_COUNTRIES 10000
#define MAX_SECTORS 10000
#define MAX_VALUE 1e12       /* USD million a year: 10,000 times world output */
#define MAX_KM 100000.0      /* two and a half times round the Earth */
#define MAX_NAME 64          /* sector names */
#define MAX_GROUP_ROWS 10000 /* groups are looked up linearly, and nest recursively */

static int fail(ss_diag *d, const ss_table *t, size_t row, const char *key, const char *fmt,
                const char *a, const char *b)
{
    if (d) {
        snprintf(d->file, sizeof d->file, "%s", t->path);
        d->line = row < t->nrow ? t->line[row] : 1;
        snprintf(d->key, sizeof d->key, "%s", key ? key : "");
    }
    return ss_diag_set(d, SS_EINVAL, fmt, a, b);
}

/* Finds the named columns in a header of ncol fields (pos); returns the
 * first name that is missing, or that appears twice (*twice), or count
 * when each is there once. */
static size_t header_columns(char *const *header, size_t ncol, const char *const *names, long *pos,
                             size_t count, int *twice)
{
    for (size_t i = 0; i < count; i++) {
        pos[i] = -1;
        for (size_t c = 0; c < ncol; c++)
            if (strcmp(header[c], names[i]) == 0) {
                if ((*twice = pos[i] >= 0))
                    return i;
                pos[i] = (long)c;
            }
        if (pos[i] < 0)
            return i;
    }
    return count;
}

/* Finds the named columns of a table; fails naming the first one missing. */
static int columns(const ss_table *t, const char *const *names, long *pos, size_t count, ss_diag *d)
{
    int twice = 0;
    const size_t bad = header_columns(t->header, t->ncol, names, pos, count, &twice);
    if (bad == count)
        return SS_OK;
    char hint[160];
    return fail(
        d, t, t->nrow, NULL,
        twice ? "column '%s' appears twice in the header%s" : "no column '%s' in the header%s",
        names[bad],
        twice ? "" : ss_table_header_hint(t->header, t->ncol, names[bad], hint, sizeof hint));
}

static int valid_code(const char *s)
{
    size_t len = strlen(s);
    if (len < 2 || len > SS_CODE_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
            return 0;
    return 1;
}

/* A sector name is written unquoted into every output CSV and listed in
 * scenarios, where items are split on spaces and commas; it does not start
 * with - (a spreadsheet could read "-A1" as a formula) or with a dot. */
static int valid_sector(const char *s)
{
    size_t len = strlen(s);
    if (len < 1 || len > MAX_NAME || strcmp(s, "all") == 0 || s[0] == '-' || s[0] == '.')
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("_-.", s[i]))
            return 0;
    return 1;
}

static ss_table *open_table(const char *dir, const char *file, int optional, ss_diag *d)
{
    char *path = ss_path_join(dir, file);
    if (!path) {
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    int special = 0; /* a FIFO or device: ss_table_read says so */
    FILE *probe = optional ? ss_open_input(path, &special) : NULL;
    ss_table *t = NULL;
    struct stat st;
    if (!optional && stat(path, &st) != 0 && errno == ENOENT) {
        if (d) {
            snprintf(d->file, sizeof d->file, "%s", dir);
            d->line = 0;
        }
        ss_diag_set(d, SS_EINVAL,
                    "the world folder has no %s: a world needs countries.csv and "
                    "trade.csv (and may have sectors.csv, distances.csv and groups.csv)",
                    file);
    } else if (!optional || probe || special) {
        t = ss_table_read(path, d);
    }
    if (probe)
        fclose(probe);
    free(path);
    return t;
}

/* The place of key among names[0..len) when it is the entry at *hint or
 * the one after it, else -1; *hint moves to the place found. The rows of
 * a trade table repeat their exporter and importer and cycle through the
 * sectors, so this spares nearly every search of a large world. */
static long near(char *const *names, size_t len, long *hint, const char *key)
{
    for (long h = *hint; len > 0 && h <= *hint + 1; h++) {
        const long at = h % (long)len;
        if (strcmp(names[at], key) == 0)
            return *hint = at;
    }
    return -1;
}

/* The place of a sector's name among names[0..len) (next to the hint,
 * else by a search from the first), or -1. */
static long find_sector(char *const *names, size_t len, long *hint, const char *name)
{
    long at = near(names, len, hint, name);
    for (size_t q = 0; at < 0 && q < len; q++)
        if (strcmp(names[q], name) == 0)
            at = *hint = (long)q;
    return at;
}

/* Sector names in order of first appearance in trade.csv. On a bad name
 * or too many, *bad is the row (and names is still returned). */
static char **sector_names(const ss_table *t, size_t col, size_t *count, size_t *bad)
{
    char **names = malloc((t->nrow + 1) * sizeof *names);
    size_t k = 0;
    long hint = 0;
    *bad = t->nrow;
    for (size_t r = 0; names && r < t->nrow; r++) {
        const char *s = ss_table_get(t, r, col);
        if (find_sector(names, k, &hint, s) >= 0)
            continue;
        if (!valid_sector(s) || k == MAX_SECTORS) {
            *bad = r;
            break;
        }
        names[k++] = (char *)s;
    }
    *count = k;
    return names;
}

/* The optional `processes` column: the bulk sectors a country can process
 * and re-export. A sector that any country lists is re-exported only
 * through the countries that list it. */
static int load_processes(ss_world *w, const ss_table *c, ss_diag *d)
{
    long col = ss_table_column(c, "processes");
    if (col < 0)
        return SS_OK;
    const size_t k = w->k;
    unsigned char *bulk = calloc(k, 1);
    if (!bulk)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    memset(w->reexport, 0, w->n * k);
    for (size_t r = 0; r < c->nrow; r++) {
        const char *list = ss_table_get(c, r, (size_t)col);
        while (*list) {
            size_t len = strcspn(list, " "), s = 0;
            while (s < k && !(strlen(w->sector[s]) == len && !strncmp(w->sector[s], list, len)))
                s++;
            if (len && s == k) {
                free(bulk);
                return fail(d, c, r, "processes",
                            "processes = '%s': not a list of sectors of trade.csv "
                            "(separated by spaces)%s",
                            ss_table_get(c, r, (size_t)col), "");
            }
            if (len)
                bulk[s] = w->reexport[r * k + s] = 1;
            list += len + (list[len] == ' ');
        }
    }
    for (size_t m = 0; m < w->n; m++)
        for (size_t s = 0; s < k; s++)
            w->reexport[m * k + s] |= !bulk[s];
    free(bulk);
    return SS_OK;
}

/* The world of countries.csv (columns at cc) with k sectors named
 * sectors[s]: into *out, once allocated, even when a country is refused. */
static int countries_into(ss_world **out, const ss_table *c, const long *cc, char *const *sectors,
                          size_t k, ss_diag *d)
{
    ss_world *w = ss_world_alloc(c->nrow, k);
    for (size_t s = 0; w && s < k; s++)
        if (ss_world_set_sector(w, s, sectors[s]) != SS_OK) {
            ss_world_free(w);
            w = NULL;
        }
    if (!w)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    *out = w;
    for (size_t r = 0; r < c->nrow; r++) {
        const char *iso = ss_table_get(c, r, (size_t)cc[0]);
        if (!valid_code(iso))
            return fail(d, c, r, "iso3",
                        "'%s' is not a country code: expected 2 to 16 upper-case "
                        "letters, digits and _, such as DEU%s",
                        iso, "");
        if (ss_world_country(w, iso) >= 0)
            return fail(d, c, r, "iso3", "country %s is listed twice%s", iso, "");
        if (ss_world_set_country(w, r, iso, ss_table_get(c, r, (size_t)cc[1])) != SS_OK)
            return ss_diag_set(d, SS_ENOMEM, "out of memory");
        const char *lat = ss_table_get(c, r, (size_t)cc[2]),
                   *lon = ss_table_get(c, r, (size_t)cc[3]);
        double v;
        if (*lat && (ss_parse_number(lat, &v) || v < -90 || v > 90))
            return fail(d, c, r, "lat", "lat = '%s' is not a latitude in [-90, 90]%s", lat, "");
        w->lat[r] = *lat ? v : NAN;
        if (*lon && (ss_parse_number(lon, &v) || v < -180 || v > 180))
            return fail(d, c, r, "lon", "lon = '%s' is not a longitude in [-180, 180]%s", lon, "");
        w->lon[r] = *lon ? v : NAN;
    }
    return load_processes(w, c, d);
}

/* The columns that countries.csv and trade.csv must have. */
static const char *const cnames[] = {"iso3", "name", "lat", "lon"};
static const char *const tnames[] = {"exporter", "importer", "sector", "value_usd_mn"};

static int load_countries(ss_world **out, const ss_table *c, const ss_table *tr, ss_diag *d)
{
    long cc[4], tc[4];
    int rc;
    if ((rc = columns(c, cnames, cc, 4, d)) || (rc = columns(tr, tnames, tc, 4, d)))
        return rc;
    if (c->nrow == 0)
        return fail(d, c, 0, NULL, "no countries%s%s", "", "");
    if (c->nrow > MAX_COUNTRIES)
        return fail(d, c, MAX_COUNTRIES, NULL,
                    "more than %s countries: a world holds at most "
                    "%s",
                    "10000", "10000");
    size_t k, bad;
    char **sectors = sector_names(tr, (size_t)tc[2], &k, &bad);
    if (!sectors)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    if (bad < tr->nrow) {
        const char *name = ss_table_get(tr, bad, (size_t)tc[2]);
        free(sectors);
        if (k == MAX_SECTORS)
            return fail(d, tr, bad, "sector", "more than %s sectors: a world holds at most %s",
                        "10000", "10000");
        return fail(d, tr, bad, "sector",
                    "sector = '%s' is not a sector name: expected 1 to 64 letters, digits, _, - "
                    "or . (and not all, which means every sector)%s",
                    name, ", starting with a letter, a digit or _");
    }
    if (k == 0) {
        free(sectors);
        return fail(d, tr, 0, NULL,
                    "no flows: expected a row for every exporter, importer and "
                    "sector%s%s",
                    "", "");
    }
    rc = countries_into(out, c, cc, sectors, k, d);
    free(sectors);
    return rc;
}

/* The line of the first row with the same values as row `dup` in the
 * ncol columns col (a trade.csv link and sector, a distances.csv pair:
 * looked up only to explain a duplicate). */
static long first_row(const ss_table *t, const long *col, size_t ncol, size_t dup)
{
    for (size_t r = 0; r < dup; r++) {
        int same = 1;
        for (size_t c = 0; c < ncol; c++)
            same &= strcmp(ss_table_get(t, r, (size_t)col[c]),
                           ss_table_get(t, dup, (size_t)col[c])) == 0;
        if (same)
            return t->line[r];
    }
    return 0;
}

/* For a missing flow: the sector with the fewest rows, when it has rows
 * for fewer than half of the links. With a sector of a similar name it is
 * most likely a misspelling in a few rows that made a sector of its own
 * ("Tech" beside "tech"): "; sector Tech has only 1 row of 36, the first at
 * line 10: a misspelt sector name (did you mean tech?)"; otherwise rows of
 * 0 left out, as databases export. Else "". */
static const char *sparse_sector(const ss_world *w, const ss_table *t, long col,
                                 const unsigned char *seen, char *buf, size_t size)
{
    size_t links = w->n * w->n, fewest = links, s = 0;
    for (size_t q = 0; q < w->k; q++) {
        size_t rows = 0;
        for (size_t ij = 0; ij < links; ij++)
            rows += seen[ij * w->k + q];
        if (rows < fewest) {
            fewest = rows;
            s = q;
        }
    }
    buf[0] = '\0';
    if (2 * fewest >= links)
        return buf;
    long line = 0;
    for (size_t r = 0; r < t->nrow && !line; r++)
        if (strcmp(ss_table_get(t, r, (size_t)col), w->sector[s]) == 0)
            line = t->line[r];
    ss_nearest near = SS_NEAREST;
    for (size_t q = 0; q < w->k; q++)
        if (q != s)
            ss_nearest_try(&near, w->sector[s], w->sector[q]);
    char hint[160], first[48] = "";
    ss_nearest_hint(&near, "", "", hint, sizeof hint);
    if (line) /* none for a sector of sectors.csv without rows */
        snprintf(first, sizeof first, ", the first at line %ld", line);
    snprintf(buf, size, "; sector %.64s has only %zu row%s of %zu%s: %s%s", w->sector[s], fewest,
             fewest == 1 ? "" : "s", links, first,
             hint[0] ? "a misspelt sector name" : "rows of 0 left out?", hint);
    return buf;
}

static int load_trade(ss_world *w, const ss_table *t, ss_diag *d)
{
    long col[4] = {ss_table_column(t, "exporter"), ss_table_column(t, "importer"),
                   ss_table_column(t, "sector"), ss_table_column(t, "value_usd_mn")};
    const size_t len = w->n * w->n * w->k;
    unsigned char *seen = calloc(len, 1);
    if (!seen)
        return ss_diag_set(d, SS_ENOMEM, "out of memory");
    int rc = SS_OK;
    long hint[3] = {0, 0, 0};
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        const char *ex = ss_table_get(t, r, (size_t)col[0]),
                   *im = ss_table_get(t, r, (size_t)col[1]),
                   *sec = ss_table_get(t, r, (size_t)col[2]);
        const char *val = ss_table_get(t, r, (size_t)col[3]);
        long i = near(w->iso3, w->n, &hint[0], ex), j = near(w->iso3, w->n, &hint[1], im),
             s = near(w->sector, w->k, &hint[2], sec);
        if (i < 0 && (i = ss_world_country(w, ex)) >= 0)
            hint[0] = i;
        if (j < 0 && (j = ss_world_country(w, im)) >= 0)
            hint[1] = j;
        if (s < 0 && (s = ss_world_sector(w, sec)) >= 0)
            hint[2] = s;
        double v;
        char hint_buf[96];
        if (i < 0)
            rc = fail(d, t, r, "exporter", "unknown country '%s': it is not in countries.csv%s", ex,
                      "");
        else if (j < 0)
            rc = fail(d, t, r, "importer", "unknown country '%s': it is not in countries.csv%s", im,
                      "");
        else if (ss_parse_number(val, &v))
            rc = fail(d, t, r, "value_usd_mn", "value_usd_mn = '%s' is not a number%s", val,
                      ss_number_hint(val, hint_buf, sizeof hint_buf));
        else if (v < 0)
            rc = fail(d, t, r, "value_usd_mn",
                      "value_usd_mn = %s is negative: flows are USD "
                      "million a year, 0 or more%s",
                      val, "");
        else if (v > MAX_VALUE)
            rc = fail(d, t, r, "value_usd_mn",
                      "value_usd_mn = %s is too large: flows are USD "
                      "million a year, at most 1e12%s",
                      val, "");
        else {
            size_t idx = ss_idx(w, (size_t)i, (size_t)j, (size_t)s);
            if (seen[idx]) {
                char first[96];
                snprintf(first, sizeof first, "%s in sector %s (first at line %ld)", im,
                         w->sector[s], first_row(t, col, 3, r));
                rc = fail(d, t, r, NULL, "a second row for %s -> %s", ex, first);
            }
            seen[idx] = 1;
            w->x0[idx] = v / 12.0;
        }
    }
    for (size_t idx = 0; idx < len && !rc; idx++) {
        if (seen[idx])
            continue;
        size_t s = idx % w->k, j = (idx / w->k) % w->n, i = idx / w->k / w->n;
        if (d) {
            snprintf(d->file, sizeof d->file, "%s", t->path);
            d->line = 0;
        }
        char sparse[384];
        rc = ss_diag_set(d, SS_EINVAL,
                         "missing flow %s -> %s in sector %s: every exporter, importer and "
                         "sector needs a row (0 for no trade, domestic sales on the diagonal)%s",
                         w->iso3[i], w->iso3[j], w->sector[s],
                         sparse_sector(w, t, col[2], seen, sparse, sizeof sparse));
    }
    free(seen);
    return rc;
}

/* ---- the fast way for a valid world ------------------------------------ */

/* trade.csv streamed (ss_table_each), nothing of its text kept: each row's
 * exporter, importer, sector and value, looked up as it comes. */
typedef struct flow_row {
    uint16_t i, j, s;
    double value;
} flow_row;
_Static_assert(MAX_COUNTRIES <= UINT16_MAX && MAX_SECTORS <= UINT16_MAX,
               "a flow_row's places hold every country and sector");

typedef struct stream {
    char **iso;       /* countries.csv's codes, in order */
    ss_name_index by; /* their index, sorted by code */
    size_t n;         /* countries */
    long col[4];      /* tnames' columns; col[0] < 0 until the header */
    char **sector;    /* names in order of first appearance (copies) */
    size_t k;
    long hint[3];
    flow_row *row;
    size_t len, cap;
} stream;

/* The place of a country code among codes[0..n) (next to the hint, else
 * from their index `by`, the first of equal codes as ss_world_country
 * finds it), or -1. */
static long find_country(char *const *codes, const ss_name_index *by, size_t n, long *hint,
                         const char *code)
{
    long at = near(codes, n, hint, code);
    if (at < 0 && (at = ss_name_find(by, codes, code)) >= 0)
        *hint = at;
    return at;
}

/* The rows whose memory stream_row maps in at once (dense.h): 256 KiB. */
enum { FILL_ROWS = 1 << 14 };

/* Room for cap rows: a block (dense.h), on huge pages also when it is
 * large, as an array the process fills whole. NULL when out of memory. */
static flow_row *rows_block(size_t cap)
{
    const size_t bytes = cap < SIZE_MAX / sizeof(flow_row) ? cap * sizeof(flow_row) : 0;
    return bytes ? ss_dense_advise(ss_dense_block(bytes), bytes) : NULL;
}

/* Keeps one row of trade.csv; nonzero (stop) at anything unusual. */
static int stream_row(void *ctx, char *const *field, size_t nfield, long line)
{
    (void)line;
    stream *st = ctx;
    if (st->col[0] < 0) { /* the header: each column once */
        int twice = 0;
        return header_columns(field, nfield, tnames, st->col, 4, &twice) != 4;
    }
    const char *name = field[st->col[2]];
    long s = find_sector(st->sector, st->k, &st->hint[2], name);
    if (s < 0) {
        if (!valid_sector(name) || st->k == MAX_SECTORS)
            return 1;
        char **grown = realloc(st->sector, (st->k + 1) * sizeof *grown);
        if (!grown)
            return 1;
        st->sector = grown;
        if (!(st->sector[st->k] = strdup(name)))
            return 1;
        s = (long)st->k++;
    }
    const long i = find_country(st->iso, &st->by, st->n, &st->hint[0], field[st->col[0]]),
               j = find_country(st->iso, &st->by, st->n, &st->hint[1], field[st->col[1]]);
    double v;
    if (i < 0 || j < 0 || ss_parse_number(field[st->col[3]], &v) || v < 0 || v > MAX_VALUE)
        return 1;
    if (st->len == st->cap) { /* a block twice as large (blocks: dense.h) */
        size_t cap = st->cap ? 2 * st->cap : 1024;
        flow_row *grown = rows_block(cap);
        if (!grown)
            return 1;
        if (st->len)
            memcpy(grown, st->row, st->len * sizeof *grown);
        ss_dense_block_free(st->row);
        st->row = grown;
        st->cap = cap;
    }
    if (st->len % FILL_ROWS == 0) /* the next rows' memory mapped in at once */
        ss_dense_fill(st->row + st->len,
                      (st->cap - st->len < FILL_ROWS ? st->cap - st->len : FILL_ROWS) *
                          sizeof *st->row);
    st->row[st->len++] = (flow_row){(uint16_t)i, (uint16_t)j, (uint16_t)s, v};
    return 0;
}

/* Threads that read a large trade.csv side by side, and from what size;
 * how the last world was read (ss_world_read_parts). */
static int read_threads = 1;
static long read_parts_from = SS_WORLD_PARTS_FROM;
static size_t parts_read;

size_t ss_world_read_parts(void)
{
    return parts_read;
}

void ss_world_read_threads(int threads, long from_bytes)
{
    read_threads = threads > 1 ? threads : 1;
    read_parts_from = from_bytes;
}

/* How many parts to read trade.csv of `bytes` in: one a thread when it is
 * large. */
static size_t trade_parts(size_t bytes)
{
    return read_threads > 1 && (read_parts_from <= 0 || bytes >= (size_t)read_parts_from)
               ? (size_t)read_threads
               : 1;
}

/* The shortest row of trade.csv: four one-character fields, three commas
 * and a line feed. */
enum { MIN_ROW_BYTES = 8 };

/* The sectors of b, read after a, added to a's (those new to a numbered
 * after a's, in b's order, so that they stay in order of first appearance
 * over the whole file); map[q] is the place in a of b's sector q. 0 when
 * the sectors are too many or memory is short. */
static int join_sectors(stream *a, stream *b, size_t *map)
{
    for (size_t q = 0; q < b->k; q++) {
        long at = find_sector(a->sector, a->k, &a->hint[2], b->sector[q]);
        if (at < 0) {
            char **grown =
                a->k < MAX_SECTORS ? realloc(a->sector, (a->k + 1) * sizeof *grown) : NULL;
            if (!grown)
                return 0;
            a->sector = grown;
            a->sector[a->k] = b->sector[q];
            b->sector[q] = NULL;
            at = (long)a->k++;
        }
        map[q] = (size_t)at;
    }
    return 1;
}

static void free_stream(stream *st)
{
    for (size_t q = 0; q < st->k; q++)
        free(st->sector[q]);
    free(st->sector);
    ss_dense_block_free(st->row);
}

/* Every stream of part[0..parts) emptied, to read from the start, the
 * first `live` with room for `rows` rows and 1,024 more (the most rows
 * that a part's share of trade.csv can hold, and a margin for the line
 * its cut moves past; memory that is not touched costs nothing, but a
 * small block's huge page), so that the rows are not copied as they
 * grow. */
static void restart(stream *part, size_t parts, size_t live, char **iso, ss_name_index by, size_t n,
                    size_t rows)
{
    const size_t cap = rows < SIZE_MAX / sizeof(flow_row) - 1024 ? rows + 1024 : 0;
    for (size_t p = 0; p < parts; p++) {
        free_stream(&part[p]);
        part[p] = (stream){.iso = iso, .by = by, .n = n, .col = {-1, -1, -1, -1}};
        if (p < live && cap && (part[p].row = rows_block(cap)))
            part[p].cap = cap;
    }
}

/* The world of countries.csv and trade.csv the fast way: trade.csv read
 * once as a stream, rather than kept whole as a table and read twice (a
 * large one in parts side by side, whose sectors are then joined in
 * order). NULL, with nothing said, when anything at all is unusual or
 * wrong (a row that is not plain is fine; a missing or second flow, an
 * unknown name, a bad value are not): the careful way, which reads the
 * tables whole and checks them in order, then finds the first fault and
 * says it, so both ways give one world and one message. */
static ss_world *streamed_world(const char *dir, const ss_table *c)
{
    long cc[4];
    if (columns(c, cnames, cc, 4, NULL) || c->nrow == 0 || c->nrow > MAX_COUNTRIES)
        return NULL;
    char *path = ss_path_join(dir, "trade.csv");
    struct stat fst;
    const size_t bytes = !path || stat(path, &fst) != 0      ? 0
                         : (uintmax_t)fst.st_size > SIZE_MAX ? SIZE_MAX
                                                             : (size_t)fst.st_size,
                 parts = trade_parts(bytes), n = c->nrow;
    stream *part = calloc(parts, sizeof *part);
    void **ctx = malloc(parts * sizeof *ctx);
    char **iso = malloc(n * sizeof *iso);
    ss_name_index by = {.at = malloc(n * sizeof *by.at)};
    for (size_t r = 0; iso && r < n; r++)
        iso[r] = (char *)ss_table_get(c, r, (size_t)cc[0]);
    if (iso && by.at)
        ss_name_index_sort(&by, iso, n);
    ss_world *w = NULL;
    unsigned char *seen = NULL;
    size_t *map = NULL;
    int ok = path && part && ctx && iso && by.at;
    for (size_t p = 0; ok && p < parts; p++)
        ctx[p] = &part[p];
    if (ok)
        restart(part, parts, parts, iso, by, n, bytes / parts / MIN_ROW_BYTES);
    size_t used = parts;
    if (ok && parts > 1 && ss_table_each_parts(path, parts, stream_row, ctx) != SS_OK) {
        /* Not in parts (a first line that is no plain header, a cut inside
         * a quoted field, or a fault): whole, which may still do. */
        restart(part, parts, 1, iso, by, n, bytes / MIN_ROW_BYTES);
        used = 1;
    }
    if (ok && used == 1)
        ok = ss_table_each(path, stream_row, part, NULL) == SS_OK;
    parts_read = used;
    /* The sectors of every part joined to part 0's, which grow; map holds
     * each part's places among them, one part after the other (part 0's
     * k0 first, its own places). Then each part's rows placed. */
    const size_t k0 = ok ? part[0].k : 0;
    size_t nmap = k0;
    for (size_t p = 1; ok && p < used; p++)
        nmap += part[p].k;
    ok = ok && (map = malloc((nmap + 1) * sizeof *map)) != NULL;
    for (size_t q = 0; ok && q < k0; q++)
        map[q] = q;
    for (size_t p = 1, from = k0; ok && p < used; from += part[p++].k)
        ok = join_sectors(part, &part[p], map + from);
    const size_t k = ok ? part[0].k : 0;
    ok = ok && k > 0 && countries_into(&w, c, cc, part[0].sector, k, NULL) == SS_OK &&
         (seen = ss_dense_fill(calloc(n * n * k, 1), n * n * k)) != NULL;
    for (size_t p = 0, from = 0; ok && p < used; p++) {
        for (size_t r = 0; ok && r < part[p].len; r++) {
            const flow_row *f = &part[p].row[r];
            const size_t idx = ((size_t)f->i * n + f->j) * k + map[from + f->s];
            ok = !seen[idx];
            seen[idx] = 1;
            w->x0[idx] = f->value / 12.0;
        }
        from += p ? part[p].k : k0;
    }
    for (size_t idx = 0; ok && idx < n * n * k; idx++)
        ok = seen[idx];
    for (size_t p = 0; part && p < parts; p++)
        free_stream(&part[p]);
    free(part);
    free(ctx);
    free(iso);
    free(by.at);
    free(seen);
    free(map);
    free(path);
    if (!ok) {
        parts_read = 0;
        ss_world_free(w);
        return NULL;
    }
    return w;
}

static int by_value(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Warnings about a distances.csv that reads but most likely says what it
 * does not mean (a trial): pairs given in one direction only (each row is
 * one direction; the other falls back to the great-circle distance), and
 * distances far from the great-circle ones between the countries'
 * coordinates, as in miles (a sample's median). seen marks the pairs
 * given. */
static void distance_warnings(const ss_world *w, const ss_table *t, const unsigned char *seen)
{
    const size_t n = w->n;
    /* The units are judged on at most SAMPLE pairs, every stride-th given
     * (each a haversine: all 3,540 rows of the 2019 world's cost a fifth
     * of loading it, in instructions). */
    enum { SAMPLE = 256 };
    const size_t stride = t->nrow / SAMPLE + 1;
    size_t one_way = 0, first_i = 0, first_j = 0, count = 0, given = 0;
    double ratio[SAMPLE];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j || !seen[i * n + j])
                continue;
            if (!seen[j * n + i] && one_way++ == 0) {
                first_i = i;
                first_j = j;
            }
            /* Pairs without coordinates have no great circle to judge by. */
            if (isnan(w->lat[i] + w->lon[i] + w->lat[j] + w->lon[j]) || given++ % stride != 0 ||
                count == SAMPLE)
                continue;
            const double gc = ss_great_circle_km(w->lat[i], w->lon[i], w->lat[j], w->lon[j]);
            if (gc > 1)
                ratio[count++] = w->dist[i * n + j] / gc;
        }
    if (one_way)
        ss_errorf("warning: %s: %zu pair%s given in one direction only (%s -> %s, but not "
                  "%s -> %s%s): each row is one direction, and the other is the great-circle "
                  "distance between the coordinates in countries.csv; give both rows to make "
                  "them the same",
                  t->path, one_way, one_way == 1 ? " is" : "s are", w->iso3[first_i],
                  w->iso3[first_j], w->iso3[first_j], w->iso3[first_i],
                  one_way == 1 ? "" : ", the first");
    if (count) {
        qsort(ratio, count, sizeof *ratio, by_value);
        const double median = ratio[count / 2];
        /* Routes by land or sea are longer than the great circle, rarely 5
         * times; miles are 0.62 times as many (metres pass the 100,000 km
         * that a row may hold). */
        if (median < 0.8 || median > 5)
            ss_errorf("warning: %s: its distances are a median %.3g times the great-circle "
                      "distances between the coordinates in countries.csv: km is expected (miles "
                      "would be 0.62 times)",
                      t->path, median);
    }
}

static int load_distances(ss_world *w, const ss_table *t, ss_diag *d)
{
    static const char *const names[] = {"origin", "destination", "km"};
    long col[3] = {0, 0, 0}, hint[2] = {0, 0};
    int rc = columns(t, names, col, 3, d);
    unsigned char *seen = rc ? NULL : calloc(w->n * w->n, 1);
    if (!rc && !seen)
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory");
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        const char *o = ss_table_get(t, r, (size_t)col[0]),
                   *de = ss_table_get(t, r, (size_t)col[1]);
        const char *km = ss_table_get(t, r, (size_t)col[2]);
        /* The rows repeat their origin and cycle through destinations. */
        long i = find_country(w->iso3, &w->by_iso3, w->n, &hint[0], o),
             j = find_country(w->iso3, &w->by_iso3, w->n, &hint[1], de);
        double v;
        if (i < 0)
            rc = fail(d, t, r, "origin", "unknown country '%s': it is not in countries.csv%s", o,
                      "");
        else if (j < 0)
            rc = fail(d, t, r, "destination", "unknown country '%s': it is not in countries.csv%s",
                      de, "");
        else if (ss_parse_number(km, &v) || v < 0 || v > MAX_KM)
            rc = fail(d, t, r, "km",
                      "km = '%s' is not a distance: expected a number from 0 to "
                      "100000%s",
                      km, "");
        else if (seen[(size_t)i * w->n + (size_t)j]) {
            char first[96];
            snprintf(first, sizeof first, "%s (first at line %ld)", de, first_row(t, col, 2, r));
            rc = fail(d, t, r, NULL, "a second row for %s -> %s", o, first);
        } else {
            seen[(size_t)i * w->n + (size_t)j] = 1;
            w->dist[(size_t)i * w->n + (size_t)j] = v;
        }
    }
    if (!rc)
        distance_warnings(w, t, seen);
    free(seen);
    return rc;
}

/* " (did you mean USA?)" for "usa" when USA is a country of w, else "". */
static const char *upper_hint(const ss_world *w, const char *code, char *buf, size_t size)
{
    char up[16];
    size_t n = 0;
    for (; code[n] && n + 1 < sizeof up; n++)
        up[n] = (char)toupper((unsigned char)code[n]);
    up[n] = '\0';
    buf[0] = '\0';
    if (!code[n] && ss_world_country(w, up) >= 0)
        snprintf(buf, size, " (did you mean %s?)", up);
    return buf;
}

static int load_groups(ss_groups *g, const ss_world *w, const ss_table *t, ss_diag *d)
{
    char hint[64];
    static const char *const names[] = {"group", "member"};
    long col[2] = {0, 0};
    int rc = columns(t, names, col, 2, d);
    if (!rc && t->nrow > MAX_GROUP_ROWS)
        rc = fail(d, t, MAX_GROUP_ROWS, NULL,
                  "more than %s rows: a groups.csv holds at most "
                  "%s",
                  "10000", "10000");
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        const char *group = ss_table_get(t, r, (size_t)col[0]);
        const char *member = ss_table_get(t, r, (size_t)col[1]);
        if (!valid_code(group))
            rc = fail(d, t, r, "group",
                      "'%s' is not a group name: expected 2 to 16 upper-case "
                      "letters, digits and _%s",
                      group, "");
        else if (ss_world_country(w, group) >= 0)
            rc = fail(d, t, r, "group",
                      "group '%s' has the name of a country: choose another "
                      "name%s",
                      group, "");
        else if (!valid_code(member))
            rc = fail(d, t, r, "member",
                      "'%s' is not a country code or group name: expected 2 to "
                      "16 upper-case letters, digits and _%s",
                      member, upper_hint(w, member, hint, sizeof hint));
        else if (ss_groups_add(g, group, ss_table_get(t, r, (size_t)col[1]), t->path, t->line[r]))
            rc = ss_diag_set(d, SS_ENOMEM, "out of memory");
    }
    return rc;
}

/* The optional sectors.csv: `sector` and `commodity` (0 or 1), one row per
 * sector of trade.csv at most; a sector without a row is no commodity. */
static int load_sectors(ss_world *w, const ss_table *t, ss_diag *d)
{
    static const char *const names[] = {"sector", "commodity"};
    long col[2] = {0, 0};
    int rc = columns(t, names, col, 2, d);
    unsigned char *seen = rc ? NULL : calloc(w->k ? w->k : 1, 1);
    if (!rc && !seen)
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory");
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        const char *name = ss_table_get(t, r, (size_t)col[0]);
        const char *flag = ss_table_get(t, r, (size_t)col[1]);
        long q = ss_world_sector(w, name);
        if (q < 0)
            rc = fail(d, t, r, "sector",
                      "unknown sector '%s': the world's sectors are in "
                      "trade.csv%s",
                      name, "");
        else if (seen[q])
            rc = fail(d, t, r, "sector", "a second row for sector %s%s", name, "");
        else if (strcmp(flag, "0") != 0 && strcmp(flag, "1") != 0)
            rc = fail(d, t, r, "commodity", "commodity = '%s': expected 0 or 1%s", flag, "");
        else
            w->commodity[q] = (unsigned char)(flag[0] == '1');
        if (!rc)
            seen[q] = 1;
    }
    free(seen);
    return rc;
}

/* An optional table of the world folder, loaded by `load` when present. */
static int load_optional(const char *dir, const char *file, ss_diag *d,
                         int (*load)(ss_table *, void *, ss_diag *), void *ctx)
{
    d->file[0] = '\0';
    ss_table *t = open_table(dir, file, 1, d);
    int rc = t ? load(t, ctx, d) : d->file[0] == '\0' ? SS_OK : SS_EINVAL;
    ss_table_free(t);
    return rc;
}

static int load_sectors_of(ss_table *t, void *w, ss_diag *d)
{
    return load_sectors(w, t, d);
}

static int load_distances_of(ss_table *t, void *w, ss_diag *d)
{
    return load_distances(w, t, d);
}

typedef struct groups_ctx {
    ss_groups *g;
    const ss_world *w;
} groups_ctx;

static int load_groups_of(ss_table *t, void *ctx, ss_diag *d)
{
    groups_ctx *c = ctx;
    return load_groups(c->g, c->w, t, d);
}

/* A world folder is never kept (files.h, ss_inputs_keep): read as it is. */
static ss_world *world_load(const char *dir, ss_groups *groups, ss_diag *d);

ss_world *ss_world_load(const char *dir, ss_groups *groups, ss_diag *d)
{
    const int kept = ss_inputs_keep(0);
    ss_world *w = world_load(dir, groups, d);
    ss_inputs_keep(kept);
    return w;
}

/* Warnings about a trade.csv that reads but most likely misses what it
 * should hold (a trial): no domestic sales at all (the diagonal holds
 * each country's sales at home), and countries that neither buy nor sell. */
static void trade_warnings(const ss_world *w, const char *dir)
{
    const size_t n = w->n, k = w->k;
    double home = 0;
    size_t idle = 0, first = 0;
    for (size_t i = 0; i < n; i++) {
        double any = 0;
        for (size_t j = 0; j < n; j++)
            for (size_t q = 0; q < k; q++)
                any += w->x0[(i * n + j) * k + q] + w->x0[(j * n + i) * k + q];
        for (size_t q = 0; q < k; q++)
            home += w->x0[(i * n + i) * k + q];
        if (!(any > 0) && idle++ == 0)
            first = i;
    }
    if (!(home > 0))
        ss_errorf("warning: %s/trade.csv: every domestic sale (exporter = importer) is 0: the "
                  "rows where a country sells to itself hold its sales at home, and without them "
                  "its buyers choose among imports alone",
                  dir);
    if (idle == 1)
        ss_errorf("warning: %s/trade.csv: %s neither buys nor sells anything (as an intermediary "
                  "it can still carry others' trade)",
                  dir, w->iso3[first]);
    else if (idle)
        ss_errorf("warning: %s/trade.csv: %zu countries neither buy nor sell anything, %s the "
                  "first (as intermediaries they can still carry others' trade)",
                  dir, idle, w->iso3[first]);
}

static ss_world *world_load(const char *dir, ss_groups *groups, ss_diag *d)
{
    ss_world *w = NULL;
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        if (d) {
            snprintf(d->file, sizeof d->file, "%s", dir);
            d->line = 0;
        }
        ss_diag_set(d, SS_EINVAL,
                    "the world is not a folder: expected a folder holding "
                    "countries.csv and trade.csv");
        return NULL;
    }
    ss_table *c = open_table(dir, "countries.csv", 0, d);
    int rc = SS_EINVAL;
    parts_read = 0;
    if (c && (w = streamed_world(dir, c)) != NULL) {
        rc = SS_OK;
    } else if (c) {
        ss_table *t = open_table(dir, "trade.csv", 0, d);
        if (t && !(rc = load_countries(&w, c, t, d)))
            rc = load_trade(w, t, d);
        ss_table_free(t);
    }
    ss_table_free(c);
    groups_ctx gc = {groups, w};
    if (!rc)
        rc = load_optional(dir, "distances.csv", d, load_distances_of, w);
    if (!rc)
        rc = load_optional(dir, "groups.csv", d, load_groups_of, &gc);
    if (!rc)
        rc = load_optional(dir, "sectors.csv", d, load_sectors_of, w);
    if (rc) {
        ss_world_free(w);
        return NULL;
    }
    trade_warnings(w, dir);
    return w;
}

void ss_world_cache_clear(ss_world_cache *c)
{
    free(c->dir);
    ss_world_free(c->world);
    ss_groups_clear(&c->groups);
    memset(c, 0, sizeof *c);
}

ss_world *ss_world_cache_get(ss_world_cache *c, const char *dir, ss_groups *groups, ss_diag *diag)
{
    if (c->world && c->pinned && strcmp(c->dir, dir) != 0) {
        ss_diag_set(diag, SS_EINVAL, "%s: not the world folder held (%s), which is in use", dir,
                    c->dir);
        return NULL;
    }
    if (!c->world || strcmp(c->dir, dir) != 0) {
        ss_world_cache_clear(c);
        if (!(c->world = ss_world_load(dir, &c->groups, diag)))
            return NULL;
        if (!(c->dir = strdup(dir))) {
            ss_world_cache_clear(c);
            ss_diag_set(diag, SS_ENOMEM, "out of memory");
            return NULL;
        }
    }
    if (ss_groups_append(groups, &c->groups)) {
        ss_diag_set(diag, SS_ENOMEM, "out of memory");
        return NULL;
    }
    return c->world;
}
