/* Scenario files. The text is read with libinih into sections and entries
 * that remember their line, --set overrides are applied to that text, and
 * only then is anything interpreted, so a value from the file and one from
 * the command line are checked by the same code. One table (`specs`) lists
 * every key, its default, type and range: it drives validation, the
 * resolved scenario.ini and the README's key reference. */
#include "scenario.h"
#include "cost.h"
#include "files.h"
#include "report.h"
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum kind { K_NUM, K_FLAG, K_INT, K_TEXT, K_DATE, K_LIST, K_CHOICE };
enum target { T_NONE, T_MODEL, T_AGENT, T_ENFORCER, T_MEASURE };

typedef struct spec {
    const char *section; /* "agent" stands for both [intermediaries] and [intermediary X] */
    const char *key, *def;
    int kind;
    double lo, hi;
    int target;
    size_t offset;
    const char *choices;
} spec;

#define MODEL(key, def, lo, hi)                                                                    \
    {                                                                                              \
        "model", #key, def, K_NUM, lo, hi, T_MODEL, offsetof(ss_config, key), NULL                 \
    }
#define AGENT(key, def, lo, hi)                                                                    \
    {                                                                                              \
        "agent", #key, def, K_NUM, lo, hi, T_AGENT, offsetof(ss_agent, key), NULL                  \
    }
#define ENF(key, def, lo, hi)                                                                      \
    {                                                                                              \
        "enforcement", #key, def, K_NUM, lo, hi, T_ENFORCER, offsetof(ss_enforcer, key), NULL      \
    }
#define SCALE(key)                                                                                 \
    {                                                                                              \
        "scale", #key, "1", K_NUM, 0, 1000, T_NONE, 0, NULL                                        \
    }

static const spec specs[] = {
    {"scenario", "name", "", K_TEXT, 0, 0, T_NONE, 0, NULL}, /* empty: the file's name */
    {"scenario", "world", NULL, K_TEXT, 0, 0, T_NONE, 0, NULL},
    {"scenario", "start", NULL, K_DATE, 0, 0, T_NONE, 0, NULL},
    {"scenario", "months", "24", K_INT, 2, 1200, T_NONE, 0, NULL},
    {"scenario", "seed", "1", K_INT, 0, 9007199254740991.0, T_NONE, 0, NULL},
    MODEL(sigma, "5", 1, 50),
    MODEL(theta, "4", 0.01, 100),
    MODEL(adjust, "0.25", 1e-6, 1),
    MODEL(detour_cost, "0.1", 0, 100),
    MODEL(relocation_speed, "0", 0, 1),
    MODEL(nest, "1", 0.05, 1),
    MODEL(kappa, "0", 0, 1),
    MODEL(payment_fee, "0.03", 0, 10),
    MODEL(bulk_capacity, "0.1", 0, 1e6),
    {"model", "stop_at_once", "0", K_FLAG, 0, 1, T_MODEL, offsetof(ss_config, stop_at_once), NULL},
    {"model", "commission_income", "0", K_FLAG, 0, 1, T_MODEL,
     offsetof(ss_config, commission_income), NULL},
    {"model", "closure", "partial", K_CHOICE, 0, 0, T_NONE, 0, "partial|general"},
    {"model", "balance", "additive", K_CHOICE, 0, 0, T_NONE, 0,
     "additive|multiplicative|conditional"},
    {"group", "members", NULL, K_LIST, 0, 0, T_NONE, 0, NULL},
    {"sanction", "by", NULL, K_LIST, 0, 0, T_NONE, 0, NULL},
    {"sanction", "target", NULL, K_LIST, 0, 0, T_NONE, 0, NULL},
    {"sanction", "sectors", "all", K_LIST, 0, 0, T_NONE, 0, NULL},
    {"sanction", "kind", "ban", K_CHOICE, 0, 0, T_NONE, 0, "ban|penalty"},
    {"sanction", "penalty", "0", K_NUM, 0, 1e6, T_MEASURE, offsetof(ss_measure, rate), NULL},
    {"sanction", "direction", "export", K_CHOICE, 0, 0, T_NONE, 0, "export|import|both"},
    {"sanction", "evasion", "transit", K_CHOICE, 0, 0, T_NONE, 0, "transit|payment|none"},
    {"sanction", "start", NULL, K_DATE, 0, 0, T_NONE, 0, NULL},
    {"sanction", "end", "", K_DATE, 0, 0, T_NONE, 0, NULL},
    {"intermediaries", "candidates", "all", K_LIST, 0, 0, T_NONE, 0, NULL},
    AGENT(base_commission, "0.07", 0, 10),
    AGENT(loss, "1", 0, 100),
    AGENT(capacity, "0.1", 0, 1e6),
    AGENT(congestion_price, "0.05", 0, 100),
    AGENT(congestion_power, "2", 0, 10),
    AGENT(leverage, "0.05", 0, 10),
    AGENT(price_speed, "0.5", 0, 1),
    AGENT(invest_speed, "0.1", 0, 1),
    AGENT(lost_in_transit, "0", 0, 1),
    AGENT(reach_start, "1", 1e-6, 1),
    AGENT(reach_max, "1", 1e-6, 1),
    AGENT(reach_speed, "0", 0, 1),
    {"agent", "capacity_bound", "0", K_FLAG, 0, 1, T_AGENT, offsetof(ss_agent, capacity_bound),
     NULL},
    {"agent", "willing", "1", K_FLAG, 0, 1, T_AGENT, offsetof(ss_agent, willing), NULL},
    ENF(enforcement, "1", 0, 1000),
    ENF(base_hazard, "0.01", 0, 1000),
    ENF(surge_hazard, "0.05", 0, 1000),
    ENF(secondary_penalty, "0.5", 0, 1e6),
    {"enforcement", "secondary_months", "6", K_INT, 0, 1200, T_ENFORCER,
     offsetof(ss_enforcer, secondary_months), NULL},
    {"enforcement", "mode", "random", K_CHOICE, 0, 0, T_NONE, 0, "random|expected"},
    {"change", "date", NULL, K_DATE, 0, 0, T_NONE, 0, NULL},
    {"links", "file", NULL, K_TEXT, 0, 0, T_NONE, 0, NULL},
    {"links", "start", NULL, K_DATE, 0, 0, T_NONE, 0, NULL},
    {"links", "end", "", K_DATE, 0, 0, T_NONE, 0, NULL},
    /* Factors on every intermediary's and enforcer's value, dated changes
     * included: one key moves them all (scale_of below). */
    SCALE(base_commission),
    SCALE(loss),
    SCALE(capacity),
    SCALE(congestion_price),
    SCALE(congestion_power),
    SCALE(leverage),
    SCALE(price_speed),
    SCALE(invest_speed),
    SCALE(lost_in_transit),
    SCALE(enforcement),
    SCALE(base_hazard),
    SCALE(surge_hazard),
    SCALE(secondary_penalty),
    /* Read by `sanctsim sweep` (src/sweep.c); a run ignores them. */
    {"sweep", "vary", "", K_TEXT, 0, 0, T_NONE, 0, NULL},
    {"sweep", "sample", "", K_TEXT, 0, 0, T_NONE, 0, NULL},
    {"sweep", "points", "", K_TEXT, 0, 0, T_NONE, 0, NULL},
    {"sweep", "design", "", K_TEXT, 0, 0, T_NONE, 0, NULL},
    {"sweep", "replicates", "", K_TEXT, 0, 0, T_NONE, 0, NULL},
};
#define NSPECS (sizeof specs / sizeof specs[0])

/* Section types, and whether each takes a label ("[sanction NAME]"). */
static const struct {
    const char *type;
    int labelled;
} kinds[] = {{"scenario", 0}, {"model", 0},          {"group", 1},        {"sanction", 1},
             {"links", 1},    {"intermediaries", 0}, {"intermediary", 1}, {"enforcement", 1},
             {"change", 1},   {"scale", 0},          {"sweep", 0}};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* ---- errors -------------------------------------------------------------- */

static int fail(ss_diag *d, const char *file, long line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(ss_diag *d, const char *file, long line, const char *key, const char *fmt, ...)
{
    if (d) {
        /* Entries from --set carry line -1. */
        snprintf(d->file, sizeof d->file, "%s", line < 0 ? "--set" : file);
        d->line = line < 0 ? 0 : line;
        snprintf(d->key, sizeof d->key, "%s", key ? key : "");
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return SS_EINVAL;
}

static int oom(ss_diag *d)
{
    return ss_diag_set(d, SS_ENOMEM, "out of memory");
}

/* ---- the text: sections and entries --------------------------------------- */

static int section_matches(const char *spec_section, const char *type)
{
    if (strcmp(spec_section, "agent") == 0)
        return strcmp(type, "intermediaries") == 0 || strcmp(type, "intermediary") == 0;
    return strcmp(spec_section, type) == 0;
}

static const spec *find_spec(const char *type, const char *key)
{
    for (size_t i = 0; i < NSPECS; i++)
        if (section_matches(specs[i].section, type) && strcmp(specs[i].key, key) == 0)
            return &specs[i];
    return NULL;
}

static ss_section *find_section(const ss_scenario *s, const char *type, const char *label)
{
    for (size_t i = 0; i < s->nsec; i++) {
        ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, type) == 0 &&
            ((!label && !sec->label) || (label && sec->label && strcmp(sec->label, label) == 0)))
            return sec;
    }
    return NULL;
}

static ss_entry *find_entry(const ss_section *sec, const char *key)
{
    for (size_t i = 0; sec && i < sec->n; i++)
        if (strcmp(sec->entry[i].key, key) == 0)
            return &sec->entry[i];
    return NULL;
}

static ss_section *add_section(ss_scenario *s, const char *type, const char *label, long line)
{
    ss_section *grown = realloc(s->sec, (s->nsec + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    s->sec = grown;
    ss_section *sec = &s->sec[s->nsec];
    memset(sec, 0, sizeof *sec);
    sec->type = strdup(type);
    sec->label = label ? strdup(label) : NULL;
    sec->line = line;
    if (!sec->type || (label && !sec->label)) {
        free(sec->type);
        free(sec->label);
        return NULL;
    }
    s->nsec++;
    return sec;
}

static int set_entry(ss_section *sec, const char *key, const char *value, long line)
{
    ss_entry *e = find_entry(sec, key);
    char *v = strdup(value);
    if (!v)
        return SS_ENOMEM;
    if (e) {
        free(e->value);
        e->value = v;
        e->line = line;
        return SS_OK;
    }
    ss_entry *grown = realloc(sec->entry, (sec->n + 1) * sizeof *grown);
    char *k = strdup(key);
    if (!grown || !k) {
        free(v);
        free(k);
        if (grown)
            sec->entry = grown;
        return SS_ENOMEM;
    }
    sec->entry = grown;
    sec->entry[sec->n++] = (ss_entry){k, v, line};
    return SS_OK;
}

/* Limits that keep every lookup (linear in sections and keys) fast. */
enum { MAX_BYTES = 1 << 20, MAX_SECTIONS = 10000, MAX_KEYS = 10000, MAX_VALUE = 65536 };

/* Describes the first character of text that is a control character
 * (returns 1; tab is allowed, and CR and LF where `lines` is set) or is
 * not UTF-8 text (returns 2); 0 if all is well. */
static int bad_text(const char *text, int lines, char *why, size_t size)
{
    size_t len = strlen(text);
    long utf8 = ss_utf8_check(text, len);
    if (ss_control_char(text, utf8 < 0 ? len : (size_t)utf8, lines, why, size) >= 0)
        return 1;
    if (utf8 < 0)
        return 0;
    snprintf(why, size, "byte 0x%02X", (unsigned char)text[utf8]);
    return 2;
}

/* The reader handed to libinih: it counts lines (the library's handler
 * gets none), records section headers even for empty sections, and rejects
 * lines the library would silently cut. */
typedef struct parse_state {
    ss_scenario *s;
    FILE *f;
    long line;
    int indented; /* the current line starts with white space */
    ss_diag *d;
    int failed;
} parse_state;

/* 1 when a value would be read back as a comment: it starts with ; or #,
 * or holds ' ;' (libinih's inline comments). */
static int comment_like(const char *value)
{
    return *value == ';' || *value == '#' || strstr(value, " ;") || strstr(value, "\t;");
}

static char *read_line(char *str, int num, void *stream)
{
    parse_state *p = stream;
    if (p->failed)
        return NULL;
    int c = getc(p->f);
    if (c == EOF)
        return NULL;
    p->line++;
    /* A line ends at LF, CR LF or a lone CR (old Mac files). */
    size_t len = 0;
    for (; c != EOF && c != '\n' && c != '\r'; c = getc(p->f)) {
        if (c == 0) {
            p->failed =
                fail(p->d, p->s->path, p->line, NULL, "a NUL byte: a scenario is a text file");
            return NULL;
        }
        if (len == (size_t)num - 2) {
            p->failed = fail(p->d, p->s->path, p->line, NULL,
                             "line longer than %d characters: continue a long value on indented "
                             "lines",
                             num - 2);
            return NULL;
        }
        str[len++] = (char)c;
    }
    if (c == '\r' && (c = getc(p->f)) != '\n' && c != EOF)
        ungetc(c, p->f);
    str[len++] = '\n';
    str[len] = '\0';
    char *text = str, why[64];
    if (p->line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    int bad = bad_text(text, 1, why, sizeof why);
    if (bad) {
        p->failed =
            fail(p->d, p->s->path, p->line, NULL,
                 bad == 1 ? "%s: a scenario is plain text"
                          : "%s is not UTF-8 text (Latin-1 or another encoding?): save the file "
                            "as UTF-8",
                 why);
        return NULL;
    }
    p->indented = isspace((unsigned char)text[0]) && text[0] != '\n' && text[0] != '\r';
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '[' && p->indented) {
        p->failed = fail(p->d, p->s->path, p->line, NULL,
                         "an indented [section] header: start it at the beginning of the line");
        return NULL;
    }
    /* A value that starts like a comment would silently read as empty. */
    char *eq = *text != ';' && *text != '#' && *text != '[' ? strchr(text, '=') : NULL;
    if (eq) {
        const char *value = eq + 1 + strspn(eq + 1, " \t");
        if (*value == ';' || *value == '#') {
            char key[128], shown[160];
            size_t klen = strcspn(text, " \t=");
            snprintf(key, sizeof key, "%.*s", (int)(klen < 127 ? klen : 127), text);
            snprintf(shown, sizeof shown, "%.*s", (int)strcspn(value, "\n"), value);
            p->failed =
                fail(p->d, p->s->path, p->line, key,
                     "%s = '%s': a value cannot start with ; or hold ' ;' (a comment)", key, shown);
            return NULL;
        }
    }
    if (*text == '[') {
        char *end = strchr(text, ']');
        if (end) {
            char head[256];
            snprintf(head, sizeof head, "%.*s", (int)(end - text - 1), text + 1);
            char *type = head, *label = head;
            while (*label && !isspace((unsigned char)*label))
                label++;
            if (*label) {
                *label++ = '\0';
                while (isspace((unsigned char)*label))
                    label++;
            }
            if (p->s->nsec == MAX_SECTIONS) {
                p->failed = fail(p->d, p->s->path, p->line, NULL,
                                 "more than %d sections: put bulky tables in CSV files ([links])",
                                 MAX_SECTIONS);
                return NULL;
            }
            if (!add_section(p->s, type, *label ? label : NULL, p->line)) {
                p->failed = oom(p->d);
                return NULL;
            }
        }
    }
    return str;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
    parse_state *p = user;
    (void)section;
    if (p->failed)
        return 0;
    if (p->s->nsec == 0) {
        p->failed = fail(p->d, p->s->path, p->line, key,
                         "'%s' is outside any section: put it under a [section] header", key);
        return 0;
    }
    ss_section *sec = &p->s->sec[p->s->nsec - 1];
    ss_entry *e = find_entry(sec, key);
    if (e && p->indented && sec->n && &sec->entry[sec->n - 1] == e) {
        /* A continuation line of a long value. */
        size_t len = strlen(e->value) + strlen(value) + 2;
        if (len > MAX_VALUE) {
            p->failed = fail(p->d, p->s->path, p->line, key,
                             "'%s' is longer than %d characters: put bulky tables in CSV files",
                             key, MAX_VALUE);
            return 0;
        }
        char *joined = malloc(len);
        if (!joined) {
            p->failed = oom(p->d);
            return 0;
        }
        size_t head = strlen(e->value);
        memcpy(joined, e->value, head);
        joined[head] = ' ';
        memcpy(joined + head + 1, value, len - head - 1); /* with its terminating NUL */
        free(e->value);
        e->value = joined;
        return 1;
    }
    if (e) {
        p->failed = fail(p->d, p->s->path, p->line, key,
                         "'%s' appears twice in this section (first at line %ld)", key, e->line);
        return 0;
    }
    if (sec->n == MAX_KEYS) {
        p->failed =
            fail(p->d, p->s->path, p->line, key, "more than %d keys in one section", MAX_KEYS);
        return 0;
    }
    if (set_entry(sec, key, value, p->line)) {
        p->failed = oom(p->d);
        return 0;
    }
    return 1;
}

static int parse_text(ss_scenario *s, ss_diag *d)
{
    int special;
    FILE *f = ss_open_input(s->path, &special);
    if (!f && special)
        return fail(d, s->path, 0, NULL,
                    "cannot read the scenario: it is a FIFO, a device or a socket, not a file");
    if (!f)
        return fail(d, s->path, 0, NULL, "cannot open the scenario: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > MAX_BYTES) {
        fclose(f);
        return fail(d, s->path, 0, NULL,
                    "the scenario is larger than 1 MB: put bulky tables in CSV files ([links])");
    }
    parse_state p = {.s = s, .f = f, .d = d};
    int rc = ini_parse_stream(read_line, &p, on_entry, &p);
    int read_error = ferror(f);
    fclose(f);
    if (p.failed)
        return p.failed;
    if (read_error)
        return fail(d, s->path, 0, NULL, "cannot read the scenario (is it a directory?)");
    if (rc > 0)
        return fail(d, s->path, rc, NULL,
                    "cannot read this line: expected [section], key = value, or a comment "
                    "starting with ; or #");
    if (rc != 0)
        return oom(d);
    if (s->nsec == 0)
        return fail(d, s->path, 1, NULL, "no sections: a scenario needs at least [scenario]");
    return SS_OK;
}

/* "section.key=value" or "section.LABEL.key=value". */
static int apply_set(ss_scenario *s, const char *text, ss_diag *d)
{
    char *buf = strdup(text);
    if (!buf)
        return oom(d);
    char *eq = strchr(buf, '=');
    char *dot1 = strchr(buf, '.');
    if (!eq || !dot1 || dot1 > eq) {
        free(buf);
        return fail(d, "--set", 0, NULL,
                    "'%s': expected section.key=value or "
                    "section.LABEL.key=value",
                    text);
    }
    *eq = '\0';
    /* Spaces around a value are not part of it, as in the file. */
    char *value = eq + 1 + strspn(eq + 1, " \t");
    for (size_t end = strlen(value); end > 0 && strchr(" \t", value[end - 1]); end--)
        value[end - 1] = '\0';
    *dot1 = '\0';
    char *type = buf, *label = NULL, *key = dot1 + 1;
    /* In a change, the key itself names a key of another section. */
    char *dot2 = strcmp(type, "change") == 0 ? strchr(key, '.') : strrchr(key, '.');
    if (dot2) {
        *dot2 = '\0';
        label = key;
        key = dot2 + 1;
    }
    char why[64];
    int bad = bad_text(value, 0, why, sizeof why), rc = SS_OK;
    if (bad)
        rc = fail(d, "--set", -1, key, "%s in %s.%s%s%s%s", why, type, label ? label : "",
                  label ? "." : "", key,
                  bad == 1 ? ": a value is one line of plain text" : " is not UTF-8 text");
    else if (comment_like(value))
        rc = fail(d, "--set", -1, key,
                  "%s = '%s': a value cannot start with ; or hold ' ;' (a comment)", key, value);
    if (rc) {
        free(buf);
        return rc;
    }
    ss_section *sec = find_section(s, type, label);
    if (!sec)
        sec = add_section(s, type, label, -1);
    rc = !sec || set_entry(sec, key, value, -1) ? oom(d) : SS_OK;
    free(buf);
    return rc;
}

/* Known section types with labels where needed, no duplicates, known keys. */
static int check_structure(const ss_scenario *s, ss_diag *d)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        size_t t = 0;
        while (t < NKINDS && strcmp(kinds[t].type, sec->type) != 0)
            t++;
        if (t == NKINDS)
            return fail(d, s->path, sec->line, NULL,
                        "unknown section [%s]: expected scenario, model, group, sanction, links, "
                        "intermediaries, intermediary, enforcement, change, scale or sweep",
                        sec->type);
        if (kinds[t].labelled && !sec->label)
            return fail(d, s->path, sec->line, NULL, "[%s] needs a name, as in [%s NAME]",
                        sec->type, sec->type);
        if (!kinds[t].labelled && sec->label)
            return fail(d, s->path, sec->line, NULL, "[%s] takes no name (found '%s')", sec->type,
                        sec->label);
        const ss_section *first = find_section(s, sec->type, sec->label);
        if (first != sec)
            return fail(d, s->path, sec->line, NULL,
                        "section [%s%s%s] appears twice (first at line %ld)", sec->type,
                        sec->label ? " " : "", sec->label ? sec->label : "", first->line);
        if (strcmp(sec->type, "change") == 0)
            continue; /* its keys name other sections' keys; checked when resolved */
        if (strcmp(sec->type, "sweep") == 0)
            continue; /* read and checked by sanctsim sweep (src/sweep.c) */
        for (size_t e = 0; e < sec->n; e++) {
            if (find_spec(sec->type, sec->entry[e].key))
                continue;
            char known[512] = "";
            for (size_t q = 0; q < NSPECS; q++)
                if (section_matches(specs[q].section, sec->type)) {
                    strncat(known, known[0] ? ", " : "", sizeof known - strlen(known) - 1);
                    strncat(known, specs[q].key, sizeof known - strlen(known) - 1);
                }
            return fail(d, s->path, sec->entry[e].line, sec->entry[e].key,
                        "unknown key '%s' in [%s]: expected one of %s", sec->entry[e].key,
                        sec->type, known);
        }
    }
    return SS_OK;
}

/* ---- values ---------------------------------------------------------------- */

/* The value of a key, or its default; NULL (with an error) when required. */
static const char *value_of(const ss_scenario *s, const ss_section *sec, const char *key,
                            long *line, ss_diag *d)
{
    const ss_entry *e = find_entry(sec, key);
    *line = e ? e->line : (sec ? sec->line : 1);
    if (e)
        return e->value;
    const spec *sp = find_spec(sec ? sec->type : "scenario", key);
    if (sp && sp->def)
        return sp->def;
    fail(d, s->path, *line, key, "[%s%s%s] needs '%s'", sec ? sec->type : "scenario",
         sec && sec->label ? " " : "", sec && sec->label ? sec->label : "", key);
    return NULL;
}

static int parse_date(const char *text, int *year, int *month)
{
    int y, m, n = 0;
    if (strlen(text) != 7 || strspn(text, "0123456789") != 4 || text[4] != '-' ||
        strspn(text + 5, "0123456789") != 2)
        return -1;
    if (sscanf(text, "%4d-%2d%n", &y, &m, &n) != 2 || text[n] != '\0' || m < 1 || m > 12 ||
        y < 1900)
        return -1;
    *year = y;
    *month = m;
    return 0;
}

/* Month index of a date in this run, checked to lie after the baseline. */
static int month_of(const ss_scenario *s, const char *text, long line, const char *key, long *out,
                    ss_diag *d)
{
    int y, m;
    char first[32], last[32], next[32];
    ss_scenario_month(s, 0, first, sizeof first);
    ss_scenario_month(s, 1, next, sizeof next);
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    if (parse_date(text, &y, &m))
        return fail(d, s->path, line, key, "%s = '%s' is not a date: expected YYYY-MM", key, text);
    long t = (long)(y - s->year0) * 12 + (m - s->month0);
    if (t < 1 || t >= s->months)
        return fail(d, s->path, line, key,
                    "%s = %s is outside the run: expected a month from %s to %s (%s is the "
                    "baseline, which is never altered)",
                    key, text, next, last, first);
    *out = t;
    return SS_OK;
}

static int number_of(const ss_scenario *s, const spec *sp, const char *text, long line, double *out,
                     ss_diag *d)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    /* Decimal numbers only: strtod would also read hexadecimal and "inf". */
    int decimal = strspn(text, " \t+-0123456789.eE") == strlen(text);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v) || !decimal)
        return fail(d, s->path, line, sp->key, "%s = '%s' is not a number", sp->key, text);
    if ((sp->kind == K_INT || sp->kind == K_FLAG) && v != floor(v))
        return fail(d, s->path, line, sp->key, "%s = %s is not a whole number", sp->key, text);
    if (v < sp->lo || v > sp->hi)
        return fail(d, s->path, line, sp->key, "%s = %s is out of range: expected %g to %g",
                    sp->key, text, sp->lo, sp->hi);
    *out = v;
    return SS_OK;
}

static int choice_of(const ss_scenario *s, const spec *sp, const char *text, long line, int *out,
                     ss_diag *d)
{
    const char *c = sp->choices;
    for (int i = 0; *c; i++) {
        size_t len = strcspn(c, "|");
        if (strlen(text) == len && strncmp(text, c, len) == 0) {
            *out = i;
            return SS_OK;
        }
        c += len + (c[len] == '|');
    }
    return fail(d, s->path, line, sp->key, "%s = '%s': expected one of %s", sp->key, text,
                sp->choices);
}

/* ---- countries, groups and sectors --------------------------------------- */

/* Adds the countries of `name` (a country or a group) to out. state holds,
 * per group entry, 1 while that group is being expanded and 2 once done, so
 * that every group is expanded once (a group listed twice, or groups that
 * double each other, cost nothing more) and a cycle is found. */
static int expand_into(const ss_scenario *s, const char *name, const char *file, long line,
                       const char *key, ss_set *out, unsigned char *state, ss_diag *d)
{
    long c = ss_world_country(s->world, name);
    if (c >= 0)
        return ss_set_add(out, (size_t)c) ? oom(d) : SS_OK;
    size_t first = 0;
    while (first < s->groups.len && strcmp(s->groups.at[first].group, name) != 0)
        first++;
    if (first == s->groups.len)
        return fail(d, file, line, key,
                    "unknown country or group '%s': expected a country of the world or a group "
                    "from groups.csv or a [group] section",
                    name);
    if (state[first] == 2)
        return SS_OK;
    if (state[first] == 1)
        return fail(d, file, line, key, "group '%s' contains itself (a circular definition)", name);
    state[first] = 1;
    for (size_t i = first; i < s->groups.len; i++) {
        const ss_group_entry *g = &s->groups.at[i];
        if (strcmp(g->group, name) != 0)
            continue;
        int rc = expand_into(s, g->member, g->file, g->line, "member", out, state, d);
        if (rc)
            return rc;
    }
    state[first] = 2;
    return SS_OK;
}

static int expand(const ss_scenario *s, const char *name, const char *file, long line,
                  const char *key, ss_set *out, ss_diag *d)
{
    unsigned char *state = calloc(s->groups.len + 1, 1);
    if (!state)
        return oom(d);
    int rc = expand_into(s, name, file, line, key, out, state, d);
    free(state);
    return rc;
}

/* Splits a list on spaces and commas, calling fn on each item. */
static int each_item(const char *text, int (*fn)(void *, const char *), void *ctx)
{
    while (*text) {
        size_t len = strcspn(text, " \t,");
        if (len > 0) {
            char *item = strndup(text, len);
            int rc = item ? fn(ctx, item) : SS_ENOMEM;
            free(item);
            if (rc)
                return rc;
        }
        text += len;
        text += strspn(text, " \t,");
    }
    return SS_OK;
}

typedef struct list_ctx {
    const ss_scenario *s;
    const char *key;
    long line;
    ss_set *out;
    ss_diag *d;
} list_ctx;

static int country_item(void *p, const char *item)
{
    list_ctx *c = p;
    return expand(c->s, item, c->s->path, c->line, c->key, c->out, c->d);
}

static int sector_item(void *p, const char *item)
{
    list_ctx *c = p;
    if (strcmp(item, "all") == 0) {
        for (size_t q = 0; q < c->s->world->k; q++)
            if (ss_set_add(c->out, q))
                return oom(c->d);
        return SS_OK;
    }
    long q = ss_world_sector(c->s->world, item);
    if (q < 0)
        return fail(c->d, c->s->path, c->line, c->key,
                    "unknown sector '%s': the world's sectors are in trade.csv", item);
    return ss_set_add(c->out, (size_t)q) ? oom(c->d) : SS_OK;
}

static int resolve_list(const ss_scenario *s, const ss_section *sec, const char *key, int sectors,
                        ss_set *out, ss_diag *d)
{
    long line;
    const char *text = value_of(s, sec, key, &line, d);
    if (!text)
        return SS_EINVAL;
    list_ctx c = {s, key, line, out, d};
    int rc = each_item(text, sectors ? sector_item : country_item, &c);
    if (!rc && out->len == 0)
        return fail(d, s->path, line, key, "%s is empty: expected at least one %s", key,
                    sectors ? "sector" : "country or group");
    return rc;
}

typedef struct group_ctx {
    ss_scenario *s;
    const char *group;
    long line;
} group_ctx;

static int group_item(void *p, const char *item)
{
    group_ctx *c = p;
    return ss_groups_add(&c->s->groups, c->group, item, c->s->path, c->line);
}

/* Scenario groups replace world groups of the same name. */
static int load_groups(ss_scenario *s, ss_diag *d)
{
    for (size_t i = 0; i < s->nsec; i++) {
        ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, "group") != 0)
            continue;
        if (ss_world_country(s->world, sec->label) >= 0)
            return fail(d, s->path, sec->line, NULL,
                        "group '%s' has the name of a country: choose another name", sec->label);
        size_t keep = 0;
        for (size_t g = 0; g < s->groups.len; g++) {
            ss_group_entry *e = &s->groups.at[g];
            if (strcmp(e->group, sec->label) == 0 && strcmp(e->file, s->path) != 0) {
                free(e->group);
                free(e->member);
                free(e->file);
            } else {
                s->groups.at[keep++] = *e;
            }
        }
        s->groups.len = keep;
        long line;
        const char *text = value_of(s, sec, "members", &line, d);
        if (!text)
            return SS_EINVAL;
        group_ctx c = {s, sec->label, line};
        if (each_item(text, group_item, &c))
            return oom(d);
    }
    /* Every group must resolve, used or not: a typo is an error now. One
     * state for all, so that each group is expanded once. */
    unsigned char *state = calloc(s->groups.len + 1, 1);
    ss_set tmp = {0};
    int rc = state ? SS_OK : oom(d);
    for (size_t g = 0; g < s->groups.len && !rc; g++)
        rc = expand_into(s, s->groups.at[g].group, s->path, 0, NULL, &tmp, state, d);
    ss_set_clear(&tmp);
    free(state);
    return rc;
}

/* ---- applying keys to the configuration ----------------------------------- */

static long enforcer_index(const ss_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->config->n_enforcers; i++)
        if (strcmp(s->config->enforcer[i].name, name) == 0)
            return (long)i;
    return -1;
}

static long measure_index(const ss_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->config->n_measures; i++)
        if (strcmp(s->config->measure[i].name, name) == 0)
            return (long)i;
    return -1;
}

static void store(void *base, const spec *sp, double v)
{
    char *field = (char *)base + sp->offset;
    if (sp->kind == K_FLAG)
        *(int *)(void *)field = (int)v;
    else if (sp->kind == K_INT)
        *(long *)(void *)field = (long)v;
    else
        *(double *)(void *)field = v;
}

/* The [scale] factor of a numeric key of the intermediaries or the
 * enforcers (1 when [scale] does not set it; checked by load_scale). */
static double scale_of(const ss_scenario *s, const spec *sp)
{
    int scalable = (sp->target == T_AGENT || sp->target == T_ENFORCER) && sp->kind == K_NUM;
    const ss_entry *e = scalable ? find_entry(find_section(s, "scale", NULL), sp->key) : NULL;
    double v = 1;
    return e && ss_parse_number(e->value, &v) == 0 ? v : 1;
}

/* v times its [scale] factor, which must stay in the key's range. */
static int apply_scale(const ss_scenario *s, const spec *sp, const char *type, const char *label,
                       double *v, ss_diag *d)
{
    double f = scale_of(s, sp), scaled = *v * f;
    if (f == 1)
        return SS_OK;
    if (scaled < sp->lo || scaled > sp->hi) {
        const ss_entry *e = find_entry(find_section(s, "scale", NULL), sp->key);
        return fail(d, s->path, e->line, sp->key,
                    "[scale] %s = %s makes the %s of [%s%s%s] %g (%g times %g), out of range: "
                    "expected %g to %g",
                    sp->key, e->value, sp->key, type, label ? " " : "", label ? label : "", scaled,
                    *v, f, sp->lo, sp->hi);
    }
    *v = scaled;
    return SS_OK;
}

/* Checks the values of [scale]. */
static int load_scale(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = find_section(s, "scale", NULL);
    int rc = SS_OK;
    for (size_t i = 0; sec && i < sec->n && !rc; i++) {
        double v;
        rc = number_of(s, find_spec("scale", sec->entry[i].key), sec->entry[i].value,
                       sec->entry[i].line, &v, d);
    }
    return rc;
}

/* Sets one numeric key of [type label] in the configuration. */
static int apply_key(ss_scenario *s, const char *type, const char *label, const char *key,
                     const char *value, long line, ss_diag *d)
{
    const spec *sp = find_spec(type, key);
    if (!sp || sp->target == T_NONE)
        return fail(d, s->path, line, key,
                    "'%s' cannot be set here: a change may set the "
                    "numeric keys of [model], [intermediaries], "
                    "[intermediary], [enforcement] and a sanction's "
                    "penalty",
                    key);
    double v;
    int rc = number_of(s, sp, value, line, &v, d);
    rc = rc ? rc : apply_scale(s, sp, type, label, &v, d);
    if (rc)
        return rc;
    ss_config *c = s->config;
    switch (sp->target) {
    case T_MODEL:
        store(c, sp, v);
        return SS_OK;
    case T_AGENT:
        if (strcmp(type, "intermediaries") == 0) {
            /* Defaults reach every country without its own value. */
            for (size_t m = 0; m < c->n; m++)
                if (!find_entry(find_section(s, "intermediary", s->world->iso3[m]), key))
                    store(&c->agent[m], sp, v);
            return SS_OK;
        } else {
            long m = ss_world_country(s->world, label);
            if (m < 0)
                return fail(d, s->path, line, key, "[intermediary %s]: unknown country '%s'", label,
                            label);
            store(&c->agent[m], sp, v);
            return SS_OK;
        }
    case T_ENFORCER: {
        long e = enforcer_index(s, label);
        if (e < 0)
            return fail(d, s->path, line, key, "no [enforcement %s] section", label);
        store(&c->enforcer[e], sp, v);
        return SS_OK;
    }
    default: {
        long m = measure_index(s, label);
        if (m < 0)
            return fail(d, s->path, line, key, "no [sanction %s] section", label);
        store(&c->measure[m], sp, v);
        return SS_OK;
    }
    }
}

static int apply_section(ss_scenario *s, const ss_section *sec, ss_diag *d)
{
    for (size_t i = 0; i < sec->n; i++) {
        const spec *sp = find_spec(sec->type, sec->entry[i].key);
        if (sp->target == T_NONE)
            continue;
        int rc = apply_key(s, sec->type, sec->label, sec->entry[i].key, sec->entry[i].value,
                           sec->entry[i].line, d);
        if (rc)
            return rc;
    }
    return SS_OK;
}

static int load_measure(ss_scenario *s, const ss_section *sec, ss_diag *d)
{
    ss_measure m = {0};
    long line;
    const char *text;
    int rc = resolve_list(s, sec, "by", 0, &m.by, d);
    rc = rc ? rc : resolve_list(s, sec, "target", 0, &m.target, d);
    rc = rc ? rc : resolve_list(s, sec, "sectors", 1, &m.sectors, d);
    if (!rc && (text = value_of(s, sec, "kind", &line, d)))
        rc = choice_of(s, find_spec("sanction", "kind"), text, line, &m.kind, d);
    if (!rc && (text = value_of(s, sec, "direction", &line, d)))
        rc = choice_of(s, find_spec("sanction", "direction"), text, line, &m.direction, d);
    m.direction += 1; /* export|import|both are 1, 2, 3 */
    if (!rc && (text = value_of(s, sec, "evasion", &line, d)))
        rc = choice_of(s, find_spec("sanction", "evasion"), text, line, &m.evasion, d);
    if (!rc)
        rc = (text = value_of(s, sec, "start", &line, d))
                 ? month_of(s, text, line, "start", &m.start, d)
                 : SS_EINVAL;
    m.end = -1;
    if (!rc && (text = value_of(s, sec, "end", &line, d)) && *text) {
        rc = month_of(s, text, line, "end", &m.end, d);
        if (!rc && m.end < m.start)
            rc =
                fail(d, s->path, line, "end", "end = %s is before start: dates out of order", text);
    }
    if (!rc && m.by.len == 1 && m.target.len == 1 && m.by.at[0] == m.target.at[0])
        rc = fail(d, s->path, find_entry(sec, "by")->line, "by",
                  "[sanction %s]: by and target are the same one country, %s: a sanction "
                  "restricts trade between different countries, so this one would do nothing",
                  sec->label, s->world->iso3[m.by.at[0]]);
    if (!rc && m.kind == SS_PENALTY && !find_entry(sec, "penalty"))
        rc = fail(d, s->path, sec->line, "penalty",
                  "[sanction %s] is a penalty and needs 'penalty' (e.g. 0.35 for +35 %%)",
                  sec->label);
    m.name = sec->label;
    m.by_name = (char *)(find_entry(sec, "by") ? find_entry(sec, "by")->value : "");
    if (!rc && ss_config_add_measure(s->config, &m) < 0)
        rc = oom(d);
    ss_set_clear(&m.by);
    ss_set_clear(&m.target);
    ss_set_clear(&m.sectors);
    return rc ? rc : apply_section(s, sec, d);
}

/* The range of a [links] cost_change, and the smallest factor that the
 * tables in force together may put on a link's cost: with sigma up to 50,
 * a factor of 1e-7 made flows overflow to nan; 1e-3 keeps a wide margin. */
#define LINKS_MIN_CHANGE (-0.999)
#define LINKS_MAX_CHANGE 1e6
#define LINKS_MIN_FACTOR 1e-3

/* A [links NAME] table: exporter,importer,sector,cost_change in a CSV file
 * relative to the scenario file. Its path is made absolute here, so that
 * the resolved scenario.ini of a run folder still finds it. */
static int load_links(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    long line, start, end = -1;
    const char *text = value_of(s, sec, "start", &line, d);
    int rc = text ? month_of(s, text, line, "start", &start, d) : SS_EINVAL;
    if (!rc && (text = value_of(s, sec, "end", &line, d)) && *text) {
        rc = month_of(s, text, line, "end", &end, d);
        if (!rc && end < start)
            rc =
                fail(d, s->path, line, "end", "end = %s is before start: dates out of order", text);
    }
    if (rc || !(text = value_of(s, sec, "file", &line, d)))
        return rc ? rc : SS_EINVAL;
    char *copy = strdup(s->path), joined[PATH_MAX];
    if (!copy)
        return oom(d);
    snprintf(joined, sizeof joined, "%s/%s", text[0] == '/' ? "" : dirname(copy), text);
    free(copy);
    char *path = realpath(joined, NULL);
    if (!path)
        return fail(d, s->path, line, "file", "file = '%s': cannot open %s: %s", text, joined,
                    strerror(errno));
    ss_entry *e = find_entry(sec, "file");
    free(e->value);
    e->value = path;
    ss_table *t = ss_table_read(path, d);
    if (!t)
        return SS_EINVAL;
    static const char *const cols[] = {"exporter", "importer", "sector", "cost_change"};
    long col[4];
    for (size_t c = 0; c < 4 && !rc; c++)
        if ((col[c] = ss_table_column(t, cols[c])) < 0)
            rc = fail(d, path, 1, cols[c],
                      "no column '%s': expected exporter,importer,sector,"
                      "cost_change",
                      cols[c]);
    size_t len = 0; /* a sector of `all` stands for every sector */
    for (size_t r = 0; r < t->nrow && !rc; r++)
        len += strcmp(ss_table_get(t, r, (size_t)col[2]), "all") == 0 ? s->world->k : 1;
    ss_links *l = rc ? NULL : ss_config_add_links(s->config, sec->label, len, start, end);
    long **grown = l ? realloc(s->links_line, s->config->n_links * sizeof *grown) : NULL;
    if (grown)
        s->links_line = grown;
    long *lines = grown ? calloc(len + 1, sizeof *lines) : NULL;
    if (lines)
        grown[s->n_links_line++] = lines;
    if (!rc && !lines)
        rc = oom(d);
    size_t at = 0;
    for (size_t r = 0; r < t->nrow && !rc; r++) {
        const char *ex = ss_table_get(t, r, (size_t)col[0]),
                   *im = ss_table_get(t, r, (size_t)col[1]);
        const char *sector = ss_table_get(t, r, (size_t)col[2]),
                   *v = ss_table_get(t, r, (size_t)col[3]);
        long i = ss_world_country(s->world, ex), j = ss_world_country(s->world, im);
        long q = strcmp(sector, "all") == 0 ? -2 : ss_world_sector(s->world, sector);
        double change;
        if (i < 0 || j < 0)
            rc = fail(d, path, t->line[r], i < 0 ? "exporter" : "importer",
                      "unknown country '%s': it is not in the world", i < 0 ? ex : im);
        else if (q == -1)
            rc = fail(d, path, t->line[r], "sector",
                      "unknown sector '%s': the world's sectors "
                      "are in trade.csv, or use all",
                      sector);
        else if (ss_parse_number(v, &change) || change <= -1)
            rc = fail(d, path, t->line[r], "cost_change",
                      "cost_change = '%s': expected a "
                      "number above -1 (-0.1 is a 10 %% cut)",
                      v);
        else if (change < LINKS_MIN_CHANGE || change > LINKS_MAX_CHANGE)
            rc = fail(d, path, t->line[r], "cost_change",
                      "cost_change = %s is out of range: expected %g to %g (a cut of more "
                      "than 99.9 %% would make the model's numbers overflow)",
                      v, LINKS_MIN_CHANGE, LINKS_MAX_CHANGE);
        for (size_t k = 0; !rc && k < s->world->k; k++) {
            if (q >= 0 && (size_t)q != k)
                continue;
            l->from[at] = (size_t)i;
            l->to[at] = (size_t)j;
            l->sector[at] = k;
            lines[at] = t->line[r];
            l->change[at++] = change;
        }
    }
    ss_table_free(t);
    return rc;
}

/* One entry of a [links] table, for the checks across entries. */
typedef struct link_ref {
    size_t link; /* ss_idx of the link and sector */
    size_t table, entry;
} link_ref;

static int by_link(const void *a, const void *b)
{
    const link_ref *x = a, *y = b;
    if (x->link != y->link)
        return x->link < y->link ? -1 : 1;
    if (x->table != y->table)
        return x->table < y->table ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Two entries of one table for the same link and sector: the later one is
 * an error (both would apply, multiplied). */
static int links_duplicate(const ss_scenario *s, const link_ref *a, const link_ref *b, ss_diag *d)
{
    const ss_links *l = &s->config->links[b->table];
    const ss_world *w = s->world;
    const ss_entry *file = find_entry(find_section(s, "links", l->name), "file");
    return fail(d, file->value, s->links_line[b->table][b->entry], NULL,
                "a second row for %s -> %s in sector %s (first at line %ld): each link and "
                "sector once per table (a sector of all counts for every sector)",
                w->iso3[l->from[b->entry]], w->iso3[l->to[b->entry]],
                w->sector[l->sector[b->entry]], s->links_line[a->table][a->entry]);
}

/* The cost factor of a link in the month entry r's table starts, over every
 * table in force then: at least LINKS_MIN_FACTOR. */
static int links_product(const ss_scenario *s, const link_ref *group, size_t n, size_t r,
                         ss_diag *d)
{
    const ss_links *all = s->config->links, *lr = &all[group[r].table];
    double factor = 1;
    for (size_t i = 0; i < n; i++) {
        const ss_links *l = &all[group[i].table];
        if (ss_cost_active(l->start, l->end, lr->start))
            factor *= 1 + l->change[group[i].entry];
    }
    if (factor >= LINKS_MIN_FACTOR)
        return SS_OK;
    const ss_world *w = s->world;
    char month[32];
    ss_scenario_month(s, lr->start, month, sizeof month);
    const ss_entry *file = find_entry(find_section(s, "links", lr->name), "file");
    return fail(d, file->value, s->links_line[group[r].table][group[r].entry], "cost_change",
                "from %s the [links] tables in force cut the cost of %s -> %s in sector %s to "
                "%g of its baseline: together they may cut it by at most 99.9 %% (a factor of "
                "%g; a smaller one would make the model's numbers overflow)",
                month, w->iso3[lr->from[group[r].entry]], w->iso3[lr->to[group[r].entry]],
                w->sector[lr->sector[group[r].entry]], factor, LINKS_MIN_FACTOR);
}

/* Across every [links] table: no link and sector twice in one table, and
 * the tables in force together never cut a link's cost below
 * LINKS_MIN_FACTOR, so that every cost stays finite (checked for every
 * month a table starts in). */
static int check_links(ss_scenario *s, ss_diag *d)
{
    const ss_config *c = s->config;
    size_t total = 0, n = 0;
    for (size_t t = 0; t < c->n_links; t++)
        total += c->links[t].len;
    link_ref *ref = malloc((total + 1) * sizeof *ref);
    if (!ref)
        return oom(d);
    for (size_t t = 0; t < c->n_links; t++)
        for (size_t q = 0; q < c->links[t].len; q++)
            ref[n++] = (link_ref){
                ss_idx(s->world, c->links[t].from[q], c->links[t].to[q], c->links[t].sector[q]), t,
                q};
    qsort(ref, n, sizeof *ref, by_link);
    int rc = SS_OK;
    for (size_t g = 0, end; g < n && !rc; g = end) {
        for (end = g + 1; end < n && ref[end].link == ref[g].link; end++)
            if (ref[end].table == ref[end - 1].table)
                rc = rc ? rc : links_duplicate(s, &ref[end - 1], &ref[end], d);
        for (size_t r = g; end - g > 1 && r < end && !rc; r++)
            rc = links_product(s, ref + g, end - g, r - g, d);
    }
    free(ref);
    return rc;
}

/* closure and balance of [model]. */
static int load_closure(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = find_section(s, "model", NULL);
    if (!sec)
        return SS_OK;
    long line;
    const char *text = value_of(s, sec, "closure", &line, d);
    int rc = choice_of(s, find_spec("model", "closure"), text, line, &s->config->closure, d);
    if (!rc && s->config->closure == SS_GENERAL && s->config->sigma <= 1)
        rc = fail(d, s->path, line, "closure",
                  "closure = general needs sigma > 1 (the equilibrium has no sigma = 1 limit)");
    if (!rc && (text = value_of(s, sec, "balance", &line, d)))
        rc = choice_of(s, find_spec("model", "balance"), text, line, &s->config->balance, d);
    return rc;
}

static int load_enforcer(ss_scenario *s, const ss_section *sec, ss_diag *d)
{
    ss_enforcer e = {0};
    long line;
    const char *text = value_of(s, sec, "mode", &line, d);
    int rc = choice_of(s, find_spec("enforcement", "mode"), text, line, &e.mode, d);
    rc = rc ? rc : expand(s, sec->label, s->path, sec->line, NULL, &e.members, d);
    e.name = sec->label;
    for (size_t i = 0; !rc && i < NSPECS; i++) {
        const spec *sp = &specs[i];
        if (sp->target == T_ENFORCER && sp->def) {
            double v = 0;
            rc = number_of(s, sp, sp->def, sec->line, &v, d);
            rc = rc ? rc : apply_scale(s, sp, "enforcement", sec->label, &v, d);
            store(&e, sp, v);
        }
    }
    if (!rc && ss_config_add_enforcer(s->config, &e) < 0)
        rc = oom(d);
    ss_set_clear(&e.members);
    return rc ? rc : apply_section(s, sec, d);
}

static int load_candidates(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = find_section(s, "intermediaries", NULL);
    if (!find_entry(sec, "candidates"))
        return SS_OK; /* every country is a candidate */
    ss_set chosen = {0};
    int rc = SS_OK;
    long line;
    const char *text = value_of(s, sec, "candidates", &line, d);
    if (strcmp(text, "all") != 0) {
        rc = resolve_list(s, sec, "candidates", 0, &chosen, d);
        for (size_t m = 0; !rc && m < s->config->n; m++)
            s->config->agent[m].candidate = ss_set_has(&chosen, m);
    }
    ss_set_clear(&chosen);
    return rc;
}

/* Every [change] is checked now, against a copy of the configuration it
 * will change, so that a bad dated value fails before the run starts. */
static int check_changes(ss_scenario *s, ss_diag *d)
{
    for (size_t i = 0; i < s->nsec; i++) {
        ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, "change") != 0)
            continue;
        long line, t;
        const char *text = value_of(s, sec, "date", &line, d);
        int rc = text ? month_of(s, text, line, "date", &t, d) : SS_EINVAL;
        if (rc)
            return rc;
        rc = ss_scenario_apply_changes(s, -1 - (long)i, d);
        if (rc)
            return rc;
    }
    return SS_OK;
}

/* Applies change section `only` (encoded as -1 - index) or all dated t. */
int ss_scenario_apply_changes(ss_scenario *s, long t, ss_diag *d)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, "change") != 0 || (t < 0 && (size_t)(-1 - t) != i))
            continue;
        const ss_entry *date = find_entry(sec, "date");
        long when = 0;
        if (t >= 0 && (month_of(s, date->value, date->line, "date", &when, d) || when != t))
            continue;
        for (size_t e = 0; e < sec->n; e++) {
            const ss_entry *en = &sec->entry[e];
            if (strcmp(en->key, "date") == 0)
                continue;
            char path[256];
            snprintf(path, sizeof path, "%s", en->key);
            char *dot1 = strchr(path, '.'), *dot2 = dot1 ? strrchr(path, '.') : NULL;
            if (!dot1)
                return fail(d, s->path, en->line, en->key,
                            "'%s': a change sets section.key or section.LABEL.key", en->key);
            *dot1 = '\0';
            const char *label = dot2 != dot1 ? dot1 + 1 : NULL;
            *dot2 = '\0';
            const char *type = path;
            int labelled = strcmp(type, "intermediary") == 0 || strcmp(type, "enforcement") == 0 ||
                           strcmp(type, "sanction") == 0;
            if (labelled != (label != NULL))
                return fail(d, s->path, en->line, en->key, "'%s': [%s] %s", en->key, type,
                            labelled ? "needs a label, as in section.LABEL.key" : "takes no label");
            int rc = apply_key(s, type, label, dot2 + 1, en->value, en->line, d);
            if (rc)
                return rc;
        }
    }
    return SS_OK;
}

/* ---- the whole load -------------------------------------------------------- */

static int load_head(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = find_section(s, "scenario", NULL);
    if (!sec)
        return fail(d, s->path, 1, NULL, "no [scenario] section: it names the world and dates");
    long line;
    double v;
    const char *text = value_of(s, sec, "name", &line, d);
    if (!*text) {
        char *copy = strdup(s->path);
        if (!copy)
            return oom(d);
        char *base = basename(copy), *dot = strrchr(base, '.');
        if (dot)
            *dot = '\0';
        s->name = strdup(base);
        free(copy);
    } else {
        s->name = strdup(text);
    }
    if (!s->name)
        return oom(d);
    if (!(text = value_of(s, sec, "start", &line, d)))
        return SS_EINVAL;
    if (parse_date(text, &s->year0, &s->month0))
        return fail(d, s->path, line, "start", "start = '%s' is not a date: expected YYYY-MM",
                    text);
    if (!(text = value_of(s, sec, "months", &line, d)) ||
        number_of(s, find_spec("scenario", "months"), text, line, &v, d))
        return SS_EINVAL;
    s->months = (long)v;
    if (!(text = value_of(s, sec, "seed", &line, d)) ||
        number_of(s, find_spec("scenario", "seed"), text, line, &v, d))
        return SS_EINVAL;
    s->seed = (uint64_t)v;
    if (!(text = value_of(s, sec, "world", &line, d)))
        return SS_EINVAL;
    /* The world is relative to the scenario file's folder. */
    char *copy = strdup(s->path);
    if (!copy)
        return oom(d);
    char joined[PATH_MAX];
    if (text[0] == '/')
        snprintf(joined, sizeof joined, "%s", text);
    else
        snprintf(joined, sizeof joined, "%s/%s", dirname(copy), text);
    free(copy);
    s->world_dir = realpath(joined, NULL);
    if (!s->world_dir)
        return fail(d, s->path, line, "world", "world = '%s': cannot open %s: %s", text, joined,
                    strerror(errno));
    struct stat st;
    if (stat(s->world_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(d, s->path, line, "world",
                    "world = '%s' is not a folder: expected the "
                    "folder holding countries.csv and trade.csv",
                    text);
    return SS_OK;
}

ss_scenario *ss_scenario_load(const char *path, char *const *sets, size_t nsets, ss_diag *d)
{
    ss_scenario *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        oom(d);
        return NULL;
    }
    int rc = parse_text(s, d);
    for (size_t i = 0; !rc && i < nsets; i++)
        rc = apply_set(s, sets[i], d);
    rc = rc ? rc : check_structure(s, d);
    rc = rc ? rc : load_head(s, d);
    if (!rc && !(s->world = ss_world_load(s->world_dir, &s->groups, d)))
        rc = SS_EINVAL;
    rc = rc ? rc : load_groups(s, d);
    if (!rc && !(s->config = ss_config_alloc(s->world->n, s->world->k, s->months)))
        rc = oom(d);
    rc = rc ? rc : load_scale(s, d);
    /* The table above is the one source of defaults for scenario runs. */
    for (size_t i = 0; i < NSPECS && !rc; i++)
        if (specs[i].target == T_MODEL || specs[i].target == T_AGENT)
            rc = apply_key(s, specs[i].target == T_MODEL ? "model" : "intermediaries", NULL,
                           specs[i].key, specs[i].def, 1, d);
    const char *order[] = {"model",    "intermediaries", "intermediary",
                           "sanction", "enforcement",    "links"};
    for (size_t o = 0; o < 6 && !rc; o++) {
        for (size_t i = 0; i < s->nsec && !rc; i++) {
            ss_section *sec = &s->sec[i];
            if (strcmp(sec->type, order[o]) != 0)
                continue;
            if (o == 3)
                rc = load_measure(s, sec, d);
            else if (o == 4)
                rc = load_enforcer(s, sec, d);
            else if (o == 5)
                rc = load_links(s, sec, d);
            else
                rc = apply_section(s, sec, d);
        }
        if (o == 0 && !rc)
            rc = load_closure(s, d);
        if (o == 1 && !rc)
            rc = load_candidates(s, d);
    }
    rc = rc ? rc : check_links(s, d);
    if (!rc) {
        /* Check the dated changes on a copy of every value they touch:
         * the model parameters (the struct), the agents, the measures and
         * the enforcers. The copies share the sets and names, which a
         * change never writes. */
        ss_config *saved = s->config, tmp = *saved;
        tmp.agent = malloc(saved->n * sizeof *tmp.agent);
        tmp.measure = malloc((saved->n_measures + 1) * sizeof *tmp.measure);
        tmp.enforcer = malloc((saved->n_enforcers + 1) * sizeof *tmp.enforcer);
        if (!tmp.agent || !tmp.measure || !tmp.enforcer) {
            rc = oom(d);
        } else {
            memcpy(tmp.agent, saved->agent, saved->n * sizeof *tmp.agent);
            if (saved->n_measures) /* the arrays are NULL while empty */
                memcpy(tmp.measure, saved->measure, saved->n_measures * sizeof *tmp.measure);
            if (saved->n_enforcers)
                memcpy(tmp.enforcer, saved->enforcer, saved->n_enforcers * sizeof *tmp.enforcer);
            s->config = &tmp;
            rc = check_changes(s, d);
            s->config = saved;
        }
        int needs_distances = tmp.detour_cost > 0 || saved->detour_cost > 0;
        free(tmp.agent);
        free(tmp.measure);
        free(tmp.enforcer);
        if (!rc && needs_distances && ss_world_fill_distances(s->world, d)) {
            snprintf(d->file, sizeof d->file, "%s/countries.csv", s->world_dir);
            rc = SS_EINVAL;
        }
    }
    if (rc) {
        ss_scenario_free(s);
        return NULL;
    }
    return s;
}

void ss_scenario_free(ss_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsec; i++) {
        for (size_t e = 0; e < s->sec[i].n; e++) {
            free(s->sec[i].entry[e].key);
            free(s->sec[i].entry[e].value);
        }
        free(s->sec[i].entry);
        free(s->sec[i].type);
        free(s->sec[i].label);
    }
    free(s->sec);
    free(s->path);
    free(s->name);
    free(s->world_dir);
    ss_world_free(s->world);
    ss_groups_clear(&s->groups);
    for (size_t i = 0; i < s->n_links_line; i++)
        free(s->links_line[i]);
    free(s->links_line);
    ss_config_free(s->config);
    free(s);
}

void ss_scenario_month(const ss_scenario *s, long t, char *buf, size_t size)
{
    long m = (long)s->year0 * 12 + (s->month0 - 1) + t;
    snprintf(buf, size, "%04ld-%02ld", m / 12, m % 12 + 1);
}

/* ---- warnings about keys that do not reach what they seem to ------------------- */

/* The [scale] key that moves every intermediary's or enforcer's value of
 * key, or NULL. */
static const char *scale_key(const char *key)
{
    const spec *sp = find_spec("scale", key);
    return sp ? sp->key : NULL;
}

/* An [intermediaries] key that candidates set in their own sections. */
static size_t warn_shadowed(const ss_scenario *s, const char *how, const char *type,
                            const char *key)
{
    if (strcmp(type, "intermediaries") != 0 || !find_spec("intermediaries", key))
        return 0;
    char list[256] = "";
    size_t shadowed = 0, candidates = 0;
    for (size_t m = 0; m < s->world->n; m++) {
        if (!s->config->agent[m].candidate)
            continue;
        candidates++;
        if (!find_entry(find_section(s, "intermediary", s->world->iso3[m]), key))
            continue;
        size_t len = strlen(list);
        if (len < sizeof list - 24)
            snprintf(list + len, sizeof list - len, "%s%s", shadowed ? ", " : "",
                     s->world->iso3[m]);
        shadowed++;
    }
    if (!shadowed)
        return 0;
    ss_errorf("warning: %s intermediaries.%s reaches only the candidates without their own %s: "
              "%zu of %zu set theirs in [intermediary X] (%s)%s%s%s",
              how, key, key, shadowed, candidates, list, scale_key(key) ? "; scale." : "",
              scale_key(key) ? key : "",
              scale_key(key) ? " multiplies every intermediary's value" : "");
    return 1;
}

/* A [change] that sets key again from its date. */
static size_t warn_changed(const ss_scenario *s, const char *how, const char *full, const char *key)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        const ss_entry *e = strcmp(sec->type, "change") == 0 ? find_entry(sec, full) : NULL;
        const ss_entry *date = e ? find_entry(sec, "date") : NULL;
        if (!e)
            continue;
        char advice[512];
        if (scale_key(key))
            snprintf(advice, sizeof advice,
                     "scale.%s multiplies the value before and after every change", key);
        else
            snprintf(advice, sizeof advice, "set or vary change.%s.%s too to move the later value",
                     sec->label, full);
        ss_errorf("warning: %s %s: [change %s] sets it to %s from %s, so the value given holds "
                  "only until then; %s",
                  how, full, sec->label, e->value, date ? date->value : "its date", advice);
        n++;
    }
    return n;
}

size_t ss_scenario_warn_key(const ss_scenario *s, const char *how, const char *key)
{
    char type[128];
    const char *dot = strchr(key, '.'), *last = strrchr(key, '.');
    if (!dot || (size_t)(dot - key) >= sizeof type)
        return 0;
    snprintf(type, sizeof type, "%.*s", (int)(dot - key), key);
    return warn_shadowed(s, how, type, last + 1) + warn_changed(s, how, key, last + 1);
}

size_t ss_scenario_warn_sweep(const ss_scenario *s)
{
    const ss_section *sec = find_section(s, "sweep", NULL);
    size_t n = 0;
    for (size_t i = 0; sec && i < sec->n; i++) {
        if (strcmp(sec->entry[i].key, "vary") != 0 && strcmp(sec->entry[i].key, "sample") != 0)
            continue;
        for (const char *c = sec->entry[i].value; *c;) {
            c += strspn(c, " \t");
            size_t len = strcspn(c, " \t"), klen = strcspn(c, "=");
            char key[256];
            if (len && klen < len && klen < sizeof key) {
                snprintf(key, sizeof key, "%.*s", (int)klen, c);
                n += ss_scenario_warn_key(s, sec->entry[i].key, key);
            }
            c += len;
        }
    }
    return n;
}

/* ---- the key reference -------------------------------------------------------- */

static const char *section_title(const char *section)
{
    static const char *const titles[][2] = {{"group", "group NAME"},
                                            {"sanction", "sanction NAME"},
                                            {"agent", "intermediaries] and [intermediary ISO3"},
                                            {"enforcement", "enforcement GROUP"},
                                            {"change", "change NAME"},
                                            {"links", "links NAME"}};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strcmp(section, titles[i][0]) == 0)
            return titles[i][1];
    return section;
}

void ss_scenario_print_keys(FILE *f)
{
    for (size_t i = 0; i < NSPECS; i++) {
        const spec *sp = &specs[i];
        if (i == 0 || strcmp(sp->section, specs[i - 1].section) != 0)
            fprintf(f, "%s[%s]\n", i ? "\n" : "", section_title(sp->section));
        char range[64];
        switch (sp->kind) {
        case K_CHOICE:
            snprintf(range, sizeof range, "%s", sp->choices);
            break;
        case K_DATE:
            snprintf(range, sizeof range, "YYYY-MM");
            break;
        case K_LIST:
            snprintf(range, sizeof range, "list");
            break;
        case K_TEXT:
            snprintf(range, sizeof range, "text");
            break;
        case K_FLAG:
            snprintf(range, sizeof range, "0 or 1");
            break;
        default:
            snprintf(range, sizeof range, "%.16g to %.16g", sp->lo, sp->hi);
        }
        const char *def = !sp->def                       ? "(required)"
                          : *sp->def                     ? sp->def
                          : strcmp(sp->key, "name") == 0 ? "(the file's name)"
                                                         : "(none)";
        fprintf(f, "  %-18s %-26s default %s\n", sp->key, range, def);
    }
}

/* ---- the resolved scenario -------------------------------------------------- */

static void write_section(const ss_scenario *s, const ss_section *sec, const char *type, FILE *f)
{
    fprintf(f, "\n[%s%s%s]\n", type, sec && sec->label ? " " : "",
            sec && sec->label ? sec->label : "");
    if (sec && strcmp(type, "change") == 0) {
        for (size_t e = 0; e < sec->n; e++)
            fprintf(f, "%s = %s\n", sec->entry[e].key, sec->entry[e].value);
        return;
    }
    for (size_t i = 0; i < NSPECS; i++) {
        const spec *sp = &specs[i];
        if (!section_matches(sp->section, type))
            continue;
        /* An [intermediary X] section lists only what it sets itself. */
        const ss_entry *e = find_entry(sec, sp->key);
        if (strcmp(type, "intermediary") == 0 && !e)
            continue;
        const char *v = e ? e->value : sp->def ? sp->def : "";
        if (strcmp(type, "scenario") == 0) {
            if (strcmp(sp->key, "name") == 0)
                v = s->name;
            else if (strcmp(sp->key, "world") == 0)
                v = s->world_dir;
        }
        if (strcmp(type, "scenario") == 0 && strcmp(sp->key, "seed") == 0)
            fprintf(f, "seed = %llu\n", (unsigned long long)s->seed);
        else
            fprintf(f, "%s = %s\n", sp->key, v);
    }
}

int ss_scenario_write(const ss_scenario *s, FILE *f)
{
    fprintf(f,
            SS_RESOLVED_MARK " %s from %s: every default is filled in.\n"
                             "; Run it again with: sanctsim run THIS_FILE\n",
            SS_VERSION, s->path);
    const char *fixed[] = {"scenario", "model", "intermediaries"};
    for (size_t i = 0; i < 3; i++)
        write_section(s, find_section(s, fixed[i], NULL), fixed[i], f);
    if (find_section(s, "scale", NULL))
        write_section(s, find_section(s, "scale", NULL), "scale", f);
    if (find_section(s, "sweep", NULL))
        write_section(s, find_section(s, "sweep", NULL), "sweep", f);
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (sec->label)
            write_section(s, sec, sec->type, f);
    }
    return ferror(f) ? SS_EINVAL : SS_OK;
}
