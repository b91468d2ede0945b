/* The data dictionary of a run folder (see datadict.h): the tables, their
 * columns, and datapackage.json written from them. */
#include "datadict.h"

#include <stdlib.h>
#include <string.h>

#define MONTH                                                                                      \
    {                                                                                              \
        "month", "yearmonth", "the month, YYYY-MM; the first is the baseline month", NULL          \
    }
/* Columns of numbers with a unit (datapackage.json gives it in a field of
 * its own too, for a script): money, shares and probabilities from 0 to 1,
 * ratios to the baseline flow (leakage: usually below 1, not always),
 * indices relative to the baseline month, and commission rates. */
#define USD_MN_UNIT "USD million per month"
#define SHARE_UNIT "share, from 0 to 1"
#define PROBABILITY_UNIT "probability, from 0 to 1"
#define RATIO_UNIT "ratio to the baseline flow"
#define INDEX_UNIT "index, 1 = baseline"
#define RATE_UNIT "fraction of the value paid to the origin"
#define COL(name, type, what)                                                                      \
    {                                                                                              \
        name, type, what, NULL                                                                     \
    }
#define USD_MN(name, what)                                                                         \
    {                                                                                              \
        name, "number", what ", " USD_MN_UNIT, USD_MN_UNIT                                         \
    }
#define SHARE(name, what)                                                                          \
    {                                                                                              \
        name, "number", what, SHARE_UNIT                                                           \
    }
#define PROBABILITY(name, what)                                                                    \
    {                                                                                              \
        name, "number", what, PROBABILITY_UNIT                                                     \
    }
#define LEAKAGE(what)                                                                              \
    {                                                                                              \
        "leakage", "number", what, RATIO_UNIT                                                      \
    }
#define INDEX(name, what)                                                                          \
    {                                                                                              \
        name, "number", what, INDEX_UNIT                                                           \
    }
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static const ss_column_doc summary_cols[] = {
    MONTH,
    COL("coalition", "string", "the sanctioning countries, as a sanction's by names them"),
    COL("target", "string", "the sanctioned country, ISO3"),
    COL("sector", "string", "the sector"),
    USD_MN("baseline_usd_mn", "the links' flow in the baseline month"),
    USD_MN("direct_usd_mn", "the part still shipped directly"),
    USD_MN("rerouted_usd_mn",
           "the part arriving through intermediaries, at the buyer's price (commission "
           "included)"),
    LEAKAGE("rerouted / baseline, usually from 0 to 1 (above 1 where rerouted goods cost buyers "
            "more than the whole baseline flow; 0 when the baseline is 0)"),
    INDEX("target_price_index",
          "the target's price index in the sector over all origins, home included; 1 = baseline"),
    COL("direction", "string", "export (coalition to target) or import (target to coalition)"),
    INDEX("target_import_price_index",
          "the target's price index in the sector over imports only; 1 = baseline (inf when no "
          "foreign origin can deliver)"),
    INDEX("target_factory_price",
          "the target's factory price in the sector, what buyers pay before route costs; 1 = "
          "baseline "
          "(moves only with supply curves; what it realises under price caps and freight is "
          "export_price in countries.csv)"),
    INDEX("target_real_income_index", "the target's real income; 1 = baseline"),
    INDEX(
        "coalition_real_income_index",
        "the coalition members' real income together, weighted by baseline receipts; 1 = baseline"),
};

static const ss_column_doc flows_cols[] = {
    MONTH,
    COL("origin", "string", "the producing country, ISO3"),
    COL("destination", "string", "the final buyer's country, ISO3"),
    COL("via", "string", "direct for a direct shipment, else the intermediary, ISO3"),
    COL("sector", "string", "the sector"),
    USD_MN("value_usd_mn", "what the buyer pays, commission included"),
};

static const ss_column_doc recorded_cols[] = {
    MONTH,
    COL("exporter", "string", "the declaring exporter, ISO3"),
    COL("importer", "string", "the declared importer, ISO3"),
    COL("sector", "string", "the sector"),
    USD_MN("exports_usd_mn", "the exporter's declared exports to the importer"),
    USD_MN("imports_usd_mn", "the importer's recorded imports from the exporter"),
};

static const ss_column_doc intermediaries_cols[] = {
    MONTH,
    COL("intermediary", "string", "the candidate intermediary, ISO3"),
    COL("sector", "string", "the sector"),
    USD_MN("transit_usd_mn", "transit through it, at the buyer's price"),
    {"commission_rate", "number",
     "its commission, a rate on the value paid to the origin (0.07 for 7 %)", RATE_UNIT},
    USD_MN("commission_usd_mn", "its commission income"),
    USD_MN("capacity_usd_mn", "its transit capacity"),
    SHARE("reach", "the share of shippers able to use it, from 0 to 1"),
    USD_MN("commission_targets_usd_mn",
           "of commission_usd_mn, what it earned on trade to or from the month's targets of the "
           "sanctions"),
};

static const ss_column_doc countries_cols[] = {
    MONTH,
    COL("country", "string", "the country, ISO3"),
    COL("sector", "string", "the sector"),
    USD_MN("imports_usd_mn", "true foreign imports, domestic sales excluded"),
    USD_MN("exports_usd_mn", "true foreign exports, domestic sales excluded"),
    INDEX("price_index", "the price index over all origins, home included; 1 = baseline"),
    INDEX("import_price_index",
          "the price index over foreign origins only; 1 = baseline (inf when no foreign origin "
          "can deliver)"),
    INDEX(
        "factory_price",
        "its factory price in the sector, what buyers pay before route costs; 1 = baseline (moves "
        "only with supply curves)"),
    INDEX("export_price",
          "the price it realises on its exports in the sector: the factory price less what price "
          "caps take and, on commodities, the freight it pays; 1 = baseline"),
    USD_MN("sales_usd_mn",
           "what its producers receive in the sector, home and abroad: buyers' spending on their "
           "goods times the share of it they net against the baseline's (after price caps and, on "
           "commodities, freight), less the commissions paid"),
    USD_MN("commission_usd_mn", "the commissions it earned as an intermediary in the sector"),
    INDEX("real_income_index",
          "the country's real income, the same on each of its rows; 1 = baseline"),
};

static const ss_column_doc sanctions_cols[] = {
    MONTH,
    COL("sanction", "string", "the sanction's name, as in the scenario"),
    COL("direction", "string", "export (by to target) or import (target to by)"),
    COL("evasion", "string", "how the sanction is evaded: transit, payment or none"),
    USD_MN("baseline_usd_mn", "the flow of the links it names, each once, in the baseline month"),
    USD_MN("direct_usd_mn", "the part still shipped directly"),
    USD_MN("rerouted_usd_mn", "the part arriving through intermediaries, at the buyer's price"),
    LEAKAGE("rerouted / baseline, usually from 0 to 1 (above 1 where rerouted goods cost buyers "
            "more than the whole baseline flow; 0 when the baseline is 0)"),
};

static const ss_column_doc headline_cols[] = {
    MONTH,
    COL("direction", "string",
        "export, or import when no transit-evaded sanction restricts exports"),
    USD_MN("baseline_usd_mn",
           "the baseline flow of the links of every transit-evaded sanction, each once"),
    USD_MN("direct_usd_mn", "the part still shipped directly"),
    USD_MN("rerouted_usd_mn", "the part arriving through intermediaries, at the buyer's price"),
    LEAKAGE("the headline leakage: rerouted / baseline, usually from 0 to 1 (0 when the "
            "baseline is 0, as in a run without sanctions; a sweep and compare leave that "
            "leakage empty)"),
};

static const ss_column_doc detection_cols[] = {
    MONTH,
    COL("intermediary", "string", "the candidate intermediary, ISO3"),
    PROBABILITY("detection_probability",
                "the probability that some enforcer detects it this month, from 0 to 1"),
    PROBABILITY("caught", "random mode: 1 in a month of detection, else 0; expected mode: the "
                          "probability of being under secondary sanctions, from 0 to 1; 0 in a "
                          "month when no enforcer watches it (none enforces a sanction in force, "
                          "or it is a member, a target or outside watch_only)"),
    SHARE("participation",
          "how far it takes part in evasion, from 0 to 1, set for next month's routes: 1 unless it "
          "chooses (choose = 1)"),
};

const ss_table_doc ss_tables[SS_RUN_NTABLES] = {
    {"one row per month, coalition (a sanction's by as written), target, sector and direction",
     "every row is written, zeros included, from the month its target is one (a member that "
     "a target group gains has rows from the month of the change); rows of different "
     "coalitions may share links (the EU's inside the coalition's): never add rows of "
     "different coalitions or directions",
     summary_cols, COUNT(summary_cols)},
    {"one row per month, origin, destination, route (via) and sector: the true flow, domestic "
     "sales included",
     "rows of value 0 are left out: a missing row is a flow of 0 (count it when averaging over "
     "months)",
     flows_cols, COUNT(flows_cols)},
    {"one row per month, foreign link and sector, as customs statistics would record it",
     "links whose recorded exports and imports are both 0 are left out: a missing row is 0",
     recorded_cols, COUNT(recorded_cols)},
    {"one row per month, candidate intermediary and sector", "every row is written, zeros included",
     intermediaries_cols, COUNT(intermediaries_cols)},
    {"one row per month, country and sector", "every row is written", countries_cols,
     COUNT(countries_cols)},
    {"one row per month, sanction and direction it covers",
     "every row is written, zeros included, also in months when the sanction is not in force "
     "(its links under the other measures); two sanctions may name the same links: never add "
     "rows",
     sanctions_cols, COUNT(sanctions_cols)},
    {"one row per month: the headline leakage of the brief and of a sweep",
     "every month is written", headline_cols, COUNT(headline_cols)},
    {"one row per month and candidate intermediary: facts about the country, whatever the "
     "sector",
     "every row is written, zeros included", detection_cols, COUNT(detection_cols)},
};

static const ss_column_doc relocation_cols[] = {
    MONTH,
    COL("intermediary", "string",
        "the candidate intermediary that hosts relocated production, ISO3"),
    COL("sector", "string",
        "the sector (a commodity sector's rows stay 0: extraction cannot move)"),
    USD_MN("relocated_usd_mn",
           "the target's production that moved to it this month, as demand weight at baseline "
           "costs, after relocation_cost"),
    USD_MN("to_target_usd_mn",
           "all relocated production it hosts so far that serves the target's own market"),
    USD_MN("to_others_usd_mn",
           "all relocated production it hosts so far that serves every other market"),
};

const ss_table_doc ss_relocation_table = {
    "one row per month, candidate intermediary and sector (only when relocation_speed > 0 at "
    "the start or in a [change])",
    "every row is written, zeros included", relocation_cols, COUNT(relocation_cols)};

static const ss_column_doc blocs_cols[] = {
    MONTH,
    COL("bloc", "string", "the bloc's name, as its [bloc NAME] section gives it"),
    COL("members", "string", "its members that month, ISO3 codes separated by spaces"),
    USD_MN("internal_usd_mn", "their true imports from one another, all sectors"),
    USD_MN("imports_usd_mn",
           "their true imports from everyone, all sectors, domestic sales excluded"),
    SHARE("internal_share", "internal / imports, the bloc's internal trade share, from 0 to 1"),
};

const ss_table_doc ss_blocs_table = {
    "one row per month and bloc (only when the scenario has [bloc] sections)",
    "every row is written, zeros included", blocs_cols, COUNT(blocs_cols)};

static const ss_column_doc eq_countries_cols[] = {
    COL("country", "string", "the country, ISO3"),
    INDEX("factory_price_change",
          "its factory-gate price (its factor's price) over the baseline's"),
    INDEX("income_change", "its income over the baseline's"),
    INDEX("price_index_change",
          "its price index over the baseline's: the Cobb-Douglas aggregate of the sectors' CES "
          "indices"),
    INDEX("welfare_change", "its real expenditure over the baseline's (under balance = "
                            "conditional its real factory-gate price, w / P)"),
    INDEX("exports_change", "its exports over the baseline's, domestic sales excluded"),
    INDEX("imports_change", "its imports over the baseline's, domestic sales excluded"),
};

static const ss_column_doc eq_flows_cols[] = {
    COL("exporter", "string", "the exporter, ISO3"),
    COL("importer", "string", "the importer, ISO3 (the exporter itself for domestic sales)"),
    COL("sector", "string", "the sector"),
    USD_MN("baseline_usd_mn", "the baseline flow"),
    USD_MN("counterfactual_usd_mn", "the flow in the equilibrium with the month's costs"),
};

static const ss_column_doc eq_sectors_cols[] = {
    COL("country", "string", "the country, ISO3"),
    COL("sector", "string", "the sector"),
    INDEX("price_index_change", "the sector's CES price index over the baseline's"),
    INDEX("expenditure_change",
          "its expenditure in the sector over the baseline's, the same for every sector of a "
          "country (whose sector shares are fixed)"),
};

static const ss_column_doc eq_solver_cols[] = {
    {"month", "yearmonth", "the month whose costs the equilibrium takes, YYYY-MM", NULL},
    COL("sigma", "number", "the elasticity of substitution between origins"),
    COL("balance", "string", "the trade-balance closure: additive, multiplicative or conditional"),
    COL("iterations", "integer",
        "the solver's iterations, over every round of the commissions paid"),
    COL("tolerance", "number", "the bound achieved on the largest change in log flows"),
};

const ss_table_doc ss_equilibrium_tables[SS_EQ_NTABLES] = {
    {"one row per country: its changes in the equilibrium, ratios to the baseline (1 = unchanged)",
     "every row is written", eq_countries_cols, COUNT(eq_countries_cols)},
    {"one row per exporter, importer and sector, domestic sales included",
     "the links with no trade at the baseline, which have none in the equilibrium", eq_flows_cols,
     COUNT(eq_flows_cols)},
    {"one row per country and sector", "every row is written", eq_sectors_cols,
     COUNT(eq_sectors_cols)},
    {"one row: what was solved, and how", "none", eq_solver_cols, COUNT(eq_solver_cols)},
};
const char *const ss_equilibrium_table_name[SS_EQ_NTABLES] = {
    "equilibrium", "equilibrium-flows", "equilibrium-sectors", "equilibrium-solver"};

char *ss_table_header(const ss_table_doc *t)
{
    size_t len = 1;
    for (size_t i = 0; i < t->ncol; i++)
        len += strlen(t->col[i].name) + 1;
    char *h = malloc(len);
    if (!h)
        return NULL;
    h[0] = '\0';
    for (size_t i = 0; i < t->ncol; i++) {
        if (i)
            strcat(h, ",");
        strcat(h, t->col[i].name);
    }
    return h;
}

/* text as a JSON string, quotes included. */
static void json_string(FILE *f, const char *text)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

static void write_field(FILE *f, const ss_column_doc *c, int last)
{
    fputs("          {\"name\": ", f);
    json_string(f, c->name);
    fputs(", \"type\": ", f);
    json_string(f, c->type);
    fputs(", \"description\": ", f);
    json_string(f, c->text);
    if (c->unit) {
        fputs(", \"unit\": ", f);
        json_string(f, c->unit);
    }
    fputs(last ? "}\n" : "},\n", f);
}

/* Table t, written as NAME.csv (or NAME.csv.gz); `also`, when not NULL,
 * more rows that this run leaves out. */
static void write_resource(FILE *f, const ss_table_doc *t, const char *name, int compress,
                           const char *also, int last)
{
    char path[64];
    snprintf(path, sizeof path, "%s.csv%s", name, compress ? ".gz" : "");
    fputs("    {\n      \"name\": ", f);
    json_string(f, name);
    fputs(",\n      \"path\": ", f);
    json_string(f, path);
    fputs(",\n      \"profile\": \"tabular-data-resource\", \"format\": \"csv\", ", f);
    if (compress)
        fputs("\"compression\": \"gz\", ", f);
    fputs("\"encoding\": \"utf-8\",\n      \"description\": ", f);
    char text[1024];
    snprintf(text, sizeof text, "%s. Rows left out: %s%s%s.", t->rows, t->zeros, also ? "; " : "",
             also ? also : "");
    json_string(f, text);
    fputs(",\n      \"schema\": {\n        \"missingValues\": [],\n        \"fields\": [\n", f);
    for (size_t i = 0; i < t->ncol; i++)
        write_field(f, &t->col[i], i + 1 == t->ncol);
    fputs(last ? "        ]\n      }\n    }\n" : "        ]\n      }\n    },\n", f);
}

/* The package's opening, up to its list of resources: `name` and what
 * its tables are. */
static void package_start(FILE *f, const ss_scenario *s, const char *name, const char *what)
{
    fputs("{\n  \"profile\": \"tabular-data-package\",\n  \"name\": ", f);
    json_string(f, name);
    fputs(",\n  \"title\": ", f);
    json_string(f, s->name ? s->name : "");
    fputs(",\n  \"description\": ", f);
    char text[512];
    snprintf(text, sizeof text,
             "The tables of %s (sanctsim " SS_VERSION "). Money is USD million per month at the "
             "buyer's price; shares and probabilities are from 0 to 1, leakage a ratio to the "
             "baseline flow (usually below 1); indices and changes are 1 at the baseline; each "
             "such column gives its unit. README.md of sanctsim, sections Glossary and Output, "
             "says the same.",
             what);
    json_string(f, text);
    fputs(",\n  \"resources\": [\n", f);
}

int ss_write_equilibrium_datapackage(FILE *f, const ss_scenario *s)
{
    package_start(f, s, "sanctsim-equilibrium", "one sanctsim equilibrium");
    for (size_t t = 0; t < SS_EQ_NTABLES; t++)
        write_resource(f, &ss_equilibrium_tables[t], ss_equilibrium_table_name[t], s->compress,
                       NULL, t + 1 == SS_EQ_NTABLES);
    fputs("  ]\n}\n", f);
    return ferror(f) ? -1 : 0;
}

int ss_write_datapackage(FILE *f, const ss_scenario *s)
{
    package_start(f, s, "sanctsim-run", "one sanctsim run");
    /* The [output] tables, then those a scenario's levers add. */
    const int blocs = s->config->n_blocs > 0, relocates = ss_scenario_relocates(s);
    size_t last = 0;
    for (size_t t = 0; t < SS_RUN_NTABLES; t++)
        if (s->tables >> t & 1)
            last = t;
    const char *direct_only = "and, as [output] flows = direct asks, every row of a route "
                              "through an intermediary: only rows with via = direct are "
                              "written, and a link's rerouted part is in none";
    for (size_t t = 0; t < SS_RUN_NTABLES; t++)
        if (s->tables >> t & 1)
            write_resource(f, &ss_tables[t], ss_run_table_name[t], s->compress,
                           t == SS_RUN_FLOWS && s->flows_direct ? direct_only : NULL,
                           t == last && !blocs && !relocates);
    if (blocs)
        write_resource(f, &ss_blocs_table, "blocs", s->compress, NULL, !relocates);
    if (relocates)
        write_resource(f, &ss_relocation_table, "relocation", s->compress, NULL, 1);
    fputs("  ]\n}\n", f);
    return ferror(f) ? -1 : 0;
}
