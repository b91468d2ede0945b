/* Large arrays: huge pages asked for, pages mapped in at once, and blocks
 * that hold many arrays (dense.h). */
#include "dense.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Defined in a build with AddressSanitizer (gcc's or clang's). */
#if defined(__SANITIZE_ADDRESS__)
#define SS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SS_ASAN 1
#endif
#endif
#ifdef SS_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* From this size an array can hold whole 2 MiB pages worth asking for. */
enum { ADVISE_FROM = 4 << 20 };
/* Below a few pages, a call costs as much as the faults it saves. */
enum { FILL_FROM = 1 << 16 };

/* A transparent huge page. */
enum { HUGE_PAGE = 2 << 20 };

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
    const uintptr_t huge = HUGE_PAGE, first = ((uintptr_t)p + huge - 1) & ~(huge - 1),
                    end = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (p && end > first)
        (void)madvise((void *)first, end - first, MADV_HUGEPAGE);
    return p;
}

void *ss_dense_fill(void *p, size_t bytes)
{
    return advise(p, bytes, FILL_FROM, MADV_POPULATE_WRITE);
}

/* ---- blocks of arrays ------------------------------------------------------ */

/* Before each block, in the room its alignment leaves: the allocation it
 * lies in, the bytes it can hold, and the bytes first asked of it (its
 * huge pages cover those; a small block is one of at most
 * SS_DENSE_SMALL_BLOCK). */
typedef struct block_head {
    void *mem;
    size_t room, asked;
} block_head;

/* Marks p[0..bytes) out of bounds for AddressSanitizer (poison), or in
 * bounds again; nothing in a build without it. */
static void asan_mark(void *p, size_t bytes, int poison)
{
#ifdef SS_ASAN
    if (poison)
        ASAN_POISON_MEMORY_REGION(p, bytes);
    else
        ASAN_UNPOISON_MEMORY_REGION(p, bytes);
#else
    (void)p;
    (void)bytes;
    (void)poison;
#endif
}

/* The small block last freed, kept for the next (ss_dense_block_free),
 * all of it out of bounds for AddressSanitizer until reused, which then
 * sees any use of a freed block. */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static block_head *kept;

void *ss_dense_block(size_t bytes)
{
    /* The kept block serves a small request that fits it and needs at
     * least half of what it was made for (a tiny one would hold it from
     * the next simulation). */
    pthread_mutex_lock(&kept_lock);
    block_head *h =
        kept && bytes <= SS_DENSE_SMALL_BLOCK && bytes <= kept->room && bytes >= kept->asked / 2
            ? kept
            : NULL;
    if (h)
        kept = NULL;
    pthread_mutex_unlock(&kept_lock);
    if (h) {
        asan_mark(h + 1, bytes, 0);
        return memset(h + 1, 0, bytes);
    }
    /* Room for the head, and whole huge pages from a 2 MiB boundary. */
    if (bytes > SIZE_MAX - 2 * HUGE_PAGE - sizeof *h)
        return NULL;
    const size_t size = bytes + 2 * HUGE_PAGE + sizeof *h;
    char *mem = calloc(1, size);
    if (!mem)
        return NULL;
    char *block =
        (char *)(((uintptr_t)mem + sizeof *h + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    h = (block_head *)block - 1;
    *h = (block_head){mem, (size_t)(mem + size - block), bytes};
    /* The whole huge pages the block fills (its tail stays on small pages,
     * so that no more is mapped than it uses, to 4 KiB), or one for a
     * block under 2 MiB. */
    if (bytes <= SS_DENSE_SMALL_BLOCK)
        (void)madvise(block, bytes < HUGE_PAGE ? HUGE_PAGE : bytes & ~(size_t)(HUGE_PAGE - 1),
                      MADV_HUGEPAGE);
    return block;
}

void ss_dense_block_free(void *block)
{
    if (!block)
        return;
    block_head *h = (block_head *)block - 1;
    if (h->asked <= SS_DENSE_SMALL_BLOCK) { /* kept, in place of the one kept before */
        asan_mark(block, h->room, 1);
        pthread_mutex_lock(&kept_lock);
        block_head *old = kept;
        kept = h;
        pthread_mutex_unlock(&kept_lock);
        h = old;
    }
    if (h)
        free(h->mem);
}

void ss_dense_fence(void *p, size_t bytes)
{
    asan_mark(p, bytes, 1);
}
