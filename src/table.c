/* CSV tables through libcsv: a file becomes rows of strings, each with the
 * line it starts on, so every later error can name its place. */
#include "table.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    ss_table *t;
    char **row;       /* fields of the row being read */
    size_t nfield, cap;
    long line;        /* current physical line */
    long row_line;    /* line the current row started on */
    size_t cap_cells, cap_rows;
    int failed;       /* 1 out of memory, 2 wrong field count */
    long bad_line;
    size_t bad_count;
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->failed)
        return;
    if (r->nfield == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        char **grown = realloc(r->row, cap * sizeof *grown);
        if (!grown) {
            r->failed = 1;
            return;
        }
        r->row = grown;
        r->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->failed = 1;
        return;
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    r->row[r->nfield++] = copy;
}

static void drop_row(reader *r)
{
    for (size_t i = 0; i < r->nfield; i++)
        free(r->row[i]);
    r->nfield = 0;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    reader *r = ctx;
    ss_table *t = r->t;
    if (r->failed) {
        drop_row(r);
        return;
    }
    if (!t->header) {
        t->header = r->row;
        t->ncol = r->nfield;
        r->row = NULL;
        r->nfield = r->cap = 0;
        return;
    }
    if (r->nfield != t->ncol) {
        r->failed = 2;
        r->bad_line = r->row_line;
        r->bad_count = r->nfield;
        drop_row(r);
        return;
    }
    if (t->nrow == r->cap_rows) {
        size_t cap = r->cap_rows ? 2 * r->cap_rows : 64;
        char **cells = realloc(t->cell, cap * t->ncol * sizeof *cells);
        if (cells)
            t->cell = cells;
        long *lines = realloc(t->line, cap * sizeof *lines);
        if (lines)
            t->line = lines;
        if (!cells || !lines) {
            r->failed = 1;
            drop_row(r);
            return;
        }
        r->cap_rows = cap;
    }
    memcpy(&t->cell[t->nrow * t->ncol], r->row, t->ncol * sizeof(char *));
    t->line[t->nrow++] = r->row_line;
    r->nfield = 0;
}

void ss_table_free(ss_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncol && t->header; i++)
        free(t->header[i]);
    for (size_t i = 0; i < t->nrow * t->ncol; i++)
        free(t->cell[i]);
    free(t->header);
    free(t->cell);
    free(t->line);
    free(t->path);
    free(t);
}

static void *located(ss_diag *d, const char *path, long line, ss_table *t, reader *r)
{
    if (d) {
        snprintf(d->file, sizeof d->file, "%s", path);
        d->line = line;
    }
    if (r) {
        drop_row(r);
        free(r->row);
    }
    ss_table_free(t);
    return NULL;
}

ss_table *ss_table_read(const char *path, ss_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ss_diag_set(diag, SS_EINVAL, "cannot open: %s", strerror(errno));
        return located(diag, path, 0, NULL, NULL);
    }
    ss_table *t = calloc(1, sizeof *t);
    reader r = {.t = t, .line = 1, .row_line = 1};
    struct csv_parser p;
    if (!t || !(t->path = strdup(path)) || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
        fclose(f);
        ss_diag_set(diag, SS_ENOMEM, "out of memory");
        return located(diag, path, 0, t, &r);
    }
    char buf[65536];
    size_t got;
    int bad_bytes = 0;
    while (!r.failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        /* Feed line by line so that each row knows where it starts. */
        size_t start = 0;
        for (size_t i = 0; i <= got && !r.failed; i++) {
            if (i < got && buf[i] == '\0')
                bad_bytes = 1;
            if (i == got || buf[i] == '\n') {
                size_t end = i < got ? i + 1 : got;
                if (csv_parse(&p, buf + start, end - start, on_field, on_row, &r) != end - start)
                    break;
                if (i < got) {
                    r.line++;
                    /* Outside a quoted field the next row starts here
                     * (pstate 0 is libcsv's "row not begun"). */
                    if (p.pstate == 0)
                        r.row_line = r.line;
                }
                start = end;
            }
        }
        if (csv_error(&p) != CSV_SUCCESS || bad_bytes)
            break;
    }
    int read_error = ferror(f);
    fclose(f);
    int parse_error = csv_error(&p) != CSV_SUCCESS || bad_bytes;
    if (!parse_error && !r.failed)
        parse_error = csv_fini(&p, on_field, on_row, &r) != 0;
    csv_free(&p);
    if (read_error) {
        ss_diag_set(diag, SS_EINVAL, "cannot read the file");
        return located(diag, path, 0, t, &r);
    }
    if (parse_error) {
        ss_diag_set(diag, SS_EINVAL, "%s", bad_bytes ? "the file holds NUL bytes: not a CSV text file"
                                                     : "malformed CSV (a quote is not closed "
                                                       "or is followed by other text)");
        return located(diag, path, r.line, t, &r);
    }
    if (r.failed == 1) {
        ss_diag_set(diag, SS_ENOMEM, "out of memory");
        return located(diag, path, 0, t, &r);
    }
    if (r.failed == 2) {
        ss_diag_set(diag, SS_EINVAL, "%zu fields where the header has %zu", r.bad_count, t->ncol);
        return located(diag, path, r.bad_line, t, &r);
    }
    if (!t->header) {
        ss_diag_set(diag, SS_EINVAL, "the file is empty: expected a header row");
        return located(diag, path, 1, t, &r);
    }
    free(r.row);
    /* A UTF-8 byte order mark is not part of the first column's name. */
    if (t->ncol && strncmp(t->header[0], "\xEF\xBB\xBF", 3) == 0)
        memmove(t->header[0], t->header[0] + 3, strlen(t->header[0] + 3) + 1);
    return t;
}

long ss_table_column(const ss_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncol; i++)
        if (strcmp(t->header[i], name) == 0)
            return (long)i;
    return -1;
}

int ss_parse_number(const char *text, double *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return -1;
    double v = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
