/* A growing text in memory, for files written whole (sweep.csv, the
 * journal): appends never fail one by one; a failed allocation marks the
 * text as failed, and the caller checks once at the end.
 * Invariant: s is NULL or NUL-terminated text of len bytes; the caller
 * frees s. */
#ifndef SS_TEXTBUF_H
#define SS_TEXTBUF_H

#include <stddef.h>

typedef struct ss_text {
    char *s;
    size_t len, cap;
    int failed; /* memory ran out: the text is incomplete */
} ss_text;

void ss_text_add(ss_text *b, const char *text, size_t n);
void ss_text_puts(ss_text *b, const char *text);
void ss_text_printf(ss_text *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A CSV field, as ss_csv_field writes it (RFC 4180 quoting, no line
 * break, no formula). */
void ss_text_field(ss_text *b, const char *text);

/* A number of sweep.csv or its summary: 10 significant digits, as in a
 * run's own CSV files; nothing when v is not finite. */
void ss_text_number(ss_text *b, double v);

#endif
