/* The world's name indexes (model/world.c): ss_world_country and
 * ss_world_sector find what a linear search over the names finds, however
 * the names were set, replaced or repeated, or sorted at once. And
 * ss_world_fill_distances, which computes each pair once: every distance
 * it fills is the formula's own value in that direction. */
#include "check.h"
#include "world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What the lookup must return: the first index with that name, or -1. */
static long linear(char *const *names, size_t len, const char *key)
{
    for (size_t i = 0; i < len; i++)
        if (names[i] && strcmp(names[i], key) == 0)
            return (long)i;
    return -1;
}

static void test_by_hand(void)
{
    ss_world *w = ss_world_alloc(4, 2);
    CHECK(w != NULL);
    CHECK(ss_world_country(w, "RUS") == -1); /* nothing set yet */
    CHECK(ss_world_set_country(w, 2, "RUS", "Russia") == SS_OK);
    CHECK(ss_world_set_country(w, 0, "KAZ", NULL) == SS_OK);
    CHECK(ss_world_country(w, "RUS") == 2);
    CHECK(ss_world_country(w, "KAZ") == 0);
    CHECK(strcmp(w->name[0], "KAZ") == 0);
    CHECK(ss_world_country(w, "ARM") == -1);
    CHECK(ss_world_country(w, "") == -1);
    /* A repeated code finds its first country, whatever the order set. */
    CHECK(ss_world_set_country(w, 3, "KAZ", NULL) == SS_OK);
    CHECK(ss_world_country(w, "KAZ") == 0);
    CHECK(ss_world_set_country(w, 1, "KAZ", NULL) == SS_OK);
    CHECK(ss_world_country(w, "KAZ") == 0);
    /* Replacing a code moves the country. */
    CHECK(ss_world_set_country(w, 0, "ARM", NULL) == SS_OK);
    CHECK(ss_world_country(w, "KAZ") == 1);
    CHECK(ss_world_country(w, "ARM") == 0);
    CHECK(w->by_iso3.len == 4);
    CHECK(ss_world_set_country(w, 4, "TUR", NULL) == SS_EINVAL);
    CHECK(ss_world_set_sector(w, 1, "energy") == SS_OK);
    CHECK(ss_world_sector(w, "energy") == 1);
    CHECK(ss_world_sector(w, "goods") == -1);
    CHECK(ss_world_set_sector(w, 0, "goods") == SS_OK);
    CHECK(ss_world_set_sector(w, 1, "arms") == SS_OK);
    CHECK(ss_world_sector(w, "energy") == -1);
    CHECK(ss_world_sector(w, "arms") == 1 && ss_world_sector(w, "goods") == 0);
    CHECK(ss_world_set_sector(w, 2, "x") == SS_EINVAL);
    ss_world_free(w);
}

/* Random codes from a small alphabet (so that many repeat), set and
 * replaced in random order, against the linear search after every change. */
static void test_random(void)
{
    const size_t n = 300;
    ss_world *w = ss_world_alloc(n, 1);
    CHECK(w != NULL);
    srand(16);
    int agree = 1;
    char code[4] = {0};
    for (int round = 0; round < 3000; round++) {
        size_t i = (size_t)rand() % n;
        for (int c = 0; c < 3; c++)
            code[c] = (char)('A' + rand() % 6);
        agree &= ss_world_set_country(w, i, code, NULL) == SS_OK;
        for (int c = 0; c < 3; c++)
            code[c] = (char)('A' + rand() % 6);
        agree &= ss_world_country(w, code) == linear(w->iso3, n, code);
        agree &= ss_world_country(w, w->iso3[i]) == linear(w->iso3, n, w->iso3[i]);
    }
    CHECK(agree);
    /* Every entry is in order, and every country set is there once. */
    int sorted = 1;
    for (size_t e = 1; e < w->by_iso3.len; e++) {
        size_t a = w->by_iso3.at[e - 1], b = w->by_iso3.at[e];
        int c = strcmp(w->iso3[a], w->iso3[b]);
        sorted &= c < 0 || (c == 0 && a < b);
    }
    CHECK(sorted);
    size_t set = 0;
    for (size_t i = 0; i < n; i++)
        set += w->iso3[i] != NULL;
    CHECK(w->by_iso3.len == set);
    ss_world_free(w);
}

/* An index sorted at once (ss_name_index_sort) equals the one kept name
 * by name, and ss_name_find on it finds what a linear search finds, the
 * first of repeated names included. */
static void test_sorted_at_once(void)
{
    enum { N = 500 };
    static char text[N][4];
    char *names[N];
    size_t at[N];
    srand(23);
    for (size_t i = 0; i < N; i++) {
        for (int c = 0; c < 3; c++)
            text[i][c] = (char)('A' + rand() % 5); /* 125 codes: many repeated */
        names[i] = text[i];
    }
    ss_name_index x = {0, at};
    ss_name_index_sort(&x, names, N);
    ss_world *w = ss_world_alloc(N, 1);
    int same = w != NULL && x.len == N;
    for (size_t i = 0; same && i < N; i++)
        same &= ss_world_set_country(w, i, names[i], NULL) == SS_OK;
    for (size_t e = 0; same && e < N; e++)
        same &= x.at[e] == w->by_iso3.at[e];
    CHECK(same);
    int found = 1;
    char key[4] = {0};
    for (int round = 0; round < 2000; round++) {
        for (int c = 0; c < 3; c++)
            key[c] = (char)('A' + rand() % 6); /* F: never there */
        found &= ss_name_find(&x, names, key) == linear(names, N, key);
    }
    CHECK(found);
    ss_world_free(w);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * rand() / RAND_MAX;
}

/* Random coordinates (some rounded to hundredths, as a world file gives
 * them), a few distances given in one direction or both: every filled
 * distance is ss_great_circle_km in its own direction, bit for bit, and
 * the given ones stay. */
static void test_distances(void)
{
    const size_t n = 120;
    ss_world *w = ss_world_alloc(n, 1);
    CHECK(w != NULL);
    srand(7);
    for (size_t i = 0; i < n; i++) {
        w->lat[i] = uniform(-90, 90);
        w->lon[i] = uniform(-180, 180);
        if (i % 3 == 0) {
            w->lat[i] = round(w->lat[i] * 100) / 100;
            w->lon[i] = round(w->lon[i] * 100) / 100;
        }
    }
    w->dist[2 * n + 5] = 1234.5;                  /* one direction */
    w->dist[7 * n + 3] = w->dist[3 * n + 7] = 99; /* both */
    CHECK(ss_world_fill_distances(w, NULL) == SS_OK);
    size_t same = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            const double d = w->dist[i * n + j];
            if (i == j)
                same += d == 0;
            else if ((i == 2 && j == 5) || (i == 7 && j == 3) || (i == 3 && j == 7))
                same += d == (i == 2 ? 1234.5 : 99);
            else
                same += d == ss_great_circle_km(w->lat[i], w->lon[i], w->lat[j], w->lon[j]);
        }
    CHECK(same == n * n);
    CHECK(w->dist[5 * n + 2] == ss_great_circle_km(w->lat[5], w->lon[5], w->lat[2], w->lon[2]));
    ss_world_free(w);

    /* A country without coordinates: the first pair that needs it, in
     * row order, is named; given distances let the others through. */
    w = ss_world_alloc(3, 1);
    CHECK(w != NULL);
    const char *code[3] = {"AAA", "BBB", "CCC"};
    for (size_t i = 0; i < 3; i++) {
        CHECK(ss_world_set_country(w, i, code[i], NULL) == SS_OK);
        w->lat[i] = 10.0 * (double)i;
        w->lon[i] = 20.0 * (double)i;
    }
    w->lat[2] = NAN;
    w->dist[0 * 3 + 2] = 500;
    ss_diag d;
    CHECK(ss_world_fill_distances(w, &d) == SS_EINVAL);
    CHECK(strstr(d.msg, "from BBB to CCC") != NULL);
    w->dist[1 * 3 + 2] = 400;
    CHECK(ss_world_fill_distances(w, &d) == SS_EINVAL);
    CHECK(strstr(d.msg, "from CCC to AAA") != NULL);
    w->dist[2 * 3 + 0] = 500;
    w->dist[2 * 3 + 1] = 400;
    CHECK(ss_world_fill_distances(w, &d) == SS_OK);
    CHECK(w->dist[0 * 3 + 1] == ss_great_circle_km(0, 0, 10, 20) && w->dist[2 * 3 + 2] == 0);
    ss_world_free(w);
}

int main(void)
{
    test_by_hand();
    test_random();
    test_sorted_at_once();
    test_distances();
    return check_report();
}
