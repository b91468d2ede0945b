/* Paths and folders: joining a path, asking whether one exists, renaming
 * without replacing, opening an input file without blocking, removing a
 * folder this program made. */
#ifndef SS_FILES_H
#define SS_FILES_H

#include <stdio.h>

/* "dir/name" in new memory (the caller frees it); NULL when memory runs out. */
char *ss_path_join(const char *dir, const char *name);

/* 1 when path exists. */
int ss_path_exists(const char *path);

/* Renames from to to, only if nothing is at to (atomically where the file
 * system can); -1 with errno EEXIST when something is. */
int ss_rename_noreplace(const char *from, const char *to);

/* Opens an input file for reading in binary mode, like fopen(path, "rb"),
 * without blocking when path is a FIFO. A FIFO, device or socket is not
 * read: NULL with *special set to 1 (and 0 in every other case). A folder
 * is opened, as fopen would, so that callers can say what they expected. */
FILE *ss_open_input(const char *path, int *special);

/* Removes a folder and everything in it (a folder this program made, or a
 * run folder --force replaces); symbolic links are removed, not followed. */
void ss_remove_tree(const char *dir);

#endif
