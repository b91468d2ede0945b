/* Large arrays: huge pages asked for, pages mapped in at once (dense.h). */
#include "dense.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* From this size an array can hold whole 2 MiB pages worth asking for. */
enum { ADVISE_FROM = 4 << 20 };
/* Below a few pages, a call costs as much as the faults it saves. */
enum { FILL_FROM = 1 << 16 };

/* `advice` for the pages that hold p[0..bytes) when bytes is at least
 * `from`. The pages are rounded out to whole ones: for a large block from
 * malloc, exactly its own mapping, so that advice does not split the
 * mapping in pieces (a block that realloc grows in place must stay in
 * one); for an array from the heap, pages it may share with its
 * neighbours, which are as well off with the advice. */
static void *advise(void *p, size_t bytes, size_t from, int advice)
{
    if (!p || bytes < from)
        return p;
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), first = (uintptr_t)p & ~(page - 1),
                    end = ((uintptr_t)p + bytes + page - 1) & ~(page - 1);
    (void)madvise((void *)first, end - first, advice);
    return p;
}

void *ss_dense_advise(void *p, size_t bytes)
{
    return advise(p, bytes, ADVISE_FROM, MADV_HUGEPAGE);
}

void *ss_dense_advise_whole(void *p, size_t bytes)
{
    const uintptr_t huge = 2 << 20, first = ((uintptr_t)p + huge - 1) & ~(huge - 1),
                    end = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (p && end > first)
        (void)madvise((void *)first, end - first, MADV_HUGEPAGE);
    return p;
}

void *ss_dense_fill(void *p, size_t bytes)
{
    return advise(p, bytes, FILL_FROM, MADV_POPULATE_WRITE);
}
