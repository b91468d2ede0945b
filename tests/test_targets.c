/* Unit tests for src/targets.c (the calibration targets) and the import
 * price index it reads (ss_sim_import_price):
 *  (a) periods: years, quarters, months and ranges as months of the run,
 *      and what is not a period;
 *  (b) the reader: a good file (groups resolved, a monthly series, a range
 *      observed, a base period) and one bad row at a time, each failing
 *      with its line and column;
 *  (c) the simulated value of each indicator from its sums, the log error
 *      (point, range, change, floor) and the loss, against values computed
 *      by hand;
 *  (d) the monthly tally on a simulation: each month of a series gets that
 *      month's flows, and the twin check names an undefined target;
 *  (e) the import price index: 1 at the baseline, and the CES index over
 *      the open origins after a ban, computed by hand.
 * Run from the repository root (it loads scenarios/illustrative.ini). */
#include "check.h"
#include "scenario.h"
#include "sim.h"
#include "targets.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/sanctsim-test-targets-XXXXXX";

static const char header[] =
    "target,indicator,from,to,sector,period,base,observed,observed_high,weight,source\n";

/* Writes text (after the header unless no_header) to a file; its path. */
static const char *write_file(const char *name, const char *text, int no_header)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (!no_header)
        fputs(header, f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* ---- (a) periods ---------------------------------------------------------------- */

static void test_periods(void)
{
    long a, b;
    /* A run from 2021-01: month 0 is 2021-01. */
    CHECK(ss_period_parse("2023", 2021, 1, &a, &b) == 0 && a == 24 && b == 35);
    CHECK(ss_period_parse("2022Q2", 2021, 1, &a, &b) == 0 && a == 15 && b == 17);
    CHECK(ss_period_parse("2022Q1", 2021, 1, &a, &b) == 0 && a == 12 && b == 14);
    CHECK(ss_period_parse("2022-03", 2021, 1, &a, &b) == 0 && a == 14 && b == 14);
    CHECK(ss_period_parse("2022-03/2022-11", 2021, 1, &a, &b) == 0 && a == 14 && b == 22);
    CHECK(ss_period_parse("2022Q4/2023", 2021, 1, &a, &b) == 0 && a == 21 && b == 35);
    CHECK(ss_period_parse(" 2022-03 / 2022-04 ", 2021, 1, &a, &b) == 0 && a == 14 && b == 15);
    /* Another start month: a run from 2020-07. */
    CHECK(ss_period_parse("2021", 2020, 7, &a, &b) == 0 && a == 6 && b == 17);
    CHECK(ss_period_parse("2020-01", 2020, 7, &a, &b) == 0 && a == -6 && b == -6);
    const char *bad[] = {"",      "2022-13", "2022-00", "2022Q5",  "2022Q0",    "22",
                         "20223", "2022-3",  "2022-3x", "+2022",   "2023/2022", "2022-03/",
                         "/2022", "abc",     "2022q2",  "2022 03", "2022-03-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = ss_period_parse(bad[i], 2021, 1, &a, &b);
        if (rc != -1)
            fprintf(stderr, "accepted period '%s'\n", bad[i]);
        CHECK(rc == -1);
    }
}

/* ---- (b) the reader ---------------------------------------------------------------- */

/* Reads a targets file that must be good; NULL (and a failed check) if not. */
static ss_targets *read_ok(const char *path, const ss_scenario *s)
{
    ss_diag d;
    ss_diag_clear(&d);
    ss_targets *t = ss_targets_read(path, s, &d);
    CHECK(t != NULL);
    if (!t)
        fprintf(stderr, "%s:%ld: %s\n", d.file, d.line, d.msg);
    return t;
}

static ss_scenario *illustrative(void)
{
    ss_diag d;
    ss_diag_clear(&d);
    ss_scenario *s = ss_scenario_load("scenarios/illustrative.ini", NULL, 0, &d);
    if (!s)
        fprintf(stderr, "cannot load scenarios/illustrative.ini: %s\n", d.msg);
    return s;
}

static void test_read_good(const ss_scenario *s)
{
    const ss_world *w = s->world;
    const char *path = write_file("good.csv",
                                  "\"EU to KAZ, yearly\",flow_ratio,EU,KAZ,all,2022,,1.5,,1,a\n"
                                  "KAZ monthly,flow_ratio,COALITION,KAZ ARM,restricted,2022-03,,"
                                  "1.2,,0.5,b\n"
                                  "KAZ monthly,flow_ratio,COALITION,KAZ ARM,restricted,2022-04,,"
                                  "1.4,,0.5,b\n"
                                  "leak,leakage,COALITION,RUS,restricted,2022-03/2022-12,,0.05,"
                                  "0.10,2,c\n"
                                  "prices,import_price_change,,RUS,all,2022Q2,2022Q1,-0.5,,1,d\n"
                                  "fees,commission,all,,restricted,2022,,0.07,,1,e\n"
                                  "share,transit_share,USA,RUS,all,2022,,0.2,,1,f\n"
                                  "imports,import_ratio,all,RUS,restricted,2022,2021,0.7,,1,g\n",
                                  0);
    ss_targets *t = read_ok(path, s);
    if (!t)
        return;
    CHECK(t->n == 8);
    long deu = ss_world_country(w, "DEU"), fra = ss_world_country(w, "FRA"),
         usa = ss_world_country(w, "USA"), kaz = ss_world_country(w, "KAZ"),
         arm = ss_world_country(w, "ARM"), rus = ss_world_country(w, "RUS");
    long res = ss_world_sector(w, "restricted");
    const ss_target *r = &t->at[0];
    CHECK(strcmp(r->name, "EU to KAZ, yearly") == 0);
    CHECK(r->indicator == SS_FLOW_RATIO);
    /* EU is a group of the world: DEU and FRA. */
    CHECK(r->from.len == 2 && ss_set_has(&r->from, (size_t)deu) &&
          ss_set_has(&r->from, (size_t)fra));
    CHECK(r->to.len == 1 && r->to.at[0] == (size_t)kaz);
    CHECK(r->sectors.len == w->k);
    CHECK(r->first == 12 && r->last == 23 && r->base_first == -1 && r->base_last == -1);
    CHECK(r->observed == 1.5 && r->high == 1.5 && r->weight == 1);
    CHECK(r->line == 2);
    /* COALITION is a group of groups: EU (DEU, FRA) and USA. */
    r = &t->at[1];
    CHECK(r->from.len == 3 && ss_set_has(&r->from, (size_t)usa));
    CHECK(r->to.len == 2 && ss_set_has(&r->to, (size_t)kaz) && ss_set_has(&r->to, (size_t)arm));
    CHECK(r->sectors.len == 1 && r->sectors.at[0] == (size_t)res);
    /* The monthly series: one month per row. */
    CHECK(r->first == 14 && r->last == 14 && t->at[2].first == 15 && t->at[2].last == 15);
    CHECK(strcmp(t->at[2].name, r->name) == 0 && t->at[2].weight == 0.5);
    r = &t->at[3];
    CHECK(r->indicator == SS_LEAKAGE && r->observed == 0.05 && r->high == 0.10);
    CHECK(r->first == 14 && r->last == 23 && r->line == 5);
    r = &t->at[4];
    CHECK(r->indicator == SS_PRICE_CHANGE && r->from.len == 0 && r->to.at[0] == (size_t)rus);
    CHECK(r->first == 15 && r->last == 17 && r->base_first == 12 && r->base_last == 14);
    CHECK(r->observed == -0.5);
    r = &t->at[5];
    CHECK(r->indicator == SS_COMMISSION && r->from.len == w->n && r->to.len == 0);
    CHECK(t->at[6].indicator == SS_TRANSIT_SHARE);
    r = &t->at[7];
    CHECK(r->indicator == SS_IMPORT_RATIO && r->from.len == w->n);
    CHECK(r->first == 12 && r->last == 23 && r->base_first == 0 && r->base_last == 11);
    ss_targets_free(t);
}

/* One bad row after a good one: the error names line 3 and the column. */
static void expect_bad(const ss_scenario *s, const char *row, const char *key, const char *msg)
{
    char text[1024];
    snprintf(text, sizeof text, "ok,flow_ratio,EU,KAZ,all,2022,,1.5,,1,a\n%s\n", row);
    const char *path = write_file("bad.csv", text, 0);
    ss_diag d;
    ss_diag_clear(&d);
    ss_targets *t = ss_targets_read(path, s, &d);
    int ok = !t && d.line == 3 && strcmp(d.key, key) == 0 && strstr(d.msg, msg) &&
             strcmp(d.file, path) == 0;
    if (!ok)
        fprintf(stderr, "row '%s': got line %ld key '%s': %s\n", row, d.line, d.key, d.msg);
    CHECK(ok);
    ss_targets_free(t);
}

static void test_read_bad(const ss_scenario *s)
{
    expect_bad(s, "x,flows,EU,KAZ,all,2022,,1.5,,1,a", "indicator", "indicator = 'flows'");
    expect_bad(s, "x,flow_ratio,EU,XYZ,all,2022,,1.5,,1,a", "to", "unknown country or group 'XYZ'");
    expect_bad(s, "x,flow_ratio,EU ZZZ,KAZ,all,2022,,1.5,,1,a", "from", "'ZZZ'");
    expect_bad(s, "x,flow_ratio,,KAZ,all,2022,,1.5,,1,a", "from", "from is empty");
    expect_bad(s, "x,flow_ratio,EU,KAZ,steel,2022,,1.5,,1,a", "sector", "unknown sector 'steel'");
    expect_bad(s, "x,flow_ratio,EU,KAZ,,2022,,1.5,,1,a", "sector", "sector = ''");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022-13,,1.5,,1,a", "period", "is not a period");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,,,1.5,,1,a", "period", "period is empty");
    /* The illustrative run is 2021-01 to 2022-12. */
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2023,,1.5,,1,a", "period",
               "outside the run: it runs from 2021-01 to 2022-12");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2020-12/2021-03,,1.5,,1,a", "period", "outside the run");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022,2020,1.5,,1,a", "base", "outside the run");
    expect_bad(s, "x,leakage,EU,RUS,all,2022,2021,0.1,,1,a", "base", "leakage has no base period");
    expect_bad(s, "x,import_price_change,EU,RUS,all,2022,,0.1,,1,a", "from",
               "import_price_change does not use 'from'");
    expect_bad(s, "x,commission,all,RUS,all,2022,,0.1,,1,a", "to", "commission does not use 'to'");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022,,0,,1,a", "observed", "expected a number above 0");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022,,abc,,1,a", "observed", "observed = 'abc'");
    expect_bad(s, "x,import_price_change,,RUS,all,2022,,-1,,1,a", "observed", "above -1");
    expect_bad(s, "x,leakage,EU,RUS,all,2022,,0.1,0.05,1,a", "observed_high", "the high end");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022,,1.5,,0,a", "weight", "weight = '0'");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022,,1.5,,-2,a", "weight", "above 0");
    expect_bad(s, "x,flow_ratio,EU,KAZ,all,2022,,1.5,,1,", "source", "source is empty");
    expect_bad(s, ",flow_ratio,EU,KAZ,all,2022,,1.5,,1,a", "target", "target is empty");

    /* A missing column, and a file without rows. */
    ss_diag d;
    ss_diag_clear(&d);
    const char *path = write_file("nocol.csv",
                                  "target,indicator,from,to,sector,period,observed,"
                                  "observed_high,weight,source\n",
                                  1);
    ss_targets *t = ss_targets_read(path, s, &d);
    CHECK(!t && d.line == 1 && strcmp(d.key, "base") == 0 && strstr(d.msg, "no column 'base'"));
    path = write_file("empty.csv", "", 0);
    ss_diag_clear(&d);
    t = ss_targets_read(path, s, &d);
    CHECK(!t && strstr(d.msg, "no targets"));
    ss_diag_clear(&d);
    t = ss_targets_read("/nonexistent/targets.csv", s, &d);
    CHECK(!t && d.msg[0]);
}

/* ---- (c) values, errors and the loss ------------------------------------------------ */

static ss_target target(int indicator, double observed, double high, double weight, int base)
{
    return (ss_target){.indicator = indicator,
                       .observed = observed,
                       .high = high,
                       .weight = weight,
                       .base_first = base ? 0 : -1,
                       .base_last = base ? 0 : -1};
}

static void test_values(void)
{
    /* Sums: [0..2] over the period, [3..5] over the base period. */
    ss_target t = target(SS_FLOW_RATIO, 1, 1, 1, 0);
    double acc[SS_TALLY] = {30, 0, 0, 10, 0, 0}, twin[SS_TALLY] = {20, 0, 0, 8, 0, 0};
    CHECK_NEAR(ss_target_value(&t, acc, twin), 1.5, 1e-15);
    t.base_first = 0; /* (30 / 20) / (10 / 8) */
    CHECK_NEAR(ss_target_value(&t, acc, twin), 1.2, 1e-15);
    t.indicator = SS_IMPORT_RATIO;
    CHECK_NEAR(ss_target_value(&t, acc, twin), 1.2, 1e-15);
    /* A price change: (110 / 100) / (105 / 100) - 1 = 0.047619... */
    t = target(SS_PRICE_CHANGE, 0, 0, 1, 1);
    double p[SS_TALLY] = {110, 0, 0, 105, 0, 0}, pt[SS_TALLY] = {100, 0, 0, 100, 0, 0};
    CHECK_NEAR(ss_target_value(&t, p, pt), 0.0476190476190476, 1e-15);
    t.base_first = -1;
    CHECK_NEAR(ss_target_value(&t, p, pt), 0.1, 1e-15);
    /* Leakage: rerouted 6, direct 4 against the twin's direct 20: 6 / 16. */
    t = target(SS_LEAKAGE, 0.1, 0.1, 1, 0);
    double l[SS_TALLY] = {6, 4, 0, 0, 0, 0}, lt[SS_TALLY] = {0, 20, 0, 0, 0, 0};
    CHECK_NEAR(ss_target_value(&t, l, lt), 0.375, 1e-15);
    lt[1] = 4; /* no drop: undefined */
    CHECK(isnan(ss_target_value(&t, l, lt)));
    /* Transit share and commission: the first sum over the second. */
    t = target(SS_TRANSIT_SHARE, 0.1, 0.1, 1, 0);
    double c[SS_TALLY] = {0.7, 10, 0, 0, 0, 0}, none[SS_TALLY] = {0};
    CHECK_NEAR(ss_target_value(&t, c, none), 0.07, 1e-15);
    t.indicator = SS_COMMISSION;
    CHECK_NEAR(ss_target_value(&t, c, none), 0.07, 1e-15);
    CHECK(isnan(ss_target_value(&t, none, none)));
}

static void test_errors_and_loss(void)
{
    /* A point: log(simulated / observed). */
    ss_target a = target(SS_FLOW_RATIO, 2.21, 2.21, 1, 0);
    CHECK_NEAR(ss_target_error(&a, 1.775), -0.219192092602282, 1e-12);
    CHECK(ss_target_error(&a, 2.21) == 0);
    /* A range 0.05 to 0.10: 0 inside, the log distance to the nearest end. */
    ss_target b = target(SS_LEAKAGE, 0.05, 0.10, 2, 0);
    CHECK(ss_target_error(&b, 0.05) == 0 && ss_target_error(&b, 0.07) == 0 &&
          ss_target_error(&b, 0.10) == 0);
    CHECK_NEAR(ss_target_error(&b, 0.2), 0.693147180559945, 1e-12);
    CHECK_NEAR(ss_target_error(&b, 0.025), -0.693147180559945, 1e-12);
    /* A change: log((1 + simulated) / (1 + observed)). */
    ss_target c = target(SS_PRICE_CHANGE, 0.157, 0.157, 0.5, 1);
    CHECK_NEAR(ss_target_error(&c, 0.032), -0.114331781152169, 1e-12);
    CHECK_NEAR(ss_target_error(&c, -0.2), -0.368973999525749, 1e-12);
    /* Below the floor, undefined or infinite: the floor (or its inverse). */
    CHECK_NEAR(ss_target_error(&a, 0), -7.70074779451180, 1e-12); /* log(0.001 / 2.21) */
    CHECK_NEAR(ss_target_error(&a, NAN), -7.70074779451180, 1e-12);
    CHECK_NEAR(ss_target_error(&a, INFINITY), 6.11476276345248, 1e-12); /* log(1000 / 2.21) */
    CHECK_NEAR(ss_target_error(&c, -1), -7.05358572719368, 1e-12);      /* log(0.001 / 1.157) */
    /* The loss: 1 * 0.219192^2 + 2 * 0.693147^2 + 0.5 * 0.114332^2. */
    ss_target all[3] = {a, b, c};
    ss_targets ts = {NULL, all, 3};
    double sim[3] = {1.775, 0.2, 0.032}, err[3];
    CHECK_NEAR(ss_targets_loss(&ts, sim, err), 1.01548707938648, 1e-12);
    CHECK_NEAR(err[1], 0.693147180559945, 1e-12);
    double exact[3] = {2.21, 0.06, 0.157};
    CHECK(ss_targets_loss(&ts, exact, NULL) == 0);
}

/* ---- (d) the monthly tally ---------------------------------------------------------- */

static double recorded_sum(const ss_world *w, const double *rec, const ss_set *from,
                           const ss_set *to, const ss_set *sectors)
{
    double sum = 0;
    for (size_t a = 0; a < from->len; a++)
        for (size_t b = 0; b < to->len; b++)
            for (size_t c = 0; c < sectors->len && from->at[a] != to->at[b]; c++)
                sum += rec[ss_idx(w, from->at[a], to->at[b], sectors->at[c])];
    return sum;
}

static void test_tally(ss_scenario *s)
{
    const ss_world *w = s->world;
    /* A monthly series of recorded exports around the ban of 2022-03
     * (month 14), and the same months as a range. */
    const char *path = write_file("series.csv",
                                  "m,flow_ratio,COALITION,KAZ,restricted,2022-02,,1,,1,a\n"
                                  "m,flow_ratio,COALITION,KAZ,restricted,2022-03,,1,,1,a\n"
                                  "m,flow_ratio,COALITION,KAZ,restricted,2022-04,,1,,1,a\n"
                                  "r,flow_ratio,COALITION,KAZ,restricted,2022-02/2022-04,2021,"
                                  "1,,1,a\n"
                                  "l,leakage,COALITION,RUS,restricted,2022-04,,0.1,,1,a\n",
                                  0);
    ss_targets *t = read_ok(path, s);
    if (!t)
        return;
    ss_diag d;
    ss_diag_clear(&d);
    ss_sim *sim = ss_sim_alloc(w, s->config);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937); /* as sanctsim run draws */
    gsl_rng_set(rng, (unsigned long)s->seed);
    double *acc = calloc(t->n * SS_TALLY, sizeof *acc);
    double month[3] = {0}, base = 0, rerouted = 0, direct = 0;
    for (long m = 0; m <= 15; m++) {
        if (m > 0) {
            ss_scenario_apply_changes(s, m, &d);
            CHECK(ss_sim_step(sim, rng, &d) == SS_OK);
        }
        ss_targets_tally(t, w, sim, m, acc);
        double v =
            recorded_sum(w, ss_sim_exports(sim), &t->at[0].from, &t->at[0].to, &t->at[0].sectors);
        if (m >= 13)
            month[m - 13] = v;
        if (m <= 11)
            base += v;
        if (m == 15) {
            for (size_t a = 0; a < t->at[4].from.len; a++) {
                size_t i = t->at[4].from.at[a], j = t->at[4].to.at[0];
                size_t idx = ss_idx(w, i, j, t->at[4].sectors.at[0]);
                rerouted += ss_sim_flows(sim)[idx] - ss_sim_direct(sim)[idx];
                direct += ss_sim_direct(sim)[idx];
            }
        }
    }
    /* Each row of the series has its own month's sum, nothing else. */
    for (int i = 0; i < 3; i++) {
        CHECK_NEAR(acc[(size_t)i * SS_TALLY], month[i], 1e-9 * month[i]);
        CHECK(acc[(size_t)i * SS_TALLY + 3] == 0);
    }
    CHECK(month[2] > month[0]); /* rerouting through Kazakhstan after the ban */
    CHECK_NEAR(acc[3 * SS_TALLY], month[0] + month[1] + month[2], 1e-9 * month[2]);
    CHECK_NEAR(acc[3 * SS_TALLY + 3], base, 1e-9 * base);
    CHECK_NEAR(acc[4 * SS_TALLY], rerouted, 1e-9 * rerouted);
    CHECK_NEAR(acc[4 * SS_TALLY + 1], direct, 1e-9 + 1e-9 * direct);
    CHECK(rerouted > 0);
    /* A twin with no recorded exports in a period makes the target undefined. */
    double *twin = calloc(t->n * SS_TALLY, sizeof *twin);
    for (size_t i = 0; i < t->n * SS_TALLY; i++)
        twin[i] = 1;
    CHECK(ss_targets_check_twin(t, twin, &d) == SS_OK);
    twin[1 * SS_TALLY] = 0;
    ss_diag_clear(&d);
    CHECK(ss_targets_check_twin(t, twin, &d) == SS_EINVAL && d.line == 3 &&
          strstr(d.msg, "no recorded exports"));
    twin[1 * SS_TALLY] = 1;
    twin[4 * SS_TALLY + 1] = 0;
    ss_diag_clear(&d);
    CHECK(ss_targets_check_twin(t, twin, &d) == SS_EINVAL && d.line == 6 &&
          strstr(d.msg, "no direct flow"));
    free(twin);
    free(acc);
    gsl_rng_free(rng);
    ss_sim_free(sim);
    ss_targets_free(t);
}

/* ---- (e) the import price index -------------------------------------------------- */

static void test_import_price(void)
{
    /* Three countries, one sector; AAA bans its exports to BBB from
     * 2021-02 (month 1), and nobody reroutes (no willing intermediary).
     * Annual flows: twelve times the monthly ones. */
    char world[256];
    snprintf(world, sizeof world, "%s/world", tmpdir);
    mkdir(world, 0777);
    write_file("world/countries.csv", "iso3,name,lat,lon\nAAA,A,0,0\nBBB,B,0,10\nCCC,C,10,0\n", 1);
    write_file("world/trade.csv",
               "exporter,importer,sector,value_usd_mn\n"
               "AAA,AAA,goods,6000\nAAA,BBB,goods,360\nAAA,CCC,goods,240\n"
               "BBB,AAA,goods,144\nBBB,BBB,goods,4800\nBBB,CCC,goods,96\n"
               "CCC,AAA,goods,60\nCCC,BBB,goods,120\nCCC,CCC,goods,3600\n",
               1);
    const char *path = write_file("price.ini",
                                  "[scenario]\nworld = world\nstart = 2021-01\nmonths = 3\n"
                                  "[model]\nsigma = 4\nadjust = 1\n"
                                  "[sanction ban]\nby = AAA\ntarget = BBB\nsectors = goods\n"
                                  "start = 2021-02\n"
                                  "[intermediaries]\nwilling = 0\n",
                                  1);
    ss_diag d;
    ss_diag_clear(&d);
    ss_scenario *s = ss_scenario_load(path, NULL, 0, &d);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s:%ld: %s\n", d.file, d.line, d.msg);
        return;
    }
    ss_sim *sim = ss_sim_alloc(s->world, s->config);
    const double *p = ss_sim_import_price(sim);
    for (size_t j = 0; j < 3; j++)
        CHECK(p[j] == 1); /* the baseline, exactly */
    CHECK(ss_sim_step(sim, NULL, &d) == SS_OK);
    p = ss_sim_import_price(sim);
    /* BBB imports 30 a month from AAA (closed) and 10 from CCC (open, cost
     * 1): P = (10 / 40)^(1 / (1 - 4)) = 4^(1/3). */
    CHECK_NEAR(p[1], 1.58740105196820, 1e-12);
    CHECK(p[0] == 1 && p[2] == 1);
    /* The full index, home sales included, rises less. */
    CHECK(ss_sim_price(sim)[1] > 1 && ss_sim_price(sim)[1] < p[1]);
    ss_sim_free(sim);
    ss_scenario_free(s);
}

/* ---- (f) the export (factory) price -------------------------------------------- */

/* The case of tests/test_supply.c as a target: BBB sells 20 a month to AAA
 * and 40 to CCC, with fixed supply; AAA bans it from month 1; CCC spends
 * 100 a month, 60 of it at home, sigma = 2. BBB's price settles where CCC's
 * spending on it, 40 * 100 / (40 + 60 p), equals its supply 60 p:
 * 9 p^2 + 6 p - 10 = 0, p = (sqrt(11) - 1) / 3, so the export price change
 * against the twin (where p stays 1) is p - 1 = -0.22783. */
static void test_export_price(void)
{
    write_file("world/countries.csv", "iso3,name,lat,lon\nAAA,A,0,0\nBBB,B,0,10\nCCC,C,10,0\n", 1);
    write_file("world/trade.csv",
               "exporter,importer,sector,value_usd_mn\n"
               "AAA,AAA,goods,6000\nAAA,BBB,goods,0\nAAA,CCC,goods,0\n"
               "BBB,AAA,goods,240\nBBB,BBB,goods,0\nBBB,CCC,goods,480\n"
               "CCC,AAA,goods,0\nCCC,BBB,goods,0\nCCC,CCC,goods,720\n",
               1);
    const char *path = write_file("export.ini",
                                  "[scenario]\nworld = world\nstart = 2021-01\nmonths = 13\n"
                                  "[model]\nsigma = 2\nadjust = 1\n"
                                  "[sanction ban]\nby = AAA\ntarget = BBB\nsectors = goods\n"
                                  "direction = import\nstart = 2021-02\n"
                                  "[intermediaries]\nwilling = 0\n"
                                  "[supply fixed]\ncountries = BBB\nelasticity = 0\n",
                                  1);
    char ini[256];
    snprintf(ini, sizeof ini, "%s", path); /* write_file reuses its buffer */
    const char *targets = write_file("export.csv",
                                     "target,indicator,from,to,sector,period,base,observed,"
                                     "observed_high,weight,source\n"
                                     "p,export_price_change,BBB,,goods,2022-01,,-0.4,-0.15,1,a\n",
                                     1);
    ss_diag d;
    ss_diag_clear(&d);
    ss_scenario *s = ss_scenario_load(ini, NULL, 0, &d);
    ss_targets *t = s ? ss_targets_read(targets, s, &d) : NULL;
    CHECK(s != NULL && t != NULL);
    if (!s || !t) {
        fprintf(stderr, "%s:%ld: %s\n", d.file, d.line, d.msg);
        ss_scenario_free(s);
        return;
    }
    ss_sim *sim = ss_sim_alloc(s->world, s->config);
    double acc[SS_TALLY] = {0}, twin[SS_TALLY] = {60, 60, 0, 0, 0, 0};
    for (long m = 0; m <= 12; m++) {
        if (m > 0)
            CHECK(ss_sim_step(sim, NULL, &d) == SS_OK);
        ss_targets_tally(t, s->world, sim, m, acc);
    }
    /* Weighted by BBB's baseline exports, 20 + 40 = 60 a month. */
    CHECK_NEAR(acc[1], 60, 1e-12);
    CHECK_NEAR(ss_target_value(&t->at[0], acc, twin), (sqrt(11) - 1) / 3 - 1, 1e-9);
    /* Inside the observed range of -40 % to -15 %: no error. */
    CHECK(ss_target_error(&t->at[0], ss_target_value(&t->at[0], acc, twin)) == 0);
    ss_sim_free(sim);
    ss_targets_free(t);
    ss_scenario_free(s);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_periods();
    ss_scenario *s = illustrative();
    CHECK(s != NULL);
    if (s) {
        test_read_good(s);
        test_read_bad(s);
        test_tally(s);
    }
    test_values();
    test_errors_and_loss();
    test_import_price();
    test_export_price();
    ss_scenario_free(s);
    const char *names[] = {"good.csv",        "bad.csv",    "nocol.csv",
                           "empty.csv",       "series.csv", "price.ini",
                           "export.ini",      "export.csv", "world/countries.csv",
                           "world/trade.csv", "world"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        remove(path);
    }
    rmdir(tmpdir);
    return check_report();
}
