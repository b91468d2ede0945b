/* Shared helpers of the libFuzzer targets: a private temporary folder on
 * tmpfs (so that the run folder's fsync costs nothing), writing an input to
 * a file, and removing what a target made. SS_FUZZ_ROOT is the absolute
 * path of the repository, set by tests/fuzz/build.sh. */
#ifndef SS_FUZZ_H
#define SS_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SS_FUZZ_ROOT
#error "build with -DSS_FUZZ_ROOT=\"/abs/path/to/repo\" (tests/fuzz/build.sh does)"
#endif

static char fuzz_dir[256];

static inline void fuzz_die(const char *what)
{
    fprintf(stderr, "fuzz setup: %s: %s\n", what, strerror(errno));
    abort();
}

/* A fresh private folder, removed at exit. */
static inline int fuzz_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void fuzz_rm_tree(const char *path)
{
    nftw(path, fuzz_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_dir[0])
        fuzz_rm_tree(fuzz_dir);
}

static inline const char *fuzz_tmpdir(void)
{
    if (!fuzz_dir[0]) {
        struct stat st;
        const char *base = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/sanctsim-fuzz.XXXXXX", base);
        if (!mkdtemp(fuzz_dir))
            fuzz_die("mkdtemp");
        atexit(fuzz_cleanup);
    }
    return fuzz_dir;
}

static inline void fuzz_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", fuzz_tmpdir(), name);
}

static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fuzz_die(path);
    if (size && fwrite(data, 1, size, f) != size)
        fuzz_die(path);
    if (fclose(f) != 0)
        fuzz_die(path);
}

static inline void fuzz_copy(const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (!f)
        fuzz_die(from);
    static uint8_t buf[1 << 20];
    size_t got = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fuzz_write(to, buf, got);
}

/* Sends the program's stdout to /dev/null (check prints its summary). */
static inline void fuzz_quiet_stdout(void)
{
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
        fflush(stdout);
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
}

#endif
