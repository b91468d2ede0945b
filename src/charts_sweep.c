/* The charts of a sweep folder: sweep-band, an indicator against the
 * varied keys with its 5 to 95 % range, and sweep-heatmap, its mean over
 * the first two keys. Each works for a grid (the points are the full
 * cross product of the keys' values) and for a sampled design (Latin
 * hypercube or Sobol points, where every key changes from point to point).
 *
 * A new sweep chart: a prep_ function here, a line in ss_sweep_charts,
 * and its script plots/NAME.gp. */
#include "chart.h"
#include "plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many series (values of the second key) in the band chart,
 * panels (keys) in a sampled design's band chart, cells a side with their
 * values written in the heat map, and axis labels on a text axis. */
enum { MAX_SERIES = 8, MAX_PANELS = 6, MAX_LABELLED = 12, MAX_TICS = 20 };

/* The widest line of the heat map's colour legend, in characters: what fits
 * the narrowest canvas (the PDF, 10 in) in the body's font. */
enum { LEGEND_CHARS = 120 };

/* 1 when a key's axis places its values by position (text values, or a
 * single value) rather than by number; coord gives value v's place. */
static int by_position(const ss_sweep_key *key)
{
    return !key->numeric || key->nval < 2;
}

static double coord(const ss_sweep_key *key, size_t v)
{
    return by_position(key) ? (double)v : key->num[v];
}

/* A value as a label: its text, or a shorter number when the text is long
 * (sampled values have 12 digits). */
static void value_label(const ss_sweep_key *key, size_t v, char *buf, size_t size)
{
    if (key->numeric && strlen(key->val[v]) > 10)
        snprintf(buf, size, "%.4g", key->num[v]);
    else
        snprintf(buf, size, "%s", key->val[v]);
}

/* Writes the axis labels of a key shown by position (text values, or the
 * cells of a heat map) to f: rows "axis, position, number of the text",
 * at most MAX_TICS of them, evenly spaced. Returns how many. */
static size_t write_tics(ss_chart *c, FILE *f, int axis, const ss_sweep_key *key)
{
    size_t step = (key->nval + MAX_TICS - 1) / MAX_TICS, count = 0;
    for (size_t v = 0; f && v < key->nval; v += step) {
        char label[64];
        value_label(key, v, label, sizeof label);
        fprintf(f, "%d\t%zu\t%d\n", axis, v, ss_chart_text(c, "%s", label));
        count++;
    }
    return count;
}

/* "Source: ..., seed 42; sweep of 4 points × 5 replicates". */
static void sweep_source(const ss_sweepfolder *sw, char *buf, size_t size)
{
    ss_source_line(sw->s, buf, size);
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "; sweep of %zu point%s \xc3\x97 %zu replicate%s", sw->npoints,
             sw->npoints == 1 ? "" : "s", sw->replicates, sw->replicates == 1 ? "" : "s");
}

/* "model.theta = 3, enforcement.X.penalty = 0.1 and 2 more": the keys
 * from `from` on, at the value a grid's charts hold them at: the first on
 * their axis (a number's lowest, a text's first met). */
static void fixed_keys(const ss_sweepfolder *sw, size_t from, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t k = from; k < sw->nkeys; k++) {
        size_t len = strlen(buf);
        char label[64];
        value_label(&sw->key[k], 0, label, sizeof label);
        if (k - from == 3) {
            snprintf(buf + len, size - len, " and %zu more", sw->nkeys - k);
            break;
        }
        snprintf(buf + len, size - len, "%s%s = %s", k > from ? ", " : "", sw->key[k].name, label);
    }
}

/* The axis range of the values shown: lowest and highest of lo..hi. */
static void widen(double *lo, double *hi, double a, double b)
{
    if (isfinite(a) && a < *lo)
        *lo = a;
    if (isfinite(b) && b > *hi)
        *hi = b;
}

/* Adds "; " and the formatted text to buf when buf is not empty. */
static void note_add(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note_add(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len && len + 2 < size) {
        memcpy(buf + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
    if (len == 0 && buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* "Other varied keys held at ..." for a grid of more than two keys, which
 * both charts say first in their note. */
static void note_fixed(const ss_sweepfolder *sw, char *note, size_t size)
{
    if (sw->grid && sw->nkeys > 2) {
        char fixed[512];
        fixed_keys(sw, 2, fixed, sizeof fixed);
        note_add(note, size, "Other varied keys held at %s", fixed);
    }
}

/* The message of a chart without any value to show. */
static int nothing_shown(const ss_sweepfolder *sw, ss_diag *d)
{
    return ss_plot_fail(d, sw->dir, 0, SS_SKIP,
                        "no run of the sweep%s gave a value of %s (the runs failed, or it is "
                        "empty by definition for them: scenarios/examples/SWEEPS.md)",
                        sw->grid && sw->nkeys > 2 ? " at the points shown" : "", sw->ind->name);
}

/* ---- sweep chart 1: the indicator against the first key, with its band ------ */

/* What the band chart shows, gathered while its data is written. */
typedef struct band {
    const ss_sweep_key *sk; /* the key of the series (a grid's second), or NULL */
    size_t np;              /* panels: 1 for a grid, one per sampled key */
    size_t sel[MAX_SERIES]; /* the values of sk drawn, ns of them */
    size_t ns, shown, missing;
    double ylo, yhi, xlo[MAX_PANELS], xhi[MAX_PANELS];
    double mlo, mhi, spread; /* the medians' range and the widest q95 - q05 drawn */
    double sd;               /* the largest standard deviation drawn */
} band;

/* One row of the statistics of point p, and the ranges they need. */
static void band_stats(FILE *f, band *b, const ss_sweepfolder *sw, size_t p)
{
    fprintf(f, "%.10g\t%.10g\t%.10g\t%.10g\n", sw->mean[p], sw->q05[p], sw->q50[p], sw->q95[p]);
    widen(&b->ylo, &b->yhi, fmin(sw->q05[p], sw->mean[p]), fmax(sw->q95[p], sw->mean[p]));
    widen(&b->mlo, &b->mhi, sw->q50[p], sw->q50[p]);
    b->spread = fmax(b->spread, sw->q95[p] - sw->q05[p]);
    b->sd = fmax(b->sd, sw->sd[p]);
}

/* A grid's data.dat: one block per series (at most MAX_SERIES values of
 * the second key, evenly chosen; a series without any value is left out),
 * rows x, mean, q05, q50, q95; every other key at its first value. */
static void band_grid(FILE *f, band *b, const ss_sweepfolder *sw)
{
    const ss_sweep_key *xk = &sw->key[0], *sk = b->sk;
    size_t nsel = sk ? (sk->nval < MAX_SERIES ? sk->nval : MAX_SERIES) : 1;
    for (size_t q = 0; q < nsel; q++) {
        size_t v = sk && sk->nval > MAX_SERIES
                       ? (q * (sk->nval - 1) + (MAX_SERIES - 1) / 2) / (MAX_SERIES - 1)
                       : q;
        size_t rows = 0;
        for (size_t x = 0; x < xk->nval; x++) {
            size_t p = ss_sweep_grid_point(sw, x, v);
            if (!isfinite(sw->q50[p])) {
                b->missing++;
                continue;
            }
            if (rows++ == 0)
                fputs(b->ns ? "\n\n" : "", f);
            fprintf(f, "%.12g\t", coord(xk, x));
            band_stats(f, b, sw, p);
            widen(&b->xlo[0], &b->xhi[0], coord(xk, x), coord(xk, x));
        }
        if (rows)
            b->sel[b->ns++] = v;
        b->shown += rows;
    }
}

/* A sampled design's data.dat: every point with a value, rows of the
 * coordinates of its first np keys, then mean, q05, q50, q95. */
static void band_sampled(FILE *f, band *b, const ss_sweepfolder *sw)
{
    for (size_t p = 0; p < sw->npoints; p++) {
        if (!isfinite(sw->q50[p])) {
            b->missing++;
            continue;
        }
        for (size_t k = 0; k < b->np; k++) {
            double x = coord(&sw->key[k], sw->key[k].at[p]);
            fprintf(f, "%.12g\t", x);
            widen(&b->xlo[k], &b->xhi[k], x, x);
        }
        band_stats(f, b, sw, p);
        b->shown++;
    }
    b->ns = 1;
}

/* The factor from an indicator's values to USD million: 1 or 1000 for an
 * amount of money (sweepfolder.c draws one of a billion or more in USD bn),
 * 0 for anything else. */
static double to_million(const ss_indicator *ind)
{
    return strcmp(ind->unit, " USD million") == 0 ? 1
           : strcmp(ind->unit, " USD bn") == 0    ? 1000
                                                  : 0;
}

/* "from USD 115 bn to USD 186 bn" or "from 100.33 to 100.80" (decimals
 * enough to tell lo from hi, at most 4), or "60.8 % at every point shown" when
 * they are one: the range of a finding, amounts of money as a slide reads
 * them. */
static void value_range(char *buf, size_t size, const ss_indicator *ind, double lo, double hi)
{
    const double mn = to_million(ind);
    if (mn) {
        char a[48], b[48];
        ss_money_like(a, sizeof a, mn * lo, mn * hi, 1);
        ss_money(b, sizeof b, mn * hi, 1);
        if (lo == hi)
            snprintf(buf, size, "%s at every point shown", b);
        else
            snprintf(buf, size, "from %s to %s", a, b);
        return;
    }
    if (lo == hi) { /* a share to 0.1, anything else to 0.01 */
        snprintf(buf, size, "%.*f%s at every point shown", strcmp(ind->unit, " %") == 0 ? 1 : 2, lo,
                 ind->unit);
        return;
    }
    const double want = hi > lo ? ceil(-log10(hi - lo)) + 1 : 1; /* -inf when hi - lo overflows */
    const int dec = want < 0 ? 0 : want > 4 ? 4 : (int)want;
    snprintf(buf, size, "from %.*f%s to %.*f%s", dec, lo, ind->unit, dec, hi, ind->unit);
}

/* The medians' range over the points drawn and their largest replicate
 * spread (q95 - q05), as the band chart's finding; with one run per point,
 * the range alone. A share's spread is in points. */
static void sweep_finding(ss_chart *c, const ss_sweepfolder *sw, const band *b)
{
    const double lo = b->mlo, hi = b->mhi, spread = b->spread;
    /* A grid of three keys or more draws a slice of it. */
    const char *over = b->shown + b->missing < sw->npoints ? "the points drawn" : "the design";
    char range[160], width[64];
    value_range(range, sizeof range, sw->ind, lo, hi);
    if (sw->replicates == 1) {
        ss_chart_finding(c, "%s: %s across %s (one run a point)", sw->ind->title, range, over);
        return;
    }
    if (b->sd == 0) { /* not spread == 0: q05 and q95 may both miss one outlier */
        ss_chart_finding(c, "%s: median %s across %s; each point's replicates agree",
                         sw->ind->title, range, over);
        return;
    }
    if (to_million(sw->ind))
        ss_money(width, sizeof width, to_million(sw->ind) * spread, 1);
    else
        snprintf(width, sizeof width, "%.3g%s", spread,
                 strcmp(sw->ind->unit, " %") == 0 ? " points" : sw->ind->unit);
    ss_chart_finding(c, "%s: median %s across %s; replicates spread at most %s (5 to 95 %%)",
                     sw->ind->title, range, over, width);
}

/* name with a line break after a dot wherever the line would otherwise
 * pass width characters (a part longer than that keeps its line). */
static const char *break_at_dots(const char *name, size_t width, char *out, size_t size)
{
    size_t len = 0, line = 0;
    out[0] = '\0';
    for (const char *part = name; *part && len + 2 < size;) {
        const char *dot = strchr(part, '.');
        const size_t plen = dot ? (size_t)(dot - part) + 1 : strlen(part);
        if (line > 0 && line + plen > width) {
            out[len++] = '\n';
            out[len] = '\0';
            line = 0;
        }
        snprintf(out + len, size - len, "%.*s", (int)plen, part);
        len = strlen(out);
        line += plen;
        part += plen;
    }
    return out;
}

/* The values of the series key that the band chart does not draw, the
 * first four named ("5" or "3.5, 4, 4.5, 5 and 2 more"): a trial missed
 * the scenario's own value among them. */
static const char *left_out(const band *b, char *out, size_t size)
{
    size_t named = 0, left = b->sk->nval - b->ns;
    out[0] = '\0';
    for (size_t v = 0, q = 0; v < b->sk->nval; v++) {
        if (q < b->ns && b->sel[q] == v) {
            q++;
            continue;
        }
        if (named == 4)
            break;
        const size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s",
                 named == 0          ? ""
                 : named + 1 == left ? " and "
                                     : ", ",
                 b->sk->val[v]);
        named++;
    }
    if (left > named) {
        const size_t len = strlen(out);
        snprintf(out + len, size - len, " and %zu more", left - named);
    }
    return out;
}

/* The band chart's strings, and tics.dat for the keys shown by position. */
static size_t band_text(ss_chart *c, const band *b, const ss_sweepfolder *sw)
{
    int grid = sw->grid != NULL;
    char src[1024], note[1024] = "";
    sweep_source(sw, src, sizeof src);
    const char *what = sw->replicates == 1
                           ? "one run a point"
                           : "median and mean over the replicates, with the 5 to 95 % range";
    if (grid)
        ss_chart_text(c, "%s against %s: %s", sw->ind->title, sw->key[0].name, what);
    else
        ss_chart_text(c, "%s against each sampled key: %s", sw->ind->title, what);
    ss_chart_text(c, "%s", src);
    ss_chart_text(c, "%s", sw->ind->axis);
    note_fixed(sw, note, sizeof note);
    if (b->sk && b->sk->nval > MAX_SERIES) {
        char out[256];
        note_add(note, sizeof note, "%zu of the %zu values of %s shown (left out: %s)", b->ns,
                 b->sk->nval, b->sk->name, left_out(b, out, sizeof out));
    }
    if (!grid)
        note_add(note, sizeof note,
                 "Sampled design: one dot per point, whose other keys "
                 "differ too");
    if (!grid && sw->nkeys > b->np)
        note_add(note, sizeof note, "the first %zu of %zu keys shown", b->np, sw->nkeys);
    if (b->missing)
        note_add(note, sizeof note,
                 "%zu point%s without a value (run failed, or none defined) left out", b->missing,
                 b->missing == 1 ? "" : "s");
    ss_chart_text(c, "%s", note);
    /* The series key's name heads the key column, about 26 characters
     * wide: a longer one is broken after dots ("enforcement.COALITION."
     * over "secondary_penalty"). */
    char head[2 * SS_KEY_PART];
    ss_chart_text(c, "%s", break_at_dots(b->sk ? b->sk->name : "", 26, head, sizeof head));
    for (size_t k = 0; k < b->np; k++)
        ss_chart_text(c, "%s", sw->key[k].name);
    for (size_t q = 0; b->sk && q < b->ns; q++) {
        char label[64];
        value_label(b->sk, b->sel[q], label, sizeof label);
        ss_chart_text(c, "%s", label);
    }
    FILE *tf = ss_chart_file(c, "tics.dat");
    size_t ntics = 0;
    for (size_t k = 0; k < b->np; k++)
        if (by_position(&sw->key[k]))
            ntics += write_tics(c, tf, (int)k + 1, &sw->key[k]);
    sweep_finding(c, sw, b);
    return ntics;
}

/* A grid: the first key on x; one series per value of the second key.
 * A sampled design: one panel per key (at most MAX_PANELS). */
static int prep_band(ss_plot_job *j, ss_chart *c)
{
    const ss_sweepfolder *sw = j->sw;
    if (sw->nkeys == 0)
        return ss_plot_fail(j->d, sw->dir, 0, SS_SKIP, "the sweep varies no key");
    int grid = sw->grid != NULL;
    band b = {.sk = grid && sw->nkeys > 1 ? &sw->key[1] : NULL,
              .np = grid                     ? 1
                    : sw->nkeys < MAX_PANELS ? sw->nkeys
                                             : MAX_PANELS,
              .ylo = INFINITY,
              .yhi = -INFINITY,
              .mlo = INFINITY,
              .mhi = -INFINITY,
              .sd = -INFINITY};
    for (size_t k = 0; k < MAX_PANELS; k++) {
        b.xlo[k] = INFINITY;
        b.xhi[k] = -INFINITY;
    }
    FILE *f = ss_chart_file(c, "data.dat");
    if (!f)
        return c->rc;
    if (grid)
        band_grid(f, &b, sw);
    else
        band_sampled(f, &b, sw);
    if (b.shown == 0)
        return nothing_shown(sw, j->d);
    /* The x axes: numbers, or text values by position. */
    f = ss_chart_file(c, "axes.dat");
    for (size_t k = 0; f && k < b.np; k++)
        fprintf(f, "%zu\t%.12g\t%.12g\n", by_position(&sw->key[k]) ? sw->key[k].nval : 0, b.xlo[k],
                b.xhi[k]);
    size_t ntics = band_text(c, &b, sw);
    /* The axis shows the indicator's anchor, as a leakage chart starts at
     * 0: a band from 14 to 66 %, or lost exports from 144 to 186 bn on an
     * axis from 140, made differences look larger than they are. */
    if (!isnan(sw->ind->anchor)) {
        b.ylo = fmin(b.ylo, sw->ind->anchor);
        b.yhi = fmax(b.yhi, sw->ind->anchor);
    }
    ss_chart_numbers(c, "%d\t%zu\t%zu\t%zu\t%.10g\t%.10g\t%d\n", grid ? 1 : 2, b.sk ? b.ns : 0,
                     b.np, ntics, b.ylo, b.yhi, sw->replicates == 1);
    return SS_OK;
}

/* ---- sweep chart 2: heat map of the mean over the first two keys ------------ */

/* The heat map's strings, and tics.dat for its axes shown by position. */
static size_t heat_text(ss_chart *c, const ss_sweepfolder *sw, size_t missing)
{
    int grid = sw->grid != NULL;
    const ss_sweep_key *xk = &sw->key[0], *yk = &sw->key[1];
    char src[1024], note[1024] = "";
    sweep_source(sw, src, sizeof src);
    const int one = sw->replicates == 1;
    ss_chart_text(c, "%s by %s and %s: %s", sw->ind->title, xk->name, yk->name,
                  one ? "one run a point" : "mean over the replicates");
    ss_chart_text(c, "%s", src);
    ss_chart_text(c, "%s", xk->name);
    ss_chart_text(c, "%s", yk->name);
    ss_chart_text(c, "%s%s", one ? "" : "Mean: ", sw->ind->axis);
    note_fixed(sw, note, sizeof note);
    if (!grid)
        note_add(note, sizeof note, "Sampled design: one dot per point%s",
                 sw->nkeys > 2 ? ", whose other keys differ too" : "");
    if (missing)
        note_add(note, sizeof note, "%s%zu point%s without a value (run failed, or none defined)",
                 grid ? "grey cells: " : "", missing, missing == 1 ? "" : "s");
    ss_chart_text(c, "%s", note);
    FILE *tf = ss_chart_file(c, "tics.dat");
    size_t ntics = 0;
    for (int a = 0; a < 2; a++) {
        const ss_sweep_key *k = a ? yk : xk;
        if (grid || by_position(k))
            ntics += write_tics(c, tf, a + 1, k);
    }
    return ntics;
}

/* The heat map's colour scale over the m points shown (pts): centred on
 * the median of their means, its half-range the larger of the means'
 * largest distance from it and twice the largest replicate spread (half of
 * q95 - q05), so that differences within the replicates' noise stay pale. */
static void heat_scale(const ss_sweepfolder *sw, const size_t *pts, size_t m, double *centre,
                       double *half, double *noise)
{
    double *v = ss_plot_zalloc(m ? m : 1, sizeof *v);
    *noise = 0;
    for (size_t q = 0; v && q < m; q++) {
        size_t p = pts[q];
        v[q] = sw->mean[p];
        double s = (sw->q95[p] - sw->q05[p]) / 2;
        *noise = isfinite(s) && s > *noise ? s : *noise;
    }
    m = v ? m : 0;
    for (size_t a = 1; a < m; a++) /* insertion sort: a sweep has few points */
        for (size_t b = a; b > 0 && v[b - 1] > v[b]; b--) {
            double t = v[b];
            v[b] = v[b - 1];
            v[b - 1] = t;
        }
    *centre = m == 0 ? 0 : m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    *half = 2 * *noise;
    for (size_t q = 0; q < m; q++)
        *half = fabs(v[q] - *centre) > *half ? fabs(v[q] - *centre) : *half;
    free(v);
}

/* A grid: one cell per pair of values of the first two keys (every other
 * key at its first value), by position; data.dat rows: x, y, mean. A
 * sampled design: one dot per point at its two keys' values (or positions,
 * for text). */
static int prep_sweep_heat(ss_plot_job *j, ss_chart *c)
{
    const ss_sweepfolder *sw = j->sw;
    if (sw->nkeys < 2)
        return ss_plot_fail(j->d, sw->dir, 0, SS_SKIP,
                            "the sweep varies %s%s%s, and a heat map needs two "
                            "varied keys",
                            sw->nkeys ? "one key (" : "no key", sw->nkeys ? sw->key[0].name : "",
                            sw->nkeys ? ")" : "");
    int grid = sw->grid != NULL;
    const ss_sweep_key *xk = &sw->key[0], *yk = &sw->key[1];
    double lo = INFINITY, hi = -INFINITY;
    double axlo[2] = {INFINITY, INFINITY}, axhi[2] = {-INFINITY, -INFINITY};
    size_t shown = 0, missing = 0;
    size_t count = grid ? xk->nval * yk->nval : sw->npoints;
    size_t *pts = ss_plot_zalloc(count, sizeof *pts); /* the points shown */
    FILE *f = pts ? ss_chart_file(c, "data.dat") : NULL;
    if (!f) {
        free(pts);
        return pts ? c->rc : ss_plot_no_memory(j->d);
    }
    for (size_t i = 0; i < count; i++) {
        size_t p = grid ? ss_sweep_grid_point(sw, i % xk->nval, i / xk->nval) : i;
        double x = grid ? (double)(i % xk->nval) : coord(xk, xk->at[p]),
               y = grid ? (double)(i / xk->nval) : coord(yk, yk->at[p]);
        if (!isfinite(sw->mean[p])) {
            missing++;
            continue;
        }
        fprintf(f, "%.12g\t%.12g\t%.10g\n", x, y, sw->mean[p]);
        widen(&lo, &hi, sw->mean[p], sw->mean[p]);
        widen(&axlo[0], &axhi[0], x, x);
        widen(&axlo[1], &axhi[1], y, y);
        pts[shown++] = p;
    }
    double centre, half, noise;
    heat_scale(sw, pts, shown, &centre, &half, &noise);
    free(pts);
    if (shown == 0)
        return nothing_shown(sw, j->d);
    int label = grid ? xk->nval <= MAX_LABELLED && yk->nval <= MAX_LABELLED : shown <= 30;
    /* Decimals for the cell labels: about three significant digits of the
     * spread of the values. */
    double spread = hi - lo > 0 ? hi - lo : fabs(hi) > 0 ? fabs(hi) : 1;
    const double want = 2 - floor(log10(spread)); /* -inf when hi - lo overflows */
    const int dec = want < 0 ? 0 : want > 4 ? 4 : (int)want;
    f = ss_chart_file(c, "axes.dat");
    for (int a = 0; f && a < 2; a++) {
        const ss_sweep_key *k = a ? yk : xk;
        fprintf(f, "%zu\t%.12g\t%.12g\n", grid || by_position(k) ? k->nval : 0, axlo[a], axhi[a]);
    }
    size_t ntics = heat_text(c, sw, missing);
    /* The scale's half-range when the values give none; and where it is
     * cut at the lowest value the indicator can take (a leakage below 0
     * would mean nothing). */
    const double scale = half > 0 ? half : fabs(centre) > 0 ? 0.05 * fabs(centre) : 1;
    const double floor_at = sw->ind->floor * sw->ind->scale;
    const int cut = centre - scale < floor_at; /* false for a NaN floor */
    char cut_note[48] = "";
    if (cut)
        snprintf(cut_note, sizeof cut_note, "; cut at %g", floor_at);
    char legend[400], wrapped[480];
    if (!(half > 0)) /* every value the same: the fallback's range */
        snprintf(legend, sizeof legend,
                 "Colours centred on the %s (%.*f), to \xc2\xb1%.*f: the values do not differ%s",
                 sw->replicates == 1 ? "values' median" : "means' median", dec, centre, dec, scale,
                 cut_note);
    else if (sw->replicates == 1)
        snprintf(legend, sizeof legend,
                 "Colours centred on the values' median (%.*f), to \xc2\xb1%.*f: their largest "
                 "distance from it%s",
                 dec, centre, dec, half, cut_note);
    else
        snprintf(legend, sizeof legend,
                 "Colours centred on the means' median (%.*f), to \xc2\xb1%.*f: the means' "
                 "largest distance from it, or twice the replicates' largest half 5-95 %% range "
                 "(%.*f)%s",
                 dec, centre, dec, half, dec, noise, cut_note);
    ss_wrap(legend, LEGEND_CHARS, wrapped, sizeof wrapped);
    ss_chart_text(c, "%s", wrapped);
    char range[160];
    value_range(range, sizeof range, sw->ind, lo, hi);
    ss_chart_finding(c, "%s: %s%s across %s and %s", sw->ind->title,
                     sw->replicates == 1 ? "" : "mean ", range, xk->name, yk->name);
    ss_chart_numbers(c, "%d\t%d\t%d\t%zu\t%.10g\t%.10g\t%.10g\t%.10g\t%d\t%.10g\n", grid ? 1 : 2,
                     label, dec, ntics, lo, hi, centre, scale, cut, cut ? floor_at : 0);
    return SS_OK;
}

/* ---- the list ---------------------------------------------------------------- */

const ss_chart_def ss_sweep_charts[] = {
    {"sweep-band", prep_band},
    {"sweep-heatmap", prep_sweep_heat},
};
const size_t ss_n_sweep_charts = sizeof ss_sweep_charts / sizeof ss_sweep_charts[0];
