/* Unit tests for the blocks of model/dense.c (ss_dense_block): aligned to
 * 2 MiB, zeroed whole when new and again, as far as asked, when a kept
 * block is reused; a block too small for the next is not reused, nor a
 * large one kept; and a small simulation's arrays lie inside its block,
 * apart, a large one's each on its own. */
#include "check.h"
#include "dense.h"
#include "fixture.h"
#include "sim_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void test_new_and_reused(void)
{
    const size_t bytes = 3 << 20;
    unsigned char *a = ss_dense_block(bytes);
    CHECK(a && (uintptr_t)a % (2 << 20) == 0);
    CHECK(a && all_zero(a, bytes));
    if (!a)
        return;
    memset(a, 0xAB, bytes);
    ss_dense_block_free(a);
    /* A smaller block that needs half of the one kept or more: the same
     * pages, zeroed as far as asked. */
    unsigned char *b = ss_dense_block(bytes / 2);
    CHECK(b == a);
    CHECK(b && all_zero(b, bytes / 2));
    /* While b is in use nothing is kept: another block is new. */
    unsigned char *c = ss_dense_block(100);
    CHECK(c && c != b && all_zero(c, 100));
    ss_dense_block_free(c);
    ss_dense_block_free(b); /* kept in place of c, which is freed */
    /* Too large for the block kept, or too small for it: new ones. */
    unsigned char *d = ss_dense_block(8 << 20);
    CHECK(d && d != b && all_zero(d, 8 << 20));
    unsigned char *e = ss_dense_block(100);
    CHECK(e && e != b);
    ss_dense_block_free(d); /* kept in place of b */
    ss_dense_block_free(e); /* kept in place of d */
}

/* A large block is not kept, nor does a large request take the one kept,
 * even when it would fit in its room. */
static void test_large_not_kept(void)
{
    unsigned char *small = ss_dense_block(1 << 20);
    ss_dense_block_free(small); /* kept */
    unsigned char *large = ss_dense_block(40 << 20);
    CHECK(large && (uintptr_t)large % (2 << 20) == 0 && all_zero(large, 40 << 20));
    ss_dense_block_free(large); /* freed, and the small one still kept */
    unsigned char *again = ss_dense_block(1 << 20);
    CHECK(again == small);
    CHECK(again && all_zero(again, 1 << 20));
    ss_dense_block_free(again);
    unsigned char *full = ss_dense_block(SS_DENSE_SMALL_BLOCK);
    ss_dense_block_free(full); /* kept: small, with room for 33 MiB */
    unsigned char *over = ss_dense_block(SS_DENSE_SMALL_BLOCK + (1 << 20));
    CHECK(full && over && over != full);
    ss_dense_block_free(over);
    unsigned char *fits = ss_dense_block(SS_DENSE_SMALL_BLOCK);
    CHECK(fits == full);
    ss_dense_block_free(fits);
}

/* A simulation of n countries and k sectors (a fixture world, 3 months),
 * handed to check, then freed. */
static void with_sim(size_t n, size_t k, void (*check)(const ss_sim *))
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    ss_world *w = rng ? fixture_world(n, k, rng) : NULL;
    ss_config *c = w ? ss_config_alloc(n, k, 3) : NULL;
    ss_sim *s = c ? ss_sim_alloc(w, c) : NULL;
    CHECK(s != NULL);
    if (s)
        check(s);
    ss_sim_free(s);
    ss_config_free(c);
    ss_world_free(w);
    gsl_rng_free(rng);
}

/* 5 countries and 2 sectors: the arrays inside the block, in order, none
 * overlapping the next. */
static void small_sim_inside(const ss_sim *s)
{
    const size_t len = s->len, nk = s->n * s->k;
    const char *block = s->arrays;
    CHECK((const char *)s->scratch == block);
    /* Arrays of len doubles, in the order they are laid out. */
    const double *seq[] = {s->wt_own, s->x, s->direct, s->rx, s->rm, s->cost, s->fixed};
    for (size_t i = 0; i + 1 < sizeof seq / sizeof seq[0]; i++)
        CHECK(seq[i + 1] >= seq[i] + len);
    CHECK((const char *)s->netback0 > block &&
          (const char *)(s->netback0 + 2 * nk) <= block + (2 << 20));
    /* Every array starts on a line of 64 bytes. */
    CHECK((uintptr_t)s->x % 64 == 0 && (uintptr_t)s->sanctions % 64 == 0);
}

/* 150 countries and 10 sectors: the arrays (some 20 of 225,000 doubles
 * among them) need more than a small block, so each is on its own. */
static void large_sim_apart(const ss_sim *s)
{
    CHECK(s->arrays == NULL && s->n_own > 80);
    CHECK(s->x && s->cost && s->netback0 && s->x != s->cost);
    CHECK(all_zero((const unsigned char *)s->sanctions, s->len));
}

int main(void)
{
    test_new_and_reused();
    test_large_not_kept();
    with_sim(5, 2, small_sim_inside);
    with_sim(150, 10, large_sim_apart);
    return check_report();
}
