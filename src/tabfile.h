/* The writer layer: one table file being written, whatever it holds.
 * Rows go into a buffer through ss_tab_printf, or in pieces (ss_tab_write,
 * ss_tab_g) for the tables of a million rows; numbers are formatted by
 * src/numfmt.c (the same text as printf's, faster); the buffer goes to
 * the file as it is, or through zlib's deflate as gzip when the table is
 * compressed; closing flushes, ends the gzip stream, and fsyncs when asked
 * (durable). What goes in the rows is the caller's (src/output.c).
 * Invariant: an error is sticky: once a write fails, nothing more is
 * written, and ss_tab_close reports it with its errno. */
#ifndef SS_TABFILE_H
#define SS_TABFILE_H

#include <stddef.h>

typedef struct ss_tab ss_tab;

/* Creates (or truncates) path, gzip-compressed when compress. durable:
 * the data starts for the disk as it is written, so that the fsync of
 * ss_tab_close(t, 1) waits for little. NULL with errno set on failure. */
ss_tab *ss_tab_open(const char *path, int compress, int durable);

/* A table held in memory, for rows formatted apart (on another thread,
 * say) until ss_tab_move hands them to a file's table in their place.
 * NULL when out of memory; freed by ss_tab_close. */
ss_tab *ss_tab_memory(void);

/* Appends all that the table in memory `from` holds to `to`, and empties
 * `from`; a failure of `from` (out of memory) becomes `to`'s. */
void ss_tab_move(ss_tab *to, ss_tab *from);

/* Appends text formatted as printf would, for the conversions the tables
 * use: %s, %d, %ld, %zu, %llu, %g and %.Pg (P from 1 to 17), and %%. Any
 * other conversion is a programming error: the table fails (EINVAL). */
void ss_tab_printf(ss_tab *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends n bytes of text. */
void ss_tab_write(ss_tab *t, const char *text, size_t n);

/* Appends v as "%.Pg" would (P = prec, from 1 to 17) and the character
 * after it (the field's comma or the row's end): for the tables of a
 * million rows, whose writers skip reading a format. */
void ss_tab_g(ss_tab *t, double v, int prec, char after);

/* Writes what is buffered (of a plain table) and, when durable, starts
 * the writeback of everything written: called on every table of a folder
 * before any is closed, so that the disk writes them together. */
void ss_tab_writeback(ss_tab *t);

/* 0, or the errno of the first failure. */
int ss_tab_error(const ss_tab *t);

/* Writes what is buffered, completes the gzip stream, fsyncs the file when
 * durable, closes it and frees t. 0, or -1 with errno set (the first
 * failure's). ss_tab_close(NULL, ...) is 0. */
int ss_tab_close(ss_tab *t, int durable);

#endif
