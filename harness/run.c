/* run.c — the story of one `leakcheck run`; see run.h. */
#include "run.h"

#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "allocprofile.h"
#include "baseline.h"
#include "config.h"
#include "escape.h"
#include "exitcodes.h"
#include "explain_plan.h"
#include "fsutil.h"
#include "load.h"
#include "portowners.h"
#include "ready.h"
#include "proctree.h"
#include "report_html.h"
#include "report_json.h"
#include "report_junit.h"
#include "report_summary_md.h"
#include "report_tap.h"
#include "result.h"
#include "runloop.h"
#include "sample.h"
#include "snapshot.h"
#include "target.h"
#include "units.h"
#include "verdict.h"
#include "xalloc.h"

typedef struct {
    const char *scenario;
    const char *defaults;
    const char *output_dir;
    const char *only_endpoint;
    const char *baseline_path;
    double baseline_tolerance; /* bytes per request */
    int quiet;
    int json; /* --format json: report.json on stdout instead of TAP */
} run_options;

typedef struct {
    config cfg;
    run_options opt;
    run_result res;
    struct ev_loop *loop;
    agent_server agent;
    target tgt;
    load_driver *load;
    ready_state ready; /* where the target serves */
    FILE *csv;
    double t0;
    char snap_dir[PATH_MAX];
    char agent_js[PATH_MAX];
    baseline base;
    sample iso_last[ISOLATES_MAX]; /* each isolate's last answer */
    pid_t explain_pid; /* the isolate the explain phase looks into (0: the port's) */
    int explain_thread;
} run_ctx;

static const char run_usage[] =
    "usage: leakcheck run [options] SCENARIO.ini\n"
    "\n"
    "Starts the target, loads each endpoint, samples post-GC memory and fails\n"
    "endpoints whose retained memory per request is over budget. TAP on stdout.\n"
    "\n"
    "options:\n"
    "  -o, --output-dir DIR   run directory (default leakcheck-runs/NAME-TIME-PID in the\n"
    "                         working directory)\n"
    "  -c, --config FILE      project defaults (default ./harness.ini if present)\n"
    "  -e, --endpoint NAME    run only this endpoint (its name or its section's id)\n"
    "  -q, --quiet            no progress or summary on stderr\n"
    "  -f, --format tap|json  stdout format (default tap)\n"
    "  -b, --baseline FILE    a stored report.json: fail endpoints whose heap slope got\n"
    "                         worse than in it by more than the tolerance\n"
    "  -t, --baseline-tolerance SIZE   bytes/request (default 16B)\n"
    "  -h, --help             this text\n"
    "\n";

static void print_usage(FILE *f)
{
    fputs(run_usage, f);
    exitcodes_print(f, "leakcheck run", exitcodes_run);
}

static int parse_options(int argc, char **argv, run_options *o)
{
    static const struct option longopts[] = {{"output-dir", required_argument, 0, 'o'},
                                             {"config", required_argument, 0, 'c'},
                                             {"endpoint", required_argument, 0, 'e'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"format", required_argument, 0, 'f'},
                                             {"baseline", required_argument, 0, 'b'},
                                             {"baseline-tolerance", required_argument, 0, 't'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int c;
    optind = 1;
    o->baseline_tolerance = 16;
    while ((c = getopt_long(argc, argv, "o:c:e:qf:b:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->output_dir = optarg;
            break;
        case 'c':
            o->defaults = optarg;
            break;
        case 'e':
            o->only_endpoint = optarg;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'b':
            o->baseline_path = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "tap") && strcmp(optarg, "json")) {
                fprintf(stderr, "leakcheck run: --format takes tap or json, not '%s'\n", optarg);
                return -1;
            }
            o->json = !strcmp(optarg, "json");
            break;
        case 't':
            if (units_parse_bytes(optarg, &o->baseline_tolerance) < 0) {
                fprintf(stderr, "leakcheck run: bad --baseline-tolerance '%s' (e.g. 16B)\n",
                        optarg);
                return -1;
            }
            break;
        case 'h':
            print_usage(stdout);
            exit(0);
        default:
            print_usage(stderr);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "leakcheck run: expected one scenario file\n\n");
        print_usage(stderr);
        return -1;
    }
    o->scenario = argv[optind];
    if (!o->defaults && access("harness.ini", R_OK) == 0) o->defaults = "harness.ini";
    return 0;
}

/* ---- set-up ---- */

/* Less free space than this where the run dir is is a full disk (the
 * reports and samples.csv of a run take tens of KB, target.log up to its
 * cap): said before the target starts, not found out halfway through. A
 * disk too small for the heap snapshots is said when they are due. */
#define RUN_MIN_FREE_BYTES (1u << 20)

/* An environment error in the run dir, named with its path: exit 2. */
static int run_dir_error(const char *path, const char *what)
{
    fprintf(stderr, "leakcheck: cannot %s %s: %s (choose another run dir with -o)\n", what, path,
            strerror(errno));
    return -1;
}

/* The run dir: -o, or leakcheck-runs/NAME-TIME-PID in the working directory.
 * Created, written to (samples.csv) and checked for space before anything
 * starts; every failure here is the environment's (exit 2). */
static int make_run_dir(run_ctx *rc)
{
    char dir[PATH_MAX];
    if (rc->opt.output_dir)
        snprintf(dir, sizeof dir, "%s", rc->opt.output_dir);
    else {
        char *copy = xstrdup(rc->opt.scenario), *base = basename(copy), stamp[32];
        char *dot = strrchr(base, '.');
        if (dot) *dot = 0;
        time_t now = time(NULL);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
        snprintf(dir, sizeof dir, "leakcheck-runs/%s-%s-%d", base, stamp, (int)getpid());
        free(copy);
    }
    if (fs_mkdir_p(dir) < 0 || !realpath(dir, rc->res.run_dir))
        return run_dir_error(dir, "create run dir");
    snprintf(rc->snap_dir, sizeof rc->snap_dir, "%s/snapshots", rc->res.run_dir);
    if (fs_mkdir_p(rc->snap_dir) < 0) return run_dir_error(rc->snap_dir, "create");
    char csv[PATH_MAX + 16];
    snprintf(csv, sizeof csv, "%s/samples.csv", rc->res.run_dir);
    rc->csv = samples_csv_open(csv);
    if (!rc->csv) return run_dir_error(csv, "write");
    uint64_t free_b = fs_free_bytes(rc->res.run_dir);
    if (free_b < RUN_MIN_FREE_BYTES) {
        char have[32], need[32];
        fprintf(stderr,
                "leakcheck: the disk of run dir %s is full: %s free, a run needs at least %s "
                "(free space, or choose another run dir with -o)\n",
                rc->res.run_dir, units_format_bytes((double)free_b, have, sizeof have),
                units_format_bytes(RUN_MIN_FREE_BYTES, need, sizeof need));
        return -1;
    }
    return 0;
}

/* The agent ships next to the binary (build tree) or in PREFIX/share. */
static int find_agent(char *out, size_t len)
{
    const char *env = getenv("LEAKCHECK_AGENT");
    if (env) return snprintf(out, len, "%s", env), access(out, R_OK);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return -1;
    exe[n] = 0;
    char *dir = dirname(exe);
    static const char *rel[] = {"harness/agent/leakcheck-agent.js",
                                "../share/leakcheck/leakcheck-agent.js"};
    for (int i = 0; i < 2; i++) {
        snprintf(out, len, "%s/%s", dir, rel[i]);
        char real[PATH_MAX];
        if (realpath(out, real) && access(real, R_OK) == 0)
            return snprintf(out, len, "%s", real), 0;
    }
    return -1;
}

static void write_pgid(run_ctx *rc)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/target.pgid", rc->res.run_dir);
    FILE *f = fopen(path, "w");
    if (f) fprintf(f, "%d\n", (int)rc->tgt.pid), fclose(f);
}

static int count_conns(const agent_server *a)
{
    int n = 0;
    for (const agent_conn *c = a->conns; c; c = c->next)
        n++;
    return n;
}

/* A service of several isolates is ready when the first answers on the
 * port, but a cluster's other workers (and a pool's threads) may still be
 * starting, and keep-alive connections made now would all stay with the
 * first. Waits until no isolate connects for ISOLATES_QUIET_S (at most
 * ISOLATES_SETTLE_MAX_S); one isolate alone costs nothing. */
#define ISOLATES_QUIET_S 0.3
#define ISOLATES_SETTLE_MAX_S 5.0
static int isolates_settle(run_ctx *rc)
{
    double t0 = ev_time();
    int n = count_conns(&rc->agent);
    while (n > 1 && ev_time() - t0 < ISOLATES_SETTLE_MAX_S) {
        int r = runloop_wait(rc->loop, NULL, NULL, ISOLATES_QUIET_S, WAIT_ON_ALL);
        if (r != WAIT_OK) return r;
        int now = count_conns(&rc->agent);
        if (now == n) break;
        n = now;
    }
    return WAIT_OK;
}

/* The target's process tree as a whole: RSS and fds summed over every
 * live process below us (threads share them; a wrapper's figures are
 * constant and fall out of the slope), and the processes that hold sockets
 * on the target's port without an agent (a cluster worker forked with its
 * own NODE_OPTIONS, a server started with a rebuilt environment, a
 * non-Node backend): up to two named in who, and in *node (when not NULL)
 * how many of them are node processes, whose advice differs from a
 * backend that is not Node at all. Returns how many. */
static int service_tree(run_ctx *rc, double *rss, double *fds, char *who, size_t len, int *node)
{
    proc_list l;
    char err[128];
    *rss = *fds = 0;
    who[0] = 0;
    if (proctree_scan(getpid(), &l, err, sizeof err) < 0) return 0;
    pid_t *pids = xmalloc(sizeof *pids * (size_t)(l.n + 1));
    int *holds = xmalloc(sizeof *holds * (size_t)(l.n + 1));
    int n = 0, unmeasured = 0;
    if (node) *node = 0;
    for (int i = 0; i < l.n; i++) {
        if (l.v[i].state == 'Z') continue;
        double one;
        if (sample_proc_rss(l.v[i].pid, &one) == 0) *rss += one;
        if (sample_proc_fds(l.v[i].pid, &one) == 0) *fds += one;
        pids[n++] = l.v[i].pid;
    }
    if (portowners_find(rc->tgt.port, pids, n, holds) > 0)
        for (int i = 0, e = 0; i < l.n; i++) {
            if (l.v[i].state == 'Z') continue;
            int held = holds[e++];
            if (!held || agent_find_isolate(&rc->agent, l.v[i].pid, 0)) continue;
            if (node && strncmp(l.v[i].comm, "node", 4) == 0) ++*node;
            if (unmeasured++ < 2) {
                char one[160];
                size_t used = strlen(who);
                snprintf(who + used, len - used, "%s%s", used ? ", " : "",
                         proctree_describe(&l.v[i], one, sizeof one));
            }
        }
    free(pids);
    free(holds);
    proctree_free(&l);
    return unmeasured;
}

/* Where the ready target serves, for the reports; a service that listens
 * on a port of its own (not $PORT) is said so once. */
static void served_where(run_ctx *rc)
{
    snprintf(rc->res.address, sizeof rc->res.address, "%s", rc->ready.addr.shown);
    rc->res.port = rc->tgt.port;
    if (rc->ready.port_passed != rc->tgt.port && !rc->res.port_passed) {
        rc->res.port_passed = rc->ready.port_passed;
        if (!rc->opt.quiet)
            fprintf(stderr,
                    "leakcheck: the target listens on %s, not on the port passed in $PORT "
                    "(%d): measured there\n",
                    rc->res.address, rc->res.port_passed);
    }
}

/* Why the target is not ready, in res.fatal: it exited; the port answers
 * but no agent reported it (a process without the agent holds it, Node or
 * not, or nothing we can name); or nothing answered in time. */
static void not_ready_reason(run_ctx *rc, int r)
{
    int answered = rc->ready.answered;
    char what[128], who[360];
    double rss, fds;
    int node_holders = 0, n;
    if (r == WAIT_TARGET_EXITED)
        snprintf(rc->res.fatal, sizeof rc->res.fatal, "target %s before it was ready",
                 target_describe_exit(&rc->tgt, what, sizeof what));
    else if (rc->ready.mismatch[0])
        snprintf(rc->res.fatal, sizeof rc->res.fatal, "%s", rc->ready.mismatch);
    else if (!answered)
        snprintf(rc->res.fatal, sizeof rc->res.fatal,
                 "target not ready on port %d within %.1f s (%s%s; last: %s)", rc->tgt.port,
                 rc->cfg.target.ready_timeout_ms / 1000.0,
                 rc->cfg.target.ready_path ? "GET " : "TCP connect",
                 rc->cfg.target.ready_path ? rc->cfg.target.ready_path : "", rc->ready.seen);
    else if ((n = service_tree(rc, &rss, &fds, who, sizeof who, &node_holders)) &&
             node_holders == 0)
        snprintf(rc->res.fatal, sizeof rc->res.fatal,
                 "port %d answers but no leakcheck agent reported listening on it: it is "
                 "served by %s, which is not a Node.js process; leakcheck measures Node.js "
                 "services: is the command right?",
                 rc->tgt.port, who);
    else if (n)
        snprintf(rc->res.fatal, sizeof rc->res.fatal,
                 "port %d is served by %s, which runs without leakcheck's agent: leakcheck "
                 "loads it with node flags and NODE_OPTIONS, and this process was started "
                 "without them (spawn with env: {...}, NODE_OPTIONS or execArgv set anew): "
                 "pass process.env and process.execArgv through, or add to them",
                 rc->tgt.port, who);
    else
        snprintf(rc->res.fatal, sizeof rc->res.fatal,
                 "port %d answers but no leakcheck agent reported listening on it: is the "
                 "target a Node.js process started by this command, on $PORT?",
                 rc->tgt.port);
}

/* Starts the target and waits until it serves and its agent said where it
 * listens. Returns 0, or the exit status to end the run with. */
static int start_target(run_ctx *rc)
{
    char err[512], sock[PATH_MAX];
    snprintf(sock, sizeof sock, "%s/agent.sock", rc->res.run_dir);
    if (strlen(sock) >= 100) snprintf(sock, sizeof sock, "/tmp/leakcheck-%d.sock", (int)getpid());
    if (rc->agent.fd < 0 && agent_listen(&rc->agent, rc->loop, sock, err, sizeof err) < 0) {
        fprintf(stderr, "leakcheck: %s\n", err);
        return EXIT_CANNOT_START;
    }
    /* a restart keeps the port: the load driver and the report know it */
    if (!rc->tgt.port)
        rc->tgt.port = rc->cfg.target.port ? rc->cfg.target.port : target_free_port();
    rc->res.port = rc->tgt.port;
    memset(&rc->res.isolates, 0, sizeof rc->res.isolates); /* new processes, new isolates */
    memset(rc->iso_last, 0, sizeof rc->iso_last);
    if (target_spawn(&rc->tgt, rc->loop, &rc->cfg, rc->res.run_dir, rc->agent_js, sock, err,
                     sizeof err) < 0) {
        fprintf(stderr, "leakcheck: cannot start target: %s\n", err);
        return EXIT_CANNOT_START;
    }
    write_pgid(rc);
    int r = ready_wait(&rc->ready, &rc->tgt, &rc->agent, rc->loop, &rc->cfg);
    if (r == WAIT_INTERRUPTED) return EXIT_INTERRUPTED_BASE + runloop_interrupted();
    if (r == WAIT_OK) r = isolates_settle(rc);
    if (r == WAIT_OK) {
        agent_conn *c = agent_find_port(&rc->agent, rc->tgt.port);
        rc->res.target_pid = c->pid;
        rc->res.daemonized |= rc->tgt.handed_off;
        snprintf(rc->res.node_version, sizeof rc->res.node_version, "%s", c->node_version);
        served_where(rc);
        return 0;
    }
    not_ready_reason(rc, r);
    fprintf(stderr, "leakcheck: %s; last lines of %s:\n", rc->res.fatal, rc->tgt.log_path);
    target_log_tail(&rc->tgt, stderr, 20, "  | ");
    return EXIT_CANNOT_START;
}

/* ---- measuring ---- */

/* Have the isolates listening on the target port answered (or gone)? */
static int port_isolates_answered(void *ctx)
{
    run_ctx *rc = ctx;
    for (agent_conn *c = rc->agent.conns; c; c = c->next)
        for (int i = 0; i < c->n_ports; i++)
            if (c->ports[i] == rc->tgt.port && c->asked && !c->answered) return 0;
    return 1;
}

/* How long the other isolates may take once those on the port answered: a
 * worker thread blocked in Atomics.wait (an idle pool) answers only when it
 * gets work, and must not cost every sample the whole sample timeout. */
#define OTHER_ISOLATES_GRACE_S 2.0

/* One isolate's answer into the sum; its figures are kept so that a sample
 * it misses can count it at its last answer (stale) instead of dropping it. */
static void add_isolate(run_ctx *rc, sample *s, pid_t pid, int thread, const char *role,
                        const sample *one)
{
    int k = isolates_index(&rc->res.isolates, pid, thread, role);
    sample_add(s, one);
    s->isolates++;
    if (k < 0) return;
    s->iso_heap[k] = sample_heap_bytes(one);
    rc->iso_last[k] = *one;
}

/* The agent's sockets close as the process dies: gives the child watcher a
 * moment to say so, so that a crash is reported as a crash. */
static int lost_agent(char *err, size_t errlen, run_ctx *rc)
{
    runloop_wait(rc->loop, NULL, NULL, 2.0, WAIT_ON_EXIT);
    snprintf(err, errlen, "lost the agent connection");
    return runloop_target_exited() ? WAIT_TARGET_EXITED : WAIT_TIMEOUT;
}

/* The service's sample: every isolate (process and worker thread) asked at
 * once, their heaps summed, RSS and fds over their processes. */
static int take_sample(run_ctx *rc, endpoint_result *er, const char *phase, int step, char *err,
                       size_t errlen)
{
    if (!agent_find_port(&rc->agent, rc->tgt.port) || agent_request_samples(&rc->agent) == 0)
        return lost_agent(err, errlen, rc);
    int r = runloop_wait(rc->loop, port_isolates_answered, rc,
                         rc->cfg.target.sample_timeout_ms / 1000.0, WAIT_ON_ALL);
    if (r == WAIT_OK)
        runloop_wait(rc->loop, agent_samples_ready, &rc->agent, OTHER_ISOLATES_GRACE_S,
                     WAIT_ON_ALL);
    json_t *replies = agent_take_samples(&rc->agent);
    /* every isolate asked went away without answering: a dying target */
    if (r == WAIT_OK && !json_array_size(replies)) {
        json_decref(replies);
        return lost_agent(err, errlen, rc);
    }
    if (r == WAIT_TIMEOUT)
        snprintf(err, errlen,
                 "no sample from the agent within %.0f s: the target stopped "
                 "answering",
                 rc->cfg.target.sample_timeout_ms / 1000.0);
    if (r != WAIT_OK) return json_decref(replies), r;
    sample s = {0}, one;
    int workers = 0, threads = 0; /* worker threads the main threads know of, that answered */
    for (int k = 0; k < ISOLATES_MAX; k++)
        s.iso_heap[k] = NAN;
    size_t i;
    json_t *reply;
    json_array_foreach(replies, i, reply)
    {
        memset(&one, 0, sizeof one);
        if (sample_from_json(reply, &one)) {
            json_decref(replies);
            return snprintf(err, errlen, "malformed sample from the agent"), WAIT_TIMEOUT;
        }
        json_int_t pid = json_integer_value(json_object_get(reply, "pid"));
        json_int_t thread = json_integer_value(json_object_get(reply, "thread"));
        agent_conn *c = agent_find_isolate(&rc->agent, (pid_t)pid, (int)thread);
        add_isolate(rc, &s, (pid_t)pid, (int)thread, c ? c->role : "", &one);
        if (!thread) workers += (int)json_integer_value(json_object_get(reply, "workers"));
        threads += thread != 0;
    }
    json_decref(replies);
    /* alive but late: counted at their last answer */
    for (agent_conn *c = rc->agent.conns; c; c = c->next) {
        if (!c->asked || c->answered) continue;
        int k = isolates_find(&rc->res.isolates, c->pid, c->thread);
        if (k < 0 || !rc->iso_last[k].heap_used) continue; /* never answered: nothing to count */
        sample_add(&s, &rc->iso_last[k]);
        s.iso_heap[k] = sample_heap_bytes(&rc->iso_last[k]);
        s.isolates++, s.stale++;
        threads += c->thread != 0;
    }
    if (workers - threads > er->silent_threads) er->silent_threads = workers - threads;
    char who[sizeof er->unmeasured_who];
    int unmeasured = service_tree(rc, &s.rss, &s.fds, who, sizeof who, NULL);
    if (unmeasured > er->unmeasured) {
        er->unmeasured = unmeasured;
        memcpy(er->unmeasured_who, who, sizeof who);
    }
    s.requests = er->requests_measured;
    s.t_s = ev_time() - rc->t0;
    if (s.isolates > er->isolates_max) er->isolates_max = s.isolates;
    er->stale_answers += s.stale;
    if (er->n_samples == er->cap_samples) {
        er->cap_samples = er->cap_samples ? er->cap_samples * 2 : 16;
        er->samples = xrealloc(er->samples, sizeof *er->samples * er->cap_samples);
    }
    er->samples[er->n_samples++] = s;
    samples_csv_write(rc->csv, er->ep->name, phase, step, &s);
    return WAIT_OK;
}

static void slugify(const char *in, char *out, size_t len)
{
    size_t o = 0;
    for (; *in && o + 1 < len && o < 40; in++) {
        char c = *in;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (keep)
            out[o++] = c;
        else if (o && out[o - 1] != '-')
            out[o++] = '-';
    }
    while (o && out[o - 1] == '-')
        o--;
    out[o] = 0;
}

/* The target ended while it should have been writing a snapshot: say whether
 * the disk filled, or the app took the snapshot signal as its own. */
static void snapshot_exit_reason(run_ctx *rc, char *err, size_t errlen)
{
    char what[128], left[32];
    target_describe_exit(&rc->tgt, what, sizeof what);
    uint64_t free_b = fs_free_bytes(rc->snap_dir);
    int exited_clean = rc->tgt.exited && WIFEXITED(rc->tgt.status) &&
                       WEXITSTATUS(rc->tgt.status) == 0;
    int killed_by_it = rc->tgt.exited && WIFSIGNALED(rc->tgt.status) &&
                       WTERMSIG(rc->tgt.status) == rc->cfg.snapshots.signo;
    if (free_b < (4u << 20) || target_log_says(&rc->tgt, "ENOSPC") ||
        target_log_says(&rc->tgt, "no space left"))
        snprintf(err, errlen,
                 "the disk filled up while node wrote a heap snapshot into %s (%s free; the "
                 "target %s): free space there or choose another run dir with -o",
                 rc->snap_dir, units_format_bytes((double)free_b, left, sizeof left), what);
    else if (exited_clean || killed_by_it)
        snprintf(err, errlen,
                 "the target %s on the heap snapshot signal %s: the app handles %s itself "
                 "(nodemon's restart convention is process.once('%s', ...)); set [snapshots] "
                 "signal = SIGPWR, or another signal the app leaves alone",
                 what, rc->cfg.snapshots.signal, rc->cfg.snapshots.signal,
                 rc->cfg.snapshots.signal);
    else
        snprintf(err, errlen, "the target %s after the heap snapshot signal", what);
}

/* A snapshot failure never fails the run: the endpoint keeps its verdict and
 * the report says why there is no explanation. heap_used (post-GC, bytes)
 * sizes the timeout and the disk space one snapshot needs. */
static int take_snapshot(run_ctx *rc, endpoint_result *er, int index, const char *label,
                         double heap_used, int64_t requests)
{
    if (er->snapshot_error[0]) return WAIT_OK;
    if (rc->explain_thread) {
        /* the loop goes on without snapshots: the profiler runs in the thread */
        snprintf(er->snapshot_error, sizeof er->snapshot_error,
                 "the heap that grows is worker thread %d of pid %d: a snapshot signal writes "
                 "the main thread's heap only, so there are allocation sites but no snapshots",
                 rc->explain_thread, (int)rc->explain_pid);
        return WAIT_OK;
    }
    char slug[48], name[128], err[512];
    slugify(er->ep->name, slug, sizeof slug);
    snprintf(name, sizeof name, "%02d-%s-%d-%s.heapsnapshot", (int)(er - rc->res.endpoints) + 1,
             slug, index + 1, label);
    uint64_t heap = heap_used > 0 ? (uint64_t)heap_used : 0;
    uint64_t free_b = fs_free_bytes(rc->snap_dir);
    if (!explain_disk_enough(free_b, heap)) {
        char need[32], have[32];
        units_format_bytes((double)explain_snapshot_bytes(heap), need, sizeof need);
        units_format_bytes((double)free_b, have, sizeof have);
        snprintf(er->snapshot_error, sizeof er->snapshot_error,
                 "not enough disk for heap snapshot %d: about %s needed, %s free in %s", index + 1,
                 need, have, rc->snap_dir);
        return WAIT_OK;
    }
    double timeout_s = explain_snapshot_timeout_s(rc->cfg.snapshots.timeout_ms / 1000.0, heap);
    int r = snapshot_take(rc->loop, rc->explain_pid ? rc->explain_pid : rc->res.target_pid,
                          rc->cfg.snapshots.signo, rc->snap_dir,
                          rc->cfg.target.cwd, timeout_s, name, er->snapshots[er->n_snapshots],
                          PATH_MAX, err, sizeof err);
    if (r == WAIT_OK) {
        struct stat st;
        if (stat(er->snapshots[er->n_snapshots], &st) == 0)
            er->snapshot_bytes += (uint64_t)st.st_size;
        er->snapshot_requests[er->n_snapshots++] = requests;
        return WAIT_OK;
    }
    if (r == WAIT_TARGET_EXITED) snapshot_exit_reason(rc, err, sizeof err);
    snprintf(er->snapshot_error, sizeof er->snapshot_error, "%s", err);
    return r == WAIT_TIMEOUT ? WAIT_OK : r;
}

/* A sample that is not a measurement: full GCs and a quiet loop before a
 * snapshot or the baseline, or a liveness probe. It goes to samples.csv
 * (under its phase) but not into the fit. */
static int settle_sample(run_ctx *rc, endpoint_result *er, const char *phase, char *err,
                         size_t errlen)
{
    int r = take_sample(rc, er, phase, 0, err, errlen);
    if (r == WAIT_OK) er->n_samples--;
    return r;
}

/* Requests timed out or failed to connect: is the target still answering at
 * all? A hung target ends the run (the next endpoints cannot be measured). */
static int still_answering(run_ctx *rc, endpoint_result *er, const load_stats *st)
{
    if (!st->timeouts && !st->transport_errors && !runloop_target_exited()) return WAIT_OK;
    char err[256];
    int r = settle_sample(rc, er, "liveness", err, sizeof err);
    if (r == WAIT_TIMEOUT) {
        size_t n = strlen(er->reason);
        snprintf(er->reason + n, sizeof er->reason - n, "; the target stopped answering: %s", err);
    }
    return r;
}

/* A wait that did not end with WAIT_OK ends the endpoint: say why. */
static void endpoint_stopped(run_ctx *rc, endpoint_result *er, int r, const char *phase,
                             const char *detail)
{
    char what[128];
    er->outcome = EP_FAIL;
    if (r == WAIT_TARGET_EXITED) {
        int oom = target_log_says_oom(&rc->tgt);
        er->cause = rc->tgt.too_many ? CAUSE_PROCESSES : oom ? CAUSE_OOM : CAUSE_CRASH;
        target_describe_exit(&rc->tgt, what, sizeof what);
        snprintf(er->reason, sizeof er->reason, "target %s during %s: %s%s",
                 rc->tgt.too_many ? "forked without bound" : "crashed", phase, what,
                 oom ? " (JavaScript heap out of memory)" : "");
    } else if (r == WAIT_INTERRUPTED) {
        er->outcome = EP_ERROR;
        er->cause = CAUSE_INTERRUPTED;
        snprintf(er->reason, sizeof er->reason, "interrupted by signal %d during %s",
                 runloop_interrupted(), phase);
    } else {
        er->cause = CAUSE_HANG;
        snprintf(er->reason, sizeof er->reason, "%s during %s", detail, phase);
    }
}

/* One load phase: n requests, or as many as fit in max_s seconds. */
static int run_load(run_ctx *rc, endpoint_result *er, int64_t n, double max_s, uint64_t *seq,
                    load_stats *into, int measured)
{
    load_stats st = {0};
    int r = load_run(rc->load, er->ep, n, max_s, seq, &st);
    if (measured) er->requests_measured += st.completed;
    load_stats_merge(into, &st);
    return r;
}

/* A progress line on stderr while measuring, only on a terminal. */
static void show_step(const run_ctx *rc, const endpoint_result *er)
{
    if (rc->opt.quiet || !isatty(2)) return;
    const signal_result *h = &er->signals[SIG_HEAP];
    fprintf(stderr, "\r\033[Kleakcheck: [%d/%d] ", (int)(er - rc->res.endpoints) + 1,
            rc->res.n_endpoints);
    esc_term(stderr, er->ep->name, ESC_STRLEN);
    fprintf(stderr, ": step %d, %lld requests", er->steps, (long long)er->requests_measured);
    if (h->fitted) fprintf(stderr, ", heap %+.1f B/request", h->fit.slope);
    fflush(stderr);
}

/* A sample between two steps: the load pauses for its full GCs. The pause is
 * measured and reported: one long enough for idle timeouts to close
 * keep-alive sockets changes what the service holds. */
static int step_sample(run_ctx *rc, endpoint_result *er, int step, char *err, size_t errlen)
{
    double t = ev_time();
    int r = take_sample(rc, er, "step", step, err, errlen);
    double pause = ev_time() - t;
    er->pause_total_s += pause;
    if (pause > er->pause_max_s) er->pause_max_s = pause;
    return r;
}

/* The error limit was crossed: the endpoint fails on it; is the target alive? */
static int failed_on_errors(run_ctx *rc, endpoint_result *er, const load_stats *st,
                            const char *phase, char *err)
{
    int r = still_answering(rc, er, st);
    if (r == WAIT_TARGET_EXITED || r == WAIT_INTERRUPTED) endpoint_stopped(rc, er, r, phase, err);
    return r;
}

/* Who grows: each isolate's slope over the heap signal's fitted samples,
 * and whether isolates came or went while they were taken. */
static void isolates_of_endpoint(run_ctx *rc, endpoint_result *er)
{
    int n = er->n_samples, from = er->signals[SIG_HEAP].settled_start;
    if (n < 3) return;
    double *x = xmalloc(sizeof *x * (size_t)n), *heap = xmalloc(sizeof *heap * (size_t)n * ISOLATES_MAX);
    for (int i = 0; i < n; i++) {
        x[i] = (double)er->samples[i].requests;
        memcpy(heap + (size_t)i * ISOLATES_MAX, er->samples[i].iso_heap, sizeof er->samples[i].iso_heap);
    }
    er->n_isolates = isolates_growth(&rc->res.isolates, x, heap, from, n, er->isolates);
    isolates_churn(heap, from, n, &er->isolates_came, &er->isolates_went);
    free(x), free(heap);
}

/* Warm-up, baseline, steps, verdict: one endpoint, alone. No snapshot is
 * taken here: a snapshot makes V8 flush bytecode and drop caches (a step down
 * of a few hundred KB in the next sample), pauses the service for seconds on
 * a big heap, and costs a passing endpoint what only a failing one needs. */
static int measure_endpoint(run_ctx *rc, endpoint_result *er)
{
    const endpoint_cfg *ep = er->ep;
    uint64_t seq = 1;
    char err[256] = "";
    double t_start = ev_time(), step_s = verdict_step_time_s(&ep->load);
    endpoint_outcome look = EP_INCONCLUSIVE;
    /* the warm-up may take two steps' time: a slow endpoint still gets its
     * minimum steps inside max_duration */
    int r = run_load(rc, er, ep->load.warmup, 2 * step_s, &seq, &er->warmup, 0);
    const char *phase = "warm-up";
    if (r == WAIT_OK && verdict_errors(er, &er->warmup, 0)) {
        r = failed_on_errors(rc, er, &er->warmup, phase, err);
        goto done;
    }
    /* a discarded sample, then the baseline: the agent's first sampling
     * leaves a few hundred KB that later GCs drop, and they must not sit
     * between the baseline and the first step */
    if (r == WAIT_OK)
        phase = "baseline sample", r = settle_sample(rc, er, "warmup", err, sizeof err);
    if (r == WAIT_OK) r = take_sample(rc, er, "baseline", 0, err, sizeof err);
    for (int k = 1; r == WAIT_OK; k++) {
        phase = "measurement step";
        double t_step = ev_time();
        r = run_load(rc, er, ep->load.step, step_s, &seq, &er->measured, 1);
        if (r == WAIT_OK && verdict_errors(er, &er->measured, 0)) {
            verdict_judge(er);                    /* slopes so far, for the report */
            verdict_errors(er, &er->measured, 0); /* and the errors as the verdict */
            r = failed_on_errors(rc, er, &er->measured, phase, err);
            goto done;
        }
        if (r != WAIT_OK) break;
        phase = "sample";
        r = step_sample(rc, er, k, err, sizeof err);
        er->steps = k;
        if (r != WAIT_OK) break;
        /* the next step takes about what this one took, its sample included */
        if (verdict_after_step(er, &look, ev_time() - t_start, ev_time() - t_step)) break;
        show_step(rc, er);
    }
    er->time_to_verdict_s = ev_time() - t_start;
    verdict_final(er); /* also on a stop: slopes of what was measured, for the report */
    isolates_of_endpoint(rc, er);
    if (r == WAIT_OK) verdict_errors(er, &er->measured, 1);
    if (r != WAIT_OK) endpoint_stopped(rc, er, r, phase, err);
done:
    er->wall_s = ev_time() - t_start;
    if (!er->time_to_verdict_s) er->time_to_verdict_s = er->wall_s;
    return r;
}

/* Stops the target's whole process group (SIGTERM, SIGKILL after the grace)
 * and what hangs on it: the load driver's connections, node's partial
 * snapshot files (a writer killed mid-file), the agent connection. */
static void stop_target(run_ctx *rc)
{
    if (rc->load) load_free(rc->load), rc->load = NULL;
    if (rc->tgt.pid <= 0) return;
    target_stop(&rc->tgt, rc->loop, rc->cfg.target.shutdown_grace_ms);
    rc->res.teardown_s += rc->tgt.teardown_s;
    rc->res.teardown_left_running += rc->tgt.left_running;
    if (rc->tgt.strays && !rc->res.teardown_strays)
        snprintf(rc->res.teardown_detail, sizeof rc->res.teardown_detail, "%s",
                 rc->tgt.strays_detail);
    rc->res.teardown_strays += rc->tgt.strays;
    snapshot_remove_partial(rc->res.target_pid, rc->snap_dir, rc->cfg.target.cwd);
    if (rc->explain_pid && rc->explain_pid != rc->res.target_pid)
        snapshot_remove_partial(rc->explain_pid, rc->snap_dir, rc->cfg.target.cwd);
    rc->explain_pid = 0, rc->explain_thread = 0;
    agent_forget_all(&rc->agent); /* every process of it is gone */
}

/* A fresh target on the same port: the old one stopped with its whole process
 * group (a snapshot still being written dies with it, and its partial file is
 * removed), its agent connection dropped, the load driver's connections
 * re-made. 0, or the exit status start_target gives (rc->res.fatal says). */
static int restart_target(run_ctx *rc)
{
    stop_target(rc);
    int st = start_target(rc);
    if (st) return st;
    rc->load = load_new(rc->loop, &rc->ready.addr, &rc->cfg.target);
    rc->res.restarts++;
    return 0;
}

/* Should this endpoint be explained? On failure: when its memory failed
 * (not its error rate or a crash, where snapshots say nothing). */
static int explain_wanted(const run_ctx *rc, const endpoint_result *er)
{
    if (rc->cfg.snapshots.mode == SNAP_ALWAYS) return 1;
    return rc->cfg.snapshots.mode == SNAP_ON_FAILURE && !verdict_endpoint_ok(er) &&
           (er->cause == CAUSE_SIGNAL || er->cause == CAUSE_INCONCLUSIVE);
}

/* A settle sample in the explain phase: its post-GC heap, for sizing. */
static int explain_sample(run_ctx *rc, endpoint_result *er, double *heap, char *err,
                          size_t errlen)
{
    int r = settle_sample(rc, er, "explain", err, errlen);
    if (r == WAIT_OK) *heap = er->samples[er->n_samples].heap_used;
    return r;
}

/* One request to the agent's sampling heap profiler; *reply (when asked for)
 * is the agent's answer, to json_decref. Failures go to er->sites_error:
 * allocation sites are a bonus, never a reason to stop. */
static int profiler(run_ctx *rc, endpoint_result *er, const char *op, long interval,
                    json_t **reply)
{
    if (reply) *reply = NULL;
    if (er->sites_error[0]) return WAIT_OK;
    agent_conn *c = rc->explain_pid
                        ? agent_find_isolate(&rc->agent, rc->explain_pid, rc->explain_thread)
                        : agent_find_port(&rc->agent, rc->tgt.port);
    if (!c || agent_request_profile(&rc->agent, c, op, interval) < 0) {
        snprintf(er->sites_error, sizeof er->sites_error, "lost the agent connection");
        return WAIT_OK;
    }
    int r = runloop_wait(rc->loop, agent_reply_ready, &rc->agent,
                         rc->cfg.target.sample_timeout_ms / 1000.0, WAIT_ON_ALL);
    if (r == WAIT_TIMEOUT)
        snprintf(er->sites_error, sizeof er->sites_error,
                 "the sampling heap profiler did not answer '%s' in time", op);
    if (r != WAIT_OK) return r == WAIT_TIMEOUT ? WAIT_OK : r;
    json_t *j = agent_take_reply(&rc->agent);
    const char *e = json_string_value(json_object_get(j, "error"));
    if (e)
        snprintf(er->sites_error, sizeof er->sites_error, "sampling heap profiler: %s", e);
    else if (reply)
        *reply = json_incref(json_object_get(j, "sites"));
    json_decref(j);
    return WAIT_OK;
}

/* Keeps the two profiles beside the snapshots, for `leakcheck diff`; a
 * failure to write them is said and costs nothing else. */
static void save_profiles(run_ctx *rc, endpoint_result *er, long interval,
                          const int64_t at[3], json_t *const profile[3])
{
    char slug[48], err[512];
    slugify(er->ep->name, slug, sizeof slug);
    snprintf(er->profiles, sizeof er->profiles, "%s/%02d-%s-allocations.json", rc->snap_dir,
             (int)(er - rc->res.endpoints) + 1, slug);
    allocprofile p = {.endpoint = er->ep->name, .cwd = rc->cfg.target.cwd,
                      .sampling_interval = interval, .requests_s1_s2 = at[1] - at[0],
                      .requests_s2_s3 = at[2] - at[1], .at_s2 = profile[1], .at_s3 = profile[2]};
    if (allocprofile_save(er->profiles, &p, err, sizeof err)) {
        er->profiles[0] = 0;
        snprintf(er->sites_error, sizeof er->sites_error, "profiles not saved: %s", err);
    }
}

/* Which isolate to look into, in a service of several (cluster workers,
 * worker threads): the one whose heap grows most over a short load after
 * the warm-up. Sets rc->explain_pid/thread and er->explain_isolate/share
 * (its part of the growth of them all). One isolate: nothing to choose,
 * no load spent. */
static int choose_explain_isolate(run_ctx *rc, endpoint_result *er, int64_t requests,
                                  double step_s, uint64_t *seq, load_stats *st)
{
    char err[256];
    double before[ISOLATES_MAX], heap;
    er->explain_share = 1;
    int r = explain_sample(rc, er, &heap, err, sizeof err);
    if (r != WAIT_OK || rc->res.isolates.n < 2) return r;
    memcpy(before, er->samples[er->n_samples].iso_heap, sizeof before);
    r = run_load(rc, er, requests, 2 * step_s, seq, st, 0);
    if (r == WAIT_OK) r = explain_sample(rc, er, &heap, err, sizeof err);
    if (r != WAIT_OK) return r;
    const double *after = er->samples[er->n_samples].iso_heap;
    int best = isolates_top_grower(before, after, rc->res.isolates.n);
    if (best < 0) return WAIT_OK;
    const isolate_info *who = &rc->res.isolates.v[best];
    rc->explain_pid = who->pid, rc->explain_thread = who->thread;
    er->explain_isolate = *who;
    er->explain_share = isolates_share(before, after, rc->res.isolates.n, best);
    return WAIT_OK;
}

/* The explained isolate's part of all isolates' growth from S1 to S3: what
 * its snapshots can account for (the load spreads over workers unevenly). */
static void explained_share(run_ctx *rc, endpoint_result *er, const double *s1, const double *s3)
{
    if (!er->explain_isolate.pid) return;
    int k = isolates_find(&rc->res.isolates, er->explain_isolate.pid, er->explain_isolate.thread);
    if (k >= 0) er->explain_share = isolates_share(s1, s3, rc->res.isolates.n, k);
}

/* The explain phase, after the verdict: a fresh target (the smallest heap
 * there is, and the same process for all three snapshots), warm-up, S1, K
 * requests, S2, K requests, S3, with K sized from the measured slope so a few
 * MB of leak lie between two snapshots (explain_plan.h). It never changes
 * the verdict; what goes wrong is said in snapshot_error. Returns a
 * wait_result: WAIT_INTERRUPTED ends the run, anything else lets it go on
 * (the caller restarts the target before the next endpoint). */
static int explain_phase(run_ctx *rc, endpoint_result *er)
{
    const endpoint_cfg *ep = er->ep;
    double t = ev_time(), step_s = verdict_step_time_s(&ep->load), heap = 0;
    char err[256] = "";
    uint64_t seq = 1;
    er->explain_ran = 1;
    if (restart_target(rc)) {
        snprintf(er->snapshot_error, sizeof er->snapshot_error,
                 "no fresh target for the explanation: %s", rc->res.fatal);
        rc->res.fatal[0] = 0;
        er->explain_wall_s = ev_time() - t;
        return runloop_interrupted() ? WAIT_INTERRUPTED : WAIT_TARGET_EXITED;
    }
    const load_stats *m = &er->measured;
    double rate = m->busy_s > 0 ? (double)m->completed / m->busy_s : 0;
    double slope = er->signals[SIG_HEAP].fitted ? er->signals[SIG_HEAP].fit.slope : 0;
    er->explain_requests = explain_requests(slope, ep->load.step, rate, step_s);
    if (!rc->opt.quiet && isatty(2)) {
        fprintf(stderr, "\r\033[Kleakcheck: explaining ");
        esc_term(stderr, ep->name, ESC_STRLEN);
        fprintf(stderr, ": %lld requests between snapshots", (long long)er->explain_requests);
        fflush(stderr);
    }
    load_stats *st = &er->explain_load;
    int r = run_load(rc, er, ep->load.warmup, 2 * step_s, &seq, st, 0);
    if (r == WAIT_OK)
        r = choose_explain_isolate(rc, er, er->explain_requests, step_s, &seq, st);
    int64_t from = st->completed;
    static const char *const labels[3] = {"after-warmup", "after-load", "after-more-load"};
    long interval = explain_profile_interval(slope, er->explain_requests);
    json_t *profile[3] = {NULL, NULL, NULL};
    double iso_at[3][ISOLATES_MAX];
    int64_t profiled_at[3] = {0, 0, 0};
    /* a failed snapshot ends the phase early; a worker thread's never-taken
     * ones do not (its allocation sites need the three loads) */
    for (int i = 0; i < 3 && r == WAIT_OK && (!er->snapshot_error[0] || rc->explain_thread); i++) {
        if (i) r = run_load(rc, er, er->explain_requests, 2 * step_s, &seq, st, 0);
        if (r == WAIT_OK) r = explain_sample(rc, er, &heap, err, sizeof err);
        if (r == WAIT_OK) memcpy(iso_at[i], er->samples[er->n_samples].iso_heap, sizeof iso_at[i]);
        if (r == WAIT_OK && i == 0) er->explain_heap_start = (uint64_t)heap;
        if (r == WAIT_OK) r = profiler(rc, er, i ? "take" : "start", interval, i ? &profile[i] : NULL);
        profiled_at[i] = st->completed - from;
        if (r == WAIT_OK) r = take_snapshot(rc, er, i, labels[i], heap, st->completed - from);
    }
    if (r == WAIT_OK) r = profiler(rc, er, "stop", 0, NULL);
    if (r == WAIT_OK) explained_share(rc, er, iso_at[0], iso_at[2]);
    if (profile[1] && profile[2]) {
        char perr[256];
        save_profiles(rc, er, interval, profiled_at, profile);
        if (allocsites_from_profiles(profile[1], profile[2], profiled_at[2] - profiled_at[1],
                                     rc->cfg.target.cwd, &er->sites, perr, sizeof perr) == 0)
            er->has_sites = 1;
        else
            snprintf(er->sites_error, sizeof er->sites_error, "%s", perr);
    } else if (!er->sites_error[0]) {
        snprintf(er->sites_error, sizeof er->sites_error, "the explain phase ended early");
    }
    json_decref(profile[1]), json_decref(profile[2]);
    if (r != WAIT_OK && !er->snapshot_error[0]) {
        char what[128];
        if (r == WAIT_TARGET_EXITED && er->n_snapshots > 0)
            /* it lived until a snapshot signal: that signal may be why */
            snapshot_exit_reason(rc, er->snapshot_error, sizeof er->snapshot_error);
        else if (r == WAIT_TARGET_EXITED)
            snprintf(er->snapshot_error, sizeof er->snapshot_error,
                     "the target %s during the explanation",
                     target_describe_exit(&rc->tgt, what, sizeof what));
        else
            snprintf(er->snapshot_error, sizeof er->snapshot_error, "%s during the explanation",
                     r == WAIT_INTERRUPTED ? "interrupted" : err[0] ? err : wait_result_name(r));
    }
    er->explain_wall_s = ev_time() - t;
    return r;
}

static void print_progress(run_ctx *rc, const endpoint_result *er)
{
    if (rc->opt.quiet) return;
    char line[256] = "";
    if (er->signals[SIG_HEAP].fitted)
        verdict_signal_line(line, sizeof line, SIG_HEAP, &er->signals[SIG_HEAP]);
    fprintf(stderr, "%sleakcheck: %-12s ", isatty(2) ? "\r\033[K" : "",
            endpoint_outcome_name(er->outcome));
    esc_term(stderr, er->ep->name, ESC_STRLEN);
    fprintf(stderr, " (%.1f s)%s%s\n", er->wall_s, line[0] ? ": " : "", line);
}

static void not_run(endpoint_result *er, const char *why)
{
    er->outcome = EP_NOT_RUN;
    er->cause = CAUSE_NOT_RUN;
    snprintf(er->reason, sizeof er->reason, "not run: %s", why);
}

/* Endpoints one after another in one target; a fresh target before an
 * endpoint when the previous one was explained (its snapshots and leak must
 * not become this one's baseline) or when [target] fresh asks for it. */
static int run_endpoints(run_ctx *rc)
{
    int stop = 0, restart = 0;
    for (int i = 0; i < rc->res.n_endpoints; i++) {
        endpoint_result *er = &rc->res.endpoints[i];
        if (!stop && i > 0 && (restart || rc->cfg.target.fresh) && restart_target(rc)) {
            char why[sizeof rc->res.fatal];
            snprintf(why, sizeof why, "the target did not restart: %s", rc->res.fatal);
            snprintf(rc->res.fatal, sizeof rc->res.fatal, "%s", why);
            stop = 1;
        }
        if (stop) {
            not_run(er, rc->res.fatal);
            continue;
        }
        restart = 0;
        int r = measure_endpoint(rc, er);
        print_progress(rc, er);
        if (r != WAIT_OK) {
            /* crashed, hangs or interrupted: the rest cannot be measured */
            snprintf(rc->res.fatal, sizeof rc->res.fatal, "%s", er->reason);
            stop = 1;
            continue;
        }
        if (!explain_wanted(rc, er)) continue;
        r = explain_phase(rc, er);
        restart = 1;
        if (r == WAIT_INTERRUPTED) {
            snprintf(rc->res.fatal, sizeof rc->res.fatal,
                     "interrupted by signal %d while explaining the previous endpoint",
                     runloop_interrupted());
            stop = 1;
        }
    }
    return 0;
}

/* ---- the end ---- */

static void teardown(run_ctx *rc)
{
    stop_target(rc);
    target_log_close(&rc->tgt);
    agent_close(&rc->agent);
    if (rc->csv) fclose(rc->csv), rc->csv = NULL;
}

/* Explain each endpoint that had an explain phase from its three snapshots: what was allocated between S1 and S2 and is still alive in
 * S3, grouped into clusters with their retainer paths. Runs after teardown:
 * pure file analysis, the target's cores are free again. */
static void explain_endpoints(run_ctx *rc)
{
    for (int i = 0; i < rc->res.n_endpoints; i++) {
        endpoint_result *e = &rc->res.endpoints[i];
        if (!e->explain_ran) continue;
        if (e->n_snapshots < 3) {
            snprintf(e->explain_error, sizeof e->explain_error,
                     "no explanation: %d of 3 snapshots taken%s%s", e->n_snapshots,
                     e->snapshot_error[0] ? ": " : "", e->snapshot_error);
            verdict_explained(e);
            continue;
        }
        uint64_t requests = (uint64_t)(e->snapshot_requests[1] - e->snapshot_requests[0]);
        if (heapdiff_clusters(e->snapshots[0], e->snapshots[1], e->snapshots[2], requests,
                              &e->leaks, e->explain_error, sizeof e->explain_error) == 0) {
            e->explained = 1;
            double explained = 0;
            for (size_t k = 0; k < e->leaks.nclusters; k++)
                explained += e->leaks.clusters[k].retained_bytes_per_request;
            e->explain_coverage = explain_coverage(explained, endpoint_explained_slope(e));
        } else if (!rc->opt.quiet) {
            fprintf(stderr, "leakcheck: no explanation for ");
            esc_term(stderr, e->ep->name, ESC_STRLEN);
            fprintf(stderr, ": ");
            esc_term(stderr, e->explain_error, ESC_STRLEN);
            fputc('\n', stderr);
        }
        verdict_explained(e); /* the reason names site and holder, the hint a cache */
    }
}

/* The files in the run dir; a failure to write one is said, never fatal. */
static void write_reports(run_ctx *rc)
{
    char err[PATH_MAX + 64];
    if (report_json_write(&rc->res, err, sizeof err) < 0) fprintf(stderr, "leakcheck: %s\n", err);
    if (report_junit_write(&rc->res, err, sizeof err) < 0) fprintf(stderr, "leakcheck: %s\n", err);
    if (report_html_write(&rc->res, err, sizeof err) < 0) fprintf(stderr, "leakcheck: %s\n", err);
    /* GitHub Actions' job summary, when there is one */
    const char *summary = getenv("GITHUB_STEP_SUMMARY");
    if (summary && *summary && report_summary_md_append(&rc->res, summary, err, sizeof err) < 0)
        fprintf(stderr, "leakcheck: %s\n", err);
}

static int select_endpoints(run_ctx *rc)
{
    rc->res.endpoints = xcalloc((size_t)rc->cfg.n_endpoints, sizeof *rc->res.endpoints);
    for (int i = 0; i < rc->cfg.n_endpoints; i++) {
        const endpoint_cfg *ep = &rc->cfg.endpoints[i];
        if (rc->opt.only_endpoint && !config_endpoint_is(ep, rc->opt.only_endpoint)) continue;
        rc->res.endpoints[rc->res.n_endpoints++].ep = ep;
    }
    if (rc->res.n_endpoints) return 0;
    fprintf(stderr, "leakcheck: %s: no endpoint named \"", rc->opt.scenario);
    esc_term(stderr, rc->opt.only_endpoint, ESC_STRLEN);
    fprintf(stderr, "\"\n");
    return -1;
}

static void free_results(run_ctx *rc)
{
    for (int i = 0; i < rc->res.n_endpoints; i++) {
        free(rc->res.endpoints[i].samples);
        heapdiff_result_free(&rc->res.endpoints[i].leaks);
        allocsites_free(&rc->res.endpoints[i].sites);
    }
    free(rc->res.endpoints);
}

int cmd_run(int argc, char **argv)
{
    run_ctx rc = {0};
    char err[1024];
    rc.agent.fd = -1;
    if (parse_options(argc, argv, &rc.opt) < 0) return EXIT_USAGE;
    if (config_load(&rc.cfg, rc.opt.defaults, rc.opt.scenario, err, sizeof err) < 0) {
        fprintf(stderr, "leakcheck: ");
        esc_term(stderr, err, ESC_STRLEN); /* the file's bytes may be anything */
        fputc('\n', stderr);
        config_free(&rc.cfg);
        return EXIT_USAGE;
    }
    rc.res.cfg = &rc.cfg;
    if (select_endpoints(&rc) < 0) return config_free(&rc.cfg), free_results(&rc), EXIT_USAGE;
    if (find_agent(rc.agent_js, sizeof rc.agent_js) < 0) {
        fprintf(stderr, "leakcheck: cannot find leakcheck-agent.js (set LEAKCHECK_AGENT)\n");
        return config_free(&rc.cfg), free_results(&rc), EXIT_CANNOT_START;
    }
    if (rc.opt.baseline_path && baseline_load(&rc.base, rc.opt.baseline_path,
                                              rc.opt.baseline_tolerance, err, sizeof err) < 0) {
        fprintf(stderr, "leakcheck: --baseline %s\n", err);
        return config_free(&rc.cfg), free_results(&rc), EXIT_USAGE;
    }
    if (make_run_dir(&rc) < 0) {
        if (rc.csv) fclose(rc.csv);
        return config_free(&rc.cfg), free_results(&rc), EXIT_USAGE;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc.loop = runloop_init();
    rc.t0 = ev_time();
    int status = start_target(&rc);
    if (status == 0) {
        rc.load = load_new(rc.loop, &rc.ready.addr, &rc.cfg.target);
        run_endpoints(&rc);
    } else {
        for (int i = 0; i < rc.res.n_endpoints; i++)
            not_run(&rc.res.endpoints[i], rc.res.fatal[0] ? rc.res.fatal : "target did not start");
    }
    rc.res.interrupted_by = runloop_interrupted();
    teardown(&rc);
    if (rc.opt.baseline_path && status == 0) baseline_apply(&rc.base, &rc.res);
    rc.res.wall_s = ev_time() - rc.t0;
    if (status == 0 || status > EXIT_CANNOT_START) status = verdict_exit_status(&rc.res);
    rc.res.exit_code = status;
    explain_endpoints(&rc);
    write_reports(&rc);
    if (rc.opt.json) {
        json_t *j = report_json_build(&rc.res);
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
        fputc('\n', stdout);
        json_decref(j);
    } else {
        report_tap(stdout, &rc.res);
    }
    if (!rc.opt.quiet) report_summary(stderr, &rc.res);
    baseline_free(&rc.base);
    ready_state_free(&rc.ready);
    free_results(&rc);
    config_free(&rc.cfg);
    curl_global_cleanup();
    return status;
}
