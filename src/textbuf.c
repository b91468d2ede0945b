/* A growing text in memory (see textbuf.h). */
#include "textbuf.h"
#include "table.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ss_text_add(ss_text *b, const char *text, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void ss_text_puts(ss_text *b, const char *text)
{
    ss_text_add(b, text, strlen(text));
}

void ss_text_printf(ss_text *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        ss_text_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ss_text_add(b, big, (size_t)n);
    free(big);
}

void ss_text_field(ss_text *b, const char *text)
{
    char small[256];
    size_t len = ss_csv_field(text, small, sizeof small);
    if (len < sizeof small) {
        ss_text_add(b, small, len);
        return;
    }
    char *big = ss_csv_field_dup(text);
    if (big)
        ss_text_add(b, big, len);
    else
        b->failed = 1;
    free(big);
}

void ss_text_number(ss_text *b, double v)
{
    if (isfinite(v))
        ss_text_printf(b, "%.10g", v);
}
