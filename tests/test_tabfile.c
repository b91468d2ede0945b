/* The writer layer (src/tabfile.c): rows written through ss_tab_printf are
 * the text vsnprintf makes of the same format and values (and so are
 * rows written in pieces, ss_tab_write and ss_tab_g), plain and
 * through gzip (read back with zlib), across buffer boundaries; a
 * conversion the writer does not know fails the table; a full disk is
 * reported when the table is closed. */
#include "check.h"
#include "tabfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char expected[1 << 22];
static size_t exp_len;

/* What vsnprintf makes of a row, appended to expected; each row below is
 * given to it and to ss_tab_printf with the same format and values. */
static void expect(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void expect(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    exp_len += (size_t)vsnprintf(expected + exp_len, sizeof expected - exp_len, fmt, ap);
    va_end(ap);
}

/* Writes the rows of the test into t (and the expected text). */
static void write_rows(ss_tab *t)
{
    const char *month = "2022-03", *iso = "KAZ";
    for (int i = 0; i < 20000; i++) {
        double v = (double)i * 1234.5678901 / 7 - 3000, w = 1.0 / (i + 1);
        size_t z = (size_t)i * 1000003u;
        long l = -(long)i * 77;
        expect("%s,%s,,%.10g,%.12g,%g,%.17g,%zu,%ld,%d,%llu,100%%\n", month, iso, v, w, v * w,
               w / 3, z, l, i - 10000, (unsigned long long)z * 3u);
        ss_tab_printf(t, "%s,%s,,%.10g,%.12g,%g,%.17g,%zu,%ld,%d,%llu,100%%\n", month, iso, v, w,
                      v * w, w / 3, z, l, i - 10000, (unsigned long long)z * 3u);
    }
    /* What is written so far starts for the disk: nothing is lost or
     * repeated, plain or through gzip. */
    ss_tab_writeback(t);
    static const double edge[] = {0.0, -0.0, 5e-324, 1e-300, 1e300, 0.1, 12345678905.0};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        expect("%.10g;%.3g\n", edge[i], -edge[i]);
        ss_tab_printf(t, "%.10g;%.3g\n", edge[i], -edge[i]);
        /* The same through the writer's pieces, without a format. */
        expect("%s%.10g,%.17g\n", "KAZ,", edge[i], -edge[i]);
        ss_tab_write(t, "KAZ,", 4);
        ss_tab_g(t, edge[i], 10, ',');
        ss_tab_g(t, -edge[i], 17, '\n');
    }
    /* Rows of pieces across buffer boundaries. */
    for (int i = 0; i < 20000; i++) {
        const double v = (double)i * 98765.4321 / 13 - 5000;
        expect("%s,%s,%.10g,%.12g\n", month, iso, v, 1 / v);
        ss_tab_write(t, month, strlen(month));
        ss_tab_write(t, ",", 1);
        ss_tab_write(t, iso, strlen(iso));
        ss_tab_write(t, ",", 1);
        ss_tab_g(t, v, 10, ',');
        ss_tab_g(t, 1 / v, 12, '\n');
    }
    /* A field longer than the buffer. */
    char *big = malloc(200000);
    memset(big, 'x', 199999);
    big[199999] = '\0';
    expect("%s\n", big);
    ss_tab_printf(t, "%s\n", big);
    free(big);
}

static char *read_all(const char *path, int gz, size_t *len)
{
    char *buf = malloc(sizeof expected);
    gzFile g = gzopen(path, "rb"); /* reads a plain file as it is */
    int got = g ? gzread(g, buf, (unsigned)sizeof expected) : -1;
    if (g)
        gzclose(g);
    FILE *f = fopen(path, "rb");
    unsigned char magic[2] = {0, 0};
    if (f && fread(magic, 1, 2, f) == 2 && gz)
        CHECK(magic[0] == 0x1f && magic[1] == 0x8b);
    else if (f)
        CHECK(!(magic[0] == 0x1f && magic[1] == 0x8b));
    if (f)
        fclose(f);
    *len = got < 0 ? 0 : (size_t)got;
    return buf;
}

static void same_text(int gz)
{
    char path[] = "/tmp/sanctsim-tabfile-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    exp_len = 0;
    ss_tab *t = ss_tab_open(path, gz, 1);
    CHECK(t != NULL);
    write_rows(t);
    CHECK(ss_tab_error(t) == 0);
    CHECK(ss_tab_close(t, 1) == 0);
    size_t len;
    char *got = read_all(path, gz, &len);
    CHECK(len == exp_len);
    CHECK(len == exp_len && memcmp(got, expected, len) == 0);
    free(got);
    unlink(path);
}

int main(void)
{
    same_text(0);
    same_text(1);

    ss_tab *t = ss_tab_open("/dev/null", 0, 0);
    ss_tab_printf(t, "%s,%5.2f\n", "a", 1.0); /* a width: not a table's format */
    CHECK(ss_tab_error(t) == EINVAL);
    CHECK(ss_tab_close(t, 0) == -1 && errno == EINVAL);

    t = ss_tab_open("/dev/full", 0, 1);
    if (t) { /* a full disk: reported on close, the latest */
        for (int i = 0; i < 100000; i++)
            ss_tab_printf(t, "%d\n", i);
        CHECK(ss_tab_close(t, 0) == -1 && errno == ENOSPC);
    }
    CHECK(ss_tab_open("/nonexistent-folder/x.csv", 0, 0) == NULL && errno == ENOENT);
    return check_report();
}
