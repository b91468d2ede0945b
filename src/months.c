/* The monthly loop (see months.h). */
#include "months.h"
#include "report.h"
#include "rng.h"
#include "signals.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The model names the month whose step failed by its number ("month 5:
 * the flow ..."); a user knows it by its date (a trial). */
static void dated(const ss_scenario *s, long t, ss_diag *d)
{
    char prefix[32], month[32];
    const size_t named = (size_t)snprintf(prefix, sizeof prefix, "month %ld", t);
    ss_scenario_month(s, t, month, sizeof month);
    const size_t len = strlen(month);
    /* In place: "YYYY-MM" is no longer than "month N". */
    if (strncmp(d->msg, prefix, named) != 0 || d->msg[named] != ':' || len > named)
        return;
    memmove(d->msg + len, d->msg + named, strlen(d->msg + named) + 1);
    memcpy(d->msg, month, len);
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

void ss_warn_routes_lost(const ss_scenario *s, size_t lost, long month, int whole_run)
{
    char date[32];
    ss_scenario_month(s, month, date, sizeof date);
    /* A detour's weight is its cost to the power -theta / nest: one over
     * it comes within 2^40 of the largest double (finish_routes) from this
     * many times the direct road's cost. */
    const double dear = exp((log(DBL_MAX) - 40 * M_LN2) * s->config->nest / s->config->theta);
    char times[32];
    snprintf(times, sizeof times, dear < 100 ? "%.2f" : dear < 1e6 ? "%.0f" : "%.3g", dear);
    ss_errorf("warning: %s %s, %zu link%s%s had every detour %s or more times as dear as the "
              "direct road, so light in the route choice (theta %g, nest %g) that one over their "
              "weight neared the largest double: %s served as if no intermediary were willing "
              "(docs/model.md section 4, \"Numerics\")",
              whole_run ? "from" : "in", date, lost, whole_run ? "-month" : "",
              lost == 1 ? "" : "s", times, s->config->theta, s->config->nest,
              lost == 1 ? "it was" : "they were");
}
