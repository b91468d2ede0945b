/* libFuzzer target: the world loader. The first byte of the input chooses
 * the file it replaces (countries.csv, trade.csv, distances.csv or
 * groups.csv); the rest is that file's content. The other files are those
 * of scenarios/data/illustrative. A world that loads must satisfy the
 * invariant of worldio.h: every flow finite and non-negative. */
#include "fuzz.h"
#include "worldio.h"

#include <math.h>

static const char *const files[] = {"countries.csv", "trade.csv", "distances.csv", "groups.csv"};
#define NFILES (sizeof files / sizeof files[0])
#define ILLUSTRATIVE SS_FUZZ_ROOT "/scenarios/data/illustrative"

static char world_dir[512];
static int replaced = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Puts the illustrative file back (distances.csv: none). */
static void restore(size_t which)
{
    char to[768];
    snprintf(to, sizeof to, "%s/%s", world_dir, files[which]);
    if (which == 2) {
        remove(to);
        return;
    }
    fuzz_copy(which == 0   ? ILLUSTRATIVE "/countries.csv"
              : which == 1 ? ILLUSTRATIVE "/trade.csv"
                           : ILLUSTRATIVE "/groups.csv",
              to);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_path(world_dir, sizeof world_dir, "world");
    if (mkdir(world_dir, 0700) != 0)
        fuzz_die("mkdir");
    for (size_t i = 0; i < NFILES; i++)
        restore(i);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t which = data[0] % NFILES;
    if (replaced >= 0 && (size_t)replaced != which)
        restore((size_t)replaced);
    char path[768];
    snprintf(path, sizeof path, "%s/%s", world_dir, files[which]);
    fuzz_write(path, data + 1, size - 1);
    replaced = (int)which;

    ss_groups groups = {0};
    ss_diag d;
    ss_diag_clear(&d);
    ss_world *w = ss_world_load(world_dir, &groups, &d);
    if (!w) {
        if (!d.msg[0] || (!d.file[0] && !strstr(d.msg, "out of memory")))
            abort(); /* every refusal names its file and says why */
    } else {
        for (size_t i = 0; i < w->n * w->n * w->k; i++)
            if (!(w->x0[i] >= 0 && w->x0[i] < INFINITY))
                abort();
        ss_diag_clear(&d);
        if (ss_world_fill_distances(w, &d) == SS_OK)
            for (size_t i = 0; i < w->n * w->n; i++)
                if (!(w->dist[i] >= 0 && w->dist[i] < INFINITY))
                    abort();
        ss_world_free(w);
    }
    ss_groups_clear(&groups);
    return 0;
}
