/* The writer layer's file room (see tabfile.h): a buffer, a file
 * descriptor, and a zlib deflate stream for gzip. */
#include "tabfile.h"
#include "dense.h"
#include "files.h"
#include "numfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { BUF = 1 << 16 };

/* zlib's level 6 (its default) compresses a run's flows.csv about 7-fold;
 * level 1 only 5-fold but three times faster: tables are written once per
 * run and read rarely, so speed wins (README.md, "Output"). */
#define SS_GZIP_LEVEL 1

struct ss_tab {
    int fd, err, gz, durable; /* fd -1: a table in memory (mem) */
    char *mem;
    size_t mem_len, mem_cap;
    size_t written, synced; /* bytes written to fd, and handed to writeback */
    z_stream z;
    size_t len;
    char buf[BUF];
    unsigned char zout[BUF];
};

static void fail(ss_tab *t, int err)
{
    if (!t->err)
        t->err = err ? err : EIO;
}

/* A durable table's data starts for the disk as it is written, every few
 * MB (ss_writeback), so that the fsync at close waits for little. */
enum { WRITEBACK = 4 << 20 };

/* Appends n bytes to a table in memory. */
static void keep_all(ss_tab *t, const void *p, size_t n)
{
    if (n == 0) /* nothing kept yet is a NULL block, which memcpy may not take */
        return;
    if (t->mem_cap - t->mem_len < n) {
        size_t cap = t->mem_cap ? t->mem_cap : BUF;
        while (cap - t->mem_len < n)
            cap *= 2;
        char *grown = realloc(t->mem, cap);
        if (!grown) {
            fail(t, ENOMEM);
            return;
        }
        t->mem = ss_dense_advise(grown, cap);
        t->mem_cap = cap;
    }
    memcpy(t->mem + t->mem_len, p, n);
    t->mem_len += n;
}

static void write_all(ss_tab *t, const void *p, size_t n)
{
    if (t->fd < 0) {
        keep_all(t, p, n);
        return;
    }
    const char *c = p;
    while (n > 0 && !t->err) {
        ssize_t w = write(t->fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fail(t, errno);
            return;
        }
        c += w;
        n -= (size_t)w;
        t->written += (size_t)w;
    }
    if (t->durable && t->written - t->synced >= WRITEBACK) {
        ss_writeback(t->fd, (long long)t->synced);
        t->synced = t->written;
    }
}

/* Deflates the buffer into the file (flush: Z_NO_FLUSH or Z_FINISH). */
static void deflate_out(ss_tab *t, int flush)
{
    t->z.next_in = (unsigned char *)t->buf;
    t->z.avail_in = (unsigned)t->len;
    int rc;
    do {
        t->z.next_out = t->zout;
        t->z.avail_out = BUF;
        rc = deflate(&t->z, flush);
        if (rc == Z_STREAM_ERROR) {
            fail(t, EIO);
            return;
        }
        write_all(t, t->zout, BUF - t->z.avail_out);
    } while (!t->err && (t->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END)));
}

static void flush_buf(ss_tab *t, int finish)
{
    if (t->gz)
        deflate_out(t, finish ? Z_FINISH : Z_NO_FLUSH);
    else
        write_all(t, t->buf, t->len);
    t->len = 0;
}

ss_tab *ss_tab_open(const char *path, int compress, int durable)
{
    ss_tab *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    /* windowBits 15 + 16: a gzip header and trailer around the stream;
     * its header has no name and no time, so the bytes are reproducible. */
    if (t->fd >= 0 && compress &&
        deflateInit2(&t->z, SS_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        close(t->fd);
        t->fd = -1;
        errno = ENOMEM;
    }
    if (t->fd < 0) {
        int e = errno;
        free(t);
        errno = e;
        return NULL;
    }
    t->gz = compress;
    t->durable = durable;
    return t;
}

ss_tab *ss_tab_memory(void)
{
    ss_tab *t = calloc(1, sizeof *t);
    if (t)
        t->fd = -1;
    return t;
}

void ss_tab_move(ss_tab *to, ss_tab *from)
{
    if (from->err)
        fail(to, from->err);
    if (from->mem_len) /* mem is NULL until the buffer first overflows */
        ss_tab_write(to, from->mem, from->mem_len);
    ss_tab_write(to, from->buf, from->len);
    from->mem_len = from->len = 0;
}

void ss_tab_write(ss_tab *t, const char *text, size_t n)
{
    if (!t->err && n <= BUF - t->len) { /* the common case: it fits */
        memcpy(t->buf + t->len, text, n);
        t->len += n;
        return;
    }
    while (n > 0 && !t->err) {
        if (t->len == BUF)
            flush_buf(t, 0);
        size_t room = BUF - t->len, k = n < room ? n : room;
        memcpy(t->buf + t->len, text, k);
        t->len += k;
        text += k;
        n -= k;
    }
}

/* The most that one conversion other than %s writes: a number. */
enum { ROOM = SS_FMT_G_SIZE + 24 };

/* Room for ROOM more bytes in the buffer. */
static inline void make_room(ss_tab *t)
{
    if (BUF - t->len < ROOM)
        flush_buf(t, 0);
}

void ss_tab_g(ss_tab *t, double v, int prec, char after)
{
    if (t->err)
        return;
    make_room(t);
    t->len += ss_fmt_g(t->buf + t->len, v, prec);
    t->buf[t->len++] = after;
}

/* A whole number, into the room made. */
static void put_u(ss_tab *t, unsigned long long v, int negative)
{
    char tmp[24], *e = tmp + sizeof tmp, *p = e;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    if (negative)
        *--p = '-';
    memcpy(t->buf + t->len, p, (size_t)(e - p));
    t->len += (size_t)(e - p);
}

static void put_signed(ss_tab *t, long long v)
{
    put_u(t, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

/* One conversion at f (after its '%'), with room made; returns what
 * follows it, or NULL for a conversion this writer does not know. */
static const char *convert(ss_tab *t, const char *f, va_list *ap)
{
    int prec = 6;
    if (f[0] == '.') {
        for (prec = 0, f++; *f >= '0' && *f <= '9' && prec < 100; f++)
            prec = prec * 10 + (*f - '0');
        if (*f != 'g' || prec < 1 || prec > 17)
            return NULL;
    }
    switch (f[0]) {
    case 'g':
        t->len += ss_fmt_g(t->buf + t->len, va_arg(*ap, double), prec);
        return f + 1;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        ss_tab_write(t, s, strlen(s));
        return f + 1;
    }
    case '%':
        t->buf[t->len++] = '%';
        return f + 1;
    case 'd':
        put_signed(t, va_arg(*ap, int));
        return f + 1;
    case 'l':
        if (f[1] == 'd') {
            put_signed(t, va_arg(*ap, long));
            return f + 2;
        }
        if (f[1] == 'l' && f[2] == 'u') {
            put_u(t, va_arg(*ap, unsigned long long), 0);
            return f + 3;
        }
        return NULL;
    case 'z':
        if (f[1] != 'u')
            return NULL;
        put_u(t, va_arg(*ap, size_t), 0);
        return f + 2;
    default:
        return NULL;
    }
}

void ss_tab_printf(ss_tab *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; !t->err && *f;) {
        make_room(t);
        /* The text up to the next conversion, at most ROOM bytes at a time. */
        size_t run = 0;
        while (f[run] && f[run] != '%' && run < ROOM)
            run++;
        if (run) {
            memcpy(t->buf + t->len, f, run);
            t->len += run;
            f += run;
        } else if (!(f = convert(t, f + 1, &ap))) {
            fail(t, EINVAL);
        }
    }
    va_end(ap);
}

void ss_tab_writeback(ss_tab *t)
{
    if (t->err)
        return;
    if (!t->gz) /* a gzip stream is ended, and its last bytes written, at close */
        flush_buf(t, 0);
    if (t->durable)
        ss_writeback(t->fd, (long long)t->synced);
    t->synced = t->written;
}

int ss_tab_error(const ss_tab *t)
{
    return t->err;
}

int ss_tab_close(ss_tab *t, int durable)
{
    if (!t)
        return 0;
    if (!t->err)
        flush_buf(t, 1);
    if (t->gz)
        deflateEnd(&t->z);
    if (t->fd >= 0 && durable && !t->err && fsync(t->fd) != 0)
        fail(t, errno);
    if (t->fd >= 0 && close(t->fd) != 0)
        fail(t, errno);
    int err = t->err;
    free(t->mem);
    free(t);
    errno = err;
    return err ? -1 : 0;
}
