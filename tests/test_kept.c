/* Inputs kept as first read (ss_inputs_keep, src/files.h): while keeping
 * is on, a file edited in place, replaced by another (as editors save) or
 * briefly removed still reads through ss_open_kept as it was at its first
 * opening, under any spelling of its path, in a child forked after, and
 * through ss_table_read (gzip too);
 * with keeping off, or for a file first read while it was off, or once
 * forgotten (ss_inputs_forget), the file reads as it is. Works in a
 * temporary folder. */
#include "check.h"
#include "files.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/sanctsim-kept-XXXXXX";

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Replaces path by a new file (another inode), as `sed -i` or an editor
 * that writes a copy and renames it does. */
static void replace_text(const char *path, const char *text)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    write_text(tmp, text);
    rename(tmp, path);
}

/* The first line of path as ss_open_kept reads it ("" when it fails). */
static const char *first_line(const char *path)
{
    static char line[128];
    int special;
    FILE *f = ss_open_kept(path, &special);
    line[0] = '\0';
    if (f && !fgets(line, sizeof line, f))
        line[0] = '\0';
    if (f)
        fclose(f);
    return line;
}

/* Row 0, column 0 of the table at path ("" when it fails). */
static const char *table_cell(const char *path)
{
    static char cell[64];
    ss_diag d;
    ss_table *t = ss_table_read(path, &d);
    snprintf(cell, sizeof cell, "%s", t && t->nrow ? ss_table_get(t, 0, 0) : "");
    ss_table_free(t);
    return cell;
}

static void write_gzip(const char *path, const char *text)
{
    gzFile g = gzopen(path, "wb");
    if (g) {
        gzputs(g, text);
        gzclose(g);
    }
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char a[256], other[256], b[256], gz[256];
    snprintf(a, sizeof a, "%s/a.ini", dir);
    snprintf(other, sizeof other, "%s/./../%s/a.ini", dir, strrchr(dir, '/') + 1);
    snprintf(b, sizeof b, "%s/b.ini", dir);
    snprintf(gz, sizeof gz, "%s/t.csv.gz", dir);

    /* Read while keeping is off: nothing kept. */
    write_text(b, "b one\n");
    CHECK(strcmp(first_line(b), "b one\n") == 0);
    CHECK(ss_inputs_keep(1) == 0);

    write_text(a, "one\n");
    CHECK(strcmp(first_line(a), "one\n") == 0);
    write_text(a, "two\n"); /* edited in place */
    CHECK(strcmp(first_line(a), "one\n") == 0);
    replace_text(a, "three\n"); /* replaced by another file */
    CHECK(strcmp(first_line(a), "one\n") == 0);
    CHECK(strcmp(first_line(other), "one\n") == 0); /* the same file, spelt otherwise */
    char aside[300];
    snprintf(aside, sizeof aside, "%s.aside", a);
    rename(a, aside); /* briefly removed */
    CHECK(strcmp(first_line(a), "one\n") == 0);
    rename(aside, a);

    /* A file first read while keeping is on is kept from then. */
    write_text(b, "b two\n");
    CHECK(strcmp(first_line(b), "b two\n") == 0);
    write_text(b, "b three\n");
    CHECK(strcmp(first_line(b), "b two\n") == 0);

    /* A child forked after reads the kept copy too (exit status 0 when
     * it does). */
    pid_t pid = fork();
    if (pid == 0)
        _exit(strcmp(first_line(a), "one\n") == 0 ? 0 : 1);
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* Tables, gzip included (read through a descriptor of the copy). */
    write_gzip(gz, "x,y\nold,1\n");
    CHECK(strcmp(table_cell(gz), "old") == 0);
    write_gzip(gz, "x,y\nnew,1\n");
    CHECK(strcmp(table_cell(gz), "old") == 0);

    /* A forgotten file (a temporary one about to be removed) is read
     * afresh, and kept again from then. */
    ss_inputs_forget(b);
    write_text(b, "b four\n");
    CHECK(strcmp(first_line(b), "b four\n") == 0);
    write_text(b, "b five\n");
    CHECK(strcmp(first_line(b), "b four\n") == 0);

    /* Keeping off: every file reads as it is. */
    CHECK(ss_inputs_keep(0) == 1);
    CHECK(strcmp(first_line(a), "three\n") == 0);
    CHECK(strcmp(first_line(b), "b five\n") == 0);
    CHECK(strcmp(table_cell(gz), "new") == 0);

    unlink(a);
    unlink(b);
    unlink(gz);
    rmdir(dir);
    return check_report();
}
