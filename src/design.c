/* The designs of a sweep (see design.h): parsing --vary and --sample, the
 * [sweep] section of a loaded scenario, the grid's strides, the Latin
 * hypercube and Sobol samples, and the seeds of the runs. */
#include "design.h"
#include "options.h"
#include "report.h"
#include "sweep.h"
#include "table.h"

#include <ctype.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOLDEN 0x9E3779B97F4A7C15ULL

#define fail ss_design_fail

int ss_design_fail(ss_diag *d, const ss_origin *o, const char *fmt, ...)
{
    char msg[sizeof d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int status = strcmp(msg, "out of memory") == 0 ? SS_ENOMEM : SS_EINVAL;
    ss_diag_clear(d);
    if (o && o->file) {
        snprintf(d->file, sizeof d->file, "%s", o->file);
        d->line = o->line;
    }
    size_t at = o ? (size_t)snprintf(d->msg, sizeof d->msg, "%s: ", o->opt) : 0;
    if (at < sizeof d->msg)
        memcpy(d->msg + at, msg, strnlen(msg, sizeof d->msg - at - 1) + 1);
    d->msg[sizeof d->msg - 1] = '\0';
    return status;
}

int ss_design_report(const ss_diag *d)
{
    if (d->file[0]) {
        ss_report(d);
        return 2;
    }
    return ss_usage("%s", d->msg);
}

uint64_t ss_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t ss_design_run_seed(uint64_t base, size_t p, size_t r)
{
    uint64_t h = ss_mix64(base + GOLDEN * ((uint64_t)p + 1));
    return ss_mix64(h + GOLDEN * ((uint64_t)r + 1)) >> 11;
}

const char *ss_design_value(const ss_design *dz, size_t p, size_t a)
{
    const ss_axis *ax = &dz->ax[a];
    if (ax->sampled)
        return ax->value[p % dz->sample_points];
    return ax->value[(p / dz->sample_points / ax->stride) % ax->n];
}

void ss_design_free(ss_design *dz)
{
    for (size_t a = 0; dz->ax && a < dz->nax; a++) {
        for (size_t i = 0; dz->ax[a].value && i < dz->ax[a].n; i++)
            free(dz->ax[a].value[i]);
        free(dz->ax[a].value);
        free(dz->ax[a].key);
    }
    free(dz->ax);
    memset(dz, 0, sizeof *dz);
}

/* ---- one --vary or --sample ------------------------------------------------ */

/* section.key or section.LABEL.key, without spaces or empty parts, in a
 * text without control characters. */
static int check_key(const char *key, const ss_origin *o, const char *text, const char *form,
                     ss_diag *d)
{
    char what[64];
    if (ss_control_char(text, strlen(text), 0, what, sizeof what) >= 0)
        return fail(d, o, "'%s': %s: a value is one line of plain text", text, what);
    if (!ss_key_well_formed(key))
        return fail(d, o, "'%s': expected %s", text, form);
    if (strcmp(key, "scenario.seed") == 0)
        return fail(d, o,
                    "'%s': the seed cannot be varied: every run gets its own seed "
                    "from the scenario seed; use --replicates for more seeds and "
                    "--seed to change the scenario seed",
                    text);
    return SS_OK;
}

static char *format_value(double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.12g", v == 0 ? 0.0 : v);
    return strdup(tmp);
}

/* The key before '=' of text, checked; SS_OK with *eq at the '='. */
static int axis_key(const char *text, const ss_origin *o, const char *form, ss_axis *a,
                    const char **eq, ss_diag *d)
{
    memset(a, 0, sizeof *a);
    a->from = *o;
    *eq = strchr(text, '=');
    /* In a [sweep] section the items are split at spaces, so "KEY = ..."
     * arrives as three (a trial). */
    if (!*eq || *eq == text)
        return fail(d, o, "'%s': expected %s%s", text, form,
                    o->file ? " (in a [sweep] section, each item without spaces around its =)"
                            : "");
    if (!(a->key = strndup(text, (size_t)(*eq - text))))
        return fail(d, o, "out of memory");
    return check_key(a->key, o, text, form, d);
}

/* For a value of a [sweep] section's list that ends in a comma (trailing:
 * 1), most likely keys separated by commas: the separator to use. */
static const char *separator_hint(const ss_origin *o, int trailing)
{
    return o->file && trailing ? " (a [sweep] section's keys are separated by spaces or new "
                                 "lines, not commas)"
                               : "";
}

/* FROM:TO:N, N evenly spaced values with both ends. */
static int vary_range(const char *text, const char *spec, const ss_origin *o, ss_axis *a,
                      const char *form, ss_diag *d)
{
    char from_t[128], to_t[128], n_t[64];
    const char *c1 = strchr(spec, ':'), *c2 = strchr(c1 + 1, ':');
    if (!c2 || strchr(c2 + 1, ':') || (size_t)(c1 - spec) >= sizeof from_t ||
        (size_t)(c2 - c1 - 1) >= sizeof to_t || strlen(c2 + 1) >= sizeof n_t)
        return fail(d, o, "'%s': expected %s", text, form);
    snprintf(from_t, sizeof from_t, "%.*s", (int)(c1 - spec), spec);
    snprintf(to_t, sizeof to_t, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
    snprintf(n_t, sizeof n_t, "%s", c2 + 1);
    double from, to;
    size_t n;
    char hint[96];
    if (ss_parse_number(from_t, &from) || ss_parse_number(to_t, &to))
        return fail(d, o, "'%s': FROM and TO must be numbers, as in %s=3:6:4%s", text, a->key,
                    ss_range_hint(from_t, to_t, hint, sizeof hint));
    /* Spaces around N, as ss_parse_number allows around FROM and TO. */
    for (size_t len = strlen(n_t); len > 0 && isspace((unsigned char)n_t[len - 1]); len--)
        n_t[len - 1] = '\0';
    const char *n_s = n_t + strspn(n_t, " \t");
    if (ss_parse_size(n_s, &n))
        return fail(d, o, "'%s': N = '%s' is not a whole number%s", text, n_s,
                    separator_hint(o, strchr(n_s, ',') != NULL));
    if (n < 1)
        return fail(d, o, "'%s': N = 0: expected at least 1 value", text);
    if (n > SS_MAX_VALUES)
        return fail(d, o, "'%s': N = %zu: at most %lu values per key", text, n, SS_MAX_VALUES);
    if (from > to)
        return fail(d, o,
                    "'%s': FROM (%g) is greater than TO (%g): write the range from low to high",
                    text, from, to);
    if (n == 1 && from != to)
        return fail(d, o,
                    "'%s': N = 1 gives one value but FROM and TO differ: write %s=VALUE for a "
                    "single value",
                    text, a->key);
    if (n > 1 && from == to)
        return fail(d, o,
                    "'%s': FROM and TO are one value, which N = %zu would run %zu times: write "
                    "%s=VALUE (--replicates runs a point more than once)",
                    text, n, n, a->key);
    if (!(a->value = calloc(n, sizeof *a->value)))
        return fail(d, o, "out of memory");
    a->n = n;
    for (size_t i = 0; i < n; i++) {
        double v = i + 1 == n ? to : from + (to - from) * (double)i / (double)(n - 1);
        if (!(a->value[i] = format_value(v)))
            return fail(d, o, "out of memory");
    }
    return SS_OK;
}

/* A,B,C: the values listed, without the spaces around them. */
static int vary_list(const char *text, const char *spec, const ss_origin *o, ss_axis *a,
                     const char *form, ss_diag *d)
{
    size_t n = 1;
    for (const char *c = spec; *c; c++)
        n += *c == ',';
    if (!(a->value = calloc(n, sizeof *a->value)))
        return fail(d, o, "out of memory");
    const char *item = spec;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(item, ",");
        while (len > 0 && isspace((unsigned char)*item)) {
            item++;
            len--;
        }
        while (len > 0 && isspace((unsigned char)item[len - 1]))
            len--;
        if (len == 0)
            return fail(d, o, "'%s': an empty value in the list: expected %s%s", text, form,
                        separator_hint(o, i + 1 == n));
        if (!(a->value[a->n++] = strndup(item, len)))
            return fail(d, o, "out of memory");
        item += strcspn(item, ",");
        item += *item == ',';
    }
    /* Two keys joined by a comma read as one key's values: a value that
     * starts KEY= (a section.key). */
    for (size_t i = 0; i < a->n; i++) {
        const char *v = a->value[i], *eq = strchr(v, '=');
        const size_t key = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789_.-");
        if (eq && eq > v && (size_t)(eq - v) == key && memchr(v, '.', key))
            return fail(d, o,
                        "'%s': the value '%s' holds '=': separate keys with spaces, not "
                        "commas (model.sigma=3,4 model.theta=3,4)",
                        text, a->value[i]);
    }
    /* A value twice is a point run twice, silently (a trial's sigma=3,3). */
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < i; j++) {
            double x, y;
            const int same = strcmp(a->value[i], a->value[j]) == 0;
            if (same ||
                (!ss_parse_number(a->value[i], &x) && !ss_parse_number(a->value[j], &y) && x == y))
                return fail(d, o,
                            "'%s': %s%s%s %s: list each value once (--replicates runs a point "
                            "more than once)",
                            text, a->value[j], same ? "" : " and ", same ? "" : a->value[i],
                            same ? "is listed twice" : "are one value");
        }
    return SS_OK;
}

/* --vary KEY=FROM:TO:N or KEY=A,B,C */
static int parse_vary(const char *text, const ss_origin *o, ss_axis *a, ss_diag *d)
{
    static const char form[] = "section.key=FROM:TO:N or section.key=A,B,C";
    const char *eq;
    int rc = axis_key(text, o, form, a, &eq, d);
    if (!rc && !eq[1])
        rc = fail(d, o, "'%s': expected %s", text, form);
    if (rc)
        return rc;
    if (strchr(eq + 1, ':'))
        return vary_range(text, eq + 1, o, a, form, d);
    return vary_list(text, eq + 1, o, a, form, d);
}

/* --sample KEY=FROM:TO */
static int parse_sample(const char *text, const ss_origin *o, ss_axis *a, ss_diag *d)
{
    static const char form[] = "section.key=FROM:TO";
    const char *eq;
    int rc = axis_key(text, o, form, a, &eq, d);
    a->sampled = 1;
    if (rc)
        return rc;
    if (ss_scenario_key_words(a->key))
        return fail(d, o,
                    "'%s': %s takes words, and a sample draws numbers between FROM and TO: "
                    "vary its words instead (--vary %s=A,B)",
                    text, a->key, a->key);
    const char *colon = strchr(eq + 1, ':');
    char from_t[128];
    if (!colon || strchr(colon + 1, ':') || (size_t)(colon - eq - 1) >= sizeof from_t)
        return fail(d, o, "'%s': expected %s", text, form);
    snprintf(from_t, sizeof from_t, "%.*s", (int)(colon - eq - 1), eq + 1);
    char hint[96];
    if (ss_parse_number(from_t, &a->lo) || ss_parse_number(colon + 1, &a->hi))
        return fail(d, o, "'%s': FROM and TO must be numbers, as in %s=3:6%s%s", text, a->key,
                    separator_hint(o, text[strlen(text) - 1] == ','),
                    ss_range_hint(from_t, colon + 1, hint, sizeof hint));
    if (a->lo > a->hi)
        return fail(d, o,
                    "'%s': FROM (%g) is greater than TO (%g): write the range from low to high",
                    text, a->lo, a->hi);
    if (a->lo == a->hi)
        return fail(d, o, "'%s': FROM and TO are one value, nothing to sample: --set %s=%s", text,
                    a->key, from_t);
    return SS_OK;
}

/* ---- the samples ------------------------------------------------------------ */

/* The first n points of GSL's Sobol sequence in dim dimensions. */
static int fill_sobol(ss_design *dz, size_t dim, ss_diag *d)
{
    if (dim > 40)
        return fail(d, NULL,
                    "--design sobol: GSL's Sobol sequence has at most 40 dimensions, and %zu keys "
                    "are sampled: use --design lhs",
                    dim);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    double *x = malloc(dim * sizeof *x);
    int rc = q && x ? SS_OK : fail(d, NULL, "out of memory");
    for (size_t i = 0; !rc && i < dz->sample_points; i++) {
        gsl_qrng_get(q, x);
        size_t k = 0;
        for (size_t a = 0; a < dz->nax; a++) {
            ss_axis *ax = &dz->ax[a];
            if (!ax->sampled)
                continue;
            ax->value[i] = format_value(ax->lo + (ax->hi - ax->lo) * x[k++]);
            ax->n = dz->sample_points;
        }
    }
    gsl_qrng_free(q);
    free(x);
    return rc;
}

/* One value of a sampled axis in stratum `stratum` of n: 12 significant
 * digits, or 17 when rounding to 12 would move it into another stratum. */
static char *stratum_value(const ss_axis *ax, size_t stratum, size_t n, double u)
{
    double v = ax->lo + (ax->hi - ax->lo) * ((double)stratum + u) / (double)n;
    char *text = format_value(v);
    double back;
    if (text && ax->hi > ax->lo && !ss_parse_number(text, &back) &&
        floor((back - ax->lo) / (ax->hi - ax->lo) * (double)n) != (double)stratum) {
        char exact[64];
        snprintf(exact, sizeof exact, "%.17g", v);
        free(text);
        text = strdup(exact);
    }
    return text;
}

/* A Latin hypercube: one value in each of the n equal strata of every
 * range, the strata paired at random by an MT19937 seeded with mix(seed). */
static int fill_lhs(ss_design *dz, ss_diag *d)
{
    size_t n = dz->sample_points;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t *perm = malloc(n * sizeof *perm);
    int rc = rng && perm ? SS_OK : fail(d, NULL, "out of memory");
    if (!rc)
        gsl_rng_set(rng, (unsigned long)ss_mix64(dz->seed));
    for (size_t a = 0; !rc && a < dz->nax; a++) {
        ss_axis *ax = &dz->ax[a];
        if (!ax->sampled)
            continue;
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        gsl_ran_shuffle(rng, perm, n, sizeof *perm);
        for (size_t i = 0; i < n; i++)
            ax->value[i] = stratum_value(ax, perm[i], n, gsl_rng_uniform(rng));
        ax->n = n;
    }
    gsl_rng_free(rng);
    free(perm);
    for (size_t a = 0; !rc && a < dz->nax; a++)
        for (size_t i = 0; dz->ax[a].sampled && i < n && !rc; i++)
            if (!dz->ax[a].value[i])
                rc = fail(d, NULL, "out of memory");
    return rc;
}

/* Fills the sampled axes with sample_points values each. */
static int fill_samples(ss_design *dz, ss_diag *d)
{
    size_t dim = 0;
    for (size_t a = 0; a < dz->nax; a++)
        dim += dz->ax[a].sampled ? 1 : 0;
    if (dim == 0)
        return SS_OK;
    for (size_t a = 0; a < dz->nax; a++)
        if (dz->ax[a].sampled && !(dz->ax[a].value = calloc(dz->sample_points, sizeof(char *))))
            return fail(d, NULL, "out of memory");
    return dz->sobol ? fill_sobol(dz, dim, d) : fill_lhs(dz, d);
}

int ss_sweep_design(size_t dim, size_t n, const double *lo, const double *hi, int sobol,
                    uint64_t seed, char **value)
{
    ss_design dz = {.nax = dim, .sample_points = n, .sobol = sobol, .seed = seed};
    ss_diag d;
    int rc;
    if (!(dz.ax = calloc(dim ? dim : 1, sizeof *dz.ax))) {
        rc = fail(&d, NULL, "out of memory");
        goto out;
    }
    for (size_t a = 0; a < dim; a++)
        dz.ax[a] = (ss_axis){.sampled = 1, .lo = lo[a], .hi = hi[a]};
    if ((rc = fill_samples(&dz, &d)))
        goto out;
    for (size_t a = 0; a < dim; a++) {
        for (size_t i = 0; i < n; i++)
            value[a * n + i] = dz.ax[a].value[i];
        dz.ax[a].n = 0; /* the values are the caller's now */
    }
out:
    ss_design_free(&dz);
    return rc ? ss_design_report(&d) : 0;
}

/* ---- the whole design ---------------------------------------------------------- */

static const char *const sweep_keys[] = {"vary", "sample", "points", "design", "replicates"};

/* The place of an entry of the [sweep] section: the file that wrote it
 * (the scenario or one of its bases) and the line there. */
static ss_origin origin_at(const ss_scenario *s, const char *opt, long place)
{
    ss_origin o = {opt, NULL, 0};
    o.file = ss_scenario_place(s, place, &o.line);
    return o;
}

/* The [sweep] section of s, its keys checked; *sec is NULL when there is
 * none. An empty value is an unset key, as a resolved scenario writes it. */
static int sweep_section(const ss_scenario *s, const ss_section **sec, ss_diag *d)
{
    *sec = NULL;
    for (size_t i = 0; s && i < s->nsec && !*sec; i++)
        if (strcmp(s->sec[i].type, "sweep") == 0)
            *sec = &s->sec[i];
    for (size_t e = 0; *sec && e < (*sec)->n; e++) {
        const ss_entry *en = &(*sec)->entry[e];
        size_t k = 0;
        while (k < sizeof sweep_keys / sizeof *sweep_keys && strcmp(en->key, sweep_keys[k]) != 0)
            k++;
        ss_origin o = origin_at(s, en->key, en->line);
        if (k == sizeof sweep_keys / sizeof *sweep_keys)
            return fail(d, &o,
                        "unknown key '%s' in [sweep]: expected vary, sample, points, design or "
                        "replicates",
                        en->key);
    }
    return SS_OK;
}

/* The entry key of the [sweep] section with a value, or NULL. */
static const ss_entry *sweep_entry(const ss_section *sec, const char *key)
{
    for (size_t e = 0; sec && e < sec->n; e++)
        if (strcmp(sec->entry[e].key, key) == 0 && sec->entry[e].value[0])
            return &sec->entry[e];
    return NULL;
}

/* A whole number from 1 to SS_MAX_VALUES for key of the [sweep] section. */
static int file_count(const ss_scenario *s, const ss_entry *e, size_t *out, ss_diag *d)
{
    ss_origin o = origin_at(s, e->key, e->line);
    if (ss_parse_size(e->value, out) || *out < 1 || *out > SS_MAX_VALUES)
        return fail(d, &o, "'%s': expected a whole number from 1 to %lu", e->value, SS_MAX_VALUES);
    return SS_OK;
}

/* Adds one axis and checks it against the axes before it and --set. */
static int add_axis(ss_design *dz, const ss_design_options *o, const char *text,
                    const ss_origin *from, int sampled, ss_diag *d)
{
    ss_axis *ax = &dz->ax[dz->nax++];
    int rc = sampled ? parse_sample(text, from, ax, d) : parse_vary(text, from, ax, d);
    if (rc)
        return rc;
    for (size_t j = 0; j + 1 < dz->nax; j++)
        if (strcmp(dz->ax[j].key, ax->key) == 0)
            return fail(d, from, "'%s' is varied twice", ax->key);
    const char *set = ss_set_of(o->fixed, o->nfixed, ax->key);
    if (set)
        return fail(d, from, "'%s' is both set (--set %s) and varied: drop one", ax->key, set);
    return SS_OK;
}

/* The words of a vary or sample value, separated by spaces or tabs. */
static size_t count_words(const char *value)
{
    size_t n = 0;
    for (const char *c = value + strspn(value, " \t"); *c; c += strspn(c, " \t")) {
        n++;
        c += strcspn(c, " \t");
    }
    return n;
}

/* The axes of the [sweep] section: every vary word, then every sample word. */
static int file_axes(ss_design *dz, const ss_design_options *o, const ss_scenario *s,
                     const ss_section *sec, ss_diag *d)
{
    for (int sampled = 0; sampled < 2; sampled++) {
        const ss_entry *e = sweep_entry(sec, sampled ? "sample" : "vary");
        const char *c = e ? e->value : "";
        ss_origin from = origin_at(s, sampled ? "sample" : "vary", e ? e->line : 0);
        for (c += strspn(c, " \t"); *c; c += strspn(c, " \t")) {
            size_t len = strcspn(c, " \t");
            char *word = strndup(c, len);
            int rc =
                word ? add_axis(dz, o, word, &from, sampled, d) : fail(d, &from, "out of memory");
            free(word);
            if (rc)
                return rc;
            c += len;
        }
    }
    return SS_OK;
}

/* The axes: the command line's, or else the [sweep] section's. */
static int build_axes(ss_design *dz, const ss_design_options *o, const ss_scenario *s,
                      const ss_section *sec, ss_diag *d)
{
    const ss_entry *vary = sweep_entry(sec, "vary"), *sample = sweep_entry(sec, "sample");
    size_t n = o->nspec ? o->nspec
                        : (vary ? count_words(vary->value) : 0) +
                              (sample ? count_words(sample->value) : 0);
    if (!(dz->ax = calloc(n ? n : 1, sizeof *dz->ax)))
        return fail(d, NULL, "out of memory");
    if (!o->nspec)
        return file_axes(dz, o, s, sec, d);
    /* The file's design is replaced whole, its points and design too
     * (build_sampling), and said so: a user may have meant to add a key. */
    const ss_entry *dropped = vary ? vary : sample;
    if (dropped) {
        char where[PATH_MAX + 32] = "--set sweep.", also[96] = "";
        const ss_origin at = origin_at(s, dropped->key, dropped->line);
        if (dropped->line >= 0)
            snprintf(where, sizeof where, "%s:%ld: ", at.file ? at.file : "", at.line);
        const char *more[] = {vary && sample ? "sample" : NULL,
                              sweep_entry(sec, "points") ? "points" : NULL,
                              sweep_entry(sec, "design") ? "design" : NULL};
        size_t count = 0, k = 0;
        for (size_t m = 0; m < sizeof more / sizeof more[0]; m++)
            count += more[m] != NULL;
        for (size_t m = 0; m < sizeof more / sizeof more[0]; m++)
            if (more[m])
                snprintf(also + strlen(also), sizeof also - strlen(also), "%s%s",
                         k++ == 0     ? ", and its "
                         : k == count ? " and "
                                      : ", ",
                         more[m]);
        ss_errorf("warning: %s replaces the design of the scenario's [sweep] section (%s%s = "
                  "%s%s); give its keys again with --vary or --sample%s, to keep them",
                  o->spec[0].from.opt, where, dropped->key, dropped->value, also,
                  more[1] || more[2] ? ", and --points or --design" : "");
    }
    for (size_t i = 0; i < o->nspec; i++) {
        int rc = add_axis(dz, o, o->spec[i].text, &o->spec[i].from, o->spec[i].sampled, d);
        if (rc)
            return rc;
    }
    return SS_OK;
}

/* --points and --design, or else the [sweep] section's when its axes are
 * the design (a --vary or --sample replaces them all), checked against what
 * is sampled. */
static int build_sampling(ss_design *dz, const ss_design_options *o, const ss_scenario *s,
                          const ss_section *sec, ss_diag *d)
{
    if (o->nspec)
        sec = NULL;
    ss_origin po = {"--points", NULL, 0}, dso = {"--design", NULL, 0};
    size_t points = o->points, nsampled = 0;
    int have_points = o->have_points;
    const char *design = o->design;
    const ss_entry *e;
    if (!have_points && (e = sweep_entry(sec, "points"))) {
        po = origin_at(s, "points", e->line);
        if (file_count(s, e, &points, d))
            return SS_EINVAL;
        have_points = 1;
    }
    if (!design && (e = sweep_entry(sec, "design"))) {
        dso = origin_at(s, "design", e->line);
        design = e->value;
        if (strcmp(design, "lhs") != 0 && strcmp(design, "sobol") != 0)
            return fail(d, &dso, "'%s': expected lhs or sobol", design);
    }
    for (size_t a = 0; a < dz->nax; a++)
        nsampled += dz->ax[a].sampled ? 1 : 0;
    /* What to add, where the design was written: the [sweep] section's
     * keys for a file's (a trial was sent to the options). */
    const ss_origin *last = &dz->ax[dz->nax ? dz->nax - 1 : 0].from;
    if (nsampled && !have_points)
        return fail(d, last, "a sampled design needs its number of points: add %s",
                    last->file ? "points = N to the [sweep] section" : "--points N");
    const ss_origin *extra = have_points ? &po : &dso;
    if (!nsampled && (have_points || design))
        return fail(d, extra, "nothing is sampled: add %s",
                    extra->file ? "sample = section.key=FROM:TO to the [sweep] section"
                                : "--sample section.key=FROM:TO");
    dz->sobol = design && strcmp(design, "sobol") == 0;
    dz->sample_points = nsampled ? points : 1;
    return SS_OK;
}

/* The strides of the grid axes, the first varying slowest, and the size. */
static int build_size(ss_design *dz, ss_diag *d)
{
    size_t stride = 1;
    for (size_t i = dz->nax; i-- > 0;) {
        if (dz->ax[i].sampled)
            continue;
        dz->ax[i].stride = stride;
        if (stride > SS_MAX_RUNS / dz->ax[i].n)
            return fail(d, &dz->ax[i].from,
                        "the grid has more than %lu points: use --sample for large designs",
                        SS_MAX_RUNS);
        stride *= dz->ax[i].n;
    }
    dz->points = stride;
    if (dz->points > SS_MAX_RUNS / dz->sample_points ||
        dz->points * dz->sample_points > SS_MAX_RUNS / dz->replicates)
        return fail(d, NULL,
                    "the sweep has more than %lu runs (points x replicates): split it into "
                    "several sweeps",
                    SS_MAX_RUNS);
    dz->points *= dz->sample_points;
    dz->runs = dz->points * dz->replicates;
    return SS_OK;
}

int ss_design_build(ss_design *dz, const ss_design_options *o, const ss_scenario *s, ss_diag *d)
{
    memset(dz, 0, sizeof *dz);
    dz->seed = s->seed;
    dz->replicates = o->have_replicates ? o->replicates : 1;
    const ss_section *sec;
    const ss_entry *e;
    int rc;
    if ((rc = sweep_section(s, &sec, d)))
        return rc;
    if (!o->have_replicates && (e = sweep_entry(sec, "replicates")) &&
        (rc = file_count(s, e, &dz->replicates, d)))
        return rc;
    if ((rc = build_axes(dz, o, s, sec, d)) || (rc = build_sampling(dz, o, s, sec, d)) ||
        (rc = build_size(dz, d)))
        return rc;
    return fill_samples(dz, d);
}
