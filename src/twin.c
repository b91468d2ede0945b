/* The twin of a scenario, written through the resolved-scenario writer of
 * src/scenario_write.c from a view of the scenario without the removed
 * sections. The text names the world by its folder's path, which the
 * loader makes sure reads back as the same folder (sc_reads_back), so a
 * twin borrows its scenario's world cache: the same folder, not read
 * again. */
#include "twin.h"
#include "files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ss_twin_removes(const char *type)
{
    return strcmp(type, "sanction") == 0 || strcmp(type, "enforcement") == 0 ||
           strcmp(type, "change") == 0;
}

int ss_twin_view(const ss_scenario *s, ss_scenario *view)
{
    /* A shallow view: the same sections, minus the removed ones. */
    *view = *s;
    size_t len = strlen(s->name) + sizeof " (twin)";
    view->sec = malloc((s->nsec + 1) * sizeof *view->sec);
    view->name = malloc(len);
    view->nsec = 0;
    if (!view->sec || !view->name) {
        ss_twin_view_free(view);
        return SS_ENOMEM;
    }
    snprintf(view->name, len, "%s (twin)", s->name);
    for (size_t i = 0; i < s->nsec; i++)
        if (!ss_twin_removes(s->sec[i].type))
            view->sec[view->nsec++] = s->sec[i];
    return SS_OK;
}

void ss_twin_view_free(ss_scenario *view)
{
    free(view->sec);
    free(view->name);
    view->sec = NULL;
    view->name = NULL;
}

int ss_twin_write(const ss_scenario *s, FILE *f)
{
    ss_scenario view;
    int rc = ss_twin_view(s, &view);
    if (!rc)
        rc = ss_scenario_write(&view, f);
    ss_twin_view_free(&view);
    return rc;
}

ss_scenario *ss_twin_load(const ss_scenario *s, ss_diag *d)
{
    const char *dir = getenv("TMPDIR");
    dir = dir && *dir ? dir : "/tmp";
    size_t len = strlen(dir) + 32;
    char *path = malloc(len);
    if (!path) {
        ss_diag_set(d, SS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(path, len, "%s/sanctsim-twin-XXXXXX", dir);
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int rc = f ? ss_twin_write(s, f) : SS_EINVAL;
    if (f && fclose(f) != 0)
        rc = SS_EINVAL;
    else if (!f && fd >= 0)
        close(fd);
    ss_scenario *twin = NULL;
    /* Errors name the scenario, never the temporary file's random name,
     * so that a failed sweep row reads the same in every sweep. */
    if (rc) {
        ss_diag_set(d, rc, "cannot write the twin scenario in %s: %s", dir, strerror(errno));
        if (d) {
            snprintf(d->file, sizeof d->file, "%s (its twin)", s->path);
            d->line = 0;
        }
    } else {
        /* The twin names the same folder; the cache is pinned all the
         * same, so that it can never free the world s borrows. */
        const int pinned = s->cache ? s->cache->pinned : 0;
        if (s->cache)
            s->cache->pinned = 1;
        twin = ss_scenario_load_cached(path, NULL, 0, s->cache, d);
        if (s->cache)
            s->cache->pinned = pinned;
        if (!twin && d) {
            snprintf(d->file, sizeof d->file, "%s (its twin)", s->path);
            d->line = 0;
        }
    }
    if (twin) {
        char *own = strdup(s->path);
        if (own) {
            free(twin->path);
            twin->path = own;
        }
    }
    if (fd >= 0) {
        ss_inputs_forget(path);
        unlink(path);
    }
    free(path);
    return twin;
}
