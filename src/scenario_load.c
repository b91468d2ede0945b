/* Scenario files, room 3 of 6: the loaders of each section kind, and the
 * whole load as one table of steps in their order (load_steps below). The
 * configuration starts from the model's defaults (ss_config_alloc); each
 * step sets what its sections say, checked against the key table
 * (scenario.c). */
#include "cost.h"
#include "runtables.h"
#include "scenario_internal.h"
#include "table.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* ---- [scale] ----------------------------------------------------------------- */

double ss_scenario_scale(const ss_scenario *s, const char *key)
{
    const ss_entry *e = sc_find_entry(sc_find_section(s, "scale", NULL), key);
    double v = 1;
    return e && ss_parse_number(e->value, &v) == 0 ? v : 1;
}

/* The [scale] factor of a numeric key of the intermediaries or the
 * enforcers (1 for any other key; checked by check_scale). */
static double scale_of(const ss_scenario *s, const sc_spec *sp)
{
    int scalable = (sp->target == T_AGENT || sp->target == T_ENFORCER) && sp->kind == K_NUM;
    return scalable ? ss_scenario_scale(s, sp->key) : 1;
}

/* v times its [scale] factor, which must stay in the key's range. */
static int apply_scale(const ss_scenario *s, const sc_spec *sp, const char *type, const char *label,
                       double *v, ss_diag *d)
{
    double f = scale_of(s, sp), scaled = *v * f;
    if (f == 1)
        return SS_OK;
    if (scaled < sp->lo || scaled > sp->hi) {
        const ss_entry *e = sc_find_entry(sc_find_section(s, "scale", NULL), sp->key);
        return sc_fail_in(d, s, e->line, sp->key,
                          "[scale] %s = %s makes the %s of [%s%s%s] %g (%g times %g), out of "
                          "range: expected %g to %g",
                          sp->key, e->value, sp->key, type, label ? " " : "", label ? label : "",
                          scaled, *v, f, sp->lo, sp->hi);
    }
    *v = scaled;
    return SS_OK;
}

/* Checks the values of [scale]. */
static int check_scale(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    int rc = SS_OK;
    for (size_t i = 0; i < sec->n && !rc; i++) {
        double v;
        rc = sc_number_of(s, sc_find_spec("scale", sec->entry[i].key), sec->entry[i].value,
                          sec->entry[i].line, &v, d);
    }
    return rc;
}

/* ---- numeric keys ----------------------------------------------------------- */

/* A [change] or --set key of a labelled section the file does not have:
 * the nearest of the file's labels of that type, or those there are. */
static int no_section(const ss_scenario *s, long line, const char *key, const char *type,
                      const char *label, ss_diag *d)
{
    ss_nearest near = SS_NEAREST;
    char all[256] = "", hint[320];
    for (size_t i = 0; i < s->nsec; i++)
        if (strcmp(s->sec[i].type, type) == 0 && s->sec[i].label) {
            ss_nearest_try(&near, label, s->sec[i].label);
            size_t len = strlen(all);
            if (len + strlen(s->sec[i].label) + 8 < sizeof all) /* else the list ends in ... */
                snprintf(all + len, sizeof all - len, "%s%s", len ? ", " : "", s->sec[i].label);
            else if (!strstr(all, ", ..."))
                snprintf(all + len, sizeof all - len, ", ...");
        }
    ss_nearest_hint(&near, "", "", hint, sizeof hint);
    if (!hint[0])
        snprintf(hint, sizeof hint, all[0] ? " (the file's: %s)" : " (the file has none)", all);
    return sc_fail_in(d, s, line, key, "no [%s %s] section%s", type, label, hint);
}

/* Sets the value v of one numeric key of [type label] in the configuration,
 * after its [scale] factor. */
static int apply_value(ss_scenario *s, const sc_spec *sp, const char *type, const char *label,
                       double v, long line, ss_diag *d)
{
    int rc = apply_scale(s, sp, type, label, &v, d);
    if (rc)
        return rc;
    ss_config *c = s->config;
    long at;
    switch (sp->target) {
    case T_MODEL:
        sc_store(c, sp, v);
        return SS_OK;
    case T_AGENT:
        if (strcmp(type, "intermediaries") == 0) {
            /* Defaults reach every country without its own value. */
            for (size_t m = 0; m < c->n; m++)
                if (!sc_find_entry(sc_find_section(s, "intermediary", s->world->iso3[m]), sp->key))
                    sc_store(&c->agent[m], sp, v);
            return SS_OK;
        }
        if ((at = ss_world_country(s->world, label)) < 0) {
            /* A [change] or --set names the key, not a section of the file. */
            const ss_section *own = sc_find_section(s, "intermediary", label);
            char buf[160], where[SS_KEY_PART * 3];
            if (own && own->line >= 0)
                snprintf(where, sizeof where, "[intermediary %s]", label);
            else
                snprintf(where, sizeof where, "intermediary.%s.%s", label, sp->key);
            const char *hint = ss_scenario_country_hint(s, label, 0, buf, sizeof buf);
            return sc_fail_in(d, s, line, sp->key, "%s: unknown country '%s'%s%s", where, label,
                              hint, *hint ? "" : ": expected a country of the world");
        }
        sc_store(&c->agent[at], sp, v);
        return SS_OK;
    case T_ENFORCER:
        if ((at = enforcer_index(s, label)) < 0)
            return no_section(s, line, sp->key, "enforcement", label, d);
        sc_store(&c->enforcer[at], sp, v);
        return SS_OK;
    case T_BLOC:
    case T_CORRIDOR:
        if ((at = sc_lever_index(s, sp->target, label)) < 0)
            return no_section(s, line, sp->key, type, label, d);
        sc_store(sp->target == T_BLOC ? (void *)&c->bloc[at] : (void *)&c->corridor[at], sp, v);
        return SS_OK;
    default:
        if ((at = measure_index(s, label)) < 0)
            return no_section(s, line, sp->key, "sanction", label, d);
        sc_store(&c->measure[at], sp, v);
        return SS_OK;
    }
}

/* What a [change] may set, for the messages about what it may not. */
#define CHANGEABLE                                                                                 \
    "a change may set the numeric keys of [model], [intermediaries], [intermediary], "             \
    "[enforcement], [bloc], [corridor] and a sanction's penalty, cap and cap_enforcement, and "    \
    "add or remove a group's members"

/* A key that no [change] can set. */
static int unchangeable(const ss_scenario *s, long line, const char *key, ss_diag *d)
{
    return sc_fail_in(d, s, line, key, "'%s' cannot be set here: " CHANGEABLE, key);
}

/* What moves a key that sets only the state of the run's first month (an
 * intermediary's capacity and reach_start, the processing hubs'
 * bulk_capacity), or NULL for another key. A [change] of one changed
 * nothing, without a word (a helper's hunt). */
static const char *start_only(const sc_spec *sp)
{
    const int agent = strcmp(sp->section, "agent") == 0;
    return agent && strcmp(sp->key, "capacity") == 0      ? "capacity grows at invest_speed"
           : agent && strcmp(sp->key, "reach_start") == 0 ? "reach grows at reach_speed up to "
                                                            "reach_max"
           : strcmp(sp->section, "model") == 0 && strcmp(sp->key, "bulk_capacity") == 0
               ? "the processing hubs' capacity stays as it starts"
               : NULL;
}

/* Sets one numeric key of [type label] from its text; shown: the entry as
 * written, for the errors of a [change]. */
static int apply_key(ss_scenario *s, const char *type, const char *label, const char *key,
                     const char *value, long line, const char *shown, ss_diag *d)
{
    const sc_spec *sp = sc_find_spec(type, key);
    if (!sp) { /* a typo, most likely: the keys a change may set there */
        char known[512], hint[160];
        ss_nearest near = SS_NEAREST;
        sc_known_keys(type, 1, key, known, sizeof known, &near);
        if (known[0])
            return sc_fail_in(d, s, line, key, "unknown key '%s' in [%s]%s: expected one of %s",
                              key, type, ss_nearest_hint(&near, "", "", hint, sizeof hint), known);
        /* No section of that type has keys to set: a sanction's label
         * written as a type (tech-ban.end), or no section at all. */
        if (sc_find_section(s, "sanction", type))
            return sc_fail_in(d, s, line, key,
                              "'%s': a sanction's key is written sanction.%s.%s; " CHANGEABLE,
                              shown, type, key);
        return sc_fail_in(d, s, line, key, "'%s': no section [%s] here: " CHANGEABLE, shown, type);
    }
    if (!sc_settable(sp))
        return unchangeable(s, line, key, d);
    double v;
    int rc = sc_number_of(s, sp, value, line, &v, d);
    return rc ? rc : apply_value(s, sp, type, label, v, line, d);
}

/* The numeric keys a section sets (its other keys are its loader's). */
int sc_apply_section(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    for (size_t i = 0; i < sec->n; i++) {
        const ss_entry *e = &sec->entry[i];
        if (!sc_settable(sc_find_spec(sec->type, e->key)))
            continue;
        int rc = apply_key(s, sec->type, sec->label, e->key, e->value, e->line, e->key, d);
        if (rc)
            return rc;
    }
    return SS_OK;
}

/* The intermediaries' defaults times their [scale] factors; every other
 * default is in the configuration as ss_config_alloc made it. */
static int scale_defaults(ss_scenario *s, ss_diag *d)
{
    for (size_t i = 0; i < sc_nspecs; i++) {
        const sc_spec *sp = &sc_specs[i];
        if (sp->target != T_AGENT || scale_of(s, sp) == 1)
            continue;
        int rc = apply_value(s, sp, "intermediaries", NULL, sc_field(&ss_agent_default, sp), 1, d);
        if (rc)
            return rc;
    }
    return SS_OK;
}

/* ---- sections ------------------------------------------------------------------ */

/* The general closure in config c, the scenario's or as a [change] leaves
 * it (`when` says which, line is the place to name): sigma above 1, and no
 * production relocation. Its equilibrium would read the relocated demand
 * weights as a new baseline, so spending, deficits and sales drift and
 * relocation's cost is lost (a helper's hunt: Armenia's real income 1.323
 * in the report's relocation scenario under that closure, against 1.005;
 * docs/model.md, section 9). */
static int check_general(ss_scenario *s, const ss_config *c, long line, const char *when,
                         ss_diag *d)
{
    if (c->closure != SS_GENERAL)
        return SS_OK;
    if (!(c->sigma > 1))
        return sc_fail_in(
            d, s, line, "closure",
            "closure = general needs sigma > 1 (the equilibrium has no sigma = 1 limit)%s", when);
    if (c->relocation_speed > 0)
        return sc_fail_in(d, s, line, "closure",
                          "closure = general cannot take relocation_speed = %g: its equilibrium "
                          "would read the relocated demand weights as a new baseline, and "
                          "spending, deficits and relocation's cost would drift; use closure = "
                          "partial or relocation_speed = 0%s",
                          c->relocation_speed, when);
    return SS_OK;
}

/* closure, balance and relocation_markets of [model]. */
static int load_closure(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = sc_find_section(s, "model", NULL);
    int rc = sc_choice_in(s, sec, "closure", &s->config->closure, d);
    const double cs = s->config->commodity_sigma;
    if (!rc && cs > 0 && cs < 1)
        rc = sc_fail_in(d, s, sc_find_entry(sec, "commodity_sigma")->line, "commodity_sigma",
                        "commodity_sigma = %g: expected 0 (the commodities use sigma) or an "
                        "elasticity of at least 1",
                        cs);
    const ss_entry *general = sc_find_entry(sec, "closure"); /* none: the partial closure */
    if (!rc && general)
        rc = check_general(s, s->config, general->line, "", d);
    if (!rc)
        rc = sc_choice_in(s, sec, "relocation_markets", &s->config->relocation_markets, d);
    return rc ? rc : sc_choice_in(s, sec, "balance", &s->config->balance, d);
}

int sc_customs_union(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = sc_find_section(s, "model", NULL);
    const ss_entry *e = sc_find_entry(sec, "customs_union");
    if (!e || strcmp(e->value, "none") == 0)
        return SS_OK; /* no customs union */
    ss_set members = {0};
    int rc = sc_resolve_list(s, sec, "customs_union", 0, &members, d);
    for (size_t m = 0; !rc && m < s->config->n; m++)
        s->config->agent[m].customs_union = ss_set_has(&members, m);
    ss_set_clear(&members);
    return rc;
}

/* A commodity with an elasticity of its own (commodity_sigma in config c)
 * that import_sectors names, or SIZE_MAX: such a sector has one nest over
 * every origin (docs/model.md, "The import nest"). */
static size_t nested_commodity(const ss_scenario *s, const ss_config *c)
{
    for (size_t q = 0; c->import_nest && c->commodity_sigma > 0 && q < c->k; q++)
        if (c->import_nest[q] && s->world->commodity && s->world->commodity[q])
            return q;
    return SIZE_MAX;
}

/* The message for nested_commodity's sector q. */
static int fail_nested_commodity(ss_scenario *s, const ss_config *c, size_t q, long line,
                                 const char *when, ss_diag *d)
{
    return sc_fail_in(d, s, line, "import_sectors",
                      "import_sectors names %s, a commodity with commodity_sigma = %g, which "
                      "has one nest over every origin: leave it out%s",
                      s->world->sector[q], c->commodity_sigma, when);
}

/* import_sectors of [model]: the sectors with the import nest (all by
 * default), none of them a commodity with an elasticity of its own. */
static int load_import_sectors(ss_scenario *s, const ss_section *sec, ss_diag *d)
{
    const ss_entry *e = sc_find_entry(sec, "import_sectors");
    if (!e || strcmp(e->value, "all") == 0)
        return SS_OK;
    ss_config *c = s->config;
    ss_set sectors = {0};
    int rc = sc_resolve_list(s, sec, "import_sectors", 1, &sectors, d);
    if (!rc && !(c->import_nest = calloc(c->k, 1)))
        rc = sc_oom(d);
    for (size_t b = 0; !rc && b < sectors.len; b++)
        c->import_nest[sectors.at[b]] = 1;
    ss_set_clear(&sectors);
    const size_t q = rc ? SIZE_MAX : nested_commodity(s, c);
    return q != SIZE_MAX ? fail_nested_commodity(s, c, q, e->line, "", d) : rc;
}

/* closure, balance, customs_union and import_sectors of [model]. */
static int load_model(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = sc_find_section(s, "model", NULL);
    int rc = load_closure(s, d);
    if (!rc)
        rc = sc_customs_union(s, d);
    return rc ? rc : load_import_sectors(s, sec, d);
}

static int load_candidates(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = sc_find_section(s, "intermediaries", NULL);
    const ss_entry *e = sc_find_entry(sec, "candidates");
    if (!e || strcmp(e->value, "all") == 0)
        return SS_OK; /* every country is a candidate */
    if (strcmp(e->value, "none") == 0) { /* no evasion through intermediaries */
        for (size_t m = 0; m < s->config->n; m++)
            s->config->agent[m].candidate = 0;
        return SS_OK;
    }
    ss_set chosen = {0};
    int rc = sc_resolve_list(s, sec, "candidates", 0, &chosen, d);
    for (size_t m = 0; !rc && m < s->config->n; m++)
        s->config->agent[m].candidate = ss_set_has(&chosen, m);
    ss_set_clear(&chosen);
    return rc;
}

/* What a sanction's keys say, beyond its lists and choices. */
static int check_measure(const ss_scenario *s, const ss_section *sec, const ss_measure *m,
                         ss_diag *d)
{
    if (m->by.len == 1 && m->target.len == 1 && m->by.at[0] == m->target.at[0])
        return sc_fail_in(d, s, sc_find_entry(sec, "by")->line, "by",
                          "[sanction %s]: by and target are the same one country, %s: a sanction "
                          "restricts trade between different countries, so this one would do "
                          "nothing",
                          sec->label, s->world->iso3[m->by.at[0]]);
    if (m->kind == SS_PENALTY && !sc_find_entry(sec, "penalty"))
        return sc_fail_in(d, s, sec->line, "penalty",
                          "[sanction %s] is a penalty and needs 'penalty' (e.g. 0.35 for +35 %%)",
                          sec->label);
    if (m->kind != SS_PRICE_CAP)
        return SS_OK;
    if (!sc_find_entry(sec, "cap") || !sc_find_entry(sec, "penalty"))
        return sc_fail_in(
            d, s, sec->line, sc_find_entry(sec, "cap") ? "penalty" : "cap",
            "[sanction %s] is a price cap and needs 'cap' (the cap as a ratio to the "
            "target's baseline price, e.g. 0.87) and 'penalty' (what the services that "
            "replace the coalition's cost, e.g. 0.1 for +10 %%)",
            sec->label);
    const ss_entry *e = sc_find_entry(sec, "evasion");
    if (e)
        return sc_fail_in(d, s, e->line, "evasion",
                          "[sanction %s]: a price cap is evaded only by the dearer services its "
                          "'penalty' prices, so it takes no 'evasion'",
                          sec->label);
    /* direction = export, the default, is what run folders written before
     * the fifteenth session hold: read as nothing. */
    if ((e = sc_find_entry(sec, "direction")) && strcmp(e->value, "export") != 0)
        return sc_fail_in(d, s, e->line, "direction",
                          "[sanction %s]: a price cap acts on the target's sales in its sectors, "
                          "whoever buys them, so it takes no 'direction'",
                          sec->label);
    return SS_OK;
}

static int load_measure(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    ss_measure m = ss_measure_default;
    int rc;
    if ((rc = sc_resolve_list(s, sec, "by", 0, &m.by, d)) ||
        (rc = sc_resolve_list(s, sec, "target", 0, &m.target, d)) ||
        (rc = sc_resolve_list(s, sec, "sectors", 1, &m.sectors, d)) ||
        (rc = sc_choice_in(s, sec, "kind", &m.kind, d)) ||
        (rc = sc_choice_in(s, sec, "direction", &m.direction, d)) ||
        (rc = sc_choice_in(s, sec, "evasion", &m.evasion, d)) ||
        (rc = sc_dates_of(s, sec, &m.start, &m.end, d)) || (rc = check_measure(s, sec, &m, d)))
        goto done;
    m.name = sec->label;
    m.by_name = sc_find_entry(sec, "by")->value;
    if (m.kind == SS_PRICE_CAP) /* it lowers the target's realised price; nothing to detour */
        m.evasion = SS_EVADE_NONE;
    if (ss_config_add_measure(s->config, &m) < 0)
        rc = sc_oom(d);
done:
    ss_set_clear(&m.by);
    ss_set_clear(&m.target);
    ss_set_clear(&m.sectors);
    return rc ? rc : sc_apply_section(s, sec, d);
}

static int load_enforcer(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    ss_enforcer e = ss_enforcer_default;
    e.name = sec->label;
    int rc = sc_choice_in(s, sec, "mode", &e.mode, d);
    if (!rc)
        rc = sc_choice_in(s, sec, "watches", &e.watches, d);
    const ss_entry *only = sc_find_entry(sec, "watch_only");
    if (!rc && only && only->value[0])
        rc = sc_resolve_list(s, sec, "watch_only", 0, &e.watch_only, d);
    if (!rc)
        rc = sc_expand(s, sec->label, sec->line, NULL, &e.members, d);
    /* The defaults times their [scale] factors. */
    for (size_t i = 0; !rc && i < sc_nspecs; i++) {
        const sc_spec *sp = &sc_specs[i];
        if (sp->target != T_ENFORCER || sp->kind != K_NUM)
            continue;
        double v = sc_field(&e, sp);
        if (!(rc = apply_scale(s, sp, "enforcement", sec->label, &v, d)))
            sc_store(&e, sp, v);
    }
    if (!rc && ss_config_add_enforcer(s->config, &e) < 0)
        rc = sc_oom(d);
    ss_set_clear(&e.members);
    ss_set_clear(&e.watch_only);
    return rc ? rc : sc_apply_section(s, sec, d);
}

/* A [supply NAME] section: the supply elasticity of its countries (all
 * when it names none) in its sectors; a later section overrides an
 * earlier one. */
static int load_supply(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    ss_set countries = {0}, sectors = {0};
    const ss_entry *all = sc_find_entry(sec, "countries");
    long line;
    double e = 0;
    const char *text = sc_value_of(s, sec, "elasticity", &line, d);
    int rc =
        text ? sc_number_of(s, sc_find_spec("supply", "elasticity"), text, line, &e, d) : SS_EINVAL;
    for (size_t c = 0; !rc && (!all || strcmp(all->value, "all") == 0) && c < s->config->n; c++)
        rc = ss_set_add(&countries, c) ? sc_oom(d) : SS_OK;
    if (!rc && all && strcmp(all->value, "all") != 0)
        rc = sc_resolve_list(s, sec, "countries", 0, &countries, d);
    if (!rc)
        rc = sc_resolve_list(s, sec, "sectors", 1, &sectors, d);
    for (size_t a = 0; !rc && a < countries.len; a++)
        for (size_t b = 0; !rc && b < sectors.len; b++)
            if (ss_config_set_supply(s->config, countries.at[a], sectors.at[b], e))
                rc = sc_oom(d);
    ss_set_clear(&countries);
    ss_set_clear(&sectors);
    return rc;
}

/* The caps among measures 0..last that cover target t in sector q, each
 * with its cap_enforcement and, at load (`when` ""), where that was set,
 * into buf: "[sanction a] 0.8 from --set, [sanction b] 0.25 at FILE:LINE".
 * *blame: at load, the place of the entry nearest the user (--set, then
 * the file named on the command line before its bases; of two in one file,
 * the later cap's); else, or when every cap takes the default, last's
 * section (a change's check says which change in `when`). */
static int cap_sources(ss_scenario *s, size_t last, long month, size_t t, size_t q,
                       const char *when, char *buf, size_t size, long *blame, ss_diag *d)
{
    const ss_config *c = s->config;
    const ss_section *lsec = sc_find_section(s, "sanction", c->measure[last].name);
    long best = LONG_MAX;
    *blame = lsec->line;
    buf[0] = '\0';
    int rc = SS_OK;
    for (size_t i = 0; i <= last && !rc; i++) {
        const ss_measure *m = &c->measure[i];
        const ss_section *sec = sc_find_section(s, "sanction", m->name);
        ss_set target = {0};
        if (m->kind != SS_PRICE_CAP || !ss_cost_in_force(m, month) || !ss_set_has(&m->sectors, q) ||
            (rc = sc_resolve_list(s, sec, "target", 0, &target, d)) || !ss_set_has(&target, t)) {
            ss_set_clear(&target);
            continue;
        }
        ss_set_clear(&target);
        const ss_entry *e = sc_find_entry(sec, "cap_enforcement");
        char where[600] = "";
        if (e && !when[0]) {
            long line;
            const char *file = ss_scenario_place(s, e->line, &line);
            if (e->line < 0)
                snprintf(where, sizeof where, " from --set");
            else
                snprintf(where, sizeof where, " at %s:%ld", file, line);
        } else if (!e)
            snprintf(where, sizeof where, " (the default)");
        const size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s[sanction %s] %g%s", len ? ", " : "", m->name,
                 m->cap_enforcement, where);
        const long rank = !e ? LONG_MAX : e->line < 0 ? -1 : e->line / SS_FILE_STRIDE;
        if (e && !when[0] && rank <= best) {
            best = rank;
            *blame = e->line;
        }
    }
    return rc;
}

/* The checks of check_caps for the caps in force in month u, covered
 * (n * k) their scratch. */
static int caps_at(ss_scenario *s, long u, const char *when, double *covered, ss_diag *d)
{
    const ss_config *c = s->config;
    int rc = SS_OK;
    memset(covered, 0, c->n * c->k * sizeof *covered);
    for (size_t i = 0; i < c->n_measures && !rc; i++) {
        const ss_measure *m = &c->measure[i];
        if (m->kind != SS_PRICE_CAP || !ss_cost_in_force(m, u))
            continue;
        const ss_section *sec = sc_find_section(s, "sanction", m->name);
        ss_set target = {0};
        if (c->closure == SS_GENERAL)
            rc = sc_fail_in(d, s, sec->line, "kind",
                            "[sanction %s] is a price cap, which acts through supply curves, "
                            "and the general closure has none: use closure = partial%s",
                            m->name, when);
        else
            rc = sc_resolve_list(s, sec, "target", 0, &target, d);
        for (size_t a = 0; !rc && a < target.len; a++)
            for (size_t b = 0; !rc && b < m->sectors.len; b++) {
                const size_t x = target.at[a], q = m->sectors.at[b];
                if (!c->supply || !isfinite(c->supply[x * c->k + q]))
                    rc = sc_fail_in(
                        d, s, sec->line, "kind",
                        "[sanction %s] is a price cap on %s in %s, which has no supply curve: "
                        "add a [supply NAME] section for it (the cap lowers the price the "
                        "target realises, and its supply curve says what that does)%s",
                        m->name, s->world->iso3[x], s->world->sector[q], when);
                else if ((covered[x * c->k + q] += m->cap_enforcement) > 1 + 1e-9) {
                    char caps[1500];
                    long blame;
                    rc = cap_sources(s, i, u, x, q, when, caps, sizeof caps, &blame, d);
                    if (!rc)
                        rc = sc_fail_in(d, s, blame, "cap_enforcement",
                                        "the price caps on %s in %s cover %g of its exports, "
                                        "more than all of them: each cap's cap_enforcement is "
                                        "the share it covers (%s)%s",
                                        s->world->iso3[x], s->world->sector[q],
                                        covered[x * c->k + q], caps, when);
                }
            }
        ss_set_clear(&target);
    }
    return rc;
}

/* Price caps act through their targets' supply curves in the partial
 * closure, and the caps in force together on one target and sector cover
 * at most all of its exports (docs/model.md, "Price caps"). Checked with
 * the values and groups as they are from month `from` until month `until`
 * (a [change] then): in month `from` and in each month between in which a
 * cap starts, the months in which what the caps cover can grow. Each cap's
 * targets are resolved again from its section, so that groups changed by
 * a [change] are checked as they then are; a cap that ended is not checked
 * again. `when` says which change the values are from ("" before any). */
static int check_caps(ss_scenario *s, long from, long until, const char *when, ss_diag *d)
{
    const ss_config *c = s->config;
    double *covered = calloc(c->n * c->k, sizeof *covered);
    int rc = covered ? SS_OK : sc_oom(d);
    for (size_t k = 0; k <= c->n_measures && !rc && from < until; k++) {
        const ss_measure *m = k < c->n_measures ? &c->measure[k] : NULL;
        if (!m || (m->kind == SS_PRICE_CAP && m->start > from && m->start < until))
            rc = caps_at(s, m ? m->start : from, when, covered, d);
    }
    free(covered);
    return rc;
}

/* [scenario]: its name, dates, seed and world. */
static int load_head(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = sc_find_section(s, "scenario", NULL);
    if (!sec)
        return sc_fail_in(d, s, 1, NULL, "no [scenario] section: it names the world and dates");
    long line;
    double v;
    const char *text = sc_value_of(s, sec, "name", &line, d);
    if (!*text) {
        char *copy = strdup(s->path);
        if (!copy)
            return sc_oom(d);
        char *base = basename(copy), *dot = strrchr(base, '.');
        if (dot)
            *dot = '\0';
        s->name = strdup(base);
        free(copy);
        /* Written into the run's scenario.ini, the name must read back. */
        if (s->name && !sc_reads_back("name", s->name))
            return sc_fail_in(d, s, -1, "name",
                              "the scenario's name, '%s' from its file's name, cannot be "
                              "written in a scenario file: give it a [scenario] name",
                              s->name);
    } else if (!sc_reads_back("name", text)) {
        /* A --set name of 300 letters made a scenario.ini that sanctsim
         * could not read (a reliability hunt). */
        return sc_fail_in(d, s, line, "name",
                          "the name would not read back from the run's scenario.ini, whose "
                          "lines hold %d bytes: a longer value is broken onto lines at spaces, "
                          "which takes neither a word longer than a line nor spaces in a row",
                          SC_LINE_MAX);
    } else {
        s->name = strdup(text);
    }
    if (!s->name)
        return sc_oom(d);
    if (!(text = sc_value_of(s, sec, "start", &line, d)))
        return SS_EINVAL;
    if (sc_parse_date(text, &s->year0, &s->month0))
        return sc_fail_in(d, s, line, "start",
                          "start = '%s' is not a date: expected YYYY-MM, the month 01 to 12", text);
    if (!(text = sc_value_of(s, sec, "months", &line, d)) ||
        sc_number_of(s, sc_find_spec("scenario", "months"), text, line, &v, d))
        return SS_EINVAL;
    s->months = (long)v;
    /* Every month of the run is written YYYY-MM: the last must be in 9999. */
    if ((long)s->year0 * 12 + s->month0 - 1 + s->months - 1 > 9999L * 12 + 11)
        return sc_fail_in(d, s, line, "months",
                          "months = %ld from %04d-%02d runs past 9999-12: months are written "
                          "YYYY-MM",
                          s->months, s->year0, s->month0);
    if (!(text = sc_value_of(s, sec, "seed", &line, d)) ||
        sc_number_of(s, sc_find_spec("scenario", "seed"), text, line, &v, d))
        return SS_EINVAL;
    s->seed = (uint64_t)v;
    return SS_OK;
}

/* The text of an [output] key, or its default; *line its line. */
static const char *output_value(const ss_section *sec, const char *key, long *line)
{
    const ss_entry *e = sc_find_entry(sec, key);
    *line = e ? e->line : sec ? sec->line : 1;
    return e ? e->value : sc_find_spec("output", key)->def;
}

/* [output]: the tables a run writes, its flows' rows, compression. */
static int load_output(ss_scenario *s, ss_diag *d)
{
    const ss_section *sec = sc_find_section(s, "output", NULL);
    long line;
    double v;
    char why[512];
    const char *text = output_value(sec, "tables", &line);
    if (ss_run_tables_parse(text, "tables", &s->tables, why, sizeof why))
        return sc_fail_in(d, s, line, "tables", "%s", why);
    text = output_value(sec, "compress", &line);
    if (sc_number_of(s, sc_find_spec("output", "compress"), text, line, &v, d))
        return SS_EINVAL;
    s->compress = (int)v;
    return sec ? sc_choice_in(s, sec, "flows", &s->flows_direct, d) : SS_OK;
}

/* The installed worlds folder: $SANCTSIM_WORLDS when set and not empty,
 * else SS_WORLDS_DIR, which the Makefile sets to PREFIX/share/sanctsim/worlds. */
#ifndef SS_WORLDS_DIR
#define SS_WORLDS_DIR "/usr/local/share/sanctsim/worlds"
#endif
static const char *worlds_dir(void)
{
    const char *env = getenv("SANCTSIM_WORLDS");
    return env && env[0] ? env : SS_WORLDS_DIR;
}

/* The world's folder: relative to the scenario file's folder (or as given
 * when absolute), else, for a relative path, the folder of that name (its
 * last part) in the installed worlds folder. The error names both places. */
static int find_world(ss_scenario *s, const char *text, long line, ss_diag *d)
{
    long own_line; /* the world is relative to the file that names it */
    char *copy = strdup(ss_scenario_place(s, line, &own_line)), *name = strdup(text);
    if (!copy || !name) {
        free(copy);
        free(name);
        return sc_oom(d);
    }
    char joined[PATH_MAX], installed[PATH_MAX];
    if (text[0] == '/')
        snprintf(joined, sizeof joined, "%s", text);
    else
        snprintf(joined, sizeof joined, "%s/%s", dirname(copy), text);
    while (strlen(name) > 1 && name[strlen(name) - 1] == '/')
        name[strlen(name) - 1] = '\0';
    snprintf(installed, sizeof installed, "%s/%s", worlds_dir(), basename(name));
    free(copy);
    free(name);
    s->world_dir = realpath(joined, NULL);
    int first = errno;
    if (!s->world_dir && first == ENOENT && text[0] != '/')
        s->world_dir = realpath(installed, NULL);
    if (s->world_dir)
        return SS_OK;
    if (first != ENOENT || text[0] == '/')
        return sc_fail_io_in(d, s, line, "world", "world = '%s': cannot open %s: %s", text, joined,
                             strerror(first));
    return sc_fail_io_in(
        d, s, line, "world",
        "world = '%s': no such folder beside the scenario (%s) nor in the installed "
        "worlds folder (%s): give the world's path relative to the scenario file, "
        "or copy the world into the worlds folder (make install puts world-2019 there; "
        "SANCTSIM_WORLDS names another folder)",
        text, joined, installed);
}

/* The world folder (find_world) and the world. */
static int load_world(ss_scenario *s, ss_diag *d)
{
    long line;
    const char *text = sc_value_of(s, sc_find_section(s, "scenario", NULL), "world", &line, d);
    if (!text || find_world(s, text, line, d))
        return SS_EINVAL;
    /* The run's scenario.ini and a run's twin name the folder by its path. */
    if (sc_check_named(s, line, "world", text, s->world_dir, d))
        return SS_EINVAL;
    struct stat st;
    if (stat(s->world_dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sc_fail_in(d, s, line, "world",
                          "world = '%s' is not a folder: expected the folder holding countries.csv "
                          "and trade.csv",
                          text);
    s->world = s->cache ? ss_world_cache_get(s->cache, s->world_dir, &s->groups, d)
                        : ss_world_load(s->world_dir, &s->groups, d);
    return s->world ? SS_OK : SS_EINVAL;
}

static int alloc_config(ss_scenario *s, ss_diag *d)
{
    s->config = ss_config_alloc(s->world->n, s->world->k, s->months);
    return s->config ? SS_OK : sc_oom(d);
}

/* ---- dated changes ---------------------------------------------------------- */

/* One entry "section.key" or "section.LABEL.key" of [change label] of
 * month t; only checked when t < 0 (a group's members are then left
 * alone). Its errors name an entry of --set as the option wrote it. */
static int apply_change(ss_scenario *s, const char *label_of_change, const ss_entry *en, long t,
                        ss_diag *d)
{
    char path[256], shown[320];
    snprintf(path, sizeof path, "%s", en->key);
    if (en->line < 0)
        snprintf(shown, sizeof shown, "change.%s.%s", label_of_change, en->key);
    else
        snprintf(shown, sizeof shown, "%s", en->key);
    char *dot1 = strchr(path, '.'), *dot2 = dot1 ? strrchr(path, '.') : NULL;
    if (!dot1)
        return sc_fail_in(d, s, en->line, en->key,
                          "'%s': a change sets section.key or section.LABEL.key", shown);
    *dot1 = '\0';
    const char *label = dot2 != dot1 ? dot1 + 1 : NULL;
    *dot2 = '\0';
    const char *type = path;
    const int labelled = sc_changed_by_label(type);
    /* One intermediary's key written as the all-intermediaries section's,
     * or with the country alone (what trials wrote). */
    const int country = !label && ss_world_country(s->world, type) >= 0;
    if ((label && strcmp(type, "intermediaries") == 0) || country)
        return sc_fail_in(d, s, en->line, en->key,
                          "'%s': one intermediary's key is intermediary.%s.%s", shown,
                          country ? type : label, dot2 + 1);
    /* A key of another labelled section ([supply NAME], [payments NAME]):
     * no change sets one, which says more than "takes no label". */
    int known = 0;
    for (size_t i = 0; label && !labelled && !known && i < sc_nspecs; i++)
        known = sc_section_matches(sc_specs[i].section, type);
    if (known)
        return unchangeable(s, en->line, shown, d);
    if (labelled != (label != NULL))
        return sc_fail_in(d, s, en->line, en->key, "'%s': [%s] %s", shown, type,
                          labelled ? "needs a label, as in section.LABEL.key" : "takes no label");
    if (strcmp(type, "group") == 0)
        return sc_change_group(s, label, dot2 + 1, en, t >= 0, t, d);
    const sc_spec *sp = sc_find_spec(type, dot2 + 1);
    const char *moves = sp ? start_only(sp) : NULL;
    if (moves)
        return sc_fail_in(d, s, en->line, en->key,
                          "'%s' sets the run's first month only, so a [change] of it would "
                          "change nothing (%s)",
                          shown, moves);
    return apply_key(s, type, label, dot2 + 1, en->value, en->line, shown, d);
}

/* Applies change section `only` (encoded as -1 - index) or all dated t. */
int ss_scenario_apply_changes(ss_scenario *s, long t, ss_diag *d)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, "change") != 0 || (t < 0 && (size_t)(-1 - t) != i))
            continue;
        const ss_entry *date = sc_find_entry(sec, "date");
        long when = 0;
        if (t >= 0 && (sc_month_of(s, date->value, date->line, "date", &when, d) || when != t))
            continue;
        for (size_t e = 0; e < sec->n; e++) {
            if (strcmp(sec->entry[e].key, "date") == 0)
                continue;
            int rc = apply_change(s, sec->label, &sec->entry[e], t, d);
            if (rc)
                return rc;
        }
    }
    return SS_OK;
}

/* [model] import_sigma in config c, the scenario's or as a [change] leaves
 * it (`when` says which, and line is the place to name): 0, sigma (one
 * nest either way), or above sigma, with sigma above 1, in the partial
 * closure; and import_sectors naming no commodity that commodity_sigma
 * prices (docs/model.md, "The import nest"). */
static int check_import_nest(ss_scenario *s, const ss_config *c, long line, const char *when,
                             ss_diag *d)
{
    const double m = c->import_sigma;
    const size_t q = nested_commodity(s, c);
    if (q != SIZE_MAX)
        return fail_nested_commodity(s, c, q, line, when, d);
    if (!(m > 0) || m == c->sigma)
        return SS_OK;
    if (c->sigma <= 1)
        return sc_fail_in(d, s, line, "import_sigma",
                          "import_sigma = %g needs sigma above 1 (sigma = 1, the Cobb-Douglas "
                          "limit, has no tiers here): raise sigma or set import_sigma = 0%s",
                          m, when);
    if (m < c->sigma)
        return sc_fail_in(d, s, line, "import_sigma",
                          "import_sigma = %g is below sigma = %g: imports substitute for one "
                          "another at least as well as for home goods, so expected 0 (no import "
                          "nest), sigma or more%s",
                          m, c->sigma, when);
    if (c->closure == SS_GENERAL)
        return sc_fail_in(d, s, line, "import_sigma",
                          "import_sigma = %g nests the imports, and the general closure's "
                          "equilibrium has one nest over every origin: use closure = partial "
                          "or import_sigma = 0%s",
                          m, when);
    return SS_OK;
}

/* The line of change section sec's first entry among keys (NULL-ended),
 * else of its date. */
static long change_line(const ss_section *sec, const char *const *keys, long date_line)
{
    for (; *keys; keys++) {
        const ss_entry *e = sc_find_entry(sec, *keys);
        if (e)
            return e->line;
    }
    return date_line;
}

/* A [change] section, its date as written and its line, and its month,
 * for check_changes. */
typedef struct dated {
    size_t sec;
    const char *text;
    long line, t;
} dated;

static int by_date(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->sec < y->sec ? -1 : x->sec > y->sec;
}

/* The lists that are read once, at the start: [intermediaries] candidates
 * and each [supply] section's countries, as the groups now resolve them,
 * into list (1 + the [supply] sections; an empty set where a list names no
 * group: all or none), each one's section into from, and their number into
 * *n. */
static int start_lists(ss_scenario *s, ss_set *list, const ss_section **from, size_t *n, ss_diag *d)
{
    int rc = SS_OK;
    *n = 0;
    for (size_t i = 0; i < s->nsec && !rc; i++) {
        const ss_section *sec = &s->sec[i];
        const int supply = strcmp(sec->type, "supply") == 0;
        const char *key = supply ? "countries" : "candidates";
        const ss_entry *e =
            supply || strcmp(sec->type, "intermediaries") == 0 ? sc_find_entry(sec, key) : NULL;
        if (!e)
            continue;
        from[*n] = sec;
        list[*n] = (ss_set){0};
        if (strcmp(e->value, "all") != 0 && strcmp(e->value, "none") != 0)
            rc = sc_resolve_list(s, sec, key, 0, &list[*n], d);
        ++*n;
    }
    return rc;
}

static int same_set(const ss_set *a, const ss_set *b)
{
    int same = a->len == b->len;
    for (size_t i = 0; same && i < a->len; i++)
        same = ss_set_has(b, a->at[i]);
    return same;
}

/* A [change] of date `when` (its line) whose group changes would move a
 * list read at the start (start_lists, `was` before it): refused, as the
 * run would not follow it (a helper's hunt: Armenia kept carrying transit
 * after its removal from the group that candidates named). */
static int check_start_lists(ss_scenario *s, const ss_set *was, size_t n, const char *when,
                             long line, ss_diag *d)
{
    ss_set *now = calloc(n + 1, sizeof *now);
    const ss_section **from = calloc(n + 1, sizeof *from);
    size_t again = 0;
    int rc = now && from ? start_lists(s, now, from, &again, d) : sc_oom(d);
    for (size_t i = 0; i < n && !rc; i++)
        if (!same_set(&was[i], &now[i]))
            rc = strcmp(from[i]->type, "supply") == 0
                     ? sc_fail_in(d, s, line, "date",
                                  "the group changes of %s move the countries of [supply %s], "
                                  "whose supply curves are set at the start only: give the "
                                  "countries by name, or a group no [change] moves",
                                  when, from[i]->label)
                     : sc_fail_in(d, s, line, "date",
                                  "the group changes of %s move [intermediaries] candidates, "
                                  "which are chosen at the start only: take a country out of "
                                  "evasion from a date with intermediary.ISO3.willing = 0, "
                                  "and name the candidates by country or a group no [change] "
                                  "moves",
                                  when);
    for (size_t i = 0; now && i < again; i++)
        ss_set_clear(&now[i]);
    free(now);
    free(from);
    return rc;
}

/* Every [change] is checked now, so that a bad dated value fails before the
 * run starts: applied to a copy of the configuration, and its group
 * changes to a copy of the groups, in the order the run applies them, by
 * date and in a month as the file has them (a helper's hunt: in the file's
 * order, a later change written first was checked against the values
 * before an earlier one). The price caps are checked on this one timeline
 * of values and groups, after each month's changes (a review: checked at
 * each change with the groups as they start, and at each group change
 * with the values as they start, valid files were refused, and a cap
 * raised before a group change that adds a target could run covering more
 * than all of its exports). */
static int check_changes(ss_scenario *s, ss_diag *d)
{
    static const char *const nest_keys[] = {"model.import_sigma", "model.sigma",
                                            "model.commodity_sigma", "model.relocation_speed",
                                            NULL};
    dated *order = malloc((s->nsec + 1) * sizeof *order);
    size_t n = 0;
    int rc = order ? SS_OK : sc_oom(d);
    for (size_t i = 0; i < s->nsec && !rc; i++) {
        if (strcmp(s->sec[i].type, "change") != 0)
            continue;
        dated *c = &order[n++];
        c->sec = i;
        c->text = sc_value_of(s, &s->sec[i], "date", &c->line, d);
        rc = c->text ? sc_month_of(s, c->text, c->line, "date", &c->t, d) : SS_EINVAL;
    }
    if (!rc)
        qsort(order, n, sizeof *order, by_date);
    const ss_groups saved = s->groups;
    const int groups = ss_scenario_changes_groups(s);
    ss_set *lists = groups ? calloc(s->nsec + 1, sizeof *lists) : NULL;
    const ss_section **owner = groups ? calloc(s->nsec + 1, sizeof *owner) : NULL;
    size_t nlists = 0;
    if (!rc && groups)
        rc = lists && owner ? start_lists(s, lists, owner, &nlists, d) : sc_oom(d);
    int copied = 0; /* s->groups is the copy, to be freed */
    if (!rc && groups) {
        s->groups = (ss_groups){0};
        copied = 1;
        if (ss_groups_append(&s->groups, &saved))
            rc = sc_oom(d);
    }
    long from = 0;
    char note[64] = "";
    for (size_t q = 0; q < n && !rc; q++) {
        const dated *c = &order[q];
        const long line = change_line(&s->sec[c->sec], nest_keys, c->line);
        if (!q || c->t != order[q - 1].t)
            rc = check_caps(s, from, c->t, note, d);
        snprintf(note, sizeof note, " (with the [change] of %s)", c->text);
        from = c->t;
        if (!rc && !(rc = ss_scenario_apply_changes(s, -1 - (long)c->sec, d)) &&
            !(rc = sc_change_groups_of(s, &s->sec[c->sec], d)) &&
            !(rc = check_import_nest(s, s->config, line, note, d)))
            rc = check_general(s, s->config, line, note, d);
        if (!rc && groups)
            rc = check_start_lists(s, lists, nlists, c->text, c->line, d);
    }
    if (!rc)
        rc = check_caps(s, from, LONG_MAX, note, d);
    if (copied) {
        ss_groups_clear(&s->groups);
        s->groups = saved;
    }
    for (size_t i = 0; i < nlists; i++)
        ss_set_clear(&lists[i]);
    free(lists);
    free(owner);
    free(order);
    return rc;
}

/* [model] freight in config c (the scenario's, or as its [change]
 * sections leave it: `when` says which): it acts through supply curves, so
 * only in the partial closure, and no baseline export of a commodity may
 * pay more freight than its price (docs/model.md, "Freight on
 * commodities"). Needs the distances. */
static int check_freight(ss_scenario *s, const ss_config *c, const char *when, ss_diag *d)
{
    const ss_entry *e = sc_find_entry(sc_find_section(s, "model", NULL), "freight");
    const long line = e ? e->line : -1;
    const ss_world *w = s->world;
    const size_t n = w->n, k = w->k;
    if (!(c->freight > 0))
        return SS_OK;
    if (c->closure == SS_GENERAL)
        return sc_fail_in(d, s, line, "freight",
                          "freight = %g lowers what sellers of commodities realise, which acts "
                          "through supply curves, and the general closure has none: use closure "
                          "= partial or freight = 0%s",
                          c->freight, when);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t q = 0; q < k && i != j; q++) {
                const double km = w->dist[i * n + j];
                if (w->commodity[q] && w->x0[(i * n + j) * k + q] > 0 && !(c->freight * km < 1000))
                    return sc_fail_in(d, s, line, "freight",
                                      "freight = %g costs %s's exports of %s to %s (%.0f km) "
                                      "their whole baseline price or more: at most %.3g for "
                                      "this world%s",
                                      c->freight, w->iso3[i], w->sector[q], w->iso3[j], km,
                                      1000 / km, when);
            }
    return SS_OK;
}

/* Checks the dated changes on a copy of every value they touch: the model
 * parameters (the struct), the agents, the measures and the enforcers (the
 * copies share the sets and names, which a change never writes). Then the
 * distances, when a detour cost or freight needs them before or after a
 * change, and freight. */
static int load_changes(ss_scenario *s, ss_diag *d)
{
    ss_config *saved = s->config, tmp = *saved;
    tmp.agent = malloc(saved->n * sizeof *tmp.agent);
    tmp.measure = malloc((saved->n_measures + 1) * sizeof *tmp.measure);
    tmp.enforcer = malloc((saved->n_enforcers + 1) * sizeof *tmp.enforcer);
    tmp.bloc = malloc((saved->n_blocs + 1) * sizeof *tmp.bloc);
    tmp.corridor = malloc((saved->n_corridors + 1) * sizeof *tmp.corridor);
    int rc = SS_OK;
    if (!tmp.agent || !tmp.measure || !tmp.enforcer || !tmp.bloc || !tmp.corridor) {
        rc = sc_oom(d);
        goto done;
    }
    memcpy(tmp.agent, saved->agent, saved->n * sizeof *tmp.agent);
    if (saved->n_measures) /* the arrays are NULL while empty */
        memcpy(tmp.measure, saved->measure, saved->n_measures * sizeof *tmp.measure);
    if (saved->n_enforcers)
        memcpy(tmp.enforcer, saved->enforcer, saved->n_enforcers * sizeof *tmp.enforcer);
    if (saved->n_blocs)
        memcpy(tmp.bloc, saved->bloc, saved->n_blocs * sizeof *tmp.bloc);
    if (saved->n_corridors)
        memcpy(tmp.corridor, saved->corridor, saved->n_corridors * sizeof *tmp.corridor);
    const ss_entry *nest = sc_find_entry(sc_find_section(s, "model", NULL), "import_sigma");
    rc = check_import_nest(s, saved, nest ? nest->line : -1, "", d);
    s->config = &tmp;
    if (!rc)
        rc = check_changes(s, d);
    s->config = saved;
    if (!rc &&
        (tmp.detour_cost > 0 || saved->detour_cost > 0 || tmp.freight > 0 || saved->freight > 0) &&
        ss_world_fill_distances(s->world, d)) {
        snprintf(d->file, sizeof d->file, "%s/countries.csv", s->world_dir);
        rc = SS_EINVAL;
    }
    if (!rc)
        rc = check_freight(s, saved, "", d);
    if (!rc)
        rc = check_freight(s, &tmp, " (as the [change] sections leave it)", d);
    for (size_t i = 0; i < s->nsec; i++)
        saved->stop_at_once_dated |= strcmp(s->sec[i].type, "change") == 0 &&
                                     sc_find_entry(&s->sec[i], "model.stop_at_once") != NULL;
done:
    free(tmp.agent);
    free(tmp.measure);
    free(tmp.enforcer);
    free(tmp.bloc);
    free(tmp.corridor);
    return rc;
}

/* ---- the whole load ------------------------------------------------------- */

/* One step of the load: `each` for every section of kind `type` (in file
 * order), then `then`. The order matters: groups before any list of
 * countries; [scale] before any value it multiplies; [model] before the
 * closure that checks sigma; [intermediaries] before [intermediary X],
 * whose values win; sanctions, enforcers, blocs and corridors before the
 * [change]s that set their values. [bloc] and [payments] sections are
 * groups too, registered before [group] sections, so that a group may
 * name them. */
typedef struct load_step {
    const char *type;
    int (*each)(ss_scenario *, ss_section *, ss_diag *);
    int (*then)(ss_scenario *, ss_diag *);
} load_step;

static const load_step load_steps[] = {
    {NULL, NULL, sc_check_structure},
    {NULL, NULL, load_head},
    {NULL, NULL, load_output},
    {NULL, NULL, load_world},
    {"bloc", sc_load_lever_group, NULL},
    {"payments", sc_load_lever_group, NULL},
    {"group", sc_load_group, sc_check_groups},
    {NULL, NULL, alloc_config},
    {"scale", check_scale, scale_defaults},
    {"model", sc_apply_section, load_model},
    {"intermediaries", sc_apply_section, load_candidates},
    {"intermediary", sc_apply_section, NULL},
    {"sanction", load_measure, NULL},
    {"enforcement", load_enforcer, NULL},
    {"bloc", sc_load_bloc, NULL},
    {"corridor", sc_load_corridor, NULL},
    {"payments", sc_load_network, NULL},
    {"links", sc_load_links, sc_check_links},
    {"supply", load_supply, NULL},
    {NULL, NULL, load_changes},
};

static int run_step(ss_scenario *s, const load_step *step, ss_diag *d)
{
    for (size_t i = 0; step->type && i < s->nsec; i++) {
        if (strcmp(s->sec[i].type, step->type) != 0)
            continue;
        int rc = step->each(s, &s->sec[i], d);
        if (rc)
            return rc;
    }
    return step->then ? step->then(s, d) : SS_OK;
}

ss_scenario *ss_scenario_load(const char *path, char *const *sets, size_t nsets, ss_diag *d)
{
    return ss_scenario_load_cached(path, sets, nsets, NULL, d);
}

ss_scenario *ss_scenario_load_cached(const char *path, char *const *sets, size_t nsets,
                                     ss_world_cache *cache, ss_diag *d)
{
    ss_scenario *s = calloc(1, sizeof *s);
    int rc = s && (s->path = strdup(path)) ? SS_OK : sc_oom(d);
    if (s)
        s->cache = cache;
    if (rc)
        goto fail;
    if ((rc = sc_parse_text(s, d)))
        goto fail;
    for (size_t i = 0; i < nsets; i++)
        if ((rc = sc_apply_set(s, sets[i], d)))
            goto fail;
    for (size_t i = 0; i < sizeof load_steps / sizeof load_steps[0]; i++)
        if ((rc = run_step(s, &load_steps[i], d)))
            goto fail;
    return s;
fail:
    ss_scenario_free(s);
    return NULL;
}

void ss_scenario_free(ss_scenario *s)
{
    if (!s)
        return;
    sc_free_sections(s->sec, s->nsec);
    for (size_t i = 0; i < s->nfiles; i++)
        free(s->files[i]);
    free(s->files);
    free(s->path);
    free(s->name);
    free(s->world_dir);
    if (!s->cache)
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

int ss_scenario_month_index(const ss_scenario *s, const char *text, long *t)
{
    int y, m;
    if (sc_parse_date(text, &y, &m))
        return -1;
    *t = (long)(y - s->year0) * 12 + (m - s->month0);
    return 0;
}
