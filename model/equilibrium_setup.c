/* The equilibrium solver's setting up and reporting (equilibrium_internal.h):
 * the options' defaults, the workspace's allocation (the only one: a solve
 * allocates nothing), the check of the inputs that also sets the link
 * weights b = X0 * chat^-theta, the results of a converged or unshocked
 * solve, and a synthetic world for benchmarks. The iteration itself is in
 * equilibrium.c. */
#include "config.h"
#include "dense.h"
#include "equilibrium_internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ss_eq_options_init(ss_eq_options *o)
{
    /* The model's defaults: one fact, stated in model/config.c. */
    o->sigma = ss_config_default.sigma;
    o->balance = ss_config_default.balance;
    o->tol = 1e-10;
    o->max_iter = 1000;
    o->warm_start = 0;
    o->names = NULL;
    o->sectors = NULL;
    o->earned = o->paid = NULL;
}

ss_eq_workspace *ss_eq_alloc(size_t n, size_t k)
{
    if (n == 0 || k == 0 || n > SIZE_MAX / n / k / sizeof(double) / AA_MEMORY)
        return NULL;
    ss_eq_workspace *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->n = n;
    w->k = k;
    size_t nk = n * k, m = AA_MEMORY;
    int ok = 1;
#define GET(p, cnt) ok = ok && ((p) = calloc((cnt), sizeof *(p))) != NULL
    GET(w->a, n * nk);
    ss_dense_fill(w->a, n * nk * sizeof *w->a); /* filled whole by every solve */
    GET(w->Y, n);
    GET(w->E, n);
    GET(w->D, n);
    GET(w->Es, nk);
    GET(w->alpha, nk);
    GET(w->colsum, nk);
    GET(w->base_exp, n);
    GET(w->base_imp, n);
    GET(w->active, n);
    GET(w->buys, nk);
    GET(w->x, n);
    GET(w->lnw, n);
    GET(w->phi, nk);
    GET(w->g, nk);
    GET(w->q, nk);
    GET(w->Ep, n);
    GET(w->gx, n);
    GET(w->glnw, n);
    GET(w->gphi, nk);
    GET(w->gg, nk);
    GET(w->gq, nk);
    GET(w->gEp, n);
    GET(w->f, n);
    GET(w->fprev, n);
    GET(w->gxprev, n);
    GET(w->gphiprev, nk);
    GET(w->wt, n);
    GET(w->xa, n);
    GET(w->own, n);
    GET(w->Ga, n);
    GET(w->phia, nk);
    GET(w->phiGa, nk);
    GET(w->dF, m * n);
    GET(w->dG, m * n);
    GET(w->dPhi, m * nk);
    GET(w->Qm, m * n);
    GET(w->fpc, n);
    GET(w->inc, n);
    GET(w->expc, n);
    GET(w->pic, n);
    GET(w->spic, nk);
    GET(w->wel, n);
    GET(w->exc, n);
    GET(w->imc, n);
    GET(w->wsave, n);
#undef GET
    if (!ok) {
        ss_eq_free(w);
        return NULL;
    }
    return w;
}

void ss_eq_free(ss_eq_workspace *w)
{
    if (!w)
        return;
    double *arrays[] = {
        w->a,        w->Y,    w->E,   w->D,    w->Es,  w->alpha, w->colsum, w->base_exp,
        w->base_imp, w->x,    w->lnw, w->phi,  w->g,   w->q,     w->Ep,     w->gx,
        w->glnw,     w->gphi, w->gg,  w->gq,   w->gEp, w->f,     w->fprev,  w->gxprev,
        w->gphiprev, w->wt,   w->xa,  w->own,  w->Ga,  w->phia,  w->phiGa,  w->dF,
        w->dG,       w->dPhi, w->Qm,  w->fpc,  w->inc, w->expc,  w->pic,    w->spic,
        w->wel,      w->exc,  w->imc, w->wsave};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(w->active);
    free(w->buys);
    free(w);
}
/* A country as the user knows it: its code when the caller gave codes. */
const char *ss_eq_cname(const ss_eq_options *o, size_t i, char *buf, size_t len)
{
    if (o->names && o->names[i])
        return o->names[i];
    snprintf(buf, len, "country %zu", i);
    return buf;
}

const char *ss_eq_sname(const ss_eq_options *o, size_t s, char *buf, size_t len)
{
    if (o->sectors && o->sectors[s])
        return o->sectors[s];
    snprintf(buf, len, "%zu", s);
    return buf;
}

/* chat^-theta, the change of a link's weight in CES demand. An integer
 * theta (sigma = 5 gives 4) is done by repeated squaring: exact to an ulp or
 * two and several times faster than pow, which matters when most links of a
 * large world are shocked. */
static double cost_weight(double chat, double theta, int itheta)
{
    if (chat == 1.0)
        return 1.0;
    if (isinf(chat))
        return 0.0;
    if (itheta > 0) {
        double p = 1, b = chat;
        for (int e = itheta; e; e >>= 1) {
            if (e & 1)
                p *= b;
            b *= b;
        }
        return 1 / p;
    }
    return pow(chat, -theta);
}

/* One pass over the links: checks every flow and cost change, sums
 * incomes and expenditures, and sets the link weights b = X0 chat^-theta.
 * Then the checks that every market still has a supplier and every seller
 * a market. Over 80 lines because each check needs its own located
 * message; split, the one pass over the links would become several. */
int ss_eq_check_inputs(ss_eq_workspace *w, const double *x0, const double *chat,
                       const ss_eq_options *o, double theta, int *shocked, ss_diag *diag)
{
    size_t n = w->n, k = w->k, nk = n * k;
    char b1[48], b2[48], b3[32];
    int itheta = (theta == floor(theta) && theta <= 64) ? (int)theta : 0;
    memset(w->Y, 0, n * sizeof *w->Y);
    memset(w->E, 0, n * sizeof *w->E);
    memset(w->Es, 0, nk * sizeof *w->Es);
    memset(w->colsum, 0, nk * sizeof *w->colsum);
    memset(w->base_exp, 0, n * sizeof *w->base_exp);
    memset(w->base_imp, 0, n * sizeof *w->base_imp);
    *shocked = 0;
    double world = 0;
    for (size_t i = 0; i < n; i++) {
        double row = 0, foreign = 0;
        for (size_t j = 0; j < n; j++) {
            size_t base = (i * n + j) * k;
            const double *xs = x0 + base;
            double *bs = w->a + base, *cs = w->colsum + j * k, *es = w->Es + j * k;
            double sum = 0;
            int bad = 0, moved = 0;
            /* Branch-free checks: a bad value is located after the loop. */
            for (size_t s = 0; s < k; s++) {
                double v = xs[s], ch = chat ? chat[base + s] : 1.0;
                bad |= !(v >= 0) | !(v <= DBL_MAX) | !(ch > 0);
                moved |= ch != 1.0;
                double t = v * (ch == 1.0 ? 1.0 : cost_weight(ch, theta, itheta));
                bs[s] = t;
                cs[s] += t;
                es[s] += v;
                sum += v;
                row += t;
            }
            *shocked |= moved;
            for (size_t s = 0; bad && s < k; s++) {
                double v = xs[s], ch = chat ? chat[base + s] : 1.0;
                if (!(v >= 0) || !(v <= DBL_MAX))
                    return ss_diag_set(diag, SS_EINVAL,
                                       "baseline flow from %s to %s in sector %s is %g; "
                                       "flows must be finite and non-negative",
                                       ss_eq_cname(o, i, b1, sizeof b1),
                                       ss_eq_cname(o, j, b2, sizeof b2),
                                       ss_eq_sname(o, s, b3, sizeof b3), v);
                if (!(ch > 0))
                    return ss_diag_set(diag, SS_EINVAL,
                                       "cost change on the link from %s to %s in sector %s "
                                       "is %g; it must be positive (1 = unchanged, infinity "
                                       "= closed)",
                                       ss_eq_cname(o, i, b1, sizeof b1),
                                       ss_eq_cname(o, j, b2, sizeof b2),
                                       ss_eq_sname(o, s, b3, sizeof b3), ch);
            }
            if (j != i) {
                foreign += sum;
                w->base_imp[j] += sum;
            }
            w->Y[i] += sum;
        }
        w->base_exp[i] = foreign;
        world += w->Y[i];
        if (w->Y[i] > 0 && !(row > 0))
            return ss_diag_set(diag, SS_EINVAL,
                               "every link on which %s sold at baseline is closed, so it "
                               "has no market left; an equilibrium needs at least one",
                               ss_eq_cname(o, i, b1, sizeof b1));
    }
    if (!(world > 0))
        return ss_diag_set(diag, SS_EINVAL, "the baseline has no trade flows at all");
    for (size_t j = 0; j < n; j++) {
        for (size_t s = 0; s < k; s++)
            w->E[j] += w->Es[j * k + s];
        w->D[j] = w->E[j] - w->Y[j];
        w->active[j] = w->Y[j] > 0;
        if (w->Y[j] > 0 && !(w->E[j] > 0) && o->balance == SS_EQ_ADDITIVE)
            return ss_diag_set(diag, SS_EINVAL,
                               "%s sells but buys nothing at baseline, so the additive "
                               "balance cannot tell what it would spend its income on; give "
                               "it baseline purchases or use the multiplicative balance",
                               ss_eq_cname(o, j, b1, sizeof b1));
        for (size_t s = 0; s < k; s++) {
            size_t c = j * k + s;
            w->buys[c] = w->Es[c] > 0;
            w->alpha[c] = w->E[j] > 0 ? w->Es[c] / w->E[j] : 0;
            if (w->buys[c] && !(w->colsum[c] > 0))
                return ss_diag_set(diag, SS_EINVAL,
                                   "%s can no longer buy sector %s from anyone: every link "
                                   "it bought on at baseline is closed (its price index "
                                   "would be infinite)",
                                   ss_eq_cname(o, j, b1, sizeof b1),
                                   ss_eq_sname(o, s, b3, sizeof b3));
        }
    }
    return SS_OK;
}

/* The baseline itself, exactly: no link changed, so nothing moves. */
void ss_eq_identity_result(ss_eq_workspace *w, const double *x0)
{
    size_t n = w->n, nk = n * w->k;
    memcpy(w->a, x0, n * nk * sizeof *w->a);
    for (size_t i = 0; i < n; i++) {
        w->fpc[i] = w->inc[i] = w->expc[i] = w->pic[i] = 1;
        w->wel[i] = w->exc[i] = w->imc[i] = 1;
        w->lnw[i] = 0;
    }
    for (size_t c = 0; c < nk; c++)
        w->spic[c] = 1;
}

void ss_eq_fill_result(const ss_eq_workspace *w, ss_eq_result *res, double nu, long iters,
                       double tol)
{
    if (!res)
        return;
    res->n = w->n;
    res->k = w->k;
    res->factory_price_change = w->fpc;
    res->income_change = w->inc;
    res->expenditure_change = w->expc;
    res->price_index_change = w->pic;
    res->sector_price_index_change = w->spic;
    res->welfare_change = w->wel;
    res->exports_change = w->exc;
    res->imports_change = w->imc;
    res->flows = w->a;
    res->sales_scale = nu;
    res->iterations = iters;
    res->tolerance = tol;
}

/* Turns the converged state (x, lnw, phi, g, Ep) into the reported changes
 * and the counterfactual flows, overwriting the link weights. */
int ss_eq_finish(ss_eq_workspace *w, int balance, double theta, const ss_eq_options *o,
                 ss_diag *diag)
{
    size_t n = w->n, k = w->k;
    char b1[48];
    for (size_t j = 0; j < n; j++) {
        /* Only a surplus (D < 0) can drive w Y + D to zero. */
        if (w->E[j] > 0 && !(w->Ep[j] > 0))
            return ss_diag_set(diag, SS_ENUMERIC,
                               "no equilibrium with positive spending: under the additive "
                               "balance %s must keep its trade surplus of %g, and after the "
                               "shock no price lets it earn that and still have income to "
                               "spend; use the multiplicative balance",
                               ss_eq_cname(o, j, b1, sizeof b1), -w->D[j]);
        double wj = exp(w->lnw[j]);
        w->fpc[j] = wj;
        w->inc[j] = balance == SS_EQ_CONDITIONAL ? 1.0 : wj;
        w->expc[j] = w->E[j] > 0 ? w->Ep[j] / w->E[j] : 1.0;
        double lp = 0;
        for (size_t s = 0; s < k; s++) {
            size_t c = j * k + s;
            if (w->buys[c]) {
                double l = -log(w->phi[c] / w->Es[c]) / theta;
                w->spic[c] = exp(l);
                lp += w->alpha[c] * l;
            } else {
                w->spic[c] = 1;
            }
        }
        w->pic[j] = exp(lp);
        /* Under the conditional closure nominal spending is pinned in an
         * arbitrary numeraire, so report the real factory price w / P
         * instead: the welfare change once incomes follow factory prices. */
        w->wel[j] = balance == SS_EQ_CONDITIONAL ? wj / w->pic[j] : w->expc[j] / w->pic[j];
        w->exc[j] = w->imc[j] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        double u = w->x[i], foreign = 0;
        int bad = 0;
        for (size_t j = 0; j < n; j++) {
            double *bs = w->a + (i * n + j) * k;
            const double *gs = w->g + j * k;
            double sum = 0;
            for (size_t s = 0; s < k; s++) {
                double v = bs[s] * u * gs[s];
                bad |= !(v >= 0) | !(v <= DBL_MAX);
                bs[s] = v;
                sum += v;
            }
            if (j != i) {
                foreign += sum;
                w->imc[j] += sum;
            }
        }
        w->exc[i] = foreign;
        if (bad)
            return ss_diag_set(diag, SS_ENUMERIC,
                               "a counterfactual flow from %s is not a finite non-negative "
                               "number",
                               ss_eq_cname(o, i, b1, sizeof b1));
    }
    for (size_t i = 0; i < n; i++) {
        w->exc[i] = w->base_exp[i] > 0 ? w->exc[i] / w->base_exp[i] : 1.0;
        w->imc[i] = w->base_imp[i] > 0 ? w->imc[i] / w->base_imp[i] : 1.0;
    }
    return SS_OK;
}

/* ---- a synthetic world for benchmarks ------------------------------------ */

/* SplitMix64: tiny, good enough for test worlds, and its state is local. */
static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
    return ((double)(splitmix(s) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double normal(uint64_t *s)
{
    double u1 = uniform(s), u2 = uniform(s);
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

int ss_eq_synthetic(size_t n, size_t k, unsigned long seed, double *x0, double *chat)
{
    if (n < 3 || k == 0 || !x0 || !chat)
        return SS_EINVAL;
    /* Every draw comes from a stream seeded by the country, pair or
     * (country, sector) it belongs to, so the world does not depend on the
     * loop order. Country sizes are log-normal, positions on a unit square
     * give distances; supply and demand weights by sector differ, so
     * countries run surpluses in some sectors and deficits in others. */
    for (size_t i = 0; i < n; i++) {
        uint64_t si = (uint64_t)seed * 1000003ull + i * 2654435761ull;
        double size_i = exp(1.2 * normal(&si));
        double xi = uniform(&si), yi = uniform(&si);
        for (size_t j = 0; j < n; j++) {
            uint64_t sj = (uint64_t)seed * 1000003ull + j * 2654435761ull;
            double size_j = exp(1.2 * normal(&sj));
            double xj = uniform(&sj), yj = uniform(&sj);
            double dist = sqrt((xi - xj) * (xi - xj) + (yi - yj) * (yi - yj)) + 0.05;
            uint64_t sp = (uint64_t)seed ^ ((uint64_t)i * 0x9E3779B97F4A7C15ull) ^
                          ((uint64_t)j * 0xC2B2AE3D27D4EB4Full);
            for (size_t s = 0; s < k; s++) {
                uint64_t ss = (uint64_t)seed * 7919ull + i * 104729ull + s * 15485863ull;
                double supply = 0.2 + 1.6 * uniform(&ss);
                uint64_t sd = (uint64_t)seed * 6151ull + j * 3571ull + s * 27644437ull + 1;
                double dem = 0.2 + 1.6 * uniform(&sd);
                double v = 100.0 * size_i * size_j * supply * dem / dist;
                double noise = exp(0.5 * normal(&sp));
                if (i == j)
                    v *= 40.0; /* home bias: domestic sales dominate */
                else if (uniform(&sp) < 0.05)
                    v = 0; /* some pairs never trade */
                size_t idx = (i * n + j) * k + s;
                x0[idx] = v * noise;
                /* Shock: country 0 is the target, countries 1 .. n/5 the
                 * coalition. The first third of the sectors is banned both
                 * ways, the rest pays a 50% penalty; elsewhere, 10% of the
                 * links see cost changes of up to +-10%. */
                double c = 1.0;
                int coal_i = i >= 1 && i <= n / 5, coal_j = j >= 1 && j <= n / 5;
                if ((i == 0 && coal_j) || (j == 0 && coal_i))
                    c = (s < (k + 2) / 3) ? INFINITY : 1.5;
                else if (i != j && uniform(&sp) < 0.1)
                    c = 0.9 + 0.2 * uniform(&sp);
                chat[idx] = c;
            }
        }
    }
    return SS_OK;
}
