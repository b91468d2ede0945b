/* Trading blocs (docs/model.md section 3b): what a bloc in force does to
 * link costs, and its internal trade share. Pure functions of the bloc and
 * the arrays passed in.
 * Invariant: a bloc never touches a country's domestic sales, and with
 * preference = external = 0 it leaves every cost as it was, bit for bit. */
#ifndef SS_BLOC_H
#define SS_BLOC_H

#include "config.h"

/* Multiplies the direct cost d (n * n * k) of every link between two
 * members by (1 + preference), and `fixed` (n * n * k), the factor every
 * route pays, of every member's import from a non-member in the bloc's
 * sectors by (1 + external). */
void ss_bloc_apply(const ss_bloc *b, size_t n, size_t k, double *d, double *fixed);

/* Members' imports from other members (*internal) and from everyone
 * (*imports), summed over sectors from the true flows x (n * n * k); the
 * return value is their ratio, the bloc's internal trade share (0 when the
 * members import nothing). */
double ss_bloc_internal_share(const ss_bloc *b, size_t n, size_t k, const double *x,
                              double *internal, double *imports);

#endif
