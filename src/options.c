/* Command-line values shared by the commands (see options.h). */
#include "options.h"
#include "report.h"
#include "scenario.h"
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ss_parse_size(const char *text, size_t *out)
{
    if (!isdigit((unsigned char)text[0]))
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

int ss_parse_count(const char *opt, const char *text, size_t lo, size_t hi, size_t *out)
{
    if (ss_parse_size(text, out) || *out < lo || *out > hi)
        return ss_usage("%s: '%s': expected a whole number from %zu to %zu", opt, text, lo, hi);
    return 0;
}

int ss_unknown_option(const char *arg, const char *cmd)
{
    char of[64] = "";
    if (cmd)
        snprintf(of, sizeof of, " for %s", cmd);
    /* "--sample KEY=..." as one argument: a script's one list item for
     * two (a trial's Python). */
    const char *space = strncmp(arg, "--", 2) == 0 ? strchr(arg, ' ') : NULL;
    if (space && ss_usage_names(arg, (size_t)(space - arg)))
        return ss_usage("unknown option '%s'%s: an option and its value are two arguments, as in "
                        "'%.*s' '%s' (from a script: two items of its list)",
                        arg, of, (int)(space - arg), arg, space + 1 + strspn(space + 1, " "));
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    const size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    /* A run's output option given to a sweep: the key its kept runs take
     * (a trial tried sweep --compress). */
    static const char *const output_keys[][2] = {
        {"--compress", "compress=1"}, {"--tables", "tables=LIST"}, {"--flows", "flows=direct"}};
    const char *now = ss_usage_current();
    for (size_t i = 0; now && strcmp(now, "sweep") == 0 && i < 3; i++)
        if (strlen(output_keys[i][0]) == len && strncmp(arg, output_keys[i][0], len) == 0)
            return ss_usage("unknown option '%s'%s: it is an option of sanctsim run; a sweep's "
                            "kept runs (--keep-runs) take --set output.%s",
                            arg, of, output_keys[i][1]);
    /* --out=DIR for --out DIR, --compress=1 for --compress (a hunt was told
     * to write '--compress 1'); not for a name the command does not have. */
    if (eq && ss_usage_flag(arg, (size_t)(eq - arg)))
        return ss_usage("unknown option '%s'%s: %.*s takes no value: write '%.*s'", arg, of,
                        (int)(eq - arg), arg, (int)(eq - arg), arg);
    if (eq && ss_usage_names(arg, (size_t)(eq - arg)))
        return ss_usage("unknown option '%s'%s: an option's value comes after a space, as in "
                        "'%.*s %s'",
                        arg, of, (int)(eq - arg), arg, eq + 1);
    ss_nearest near = SS_NEAREST;
    char hint[160];
    ss_usage_nearest(arg, len, &near);
    const char *owner = near.best[0] ? NULL : ss_usage_owner(arg, len);
    if (owner)
        snprintf(hint, sizeof hint, ": it is an option of sanctsim %s", owner);
    else
        ss_nearest_hint(&near, "", "", hint, sizeof hint);
    return ss_usage("unknown option '%s'%s%s", arg, of, hint);
}

char *ss_folder_arg(char *arg)
{
    size_t len = strlen(arg);
    while (len > 1 && arg[len - 1] == '/')
        arg[--len] = '\0';
    return arg;
}

int ss_out_arg(char *arg, const char **out)
{
    *out = ss_folder_arg(arg);
    return **out ? 0 : ss_usage("--out needs a folder name");
}

int ss_positional(const char *arg, int has_value, const char **scenario)
{
    if (arg[0] == '-' && arg[1] != '\0')
        return has_value || strncmp(arg, "--", 2) != 0 || strchr(arg, '=') ||
                       !ss_usage_names(arg, strlen(arg))
                   ? ss_unknown_option(arg, NULL)
                   : ss_usage("option '%s' needs a value", arg);
    if (*scenario)
        return ss_usage("one scenario at a time: '%s' is extra", arg);
    *scenario = arg;
    return 0;
}

/* Whether two values of an option are one: the same text, or for an
 * option whose value is a number, two numbers of one value (`--threads 2
 * --threads 02`; `--out 1 --out 1.0` are two folders). */
static int same_value(const char *option, const char *a, const char *b)
{
    static const char *const numeric[] = {"--seed",       "--threads",    "--jobs", "--points",
                                          "--iterations", "--replicates", NULL};
    int number = 0;
    for (size_t i = 0; numeric[i]; i++)
        number |= strcmp(option, numeric[i]) == 0;
    double x, y;
    return strcmp(a, b) == 0 ||
           (number && !ss_parse_number(a, &x) && !ss_parse_number(b, &y) && x == y);
}

void ss_warn_repeated(int argc, char **argv, const char *const *once)
{
    for (; *once; once++) {
        const char *last = NULL;
        int differ = 0;
        for (int i = 0; i + 1 < argc; i++)
            if (strcmp(argv[i], *once) == 0) {
                differ |= last && !same_value(*once, last, argv[i + 1]);
                last = argv[++i];
            }
        if (differ)
            ss_errorf("warning: %s is given more than once with different values: the last, "
                      "'%s', counts",
                      *once, last);
    }
}

int ss_given_later(int argc, char **argv, int i, const char *const *once)
{
    for (; *once; once++)
        if (strcmp(argv[i], *once) == 0)
            for (int j = i + 2; j + 1 < argc; j++)
                if (strcmp(argv[j], *once) == 0)
                    return 1;
    return 0;
}

void ss_warn_repeated_sets(char *const *sets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const size_t len = strcspn(sets[i], "=");
        int last = 1, differ = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && strcspn(sets[j], "=") == len && strncmp(sets[j], sets[i], len) == 0) {
                last &= j < i;
                differ |= strcmp(sets[j], sets[i]) != 0;
            }
        if (last && differ)
            ss_errorf("warning: %.*s is given more than once with different values (%s): the "
                      "last, '%s', counts",
                      (int)len, sets[i],
                      strncmp(sets[i], "output.", 7) == 0 ? "--set, --tables, --flows or --compress"
                                                          : "--set",
                      sets[i][len] ? sets[i] + len + 1 : "");
    }
}

void ss_warn_opposed(int argc, char **argv, const char *yes, const char *no)
{
    const char *last = NULL;
    int seen[2] = {0, 0};
    for (int i = 0; i < argc; i++)
        for (int f = 0; f < 2; f++)
            if (strcmp(argv[i], f ? no : yes) == 0) {
                seen[f] = 1;
                last = argv[i];
            }
    if (seen[0] && seen[1])
        ss_errorf("warning: %s and %s are both given: the last, %s, counts", yes, no, last);
}

const char *ss_set_of(char *const *sets, size_t n, const char *key)
{
    const size_t len = strlen(key);
    for (size_t i = 0; i < n; i++)
        if (strncmp(sets[i], key, len) == 0 && sets[i][len] == '=')
            return sets[i];
    return NULL;
}

int ss_parse_seed(const char *text)
{
    double seed; /* read as scenario.seed is: 1e3 and 5.0 are seeds */
    if (!ss_parse_number(text, &seed) && seed == floor(seed) && seed >= 0 &&
        seed <= (double)SS_SEED_MAX)
        return 0;
    ss_errorf("--seed: '%s' is not a seed: expected a whole number from 0 to %llu", text,
              SS_SEED_MAX);
    return 2;
}

void ss_add_seed(char **sets, size_t *nsets, const char *seed, char *buf, size_t size)
{
    if (!seed)
        return;
    snprintf(buf, size, "scenario.seed=%s", seed);
    /* Applied last, it wins over a --set of the key without a word (a
     * reliability hunt). */
    for (size_t i = *nsets; i-- > 0;)
        if (strncmp(sets[i], "scenario.seed=", 14) == 0) {
            /* By number, as repeated options are (5 and 05 are one). */
            size_t was, now;
            if (strcmp(sets[i], buf) != 0 &&
                (ss_parse_size(sets[i] + 14, &was) || ss_parse_size(seed, &now) || was != now))
                ss_errorf("warning: --seed %s and --set %s are both given: --seed counts", seed,
                          sets[i]);
            break;
        }
    sets[(*nsets)++] = buf;
}

int ss_override_split(int argc, char **argv, int i)
{
    if (i + 2 >= argc || strchr(argv[i + 1], '=') || argv[i + 2][0] == '-' ||
        access(argv[i + 2], F_OK) == 0)
        return 0;
    return ss_usage("%s %s %s: the value goes after '=', in one word: %s %s=%s", argv[i],
                    argv[i + 1], argv[i + 2], argv[i], argv[i + 1], argv[i + 2]);
}

char *ss_tidy_override(char *text)
{
    char *eq = strchr(text, '=');
    if (!eq)
        return text;
    const size_t lead = strspn(text, " \t");
    size_t key = (size_t)(eq - text);
    while (key > lead && strchr(" \t", text[key - 1]))
        key--;
    const char *value = eq + 1 + strspn(eq + 1, " \t");
    memmove(text, text + lead, key - lead);
    text[key - lead] = '=';
    memmove(text + key - lead + 1, value, strlen(value) + 1);
    for (size_t end = strlen(text); end > key - lead + 1 && strchr(" \t", text[end - 1]); end--)
        text[end - 1] = '\0';
    return text;
}
