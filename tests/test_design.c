/* Unit tests of a sweep's design (src/design.c) and of the CSV line
 * splitter (src/table.c), with hand-computed values. */
#include "check.h"
#include "design.h"
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A scenario with only what the design reads: path, seed and sections. */
static ss_scenario scenario_with(ss_section *sec, size_t nsec, uint64_t seed)
{
    ss_scenario s;
    memset(&s, 0, sizeof s);
    s.path = (char *)"sw.ini";
    s.sec = sec;
    s.nsec = nsec;
    s.seed = seed;
    return s;
}

static void test_seeds(void)
{
    /* SplitMix64: mix(0) = 0, and the first output of the generator seeded
     * with 0 is mix(G) = 0xE220A8397B1DCDAF. */
    CHECK(ss_mix64(0) == 0);
    CHECK(ss_mix64(0x9E3779B97F4A7C15ULL) == 0xE220A8397B1DCDAFULL);
    /* Seed of point 0, replicate 0 from S = 0: mix(mix(G) + G) >> 11. */
    uint64_t inner = 0xE220A8397B1DCDAFULL + 0x9E3779B97F4A7C15ULL;
    CHECK(ss_design_run_seed(0, 0, 0) == ss_mix64(inner) >> 11);
    CHECK(ss_design_run_seed(42, 3, 7) < (1ULL << 53));
    CHECK(ss_design_run_seed(42, 3, 7) != ss_design_run_seed(42, 7, 3));
}

static void test_grid(void)
{
    ss_scenario s = scenario_with(NULL, 0, 1);
    ss_design_spec spec[2] = {{"model.sigma=3:6:4", {"--vary", NULL, 0}, 0},
                              {"b.y= 10 , 20,30", {"--vary", NULL, 0}, 0}};
    ss_design_options o = {spec, 2, 0, 2, 0, 1, NULL, NULL, 0};
    ss_design dz;
    ss_diag d;
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_OK);
    CHECK(dz.nax == 2 && dz.points == 12 && dz.replicates == 2 && dz.runs == 24);
    CHECK(dz.ax[0].n == 4 && strcmp(dz.ax[0].value[1], "4") == 0);
    CHECK(strcmp(dz.ax[0].value[3], "6") == 0);
    CHECK(strcmp(dz.ax[1].value[0], "10") == 0 && strcmp(dz.ax[1].value[1], "20") == 0);
    /* The first key varies slowest: point 4 is sigma's second value
     * (4 / 3 = 1) and y's second (4 % 3 = 1). */
    CHECK(dz.ax[0].stride == 3 && dz.ax[1].stride == 1);
    CHECK(strcmp(ss_design_value(&dz, 4, 0), "4") == 0);
    CHECK(strcmp(ss_design_value(&dz, 4, 1), "20") == 0);
    CHECK(strcmp(ss_design_value(&dz, 11, 0), "6") == 0);
    ss_design_free(&dz);
}

static void test_lhs_and_sobol(void)
{
    ss_scenario s = scenario_with(NULL, 0, 7);
    ss_design_spec spec[2] = {{"a.x=0:1", {"--sample", NULL, 0}, 1},
                              {"a.y=0:8", {"--sample", NULL, 0}, 1}};
    ss_design_options o = {spec, 2, 4, 0, 1, 0, NULL, NULL, 0};
    ss_design dz;
    ss_diag d;
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_OK);
    CHECK(dz.points == 4 && dz.sample_points == 4);
    /* A Latin hypercube: one value in each quarter of every range. */
    for (size_t a = 0; a < 2; a++) {
        int seen[4] = {0};
        for (size_t i = 0; i < 4; i++) {
            double v = atof(dz.ax[a].value[i]) / (a ? 8 : 1);
            int q = (int)floor(v * 4);
            CHECK(q >= 0 && q < 4);
            if (q >= 0 && q < 4)
                seen[q]++;
        }
        CHECK(seen[0] == 1 && seen[1] == 1 && seen[2] == 1 && seen[3] == 1);
    }
    ss_design_free(&dz);
    /* GSL's Sobol sequence in two dimensions: (1/2, 1/2), (3/4, 1/4),
     * (1/4, 3/4), (3/8, 3/8). */
    o.design = "sobol";
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_OK);
    CHECK(dz.sobol == 1);
    CHECK(strcmp(dz.ax[0].value[0], "0.5") == 0 && strcmp(dz.ax[1].value[0], "4") == 0);
    CHECK(strcmp(dz.ax[0].value[1], "0.75") == 0 && strcmp(dz.ax[1].value[1], "2") == 0);
    CHECK(strcmp(dz.ax[0].value[2], "0.25") == 0 && strcmp(dz.ax[1].value[2], "6") == 0);
    ss_design_free(&dz);
}

static void test_section(void)
{
    ss_entry e[3] = {{(char *)"vary", (char *)"model.sigma=3,4 model.theta=5:6:2", 12},
                     {(char *)"replicates", (char *)"3", 14},
                     {(char *)"points", (char *)"", 15}};
    ss_section sec = {(char *)"sweep", NULL, 11, e, 3};
    ss_scenario s = scenario_with(&sec, 1, 1);
    ss_design_options none = {NULL, 0, 0, 0, 0, 0, NULL, NULL, 0};
    ss_design dz;
    ss_diag d;
    /* vary and replicates from the section; an empty points is unset. */
    CHECK(ss_design_build(&dz, &none, &s, &d) == SS_OK);
    CHECK(dz.nax == 2 && dz.points == 4 && dz.replicates == 3 && dz.runs == 12);
    CHECK(strcmp(dz.ax[1].key, "model.theta") == 0 && strcmp(dz.ax[1].value[1], "6") == 0);
    CHECK(strcmp(dz.ax[1].from.opt, "vary") == 0 && dz.ax[1].from.line == 12);
    ss_design_free(&dz);
    /* The command line's --replicates wins over the section's. */
    ss_design_options reps = {NULL, 0, 0, 5, 0, 1, NULL, NULL, 0};
    CHECK(ss_design_build(&dz, &reps, &s, &d) == SS_OK && dz.replicates == 5);
    ss_design_free(&dz);
    /* Errors name the file, line and key. */
    e[2].value = (char *)"4";
    CHECK(ss_design_build(&dz, &none, &s, &d) == SS_EINVAL);
    CHECK(strcmp(d.file, "sw.ini") == 0 && d.line == 15);
    CHECK(strcmp(d.msg, "points: nothing is sampled: add sample = section.key=FROM:TO to the "
                        "[sweep] section") == 0);
    ss_design_free(&dz);
    e[2].key = (char *)"bogus";
    CHECK(ss_design_build(&dz, &none, &s, &d) == SS_EINVAL && d.line == 15);
    CHECK(strncmp(d.msg, "bogus: unknown key 'bogus' in [sweep]", 37) == 0);
    ss_design_free(&dz);
}

static void test_errors(void)
{
    ss_scenario s = scenario_with(NULL, 0, 1);
    char *fixed[] = {(char *)"model.sigma=4"};
    ss_design_spec spec = {"model.sigma=6:3:2", {"--vary", NULL, 0}, 0};
    ss_design_options o = {&spec, 1, 0, 0, 0, 0, NULL, NULL, 0};
    ss_design dz;
    ss_diag d;
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_EINVAL && d.file[0] == '\0');
    CHECK(strstr(d.msg, "--vary: 'model.sigma=6:3:2': FROM (6) is greater than TO (3)") == d.msg);
    ss_design_free(&dz);
    spec.text = "scenario.seed=1,2";
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_EINVAL && strstr(d.msg, "cannot be varied"));
    ss_design_free(&dz);
    spec.text = "model.sigma=3,5";
    o.fixed = fixed;
    o.nfixed = 1;
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_EINVAL);
    CHECK(strstr(d.msg, "'model.sigma' is both set (--set model.sigma=4) and varied") != NULL);
    ss_design_free(&dz);
    o.nfixed = 0;
    o.have_points = 1;
    o.points = 3;
    CHECK(ss_design_build(&dz, &o, &s, &d) == SS_EINVAL);
    CHECK(strcmp(d.msg, "--points: nothing is sampled: add --sample section.key=FROM:TO") == 0);
    ss_design_free(&dz);
}

static void test_csv_split(void)
{
    char line[] = "a,\"b,\"\"c\"\"\", x ,";
    char *f[5];
    CHECK(ss_csv_split(line, f, 5) == 4);
    CHECK(strcmp(f[0], "a") == 0 && strcmp(f[1], "b,\"c\"") == 0);
    CHECK(strcmp(f[2], " x ") == 0 && strcmp(f[3], "") == 0);
    char more[] = "1,2,3";
    CHECK(ss_csv_split(more, f, 2) == 3);
    char stray[] = "a,b\"c";
    CHECK(ss_csv_split(stray, f, 5) == 0);
}

int main(void)
{
    test_seeds();
    test_grid();
    test_lhs_and_sobol();
    test_section();
    test_errors();
    test_csv_split();
    return check_report();
}
