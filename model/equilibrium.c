/* Static general equilibrium by exact hat algebra (EQUILIBRIUM.md): factory
 * prices w adjust until every country's sales equal its income, given the
 * change chat of every link's cost.
 *
 * Every iterate writes the flows as X'_ijs = b_ijs * u_i * g_js, with the
 * link weights b = X0 * chat^-theta fixed for the solve, u_i = w_i^-theta,
 * g_js = alpha_js E'_j / Psi_js and Psi_js = sum_i b_ijs u_i (the price
 * index of j in s is (Psi_js / E0_js)^(-1/theta)). So a closed link or a
 * link without baseline flow carries nothing at every iterate, and the only
 * unknowns are the n prices. Everything the iteration touches lives in the
 * workspace. */
#include "equilibrium.h"
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Anderson acceleration keeps this many past steps. More memory helps
 * little here and costs a pass over the n*k price indices per column. */
#define AA_MEMORY 6
/* A Newton step assumes the other countries' prices stay put. They do not,
 * and in a world of two equal countries both would move the same relative
 * price: the undamped step would overshoot by a factor of two forever. */
#define STEP_DAMP 0.5
/* Smallest own elasticity of excess demand the step trusts, as a share of
 * 1 + theta (the elasticity of a small open economy, ge_gravity's step). A
 * nearly closed economy barely reacts to its own price, and a huge step
 * computed from that would be a guess. */
#define MIN_ELASTICITY 0.05
/* Largest change of a country's log flows (theta times its log price) in
 * one step: beyond that the linearisation behind the step means little. */
#define MAX_LOG_STEP 1.0
/* Safeguard: an iterate whose residual exceeds this multiple of the last
 * accepted one is rejected, and the solver steps back towards the accepted
 * point with half the previous step length (at least MIN_RELAX). */
#define MAX_GROWTH 10.0
#define MIN_RELAX (1.0 / 1024)
/* A price that has moved by more than exp(RUNAWAY / theta) (flows by more
 * than exp(RUNAWAY)) means there is no equilibrium to find. */
#define RUNAWAY 200.0
/* The step's own elasticity needs each exporter's market shares, which
 * cost as much as its sales to sum; they change slowly, so they are
 * refreshed every few iterations only. */
#define OWN_REFRESH 4

struct ss_eq_workspace {
    size_t n, k;
    double *a;             /* n*n*k: link weights b; the flows after a solve */
    double *Y, *E, *D;     /* n: baseline income (sales), expenditure, deficit */
    double *Es;            /* n*k: baseline sector expenditure */
    double *alpha;         /* n*k: sector shares of expenditure */
    double *colsum;        /* n*k: sum_i b, i.e. Psi at the baseline prices */
    double *base_exp;      /* n: baseline foreign sales */
    double *base_imp;      /* n: baseline foreign purchases */
    unsigned char *active; /* n: the country sold something at baseline */
    unsigned char *buys;   /* n*k: it bought something in the sector */

    /* The current iterate x (u = w^-theta) and what follows from it; phi
     * holds Psi and q holds 1 / Psi. */
    double *x, *lnw, *phi, *g, *q, *Ep;
    /* The map's value G(x) and what follows from it. */
    double *gx, *glnw, *gphi, *gg, *gq, *gEp;
    /* Anderson acceleration: the last residual and map value, and the
     * differences of the last AA_MEMORY steps (ring buffers). */
    double *f, *fprev, *gxprev, *gphiprev, *wt;
    /* The safeguard's last accepted point, its map value and their Psi. */
    double *xa, *Ga, *phia, *phiGa;
    double *own; /* n: each exporter's sales-weighted market share */
    double *dF, *dG, *dPhi, *Qm;
    size_t ncol, head;

    /* Results. */
    double *fpc, *inc, *expc, *pic, *spic, *wel, *exc, *imc;
    double *wsave; /* log prices of the last solution, for warm starts */
    int have_solution;
};

void ss_eq_options_init(ss_eq_options *o)
{
    /* The model's defaults: one fact, stated in model/config.c. */
    o->sigma = ss_config_default.sigma;
    o->balance = ss_config_default.balance;
    o->tol = 1e-10;
    o->max_iter = 1000;
    o->warm_start = 0;
    o->names = NULL;
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
static const char *cname(const ss_eq_options *o, size_t i, char *buf, size_t len)
{
    if (o->names && o->names[i])
        return o->names[i];
    snprintf(buf, len, "country %zu", i);
    return buf;
}

/* Expenditure at prices exp(lnw) under the closure, and the common sales
 * scale. Returns the number of countries whose expenditure would be negative;
 * their expenditure is set to 0 so the iteration can move on (and the
 * solve fails if that is still so at the end). */
static size_t expenditure(const ss_eq_workspace *w, int balance, const double *lnw, double *Ep,
                          double *nu, const double *earned)
{
    size_t n = w->n, neg = 0;
    double spend = 0, income = 0;
    for (size_t j = 0; j < n; j++) {
        double wj = exp(lnw[j]);
        double e;
        if (balance == SS_EQ_ADDITIVE)
            e = wj * w->Y[j] + w->D[j];
        else if (balance == SS_EQ_MULTIPLICATIVE)
            e = wj * w->E[j];
        else
            e = w->E[j];
        /* Commissions earned are spent too; they are paid out of others'
         * sales, so they leave the world's balance (and nu) as it is. */
        double earns = earned && balance != SS_EQ_CONDITIONAL ? earned[j] : 0;
        if (e + earns < 0 || (e + earns == 0 && w->E[j] > 0)) {
            neg++;
            e = 0 - earns; /* +0 when nothing is earned */
        }
        Ep[j] = earned ? e + earns : e;
        spend += e;
        income += wj * w->Y[j];
    }
    /* Additive deficits sum to zero, so sales equal incomes exactly; only
     * multiplicative deficits (w_j D_j) leave a world imbalance to absorb. */
    *nu = (balance == SS_EQ_MULTIPLICATIVE && income > 0) ? spend / income : 1.0;
    return neg;
}

/* g_js = alpha_js E'_j / Psi_js: what an importer spends per unit of
 * price-adjusted supply; q = 1 / Psi gives the Newton step the exporter's
 * market shares (b_ijs u_i / Psi_js). */
static void demand(const ss_eq_workspace *w, const double *Ep, const double *phi, double *g,
                   double *q)
{
    size_t n = w->n, k = w->k;
    for (size_t j = 0; j < n; j++)
        for (size_t s = 0; s < k; s++) {
            size_t c = j * k + s;
            if (w->buys[c] && phi[c] > 0) {
                q[c] = 1 / phi[c];
                g[c] = w->alpha[c] * Ep[j] * q[c];
            } else {
                g[c] = 0;
                q[c] = 0;
            }
        }
}

/* Sales of one exporter per unit of u (sum_c b_c g_c) and, in *own, the
 * same sum weighted by its market shares per unit of u (sum_c b_c g_c b_c
 * r_c). Four partial sums keep the adder busy; restrict lets the compiler
 * use vector instructions. */
static double row_sales(const double *restrict b, const double *restrict g,
                        const double *restrict r, size_t len, double *own)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0;
    size_t c = 0;
    for (; c + 4 <= len; c += 4) {
        double t0 = b[c] * g[c], t1 = b[c + 1] * g[c + 1];
        double t2 = b[c + 2] * g[c + 2], t3 = b[c + 3] * g[c + 3];
        s0 += t0;
        s1 += t1;
        s2 += t2;
        s3 += t3;
        h0 += t0 * b[c] * r[c];
        h1 += t1 * b[c + 1] * r[c + 1];
        h2 += t2 * b[c + 2] * r[c + 2];
        h3 += t3 * b[c + 3] * r[c + 3];
    }
    for (; c < len; c++) {
        double t = b[c] * g[c];
        s0 += t;
        h0 += t * b[c] * r[c];
    }
    *own = (h0 + h1) + (h2 + h3);
    return (s0 + s1) + (s2 + s3);
}

/* Sales of one exporter per unit of u, without the market shares. */
static double row_dot(const double *restrict b, const double *restrict g, size_t len)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t c = 0;
    for (; c + 4 <= len; c += 4) {
        s0 += b[c] * g[c];
        s1 += b[c + 1] * g[c + 1];
        s2 += b[c + 2] * g[c + 2];
        s3 += b[c + 3] * g[c + 3];
    }
    for (; c < len; c++)
        s0 += b[c] * g[c];
    return (s0 + s1) + (s2 + s3);
}

/* y += u * b over one exporter's links. */
static void row_axpy(double *restrict y, const double *restrict b, double u, size_t len)
{
    size_t c = 0;
    for (; c + 4 <= len; c += 4) {
        y[c] += b[c] * u;
        y[c + 1] += b[c + 1] * u;
        y[c + 2] += b[c + 2] * u;
        y[c + 3] += b[c + 3] * u;
    }
    for (; c < len; c++)
        y[c] += b[c] * u;
}

/* One evaluation of the fixed-point map, in a single pass over the link
 * array: for each exporter, its sales at the current prices, a damped
 * Newton step on its own log price (using the analytic own elasticity of
 * its excess demand), and its contribution to the new price indices. Then
 * the prices are renormalised so that world factor income is unchanged. */
static void map_eval(ss_eq_workspace *w, int balance, double theta, double nu, int fresh,
                     const double *paid)
{
    size_t n = w->n, k = w->k, nk = n * k;
    const double *g = w->g;
    double *gphi = w->gphi;
    memset(gphi, 0, nk * sizeof *gphi);
    for (size_t i = 0; i < n; i++) {
        if (!w->active[i]) {
            w->glnw[i] = w->lnw[i];
            w->gx[i] = w->x[i];
            continue;
        }
        const double *bi = w->a + i * nk;
        double H, S;
        if (fresh) {
            S = row_sales(bi, g, w->q, nk, &H);
            w->own[i] = S > 0 ? w->x[i] * H / S : 0;
        } else {
            S = row_dot(bi, g, nk);
        }
        double dom = 0;
        for (size_t s = 0; s < k; s++)
            dom += bi[i * k + s] * g[i * k + s];
        double u = w->x[i], wi = exp(w->lnw[i]);
        double sales = u * S;
        double target = balance == SS_EQ_CONDITIONAL ? w->Y[i] : nu * wi * w->Y[i];
        if (paid && balance != SS_EQ_CONDITIONAL)
            target += paid[i]; /* sales = factor income + commissions carried */
        double lnz = sales > 0 ? log(sales / target) : -100 * MAX_LOG_STEP;
        /* Own elasticity of sales/target: a higher price loses market share
         * (-theta times the share not already held) and, outside the
         * conditional closure, raises income (-1 through the target) and
         * the country's own spending on its own goods. */
        double e = -theta * (1 - w->own[i]);
        if (balance != SS_EQ_CONDITIONAL && S > 0) {
            double eps = 0;
            if (balance == SS_EQ_MULTIPLICATIVE)
                eps = 1;
            else if (w->Ep[i] > 0)
                eps = wi * w->Y[i] / w->Ep[i];
            e += (u * dom / S) * eps - 1;
        }
        if (e > -MIN_ELASTICITY * (1 + theta))
            e = -MIN_ELASTICITY * (1 + theta);
        double step = -STEP_DAMP * lnz / e, smax = MAX_LOG_STEP / theta;
        if (step > smax)
            step = smax;
        if (step < -smax)
            step = -smax;
        double lw = w->lnw[i] + step, un = exp(-theta * lw);
        w->glnw[i] = lw;
        w->gx[i] = un;
        row_axpy(gphi, bi, un, nk);
    }
    /* Numeraire: world factor income sum_i w_i Y_i stays at sum_i Y_i. */
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++)
        if (w->active[i]) {
            num += w->Y[i];
            den += exp(w->glnw[i]) * w->Y[i];
        }
    double lk = log(num / den), uk = exp(-theta * lk);
    for (size_t i = 0; i < n; i++)
        if (w->active[i]) {
            w->glnw[i] += lk;
            w->gx[i] *= uk;
        }
    for (size_t c = 0; c < nk; c++)
        gphi[c] *= uk;
}

/* Least squares for the Anderson weights: gamma minimising
 * || W (f - dF gamma) || by modified Gram-Schmidt, dropping a column that is
 * (nearly) a combination of the others instead of letting it blow up. */
static void anderson_weights(ss_eq_workspace *w, double *gamma)
{
    size_t n = w->n, m = w->ncol;
    double R[AA_MEMORY][AA_MEMORY];
    int keep[AA_MEMORY];
    double *Q = w->Qm;
    for (size_t c = 0; c < m; c++) {
        const double *col = w->dF + c * n;
        double *qc = Q + c * n;
        double orig = 0;
        for (size_t i = 0; i < n; i++) {
            qc[i] = col[i] * w->wt[i];
            orig += qc[i] * qc[i];
        }
        for (size_t p = 0; p < c; p++) {
            R[p][c] = 0;
            if (!keep[p])
                continue;
            const double *qp = Q + p * n;
            double r = 0;
            for (size_t i = 0; i < n; i++)
                r += qp[i] * qc[i];
            for (size_t i = 0; i < n; i++)
                qc[i] -= r * qp[i];
            R[p][c] = r;
        }
        double nrm = 0;
        for (size_t i = 0; i < n; i++)
            nrm += qc[i] * qc[i];
        nrm = sqrt(nrm);
        keep[c] = orig > 0 && nrm > 1e-8 * sqrt(orig);
        R[c][c] = nrm;
        if (keep[c])
            for (size_t i = 0; i < n; i++)
                qc[i] /= nrm;
    }
    double b[AA_MEMORY];
    for (size_t c = 0; c < m; c++) {
        b[c] = 0;
        if (!keep[c])
            continue;
        const double *qc = Q + c * n;
        for (size_t i = 0; i < n; i++)
            b[c] += qc[i] * w->f[i] * w->wt[i];
    }
    for (size_t cc = m; cc-- > 0;) {
        gamma[cc] = 0;
        if (!keep[cc])
            continue;
        double v = b[cc];
        for (size_t p = cc + 1; p < m; p++)
            if (keep[p])
                v -= R[cc][p] * gamma[p];
        gamma[cc] = v / R[cc][cc];
    }
}

/* Change between two positive numbers, as a bound on |log(b / a)|. */
static double logdiff_bound(double a, double b)
{
    if (a == b)
        return 0;
    if (!(a > 0) || !(b > 0))
        return INFINITY;
    double r = b / a;
    return fabs(r - 1) / (r < 1 ? r : 1);
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
 * a market. */
static int check_inputs(ss_eq_workspace *w, const double *x0, const double *chat,
                        const ss_eq_options *o, double theta, int *shocked, ss_diag *diag)
{
    size_t n = w->n, k = w->k, nk = n * k;
    char b1[48], b2[48];
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
                                       "baseline flow from %s to %s in sector %zu is %g; "
                                       "flows must be finite and non-negative",
                                       cname(o, i, b1, sizeof b1), cname(o, j, b2, sizeof b2), s,
                                       v);
                if (!(ch > 0))
                    return ss_diag_set(diag, SS_EINVAL,
                                       "cost change on the link from %s to %s in sector %zu "
                                       "is %g; it must be positive (1 = unchanged, infinity "
                                       "= closed)",
                                       cname(o, i, b1, sizeof b1), cname(o, j, b2, sizeof b2), s,
                                       ch);
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
                               cname(o, i, b1, sizeof b1));
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
                               cname(o, j, b1, sizeof b1));
        for (size_t s = 0; s < k; s++) {
            size_t c = j * k + s;
            w->buys[c] = w->Es[c] > 0;
            w->alpha[c] = w->E[j] > 0 ? w->Es[c] / w->E[j] : 0;
            if (w->buys[c] && !(w->colsum[c] > 0))
                return ss_diag_set(diag, SS_EINVAL,
                                   "%s can no longer buy sector %zu from anyone: every link "
                                   "it bought on at baseline is closed (its price index "
                                   "would be infinite)",
                                   cname(o, j, b1, sizeof b1), s);
        }
    }
    return SS_OK;
}

/* The baseline itself, exactly: no link changed, so nothing moves. */
static void identity_result(ss_eq_workspace *w, const double *x0)
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

static void fill_result(const ss_eq_workspace *w, ss_eq_result *res, double nu, long iters,
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
static int finish(ss_eq_workspace *w, int balance, double theta, const ss_eq_options *o,
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
                               cname(o, j, b1, sizeof b1), -w->D[j]);
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
                               cname(o, i, b1, sizeof b1));
    }
    for (size_t i = 0; i < n; i++) {
        w->exc[i] = w->base_exp[i] > 0 ? w->exc[i] / w->base_exp[i] : 1.0;
        w->imc[i] = w->base_imp[i] > 0 ? w->imc[i] / w->base_imp[i] : 1.0;
    }
    return SS_OK;
}

/* The options a solve needs: sigma above one, a known balance, a positive
 * tolerance and at least one iteration. */
static int check_options(const ss_eq_options *o, ss_diag *diag)
{
    if (!(o->sigma > 1) || !isfinite(o->sigma))
        return ss_diag_set(diag, SS_EINVAL,
                           "sigma is %g; the general equilibrium needs sigma > 1 (trade "
                           "elasticity sigma - 1 > 0)",
                           o->sigma);
    if (o->balance != SS_EQ_ADDITIVE && o->balance != SS_EQ_MULTIPLICATIVE &&
        o->balance != SS_EQ_CONDITIONAL)
        return ss_diag_set(diag, SS_EINVAL,
                           "unknown trade-balance option %d; expected additive, "
                           "multiplicative or conditional",
                           o->balance);
    if (!(o->tol > 0) || !isfinite(o->tol))
        return ss_diag_set(diag, SS_EINVAL, "equilibrium tolerance is %g; it must be positive",
                           o->tol);
    if (o->max_iter < 1)
        return ss_diag_set(diag, SS_EINVAL,
                           "equilibrium iteration cap is %ld; it must be at least 1", o->max_iter);
    return SS_OK;
}

/* The state of the iteration between its steps: the sales scales of x and
 * G(x), the last distance, the safeguard's anchor residual and step length,
 * whether a previous accepted step exists for Anderson's differences, and
 * how many countries' expenditure the last map value made negative. */
typedef struct {
    double nu, gnu, dist, fanchor, relax;
    int have_prev;
    size_t neg;
} solve_state;

/* Start at the baseline prices, whose price indices are the column sums
 * of the link weights, or at the last solution. */
static void start_point(ss_eq_workspace *w, int warm, double theta)
{
    size_t n = w->n, nk = n * w->k;
    if (warm) {
        memset(w->phi, 0, nk * sizeof *w->phi);
        for (size_t i = 0; i < n; i++) {
            w->lnw[i] = w->active[i] ? w->wsave[i] : 0;
            w->x[i] = exp(-theta * w->lnw[i]);
            const double *ai = w->a + i * nk;
            for (size_t c = 0; c < nk; c++)
                w->phi[c] += ai[c] * w->x[i];
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            w->lnw[i] = 0;
            w->x[i] = 1;
        }
        memcpy(w->phi, w->colsum, nk * sizeof *w->phi);
    }
    w->ncol = 0;
    w->head = 0;
}

/* One iteration's evaluation: the state at x, the map value G(x) and the
 * state at G(x); returns the distance between x and G(x) in log flows. */
static double evaluate(ss_eq_workspace *w, const ss_eq_options *o, double theta, long it,
                       solve_state *s)
{
    size_t n = w->n, nk = n * w->k;
    int balance = o->balance;
    expenditure(w, balance, w->lnw, w->Ep, &s->nu, o->earned);
    demand(w, w->Ep, w->phi, w->g, w->q);
    map_eval(w, balance, theta, s->nu, it == 1 || it % OWN_REFRESH == 0, o->paid);
    s->neg = expenditure(w, balance, w->glnw, w->gEp, &s->gnu, o->earned);
    demand(w, w->gEp, w->gphi, w->gg, w->gq);

    /* The largest change in log flows between x and G(x) is at most
     * the largest change in log u_i plus the largest in log g_js. */
    double du = 0, dg = 0;
    for (size_t i = 0; i < n; i++)
        if (w->active[i]) {
            double d = theta * fabs(w->glnw[i] - w->lnw[i]);
            if (d > du)
                du = d;
        }
    for (size_t c = 0; c < nk; c++)
        if (w->buys[c]) {
            double d = logdiff_bound(w->g[c], w->gg[c]);
            if (d > dg)
                dg = d;
        }
    return du + dg;
}

/* Residual of the map in u, relative to u: its largest entry in *fmax.
 * Fails when a price has run away, since then there is no equilibrium. */
static int residual(ss_eq_workspace *w, const ss_eq_options *o, double theta, long it,
                    double *fmax_out, ss_diag *diag)
{
    double fmax = 0, lwmax = 0;
    size_t runaway = 0;
    for (size_t i = 0; i < w->n; i++) {
        w->f[i] = w->gx[i] - w->x[i];
        w->wt[i] = 1 / w->x[i];
        double d = fabs(w->f[i]) * w->wt[i];
        if (d > fmax || d != d)
            fmax = d != d ? INFINITY : d;
        if (fabs(w->glnw[i]) > lwmax) {
            lwmax = fabs(w->glnw[i]);
            runaway = i;
        }
    }
    *fmax_out = fmax;
    if (theta * lwmax > RUNAWAY) {
        char b1[48];
        return ss_diag_set(diag, SS_ENUMERIC,
                           "no equilibrium: the factory price of %s runs away (a factor "
                           "of %.3g after %ld iterations); the shock leaves it no way to "
                           "sell what it must at any price, typically because its "
                           "deficit or surplus is held fixed while its links are closed",
                           cname(o, runaway, b1, sizeof b1), exp(w->glnw[runaway]), it);
    }
    return SS_OK;
}

/* Safeguard: reject an iterate whose residual grew too much, and step from
 * the last accepted point towards its map value with half the previous
 * length (the price indices mix like u, linearly); returns 1 then.
 * Otherwise the iterate becomes the accepted point, and returns 0. */
static int safeguard(ss_eq_workspace *w, double theta, long it, double fmax, solve_state *s)
{
    size_t n = w->n, nk = n * w->k;
    if (it > 1 && !(fmax <= MAX_GROWTH * s->fanchor) && s->relax > MIN_RELAX) {
        s->relax /= 2;
        w->ncol = 0;
        s->have_prev = 0;
        for (size_t i = 0; i < n; i++)
            w->x[i] = (1 - s->relax) * w->xa[i] + s->relax * w->Ga[i];
        for (size_t c = 0; c < nk; c++)
            w->phi[c] = (1 - s->relax) * w->phia[c] + s->relax * w->phiGa[c];
        for (size_t i = 0; i < n; i++)
            w->lnw[i] = w->active[i] ? -log(w->x[i]) / theta : 0;
        return 1;
    }
    memcpy(w->xa, w->x, n * sizeof *w->xa);
    memcpy(w->Ga, w->gx, n * sizeof *w->Ga);
    memcpy(w->phia, w->phi, nk * sizeof *w->phia);
    memcpy(w->phiGa, w->gphi, nk * sizeof *w->phiGa);
    s->fanchor = fmax;
    s->relax = s->relax * 2 > 1 ? 1 : s->relax * 2;
    return 0;
}

/* Records the accepted step's differences in the ring buffers (when there
 * is a previous accepted step) and keeps this step for the next one. */
static void anderson_record(ss_eq_workspace *w, solve_state *s)
{
    size_t n = w->n, nk = n * w->k;
    if (s->have_prev) {
        size_t col = w->head;
        for (size_t i = 0; i < n; i++) {
            w->dF[col * n + i] = w->f[i] - w->fprev[i];
            w->dG[col * n + i] = w->gx[i] - w->gxprev[i];
        }
        for (size_t c = 0; c < nk; c++)
            w->dPhi[col * nk + c] = w->gphi[c] - w->gphiprev[c];
        w->head = (w->head + 1) % AA_MEMORY;
        if (w->ncol < AA_MEMORY)
            w->ncol++;
    }
    s->have_prev = 1;
    memcpy(w->fprev, w->f, n * sizeof *w->f);
    memcpy(w->gxprev, w->gx, n * sizeof *w->gx);
    memcpy(w->gphiprev, w->gphi, nk * sizeof *w->gphi);
}

/* Anderson acceleration on u = w^-theta, over accepted iterates: the next
 * x and its price indices. The price indices are linear in u, so the mixed
 * iterate's indices are the same mix of the stored ones: no extra pass
 * over links. Falls back to the relaxed plain step when the mix fails. */
static void anderson_step(ss_eq_workspace *w, double theta, solve_state *s)
{
    size_t n = w->n, nk = n * w->k;
    anderson_record(w, s);
    double gamma[AA_MEMORY] = {0};
    int mixed = 0;
    if (w->ncol > 0) {
        anderson_weights(w, gamma);
        mixed = 1;
        for (size_t i = 0; i < n && mixed; i++) {
            double v = w->gx[i];
            for (size_t c = 0; c < w->ncol; c++)
                v -= gamma[c] * w->dG[c * n + i];
            /* A mixed point must be a valid price vector and stay
             * within reach of the plain step; otherwise take that. */
            if (!(v > 0) || !isfinite(v) || fabs(log(v / w->gx[i])) > MAX_LOG_STEP)
                mixed = 0;
            w->x[i] = v;
        }
    }
    if (mixed) {
        memcpy(w->phi, w->gphi, nk * sizeof *w->phi);
        for (size_t c = 0; c < w->ncol; c++) {
            const double *dp = w->dPhi + c * nk;
            for (size_t cc = 0; cc < nk; cc++)
                w->phi[cc] -= gamma[c] * dp[cc];
        }
        for (size_t cc = 0; cc < nk; cc++)
            if (w->buys[cc] && !(w->phi[cc] > 0))
                mixed = 0;
    }
    if (!mixed) {
        w->ncol = 0;
        for (size_t i = 0; i < n; i++)
            w->x[i] = (1 - s->relax) * w->xa[i] + s->relax * w->gx[i];
        for (size_t c = 0; c < nk; c++)
            w->phi[c] = (1 - s->relax) * w->phia[c] + s->relax * w->gphi[c];
    }
    for (size_t i = 0; i < n; i++)
        w->lnw[i] = w->active[i] ? -log(w->x[i]) / theta : 0;
}

/* Accepts G(x), the last and best evaluated point, and reports it. */
static int accept_last(ss_eq_workspace *w, const ss_eq_options *o, double theta, long it,
                       const solve_state *s, ss_eq_result *res, ss_diag *diag)
{
    size_t n = w->n, nk = n * w->k;
    memcpy(w->x, w->gx, n * sizeof *w->x);
    memcpy(w->lnw, w->glnw, n * sizeof *w->lnw);
    memcpy(w->phi, w->gphi, nk * sizeof *w->phi);
    memcpy(w->g, w->gg, nk * sizeof *w->g);
    memcpy(w->Ep, w->gEp, n * sizeof *w->Ep);
    int st = finish(w, o->balance, theta, o, diag);
    if (st != SS_OK)
        return st;
    memcpy(w->wsave, w->lnw, n * sizeof *w->wsave);
    w->have_solution = 1;
    fill_result(w, res, s->gnu, it, s->dist);
    return SS_OK;
}

int ss_eq_solve(ss_eq_workspace *w, const double *x0, const double *chat, const ss_eq_options *opt,
                ss_eq_result *res, ss_diag *diag)
{
    ss_eq_options defaults;
    ss_eq_options_init(&defaults);
    const ss_eq_options *o = opt ? opt : &defaults;
    if (!w || !x0)
        return ss_diag_set(diag, SS_EINVAL, "equilibrium: no workspace or no baseline flows");
    int st = check_options(o, diag);
    if (st != SS_OK)
        return st;

    int shocked;
    double theta = o->sigma - 1;
    int warm = o->warm_start && w->have_solution;
    w->have_solution = 0;
    st = check_inputs(w, x0, chat, o, theta, &shocked, diag);
    if (st != SS_OK)
        return st;
    if (!shocked) {
        identity_result(w, x0);
        memset(w->wsave, 0, w->n * sizeof *w->wsave);
        w->have_solution = 1;
        fill_result(w, res, 1.0, 0, 0.0);
        return SS_OK;
    }

    start_point(w, warm, theta);
    solve_state s = {.nu = 1, .gnu = 1, .dist = INFINITY, .fanchor = INFINITY, .relax = 1};
    long it;
    for (it = 1; it <= o->max_iter; it++) {
        s.dist = evaluate(w, o, theta, it, &s);
        if (s.dist <= o->tol)
            break;
        double fmax;
        st = residual(w, o, theta, it, &fmax, diag);
        if (st != SS_OK)
            return st;
        if (safeguard(w, theta, it, fmax, &s))
            continue;
        anderson_step(w, theta, &s);
    }
    if (it > o->max_iter) {
        return ss_diag_set(diag, SS_ENOCONV,
                           "the general equilibrium did not converge in %ld iterations: the "
                           "largest change in log flows is still %.3g (tolerance %.3g)%s; "
                           "raise the iteration cap, or check whether the shock leaves some "
                           "country no way to balance its trade",
                           o->max_iter, s.dist, o->tol,
                           s.neg ? ", and some country's expenditure would be negative under "
                                   "the additive balance"
                                 : "");
    }
    return accept_last(w, o, theta, it, &s, res, diag);
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
