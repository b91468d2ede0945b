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

/* Writes text as it is to dir/NAME.ini (a file that names a base). */
static const char *write_raw(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s.ini", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* 1 when path ends in name. */
static int ends_with(const char *path, const char *name)
{
    size_t lp = strlen(path), ln = strlen(name);
    return lp >= ln && strcmp(path + lp - ln, name) == 0;
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

    /* A dated change of stop_at_once sets it (2, a whole number) and keeps
     * the shares served recorded in every month (stop_at_once_dated): a
     * long written into an int field once cleared the flag beside it. */
    s = load("stops-dated", "[change on]\ndate = 2021-03\nmodel.stop_at_once = 2\n", NULL, 0, &d);
    CHECK(s != NULL);
    if (s) {
        CHECK(s->config->stop_at_once == SS_STOP_NONE && s->config->stop_at_once_dated == 1);
        for (long t = 1; t <= 3; t++)
            CHECK(ss_scenario_apply_changes(s, t, &d) == 0);
        CHECK(s->config->stop_at_once == SS_STOP_SHED && s->config->stop_at_once_dated == 1);
    }
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

    /* A comment on a continuation line is cut off as on the key's line (it
     * read as the country ';'). */
    s = load("comment-continued",
             "[intermediaries]\ncandidates = KAZ ; first\n   ARM TUR ; three\n  ;  a note\n"
             "base_commission = 0.05\n",
             NULL, 0, &d);
    CHECK(s != NULL);
    if (s) {
        int listed = 0;
        for (size_t m = 0; m < s->world->n; m++)
            listed += s->config->agent[m].candidate;
        CHECK(listed == 3);
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

    /* Inheritance: the base is read first, then the file's keys replace
     * the base's one by one and its new sections come after the base's. */
    write_ini("parent", "[model]\nsigma = 3\ntheta = 2\n"
                        "[sanction b]\nby = DEU\ntarget = RUS\nstart = 2021-03\n");
    const char *child =
        write_raw("child", "[scenario]\nbase = parent.ini\nmonths = 5\n"
                           "[model]\ntheta = 6\n"
                           "[sanction c]\nby = FRA\ntarget = RUS\nstart = 2021-04\n");
    ss_diag_clear(&d);
    s = ss_scenario_load(child, NULL, 0, &d);
    CHECK(s != NULL);
    if (s) {
        CHECK(s->config->sigma == 3 && s->config->theta == 6 && s->months == 5);
        CHECK(s->config->n_measures == 2 && strcmp(s->config->measure[0].name, "b") == 0 &&
              strcmp(s->config->measure[1].name, "c") == 0);
        CHECK(s->nfiles == 2 && ends_with(s->files[0], "/child.ini") &&
              ends_with(s->files[1], "/parent.ini"));
        /* Each entry remembers the file and line that wrote it: sigma is
         * line 6 of parent.ini, theta line 5 of child.ini. */
        long line = 0;
        const ss_section *model = NULL;
        for (size_t i = 0; i < s->nsec; i++)
            if (strcmp(s->sec[i].type, "model") == 0)
                model = &s->sec[i];
        CHECK(model && model->n == 2);
        CHECK(model &&
              ends_with(ss_scenario_place(s, model->entry[0].line, &line), "/parent.ini") &&
              line == 6);
        CHECK(model && ends_with(ss_scenario_place(s, model->entry[1].line, &line), "/child.ini") &&
              line == 5);
        /* The resolved scenario names no base. */
        char text[8192] = "";
        FILE *f = fmemopen(text, sizeof text - 1, "w");
        CHECK(f && ss_scenario_write(s, f) == SS_OK);
        if (f)
            fclose(f);
        CHECK(strstr(text, "\nsigma = 3\n") && strstr(text, "\ntheta = 6\n") &&
              !strstr(text, "\nbase = "));
    }
    ss_scenario_free(s);

    /* --set applies after the base and the file. */
    char *theta7[] = {"model.theta=7"};
    ss_diag_clear(&d);
    s = ss_scenario_load(child, theta7, 1, &d);
    CHECK(s && s->config->theta == 7 && s->config->sigma == 3);
    ss_scenario_free(s);

    /* A bad value is reported where it was written: in the base... */
    write_ini("parent2", "[model]\nsigma = 0.5\n");
    ss_diag_clear(&d);
    CHECK(ss_scenario_load(write_raw("child2", "[scenario]\nbase = parent2.ini\n"), NULL, 0, &d) ==
          NULL);
    CHECK(ends_with(d.file, "/parent2.ini") && d.line == 6 && strcmp(d.key, "sigma") == 0);
    /* ... or in the file that inherits it. */
    ss_diag_clear(&d);
    CHECK(ss_scenario_load(write_raw("child3", "[scenario]\nbase = parent.ini\n[model]\n"
                                               "sigma = 2\ntheta = 0\n"),
                           NULL, 0, &d) == NULL);
    CHECK(ends_with(d.file, "/child3.ini") && d.line == 5 && strcmp(d.key, "theta") == 0);

    /* A cycle is refused at the base key that closes it. */
    write_raw("loop-a", "[scenario]\nbase = loop-b.ini\n");
    ss_diag_clear(&d);
    CHECK(ss_scenario_load(write_raw("loop-b", "[scenario]\nbase = loop-a.ini\n"), NULL, 0, &d) ==
          NULL);
    CHECK(ends_with(d.file, "/loop-a.ini") && d.line == 2 && strstr(d.msg, "cycle"));

    /* At most 7 bases: deep1 (with 7 bases below it) loads, deep0 with 8
     * is refused at line 2 of deep7, the file that names the eighth. */
    write_ini("deep8", "[model]\nsigma = 2\n");
    for (int k = 7; k >= 0; k--) {
        char name[16], text[64];
        snprintf(name, sizeof name, "deep%d", k);
        snprintf(text, sizeof text, "[scenario]\nbase = deep%d.ini\n", k + 1);
        write_raw(name, text);
    }
    ss_diag_clear(&d);
    s = ss_scenario_load(write_raw("deep1", "[scenario]\nbase = deep2.ini\n"), NULL, 0, &d);
    CHECK(s && s->nfiles == 8 && s->config->sigma == 2);
    ss_scenario_free(s);
    ss_diag_clear(&d);
    CHECK(ss_scenario_load(write_raw("deep0", "[scenario]\nbase = deep1.ini\n"), NULL, 0, &d) ==
          NULL);
    CHECK(ends_with(d.file, "/deep7.ini") && d.line == 2 && strstr(d.msg, "more than 7 bases"));

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 2;
    return check_report();
}
