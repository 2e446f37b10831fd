/* bisect_files.c — `[bisect] files`: what the test needs that is not in the
 * history, brought into every worktree.
 *
 * A library's history has no app that exercises it: the user keeps one
 * (app.js, fixtures/) beside the scenario, outside the repository or simply
 * uncommitted. Like the scenario, these are the test and are held constant:
 * each is copied from the scenario's folder into the scenario's place in
 * every worktree (over the commit's own file of that name), before the
 * build. Names are space-separated paths relative to the scenario's folder;
 * a directory is copied whole. They are checked once, at set-up, so a typo
 * is a usage error (exit 2), not a skipped commit per commit. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bisect_int.h"
#include "escape.h"
#include "fsutil.h"
#include "xalloc.h"

/* NULL when name may be copied, else why not. */
static const char *bad_name(const char *name)
{
    if (name[0] == '/') return "must be relative to the scenario's folder";
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return "must name a file or folder inside the scenario's folder (no . or ..)";
        p += n;
        p += *p == '/';
    }
    return NULL;
}

static int file_error(const bisect_ctx *c, const char *name, const char *why)
{
    fprintf(stderr, "leakcheck bisect: %s: [bisect] files: ", c->scenario);
    esc_term(stderr, name, ESC_STRLEN);
    fputs(": ", stderr);
    esc_term(stderr, why, ESC_STRLEN);
    fputs(" (", stderr);
    esc_term(stderr, c->scen_dir, ESC_STRLEN);
    fputs(")\n", stderr);
    return -1;
}

int bfiles_check(bisect_ctx *c, const char *files)
{
    char *copy = xstrdup(files ? files : ""), *save = NULL, path[PATH_MAX * 2];
    int rc = 0;
    for (char *tok = strtok_r(copy, " \t", &save); tok && rc == 0;
         tok = strtok_r(NULL, " \t", &save)) {
        size_t n = strlen(tok);
        while (n > 1 && tok[n - 1] == '/')
            tok[--n] = 0; /* fixtures/ = fixtures */
        const char *why = bad_name(tok);
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", c->scen_dir, tok);
        if (!why && lstat(path, &st) < 0) why = strerror(errno);
        if (why) {
            rc = file_error(c, tok, why);
            break;
        }
        c->files = xrealloc(c->files, (size_t)(c->n_files + 1) * sizeof *c->files);
        c->files[c->n_files++] = xstrdup(tok);
    }
    free(copy);
    return rc;
}

int bfiles_copy(const bisect_ctx *c, const char *dest_dir, int log_fd, const char **failed)
{
    char src[PATH_MAX * 2], dst[PATH_MAX * 2], parent[PATH_MAX * 2];
    for (int i = 0; i < c->n_files; i++) {
        *failed = c->files[i];
        snprintf(src, sizeof src, "%s/%s", c->scen_dir, c->files[i]);
        snprintf(dst, sizeof dst, "%s/%s", dest_dir, c->files[i]);
        snprintf(parent, sizeof parent, "%s", dst);
        if (fs_mkdir_p(dirname(parent)) < 0) return -1;
        if (bproc_copy(src, dst, BCOPY_FILES, log_fd) != 0) return -1;
    }
    *failed = NULL;
    return 0;
}
