/* The run folder: scenario.ini and the tidy CSV files a run writes, month
 * by month. Invariant: nothing appears under the requested name until the
 * run is complete. Files are written under temporary names in a hidden
 * temporary folder beside it, renamed when complete, and the folder is
 * renamed into place last; a failed run removes its temporary folder. */
#ifndef SS_OUTPUT_H
#define SS_OUTPUT_H

#include "datadict.h"
#include "files.h"
#include "scenario.h"
#include "sim.h"
#include "tabfile.h"

typedef struct ss_output ss_output;

/* Starts the folder of a run, equilibrium or calibration (kind) at dir
 * and writes the resolved scenario.ini into it. An existing dir is an
 * error unless force, in which case it is replaced when the new folder is
 * complete (and only if it is a folder of the same kind). durable: every
 * file is fsynced before the folder is put in place, so that a folder
 * that appeared survives a crash of the machine (README.md, "Output").
 * *status is 0 when it opened; else NULL, the message in d, and *status
 * the exit status: 2 when dir is bad input (it exists, without force or
 * not as a folder of the kind), 1 when the folder could not be made or
 * written (README, "Errors and exit codes"). */
ss_output *ss_output_open(const char *dir, ss_folder_kind kind, int force, int durable,
                          const ss_scenario *s, int *status, ss_diag *d);

/* 1 when dir is a run folder that --force may delete: its scenario.ini
 * starts with the line this program writes, it holds nothing this program
 * does not write, and no other command wrote it. Otherwise 0, with the
 * reason in why. */
int ss_output_replaceable(const char *dir, char *why, size_t size);

/* Adds a plain file (name, header line) to the folder; NULL on failure. */
FILE *ss_output_add(ss_output *o, const char *name, const char *header, ss_diag *d);

/* Adds the table NAME.csv, or NAME.csv.gz when compress, with the header
 * line of its columns (doc, src/datadict.h), written through the writer
 * layer (src/tabfile.h) into *tab: SS_OK, or SS_ENOMEM or SS_EINVAL with
 * d set. */
int ss_output_table(ss_output *o, const char *name, const ss_table_doc *doc, int compress,
                    ss_tab **tab, ss_diag *d);

/* For tables of a million rows, written in pieces (tabfile.h) without a
 * format to read. ss_output_names prepares world w's names as fields, each
 * with its comma (SS_ENOMEM when memory runs out); then ss_output_name
 * writes country at's field, or sector s's at n + s. */
int ss_output_names(ss_output *o, const ss_world *w);
void ss_output_name(const ss_output *o, ss_tab *t, size_t at);

/* Writes the folder's datapackage.json with `write` (src/datadict.h: a
 * run's or an equilibrium's). */
int ss_output_datapackage(ss_output *o, const ss_scenario *s,
                          int (*write)(FILE *f, const ss_scenario *s), ss_diag *d);

/* Writes one month's rows of a monthly run (README.md, "Output"): the
 * tables that the scenario's [output] selects, flows.csv with or without
 * its rows per intermediary. The first call opens the run's tables. */
int ss_output_month(ss_output *o, const ss_scenario *s, ss_sim *sim, ss_diag *d);

/* Completes the folder (renames everything into place) and frees o; when
 * a signal was caught (src/signals.h), removes it instead, so that a
 * command stopped by a signal leaves no folder. */
int ss_output_commit(ss_output *o, ss_diag *d);

/* Removes the temporary folder and frees o; ss_output_abort(NULL) is a no-op. */
void ss_output_abort(ss_output *o);

#endif
