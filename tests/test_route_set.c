/* Route choice over a set of intermediaries (model/route.h, ss_route_set):
 * with detour rows and fees restricted to the candidates, and the legs from
 * the lists (odd rounds) or from the set's own rows (even rounds, filled
 * here straight from the leg arrays), ss_route_detours_in, ss_route_transit_in,
 * ss_route_via_in and ss_route_via_row_in give the same bits as the
 * functions over rows of every country (with leg arrays, and a row of
 * values from the lists), and ss_route_detours_two the same bits as two
 * calls of ss_route_detours, on random worlds (bans, penalties, cheaper legs,
 * shut legs, nearly closed links summed route by route) and random sets,
 * the empty set and the set of every country included; and
 * ss_route_transit the same bits when told that a link's lists share no
 * intermediary (SS_ROUTE_APART: walked one after the other) as when it
 * merges them, with links of both kinds. */
#include "check.h"
#include "route.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NMAX = 13, KMAX = 3, LEN = NMAX * NMAX * KMAX };

static double uniform(void)
{
    return (double)rand() / ((double)RAND_MAX + 1);
}

/* Compressed rows of the legs that are not 1, in increasing m. */
static void lists(size_t n, size_t k, const double *leg, size_t *start, uint32_t *ms, double *ws)
{
    size_t len = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t s = 0; s < k; s++) {
            start[a * k + s] = len;
            for (size_t m = 0; m < n; m++)
                if (leg[(a * n + m) * k + s] != 1) {
                    ms[len] = (uint32_t)m;
                    ws[len++] = leg[(a * n + m) * k + s];
                }
        }
    start[n * k] = len;
}

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Links counted by whether their lists share an intermediary (0) or not. */
static long apart[2];

static void one_world(int round)
{
    static double leg_out[LEN], leg_in[LEN], out_w[LEN], in_w[LEN];
    static size_t out_start[NMAX * KMAX + 1], in_start[NMAX * KMAX + 1];
    static uint32_t out_m[LEN], in_m[LEN];
    double fee[NMAX * KMAX], by_sector[KMAX * NMAX], fee_set[KMAX * NMAX];
    double g[NMAX * NMAX * NMAX], row[NMAX], row_set[NMAX];
    static double out_set[LEN], in_set[LEN];
    size_t via[NMAX], pos[NMAX], n_via = 0;
    const size_t n = 3 + (size_t)rand() % (NMAX - 2), k = 1 + (size_t)rand() % KMAX;
    const double theta = 1 + 4 * uniform();
    /* Sets: every country, none, or a random subset. */
    const double share = round % 10 == 0 ? 1 : round % 10 == 1 ? 0 : uniform();
    for (size_t m = 0; m < n; m++) {
        pos[m] = SIZE_MAX;
        if (uniform() < share) {
            pos[m] = n_via;
            via[n_via++] = m;
        }
    }
    /* Nearly closed worlds now and then, to take the route-by-route path. */
    const double closed = round % 7 == 0 ? 0.9 : 0.1;
    for (size_t q = 0; q < n * n * k; q++) {
        double u = uniform(), d = u < closed ? INFINITY : u < closed + 0.1 ? 1 + uniform() : 1;
        if (u > 0.97)
            d = 0.8 + 0.2 * uniform();
        leg_out[q] = d == 1 ? 1 : isfinite(d) ? pow(d, -theta) : 0;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t m = 0; m < n; m++)
            for (size_t s = 0; s < k; s++) /* importer-major, some legs shut */
                leg_in[(a * n + m) * k + s] = uniform() < 0.05 ? 0 : leg_out[(m * n + a) * k + s];
    lists(n, k, leg_out, out_start, out_m, out_w);
    lists(n, k, leg_in, in_start, in_m, in_w);
    for (size_t m = 0; m < n; m++)
        for (size_t s = 0; s < k; s++) {
            double f = pos[m] == SIZE_MAX ? 0 : uniform() < 0.1 ? 0 : pow(1.1 + uniform(), -theta);
            fee[m * k + s] = by_sector[s * n + m] = f;
            if (pos[m] != SIZE_MAX)
                fee_set[s * n_via + pos[m]] = f;
        }
    for (size_t q = 0; q < n * n * n; q++)
        g[q] = uniform() < 0.1 ? 1 : 1 + uniform();
    ss_route_ctx dense = {n,         k,     leg_out,  leg_in, fee,   by_sector,
                          out_start, out_m, in_start, in_m,   out_w, in_w};
    ss_route_ctx sparse = dense;
    sparse.leg_out = sparse.leg_in = NULL;
    for (size_t a = 0; a < n; a++)
        for (size_t s = 0; s < k; s++)
            for (size_t v = 0; v < n_via; v++) {
                out_set[(a * k + s) * n_via + v] = leg_out[(a * n + via[v]) * k + s];
                in_set[(a * k + s) * n_via + v] = leg_in[(a * n + via[v]) * k + s];
            }
    const int rows = round % 2 == 0;
    ss_route_set set = {n_via, via, pos, fee_set, rows ? out_set : NULL, rows ? in_set : NULL};
    int agree = 1, slow = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            for (size_t m = 0; m < n; m++)
                row[m] = m == i || m == j ? 0 : pow(g[(i * n + m) * n + j], -theta);
            for (size_t v = 0; v < n_via; v++)
                row_set[v] = row[via[v]];
            for (size_t s = 0; s < k && i != j; s++) {
                int e1, e2;
                double a = ss_route_detours(&dense, i, j, s, row, &e1);
                double b = ss_route_detours_in(&sparse, &set, i, j, s, row_set, &e2);
                /* The set's rows walk no lists, and so find no link apart. */
                agree &= same(a, b) && (e1 & SS_ROUTE_EXACT) == (e2 & SS_ROUTE_EXACT) &&
                         (rows ? !(e2 & SS_ROUTE_APART) : e1 == e2);
                slow += (e1 & SS_ROUTE_EXACT) != 0;
                double t1[NMAX] = {0}, t2[NMAX] = {0}, t3[NMAX] = {0}, scale = 0.5 + uniform();
                ss_route_transit(&dense, i, j, s, row, scale, e1, t1);
                ss_route_transit_in(&sparse, &set, i, j, s, row_set, scale, e2, t2);
                /* Lists apart walked one after the other, or merged. */
                ss_route_transit(&dense, i, j, s, row, scale, e1 & ~SS_ROUTE_APART, t3);
                apart[(e1 & SS_ROUTE_APART) != 0]++;
                /* Two sectors of the pair at once (the side-by-side dot
                 * products). */
                const size_t two[2] = {s, (s + 1 + (size_t)rand() % k) % k};
                double pair_sum[2];
                int pair_exact[2];
                ss_route_detours_two(&sparse, i, j, two, row, pair_sum, pair_exact);
                for (int u = 0; u < 2; u++) {
                    int alone_exact = 0;
                    const double alone = ss_route_detours(&sparse, i, j, two[u], row, &alone_exact);
                    agree &= same(pair_sum[u], alone) && pair_exact[u] == alone_exact;
                }
                /* The values through each intermediary, a row at a time:
                 * every country's, and the set's (countries outside it keep
                 * what was there). */
                double v1[NMAX], v2[NMAX];
                for (size_t m = 0; m < n; m++)
                    v2[m] = -1;
                ss_route_via_row_in(&sparse, NULL, i, j, s, row, scale, v1);
                ss_route_via_row_in(&sparse, &set, i, j, s, row_set, scale, v2);
                for (size_t m = 0; m < n; m++) {
                    agree &= same(t1[m], t2[m]) && same(t1[m], t3[m]);
                    const double one = ss_route_via(&dense, i, j, s, m, row, scale);
                    agree &= same(one, ss_route_via_in(&sparse, &set, i, j, s, m, row_set, scale));
                    agree &= same(one, v1[m]);
                    agree &= pos[m] == SIZE_MAX ? v2[m] == -1 : same(one, v2[m]);
                }
            }
        }
    CHECK(agree);
    if (round % 7 == 0)
        CHECK(slow > 0);
}

int main(void)
{
    srand(1616);
    for (int round = 0; round < 300; round++)
        one_world(round);
    CHECK(apart[0] > 0 && apart[1] > 0);
    return check_report();
}
