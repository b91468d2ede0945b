/* Scenario files, room 1 of 6: the one table of keys, and reading values
 * (numbers, dates, choices, lists of countries and sectors, groups).
 *
 * The table `sc_specs` lists every key: its section, type, range, where it
 * lives in the model and, for a key the model does not hold, its default.
 * It drives the reader, `--set`, `check`, `[change]` sections, the
 * resolved scenario.ini and `sanctsim help keys` (and so the README's key
 * reference, which a test checks against it). A key that lives in the
 * model takes its default from the model's documented defaults
 * (ss_config_default, ss_agent_default, ss_enforcer_default and
 * ss_measure_default in model/config.c), so each default is stated once.
 *
 * To add a key: add its field to ss_config (or ss_agent, ss_enforcer,
 * ss_measure) in model/config.h and its default to the matching *_default
 * in model/config.c; then add one line to sc_specs below (section, name,
 * range, where it lives). Nothing else in the reader changes. (A key the
 * model does not hold, like [scenario] months, has its default here.)
 *
 * The other rooms are listed in scenario_internal.h. */
#include "report.h"
#include "scenario_internal.h"
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* What a value followed by "# ..." most likely holds (a trial wrote
 * "0.06   # six percent"). */
#define COMMENT_HINT "a comment after a value starts with ' ;'"

/* A number, whole number or flag that lives in a model struct. Its field
 * must have the C type that sc_store writes for its kind (a double, a long,
 * an int): anything else fails to compile (an array of size -1). */
#define FITS(type, name, k)                                                                        \
    _Generic(((type *)0)->name, double                                                             \
             : (k) == K_NUM, long                                                                  \
             : (k) == K_INT, int                                                                   \
             : (k) == K_FLAG, default : 0)
#define IN(sec, name, k, lo, hi, target, type)                                                     \
    {                                                                                              \
        sec, #name, NULL, k, lo, hi, target,                                                       \
            offsetof(type, name) + 0 * sizeof(char[FITS(type, name, k) ? 1 : -1]), NULL, 0         \
    }
#define MODEL(name, lo, hi) IN("model", name, K_NUM, lo, hi, T_MODEL, ss_config)
#define AGENT(name, lo, hi) IN("agent", name, K_NUM, lo, hi, T_AGENT, ss_agent)
#define ENF(name, lo, hi) IN("enforcement", name, K_NUM, lo, hi, T_ENFORCER, ss_enforcer)
/* A choice that lives in a model struct; `first` is the first one's value. */
#define CHOICE(sec, name, target, type, field, choices, first)                                     \
    {                                                                                              \
        sec, name, NULL, K_CHOICE, 0, 0, target, offsetof(type, field), choices, first             \
    }
/* A key the reader uses itself, with its default (NULL: required). */
#define OWN(sec, name, def, k, lo, hi)                                                             \
    {                                                                                              \
        sec, name, def, k, lo, hi, T_NONE, 0, NULL, 0                                              \
    }
#define SCALE(name) OWN("scale", #name, "1", K_NUM, 0, 1000)
#define BLOC(name, lo, hi) IN("bloc", name, K_NUM, lo, hi, T_BLOC, ss_bloc)
#define CORR(name, lo, hi) IN("corridor", name, K_NUM, lo, hi, T_CORRIDOR, ss_corridor)

const sc_spec sc_specs[] = {
    OWN("scenario", "name", "", K_TEXT, 0, 0), /* empty: the file's name */
    OWN("scenario", "world", NULL, K_TEXT, 0, 0),
    OWN("scenario", "start", NULL, K_DATE, 0, 0),
    OWN("scenario", "months", "24", K_INT, 2, 1200),
    OWN("scenario", "seed", "1", K_INT, 0, (double)SS_SEED_MAX),
    OWN("scenario", "base", "", K_TEXT, 0, 0), /* read with the text (scenario_text.c) */
    MODEL(sigma, 1, 50),
    MODEL(theta, 0.01, 100),
    MODEL(adjust, 1e-6, 1),
    MODEL(detour_cost, 0, 100),
    MODEL(relocation_speed, 0, 1),
    MODEL(relocation_cost, 0, 10),
    MODEL(relocation_ceiling, 0, 1),
    CHOICE("model", "relocation_markets", T_MODEL, ss_config, relocation_markets, "sanctioning|all",
           SS_RELOCATE_SANCTIONING),
    MODEL(nest, 0.05, 1),
    MODEL(kappa, 0, 1),
    MODEL(payment_fee, 0, 10),
    MODEL(bulk_capacity, 0, 1e6),
    MODEL(commodity_sigma, 0, 200),
    MODEL(import_sigma, 0, 100),
    OWN("model", "import_sectors", "all", K_LIST, 0, 0),
    MODEL(freight, 0, 0.05),
    OWN("model", "customs_union", "none", K_LIST, 0, 0),
    IN("model", stop_at_once, K_INT, 0, 2, T_MODEL, ss_config),
    IN("model", commission_income, K_FLAG, 0, 1, T_MODEL, ss_config),
    CHOICE("model", "closure", T_MODEL, ss_config, closure, "partial|general", SS_PARTIAL),
    CHOICE("model", "balance", T_MODEL, ss_config, balance, "additive|multiplicative|conditional",
           0),
    MODEL(settlement_cost, 0, 10),
    OWN("group", "members", NULL, K_LIST, 0, 0),
    OWN("sanction", "by", NULL, K_LIST, 0, 0),
    OWN("sanction", "target", NULL, K_LIST, 0, 0),
    OWN("sanction", "sectors", "all", K_LIST, 0, 0),
    CHOICE("sanction", "kind", T_MEASURE, ss_measure, kind, "ban|penalty|price_cap", SS_BAN),
    {"sanction", "penalty", NULL, K_NUM, 0, 1e6, T_MEASURE, offsetof(ss_measure, rate), NULL, 0},
    IN("sanction", cap, K_NUM, 0, 1e6, T_MEASURE, ss_measure),
    IN("sanction", cap_enforcement, K_NUM, 0, 1, T_MEASURE, ss_measure),
    CHOICE("sanction", "direction", T_MEASURE, ss_measure, direction, "export|import|both",
           SS_EXPORT),
    CHOICE("sanction", "evasion", T_MEASURE, ss_measure, evasion, "transit|payment|none",
           SS_EVADE_TRANSIT),
    OWN("sanction", "start", NULL, K_DATE, 0, 0),
    OWN("sanction", "end", "", K_DATE, 0, 0),
    OWN("intermediaries", "candidates", "all", K_LIST, 0, 0),
    AGENT(base_commission, 0, 10),
    AGENT(loss, 0, 100),
    AGENT(capacity, 0, 1e6),
    AGENT(congestion_price, 0, 100),
    AGENT(congestion_power, 0, 10),
    AGENT(leverage, 0, 10),
    AGENT(price_speed, 0, 1),
    AGENT(invest_speed, 0, 1),
    AGENT(lost_in_transit, 0, 1),
    AGENT(reach_start, 1e-6, 1),
    AGENT(reach_max, 1e-6, 1),
    AGENT(reach_speed, 0, 1),
    IN("agent", capacity_bound, K_FLAG, 0, 1, T_AGENT, ss_agent),
    IN("agent", willing, K_FLAG, 0, 1, T_AGENT, ss_agent),
    IN("agent", choose, K_FLAG, 0, 1, T_AGENT, ss_agent),
    AGENT(switching_cost, 0, 10),
    AGENT(choice_noise, 0.001, 10),
    AGENT(inducement, 0, 1e6),
    ENF(enforcement, 0, 1000),
    ENF(base_hazard, 0, 1000),
    ENF(surge_hazard, 0, 1000),
    ENF(secondary_penalty, 0, 1e6),
    ENF(attention_lag, 0, 0.99),
    IN("enforcement", secondary_months, K_INT, 0, 1200, T_ENFORCER, ss_enforcer),
    CHOICE("enforcement", "mode", T_ENFORCER, ss_enforcer, mode, "random|expected", SS_RANDOM),
    CHOICE("enforcement", "watches", T_ENFORCER, ss_enforcer, watches, "all|candidates",
           SS_WATCH_ALL),
    OWN("enforcement", "watch_only", "", K_LIST, 0, 0),
    OWN("bloc", "members", NULL, K_LIST, 0, 0),
    OWN("bloc", "start", NULL, K_DATE, 0, 0),
    OWN("bloc", "end", "", K_DATE, 0, 0),
    BLOC(preference, -0.5, 0),
    BLOC(external, 0, 10),
    OWN("bloc", "sectors", "all", K_LIST, 0, 0),
    OWN("corridor", "from", NULL, K_LIST, 0, 0),
    OWN("corridor", "to", NULL, K_LIST, 0, 0),
    OWN("corridor", "sectors", "all", K_LIST, 0, 0),
    CHOICE("corridor", "direction", T_CORRIDOR, ss_corridor, direction, "export|import|both",
           SS_EXPORT),
    OWN("corridor", "start", NULL, K_DATE, 0, 0),
    OWN("corridor", "end", "", K_DATE, 0, 0),
    CORR(change, -0.5, 0),
    CORR(capacity, 0, 1e9),
    CORR(growth, 0, 1),
    CHOICE("corridor", "condition", T_CORRIDOR, ss_corridor, condition, "none|caught|transit",
           SS_HOLD_ALWAYS),
    OWN("corridor", "offer", "", K_LIST, 0, 0),
    IN("corridor", memory, K_INT, 1, 1200, T_CORRIDOR, ss_corridor),
    CORR(threshold, 0, 100),
    OWN("payments", "members", NULL, K_LIST, 0, 0),
    OWN("payments", "start", "", K_DATE, 0, 0),
    OWN("payments", "end", "", K_DATE, 0, 0),
    /* Supply curves: the model holds one elasticity per country and
     * sector (ss_config.supply), so the key's range is here. */
    OWN("supply", "countries", "all", K_LIST, 0, 0),
    OWN("supply", "sectors", "all", K_LIST, 0, 0),
    OWN("supply", "elasticity", NULL, K_NUM, 0, 100),
    OWN("change", "date", NULL, K_DATE, 0, 0),
    OWN("links", "file", NULL, K_TEXT, 0, 0),
    OWN("links", "start", NULL, K_DATE, 0, 0),
    OWN("links", "end", "", K_DATE, 0, 0),
    /* Factors on every intermediary's and enforcer's value, dated changes
     * included: one key moves them all (scenario_load.c, scale_of). */
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
    /* Read by `sanctsim sweep`; a run ignores them. */
    OWN("sweep", "vary", "", K_TEXT, 0, 0),
    OWN("sweep", "sample", "", K_TEXT, 0, 0),
    OWN("sweep", "points", "", K_TEXT, 0, 0),
    OWN("sweep", "design", "", K_TEXT, 0, 0),
    OWN("sweep", "replicates", "", K_TEXT, 0, 0),
    /* What a run folder holds (scenario_load.c, load_output). */
    OWN("output", "tables", "all", K_LIST, 0, 0),
    {"output", "flows", "routes", K_CHOICE, 0, 0, T_NONE, 0, "routes|direct", 0},
    OWN("output", "compress", "0", K_FLAG, 0, 1),
};
const size_t sc_nspecs = sizeof sc_specs / sizeof sc_specs[0];

/* Section kinds, whether each takes a label ("[sanction NAME]"), and
 * whether a [change] reaches one of them by its label
 * (change.N.sanction.NAME.penalty), in the order an unknown section's
 * message lists them. The order in which they are loaded is in
 * scenario_load.c (load_steps). */
static const struct {
    const char *type;
    int labelled, changed;
} kinds[] = {
    {"scenario", 0, 0}, {"model", 0, 0},          {"group", 1, 1},        {"sanction", 1, 1},
    {"links", 1, 0},    {"intermediaries", 0, 0}, {"intermediary", 1, 1}, {"enforcement", 1, 1},
    {"change", 1, 0},   {"scale", 0, 0},          {"sweep", 0, 0},        {"bloc", 1, 1},
    {"corridor", 1, 1}, {"payments", 1, 0},       {"supply", 1, 0},       {"output", 0, 0}};
#define NKINDS (sizeof kinds / sizeof kinds[0])

int sc_changed_by_label(const char *type)
{
    for (size_t t = 0; t < NKINDS; t++)
        if (strcmp(kinds[t].type, type) == 0)
            return kinds[t].changed;
    return 0;
}

/* ---- errors -------------------------------------------------------------- */

static int fail_va(ss_diag *d, int status, const char *file, long line, const char *key,
                   const char *fmt, va_list ap)
{
    if (d) {
        /* Entries from --set carry line -1. */
        snprintf(d->file, sizeof d->file, "%s", line < 0 ? "--set" : file);
        d->line = line < 0 ? 0 : line;
        snprintf(d->key, sizeof d->key, "%s", key ? key : "");
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    }
    return status;
}

int sc_fail_status(ss_diag *d, int status, const char *file, long line, const char *key,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_va(d, status, file, line, key, fmt, ap);
    va_end(ap);
    return status;
}

int sc_fail_in_status(ss_diag *d, int status, const ss_scenario *s, long place, const char *key,
                      const char *fmt, ...)
{
    long line = place;
    const char *file = place < 0 ? s->path : ss_scenario_place(s, place, &line);
    va_list ap;
    va_start(ap, fmt);
    fail_va(d, status, file, line, key, fmt, ap);
    va_end(ap);
    return status;
}

const char *ss_scenario_place(const ss_scenario *s, long place, long *line)
{
    size_t at = place < 0 ? 0 : (size_t)(place / SS_FILE_STRIDE);
    *line = place < 0 ? place : place % SS_FILE_STRIDE;
    return at < s->nfiles ? s->files[at] : s->path;
}

int sc_oom(ss_diag *d)
{
    return ss_diag_set(d, SS_ENOMEM, "out of memory");
}

/* ---- the table ------------------------------------------------------------- */

int sc_section_matches(const char *spec_section, const char *type)
{
    if (strcmp(spec_section, "agent") == 0)
        return strcmp(type, "intermediaries") == 0 || strcmp(type, "intermediary") == 0;
    return strcmp(spec_section, type) == 0;
}

const sc_spec *sc_find_spec(const char *type, const char *key)
{
    for (size_t i = 0; i < sc_nspecs; i++)
        if (sc_section_matches(sc_specs[i].section, type) && strcmp(sc_specs[i].key, key) == 0)
            return &sc_specs[i];
    return NULL;
}

int sc_settable(const sc_spec *sp)
{
    return sp->target != T_NONE && sp->kind != K_CHOICE;
}

double sc_field(const void *base, const sc_spec *sp)
{
    const char *field = (const char *)base + sp->offset;
    if (sp->kind == K_FLAG || sp->kind == K_CHOICE)
        return *(const int *)(const void *)field;
    if (sp->kind == K_INT)
        return (double)*(const long *)(const void *)field;
    return *(const double *)(const void *)field;
}

void sc_store(void *base, const sc_spec *sp, double v)
{
    char *field = (char *)base + sp->offset;
    if (sp->kind == K_FLAG || sp->kind == K_CHOICE)
        *(int *)(void *)field = (int)v;
    else if (sp->kind == K_INT)
        *(long *)(void *)field = (long)v;
    else
        *(double *)(void *)field = v;
}

/* The model's defaults, by where a key lives. */
static const void *model_default(int target)
{
    switch (target) {
    case T_MODEL:
        return &ss_config_default;
    case T_AGENT:
        return &ss_agent_default;
    case T_ENFORCER:
        return &ss_enforcer_default;
    case T_BLOC:
        return &ss_bloc_default;
    case T_CORRIDOR:
        return &ss_corridor_default;
    default:
        return &ss_measure_default;
    }
}

const char *sc_default_text(const sc_spec *sp, char *buf, size_t size)
{
    if (sp->target == T_NONE)
        return sp->def;
    double v = sc_field(model_default(sp->target), sp);
    if (sp->kind == K_CHOICE) {
        /* The word of the choice whose value v is. */
        const char *c = sp->choices;
        for (int i = (int)v - sp->first; i > 0 && strchr(c, '|'); i--)
            c = strchr(c, '|') + 1;
        snprintf(buf, size, "%.*s", (int)strcspn(c, "|"), c);
        return buf;
    }
    /* The shortest of these that reads back as the same number. */
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
    return buf;
}

/* ---- the structure: kinds of sections and their keys ----------------------- */

void sc_known_keys(const char *type, int settable, const char *word, char *known, size_t size,
                   ss_nearest *near)
{
    known[0] = '\0';
    for (size_t q = 0; q < sc_nspecs; q++) {
        const sc_spec *sp = &sc_specs[q];
        if (!sc_section_matches(sp->section, type) || (settable && !sc_settable(sp)))
            continue;
        const size_t len = strlen(known);
        snprintf(known + len, size - len, "%s%s", len ? ", " : "", sp->key);
        ss_nearest_try(near, word, sp->key);
    }
}

/* "unknown key" with the keys that the section's kind knows, and the
 * nearest of them when the key looks like a typo of it, or else the
 * section whose key it is ([intermediaries]' candidates written in an
 * [intermediary X]). */
static int unknown_key(const ss_scenario *s, const ss_section *sec, const ss_entry *e, ss_diag *d)
{
    char known[512], hint[160], whose[128] = "";
    ss_nearest near = SS_NEAREST;
    sc_known_keys(sec->type, 0, e->key, known, sizeof known, &near);
    ss_nearest_hint(&near, "", "", hint, sizeof hint);
    size_t n = 0;
    for (size_t t = 0; t < NKINDS && !hint[0]; t++)
        if (strcmp(kinds[t].type, "change") != 0 && sc_find_spec(kinds[t].type, e->key)) {
            char kind[48];
            snprintf(kind, sizeof kind, "[%s%s]", kinds[t].type, kinds[t].labelled ? " NAME" : "");
            sc_name_add(whose, sizeof whose, n++, kind);
        }
    return sc_fail_in(d, s, e->line, e->key,
                      "unknown key '%s' in [%s%s%s]%s%s%s%s: expected one of %s", e->key, sec->type,
                      sec->label ? " " : "", sec->label ? sec->label : "", hint,
                      n ? " (it is a key of " : "", whose, n ? ")" : "", known);
}

/* The kind nearest to a section's type among those that take a name
 * (labelled, then written with `name`, or NAME when NULL) or none, into
 * hint as " (did you mean [KIND NAME]?)"; "" when none is near. A kind
 * whose name is the type's but for its ending ([intermediary] and
 * [intermediaries]) is nearest. */
static const char *nearest_kind(const char *type, int labelled, const char *name, char *hint,
                                size_t size)
{
    char close[48]; /* a name too long for a hint is written NAME */
    snprintf(close, sizeof close, "%s%s]", labelled ? " " : "",
             !labelled                   ? ""
             : name && strlen(name) < 40 ? name
                                         : "NAME");
    ss_nearest near = SS_NEAREST;
    for (size_t t = 0; t < NKINDS; t++) {
        const char *kind = kinds[t].type;
        const size_t stem = (strlen(kind) < strlen(type) ? strlen(kind) : strlen(type)) - 1;
        if (kinds[t].labelled != labelled || strcmp(kind, type) == 0)
            continue;
        if (stem >= 4 && strncmp(kind, type, stem) == 0) {
            snprintf(hint, size, " (did you mean [%s%s?)", kind, close);
            return hint;
        }
        ss_nearest_try(&near, type, kind);
    }
    return ss_nearest_hint(&near, "[", close, hint, size);
}

/* "unknown section" with the kinds there are, and the nearest: of those
 * named as it is (with a name or without) when one is near. */
static int unknown_section(const ss_scenario *s, const ss_section *sec, ss_diag *d)
{
    char known[256] = "", hint[160];
    for (size_t t = 0; t < NKINDS; t++) {
        size_t len = strlen(known);
        snprintf(known + len, sizeof known - len, "%s%s",
                 t == 0           ? ""
                 : t + 1 < NKINDS ? ", "
                                  : " or ",
                 kinds[t].type);
    }
    const int labelled = sec->label != NULL;
    if (!nearest_kind(sec->type, labelled, sec->label, hint, sizeof hint)[0])
        nearest_kind(sec->type, !labelled, NULL, hint, sizeof hint);
    return sc_fail_in(d, s, sec->line, NULL, "unknown section [%s]%s: expected %s", sec->type, hint,
                      known);
}

int sc_check_structure(ss_scenario *s, ss_diag *d)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        size_t t = 0;
        while (t < NKINDS && strcmp(kinds[t].type, sec->type) != 0)
            t++;
        if (t == NKINDS)
            return unknown_section(s, sec, d);
        char hint[160];
        if (kinds[t].labelled && !sec->label)
            return sc_fail_in(d, s, sec->line, NULL, "[%s] needs a name, as in [%s NAME]%s",
                              sec->type, sec->type,
                              nearest_kind(sec->type, 0, NULL, hint, sizeof hint));
        if (!kinds[t].labelled && sec->label)
            return sc_fail_in(d, s, sec->line, NULL, "[%s] takes no name (found '%s')%s", sec->type,
                              sec->label,
                              nearest_kind(sec->type, 1, sec->label, hint, sizeof hint));
        const ss_section *first = sc_find_section(s, sec->type, sec->label);
        long at; /* both in one file: sections of a base and its child are merged */
        ss_scenario_place(s, first->line, &at);
        if (first != sec)
            return sc_fail_in(d, s, sec->line, NULL,
                              "section [%s%s%s] appears twice (first at line %ld)", sec->type,
                              sec->label ? " " : "", sec->label ? sec->label : "", at);
        if (strcmp(sec->type, "change") == 0)
            continue; /* its keys name other sections' keys; checked when resolved */
        if (strcmp(sec->type, "sweep") == 0)
            continue; /* read and checked by sanctsim sweep */
        for (size_t e = 0; e < sec->n; e++)
            if (!sc_find_spec(sec->type, sec->entry[e].key))
                return unknown_key(s, sec, &sec->entry[e], d);
    }
    return SS_OK;
}

/* ---- values ---------------------------------------------------------------- */

void sc_name_add(char *list, size_t size, size_t n, const char *item)
{
    size_t len = strlen(list);
    if (len + 24 < size)
        snprintf(list + len, size - len, "%s%s", n ? ", " : "", item);
}

size_t sc_file_labels(const ss_scenario *s, const char *type, char *list, size_t size)
{
    size_t n = 0;
    list[0] = '\0';
    for (size_t i = 0; i < s->nsec; i++)
        if (s->sec[i].line >= 0 && s->sec[i].label && strcmp(s->sec[i].type, type) == 0)
            sc_name_add(list, size, n++, s->sec[i].label);
    return n;
}

/* The index in s->files of the file that section sec first appears in
 * (a section its bases have keeps their line); SIZE_MAX for one --set made. */
static size_t file_of(const ss_section *sec)
{
    return sec->line < 0 ? SIZE_MAX : (size_t)(sec->line / SS_FILE_STRIDE);
}

int sc_added_over_base(const ss_scenario *s, const ss_section *sec)
{
    return sec->label && sec->line >= 0 && file_of(sec) + 1 < s->nfiles;
}

const ss_section *sc_nearest_label(const ss_scenario *s, const char *type, const char *label,
                                   const ss_section *over, char *buf, size_t size)
{
    ss_nearest near = SS_NEAREST;
    const ss_section *found = NULL;
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (sec->line < 0 || !sec->label || strcmp(sec->type, type) != 0 ||
            (over && !(file_of(sec) > file_of(over))))
            continue;
        const size_t was = near.dist;
        ss_nearest_try(&near, label, sec->label);
        if (near.dist < was)
            found = sec;
    }
    ss_nearest_hint(&near, "", "", buf, size);
    return buf[0] ? found : NULL;
}

const char *sc_label_hint(const ss_scenario *s, const char *type, const char *label, char *buf,
                          size_t size)
{
    sc_nearest_label(s, type, label, NULL, buf, size);
    return buf;
}

const char *sc_value_of(const ss_scenario *s, const ss_section *sec, const char *key, long *line,
                        ss_diag *d)
{
    const ss_entry *e = sc_find_entry(sec, key);
    *line = e ? e->line : (sec ? sec->line : 1);
    if (e)
        return e->value;
    const sc_spec *sp = sc_find_spec(sec ? sec->type : "scenario", key);
    if (sp && sp->def)
        return sp->def;
    /* A section that only --set made is most likely a misspelt label: name
     * the file's sections of that type. So may be one that a file adds
     * over its base, when a base has one of a name near it. */
    char theirs[256] = "", hint[160] = "";
    const int made = sec && sec->line < 0 && sec->label;
    if (made && !sc_label_hint(s, sec->type, sec->label, hint, sizeof hint)[0])
        sc_file_labels(s, sec->type, theirs, sizeof theirs);
    const int added = sec && sc_added_over_base(s, sec) &&
                      sc_nearest_label(s, sec->type, sec->label, sec, hint, sizeof hint);
    sc_fail_in(d, s, *line, key, "[%s%s%s] needs '%s'%s%s%s%s%s", sec ? sec->type : "scenario",
               sec && sec->label ? " " : "", sec && sec->label ? sec->label : "", key,
               made    ? ": --set made this section, which no file read has"
               : added ? ": no base file has this section"
                       : "",
               hint, theirs[0] ? " (the file's: " : "", theirs, theirs[0] ? ")" : "");
    return NULL;
}

int sc_parse_date(const char *text, int *year, int *month)
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

int sc_month_of(const ss_scenario *s, const char *text, long line, const char *key, long *out,
                ss_diag *d)
{
    int y, m;
    char first[32], last[32], next[32];
    ss_scenario_month(s, 0, first, sizeof first);
    ss_scenario_month(s, 1, next, sizeof next);
    ss_scenario_month(s, s->months - 1, last, sizeof last);
    if (sc_parse_date(text, &y, &m))
        return sc_fail_in(d, s, line, key,
                          "%s = '%s' is not a date: expected YYYY-MM, the month 01 to 12", key,
                          text);
    long t = (long)(y - s->year0) * 12 + (m - s->month0);
    if (t < 1 || t >= s->months)
        return sc_fail_in(d, s, line, key,
                          "%s = %s is outside the run: expected a month from %s to %s (%s is the "
                          "baseline, which is never altered)%s",
                          key, text, next, last, first,
                          t >= s->months ? "; move the date inside the run (--set its key, or "
                                           "edit a copy of the file) or lengthen the run "
                                           "(scenario.months); for fewer months of the same "
                                           "policy, run it whole and read the months wanted"
                                         : "; move the date inside the run (--set its key, or "
                                           "edit a copy of the file) or start the run earlier "
                                           "(scenario.start, with scenario.months to match)");
    *out = t;
    return SS_OK;
}

int sc_dates_of(const ss_scenario *s, const ss_section *sec, long *start, long *end, ss_diag *d)
{
    long line;
    const char *text = sc_value_of(s, sec, "start", &line, d);
    int rc = text ? sc_month_of(s, text, line, "start", start, d) : SS_EINVAL;
    *end = -1;
    if (rc || !*(text = sc_value_of(s, sec, "end", &line, d))) /* end defaults to "" */
        return rc;
    rc = sc_month_of(s, text, line, "end", end, d);
    if (!rc && *end < *start) {
        long start_line;
        rc = sc_fail_in(d, s, line, "end", "end = %s is before start = %s: dates out of order",
                        text, sc_value_of(s, sec, "start", &start_line, d));
    }
    return rc;
}

int sc_number_of(const ss_scenario *s, const sc_spec *sp, const char *text, long line, double *out,
                 ss_diag *d)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    /* Decimal numbers only: strtod would also read hexadecimal and "inf". */
    int decimal = strspn(text, " \t+-0123456789.eE") == strlen(text);
    /* A percentage (7%, or 5 for a share between -1 and 1: -15 for a cut
     * of at most half, -0.5 to 0; 15 for a rate up to 10 such as a
     * commission, where 15 is out of range) of a key that takes any number
     * gets the share it meant, most likely, when that share is in the
     * key's range. */
    const int percent = end != text && *end == '%' && end[1 + strspn(end + 1, " \t")] == '\0' &&
                        strspn(text, " \t+-0123456789.eE") == (size_t)(end - text);
    const double top = v < sp->lo || v > sp->hi ? 10 : 1; /* the widest range read as shares */
    char hint[96] = "";
    if (sp->kind == K_NUM && isfinite(v) && v / 100 >= sp->lo && v / 100 <= sp->hi &&
        (percent || (sp->lo >= -1 && sp->hi <= top && fabs(v) > 1 && fabs(v) <= 100)))
        ss_share_hint(v, hint, sizeof hint);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v) || !decimal) {
        /* What trials wrote: "0.06   # six percent", "24;comment" and "0,06". */
        const int comment = end != text && (*end == '#' || *end == ';'),
                  comma = end != text && *end == ',' && isdigit((unsigned char)end[1]);
        const int flag = sp->kind == K_FLAG;
        const char *why = comment   ? (flag ? " (expected 0 or 1; " COMMENT_HINT ")"
                                            : " (" COMMENT_HINT ")")
                          : flag    ? " (expected 0 or 1)"
                          : percent ? hint
                          : comma   ? " (a decimal point, not a comma)"
                                    : "";
        return sc_fail_in(d, s, line, sp->key, "%s = '%s' is not a number%s", sp->key, text, why);
    }
    if ((sp->kind == K_INT || sp->kind == K_FLAG) && v != floor(v))
        return sc_fail_in(d, s, line, sp->key, "%s = %s is not a whole number", sp->key, text);
    if (v < sp->lo || v > sp->hi)
        return sc_fail_in(d, s, line, sp->key, "%s = %s is out of range: expected %.16g to %.16g%s",
                          sp->key, text, sp->lo, sp->hi, hint); /* as `help keys` prints them */
    *out = v;
    return SS_OK;
}

int sc_choice_in(const ss_scenario *s, const ss_section *sec, const char *key, int *out, ss_diag *d)
{
    const ss_entry *e = sc_find_entry(sec, key);
    if (!e)
        return SS_OK;
    const sc_spec *sp = sc_find_spec(sec->type, key);
    const char *c = sp->choices;
    char list[256] = "";
    int cased = 0; /* the value in other letters: Expected for expected */
    for (int i = 0; *c; i++) {
        size_t len = strcspn(c, "|");
        if (strlen(e->value) == len && strncmp(e->value, c, len) == 0) {
            *out = sp->first + i;
            return SS_OK;
        }
        cased |= strlen(e->value) == len && strncasecmp(e->value, c, len) == 0;
        const size_t at = strlen(list);
        snprintf(list + at, sizeof list - at, "%s%.*s", i ? ", " : "", (int)len, c);
        c += len + (c[len] == '|');
    }
    return sc_fail_in(d, s, e->line, key, "%s = '%s': expected one of %s%s", key, e->value, list,
                      cased ? " (in lower case)" : "");
}

/* ---- countries, groups and sectors --------------------------------------- */

/* The initials of a country's name, of its words that start with a capital
 * ("United States of America": USA); 0 when there are fewer than two or
 * they do not fit. */
static int name_initials(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (const char *c = name; *c; c++)
        if (isupper((unsigned char)*c) && (c == name || c[-1] == ' ' || c[-1] == '-')) {
            if (n + 1 >= size)
                return 0;
            out[n++] = *c;
        }
    out[n] = '\0';
    return n >= 2;
}

const char *ss_scenario_country_hint(const ss_scenario *s, const char *name, int groups, char *buf,
                                     size_t size)
{
    if (name[0] == '#') { /* "KAZ TUR # the two": a comment read as names */
        snprintf(buf, size, " (" COMMENT_HINT ")");
        return buf;
    }
    const ss_world *w = s->world;
    for (size_t i = 0; i < w->n; i++)
        if (strcasecmp(name, w->name[i]) == 0 || strcasecmp(name, w->iso3[i]) == 0) {
            snprintf(buf, size, " (%s is %s)", w->name[i], w->iso3[i]);
            return buf;
        }
    /* The start of one country's name, as "Russia" of "Russian Federation",
     * or its initials, as "UAE" of "United Arab Emirates" (a trial's). */
    size_t starts = 0, initialled = 0, at = 0;
    for (size_t i = 0; strlen(name) >= 4 && i < w->n; i++)
        if (strncasecmp(name, w->name[i], strlen(name)) == 0 && !starts++)
            at = i;
    for (size_t i = 0; !starts && strlen(name) >= 2 && i < w->n; i++) {
        char initials[16];
        if (name_initials(w->name[i], initials, sizeof initials) &&
            strcasecmp(name, initials) == 0 && !initialled++)
            at = i;
    }
    if (starts == 1) {
        snprintf(buf, size, " (%s is %s)", w->name[at], w->iso3[at]);
        return buf;
    }
    /* Initials are a guess: SK is Slovakia's code of two letters, and
     * South Korea's initials. */
    if (!starts && initialled == 1) {
        snprintf(buf, size, " (did you mean %s, %s? countries are named by ISO3 codes)",
                 w->name[at], w->iso3[at]);
        return buf;
    }
    /* The start of one group's name, as "EU" of "EU27". */
    const char *group = NULL;
    int several = 0;
    for (size_t g = 0; groups && *name && g < s->groups.len; g++) {
        const char *name_g = s->groups.at[g].group; /* once per member */
        if (strncasecmp(name, name_g, strlen(name)) == 0) {
            several |= group && strcmp(group, name_g) != 0;
            group = name_g;
        }
    }
    if (group && !several) {
        snprintf(buf, size, " (did you mean %s?)", group);
        return buf;
    }
    ss_nearest near = SS_NEAREST;
    for (size_t i = 0; i < w->n; i++)
        ss_nearest_try(&near, name, w->iso3[i]);
    for (size_t g = 0; groups && g < s->groups.len; g++)
        ss_nearest_try(&near, name, s->groups.at[g].group);
    return ss_nearest_hint(&near, "", "", buf, size);
}

/* Adds the countries of `name` (a country or a group) to out. state holds,
 * per group entry, 1 while that group is being expanded and 2 once done, so
 * that every group is expanded once (a group listed twice, or groups that
 * double each other, cost nothing more) and a cycle is found. */
static int expand_into(const ss_scenario *s, const char *name, const char *file, long line,
                       const char *key, ss_set *out, unsigned char *state, ss_diag *d)
{
    long c = ss_world_country(s->world, name);
    if (c >= 0)
        return ss_set_add(out, (size_t)c) ? sc_oom(d) : SS_OK;
    size_t first = 0;
    while (first < s->groups.len && strcmp(s->groups.at[first].group, name) != 0)
        first++;
    if (first == s->groups.len) {
        char hint[160];
        return sc_fail(d, file, line, key,
                       "unknown country or group '%s'%s: expected a country of the world or a "
                       "group from groups.csv or a [group] section",
                       name, ss_scenario_country_hint(s, name, 1, hint, sizeof hint));
    }
    if (state[first] == 2)
        return SS_OK;
    if (state[first] == 1)
        return sc_fail(d, file, line, key, "group '%s' contains itself (a circular definition)",
                       name);
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

int sc_expand(const ss_scenario *s, const char *name, long place, const char *key, ss_set *out,
              ss_diag *d)
{
    unsigned char *state = calloc(s->groups.len + 1, 1);
    if (!state)
        return sc_oom(d);
    long line;
    const char *file = ss_scenario_place(s, place, &line);
    int rc = expand_into(s, name, file, line, key, out, state, d);
    free(state);
    return rc;
}

/* Splits a list on spaces and commas, calling fn on each item. */
static int each_item(const char *text, int (*fn)(void *, const char *), void *ctx)
{
    const char *item;
    for (size_t len; (len = ss_list_next(&text, &item)) > 0;) {
        char *copy = strndup(item, len);
        int rc = copy ? fn(ctx, copy) : SS_ENOMEM;
        free(copy);
        if (rc)
            return rc;
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
    return sc_expand(c->s, item, c->line, c->key, c->out, c->d);
}

const char *ss_sector_hint(const ss_world *w, const char *bad, char *buf, size_t size)
{
    ss_nearest near = SS_NEAREST;
    for (size_t q = 0; q < w->k; q++)
        ss_nearest_try(&near, bad, w->sector[q]);
    size_t len = strlen(ss_nearest_hint(&near, "", "", buf, size));
    len += (size_t)snprintf(buf + len, len < size ? size - len : 0, ": this world's sectors are ");
    for (size_t q = 0; q < w->k && q <= 12 && len < size; q++)
        len += (size_t)(q == 12
                            ? snprintf(buf + len, size - len, " and %zu more", w->k - q)
                            : snprintf(buf + len, size - len, "%s%s", q ? ", " : "", w->sector[q]));
    if (len < size)
        snprintf(buf + len, size - len, " (or all)");
    return buf;
}

static int sector_item(void *p, const char *item)
{
    list_ctx *c = p;
    if (strcmp(item, "all") == 0) {
        for (size_t q = 0; q < c->s->world->k; q++)
            if (ss_set_add(c->out, q))
                return sc_oom(c->d);
        return SS_OK;
    }
    long q = ss_world_sector(c->s->world, item);
    char hint[640];
    if (q < 0)
        return sc_fail_in(c->d, c->s, c->line, c->key, "unknown sector '%s'%s", item,
                          ss_sector_hint(c->s->world, item, hint, sizeof hint));
    return ss_set_add(c->out, (size_t)q) ? sc_oom(c->d) : SS_OK;
}

int sc_resolve_list(const ss_scenario *s, const ss_section *sec, const char *key, int sectors,
                    ss_set *out, ss_diag *d)
{
    long line;
    const char *text = sc_value_of(s, sec, key, &line, d);
    if (!text)
        return SS_EINVAL;
    list_ctx c = {s, key, line, out, d};
    int rc = each_item(text, sectors ? sector_item : country_item, &c);
    if (!rc && out->len == 0)
        return sc_fail_in(d, s, line, key, "%s is empty: expected at least one %s", key,
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
    long line;
    const char *file = ss_scenario_place(c->s, c->line, &line);
    return ss_groups_add(&c->s->groups, c->group, item, file, line);
}

/* 1 when file is the scenario's or one of its bases (not the world's). */
static int own_file(const ss_scenario *s, const char *file)
{
    for (size_t i = 0; i < s->nfiles; i++)
        if (strcmp(s->files[i], file) == 0)
            return 1;
    return strcmp(s->path, file) == 0;
}

/* A scenario group replaces a world group of the same name. */
int sc_load_group(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    if (ss_world_country(s->world, sec->label) >= 0)
        return sc_fail_in(d, s, sec->line, NULL,
                          "group '%s' has the name of a country: choose another name", sec->label);
    size_t keep = 0;
    for (size_t g = 0; g < s->groups.len; g++) {
        ss_group_entry *e = &s->groups.at[g];
        if (strcmp(e->group, sec->label) == 0 && !own_file(s, e->file)) {
            free(e->group);
            free(e->member);
            free(e->file);
        } else {
            s->groups.at[keep++] = *e;
        }
    }
    if (keep < s->groups.len) {
        char what[128];
        snprintf(what, sizeof what, "%s (groups.csv: %zu direct member%s)", sec->label,
                 s->groups.len - keep, s->groups.len - keep == 1 ? "" : "s");
        sc_name_add(s->replaced_groups, sizeof s->replaced_groups, s->n_replaced_groups++, what);
    }
    s->groups.len = keep;
    long line;
    const char *text = sc_value_of(s, sec, "members", &line, d);
    if (!text)
        return SS_EINVAL;
    group_ctx c = {s, sec->label, line};
    return each_item(text, group_item, &c) ? sc_oom(d) : SS_OK;
}

/* Every group must resolve, used or not: a typo is an error now. One
 * state for all, so that each group is expanded once. */
int sc_check_groups(ss_scenario *s, ss_diag *d)
{
    unsigned char *state = calloc(s->groups.len + 1, 1);
    ss_set tmp = {0};
    int rc = state ? SS_OK : sc_oom(d);
    for (size_t g = 0; g < s->groups.len && !rc; g++)
        rc = expand_into(s, s->groups.at[g].group, s->path, 0, NULL, &tmp, state, d);
    ss_set_clear(&tmp);
    free(state);
    return rc;
}
