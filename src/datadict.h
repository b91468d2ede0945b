/* The data dictionary of a run folder: every table a run writes, what one
 * row is, which rows are left out, and each column's type, unit and
 * meaning. It is the one place these are stated in the code: output.c
 * takes each table's file name and header from here, and each run folder
 * gets a datapackage.json (Frictionless Data's Tabular Data Package)
 * written from it. The README's output tables say the same. */
#ifndef SS_DATADICT_H
#define SS_DATADICT_H

#include "scenario.h"

#include <stddef.h>
#include <stdio.h>

typedef struct ss_column_doc {
    const char *name;
    const char *type; /* Table Schema: string, number, integer, yearmonth */
    const char *text; /* meaning, with its unit */
} ss_column_doc;

typedef struct ss_table_doc {
    const char *file;
    const char *rows;  /* what one row is */
    const char *zeros; /* which rows are left out (or that none are) */
    const ss_column_doc *col;
    size_t ncol;
} ss_table_doc;

/* The tables of a monthly run, in the order a run folder opens them. */
enum {
    SS_T_SUMMARY,
    SS_T_FLOWS,
    SS_T_RECORDED,
    SS_T_INTERMEDIARIES,
    SS_T_COUNTRIES,
    SS_T_SANCTIONS,
    SS_T_HEADLINE,
    SS_T_DETECTION,
    SS_NTABLES
};
extern const ss_table_doc ss_tables[SS_NTABLES];
/* relocation.csv, written only when the scenario relocates production
 * (ss_scenario_relocates). */
extern const ss_table_doc ss_relocation_table;

/* The header line of table t (its column names joined by commas, no line
 * break), in new memory; NULL when memory runs out. */
char *ss_table_header(const ss_table_doc *t);

/* Writes the datapackage.json of a run of scenario s to f. 0, or -1 when
 * writing failed. */
int ss_write_datapackage(FILE *f, const ss_scenario *s);

#endif
