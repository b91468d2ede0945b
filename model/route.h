/* Route choice (docs/model.md section 4): shippers on a penalised link choose
 * between the direct road and detours through intermediaries, with
 * Frechet/logit dispersion theta. Each route r enters through its weight
 * cost_r^(-theta) and carries the share weight_r / (sum of weights).
 * The effective link cost is that sum relative to the same sum with the
 * direct road back at its baseline cost 1:
 * C = ((d^-theta + S) / (1 + S))^(-1/theta), S the detours' weight. So C
 * equals d when no detour is open, never falls below 1 under a penalty or
 * ban, and rises as detours get dearer. The caller (model/sim_routes.c) scales S
 * by 1 - d^-theta, so that flows and costs are continuous in d; README.md
 * ("Model notes") and docs/model.md explain both departures from the
 * original specification's plain sum.
 * Invariant: a closed route has weight 0; C is INFINITY when every route of
 * the link is closed. */
#ifndef SS_ROUTE_H
#define SS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

/* The arrays one month's route choice reads. Legs and fees are already
 * raised to -theta, so the loops only multiply.
 *
 * Most legs are open roads (weight 1), so a detour's weight through m is
 * g * fee[m] for every m, corrected for the few legs that are penalised or
 * closed; `unusual_*` list those legs (compressed rows: the entries from
 * start[r] to start[r + 1]), which keeps the sum over intermediaries a
 * contiguous dot product. */
typedef struct ss_route_ctx {
    size_t n, k;
    /* n*n*k: d[i][m][s]^-theta, 0 for a ban; NULL: looked up in the lists
     * below (a leg absent from them is 1). */
    const double *leg_out;
    /* n*n*k, importer-major: leg_in[(j*n + m)*k + s] = d[m][j][s]^-theta,
     * 0 when m may not ship to j; NULL: looked up in the lists. */
    const double *leg_in;
    const double *fee;           /* n*k: (1 + c[m][s])^-theta, 0 unless m is a candidate */
    const double *fee_by_sector; /* k*n: the same, sector-major */
    /* Row i*k + s lists, in increasing m, each m with leg_out[i][m][s] != 1
     * and that leg's weight; row j*k + s likewise for leg_in[j][m][s]
     * (countries in 32 bits: half the memory of the merges' reads). */
    const size_t *out_start;
    const uint32_t *out_m;
    const size_t *in_start;
    const uint32_t *in_m;
    const double *out_w, *in_w;
} ss_route_ctx;

/* The intermediaries that detour rows are restricted to: m[v] for v < n,
 * increasing, and each country's place among them, pos[country] (SIZE_MAX
 * for none). Every other country's fee must be 0. A detour row then holds
 * n entries, row[v] for country m[v], and so does each sector's row of
 * fee (k*n: fee_by_sector restricted to m). The functions below that take
 * no set use rows of every country, indexed by country. */
typedef struct ss_route_set {
    size_t n;
    const size_t *m, *pos;
    const double *fee;
    /* Optional (NULL: the lists): the legs to and from the set's
     * countries, n entries a row, read in place of the lists (rows as
     * there): out[(i*k + s)*n + v] is leg_out[i][m[v]][s] and
     * in[(j*k + s)*n + v] is leg_in[j][m[v]][s], 1 for a leg the lists
     * do not hold. For a short set a walk over its entries costs less
     * than merging two lists; for a long one, more. */
    const double *out, *in;
} ss_route_set;

/* What ss_route_detours reports of a link for its shipping, in *how:
 * SS_ROUTE_EXACT when its detours were summed route by route, and
 * SS_ROUTE_APART when it merged the link's two lists of unusual legs and
 * found no intermediary in both, so that the shipping may walk them one
 * after the other instead of merging them again (the same bits: each
 * intermediary's transit takes one addition either way). */
enum { SS_ROUTE_EXACT = 1, SS_ROUTE_APART = 2 };

/* The detours' weight S of link (i, j, s). detour[m] is g[i][m][j]^-theta,
 * 0 where m is i or j. When the corrections cancel nearly all of the dot
 * product (every detour nearly closed), S is summed route by route
 * instead. *how (if not NULL) receives the flags above. */
double ss_route_detours(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                        int *how);

/* The same over the detour row of a set of intermediaries (NULL: every
 * country). The result is the same bit for bit: a country with no fee
 * adds exactly 0, and is skipped, and so does a correction of a leg of
 * weight 1, which the set's rows hold where the lists hold nothing. */
double ss_route_detours_in(const ss_route_ctx *r, const ss_route_set *set, size_t i, size_t j,
                           size_t s, const double *detour, int *how);

/* ss_route_detours of two links of one pair, (i, j, s[0]) and (i, j,
 * s[1]), which share the detour row (over every country): the same two
 * results bit for bit, their dot products taken side by side. */
void ss_route_detours_two(const ss_route_ctx *r, size_t i, size_t j, const size_t s[2],
                          const double *detour, double sum[2], int how[2]);

/* Adds to transit[m] (one sector's row, n entries) the value shipped
 * through each m when link (i, j, s) carries scale * (its total weight);
 * `how` is what ss_route_detours reported for the link (without
 * SS_ROUTE_APART its lists are merged, which gives the same bits). */
void ss_route_transit(const ss_route_ctx *r, size_t i, size_t j, size_t s, const double *detour,
                      double scale, int how, double *transit);
void ss_route_transit_in(const ss_route_ctx *r, const ss_route_set *set, size_t i, size_t j,
                         size_t s, const double *detour, double scale, int how, double *transit);

/* The value shipped through m on link (i, j, s), for the same scale
 * (0 when m is no intermediary of the set). */
double ss_route_via(const ss_route_ctx *r, size_t i, size_t j, size_t s, size_t m,
                    const double *detour, double scale);
double ss_route_via_in(const ss_route_ctx *r, const ss_route_set *set, size_t i, size_t j, size_t s,
                       size_t m, const double *detour, double scale);

/* The same for every intermediary of the set at once, into value[m] (n
 * entries; those of countries outside the set are left alone): the same
 * numbers, bit for bit, found by one walk through the link's sorted lists
 * of unusual legs (or the set's rows) instead of a search per
 * intermediary. */
void ss_route_via_row_in(const ss_route_ctx *r, const ss_route_set *set, size_t i, size_t j,
                         size_t s, const double *detour, double scale, double *value);

/* C from the total weight of a link's routes (direct included) and the
 * detours' part of it: (weight / (1 + detours))^(-1/theta), infinite for
 * no weight. */
double ss_route_cost(double weight, double detours, double theta);

/* The same for n links at once (ss_pow_row's powers); cost may be detours. */
void ss_route_costs(size_t n, const double *weight, const double *detours, double theta,
                    double *cost);

#endif
