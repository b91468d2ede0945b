/* CSV tables through libcsv: a file becomes rows of strings, each with the
 * line it starts on, so every later error can name its place. */
#include "table.h"
#include "files.h"
#include "team.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* What stopped the reading of a table, in the order they are reported. */
enum stop {
    READ_OK,
    READ_IO,       /* the file could not be read (errno in read_error) */
    READ_NUL,      /* a NUL byte */
    READ_NOT_UTF8, /* a byte that is not UTF-8 (bad_byte) */
    READ_UNCLOSED, /* a quoted field never closed */
    READ_MALFORMED,
    READ_NOMEM,
    READ_LONG_ROW, /* a row over MAX_ROW_BYTES */
    READ_CONTROL,  /* a control character in a field (what) */
    READ_FIELDS,   /* a row with another number of fields than the header */
    READ_STOPPED   /* ss_table_each's caller asked to stop */
};

/* read_error for a gzip file whose stream is damaged or cut short (errno
 * values are positive). */
enum { GZIP_DAMAGED = -1 };

/* A streaming UTF-8 check: the number of continuation bytes still
 * expected and the range allowed for the next one (which rules out
 * overlong forms, surrogates and code points above U+10FFFF). */
typedef struct utf8 {
    int need;
    unsigned char lo, hi;
    unsigned char lead; /* the first byte of the current character */
} utf8;

/* The text of every field, header included, lives in blocks that never
 * move and are freed with the table: one allocation per MiB of text, not
 * one per field (a 200 x 50 world's trade.csv has 8 million fields).
 * ss_table_each forgets each row's text after its call: the blocks past
 * the header's are freed and its own is cut back (reader's mark). */
enum { TEXT_BLOCK = 1 << 20 };
typedef struct text_block {
    struct text_block *prev;
    size_t used, size;
    char data[];
} text_block;

typedef struct reader {
    ss_table *t;
    char **row; /* fields of the row being read */
    size_t nfield, cap;
    long line;     /* current physical line */
    long row_line; /* line the current row started on */
    size_t cap_rows;
    int failed; /* enum stop, found by libcsv's callbacks (NOMEM to STOPPED) */
    long bad_line;
    size_t bad_count;
    char what[64]; /* the control character */
    /* The byte scan beside libcsv. */
    int bytes;              /* READ_OK, READ_NUL or READ_NOT_UTF8 */
    unsigned char bad_byte; /* the first byte of the character that is not UTF-8 */
    int prev_cr;            /* the last byte read was a CR */
    size_t row_bytes;       /* of the row being read */
    int long_quoted;        /* the long row stopped inside a quoted field */
    utf8 u;
    /* ss_table_each: the caller's function, its context and what it
     * returned when it asked to stop; the text of rows is forgotten after
     * each call, down to what the header left (mark). */
    ss_table_row_fn each;
    void *ctx;
    int each_rc;
    int status; /* read_table's, when it fails */
    struct text_block *mark;
    size_t mark_used;
} reader;

/* A NUL-terminated copy of data[0..len) in t's blocks; NULL when out of
 * memory. */
static char *keep_text(ss_table *t, const char *data, size_t len)
{
    text_block *b = t->text;
    if (!b || b->size - b->used < len + 1) {
        const size_t size = len + 1 > TEXT_BLOCK ? len + 1 : TEXT_BLOCK;
        text_block *grown = malloc(sizeof *grown + size);
        if (!grown)
            return NULL;
        *grown = (text_block){b, 0, size};
        t->text = b = grown;
    }
    char *copy = b->data + b->used;
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

/* Room for one more field in the row being read; 0 when out of memory. */
static int grow_fields(reader *r)
{
    size_t cap = r->cap ? 2 * r->cap : 8;
    char **grown = realloc(r->row, cap * sizeof *grown);
    if (!grown)
        return 0;
    r->row = grown;
    r->cap = cap;
    return 1;
}

/* Adds a field, kept already (NULL: out of memory), to the row being
 * read. Inline: it runs for every field of a table. */
static inline void add_field(reader *r, char *copy)
{
    if (copy && (r->nfield < r->cap || grow_fields(r)))
        r->row[r->nfield++] = copy;
    else
        r->failed = READ_NOMEM;
}

/* Keeps a field of the row being read. */
static void keep_field(reader *r, const char *data, size_t len)
{
    add_field(r, keep_text(r->t, data, len));
}

/* libcsv's field: kept unless it holds a control character. */
static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->failed)
        return;
    if (ss_control_char(data, len, 0, r->what, sizeof r->what) >= 0) {
        r->failed = READ_CONTROL;
        r->bad_line = r->row_line;
        return;
    }
    keep_field(r, data, len);
}

/* Forgets the fields of the row being read (their text stays in the
 * blocks until the table is freed). */
static void drop_row(reader *r)
{
    r->nfield = 0;
}

/* Hands a row to ss_table_each's caller, then forgets its text. */
static void hand_over(reader *r, char *const *field, size_t n)
{
    const int rc = r->each(r->ctx, field, n, r->row_line);
    if (rc) {
        r->failed = READ_STOPPED;
        r->each_rc = rc;
    }
    ss_table *t = r->t;
    while (t->text != r->mark) {
        text_block *b = t->text;
        t->text = b->prev;
        free(b);
    }
    if (r->mark)
        r->mark->used = r->mark_used;
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
        r->mark = t->text;
        r->mark_used = t->text ? ((text_block *)t->text)->used : 0;
        if (r->each)
            hand_over(r, t->header, t->ncol);
        return;
    }
    if (r->nfield != t->ncol) {
        r->failed = READ_FIELDS;
        r->bad_line = r->row_line;
        r->bad_count = r->nfield;
        drop_row(r);
        return;
    }
    if (r->each) {
        hand_over(r, r->row, r->nfield);
        r->nfield = 0;
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
            r->failed = READ_NOMEM;
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
    for (text_block *b = t->text, *prev; b; b = prev) {
        prev = b->prev;
        free(b);
    }
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
    /* Most text has no byte that could start a control character. */
    size_t from = 0;
    while (from < len && u[from] >= 0x20 && u[from] != 0x7F && u[from] != 0xC2)
        from++;
    for (size_t i = from; i < len; i++) {
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

/* Sixteen bytes as one value of GCC's vector extension (SSE2, the x86-64
 * base; plain code elsewhere). */
typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* Adds the fields after each comma of line[0..len), and cuts the text
 * at the commas. Sixteen bytes at a time where SSE2 (the x86-64 base)
 * gives the mask of a comparison: one test finds every comma of a block. */
static void cut_fields(reader *r, char *line, size_t len)
{
    size_t b = 0;
#ifdef __SSE2__
    for (; b + 16 <= len; b += 16) {
        bytes16 c;
        memcpy(&c, line + b, sizeof c);
        for (unsigned bits = (unsigned)_mm_movemask_epi8((__m128i)(c == ',')); bits;
             bits &= bits - 1) {
            const size_t at = b + (size_t)__builtin_ctz(bits);
            line[at] = '\0';
            add_field(r, line + at + 1);
        }
    }
#endif
    for (; b < len; b++)
        if (line[b] == ',') {
            line[b] = '\0';
            add_field(r, line + b + 1);
        }
}

/* A whole line that libcsv would read as one row of its comma-separated
 * text, split here without it: the line ends in its line break, starts a
 * row, has some text, and is plain (scan: printable ASCII without quote
 * or space, so nothing to unquote, trim or refuse). 1 when done. */
static int plain_row(const struct csv_parser *p, reader *r, const char *text, size_t len)
{
    if (p->pstate != 0 || len < 2)
        return 0;
    const size_t end = len - 1; /* the line break */
    /* One copy of the line, cut into its fields at the commas. */
    char *copy = keep_text(r->t, text, end);
    add_field(r, copy);
    if (copy)
        cut_fields(r, copy, end);
    on_row((unsigned char)text[end], r);
    return 1;
}

/* Feeds len bytes (whole lines, or the end of a buffer) to libcsv, or
 * splits a plain row itself, and counts the line they end. */
static int feed_line(struct csv_parser *p, reader *r, const char *text, size_t len, int eol,
                     int plain)
{
    if (!(eol && plain && plain_row(p, r, text, len)) &&
        csv_parse(p, text, len, on_field, on_row, r) != len)
        return -1;
    r->row_bytes = p->pstate == 0 ? 0 : r->row_bytes + len;
    if (r->row_bytes > MAX_ROW_BYTES && !r->failed) {
        r->failed = READ_LONG_ROW;
        r->bad_line = r->row_line;
        r->long_quoted = p->quoted;
    }
    if (eol) {
        /* The LF of a CRLF ends no new line. */
        if (!(text[len - 1] == '\n' && r->prev_cr))
            r->line++;
        /* Outside a quoted field the next row starts here (pstate 0 is
         * libcsv's "row not begun"). */
        if (p->pstate == 0)
            r->row_line = r->line;
    }
    return 0;
}

/* What scan reads at a time. A whole read's blocks end at file offsets
 * that are multiples of it, and so do a part's (ss_table_each_parts): a
 * row's bytes are counted at the blocks' ends (MAX_ROW_BYTES), so both
 * ways count alike. */
enum { READ_BLOCK = 65536 };

/* The bytes of a file: as they are, or inflated when it is gzip (a
 * NAME.csv.gz that sanctsim wrote). zlib reads a file that is not gzip as
 * it is, so gz is used only for names ending in .gz. Or, without a FILE,
 * two ranges of the file fd, one after the other (ss_table_each_parts):
 * the header's line, then a part's. */
typedef struct source {
    FILE *f;
    gzFile gz;
    int error; /* errno of a failed read */
    int fd;
    off_t at[2];
    size_t left[2];
} source;

static size_t source_read(source *in, char *buf, size_t size)
{
    if (!in->f) {
        const int k = in->left[0] ? 0 : 1;
        const size_t to_block = READ_BLOCK - (size_t)(in->at[k] % READ_BLOCK);
        size_t want = in->left[k] < size ? in->left[k] : size;
        want = k == 1 && to_block < want ? to_block : want;
        const ssize_t got = want ? pread(in->fd, buf, want, in->at[k]) : 0;
        if (got < 0) {
            in->error = errno ? errno : EIO;
            return 0;
        }
        in->at[k] += got;
        in->left[k] -= (size_t)got;
        if (got == 0) /* the file grew shorter: the rest is not there */
            in->left[k] = in->left[1 - k] = 0;
        return (size_t)got;
    }
    if (!in->gz) {
        size_t got = fread(buf, 1, size, in->f);
        if (ferror(in->f))
            in->error = errno ? errno : EIO;
        return got;
    }
    /* A stream cut short ends in Z_BUF_ERROR, not in an error of gzread's
     * own: its rows were read as if whole (a reliability hunt). */
    int got = gzread(in->gz, buf, (unsigned)size), zerr = Z_OK;
    if (got <= 0)
        gzerror(in->gz, &zerr);
    if (got < 0 || zerr == Z_BUF_ERROR) {
        in->error = zerr == Z_ERRNO && errno ? errno : GZIP_DAMAGED;
        return 0;
    }
    return (size_t)got;
}

/* A byte of plain ASCII text that needs no check of its own: neither NUL,
 * nor a line break, nor part of a multi-byte character. */
static int ascii_text(unsigned char c)
{
    return c != '\0' && c < 0x80 && c != '\n' && c != '\r';
}

/* Whether such a byte keeps a line plain (see plain_row): printable, and
 * no quote or space. */
static int plain_byte(unsigned char c)
{
    return c > ' ' && c != '"' && c != 0x7F;
}

static int any16(bytes16 v)
{
    unsigned long long half[2];
    memcpy(half, &v, sizeof half);
    return (half[0] | half[1]) != 0;
}

/* How many bytes from buf[i] on, in whole blocks of 16, are all
 * ascii_text; *plain becomes 0 when one of them is not a plain_byte. */
static size_t ascii_blocks(const char *buf, size_t i, size_t got, int *plain)
{
    const size_t from = i;
    for (; i + 16 <= got; i += 16) {
        bytes16 c;
        memcpy(&c, buf + i, sizeof c);
        if (any16((c == 0) | (c >= 0x80) | (c == '\n') | (c == '\r')))
            break;
        *plain &= !any16((c <= ' ') | (c == '"') | (c == 0x7F));
    }
    return i - from;
}

/* How many bytes from buf[i] on are ascii_text, *plain becoming 0 when one
 * of them is not a plain_byte: whole blocks of 16, then the block where
 * the run stops by the mask of its comparisons where SSE2 (the x86-64
 * base) gives one, else byte by byte. */
static size_t ascii_run(const char *buf, size_t i, size_t got, int *plain)
{
    const size_t from = i;
    i += ascii_blocks(buf, i, got, plain);
#ifdef __SSE2__
    if (i + 16 <= got) { /* ascii_blocks stopped at a byte of this block */
        bytes16 c;
        memcpy(&c, buf + i, sizeof c);
        const unsigned stop = (unsigned)_mm_movemask_epi8(
                           (__m128i)((c == 0) | (c >= 0x80) | (c == '\n') | (c == '\r'))),
                       odd = (unsigned)_mm_movemask_epi8(
                           (__m128i)((c <= ' ') | (c == '"') | (c == 0x7F)));
        *plain &= !(odd & ((stop & -stop) - 1)); /* the bytes before the first stop */
        return i + (size_t)__builtin_ctz(stop) - from;
    }
#endif
    while (i < got && ascii_text((unsigned char)buf[i]))
        *plain &= plain_byte((unsigned char)buf[i++]);
    return i - from;
}

/* Reads the file through libcsv, line by line so that each row knows where
 * it starts (a line ends at LF, CRLF or a lone CR, as libcsv's rows do),
 * checking every byte for NUL and UTF-8 on the way. */
static void scan(source *in, struct csv_parser *p, reader *r)
{
    char buf[READ_BLOCK];
    size_t got;
    int first = 1;
    while (!r->failed && !r->bytes && (got = source_read(in, buf, sizeof buf)) > 0) {
        /* A UTF-8 byte order mark that opens the file is not part of its
         * text (nor of a quoted first field). */
        size_t start = first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        first = 0;
        int plain = 1; /* the line from start is plain so far */
        for (size_t i = start; i <= got && !r->failed; i++) {
            /* A run of plain ASCII outside a multi-byte character: nothing
             * to check, and no CR before the next byte. */
            const size_t run = i;
            if (!r->u.need)
                i += ascii_run(buf, i, got, &plain);
            if (i > run)
                r->prev_cr = 0;
            if (i < got) {
                unsigned char c = (unsigned char)buf[i];
                if ((c == '\0' || c >= 0x80 || r->u.need) && (c == '\0' || utf8_byte(&r->u, c))) {
                    r->bytes = c == '\0' ? READ_NUL : READ_NOT_UTF8;
                    /* A cut-short character is blamed on its first byte. */
                    r->bad_byte = r->u.need ? r->u.lead : c;
                    break;
                }
            }
            int eol = i < got && (buf[i] == '\n' || buf[i] == '\r');
            plain &= i == got || eol;
            if (i == got || eol) {
                size_t end = i < got ? i + 1 : got;
                if (feed_line(p, r, buf + start, end - start, eol, plain))
                    break;
                start = end;
                plain = 1;
            }
            if (i < got)
                r->prev_cr = buf[i] == '\r';
        }
        if (csv_error(p) != CSV_SUCCESS)
            break;
    }
    /* The file ends inside a multi-byte character. */
    if (!r->bytes && r->u.need) {
        r->bytes = READ_NOT_UTF8;
        r->bad_byte = r->u.lead;
    }
}

/* What a NUL byte on the first line most likely means. */
#define UTF16_HINT " (UTF-16, a spreadsheet's Unicode text? save it as UTF-8)"

/* Why the reading stopped, in diag; returns the status and sets *line. */
static int explain(const reader *r, int stop, int read_error, ss_diag *diag, long *line)
{
    *line = stop == READ_UNCLOSED ? r->row_line : stop >= READ_LONG_ROW ? r->bad_line : r->line;
    switch (stop) {
    case READ_IO:
        *line = 0;
        return ss_diag_set(diag, SS_EIO, "cannot read the file: %s",
                           read_error == GZIP_DAMAGED ? "its gzip data are damaged or cut short"
                                                      : strerror(read_error));
    case READ_NUL:
        return ss_diag_set(diag, SS_EINVAL, "a NUL byte: this is not a CSV text file%s",
                           *line == 1 ? UTF16_HINT : "");
    case READ_NOT_UTF8:
        /* FF FE or FE FF at the start: the byte order mark of UTF-16. */
        return ss_diag_set(diag, SS_EINVAL,
                           "byte 0x%02X is not UTF-8 text (%s): save the file as UTF-8 (in a "
                           "spreadsheet: CSV UTF-8)",
                           r->bad_byte,
                           *line == 1 && r->bad_byte >= 0xFE
                               ? "UTF-16, a spreadsheet's Unicode text?"
                               : "Latin-1 or another encoding?");
    case READ_UNCLOSED:
        return ss_diag_set(diag, SS_EINVAL, "a quoted field starting on this line is never closed");
    case READ_MALFORMED:
        return ss_diag_set(diag, SS_EINVAL,
                           "malformed CSV: a quote inside a field that does not start with one, "
                           "or text after a closing quote (a quoted field doubles its quotes: "
                           "\"a \"\"b\"\" c\")");
    case READ_NOMEM:
        *line = 0;
        return ss_diag_set(diag, SS_ENOMEM, "out of memory");
    case READ_LONG_ROW:
        return ss_diag_set(diag, SS_EINVAL,
                           r->long_quoted
                               ? "a quoted field from this line runs on for more than 1 MB: a "
                                 "quote that is never closed?"
                               : "a row longer than 1 MB: this is not a table of countries and "
                                 "flows");
    case READ_CONTROL:
        return ss_diag_set(diag, SS_EINVAL,
                           "%s in a field: a table is plain text, without line breaks inside "
                           "fields",
                           r->what);
    default: {
        char hint[160];
        return ss_diag_set(diag, SS_EINVAL, "%zu fields where the header has %zu%s", r->bad_count,
                           r->t->ncol,
                           ss_table_header_hint(r->t->header, r->t->ncol, NULL, hint, sizeof hint));
    }
    }
}

const char *ss_table_header_hint(char *const *header, size_t ncol, const char *missing, char *buf,
                                 size_t size)
{
    buf[0] = '\0';
    const char *sep = ncol == 1 && header ? strpbrk(header[0], ";\t") : NULL;
    if (sep)
        snprintf(buf, size, " (its fields are separated by %s: save it with commas)",
                 *sep == ';' ? "';'" : "tabs");
    for (size_t i = 0; !sep && missing && header && i < ncol; i++)
        if (strcasecmp(header[i], missing) == 0) {
            snprintf(buf, size, " (the header has '%.64s': column names are lower case)",
                     header[i]);
            break;
        }
    return buf;
}

/* The file, unless it cannot be a table; NULL with diag set otherwise. */
static FILE *open_table(const char *path, ss_diag *diag)
{
    int special;
    FILE *f = ss_open_kept(path, &special);
    if (!f && special)
        ss_diag_set(diag, SS_EIO, "is a FIFO, a device or a socket, not a CSV file");
    else if (!f)
        ss_diag_set(diag, SS_EIO, "cannot open: %s", strerror(errno));
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        ss_diag_set(diag, SS_EIO, "is a folder, not a CSV file");
        return NULL;
    }
    return f;
}

/* Whether a file's name says it is gzip. */
static int gzip_name(const char *path)
{
    size_t len = strlen(path);
    return len > 3 && strcmp(path + len - 3, ".gz") == 0;
}

/* The file as a source: gzip through zlib when its name ends in .gz. */
static int open_source(source *in, FILE *f, const char *path)
{
    int fd = gzip_name(path) ? dup(fileno(f)) : -1;
    *in = (source){.f = f};
    if (fd >= 0 && !(in->gz = gzdopen(fd, "rb")))
        close(fd);
    return fd >= 0 && !in->gz ? -1 : 0;
}

static void close_source(source *in)
{
    if (in->gz)
        gzclose_r(in->gz);
    if (in->f)
        fclose(in->f);
}

/* Reads the source of path, which it closes, through r (r->each set or
 * not): the table, or NULL with diag explained (r->each_rc set when the
 * caller stopped the reading). */
static ss_table *read_source(const char *path, source in, reader *r, ss_diag *diag)
{
    ss_table *t = calloc(1, sizeof *t);
    r->t = t;
    r->line = r->row_line = 1;
    r->u = (utf8){0, 0x80, 0xBF, 0};
    struct csv_parser p;
    if (!t || !(t->path = strdup(path)) || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
        close_source(&in);
        r->status = ss_diag_set(diag, SS_ENOMEM, "out of memory");
        return located(diag, path, 0, t, r);
    }
    csv_set_blk_size(&p, 65536);
    scan(&in, &p, r);
    int read_error = in.error;
    close_source(&in);
    int stop = read_error ? READ_IO : r->bytes;
    if (!stop && csv_error(&p) != CSV_SUCCESS)
        stop = READ_MALFORMED;
    if (!stop && !r->failed && csv_fini(&p, on_field, on_row, r) != 0)
        stop = READ_UNCLOSED;
    csv_free(&p);
    stop = stop ? stop : r->failed;
    long line;
    if (stop == READ_STOPPED)
        return located(NULL, path, 0, t, r);
    if (stop) {
        r->status = explain(r, stop, read_error, diag, &line);
        return located(diag, path, line, t, r);
    }
    if (!t->header) {
        r->status = ss_diag_set(diag, SS_EINVAL, "the file is empty: expected a header row");
        return located(diag, path, 1, t, r);
    }
    free(r->row);
    return t;
}

/* Reads path through r, as read_source. */
static ss_table *read_table(const char *path, reader *r, ss_diag *diag)
{
    FILE *f = open_table(path, diag);
    r->status = SS_EIO;
    if (!f)
        return located(diag, path, 0, NULL, NULL);
    source in;
    if (open_source(&in, f, path)) {
        fclose(f);
        r->status = ss_diag_set(diag, SS_ENOMEM, "out of memory");
        return located(diag, path, 0, NULL, NULL);
    }
    return read_source(path, in, r, diag);
}

ss_table *ss_table_read(const char *path, ss_diag *diag)
{
    reader r = {0};
    return read_table(path, &r, diag);
}

/* ss_table_each's status for what reading through r gave (t, freed). */
static int each_status(ss_table *t, const reader *r)
{
    const int status = t ? SS_OK : r->each_rc ? r->each_rc : r->status;
    ss_table_free(t);
    return status;
}

int ss_table_each(const char *path, ss_table_row_fn each, void *ctx, ss_diag *diag)
{
    reader r = {.each = each, .ctx = ctx};
    ss_table *t = read_table(path, &r, diag);
    return each_status(t, &r);
}

/* The offset just past the first LF at or after `from` in fd's first
 * size bytes; size when there is none, 0 when the file cannot be read. */
static size_t line_end(int fd, size_t from, size_t size)
{
    char buf[4096];
    while (from < size) {
        const ssize_t got = pread(fd, buf, sizeof buf, (off_t)from);
        if (got <= 0)
            return 0;
        const char *lf = memchr(buf, '\n', (size_t)got);
        if (lf)
            return from + (size_t)(lf - buf) + 1;
        from += (size_t)got;
    }
    return size;
}

/* Whether fd's first line, head bytes through its LF, is a header that
 * every part can be given: plain text (an optional byte order mark, then
 * plain bytes, and CR only before the LF). A blank line before the
 * header, which a whole read skips, is not one. */
static int plain_header(int fd, size_t head)
{
    char buf[4096];
    if (head < 2 || head > sizeof buf || pread(fd, buf, head, 0) != (ssize_t)head)
        return 0;
    size_t b = head >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const size_t end = head - 1 - (buf[head - 2] == '\r');
    int plain = end > b;
    for (; b < end; b++)
        plain &= plain_byte((unsigned char)buf[b]);
    return plain;
}

/* What each part of ss_table_each_parts reads: the header's line, then
 * its own lines from cut[p] to cut[p + 1], for ctx[p]; its status in
 * rc[p]. */
typedef struct parts_job {
    const char *path;
    int fd;
    size_t head;
    const size_t *cut;
    ss_table_row_fn each;
    void *const *ctx;
    int *rc;
} parts_job;

static void read_part(void *arg, size_t p, int thread)
{
    (void)thread;
    const parts_job *j = arg;
    source in = {
        .fd = j->fd, .at = {0, (off_t)j->cut[p]}, .left = {j->head, j->cut[p + 1] - j->cut[p]}};
    reader r = {.each = j->each, .ctx = j->ctx[p]};
    j->rc[p] = each_status(read_source(j->path, in, &r, NULL), &r);
}

int ss_table_each_parts(const char *path, size_t parts, ss_table_row_fn each, void *const *ctx)
{
    const int fd =
        parts > 0 && !gzip_name(path) ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
    struct stat st;
    size_t *cut = malloc((parts + 1) * sizeof *cut), size = 0, head = 0;
    int *rc = calloc(parts + 1, sizeof *rc), status = SS_EINVAL;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        size = (size_t)st.st_size;
        head = line_end(fd, 0, size);
        status = head > 0 && head < size && plain_header(fd, head) ? SS_OK : SS_EINVAL;
    }
    if (!status && (!cut || !rc))
        status = SS_ENOMEM;
    /* The header, through its LF; then each part from an LF on. */
    for (size_t p = 0; !status && p <= parts; p++) {
        const size_t at = p == 0       ? head
                          : p == parts ? size
                                       : line_end(fd, head + (size - head) / parts * p, size);
        status = at > 0 ? SS_OK : SS_EIO;
        cut[p] = p > 0 && at < cut[p - 1] ? cut[p - 1] : at;
    }
    if (!status) { /* a thread a part (a team that will not start: one after another) */
        parts_job job = {path, fd, head, cut, each, ctx, rc};
        ss_team *team = ss_team_start((int)parts);
        ss_team_for(team, parts, 1, read_part, &job);
        ss_team_stop(team);
        for (size_t p = 0; p < parts && !status; p++)
            status = rc[p];
    }
    if (fd >= 0)
        close(fd);
    free(cut);
    free(rc);
    return status;
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

/* A plain decimal ([+-]digits[.digits], at most 15 significant digits and
 * 22 after the point) as strtod reads it: its digits m < 2^53 and 10^f are
 * both exact doubles, so m / 10^f, one correctly rounded division, is
 * strtod's correctly rounded value (Clinger 1990). Returns the end, or
 * NULL when the text is not of that form. */
static const char *plain_decimal(const char *s, double *out)
{
    static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const int negative = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    /* The whole part, then the fraction; leading zeros are no significant
     * digits (after the point too, while no other digit came before them).
     * m wraps harmlessly past 19 digits: their count refuses them. */
    const char *whole = s;
    while (*s == '0')
        s++;
    const char *first = s;
    unsigned long long m = 0;
    for (; (unsigned)(*s - '0') < 10; s++)
        m = m * 10 + (unsigned long long)(*s - '0');
    long digits = s - whole, significant = s - first, after = 0;
    if (*s == '.') {
        const char *point = ++s;
        if (m == 0)
            while (*s == '0')
                s++;
        first = s;
        for (; (unsigned)(*s - '0') < 10; s++)
            m = m * 10 + (unsigned long long)(*s - '0');
        significant += s - first;
        after = s - point;
        digits += after;
    }
    if (!digits || significant > 15 || after > 22 || *s == 'e' || *s == 'E')
        return NULL;
    const double v = (double)m / p10[after];
    *out = negative ? -v : v;
    return s;
}

/* The length of a thousands separator at p: a comma, a point, a space,
 * an apostrophe, or (in UTF-8) a no-break space, a narrow one, a right
 * single quotation mark; 0 for none. */
static size_t separator_at(const char *p)
{
    static const char *const seps[] = {",",           ".", " ", "'", "\xc2\xa0", "\xe2\x80\xaf",
                                       "\xe2\x80\x99"};
    for (size_t u = 0; u < sizeof seps / sizeof *seps; u++)
        if (strncmp(p, seps[u], strlen(seps[u])) == 0)
            return strlen(seps[u]);
    return 0;
}

const char *ss_number_hint(const char *val, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *c = val + (*val == '-' || *val == '+');
    const size_t lead = strspn(c, "0123456789"), sep = separator_at(c + lead);
    if (lead == 0 || sep == 0 || strlen(val) > 40)
        return buf;
    const char *at = c + lead;
    size_t groups = 0;
    while (strncmp(at, c + lead, sep) == 0 && strspn(at + sep, "0123456789") == 3) {
        at += sep + 3;
        groups++;
    }
    /* Decimals after a comma or a point other than the separator. */
    const int mark = (*at == '.' || *at == ',') && strncmp(at, c + lead, sep) != 0;
    const char *tail = mark ? at + 1 + strspn(at + 1, "0123456789") : at;
    if (lead <= 3 && groups > 0 && *tail == '\0') {
        char plain[48];
        size_t n = 0;
        if (c != val)
            plain[n++] = *val;
        for (const char *p = c; p < at; p++)
            if (isdigit((unsigned char)*p))
                plain[n++] = *p;
        if (mark)
            for (const char *p = at; p < tail; p++)
                plain[n++] = p == at ? '.' : *p;
        plain[n] = '\0';
        snprintf(buf, size, " (without the thousands separators: %s)", plain);
    } else if (c[lead] == ',' && isdigit((unsigned char)c[lead + 1]) &&
               c[lead + 1 + strspn(c + lead + 1, "0123456789")] == '\0')
        snprintf(buf, size, " (a decimal point, not a comma)");
    return buf;
}

const char *ss_share_hint(double percent, char *buf, size_t size)
{
    snprintf(buf, size, " (%g %% is %g)", percent, percent / 100);
    return buf;
}

const char *ss_percent_hint(const char *val, char *buf, size_t size)
{
    char *end;
    const double v = strtod(val, &end);
    buf[0] = '\0';
    if (end != val && strspn(val, " \t+-0123456789.eE") == (size_t)(end - val) && *end == '%' &&
        end[1 + strspn(end + 1, " \t")] == '\0' && isfinite(v))
        ss_share_hint(v, buf, size);
    return buf;
}

const char *ss_value_hint(const char *val, char *buf, size_t size)
{
    return *ss_number_hint(val, buf, size) ? buf : ss_percent_hint(val, buf, size);
}

const char *ss_range_hint(const char *lo, const char *hi, char *buf, size_t size)
{
    return *ss_value_hint(lo, buf, size) ? buf : ss_value_hint(hi, buf, size);
}

size_t ss_list_next(const char **at, const char **item)
{
    static const char sep[] = " \t,";
    *item = *at + strspn(*at, sep);
    const size_t len = strcspn(*item, sep);
    *at = *item + len;
    return len;
}

int ss_parse_number(const char *text, double *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return -1;
    double v;
    const char *plain = plain_decimal(text, &v);
    if (plain) {
        while (isspace((unsigned char)*plain))
            plain++;
        if (*plain == '\0') {
            *out = v;
            return 0;
        }
    }
    /* Decimal numbers only, as in scenario files: strtod would also read
     * hexadecimal ("0x1p3"). */
    const char *digits = text + (*text == '-' || *text == '+');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        return -1;
    v = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    /* ERANGE on underflow too: a value below the smallest normal double,
     * which run writes (1.05e-313 in a flows.csv of a high theta) and
     * plot must read back (a hunt); on overflow, v is inf. */
    if (*end != '\0' || (errno == ERANGE && !(fabs(v) < 1)) || !isfinite(v))
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
