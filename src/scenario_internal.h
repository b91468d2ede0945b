/* Inside the scenario reader: what its files share, and no other module
 * may use (the public interface is scenario.h). The reader's rooms:
 *   scenario.c        the key table and the section kinds, and reading
 *                     values: numbers, dates, choices, lists, groups
 *   scenario_text.c   the text: libinih, lines, continuation lines, bases,
 *                     --set
 *   scenario_load.c   the loaders of each section kind, in their order
 *   scenario_links.c  [links] tables and the checks across them
 *   scenario_write.c  the resolved scenario.ini, `help keys`, warnings
 *   scenario_levers.c [bloc], [corridor], [payments] and group changes
 * Every error is an ss_diag with its place: file, line and key. */
#ifndef SS_SCENARIO_INTERNAL_H
#define SS_SCENARIO_INTERNAL_H

#include "report.h"
#include "scenario.h"

#include <stddef.h>

/* ---- the key table (scenario.c) ----------------------------------------- */

enum sc_kind { K_NUM, K_FLAG, K_INT, K_TEXT, K_DATE, K_LIST, K_CHOICE };
/* Where a key lives: nowhere in the model (T_NONE: the reader uses it), or
 * in a field of ss_config, ss_agent, ss_enforcer or ss_measure. */
enum sc_target { T_NONE, T_MODEL, T_AGENT, T_ENFORCER, T_MEASURE, T_BLOC, T_CORRIDOR };

typedef struct sc_spec {
    const char *section; /* "agent" stands for both [intermediaries] and [intermediary X] */
    const char *key;
    /* The default of a key that lives nowhere in the model: NULL when the
     * key is required, "" when it has none. A key with a target takes its
     * default from the model's (ss_config_default and the others). */
    const char *def;
    int kind; /* enum sc_kind */
    double lo, hi;
    int target;          /* enum sc_target */
    size_t offset;       /* of the field in its struct */
    const char *choices; /* "a|b|c" for K_CHOICE */
    int first;           /* the field's value for the first choice */
} sc_spec;

extern const sc_spec sc_specs[];
extern const size_t sc_nspecs;

/* The spec of key in a section of the given type, or NULL. */
const sc_spec *sc_find_spec(const char *type, const char *key);
int sc_section_matches(const char *spec_section, const char *type);
/* A key that a [change] or a section's entry sets in the model: a number,
 * a whole number or a flag with a target. */
int sc_settable(const sc_spec *sp);
/* The value of sp's field in the struct at base, as a double. */
double sc_field(const void *base, const sc_spec *sp);
void sc_store(void *base, const sc_spec *sp, double v);
/* The default as the key table prints it: the model's value for a key
 * with a target (into buf), sp->def otherwise (NULL: required). */
const char *sc_default_text(const sc_spec *sp, char *buf, size_t size);

/* The keys of a section of `type` (only those a [change] may set, with
 * `settable`) as "a, b, c" into known (empty: none), each tried against
 * `word` for a "did you mean" (ss_nearest_try). */
void sc_known_keys(const char *type, int settable, const char *word, char *known, size_t size,
                   ss_nearest *near);

/* Known section kinds with labels where needed, none twice, known keys. */
int sc_check_structure(ss_scenario *s, ss_diag *d);

/* 1 when a [change] sets keys of section kind `type` by its label
 * (intermediary, enforcement, sanction, bloc, corridor, group). */
int sc_changed_by_label(const char *type);

/* ---- errors (scenario.c) ------------------------------------------------- */

/* Records a message at file:line (line -1: a --set override) and returns
 * status: sc_fail for an invalid value (SS_EINVAL), sc_fail_io for a file
 * that cannot be read (SS_EIO). */
int sc_fail_status(ss_diag *d, int status, const char *file, long line, const char *key,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define sc_fail(d, ...) sc_fail_status(d, SS_EINVAL, __VA_ARGS__)
#define sc_fail_io(d, ...) sc_fail_status(d, SS_EIO, __VA_ARGS__)
/* The same at a place of the scenario's text (see ss_entry in
 * scenario.h): the message names the file that wrote it and its line. */
int sc_fail_in_status(ss_diag *d, int status, const ss_scenario *s, long place, const char *key,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define sc_fail_in(d, ...) sc_fail_in_status(d, SS_EINVAL, __VA_ARGS__)
#define sc_fail_io_in(d, ...) sc_fail_in_status(d, SS_EIO, __VA_ARGS__)
int sc_oom(ss_diag *d);

/* ---- values (scenario.c) ------------------------------------------------- */

/* Adds item to a list of the first names that fit in size bytes, ", "
 * between them; n is how many are in it already. */
void sc_name_add(char *list, size_t size, size_t n, const char *item);
/* The labels of the [type LABEL] sections that files read have (not
 * those --set made), as sc_name_add lists them; returns how many. */
size_t sc_file_labels(const ss_scenario *s, const char *type, char *list, size_t size);
/* 1 when sec is a labelled section that a file adds over its base: a
 * file that has a base is the first to have it. */
int sc_added_over_base(const ss_scenario *s, const ss_section *sec);
/* The file section of type whose label is nearest to `label` (only those
 * that over's bases have, when over is not NULL), its " (did you mean
 * X?)" into buf; NULL, with "" in buf, when none is near. */
const ss_section *sc_nearest_label(const ss_scenario *s, const char *type, const char *label,
                                   const ss_section *over, char *buf, size_t size);
/* " (did you mean X?)" of the labels of type's sections in the files
 * nearest to `label`, into buf; "" when none is near. */
const char *sc_label_hint(const ss_scenario *s, const char *type, const char *label, char *buf,
                          size_t size);

/* The text of key in sec, or its default; NULL (with an error) when it is
 * required. *line: the entry's line, or the section's. */
const char *sc_value_of(const ss_scenario *s, const ss_section *sec, const char *key, long *line,
                        ss_diag *d);
int sc_parse_date(const char *text, int *year, int *month);
/* The month of the run a date names, after the baseline and inside the run. */
int sc_month_of(const ss_scenario *s, const char *text, long line, const char *key, long *out,
                ss_diag *d);
/* start and end of sec (end -1 when not given; never before start). */
int sc_dates_of(const ss_scenario *s, const ss_section *sec, long *start, long *end, ss_diag *d);
int sc_number_of(const ss_scenario *s, const sc_spec *sp, const char *text, long line, double *out,
                 ss_diag *d);
/* A choice key of sec into *out (its field's value), if sec sets it;
 * otherwise *out keeps the default it holds. */
int sc_choice_in(const ss_scenario *s, const ss_section *sec, const char *key, int *out,
                 ss_diag *d);
/* The countries (sectors = 0) or sectors (1) that key of sec lists. */
int sc_resolve_list(const ss_scenario *s, const ss_section *sec, const char *key, int sectors,
                    ss_set *out, ss_diag *d);
/* The countries of a country or group name. */
int sc_expand(const ss_scenario *s, const char *name, long place, const char *key, ss_set *out,
              ss_diag *d);
/* A [group NAME] section, and then the check that every group resolves. */
int sc_load_group(ss_scenario *s, ss_section *sec, ss_diag *d);
int sc_check_groups(ss_scenario *s, ss_diag *d);

/* ---- the text (scenario_text.c) ----------------------------------------- */

ss_section *sc_find_section(const ss_scenario *s, const char *type, const char *label);
ss_entry *sc_find_entry(const ss_section *sec, const char *key);
/* Reads s->path into sections and entries: first its base (`[scenario]
 * base`, recursively), then its own sections over the base's, key by key.
 * s->files lists the files read. */
int sc_parse_text(ss_scenario *s, ss_diag *d);
/* Applies "section.key=value" or "section.LABEL.key=value". */
int sc_apply_set(ss_scenario *s, const char *text, ss_diag *d);
void sc_free_sections(ss_section *sec, size_t n);
/* The longest line the reader takes (libinih's buffer, less its end). */
#define SC_LINE_MAX 198
/* Writes "key = value" as the resolved scenario does (scenario_write.c). */
void sc_write_line(FILE *f, const char *key, const char *value);
/* 1 when that text, read back by the scenario reader, gives exactly key =
 * value: tried, not predicted (a value from outside the text, such as a
 * folder's path, may hold what the reader takes for a comment). */
int sc_reads_back(const char *key, const char *value);
/* SS_OK when key = path (a file or folder the scenario names, as given in
 * text at place) reads back, else a failure that says so. */
int sc_check_named(const ss_scenario *s, long place, const char *key, const char *text,
                   const char *path, ss_diag *d);
/* 1 for text with no control character, in UTF-8. */
int sc_plain_text(const char *text);

/* ---- loading (scenario_load.c) --------------------------------------------- */

/* The numeric keys a section sets in the model (its other keys are its
 * loader's). */
int sc_apply_section(ss_scenario *s, ss_section *sec, ss_diag *d);

/* ---- the report's levers (scenario_levers.c) ------------------------------ */

/* [bloc NAME] and [payments NAME] are groups of their members too: their
 * names can be a sanction's `by` and a [change]'s group. */
int sc_load_lever_group(ss_scenario *s, ss_section *sec, ss_diag *d);
int sc_load_bloc(ss_scenario *s, ss_section *sec, ss_diag *d);
int sc_load_corridor(ss_scenario *s, ss_section *sec, ss_diag *d);
int sc_load_network(ss_scenario *s, ss_section *sec, ss_diag *d);
/* The place of the bloc or corridor named label among the model's, or -1. */
long sc_lever_index(const ss_scenario *s, int target, const char *label);
/* A [change]'s group.NAME.add or group.NAME.remove entry of month t:
 * checked only (apply = 0), applied to the groups alone (2), or to the
 * groups and every set made from them (1), but for the sanctions that
 * ended before t. */
int sc_change_group(ss_scenario *s, const char *group, const char *op, const ss_entry *en,
                    int apply, long t, ss_diag *d);
/* [model] customs_union as the groups resolve it, into each agent's flag
 * (scenario_load.c; again at each group change). */
int sc_customs_union(ss_scenario *s, ss_diag *d);
/* The group changes of [change] section sec, applied to the groups alone
 * (the load's check of the changes runs them on a copy). */
int sc_change_groups_of(ss_scenario *s, const ss_section *sec, ss_diag *d);

/* ---- [links] (scenario_links.c) ------------------------------------------ */

int sc_load_links(ss_scenario *s, ss_section *sec, ss_diag *d);
int sc_check_links(ss_scenario *s, ss_diag *d);

#endif
