/* Large arrays: huge pages asked for, pages mapped in at once (dense.h). */
#include "dense.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* From this size an array can hold whole 2 MiB pages worth asking for. */
enum { ADVISE_FROM = 4 << 20 };

/* The pages that hold p[0..bytes), rounded out to whole pages: for a large
 * block from malloc, exactly its own mapping, so that advice does not split
 * the mapping in pieces (a block that realloc grows in place must stay in
 * one); for an array from the heap, pages it may share with its
 * neighbours, which are as well off with the advice. */
static void pages_of(const void *p, size_t bytes, uintptr_t *first, uintptr_t *end)
{
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    *first = (uintptr_t)p & ~(page - 1);
    *end = ((uintptr_t)p + bytes + page - 1) & ~(page - 1);
}

void *ss_dense_advise(void *p, size_t bytes)
{
    if (!p || bytes < ADVISE_FROM)
        return p;
    uintptr_t first, end;
    pages_of(p, bytes, &first, &end);
    (void)madvise((void *)first, end - first, MADV_HUGEPAGE);
    return p;
}

/* Below a few pages, the call costs as much as the faults it saves. */
enum { FILL_FROM = 1 << 16 };

void *ss_dense_fill(void *p, size_t bytes)
{
    if (!p || bytes < FILL_FROM)
        return p;
    uintptr_t first, end;
    pages_of(p, bytes, &first, &end);
    (void)madvise((void *)first, end - first, MADV_POPULATE_WRITE);
    return p;
}
