/* Writing one chart's data files (see chart.h), and the phrases several
 * charts share. Numbers are written with %.8g or more digits and months
 * as YYYY-MM; strings go only to text.dat, through ss_gnuplot_text. */
#include "chart.h"
#include "files.h"
#include "gnuplot.h"
#include "palette.h"
#include "plot.h"
#include "summary.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int ss_plot_job_init(ss_plot_job *j, ss_runfolder *r, ss_runfolder *cmp, ss_diag *d)
{
    memset(j, 0, sizeof *j);
    j->r = r;
    j->cmp = cmp;
    j->d = d;
    j->month = r->s->months - 1;
    return ss_scope_init(&j->scope, r->s, d);
}

void ss_plot_job_free(ss_plot_job *j)
{
    ss_scope_free(&j->scope);
}

FILE *ss_chart_file(ss_chart *c, const char *name)
{
    if (c->rc)
        return NULL;
    if (c->nfile == SS_CHART_MAXFILES) {
        c->rc = ss_plot_fail(c->d, c->dir, 0, SS_EIO, "too many chart files (%s)", name);
        return NULL;
    }
    char *path = ss_path_join(c->dir, name);
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f)
        c->rc = ss_plot_fail(c->d, path ? path : c->dir, 0, SS_EIO, "cannot write: %s",
                             strerror(errno));
    free(path);
    if (f)
        c->file[c->nfile++] = f;
    return f;
}

int ss_chart_text(ss_chart *c, const char *fmt, ...)
{
    if (!c->text && !c->rc)
        c->text = ss_chart_file(c, "text.dat");
    if (!c->text || c->rc)
        return 0;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ss_gnuplot_text(c->text, c->ntext == 0, buf);
    return ++c->ntext;
}

void ss_chart_numbers(ss_chart *c, const char *fmt, ...)
{
    FILE *f = ss_chart_file(c, "num.dat");
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

/* Closes every file; the first error, or SS_OK. */
static int chart_close(ss_chart *c)
{
    int bad = 0;
    for (size_t i = 0; i < c->nfile; i++) {
        bad |= ferror(c->file[i]);
        bad |= fclose(c->file[i]) != 0;
    }
    c->nfile = 0;
    if (bad && !c->rc)
        c->rc = ss_plot_fail(c->d, c->dir, 0, SS_EIO, "cannot write the chart data: %s",
                             strerror(errno));
    return c->rc;
}

int ss_chart_prepare(ss_plot_job *j, const char *work, const ss_chart_def *ch)
{
    char *dir = ss_path_join(work, ch->name);
    if (!dir)
        return ss_plot_no_memory(j->d);
    if (mkdir(dir, 0700) != 0) {
        int rc = ss_plot_fail(j->d, dir, 0, SS_EIO, "cannot create: %s", strerror(errno));
        free(dir);
        return rc;
    }
    ss_chart c = {.dir = dir, .d = j->d};
    if (j->r)
        j->r->unwritten = 0;
    if (j->cmp)
        j->cmp->unwritten = 0;
    int rc = ch->prep(j, &c);
    /* A chart of a table that the run did not write is left out. */
    if (rc && ((j->r && j->r->unwritten) || (j->cmp && j->cmp->unwritten)))
        rc = SS_SKIP;
    /* A preparing function's own error comes first; the files are closed
     * whatever happened. */
    int written = chart_close(&c);
    free(dir);
    return rc ? rc : written;
}

void ss_chart_month(FILE *f, const ss_scenario *s, long t)
{
    char month[32];
    ss_scenario_month(s, t, month, sizeof month);
    fputs(month, f);
}

void ss_chart_value(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "\t%.8g", v);
    else
        fputs("\tNaN", f);
}

size_t ss_rank_desc(const double *key, const char *keep, size_t n, size_t *order)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (keep && !keep[i])
            continue;
        size_t p = m++;
        while (p > 0 && key[order[p - 1]] < key[i]) {
            order[p] = order[p - 1];
            p--;
        }
        order[p] = i;
    }
    return m;
}

double ss_max_of(const double *v, size_t n)
{
    double hi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > hi)
            hi = v[i];
    return hi;
}

void ss_list_add(char *buf, size_t size, size_t index, size_t count, const char *item)
{
    size_t len = strlen(buf);
    const char *sep = index == 0 ? "" : index + 1 == count ? " and " : ", ";
    snprintf(buf + len, size - len, "%s%s", sep, item);
}

void ss_country_list(const ss_world *w, const char *flag, char *buf, size_t size)
{
    size_t count = 0, k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < w->n; i++)
        count += flag[i] != 0;
    for (size_t i = 0; i < w->n; i++)
        if (flag[i])
            ss_list_add(buf, size, k++, count, w->name[i][0] ? w->name[i] : w->iso3[i]);
}

void ss_sector_list(const ss_world *w, const char *flag, char *buf, size_t size)
{
    size_t count = 0, k = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < w->k; s++)
        count += flag[s] != 0;
    if (count == w->k && count > 1) {
        snprintf(buf, size, "all");
        return;
    }
    for (size_t s = 0; s < w->k; s++)
        if (flag[s])
            ss_list_add(buf, size, k++, count, w->sector[s]);
}

/* Whether sanction m's `by` is named by ss_coalition_list. */
static int names_coalition(const ss_measure *m, const ss_scope *sc, int rerouted)
{
    return rerouted ? !m->answers && ss_reroutes(m, rerouted) : ss_scope_names(sc, m);
}

void ss_coalition_list(const ss_config *c, const ss_scope *sc, int rerouted, char *buf, size_t size)
{
    size_t count = 0, k = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < c->n_measures; i++) {
            const ss_measure *m = &c->measure[i];
            int first = 1;
            for (size_t q = 0; q < i && first; q++)
                first = strcmp(c->measure[q].by_name, m->by_name) != 0 ||
                        !names_coalition(&c->measure[q], sc, rerouted);
            if (!names_coalition(m, sc, rerouted) || !first)
                continue;
            if (pass == 0)
                count++;
            else
                ss_list_add(buf, size, k++, count, m->by_name);
        }
}

void ss_headline_target_list(const ss_world *w, const ss_scope *sc, char *buf, size_t size)
{
    int any = 0;
    for (size_t i = 0; i < w->n && !any; i++)
        any = sc->headline[i] != 0;
    ss_country_list(w, any ? sc->headline : sc->target, buf, size);
}

const char *ss_chart_scenario_name(const ss_scenario *s)
{
    return s->name && s->name[0] ? s->name : "(unnamed)";
}

void ss_chart_panel_names(ss_chart *c, const ss_scenario *s, const ss_scenario *cmp)
{
    char wrapped[1200];
    ss_wrap(ss_chart_scenario_name(s), SS_PANEL_CHARS, wrapped, sizeof wrapped);
    ss_chart_text(c, "%s", wrapped);
    ss_wrap(cmp ? ss_chart_scenario_name(cmp) : "", SS_PANEL_CHARS, wrapped, sizeof wrapped);
    ss_chart_text(c, "%s", wrapped);
}

void ss_source_line(const ss_scenario *s, char *buf, size_t size)
{
    const char *world = strrchr(s->world_dir, '/');
    world = world && world[1] ? world + 1 : s->world_dir;
    char seed[64];
    /* Where nothing is drawn the seed changes nothing, so it is not named. */
    if (ss_scenario_determinism(s))
        snprintf(seed, sizeof seed, "%s", ss_scenario_determinism(s));
    else
        snprintf(seed, sizeof seed, "seed %llu", (unsigned long long)s->seed);
    snprintf(buf, size, "Source: sanctsim %s, scenario \xe2\x80\x9c%s\xe2\x80\x9d, world %s, %s",
             SS_VERSION, ss_chart_scenario_name(s), world, seed);
}

const char *ss_chart_cut(const char *text, size_t chars, char *buf, size_t size)
{
    size_t bytes = 0, n = 0, cut = 0;
    for (; text[bytes] && n < chars; n++) {
        cut = n + 1 == chars ? bytes : cut;
        for (bytes++; (text[bytes] & 0xC0) == 0x80; bytes++)
            ;
    }
    if (!text[bytes])
        return text;
    snprintf(buf, size, "%.*s\u2026", (int)cut, text);
    return buf;
}

const char *ss_chart_country(const ss_world *w, size_t i, char *buf)
{
    return ss_chart_cut(w->name[i], SS_CHART_NAME_CHARS, buf, SS_CHART_NAME_BUF);
}

const char *ss_chart_goods(const char *sectors, char *buf, size_t size)
{
    const size_t n = strlen(sectors);
    const int named = n >= 5 && strcasecmp(sectors + n - 5, "goods") == 0;
    snprintf(buf, size, "%s%s", sectors, named ? "" : " goods");
    return buf;
}

/* A country's code, or for an aggregate (no country) one after every code. */
static const char *iso3_or_last(const ss_world *w, size_t i)
{
    return i < w->n ? w->iso3[i] : "\x7f";
}

/* 1 when country a takes its colour before b (ss_chart_colours). */
static int colour_before(const ss_world *w, size_t a, size_t b)
{
    const char *ia = iso3_or_last(w, a), *ib = iso3_or_last(w, b);
    const int fa = a < w->n && ss_country_colour_fixed(ia),
              fb = b < w->n && ss_country_colour_fixed(ib);
    return fa != fb ? fa : strcmp(ia, ib) < 0;
}

void ss_chart_colours(ss_chart *c, const ss_world *w, const size_t *country, size_t n)
{
    FILE *f = ss_chart_file(c, "colours.dat");
    ss_colour *col = calloc(n + 1, sizeof *col);
    /* given: the colours given so far; own: every country's own colour;
     * avoid: both, which a bumped country does not take if it can help it. */
    unsigned *given = calloc(n + 1, sizeof *given), *own = calloc(n + 1, sizeof *own),
             *avoid = calloc(2 * n + 1, sizeof *avoid);
    size_t *order = calloc(n + 1, sizeof *order), ngiven = 0, nown = 0;
    char *bumped = calloc(n + 1, 1);
    if (!col || !given || !own || !avoid || !order || !bumped) {
        if (f)
            c->rc = ss_plot_no_memory(c->d);
        n = 0;
    }
    /* The table's countries first, then the others, each in ISO3 order:
     * a table's colour stays its country's (Russia's olive went to Poland,
     * whose code hashes to it, in a chart of both: a review), and of two
     * with one hashed colour the same one keeps it in every chart
     * (insertion: a chart has few). */
    for (size_t q = 0; q < n; q++) {
        size_t at = q;
        for (; at > 0 && colour_before(w, country[q], country[order[at - 1]]); at--)
            order[at] = order[at - 1];
        order[at] = q;
    }
    /* Each country its own colour unless an earlier one has it (an
     * aggregate, such as the coalition, grey). */
    for (size_t r = 0; r < n; r++) {
        size_t q = order[r];
        if (country[q] >= w->n) {
            col[q] = (ss_colour){country[q] == SS_CHART_OTHERS(w) ? 0xC8C8C8u : 0x777777u, 1};
            continue;
        }
        col[q] = ss_country_colour(w->iso3[country[q]]);
        own[nown++] = col[q].rgb;
        bumped[q] = (char)ss_colour_taken(col[q].rgb, given, ngiven);
        if (!bumped[q])
            given[ngiven++] = col[q].rgb;
    }
    /* The bumped ones: a colour neither given nor another's own, so that
     * no country whose colour nobody shares loses it; failing that, one
     * not given. */
    for (size_t r = 0; r < n; r++) {
        size_t q = order[r];
        if (!bumped[q])
            continue;
        memcpy(avoid, given, ngiven * sizeof *avoid);
        memcpy(avoid + ngiven, own, nown * sizeof *avoid);
        col[q] = ss_country_colour_in(w->iso3[country[q]], avoid, ngiven + nown);
        if (ss_colour_taken(col[q].rgb, given, ngiven))
            col[q] = ss_country_colour_in(w->iso3[country[q]], given, ngiven);
        given[ngiven++] = col[q].rgb;
    }
    for (size_t q = 0; f && q < n; q++)
        fprintf(f, "%u\t%d\n", col[q].rgb, col[q].style);
    free(bumped);
    free(col);
    free(given);
    free(own);
    free(avoid);
    free(order);
    /* gnuplot's stats cannot read an empty file (it warns, and sets no
     * count), so a chart of no country (nothing rerouted) gets one grey
     * row that it never draws. */
    if (f && n == 0)
        fprintf(f, "%u\t%d\n", 0x8C8C8Cu, 1);
}

char *ss_number(char *buf, size_t size, const char *fmt, double x)
{
    snprintf(buf, size, fmt, x);
    const size_t zeros = strspn(buf + 1, "0.");
    if (buf[0] == '-' && zeros > 0 && !isdigit((unsigned char)buf[1 + zeros]))
        snprintf(buf, size, fmt, 0.0);
    return buf;
}

void ss_money(char *buf, size_t size, double usd_mn, int prefix)
{
    ss_money_like(buf, size, usd_mn, usd_mn, prefix);
}

void ss_money_like(char *buf, size_t size, double usd_mn, double like, int prefix)
{
    const char *usd = prefix ? "USD " : "";
    const double bn = usd_mn / 1000, a = fabs(bn);
    /* In bn when `like` is; an amount that would read 0.00 bn there, in
     * million. */
    if (fabs(like) >= 1000 && (a >= 0.005 || usd_mn == 0))
        snprintf(buf, size, "%s%.*f bn", usd, a >= 100 ? 0 : a >= 1 || a == 0 ? 1 : 2, bn);
    else
        snprintf(buf, size, "%s%.1f million", usd, usd_mn);
}

/* The number of UTF-8 characters in the n bytes at text. */
static size_t utf8_chars(const char *text, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += (text[i] & 0xC0) != 0x80;
    return chars;
}

void ss_wrap(const char *text, size_t width, char *buf, size_t size)
{
    size_t len = 0, line = 0; /* bytes written; characters on this line */
    buf[0] = '\0';
    for (const char *p = text; *p && len + 8 < size;) {
        size_t skip = strspn(p, " "), word = strcspn(p + skip, " ");
        if (!p[skip])
            break;
        /* A unit sign stays with its number: "-0.04 %" is one word. */
        while (p[skip + word] == ' ' && p[skip + word + 1] == '%')
            word += 1 + strcspn(p + skip + word + 1, " ");
        const size_t span = word;
        const char *w = p + skip;
        size_t chars = utf8_chars(w, word);
        char whole[256], cut[256];
        if (chars > width) { /* a word longer than a line */
            snprintf(whole, sizeof whole, "%.*s", (int)(word < 200 ? word : 200), w);
            w = ss_chart_cut(whole, width, cut, sizeof cut);
            word = strlen(w);
            chars = width;
        }
        const char *sep = len == 0 ? "" : line + 1 + chars > width ? "\n" : " ";
        line = sep[0] == '\n' || len == 0 ? chars : line + 1 + chars;
        len += (size_t)snprintf(buf + len, size - len, "%s%.*s", sep, (int)word, w);
        p = p + skip + span;
    }
}

void ss_chart_finding(ss_chart *c, const char *fmt, ...)
{
    char text[1024], wrapped[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ss_wrap(text, SS_TITLE_CHARS, wrapped, sizeof wrapped);
    ss_chart_text(c, "%s", wrapped);
}
