/* Trading blocs (see bloc.h and docs/model.md section 3b). */
#include "bloc.h"

void ss_bloc_apply(const ss_bloc *b, size_t n, size_t k, double *d, double *fixed)
{
    const ss_set *mem = &b->members;
    for (size_t a = 0; b->preference != 0 && a < mem->len; a++)
        for (size_t c = 0; c < mem->len; c++) {
            if (a == c)
                continue;
            double *row = d + (mem->at[a] * n + mem->at[c]) * k;
            for (size_t s = 0; s < k; s++)
                row[s] *= 1 + b->preference;
        }
    for (size_t a = 0; b->external != 0 && a < mem->len; a++) {
        const size_t j = mem->at[a];
        for (size_t i = 0; i < n; i++) {
            if (ss_set_has(mem, i))
                continue;
            for (size_t q = 0; q < b->sectors.len; q++)
                fixed[(i * n + j) * k + b->sectors.at[q]] *= 1 + b->external;
        }
    }
}

double ss_bloc_internal_share(const ss_bloc *b, size_t n, size_t k, const double *x,
                              double *internal, double *imports)
{
    const ss_set *mem = &b->members;
    *internal = *imports = 0;
    for (size_t a = 0; a < mem->len; a++) {
        const size_t j = mem->at[a];
        for (size_t i = 0; i < n; i++) {
            if (i == j)
                continue;
            const int inside = ss_set_has(mem, i);
            for (size_t s = 0; s < k; s++) {
                const double v = x[(i * n + j) * k + s];
                *imports += v;
                if (inside)
                    *internal += v;
            }
        }
    }
    return *imports > 0 ? *internal / *imports : 0;
}
