/* Paths, folders and whole files: joining a path, asking whether one
 * exists or is a folder, what a command finds at its --out, placing a
 * finished folder there, making a folder and its parents, renaming without
 * replacing, opening an input file without blocking, reading and writing
 * all of a buffer through a file descriptor, writing a file atomically,
 * removing a folder this program made, and the default output folder of a
 * command. */
#ifndef SS_FILES_H
#define SS_FILES_H

#include "status.h"

#include <stdio.h>

/* "dir/name" in new memory (the caller frees it); NULL when memory runs out. */
char *ss_path_join(const char *dir, const char *name);

/* 1 when path exists. */
int ss_path_exists(const char *path);

/* 1 when path is a folder (or a link to one). */
int ss_is_dir(const char *path);

/* 1 when paths a and b name one existing file or folder, by any name. */
int ss_same_file(const char *a, const char *b);

/* The kinds of folder a command writes with a scenario.ini, told apart by
 * the files only one command writes: calibrate's fit.csv, equilibrium's
 * equilibrium-solver.csv (or .csv.gz); a run's otherwise.
 * ss_folder_name[k] is "run", "equilibrium" or "calibration" and
 * ss_folder_command[k] the command that writes it. */
typedef enum { SS_FOLDER_RUN, SS_FOLDER_EQUILIBRIUM, SS_FOLDER_CALIBRATION } ss_folder_kind;
extern const char *const ss_folder_name[], *const ss_folder_command[];
ss_folder_kind ss_folder_kind_of(const char *dir);

/* What a command about to write its folder at out finds there: nothing,
 * something not a folder, a symbolic link (never replaced: a hunt's --force put a folder in
 * the place of a link to a run folder), a folder that ours() accepts as one the command
 * may replace, or one it does not (why then says what). Another process
 * replacing out meanwhile (renaming it aside, putting its own there) can
 * make ours() read a folder half gone, so the question is asked again
 * while out changes under it. */
enum { SS_OUT_FREE, SS_OUT_FILE, SS_OUT_LINK, SS_OUT_OURS, SS_OUT_OTHER };
int ss_out_state(const char *out, int (*ours)(const char *dir, char *why, size_t size), char *why,
                 size_t size);

/* Whether a command may write its folder where ss_out_state found `there`
 * (with its why): 0 when it may (nothing there, or a folder it may replace
 * and force); else exit status 2, and into msg why not (a folder of
 * `kind`, "run" or "comparison": the refusals of --out and --force). */
int ss_out_refusal(int there, int force, const char *kind, const char *why, char *msg, size_t size);

/* Puts the complete folder tmp at out, never over anything: what is there
 * is first renamed aside (to tmp.old), checked there with ours(), and
 * deleted only once tmp is in place; what ours() refuses is renamed back.
 * Without force, anything at out is left alone. Another process may put
 * a folder at out at any moment, so this repeats until tmp is placed.
 * SS_PLACED, or why not: a system call failed (errno set), a folder
 * appeared and force was not given, ours() refused it (why says why), or
 * other processes kept putting folders there (100 times). */
enum { SS_PLACED, SS_PLACE_FAILED, SS_PLACE_APPEARED, SS_PLACE_NOT_OURS, SS_PLACE_BUSY };
int ss_place_folder(const char *tmp, const char *out, int force,
                    int (*ours)(const char *dir, char *why, size_t size), char *why, size_t size);

/* Makes the folder path and any missing parents; 0, or -1 (errno set
 * when a mkdir failed) also when path exists and is not a folder. */
int ss_mkdir_p(const char *path);

/* The exit status when an output folder could not be made, from the errno
 * of the failure: 2 (bad input) when the path itself is wrong (a missing
 * or non-folder parent, a file in its place, a name too long), 1 when the
 * machine refused (permission, no room, a read-only disk). README, "Errors
 * and exit codes". */
int ss_mkdir_status(int err);

/* Makes a hidden temporary folder beside out, .NAME.partial-XXXXXX (with
 * the permissions the umask gives, not mkdtemp's private ones), in which
 * a command builds out before renaming it into place; returns its
 * path in new memory, or NULL with errno set and why the folder could not
 * be made in why (a missing parent is named). */
char *ss_temp_beside(const char *out, char *why, size_t size);

/* Starts writing fd's data from offset `from` to the end to the disk and
 * returns at once (sync_file_range): a hint that makes a later fsync of fd
 * wait less; errors are that fsync's to report. */
void ss_writeback(int fd, long long from);

/* Reads n bytes from fd, retrying after a signal; returns how many it got
 * (fewer at the end of the file or on an error). */
size_t ss_read_full(int fd, void *p, size_t n);

/* Writes n bytes to fd, retrying after a signal; 0, or -1 with errno set. */
int ss_write_full(int fd, const void *p, size_t n);

/* Writes dir/name through dir/.name.tmp, synced, then renamed into place,
 * so that the file is either the old one or all of the new one. SS_OK, or
 * SS_EIO with d naming the file and why. */
int ss_write_atomic(const char *dir, const char *name, const char *text, size_t len, ss_diag *d);

/* Opens an input file for reading in binary mode, like fopen(path, "rb"),
 * without blocking when path is a FIFO. A FIFO, device or socket is not
 * read: NULL with *special set to 1 (and 0 in every other case). A folder
 * is opened, as fopen would, so that callers can say what they expected. */
FILE *ss_open_input(const char *path, int *special);

/* Inputs kept as first read. While keeping is on, ss_open_kept reads a
 * regular file from a copy of its bytes taken at its first opening: a
 * sweep's runs each read the scenario, its bases and [links] tables
 * afresh (scenario_text.c and table.c open through it), and so read them
 * as they were when the sweep started, however they are edited, replaced
 * or briefly removed while it runs; children forked after read the same
 * copies. The copy is found by the file's folder and name, before the
 * file itself is looked at. A world folder is not kept (worldio.c turns
 * keeping off: a sweep loads its world once, before its workers fork).
 * With keeping off, ss_open_kept is ss_open_input. When a copy cannot be
 * kept (no memory), the file is read as it is, and a warning says so once.
 * ss_inputs_keep turns keeping on or off and returns what it was. One
 * thread at a time. */
int ss_inputs_keep(int on);
FILE *ss_open_kept(const char *path, int *special);
/* Drops the copy kept of path, a temporary file about to be removed (a
 * twin's scenario), so that neither its copy nor its name outlives it. */
void ss_inputs_forget(const char *path);

/* The first line of dir/name (newline kept) into buf, cut at size - 1
 * bytes; "" when the file is missing, empty or unreadable. */
void ss_first_line(const char *dir, const char *name, char *buf, size_t size);

/* Removes a folder and everything in it (a folder this program made, or a
 * run folder --force replaces); symbolic links are removed, not followed. */
void ss_remove_tree(const char *dir);

/* A command's output folder, in new memory: `given` (its --out) when not NULL,
 * else runs/ with the scenario file's name without its suffix, then suffix
 * ("runs/illustrative-sweep"). The folder runs/ is made if needed (an
 * --out in a missing folder is an error, as it may be a typo). NULL, said
 * on stderr, when runs/ cannot be made (an unwritable working folder) or
 * memory runs out: the command's exit status is then 1, as for an --out
 * that cannot be written. */
char *ss_out_folder(const char *given, const char *scenario, const char *suffix);

#endif
