/* `sanctsim calibrate`'s output folder (calibrate_internal.h): the fitted
 * and twin scenarios as resolved files, fit.csv (each target observed and
 * simulated), start.csv (the loss at each start point) and search.csv (the
 * Nelder-Mead path), written through src/output.h so that nothing is
 * written unless the whole folder is. */
#include "calibrate_internal.h"
#include "output.h"
#include "twin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A CSV text field, quoted when needed (RFC 4180). */
static void put_text(FILE *f, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p == '\r' || *p == '\n' ? ' ' : *p, f);
    }
    fputc('"', f);
}

static void put_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
}

static char *header_of(const cal *c, const char *first, const char *last)
{
    size_t len = strlen(first) + strlen(last) + 2;
    for (size_t a = 0; a < c->nfree; a++)
        len += strlen(c->fk[a].key) + 3;
    char *h = malloc(len);
    if (!h)
        return NULL;
    strcpy(h, first);
    for (size_t a = 0; a < c->nfree; a++) {
        strcat(h, ",");
        strcat(h, c->fk[a].key);
    }
    strcat(h, last);
    return h;
}

static int write_fit(ss_output *o, const cal *c, const double *values, ss_diag *d)
{
    FILE *f = ss_output_add(o, "fit.csv",
                            "target,indicator,from,to,sector,period,base,observed,observed_high,"
                            "simulated,log_error,weight,loss,source",
                            d);
    if (!f)
        return SS_EINVAL;
    for (size_t r = 0; r < c->targets->n; r++) {
        const ss_target *t = &c->targets->at[r];
        double e = ss_target_error(t, values[r]);
        const char *text[] = {t->name,        ss_indicator_name[t->indicator],
                              t->from_text,   t->to_text,
                              t->sector_text, t->period_text,
                              t->base_text};
        for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
            put_text(f, text[i]);
            fputc(',', f);
        }
        fprintf(f, "%.10g,", t->observed);
        if (t->high != t->observed)
            fprintf(f, "%.10g", t->high);
        fputc(',', f);
        put_number(f, values[r]);
        fprintf(f, ",%.10g,%.10g,%.10g,", e, t->weight, t->weight * e * e);
        put_text(f, t->source);
        fputc('\n', f);
    }
    return SS_OK;
}

static int write_start(ss_output *o, const cal *c, const double *pts, const double *loss,
                       char *const *why, ss_diag *d)
{
    char *h = header_of(c, "point", ",loss,status");
    FILE *f = h ? ss_output_add(o, "start.csv", h, d) : NULL;
    free(h);
    if (!f)
        return SS_EINVAL;
    for (size_t p = 0; p < c->points; p++) {
        fprintf(f, "%zu", p);
        for (size_t a = 0; a < c->nfree; a++)
            fprintf(f, ",%.10g", pts[p * c->nfree + a]);
        fputc(',', f);
        put_number(f, why[p] ? NAN : loss[p]);
        fputc(',', f);
        put_text(f, why[p] ? why[p] : "ok");
        fputc('\n', f);
    }
    return SS_OK;
}

/* A resolved scenario as a file of the folder, under a comment line. */
static int write_ini(ss_output *o, const char *name, const char *comment, const ss_scenario *s,
                     int twin, ss_diag *d)
{
    FILE *f = ss_output_add(o, name, comment, d);
    if (!f)
        return SS_EINVAL;
    return twin ? ss_twin_write(s, f) : ss_scenario_write(s, f);
}

/* ---- the folder --------------------------------------------------------------- */

int ss_calibrate_write(const cal *c, const ss_scenario *base, const ss_scenario *fitted,
                       const double *values, double loss, ss_diag *d)
{
    int status;
    ss_output *o = ss_output_open(c->out, SS_FOLDER_CALIBRATION, c->force, 1, base, &status, d);
    if (!o)
        return status == 2 ? SS_EINVAL : SS_EIO;
    char comment[512];
    snprintf(comment, sizeof comment,
             "; Fitted by sanctsim calibrate against %s: loss %.6g. Run it with: sanctsim run "
             "THIS_FILE",
             c->targets_path, loss);
    int rc;
    if ((rc = write_ini(o, "fitted.ini", comment, fitted, 0, d)) ||
        (rc = write_ini(o, "twin.ini", "; The twin every target was measured against", base, 1,
                        d)) ||
        (rc = write_fit(o, c, values, d)) || (rc = write_start(o, c, c->pts, c->loss, c->why, d)))
        goto fail;
    char *h = header_of(c, "iteration,runs", ",loss,simplex_size");
    FILE *f = h ? ss_output_add(o, "search.csv", h, d) : NULL;
    free(h);
    if (!f || fputs(c->path_text, f) < 0) {
        rc = SS_EINVAL;
        goto fail;
    }
    return ss_output_commit(o, d); /* frees o itself, in success or failure */
fail:
    ss_output_abort(o);
    return rc;
}
