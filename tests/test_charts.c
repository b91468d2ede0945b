/* Unit tests for the chart data (src/charts_run.c, src/charts_sweep.c and
 * the folder readers under them): a small run folder and a small sweep
 * folder are written here by hand, each chart is prepared from them as
 * `sanctsim plot` prepares it, and the files made for gnuplot are compared
 * with values computed by hand from the rows below.
 *
 * The world: AAA (the coalition), BBB (the target), CCC and DDD (the
 * candidate intermediaries); sectors goods, arms and other. The sanction
 * bans AAA's exports of goods and arms to BBB from 2022-02; a dated change
 * comes in 2022-03. The run has three months, 2022-01 (the baseline) to
 * 2022-03. */
#include "chart.h"
#include "check.h"
#include "files.h"
#include "palette.h"
#include "plot.h"
#include "rundata.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char root[64];

/* Writes root/name with the printf-style text. */
static void put(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(const char *name, const char *fmt, ...)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fclose(f);
}

/* The text of root/path, in static memory ("" when missing). */
static const char *got(const char *path)
{
    static char buf[8192];
    char full[256];
    snprintf(full, sizeof full, "%s/%s", root, path);
    FILE *f = fopen(full, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    return buf;
}

/* 1 when root/path holds exactly want; prints both otherwise. */
static int same(const char *path, const char *want)
{
    const char *text = got(path);
    if (strcmp(text, want) == 0)
        return 1;
    fprintf(stderr, "%s:\n--- got ---\n%s--- wanted ---\n%s", path, text, want);
    return 0;
}

/* String number k (from 1) of a text.dat, decoded from its byte codes
 * (see plots/text.gp), in static memory; "" when there is none. */
static const char *text_string(const char *path, int k)
{
    static char out[2048];
    const char *p = got(path);
    int index = 0;
    size_t len = 0;
    out[0] = '\0';
    while (*p) {
        char *end;
        long code = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        p = end;
        if (code == -1) {
            if (index == k)
                break;
            index++;
            len = 0;
        } else if (index == k && len + 1 < sizeof out) {
            out[len++] = (char)code;
        }
        out[len] = '\0';
    }
    return index == k ? out : "";
}

/* ---- the folders -------------------------------------------------------------- */

static const char *const iso[] = {"AAA", "BBB", "CCC", "DDD"};
static const char *const sector[] = {"goods", "arms", "other"};

static void make_world(void)
{
    put("world/countries.csv", "iso3,name,lat,lon\nAAA,Aland,50,10\nBBB,Bland,55,37\n"
                               "CCC,Cland,43,77\nDDD,Dland,40,45\n");
    char trade[4096] = "exporter,importer,sector,value_usd_mn\n";
    for (size_t s = 0; s < 3; s++)
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 4; j++) {
                size_t len = strlen(trade);
                snprintf(trade + len, sizeof trade - len, "%s,%s,%s,%d\n", iso[i], iso[j],
                         sector[s], i == j ? 1200 : 120);
            }
    put("world/trade.csv", "%s", trade);
}

static const char scenario[] = "[scenario]\n"
                               "name = Unit test\n"
                               "world = ../world\n"
                               "start = 2022-01\n"
                               "months = 3\n"
                               "seed = 5\n"
                               "[sanction ban]\n"
                               "by = AAA\n"
                               "target = BBB\n"
                               "sectors = goods arms\n"
                               "start = 2022-02\n"
                               "[intermediaries]\n"
                               "candidates = CCC DDD\n"
                               "[change tighter]\n"
                               "date = 2022-03\n"
                               "model.adjust = 0.5\n";

static void make_run(void)
{
    put("run/scenario.ini", "%s", scenario);
    /* Sanctioned trade: direct 10, 4, 0; via CCC 0, 3, 6; via DDD 0, 5, 1.
     * The last two rows are not sanctioned (sector, origin). */
    put("run/flows.csv", "month,origin,destination,via,sector,value_usd_mn\n"
                         "2022-01,AAA,BBB,,goods,10\n"
                         "2022-02,AAA,BBB,,goods,4\n"
                         "2022-02,AAA,BBB,CCC,goods,3\n"
                         "2022-02,AAA,BBB,DDD,arms,5\n"
                         "2022-03,AAA,BBB,CCC,goods,6\n"
                         "2022-03,AAA,BBB,DDD,goods,1\n"
                         "2022-03,AAA,BBB,,other,100\n"
                         "2022-03,CCC,BBB,,goods,50\n"
                         /* The target's exports (target-exports): to CCC 4,
                          * 0, 6 via DDD + 2; to AAA 10, 0, 5. Home sales are
                          * not exports. */
                         "2022-01,BBB,CCC,,goods,4\n"
                         "2022-01,BBB,AAA,,other,10\n"
                         "2022-03,BBB,CCC,DDD,goods,6\n"
                         "2022-03,BBB,CCC,,arms,2\n"
                         "2022-03,BBB,AAA,,other,5\n"
                         "2022-03,BBB,BBB,,goods,99\n");
    /* One series, AAA -> BBB, export, summed over goods and arms:
     * baseline 10 + 10, rerouted 0, 6 + 2, 4 + 3. */
    put("run/summary.csv",
        "month,coalition,target,sector,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,leakage,"
        "target_price_index,direction,target_import_price_index\n"
        "2022-01,AAA,BBB,goods,10,10,0,0,1,export,1\n"
        "2022-01,AAA,BBB,arms,10,10,0,0,1,export,1\n"
        "2022-02,AAA,BBB,goods,10,4,6,0.6,1,export,1.1\n"
        "2022-02,AAA,BBB,arms,10,5,2,0.2,1,export,1.3\n"
        "2022-03,AAA,BBB,goods,10,0,4,0.4,1,export,1.2\n"
        "2022-03,AAA,BBB,arms,10,0,3,0.3,1,export,1.5\n");
    /* The headline (src/summary.h): the same export links, each once. */
    put("run/headline.csv",
        "month,direction,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,leakage\n"
        "2022-01,export,20,20,0,0\n"
        "2022-02,export,20,9,8,0.4\n"
        "2022-03,export,20,0,7,0.35\n");
    /* Revenue: CCC 0 + 0.25 + 0.25 + 0.5 + 1 = 2; DDD 2.5 + 0.5 = 3.
     * Rates on the sectors of sanctions evaded through intermediaries,
     * weighted by transit: CCC 0.0625 (it carries nothing: the plain
     * mean); (3 * 0.125 + 1 * 0.375) / 4 = 0.1875; 0.25. DDD none;
     * 0.0625; 0.125. CCC's `other` rate is left out. */
    put("run/intermediaries.csv",
        "month,intermediary,sector,transit_usd_mn,commission_rate,commission_usd_mn,"
        "capacity_usd_mn,detection_probability,caught\n"
        "2022-01,CCC,goods,0,0.0625,0,1,0,0\n"
        "2022-02,CCC,goods,3,0.125,0.25,1,0,0\n"
        "2022-02,CCC,arms,1,0.375,0.25,1,0,0\n"
        "2022-02,CCC,other,1,0.75,0.5,1,0,0\n"
        "2022-03,CCC,goods,6,0.25,1,1,0,0\n"
        "2022-02,DDD,goods,5,0.0625,2.5,1,0,0\n"
        "2022-03,DDD,goods,1,0.125,0.5,1,0,0\n");
    /* AAA's recorded exports of goods and arms: to CCC 4 + 1, 8, 10; to
     * DDD 2, 0, 3. The `other` row and DDD's exports only count in the
     * heat map (all sectors, any exporter). */
    put("run/recorded.csv", "month,exporter,importer,sector,exports_usd_mn,imports_usd_mn\n"
                            "2022-01,AAA,CCC,goods,4,4\n"
                            "2022-01,AAA,CCC,arms,1,1\n"
                            "2022-01,AAA,DDD,goods,2,2\n"
                            "2022-01,DDD,CCC,goods,8,8\n"
                            "2022-02,AAA,CCC,goods,8,8\n"
                            "2022-02,AAA,CCC,other,50,50\n"
                            "2022-03,AAA,CCC,goods,10,10\n"
                            "2022-03,AAA,CCC,other,5,5\n"
                            "2022-03,AAA,DDD,goods,3,3\n"
                            "2022-03,CCC,AAA,arms,7,7\n");
    /* The charts read the import price index, not the full one; the
     * export price chart BBB's realised export prices (its factory prices
     * are all 1): goods 1, 0.9, 0.8; arms 1, -, 1.1. Real income in 2022-03: BBB 0.95, AAA 0.98,
     * CCC 1.02, DDD 1.005; receipts at the baseline (the coalition's weights): AAA 100. */
    put("run/countries.csv",
        "month,country,sector,imports_usd_mn,exports_usd_mn,price_index,import_price_index,"
        "factory_price,export_price,sales_usd_mn,commission_usd_mn,real_income_index\n"
        "2022-01,BBB,goods,1,1,1,1,1,1,30,0,1\n"
        "2022-01,BBB,arms,1,1,1,1,1,1,20,0,1\n"
        "2022-01,BBB,other,1,1,1,1,1,1,10,0,1\n"
        "2022-01,AAA,goods,1,1,1,1,1,1,100,0,1\n"
        "2022-01,CCC,goods,1,1,1,1,1,1,40,0,1\n"
        "2022-01,DDD,goods,1,1,1,1,1,1,20,0,1\n"
        "2022-02,BBB,goods,1,1,1,1.25,1,0.9,27,0,0.97\n"
        "2022-03,BBB,goods,1,1,1,1.5,1,0.8,24,0,0.95\n"
        "2022-03,BBB,arms,1,1,1,0.75,1,1.1,22,0,0.95\n"
        "2022-03,AAA,goods,1,1,1,9,1,1,100,0,0.98\n"
        "2022-03,CCC,goods,1,1,1,1,1,1,40,1,1.02\n"
        "2022-03,DDD,goods,1,1,1,1,1,1,20,0.5,1.005\n");
}

/* ---- the run charts ----------------------------------------------------------- */

static const ss_chart_def *run_chart(const char *name)
{
    for (size_t i = 0; i < ss_n_run_charts; i++)
        if (strcmp(ss_run_charts[i].name, name) == 0)
            return &ss_run_charts[i];
    return &ss_brief_numbers;
}

/* Prepares chart `name` of the run into root/work/NAME; its result. */
static int prepare(ss_plot_job *j, const char *name)
{
    char work[128];
    snprintf(work, sizeof work, "%s/work", root);
    ss_diag_clear(j->d);
    int rc = ss_chart_prepare(j, work, run_chart(name));
    if (rc)
        fprintf(stderr, "%s: %d: %s: %s\n", name, rc, j->d->file, j->d->msg);
    return rc;
}

/* The files each run chart writes, as computed by hand from the rows of
 * make_run (the heat map for 2022-03). */
static const struct {
    const char *path, *want;
} files[] = {
    /* Stacked bottom up: direct, then CCC (9 over the run), then DDD (6). */
    {"sanctioned-trade/data.dat", "2022-01\t10\t10\t10\n"
                                  "2022-02\t4\t7\t12\n"
                                  "2022-03\t0\t6\t7\n"},
    /* ..., and the unit: USD million (the largest month is under 1 bn). */
    {"sanctioned-trade/num.dat", "2\t3\t12\t1\n"},
    /* Colours keyed by ISO3 (palette.c): CCC then DDD, in rank order;
     * neither is in the table, so each gets the colour of Tol's muted set
     * that the FNV-1a hash of its code picks (computed in Python): CCC
     * 0x332288 (indigo), style 4; DDD 0x117733 (green), style 1. */
    {"sanctioned-trade/colours.dat", "3351176\t4\n1144627\t1\n"},
    /* 100 * rerouted / baseline: 0 / 20, 8 / 20, 7 / 20. */
    {"leakage/data.dat", "2022-01\t0\n2022-02\t40\n2022-03\t35\n"},
    /* One series, two dates marked, three months, the highest leakage. */
    {"leakage/num.dat", "1\t2\t3\t40\n"},
    /* Strings 1-3 titles, 4 the series, 5 "Dates marked", then the dates. */
    {"leakage/events.dat", "2022-02\t6\t1\t1\n2022-03\t7\t3\t2\n"},
    /* Ranked by revenue: DDD 3, then CCC 2. */
    {"intermediaries/bars.dat", "0\t3\n1\t2\n"},
    /* Rates in %, DDD then CCC; DDD has no row in 2022-01. */
    {"intermediaries/rate.dat", "2022-01\tNaN\t6.25\n"
                                "2022-02\t6.25\t18.75\n"
                                "2022-03\t12.5\t25\n"},
    {"intermediaries/num.dat", "2\t3\t3\t25\t1\n"},
    /* Index, baseline = 100: CCC 5, 8, 10; DDD 2, 0, 3. */
    {"recorded-exports/data.dat", "2022-01\t100\t100\n"
                                  "2022-02\t160\t0\n"
                                  "2022-03\t200\t150\n"},
    /* Two series, no comparison panel, range 0 to 200, three months. */
    {"recorded-exports/num.dat", "2\t0\t0\t200\t3\n"},
    /* BBB's sectors in world order; NaN where countries.csv has no row. */
    {"import-prices/data.dat", "2022-01\t100\t100\t100\n"
                               "2022-02\t125\tNaN\tNaN\n"
                               "2022-03\t150\t75\tNaN\n"},
    {"import-prices/num.dat", "3\t3\t75\t150\n"},
    /* The largest changes (the all-pairs heat map it replaced could not be
     * read on a slide), all sectors, 2022-03 against 2022-01: AAA to CCC
     * 5 -> 15 (+10, +200 %), DDD to CCC 8 -> 0 (-8, -100 %), CCC to AAA
     * 0 -> 7 (+7, no flow at the baseline), AAA to DDD 2 -> 3 (+1, +50 %). */
    {"flow-change/data.dat", "0\t10\t200\n1\t-8\t-100\n2\t7\tNaN\n3\t1\t50\n"},
    /* Four bars, in USD million, the largest change 10. */
    {"flow-change/num.dat", "4\t1\t10\n"},
    /* BBB's factory prices in %, sectors in world order. */
    {"export-prices/data.dat", "2022-01\t100\t100\t100\n"
                               "2022-02\t90\tNaN\tNaN\n"
                               "2022-03\t80\t110\tNaN\n"},
    {"export-prices/num.dat", "3\t3\t80\t110\n"},
    /* BBB's exports: the rise to CCC (4 -> 8: 100, 0, 200), then the fall
     * to AAA (10 -> 5: 100, 0, 50), each against its own baseline month. */
    {"target-exports/data.dat", "2022-01\t100\t100\n"
                                "2022-02\t0\t0\n"
                                "2022-03\t200\t50\n"},
    {"target-exports/num.dat", "2\t0\t0\t200\t3\n"},
    /* 100 (R - 1) in 2022-03: BBB -5; the coalition (AAA alone) -2; AAA
     * -2; CCC +2; DDD +0.5. The largest in absolute value: 5. */
    {"real-income/bars.dat", "0\t-5\n1\t-2\n2\t-2\n3\t2\n4\t0.5\n"},
    {"real-income/num.dat", "5\t5\n"},
};

/* Strings of their text.dat files: file, number (from 1), text. */
static const struct {
    const char *path;
    int k;
    const char *want;
} strings[] = {
    {"sanctioned-trade", 1, "Sanctioned goods from AAA reaching Bland: direct and rerouted"},
    /* The scenario has no enforcer: nothing is drawn, so no seed is named. */
    {"sanctioned-trade", 2,
     "Source: sanctsim " SS_VERSION ", scenario \xe2\x80\x9cUnit test\xe2\x80\x9d, world world, "
     "no enforcer (deterministic)"},
    {"sanctioned-trade", 3, "USD million per month (goods and arms goods)"},
    {"sanctioned-trade", 5, "Via Cland"},
    {"sanctioned-trade", 6, "Via Dland"},
    /* The finding (the title): the last month's 0 direct and 6 + 1 via. */
    {"sanctioned-trade", 7,
     "In 2022-03, USD 7.0 million a month of sanctioned goods reached Bland: USD 7.0 million\n"
     "(100 %) through intermediaries"},
    {"sanctioned-trade", 8, ""},
    /* 35 % in 2022-03 after 40 % in 2022-02. */
    {"leakage", 8,
     "Leakage of the export sanctions: 35 % in 2022-03, after a peak of 40 % in 2022-02"},
    /* DDD: 3 of 5. */
    {"intermediaries", 9,
     "Dland earned the most commission: USD 3.0 million over the run, 60 % of all"},
    /* CCC 200, DDD 150 in the last month. */
    {"recorded-exports", 8, "Recorded exports to Cland rose most: +100 % by 2022-03"},
    /* arms 75 (-25) against goods 150 (+50): goods moved most. */
    {"import-prices", 7, "Import prices in Bland: +50.0 % for goods by 2022-03"},
    {"flow-change", 4, "AAA \xe2\x86\x92 CCC"},
    {"flow-change", 8,
     "The largest change: Aland's recorded exports to Cland rose by USD 10.0 million a month by\n"
     "2022-03"},
    {"leakage", 4, "AAA \xe2\x86\x92 BBB: goods, arms"},
    {"leakage", 6, "2022-02  ban starts"},
    {"leakage", 7, "2022-03  tighter (change)"},
    {"intermediaries", 5, "Commission rate on goods and arms goods"},
    {"intermediaries", 7, "Dland"},
    {"recorded-exports", 6, "To Cland"},
    {"import-prices", 1, "Import prices in Bland by sector"},
    {"import-prices", 4, "goods (sanctioned)"},
    {"import-prices", 5, "arms (sanctioned)"},
    {"import-prices", 6, "other"},
    {"export-prices", 1, "Export prices of Bland by sector"},
    {"export-prices", 4, "goods"},
    {"export-prices", 5, "arms"},
    /* goods -20 against arms +10. */
    {"export-prices", 7, "Export prices of Bland: -20.0 % for goods by 2022-03"},
    {"target-exports", 5, "Index of exports, 2022-01 (baseline) = 100"},
    {"target-exports", 6, "To Cland"},
    {"target-exports", 7, "To Aland"},
    /* To Cland 4 to 8, to Aland 10 to 5: both said, with their % changes. */
    {"target-exports", 8,
     "Exports of Bland: the largest rise in USD to Cland (+100 %), the largest fall in USD to\n"
     "Aland (-50 %), since the baseline by 2022-03"},
    {"real-income", 4, "Bland (target)"},
    {"real-income", 5, "The coalition"},
    {"real-income", 6, "Aland (coalition)"},
    {"real-income", 7, "Cland"},
    {"real-income", 9,
     "Who pays for the sanctions: real income of Bland -5.0 %, the coalition -2.00 %; of the\n"
     "intermediaries, Cland gains most (+2.0 %)"},
    {"flow-change", 1,
     "Change in recorded exports between countries, 2022-03 against 2022-01 (baseline)"},
    /* Last month: baseline 20, direct 0, rerouted 7: 35 %. */
    {"brief", 3,
     "Leakage at the end (2022-03): 35 % of the pre-sanction value of sanctioned exports to "
     "Bland still arrives through intermediaries"},
    {"brief", 4,
     "(USD 7.0 million per month rerouted and USD 0.0 million direct, against USD 20.0 million "
     "before the sanctions)"},
    {"brief", 5,
     "Top intermediaries by commission over the run:   1. Dland, USD 3.0 million   2. "
     "Cland, USD 2.0 million"},
    {"brief", 6,
     "Import prices in the target, 2022-03 against the baseline:   BBB goods +20.0 %; "
     "BBB arms goods +50.0 %"},
};

static void test_run_charts(ss_plot_job *j)
{
    j->month = 2;
    for (size_t i = 0; i < ss_n_run_charts; i++)
        CHECK(prepare(j, ss_run_charts[i].name) == SS_OK);
    CHECK(prepare(j, ss_brief_numbers.name) == SS_OK);
    char path[128];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "work/%s", files[i].path);
        CHECK(same(path, files[i].want));
    }
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        snprintf(path, sizeof path, "work/%s/text.dat", strings[i].path);
        const char *text = text_string(path, strings[i].k);
        if (strcmp(text, strings[i].want) != 0)
            fprintf(stderr, "%s, string %d: \"%s\", wanted \"%s\"\n", path, strings[i].k, text,
                    strings[i].want);
        CHECK(strcmp(text, strings[i].want) == 0);
    }
}

/* A run against itself as its comparison: no destination's exports
 * differ from the comparison's, so there is no target-exports chart (it
 * drew every export at 100 % of itself before the sixteenth session), and
 * nobody's real income changes. */
static void test_against_itself(ss_plot_job *j)
{
    char work[128];
    snprintf(work, sizeof work, "%s/work3", root);
    CHECK(mkdir(work, 0700) == 0);
    j->cmp = j->r;
    CHECK(ss_chart_prepare(j, work, run_chart("target-exports")) == SS_SKIP);
    CHECK(ss_chart_prepare(j, work, run_chart("real-income")) == SS_OK);
    CHECK(same("work3/real-income/bars.dat", "0\t0\n1\t0\n2\t0\n3\t0\n4\t0\n"));
    j->cmp = NULL;
}

/* A bad field stops the chart with its file, line and reason. */
static void test_bad_field(ss_plot_job *j)
{
    put("run/countries.csv",
        "month,country,sector,imports_usd_mn,exports_usd_mn,price_index,import_price_index\n"
        "2022-03,BBB,goods,1,1,1,1\n"
        "2022-03,BBB,guns,1,1,1,1\n");
    ss_table_free(j->r->t[SS_RUN_COUNTRIES]);
    j->r->t[SS_RUN_COUNTRIES] = NULL;
    char work[128];
    snprintf(work, sizeof work, "%s/work2", root);
    CHECK(mkdir(work, 0700) == 0);
    ss_diag_clear(j->d);
    CHECK(ss_chart_prepare(j, work, run_chart("import-prices")) == SS_EINVAL);
    CHECK(strstr(j->d->file, "run/countries.csv") != NULL && j->d->line == 3);
    CHECK(strcmp(j->d->msg, "sector 'guns' is not in the run's world") == 0);
}

/* ---- the sweep charts --------------------------------------------------------- */

static void make_sweep(void)
{
    put("sweep/sweep-scenario.ini", "%s", scenario);
    /* A 2 x 2 grid of sigma and theta; point 3 has no successful run. */
    put("sweep/sweep-summary.csv",
        "point,model.sigma,model.theta,indicator,n,failed,mean,sd,q05,q50,q95\n"
        "0,3,4,final_leakage,2,0,0.5,0.1,0.25,0.5,0.75\n"
        "0,3,4,detections,2,0,1,0,1,1,1\n"
        "1,3,8,final_leakage,2,0,0.375,0.1,0.25,0.375,0.5\n"
        "2,5,4,final_leakage,1,1,0.25,0,0.25,0.25,0.25\n"
        "3,5,8,final_leakage,0,2,,,,,\n");
}

static void test_sweep(ss_diag *d)
{
    ss_sweepfolder sw;
    char dir[128], work[128];
    snprintf(dir, sizeof dir, "%s/sweep", root);
    snprintf(work, sizeof work, "%s/sweepwork", root);
    CHECK(ss_is_sweep_folder(dir));
    CHECK(ss_sweepfolder_open(&sw, dir, NULL, d) == SS_OK);
    CHECK(sw.npoints == 4 && sw.nkeys == 2 && sw.replicates == 2 && sw.grid != NULL);
    ss_plot_job j = {.sw = &sw, .d = d};
    CHECK(mkdir(work, 0700) == 0);
    CHECK(ss_chart_prepare(&j, work, &ss_sweep_charts[0]) == SS_OK);
    /* One block per theta (4, then 8): sigma, mean, q05, q50, q95 in %;
     * point 3 is left out. */
    snprintf(dir, sizeof dir, "sweepwork/%s/data.dat", ss_sweep_charts[0].name);
    CHECK(same(dir, "3\t50\t25\t50\t75\n5\t25\t25\t25\t25\n\n\n3\t37.5\t25\t37.5\t50\n"));
    snprintf(dir, sizeof dir, "sweepwork/%s/num.dat", ss_sweep_charts[0].name);
    /* The values span 25 to 75 %; a share's axis starts at 0. Two
     * replicates a point: not one run a point (the last 0). */
    CHECK(same(dir, "1\t2\t1\t0\t0\t75\t0\n"));
    CHECK(ss_chart_prepare(&j, work, &ss_sweep_charts[1]) == SS_OK);
    /* Cells by position: x the sigma, y the theta; the mean in %. */
    snprintf(dir, sizeof dir, "sweepwork/%s/data.dat", ss_sweep_charts[1].name);
    CHECK(same(dir, "0\t0\t50\n1\t0\t25\n0\t1\t37.5\n"));
    /* Grid, labelled, 1 decimal (spread 25), 4 tics, mean from 25 to 50. */
    snprintf(dir, sizeof dir, "sweepwork/%s/num.dat", ss_sweep_charts[1].name);
    /* ..., then the colour scale: centred on the median of the means 50,
     * 25 and 37.5; half-range the larger of 12.5 (the means' distance) and
     * twice the largest replicate spread, (75 - 25) / 2 = 25: 50. Then
     * 37.5 - 50 lies below 0, where no leakage does: cut (1) at 0. */
    CHECK(same(dir, "1\t1\t1\t4\t25\t50\t37.5\t50\t1\t0\n"));
    ss_sweepfolder_close(&sw);
    /* Detections, at point 0 alone: 1 in both replicates, so no spread;
     * the scale's half-range is then 5 % of the centre, 0.05, and 1 - 0.05
     * stays above 0: not cut. Two decimals: the spread of the values is
     * none, so their size (1) sets them; one value of each key in its
     * rows, so one cell and two tics. */
    snprintf(dir, sizeof dir, "%s/sweep", root);
    CHECK(ss_sweepfolder_open(&sw, dir, "detections", d) == SS_OK);
    snprintf(work, sizeof work, "%s/sweepwork-detections", root);
    CHECK(mkdir(work, 0700) == 0);
    CHECK(ss_chart_prepare(&j, work, &ss_sweep_charts[1]) == SS_OK);
    snprintf(dir, sizeof dir, "sweepwork-detections/%s/num.dat", ss_sweep_charts[1].name);
    CHECK(same(dir, "1\t1\t2\t2\t1\t1\t1\t0.05\t0\t0\n"));
    ss_sweepfolder_close(&sw);
    snprintf(dir, sizeof dir, "%s/sweep", root);
    CHECK(ss_sweepfolder_open(&sw, dir, "lost", d) == SS_EINVAL);
    CHECK(strstr(d->msg, "expected one of final_leakage, detections") != NULL);
    ss_sweepfolder_close(&sw);
}

/* The fit chart of a calibration folder: one bar per target, the mean of
 * its rows' log errors (a monthly series is one target). */
static void test_fit(ss_plot_job *j)
{
    put("run/fit.csv", "target,indicator,period,observed,simulated,log_error,weight,loss\n"
                       "a,flow_ratio,2023,2,1,-0.5,1,0.25\n"
                       "\"b, monthly\",flow_ratio,2022-03,1,1,0.25,0.5,0.03125\n"
                       "\"b, monthly\",flow_ratio,2022-04,1,1,0.75,0.5,0.28125\n");
    char work[128];
    snprintf(work, sizeof work, "%s/work", root);
    ss_diag_clear(j->d);
    CHECK(ss_chart_prepare(j, work, &ss_fit_charts[0]) == SS_OK);
    /* a: -0.5 (label 4); b: (0.25 + 0.75) / 2 = 0.5 (label 5); largest 0.5;
     * loss 0.25 + 0.03125 + 0.28125 = 0.5625. */
    CHECK(same("work/fit/data.dat", "0\t-0.5\t4\n1\t0.5\t5\n"));
    CHECK(same("work/fit/num.dat", "2\t0.5\n"));
    CHECK(strcmp(text_string("work/fit/text.dat", 1),
                 "How far the fitted scenario is from each of its 2 targets (3 rows of "
                 "fit.csv, loss 0.5625)") == 0);
    CHECK(strcmp(text_string("work/fit/text.dat", 5), "b, monthly (2 months)") == 0);
    /* a and b miss by as much; the first is named, at exp(-0.5) = 0.6065. */
    CHECK(strcmp(text_string("work/fit/text.dat", 6),
                 "Largest miss: a, the model at 0.61 times the observed") == 0);
}

/* ---- what charts say: money, titles, colours ----------------------------------- */

/* colours.dat of countries codes[0..n-1] (a world of those codes alone),
 * written into root/colours/ and compared with want. */
static int colours_are(char **codes, size_t n, const char *want)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/colours", root);
    mkdir(dir, 0700);
    ss_diag d;
    ss_diag_clear(&d);
    ss_world w = {.n = n, .iso3 = codes};
    ss_chart c = {.dir = dir, .d = &d};
    size_t country[8];
    for (size_t q = 0; q < n; q++)
        country[q] = q;
    ss_chart_colours(&c, &w, country, n);
    for (size_t i = 0; i < c.nfile; i++)
        fclose(c.file[i]);
    return c.rc == SS_OK && same("colours/colours.dat", want);
}

/* Hashed colours that meet in one chart (FNV-1a in Python): ITA and ROW
 * both Tol's green, 0x117733 = 1144627; AUT and AZE both sand, 0xDDCC77 =
 * 14535799; FRA indigo, 0x332288 = 3351176. The earlier in ISO3 order
 * keeps its colour whatever the chart's order (ITA; AUT), and the other
 * takes a colour that is no country's own (ROW indigo, as no country of
 * its chart has it; AZE not FRA's indigo but the next, 0x88CCEE =
 * 8965358), so FRA keeps indigo as in any chart. Styles stay their own. */
static void test_colours(void)
{
    char *two[] = {"ROW", "ITA"};
    CHECK(colours_are(two, 2, "3351176\t5\n1144627\t6\n"));
    char *three[] = {"FRA", "AZE", "AUT"};
    CHECK(colours_are(three, 3, "3351176\t1\n8965358\t5\n14535799\t8\n"));
    /* A table's colour stays its country's: RUS keeps olive, 0x999933 =
     * 10066227, which POL's code hashes to (a review: POL, earlier in
     * ISO3 order, kept it), and POL takes indigo. */
    char *olive[] = {"POL", "RUS"};
    CHECK(colours_are(olive, 2, "3351176\t6\n10066227\t3\n"));
}

static void test_words(void)
{
    char buf[256];
    ss_money(buf, sizeof buf, 19475.3, 1); /* the "USD 19475.3 million" */
    CHECK(strcmp(buf, "USD 19.5 bn") == 0);
    ss_money(buf, sizeof buf, 123456, 1);
    CHECK(strcmp(buf, "USD 123 bn") == 0);
    ss_money(buf, sizeof buf, 7, 1);
    CHECK(strcmp(buf, "USD 7.0 million") == 0);
    ss_money(buf, sizeof buf, 1500, 0);
    CHECK(strcmp(buf, "1.5 bn") == 0);
    /* In the unit of a line's largest amount: 964.8 million beside 1.2 bn
     * reads 0.96 bn; 400 million beside 150 bn 0.40 bn (not "0 bn"); 3
     * million, which would read 0.00 bn, stays in million; 0 in bn. */
    ss_money_like(buf, sizeof buf, 964.8, 1198.6, 1);
    CHECK(strcmp(buf, "USD 0.96 bn") == 0);
    ss_money_like(buf, sizeof buf, 400, 150000, 1);
    CHECK(strcmp(buf, "USD 0.40 bn") == 0);
    ss_money_like(buf, sizeof buf, 1500, 150000, 1);
    CHECK(strcmp(buf, "USD 1.5 bn") == 0);
    ss_money_like(buf, sizeof buf, 3, 2000, 1);
    CHECK(strcmp(buf, "USD 3.0 million") == 0);
    ss_money_like(buf, sizeof buf, 0, 4075.5, 1);
    CHECK(strcmp(buf, "USD 0.0 bn") == 0);
    /* A change that rounds to nothing has no minus (a trial's "import
     * prices -0.0 pts"); one that does not keeps it. */
    CHECK(strcmp(ss_number(buf, sizeof buf, "%+.1f pts", -0.04), "+0.0 pts") == 0);
    CHECK(strcmp(ss_number(buf, sizeof buf, "%.0f %%", -0.3), "0 %") == 0);
    CHECK(strcmp(ss_number(buf, sizeof buf, "%+.1f", -0.06), "-0.1") == 0);
    CHECK(strcmp(ss_number(buf, sizeof buf, "%+.1f", -10.04), "-10.0") == 0);
    CHECK(strcmp(ss_number(buf, sizeof buf, "%+.0f %%", 0.2), "+0 %") == 0);
    ss_wrap("aaa bbb ccc", 7, buf, sizeof buf);
    CHECK(strcmp(buf, "aaa bbb\nccc") == 0);
    /* "aaa -0.04" fits 9 characters, but "%" stays with its number. */
    ss_wrap("aaa -0.04 %", 9, buf, sizeof buf);
    CHECK(strcmp(buf, "aaa\n-0.04 %") == 0);
    ss_wrap("a abcdefghij", 5, buf, sizeof buf); /* a word longer than a line is cut */
    CHECK(strcmp(buf, "a\nabcd\xe2\x80\xa6") == 0);
    /* The table's colour, whatever the rank; another code's from its
     * hash (FNV-1a of "XYZ", computed in Python: Tol's indigo, style 1). */
    CHECK(ss_country_colour("KAZ").rgb == 0x0072B2 && ss_country_colour("KAZ").style == 1);
    CHECK(ss_country_colour("XYZ").rgb == 0x332288 && ss_country_colour("XYZ").style == 1);
    /* Russia's own, not the cyan its hash gives (index 1, in Python), next to
     * ARE's sky blue. */
    CHECK(ss_country_colour("RUS").rgb == 0x999933 && ss_country_colour("ARE").rgb == 0x56B4E9);
    /* ITA and ROW both hash to Tol's green (index 3, in Python): in one
     * chart the second takes the first muted colour no series has, here
     * indigo (green had drawn Italy and the rest of the world alike). */
    unsigned used[2] = {ss_country_colour("ROW").rgb, 0x0072B2};
    CHECK(used[0] == 0x117733 && ss_country_colour("ITA").rgb == 0x117733);
    CHECK(ss_country_colour_in("ITA", used, 2).rgb == 0x332288);
    CHECK(ss_country_colour_in("ITA", used, 2).style == ss_country_colour("ITA").style);
    used[1] = 0x332288;
    CHECK(ss_country_colour_in("ITA", used, 2).rgb == 0x88CCEE);
    CHECK(ss_country_colour_in("XYZ", used, 1).rgb == 0x332288); /* its own, free */
}

/* ---- a comparison of two runs ------------------------------------------------- */

/* A second run: the first with 2 instead of 4 rerouted in goods in
 * 2022-03, so its leakage then is (2 + 3) / 20 = 25 % against 35 %. */
static void test_compare(ss_diag *d)
{
    static const char *const names[] = {"scenario.ini", "flows.csv", "recorded.csv",
                                        "intermediaries.csv", "countries.csv"};
    char from[160], to[160], dir[2][128];
    snprintf(dir[0], sizeof dir[0], "%s/run", root);
    snprintf(dir[1], sizeof dir[1], "%s/run2", root);
    mkdir(dir[1], 0700);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(from, sizeof from, "run/%s", names[i]);
        snprintf(to, sizeof to, "run2/%s", names[i]);
        put(to, "%s", got(from));
    }
    put("run2/summary.csv",
        "month,coalition,target,sector,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,leakage,"
        "target_price_index,direction,target_import_price_index\n"
        "2022-01,AAA,BBB,goods,10,10,0,0,1,export,1\n"
        "2022-01,AAA,BBB,arms,10,10,0,0,1,export,1\n"
        "2022-02,AAA,BBB,goods,10,4,6,0.6,1,export,1.1\n"
        "2022-02,AAA,BBB,arms,10,5,2,0.2,1,export,1.3\n"
        "2022-03,AAA,BBB,goods,10,0,2,0.2,1,export,1.2\n"
        "2022-03,AAA,BBB,arms,10,0,3,0.3,1,export,1.5\n");
    put("run2/headline.csv",
        "month,direction,baseline_usd_mn,direct_usd_mn,rerouted_usd_mn,leakage\n"
        "2022-01,export,20,20,0,0\n"
        "2022-02,export,20,9,8,0.4\n"
        "2022-03,export,20,0,5,0.25\n");
    ss_runfolder runs[2];
    ss_headline head[2];
    const char *const labels[] = {"a", "b"};
    for (int r = 0; r < 2; r++)
        CHECK(ss_runfolder_open(&runs[r], dir[r], 0, d) == SS_OK);
    ss_plot_job j;
    CHECK(ss_plot_job_init(&j, &runs[0], NULL, d) == SS_OK);
    j.runs = runs;
    j.nruns = 2;
    j.labels = labels;
    j.head = head;
    for (int r = 0; r < 2; r++)
        CHECK(ss_headline_read(&runs[r], &j.scope, &head[r], d) == SS_OK);
    /* The headline leakage is the brief's: 7 / 20 and 5 / 20. */
    CHECK(ss_leakage(head[0].last.baseline, head[0].last.rerouted) == 0.35 &&
          ss_leakage(head[1].last.baseline, head[1].last.rerouted) == 0.25);
    char work[128];
    snprintf(work, sizeof work, "%s/cmpwork", root);
    CHECK(mkdir(work, 0700) == 0);
    for (size_t i = 0; i < ss_n_compare_charts; i++)
        CHECK(ss_chart_prepare(&j, work, &ss_compare_charts[i]) == SS_OK);
    CHECK(same("cmpwork/compare-leakage/data.dat",
               "2022-01\t0\t0\n2022-02\t40\t40\n2022-03\t35\t25\n"));
    /* The means over the ban's months, 2022-02 and 2022-03: (8 + 7) / 40 =
     * 37.5 % and (8 + 5) / 40 = 32.5 %, both exact in binary and printed
     * to the even neighbour, as printf rounds a tie; the title wraps. */
    CHECK(strcmp(text_string("cmpwork/compare-leakage/text.dat", 6),
                 "Leakage in 2022-03: 35 % (a) against 25 % (b); over the sanctions' months on "
                 "average 38 %\n(a) against 32 % (b)") == 0);
    CHECK(head[0].mean_leakage == 0.375 && head[1].mean_leakage == 0.325);
    /* The targets' import prices over goods and arms, weighted by their
     * baseline imports (1 and 1): 2022-02 only goods has a row, +25 %;
     * 2022-03 (+50 - 25) / 2 = +12.5 %. */
    CHECK(same("cmpwork/compare-import-prices/data.dat",
               "2022-01\t0\t0\n2022-02\t25\t25\n2022-03\t12.5\t12.5\n"));
    /* Transit over the run (ranked by the first run): CCC 3 + 1 + 1 + 6 =
     * 11, DDD 6, in USD bn; then the commissions, 2 and 3. */
    CHECK(same("cmpwork/compare-intermediaries/data.dat",
               "0\t0.011\t0.011\t0.002\t0.002\n1\t0.006\t0.006\t0.003\t0.003\n"));
    for (int r = 0; r < 2; r++) {
        ss_headline_free(&head[r]);
        ss_runfolder_close(&runs[r]);
    }
    ss_plot_job_free(&j);
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/sanctsim-test-charts.XXXXXX");
    if (!mkdtemp(root))
        return 2;
    char path[128];
    static const char *const dirs[] = {"world", "run", "work", "sweep"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        mkdir(path, 0700);
    }
    make_world();
    make_run();
    make_sweep();

    ss_diag d;
    ss_diag_clear(&d);
    ss_runfolder r;
    ss_plot_job j;
    snprintf(path, sizeof path, "%s/run", root);
    CHECK(ss_runfolder_open(&r, path, 0, &d) == SS_OK);
    if (check_failed) {
        fprintf(stderr, "%s:%ld: %s\n", d.file, d.line, d.msg);
        return check_report();
    }
    CHECK(ss_plot_job_init(&j, &r, NULL, &d) == SS_OK);
    test_run_charts(&j);
    test_against_itself(&j);
    test_compare(&d); /* before test_bad_field spoils countries.csv */
    test_bad_field(&j);
    test_fit(&j);
    ss_plot_job_free(&j);
    ss_runfolder_close(&r);
    test_sweep(&d);
    test_words();
    test_colours();
    ss_remove_tree(root);
    return check_report();
}
