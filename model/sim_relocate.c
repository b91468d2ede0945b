/* The monthly simulation's production relocation (sim_internal.h,
 * docs/model.md section 9): at the start of a month a share of the target's
 * demand weight in the markets it serves moves to the intermediaries that
 * carried its sector's transit last month, at a cost and up to a ceiling,
 * never in a commodity sector; and what moved, by host and sector, for the
 * run's relocation.csv. Allocates nothing (sim_levers_alloc holds its
 * arrays).
 * Invariant: with relocation_cost = 0, relocation_ceiling = 1 and
 * relocation_markets = sanctioning, every weight moves as it did before
 * cost, ceiling and markets existed, bit for bit. */
#include "sim_internal.h"

#include <math.h>
#include <string.h>

/* Whether some buyer sanctions target tg in sector q through a
 * transit-evaded measure this month. */
static int under_sanction(const ss_sim *s, size_t tg, size_t q)
{
    for (size_t j = 0; j < s->n; j++)
        if (s->sanctions[(j * s->n + tg) * s->k + q])
            return 1;
    return 0;
}

/* Whether production of target tg for buyer j in sector q relocates: never
 * in a commodity sector (extraction cannot move); in the buyers that
 * sanction tg, or with relocation_markets = all in every market of a target
 * under sanction in q, its own included. */
static int relocates(const ss_sim *s, size_t j, size_t tg, size_t q)
{
    if (s->w->commodity && s->w->commodity[q])
        return 0;
    if (s->c->relocation_markets == SS_RELOCATE_ALL)
        return under_sanction(s, tg, q);
    return s->sanctions[(j * s->n + tg) * s->k + q] != 0;
}

/* Whether intermediary m can host production for buyer j (target tg, q):
 * neither sanctions the other in q (a host that j sanctions took weight
 * that its closed or penalised link then lost). */
static int can_host(const ss_sim *s, size_t m, size_t j, size_t tg, size_t q)
{
    return m != j && m != tg && !s->sanctions[(m * s->n + j) * s->k + q] &&
           !s->sanctions[(j * s->n + m) * s->k + q];
}

/* The weight of link (tg, j, q) that leaves this month: speed times what
 * is left, but never below (1 - ceiling) of the baseline weight. */
static double leaving(const ss_sim *s, size_t idx)
{
    const ss_config *c = s->c;
    double moved = c->relocation_speed * s->wt_own[idx];
    if (c->relocation_ceiling < 1)
        moved = fmin(moved, fmax(0, s->wt_own[idx] - (1 - c->relocation_ceiling) * s->w->x0[idx]));
    return moved;
}

/* Moves link (tg, j, q)'s leaving weight to the hosts in proportion to
 * their transit last month (total > 0), at the relocation cost. */
static void move(ss_sim *s, size_t j, size_t tg, size_t q, double total)
{
    const size_t n = s->n, k = s->k, idx = (tg * n + j) * k + q;
    const double moved = leaving(s, idx);
    const double cost = s->c->relocation_cost;
    const double landed = cost > 0 ? moved * pow(1 + cost, 1 - import_sigma(s, q)) : moved;
    s->wt_own[idx] -= moved;
    /* Production for the target's own market becomes imports: the import
     * price index's base grows by the weight before its cost, so that the
     * index reads the relocated goods at the price they now cost (it fell
     * below 1 with every import dearer: a helper's hunt). */
    if (j == tg)
        s->imp0[j * k + q] += moved;
    for (size_t v = 0; v < s->n_via; v++) {
        size_t m = s->via[v];
        if (!can_host(s, m, j, tg, q))
            continue;
        const double part = landed * s->transit[m * k + q] / total;
        s->wt_own[(m * n + j) * k + q] += part;
        s->reloc_new[m * k + q] += part;
        *(j == tg ? &s->reloc_home[m * k + q] : &s->reloc_away[m * k + q]) += part;
    }
}

/* Each market's sum of foreign weights, the import nest's base, summed
 * again after the weights moved (in cost_index's order, as imp0; with the
 * nest off too, so that a dated change may switch it on). */
static void foreign_weights(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    for (size_t j = 0; j < n; j++)
        for (size_t q = 0; q < k; q++) {
            double sum = 0;
            for (size_t i = 0; i < n; i++)
                if (i != j)
                    sum += s->wt[(i * n + j) * k + q];
            s->imp_w[j * k + q] = sum;
        }
}

void sim_relocate(ss_sim *s)
{
    const size_t n = s->n, k = s->k;
    if (s->wt != s->wt_own) { /* the weights leave the baseline */
        memcpy(s->wt_own, s->w->x0, s->len * sizeof *s->wt_own);
        s->wt = s->wt_own;
    }
    for (size_t j = 0; j < n; j++)
        for (size_t tg = 0; tg < n; tg++)
            for (size_t q = 0; q < k; q++) {
                if (!relocates(s, j, tg, q))
                    continue;
                double total = 0;
                for (size_t v = 0; v < s->n_via; v++)
                    if (can_host(s, s->via[v], j, tg, q))
                        total += s->transit[s->via[v] * k + q];
                if (total > 0)
                    move(s, j, tg, q, total);
            }
    foreign_weights(s);
}

void ss_sim_relocated(const ss_sim *s, const double **now, const double **home, const double **away)
{
    *now = s->reloc_new;
    *home = s->reloc_home;
    *away = s->reloc_away;
}
