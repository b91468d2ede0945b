/* The monthly simulation's levers (sim_internal.h): blocs and corridors
 * in step 1 (their costs; payment networks' settlement cost is built with
 * the payment frictions it shares a cap with, sim.c), the premium a
 * choosing ally adds to its commission in step 2, and at the end of a
 * month what the levers remember (who was caught, corridor flows) and each
 * choosing ally's participation for next month (docs/model.md sections
 * 3b-3d, 6b). Allocates only in sim_levers_alloc.
 * Invariant: with no bloc, corridor or network and nobody choosing, every
 * cost, weight and flow is what it was without this file, bit for bit
 * (participation stays exactly 1). */
#include "bloc.h"
#include "choice.h"
#include "corridor.h"
#include "cost.h"
#include "sim_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int sim_levers_alloc(ss_sim *s)
{
    const ss_config *c = s->c;
    const size_t n = s->n, nc = c->n_corridors ? c->n_corridors : 1;
    s->participation = malloc(n * sizeof(double));
    s->held = malloc(nc * n * sizeof(double));
    s->caught_hist = calloc(n * (size_t)c->months, sizeof(double));
    s->corr_flow = calloc(nc, sizeof(double));
    s->imports0 = calloc(n, sizeof(double));
    s->stake = calloc(n, sizeof(double));
    s->outside = calloc(n, sizeof(double));
    s->reloc_new = calloc(n * s->k, sizeof(double));
    s->reloc_home = calloc(n * s->k, sizeof(double));
    s->reloc_away = calloc(n * s->k, sizeof(double));
    if (!s->participation || !s->held || !s->caught_hist || !s->corr_flow || !s->imports0 ||
        !s->stake || !s->outside || !s->reloc_new || !s->reloc_home || !s->reloc_away)
        return SS_ENOMEM;
    for (size_t m = 0; m < n; m++) {
        s->participation[m] = 1;
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; i != m && q < s->k; q++)
                s->imports0[m] += s->w->x0[(i * n + m) * s->k + q];
    }
    for (size_t q = 0; q < nc * n; q++)
        s->held[q] = 1;
    /* Month 0's flows are the baseline's: a corridor in force from month 1
     * meets its capacity against them. */
    for (size_t r = 0; r < c->n_corridors; r++)
        s->corr_flow[r] = ss_corridor_flow(&c->corridor[r], n, s->k, s->w->x0, SIZE_MAX);
    return SS_OK;
}

void sim_levers_free(ss_sim *s)
{
    free(s->participation);
    free(s->held);
    free(s->caught_hist);
    free(s->corr_flow);
    free(s->imports0);
    free(s->stake);
    free(s->outside);
    free(s->reloc_new);
    free(s->reloc_home);
    free(s->reloc_away);
}

/* ---- step 1: costs ------------------------------------------------------ */

static void bloc_costs(ss_sim *s, long t)
{
    for (size_t b = 0; b < s->c->n_blocs; b++) {
        const ss_bloc *bl = &s->c->bloc[b];
        if (!ss_cost_active(bl->start, bl->end, t))
            continue;
        if (bl->external != 0)
            sim_fixed_begin(s);
        ss_bloc_apply(bl, s->n, s->k, s->d, s->fixed);
    }
}

/* m's transit last month over its baseline imports (0 without imports). */
static double transit_share(const ss_sim *s, size_t m)
{
    double v = 0;
    for (size_t q = 0; q < s->k; q++)
        v += s->transit[m * s->k + q];
    return s->imports0[m] > 0 ? v / s->imports0[m] : 0;
}

static void corridor_costs(ss_sim *s, long t)
{
    const size_t n = s->n;
    for (size_t r = 0; r < s->c->n_corridors; r++) {
        const ss_corridor *co = &s->c->corridor[r];
        double *held = s->held + r * n;
        for (size_t m = 0; m < n; m++)
            held[m] = ss_corridor_held(co, m, t, s->caught_hist + m * (size_t)s->c->months,
                                       transit_share(s, m));
        if (!ss_cost_active(co->start, co->end, t))
            continue;
        const double share = ss_corridor_capacity_share(co, t, s->corr_flow[r]);
        ss_corridor_apply(co, n, s->k, share, held, s->d);
    }
}

void sim_levers_costs(ss_sim *s, long t)
{
    bloc_costs(s, t);
    corridor_costs(s, t);
}

/* ---- step 2: the chooser's premium --------------------------------------- */

/* A choosing ally with a good outside option (corridor access it holds)
 * demands more: leverage * outside is added to its commission's target,
 * which partial adjustment turns into price_speed times that. */
void sim_levers_commission(ss_sim *s)
{
    for (size_t m = 0; m < s->n; m++) {
        const ss_agent *a = &s->c->agent[m];
        if (!a->choose || s->outside[m] == 0)
            continue;
        for (size_t q = 0; q < s->k; q++)
            s->commission[m * s->k + q] += a->price_speed * a->leverage * s->outside[m];
    }
}

/* ---- end of month -------------------------------------------------------- */

/* How likely m was caught this month, over the enforcers: by each one in
 * random mode, its draw (1 when it caught m this month: a review found the
 * end of m's secondary sanctions, which a catch no longer always moves,
 * read for it); in expected mode, its
 * detection probability. With every enforcer in one mode, the draws or
 * the detection probability. (An expected enforcer beside a random one
 * gave its probability of m being under its secondary sanctions until the
 * forty-fourth session: a helper's hunt.) */
static double caught_now(const ss_sim *s, size_t m)
{
    const size_t n = s->n, months = (size_t)s->c->months;
    double any = 0; /* combined as enforce() combines detection[m] */
    for (size_t e = 0; e < s->ne; e++) {
        const ss_enforcer *en = &s->c->enforcer[e];
        const double c = en->mode == SS_EXPECTED ? s->p_hist[(e * n + m) * months + (size_t)s->t]
                                                 : s->caught_at[e * n + m] == s->t;
        any = 1 - (1 - any) * (1 - c);
    }
    return any;
}

/* What m risks by evading (USD million, expected): for each enforcer, its
 * detection probability times the secondary penalty on m's trade with the
 * enforcer's members in its scope over secondary_months; and the corridor
 * access it holds under a condition, over the corridor's memory, weighted
 * by its detection probability (condition caught) or in full (condition
 * transit). *access: that corridor access, unweighted. */
static double stake_of(const ss_sim *s, size_t m, double *access)
{
    const size_t n = s->n, k = s->k;
    double stake = 0;
    for (size_t e = 0; e < s->ne; e++) {
        const ss_enforcer *en = &s->c->enforcer[e];
        double trade = 0;
        for (size_t q = 0; q < en->members.len; q++)
            for (size_t sec = 0; sec < k; sec++) {
                const size_t cm = en->members.at[q];
                if (s->scope[e * k + sec] && cm != m)
                    trade += s->x[(cm * n + m) * k + sec] + s->x[(m * n + cm) * k + sec];
            }
        const double p = s->p_hist[(e * n + m) * (size_t)s->c->months + (size_t)s->t];
        stake += p * en->secondary_penalty * (double)en->secondary_months * trade;
    }
    *access = 0;
    for (size_t r = 0; r < s->c->n_corridors; r++) {
        const ss_corridor *co = &s->c->corridor[r];
        if (co->condition == SS_HOLD_ALWAYS || !ss_set_has(&co->offer, m) ||
            !ss_cost_active(co->start, co->end, s->t))
            continue;
        const double held = -co->change * s->held[r * n + m] * (double)co->memory *
                            ss_corridor_flow(co, n, k, s->x, m);
        *access += held;
        stake += (co->condition == SS_HOLD_CAUGHT ? s->detection[m] : 1) * held;
    }
    return stake;
}

/* m's stake and outside option this month, and its participation for the
 * next when some link is penalised, so that a detour may evade it
 * (`evaded`: nothing to take part in otherwise; an inducement moved it
 * before any sanction, a review found: 0.9972 from 1). */
static void choose(ss_sim *s, size_t m, int evaded)
{
    const ss_agent *a = &s->c->agent[m];
    double income = 0, access;
    for (size_t q = 0; q < s->k; q++)
        income += s->income[m * s->k + q];
    const double pi = s->participation[m], gain = pi > 0 ? income / pi : 0;
    const double stake = stake_of(s, m, &access);
    const double all = gain + a->inducement + stake;
    s->stake[m] = stake;
    s->outside[m] = access > 0 ? access / (gain + a->inducement + access) : 0;
    if (evaded && all > 0) /* nothing at play: nothing to decide */
        s->participation[m] =
            ss_choice_participation(a, pi, ss_choice_gain(gain, a->inducement, stake));
}

void sim_levers_end(ss_sim *s)
{
    const size_t months = (size_t)s->c->months;
    for (size_t m = 0; m < s->n; m++)
        s->caught_hist[m * months + (size_t)s->t] = caught_now(s, m);
    for (size_t r = 0; r < s->c->n_corridors; r++)
        s->corr_flow[r] = ss_corridor_flow(&s->c->corridor[r], s->n, s->k, s->x, SIZE_MAX);
    /* Something to take part in: a link that a detour may evade (a
     * transit-evaded sanction, a [links] rise, secondary sanctions). */
    const int evaded = s->n_pen > 0;
    /* choose may be switched on or off by a dated change: a country that
     * no longer chooses takes part in full again from next month. */
    for (size_t m = 0; m < s->n; m++) {
        const ss_agent *a = &s->c->agent[m];
        if (!a->choose)
            s->participation[m] = 1;
        else if (a->willing && a->candidate)
            choose(s, m, evaded);
    }
}

/* ---- read access ----------------------------------------------------------- */

const double *ss_sim_participation(const ss_sim *s)
{
    return s->participation;
}

const double *ss_sim_corridor_held(const ss_sim *s, size_t r)
{
    return s->held + r * s->n;
}
