/* target.c — spawn and tear down the service; see target.h. */
#include "target.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"
#include "proctree.h"
#include "runloop.h"
#include "xalloc.h"

extern char **environ;

int target_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0) return -1;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

/* ---- command line ---- */

typedef struct {
    char **v;
    int n;
    char *word;
    size_t len, cap;
    int in_word;
} argv_builder;

static void push_char(argv_builder *b, char c)
{
    if (b->len + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->word = xrealloc(b->word, b->cap);
    }
    b->word[b->len++] = c;
    b->word[b->len] = 0;
    b->in_word = 1;
}

static void push_str(argv_builder *b, const char *s)
{
    while (*s)
        push_char(b, *s++);
    b->in_word = 1;
}

static void end_word(argv_builder *b)
{
    if (!b->in_word) return;
    b->v = xrealloc(b->v, sizeof *b->v * (b->n + 2));
    b->v[b->n++] = xstrdup(b->word ? b->word : "");
    b->v[b->n] = NULL;
    b->len = 0;
    if (b->word) b->word[0] = 0;
    b->in_word = 0;
}

/* $PORT / ${PORT} at s: appends the port and returns the length consumed, or 0. */
static size_t expand_port(argv_builder *b, const char *s, int port)
{
    char num[16];
    snprintf(num, sizeof num, "%d", port);
    if (!strncmp(s, "${PORT}", 7)) return push_str(b, num), 7;
    if (!strncmp(s, "$PORT", 5) && !(s[5] == '_' || (s[5] >= 'A' && s[5] <= 'Z') ||
                                     (s[5] >= 'a' && s[5] <= 'z') || (s[5] >= '0' && s[5] <= '9')))
        return push_str(b, num), 5;
    return 0;
}

/* Does the line start with a shell variable assignment (`NAME=value cmd`)?
 * As in the shell, only a literal, unquoted name counts. */
static int starts_with_assignment(const char *cmd)
{
    cmd += strspn(cmd, " \t\n");
    if (!(*cmd == '_' || (*cmd >= 'A' && *cmd <= 'Z') || (*cmd >= 'a' && *cmd <= 'z'))) return 0;
    size_t n = 1;
    while (cmd[n] == '_' || (cmd[n] >= 'A' && cmd[n] <= 'Z') || (cmd[n] >= 'a' && cmd[n] <= 'z') ||
           (cmd[n] >= '0' && cmd[n] <= '9'))
        n++;
    return cmd[n] == '=';
}

char **target_split_command(const char *cmd, int port, int *needs_shell, char *err, size_t errlen)
{
    argv_builder b = {0};
    char quote = 0;
    *needs_shell = starts_with_assignment(cmd);
    for (const char *s = cmd; *s; s++) {
        size_t used;
        if (quote == '\'') {
            if (*s == '\'')
                quote = 0;
            else
                push_char(&b, *s);
        } else if (*s == '$' && (used = expand_port(&b, s, port))) {
            s += used - 1;
        } else if (quote == '"') {
            if (*s == '"')
                quote = 0;
            else if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
                push_char(&b, *++s);
            else
                push_char(&b, *s);
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
            b.in_word = 1;
        } else if (*s == '\\' && s[1]) {
            push_char(&b, *++s);
        } else if (*s == ' ' || *s == '\t' || *s == '\n') {
            end_word(&b);
        } else {
            if (strchr("|&;<>()`$*?~[{#!", *s)) *needs_shell = 1;
            push_char(&b, *s);
        }
    }
    if (quote) {
        snprintf(err, errlen, "unterminated %c quote in command", quote);
        target_argv_free(b.v), free(b.word);
        return NULL;
    }
    end_word(&b);
    free(b.word);
    if (!b.v) snprintf(err, errlen, "command is empty");
    return b.v;
}

void target_argv_free(char **argv)
{
    for (char **a = argv; a && *a; a++)
        free(*a);
    free(argv);
}

/* ---- spawn ---- */

static int is_node(const char *argv0)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    return !strcmp(base, "node") || !strcmp(base, "nodejs");
}

/* Appends s to a growing NULL-terminated string vector. */
static void vec_push(char ***v, int *n, char *s)
{
    *v = xrealloc(*v, sizeof **v * (*n + 2));
    (*v)[(*n)++] = s;
    (*v)[*n] = NULL;
}

/* The flags leakcheck needs plus the user's node_flags, as separate words. */
static char **node_flags(const config *cfg, const char *run_dir, const char *agent_js, int *n)
{
    char **v = NULL, buf[4200];
    *n = 0;
    vec_push(&v, n, xstrdup("--expose-gc"));
    snprintf(buf, sizeof buf, "--heapsnapshot-signal=%s", cfg->snapshots.signal);
    vec_push(&v, n, xstrdup(buf));
    snprintf(buf, sizeof buf, "--diagnostic-dir=%s/snapshots", run_dir);
    vec_push(&v, n, xstrdup(buf));
    vec_push(&v, n, xstrdup("--require"));
    vec_push(&v, n, xstrdup(agent_js));
    if (cfg->target.node_flags) {
        int shell;
        char e[128];
        char **extra = target_split_command(cfg->target.node_flags, 0, &shell, e, sizeof e);
        for (char **x = extra; x && *x; x++)
            vec_push(&v, n, xstrdup(*x));
        target_argv_free(extra);
    }
    return v;
}

/* NODE_OPTIONS quoting: words with spaces go in double quotes. */
static char *node_options_value(char **flags, const char *existing)
{
    size_t cap = 64 + (existing ? strlen(existing) : 0);
    for (char **f = flags; *f; f++)
        cap += strlen(*f) * 2 + 4;
    char *out = xmalloc(cap), *o = out;
    o += sprintf(o, "%s", existing && *existing ? existing : "");
    for (char **f = flags; *f; f++) {
        if (o != out) *o++ = ' ';
        int q = strpbrk(*f, " \t\"\\") != NULL;
        if (q) *o++ = '"';
        for (const char *c = *f; *c; c++) {
            if (q && (*c == '"' || *c == '\\')) *o++ = '\\';
            *o++ = *c;
        }
        if (q) *o++ = '"';
    }
    *o = 0;
    return out;
}

static void env_set(char ***env, int *n, const char *kv)
{
    size_t klen = strcspn(kv, "=");
    for (int i = 0; i < *n; i++)
        if (!strncmp((*env)[i], kv, klen) && (*env)[i][klen] == '=') {
            free((*env)[i]);
            (*env)[i] = xstrdup(kv);
            return;
        }
    vec_push(env, n, xstrdup(kv));
}

static char **build_env(const config *cfg, int port, const char *agent_sock, char *node_opts)
{
    char **env = NULL, buf[4200];
    int n = 0;
    for (char **e = environ; *e; e++)
        vec_push(&env, &n, xstrdup(*e));
    snprintf(buf, sizeof buf, "PORT=%d", port);
    env_set(&env, &n, buf);
    snprintf(buf, sizeof buf, "LEAKCHECK_AGENT_SOCK=%s", agent_sock);
    env_set(&env, &n, buf);
    for (int i = 0; i < cfg->target.n_env; i++)
        env_set(&env, &n, cfg->target.env[i]);
    if (node_opts) {
        char *kv = xmalloc(strlen(node_opts) + 16);
        sprintf(kv, "NODE_OPTIONS=%s", node_opts);
        env_set(&env, &n, kv);
        free(kv);
    }
    return env;
}

/* In the child: own process group, default signals, empty mask (else node may
 * inherit a blocked SIGUSR2 and never write a snapshot), the log's pipes as
 * stdout and stderr. */
static void exec_child(const char *cwd, int out_fd, int err_fd, char **argv, char **env)
{
    setpgid(0, 0);
    /* if leakcheck itself dies without teardown, the target goes too (its
     * node processes further down end themselves: the agent's socket
     * closes without a "bye") */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++)
        signal(s, SIG_DFL);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    if (chdir(cwd) < 0) {
        dprintf(2, "leakcheck: cannot chdir to %s: %s\n", cwd, strerror(errno));
        _exit(127);
    }
    execvpe(argv[0], argv, env);
    dprintf(2, "leakcheck: cannot run '%s': %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* ---- the process tree ---- */

/* Signals every live process below leakcheck (the target's group included:
 * its members are descendants too). Counts and names, when record is set,
 * those outside the group. Returns how many were live. */
static int signal_tree(target *t, int signo, int record)
{
    proc_list l;
    char err[128], who[256];
    if (proctree_scan(getpid(), &l, err, sizeof err) < 0) return 0;
    int live = 0;
    for (int i = 0; i < l.n; i++) {
        const proc_entry *e = &l.v[i];
        int stray = record && e->pgid != t->pid;
        /* named before the signal: a process that exits at once has no
         * command line left to read (CI saw "(node)") */
        if (stray) proctree_describe(e, who, sizeof who);
        if (!proctree_signal(e, signo)) continue;
        live++;
        if (signo == SIGTERM) proctree_signal(e, SIGCONT); /* a stopped one cannot act on it */
        if (!stray) continue;
        size_t used = strlen(t->strays_detail);
        if (t->strays++ < 4 && used + 8 < sizeof t->strays_detail)
            snprintf(t->strays_detail + used, sizeof t->strays_detail - used, "%s%s",
                     used ? ", " : "", who);
    }
    proctree_free(&l);
    return live;
}

/* Live processes below us; *entries, when given, counts zombies too. */
static int tree_live_n(int *entries)
{
    proc_list l;
    char err[128];
    if (entries) *entries = 0;
    if (proctree_scan(getpid(), &l, err, sizeof err) < 0) return 0;
    int n = proctree_live(&l);
    if (entries) *entries = l.n;
    proctree_free(&l);
    return n;
}

static int tree_live(void)
{
    return tree_live_n(NULL);
}

static void target_ended(struct ev_loop *loop, target *t, int status)
{
    t->exited = 1;
    t->status = status;
    ev_child_stop(loop, &t->child_w);
    ev_timer_stop(loop, &t->census_w);
    runloop_set_target_exited(1);
}

/* The command's end is the target's, unless it exited 0 leaving processes
 * below us (a daemonizing launcher: `setsid node server.js`, a double
 * fork): then every child of ours is watched (the daemon re-parents to us,
 * the subreaper), and the target ends when one is reaped with none left. */
static void on_child(struct ev_loop *loop, ev_child *w, int revents)
{
    (void)revents;
    target *t = w->data;
    if (!t->handed_off && w->rpid == t->pid && WIFEXITED(w->rstatus) &&
        WEXITSTATUS(w->rstatus) == 0 && tree_live() > 0) {
        t->handed_off = 1;
        ev_child_stop(loop, w);
        ev_child_set(w, 0, 0);
        ev_child_start(loop, w);
        return;
    }
    if (t->handed_off && tree_live() > 0) return;
    if (!t->handed_off && w->rpid != t->pid) return;
    target_ended(loop, t, w->rstatus);
}

/* Every CENSUS_S: the live processes below us. Over max_processes is a
 * fork loop (or a pool without a bound): everything is killed at once,
 * before the machine runs out of pids, and the target has ended. */
#define CENSUS_S 0.5
static void on_census(struct ev_loop *loop, ev_timer *w, int revents)
{
    (void)revents;
    target *t = w->data;
    int n = tree_live();
    if (n > t->processes_max) t->processes_max = n;
    if (n <= t->max_processes) return;
    t->too_many = n;
    kill(-t->pid, SIGKILL);
    signal_tree(t, SIGKILL, 0);
    target_ended(loop, t, W_EXITCODE(0, SIGKILL));
}

static char **final_argv(const config *cfg, int port, const char *run_dir, const char *agent_js,
                         char **node_opts_out, char *err, size_t errlen)
{
    int shell, nflags;
    char **words = target_split_command(cfg->target.command, port, &shell, err, errlen);
    if (!words) return NULL;
    char **flags = node_flags(cfg, run_dir, agent_js, &nflags);
    char **argv = NULL;
    int n = 0;
    *node_opts_out = NULL;
    if (!shell && is_node(words[0])) {
        vec_push(&argv, &n, xstrdup(words[0]));
        for (int i = 0; i < nflags; i++)
            vec_push(&argv, &n, xstrdup(flags[i]));
        for (char **w = words + 1; *w; w++)
            vec_push(&argv, &n, xstrdup(*w));
    } else if (!shell) {
        for (char **w = words; *w; w++)
            vec_push(&argv, &n, xstrdup(*w));
        *node_opts_out = node_options_value(flags, getenv("NODE_OPTIONS"));
    } else {
        vec_push(&argv, &n, xstrdup("/bin/sh"));
        vec_push(&argv, &n, xstrdup("-c"));
        vec_push(&argv, &n, xstrdup(cfg->target.command));
        *node_opts_out = node_options_value(flags, getenv("NODE_OPTIONS"));
    }
    target_argv_free(words);
    target_argv_free(flags);
    return argv;
}

int target_spawn(target *t, struct ev_loop *loop, const config *cfg, const char *run_dir,
                 const char *agent_js, const char *agent_sock, char *err, size_t errlen)
{
    char *node_opts;
    t->exited = t->handed_off = t->too_many = t->processes_max = 0;
    t->max_processes = cfg->target.max_processes;
    char **argv = final_argv(cfg, t->port, run_dir, agent_js, &node_opts, err, errlen);
    if (!argv) return -1;
    t->via_node_options = node_opts != NULL;
    char **env = build_env(cfg, t->port, agent_sock, node_opts);
    free(node_opts);
    if (!t->log_path[0]) {
        snprintf(t->log_path, sizeof t->log_path, "%s/target.log", run_dir);
        uint64_t cap = (uint64_t)cfg->target.log_max_bytes;
        if (targetlog_open(&t->log, t->log_path, cap, err, errlen) < 0) {
            t->log_path[0] = 0;
            return target_argv_free(argv), target_argv_free(env), -1;
        }
    }
    int out_fd = targetlog_pipe(&t->log, loop, err, errlen);
    int err_fd = out_fd < 0 ? -1 : targetlog_pipe(&t->log, loop, err, errlen);
    if (err_fd < 0) {
        if (out_fd >= 0) close(out_fd);
        targetlog_end_pipe(&t->log);
        return target_argv_free(argv), target_argv_free(env), -1;
    }
    /* Grandchildren (npm's node) are reparented to us and reaped by libev. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    runloop_set_target_exited(0);
    pid_t pid = fork();
    if (pid == 0) exec_child(cfg->target.cwd, out_fd, err_fd, argv, env);
    close(out_fd), close(err_fd);
    target_argv_free(argv), target_argv_free(env);
    if (pid < 0) return snprintf(err, errlen, "fork: %s", strerror(errno)), -1;
    setpgid(pid, pid); /* also here: no race with an early kill(-pid) */
    t->pid = pid;
    ev_child_init(&t->child_w, on_child, pid, 0);
    t->child_w.data = t;
    ev_child_start(loop, &t->child_w);
    ev_timer_init(&t->census_w, on_census, CENSUS_S, CENSUS_S);
    t->census_w.data = t;
    ev_timer_start(loop, &t->census_w);
    return 0;
}

/* ---- teardown ---- */

/* Waits up to timeout_s for the spawned command to be reaped and nothing to
 * be left below us. A grandchild's end wakes no watcher of ours (its parent
 * reaps it), hence the polling. */
static int tree_gone_within(target *t, struct ev_loop *loop, double timeout_s)
{
    ev_tstamp deadline = ev_time() + timeout_s, reaped_by = 0;
    for (;;) {
        int entries, live = tree_live_n(&entries);
        /* gone means reaped too: a zombie left when we exit is still in
         * its group until init gets to it (CI saw one in no_orphans) */
        if (t->exited && live == 0) {
            if (!reaped_by) reaped_by = ev_time() + 1.0;
            if (entries == 0 || ev_time() > reaped_by) return 1;
        }
        if (ev_time() > deadline) return 0;
        runloop_wait(loop, NULL, NULL, 0.02, 0);
    }
}

void target_stop(target *t, struct ev_loop *loop, int64_t grace_ms)
{
    if (t->pid <= 0) return;
    ev_tstamp t0 = ev_time();
    t->strays = t->left_running = 0;
    t->strays_detail[0] = 0;
    kill(-t->pid, SIGTERM);
    kill(-t->pid, SIGCONT);
    signal_tree(t, SIGTERM, 1);
    if (!tree_gone_within(t, loop, grace_ms / 1000.0 + 0.01)) {
        kill(-t->pid, SIGKILL);
        signal_tree(t, SIGKILL, 0);
        if (!tree_gone_within(t, loop, 5.0)) t->left_running = tree_live();
    }
    if (!t->exited) ev_child_stop(loop, &t->child_w);
    ev_timer_stop(loop, &t->census_w);
    if (t->log_path[0]) targetlog_end_pipe(&t->log); /* its last lines, then EOF */
    t->teardown_s = ev_time() - t0;
}

const char *target_describe_exit(const target *t, char *buf, size_t len)
{
    if (t->too_many)
        snprintf(buf, len,
                 "was stopped: %d processes, over [target] max_processes = %lld (a fork loop?)",
                 t->too_many, (long long)t->max_processes);
    else if (!t->exited)
        snprintf(buf, len, "still running");
    else if (WIFEXITED(t->status))
        snprintf(buf, len, "exited with status %d", WEXITSTATUS(t->status));
    else if (WIFSIGNALED(t->status))
        snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(t->status),
                 strsignal(WTERMSIG(t->status)));
    else
        snprintf(buf, len, "ended (wait status %d)", t->status);
    return buf;
}

/* Reads at most the last 64 KiB of the log into a NUL-terminated buffer,
 * after what the pipe holds. */
static char *log_tail_bytes(target *t, size_t *len)
{
    if (!t->log_path[0]) return NULL;
    targetlog_drain(&t->log);
    targetlog_sync(&t->log);
    int fd = open(t->log_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    off_t size = lseek(fd, 0, SEEK_END), from = size > 65536 ? size - 65536 : 0;
    char *buf = xmalloc((size_t)(size - from) + 1);
    ssize_t n = pread(fd, buf, (size_t)(size - from), from);
    close(fd);
    if (n < 0) return free(buf), NULL;
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

void target_log_tail(target *t, FILE *out, int lines, const char *prefix)
{
    size_t len;
    char *buf = log_tail_bytes(t, &len);
    if (!buf) return;
    size_t start = len;
    int seen = 0;
    if (start && buf[start - 1] == '\n') start--;
    while (start > 0 && seen < lines)
        if (buf[--start] == '\n') seen++;
    if (buf[start] == '\n') start++;
    for (char *line = buf + start, *nl; line < buf + len; line = nl + 1) {
        nl = memchr(line, '\n', (size_t)(buf + len - line));
        if (!nl) nl = buf + len;
        fputs(prefix, out);
        esc_term(out, line, (size_t)(nl - line));
        fputc('\n', out);
    }
    free(buf);
}

int target_log_says(target *t, const char *needle)
{
    size_t len;
    char *buf = log_tail_bytes(t, &len);
    int found = buf && strstr(buf, needle) != NULL;
    free(buf);
    return found;
}

int target_log_says_oom(target *t)
{
    return target_log_says(t, "JavaScript heap out of memory");
}

void target_log_close(target *t)
{
    if (t->log_path[0]) targetlog_close(&t->log);
}
