/* The equilibrium solver's inside, shared by its two rooms: the workspace
 * (struct ss_eq_workspace) and the steps before and after the iteration.
 *   equilibrium.c        the iteration: the map, the safeguard, Anderson
 *                        acceleration, ss_eq_solve
 *   equilibrium_setup.c  options and the workspace, the check of the inputs
 *                        and the link weights, the results, a synthetic world
 * Not for use outside model/equilibrium*.c. */
#ifndef SS_EQUILIBRIUM_INTERNAL_H
#define SS_EQUILIBRIUM_INTERNAL_H

#include "equilibrium.h"

#include <stddef.h>

/* Anderson acceleration keeps this many past steps. More memory helps
 * little here and costs a pass over the n*k price indices per column. */
#define AA_MEMORY 6

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

/* A country as the user knows it: its code when the caller gave codes. */
const char *ss_eq_cname(const ss_eq_options *o, size_t i, char *buf, size_t len);
/* The name of sector s for messages (opt->sectors, or its number). */
const char *ss_eq_sname(const ss_eq_options *o, size_t s, char *buf, size_t len);
/* Checks every flow and cost change, sums incomes and expenditures, and
 * sets the link weights; *shocked says whether any cost changed. */
int ss_eq_check_inputs(ss_eq_workspace *w, const double *x0, const double *chat,
                       const ss_eq_options *o, double theta, int *shocked, ss_diag *diag);
/* The solution of an unshocked world: every change 1, the flows x0. */
void ss_eq_identity_result(ss_eq_workspace *w, const double *x0);
/* Points res (if any) at the workspace's results. */
void ss_eq_fill_result(const ss_eq_workspace *w, ss_eq_result *res, double nu, long iters,
                       double tol);
/* The reported changes and the counterfactual flows from the converged
 * state. */
int ss_eq_finish(ss_eq_workspace *w, int balance, double theta, const ss_eq_options *o,
                 ss_diag *diag);

#endif
