/* What the commands' command lines share: whole-number options, the
 * scenario argument and --seed.
 * Each reports a bad value as a usage error (exit status 2). */
#ifndef SS_OPTIONS_H
#define SS_OPTIONS_H

#include <stddef.h>

/* Parses text as a whole number written in decimal digits only; 0, or -1
 * when it is not one or does not fit. */
int ss_parse_size(const char *text, size_t *out);

/* Parses the value of option opt as a whole number from lo to hi; 0, or
 * exit status 2 after a usage message. */
int ss_parse_count(const char *opt, const char *text, size_t lo, size_t hi, size_t *out);

/* A folder named on the command line, without the slashes a shell's
 * completion leaves at its end ("/" stays), so that the paths made from
 * it read DIR/NAME. Changes arg in place and returns it. */
char *ss_folder_arg(char *arg);

/* The value of --out: *out set to ss_folder_arg(arg); 0, or exit status 2
 * after a usage message when it is empty. */
int ss_out_arg(char *arg, const char **out);

/* A usage message for an unknown option arg (of command cmd, or NULL),
 * with a hint for --name=value; returns exit status 2. */
int ss_unknown_option(const char *arg, const char *cmd);

/* The last case of an option loop: arg is an unknown option (or one
 * without its value), or else the scenario, of which there is one. 0 with
 * *scenario set, or exit status 2 after a usage message. */
int ss_positional(const char *arg, int has_value, const char **scenario);

/* Warns on stderr for each option of `once` (a NULL-terminated list of
 * options that take one value) given more than once with different
 * values (of a numeric option, two numbers of one value are one: 2 and
 * 02): the last counts, and the user may have meant another. */
void ss_warn_repeated(int argc, char **argv, const char *const *once);

/* 1 when argv[i] is an option of `once` that is given again later: its
 * value does not count, and a parser skips it unread (so that a bad value
 * that the last replaces is no error, as the warning above says). */
int ss_given_later(int argc, char **argv, int i, const char *const *once);

/* Warns for each key of the overrides sets[0..n) (KEY=VALUE, in the order
 * given: --set, and --tables, --flows and --compress on output's keys)
 * given more than once with different values: the last counts. */
void ss_warn_repeated_sets(char *const *sets, size_t n);

/* Warns when both of two opposite flags are given (--durable and
 * --no-durable): the last counts. */
void ss_warn_opposed(int argc, char **argv, const char *yes, const char *no);

/* Checks the value of --seed: 0, or exit status 2 after a one-line
 * message that names --seed (not the override it stands for), as a bad
 * --set value gets. */
int ss_parse_seed(const char *text);

/* --seed SEED as the override scenario.seed=SEED, added last to sets (which
 * has room for one more) so that it wins over any --set; buf (at least 128
 * bytes) holds the text, and a warning says so when a --set of the key
 * gives another. Nothing is added when seed is NULL. */
void ss_add_seed(char **sets, size_t *nsets, const char *seed, char *buf, size_t size);

/* 0, or exit status 2 after a usage message when the override option at
 * argv[i] (--set, --vary, --sample) has a value without '=' and the word
 * after it reads as its value (--set model.sigma 6), not an option or a
 * file: KEY=VALUE is one word. */
int ss_override_split(int argc, char **argv, int i);

/* Removes, in place, the spaces and tabs around the key and the value of
 * an override KEY=VALUE (--set, --vary, --sample, --free), as a scenario
 * file's line allows them ("model.sigma = 4", copied from one). Returns
 * text. */
char *ss_tidy_override(char *text);

/* The --set override of key among the n of sets ("key=value"), or NULL: a
 * key that a sweep varies or calibrate fits may not be set too. */
const char *ss_set_of(char *const *sets, size_t n, const char *key);

#endif
