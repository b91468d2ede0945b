/* The tables of a run folder, by name: the one list that `run` writes
 * (src/output.c), `plot` and `brief` read (src/runfolder.c), and `--tables`
 * and `[output] tables` choose from (src/scenario_load.c). blocs.csv and
 * relocation.csv are outside it: a run writes them whenever the scenario
 * has blocs or relocates production (datadict.c's ss_blocs_table and
 * ss_relocation_table). Each table is the file NAME.csv, or NAME.csv.gz
 * when compressed. What each table holds is said once in src/datadict.c
 * (indexed by this list) and written by src/output.c. */
#ifndef SS_RUNTABLES_H
#define SS_RUNTABLES_H

#include <stddef.h>

enum ss_run_table {
    SS_RUN_SUMMARY,
    SS_RUN_FLOWS,
    SS_RUN_RECORDED,
    SS_RUN_INTERMEDIARIES,
    SS_RUN_COUNTRIES,
    SS_RUN_SANCTIONS,
    SS_RUN_HEADLINE,
    SS_RUN_DETECTION,
    SS_RUN_NTABLES
};

/* The names, in the order of enum ss_run_table. */
extern const char *const ss_run_table_name[SS_RUN_NTABLES];

/* Every table's bit in a selection. */
#define SS_RUN_ALL ((1u << SS_RUN_NTABLES) - 1)

/* Parses a list of table names separated by spaces or commas (or "all")
 * into a selection of bits 1 << table. 0 on success; -1 with why it is
 * not a list (an unknown name, or none), the list named `name` (the key
 * or option it came from), in why (size bytes). */
int ss_run_tables_parse(const char *list, const char *name, unsigned *selection, char *why,
                        size_t size);

#endif
