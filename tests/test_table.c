/* Unit tests for the text checks of src/table.c that every table reads
 * through: ss_parse_number, whose plain decimals skip strtod, against
 * strtod itself (bit for bit), and ss_control_char, whose scan skips the
 * bytes that cannot start a control character, against a byte-by-byte
 * reference written here from its specification; and ss_table_read, which
 * splits plain rows without libcsv, against libcsv reading the whole text
 * at once. */
#include "check.h"
#include "table.h"

#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A reproducible 64-bit number (an LCG, Knuth's MMIX constants). */
static uint64_t next(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return *state >> 11;
}

/* strtod's reading of a whole field, the reference. */
static int by_strtod(const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    while (*end == ' ')
        end++;
    if (end == text || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static void test_numbers(void)
{
    /* By hand. */
    double v = 0;
    CHECK(ss_parse_number("5123.456", &v) == 0 && v == 5123.456);
    CHECK(ss_parse_number(" -0.5 ", &v) == 0 && v == -0.5);
    CHECK(ss_parse_number("-0", &v) == 0 && v == 0 && signbit(v));
    CHECK(ss_parse_number(".25", &v) == 0 && v == 0.25);
    CHECK(ss_parse_number("7.", &v) == 0 && v == 7);
    CHECK(ss_parse_number("+12", &v) == 0 && v == 12);
    CHECK(ss_parse_number("1.5e3", &v) == 0 && v == 1500); /* strtod's */
    CHECK(ss_parse_number("1E5", &v) == 0 && v == 100000);
    CHECK(ss_parse_number("1234567890123456789", &v) == 0 && v == 1234567890123456789.0);
    /* Below the smallest normal double, as run writes them (strtod's
     * ERANGE on underflow refused them: a hunt), and at its edge. */
    CHECK(ss_parse_number("1.049573407e-313", &v) == 0 && v == strtod("1.049573407e-313", NULL) &&
          v > 0);
    CHECK(ss_parse_number("-4.9e-324", &v) == 0 && v < 0 && v > -1e-323);
    CHECK(ss_parse_number("1e-400", &v) == 0 && v == 0);
    const char *bad[] = {"",    " ",     ".",   "-",   "1.2.3", "12a",   "inf",
                         "nan", "1e999", "--1", "1 2", "0x10",  "-0X1p3"};
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++)
        CHECK(ss_parse_number(bad[b], &v) == -1);
    /* Random decimals of 1 to 19 digits, the point anywhere (or nowhere),
     * a sign sometimes, leading zeros sometimes: the same double as
     * strtod's, bit for bit, whichever way ss_parse_number reads them. */
    uint64_t state = 7;
    int same = 1, count = 0;
    for (int r = 0; r < 200000; r++) {
        char text[48], *p = text;
        const int len = 1 + (int)(next(&state) % 19),
                  point = (int)(next(&state) % (uint64_t)(len + 2));
        if (next(&state) % 4 == 0)
            *p++ = next(&state) % 2 ? '-' : '+';
        for (int d = 0; d < len; d++) {
            if (d == point)
                *p++ = '.';
            *p++ = (char)('0' + next(&state) % 10);
        }
        *p = '\0';
        double a, b;
        const int ra = ss_parse_number(text, &a), rb = by_strtod(text, &b);
        same &= ra == rb && (ra != 0 || memcmp(&a, &b, sizeof a) == 0);
        count += ra == 0;
    }
    CHECK(same);
    CHECK(count == 200000);
}

/* The first control character by the specification in table.h, one byte
 * at a time. */
static long reference_control(const unsigned char *u, size_t len, int lines)
{
    for (size_t i = 0; i < len; i++) {
        if ((u[i] < 0x20 && u[i] != '\t' && !(lines && (u[i] == '\r' || u[i] == '\n'))) ||
            u[i] == 0x7F)
            return (long)i;
        if (u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] < 0xA0)
            return (long)i;
    }
    return -1;
}

static void test_control(void)
{
    char what[64];
    CHECK(ss_control_char("plain, text", 11, 0, what, sizeof what) == -1);
    CHECK(ss_control_char("tab\there", 8, 0, what, sizeof what) == -1);
    CHECK(ss_control_char("a\nb", 3, 0, what, sizeof what) == 1);
    CHECK(ss_control_char("a\nb", 3, 1, what, sizeof what) == -1);
    CHECK(ss_control_char("caf\xC3\xA9 \xC2\x85", 8, 0, what, sizeof what) == 6);
    CHECK(strcmp(what, "a control character (U+0085)") == 0);
    CHECK(ss_control_char("x\x7Fy", 3, 0, what, sizeof what) == 1);
    CHECK(strcmp(what, "a control character (byte 0x7F)") == 0);
    /* Random bytes, mostly harmless: the same place as the reference. */
    uint64_t state = 11;
    int same = 1, found = 0;
    for (int r = 0; r < 20000; r++) {
        unsigned char text[40];
        const size_t len = next(&state) % sizeof text;
        for (size_t i = 0; i < len; i++) {
            const uint64_t c = next(&state) % 64;
            static const unsigned char odd[] = {0xC2, 0x85, 0x7F, '\n', 0x01};
            text[i] = c < sizeof odd ? odd[c] : (unsigned char)('a' + c % 26);
        }
        const int lines = (int)(next(&state) % 2);
        const long want = reference_control(text, len, lines);
        same &= ss_control_char((const char *)text, len, lines, what, sizeof what) == want;
        found += want >= 0;
    }
    CHECK(same);
    CHECK(found > 1000 && found < 19000); /* both kinds of text were tried */
}

/* The fields libcsv gives for a whole text, row after row. */
typedef struct collected {
    char cell[64][32];
    size_t n, row_end[16], rows;
} collected;

static void collect_field(void *data, size_t len, void *ctx)
{
    collected *c = ctx;
    if (c->n < 64 && len < 32) {
        memcpy(c->cell[c->n], data ? data : "", len);
        c->cell[c->n][len] = '\0';
    }
    c->n++;
}

static void collect_row(int ch, void *ctx)
{
    (void)ch;
    collected *c = ctx;
    if (c->rows < 16)
        c->row_end[c->rows] = c->n;
    c->rows++;
}

/* What ss_table_each hands over: copies of the first rows' fields and
 * their lines (the header first), and after how many rows to stop. */
typedef struct streamed {
    char field[8][3][32];
    long line[8];
    size_t rows, stop_after;
} streamed;

static int keep_streamed(void *ctx, char *const *field, size_t nfield, long line)
{
    streamed *st = ctx;
    if (st->rows < 8 && nfield == 3) {
        for (size_t c = 0; c < 3; c++)
            snprintf(st->field[st->rows][c], sizeof st->field[0][0], "%s", field[c]);
        st->line[st->rows] = line;
    }
    st->rows++;
    return st->stop_after && st->rows == st->stop_after ? 42 : 0;
}

/* ss_table_each hands over what ss_table_read keeps: the header, then each
 * row with its first line. */
static int same_stream(const char *path, const ss_table *t)
{
    streamed st = {0};
    int same = t->nrow < 8 && ss_table_each(path, keep_streamed, &st, NULL) == SS_OK &&
               st.rows == t->nrow + 1;
    for (size_t c = 0; same && c < 3; c++)
        same &= strcmp(st.field[0][c], t->header[c]) == 0;
    for (size_t row = 0; same && row < t->nrow; row++) {
        same &= st.line[row + 1] == t->line[row];
        for (size_t c = 0; c < 3; c++)
            same &= strcmp(st.field[row + 1][c], ss_table_get(t, row, c)) == 0;
    }
    return same;
}

/* ss_table_each_parts in two and in three parts: every part hands over
 * the header and then its rows, which are the table's rows in order
 * (counts[0] counts these reads, counts[1] those that failed). */
static int same_parts(const char *path, const ss_table *t, int counts[2])
{
    int same = 1;
    for (size_t parts = 2; parts <= 3; parts++) {
        streamed st[3];
        memset(st, 0, sizeof st);
        void *ctx[3] = {&st[0], &st[1], &st[2]};
        if (ss_table_each_parts(path, parts, keep_streamed, ctx) != SS_OK) {
            counts[1]++;
            continue;
        }
        counts[0]++;
        size_t row = 0;
        for (size_t p = 0; p < parts; p++) {
            same &= st[p].rows >= 1 && st[p].rows <= 8;
            for (size_t c = 0; same && c < 3; c++)
                same &= strcmp(st[p].field[0][c], t->header[c]) == 0;
            for (size_t r = 1; same && r < st[p].rows; r++, row++)
                for (size_t c = 0; c < 3; c++)
                    same &=
                        row < t->nrow && strcmp(st[p].field[r][c], ss_table_get(t, row, c)) == 0;
        }
        same &= row == t->nrow;
    }
    return same;
}

/* Random tables of three columns whose fields are plain, quoted (with a
 * comma or a doubled quote inside), padded with spaces or tabs, or long, and whose
 * lines end in LF, CRLF or CR: ss_table_read gives libcsv's fields, and
 * each row's first line; ss_table_each hands over the same, and so does
 * ss_table_each_parts in two and in three parts. */
static void test_rows(void)
{
    /* Long fields too, so that rows span blocks of 16 bytes in every way
     * (the reader finds commas and unusual bytes sixteen at a time). */
    static const char *const pool[] = {"a",
                                       "12.5",
                                       "",
                                       "x y",
                                       "\"q,1\"",
                                       "\"say \"\"hi\"\"\"",
                                       " b",
                                       "c\t",
                                       "RUS",
                                       "-0.25",
                                       "ABCDEFGHIJKLMNOPQRST",
                                       "abcdefghijklmnopq rs",
                                       "\"0123456789, 012345678\""};
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    char path[] = "/tmp/sanctsim-test-table-XXXXXX";
    const int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    uint64_t state = 5;
    int same = 1, plain = 0, total = 0, counts[2] = {0, 0};
    for (int r = 0; r < 1000; r++) {
        char text[1024] = "h1,h2,h3\n";
        long line = 2, first[8];
        const size_t rows = 1 + next(&state) % 6;
        total += (int)rows;
        for (size_t row = 0; row < rows; row++) {
            first[row] = line;
            for (int f = 0; f < 3; f++) {
                const char *v = pool[next(&state) % (sizeof pool / sizeof *pool)];
                strcat(text, v);
                strcat(text, f < 2 ? "," : ends[next(&state) % 3]);
            }
            line++;
        }
        FILE *out = fopen(path, "w");
        fputs(text, out);
        fclose(out);
        collected want = {0};
        struct csv_parser p;
        csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
        csv_parse(&p, text, strlen(text), collect_field, collect_row, &want);
        csv_fini(&p, collect_field, collect_row, &want);
        csv_free(&p);
        ss_diag d;
        ss_table *t = ss_table_read(path, &d);
        same &= t != NULL && want.rows == rows + 1 && want.n == 3 * (rows + 1) && t->nrow == rows;
        for (size_t c = 0; same && c < 3; c++)
            same &= strcmp(t->header[c], want.cell[c]) == 0;
        for (size_t row = 0; same && row < rows; row++) {
            same &= t->line[row] == first[row];
            for (size_t c = 0; c < 3; c++)
                same &= strcmp(ss_table_get(t, row, c), want.cell[3 * (row + 1) + c]) == 0;
            plain += !strpbrk(ss_table_get(t, row, 0), " \t\n,");
        }
        same &= t && same_stream(path, t) && same_parts(path, t, counts);
        ss_table_free(t);
    }
    remove(path);
    CHECK(same);
    /* Rows whose first field is plain, and others, in numbers. */
    CHECK(plain > total / 3 && total - plain > total / 10);
    CHECK(counts[0] == 2000 && counts[1] == 0); /* every table in two and in three parts */
}

/* ss_table_each stops when asked, with the caller's value, and fails as
 * ss_table_read does on a table it cannot read. */
static void test_each_stops(void)
{
    char path[] = "/tmp/sanctsim-test-table-XXXXXX";
    const int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    FILE *out = fopen(path, "w");
    fputs("\xEF\xBB\xBF"
          "a,b,c\n1,2,3\n4,5,6\n7,8,9\n",
          out);
    fclose(out);
    streamed st = {.stop_after = 3};
    CHECK(ss_table_each(path, keep_streamed, &st, NULL) == 42 && st.rows == 3);
    CHECK(strcmp(st.field[0][0], "a") == 0); /* without the byte order mark */
    CHECK(strcmp(st.field[2][2], "6") == 0 && st.line[2] == 3);
    /* The mark before a quoted first field, read whole and streamed. */
    out = fopen(path, "w");
    fputs("\xEF\xBB\xBF"
          "\"a\",\"b\",\"c\"\n1,2,3\n",
          out);
    fclose(out);
    ss_diag bom;
    ss_table *quoted = ss_table_read(path, &bom);
    CHECK(quoted != NULL && quoted->ncol == 3 && strcmp(quoted->header[0], "a") == 0);
    ss_table_free(quoted);
    streamed q = {.stop_after = 2};
    CHECK(ss_table_each(path, keep_streamed, &q, NULL) == 42 && q.rows == 2 &&
          strcmp(q.field[0][0], "a") == 0 && strcmp(q.field[1][2], "3") == 0);
    out = fopen(path, "w");
    fputs("a,b,c\n1,2,3\n4,5\n", out);
    fclose(out);
    ss_diag d1, d2;
    streamed all = {0};
    ss_table *t = ss_table_read(path, &d1);
    CHECK(t == NULL);
    CHECK(ss_table_each(path, keep_streamed, &all, &d2) == SS_EINVAL);
    CHECK(d1.line == 3 && d2.line == 3 && strcmp(d1.msg, d2.msg) == 0);
    CHECK(strstr(d2.msg, "2 fields where the header has 3") != NULL);
    remove(path);
    CHECK(ss_table_each(path, keep_streamed, &all, &d2) == SS_EIO);
}

/* A table that cannot be read is no table in parts either, wherever the
 * cuts fall: a line break inside a quoted field (refused by the reader,
 * whether or not a cut falls there), a short row. A file without LF, or
 * gzip, is not cut at all, nor one whose first line is no plain header:
 * blank (a whole read skips it, where each part would take its own first
 * line for the header) or quoted. */
static void test_parts_refused(void)
{
    char path[] = "/tmp/sanctsim-test-table-XXXXXX";
    const int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    static const char *const bad[] = {"h1,h2,h3\na,b,c\nd,\"two\nlines\",f\ng,h,i\nj,k,l\n",
                                      "h1,h2,h3\na,b,c\nd,e\ng,h,i\nj,k,l\n",
                                      "h1,h2,h3\ra,b,c\rd,e,f\r",
                                      "\nh1,h2,h3\na,b,c\nh1,h2,h3\nd,e,f\n",
                                      "\r\nh1,h2,h3\na,b,c\nh1,h2,h3\nd,e,f\n",
                                      "  \nh1,h2,h3\na,b,c\nh1,h2,h3\nd,e,f\n",
                                      "\"h1\",h2,h3\na,b,c\nd,e,f\n"};
    int refused = 1;
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
        FILE *out = fopen(path, "w");
        fputs(bad[b], out);
        fclose(out);
        for (size_t parts = 1; parts <= 6; parts++) {
            streamed st[6];
            memset(st, 0, sizeof st);
            void *ctx[6] = {&st[0], &st[1], &st[2], &st[3], &st[4], &st[5]};
            refused &= ss_table_each_parts(path, parts, keep_streamed, ctx) != SS_OK;
        }
    }
    remove(path);
    CHECK(refused);
    /* A plain table named as gzip: parts of it would be cut anywhere in
     * what the name says is compressed. */
    char gz[] = "/tmp/sanctsim-test-table-XXXXXX.gz";
    const int gfd = mkstemps(gz, 3);
    CHECK(gfd >= 0);
    close(gfd);
    FILE *out = fopen(gz, "w");
    fputs("h1,h2,h3\na,b,c\n", out);
    fclose(out);
    streamed st = {0};
    void *ctx[1] = {&st};
    CHECK(ss_table_each_parts(gz, 1, keep_streamed, ctx) != SS_OK && st.rows == 0);
    remove(gz);
}

/* A row of over 1 MiB is refused where its bytes before the last block
 * end it spans exceed MAX_ROW_BYTES, which depends on where it starts:
 * parts read in blocks that end where a whole read's do, and so refuse
 * the same rows. Rows of 1 MiB + 30,000 bytes after 300,000 + k short
 * rows (so that a later part, cut among them, holds the long row), for k
 * that put the row's end at every fifth of a block. */
static void test_parts_long_row(void)
{
    char path[] = "/tmp/sanctsim-test-table-XXXXXX";
    const int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    enum { LONG = (1 << 20) + 30000 };
    char *field = malloc(LONG + 1);
    memset(field, 'x', LONG);
    field[LONG] = '\0';
    int same = 1, read = 0, refused = 0;
    for (int k = 0; k < 16384; k += 3277) {
        FILE *out = fopen(path, "w");
        fputs("a,b\n", out);
        for (int row = 0; row < 300000 + k; row++)
            fputs("1,2\n", out);
        fprintf(out, "3,%s\n4,5\n", field);
        fclose(out);
        streamed whole = {0};
        const int ok = ss_table_each(path, keep_streamed, &whole, NULL) == SS_OK;
        read += ok;
        refused += !ok;
        for (size_t parts = 2; parts <= 3; parts++) {
            streamed st[3];
            memset(st, 0, sizeof st);
            void *ctx[3] = {&st[0], &st[1], &st[2]};
            same &= (ss_table_each_parts(path, parts, keep_streamed, ctx) == SS_OK) == ok;
        }
    }
    free(field);
    remove(path);
    CHECK(same);
    CHECK(read > 0 && refused > 0); /* both outcomes were compared */
}

/* Rows whose text does not fit beside the header's in one block: each
 * row's block is freed after its call (ASan and valgrind see the rest). */
enum { LONG_FIELD = 600000 };

static int long_row(void *ctx, char *const *field, size_t nfield, long line)
{
    int *ok = ctx;
    *ok &= nfield == 2 && strlen(field[1]) == LONG_FIELD && field[1][LONG_FIELD - 1] == 'x' &&
           (line == 1 ? strcmp(field[0], "a") == 0 : atol(field[0]) == line - 1);
    return 0;
}

static void test_each_long_rows(void)
{
    char path[] = "/tmp/sanctsim-test-table-XXXXXX";
    const int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    char *field = malloc(LONG_FIELD + 1);
    memset(field, 'x', LONG_FIELD);
    field[LONG_FIELD] = '\0';
    FILE *out = fopen(path, "w");
    fprintf(out, "a,%s\n", field);
    for (int row = 1; row <= 3; row++)
        fprintf(out, "%d,%s\n", row, field);
    fclose(out);
    int ok = 1;
    CHECK(ss_table_each(path, long_row, &ok, NULL) == SS_OK && ok);
    free(field);
    remove(path);
}

/* A list's items between spaces, tabs and commas, in any mix and number. */
static void test_list(void)
{
    const char *at = " KAZ,\tKGZ , ,ARM,", *item, *want[] = {"KAZ", "KGZ", "ARM"};
    size_t n = 0;
    for (size_t len; (len = ss_list_next(&at, &item)) > 0; n++)
        CHECK(n < 3 && len == strlen(want[n]) && strncmp(item, want[n], len) == 0);
    CHECK(n == 3 && *at == '\0');
    at = " \t, ";
    CHECK(ss_list_next(&at, &item) == 0);
}

int main(void)
{
    test_rows();
    test_each_stops();
    test_parts_refused();
    test_parts_long_row();
    test_each_long_rows();
    test_numbers();
    test_control();
    test_list();
    return check_report();
}
