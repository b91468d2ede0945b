/* A preloaded library for tests/cli_trust.sh: the first time the process
 * finds the path named by SS_TEST_MOVED_OUT with stat(), that path is
 * renamed to PATH.moved at once, as another run replacing the folder may
 * move it aside in the instant after a check saw it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int stat(const char *path, struct stat *st)
{
    static int done;
    int (*real)(const char *, struct stat *) =
        (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, "stat");
    int rc = real(path, st);
    const char *out = getenv("SS_TEST_MOVED_OUT");
    if (rc == 0 && !done && out && strcmp(path, out) == 0) {
        char moved[4096];
        snprintf(moved, sizeof moved, "%s.moved", out);
        done = rename(out, moved) == 0;
    }
    return rc;
}
