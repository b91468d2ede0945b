/* A minimal test harness: every CHECK counts as one check, failures print
 * their place and values, and check_report() prints the summary line
 * "N passed, N failed" that tests/run.sh adds up. */
#ifndef SS_CHECK_H
#define SS_CHECK_H

#include <math.h>
#include <stdio.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* |got - want| <= tol, with the values printed on failure. */
#define CHECK_NEAR(got, want, tol)                                                                 \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (fabs(g_ - w_) <= (tol)) {                                                              \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (tolerance %g)\n", __FILE__,        \
                    __LINE__, #got, g_, w_, (double)(tol));                                        \
        }                                                                                          \
    } while (0)

static inline int check_report(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
