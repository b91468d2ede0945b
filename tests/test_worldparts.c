/* A large trade.csv read in parts side by side (ss_world_read_threads,
 * src/worldio.h) gives the world read whole: the shipped world in 2, 3
 * and 8 parts; a world whose later parts meet its sectors in another
 * order than the file's first appearances; and a fault in a later part
 * (a bad value; the header repeated after a blank first line; a second
 * row for a flow of an earlier part) reported as read whole, with its
 * line. Small files count as large here,
 * and ss_world_read_parts says that the parts were read, not the careful
 * way that a failed fast way falls back on.
 * Runs from the repository root. */
#include "check.h"
#include "worldio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The same countries, sectors in the same order, and the same numbers,
 * bit for bit. */
static int same_world(const ss_world *a, const ss_world *b)
{
    if (!a || !b || a->n != b->n || a->k != b->k)
        return 0;
    int same = 1;
    for (size_t i = 0; i < a->n; i++)
        same &= strcmp(a->iso3[i], b->iso3[i]) == 0;
    for (size_t q = 0; q < a->k; q++)
        same &= strcmp(a->sector[q], b->sector[q]) == 0;
    return same && memcmp(a->x0, b->x0, a->n * a->n * a->k * sizeof *a->x0) == 0 &&
           memcmp(a->dist, b->dist, a->n * a->n * sizeof *a->dist) == 0;
}

static ss_world *load(const char *dir, int threads, ss_diag *d)
{
    ss_world_read_threads(threads, 0);
    ss_groups g = {0};
    ss_diag_clear(d);
    ss_world *w = ss_world_load(dir, &g, d);
    ss_groups_clear(&g);
    return w;
}

static void test_shipped(void)
{
    ss_diag d;
    ss_world *whole = load("scenarios/data/world-2019", 1, &d);
    CHECK(whole != NULL && whole->n == 60 && whole->k == 3 && ss_world_read_parts() == 1);
    static const int threads[] = {2, 3, 8};
    for (size_t t = 0; t < 3; t++) {
        ss_world *w = load("scenarios/data/world-2019", threads[t], &d);
        CHECK(same_world(whole, w) && ss_world_read_parts() == (size_t)threads[t]);
        ss_world_free(w);
    }
    ss_world_free(whole);
}

/* Four countries and three sectors: the first rows meet s1 and then s2,
 * the rest of s1 follows, then every s3 row before the rest of s2, so a
 * later part meets s3 first. bad_row > 0 writes a bad value on that row
 * of trade.csv (the header is row 1), or with `blank` the header again
 * there, after a blank first line. */
static void write_world(const char *dir, int bad_row, int blank)
{
    char path[512];
    snprintf(path, sizeof path, "%s/countries.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("iso3,name,lat,lon\nAAA,A,10,20\nBBB,B,-30,40.5\nCCC,C,55,-3\nDDD,D,0,100\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/trade.csv", dir);
    f = fopen(path, "w");
    fputs(blank ? "\nexporter,importer,sector,value_usd_mn\n"
                : "exporter,importer,sector,value_usd_mn\n",
          f);
    static const char *const code[] = {"AAA", "BBB", "CCC", "DDD"};
    int row = 1;
    for (int part = 0; part < 4; part++)
        for (int s = 1; s <= 3; s++)
            for (int ij = 0; ij < 16; ij++) {
                /* part 0: (AAA, AAA) in s1 and s2; 1: the rest of s1;
                 * 2: s3; 3: the rest of s2. */
                const int first = ij == 0 && s < 3;
                const int here = part == 0   ? first
                                 : part == 1 ? s == 1 && !first
                                 : part == 2 ? s == 3
                                             : s == 2 && !first;
                if (!here)
                    continue;
                if (++row == bad_row && blank)
                    fputs("exporter,importer,sector,value_usd_mn\n", f);
                if (row == bad_row && !blank)
                    fprintf(f, "%s,%s,s%d,lots\n", code[ij / 4], code[ij % 4], s);
                else
                    fprintf(f, "%s,%s,s%d,%.4f\n", code[ij / 4], code[ij % 4], s,
                            1.5 + 0.37 * ij + 11.25 * s);
            }
    fclose(f);
}

static void test_sector_order(void)
{
    char dir[] = "/tmp/sanctsim-test-worldparts-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    write_world(dir, 0, 0);
    ss_diag d;
    ss_world *whole = load(dir, 1, &d);
    CHECK(whole != NULL && whole->k == 3 && strcmp(whole->sector[1], "s2") == 0 &&
          strcmp(whole->sector[2], "s3") == 0);
    for (int threads = 2; threads <= 5; threads++) {
        ss_world *w = load(dir, threads, &d);
        CHECK(same_world(whole, w) && ss_world_read_parts() == (size_t)threads);
        ss_world_free(w);
    }
    /* A quoted header is not cut into parts, but still read the fast way,
     * whole. */
    char path[512];
    snprintf(path, sizeof path, "%s/trade.csv", dir);
    FILE *f = fopen(path, "r");
    char *text = calloc(1 << 16, 1);
    const size_t len = fread(text, 1, (1 << 16) - 1, f);
    fclose(f);
    f = fopen(path, "w");
    fprintf(f, "\"exporter\"%s", text + strlen("exporter"));
    fclose(f);
    free(text);
    CHECK(len > 500 && len < (1 << 16) - 1);
    ss_world *w = load(dir, 3, &d);
    CHECK(same_world(whole, w) && ss_world_read_parts() == 1);
    ss_world_free(w);
    ss_world_free(whole);
    /* A bad value near the end, and the header again after a blank first
     * line (which a part would take for its header): the same message and
     * line either way. */
    for (int blank = 0; blank <= 1; blank++) {
        write_world(dir, 45, blank);
        ss_diag one, two;
        ss_world *w1 = load(dir, 1, &one), *w2 = load(dir, 3, &two);
        CHECK(w1 == NULL && w2 == NULL && ss_world_read_parts() == 0);
        CHECK(one.line == 45 + blank && two.line == one.line && strcmp(one.msg, two.msg) == 0);
    }
    /* A second row, in the last part, for a flow of the first part's (in a
     * sector that part met second): the same message and line either way. */
    write_world(dir, 0, 0);
    snprintf(path, sizeof path, "%s/trade.csv", dir);
    f = fopen(path, "a");
    fputs("AAA,AAA,s2,7.5\n", f);
    fclose(f);
    ss_diag one, two;
    ss_world *w1 = load(dir, 1, &one), *w2 = load(dir, 3, &two);
    CHECK(w1 == NULL && w2 == NULL && ss_world_read_parts() == 0);
    CHECK(one.line == 50 && two.line == one.line && strcmp(one.msg, two.msg) == 0 &&
          strstr(one.msg, "a second row for AAA -> AAA in sector s2 (first at line 3)") != NULL);
    snprintf(path, sizeof path, "%s/countries.csv", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/trade.csv", dir);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    test_shipped();
    test_sector_order();
    ss_world_read_threads(1, SS_WORLD_PARTS_FROM);
    return check_report();
}
