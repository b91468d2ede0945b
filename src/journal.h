/* A sweep's results: the rows of sweep.csv, the journal that keeps them as
 * runs finish (OUT/sweep.journal), the summary computed from them, and the
 * fingerprint that tells one sweep from another.
 *
 * Invariant: the text of a run's row is a function of the design and the
 * run's index alone (ss_row_make), so that sweep.csv and sweep-summary.csv
 * are the same bytes whatever the order in which runs finish, and a row
 * read back is trusted only when making it again gives the same text. */
#ifndef SS_JOURNAL_H
#define SS_JOURNAL_H

#include "design.h"
#include "indicator.h"
#include "scenario.h"
#include "textbuf.h"

#include <stddef.h>

#define SS_JOURNAL "sweep.journal"
#define SS_JOURNAL_MAGIC "# sanctsim sweep journal 1"

/* The files a sweep (and merge) writes at the top of its folder. */
enum { SS_SWEEP_NFILES = 4 };
extern const char *const ss_sweep_files[SS_SWEEP_NFILES];

/* One sweep: its scenario, overrides, design and folder. */
typedef struct ss_sweep {
    const char *path; /* the scenario file */
    char **fixed;     /* --set overrides for every run */
    size_t nfixed;
    ss_design dz;
    size_t shard, nshards;
    const char *out;
    int keep_runs;
    int keep_series;         /* --keep-series: OUT/series/pP-rR.csv per run */
    const ss_custom *custom; /* --indicator, in order; their columns follow the fixed ones */
    size_t ncustom;
    char fingerprint[17];
    char *header; /* the header line of sweep.csv, with its line break */
    char *command;
} ss_sweep;

/* The headline indicators of a run, in the order of the row's columns
 * (the top intermediary comes between the commission and detections). */
enum { SS_I_FINAL, SS_I_MEAN, SS_I_PRICE, SS_I_LOST, SS_I_COMMISSION, SS_I_DETECTIONS, SS_NIND };
extern const char *const ss_ind_name[SS_NIND];

/* Row columns after the status: the indicators and the top intermediary,
 * which comes at SS_RESULT_TOP, before detections. */
#define SS_NRESULT (SS_NIND + 1)
enum { SS_RESULT_TOP = SS_I_DETECTIONS };

/* A row's columns (sweep.csv and the journal) for nkeys varied keys:
 * point, replicate, the keys, seed, status, the SS_NRESULT results, then
 * the --indicator values. */
enum { SS_COL_POINT, SS_COL_REPLICATE, SS_COL_KEYS };
#define SS_COL_SEED(nkeys) ((nkeys) + 2)
#define SS_COL_STATUS(nkeys) ((nkeys) + 3)
#define SS_COL_RESULTS(nkeys) ((nkeys) + 4)

/* The varied keys of a header line (its columns between replicate and
 * seed: a key is section.key, never "seed"); 0 when it has no seed. */
size_t ss_columns_keys(const char *columns);

typedef struct ss_result {
    double v[SS_NIND];
    char top[SS_CODE_MAX + 1];
    double x[SS_MAX_CUSTOM]; /* the --indicator values */
    size_t nx;
} ss_result;

/* The header line of sweep.csv for sw's design, in new memory. */
char *ss_sweep_header(const ss_sweep *sw);

/* The row of run with its status ("ok" or why it failed) and results
 * (NULL for none), with its line break, in new memory. */
char *ss_row_make(const ss_sweep *sw, size_t run, const char *status, const ss_result *res);

/* 1 when a row of nkeys varied keys says "ok". */
int ss_row_ok(const char *row, size_t nkeys);

/* 1 when a row of nkeys keys reads as sanctsim writes one, field by field:
 * a status; with "ok" sound results, with any other status none. Its
 * status and results go to status and res. */
int ss_row_sound(const char *row, size_t nkeys, char *status, size_t size, ss_result *res);

/* 1 when a journal row is exactly the row sw writes for run with the
 * status and results it holds (its top intermediary a country of w, or,
 * when the design varies scenario.world, any country code). */
int ss_row_matches(const ss_sweep *sw, const ss_world *w, size_t run, const char *row);

typedef struct ss_journal {
    char fingerprint[17];
    size_t runs, points, replicates, shard, nshards;
    char *columns; /* the header line, with its line break */
    char *head;    /* every line before the rows */
    char **rows;   /* by run; NULL when not finished */
    long *line;    /* by run: the row's line in the journal */
    size_t found;
    size_t unread;     /* rows that are not rows of this journal's design */
    long first_unread; /* the line of the first */
} ss_journal;

/* Reads dir's journal: its head, and every complete row (with repair, a
 * last line without its line break is cut off, so that appending goes on
 * cleanly: it is opened for writing too). SS_OK; SS_SKIP when there is no
 * journal (d not set); SS_EINVAL when it is not a journal, SS_EIO when it
 * cannot be opened (d set). */
int ss_journal_read(const char *dir, ss_journal *j, int repair, ss_diag *d);
void ss_journal_free(ss_journal *j);

/* The lines of a new journal before its rows. */
void ss_journal_head(const ss_sweep *sw, ss_text *b);

/* Writes dir/sweep.csv (the rows, in design order) and, when summary is
 * set, dir/sweep-summary.csv. SS_OK, or a status with d set. */
int ss_write_results(const char *dir, const char *columns, char **rows, size_t runs, size_t points,
                     size_t replicates, int summary, ss_diag *d);

/* Writes text as dir/name atomically (ss_write_atomic); SS_OK, or a
 * status after the error is reported. */
int ss_sweep_write_file(const char *dir, const char *name, const ss_text *t);

/* Counts the failed runs among rows first, first + step, ... and says how
 * many failed, if any. */
size_t ss_count_failed(char **rows, size_t first, size_t step, size_t runs, size_t nkeys,
                       const char *dir);

/* Sets sw->fingerprint: what decides the rows (the program's version, the
 * scenario file, the world's CSV files, its [links] tables, the overrides,
 * the scenario seed, the replicates and every value of the design, and the
 * files that varied world or links values name); not paths, --jobs,
 * --shard or --out. */
void ss_sweep_fingerprint(ss_sweep *sw, const ss_scenario *base);

#endif
