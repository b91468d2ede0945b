/* Scenario files, room 2 of 6: the text. libinih reads the file into
 * sections and entries that remember their line; this room feeds it the
 * lines (counting them, and refusing NUL bytes, text that is not UTF-8,
 * control characters, over-long lines and values that libinih would read
 * as comments), joins continuation lines, and applies --set overrides to
 * the text, so that a value from the file and one from the command line are
 * interpreted by the same code afterwards (scenario_load.c). */
#include "files.h"
#include "scenario_internal.h"
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

ss_section *sc_find_section(const ss_scenario *s, const char *type, const char *label)
{
    for (size_t i = 0; i < s->nsec; i++) {
        ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, type) == 0 &&
            ((!label && !sec->label) || (label && sec->label && strcmp(sec->label, label) == 0)))
            return sec;
    }
    return NULL;
}

ss_entry *sc_find_entry(const ss_section *sec, const char *key)
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
    ss_entry *e = sc_find_entry(sec, key);
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
 * not UTF-8 text (returns 2); 0 if all is well. The checks themselves are
 * the program's one UTF-8 and control-character check (src/table.h). */
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

/* What a line of a scenario can be. */
#define SS_NOT_A_LINE "expected [section], key = value, or a comment starting with ; or #"

/* 1 when a value would be read back as a comment: it starts with ; or #,
 * or holds ' ;' (libinih's inline comments). */
static int comment_like(const char *value)
{
    return *value == ';' || *value == '#' || strstr(value, " ;") || strstr(value, "\t;");
}

/* The reader handed to libinih: it counts lines (the library's handler
 * gets none), records section headers even for empty sections, and rejects
 * lines the library would silently cut. */
typedef struct parse_state {
    ss_scenario *s;
    const char *path; /* the file read: s->path or one of its bases */
    long offset;      /* added to each line to make its place (ss_entry) */
    FILE *f;
    long line;
    int indented; /* the current line starts with white space */
    int in_entry; /* since the last header, a key = value line came: an
                   * indented line continues its value */
    ss_diag *d;
    int failed;
} parse_state;

/* Reads one line into str (at most num - 1 bytes, ending in LF); 0 at the
 * end of the file or on an error (p->failed). */
static int read_raw(parse_state *p, char *str, int num)
{
    int c = getc(p->f);
    if (c == EOF)
        return 0;
    p->line++;
    /* A line ends at LF, CR LF or a lone CR (old Mac files). */
    size_t len = 0;
    for (; c != EOF && c != '\n' && c != '\r'; c = getc(p->f)) {
        if (c == 0) {
            p->failed =
                sc_fail(p->d, p->path, p->line, NULL, "a NUL byte: a scenario is a text file%s",
                        p->line == 1 ? " (UTF-16, a Windows editor's Unicode text? save "
                                       "it as UTF-8)"
                                     : "");
            return 0;
        }
        if (len == (size_t)num - 2) {
            p->failed = sc_fail(p->d, p->path, p->line, NULL,
                                "line longer than %d characters: continue a long value on "
                                "indented lines",
                                num - 2);
            return 0;
        }
        str[len++] = (char)c;
    }
    if (c == '\r' && (c = getc(p->f)) != '\n' && c != EOF)
        ungetc(c, p->f);
    str[len++] = '\n';
    str[len] = '\0';
    return 1;
}

/* A value that starts like a comment would silently read as empty. */
static int check_value(parse_state *p, const char *text)
{
    const char *eq = *text != ';' && *text != '#' && *text != '[' ? strchr(text, '=') : NULL;
    const char *value = eq ? eq + 1 + strspn(eq + 1, " \t") : NULL;
    if (!value || (*value != ';' && *value != '#'))
        return SS_OK;
    char key[128], shown[160];
    size_t klen = strcspn(text, " \t=");
    snprintf(key, sizeof key, "%.*s", (int)(klen < 127 ? klen : 127), text);
    snprintf(shown, sizeof shown, "%.*s", (int)strcspn(value, "\n"), value);
    return sc_fail(p->d, p->path, p->line, key,
                   "%s = '%s': a value cannot start with ; or hold ' ;' (a comment)", key, shown);
}

/* Records a [type label] header, even of a section without entries. */
static int add_header(parse_state *p, const char *text)
{
    const char *end = strchr(text, ']');
    if (!end)
        return SS_OK; /* libinih reports the line */
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
    if (p->s->nsec == MAX_SECTIONS)
        return sc_fail(p->d, p->path, p->line, NULL,
                       "more than %d sections: put bulky tables in CSV files ([links])",
                       MAX_SECTIONS);
    return add_section(p->s, type, *label ? label : NULL, p->line + p->offset) ? SS_OK
                                                                               : sc_oom(p->d);
}

/* Cuts a comment (" ;" to the end) off a line that continues a value:
 * libinih cuts it off a key's own line only, and left "; three" in a list
 * of countries. */
static void cut_comment(char *text)
{
    for (char *c = strchr(text, ';'); c; c = strchr(c + 1, ';'))
        if (c > text && (c[-1] == ' ' || c[-1] == '\t')) {
            c[0] = '\n';
            c[1] = '\0';
            return;
        }
}

/* Checks a line read whole, cuts a continuation line's comment, and
 * records its section header if it is one. */
static int check_line(parse_state *p, char *text)
{
    char why[64];
    if (p->line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    int bad = bad_text(text, 1, why, sizeof why);
    if (bad)
        return sc_fail(p->d, p->path, p->line, NULL,
                       bad == 1 ? "%s: a scenario is plain text"
                                : "%s is not UTF-8 text (Latin-1 or another encoding?): save "
                                  "the file as UTF-8",
                       why);
    p->indented = isspace((unsigned char)text[0]) && text[0] != '\n' && text[0] != '\r';
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '[' && p->indented)
        return sc_fail(p->d, p->path, p->line, NULL,
                       "an indented [section] header: start it at the beginning of the line");
    /* A line that continues no value is a header, a comment or key =
     * value. libinih also takes "key: value", and reports a line it cannot
     * read only after reading the rest (whose first error would be said
     * instead). */
    const size_t key_end = strcspn(text, "=:\n");
    const int own = !(p->indented && p->in_entry) && !strchr("[;#\n", *text);
    if (own && text[key_end] != '=')
        return sc_fail(p->d, p->path, p->line, NULL,
                       text[key_end] == ':' ? "'%.*s': write key = value (a colon does not "
                                              "separate them)"
                                            : "'%.*s': " SS_NOT_A_LINE,
                       (int)strcspn(text, "\n"), text);
    if (!own && p->in_entry && !strchr("[;#\n", *text))
        cut_comment(text);
    p->in_entry = own || (p->in_entry && *text != '[');
    int rc = check_value(p, text);
    return rc || *text != '[' ? rc : add_header(p, text);
}

static char *read_line(char *str, int num, void *stream)
{
    parse_state *p = stream;
    if (p->failed || !read_raw(p, str, num))
        return NULL;
    p->failed = check_line(p, str);
    return p->failed ? NULL : str;
}

/* A continuation line of a long value: appended to it after a space. */
static int join_value(parse_state *p, ss_entry *e, const char *key, const char *value)
{
    size_t len = strlen(e->value) + strlen(value) + 2;
    if (len > MAX_VALUE)
        return sc_fail(p->d, p->path, p->line, key,
                       "'%s' is longer than %d characters: put bulky tables in CSV files", key,
                       MAX_VALUE);
    char *joined = malloc(len);
    if (!joined)
        return sc_oom(p->d);
    size_t head = strlen(e->value);
    memcpy(joined, e->value, head);
    joined[head] = ' ';
    memcpy(joined + head + 1, value, len - head - 1); /* with its terminating NUL */
    free(e->value);
    e->value = joined;
    return SS_OK;
}

static int add_entry(parse_state *p, const char *key, const char *value)
{
    if (p->s->nsec == 0)
        return sc_fail(p->d, p->path, p->line, key,
                       "'%s' is outside any section: put it under a [section] header", key);
    ss_section *sec = &p->s->sec[p->s->nsec - 1];
    ss_entry *e = sc_find_entry(sec, key);
    if (e && p->indented && sec->n && &sec->entry[sec->n - 1] == e)
        return join_value(p, e, key, value);
    /* A trial's second [intermediary X] lost its header, and its keys
     * came to the first's. */
    if (e)
        return sc_fail(p->d, p->path, p->line, key,
                       "'%s' appears twice in [%s%s%s] (first at line %ld): give it once, or "
                       "start the section it belongs to with its [header]",
                       key, sec->type, sec->label ? " " : "", sec->label ? sec->label : "",
                       e->line - p->offset);
    if (sec->n == MAX_KEYS)
        return sc_fail(p->d, p->path, p->line, key, "more than %d keys in one section", MAX_KEYS);
    return set_entry(sec, key, value, p->line + p->offset) ? sc_oom(p->d) : SS_OK;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
    parse_state *p = user;
    (void)section;
    if (!p->failed)
        p->failed = add_entry(p, key, value);
    return !p->failed;
}

static int parse_stream(ss_scenario *t, FILE *f, const char *path, long offset, ss_diag *d);

/* Reads the file at path into t's sections, each place offset by offset. */
static int parse_file(ss_scenario *t, const char *path, long offset, ss_diag *d)
{
    int special;
    FILE *f = ss_open_kept(path, &special);
    if (!f && special)
        return sc_fail_io(d, path, 0, NULL,
                          "cannot read the scenario: it is a FIFO, a device or a socket, not a "
                          "file");
    if (!f) {
        /* A name given without its .ini, as a run folder is named. */
        const int err = errno;
        const size_t len = strlen(path);
        char with[PATH_MAX], hint[PATH_MAX + 32] = "";
        snprintf(with, sizeof with, "%s.ini", path);
        if (err == ENOENT && !(len >= 4 && strcmp(path + len - 4, ".ini") == 0) &&
            ss_path_exists(with))
            snprintf(hint, sizeof hint, " (did you mean %s?)", with);
        return sc_fail_io(d, path, 0, NULL, "cannot open the scenario: %s%s", strerror(err), hint);
    }
    struct stat st;
    const int known = fstat(fileno(f), &st) == 0;
    if (known && S_ISDIR(st.st_mode)) {
        fclose(f);
        /* A run folder holds the scenario it ran, resolved. */
        char inside[PATH_MAX], hint[PATH_MAX + 48] = "";
        snprintf(inside, sizeof inside, "%s%sscenario.ini", path,
                 path[strlen(path) - 1] == '/' ? "" : "/");
        if (ss_path_exists(inside))
            snprintf(hint, sizeof hint, " (a run folder? the scenario it ran is %s)", inside);
        return sc_fail_io(d, path, 0, NULL,
                          "cannot read the scenario: it is a folder, not a scenario file%s", hint);
    }
    if (known && S_ISREG(st.st_mode) && st.st_size > MAX_BYTES) {
        fclose(f);
        return sc_fail(d, path, 0, NULL,
                       "the scenario is larger than 1 MB: put bulky tables in CSV files ([links])");
    }
    return parse_stream(t, f, path, offset, d);
}

/* Reads f (closed here) into t's sections, as the file at path. */
static int parse_stream(ss_scenario *t, FILE *f, const char *path, long offset, ss_diag *d)
{
    parse_state p = {.s = t, .path = path, .offset = offset, .f = f, .d = d};
    int rc = ini_parse_stream(read_line, &p, on_entry, &p);
    int read_error = ferror(f);
    fclose(f);
    if (p.failed)
        return p.failed;
    if (read_error)
        return sc_fail_io(d, path, 0, NULL, "cannot read the scenario (is it a directory?)");
    if (rc > 0)
        return sc_fail(d, path, rc, NULL, "cannot read this line: " SS_NOT_A_LINE);
    if (rc != 0)
        return sc_oom(d);
    if (t->nsec == 0)
        return sc_fail(d, path, 1, NULL, "no sections: a scenario needs at least [scenario]");
    return SS_OK;
}

/* A scenario file of one section, [type label] with key = value when key
 * is given (sc_write_line), written and read again: 1 when it reads back
 * as written. */
static int reads_back(const char *type, const char *label, const char *key, const char *value)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return 0;
    fprintf(out, label ? "[%s %s]\n" : "[%s]\n", type, label);
    if (key)
        sc_write_line(out, key, value);
    FILE *in = fclose(out) == 0 ? fmemopen(text, len, "r") : NULL;
    ss_scenario t = {.path = ""};
    ss_diag d;
    ss_diag_clear(&d);
    int same = in && !parse_stream(&t, in, "", 0, &d) && t.nsec == 1 &&
               strcmp(t.sec[0].type, type) == 0 &&
               (label ? t.sec[0].label && strcmp(t.sec[0].label, label) == 0 : !t.sec[0].label);
    if (same && key)
        same = t.sec[0].n == 1 && strcmp(t.sec[0].entry[0].key, key) == 0 &&
               strcmp(t.sec[0].entry[0].value, value) == 0;
    sc_free_sections(t.sec, t.nsec);
    free(text);
    return same;
}

int sc_reads_back(const char *key, const char *value)
{
    return reads_back("scenario", NULL, key, value);
}

int sc_check_named(const ss_scenario *s, long place, const char *key, const char *text,
                   const char *path, ss_diag *d)
{
    if (sc_reads_back(key, path))
        return SS_OK;
    return sc_fail_in(d, s, place, key,
                      "%s = '%s': cannot be named in a scenario file, so the run's scenario.ini "
                      "would read another (the path holds ' ;' or what is not plain UTF-8 "
                      "text, ends in white space, or does not fit on a scenario's lines): "
                      "rename or move %s",
                      key, text, path);
}

int sc_plain_text(const char *text)
{
    char why[64];
    return bad_text(text, 0, why, sizeof why) == 0;
}

/* ---- bases: a scenario that inherits another ----------------------------- */

/* A scenario and at most this many bases below it. */
enum { MAX_FILES = 8 };

void sc_free_sections(ss_section *sec, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t e = 0; e < sec[i].n; e++) {
            free(sec[i].entry[e].key);
            free(sec[i].entry[e].value);
        }
        free(sec[i].entry);
        free(sec[i].type);
        free(sec[i].label);
    }
    free(sec);
}

static void drop_entry(ss_section *sec, const char *key)
{
    ss_entry *e = sc_find_entry(sec, key);
    if (!e)
        return;
    free(e->key);
    free(e->value);
    size_t at = (size_t)(e - sec->entry);
    memmove(e, e + 1, (sec->n - at - 1) * sizeof *e);
    sec->n--;
}

/* Lays the sections of a file (t) over those of its base (s): a key the
 * file gives replaces the base's, a key or section only in the file is
 * added after the base's. t's sections are moved or freed. */
static int overlay(ss_scenario *s, ss_scenario *t, ss_diag *d)
{
    int rc = SS_OK;
    for (size_t i = 0; i < t->nsec && !rc; i++) {
        ss_section *own = &t->sec[i], *into = sc_find_section(s, own->type, own->label);
        if (!into && !(into = add_section(s, own->type, own->label, own->line)))
            rc = sc_oom(d);
        for (size_t e = 0; !rc && e < own->n; e++)
            if (set_entry(into, own->entry[e].key, own->entry[e].value, own->entry[e].line))
                rc = sc_oom(d);
    }
    sc_free_sections(t->sec, t->nsec);
    t->sec = NULL;
    t->nsec = 0;
    return rc;
}

/* The base named at place from (by file s->files[last]): its path joined
 * to that file's folder, once it is known to exist and not to be read
 * already (a cycle). */
static char *base_path(ss_scenario *s, const char *text, long from, ss_diag *d)
{
    if (!*text)
        return sc_fail_in(d, s, from, "base", "base is empty: expected a scenario file's path"),
               NULL;
    const char *file = s->files[s->nfiles - 1];
    char *copy = strdup(file), joined[PATH_MAX];
    if (!copy)
        return sc_oom(d), NULL;
    if (text[0] == '/') /* an absolute path as it is ("//tmp/..." before) */
        snprintf(joined, sizeof joined, "%s", text);
    else
        snprintf(joined, sizeof joined, "%s/%s", dirname(copy), text);
    free(copy);
    char *real = realpath(joined, NULL), *found = NULL;
    if (!real)
        return sc_fail_io_in(d, s, from, "base", "base = '%s': cannot open %s: %s%s", text,
                             joined, strerror(errno),
                             text[0] == '/' ? ""
                                            : " (a base is found from the folder of the file "
                                              "that names it: a copied file needs the path "
                                              "from its new place)"),
               NULL;
    if (ss_is_dir(real)) {
        free(real);
        return sc_fail_io_in(d, s, from, "base",
                             "base = '%s': %s is a folder: expected a scenario file's path", text,
                             joined),
               NULL;
    }
    for (size_t i = 0; i < s->nfiles && !found; i++) {
        char *other = realpath(s->files[i], NULL);
        if (other && strcmp(other, real) == 0)
            found = s->files[i];
        free(other);
    }
    free(real);
    if (found)
        return sc_fail_in(d, s, from, "base",
                          "base = '%s' names %s, which is already in this chain of bases: "
                          "bases cannot form a cycle",
                          text, found),
               NULL;
    if (s->nfiles == MAX_FILES)
        return sc_fail_in(d, s, from, "base",
                          "base = '%s': more than %d bases in a chain: inherit from fewer files",
                          text, MAX_FILES - 1),
               NULL;
    char *out = strdup(joined);
    return out ? out : (sc_oom(d), NULL);
}

/* Reads path (the scenario, or a base, which becomes s->files[nfiles]):
 * first its own base, recursively, then its sections over the base's. */
static int read_chain(ss_scenario *s, char *path, ss_diag *d)
{
    char **grown = realloc(s->files, (s->nfiles + 1) * sizeof *grown);
    if (!grown) {
        free(path);
        return sc_oom(d);
    }
    s->files = grown;
    s->files[s->nfiles++] = path;
    ss_scenario t = {.path = s->path, .files = s->files, .nfiles = s->nfiles};
    int rc = parse_file(&t, path, (long)(s->nfiles - 1) * SS_FILE_STRIDE, d);
    ss_section *head = rc ? NULL : sc_find_section(&t, "scenario", NULL);
    ss_entry *base = sc_find_entry(head, "base");
    if (!rc && !base) {
        s->sec = t.sec; /* the last base read: s has no section yet */
        s->nsec = t.nsec;
        return SS_OK;
    }
    if (!rc)
        rc = sc_check_structure(&t, d); /* a section twice in this file */
    char *next = rc ? NULL : base_path(s, base->value, base->line, d);
    rc = rc ? rc : next ? read_chain(s, next, d) : SS_EINVAL;
    if (!rc)
        drop_entry(head, "base");
    if (!rc)
        rc = overlay(s, &t, d);
    sc_free_sections(t.sec, t.nsec);
    return rc;
}

int sc_parse_text(ss_scenario *s, ss_diag *d)
{
    char *path = strdup(s->path);
    return path ? read_chain(s, path, d) : sc_oom(d);
}

/* The value of an override, checked as a line of the file would be. */
static int check_set_value(const char *type, const char *label, const char *key, const char *value,
                           ss_diag *d)
{
    char why[64];
    int bad = bad_text(value, 0, why, sizeof why);
    if (bad)
        return sc_fail(d, "--set", -1, key, "%s in %s.%s%s%s%s", why, type, label ? label : "",
                       label ? "." : "", key,
                       bad == 1 ? ": a value is one line of plain text" : " is not UTF-8 text");
    if (comment_like(value))
        return sc_fail(d, "--set", -1, key,
                       "%s = '%s': a value cannot start with ; or hold ' ;' (a comment)", key,
                       value);
    /* The run's scenario.ini must read back (a reliability hunt: a label of
     * 250 letters made one that sanctsim itself could not read; another:
     * a label with ']' or a leading space, and a value of one word longer
     * than a line, ran and wrote a scenario.ini that read otherwise). */
    if (label && strlen(type) + strlen(label) + 3 > SC_LINE_MAX)
        return sc_fail(d, "--set", -1, key,
                       "the label of %s.%s.%s is longer than a scenario file's line allows "
                       "(%d bytes with [%s ])",
                       type, label, key, SC_LINE_MAX, type);
    if (label && !reads_back(type, label, NULL, NULL))
        return sc_fail(d, "--set", -1, key,
                       "%s.%s.%s: the label '%s' would not read back from the run's "
                       "scenario.ini as [%s %s] (it holds ']' or ' ;', or starts or ends with "
                       "white space)",
                       type, label, key, label, type, label);
    /* Every value but the name and the paths, which have messages of their
     * own (sc_check_named; a review: a [change]'s group list was missed). */
    static const char *const named[] = {"name", "world", "base", "file"};
    int own = 0;
    for (size_t i = 0; i < sizeof named / sizeof named[0] && strcmp(type, "change") != 0; i++)
        own |= strcmp(key, named[i]) == 0;
    if (!own && !sc_reads_back(key, value))
        return sc_fail(d, "--set", -1, key,
                       "%s = '%.40s...': the value would not read back from the run's "
                       "scenario.ini (a word, or words joined by runs of spaces, longer than "
                       "a line): separate a list's items with single spaces",
                       key, value);
    return SS_OK;
}

/* The dot that ends the label in the rest of a key after "TYPE.": in a
 * change the first (the rest after it names a key of another section,
 * dots and all), elsewhere the last; NULL when the key names no label. */
static const char *label_end(const char *type, size_t type_len, const char *rest)
{
    return type_len == 6 && strncmp(type, "change", 6) == 0 ? strchr(rest, '.')
                                                            : strrchr(rest, '.');
}

const char *ss_key_section(const char *key, char type[SS_KEY_PART], char label[SS_KEY_PART])
{
    const char *dot = strchr(key, '.');
    if (!dot || dot - key >= SS_KEY_PART)
        return NULL;
    const char *end = label_end(key, (size_t)(dot - key), dot + 1);
    if (end && end - dot - 1 >= SS_KEY_PART)
        return NULL;
    snprintf(type, SS_KEY_PART, "%.*s", (int)(dot - key), key);
    snprintf(label, SS_KEY_PART, "%.*s", end ? (int)(end - dot - 1) : 0, dot + 1);
    return end ? end + 1 : dot + 1;
}

int ss_key_well_formed(const char *key)
{
    return strchr(key, '.') && key[0] != '.' && key[strlen(key) - 1] != '.' && !strstr(key, "..") &&
           !strpbrk(key, " \t=");
}

const char *ss_scenario_key_text(const ss_scenario *s, const char *key, char *buf, size_t size)
{
    char type[SS_KEY_PART], label[SS_KEY_PART];
    const char *name = ss_key_section(key, type, label);
    if (!name)
        return NULL;
    const ss_section *sec = sc_find_section(s, type, label[0] ? label : NULL);
    const ss_entry *e = sec ? sc_find_entry(sec, name) : NULL;
    if (strcmp(type, "change") == 0)
        return e ? e->value : NULL;
    const sc_spec *sp = sc_find_spec(type, name);
    if (!sp)
        return NULL;
    /* A candidate without its own value takes [intermediaries]'. */
    if (!e && strcmp(type, "intermediary") == 0) {
        sec = sc_find_section(s, "intermediaries", NULL);
        e = sec ? sc_find_entry(sec, name) : NULL;
    }
    return e ? e->value : sc_default_text(sp, buf, size);
}

/* The key table's line of key (section.key or section.LABEL.key); NULL
 * for an unknown key or a [change]'s. */
static const sc_spec *key_spec(const char *key)
{
    char type[SS_KEY_PART], label[SS_KEY_PART];
    const char *name = ss_key_section(key, type, label);
    return name && strcmp(type, "change") != 0 ? sc_find_spec(type, name) : NULL;
}

int ss_scenario_key_limits(const char *key, double *lo, double *hi)
{
    const sc_spec *sp = key_spec(key);
    if (!sp || sp->kind != K_NUM)
        return -1;
    *lo = sp->lo;
    *hi = sp->hi;
    return 0;
}

int ss_scenario_key_words(const char *key)
{
    const sc_spec *sp = key_spec(key);
    return sp &&
           (sp->kind == K_CHOICE || sp->kind == K_LIST || sp->kind == K_DATE || sp->kind == K_TEXT);
}

int sc_apply_set(ss_scenario *s, const char *text, ss_diag *d)
{
    char *buf = strdup(text);
    if (!buf)
        return sc_oom(d);
    int rc = SS_OK;
    char *eq = strchr(buf, '='), *dot1 = strchr(buf, '.');
    if (!eq || !dot1 || dot1 > eq) {
        rc = sc_fail(d, "--set", 0, NULL,
                     "'%s': expected section.key=value or section.LABEL.key=value", text);
        goto done;
    }
    *eq = '\0';
    /* Spaces around a value are not part of it, as in the file. */
    char *value = eq + 1 + strspn(eq + 1, " \t");
    for (size_t end = strlen(value); end > 0 && strchr(" \t", value[end - 1]); end--)
        value[end - 1] = '\0';
    *dot1 = '\0';
    char *type = buf, *label = NULL, *key = dot1 + 1;
    char *dot2 = (char *)label_end(type, strlen(type), key);
    if (dot2) {
        *dot2 = '\0';
        label = key;
        key = dot2 + 1;
    }
    if ((rc = check_set_value(type, label, key, value, d)))
        goto done;
    if (strcmp(type, "scenario") == 0 && strcmp(key, "base") == 0) {
        rc = sc_fail(d, "--set", -1, "base",
                     "scenario.base cannot be set on the command line: the base is read with "
                     "the file, so name it in the file's [scenario] section");
        goto done;
    }
    ss_section *sec = sc_find_section(s, type, label);
    if (!sec)
        sec = add_section(s, type, label, -1);
    rc = !sec || set_entry(sec, key, value, -1) ? sc_oom(d) : SS_OK;
done:
    free(buf);
    return rc;
}
