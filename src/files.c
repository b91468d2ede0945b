/* Paths, folders and whole files. */
#include "files.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Renames from to to, only if nothing is at to (atomically where the file
 * system can); -1 with errno EEXIST when something is. */
static int rename_noreplace(const char *from, const char *to);

char *ss_path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", dir, name);
    return p;
}

int ss_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

const char *const ss_folder_name[] = {"run", "equilibrium", "calibration"};
const char *const ss_folder_command[] = {"run", "equilibrium", "calibrate"};

/* 1 when dir holds the regular file name. */
static int has_file(const char *dir, const char *name)
{
    char *path = ss_path_join(dir, name);
    struct stat st;
    int yes = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return yes;
}

ss_folder_kind ss_folder_kind_of(const char *dir)
{
    if (has_file(dir, "fit.csv"))
        return SS_FOLDER_CALIBRATION;
    if (has_file(dir, "equilibrium-solver.csv") || has_file(dir, "equilibrium-solver.csv.gz"))
        return SS_FOLDER_EQUILIBRIUM;
    return SS_FOLDER_RUN;
}

int ss_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ss_same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* ours(dir), but never for a symbolic link: --force replaced a link to a
 * run folder with a folder of its own, and the folder it led to kept the
 * old run (a hunt). */
static int ours_not_link(const char *dir, int (*ours)(const char *dir, char *why, size_t size),
                         char *why, size_t size)
{
    struct stat st;
    if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
        snprintf(why, size, "it is a symbolic link: give the folder it leads to");
        return 0;
    }
    return ours(dir, why, size);
}

int ss_out_state(const char *out, int (*ours)(const char *dir, char *why, size_t size), char *why,
                 size_t size)
{
    for (int tries = 0;; tries++) {
        struct stat before, after;
        if (lstat(out, &before) == 0 && S_ISLNK(before.st_mode))
            return SS_OUT_LINK;
        if (stat(out, &before) != 0)
            return lstat(out, &before) == 0 ? SS_OUT_FILE : SS_OUT_FREE;
        if (!S_ISDIR(before.st_mode))
            return SS_OUT_FILE;
        if (ours(out, why, size))
            return SS_OUT_OURS;
        /* The same folder, not moved meanwhile (a rename sets its ctime). */
        if (tries == 100 ||
            (stat(out, &after) == 0 && after.st_dev == before.st_dev &&
             after.st_ino == before.st_ino && after.st_ctim.tv_sec == before.st_ctim.tv_sec &&
             after.st_ctim.tv_nsec == before.st_ctim.tv_nsec))
            return SS_OUT_OTHER;
    }
}

int ss_out_refusal(int there, int force, const char *kind, const char *why, char *msg, size_t size)
{
    if (there == SS_OUT_FILE)
        snprintf(msg, size, "exists and is not a folder: choose another --out");
    else if (there == SS_OUT_LINK)
        snprintf(msg, size,
                 "is a symbolic link, which sanctsim never replaces: give the folder it leads "
                 "to, or choose another --out");
    else if (there != SS_OUT_FREE && !force)
        snprintf(msg, size,
                 "the output folder exists already: choose another --out, or add --force to "
                 "replace it");
    else if (there == SS_OUT_OTHER)
        snprintf(msg, size,
                 "exists and is not a sanctsim %s folder (%s): --force replaces only %s folders",
                 kind, why, kind);
    else
        return 0;
    return 2;
}

/* A copy of out whose parent folder is resolved (realpath) when its path
 * holds "..": a path through the folder and back (r/../r) leads nowhere
 * once --force has moved r aside, and the new folder was left hidden
 * beside it (a reliability hunt). A folder named "." or ".." (--out .
 * inside a run folder) is resolved whole, so that it is placed by its own
 * name (it failed, busy, after the whole run: a hunt). NULL when memory
 * runs out. */
static char *steady_path(const char *out)
{
    char *c1 = strdup(out), *c2 = strdup(out), real[PATH_MAX], *path = NULL;
    if (c1 && c2) {
        const char *parent = dirname(c1), *base = basename(c2);
        if ((strcmp(base, ".") == 0 || strcmp(base, "..") == 0) && realpath(out, real))
            path = strdup(real);
        else if (strstr(parent, "..") && realpath(parent, real))
            path = ss_path_join(real, base);
        else
            path = strdup(out);
    }
    free(c1);
    free(c2);
    return path;
}

/* Gives back the folder that was moved aside, when nothing took its place
 * meanwhile; says where it is otherwise. */
static void put_back(const char *aside, const char *out)
{
    if (rename_noreplace(aside, out) != 0)
        ss_errorf("%s: what was there is now %s, as %s appeared meanwhile", out, aside, out);
}

/* Moves what is at out to aside and keeps it there (*held = 1) when ours()
 * accepts it; puts it back otherwise. Nothing there any more is no error. */
static int move_aside(const char *out, const char *aside,
                      int (*ours)(const char *dir, char *why, size_t size), char *why,
                      size_t size, int *held)
{
    *held = 0;
    if (rename_noreplace(out, aside) != 0)
        return errno == ENOENT ? SS_PLACED : SS_PLACE_FAILED;
    if (ours_not_link(aside, ours, why, size)) {
        *held = 1;
        return SS_PLACED;
    }
    put_back(aside, out);
    return SS_PLACE_NOT_OURS;
}

int ss_place_folder(const char *tmp, const char *given, int force,
                    int (*ours)(const char *dir, char *why, size_t size), char *why, size_t size)
{
    size_t len = strlen(tmp) + 8;
    char *aside = malloc(len), *out = steady_path(given);
    if (!aside || !out) {
        free(aside);
        free(out);
        errno = ENOMEM;
        return SS_PLACE_FAILED;
    }
    snprintf(aside, len, "%s.old", tmp);
    int held = 0, rc = SS_PLACED; /* held: aside holds a folder ours() accepted */
    for (int tries = 0; rename_noreplace(tmp, out) != 0; tries++) {
        if (errno != EEXIST && errno != ENOTEMPTY)
            rc = SS_PLACE_FAILED;
        else if (!force)
            rc = SS_PLACE_APPEARED;
        else if (tries == 100)
            rc = SS_PLACE_BUSY;
        if (rc)
            break;
        if (held)
            ss_remove_tree(aside); /* a folder that is replaced twice */
        if ((rc = move_aside(out, aside, ours, why, size, &held)))
            break;
    }
    const int err = errno;
    if (held && rc)
        put_back(aside, out);
    else if (held)
        ss_remove_tree(aside);
    free(aside);
    free(out);
    errno = err;
    return rc;
}

int ss_mkdir_status(int err)
{
    return err == ENOENT || err == ENOTDIR || err == EEXIST || err == ENAMETOOLONG ? 2 : 1;
}

int ss_mkdir_p(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *c = copy + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *c = '/';
    }
    int rc = mkdir(copy, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(copy);
    return rc || !ss_is_dir(path) ? -1 : 0;
}

void ss_writeback(int fd, long long from)
{
    (void)sync_file_range(fd, (off_t)from, 0, SYNC_FILE_RANGE_WRITE);
}

/* Syncs a folder, so that a rename in it survives a power cut; 0 or -1. */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

size_t ss_read_full(int fd, void *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

int ss_write_full(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t r = write(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

int ss_write_atomic(const char *dir, const char *name, const char *text, size_t len, ss_diag *d)
{
    char tmpname[256];
    snprintf(tmpname, sizeof tmpname, ".%s.tmp", name);
    char *tmp = ss_path_join(dir, tmpname), *final = ss_path_join(dir, name);
    int fd = tmp ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666) : -1;
    int failed = fd < 0 || ss_write_full(fd, text, len) != 0 || fsync(fd) != 0;
    if (fd >= 0 && close(fd) != 0)
        failed = 1;
    if (!failed && rename(tmp, final) != 0)
        failed = 1;
    int rc = SS_OK;
    if (failed) {
        int saved = errno;
        if (tmp)
            unlink(tmp);
        rc = ss_diag_set(d, SS_EIO, "cannot write: %s", strerror(saved));
        if (d)
            snprintf(d->file, sizeof d->file, "%s", final ? final : name);
    } else {
        fsync_dir(dir);
    }
    free(tmp);
    free(final);
    return rc;
}

static int rename_noreplace(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* A file system without the flag: check, then rename. A folder renamed
     * onto a folder replaces it only when that one is empty. */
    struct stat st;
    if (lstat(to, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(from, to);
}

/* ---- inputs kept as first read (ss_inputs_keep) ------------------------- */

typedef struct kept_file {
    char *key;  /* kept_key of its path */
    char *data; /* its bytes as first read */
    size_t size;
} kept_file;

static kept_file *kept;
static size_t n_kept;
static int keeping, warned;

int ss_inputs_keep(int on)
{
    const int was = keeping;
    keeping = on;
    return was;
}

/* A kept file's key: the real path of its folder and its own name (a
 * symbolic link in the last place is not followed, and the file need not
 * be there); NULL when the folder is not found or memory runs out. */
static char *kept_key(const char *path)
{
    char *c1 = strdup(path), *c2 = strdup(path);
    char *dir = c1 ? realpath(dirname(c1), NULL) : NULL;
    char *key = dir && c2 ? ss_path_join(dir, basename(c2)) : NULL;
    free(dir);
    free(c1);
    free(c2);
    return key;
}

static kept_file *kept_find(const char *key)
{
    for (size_t i = 0; key && i < n_kept; i++)
        if (strcmp(kept[i].key, key) == 0)
            return &kept[i];
    return NULL;
}

/* Reads f (of about `expect` bytes) to its end into a new kept file under
 * key (taken); NULL when reading fails or memory runs out. */
static kept_file *keep_file(char *key, FILE *f, size_t expect)
{
    kept_file *grown = realloc(kept, (n_kept + 1) * sizeof *kept);
    char *data = NULL;
    size_t size = 0, cap = 0;
    int ok = grown != NULL;
    if (grown)
        kept = grown;
    while (ok) {
        if (size == cap) { /* its size and a byte to see the end; more if it grew */
            char *more = realloc(data, cap = cap ? 2 * cap : expect + 1);
            if (!(ok = more != NULL))
                break;
            data = more;
        }
        size_t got = fread(data + size, 1, cap - size, f);
        size += got;
        if (got == 0)
            break;
    }
    if (!ok || ferror(f)) {
        free(data);
        free(key);
        return NULL;
    }
    kept[n_kept] = (kept_file){key, data, size};
    return &kept[n_kept++];
}

/* A stream of its own on a kept file's bytes (a memory file: a real
 * descriptor, which gzip and fstat need); NULL on failure. */
static FILE *kept_stream(const kept_file *k)
{
    int fd = memfd_create("sanctsim-input", MFD_CLOEXEC);
    size_t done = 0;
    while (fd >= 0 && done < k->size) {
        ssize_t w = write(fd, k->data + done, k->size - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    FILE *f = fd >= 0 && done == k->size && lseek(fd, 0, SEEK_SET) == 0 ? fdopen(fd, "rb") : NULL;
    if (!f && fd >= 0)
        close(fd);
    return f;
}

FILE *ss_open_kept(const char *path, int *special)
{
    if (!keeping)
        return ss_open_input(path, special);
    *special = 0;
    char *key = kept_key(path);
    kept_file *k = kept_find(key);
    if (!k) {
        FILE *f = ss_open_input(path, special);
        struct stat st;
        if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
            free(key); /* a folder is opened as it is, for its caller's message */
            return f;
        }
        k = key ? keep_file(key, f, (size_t)st.st_size) : NULL;
        fclose(f);
        key = NULL;
    }
    free(key);
    FILE *copy = k ? kept_stream(k) : NULL;
    if (!copy && !warned++)
        ss_errorf("warning: %s: cannot keep a copy in memory: a change to it while this command "
                  "runs would reach its later runs",
                  path);
    return copy ? copy : ss_open_input(path, special);
}

void ss_inputs_forget(const char *path)
{
    char *key = kept_key(path);
    kept_file *k = kept_find(key);
    if (k) {
        free(k->key);
        free(k->data);
        *k = kept[--n_kept];
    }
    free(key);
}

FILE *ss_open_input(const char *path, int *special)
{
    *special = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
        *special = 1;
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    FILE *f = flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 ? fdopen(fd, "rb") : NULL;
    if (!f)
        close(fd);
    return f;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void ss_remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *ss_out_folder(const char *given, const char *scenario, const char *suffix)
{
    if (given) {
        char *out = strdup(given);
        if (!out)
            ss_errorf("out of memory");
        return out;
    }
    if (mkdir("runs", 0777) != 0 && errno != EEXIST) {
        ss_errorf("runs: cannot create the folder for the output here: %s; give a folder you can "
                  "write to with --out",
                  strerror(errno));
        return NULL;
    }
    const char *base = strrchr(scenario, '/') ? strrchr(scenario, '/') + 1 : scenario;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    size_t size = (size_t)len + strlen(suffix) + 8;
    char *out = malloc(size);
    if (out)
        snprintf(out, size, "runs/%.*s%s", len, base, suffix);
    else
        ss_errorf("out of memory");
    return out;
}

void ss_first_line(const char *dir, const char *name, char *buf, size_t size)
{
    char *path = ss_path_join(dir, name);
    int special;
    FILE *f = path ? ss_open_input(path, &special) : NULL;
    if (!f || !fgets(buf, (int)size, f))
        buf[0] = '\0';
    if (f)
        fclose(f);
    free(path);
}

char *ss_temp_beside(const char *given, char *why, size_t size)
{
    char *out = steady_path(given);
    char *c1 = out ? strdup(out) : NULL, *c2 = out ? strdup(out) : NULL;
    size_t len = out ? strlen(out) + 32 : 0;
    char *tmp = c1 && c2 ? malloc(len) : NULL;
    /* The folder is made as .NAME.partial-XXXXXX, and one it replaces is
     * moved to that name and .old: 20 bytes more than NAME, which must fit
     * a file name (a hunt's name of 236 bytes was written once, and then
     * every --force ran the whole run before it failed). */
    const size_t name = c2 ? strlen(basename(c2)) : 0, most = NAME_MAX - 20;
    if (tmp)
        snprintf(tmp, len, "%s/.%s.partial-XXXXXX", dirname(c1), basename(c2));
    free(c1);
    free(c2);
    free(out);
    if (!tmp) {
        snprintf(why, size, "out of memory");
        errno = ENOMEM;
        return NULL;
    }
    if (name > most) {
        snprintf(why, size,
                 "its name has %zu bytes, more than the %zu that leave room for the hidden "
                 "names sanctsim places it through (.NAME.partial-XXXXXX.old): choose a "
                 "shorter one",
                 name, most);
        free(tmp);
        errno = ENAMETOOLONG;
        return NULL;
    }
    if (mkdtemp(tmp)) {
        /* mkdtemp makes a private folder; sanctsim's follow the umask. */
        mode_t mask = umask(0);
        umask(mask);
        chmod(tmp, 0777 & ~mask);
        return tmp;
    }
    const int err = errno;
    struct stat st;
    *strrchr(tmp, '/') = '\0'; /* out's parent */
    if ((err == ENOENT || err == ENOTDIR) && (stat(tmp, &st) != 0 || !S_ISDIR(st.st_mode)))
        snprintf(why, size, "its parent folder %s does not exist (or is not a folder)", tmp);
    else
        snprintf(why, size, "%s", strerror(err));
    free(tmp);
    errno = err;
    return NULL;
}
