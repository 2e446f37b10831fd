/* bisect_git.c — the git plumbing `leakcheck bisect` needs.
 *
 * Every call is `git -C TOP ...` with an argv array (revisions and paths come
 * from the user and from the repository: no shell ever sees them). Queries
 * send git's stderr to /dev/null and report their own error; worktree
 * commands log to the commit's log file. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_int.h"
#include "xalloc.h"

#define GIT_MAX_ARGS 24

/* git(top, log_fd, &out, arg, ..., NULL): exit code of `git -C top arg...`. */
static int git(const char *top, int log_fd, char **out, ...)
{
    char *argv[GIT_MAX_ARGS] = {"git", "-C", (char *)top};
    int n = 3;
    va_list ap;
    va_start(ap, out);
    for (char *a; n < GIT_MAX_ARGS - 1 && (a = va_arg(ap, char *));)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return bproc_capture(argv, NULL, log_fd, out);
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = 0;
}

int bgit_toplevel(const char *dir, char *top, size_t len)
{
    char *out, real[PATH_MAX];
    int code = git(dir, -1, &out, "rev-parse", "--show-toplevel", NULL);
    if (code == 0) chomp(out);
    if (code == 0 && out[0] && realpath(out, real))
        snprintf(top, len, "%s", real);
    else
        code = code ? code : -1;
    free(out);
    return code == 0 ? 0 : -1;
}

int bgit_resolve(const char *top, const char *rev, char sha[65])
{
    char spec[1024], *out;
    snprintf(spec, sizeof spec, "%s^{commit}", rev);
    int code =
        git(top, -1, &out, "rev-parse", "--verify", "--quiet", "--end-of-options", spec, NULL);
    if (code == 0) chomp(out);
    int ok = code == 0 && strlen(out) >= 40 && strlen(out) <= 64;
    if (ok) snprintf(sha, 65, "%s", out);
    free(out);
    return ok ? 0 : -1;
}

int bgit_is_ancestor(const char *top, const char *a, const char *b)
{
    return git(top, -1, NULL, "merge-base", "--is-ancestor", a, b, NULL) == 0;
}

/* "SHA SHORT subject" → a commit record. */
static int parse_commit_line(char *line, bisect_commit *bc)
{
    char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp2 || sp1 - line > 64 || sp2 - sp1 - 1 > 64) return -1;
    memset(bc, 0, sizeof *bc);
    snprintf(bc->sha, sizeof bc->sha, "%.*s", (int)(sp1 - line), line);
    snprintf(bc->short_sha, sizeof bc->short_sha, "%.*s", (int)(sp2 - sp1 - 1), sp1 + 1);
    bc->subject = xstrdup(sp2 + 1);
    return 0;
}

static int append_commits(bisect_ctx *c, char *text)
{
    for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl) *nl = 0;
        if (!*line) continue;
        c->commits = xrealloc(c->commits, sizeof *c->commits * (size_t)(c->n + 1));
        if (parse_commit_line(line, &c->commits[c->n]) < 0) return -1;
        c->n++;
    }
    return 0;
}

int bgit_list_commits(bisect_ctx *c, const char *good_sha, const char *bad_sha)
{
    char range[160], *one, *list;
    const char *fmt = "--format=%H %h %s";
    snprintf(range, sizeof range, "%s..%s", good_sha, bad_sha);
    int code = git(c->top, -1, &one, "log", "--no-color", "-1", fmt, good_sha, NULL);
    if (code == 0)
        code = git(c->top, -1, &list, "log", "--no-color", "--first-parent", "--reverse", fmt,
                   range, NULL);
    else
        list = NULL;
    if (code == 0 && (append_commits(c, one) < 0 || append_commits(c, list) < 0)) code = -1;
    free(one), free(list);
    return code == 0 ? 0 : -1;
}

int bgit_worktree_add(const char *top, const char *path, const char *sha, int log_fd)
{
    return git(top, log_fd, NULL, "worktree", "add", "--detach", path, sha, NULL) == 0 ? 0 : -1;
}

void bgit_worktree_remove(const char *top, const char *path)
{
    git(top, -1, NULL, "worktree", "remove", "--force", path, NULL);
}

void bgit_worktree_prune(const char *top)
{
    git(top, -1, NULL, "worktree", "prune", NULL);
}

char *bgit_show_stat(const char *top, const char *sha)
{
    char *out;
    int code = git(top, -1, &out, "show", "--no-color", "-m", "--first-parent", "--stat",
                   "--format=Author: %an <%ae>%nDate:   %ad", sha, NULL);
    if (code != 0) free(out), out = NULL;
    return out;
}

int bgit_object_id(const char *dir, const char *rel_path, char oid[65])
{
    char spec[PATH_MAX + 16], *out;
    snprintf(spec, sizeof spec, "HEAD:./%s", rel_path); /* ./: relative to dir */
    int code =
        git(dir, -1, &out, "rev-parse", "--verify", "--quiet", "--end-of-options", spec, NULL);
    if (code == 0) chomp(out);
    int ok = code == 0 && strlen(out) >= 40 && strlen(out) <= 64;
    if (ok) snprintf(oid, 65, "%s", out);
    free(out);
    return ok ? 0 : -1;
}
