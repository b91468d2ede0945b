/* Large arrays that are filled whole (a world's flows, a simulation's
 * link arrays): memory that asks the kernel for transparent huge pages, so
 * that filling it costs a page fault per 2 MiB rather than per 4 KiB. */
#ifndef SS_DENSE_H
#define SS_DENSE_H

#include <stddef.h>

/* calloc(count, size), advised as below. */
void *ss_dense_calloc(size_t count, size_t size);
/* Advises huge pages for the whole 2 MiB pages inside p[0..bytes) when
 * bytes is at least 4 MiB (after a realloc, say); a hint only, which a
 * kernel without them ignores. Returns p. */
void *ss_dense_advise(void *p, size_t bytes);

#endif
