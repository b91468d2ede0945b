/* A preloaded library for tests/cli_trust.sh: after every rename that moves
 * something to a name ending in ".old" (how `--force` moves the folder it
 * replaces aside), the process sleeps 0.3 s, so that a second run can place
 * its folder in between, as it could by chance on a busy machine. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void pause_after(const char *to)
{
    size_t len = strlen(to);
    if (len > 4 && strcmp(to + len - 4, ".old") == 0)
        usleep(300000);
}

int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *) =
        (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    int rc = real(from, to);
    if (rc == 0)
        pause_after(to);
    return rc;
}

int renameat2(int fromdir, const char *from, int todir, const char *to, unsigned int flags)
{
    int (*real)(int, const char *, int, const char *, unsigned int) =
        (int (*)(int, const char *, int, const char *, unsigned int))dlsym(RTLD_NEXT, "renameat2");
    int rc = real(fromdir, from, todir, to, flags);
    if (rc == 0)
        pause_after(to);
    return rc;
}
