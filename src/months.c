/* The monthly loop (see months.h). */
#include "months.h"
#include "rng.h"
#include "signals.h"

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
        if (!rc)
            rc = ss_sim_step(sim, rng, d);
        if (!rc)
            rc = each(user, s, sim, t, d);
    }
done:
    gsl_rng_free(rng);
    ss_sim_free(sim);
    return rc;
}
