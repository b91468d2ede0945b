/* CSV tables through libcsv: a file becomes rows of strings, each with the
 * line it starts on, so every later error can name its place. */
#include "table.h"
#include "files.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct reader {
    ss_table *t;
    char **row; /* fields of the row being read */
    size_t nfield, cap;
    long line;     /* current physical line */
    long row_line; /* line the current row started on */
    size_t cap_cells, cap_rows;
    int failed; /* 1 out of memory, 2 wrong field count, 3 row too long, 4 control character */
    long bad_line;
    size_t bad_count;
    char what[64]; /* the control character */
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->failed)
        return;
    if (ss_control_char(data, len, 0, r->what, sizeof r->what) >= 0) {
        r->failed = 4;
        r->bad_line = r->row_line;
        return;
    }
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

/* A streaming UTF-8 check: the number of continuation bytes still
 * expected and the range allowed for the next one (which rules out
 * overlong forms, surrogates and code points above U+10FFFF). */
typedef struct utf8 {
    int need;
    unsigned char lo, hi;
    unsigned char lead; /* the first byte of the current character */
} utf8;

static int utf8_byte(utf8 *u, unsigned char c)
{
    if (u->need) {
        if (c < u->lo || c > u->hi)
            return -1;
        u->lo = 0x80;
        u->hi = 0xBF;
        u->need--;
        return 0;
    }
    u->lo = 0x80;
    u->hi = 0xBF;
    u->lead = c;
    if (c < 0x80)
        return 0;
    if (c >= 0xC2 && c <= 0xDF)
        u->need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        u->need = 2;
        if (c == 0xE0)
            u->lo = 0xA0;
        else if (c == 0xED)
            u->hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        u->need = 3;
        if (c == 0xF0)
            u->lo = 0x90;
        else if (c == 0xF4)
            u->hi = 0x8F;
    } else {
        return -1;
    }
    return 0;
}

long ss_utf8_check(const char *text, size_t len)
{
    utf8 u = {0, 0x80, 0xBF, 0};
    size_t lead = 0;
    for (size_t i = 0; i < len; i++) {
        if (!u.need)
            lead = i;
        if (utf8_byte(&u, (unsigned char)text[i]))
            return (long)(u.need ? lead : i);
    }
    return u.need ? (long)lead : -1;
}

long ss_control_char(const char *text, size_t len, int lines, char *what, size_t size)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        int c0 = u[i] < 0x20 && u[i] != '\t' && !(lines && (u[i] == '\r' || u[i] == '\n'));
        int c1 = u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] < 0xA0;
        if (c0 || u[i] == 0x7F)
            snprintf(what, size, "a control character (byte 0x%02X)", u[i]);
        else if (c1)
            snprintf(what, size, "a control character (U+%04X)", u[i + 1]);
        if (c0 || c1 || u[i] == 0x7F)
            return (long)i;
    }
    return -1;
}

/* A row of a world or links table is a few dozen bytes; beyond this one
 * is surely no table. (libcsv grows a field by a fixed block: without a
 * bound, one 10 MB field took 260 s under AddressSanitizer.) */
#define MAX_ROW_BYTES (1 << 20)

/* What stopped the byte scan, if anything. */
enum { BYTES_OK, BYTES_NUL, BYTES_NOT_UTF8 };

ss_table *ss_table_read(const char *path, ss_diag *diag)
{
    int special;
    FILE *f = ss_open_input(path, &special);
    if (!f) {
        if (special)
            ss_diag_set(diag, SS_EINVAL, "is a FIFO, a device or a socket, not a CSV file");
        else
            ss_diag_set(diag, SS_EINVAL, "cannot open: %s", strerror(errno));
        return located(diag, path, 0, NULL, NULL);
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        ss_diag_set(diag, SS_EINVAL, "is a folder, not a CSV file");
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
    csv_set_blk_size(&p, 65536);
    char buf[65536];
    size_t got;
    size_t row_bytes = 0; /* of the row being read */
    int bad_bytes = BYTES_OK;
    unsigned char bad_byte = 0;
    int prev_cr = 0; /* the last byte read was a CR */
    utf8 u = {0, 0x80, 0xBF, 0};
    while (!r.failed && !bad_bytes && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        /* Feed line by line so that each row knows where it starts. A line
         * ends at LF, CRLF or a lone CR (libcsv ends rows at all three). */
        size_t start = 0;
        for (size_t i = 0; i <= got && !r.failed; i++) {
            if (i < got) {
                unsigned char c = (unsigned char)buf[i];
                if (c == '\0' || utf8_byte(&u, c)) {
                    bad_bytes = c == '\0' ? BYTES_NUL : BYTES_NOT_UTF8;
                    /* A cut-short character is blamed on its first byte. */
                    bad_byte = u.need ? u.lead : c;
                    break;
                }
            }
            int eol = i < got && (buf[i] == '\n' || buf[i] == '\r');
            if (i == got || eol) {
                size_t end = i < got ? i + 1 : got;
                if (csv_parse(&p, buf + start, end - start, on_field, on_row, &r) != end - start)
                    break;
                row_bytes = p.pstate == 0 ? 0 : row_bytes + (end - start);
                if (row_bytes > MAX_ROW_BYTES && !r.failed) {
                    r.failed = 3;
                    r.bad_line = r.row_line;
                }
                if (eol) {
                    /* The LF of a CRLF ends no new line. */
                    if (!(buf[i] == '\n' && prev_cr))
                        r.line++;
                    /* Outside a quoted field the next row starts here
                     * (pstate 0 is libcsv's "row not begun"). */
                    if (p.pstate == 0)
                        r.row_line = r.line;
                }
                start = end;
            }
            if (i < got)
                prev_cr = buf[i] == '\r';
        }
        if (csv_error(&p) != CSV_SUCCESS)
            break;
    }
    /* The file ends inside a multi-byte character. */
    if (!bad_bytes && u.need) {
        bad_bytes = BYTES_NOT_UTF8;
        bad_byte = u.lead;
    }
    int read_error = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    int parse_error = csv_error(&p) != CSV_SUCCESS, unclosed = 0;
    if (!parse_error && !bad_bytes && !r.failed)
        parse_error = unclosed = csv_fini(&p, on_field, on_row, &r) != 0;
    csv_free(&p);
    if (read_error) {
        ss_diag_set(diag, SS_EINVAL, "cannot read the file: %s", strerror(read_error));
        return located(diag, path, 0, t, &r);
    }
    if (bad_bytes == BYTES_NUL) {
        ss_diag_set(diag, SS_EINVAL, "a NUL byte: this is not a CSV text file");
        return located(diag, path, r.line, t, &r);
    }
    if (bad_bytes == BYTES_NOT_UTF8) {
        ss_diag_set(diag, SS_EINVAL,
                    "byte 0x%02X is not UTF-8 text (Latin-1 or another "
                    "encoding?): save the file as UTF-8 (in a spreadsheet: "
                    "CSV UTF-8)",
                    bad_byte);
        return located(diag, path, r.line, t, &r);
    }
    if (parse_error) {
        if (unclosed)
            ss_diag_set(diag, SS_EINVAL, "a quoted field starting on this line is never closed");
        else
            ss_diag_set(diag, SS_EINVAL,
                        "malformed CSV: a quote inside a field that does not "
                        "start with one, or text after a closing quote (a "
                        "quoted field doubles its quotes: \"a \"\"b\"\" c\")");
        return located(diag, path, unclosed ? r.row_line : r.line, t, &r);
    }
    if (r.failed == 1) {
        ss_diag_set(diag, SS_ENOMEM, "out of memory");
        return located(diag, path, 0, t, &r);
    }
    if (r.failed == 3) {
        ss_diag_set(diag, SS_EINVAL,
                    "a row longer than 1 MB: this is not a table of countries "
                    "and flows");
        return located(diag, path, r.bad_line, t, &r);
    }
    if (r.failed == 4) {
        ss_diag_set(diag, SS_EINVAL,
                    "%s in a field: a table is plain text, without line breaks inside fields",
                    r.what);
        return located(diag, path, r.bad_line, t, &r);
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

/* Where ss_csv_split writes the fields it gets. */
typedef struct splitter {
    char *w; /* the next byte to write, never past what libcsv has read */
    char **field;
    size_t n, max, rows;
} splitter;

static void split_field(void *data, size_t len, void *ctx)
{
    splitter *sp = ctx;
    if (sp->n++ >= sp->max)
        return;
    sp->field[sp->n - 1] = sp->w;
    if (len)
        memmove(sp->w, data, len);
    sp->w += len;
    *sp->w++ = '\0';
}

static void split_row(int c, void *ctx)
{
    (void)c;
    ((splitter *)ctx)->rows++;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

size_t ss_csv_split(char *line, char **field, size_t max)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return 0;
    csv_set_space_func(&p, no_space);
    size_t len = strlen(line);
    splitter sp = {line, field, 0, max, 0};
    int bad = csv_parse(&p, line, len, split_field, split_row, &sp) != len ||
              csv_fini(&p, split_field, split_row, &sp) != 0;
    csv_free(&p);
    if (bad || sp.rows != 1)
        return 0;
    return sp.n > max ? max + 1 : sp.n;
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

/* Appends c to a field being formatted, within size. */
static void put_char(char *out, size_t size, size_t *len, char c)
{
    if (*len + 1 < size)
        out[*len] = c;
    (*len)++;
}

size_t ss_csv_field(const char *text, char *out, size_t size)
{
    double v;
    int formula = text[0] && strchr("=+-@\t\r", text[0]) && ss_parse_number(text, &v) != 0;
    int quote = strpbrk(text, ",\"\r\n") != NULL;
    size_t len = 0;
    if (quote)
        put_char(out, size, &len, '"');
    if (formula)
        put_char(out, size, &len, '\'');
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            put_char(out, size, &len, '"');
        put_char(out, size, &len, *c == '\n' || *c == '\r' ? ' ' : *c);
    }
    if (quote)
        put_char(out, size, &len, '"');
    if (size)
        out[len < size ? len : size - 1] = '\0';
    return len;
}

char *ss_csv_field_dup(const char *text)
{
    size_t len = ss_csv_field(text, NULL, 0);
    char *out = malloc(len + 1);
    if (out)
        ss_csv_field(text, out, len + 1);
    return out;
}
