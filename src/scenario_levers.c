/* Scenario files, room 6 of 6: the report's levers. The loaders of
 * [bloc NAME], [corridor NAME] and [payments NAME] (docs/model.md sections
 * 3b-3d), and a [change]'s group.NAME.add / group.NAME.remove, which
 * changes a group's members from a date and every set in the model made
 * from that group: sanctions' `by` and `target`, enforcers, blocs,
 * corridors and payment networks. A bloc or payment network is a group of
 * its members under its own name. */
#include "scenario_internal.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

int sc_load_lever_group(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    const char *other = strcmp(sec->type, "bloc") == 0 ? "payments" : "bloc";
    if (sc_find_section(s, "group", sec->label) || sc_find_section(s, other, sec->label))
        return sc_fail_in(d, s, sec->line, NULL,
                          "[%s %s]: another [group], [bloc] or [payments] has this name, and a "
                          "bloc or payment network is a group of its members: choose another name",
                          sec->type, sec->label);
    /* Blocs and networks load before [group] sections: a group of this
     * name now is the world's. As a group it would replace the world's in
     * every list that names it, from the first month, whatever the bloc's
     * start (a [bloc EU] rewrote the coalition silently). */
    if (ss_groups_has(&s->groups, sec->label))
        return sc_fail_in(d, s, sec->line, NULL,
                          "[%s %s]: the world has a group %s (groups.csv), which this %s would "
                          "replace in every list that names it: choose another name",
                          sec->type, sec->label, sec->label,
                          strcmp(sec->type, "bloc") == 0 ? "bloc" : "payment network");
    return sc_load_group(s, sec, d);
}

long sc_lever_index(const ss_scenario *s, int target, const char *label)
{
    const ss_config *c = s->config;
    size_t n = target == T_BLOC ? c->n_blocs : c->n_corridors;
    for (size_t i = 0; label && i < n; i++)
        if (strcmp(target == T_BLOC ? c->bloc[i].name : c->corridor[i].name, label) == 0)
            return (long)i;
    return -1;
}

/* The members of a bloc or payment network: its group, as it is now. */
static int members_of(const ss_scenario *s, const ss_section *sec, ss_set *out, ss_diag *d)
{
    long line;
    sc_value_of(s, sec, "members", &line, d);
    return sc_expand(s, sec->label, line, "members", out, d);
}

int sc_load_bloc(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    ss_bloc b = ss_bloc_default;
    b.name = sec->label;
    int rc = members_of(s, sec, &b.members, d);
    if (!rc)
        rc = sc_resolve_list(s, sec, "sectors", 1, &b.sectors, d);
    if (!rc)
        rc = sc_dates_of(s, sec, &b.start, &b.end, d);
    if (!rc && ss_config_add_bloc(s->config, &b) < 0)
        rc = sc_oom(d);
    ss_set_clear(&b.members);
    ss_set_clear(&b.sectors);
    return rc ? rc : sc_apply_section(s, sec, d);
}

/* An offer is given, and not empty (as a resolved scenario.ini writes it). */
static int has_offer(const ss_section *sec)
{
    const ss_entry *e = sc_find_entry(sec, "offer");
    return e && *e->value;
}

/* A corridor's lists: from, to, sectors and (when given) offer. */
static int corridor_lists(const ss_scenario *s, const ss_section *sec, ss_corridor *r, ss_diag *d)
{
    int rc = sc_resolve_list(s, sec, "from", 0, &r->from, d);
    if (!rc)
        rc = sc_resolve_list(s, sec, "to", 0, &r->to, d);
    if (!rc)
        rc = sc_resolve_list(s, sec, "sectors", 1, &r->sectors, d);
    if (!rc && has_offer(sec))
        rc = sc_resolve_list(s, sec, "offer", 0, &r->offer, d);
    return rc;
}

static void corridor_clear(ss_corridor *r)
{
    ss_set_clear(&r->from);
    ss_set_clear(&r->to);
    ss_set_clear(&r->sectors);
    ss_set_clear(&r->offer);
}

int sc_load_corridor(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    ss_corridor r = ss_corridor_default;
    r.name = sec->label;
    int rc = corridor_lists(s, sec, &r, d);
    if (!rc)
        rc = sc_choice_in(s, sec, "direction", &r.direction, d);
    if (!rc)
        rc = sc_choice_in(s, sec, "condition", &r.condition, d);
    if (!rc)
        rc = sc_dates_of(s, sec, &r.start, &r.end, d);
    if (!rc && r.condition != SS_HOLD_ALWAYS && r.offer.len == 0)
        rc = sc_fail_in(d, s, sc_find_entry(sec, "condition")->line, "offer",
                        "[corridor %s] has a condition and needs 'offer': the countries the offer "
                        "is made to on that condition",
                        sec->label);
    if (!rc && ss_config_add_corridor(s->config, &r) < 0)
        rc = sc_oom(d);
    corridor_clear(&r);
    return rc ? rc : sc_apply_section(s, sec, d);
}

int sc_load_network(ss_scenario *s, ss_section *sec, ss_diag *d)
{
    ss_network p = ss_network_default;
    p.name = sec->label;
    long line;
    int rc = members_of(s, sec, &p.members, d);
    /* Without a start the network works from the baseline. */
    if (!rc && *sc_value_of(s, sec, "start", &line, d))
        rc = sc_dates_of(s, sec, &p.start, &p.end, d);
    else if (!rc && *sc_value_of(s, sec, "end", &line, d))
        rc =
            sc_fail_in(d, s, line, "end", "[payments %s] has an end and needs a start", sec->label);
    if (!rc && ss_config_add_network(s->config, &p) < 0)
        rc = sc_oom(d);
    ss_set_clear(&p.members);
    return rc;
}

int ss_scenario_relocates(const ss_scenario *s)
{
    int on = s->config->relocation_speed > 0;
    for (size_t i = 0; i < s->nsec && !on; i++) {
        const ss_section *sec = &s->sec[i];
        for (size_t e = 0; strcmp(sec->type, "change") == 0 && e < sec->n; e++) {
            const char *key = sec->entry[e].key, *dot = strrchr(key, '.');
            on |= strcmp(dot ? dot + 1 : key, "relocation_speed") == 0 &&
                  strtod(sec->entry[e].value, NULL) > 0;
        }
    }
    return on;
}

/* ---- group changes ---------------------------------------------------------- */

/* Resolves a list of sec again into out, emptied first. */
static int again(const ss_scenario *s, const ss_section *sec, const char *key, ss_set *out,
                 ss_diag *d)
{
    ss_set_clear(out);
    return sc_resolve_list(s, sec, key, 0, out, d);
}

/* Every set in the model that lists countries, resolved again from its
 * section's text and the groups as they are now, and the customs union.
 * Sections of each kind are in the model in file order. (The candidates
 * and the supply curves' countries are read at the start only: a group
 * change that would move them is refused at load, check_changes.) */
static int resolve_sets(ss_scenario *s, long t, ss_diag *d)
{
    ss_config *c = s->config;
    size_t nm = 0, ne = 0, nb = 0, nr = 0, np = 0;
    int rc = SS_OK;
    for (size_t i = 0; i < s->nsec && !rc; i++) {
        const ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, "sanction") == 0) {
            /* A sanction that has ended keeps the countries of its last
             * month: its rows, and a lifted headline, show the trade it
             * covered (docs/model.md, "Leakage, one definition"). */
            ss_measure *m = &c->measure[nm++];
            if (m->end >= 0 && m->end < t)
                continue;
            if (!(rc = again(s, sec, "by", &m->by, d)))
                rc = again(s, sec, "target", &m->target, d);
        } else if (strcmp(sec->type, "enforcement") == 0) {
            ss_enforcer *e = &c->enforcer[ne++];
            ss_set_clear(&e->members);
            rc = sc_expand(s, sec->label, sec->line, NULL, &e->members, d);
            if (!rc && e->watch_only.len)
                rc = again(s, sec, "watch_only", &e->watch_only, d);
        } else if (strcmp(sec->type, "bloc") == 0) {
            ss_set_clear(&c->bloc[nb].members);
            rc = members_of(s, sec, &c->bloc[nb++].members, d);
        } else if (strcmp(sec->type, "payments") == 0) {
            ss_set_clear(&c->network[np].members);
            rc = members_of(s, sec, &c->network[np++].members, d);
        } else if (strcmp(sec->type, "corridor") == 0) {
            ss_corridor *r = &c->corridor[nr++];
            if (!(rc = again(s, sec, "from", &r->from, d)))
                rc = again(s, sec, "to", &r->to, d);
            if (!rc && has_offer(sec))
                rc = again(s, sec, "offer", &r->offer, d);
        }
    }
    return rc ? rc : sc_customs_union(s, d);
}

/* The place of group's direct entry for member in the groups, or -1. */
static long entry_of(const ss_scenario *s, const char *group, const char *member)
{
    for (size_t g = 0; g < s->groups.len; g++)
        if (strcmp(s->groups.at[g].group, group) == 0 &&
            strcmp(s->groups.at[g].member, member) == 0)
            return (long)g;
    return -1;
}

static size_t group_size(const ss_scenario *s, const char *group)
{
    size_t len = 0;
    for (size_t g = 0; g < s->groups.len; g++)
        len += strcmp(s->groups.at[g].group, group) == 0;
    return len;
}

/* One country of a group change: checked (apply 0), applied to the groups
 * (2) or applied (1). */
static int change_member(ss_scenario *s, const char *group, int add, const char *iso3,
                         const ss_entry *en, int apply, ss_diag *d)
{
    char hint[160];
    if (ss_world_country(s->world, iso3) < 0)
        return sc_fail_in(d, s, en->line, en->key,
                          "%s = %s: '%s' is not a country of the world%s: a group change adds or "
                          "removes countries",
                          en->key, en->value, iso3,
                          ss_scenario_country_hint(s, iso3, 0, hint, sizeof hint));
    if (!apply)
        return SS_OK;
    long at = entry_of(s, group, iso3), line;
    const char *file = ss_scenario_place(s, en->line, &line);
    if (add)
        return at >= 0 ? SS_OK : ss_groups_add(&s->groups, group, iso3, file, line);
    if (at < 0 || group_size(s, group) == 1)
        return sc_fail_in(d, s, en->line, en->key, "%s = %s: %s is %s of group %s on this date",
                          en->key, en->value, iso3,
                          at < 0 ? "not a direct member" : "the last member", group);
    ss_group_entry *e = &s->groups.at[at];
    free(e->group);
    free(e->member);
    free(e->file);
    memmove(e, e + 1, (s->groups.len - (size_t)at - 1) * sizeof *e);
    s->groups.len--;
    return SS_OK;
}

int sc_change_group(ss_scenario *s, const char *group, const char *op, const ss_entry *en,
                    int apply, long t, ss_diag *d)
{
    int add = strcmp(op, "add") == 0;
    if (!add && strcmp(op, "remove") != 0)
        return sc_fail_in(d, s, en->line, en->key,
                          "'%s': a group change is group.NAME.add or group.NAME.remove", en->key);
    char hint[160];
    if (!ss_groups_has(&s->groups, group))
        return sc_fail_in(d, s, en->line, en->key,
                          "'%s': no group '%s'%s: expected one from groups.csv, or a [group], "
                          "[bloc] or [payments] section",
                          en->key, group, ss_scenario_country_hint(s, group, 1, hint, sizeof hint));
    int rc = SS_OK;
    const char *c, *at = en->value;
    for (size_t len; !rc && (len = ss_list_next(&at, &c)) > 0;) {
        char iso3[64];
        snprintf(iso3, sizeof iso3, "%.*s", (int)(len < 63 ? len : 63), c);
        rc = change_member(s, group, add, iso3, en, apply, d);
    }
    if (rc || apply != 1 || (rc = resolve_sets(s, t, d)))
        return rc;
    s->sets_version++;
    return SS_OK;
}

/* The group changes of [change] section sec, applied to the groups alone. */
int sc_change_groups_of(ss_scenario *s, const ss_section *sec, ss_diag *d)
{
    int rc = SS_OK;
    for (size_t e = 0; e < sec->n && !rc; e++) {
        const ss_entry *en = &sec->entry[e];
        const char *last = strrchr(en->key, '.');
        char group[256];
        if (strncmp(en->key, "group.", 6) != 0 || !last || last - en->key - 6 <= 0)
            continue;
        snprintf(group, sizeof group, "%.*s", (int)(last - en->key - 6), en->key + 6);
        rc = sc_change_group(s, group, last + 1, en, 2, 0, d);
    }
    return rc;
}

int ss_scenario_changes_groups(const ss_scenario *s)
{
    for (size_t i = 0; i < s->nsec; i++)
        for (size_t e = 0; strcmp(s->sec[i].type, "change") == 0 && e < s->sec[i].n; e++)
            if (strncmp(s->sec[i].entry[e].key, "group.", 6) == 0)
                return 1;
    return 0;
}

int ss_scenario_replay(const ss_scenario *s, ss_replay_fn *each, void *user, ss_diag *d)
{
    ss_scenario *copy = NULL;
    if (ss_scenario_changes_groups(s) && !(copy = ss_scenario_load(s->path, NULL, 0, d)))
        return SS_EINVAL;
    int rc = SS_OK;
    for (long t = 1; t < s->months && !rc; t++)
        if (!copy || !(rc = ss_scenario_apply_changes(copy, t, d)))
            rc = each(copy ? copy : s, t, user);
    ss_scenario_free(copy);
    return rc;
}
