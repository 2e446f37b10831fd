/* bisect.c — the story of one `leakcheck bisect`; see bisect.h.
 *
 * options → scenario and its [bisect] section → repository, revisions and
 * the first-parent list GOOD..BAD → BAD measured (must be bad) → GOOD
 * measured (must be good) → binary search, stepping to a neighbour of a
 * skipped commit → report → worktrees and temporary run dirs removed, on
 * every path including Ctrl-C. */
#include "bisect_int.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "escape.h"
#include "exitcodes.h"
#include "fsutil.h"
#include "run.h"
#include "xalloc.h"

static const char bisect_usage[] =
    "usage: leakcheck bisect --good REV --bad REV [options] SCENARIO.ini\n"
    "\n"
    "Finds the first commit on the first-parent line GOOD..BAD whose scenario run\n"
    "goes over budget. Each commit is checked out in a temporary `git worktree`\n"
    "(your working tree, index and HEAD are untouched), given the [bisect] files\n"
    "kept beside SCENARIO.ini (an app that exercises a library), its dependencies\n"
    "installed ([bisect] install; default npm ci with a lockfile, else npm install\n"
    "--no-package-lock) or copied from the build cache when an earlier commit had\n"
    "the same package.json and lockfile, built with [bisect] build, and measured\n"
    "with `leakcheck run` using your copy of SCENARIO.ini.\n"
    "\n"
    "options:\n"
    "  -g, --good REV         a commit that measures within budget\n"
    "  -b, --bad REV          a later commit that measures over budget\n"
    "  -e, --endpoint NAME    measure only this endpoint\n"
    "  -r, --repo DIR         the repository to bisect (default: the one holding the\n"
    "                         current directory, else the one holding SCENARIO.ini;\n"
    "                         a scenario outside it goes to the top of each worktree)\n"
    "  -f, --format FMT       table (default), tap or json, on stdout\n"
    "  -o, --output-dir DIR   keep run dirs and logs in DIR (implies --keep)\n"
    "  -k, --keep             keep run dirs and logs (default: only the logs of\n"
    "                         skipped commits are kept, in the temporary directory)\n"
    "  -C, --cache-dir DIR    the build cache (default: $LEAKCHECK_CACHE_DIR, else\n"
    "                         $XDG_CACHE_HOME/leakcheck/bisect, else\n"
    "                         ~/.cache/leakcheck/bisect; at most [bisect] cache_size)\n"
    "  -n, --no-cache         install every commit afresh; read and fill no cache\n"
    "  -q, --quiet            no progress on stderr\n"
    "  -h, --help             this text\n"
    "\n";

static void print_usage(FILE *f)
{
    fputs(bisect_usage, f);
    exitcodes_print(f, "leakcheck bisect", exitcodes_bisect);
}

double bisect_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void bisect_commit_dir(const bisect_ctx *c, const bisect_commit *bc, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%02d-%s", c->out, bc->order, bc->short_sha);
}

void bisect_note(bisect_ctx *c, const char *fmt, ...)
{
    if (c->n_notes == BISECT_MAX_NOTES) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->notes[c->n_notes++], sizeof c->notes[0], fmt, ap);
    va_end(ap);
}

static int usage_error(const char *msg, const char *what)
{
    fprintf(stderr, "leakcheck bisect: %s", msg);
    if (what) esc_term(stderr, what, ESC_STRLEN);
    fprintf(stderr, "\n\n");
    print_usage(stderr);
    return -1;
}

static int parse_format(bisect_ctx *c, const char *f)
{
    if (!strcmp(f, "table"))
        c->format = BISECT_FMT_TABLE;
    else if (!strcmp(f, "tap"))
        c->format = BISECT_FMT_TAP;
    else if (!strcmp(f, "json"))
        c->format = BISECT_FMT_JSON;
    else
        return usage_error("unknown --format (table, tap or json): ", f);
    return 0;
}

static int parse_options(int argc, char **argv, bisect_ctx *c)
{
    static const struct option longopts[] = {{"good", required_argument, 0, 'g'},
                                             {"bad", required_argument, 0, 'b'},
                                             {"endpoint", required_argument, 0, 'e'},
                                             {"repo", required_argument, 0, 'r'},
                                             {"format", required_argument, 0, 'f'},
                                             {"output-dir", required_argument, 0, 'o'},
                                             {"keep", no_argument, 0, 'k'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"cache-dir", required_argument, 0, 'C'},
                                             {"no-cache", no_argument, 0, 'n'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "g:b:e:r:f:o:kqC:nh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'g':
            c->good_rev = optarg;
            break;
        case 'b':
            c->bad_rev = optarg;
            break;
        case 'e':
            c->endpoint = optarg;
            break;
        case 'r':
            c->repo = optarg;
            break;
        case 'f':
            if (parse_format(c, optarg) < 0) return -1;
            break;
        case 'o':
            c->output_dir = optarg, c->keep = 1;
            break;
        case 'k':
            c->keep = 1;
            break;
        case 'q':
            c->quiet = 1;
            break;
        case 'C':
            c->cache_opt = optarg;
            break;
        case 'n':
            c->no_cache = 1;
            break;
        case 'h':
            print_usage(stdout);
            exit(0);
        default:
            print_usage(stderr);
            return -1;
        }
    }
    if (!c->good_rev || !c->bad_rev) return usage_error("both --good and --bad are required", NULL);
    if (c->good_rev[0] == '-' || c->bad_rev[0] == '-')
        return usage_error("a revision cannot start with '-'", NULL);
    if (optind != argc - 1) return usage_error("expected one scenario file", NULL);
    c->scenario = argv[optind];
    return 0;
}

/* ---- set-up ---- */

/* The scenario must load (as `leakcheck run` would load it here) and name
 * the endpoint; its [bisect] section is all bisect takes from it (files and
 * install are kept raw in *files and *install until the scenario's folder
 * is known: setup_bisect). */
static int load_scenario(bisect_ctx *c, char **files, char **install)
{
    config cfg;
    char err[1024];
    const char *defaults = access("harness.ini", R_OK) == 0 ? "harness.ini" : NULL;
    if (config_load(&cfg, defaults, c->scenario, err, sizeof err) < 0) {
        fprintf(stderr, "leakcheck bisect: ");
        esc_term(stderr, err, ESC_STRLEN);
        fputc('\n', stderr);
        return config_free(&cfg), -1;
    }
    int found = !c->endpoint;
    for (int i = 0; i < cfg.n_endpoints && !found; i++)
        found = config_endpoint_is(&cfg.endpoints[i], c->endpoint);
    if (!found) {
        fprintf(stderr, "leakcheck bisect: %s: no endpoint named \"", c->scenario);
        esc_term(stderr, c->endpoint, ESC_STRLEN);
        fputs("\"\n", stderr);
    }
    c->build = cfg.bisect.build ? xstrdup(cfg.bisect.build) : NULL;
    c->repeats = cfg.bisect.repeats;
    c->build_timeout_ms = cfg.bisect.build_timeout_ms;
    c->cache_size_bytes = cfg.bisect.cache_size_bytes;
    *files = cfg.bisect.files ? xstrdup(cfg.bisect.files) : NULL;
    *install = cfg.bisect.install ? xstrdup(cfg.bisect.install) : NULL;
    config_free(&cfg);
    return found ? 0 : -1;
}

static int read_scenario(bisect_ctx *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 8192;
    c->scenario_text = xmalloc(cap);
    size_t n;
    while ((n = fread(c->scenario_text + c->scenario_len, 1, cap - c->scenario_len, f)) > 0)
        if ((c->scenario_len += n) == cap) c->scenario_text = xrealloc(c->scenario_text, cap *= 2);
    fclose(f);
    return 0;
}

/* path relative to top, or NULL when path is not inside top. */
static const char *inside(const char *top, const char *path)
{
    size_t n = strlen(top);
    if (strncmp(path, top, n)) return NULL;
    if (path[n] == 0) return ".";
    return path[n] == '/' ? path + n + 1 : NULL;
}

/* The repository: --repo, else the one holding the current directory, else
 * the one holding the scenario. */
static int find_repo(bisect_ctx *c, const char *scen_dir)
{
    char cwd[PATH_MAX];
    if (c->repo) {
        if (bgit_toplevel(c->repo, c->top, sizeof c->top) == 0) return 0;
        fprintf(stderr, "leakcheck bisect: --repo ");
        esc_term(stderr, c->repo, ESC_STRLEN);
        return fputs(" is not inside a git repository\n", stderr), -1;
    }
    if (getcwd(cwd, sizeof cwd) && bgit_toplevel(cwd, c->top, sizeof c->top) == 0) return 0;
    if (bgit_toplevel(scen_dir, c->top, sizeof c->top) == 0) return 0;
    fputs("leakcheck bisect: neither the current directory nor ", stderr);
    esc_term(stderr, scen_dir, ESC_STRLEN);
    return fputs(" is inside a git repository (or give --repo DIR)\n", stderr), -1;
}

/* Finds the repository, and where the scenario and the current directory
 * are inside it. A scenario outside the repository goes to the top of each
 * worktree (scen_rel = its file name), its [bisect] files beside it. */
static int locate(bisect_ctx *c)
{
    char real[PATH_MAX], dir[PATH_MAX], cwd[PATH_MAX];
    if (!realpath(c->scenario, real) || read_scenario(c, real) < 0)
        return fprintf(stderr, "leakcheck bisect: %s: %s\n", c->scenario, strerror(errno)), -1;
    snprintf(dir, sizeof dir, "%s", real);
    snprintf(c->scen_dir, sizeof c->scen_dir, "%s", dirname(dir));
    if (find_repo(c, c->scen_dir) < 0) return -1;
    const char *rel = inside(c->top, real);
    c->scen_outside = !rel;
    snprintf(dir, sizeof dir, "%s", real);
    snprintf(c->scen_rel, sizeof c->scen_rel, "%s", rel ? rel : basename(dir));
    const char *here = getcwd(cwd, sizeof cwd) && realpath(cwd, dir) ? inside(c->top, dir) : NULL;
    snprintf(dir, sizeof dir, "%s", c->scen_rel);
    snprintf(c->cwd_rel, sizeof c->cwd_rel, "%s", here ? here : dirname(dir));
    return 0;
}

/* [bisect] files, the install step and the build cache. */
static int setup_bisect(bisect_ctx *c, const char *files, const char *install)
{
    if (bfiles_check(c, files) < 0) return -1;
    binstall_configure(c, install);
    bcache_open(c);
    return 0;
}

static int resolve_revisions(bisect_ctx *c)
{
    char good[65], bad[65];
    if (bgit_resolve(c->top, c->good_rev, good) < 0)
        return usage_error("unknown revision --good ", c->good_rev);
    if (bgit_resolve(c->top, c->bad_rev, bad) < 0)
        return usage_error("unknown revision --bad ", c->bad_rev);
    if (!strcmp(good, bad)) return usage_error("--good and --bad are the same commit", NULL);
    if (!bgit_is_ancestor(c->top, good, bad))
        return usage_error("--good is not an ancestor of --bad: ", c->good_rev);
    if (bgit_list_commits(c, good, bad) < 0 || c->n < 2)
        return fprintf(stderr, "leakcheck bisect: cannot list %s..%s\n", good, bad), -1;
    return 0;
}

static int make_dirs(bisect_ctx *c)
{
    const char *t = getenv("TMPDIR");
    snprintf(c->tmp, sizeof c->tmp, "%s/leakcheck-bisect-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(c->tmp)) return perror("leakcheck bisect: mkdtemp"), c->tmp[0] = 0, -1;
    if (c->output_dir)
        snprintf(c->out, sizeof c->out, "%s", c->output_dir);
    else if (c->keep) {
        char stamp[32];
        time_t now = time(NULL);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
        snprintf(c->out, sizeof c->out, "leakcheck-runs/bisect-%s-%d", stamp, (int)getpid());
    } else
        snprintf(c->out, sizeof c->out, "%s/runs", c->tmp);
    char real[PATH_MAX];
    if (fs_mkdir_p(c->out) < 0 || !realpath(c->out, real))
        return fprintf(stderr, "leakcheck bisect: cannot create %s: %s\n", c->out, strerror(errno)),
               -1;
    snprintf(c->out, sizeof c->out, "%s", real);
    return 0;
}

/* ---- the search ---- */

static void measured(bisect_ctx *c, int i, bisect_verdict expect)
{
    bisect_measure(c, i, expect);
    bisect_report_progress(c, &c->commits[i]);
}

/* A measurement that cannot go on: interrupted, or a run that stopped. */
static int stopped(bisect_ctx *c, int i)
{
    const bisect_commit *bc = &c->commits[i];
    int sig = bproc_interrupted();
    if (sig) {
        snprintf(c->conclusion, sizeof c->conclusion, "interrupted by signal %d while testing %s",
                 sig, bc->short_sha);
        return EXIT_INTERRUPTED_BASE + sig;
    }
    snprintf(c->conclusion, sizeof c->conclusion, "stopped at %s: %s", bc->short_sha, bc->note);
    return BISECT_EXIT_USAGE;
}

/* BAD must measure bad and GOOD good. Returns -1 to go on, else the status:
 * an end that does not measure as claimed, or cannot be measured at all (its
 * build or start fails: skipped), leaves nothing to bisect (exit 1). */
static int verify_ends(bisect_ctx *c)
{
    bisect_commit *good = &c->commits[0], *bad = &c->commits[c->n - 1];
    measured(c, c->n - 1, BV_BAD);
    if (bad->verdict == BV_STOP) return stopped(c, c->n - 1);
    if (bad->verdict == BV_SKIP)
        return snprintf(c->conclusion, sizeof c->conclusion, "cannot measure BAD %s: %s",
                        bad->short_sha, bad->note),
               BISECT_EXIT_NOT_FOUND;
    if (bad->verdict == BV_GOOD)
        return snprintf(c->conclusion, sizeof c->conclusion,
                        "nothing to bisect: BAD %s measures good", bad->short_sha),
               BISECT_EXIT_NOT_FOUND;
    measured(c, 0, BV_GOOD);
    if (good->verdict == BV_STOP) return stopped(c, 0);
    if (good->verdict == BV_SKIP)
        return snprintf(c->conclusion, sizeof c->conclusion, "cannot measure GOOD %s: %s",
                        good->short_sha, good->note),
               BISECT_EXIT_NOT_FOUND;
    if (good->verdict == BV_BAD)
        return snprintf(c->conclusion, sizeof c->conclusion,
                        "contradiction: GOOD %s measures bad too (the leak is older than GOOD, "
                        "or the budget is too tight for this service)",
                        good->short_sha),
               BISECT_EXIT_NOT_FOUND;
    return -1;
}

/* The untested commit strictly between lo and hi nearest the middle (above
 * first): a skipped commit's neighbour, like git bisect skip. -1: none. */
static int pick(const bisect_ctx *c)
{
    int mid = c->lo + (c->hi - c->lo) / 2;
    for (int d = 0; d < c->hi - c->lo; d++)
        for (int k = 0; k < 2; k++) {
            int i = k ? mid - d : mid + d;
            if (i > c->lo && i < c->hi && c->commits[i].verdict == BV_UNTESTED) return i;
        }
    return -1;
}

static int only_skips_left(bisect_ctx *c)
{
    size_t used = (size_t)snprintf(c->conclusion, sizeof c->conclusion,
                                   "only skipped commits left: the first bad commit is one of");
    for (int i = c->lo + 1; i <= c->hi && used < sizeof c->conclusion; i++)
        used += (size_t)snprintf(c->conclusion + used, sizeof c->conclusion - used, " %s",
                                 c->commits[i].short_sha);
    return BISECT_EXIT_NOT_FOUND;
}

static int found(bisect_ctx *c)
{
    const bisect_commit *last_good = &c->commits[c->lo];
    c->first_bad = c->hi;
    c->stat = bgit_show_stat(c->top, c->commits[c->hi].sha);
    snprintf(c->conclusion, sizeof c->conclusion, "first bad commit: %s",
             c->commits[c->hi].short_sha);
    if (last_good->inconclusive)
        bisect_note(c,
                    "the boundary rests on %s, inconclusive in every run and counted good: "
                    "re-run with more [bisect] repeats or [load] steps to be sure",
                    last_good->short_sha);
    for (int i = 0; i < c->n; i++)
        if (c->commits[i].disagrees)
            bisect_note(c, "%s measured both good and bad: the result near it may be noise",
                        c->commits[i].short_sha);
    return BISECT_EXIT_FOUND;
}

static int search(bisect_ctx *c)
{
    int status = verify_ends(c), i;
    if (status >= 0) return status;
    c->lo = 0, c->hi = c->n - 1;
    while ((i = pick(c)) >= 0) {
        measured(c, i, BV_UNTESTED);
        bisect_verdict v = c->commits[i].verdict;
        if (v == BV_STOP) return stopped(c, i);
        if (v == BV_GOOD) c->lo = i;
        if (v == BV_BAD) c->hi = i;
    }
    return c->hi - c->lo == 1 ? found(c) : only_skips_left(c);
}

/* ---- the end ---- */

/* Logs whose path a note gives: a skipped commit's, or one that stopped the
 * bisect for a reason other than an interrupt. */
static int logs_told(const bisect_commit *bc)
{
    return bc->order &&
           (bc->verdict == BV_SKIP || (bc->verdict == BV_STOP && !bproc_interrupted()));
}

/* Without --keep, the run dirs of good and bad commits go; the logs a note
 * points at stay (in the temporary directory, out of the work tree), and
 * the temporary directory goes only when nothing in it is told. */
static void remove_runs(bisect_ctx *c)
{
    char dir[PATH_MAX + 80];
    int told = 0;
    for (int i = 0; i < c->n; i++) {
        const bisect_commit *bc = &c->commits[i];
        if (logs_told(bc)) {
            told++;
        } else if (bc->order) {
            bisect_commit_dir(c, bc, dir, sizeof dir);
            bproc_remove_tree(dir);
        }
    }
    if (!told) {
        bproc_remove_tree(c->tmp);
    } else if (!c->quiet) {
        fputs("leakcheck bisect: logs of skipped commits kept in ", stderr);
        esc_term(stderr, c->out, ESC_STRLEN);
        fputc('\n', stderr);
    }
}

static void cleanup(bisect_ctx *c)
{
    if (c->cur_wt[0]) bgit_worktree_remove(c->top, c->cur_wt);
    if (c->keep && c->tmp[0]) bproc_remove_tree(c->tmp);
    if (!c->keep && c->tmp[0]) remove_runs(c);
    if (c->top[0]) bgit_worktree_prune(c->top); /* after the directories are gone */
    if (c->keep && c->out[0] && !c->quiet && c->tested) {
        fputs("leakcheck bisect: run dirs and logs kept in ", stderr);
        esc_term(stderr, c->out, ESC_STRLEN);
        fputc('\n', stderr);
    }
}

static void ctx_free(bisect_ctx *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->commits[i].subject);
    for (int i = 0; i < c->n_files; i++)
        free(c->files[i]);
    free(c->files), free(c->install_cmd);
    free(c->commits), free(c->build), free(c->scenario_text), free(c->stat);
}

static void announce(const bisect_ctx *c)
{
    int steps = 0;
    for (int span = c->n - 2; span > 0; span /= 2)
        steps++;
    if (c->quiet) return;
    fputs("leakcheck bisect: repository ", stderr);
    esc_term(stderr, c->top, ESC_STRLEN);
    fprintf(stderr,
            ": %d commits after %s on the first-parent line; testing BAD, GOOD and about %d "
            "more\n",
            c->n - 1, c->commits[0].short_sha, steps);
    if (c->scen_outside) {
        fputs("leakcheck bisect: the scenario is outside it: written as ", stderr);
        esc_term(stderr, c->scen_rel, ESC_STRLEN);
        fputs(" at the top of each worktree\n", stderr);
    }
}

int cmd_bisect(int argc, char **argv)
{
    bisect_ctx c = {.first_bad = -1, .status = BISECT_EXIT_USAGE};
    char *files = NULL, *install = NULL;
    c.t0 = bisect_now();
    int ok = parse_options(argc, argv, &c) == 0 && load_scenario(&c, &files, &install) == 0 &&
             locate(&c) == 0 && setup_bisect(&c, files, install) == 0 && resolve_revisions(&c) == 0;
    free(files), free(install);
    if (!ok) return ctx_free(&c), BISECT_EXIT_USAGE;
    bproc_install_signals();
    if (make_dirs(&c) == 0) {
        announce(&c);
        c.status = search(&c);
        if (c.cache_dir[0] && c.installs) bcache_usage(&c, &c.cache_entries, &c.cache_bytes);
        c.wall_s = bisect_now() - c.t0;
        bisect_report(stdout, &c);
        if (c.format != BISECT_FMT_TABLE && !c.quiet) {
            fputs("leakcheck bisect: ", stderr);
            esc_term(stderr, c.conclusion, ESC_STRLEN);
            fputc('\n', stderr);
        }
    }
    cleanup(&c);
    ctx_free(&c);
    return c.status;
}
