/* The tables of a run folder by name, and a selection of them (see
 * runtables.h). */
#include "runtables.h"
#include "report.h"
#include "table.h"

#include <stdio.h>
#include <string.h>

const char *const ss_run_table_name[SS_RUN_NTABLES] = {"summary",        "flows",     "recorded",
                                                       "intermediaries", "countries", "sanctions",
                                                       "headline",       "detection"};

/* The table named by the len bytes at name, or -1 (SS_RUN_NTABLES: all). */
static int table_of(const char *name, size_t len)
{
    if (len == 3 && strncmp(name, "all", 3) == 0)
        return SS_RUN_NTABLES;
    for (int i = 0; i < SS_RUN_NTABLES; i++)
        if (strlen(ss_run_table_name[i]) == len && strncmp(name, ss_run_table_name[i], len) == 0)
            return i;
    return -1;
}

/* The names as a message lists them: "summary, flows, ... or countries". */
static void tables_text(char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < SS_RUN_NTABLES && len < size; i++) {
        snprintf(out + len, size - len, "%s%s",
                 i == 0                   ? ""
                 : i + 1 < SS_RUN_NTABLES ? ", "
                                          : " or ",
                 ss_run_table_name[i]);
        len = strlen(out);
    }
}

int ss_run_tables_parse(const char *list, const char *name, unsigned *selection, char *why,
                        size_t size)
{
    unsigned sel = 0;
    char names[160];
    tables_text(names, sizeof names);
    const char *c;
    for (size_t len; (len = ss_list_next(&list, &c)) > 0;) {
        int t = table_of(c, len);
        if (t < 0) {
            char word[64], hint[160];
            snprintf(word, sizeof word, "%.*s", (int)len, c);
            /* A file's name, "summary.csv" (a trial): the table's, bare. */
            char *dot = strchr(word, '.');
            const int file = dot && (!strcmp(dot, ".csv") || !strcmp(dot, ".csv.gz"));
            char suffix[8] = "";
            if (file) {
                snprintf(suffix, sizeof suffix, "%s", dot);
                *dot = '\0';
            }
            if (strcmp(word, "blocs") == 0 || strcmp(word, "relocation") == 0) {
                snprintf(why, size,
                         "%s: %s.csv is not chosen: a run writes it whenever the scenario %s, "
                         "whatever the list; expected all or a list of %s",
                         name, word, word[0] == 'b' ? "has blocs" : "relocates production", names);
                return -1;
            }
            ss_nearest near = SS_NEAREST;
            for (int i = 0; i < SS_RUN_NTABLES; i++)
                ss_nearest_try(&near, word, ss_run_table_name[i]);
            ss_nearest_hint(&near, "", "", hint, sizeof hint);
            const int bare = file ? table_of(word, strlen(word)) : -1;
            if (bare >= 0 && bare < SS_RUN_NTABLES)
                snprintf(hint, sizeof hint, " (a table by its name, without %s: %s)", suffix, word);
            snprintf(why, size, "%s: unknown table '%.*s'%s: expected all or a list of %s", name,
                     (int)len, c, hint, names);
            return -1;
        }
        sel |= t == SS_RUN_NTABLES ? SS_RUN_ALL : 1u << t;
    }
    if (!sel)
        snprintf(why, size, "%s is empty: expected all or a list of %s", name, names);
    *selection = sel;
    return sel ? 0 : -1;
}
