/* The random stream of a run's detection draws: GSL's MT19937 seeded from
 * all 64 bits of the seed, so that distinct seeds give distinct streams.
 * (gsl_rng_set uses the low 32 bits of a seed only, and maps 0 to 4357.)
 *
 * The state of MT19937 is 624 words of 32 bits, filled as its reference
 * seeding (init_genrand) does, with the high half h of the seed added in:
 *     mt[0] = low 32 bits of the seed,
 *     mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i + h   (mod 2^32).
 * With h = 0 this is init_genrand, so a seed from 1 to 2^32 - 1 gives
 * exactly the stream gsl_rng_set gives it (runs made with earlier versions
 * keep their draws). Two seeds never give one stream: mt[1] and mt[2]
 * determine h and then the low half (x -> x ^ (x >> 30) and the odd
 * multiplier are both one-to-one), and MT19937's output determines
 * mt[1..623] and the top bit of mt[0], the state it uses. Seed 0 therefore
 * has its own stream, no longer 4357's. */
#ifndef SS_RNG_H
#define SS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* A generator seeded as above; NULL when memory runs out. */
gsl_rng *ss_rng_alloc(uint64_t seed);

#endif
