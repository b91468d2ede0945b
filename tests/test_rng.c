/* Unit tests for src/rng.c, the detection draws' stream seeded from all
 * 64 bits of a seed. The expected values come from elsewhere:
 * - seeds below 2^32 give GSL's own stream (gsl_rng_set), so runs made
 *   before keep their draws;
 * - MT19937's published values: seed 5489 (the reference code's default)
 *   draws 3499211612 first and 4123659995 as its 10000th number (the value
 *   C++ requires of std::mt19937);
 * - any seed gives the stream of the seeding rng.h documents, computed here
 *   by a second, plain implementation of MT19937 (the reference code's
 *   genrand_int32);
 * - seeds that gsl_rng_set confused (equal low 32 bits; 0 and 4357) give
 *   different streams, and so do 20000 seeds of a sweep. */
#include "check.h"
#include "rng.h"

#include <stdint.h>
#include <stdlib.h>

/* MT19937 as in Matsumoto and Nishimura's mt19937ar.c, seeded as rng.h
 * says: init_genrand with the high half of the seed added to each word. */
typedef struct ref {
    uint32_t mt[624];
    int i;
} ref;

static void ref_seed(ref *r, uint64_t seed)
{
    uint32_t high = (uint32_t)(seed >> 32);
    r->mt[0] = (uint32_t)seed;
    for (uint32_t i = 1; i < 624; i++)
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + i + high;
    r->i = 624;
}

static uint32_t ref_next(ref *r)
{
    if (r->i == 624) {
        for (int k = 0; k < 624; k++) {
            uint32_t y = (r->mt[k] & 0x80000000u) | (r->mt[(k + 1) % 624] & 0x7FFFFFFFu);
            r->mt[k] = r->mt[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 ? 0x9908B0DFu : 0);
        }
        r->i = 0;
    }
    uint32_t y = r->mt[r->i++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9D2C5680u;
    y ^= (y << 15) & 0xEFC60000u;
    return y ^ (y >> 18);
}

/* 1 when the first n draws of two generators are equal. */
static int same_draws(gsl_rng *a, gsl_rng *b, int n)
{
    int same = 1;
    for (int i = 0; i < n; i++)
        same &= gsl_rng_get(a) == gsl_rng_get(b);
    return same;
}

static void test_32_bit_seeds_keep_their_stream(void)
{
    const unsigned long seeds[] = {1, 2, 7, 42, 4357, 5489, 123456789, 2147483648UL, 4294967295UL};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        gsl_rng *ours = ss_rng_alloc(seeds[i]), *gsl = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(gsl, seeds[i]);
        CHECK(ours && same_draws(ours, gsl, 2000));
        gsl_rng_free(ours);
        gsl_rng_free(gsl);
    }
}

static void test_published_values(void)
{
    gsl_rng *r = ss_rng_alloc(5489);
    CHECK(r && gsl_rng_get(r) == 3499211612UL);
    for (int i = 2; i < 10000; i++)
        gsl_rng_get(r);
    CHECK(gsl_rng_get(r) == 4123659995UL);
    gsl_rng_free(r);
}

static void test_documented_seeding(void)
{
    const uint64_t seeds[] = {0,
                              1,
                              4294967296ULL,
                              4294967303ULL,
                              0x9E3779B97F4A7C15ULL >> 11,
                              9007199254740991ULL,
                              UINT64_MAX};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        gsl_rng *r = ss_rng_alloc(seeds[i]);
        ref want;
        ref_seed(&want, seeds[i]);
        int same = r != NULL;
        for (int k = 0; same && k < 3000; k++)
            same = gsl_rng_get(r) == ref_next(&want);
        CHECK(same);
        gsl_rng_free(r);
    }
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_distinct_seeds_distinct_streams(void)
{
    /* gsl_rng_set gave these pairs one stream each. */
    const uint64_t pairs[][2] = {{7, 7 + (1ULL << 32)},
                                 {42, 42 + (5ULL << 40)},
                                 {0, 4357},
                                 {0, 1ULL << 32},
                                 {1ULL << 32, 1ULL << 33}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        gsl_rng *a = ss_rng_alloc(pairs[i][0]), *b = ss_rng_alloc(pairs[i][1]);
        CHECK(a && b && !same_draws(a, b, 4));
        gsl_rng_free(a);
        gsl_rng_free(b);
    }
    /* 20000 seeds spread as a sweep's are: the first two draws of each
     * (64 bits) all differ. */
    enum { N = 20000 };
    uint64_t *first = malloc(N * sizeof *first);
    uint64_t z = 42;
    for (int i = 0; first && i < N; i++) {
        z += 0x9E3779B97F4A7C15ULL;
        uint64_t seed = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ULL >> 11;
        gsl_rng *r = ss_rng_alloc(seed);
        first[i] = r ? (uint64_t)gsl_rng_get(r) << 32 | gsl_rng_get(r) : 0;
        gsl_rng_free(r);
    }
    int distinct = first != NULL;
    if (first)
        qsort(first, N, sizeof *first, by_value);
    for (int i = 1; distinct && i < N; i++)
        distinct = first[i - 1] != first[i];
    CHECK(distinct);
    free(first);
}

static void test_uniform_draws(void)
{
    /* A seed above 2^32 draws uniform numbers: mean 1/2 and variance 1/12
     * over 100000 draws, within 5 standard errors. */
    gsl_rng *r = ss_rng_alloc(0xDEADBEEF12345678ULL);
    double sum = 0, sum2 = 0;
    const int n = 100000;
    for (int i = 0; r && i < n; i++) {
        double u = gsl_rng_uniform(r);
        sum += u;
        sum2 += u * u;
    }
    CHECK_NEAR(sum / n, 0.5, 5 * sqrt(1.0 / 12 / n));
    CHECK_NEAR(sum2 / n - (sum / n) * (sum / n), 1.0 / 12, 5 * 0.0745 / sqrt(n));
    gsl_rng_free(r);
}

int main(void)
{
    test_32_bit_seeds_keep_their_stream();
    test_published_values();
    test_documented_seeding();
    test_distinct_seeds_distinct_streams();
    test_uniform_draws();
    return check_report();
}
