/* Scenario files, room 5 of 6: what the reader writes and says. The
 * resolved scenario.ini (every key with its value or default, from the key
 * table), `sanctsim help keys`, and the warnings about a value that does
 * not reach all it seems to. */
#include "payments.h"
#include "report.h"
#include "scenario_internal.h"
#include "table.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- warnings about keys that do not reach what they seem to ------------------- */

/* The [scale] key that moves every intermediary's or enforcer's value of
 * key, or NULL. */
static const char *scale_key(const char *key)
{
    const sc_spec *sp = sc_find_spec("scale", key);
    return sp ? sp->key : NULL;
}

/* An [intermediaries] key that candidates set in their own sections.
 * `change`: the key is a [change]'s, which cannot set a scale but can set
 * each candidate's own key. */
static size_t warn_shadowed(const ss_scenario *s, const char *how, const char *type,
                            const char *key, int change)
{
    if (strcmp(type, "intermediaries") != 0 || !sc_find_spec("intermediaries", key))
        return 0;
    char list[256] = "";
    size_t shadowed = 0, candidates = 0;
    for (size_t m = 0; m < s->world->n; m++) {
        if (!s->config->agent[m].candidate)
            continue;
        candidates++;
        if (!sc_find_entry(sc_find_section(s, "intermediary", s->world->iso3[m]), key))
            continue;
        sc_name_add(list, sizeof list, shadowed++, s->world->iso3[m]);
    }
    if (!shadowed)
        return 0;
    char hint[160] = "";
    if (change)
        snprintf(hint, sizeof hint, "; the change can set intermediary.X.%s for each of them", key);
    else if (scale_key(key))
        snprintf(hint, sizeof hint, "; scale.%s multiplies every intermediary's value", key);
    ss_errorf("warning: %s intermediaries.%s reaches only the candidates without their own %s: "
              "%zu of %zu set theirs in [intermediary X] (%s)%s",
              how, key, key, shadowed, candidates, list, hint);
    return 1;
}

/* 1 when a [change] sets `choose` for country m or for every
 * intermediary: from its date it may choose. */
static int changes_choose(const ss_scenario *s, size_t m)
{
    char own[64];
    snprintf(own, sizeof own, "intermediary.%s.choose", s->world->iso3[m]);
    for (size_t i = 0; i < s->nsec; i++)
        for (size_t e = 0; strcmp(s->sec[i].type, "change") == 0 && e < s->sec[i].n; e++) {
            const char *key = s->sec[i].entry[e].key;
            if (strcmp(key, own) == 0 || strcmp(key, "intermediaries.choose") == 0)
                return 1;
        }
    return 0;
}

/* 1 when candidate m is offered an inducement that weighs in no decision:
 * it does not choose (choose = 0, and no [change] makes it). */
static int idle_inducement(const ss_scenario *s, size_t m)
{
    const ss_agent *a = &s->config->agent[m];
    return a->candidate && !a->choose && a->inducement != 0 && !changes_choose(s, m);
}

/* The countries of an idle inducement (all of them, or the one of key
 * intermediary.X.inducement), given in a file (`file`) or by --set, into
 * list; how many. */
static size_t idle_inducements(const ss_scenario *s, const char *key, int file, char *list,
                               size_t size)
{
    size_t count = 0;
    list[0] = '\0';
    for (size_t m = 0; m < s->config->n; m++) {
        const char *code = s->world->iso3[m];
        const ss_section *own = sc_find_section(s, "intermediary", code);
        const ss_entry *e = sc_find_entry(own, "inducement");
        if (!e)
            e = sc_find_entry(sc_find_section(s, "intermediaries", NULL), "inducement");
        char mine[64];
        snprintf(mine, sizeof mine, "intermediary.%s.inducement", code);
        if (!idle_inducement(s, m) || !e || (e->line >= 0) != file ||
            (key && strcmp(key, mine) != 0 && strcmp(key, "intermediaries.inducement") != 0))
            continue;
        const size_t len = strlen(list);
        if (count++ < 6)
            snprintf(list + len, size - len, "%s%s", len ? " " : "", code);
    }
    if (count > 6)
        snprintf(list + strlen(list), size - strlen(list), " and others");
    return count;
}

/* The warning of idle_inducements, `how` naming where it was given. */
static size_t warn_inducements(const char *how, const char *list, size_t count)
{
    if (!count)
        return 0;
    ss_errorf("warning: %san inducement to %s, which %s not choose (choose = 0), weighs in no "
              "decision and changes nothing; with choose = 1 a country decides each month how "
              "far to take part in evasion (docs/model.md, section 6b)",
              how, list, count == 1 ? "does" : "do");
    return 1;
}

/* A key of [intermediary X] for a country that is no candidate: no route
 * runs through it, so none of its keys changes anything (and a change
 * cannot make it one). Not with candidates = none, the run without
 * evasion, which leaves every [intermediary X] unused on purpose. */
static size_t warn_no_candidate(const ss_scenario *s, const char *how, const char *full)
{
    char type[SS_KEY_PART], iso3[SS_KEY_PART];
    if (!ss_key_section(full, type, iso3) || strcmp(type, "intermediary") != 0 || !iso3[0])
        return 0;
    const long m = ss_world_country(s->world, iso3);
    char buf[16];
    const char *named = ss_scenario_key_text(s, "intermediaries.candidates", buf, sizeof buf);
    if (m < 0 || s->config->agent[m].candidate || (named && strcmp(named, "none") == 0))
        return 0;
    ss_errorf("warning: %s %s: %s is not a candidate intermediary ([intermediaries] candidates), "
              "so no route runs through it and its keys change nothing",
              how, full, iso3);
    return 1;
}

/* Keys that take a share, a rate or a ratio, and the value above which
 * one was most likely written in other units (a percentage, a price in
 * USD). */
#define PENALTY_SLIP(example) \
    "a penalty of +%g %% on the cost, where a penalty is a rate (" example ")"
#define COMMISSION_SLIP \
    "a commission of %g %%, where a commission is a share of the price (0.07 for 7 %%)"
static const struct {
    const char *type, *key;
    double above;
    const char *says;
} unit_slips[] = {
    {"intermediaries", "base_commission", 1, COMMISSION_SLIP},
    {"intermediary", "base_commission", 1, COMMISSION_SLIP},
    {"sanction", "penalty", 10, PENALTY_SLIP("0.2 for +20 %%")},
    {"enforcement", "secondary_penalty", 10, PENALTY_SLIP("0.5 for +50 %%")},
    {"sanction", "cap", 10,
     "a cap of %g %% of the baseline price, which no price reaches: a cap is a ratio to the "
     "baseline price (0.87: USD 60 against USD 69)"},
    {"model", "payment_fee", 1,
     "a payment agent's fee of %g %%, where a fee is a share of the value (0.03 for 3 %%)"},
    {"bloc", "external", 1,
     "a common external tariff of +%g %%, where a tariff is a rate (0.1 for +10 %%)"},
    {"links", "cost_change", 10,
     "a cost change of +%g %%, where a cost change is a rate (0.25 for +25 %%)"},
};

/* What a value v of key (the last part of a key name) in a section of
 * type says when it was most likely written in other units, into says;
 * 0 when it was not. */
static int slip_says(const char *type, const char *key, double v, char *says, size_t size)
{
    for (size_t u = 0; u < sizeof unit_slips / sizeof unit_slips[0]; u++)
        if (strcmp(type, unit_slips[u].type) == 0 && strcmp(key, unit_slips[u].key) == 0 &&
            v > unit_slips[u].above) {
            snprintf(says, size, unit_slips[u].says, 100 * v);
            return 1;
        }
    return 0;
}

/* 1 when group `outer` is `inner` or holds it, at any depth (groups hold
 * countries and groups; a circular definition is refused on loading). */
static int group_holds(const ss_scenario *s, const char *outer, const char *inner, int depth)
{
    if (strcmp(outer, inner) == 0)
        return 1;
    for (size_t g = 0; depth > 0 && g < s->groups.len; g++)
        if (strcmp(s->groups.at[g].group, outer) == 0 &&
            group_holds(s, s->groups.at[g].member, inner, depth - 1))
            return 1;
    return 0;
}

/* 1 when sanction m names, in its `by`, the group or a group that holds
 * it. */
static int by_names(const ss_scenario *s, const ss_measure *m, const char *group)
{
    const char *w, *at = m->by_name ? m->by_name : "";
    for (size_t len; (len = ss_list_next(&at, &w)) > 0;) {
        char name[SS_KEY_PART];
        snprintf(name, sizeof name, "%.*s", (int)len, w);
        if (group_holds(s, name, group, 16))
            return 1;
    }
    return 0;
}

/* 1 when a sanction evaded through intermediaries names the group in its
 * `by` (by_names). */
static int sanctions_by(const ss_scenario *s, const char *group)
{
    const ss_config *c = s->config;
    for (size_t i = 0; i < c->n_measures; i++)
        if (c->measure[i].evasion == SS_EVADE_TRANSIT && by_names(s, &c->measure[i], group))
            return 1;
    return 0;
}

/* A dated change that adds candidate intermediaries to a group that
 * sanctions through intermediaries (a sanction evaded by transit names it,
 * or a group that holds it, in `by`): from then they are no intermediaries
 * for its sanctions, but carry other rerouted trade still (docs/model.md,
 * section 3e). key is the change's own, group.NAME.add, and value its
 * countries. */
static size_t warn_joining(const ss_scenario *s, const char *how, const char *key,
                           const char *value)
{
    char type[SS_KEY_PART], group[SS_KEY_PART];
    const char *name = ss_key_section(key, type, group);
    if (!value || !name || strcmp(type, "group") != 0 || !group[0] || strcmp(name, "add") != 0)
        return 0;
    const ss_config *c = s->config;
    const int sanctions = sanctions_by(s, group);
    char joining[256] = "", targets[512] = "";
    size_t count = 0, n = 0, aimed = 0;
    const char *v, *rest = value;
    for (size_t len; (len = ss_list_next(&rest, &v)) > 0;) {
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)(len < 63 ? len : 63), v);
        const long m = ss_world_country(s->world, code);
        if (m >= 0 && sanctions && c->agent[m].candidate) {
            const size_t at = strlen(joining);
            snprintf(joining + at, sizeof joining - at, "%s%s", at ? " " : "", code);
            count++;
        }
        /* A target joining a group that imposes a sanction on it: "RUS
         * (restricted-exports, payments)". */
        size_t its = 0;
        for (size_t i = 0; m >= 0 && i < c->n_measures; i++)
            if (ss_set_has(&c->measure[i].target, (size_t)m) &&
                by_names(s, &c->measure[i], group)) {
                const size_t at = strlen(targets);
                if (its++)
                    snprintf(targets + at, sizeof targets - at, ", %s", c->measure[i].name);
                else
                    snprintf(targets + at, sizeof targets - at, "%s%s (%s", aimed ? "), " : "",
                             code, c->measure[i].name);
            }
        aimed += its > 0;
    }
    if (aimed) {
        ss_errorf("warning: %s %s: %s) join%s %s, which sanctions %s: from then a country does "
                  "not sanction itself, so the rest of those sanctions' 'by' sanctions %s",
                  how, key, targets, aimed == 1 ? "s" : "", group, aimed == 1 ? "it" : "them",
                  aimed == 1 ? "it" : "them");
        n++;
    }
    if (!joining[0])
        return n;
    /* An enforcer watches no member of its group (docs/model.md, section 7). */
    int watched = 0;
    for (size_t e = 0; e < c->n_enforcers && !watched; e++)
        watched = group_holds(s, c->enforcer[e].name, group, 16);
    const int one = count == 1;
    ss_errorf("note: %s %s: %s, %s, join%s %s: from then %s no intermediar%s for the sanctions "
              "that %s takes part in%s, but %s other rerouted trade still; "
              "intermediary.%s.willing = 0 in the change takes %s out of all of it",
              how, key, joining, one ? "a candidate intermediary" : "candidate intermediaries",
              one ? "s" : "", group, one ? "it is" : "they are", one ? "y" : "ies", group,
              watched ? (one ? " and their enforcer no longer watches it"
                             : " and their enforcer no longer watches them")
                      : "",
              one ? "it carries" : "they carry", one ? joining : "X", one ? "it" : "a country");
    return n + 1;
}

/* The key that key sets: for a [change]'s change.NAME.KEY its KEY (NULL
 * when it names none), else key itself. */
static const char *changed_key(const char *key)
{
    char type[SS_KEY_PART], label[SS_KEY_PART];
    const char *rest = ss_key_section(key, type, label);
    return !rest || strcmp(type, "change") != 0 ? key : label[0] ? rest : NULL;
}

/* 1 when key is a sanction's, sanction.LABEL.KEY, or a [change]'s
 * change.NAME.sanction.LABEL.KEY: label gets LABEL, and *name KEY. */
static int sanction_key(const char *key, char label[SS_KEY_PART], const char **name)
{
    char type[SS_KEY_PART];
    const char *at = changed_key(key);
    *name = at ? ss_key_section(at, type, label) : NULL;
    return *name && strcmp(type, "sanction") == 0 && label[0];
}

/* A sanction's key that its kind never reads: a ban's penalty, and a cap
 * or cap_enforcement on anything but a price cap. full is
 * sanction.LABEL.KEY, or change.NAME.sanction.LABEL.KEY. `given` is the
 * value given for it (the highest of a --vary, --sample, [sweep] entry or
 * --free), or NULL when none is known (the file's own entry). A
 * given penalty is also warned of where payment agents cap it (evasion =
 * payment): from their fee up, every penalty costs the same. (The default
 * scenario's own penalty is such a cap by choice, and says so: no
 * warning.) With `kind_varies` (a sweep varies the sanction's kind) what
 * the kind reads is not warned of. */
static size_t warn_inert(const ss_scenario *s, const char *how, const char *full, const char *given,
                         int kind_varies)
{
    char label[SS_KEY_PART];
    const char *key;
    if (!sanction_key(full, label, &key))
        return 0;
    const int cap_key = strcmp(key, "cap") == 0 || strcmp(key, "cap_enforcement") == 0;
    if (!cap_key && strcmp(key, "penalty") != 0)
        return 0;
    const ss_config *c = s->config;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        if (strcmp(m->name, label) != 0)
            continue;
        if (!cap_key && m->kind == SS_PENALTY && m->evasion == SS_EVADE_PAYMENT) {
            if (!given || !(strtod(given, NULL) >= c->payment_fee))
                return 0;
            ss_errorf("warning: %s %s: [sanction %s] is evaded through payment agents "
                      "(evasion = payment), which cap its cost at 1 + [model] payment_fee: every "
                      "penalty from %g up costs the same (model.payment_fee moves the cost)",
                      how, full, m->name, c->payment_fee);
            return 1;
        }
        if (kind_varies || (cap_key ? m->kind == SS_PRICE_CAP : m->kind != SS_BAN))
            return 0;
        ss_errorf("warning: %s %s: [sanction %s] is %s, which does not read '%s', so it changes "
                  "nothing",
                  how, full, m->name, m->kind == SS_BAN ? "a ban" : "a penalty", key);
        return 1;
    }
    return 0;
}

/* A [change]'s date as a month index, or -1 when it has none. */
static long change_month(const ss_scenario *s, const ss_section *sec)
{
    const ss_entry *date = sc_find_entry(sec, "date");
    long t;
    ss_diag d;
    return date && sc_month_of(s, date->value, date->line, "date", &t, &d) == SS_OK ? t : -1;
}

/* 1 when `varied` holds key. */
static int is_varied(const ss_varied *varied, const char *key)
{
    for (size_t i = 0; varied && i < varied->n; i++)
        if (strcmp(varied->key[i], key) == 0)
            return 1;
    return 0;
}

/* 1 when `varied` varies the kind of the sanction that key belongs to
 * (sanction.L.KEY, or a [change]'s change.N.sanction.L.KEY): what a kind
 * reads is then not warned of, since some runs have another kind.
 * SWEEPS.md's recipe --vary sanction.L.kind=ban,penalty --set
 * sanction.L.penalty=0.3 was told that the base's ban does not read it. */
static int kind_varied(const ss_varied *varied, const char *key)
{
    char label[SS_KEY_PART], kind[SS_KEY_PART + 16];
    const char *name;
    if (!sanction_key(key, label, &name))
        return 0;
    snprintf(kind, sizeof kind, "sanction.%s.kind", label);
    return is_varied(varied, kind);
}

/* 1 when [change] later overrides own's value of a key: dated after it,
 * or in the same month and applied after it (later among the scenario's
 * sections, ss_scenario_apply_changes). */
static int changed_after(const ss_scenario *s, const ss_section *later, const ss_section *own)
{
    const long from = change_month(s, own), at = change_month(s, later);
    return at > from || (at == from && later > own);
}

/* A [change] of a file that sets key again from its date (one that the
 * command line sets too was seen to), unless its value is varied. For a
 * change's own key (`own`, the [change] whose key is given:
 * change.NAME.full; `how` names it), the changes that override it
 * (changed_after). */
static size_t warn_changed(const ss_scenario *s, const char *how, const char *full, const char *key,
                           const ss_section *own, const ss_varied *varied)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        const ss_entry *e = strcmp(sec->type, "change") == 0 ? sc_find_entry(sec, full) : NULL;
        const ss_entry *date = e ? sc_find_entry(sec, "date") : NULL;
        char its[SS_KEY_PART * 3];
        snprintf(its, sizeof its, "change.%s.%s", sec->label ? sec->label : "", full);
        if (!e || e->line < 0 || sec == own || (own && !changed_after(s, sec, own)) ||
            is_varied(varied, its))
            continue;
        const int same = own && change_month(s, sec) == change_month(s, own);
        char advice[512];
        if (scale_key(key))
            snprintf(advice, sizeof advice,
                     "scale.%s multiplies the value before and after every change", key);
        else
            snprintf(advice, sizeof advice, "set or vary change.%s.%s too to move the %s value",
                     sec->label, full, same ? "holding" : "later");
        ss_errorf("warning: %s %s: [change %s] sets it to %s from %s%s; %s", how, full, sec->label,
                  e->value, date ? date->value : "its date",
                  same ? " too, and is applied after it, so the value given never holds"
                       : ", so the value given holds only until then",
                  advice);
        n++;
    }
    return n;
}

/* Two [change] sections of the files that set one key in the same month:
 * the one applied later holds, and the other's value never does (a trial
 * doubled an enforcement in a change of its own, dated as the base's). A
 * group's add and remove lists are applied both, not replaced. */
static size_t warn_same_month(const ss_scenario *s, const ss_section *own)
{
    size_t n = 0;
    for (size_t k = 0; k < own->n; k++) {
        const ss_entry *e = &own->entry[k];
        if (e->line < 0 || strcmp(e->key, "date") == 0 || strncmp(e->key, "group.", 6) == 0)
            continue;
        for (const ss_section *sec = own + 1; sec < s->sec + s->nsec; sec++) {
            const ss_entry *again =
                strcmp(sec->type, "change") == 0 ? sc_find_entry(sec, e->key) : NULL;
            if (!again || change_month(s, sec) != change_month(s, own))
                continue;
            long line;
            const char *file = ss_scenario_place(s, e->line, &line);
            ss_errorf("warning: %s:%ld: [change %s] %s = %s: [change %s] sets it to %s in the "
                      "same month and is applied after it, so %s never holds; set it in "
                      "one of them only",
                      file ? file : "", line, own->label, e->key, e->value, sec->label,
                      again->value, e->value);
            n++;
            break;
        }
    }
    return n;
}

/* A key of a labelled section ([supply NAME], [change NAME],
 * [enforcement GROUP], ...) that no file read has: the command line adds
 * the section, so a misspelt name adds one instead of changing the file's,
 * and another group than the file's enforcer's adds a second enforcer (a
 * trial's --set enforcement.COALITION.surge_hazard beside [enforcement
 * WEST]). ([intermediary X] only sets one candidate's values. A
 * [change]'s name ends at its second dot: its key names another
 * section's.) */
static size_t warn_new_section(const ss_scenario *s, const char *how, const char *full)
{
    char type[SS_KEY_PART], label[SS_KEY_PART], list[256];
    if (!ss_key_section(full, type, label) || !label[0] || !strcmp(type, "intermediary"))
        return 0;
    const ss_section *sec = sc_find_section(s, type, label);
    if (sec && sec->line >= 0)
        return 0;
    /* The file's labels: the one nearest, or all of them. */
    char hint[160];
    size_t n = sc_label_hint(s, type, label, hint, sizeof hint)[0]
                   ? 0
                   : sc_file_labels(s, type, list, sizeof list);
    ss_errorf("warning: %s %s: no file read has %s [%s %s] section, so this adds one%s%s%s%s%s",
              how, full, strchr("aeiou", type[0]) ? "an" : "a", type, label,
              strcmp(type, "enforcement") == 0 ? ", an enforcer of its own" : "", hint,
              n ? " (the file's: " : "", n ? list : "", n ? ")" : "");
    return 1;
}

size_t ss_scenario_warn_key(const ss_scenario *s, const char *how, const char *key,
                            const char *given, const ss_varied *varied)
{
    char type[SS_KEY_PART], label[SS_KEY_PART];
    const char *last = strrchr(key, '.');
    if (!ss_key_section(key, type, label)) /* no dot, or a part of SS_KEY_PART bytes or more */
        return 0;
    /* A change's own key, change.NAME.KEY, names another section's KEY. */
    const char *inner = strcmp(type, "change") == 0 ? changed_key(key) : NULL;
    size_t n = 0;
    if (inner) {
        char change[256];
        snprintf(change, sizeof change, "%s [change %s]", how, label);
        /* change.NAME.intermediaries.KEY is shadowed as the file's [change]
         * entries are (ss_scenario_warn_file). */
        if (strncmp(inner, "intermediaries.", 15) == 0)
            n = warn_shadowed(s, change, "intermediaries", inner + 15, 1);
        const ss_section *own = sc_find_section(s, "change", label);
        n += warn_joining(s, change, inner, given); /* the file's: ss_scenario_warn_file */
        /* Its date and group changes are its own, which no later change
         * sets again. */
        if (own && strcmp(inner, "date") != 0 && strncmp(inner, "group.", 6) != 0)
            n += warn_changed(s, change, inner, last + 1, own, varied);
    }
    char says[256], slip_type[SS_KEY_PART];
    const char *named = inner ? inner : key;
    snprintf(slip_type, sizeof slip_type, "%.*s", (int)strcspn(named, "."), named);
    if (given && slip_says(slip_type, last + 1, strtod(given, NULL), says, sizeof says)) {
        /* Of several values (--vary, --sample, --free), the highest. */
        const int one = strcmp(how, "--set") == 0;
        ss_errorf("warning: %s %s%s%s: %s", how, key, one ? "=" : ", at ", given, says);
        n++;
    }
    /* An inducement given by --set (the scenario has it: not one varied). */
    char list[256], given_by[320];
    snprintf(given_by, sizeof given_by, "%s %s: ", how, key);
    if (strcmp(how, "--set") == 0)
        n += warn_inducements(given_by, list, idle_inducements(s, key, 0, list, sizeof list));
    return n + warn_shadowed(s, how, type, last + 1, 0) + warn_no_candidate(s, how, key) +
           warn_inert(s, how, key, given, kind_varied(varied, key)) +
           warn_changed(s, how, key, last + 1, NULL, varied) + warn_new_section(s, how, key);
}

size_t ss_scenario_warn_sets(const ss_scenario *s, char *const *sets, size_t n,
                             const ss_varied *varied)
{
    size_t warned = 0;
    for (size_t i = 0; i < n; i++) {
        char key[256];
        const size_t len = strcspn(sets[i], "=");
        snprintf(key, sizeof key, "%.*s", (int)len, sets[i]);
        warned +=
            ss_scenario_warn_key(s, "--set", key, sets[i][len] ? sets[i] + len + 1 : NULL, varied);
    }
    return warned;
}

size_t ss_scenario_warn_shares(const ss_scenario *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        for (size_t k = 0; k < sec->n; k++) {
            const ss_entry *e = &sec->entry[k];
            char says[256], type[SS_KEY_PART];
            long line;
            /* A [change]'s key names another section's: TYPE...KEY. */
            const int change = strcmp(sec->type, "change") == 0;
            snprintf(type, sizeof type, "%.*s", change ? (int)strcspn(e->key, ".") : SS_KEY_PART,
                     change ? e->key : sec->type);
            /* A --set value is warned of with its key (ss_scenario_warn_sets). */
            const char *file = e->line >= 0 ? ss_scenario_place(s, e->line, &line) : NULL;
            if (!file || !slip_says(type, strrchr(e->key, '.') ? strrchr(e->key, '.') + 1 : e->key,
                                    strtod(e->value, NULL), says, sizeof says))
                continue;
            ss_errorf("warning: %s:%ld: [%s%s%s] %s = %s: %s", file, line, sec->type,
                      sec->label ? " " : "", sec->label ? sec->label : "", e->key, e->value, says);
            n++;
        }
    }
    /* A [links] table's rows: its largest change, at its first row. */
    for (size_t t = 0; t < s->config->n_links; t++) {
        const ss_links *l = &s->config->links[t];
        size_t top = 0;
        for (size_t q = 1; q < l->len; q++)
            if (l->change[q] > l->change[top])
                top = q;
        char says[256];
        if (l->len == 0 || !slip_says("links", "cost_change", l->change[top], says, sizeof says))
            continue;
        const ss_entry *file = sc_find_entry(sc_find_section(s, "links", l->name), "file");
        ss_errorf("warning: %s:%ld: [links %s] cost_change = %g: %s", file->value,
                  s->links_line[t][top], l->name, l->change[top], says);
        n++;
    }
    return n;
}

int ss_scenario_enforces(const ss_scenario *s, size_t e, size_t i)
{
    const ss_config *c = s->config;
    const ss_measure *m = &c->measure[i];
    int enforced = m->evasion == SS_EVADE_TRANSIT && m->kind != SS_PRICE_CAP && m->by.len;
    for (size_t b = 0; enforced && b < m->by.len; b++)
        enforced = ss_set_has(&c->enforcer[e].members, m->by.at[b]);
    return enforced;
}

int ss_scenario_enforcer_idle(const ss_scenario *s, size_t e)
{
    for (size_t i = 0; i < s->config->n_measures; i++)
        if (ss_scenario_enforces(s, e, i))
            return 0;
    return 1;
}

const char *ss_scenario_unwatched(const ss_scenario *s, size_t e, size_t m)
{
    const ss_config *c = s->config;
    const ss_enforcer *en = &c->enforcer[e];
    if (ss_set_has(&en->members, m))
        return "a member of its group";
    for (size_t i = 0; i < c->n_measures; i++)
        if (ss_scenario_enforces(s, e, i) && ss_set_has(&c->measure[i].target, m))
            return "a target of its sanctions";
    if (en->watches == SS_WATCH_CANDIDATES && !c->agent[m].candidate)
        return "no candidate intermediary (watches = candidates)";
    return NULL;
}

/* A country in an enforcer's watch_only that it never watches
 * (ss_scenario_unwatched): the list would otherwise silently aim the
 * secondary sanctions at nobody. */
static size_t warn_unwatched(const ss_scenario *s)
{
    const ss_config *c = s->config;
    size_t n = 0;
    for (size_t e = 0; e < c->n_enforcers; e++)
        for (size_t q = 0; q < c->enforcer[e].watch_only.len; q++) {
            const size_t m = c->enforcer[e].watch_only.at[q];
            const char *why = ss_scenario_unwatched(s, e, m);
            if (!why)
                continue;
            ss_errorf("warning: [enforcement %s] watch_only: %s is %s, which it never watches",
                      c->enforcer[e].name, s->world->iso3[m], why);
            n++;
        }
    return n;
}

/* Candidates named in [intermediaries] that take part in a sanction
 * evaded through intermediaries (in its `by`) or are its target. Neither
 * carries that sanction's goods (a member does not detour its own
 * sanctions, docs/model.md section 4; the legs to a target are sanctioned
 * as its direct links are), but both carry other rerouted trade: a trial
 * naming a coalition member found it the largest intermediary, carrying
 * the coalition's trade around its own secondary sanctions. `all` says
 * nothing (the user named nobody). */
static size_t note_sanctioning_candidates(const ss_scenario *s)
{
    const ss_section *sec = sc_find_section(s, "intermediaries", NULL);
    const ss_entry *named = sec ? sc_find_entry(sec, "candidates") : NULL;
    if (!named || strcmp(named->value, "all") == 0)
        return 0;
    const ss_config *c = s->config;
    char list[1024] = "";
    for (size_t m = 0; m < c->n; m++)
        for (size_t i = 0; c->agent[m].candidate && i < c->n_measures; i++) {
            const ss_measure *x = &c->measure[i];
            const int by = ss_set_has(&x->by, m), target = ss_set_has(&x->target, m);
            if (x->answers || x->evasion != SS_EVADE_TRANSIT || !(by || target))
                continue;
            const size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s (%s [sanction %s])", len ? ", " : "",
                     s->world->iso3[m], by ? "imposes" : "the target of", x->name);
            break;
        }
    if (!list[0])
        return 0;
    ss_errorf("note: [intermediaries] candidates: %s: no intermediary for the goods of that "
              "sanction (a member does not detour its own sanctions, and the legs to a target "
              "are sanctioned as its direct links are), but one for other rerouted trade, such "
              "as trade detouring around secondary sanctions; leave it out of the candidates to "
              "take it out of all of it",
              list);
    return 1;
}

/* A sanction whose `by` holds some of its targets (by = EU27 with target
 * = DEU): a country does not sanction its own trade, so the rest of `by`
 * sanctions it; a trial took that for an error that was not caught. (The
 * same one country in both is an error: check_measure.) */
static size_t warn_self_sanction(const ss_scenario *s)
{
    const ss_config *c = s->config;
    size_t n = 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *x = &c->measure[i];
        char list[256] = "";
        size_t both = 0;
        for (size_t q = 0; q < x->target.len; q++) {
            if (!ss_set_has(&x->by, x->target.at[q]))
                continue;
            const size_t len = strlen(list);
            if (both++ < 4)
                snprintf(list + len, sizeof list - len, "%s%s", len ? " " : "",
                         s->world->iso3[x->target.at[q]]);
        }
        if (!both)
            continue;
        ss_errorf("warning: [sanction %s]: %s%s %s both in 'by' and in 'target': a country does "
                  "not sanction itself, so the rest of 'by' sanctions %s; leave %s out of one of "
                  "the two if that is not meant",
                  x->name, list, both > 4 ? " and others" : "", both == 1 ? "is" : "are",
                  both == 1 ? "it" : "them", both == 1 ? "it" : "them");
        n++;
    }
    return n;
}

/* 1 when `varied` holds a key that may change whom a sanction covers in
 * some runs: the members of a group (of a [group], [bloc] or [payments]
 * section), or one of a sanction's `keys` (NULL-ended), in its section or
 * in a [change] (--vary sanction.X.by=COALITION,EU27). */
static int varies_members(const ss_varied *varied, const char *const *keys)
{
    for (size_t i = 0; varied && i < varied->n; i++) {
        const char *k = changed_key(varied->key[i]);
        const char *last = k ? strrchr(k, '.') : NULL;
        if (last && (strncmp(k, "group.", 6) == 0 || !strcmp(last, ".members") ||
                     !strcmp(last, ".add") || !strcmp(last, ".remove")))
            return 1;
        for (size_t q = 0; last && strncmp(k, "sanction.", 9) == 0 && keys[q]; q++)
            if (!strcmp(last + 1, keys[q]))
                return 1;
    }
    return 0;
}

/* 1 when `varied` may give an enforcer a sanction: a sanction's by or
 * evasion, or a group's members. */
static int varies_enforced(const ss_varied *varied)
{
    static const char *const keys[] = {"by", "evasion", NULL};
    return varies_members(varied, keys);
}

/* 1 when world w has a commodity sector (sectors.csv). */
static int any_commodity(const ss_world *w)
{
    for (size_t q = 0; w->commodity && q < w->k; q++)
        if (w->commodity[q])
            return 1;
    return 0;
}

/* An elasticity just above 1: where an origin closes, a price index takes
 * the power 1 / (1 - sigma) of the share of spending left, so it leaps (a
 * hunt: the default scenario's import price index 4.7e63 at sigma =
 * 1.0001, where sigma = 1, the Cobb-Douglas limit, gives 1.22;
 * docs/model.md section 5). commodity_sigma counts where the world has a
 * commodity sector. */
int ss_scenario_commodity_sigma_used(const ss_scenario *s)
{
    return s->config->commodity_sigma > 0 && any_commodity(s->world);
}

size_t ss_scenario_supply_curves(const ss_scenario *s)
{
    const ss_config *c = s->config;
    size_t curves = 0;
    for (size_t iq = 0; c->supply && iq < c->n * s->world->k; iq++)
        curves += isfinite(c->supply[iq]) != 0;
    return curves;
}

/* The general closure's equilibrium has one sigma over every sector and
 * clears its own factory prices: commodity_sigma and [supply] curves
 * change nothing there (a hunt: nothing said so). */
static size_t warn_general_closure(const ss_scenario *s)
{
    if (s->config->closure != SS_GENERAL)
        return 0;
    size_t n = 0;
    if (ss_scenario_commodity_sigma_used(s) && ++n)
        ss_errorf("warning: [model] commodity_sigma = %g prices the commodities apart in the "
                  "partial closure; the general closure's equilibrium has one sigma over every "
                  "sector (the key still keeps the mark-ups off the commodities)",
                  s->config->commodity_sigma);
    if (ss_scenario_supply_curves(s) && ++n)
        ss_errorf("warning: [supply] curves set factory prices in the partial closure; the "
                  "general closure's equilibrium clears its own and leaves them out");
    return n;
}

static size_t near_one(const char *where, const char *key, double v)
{
    if (!(v > 1 && v < 1.02))
        return 0;
    ss_errorf(
        "warning: %s %s = %g is just above 1: where an origin closes, a price index takes the "
        "power 1 / (1 - %s) = %.6g of the share of spending left, and leaps far above what "
        "sigma = 1, the Cobb-Douglas limit, gives (docs/model.md section 5)",
        where, key, v, key, 1 / (1 - v));
    return 1;
}

static size_t warn_near_one(const ss_scenario *s)
{
    const ss_config *c = s->config;
    size_t n =
        near_one("[model]", "sigma", c->sigma) +
        near_one("[model]", "import_sigma", c->import_sigma) +
        (any_commodity(s->world) ? near_one("[model]", "commodity_sigma", c->commodity_sigma) : 0);
    /* And a [change]'s (a hunt: sigma = 1.0001 from 2023-06 said nothing). */
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        char where[SS_KEY_PART + 16];
        snprintf(where, sizeof where, "[change %s]", sec->label ? sec->label : "");
        for (size_t e = 0; strcmp(sec->type, "change") == 0 && e < sec->n; e++) {
            const char *key = sec->entry[e].key;
            if (strcmp(key, "model.sigma") == 0 || strcmp(key, "model.import_sigma") == 0 ||
                (strcmp(key, "model.commodity_sigma") == 0 && any_commodity(s->world)))
                n += near_one(where, key, strtod(sec->entry[e].value, NULL));
        }
    }
    return n;
}

/* A sanction whose links carried no trade in the baseline month (a target
 * that trades nothing in its sectors): it changes nothing, and its
 * leakage reads 0, a share of nothing (a trial's world had no row for the
 * target but zeros). A price cap restricts no link, and is left out; so is
 * every sanction when a dated group change or a varied key may give it
 * other countries. */
static size_t warn_no_trade(const ss_scenario *s, const ss_varied *varied)
{
    static const char *const keys[] = {"by", "target", "sectors", "direction", NULL};
    const ss_world *w = s->world;
    const ss_config *c = s->config;
    const size_t n = w->n, k = w->k;
    size_t count = 0;
    if (ss_scenario_changes_groups(s) || varies_members(varied, keys))
        return 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        double sum = 0;
        if (m->kind == SS_PRICE_CAP)
            continue;
        for (size_t a = 0; a < m->by.len; a++)
            for (size_t b = 0; b < m->target.len; b++)
                for (size_t q = 0; q < m->sectors.len; q++) {
                    const size_t by = m->by.at[a], to = m->target.at[b], sec = m->sectors.at[q];
                    if (by == to)
                        continue;
                    if (m->direction & SS_EXPORT)
                        sum += w->x0[(by * n + to) * k + sec];
                    if (m->direction & SS_IMPORT)
                        sum += w->x0[(to * n + by) * k + sec];
                }
        if (sum > 0)
            continue;
        ss_errorf("warning: [sanction %s]: the trade it covers (between 'by' and 'target' in its "
                  "sectors and direction) was 0 in the baseline month: it changes nothing, and "
                  "its leakage reads 0",
                  m->name);
        count++;
    }
    return count;
}

/* An enforcer that enforces no sanction (ss_scenario_enforcer_idle): not
 * said when a varied key may give it one (varies_enforced). A scenario
 * without sanctions (a twin's file) is left alone. */
static size_t warn_idle_enforcers(const ss_scenario *s, const ss_varied *varied)
{
    const ss_config *c = s->config;
    size_t n = 0;
    for (size_t e = 0; c->n_measures > 0 && !varies_enforced(varied) && e < c->n_enforcers; e++) {
        if (!ss_scenario_enforcer_idle(s, e))
            continue;
        /* Its draws, from the one stream, move those of every other random
         * enforcer from the month after at the latest. */
        int moves = 0;
        for (size_t f = 0; c->enforcer[e].mode == SS_RANDOM && f < c->n_enforcers; f++)
            moves |= f != e && c->enforcer[f].mode == SS_RANDOM;
        ss_errorf("warning: [enforcement %s] enforces no sanction: none evaded through "
                  "intermediaries has all its 'by' countries in %s, so nobody is watched%s",
                  c->enforcer[e].name, c->enforcer[e].name,
                  moves ? " (in random mode it still draws its numbers, and so moves the other "
                          "random enforcers' draws)"
                        : "");
        n++;
    }
    return n;
}

/* The first entry of sec that a file wrote (not --set, which
 * ss_scenario_warn_key warns of), or NULL. */
static const ss_entry *written(const ss_section *sec)
{
    for (size_t e = 0; e < sec->n; e++)
        if (sec->entry[e].line >= 0)
            return &sec->entry[e];
    return NULL;
}

/* The value that some [change] gives key (as ss_scenario_apply_changes
 * reads it: SECTION.LABEL.KEY), or NULL when none does. */
static const char *changed_to(const ss_scenario *s, const char *key)
{
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_entry *e =
            strcmp(s->sec[i].type, "change") == 0 ? sc_find_entry(&s->sec[i], key) : NULL;
        if (e)
            return e->value;
    }
    return NULL;
}

/* 1 when country m chooses at the start or from a [change] (a helper's
 * hunt: warn_idle_offers read the start alone, and warned of a chooser). */
static int chooses_ever(const ss_scenario *s, size_t m)
{
    char key[64];
    snprintf(key, sizeof key, "intermediary.%s.choose", s->world->iso3[m]);
    const char *to = changed_to(s, key);
    return s->config->agent[m].choose || (to && strtod(to, NULL) != 0);
}

/* A corridor's keys that its other keys leave unread, at the start and in
 * every [change]: an offer without a condition, a threshold without
 * condition = transit, growth without a capacity (a helper's hunt found
 * each changing nothing, unsaid). */
static size_t warn_unread_corridor_keys(const ss_scenario *s)
{
    const ss_config *c = s->config;
    size_t n = 0, r = 0;
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (strcmp(sec->type, "corridor") != 0)
            continue;
        const ss_corridor *k = &c->corridor[r++];
        char key[2][SS_KEY_PART + 32];
        snprintf(key[0], sizeof key[0], "corridor.%s.condition", k->name);
        snprintf(key[1], sizeof key[1], "corridor.%s.capacity", k->name);
        const int conditions = changed_to(s, key[0]) != NULL,
                  capacities = changed_to(s, key[1]) != NULL;
        const struct {
            const char *key, *why;
            int unread;
        } keys[] = {
            {"offer", "read only with a condition (caught or transit)",
             k->condition == SS_HOLD_ALWAYS && !conditions},
            {"threshold", "read only with condition = transit",
             k->condition != SS_HOLD_TRANSIT && !conditions},
            {"growth", "read only with a capacity", !(k->capacity > 0) && !capacities},
        };
        for (size_t q = 0; q < sizeof keys / sizeof keys[0]; q++)
            if (keys[q].unread && sc_find_entry(sec, keys[q].key)) {
                ss_errorf("warning: [corridor %s] %s is %s, so it changes nothing", k->name,
                          keys[q].key, keys[q].why);
                n++;
            }
    }
    return n;
}

/* A conditional corridor's offer that nothing answers: a country that is
 * no candidate carries no transit, so it holds an offer conditional on
 * transit whatever happens (one conditional on being caught it can lose,
 * when an enforcer watches every country and its direct trade surges:
 * docs/model.md section 7); a candidate that does not choose can lose the
 * offer, but weighs nothing of it (sections 3c and 6b). */
static size_t warn_idle_offers(const ss_scenario *s)
{
    const ss_config *c = s->config;
    size_t n = 0;
    for (size_t r = 0; r < c->n_corridors; r++) {
        const ss_corridor *k = &c->corridor[r];
        for (size_t q = 0; k->condition != SS_HOLD_ALWAYS && q < k->offer.len; q++) {
            const size_t m = k->offer.at[q];
            const char *code = s->world->iso3[m];
            const int idle = !c->agent[m].candidate && k->condition == SS_HOLD_TRANSIT,
                      deaf = c->agent[m].candidate && !chooses_ever(s, m);
            if (idle)
                ss_errorf("warning: [corridor %s] offer: %s is no candidate intermediary, so it "
                          "carries no transit, always meets the condition and always has the "
                          "cut: for it the condition changes nothing",
                          k->name, code);
            else if (deaf)
                ss_errorf("warning: [corridor %s] offer: %s does not choose "
                          "(intermediary.%s.choose = 0), so the condition can withdraw the cut "
                          "but weighs in no decision of %s; with choose = 1 it risks the access "
                          "by evading (docs/model.md, section 6b)",
                          k->name, code, code, code);
            n += idle || deaf;
        }
    }
    return n;
}

/* Payment networks that leave trade unsettled from the first month: once
 * a scenario has one, two countries that share no network in force pay
 * the settlement cost (docs/model.md section 3d). A trial's one network of
 * the EAEU's members, from 2023-06, made all other trade of the world pay
 * it from 2021-02, years before any sanction. */
static size_t warn_unsettled(const ss_scenario *s)
{
    const ss_config *c = s->config;
    const ss_world *w = s->world;
    if (c->n_networks == 0 || !(ss_payments_factor(c) > 1) || s->months < 2)
        return 0;
    double all = 0, unsettled = 0;
    size_t none = 0, first = 0;
    for (size_t i = 0; i < w->n; i++) {
        int shares = 0;
        for (size_t j = 0; j < w->n; j++) {
            if (i == j)
                continue;
            const int shared = ss_payments_shared(c, i, j, 1);
            shares |= shared;
            for (size_t q = 0; q < w->k; q++) {
                const double x = w->x0[(i * w->n + j) * w->k + q];
                all += x;
                unsettled += shared ? 0 : x;
            }
        }
        if (!shares && !none++)
            first = i;
    }
    if (!(unsettled > 0))
        return 0;
    char month[32], whom[160] = "";
    ss_scenario_month(s, 1, month, sizeof month);
    if (none)
        snprintf(whom, sizeof whom, ", and %zu in none (%s%s)", none, w->iso3[first],
                 none > 1 ? " and others" : "");
    const double share = 100 * unsettled / all;
    ss_errorf("warning: [payments]: from %s, the first month, %.*f %% of the trade between "
              "countries pays the settlement cost (+%.3g %%): every two countries that share no "
              "network in force%s; a network of every country (as "
              "scenarios/report/payments.ini's WORLD) settles trade until a [change] cuts a "
              "country off",
              month, share < 1 ? 2 : 0, share, 100 * (ss_payments_factor(c) - 1), whom);
    return 1;
}

/* A labelled section that a file adds over its base, named near one of
 * the base's and without keys of that one's whose default is every
 * country or sector: most likely the base's misspelt, which then covers
 * them all (a [supply] of every exporter and sector) instead of changing
 * the base's. A new section that means to reach them all is told so, no
 * more. */
static size_t warn_added_near_base(const ss_scenario *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        char hint[160], lacks[256];
        const ss_section *near =
            sc_added_over_base(s, sec)
                ? sc_nearest_label(s, sec->type, sec->label, sec, hint, sizeof hint)
                : NULL;
        size_t missing = 0;
        lacks[0] = '\0';
        for (size_t e = 0; near && e < near->n; e++) {
            const char *key = near->entry[e].key;
            const sc_spec *sp = sc_find_spec(sec->type, key);
            if (near->entry[e].line >= 0 && sp && sp->def && strcmp(sp->def, "all") == 0 &&
                !sc_find_entry(sec, key))
                sc_name_add(lacks, sizeof lacks, missing++, key);
        }
        if (!missing)
            continue;
        long line;
        const char *file = ss_scenario_place(s, sec->line, &line);
        ss_errorf("warning: %s:%ld: [%s %s] is a new section, which no base file has%s: without "
                  "%s it covers all of them, where the base's [%s %s] names them; to change "
                  "that section, write its name as the base does",
                  file, line, sec->type, sec->label, hint, lacks, near->type, near->label);
        n++;
    }
    return n;
}

/* A [group] of a world group's name replaces that group: a trial wrote
 * [group COALITION] members = KAZ to add Kazakhstan to the coalition, and
 * got a coalition of one. */
static size_t warn_replaced_groups(const ss_scenario *s)
{
    if (!s->n_replaced_groups)
        return 0;
    ss_errorf("warning: a [group] section replaces the world's group%s %s with its own members: "
              "to add countries to a group, name it among a new group's members ([group MORE] "
              "members = COALITION KAZ) or add them from a month with a [change]'s "
              "group.NAME.add",
              s->n_replaced_groups == 1 ? "" : "s", s->replaced_groups);
    return 1;
}

size_t ss_scenario_warn_file(const ss_scenario *s, const ss_varied *varied)
{
    char list[256];
    size_t n = warn_idle_enforcers(s, varied) + warn_idle_offers(s) + warn_unread_corridor_keys(s) +
               warn_unwatched(s) + note_sanctioning_candidates(s) + warn_unsettled(s) +
               warn_self_sanction(s) + warn_no_trade(s, varied) + warn_added_near_base(s) +
               warn_near_one(s) + warn_general_closure(s) + warn_replaced_groups(s) +
               warn_inducements("", list, idle_inducements(s, NULL, 1, list, sizeof list));
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        char how[256], full[512];
        if (strcmp(sec->type, "change") == 0) {
            n += warn_same_month(s, sec);
            snprintf(how, sizeof how, "[change %s]", sec->label);
            /* change.NAME.KEY ends NAME at its first dot (ss_key_section),
             * since KEY names another section's key, dots and all. */
            if (strchr(sec->label, '.')) {
                ss_errorf("warning: %s: --set and --vary cannot reach the keys of a change whose "
                          "name holds a dot (change.NAME.KEY ends NAME at the first dot); "
                          "a name without dots can be reached",
                          how);
                n++;
            }
            for (size_t e = 0; e < sec->n; e++) {
                const char *key = sec->entry[e].key, *dot = strchr(key, '.');
                char type[SS_KEY_PART];
                if (sec->entry[e].line < 0)
                    continue;
                snprintf(type, sizeof type, "%.*s", dot ? (int)(dot - key) : 0, key);
                n += warn_no_candidate(s, how, key) +
                     warn_inert(s, how, key, sec->entry[e].value, 0) +
                     (dot ? warn_shadowed(s, how, type, dot + 1, 1) : 0) +
                     warn_joining(s, how, key, sec->entry[e].value);
            }
        } else if (strcmp(sec->type, "sanction") == 0) {
            /* A resolved scenario.ini writes every key, a ban's at their
             * defaults (penalty 0, cap and cap_enforcement 1): those say
             * nothing. */
            for (size_t e = 0; e < sec->n; e++) {
                const char *key = sec->entry[e].key;
                if (sec->entry[e].line < 0)
                    continue;
                long line;
                const char *file = ss_scenario_place(s, sec->entry[e].line, &line);
                snprintf(how, sizeof how, "%s:%ld:", file ? file : "", line);
                const double neutral = strcmp(key, "penalty") == 0 ? 0 : 1;
                char *end;
                double v = strtod(sec->entry[e].value, &end);
                snprintf(full, sizeof full, "sanction.%s.%s", sec->label, key);
                if (end != sec->entry[e].value && v != neutral)
                    n += warn_inert(s, how, full, NULL, 0);
            }
        } else if (strcmp(sec->type, "intermediary") == 0 && written(sec)) {
            long line;
            const char *file = ss_scenario_place(s, sec->line, &line);
            snprintf(how, sizeof how, "%s:%ld: [intermediary %s]", file ? file : "", line,
                     sec->label);
            snprintf(full, sizeof full, "intermediary.%s.%s", sec->label, written(sec)->key);
            n += warn_no_candidate(s, how, full);
        }
    }
    return n;
}

int ss_scenario_deterministic(const ss_scenario *s)
{
    const ss_config *c = s->config;
    for (size_t i = 0; i < c->n_enforcers; i++)
        if (c->enforcer[i].mode != SS_EXPECTED)
            return 0;
    return 1;
}

const char *ss_scenario_determinism(const ss_scenario *s)
{
    if (!ss_scenario_deterministic(s))
        return NULL;
    return s->config->n_enforcers ? "expected enforcement (deterministic)"
                                  : "no enforcer (deterministic)";
}

int ss_scenario_warn_seed(const ss_scenario *s, const char *what, const char *whose)
{
    if (!ss_scenario_deterministic(s))
        return 0;
    if (s->config->n_enforcers)
        ss_errorf("warning: %s: every enforcer of this scenario is in mode = expected, which "
                  "draws no detection, so the run is deterministic (the same numbers with any "
                  "seed); set enforcement.GROUP.mode=random for random detection",
                  what);
    else
        ss_errorf("warning: %s: %s has no enforcer, so nothing is drawn and the run is "
                  "deterministic (the same numbers with any seed)",
                  what, whose);
    return 1;
}

/* ---- the key reference -------------------------------------------------------- */

static const char *section_title(const char *section)
{
    static const char *const titles[][2] = {{"group", "group NAME"},
                                            {"sanction", "sanction NAME"},
                                            {"agent", "intermediaries] and [intermediary ISO3"},
                                            {"enforcement", "enforcement GROUP"},
                                            {"change", "change NAME"},
                                            {"links", "links NAME"},
                                            {"bloc", "bloc NAME"},
                                            {"corridor", "corridor NAME"},
                                            {"payments", "payments NAME"},
                                            {"supply", "supply NAME"}};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strcmp(section, titles[i][0]) == 0)
            return titles[i][1];
    return section;
}

/* What values a key takes, as `help keys` says it. */
static void range_text(const sc_spec *sp, char *range, size_t size)
{
    switch (sp->kind) {
    case K_CHOICE:
        snprintf(range, size, "%s", sp->choices);
        break;
    case K_DATE:
        snprintf(range, size, "YYYY-MM");
        break;
    case K_LIST:
        snprintf(range, size, "list");
        break;
    case K_TEXT:
        snprintf(range, size, "text");
        break;
    case K_FLAG:
        snprintf(range, size, "0 or 1");
        break;
    default:
        snprintf(range, size, "%.16g to %.16g", sp->lo, sp->hi);
    }
}

void ss_scenario_print_keys(FILE *f)
{
    int wide = 0; /* the widest range, so that the defaults line up */
    for (size_t i = 0; i < sc_nspecs; i++) {
        char range[64];
        range_text(&sc_specs[i], range, sizeof range);
        wide = (int)strlen(range) > wide ? (int)strlen(range) : wide;
    }
    for (size_t i = 0; i < sc_nspecs; i++) {
        const sc_spec *sp = &sc_specs[i];
        if (i == 0 || strcmp(sp->section, sc_specs[i - 1].section) != 0)
            fprintf(f, "%s[%s]\n", i ? "\n" : "", section_title(sp->section));
        char range[64], buf[64];
        range_text(sp, range, sizeof range);
        const char *def = sc_default_text(sp, buf, sizeof buf);
        def = !def ? NULL : *def ? def : strcmp(sp->key, "name") == 0 ? "(file name)" : "(none)";
        fprintf(f, "  %-18s %-*s %s%s\n", sp->key, wide, range, def ? "default " : "required",
                def ? def : "");
    }
    fprintf(f, "\n[scenario] base names a scenario file that this one inherits, relative to this "
               "file:\nit is read first, then this file's keys replace its keys one by one and "
               "this file's\nother sections are added; paths are relative to the file that "
               "writes them.\n"
               "What each key means, and its unit, is in the README's key table (\"Scenario "
               "files\").\n");
}

/* ---- the resolved scenario -------------------------------------------------- */

/* Writes "key = value". A line the reader could not take back (it reads
 * lines of at most SC_LINE_MAX characters) is broken at spaces onto
 * indented continuation lines of about 100 characters, which the reader
 * joins with one space; the first word stays on the key's line. Whether a
 * value survives this is sc_reads_back's to say. */
void sc_write_line(FILE *f, const char *key, const char *value)
{
    if (strlen(key) + 3 + strlen(value) <= SC_LINE_MAX) {
        fprintf(f, "%s = %s\n", key, value);
        return;
    }
    size_t col = (size_t)fprintf(f, "%s =", key);
    const char *first = value + strspn(value, " ");
    /* Lines break at single spaces between other characters only, which a
     * continuation line reads back as one: a run of spaces or tabs stays
     * inside its piece (a hunt: "DEU,
     * FRA" with two spaces came back with one, and summary.csv echoes a
     * `by` as written). */
    for (const char *w = first; *w;) {
        const char *end = w;
        while (*end && !(*end == ' ' && end > w && !isspace((unsigned char)end[-1]) && end[1] &&
                         !isspace((unsigned char)end[1])))
            end++;
        const size_t len = (size_t)(end - w);
        if (w != first && col + 1 + len > 100) {
            fputs("\n   ", f);
            col = 3;
        }
        col += (size_t)fprintf(f, " %.*s", (int)len, w);
        w = *end ? end + 1 : end;
    }
    fputc('\n', f);
}

/* The value a resolved [type] section gives a key: the scenario's own
 * name, world and seed; what the section sets; or the default. */
static void write_key(const ss_scenario *s, const ss_section *sec, const char *type,
                      const sc_spec *sp, FILE *f)
{
    char buf[64];
    const ss_entry *e = sc_find_entry(sec, sp->key);
    const char *v = e ? e->value : sc_default_text(sp, buf, sizeof buf);
    if (strcmp(type, "scenario") == 0 && strcmp(sp->key, "seed") == 0) {
        fprintf(f, "seed = %llu\n", (unsigned long long)s->seed);
        return;
    }
    if (strcmp(type, "scenario") == 0 && strcmp(sp->key, "name") == 0)
        v = s->name;
    else if (strcmp(type, "scenario") == 0 && strcmp(sp->key, "world") == 0)
        v = s->world_dir;
    sc_write_line(f, sp->key, v ? v : "");
}

/* 1 when a resolved section leaves key out: a price cap takes no
 * 'evasion' and no 'direction' (its loader refuses both), so their
 * defaults are not written. */
static int left_out(const ss_section *sec, const char *type, const char *key)
{
    const ss_entry *kind = sec ? sc_find_entry(sec, "kind") : NULL;
    return strcmp(type, "sanction") == 0 &&
           (strcmp(key, "evasion") == 0 || strcmp(key, "direction") == 0) && kind &&
           strcmp(kind->value, "price_cap") == 0;
}

static void write_section(const ss_scenario *s, const ss_section *sec, const char *type, FILE *f)
{
    fprintf(f, "\n[%s%s%s]\n", type, sec && sec->label ? " " : "",
            sec && sec->label ? sec->label : "");
    if (sec && strcmp(type, "change") == 0) {
        for (size_t e = 0; e < sec->n; e++)
            sc_write_line(f, sec->entry[e].key, sec->entry[e].value);
        return;
    }
    for (size_t i = 0; i < sc_nspecs; i++) {
        const sc_spec *sp = &sc_specs[i];
        /* An [intermediary X] section lists only what it sets itself. */
        /* A resolved scenario is whole: it names no base. */
        if (sc_section_matches(sp->section, type) && sp != sc_find_spec("scenario", "base") &&
            (strcmp(type, "intermediary") != 0 || sc_find_entry(sec, sp->key)) &&
            !left_out(sec, type, sp->key))
            write_key(s, sec, type, sp, f);
    }
}

int ss_scenario_write(const ss_scenario *s, FILE *f)
{
    /* The file it came from, where a comment line can hold its path. */
    char first[SC_LINE_MAX + 1];
    int len =
        snprintf(first, sizeof first, SS_RESOLVED_MARK " %s from %s: every default is filled in.",
                 SS_VERSION, s->path);
    if (len < 0 || len > SC_LINE_MAX || !sc_plain_text(s->path))
        snprintf(first, sizeof first, SS_RESOLVED_MARK " %s: every default is filled in.",
                 SS_VERSION);
    fprintf(f, "%s\n; Run it again with: sanctsim run THIS_FILE\n", first);
    const char *fixed[] = {"scenario", "model", "intermediaries"};
    for (size_t i = 0; i < 3; i++)
        write_section(s, sc_find_section(s, fixed[i], NULL), fixed[i], f);
    if (sc_find_section(s, "scale", NULL))
        write_section(s, sc_find_section(s, "scale", NULL), "scale", f);
    if (sc_find_section(s, "sweep", NULL))
        write_section(s, sc_find_section(s, "sweep", NULL), "sweep", f);
    if (sc_find_section(s, "output", NULL))
        write_section(s, sc_find_section(s, "output", NULL), "output", f);
    for (size_t i = 0; i < s->nsec; i++) {
        const ss_section *sec = &s->sec[i];
        if (sec->label)
            write_section(s, sec, sec->type, f);
    }
    return ferror(f) ? SS_EIO : SS_OK;
}
