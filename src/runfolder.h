/* Reading a run folder that `sanctsim run` wrote, for its charts: the
 * resolved scenario (and so the world), each CSV table read when first
 * asked for, its columns found by name, and its fields read as months,
 * countries, sectors or numbers with an error that names file and line.
 * Also what the run's sanctions cover, which most charts filter by. */
#ifndef SS_RUNFOLDER_H
#define SS_RUNFOLDER_H

#include "runtables.h"
#include "scenario.h"
#include "table.h"

/* A run folder. Owns s and the tables (ss_runfolder_close frees them);
 * dir is the caller's. */
typedef struct ss_runfolder {
    const char *dir;
    ss_scenario *s;
    ss_table *t[SS_RUN_NTABLES];
    int unwritten; /* a table asked for was one the run did not write */
} ss_runfolder;

/* Opens dir: it must be a folder with a scenario.ini, which is loaded.
 * SS_EINVAL with a message when it is not a run folder, or (fit 0) when
 * it is a calibration folder, which opens as one for its own chart. */
int ss_runfolder_open(ss_runfolder *r, const char *dir, int fit, ss_diag *d);
void ss_runfolder_close(ss_runfolder *r);

/* Whether run b can be set beside run a (compare, plot --compare): the
 * same world and the same months; SS_EINVAL with a message naming what
 * differs. */
int ss_runfolder_comparable(const ss_runfolder *a, const ss_runfolder *b, ss_diag *d);

/* Table `which` (enum ss_run_table), read on first use from NAME.csv or
 * NAME.csv.gz, with the positions of its comma-separated columns `names`
 * in pos; NULL with a message when it is missing, unreadable or lacks a
 * column. A table that the run's [output] did not write (or flows.csv
 * written without its rows per intermediary, which every chart that reads
 * it needs) also sets r->unwritten, and the chart is left out. */
const ss_table *ss_runfolder_table(ss_runfolder *r, int which, const char *names, long *pos,
                                   ss_diag *d);

/* Finds the comma-separated column names of `names` in t (pos[i] for the
 * i-th); `expected` says which program writes the file, for the message. */
int ss_find_columns(const ss_table *t, const char *names, long *pos, const char *expected,
                    ss_diag *d);

/* Field (row, col) of t as a month of r's run, a country or sector of
 * world w, or a number; SS_EINVAL with the file and line otherwise. */
int ss_get_month(const ss_runfolder *r, const ss_table *t, size_t row, long col, long *out,
                 ss_diag *d);
int ss_get_country(const ss_world *w, const ss_table *t, size_t row, long col, size_t *out,
                   ss_diag *d);
int ss_get_sector(const ss_world *w, const ss_table *t, size_t row, long col, size_t *out,
                  ss_diag *d);
int ss_get_number(const ss_table *t, size_t row, long col, double *out, ss_diag *d);

/* Reads fields of row `row` of t, one for each letter of kinds, from the
 * columns cols[0], cols[1], ... in turn, each into the next pointer
 * argument: 'm' a month of r's run (long *), 'c' a country and 's' a
 * sector of its world (size_t *), 'n' a number (double *); '-' skips a
 * column and takes no pointer. Stops at the first bad field (SS_EINVAL
 * with its file and line in d). */
int ss_read_row(const ss_runfolder *r, const ss_table *t, size_t row, const long *cols, ss_diag *d,
                const char *kinds, ...);

/* What a scenario's sanctions cover, as flags over countries or sectors.
 * A sanction that answers earlier ones (ss_measure's `answers`: a bloc's
 * counter-sanctions) does not count: its targets are not "the target".
 * Owns its arrays (ss_scope_free). */
typedef struct ss_scope {
    char *coalition;  /* the coalition of the export sanctions (else of any; of the
                         import sanctions with `imports`): ss_scope_names */
    char *target;     /* targets of the sanctions */
    char *sanctioned; /* sectors named by the sanctions */
    char *rerouted;   /* sectors named by a sanction evaded through intermediaries */
    char *pair;       /* [i * k + s]: a sanction on the coalition's exports names
                         target i and sector s (the target's imports it makes dearer) */
    char *export_pair; /* [i * k + s]: a sanction on the coalition's imports, or a price
                          cap, names target i and sector s (the target's sales it cuts) */
    char *headline;    /* the headline's targets in the run's last month (ss_headline_targets) */
    int any_export;   /* 1 when some sanction restricts exports */
    int imports;      /* 1 when the headline counts imports (the sanctions evaded through
                         intermediaries restrict imports alone) or no sanction restricts
                         exports: the coalition's recorded imports are the evidence */
    int one_group;    /* 1 when the coalition is one sanction's `by` (else the union of
                         several: COALITION and Ukraine's own embargo) */
} ss_scope;

/* The run's scope: its targets and sectors over the whole run (a dated
 * group change adds those it gives), the coalition of all its sanctions,
 * and the headline's targets in its last month. */
int ss_scope_init(ss_scope *sc, const ss_scenario *s, ss_diag *d);
/* 1 when sanction m's `by` is in sc's coalition (answers to earlier
 * sanctions aside). */
int ss_scope_names(const ss_scope *sc, const ss_measure *m);
/* The same as the run's last month has it: a dated group change (a
 * country that joins the coalition) moves its members. */
int ss_scope_last(ss_scope *sc, const ss_scenario *s, ss_diag *d);
void ss_scope_free(ss_scope *sc);

/* 1 when an export sanction (no price cap) covers goods of sector s from i
 * to t. */
int ss_export_sanctioned(const ss_config *c, size_t i, size_t t, size_t s);

#endif
