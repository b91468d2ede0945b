/* libFuzzer target: the command-line options of `sanctsim run` and
 * `sanctsim check`. The input is split on NUL bytes and newlines into
 * arguments; the first chooses the command (run, check, anything else:
 * check). The arguments are handed to ss_cmd_run / ss_cmd_check as main
 * would. The working folder is a private temporary folder holding s.ini
 * (the illustrative scenario, 4 months) and data/illustrative, so
 * relative paths stay inside it. --out and its value are taken out of the
 * input and `--out OUT` is appended, so a run writes only into OUT, which
 * is removed after each input. The exit status must be 0, 1 or 2, and
 * nothing but OUT may appear in the folder. */
#include "commands.h"
#include "fuzz.h"

#include <dirent.h>
#include <gsl/gsl_errno.h>

#define MAX_ARGS 32

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    const char *dir = fuzz_tmpdir();
    char path[512];
    fuzz_path(path, sizeof path, "data");
    if (mkdir(path, 0700) != 0)
        fuzz_die("mkdir");
    fuzz_path(path, sizeof path, "data/illustrative");
    if (symlink(SS_FUZZ_ROOT "/scenarios/data/illustrative", path) != 0)
        fuzz_die("symlink");
    /* The illustrative scenario, shortened to 4 months (its sanction and
     * change dated inside them) to keep each run short. */
    static const char ini[] =
        "[scenario]\nname = fuzz\nworld = data/illustrative\nstart = 2021-01\nmonths = 4\n"
        "seed = 42\n\n[model]\nsigma = 5\ntheta = 4\nadjust = 0.3\ndetour_cost = 0.1\n\n"
        "[sanction restricted-exports]\nby = COALITION\ntarget = RUS\nsectors = restricted\n"
        "kind = ban\ndirection = export\nstart = 2021-02\n\n[intermediaries]\n"
        "candidates = KAZ ARM TUR\nbase_commission = 0.07\n\n[intermediary ARM]\n"
        "lost_in_transit = 0.5\n\n[enforcement COALITION]\nenforcement = 1\n"
        "base_hazard = 0.01\nsurge_hazard = 0.02\nsecondary_penalty = 0.5\n"
        "secondary_months = 6\nmode = random\n\n[change tighter]\ndate = 2021-03\n"
        "enforcement.COALITION.enforcement = 3\n";
    fuzz_path(path, sizeof path, "s.ini");
    fuzz_write(path, (const uint8_t *)ini, sizeof ini - 1);
    if (chdir(dir) != 0)
        fuzz_die("chdir");
    fuzz_quiet_stdout();
    return 0;
}

/* Only data, s.ini and (during a run) OUT may be in the folder. */
static void check_folder(void)
{
    DIR *dir = opendir(".");
    if (!dir)
        fuzz_die("opendir");
    struct dirent *e;
    while ((e = readdir(dir))) {
        const char *n = e->d_name;
        if (strcmp(n, ".") && strcmp(n, "..") && strcmp(n, "data") && strcmp(n, "s.ini") &&
            strcmp(n, "OUT")) {
            fprintf(stderr, "fuzz_cli: the run left '%s' behind\n", n);
            abort();
        }
    }
    closedir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *args[MAX_ARGS + 3];
    int n = 0;
    for (size_t at = 0; at <= size && n < MAX_ARGS;) {
        size_t len = 0;
        while (at + len < size && copy[at + len] != '\0' && copy[at + len] != '\n')
            len++;
        copy[at + len] = '\0';
        args[n++] = copy + at;
        at += len + 1;
    }
    if (n == 0) {
        free(copy);
        return 0;
    }
    int run = strcmp(args[0], "run") == 0;
    /* Drop every --out and its value; the target chooses where runs go. */
    int kept = 0;
    for (int i = 1; i < n; i++) {
        if (strcmp(args[i], "--out") == 0) {
            i++;
            continue;
        }
        args[kept++] = args[i];
    }
    if (run) {
        args[kept++] = (char *)"--out";
        args[kept++] = (char *)"OUT";
    }
    args[kept] = NULL;
    int status = run ? ss_cmd_run(kept, args) : ss_cmd_check(kept, args);
    if (status < 0 || status > 2)
        abort();
    check_folder();
    fuzz_rm_tree("OUT");
    free(copy);
    return 0;
}
