/* Scenario parameters as the model sees them: defaults and ownership of
 * measures and enforcers (ranges are checked where values are read, in
 * src/scenario.c's key table). Every default here is the one documented
 * in README.md. */
#include "config.h"
#include "equilibrium.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const ss_config ss_config_default = {
    .sigma = 5.0,
    .import_sigma = 0.0,
    .import_nest = NULL,
    .theta = 4.0,
    .adjust = 0.25,
    .detour_cost = 0.10,
    .relocation_speed = 0.0,
    .relocation_cost = 0.0,
    .relocation_ceiling = 1.0,
    .relocation_markets = SS_RELOCATE_SANCTIONING,
    .nest = 1.0,
    .kappa = 0.0,
    .payment_fee = 0.03,
    .bulk_capacity = 0.1,
    .commission_income = 0,
    .stop_at_once = 0,
    .commodity_sigma = 0.0,
    .freight = 0.0,
    .supply = NULL,
    .threads = 1,
    .closure = SS_PARTIAL,
    .balance = SS_EQ_ADDITIVE,
    .settlement_cost = 1.0,
};

const ss_agent ss_agent_default = {
    .base_commission = 0.07, /* mid-range of the 5-10 % "parallel import" mark-ups */
    .loss = 1.0,
    .capacity = 0.10,
    .congestion_price = 0.05,
    .congestion_power = 2.0,
    .leverage = 0.05,
    .price_speed = 0.5,
    .invest_speed = 0.10,
    .lost_in_transit = 0.0,
    .reach_start = 1.0,
    .reach_max = 1.0,
    .reach_speed = 0.0,
    .capacity_bound = 0,
    .willing = 1,
    .candidate = 1,
    .choose = 0,
    .switching_cost = 0.5,
    .choice_noise = 0.25,
    .inducement = 0.0,
    .customs_union = 0,
};

const ss_enforcer ss_enforcer_default = {
    .enforcement = 1.0,
    .base_hazard = 0.01,
    .surge_hazard = 0.05,
    .secondary_penalty = 0.5,
    .attention_lag = 0,
    .secondary_months = 6,
    .mode = SS_RANDOM,
    .watches = SS_WATCH_ALL,
};

const ss_measure ss_measure_default = {
    .kind = SS_BAN,
    .direction = SS_EXPORT,
    .evasion = SS_EVADE_TRANSIT,
    .rate = 0.0,
    .cap = 1.0,
    .cap_enforcement = 1.0,
    .end = -1,
};

const ss_bloc ss_bloc_default = {
    .preference = 0.0,
    .external = 0.0,
    .end = -1,
};

const ss_corridor ss_corridor_default = {
    .direction = SS_BOTH,
    .condition = SS_HOLD_ALWAYS,
    .change = 0.0,
    .capacity = 0.0,
    .growth = 0.0,
    .threshold = 0.0,
    .memory = 12,
    .end = -1,
};

const ss_network ss_network_default = {
    .end = -1,
};

ss_config *ss_config_alloc(size_t n, size_t k, long months)
{
    ss_config *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = ss_config_default;
    c->n = n;
    c->k = k;
    c->months = months;
    c->agent = malloc(n * sizeof *c->agent);
    if (!c->agent) {
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        c->agent[i] = ss_agent_default;
    return c;
}

/* What a measure, an enforcer and a [links] table own, freed on a failed
 * add and with the config. */
static void measure_clear(ss_measure *m)
{
    free(m->name);
    free(m->by_name);
    ss_set_clear(&m->by);
    ss_set_clear(&m->target);
    ss_set_clear(&m->sectors);
}

static void enforcer_clear(ss_enforcer *e)
{
    free(e->name);
    ss_set_clear(&e->members);
    ss_set_clear(&e->watch_only);
}

static void links_clear(ss_links *l)
{
    free(l->name);
    free(l->from);
    free(l->to);
    free(l->sector);
    free(l->change);
}

void ss_config_free(ss_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_measures; i++)
        measure_clear(&c->measure[i]);
    for (size_t i = 0; i < c->n_enforcers; i++)
        enforcer_clear(&c->enforcer[i]);
    for (size_t i = 0; i < c->n_links; i++)
        links_clear(&c->links[i]);
    free(c->links);
    ss_config_free_levers(c);
    free(c->supply);
    free(c->import_nest);
    free(c->measure);
    free(c->enforcer);
    free(c->agent);
    free(c);
}

int ss_config_set_supply(ss_config *c, size_t i, size_t s, double elasticity)
{
    if (!c->supply) {
        const size_t count = c->n * c->k;
        c->supply = malloc((count > 0 ? count : 1) * sizeof *c->supply);
        if (!c->supply)
            return SS_ENOMEM;
        for (size_t q = 0; q < c->n * c->k; q++)
            c->supply[q] = INFINITY;
    }
    c->supply[i * c->k + s] = elasticity;
    return SS_OK;
}

int ss_set_add(ss_set *s, size_t x)
{
    if (ss_set_has(s, x))
        return SS_OK;
    size_t *grown = realloc(s->at, (s->len + 1) * sizeof *grown);
    if (!grown)
        return SS_ENOMEM;
    s->at = grown;
    s->at[s->len++] = x;
    return SS_OK;
}

int ss_set_has(const ss_set *s, size_t x)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->at[i] == x)
            return 1;
    return 0;
}

void ss_set_clear(ss_set *s)
{
    free(s->at);
    s->at = NULL;
    s->len = 0;
}

int ss_set_copy(ss_set *dst, const ss_set *src)
{
    dst->len = 0;
    dst->at = NULL;
    if (src->len == 0)
        return SS_OK;
    dst->at = malloc(src->len * sizeof *dst->at);
    if (!dst->at)
        return SS_ENOMEM;
    memcpy(dst->at, src->at, src->len * sizeof *dst->at);
    dst->len = src->len;
    return SS_OK;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Sets every measure's `answers` (config.h), in the order of their start
 * months, the order they were added between equals. */
static int mark_answers(ss_config *c)
{
    size_t n = c->n_measures, *order = malloc((n + 1) * sizeof *order);
    char *named = calloc(c->n + 1, 1); /* targets of the measures that answer none */
    if (!order || !named) {
        free(order);
        free(named);
        return -1;
    }
    for (size_t i = 0; i < n; i++) { /* insertion sort: a scenario has few measures */
        size_t q = i;
        for (; q > 0 && c->measure[order[q - 1]].start > c->measure[i].start; q--)
            order[q] = order[q - 1];
        order[q] = i;
    }
    for (size_t q = 0; q < n; q++) {
        ss_measure *m = &c->measure[order[q]];
        m->answers = 0;
        for (size_t b = 0; b < m->by.len; b++)
            m->answers |= named[m->by.at[b]];
        for (size_t t = 0; t < m->target.len && !m->answers; t++)
            named[m->target.at[t]] = 1;
    }
    free(order);
    free(named);
    return 0;
}

long ss_config_add_measure(ss_config *c, const ss_measure *m)
{
    ss_measure *grown = realloc(c->measure, (c->n_measures + 1) * sizeof *grown);
    if (!grown)
        return -1;
    c->measure = grown;
    ss_measure *d = &c->measure[c->n_measures];
    *d = *m;
    /* Nothing of m's is kept, so that a failure frees only copies. */
    d->by = d->target = d->sectors = (ss_set){0};
    d->name = dup_or_null(m->name);
    d->by_name = dup_or_null(m->by_name);
    if ((m->name && !d->name) || (m->by_name && !d->by_name))
        goto fail;
    if (ss_set_copy(&d->by, &m->by) || ss_set_copy(&d->target, &m->target) ||
        ss_set_copy(&d->sectors, &m->sectors))
        goto fail;
    c->n_measures++;
    if (mark_answers(c)) {
        c->n_measures--;
        goto fail;
    }
    return (long)c->n_measures - 1;
fail:
    measure_clear(d);
    return -1;
}

long ss_config_add_enforcer(ss_config *c, const ss_enforcer *e)
{
    ss_enforcer *grown = realloc(c->enforcer, (c->n_enforcers + 1) * sizeof *grown);
    if (!grown)
        return -1;
    c->enforcer = grown;
    ss_enforcer *d = &c->enforcer[c->n_enforcers];
    *d = *e;
    /* Nothing of e's is kept, so that a failure frees only copies (a
     * failed copy of members had left watch_only e's, to be freed). */
    d->members = d->watch_only = (ss_set){0};
    d->name = dup_or_null(e->name);
    if (ss_set_copy(&d->members, &e->members) || ss_set_copy(&d->watch_only, &e->watch_only) ||
        (e->name && !d->name)) {
        enforcer_clear(d);
        return -1;
    }
    return (long)c->n_enforcers++;
}

ss_links *ss_config_add_links(ss_config *c, const char *name, size_t len, long start, long end)
{
    ss_links *grown = realloc(c->links, (c->n_links + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    c->links = grown;
    ss_links *l = &c->links[c->n_links];
    size_t count = len ? len : 1;
    *l = (ss_links){strdup(name ? name : ""),
                    len,
                    malloc(count * sizeof(size_t)),
                    malloc(count * sizeof(size_t)),
                    malloc(count * sizeof(size_t)),
                    malloc(count * sizeof(double)),
                    start,
                    end};
    if (!l->name || !l->from || !l->to || !l->sector || !l->change) {
        links_clear(l);
        return NULL;
    }
    c->n_links++;
    return l;
}
