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
#include "equilibrium_internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
                           ss_eq_cname(o, runaway, b1, sizeof b1), exp(w->glnw[runaway]), it);
    }
    return SS_OK;
}

/* The log wages of x: -ln(x) / theta for an active country, else 0. */
static void log_wages(ss_eq_workspace *w, double theta)
{
    for (size_t i = 0; i < w->n; i++)
        w->lnw[i] = w->active[i] ? -log(w->x[i]) / theta : 0;
}

/* The step of length relax from the last accepted point towards g (its
 * map's values gx and gphi: the price indices mix like u, linearly), and
 * the log wages of the new x. */
static void relaxed_step(ss_eq_workspace *w, double theta, double relax, const double *gx,
                         const double *gphi)
{
    size_t n = w->n, nk = n * w->k;
    for (size_t i = 0; i < n; i++)
        w->x[i] = (1 - relax) * w->xa[i] + relax * gx[i];
    for (size_t c = 0; c < nk; c++)
        w->phi[c] = (1 - relax) * w->phia[c] + relax * gphi[c];
    log_wages(w, theta);
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
        relaxed_step(w, theta, s->relax, w->Ga, w->phiGa);
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
        relaxed_step(w, theta, s->relax, w->gx, w->gphi);
    } else {
        log_wages(w, theta);
    }
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
    int st = ss_eq_finish(w, o->balance, theta, o, diag);
    if (st != SS_OK)
        return st;
    memcpy(w->wsave, w->lnw, n * sizeof *w->wsave);
    w->have_solution = 1;
    ss_eq_fill_result(w, res, s->gnu, it, s->dist);
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
    st = ss_eq_check_inputs(w, x0, chat, o, theta, &shocked, diag);
    if (st != SS_OK)
        return st;
    if (!shocked) {
        ss_eq_identity_result(w, x0);
        memset(w->wsave, 0, w->n * sizeof *w->wsave);
        w->have_solution = 1;
        ss_eq_fill_result(w, res, 1.0, 0, 0.0);
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
                           "a sigma further from 1 or a smaller shock (a penalty, "
                           "secondary_penalty) converges sooner, and the shock may leave some "
                           "country no way to balance its trade",
                           o->max_iter, s.dist, o->tol,
                           s.neg ? ", and some country's expenditure would be negative under "
                                   "the additive balance"
                                 : "");
    }
    return accept_last(w, o, theta, it, &s, res, diag);
}
