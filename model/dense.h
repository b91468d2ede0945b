/* Large arrays, and the kernel's part in filling them: asking for
 * transparent huge pages for an array that a process keeps or grows (a
 * world's flows, rows read, a table kept in memory), so that filling it
 * costs a page fault per 2 MiB rather than per 4 KiB; mapping in at once
 * an array about to be written whole (a simulation's flows and costs);
 * and blocks that hold many arrays, on huge pages when small. A fresh
 * page costs: on this project's virtual machine the first write to a
 * 4 KiB page took about 11 us, even after MADV_POPULATE_WRITE about 5 us,
 * and to a 2 MiB page 0.14 to 0.2 ms (a test program, twenty-fifth
 * session). Huge pages are not asked for the large arrays that a process
 * allocates again and again (a large simulation's, run after run): the
 * kernel may stop to compact memory for them, and the 200 x 50 bench
 * world's first steps then took up to 2.8 times a steady one; a small
 * simulation's block is kept and reused instead. The detour rows, a
 * simulation's largest array, are the exception: they are packed from the
 * table's start, and only the 2 MiB blocks they fill whole get huge pages,
 * so that no memory is mapped that no row uses (the 200 x 50 world's
 * simulations one after another in one process, as a sweep's worker runs
 * them: the first one's first step 140 to 170 ms, while the kernel
 * compacts, the later ones' 95 to 110 ms, against 155 to 165 on small
 * pages in the same hour). Advice to an array that is never touched costs
 * no memory; to one touched only in part, up to a huge page each. */
#ifndef SS_DENSE_H
#define SS_DENSE_H

#include <stddef.h>

/* Advises huge pages for the pages of p[0..bytes) when bytes is at least
 * 4 MiB (again after a realloc); a hint only, which a kernel without them
 * ignores. Returns p. */
void *ss_dense_advise(void *p, size_t bytes);
/* Advises huge pages for the 2 MiB blocks that lie wholly inside
 * p[0..bytes), for an array used from its start up to a mark that grows
 * (the rest stays on small pages). Returns p. */
void *ss_dense_advise_whole(void *p, size_t bytes);
/* Maps the pages of p[0..bytes) in at once (MADV_POPULATE_WRITE) when
 * bytes is at least 64 KiB, for an array about to be written whole: one
 * call instead of a page fault per page (on this project's virtual
 * machine a fault cost 10 to 23 us, a page of the call 0.5 to 6 us). A
 * kernel before Linux 5.14 refuses it, and the pages fault in as they are
 * written. Returns p. */
void *ss_dense_fill(void *p, size_t bytes);

/* Blocks of at most this many bytes are small. */
enum { SS_DENSE_SMALL_BLOCK = 32 << 20 };

/* One zeroed block of `bytes`, aligned to 2 MiB, for arrays that are
 * allocated and freed together (a small simulation's hundred, a world's
 * flows and distances, the rows read from trade.csv): one allocation and
 * one free where arrays each on their own cost a mapping, a first fault
 * and an unmapping apiece. A small block gets huge pages for the whole
 * 2 MiB pages it fills, or one when it is under 2 MiB (its tail stays on
 * small pages), and when freed it is kept, out of bounds for
 * AddressSanitizer: the next small block that fits in it and needs at
 * least half of it reuses its pages, zeroed again, as simulation after
 * simulation of a sweep's worker or a calibration asks for the same.
 * (`equilibrium` on 200 countries: 23.5 ms with arrays on their own,
 * 18.7 ms with blocks; docs/performance.md.) NULL when out of memory;
 * ss_dense_block(0) is a block. */
void *ss_dense_block(size_t bytes);
void ss_dense_block_free(void *block);

/* Marks p[0..bytes) as out of bounds for AddressSanitizer, when the build
 * has it (nothing otherwise): the gaps between the arrays of a block. */
void ss_dense_fence(void *p, size_t bytes);

#endif
