/* The monthly loop (see months.h). */
#include "months.h"
#include "rng.h"
#include "signals.h"

#include <stdio.h>
#include <string.h>

/* The model names the month whose step failed by its number ("month 5:
 * the flow ..."); a user knows it by its date (a trial). */
static void dated(const ss_scenario *s, long t, ss_diag *d)
{
    char prefix[32], month[32], rest[sizeof d->msg];
    snprintf(prefix, sizeof prefix, "month %ld: ", t);
    if (strncmp(d->msg, prefix, strlen(prefix)) != 0)
        return;
    ss_scenario_month(s, t, month, sizeof month);
    snprintf(rest, sizeof rest, "%s", d->msg + strlen(prefix));
    snprintf(d->msg, sizeof d->msg, "%s: %s", month, rest);
}

int ss_run_months(ss_scenario *s, long last, ss_month_fn *each, void *user, ss_diag *d)
{
    ss_sim *sim = ss_sim_alloc(s->world, s->config);
    gsl_rng *rng = ss_rng_alloc(s->seed);
    int rc = SS_OK;
    if (!sim || !rng) {
        rc = ss_diag_set(d, SS_ENOMEM, "out of memory for a world of %zu countries and %zu sectors",
                         s->world->n, s->world->k);
        goto done;
    }
    rc = each(user, s, sim, 0, d);
    for (long t = 1; t <= last && !rc; t++) {
        if (ss_signal_caught()) {
            rc = ss_diag_set(d, SS_EINTR, "interrupted (signal %d)", ss_signal_caught());
            break;
        }
        rc = ss_scenario_apply_changes(s, t, d);
        if (!rc && (rc = ss_sim_step(sim, rng, d)))
            dated(s, t, d);
        if (!rc)
            rc = each(user, s, sim, t, d);
    }
done:
    gsl_rng_free(rng);
    ss_sim_free(sim);
    return rc;
}
