/* Unit tests for the scenario reader's INI rules (src/scenario*.c): each
 * case writes a small scenario on the illustrative world and checks what
 * the reader makes of it, or the line and key its error names. The values
 * expected are the ones written into the text. */
#include "check.h"
#include "scenario.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], world[PATH_MAX];

/* Writes text (after the [scenario] head) to dir/NAME.ini; its path. */
static const char *write_ini(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s.ini", dir, name);
    FILE *f = fopen(path, "w");
    fprintf(f, "[scenario]\nworld = %s\nstart = 2021-01\nmonths = 6\n%s", world, text);
    fclose(f);
    return path;
}

/* Loads dir/NAME.ini (with sets); NULL on an error, described in d. */
static ss_scenario *load(const char *name, const char *text, char *const *sets, size_t nsets,
                         ss_diag *d)
{
    ss_diag_clear(d);
    return ss_scenario_load(write_ini(name, text), sets, nsets, d);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/sanctsim-test-scenario.XXXXXX");
    if (!mkdtemp(dir) || !realpath("scenarios/data/illustrative", world))
        return 2;
    ss_diag d;

    /* A value and its defaults: [model] sigma as written, theta its default. */
    ss_scenario *s = load("plain", "[model]\nsigma = 3.5\n", NULL, 0, &d);
    CHECK(s != NULL);
    CHECK(s && s->config->sigma == 3.5 && s->config->theta == 4 && s->months == 6);
    ss_scenario_free(s);

    /* --set overrides the file; a list continued on an indented line is one
     * value (two candidates). */
    char *sets[] = {"model.sigma=2"};
    s = load("set", "[model]\nsigma = 3.5\n[intermediaries]\ncandidates = KAZ\n  ARM\n", sets, 1,
             &d);
    CHECK(s != NULL);
    if (s) {
        CHECK(s->config->sigma == 2);
        int listed = 0;
        for (size_t m = 0; m < s->world->n; m++)
            listed += s->config->agent[m].candidate;
        CHECK(listed == 2);
    }
    ss_scenario_free(s);

    /* A key twice in a section: the error is on the second, names the first. */
    CHECK(load("twice", "[model]\nsigma = 3\nsigma = 4\n", NULL, 0, &d) == NULL);
    CHECK(d.line == 7 && strstr(d.msg, "appears twice") && strstr(d.msg, "line 6"));

    /* A value that would read as a comment is refused on its line. */
    CHECK(load("comment", "[model]\nsigma = ;3\n", NULL, 0, &d) == NULL);
    CHECK(d.line == 6 && strcmp(d.key, "sigma") == 0);

    /* Out of range, with the key named. */
    CHECK(load("range", "[model]\nsigma = 0.5\n", NULL, 0, &d) == NULL);
    CHECK(d.line == 6 && strcmp(d.key, "sigma") == 0);

    /* An unknown key lists the known ones. */
    CHECK(load("unknown", "[model]\nsigmma = 3\n", NULL, 0, &d) == NULL);
    CHECK(strstr(d.msg, "sigmma") && strstr(d.msg, "sigma"));

    /* A sanction's evasion kind. */
    s = load("evasion",
             "[sanction p]\nby = DEU\ntarget = RUS\nkind = penalty\npenalty = 0.1\n"
             "evasion = payment\nstart = 2021-03\n",
             NULL, 0, &d);
    CHECK(s && s->config->n_measures == 1 && s->config->measure[0].evasion == SS_EVADE_PAYMENT);
    ss_scenario_free(s);
    CHECK(load("evasion2",
               "[sanction p]\nby = DEU\ntarget = RUS\nevasion = smuggle\nstart = 2021-03\n", NULL,
               0, &d) == NULL);
    CHECK(d.line == 8 && strcmp(d.key, "evasion") == 0);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 2;
    return check_report();
}
