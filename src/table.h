/* Reading a CSV file into memory as rows of text fields, with the line
 * each row starts on, through libcsv (RFC 4180 quoting; LF, CRLF or CR
 * line ends). The file must be UTF-8 text without NUL bytes.
 * Invariant: every row has been checked to have as many fields as the
 * header, so callers index fields by the header's column positions. */
#ifndef SS_TABLE_H
#define SS_TABLE_H

#include "status.h"

#include <stddef.h>

typedef struct ss_table {
    char *path;
    size_t ncol, nrow;
    char **header; /* ncol names */
    char **cell;   /* nrow * ncol fields, row-major */
    long *line;    /* nrow line numbers */
    void *text;    /* the blocks that hold every field's text (table.c) */
} ss_table;

/* For the messages about a table's columns, into buf: " (its fields are
 * separated by ';': save it with commas)" for a header of one field that
 * holds a semicolon (a table saved as spreadsheets do in many countries),
 * the same for a tab; " (the header has 'Exporter': column names are lower
 * case)" when the column `missing` (or NULL) is there in other letters;
 * else "". Returns buf. */
const char *ss_table_header_hint(char *const *header, size_t ncol, const char *missing, char *buf,
                                 size_t size);

/* Reads path. On failure returns NULL and explains in diag (file, line). */
ss_table *ss_table_read(const char *path, ss_diag *diag);
void ss_table_free(ss_table *t);

/* Reads path as ss_table_read does, keeping nothing: calls each(ctx,
 * field, nfield, line) for the header and then for every row, with the
 * line it starts on; the fields (nfield, as many as the header's) live
 * until the call returns. Stops when a call returns nonzero and returns
 * that; SS_OK when every call returned 0; on a reading error, the status
 * that ss_table_read would give, with diag explained (the rows before the
 * fault have been handed over by then: a caller keeps nothing it has
 * been given until SS_OK). */
typedef int (*ss_table_row_fn)(void *ctx, char *const *field, size_t nfield, long line);
int ss_table_each(const char *path, ss_table_row_fn each, void *ctx, ss_diag *diag);

/* ss_table_each in `parts` pieces read side by side, a thread each: the
 * file is cut at LF line breaks after its header into parts of about
 * equal size, and part p calls each(ctx[p], ...) for the header and then
 * for its own rows, in order; lines are counted from the part's start.
 * For the fast way of a large table: SS_OK when every part was read;
 * otherwise a status and nothing said (gzip, a file that is not regular,
 * without LF, or whose first line is not a plain header; a part that
 * could not be read or whose caller stopped: a cut inside a quoted field
 * leaves its part unclosed), and the caller reads the file whole. */
int ss_table_each_parts(const char *path, size_t parts, ss_table_row_fn each, void *const *ctx);

/* Column position of a header name, or -1. */
long ss_table_column(const ss_table *t, const char *name);

static inline const char *ss_table_get(const ss_table *t, size_t row, size_t col)
{
    return t->cell[row * t->ncol + col];
}

/* Splits one CSV line (without its line break) into its fields, in
 * place, through the same libcsv reader as ss_table_read (strict RFC 4180
 * quoting), but with the spaces around a field kept: the inverse of
 * ss_csv_field for a line sanctsim wrote. field[i] points into line.
 * Returns the number of fields; max + 1 when there are more than max; 0
 * when the line is not one row of CSV (a stray quote, a line break). */
size_t ss_csv_split(char *line, char **field, size_t max);

/* Checks that len bytes of text are UTF-8: -1 when they are, otherwise the
 * offset of the first character that is not (its first byte). */
long ss_utf8_check(const char *text, size_t len);

/* The offset of the first control character in len bytes of UTF-8 text:
 * C0 (tab allowed, CR and LF too where lines is set), DEL, or C1 (U+0080 to
 * U+009F); -1 when there is none. *what describes it (what may be NULL
 * when size is 0). This and ss_utf8_check are the program's one check of
 * text: the scenario reader, CSV tables and error messages use them. */
long ss_control_char(const char *text, size_t len, int lines, char *what, size_t size);

/* The next item of a list whose items are separated by spaces, tabs and
 * commas (a scenario's lists of countries, groups and tables): *item is
 * set to its start and *at past it; its length, 0 at the list's end. */
size_t ss_list_next(const char **at, const char **item);

/* Parses a whole field as a finite decimal number (strtod's syntax less
 * hexadecimal, infinities and NaN); returns 0 on success. Leading and
 * trailing spaces are allowed, anything else is not. */
int ss_parse_number(const char *text, double *out);

/* For a field that is not a number because a spreadsheet wrote it with
 * separators, into buf: " (without the thousands separators: 1540.5)" for
 * "1,540.5", "1.540,5", "1 540,5" or "1'540" (a sign, 1 to 3 digits,
 * groups of one separator and 3 digits, and decimals after a comma or
 * point that is not the separator), " (a decimal point, not a comma)" for
 * "0,5" (digits, a comma, digits); else "". Returns buf. */
const char *ss_number_hint(const char *val, char *buf, size_t size);
/* " (15.7 % is 0.157)": a percentage and the share it means. Returns buf. */
const char *ss_share_hint(double percent, char *buf, size_t size);
/* ss_share_hint of a value written as a number and a percent sign
 * ("15.7%"), else "". Returns buf. */
const char *ss_percent_hint(const char *val, char *buf, size_t size);
/* For a share or a rate that is not a number: ss_number_hint, or else
 * ss_percent_hint. Returns buf. */
const char *ss_value_hint(const char *val, char *buf, size_t size);
/* ss_value_hint of a range's low end, or else of its high end. */
const char *ss_range_hint(const char *lo, const char *hi, char *buf, size_t size);

/* Formats text as one field of a CSV file that sanctsim writes, into out
 * (at most size bytes, always terminated) and returns the length the whole
 * field needs, as snprintf does:
 * - RFC 4180: quoted when it holds a comma, a quote or a line break, a
 *   quote doubled; a line break becomes a space, so that a row is a line;
 * - OWASP's advice against formulas in spreadsheets: text that starts with
 *   =, +, -, @, a tab or a carriage return and is not a number gets a
 *   leading apostrophe.
 * Names checked on input (country codes, sectors) need neither. */
size_t ss_csv_field(const char *text, char *out, size_t size);

/* The same in new memory; NULL when memory runs out. */
char *ss_csv_field_dup(const char *text);

#endif
