/* One chart's preparation: what a chart works on (a job), the writer of
 * the small tab-separated files in its work folder that its script in
 * plots/ draws, and the phrases that several charts say (lists of
 * countries and sectors, the source line).
 *
 * A chart is a name (its script, plots/NAME.gp, and its file) and a
 * preparing function, which reads the job's folder, computes the chart's
 * data and writes it through an ss_chart. The preparing function never
 * opens, checks or closes a file itself: ss_chart_prepare does, once for
 * every chart, so that a chart is one function of its own logic. */
#ifndef SS_CHART_H
#define SS_CHART_H

#include "runfolder.h"
#include "sweepfolder.h"

#include <stdio.h>

/* What one `plot` or `brief` command works on. The folders and d are the
 * caller's; scope is the job's (ss_plot_job_close frees it). */
typedef struct ss_plot_job {
    ss_runfolder *r;    /* the run folder, or NULL for a sweep folder */
    ss_sweepfolder *sw; /* the sweep folder, or NULL */
    ss_runfolder *cmp;  /* --compare, or NULL */
    long month;         /* the heat map's month, an index into r's months */
    ss_scope scope;     /* what r's sanctions cover */
    ss_diag *d;
    /* `compare`: the runs (r is the first, the reference), their labels
     * and headline numbers (rundata.h); else nruns is 0. */
    ss_runfolder *runs;
    size_t nruns;
    const char *const *labels;
    struct ss_headline *head;
    unsigned skipped; /* bit i: compare chart i had nothing to show */
} ss_plot_job;

/* Sets up a job on an open run folder r (and cmp, or NULL): the heat
 * map's month is the last, scope is r's. */
int ss_plot_job_init(ss_plot_job *j, ss_runfolder *r, ss_runfolder *cmp, ss_diag *d);
void ss_plot_job_free(ss_plot_job *j);

enum { SS_CHART_MAXFILES = 6 };

/* The most intermediaries a chart names one by one: a stack of more sums
 * the smaller ones in one layer ("Via 27 others"), a ranking shows the
 * largest and says of how many (with every country a candidate, a key of
 * 35 no longer fitted the brief, and colours repeat after 16). */
enum { SS_CHART_SHOWN = 8 };

/* The files of one chart's work folder being written. The first error
 * sticks: after it nothing more is written, and ss_chart_prepare returns
 * it (SS_EIO with the file in d). */
typedef struct ss_chart {
    const char *dir; /* the chart's work folder */
    ss_diag *d;
    int rc;
    FILE *file[SS_CHART_MAXFILES];
    size_t nfile;
    FILE *text; /* text.dat, opened by the first string */
    int ntext;  /* strings written so far */
} ss_chart;

/* Opens dir/name for writing; NULL (with c->rc set) after any error. */
FILE *ss_chart_file(ss_chart *c, const char *name);

/* Adds one string (printf-style) to text.dat; returns its number in the
 * script's array T (from 1), or 0 after an error. */
int ss_chart_text(ss_chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes num.dat: one line of numbers for the chart's script. */
void ss_chart_numbers(ss_chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A data row's fields: month t of s first, then tab and number (NaN for
 * a value that is not finite, which gnuplot leaves out). */
void ss_chart_month(FILE *f, const ss_scenario *s, long t);
void ss_chart_value(FILE *f, double v);

/* A chart: its name and its preparing function, which returns SS_OK,
 * SS_SKIP (nothing to show: d says why), or an error with d set. */
typedef struct ss_chart_def {
    const char *name;
    int (*prep)(ss_plot_job *j, ss_chart *c);
} ss_chart_def;

/* Prepares chart ch in work/NAME: makes the folder, runs ch->prep, closes
 * every file. Returns prep's result, or the first writing error. */
int ss_chart_prepare(ss_plot_job *j, const char *work, const ss_chart_def *ch);

/* The charts of a run folder (charts_run.c), the brief's key numbers,
 * and the charts of a sweep folder (charts_sweep.c). */
extern const ss_chart_def ss_run_charts[];
extern const size_t ss_n_run_charts;
extern const ss_chart_def ss_brief_numbers;
extern const ss_chart_def ss_sweep_charts[];
extern const size_t ss_n_sweep_charts;
/* The charts of a comparison and its brief's key numbers
 * (charts_compare.c). */
extern const ss_chart_def ss_compare_charts[];
extern const size_t ss_n_compare_charts;
extern const ss_chart_def ss_compare_numbers;
/* Marks in aimed (n) the targets of the sanctions that count in s's
 * headline in any month of the run, those a dated group change gives
 * included (charts_run.c); returns how many, or -1 out of memory. */
long ss_headline_run_targets(const ss_scenario *s, char *aimed, ss_diag *d);
/* The largest changes in recorded flows (charts_changes.c). */
int ss_prep_flow_change(ss_plot_job *j, ss_chart *c);
/* The target's import and export prices by sector (charts_prices.c). */
int ss_prep_import_prices(ss_plot_job *j, ss_chart *c);
int ss_prep_export_prices(ss_plot_job *j, ss_chart *c);
/* The target's side in a run's charts (charts_target.c): its exports by
 * destination (against a comparison run, the twin, when there is one)
 * and who gains and loses real income. */
int ss_prep_target_exports(ss_plot_job *j, ss_chart *c);
int ss_prep_real_income(ss_plot_job *j, ss_chart *c);
/* The chart of a calibration folder (charts_fit.c). */
extern const ss_chart_def ss_fit_charts[];
extern const size_t ss_n_fit_charts;

/* data.dat (and compare.dat when vc is not NULL): per month of s, the
 * values v[m * n + pick[q]] (vc's) of each picked country q < np; lo and
 * hi get the range of the finite values over both (0 to 200 if none).
 * plots/index-lines.gp draws them (charts_run.c). */
void ss_chart_index_lines(ss_chart *c, const ss_scenario *s, const double *v, const double *vc,
                          const size_t *pick, size_t np, double *lo, double *hi);

/* ---- what charts say ------------------------------------------------------ */

/* colours.dat: one row per series, the colour (0xRRGGBB as a number) and
 * line style of country[q] (palette.h), no two series of one colour
 * (ss_country_colour_in, taken in ISO3 order: of two countries that hash
 * to one colour, the first keeps it in every chart); country[q] >= w->n is
 * an aggregate, drawn grey: SS_CHART_OTHERS(w), the smaller intermediaries
 * summed, light grey (darker grey is the coalition, and the direct trade).
 * plots/colours.gp reads it. */
#define SS_CHART_OTHERS(w) ((w)->n + 1)
void ss_chart_colours(ss_chart *c, const ss_world *w, const size_t *country, size_t n);

/* snprintf of one number x with fmt ("%+.1f %%"), as a slide reads it: a
 * change that rounds to nothing reads "+0.0", not "-0.0". Returns buf. */
char *ss_number(char *buf, size_t size, const char *fmt, double x);

/* An amount of USD million as a slide reads it: "USD 19.5 bn" from 1 bn
 * up (no decimal from 100 bn), "USD 7.0 million" below; without "USD "
 * when prefix is 0. */
void ss_money(char *buf, size_t size, double usd_mn, int prefix);
/* The same in the unit that ss_money gives `like`, so that the amounts of
 * one line share a unit ("USD 1.2 bn, USD 0.96 bn", not "USD 1.2 bn, USD
 * 964.8 million"): in bn, two decimals below 1 bn, one below 100 bn; an
 * amount that would read 0.00 bn in million. */
void ss_money_like(char *buf, size_t size, double usd_mn, double like, int prefix);

/* The widest line of a chart's title, in characters: what fits the
 * narrowest canvas (the PDF, 10 in at 14 pt) with room to spare. */
#define SS_TITLE_CHARS 90

/* Adds the chart's finding, the title that states what it shows, as its
 * last string in text.dat (the scripts draw T[NT] as the title and T[1]
 * below it), broken at spaces into lines of at most SS_TITLE_CHARS. */
void ss_chart_finding(ss_chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* text broken at spaces into lines of at most width characters (UTF-8),
 * into buf, never before a "%" (a number keeps its unit); a word longer
 * than a line is cut with an ellipsis. */
void ss_wrap(const char *text, size_t width, char *buf, size_t size);

/* The indices i < n with keep[i] (all when keep is NULL), sorted by key
 * from largest to smallest; ties keep their order. Returns how many. */
size_t ss_rank_desc(const double *key, const char *keep, size_t n, size_t *order);

/* The largest finite value of v[0..n-1], or 0. */
double ss_max_of(const double *v, size_t n);

/* Appends item to buf as element `index` of a list of `count`: "a",
 * "a and b", "a, b and c". */
void ss_list_add(char *buf, size_t size, size_t index, size_t count, const char *item);

/* A country's display name for a chart's key or labels, cut to
 * SS_CHART_NAME_CHARS characters with an ellipsis (a 58-character name
 * made gnuplot give up on a chart). buf holds at least
 * SS_CHART_NAME_BUF bytes; returns buf or the name itself. */
#define SS_CHART_NAME_CHARS 28
#define SS_CHART_NAME_BUF (4 * SS_CHART_NAME_CHARS + 4)
const char *ss_chart_country(const ss_world *w, size_t i, char *buf);

/* "SECTORS goods" for a chart's text, or SECTORS alone when the name
 * already ends in "goods" (a world's sector called goods), into buf;
 * returns buf. */
const char *ss_chart_goods(const char *sectors, char *buf, size_t size);

/* text cut to at most `chars` characters (UTF-8), the last replaced by an
 * ellipsis when it is longer: text itself, or buf (of size bytes). */
const char *ss_chart_cut(const char *text, size_t chars, char *buf, size_t size);

/* The display names of the flagged countries, as a list. */
void ss_country_list(const ss_world *w, const char *flag, char *buf, size_t size);

/* The flagged sectors as a list, or "all" when every sector is. */
void ss_sector_list(const ss_world *w, const char *flag, char *buf, size_t size);

/* How the sanctions of scope sc's coalition (ss_scope_names: the export
 * sanctions, mostly) name it ("EU", "EU and G7"), each once; answers to
 * earlier sanctions left out. With
 * `rerouted` a direction (SS_EXPORT or SS_IMPORT), only the sanctions of
 * that direction evaded through intermediaries, whose trade the headline
 * counts. */
void ss_coalition_list(const ss_config *c, const ss_scope *sc, int rerouted, char *buf,
                       size_t size);

/* The targets of the sanctions the headline counts in the run's last
 * month, as a list (the scope's headline; "Belarus and Russia", not a
 * price cap's target), or, with none such, those of every sanction over
 * the run (its target). */
void ss_headline_target_list(const ss_world *w, const ss_scope *sc, char *buf, size_t size);

/* The scenario's name, or "(unnamed)". */
const char *ss_chart_scenario_name(const ss_scenario *s);

/* The titles of a chart of two panels (plots/index-lines.gp), as its texts
 * T[3] and T[4]: the names of the run s and of the comparison run cmp (""
 * without one), broken at spaces into lines of at most SS_PANEL_CHARS,
 * which fit a panel of a third of the narrowest canvas. */
#define SS_PANEL_CHARS 44
void ss_chart_panel_names(ss_chart *c, const ss_scenario *s, const ss_scenario *cmp);

/* "Source: sanctsim 0.1.0, scenario “NAME”, world WORLD, seed N", or
 * "..., expected enforcement (deterministic)" instead of the seed when
 * every enforcer is in mode = expected. */
void ss_source_line(const ss_scenario *s, char *buf, size_t size);

#endif
