/* libFuzzer target: the scenario parser. The input up to its first NUL byte
 * is a scenario file in a private folder where `data` leads to the
 * repository's scenarios/data, so `world = data/illustrative` works as in
 * the files in scenarios/; what follows, split on NUL bytes, are --set overrides.
 * A scenario that loads is also written out (the resolved scenario.ini),
 * which must load again and resolve to the same text (so that a run
 * folder's scenario.ini reproduces the run); its changes are applied and,
 * on a small world, it is stepped a few months: after every successful
 * step each flow must be finite and non-negative. */
#include "fuzz.h"
#include "scenario.h"
#include "sim.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#define MAX_SETS 8

static char scenario_path[512], resolved_path[512], again_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    char link[512];
    fuzz_path(link, sizeof link, "data");
    if (symlink(SS_FUZZ_ROOT "/scenarios/data", link) != 0)
        fuzz_die("symlink");
    fuzz_path(scenario_path, sizeof scenario_path, "scenario.ini");
    fuzz_path(resolved_path, sizeof resolved_path, "resolved.ini");
    fuzz_path(again_path, sizeof again_path, "again.ini");
    return 0;
}

static void step_a_few_months(ss_scenario *s)
{
    if (s->world->n > 16)
        return;
    ss_sim *sim = ss_sim_alloc(s->world, s->config);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!sim || !rng)
        abort();
    gsl_rng_set(rng, (unsigned long)s->seed);
    const size_t len = s->world->n * s->world->n * s->world->k;
    long last = s->months < 5 ? s->months : 5;
    for (long t = 1; t < last; t++) {
        ss_diag d;
        ss_diag_clear(&d);
        if (ss_scenario_apply_changes(s, t, &d) != SS_OK)
            abort(); /* every change was checked at load time */
        int rc = ss_sim_step(sim, rng, &d);
        if (rc != SS_OK) {
            if (rc != SS_ENUMERIC || !d.msg[0])
                abort(); /* a failed step must say why */
            break;
        }
        const double *x = ss_sim_flows(sim), *p = ss_sim_price(sim);
        for (size_t i = 0; i < len; i++)
            if (!(x[i] >= 0 && x[i] < INFINITY))
                abort(); /* the step promised finite, non-negative flows */
        for (size_t i = 0; i < s->world->n * s->world->k; i++)
            if (!(p[i] > 0 && p[i] < INFINITY))
                abort();
    }
    ss_sim_free(sim);
    gsl_rng_free(rng);
}

/* The file's text after its first line (which names the source file). */
static char *body(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    static char buf[1 << 20];
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[got] = '\0';
    char *nl = strchr(buf, '\n');
    return strdup(nl ? nl + 1 : buf);
}

static void write_resolved(const ss_scenario *s, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f || ss_scenario_write(s, f) != SS_OK || fclose(f) != 0)
        abort();
}

/* The resolved scenario loads and resolves to itself. */
static void round_trip(const ss_scenario *s)
{
    write_resolved(s, resolved_path);
    ss_diag d;
    ss_diag_clear(&d);
    ss_scenario *again = ss_scenario_load(resolved_path, NULL, 0, &d);
    if (!again) {
        fprintf(stderr, "fuzz_scenario: the resolved scenario does not load: %s:%ld: %s\n", d.file,
                d.line, d.msg);
        abort();
    }
    write_resolved(again, again_path);
    ss_scenario_free(again);
    char *a = body(resolved_path), *b = body(again_path);
    if (!a || !b || strcmp(a, b) != 0) {
        fprintf(stderr, "fuzz_scenario: the resolved scenario resolves differently:\n%s\n---\n%s\n",
                a ? a : "", b ? b : "");
        abort();
    }
    free(a);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t text = nul ? (size_t)(nul - data) : size;
    fuzz_write(scenario_path, data, text);

    /* The overrides, each a NUL-terminated copy. */
    char *sets[MAX_SETS];
    size_t nsets = 0;
    size_t at = text + 1;
    while (nul && at <= size && nsets < MAX_SETS) {
        const uint8_t *end = memchr(data + at, 0, size - at);
        size_t len = end ? (size_t)(end - (data + at)) : size - at;
        sets[nsets] = malloc(len + 1);
        if (!sets[nsets])
            abort();
        memcpy(sets[nsets], data + at, len);
        sets[nsets][len] = '\0';
        nsets++;
        at += len + 1;
        if (!end)
            break;
    }

    ss_diag d;
    ss_diag_clear(&d);
    ss_scenario *s = ss_scenario_load(scenario_path, sets, nsets, &d);
    if (!s) {
        if (!d.msg[0])
            abort(); /* every refusal must explain itself */
    } else {
        round_trip(s);
        step_a_few_months(s);
        ss_scenario_free(s);
    }
    for (size_t i = 0; i < nsets; i++)
        free(sets[i]);
    return 0;
}
