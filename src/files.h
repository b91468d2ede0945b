/* Paths and folders: joining a path, asking whether one exists, removing a
 * folder this program made. */
#ifndef SS_FILES_H
#define SS_FILES_H

/* "dir/name" in new memory (the caller frees it); NULL when memory runs out. */
char *ss_path_join(const char *dir, const char *name);

/* 1 when path exists. */
int ss_path_exists(const char *path);

/* Removes a folder and everything in it (a folder this program made, or a
 * run folder --force replaces); symbolic links are removed, not followed. */
void ss_remove_tree(const char *dir);

#endif
