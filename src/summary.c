/* Summary rows: which coalition, target, sector and direction combinations
 * a run reports, and their flows in a month. Two measures by the same
 * coalition (same members, same name) on the same target and sector share
 * one row. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

static int same_by(const ss_measure *a, const ss_measure *b)
{
    if (a->by.len != b->by.len)
        return 0;
    for (size_t i = 0; i < a->by.len; i++)
        if (!ss_set_has(&b->by, a->by.at[i]))
            return 0;
    return strcmp(a->by_name, b->by_name) == 0;
}

int ss_watches(const ss_config *c, ss_watch **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < c->n_measures; i++) {
        const ss_measure *m = &c->measure[i];
        for (int dir = SS_EXPORT; dir <= SS_IMPORT; dir++) {
            if (!(m->direction & dir))
                continue;
            for (size_t a = 0; a < m->target.len; a++) {
                for (size_t b = 0; b < m->sectors.len; b++) {
                    size_t t = m->target.at[a], s = m->sectors.at[b], q = 0;
                    while (q < *n && !(same_by((*out)[q].m, m) && (*out)[q].target == t &&
                                       (*out)[q].sector == s && (*out)[q].direction == dir))
                        q++;
                    if (q < *n)
                        continue;
                    ss_watch *grown = realloc(*out, (*n + 1) * sizeof *grown);
                    if (!grown) {
                        free(*out);
                        *out = NULL;
                        *n = 0;
                        return SS_ENOMEM;
                    }
                    *out = grown;
                    grown[(*n)++] = (ss_watch){m, t, s, dir};
                }
            }
        }
    }
    return SS_OK;
}

void ss_watch_flows(const ss_world *w, const ss_sim *sim, const ss_watch *wa, double *baseline,
                    double *direct, double *rerouted)
{
    const double *x = ss_sim_flows(sim), *dir = ss_sim_direct(sim);
    double base = 0, straight = 0, total = 0;
    for (size_t b = 0; b < wa->m->by.len; b++) {
        size_t c = wa->m->by.at[b];
        if (c == wa->target)
            continue;
        size_t idx = wa->direction == SS_EXPORT ? ss_idx(w, c, wa->target, wa->sector)
                                                : ss_idx(w, wa->target, c, wa->sector);
        base += w->x0[idx];
        straight += dir[idx];
        total += x[idx];
    }
    *baseline = base;
    *direct = straight;
    *rerouted = total - straight;
}
