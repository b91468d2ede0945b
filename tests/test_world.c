/* The world's name indexes (model/world.c): ss_world_country and
 * ss_world_sector find what a linear search over the names finds, however
 * the names were set, replaced or repeated. */
#include "check.h"
#include "world.h"

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

int main(void)
{
    test_by_hand();
    test_random();
    return check_report();
}
