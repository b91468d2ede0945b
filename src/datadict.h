/* The data dictionary of a run folder: every table a run writes, what one
 * row is, which rows are left out, and each column's type, unit and
 * meaning. It is the one place these are stated in the code: output.c
 * takes each table's header from here (its name from runtables.h), and
 * each run folder gets a datapackage.json (Frictionless Data's Tabular
 * Data Package) written from it. The README's output tables say the same. */
#ifndef SS_DATADICT_H
#define SS_DATADICT_H

#include "runtables.h"
#include "scenario.h"

#include <stddef.h>
#include <stdio.h>

typedef struct ss_column_doc {
    const char *name;
    const char *type; /* Table Schema: string, number, integer, yearmonth */
    const char *text; /* meaning, with its unit */
    const char *unit; /* the unit alone, for a script (NULL: none; datadict.c) */
} ss_column_doc;

typedef struct ss_table_doc {
    const char *rows;  /* what one row is */
    const char *zeros; /* which rows are left out (or that none are) */
    const ss_column_doc *col;
    size_t ncol;
} ss_table_doc;

/* Each table of a monthly run, indexed by enum ss_run_table (runtables.h). */
extern const ss_table_doc ss_tables[SS_RUN_NTABLES];
/* relocation.csv, written only when the scenario relocates production
 * (ss_scenario_relocates); not one of the [output] tables. */
extern const ss_table_doc ss_relocation_table;
/* blocs.csv, written only when the scenario has [bloc] sections; not one
 * of the [output] tables either. */
extern const ss_table_doc ss_blocs_table;

/* The header line of table t (its column names joined by commas, no line
 * break), in new memory; NULL when memory runs out. */
char *ss_table_header(const ss_table_doc *t);

/* The tables of the equilibrium command (src/run.c), in the order it
 * writes them, and their file names (without .csv). */
enum { SS_EQ_NTABLES = 4 };
extern const ss_table_doc ss_equilibrium_tables[SS_EQ_NTABLES];
extern const char *const ss_equilibrium_table_name[SS_EQ_NTABLES];

/* Writes the datapackage.json of a run of scenario s to f: the tables it
 * writes ([output] tables), under their file names (NAME.csv, or
 * NAME.csv.gz when compressed). 0, or -1 when writing failed. */
int ss_write_datapackage(FILE *f, const ss_scenario *s);

/* The same for an equilibrium folder of scenario s: its four tables. */
int ss_write_equilibrium_datapackage(FILE *f, const ss_scenario *s);

#endif
