/* Error lines for users: where, what, and what was expected. */
#include "report.h"
#include "table.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of the UTF-8 character at text that a terminal shows as
 * text, or 0 for a control character (a tab too: a message is one line)
 * or a byte that is not UTF-8. The checks are the program's one UTF-8 and
 * control-character check (src/table.h). */
static size_t printable(const unsigned char *text)
{
    size_t len = text[0] < 0x80 ? 1 : text[0] < 0xE0 ? 2 : text[0] < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < len; i++)
        if (!text[i])
            return 0;
    const char *c = (const char *)text;
    if (text[0] == '\t' || ss_control_char(c, len, 0, NULL, 0) >= 0)
        return 0;
    return ss_utf8_check(c, len) < 0 ? len : 0;
}

/* Writes text to f, escaped as the messages are (report.h). */
static void put_escaped(FILE *f, const char *text)
{
    const unsigned char *c = (const unsigned char *)text;
    while (*c) {
        size_t len = printable(c);
        if (len)
            fwrite(c, 1, len, f);
        else
            fprintf(f, "\\x%02X", *c);
        c += len ? len : 1;
    }
}

/* Formats a message into new memory (NULL when memory runs out). */
static char *format(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    return text;
}

static void say(const char *head, const char *fmt, va_list ap, const char *tail)
{
    char *text = format(fmt, ap);
    fputs(head, stderr);
    put_escaped(stderr, text ? text : "out of memory");
    fputs(tail, stderr);
    free(text);
}

void ss_report(const ss_diag *d)
{
    const char *msg = d->msg[0] ? d->msg : "failed for an unknown reason";
    if (d->file[0] && d->line > 0)
        ss_errorf("%s:%ld: %s", d->file, d->line, msg);
    else if (d->file[0])
        ss_errorf("%s: %s", d->file, msg);
    else
        ss_errorf("%s", msg);
}

void ss_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("sanctsim: ", fmt, ap, "\n");
    va_end(ap);
}

static const char *usage_command, *usage_help;

void ss_usage_command(const char *name, const char *help)
{
    usage_command = name;
    usage_help = help;
}

const char *ss_usage_current(void)
{
    return usage_command;
}

/* Whether c may be part of an option's name. */
static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-';
}

/* 1 when text[0..end) names the len characters at option as a word of
 * its own. */
static const char *word_at(const char *text, size_t end, const char *option, size_t len)
{
    char name[64];
    if (!text || len == 0 || len >= sizeof name)
        return NULL;
    memcpy(name, option, len);
    name[len] = '\0';
    for (const char *at = text; (at = strstr(at, name)) && (size_t)(at - text) < end; at++)
        if ((at == text || !name_char(at[-1])) && !name_char(at[len]))
            return at;
    return NULL;
}

static int names_word(const char *text, size_t end, const char *option, size_t len)
{
    return word_at(text, end, option, len) != NULL;
}

/* A name that the help mentions only in its prose counts too: the hint
 * it allows then says how to write an option the command may not have,
 * not that it has it. */
int ss_usage_names(const char *option, size_t len)
{
    return names_word(usage_help, usage_help ? strlen(usage_help) : 0, option, len);
}

int ss_usage_flag(const char *option, size_t len)
{
    const char *help = usage_help, *blank = help ? strstr(help, "\n\n") : NULL;
    const char *at =
        word_at(help, help ? (blank ? (size_t)(blank - help) : strlen(help)) : 0, option, len);
    /* "--out DIR" takes one; "[--compress]" and "--durable | --no-durable" not. */
    return at && !(at[len] == ' ' && !strchr("[|-\n", at[len + 1]));
}

static const ss_command_help *all_commands;
static size_t n_commands;

void ss_usage_commands(const ss_command_help *all, size_t n)
{
    all_commands = all;
    n_commands = n;
}

const char *ss_usage_owner(const char *option, size_t len)
{
    for (size_t i = 0; i < n_commands; i++) {
        const char *help = all_commands[i].help, *blank = strstr(help, "\n\n");
        if (help != usage_help &&
            names_word(help, blank ? (size_t)(blank - help) : strlen(help), option, len))
            return all_commands[i].name;
    }
    return NULL;
}

size_t ss_typo_distance(const char *word, const char *candidate)
{
    enum { LONGEST = 64 };
    const size_t la = strlen(word), lb = strlen(candidate);
    if (la >= LONGEST || lb >= LONGEST || (la > lb ? la - lb : lb - la) >= SS_TYPO_FAR)
        return SS_TYPO_FAR;
    size_t d[LONGEST + 1][LONGEST + 1]; /* d[i][j]: word's first i against candidate's j */
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            const char a = word[i - 1], b = candidate[j - 1];
            size_t best = d[i - 1][j - 1] + (a != b);
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 && a == candidate[j - 2] && word[i - 2] == b &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    const size_t e = d[la][lb];
    return e < SS_TYPO_FAR && 2 * e < la ? e : SS_TYPO_FAR;
}

void ss_nearest_try(ss_nearest *n, const char *word, const char *candidate)
{
    const size_t e = ss_typo_distance(word, candidate);
    if (e < n->dist) {
        n->dist = e;
        snprintf(n->best, sizeof n->best, "%s", candidate);
        n->tie[0] = '\0';
    } else if (e == n->dist && e < SS_TYPO_FAR && !n->tie[0] && strcmp(candidate, n->best) != 0)
        snprintf(n->tie, sizeof n->tie, "%s", candidate);
}

const char *ss_nearest_hint(const ss_nearest *n, const char *open, const char *close, char *buf,
                            size_t size)
{
    if (!n->best[0])
        snprintf(buf, size, "%s", "");
    else if (n->tie[0])
        snprintf(buf, size, " (did you mean %s%s%s or %s%s%s?)", open, n->best, close, open,
                 n->tie, close);
    else
        snprintf(buf, size, " (did you mean %s%s%s?)", open, n->best, close);
    return buf;
}

void ss_usage_nearest(const char *option, size_t len, ss_nearest *n)
{
    char word[64], name[64];
    if (!usage_help || len == 0 || len >= sizeof word)
        return;
    snprintf(word, sizeof word, "%.*s", (int)len, option);
    for (const char *at = usage_help; (at = strstr(at, "--")); at += 2) {
        size_t k = 2 + strspn(at + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if ((at > usage_help && name_char(at[-1])) || k == 2 || k >= sizeof name)
            continue;
        snprintf(name, sizeof name, "%.*s", (int)k, at);
        if (strcmp(name, word) != 0)
            ss_nearest_try(n, word, name);
    }
}

int ss_usage(const char *fmt, ...)
{
    char hint[96];
    if (usage_command)
        snprintf(hint, sizeof hint, "\nTry 'sanctsim help %s'.\n", usage_command);
    else
        snprintf(hint, sizeof hint, "\nTry 'sanctsim --help'.\n");
    va_list ap;
    va_start(ap, fmt);
    say("sanctsim: ", fmt, ap, hint);
    va_end(ap);
    return 2;
}

void ss_progress(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("\rsanctsim: ", fmt, ap, "\033[K");
    va_end(ap);
}

void ss_progress_done(void)
{
    fputs("\n", stderr);
}
