/* Seeding GSL's MT19937 from a 64-bit seed (see rng.h). */
#include "rng.h"

/* GSL's MT19937 state (gsl/rng/mt.c): the 624 words, then the position of
 * the next word to use; the size is checked against gsl_rng_size. */
typedef struct mt_state {
    unsigned long mt[624];
    int mti;
} mt_state;

gsl_rng *ss_rng_alloc(uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r || gsl_rng_size(r) != sizeof(mt_state)) {
        gsl_rng_free(r);
        return NULL;
    }
    mt_state *s = gsl_rng_state(r);
    const unsigned long high = (unsigned long)(seed >> 32);
    s->mt[0] = (unsigned long)(seed & 0xFFFFFFFFUL);
    for (unsigned long i = 1; i < 624; i++) {
        unsigned long prev = s->mt[i - 1];
        s->mt[i] = (1812433253UL * (prev ^ (prev >> 30)) + i + high) & 0xFFFFFFFFUL;
    }
    s->mti = 624; /* the whole state is used up: the first draw makes new words */
    return r;
}
