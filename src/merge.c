/* The command `sanctsim merge`: joins the folders of the shards of one
 * sweep (`sanctsim sweep --shard I/N`, src/sweep.c) into one folder with
 * the same sweep.csv, sweep-summary.csv, journal and series/ that one
 * machine would have written (run folders, --keep-runs, stay in the
 * shards' folders). This file owns reading the shards' journals, refusing
 * folders of another sweep, naming missing runs and writing the merged
 * folder. */
#include "commands.h"
#include "files.h"
#include "journal.h"
#include "options.h"
#include "report.h"
#include "sweep.h"
#include "textbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char ss_merge_help[] =
    "sanctsim merge OUT_DIR SHARD_DIR...\n"
    "\n"
    "Joins the folders of the shards of one sweep (sanctsim sweep --shard I/N) into\n"
    "OUT_DIR: the same sweep.csv, sweep-summary.csv and series/ (--keep-series) one\n"
    "machine would have written; run folders (--keep-runs) stay in the shards' folders.\n"
    "Folders of another sweep are refused, and missing runs are named; OUT_DIR may be\n"
    "the folder that holds the shard folders.\n";

/* 1 (explained) when a shard's journal holds a row that sanctsim did not
 * write as it is: rerunning that shard's command runs it again. */
static int shard_damaged(const char *dir, const ss_journal *j)
{
    const size_t nkeys = ss_columns_keys(j->columns);
    char status[1024];
    ss_result res;
    for (size_t r = 0; r < j->runs; r++)
        if (j->rows[r] && !ss_row_sound(j->rows[r], nkeys, status, sizeof status, &res)) {
            ss_errorf("%s/%s:%ld: point %zu, replicate %zu is damaged: run that shard's sweep "
                      "command again (it runs the row again), then merge",
                      dir, SS_JOURNAL, j->line[r], r / j->replicates, r % j->replicates);
            return 1;
        }
    return 0;
}

/* Reads shard i (argv[i]) into js[i - 1] and takes its rows into all; a
 * run another folder gave already keeps its row in js[i - 1]. An exit
 * status or 0. */
static int take_shard(char **argv, int i, ss_journal *all, ss_journal *js)
{
    ss_journal *j = &js[i - 1];
    ss_diag d;
    int rc = ss_journal_read(argv[i], j, 0, &d);
    if (rc == SS_SKIP) {
        ss_errorf("%s: no %s here: expected the --out folder of a sweep or of one of its shards",
                  argv[i], SS_JOURNAL);
        return 2;
    }
    if (rc) {
        ss_report(&d);
        return rc == SS_EIO ? 1 : 2;
    }
    if (shard_damaged(argv[i], j))
        return 2;
    if (i == 1) {
        *all = *j;
        all->rows = calloc(j->runs, sizeof *all->rows);
        all->line = NULL;
        all->columns = strdup(j->columns);
        all->head = NULL;
        all->found = 0;
        if (!all->rows || !all->columns)
            return ss_usage("out of memory");
    } else if (strcmp(j->fingerprint, all->fingerprint) != 0 || j->runs != all->runs ||
               j->replicates != all->replicates || strcmp(j->columns, all->columns) != 0) {
        /* What differs, where the journals can say it; else what the
         * fingerprint covers. */
        char why[160];
        if (j->replicates != all->replicates)
            snprintf(why, sizeof why, "%zu replicate%s against %zu", j->replicates,
                     j->replicates == 1 ? "" : "s", all->replicates);
        else if (j->runs != all->runs)
            snprintf(why, sizeof why, "%zu runs against %zu: the design differs", j->runs,
                     all->runs);
        else if (strcmp(j->columns, all->columns) != 0)
            snprintf(why, sizeof why, "the columns differ: the varied keys or --indicator");
        else
            snprintf(why, sizeof why,
                     "the scenario file, its world or [links] tables, --set, the design's "
                     "values, the seed or sanctsim's version differ");
        ss_errorf("%s: holds a different sweep than %s (%s)", argv[i], argv[1], why);
        return 2;
    }
    for (size_t r = 0; r < j->runs; r++) {
        if (!j->rows[r])
            continue;
        if (!all->rows[r]) {
            all->rows[r] = j->rows[r];
            j->rows[r] = NULL;
            all->found++;
        } else if (strcmp(all->rows[r], j->rows[r]) != 0) {
            ss_errorf("%s: point %zu, replicate %zu differs from the same run in another "
                      "folder: were the shards run by different versions of sanctsim?",
                      argv[i], r / j->replicates, r % j->replicates);
            return 1;
        }
    }
    return 0;
}

/* 0 when every run is there; 1 (explained) when some are missing. */
static int check_complete(const ss_journal *all)
{
    if (all->found == all->runs)
        return 0;
    size_t first = 0;
    while (all->rows[first])
        first++;
    char hint[128] = "";
    if (all->nshards > 1)
        snprintf(hint, sizeof hint, " (it belongs to shard %zu/%zu)", first % all->nshards + 1,
                 all->nshards);
    ss_errorf("merge: %zu of %zu runs are missing, the first is point %zu, replicate %zu%s: "
              "finish every shard (rerunning a shard's command resumes it) and merge again",
              all->runs - all->found, all->runs, first / all->replicates, first % all->replicates,
              hint);
    return 1;
}

/* 1 when a folder holds files (not only folders, such as the shards'). */
static int holds_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;
    while (d && (e = readdir(d))) {
        char *p = e->d_name[0] != '.' ? ss_path_join(dir, e->d_name) : NULL;
        files += p && !ss_is_dir(p);
        free(p);
    }
    if (d)
        closedir(d);
    return files;
}

/* The merged folder: new, or a sweep folder of this same sweep, or a
 * folder of folders. 0, or an exit status (explained). */
static int merge_out(const char *out, const ss_journal *all)
{
    if (!ss_path_exists(out)) {
        if (ss_mkdir_p(out) == 0)
            return 0;
        const int err = errno;
        ss_errorf("%s: cannot create the folder: %s", out, strerror(err));
        return ss_mkdir_status(err);
    }
    ss_journal old;
    ss_diag d;
    int rc = ss_is_dir(out) ? ss_journal_read(out, &old, 0, &d) : SS_ENOMEM;
    if (rc == SS_OK) {
        int same = strcmp(old.fingerprint, all->fingerprint) == 0;
        ss_journal_free(&old);
        if (same)
            return 0;
        ss_errorf("%s: holds a different sweep: choose another OUT_DIR", out);
    } else if (rc == SS_SKIP) {
        if (!holds_files(out))
            return 0;
        ss_errorf("%s: exists, holds files and is not a sweep folder (it has no %s): choose "
                  "another OUT_DIR",
                  out, SS_JOURNAL);
    } else if (rc == SS_EIO || rc == SS_EINVAL) {
        ss_report(&d);
        return rc == SS_EIO ? 1 : 2;
    } else {
        ss_errorf("%s: exists and is not a folder: choose another OUT_DIR", out);
    }
    return 2;
}

/* Copies file name of folder from into folder to, written whole and then
 * renamed into place; a file that is not there is left out. 0, or 1
 * (reported: it cannot be read, or written). */
static int copy_into(const char *from, const char *name, const char *to)
{
    char *path = ss_path_join(from, name);
    int special;
    errno = 0;
    FILE *f = path ? ss_open_input(path, &special) : NULL;
    int rc = 0;
    if (f) {
        ss_text t = {0};
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            ss_text_add(&t, chunk, n);
        if (ferror(f)) {
            ss_errorf("%s: cannot read: %s", path, strerror(errno));
            rc = 1;
        }
        fclose(f);
        rc = rc ? rc : ss_sweep_write_file(to, name, &t) ? 1 : 0;
        free(t.s);
    } else if (errno != ENOENT) {
        ss_errorf("%s: cannot read: %s", path ? path : from, strerror(errno));
        rc = 1;
    }
    free(path);
    return rc;
}

/* 1 when a file's name is a run's series, pP-rR.csv. */
static int series_name(const char *name)
{
    const size_t len = strlen(name);
    return name[0] == 'p' && len > 4 && strcmp(name + len - 4, ".csv") == 0;
}

/* Each shard's monthly series (--keep-series: series/pP-rR.csv) into
 * OUT_DIR/series; a note when some runs have none (a shard ran without
 * --keep-series). 0, or 1 (reported). */
static int merge_series(const char *out, char **shards, int nshards, size_t runs)
{
    char *to = ss_path_join(out, "series");
    int rc = to ? 0 : 1;
    int copied = 0;
    for (int i = 0; i < nshards && !rc; i++) {
        char *from = ss_path_join(shards[i], "series");
        DIR *d = from ? opendir(from) : NULL;
        if (d && ss_mkdir_p(to) != 0) {
            ss_errorf("%s: cannot create the folder: %s", to, strerror(errno));
            rc = 1;
        }
        for (struct dirent *e; d && !rc && (e = readdir(d));)
            if (series_name(e->d_name)) {
                rc = copy_into(from, e->d_name, to);
                copied = 1;
            }
        if (d)
            closedir(d);
        free(from);
    }
    /* Files, not copies: a run given twice is copied twice. */
    size_t held = 0;
    DIR *d = copied && !rc ? opendir(to) : NULL;
    for (struct dirent *e; d && (e = readdir(d));)
        held += (size_t)series_name(e->d_name);
    if (d)
        closedir(d);
    if (held && held != runs)
        ss_errorf("merge: note: series/ holds %zu files for %zu runs: a shard ran without "
                  "--keep-series, or with another design",
                  held, runs);
    free(to);
    return rc;
}

/* The journal of the whole sweep, as one machine would have left it (in
 * design order), so that `sanctsim sweep --out OUT_DIR` finds every run
 * done; the first shard's sweep-scenario.ini; the results. */
static int write_merged(const char *out, int nshards, const char *first, const ss_journal *all,
                        const char *head)
{
    ss_text b = {0};
    const char *cmd = head ? strstr(head, "# command: ") : NULL;
    ss_text_printf(&b, "%s: one row per finished run, in the order the runs finished\n",
                   SS_JOURNAL_MAGIC);
    ss_text_printf(&b, "# fingerprint=%s runs=%zu points=%zu replicates=%zu shard=1/1\n",
                   all->fingerprint, all->runs, all->points, all->replicates);
    if (cmd)
        ss_text_add(&b, cmd, strcspn(cmd, "\n") + 1);
    ss_text_printf(&b, "# merged from %d folders by sanctsim merge\n", nshards);
    ss_text_puts(&b, all->columns);
    for (size_t r = 0; r < all->runs; r++)
        ss_text_puts(&b, all->rows[r]);
    int rc = ss_sweep_write_file(out, SS_JOURNAL, &b) ? 1 : 0;
    free(b.s);
    if (!rc)
        rc = copy_into(first, "sweep-scenario.ini", out);
    ss_diag d;
    ss_diag_clear(&d);
    if (!rc && ss_write_results(out, all->columns, all->rows, all->runs, all->points,
                                all->replicates, 1, &d)) {
        ss_report(&d);
        rc = 1;
    }
    return rc;
}

int ss_cmd_merge(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(ss_merge_help, stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return ss_usage("merge: unknown option '%s'", argv[i]);
        }
    if (argc < 2)
        return ss_usage("merge: name the merged folder and at least one shard folder: "
                        "sanctsim merge OUT_DIR SHARD_DIR...");
    if (!*ss_folder_arg(argv[0]))
        return ss_usage("merge: the merged folder (OUT_DIR) needs a name");
    for (int i = 1; i < argc; i++)
        for (int k = 0; k < i; k++)
            if (ss_same_file(argv[i], argv[k]))
                return ss_usage("merge: %s and %s are the same folder: %s", argv[k], argv[i],
                                k ? "name each shard once" : "merge into a folder of its own");
    ss_journal all;
    memset(&all, 0, sizeof all);
    ss_journal *js = calloc((size_t)argc, sizeof *js);
    if (!js)
        return ss_usage("out of memory");
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if ((rc = take_shard(argv, i, &all, js)))
            goto out;
    /* The runs of which a folder kept its row: given by another before. */
    size_t twice = 0;
    for (size_t r = 0; r < all.runs; r++) {
        int kept = 0;
        for (int i = 0; i + 1 < argc; i++)
            kept |= js[i].rows && js[i].rows[r] != NULL;
        twice += (size_t)kept;
    }
    if (twice)
        ss_errorf("merge: note: %zu run%s in more than one folder (the same row%s, taken once): "
                  "a shard given twice, or the whole sweep beside its shards?",
                  twice, twice == 1 ? " is" : "s are", twice == 1 ? "" : "s");
    /* The series first, the tables and journal last: a merge that fails
     * on a full disk leaves no folder that reads as merged (a hunt: its
     * sweep.csv and journal were whole, series/ held 15 of 120 files). */
    if ((rc = check_complete(&all)) || (rc = merge_out(argv[0], &all)) ||
        (rc = merge_series(argv[0], argv + 1, argc - 1, all.runs)) ||
        (rc = write_merged(argv[0], argc - 1, argv[1], &all, js[0].head)))
        goto out;
    printf("%s\n", argv[0]);
    const size_t nkeys = ss_columns_keys(all.columns);
    rc = ss_count_failed(all.rows, 0, 1, all.runs, nkeys, argv[0]) ? 1 : 0;
out:
    for (int i = 0; i + 1 < argc; i++)
        ss_journal_free(&js[i]);
    free(js);
    ss_journal_free(&all);
    return rc;
}
