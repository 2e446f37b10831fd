/* bisect_measure.c — measure one commit for `leakcheck bisect`.
 *
 * worktree add → the user's scenario and [bisect] files written in → the
 * dependency install (or its copy from the build cache) → [bisect] build →
 * one or more `leakcheck run` → verdict → worktree removed. Logs and run
 * dirs go to OUT/NN-SHORT/ (NN = testing order): git.log, build.log (the
 * copies, the install and the build, each introduced by a line of ours),
 * run-K/ (the run dir), run-K.tap (its stdout) and run-K.err (its stderr).
 *
 * Re-measuring: a run that is inconclusive, or that contradicts what the user
 * claimed about GOOD or BAD, is repeated up to [bisect] repeats times; the
 * first run that is conclusive (and, for GOOD/BAD, agrees) ends it. Runs
 * that said both good and bad are flagged, never averaged away. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bisect_int.h"
#include "escape.h"
#include "fsutil.h"
#include "run.h"
#include "units.h"

typedef struct {
    bisect_ctx *c;
    bisect_commit *bc;
    char dir[PATH_MAX + 80];  /* logs and run dirs of this commit */
    char wt[PATH_MAX + 80];   /* its worktree */
    char scen[PATH_MAX * 2];  /* the scenario inside the worktree */
    char where[PATH_MAX * 2]; /* cwd of the runs */
} commit_job;

static int open_log(const commit_job *j, const char *name)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", j->dir, name);
    return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* note = printf(fmt, ...) + ": REASON (PATH)": the first meaningful line
 * (bisect_log.c) of the first of `logs` (names in the commit's dir,
 * NULL-ended) that has one, and that log's full path; without a reason line,
 * the path of the first log there is. Logs of a skipped or stopped commit are
 * kept after the bisect (bisect.c), so the path exists when it is read. */
static void note_with_reason(commit_job *j, const char *const logs[], const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note_with_reason(commit_job *j, const char *const logs[], const char *fmt, ...)
{
    char *note = j->bc->note, reason[256] = "", path[PATH_MAX * 2], shown[PATH_MAX * 2] = "";
    size_t cap = sizeof j->bc->note, used;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, cap, fmt, ap);
    va_end(ap);
    for (int i = 0; logs[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", j->dir, logs[i]);
        if (!shown[0] && access(path, R_OK) == 0) snprintf(shown, sizeof shown, "%s", path);
        if (blog_reason(path, reason, sizeof reason)) {
            snprintf(shown, sizeof shown, "%s", path);
            break;
        }
    }
    used = strlen(note);
    if (reason[0] && used < cap) used += (size_t)snprintf(note + used, cap - used, ": %s", reason);
    if (shown[0] && used < cap) snprintf(note + used, cap - used, " (%s)", shown);
}

/* The user's scenario, at its place in the repository, inside the worktree. */
static int place_scenario(commit_job *j)
{
    const bisect_ctx *c = j->c;
    char dir[sizeof j->scen];
    snprintf(j->scen, sizeof j->scen, "%s/%s", j->wt, c->scen_rel);
    snprintf(dir, sizeof dir, "%s", j->scen);
    if (fs_mkdir_p(dirname(dir)) < 0) return -1;
    FILE *f = fopen(j->scen, "wb");
    if (!f) return -1;
    int ok = fwrite(c->scenario_text, 1, c->scenario_len, f) == c->scenario_len;
    ok = (fclose(f) == 0) && ok;
    snprintf(j->where, sizeof j->where, "%s/%s", j->wt, c->cwd_rel);
    struct stat st;
    if (stat(j->where, &st) < 0 || !S_ISDIR(st.st_mode))
        snprintf(j->where, sizeof j->where, "%s", dir);
    return ok ? 0 : -1;
}

/* Runs cmd (/bin/sh -c) in dir, logging to build.log, under build_timeout.
 * BV_GOOD when it succeeded; else the commit's verdict, with a note that
 * begins with what (install, build). */
static bisect_verdict shell_step(commit_job *j, const char *what, const char *cmd, const char *dir)
{
    static const char *const build_log[] = {"build.log", NULL};
    char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
    int fd = open_log(j, "build.log"), timed_out;
    if (fd >= 0) dprintf(fd, "leakcheck bisect: %s in %s: %s\n", what, dir, cmd);
    pid_t pid = bproc_spawn(argv, dir, fd, fd);
    if (fd >= 0) close(fd);
    if (pid < 0) return snprintf(j->bc->note, sizeof j->bc->note, "cannot fork"), BV_STOP;
    int code = bproc_wait(pid, 1, j->c->build_timeout_ms, &timed_out);
    if (bproc_interrupted()) return BV_STOP;
    if (timed_out)
        return note_with_reason(j, build_log, "%s timed out after %d s", what,
                                (int)(j->c->build_timeout_ms / 1000)),
               BV_SKIP;
    if (code)
        return note_with_reason(j, build_log, "%s failed (exit status %d)", what, code), BV_SKIP;
    return BV_GOOD;
}

/* The cache's place and size, once, before the first install that uses it. */
static void tell_cache(bisect_ctx *c)
{
    int entries;
    double bytes;
    char size[32], cap[32];
    if (c->cache_told || c->quiet || !c->cache_dir[0]) return;
    c->cache_told = 1;
    bcache_usage(c, &entries, &bytes);
    fputs("leakcheck bisect: build cache ", stderr);
    esc_term(stderr, c->cache_dir, ESC_STRLEN);
    fprintf(stderr, " (%d entr%s, %s; cache_size %s; --no-cache bypasses it)\n", entries,
            entries == 1 ? "y" : "ies", units_format_bytes(bytes, size, sizeof size),
            units_format_bytes(c->cache_size_bytes, cap, sizeof cap));
}

/* The dependency install: a copy from the build cache when a commit with the
 * same key was installed before, else the install, then stored. */
static bisect_verdict install(commit_job *j, const char *scen_dir)
{
    bisect_ctx *c = j->c;
    bisect_commit *bc = j->bc;
    install_plan p;
    binstall_plan(c, j->wt, scen_dir, &p);
    if (p.refusal[0])
        return bc->install = BI_FAILED, snprintf(bc->note, sizeof bc->note, "%s", p.refusal),
               BV_SKIP;
    if (!p.cmd[0]) return BV_GOOD;
    double t0 = bisect_now();
    int fd = open_log(j, "build.log");
    if (p.key[0]) tell_cache(c);
    int dropped = c->cache_dropped, hit = bcache_restore(c, p.key, p.dir, fd);
    if (c->cache_dropped > dropped && c->cache_dropped == 1)
        bisect_note(c,
                    "build cache: an entry's node_modules was written to after it was stored "
                    "(through a commit's hard link): removed, and %s installed afresh",
                    bc->short_sha);
    if (hit > 0 && fd >= 0)
        dprintf(fd, "leakcheck bisect: install (%s) from the build cache: %s/%s\n", p.cmd,
                c->cache_dir, p.key);
    if (fd >= 0) close(fd);
    if (bproc_interrupted()) return BV_STOP;
    c->installs++;
    if (hit > 0) {
        c->cache_hits++, bc->install = BI_CACHED, bc->install_s = bisect_now() - t0;
        return BV_GOOD;
    }
    bisect_verdict v = shell_step(j, "install", p.cmd, p.dir);
    bc->install_s = bisect_now() - t0;
    if (v != BV_GOOD) return bc->install = BI_FAILED, v;
    bc->install = BI_UNCACHED;
    fd = open_log(j, "build.log");
    if (p.key[0] && bcache_store(c, p.key, p.dir, p.info, fd) == 0)
        c->cache_stored++, bc->install = BI_STORED;
    else if (p.key[0] && !bproc_interrupted() && !c->store_failed_told++)
        bisect_note(c, "build cache %s: an install could not be stored (see %s's build.log)",
                    c->cache_dir, bc->short_sha);
    if (fd >= 0) close(fd);
    if (!p.key[0] && p.uncached[0] && !c->uncached_told++)
        bisect_note(c, "dependency installs are not cached: %s", p.uncached);
    return BV_GOOD;
}

/* [bisect] files, the install, then [bisect] build, in the scenario's folder. */
static bisect_verdict build(commit_job *j)
{
    char dir[sizeof j->scen];
    const char *failed = NULL;
    snprintf(dir, sizeof dir, "%s", j->scen);
    dirname(dir);
    int fd = open_log(j, "build.log");
    int copied = bfiles_copy(j->c, dir, fd, &failed);
    if (fd >= 0) close(fd);
    if (bproc_interrupted()) return BV_STOP;
    if (copied < 0) {
        static const char *const build_log[] = {"build.log", NULL};
        return note_with_reason(j, build_log, "cannot copy [bisect] files %s into the worktree",
                                failed ? failed : "?"),
               BV_STOP;
    }
    bisect_verdict v = install(j, dir);
    if (v != BV_GOOD || !j->c->build) return v;
    return shell_step(j, "build", j->c->build, dir);
}

/* What an exit status of leakcheck run means here: an attempt's verdict.
 * Exit 1 is bad only when an endpoint failed on a memory or resource signal
 * (or ran out of heap); failed requests or a crash of another kind say the
 * commit cannot be measured, not that it leaks: skip, with the reason. A
 * start failure's reason is in the target's log first (the run's stderr
 * quotes only its end), then in the run's stderr. */
static bisect_verdict classify(commit_job *j, int k, int code, const run_summary *s)
{
    char target_log[32], err_log[32];
    snprintf(target_log, sizeof target_log, "run-%d/target.log", k);
    snprintf(err_log, sizeof err_log, "run-%d.err", k);
    const char *const start_logs[] = {target_log, err_log, NULL}, *const err_logs[] = {err_log,
                                                                                       NULL};
    if (code == EXIT_WITHIN_BUDGET) return s->inconclusive ? BV_INCONCLUSIVE : BV_GOOD;
    if (code == EXIT_OVER_BUDGET && (s->leak || !s->endpoints)) return BV_BAD;
    if (code == EXIT_OVER_BUDGET && s->failed)
        return snprintf(j->bc->note, sizeof j->bc->note, "failed, but not on memory: %s",
                        s->reason),
               BV_SKIP;
    if (code == EXIT_OVER_BUDGET) return BV_INCONCLUSIVE; /* strict: inconclusive fails */
    if (code == EXIT_CANNOT_START)
        return note_with_reason(j, start_logs, "target could not start (%s)",
                                s->fatal[0] ? s->fatal : "leakcheck run exit 125"),
               BV_SKIP;
    if (code == EXIT_USAGE)
        return note_with_reason(j, err_logs, "leakcheck run: usage or config error (exit %d)",
                                code),
               BV_STOP;
    if (code > EXIT_INTERRUPTED_BASE)
        return note_with_reason(j, err_logs, "leakcheck run interrupted (exit %d)", code), BV_STOP;
    return note_with_reason(j, err_logs, "leakcheck run ended with exit status %d", code), BV_STOP;
}

static bisect_verdict run_once(commit_job *j)
{
    bisect_commit *bc = j->bc;
    bisect_attempt *a = &bc->runs[bc->n_runs++];
    char rundir[PATH_MAX * 2], tap[PATH_MAX * 2 + 8], err_name[32];
    snprintf(rundir, sizeof rundir, "%s/run-%d", j->dir, bc->n_runs);
    snprintf(tap, sizeof tap, "%s.tap", rundir);
    snprintf(err_name, sizeof err_name, "run-%d.err", bc->n_runs);
    char *argv[] = {"/proc/self/exe", "run", "--output-dir", rundir, "-q",
                    j->scen,          NULL,  NULL,           NULL};
    if (j->c->endpoint) argv[5] = "--endpoint", argv[6] = (char *)j->c->endpoint, argv[7] = j->scen;
    int out = open(tap, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open_log(j, err_name);
    pid_t pid = bproc_spawn(argv, j->where, out, err);
    if (out >= 0) close(out);
    if (err >= 0) close(err);
    if (pid < 0) return snprintf(bc->note, sizeof bc->note, "cannot fork"), a->verdict = BV_STOP;
    a->exit_code = bproc_wait(pid, 1, 0, NULL);
    run_summary sum;
    runread_report(rundir, a, &sum);
    if (bproc_interrupted()) return a->verdict = BV_STOP;
    return a->verdict = classify(j, bc->n_runs, a->exit_code, &sum);
}

/* The commit's verdict from its runs (see the file comment). */
static bisect_verdict settle(bisect_commit *bc, bisect_verdict expect)
{
    int good = 0, bad = 0;
    for (int i = 0; i < bc->n_runs; i++)
        good += bc->runs[i].verdict == BV_GOOD, bad += bc->runs[i].verdict == BV_BAD;
    if (good && bad) {
        bc->disagrees = 1;
        snprintf(bc->note, sizeof bc->note, "runs disagree: %d good, %d bad; counted %s", good, bad,
                 expect == BV_BAD ? "bad" : "good");
        return expect == BV_BAD ? BV_BAD : BV_GOOD;
    }
    if (bad || good) return bad ? BV_BAD : BV_GOOD;
    bc->inconclusive = 1;
    snprintf(bc->note, sizeof bc->note, "inconclusive in %d run%s: counted good", bc->n_runs,
             bc->n_runs > 1 ? "s" : "");
    return BV_GOOD;
}

static bisect_verdict measure_runs(commit_job *j, bisect_verdict expect)
{
    int max = 1 + (int)j->c->repeats;
    for (int k = 0; k < max && k < BISECT_MAX_RUNS; k++) {
        bisect_verdict v = run_once(j);
        if (v == BV_SKIP || v == BV_STOP) return v;
        if (v == BV_INCONCLUSIVE) continue;
        if (expect == BV_UNTESTED || v == expect) break;
    }
    return settle(j->bc, expect);
}

static bisect_verdict checkout_build_measure(commit_job *j, bisect_verdict expect)
{
    int log = open_log(j, "git.log");
    snprintf(j->c->cur_wt, sizeof j->c->cur_wt, "%s", j->wt); /* removed even if half-added */
    int added = bgit_worktree_add(j->c->top, j->wt, j->bc->sha, log);
    if (log >= 0) close(log);
    if (bproc_interrupted()) return BV_STOP;
    if (added < 0) {
        static const char *const git_log[] = {"git.log", NULL};
        return note_with_reason(j, git_log, "git worktree add failed"), BV_STOP;
    }
    if (place_scenario(j) < 0)
        return snprintf(j->bc->note, sizeof j->bc->note, "cannot write %s: %s", j->scen,
                        strerror(errno)),
               BV_STOP;
    bisect_verdict v = build(j);
    if (v != BV_GOOD) return v;
    return measure_runs(j, expect);
}

bisect_verdict bisect_measure(bisect_ctx *c, int index, bisect_verdict expect)
{
    commit_job j = {.c = c, .bc = &c->commits[index]};
    bisect_commit *bc = j.bc;
    double t0 = bisect_now();
    bc->order = ++c->tested;
    bisect_commit_dir(c, bc, j.dir, sizeof j.dir);
    snprintf(j.wt, sizeof j.wt, "%s/wt-%s", c->tmp, bc->short_sha);
    if (fs_mkdir_p(j.dir) < 0) {
        snprintf(bc->note, sizeof bc->note, "cannot create %s: %s", j.dir, strerror(errno));
        return bc->verdict = BV_STOP;
    }
    bc->verdict = checkout_build_measure(&j, expect);
    if (bc->verdict == BV_STOP && bproc_interrupted() && !bc->note[0])
        snprintf(bc->note, sizeof bc->note, "interrupted by signal %d", bproc_interrupted());
    if (c->cur_wt[0]) {
        bgit_worktree_remove(c->top, c->cur_wt);
        bproc_remove_tree(c->cur_wt);
        c->cur_wt[0] = 0;
    }
    bc->seconds = bisect_now() - t0;
    return bc->verdict;
}
