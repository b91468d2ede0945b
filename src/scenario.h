/* Scenario files: INI text in, a world and a validated model configuration
 * out, plus the dated parameter changes to apply during the run.
 * Invariant: a loaded scenario has every key checked against its type and
 * range, every country and group resolved, and every date inside the run;
 * an error names the file, line and key. */
#ifndef SS_SCENARIO_H
#define SS_SCENARIO_H

#include "config.h"
#include "status.h"
#include "world.h"
#include "worldio.h"

#include <stdint.h>
#include <stdio.h>

/* Where an entry or section was written: a place. In a scenario without a
 * base it is the line in the file; in one that inherits (`[scenario] base`)
 * it is the line plus SS_FILE_STRIDE times the index of its file in
 * `files` (0: the file named on the command line, 1 its base, ...), so
 * that every error can name the file and line (ss_scenario_place). */
#define SS_FILE_STRIDE (1L << 24)

/* The largest seed: 2^53 - 1, so that a seed read as a number is exact. */
#define SS_SEED_MAX 9007199254740991ULL

typedef struct ss_entry {
    char *key, *value;
    long line; /* a place (above); -1 for a --set override */
} ss_entry;

typedef struct ss_section {
    char *type, *label; /* "sanction" and "EXPORTS" for [sanction EXPORTS] */
    long line;
    ss_entry *entry;
    size_t n;
} ss_section;

typedef struct ss_scenario {
    char *path;
    char **files; /* the files read: path, then its base, the base's base... */
    size_t nfiles;
    ss_section *sec;
    size_t nsec;
    /* Resolved. */
    char *name;
    char *world_dir;   /* absolute */
    int year0, month0; /* the baseline month */
    long months;
    uint64_t seed; /* 0 to SS_SEED_MAX */
    ss_world *world;
    ss_groups groups;
    /* The world's groups (groups.csv) that a [group] section replaced, as
     * "COALITION (groups.csv: 8 direct members)", for check's warning. */
    char replaced_groups[256];
    size_t n_replaced_groups;
    ss_config *config;
    long **links_line; /* per [links] table, each entry's line in its file */
    size_t n_links_line;
    ss_world_cache *cache; /* where world is borrowed from, or NULL (s owns it) */
    /* Counts the times a dated group change resolved the sets of sanctions,
     * enforcers, blocs and corridors again: what keeps links of sanctions
     * (src/summary.h) builds them again when it moves. */
    unsigned sets_version;
    /* [output]: what a run folder holds (src/output.c writes it). */
    unsigned tables;  /* bits 1 << enum ss_run_table (src/runtables.h) */
    int flows_direct; /* flows.csv without its rows per intermediary */
    int compress;     /* NAME.csv.gz instead of NAME.csv */
    /* Threads that may write a run's tables: more than 1, flows.csv and
     * recorded.csv are written side by side. Set by the commands from
     * --threads, not by the scenario file. */
    int write_threads;
} ss_scenario;

/* The file a place (see ss_entry) was written in, and its line there. */
const char *ss_scenario_place(const ss_scenario *s, long place, long *line);

/* Reads and validates a scenario. `sets` are "section.key=value" or
 * "section.LABEL.key=value" overrides applied on top of the file. */
ss_scenario *ss_scenario_load(const char *path, char *const *sets, size_t nsets, ss_diag *d);
/* The same with the world taken from cache (loaded into it if needed):
 * the scenario borrows the world, and the cache must outlive it. */
ss_scenario *ss_scenario_load_cached(const char *path, char *const *sets, size_t nsets,
                                     ss_world_cache *cache, ss_diag *d);
void ss_scenario_free(ss_scenario *s);

/* 1 when production may relocate during the run: relocation_speed > 0 at
 * the start or in some [change] (the run then writes relocation.csv). */
int ss_scenario_relocates(const ss_scenario *s);

/* 1 when some [change] adds or removes a group's members. */
int ss_scenario_changes_groups(const ss_scenario *s);

/* Replays the run's dated changes month by month, from 1 to the last,
 * calling each(now, t, user) after month t's: `now` is a copy of s, loaded
 * again, when some change moves a group (the copy's sets follow it), else
 * s itself, whose sets no change moves. Stops at the first error or
 * non-zero return, which it returns. */
typedef int ss_replay_fn(const ss_scenario *now, long t, void *user);
int ss_scenario_replay(const ss_scenario *s, ss_replay_fn *each, void *user, ss_diag *d);

/* The section that a --set or --vary key names, "section.key" or
 * "section.LABEL.key" (in a change, "change.LABEL.KEY" with KEY a key of
 * another section: its label ends at its first dot): its type, and its
 * label or "" when it names none. Returns the rest of key, the key's name
 * in its section (a change's KEY); NULL when the key has no dot or a part
 * is longer than SS_KEY_PART - 1 bytes. */
enum { SS_KEY_PART = 128 };
const char *ss_key_section(const char *key, char type[SS_KEY_PART], char label[SS_KEY_PART]);

/* 1 when key is section.key or section.LABEL.key as --set, --vary and
 * --free take it: dots between parts that are not empty, no space, tab or
 * '='. */
int ss_key_well_formed(const char *key);

/* The value that key (as --set names it) has in s, as text: what its
 * section sets, for an [intermediary X] key without one what
 * [intermediaries] sets, else its default (written into buf, size bytes);
 * for a [change]'s key what the change sets. NULL when s has no such key
 * or value. */
const char *ss_scenario_key_text(const ss_scenario *s, const char *key, char *buf, size_t size);
/* The range of values a numeric key takes, into lo and hi; -1 for a key
 * that is unknown, takes no number (a flag, a choice, a whole number) or
 * is a [change]'s. */
int ss_scenario_key_limits(const char *key, double *lo, double *hi);
/* 1 when key (section.key or section.LABEL.key) takes words, not numbers:
 * a choice, a list, a date or a text; 0 otherwise (a number, a whole
 * number, a flag, an unknown key or a [change]'s). */
int ss_scenario_key_words(const char *key);

/* Applies the [change] sections dated month t to the configuration. */
int ss_scenario_apply_changes(ss_scenario *s, long t, ss_diag *d);

/* The keys that a command varies from run to run (a sweep's axes), as
 * --vary names them: what one value of the file says of them is not
 * warned of (ss_scenario_warn_key). */
typedef struct ss_varied {
    const char *const *key;
    size_t n;
} ss_varied;

/* Warns on stderr when a value given for key (section.key or
 * section.LABEL.key, as --set and --vary name it; `how` names the option)
 * does not reach all it seems to: an [intermediaries] key that candidates
 * set in their own [intermediary X] section, a key that a [change]
 * sets again from a later date, a key of a non-candidate country, or a
 * sanction's key that its kind does not read (a ban's penalty, cap and
 * cap_enforcement of anything but a price cap), a penalty that payment
 * agents cap, given at or above their fee, or a value given in other units
 * than the key takes (ss_scenario_warn_shares). `given` is the value given
 * (the highest of several), or NULL when unknown. With `varied` (NULL:
 * none), a kind of key's sanction that is varied reads what some runs'
 * kinds read, and a [change] that sets key again from its date with a
 * value that is varied is not warned of either (its value is not the
 * file's). Returns the number of warnings. */
size_t ss_scenario_warn_key(const ss_scenario *s, const char *how, const char *key,
                            const char *given, const ss_varied *varied);

/* The same for every override KEY=VALUE of sets[0..n) (--set). */
size_t ss_scenario_warn_sets(const ss_scenario *s, char *const *sets, size_t n,
                             const ss_varied *varied);

/* The same for what the file itself sets in vain: a [change] key of a
 * country that is not a candidate or that its sanction's kind does not
 * read, an [intermediary X] section of a non-candidate, an enforcer that
 * enforces no sanction (unless `varied` may give it one). */
size_t ss_scenario_warn_file(const ss_scenario *s, const ss_varied *varied);
/* Warns of a value written in a file in other units than its key takes:
 * a base_commission above 1 (7 for 7 %), a sanction's or enforcer's
 * penalty above 10 (20 for +20 %), a price cap above 10 times the
 * baseline price (60 for USD 60), a payment fee or a bloc's external
 * tariff above 1, a [links] table's cost_change above 10 (unit_slips in
 * scenario_write.c). ss_scenario_warn_key does the same for
 * a value given (--set, the highest of --vary, --sample, a [sweep] entry
 * or --free). */
size_t ss_scenario_warn_shares(const ss_scenario *s);

/* 1 when commodity_sigma prices a sector: set, and the world has a
 * commodity (sectors.csv). */
int ss_scenario_commodity_sigma_used(const ss_scenario *s);
/* The number of country-sectors with a [supply] curve. */
size_t ss_scenario_supply_curves(const ss_scenario *s);

/* The [scale] factor of key (base_commission, enforcement, ...): 1 when
 * [scale] does not set it. */
double ss_scenario_scale(const ss_scenario *s, const char *key);

/* 1 when enforcer e enforces sanction i (as the run starts, in whichever
 * months i is in force): i is evaded through intermediaries, is no price
 * cap, and has all its `by` countries in the enforcer's group (the rule of
 * model/sim.c's enforcement_scope; docs/model.md section 7). */
int ss_scenario_enforces(const ss_scenario *s, size_t e, size_t i);

/* 1 when enforcer e enforces no sanction (ss_scenario_enforces), so it
 * watches nobody. */
int ss_scenario_enforcer_idle(const ss_scenario *s, size_t e);

/* Why enforcer e never watches country m whatever its watch_only says (as
 * the run starts): "a member of GROUP", "a target of its sanctions" or "no
 * candidate intermediary"; NULL when it may. */
const char *ss_scenario_unwatched(const ss_scenario *s, size_t e, size_t m);

/* 1 when the scenario's detection draws nothing: every enforcer is in
 * mode = expected, or it has none, so the seed changes no number. */
int ss_scenario_deterministic(const ss_scenario *s);
/* What a chart's source line says instead of the seed then: "expected
 * enforcement (deterministic)" or "no enforcer (deterministic)"; else NULL. */
const char *ss_scenario_determinism(const ss_scenario *s);

/* Warns on stderr, when ss_scenario_deterministic(s), with `what` saying
 * what is in vain ("--seed 7 changes nothing") and why, `whose` naming s
 * ("the scenario", "the twin"). Returns 1 when it warned. */
int ss_scenario_warn_seed(const ss_scenario *s, const char *what, const char *whose);

/* The first words of a resolved scenario.ini: what marks a run folder. */
#define SS_RESOLVED_MARK "; Resolved by sanctsim"

/* Writes the fully resolved scenario (every default filled in). */
int ss_scenario_write(const ss_scenario *s, FILE *f);

/* Prints every key with its range and default (`sanctsim help keys`). */
void ss_scenario_print_keys(FILE *f);

/* For an unknown sector `bad` of world w: a "did you mean" when one is
 * near (ss_nearest_hint), then ": this world's sectors are a, b (or
 * all)". Returns buf. */
const char *ss_sector_hint(const ss_world *w, const char *bad, char *buf, size_t size);

/* For an unknown country (or group, with `groups`) `name`: " (Kazakhstan is
 * KAZ)" when it is a country's name or code in other letter case, else a
 * "did you mean" of the codes (and groups; ss_nearest_hint), else "".
 * Returns buf. */
const char *ss_scenario_country_hint(const ss_scenario *s, const char *name, int groups, char *buf,
                                     size_t size);

/* "YYYY-MM" of month t of the run (buf of at least 32 bytes). */
void ss_scenario_month(const ss_scenario *s, long t, char *buf, size_t size);

/* The reverse: the month index *t of text, exactly YYYY-MM as in a
 * scenario file (it may lie outside the run); 0, or -1 when text is not
 * such a month. */
int ss_scenario_month_index(const ss_scenario *s, const char *text, long *t);

#endif
