/* Large arrays advised to use transparent huge pages (dense.h). */
#include "dense.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { HUGE_PAGE = 1 << 21, ADVISE_FROM = 2 * HUGE_PAGE };

void *ss_dense_advise(void *p, size_t bytes)
{
    if (!p || bytes < ADVISE_FROM)
        return p;
    const uintptr_t first = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1),
                    end = ((uintptr_t)p + bytes) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (end > first)
        (void)madvise((void *)first, end - first, MADV_HUGEPAGE);
    return p;
}

void *ss_dense_calloc(size_t count, size_t size)
{
    void *p = calloc(count, size);
    return count && size <= SIZE_MAX / count ? ss_dense_advise(p, count * size) : p;
}
