/* Large arrays that are filled whole whenever they are used (a world's
 * flows, a simulation's link arrays), or from the start as they grow (rows
 * read, a table kept in memory): memory that asks the kernel for
 * transparent huge pages, so that filling it costs a page fault per 2 MiB
 * rather than per 4 KiB, and that can be mapped in at once when it is
 * about to be filled. Advice to an array that is never touched costs no
 * memory; to one touched only in part, up to a huge page each. */
#ifndef SS_DENSE_H
#define SS_DENSE_H

#include <stddef.h>

/* calloc(count, size), advised as below. */
void *ss_dense_calloc(size_t count, size_t size);
/* Advises huge pages for the pages of p[0..bytes) when bytes is at least
 * 4 MiB (again after a realloc); a hint only, which a kernel without them
 * ignores. Returns p. */
void *ss_dense_advise(void *p, size_t bytes);
/* The same, and maps the pages of p[0..bytes) in at once
 * (MADV_POPULATE_WRITE), for an array about to be written whole: one call
 * instead of a page fault per page (on a virtual machine a fault can cost
 * ten times a page's share of the call). A kernel before Linux 5.14
 * refuses it, and the pages fault in as they are written. Returns p. */
void *ss_dense_fill(void *p, size_t bytes);

#endif
