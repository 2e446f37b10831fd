/* bisect_int.h — `leakcheck bisect`, internal header of harness/bisect/:
 * find the commit that introduced a leak. (harness/bisect.h is the public
 * one: cmd_bisect for main.c.)
 *
 * A binary search over `git rev-list --first-parent --reverse GOOD..BAD`.
 * Each commit tested is checked out with `git worktree add --detach` in a
 * temporary directory (the user's working tree, index and HEAD are never
 * touched), given its dependencies (an install, or a copy of an earlier
 * commit's from the build cache), built with the scenario's `[bisect] build`
 * command, and measured by running this very binary as `leakcheck run -q`
 * on the scenario. The run's
 * exit status and its report.json decide: 0 good, 1 bad (on memory; else
 * skip), 125 skip (like git bisect's 125), 2 stop (usage error), 128+N stop
 * (interrupted). An inconclusive run (exit 0,
 * `"verdict": "inconclusive"` in its report.json) is re-measured up to `repeats` times.
 *
 * The scenario is the test and is held constant: the user's copy of the file
 * is written into every worktree at the same path inside the repository (at
 * its top when the scenario is outside it), so its relative paths (`command
 * = node app.js`, `cwd`, `body_file`) resolve to that commit's code; the
 * `[bisect] files` (an app that exercises a library, fixtures) are copied
 * beside it.
 *
 * Children are run with fork/exec + waitpid in their own process groups (no
 * libev loop here). SIGINT/SIGTERM/SIGHUP only set a flag: the running child
 * group gets SIGTERM (leakcheck run tears its target down on it), and the
 * normal return path removes the worktrees and run dirs; exit 128+N.
 *
 * Files (harness/bisect/): bisect.c (options, set-up, the search),
 * bisect_proc.c (children, copies and signals), bisect_git.c (git
 * plumbing), bisect_measure.c (one commit: worktree, files, install, build,
 * runs), bisect_files.c ([bisect] files), bisect_install.c (which install,
 * where, its cache key), bisect_cache.c (the build cache on disk),
 * bisect_runread.c (the few fields of a run's report.json that bisect
 * needs), bisect_log.c (a failure's reason from its log), bisect_report.c
 * (table, TAP and JSON output).
 *
 * Ownership: bisect_ctx owns its commits array and each commit's subject,
 * the files list and the install command; ctx_free (bisect.c) releases
 * them. */
#ifndef LEAKCHECK_BISECT_INT_H
#define LEAKCHECK_BISECT_INT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "bisect.h"

/* Exit statuses of `leakcheck bisect` (never 125: it is not a test itself). */
#define BISECT_EXIT_FOUND 0 /* a first bad commit was found */
#define BISECT_EXIT_NOT_FOUND                                                                      \
    1 /* BAD or GOOD unverifiable (measures otherwise, cannot be built or started), or only skips  \
         left */
#define BISECT_EXIT_USAGE 2 /* usage, config, repository or run error */

typedef enum { BV_UNTESTED, BV_GOOD, BV_BAD, BV_SKIP, BV_INCONCLUSIVE, BV_STOP } bisect_verdict;

typedef enum { BISECT_FMT_TABLE, BISECT_FMT_TAP, BISECT_FMT_JSON } bisect_format;

/* How a commit got its dependencies (bisect_install.c). */
typedef enum {
    BI_NONE,     /* no install step (no package.json, install = none, or not reached) */
    BI_CACHED,   /* node_modules copied from the build cache */
    BI_STORED,   /* installed, and stored in the cache */
    BI_UNCACHED, /* installed; not cacheable (the note says why) or not stored */
    BI_FAILED    /* the install failed, timed out or was refused */
} bisect_install;

typedef enum { INSTALL_AUTO, INSTALL_CMD, INSTALL_NONE } install_mode;

/* One `leakcheck run` of one commit. */
typedef struct {
    int exit_code; /* of leakcheck run; -1 when it did not run (build failed) */
    bisect_verdict verdict;
    int has_slope;
    double slope, ci_lo, ci_hi; /* heap bytes/request of the endpoint shown */
    char endpoint[128];         /* the worst endpoint, as named in report.json */
} bisect_attempt;

#define BISECT_MAX_RUNS 11 /* 1 + repeats (at most 10) */

typedef struct {
    char sha[65], short_sha[65];
    char *subject;          /* untrusted: escape on output */
    bisect_verdict verdict; /* final */
    int inconclusive;       /* every run inconclusive: counted good */
    int disagrees;          /* its runs said both good and bad */
    int order;              /* 1-based position in testing order; 0 = untested */
    bisect_attempt runs[BISECT_MAX_RUNS];
    int n_runs;
    char note[640]; /* why skipped or stopped, or what disagreed */
    double seconds; /* build and runs */
    bisect_install install;
    double install_s; /* the install, or the copy from the cache */
} bisect_commit;

#define BISECT_MAX_NOTES 16

typedef struct {
    /* options */
    const char *good_rev, *bad_rev, *endpoint, *scenario, *output_dir, *repo, *cache_opt;
    int keep, quiet, no_cache;
    bisect_format format;
    /* the scenario's [bisect] section */
    char *build; /* run after the install; NULL = none */
    install_mode install_mode;
    char *install_cmd; /* INSTALL_CMD's command */
    char **files;      /* [bisect] files, relative to scen_dir */
    int n_files;
    int64_t repeats, build_timeout_ms;
    double cache_size_bytes;
    /* the build cache (bisect_cache.c) */
    char cache_dir[PATH_MAX]; /* "" = off */
    char node_version[64];    /* `node --version`, read once for the keys */
    int cache_told;           /* its place and size were printed */
    int uncached_told;        /* the note on why installs are not cached was made */
    int store_failed_told;    /* the note that the cache could not be written was made */
    int cache_hits, cache_stored, cache_evicted, cache_dropped, installs;
    int cache_entries; /* at the end, for the report */
    double cache_bytes;
    /* the repository, and where things go in a worktree */
    char top[PATH_MAX];      /* top level of the repository */
    char scen_rel[PATH_MAX]; /* scenario path relative to top (its name when outside) */
    char scen_dir[PATH_MAX]; /* the user's scenario's folder (real path) */
    int scen_outside;        /* the scenario is not inside top */
    char cwd_rel[PATH_MAX];  /* runs start here, relative to top ("." = top) */
    char *scenario_text;     /* the user's scenario file, written into each worktree */
    size_t scenario_len;
    char tmp[PATH_MAX];    /* mkdtemp: worktrees live here */
    char out[PATH_MAX];    /* run dirs and logs (inside tmp unless --output-dir) */
    char cur_wt[PATH_MAX]; /* worktree currently checked out, "" when none */
    /* commits[0] = GOOD, then GOOD..BAD on the first-parent line, oldest first */
    bisect_commit *commits;
    int n;
    int lo, hi;    /* known good index, known bad index */
    int first_bad; /* index, or -1 */
    int tested;
    char notes[BISECT_MAX_NOTES][768];
    int n_notes;
    char conclusion[1024]; /* one line: what was found, or why not */
    char *stat;            /* `git show --stat` of the first bad commit (malloc'd) */
    int status;
    double t0, wall_s;
} bisect_ctx;

/* bisect.c */
/* OUT/NN-SHORT: the logs and run dirs of a tested commit. */
void bisect_commit_dir(const bisect_ctx *c, const bisect_commit *bc, char *buf, size_t len);
void bisect_note(bisect_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double bisect_now(void);

/* bisect_proc.c — children in their own process groups, and interrupts. */
void bproc_install_signals(void);
int bproc_interrupted(void); /* SIGINT/SIGTERM/SIGHUP received, or 0 */
/* Starts argv[0] (a path) in cwd with stdin /dev/null; out_fd/err_fd become
 * its stdout/stderr (-1: /dev/null). Returns the pid (= its process group). */
pid_t bproc_spawn(char *const argv[], const char *cwd, int out_fd, int err_fd);
/* Waits for pid. killable: an interrupt, or timeout_ms (> 0) passing, sends
 * SIGTERM to its group, SIGKILL after a grace. Sets *timed_out when the
 * timeout did it. Returns the exit code (128+N when killed by signal N). */
int bproc_wait(pid_t pid, int killable, int64_t timeout_ms, int *timed_out);
/* Runs argv to completion (never killed), its stdout into a NUL-terminated
 * malloc'd *out (may be NULL to discard). Returns the exit code, -1 when it
 * could not start. */
int bproc_capture(char *const argv[], const char *cwd, int err_fd, char **out);
/* rm -rf, refusing "" and "/". */
int bproc_remove_tree(const char *path);

/* Copies src to dst (cp -T, so dst becomes src's copy, never a folder in
 * it). BCOPY_FILES: cp -aL --reflink=auto, links followed (the user's
 * [bisect] files); BCOPY_TREE: cp -a --reflink=auto, links kept (npm's, in
 * node_modules); BCOPY_LINKS: cp -al, hard links (same file system only).
 * Killable; returns cp's exit code, -1 when it could not start. */
typedef enum { BCOPY_FILES, BCOPY_TREE, BCOPY_LINKS } bproc_copy_how;
int bproc_copy(const char *src, const char *dst, bproc_copy_how how, int log_fd);

/* bisect_files.c — [bisect] files, brought into every worktree. Check: at
 * set-up, fills c->files from the space-separated list; a name that is
 * absolute, holds . or .., or does not exist beside the scenario is an error
 * (printed; -1). Copy: each into dest_dir, the scenario's folder in a
 * worktree; -1 with *failed = the name that could not be copied. */
int bfiles_check(bisect_ctx *c, const char *files);
int bfiles_copy(const bisect_ctx *c, const char *dest_dir, int log_fd, const char **failed);

/* bisect_install.c — a commit's dependency install (see the file). */
typedef struct {
    char cmd[1024];         /* "" = no install for this commit */
    char dir[PATH_MAX * 2]; /* where it runs and leaves node_modules */
    char key[65];           /* the build-cache key; "" = not cached */
    char info[8192];        /* what the key is made of (the entry's key.txt) */
    char uncached[256];     /* why there is no key, when there is a cmd */
    char refusal[640];      /* the commit cannot be installed as configured */
} install_plan;
/* At set-up: c->install_mode and install_cmd from [bisect] install (NULL:
 * unset) and c->build, which it may split or clear. */
void binstall_configure(bisect_ctx *c, const char *install);
/* For the worktree wt whose scenario is in scen_dir. */
int binstall_plan(bisect_ctx *c, const char *wt, const char *scen_dir, install_plan *p);

/* bisect_cache.c — the build cache (see the file). open: c->cache_dir from
 * --cache-dir, the environment and HOME ("" = off). restore: 1 when key's
 * node_modules was copied into pkg_dir (or the install made none), 0 when
 * the key is not there, -1 when the copy failed. store: pkg_dir's
 * node_modules under key, then the least recently used entries past
 * cache_size go; 0, or -1. usage: entries and bytes on disk now. */
void bcache_open(bisect_ctx *c);
int bcache_restore(bisect_ctx *c, const char *key, const char *pkg_dir, int log_fd);
int bcache_store(bisect_ctx *c, const char *key, const char *pkg_dir, const char *info, int log_fd);
void bcache_usage(const bisect_ctx *c, int *entries, double *bytes);

/* bisect_log.c — the first line of a log that says why a build or run
 * failed (a missing module, a thrown Error:, npm's or git's error line),
 * copied into buf (control characters as '?', at most 200 bytes). Returns 1,
 * or 0 (buf "") when the log has no such line or cannot be read. */
int blog_reason(const char *path, char *buf, size_t len);

/* bisect_git.c — git plumbing, always `git -C top ...`, argv arrays only. */
int bgit_toplevel(const char *dir, char *top, size_t len);
int bgit_resolve(const char *top, const char *rev, char sha[65]);
int bgit_is_ancestor(const char *top, const char *a, const char *b);
/* Fills c->commits / c->n from c->commits[0] = GOOD's sha and BAD's sha. */
int bgit_list_commits(bisect_ctx *c, const char *good_sha, const char *bad_sha);
int bgit_worktree_add(const char *top, const char *path, const char *sha, int log_fd);
void bgit_worktree_remove(const char *top, const char *path);
void bgit_worktree_prune(const char *top);
char *bgit_show_stat(const char *top, const char *sha); /* malloc'd, or NULL */
/* The object id of path (relative to dir, inside its worktree) at HEAD. */
int bgit_object_id(const char *dir, const char *rel_path, char oid[65]);

/* bisect_measure.c — one commit, start to finish. expect: the verdict the
 * user claimed (BV_GOOD for GOOD, BV_BAD for BAD), or BV_UNTESTED. A run
 * that contradicts the claim is re-measured like an inconclusive one. */
bisect_verdict bisect_measure(bisect_ctx *c, int index, bisect_verdict expect);

/* bisect_runread.c — reads a `leakcheck run` report.json into a (the worst
 * endpoint's heap slope) and a summary of the verdicts that run made.
 * Returns the number of endpoints (0 when there is no report). */
typedef struct {
    int endpoints;
    int inconclusive; /* an endpoint's verdict is inconclusive */
    int failed;       /* an endpoint is not within budget, except by an inconclusive */
    int leak;         /* one failed on memory (a signal, a baseline) or ran out of heap */
    char reason[256]; /* the first failing endpoint's reason */
    char fatal[256];  /* why the run could not go on (report.json "fatal"), or "" */
} run_summary;
int runread_report(const char *run_dir, bisect_attempt *a, run_summary *s);

/* bisect_report.c */
const char *bisect_verdict_name(bisect_verdict v);
const char *bisect_install_name(bisect_install i); /* "cached", "stored", ... */
void bisect_report_progress(const bisect_ctx *c, const bisect_commit *bc);
void bisect_report(FILE *out, const bisect_ctx *c);

#endif
