/* bisect_proc.c — child processes and interrupts for `leakcheck bisect`.
 *
 * bisect runs one child at a time (git, the build, leakcheck run) with
 * fork/exec + waitpid; there is no event loop. Every child gets its own
 * process group so a Ctrl-C at the terminal reaches only us: the handler sets
 * a flag, and bproc_wait turns it into SIGTERM to the child's group (then
 * SIGKILL after a grace), so leakcheck run can tear its target down and the
 * caller can clean up on its normal return path. Handlers are installed
 * without SA_RESTART so a blocked sleep or read returns at once. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bisect_int.h"
#include "xalloc.h"

/* leakcheck run's own teardown grace (5 s by default) must fit inside ours */
#define KILL_GRACE_S 20.0

static volatile sig_atomic_t g_signal;

static void on_signal(int sig)
{
    g_signal = sig;
}

void bproc_install_signals(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int bproc_interrupted(void)
{
    return g_signal;
}

/* In the child: own group, default signals, empty mask, fds, cwd, exec. */
static void exec_child(char *const argv[], const char *cwd, int out_fd, int err_fd)
{
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++)
        signal(s, SIG_DFL);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(out_fd >= 0 ? out_fd : devnull, 1);
    dup2(err_fd >= 0 ? err_fd : devnull, 2);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    if (cwd && chdir(cwd) < 0) {
        dprintf(2, "leakcheck bisect: cannot chdir to %s: %s\n", cwd, strerror(errno));
        _exit(127);
    }
    execvp(argv[0], argv);
    dprintf(2, "leakcheck bisect: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

pid_t bproc_spawn(char *const argv[], const char *cwd, int out_fd, int err_fd)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) exec_child(argv, cwd, out_fd, err_fd);
    if (pid > 0) setpgid(pid, pid); /* also here: no race with an early kill(-pid) */
    return pid;
}

static int exit_code(int status)
{
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 255;
}

static void pause_ms(double ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (time_t)(ms / 1000) * 1000) * 1e6)};
    nanosleep(&ts, NULL); /* a signal ends it early: fine */
}

/* Polls with a growing pause (1 ms .. 50 ms): short children cost nothing,
 * long ones little, and no SIGCHLD handling is needed. */
int bproc_wait(pid_t pid, int killable, int64_t timeout_ms, int *timed_out)
{
    double start = bisect_now(), term_at = 0, pause = 1;
    int status, killed = 0;
    if (timed_out) *timed_out = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return 255;
        double now = bisect_now();
        int over = timeout_ms > 0 && (now - start) * 1000 > (double)timeout_ms;
        if (killable && !killed && (g_signal || over)) {
            if (over && timed_out) *timed_out = 1;
            kill(-pid, SIGTERM);
            kill(-pid, SIGCONT); /* a stopped process cannot act on SIGTERM */
            killed = 1, term_at = now;
        } else if (killed == 1 && now - term_at > KILL_GRACE_S) {
            kill(-pid, SIGKILL);
            killed = 2;
        }
        pause_ms(pause);
        if (pause < 50) pause *= 2;
    }
    if (killed) kill(-pid, SIGKILL); /* whatever of its group is left */
    return exit_code(status);
}

int bproc_capture(char *const argv[], const char *cwd, int err_fd, char **out)
{
    int fds[2];
    if (out) *out = NULL;
    if (pipe2(fds, O_CLOEXEC) < 0) return -1;
    pid_t pid = bproc_spawn(argv, cwd, fds[1], err_fd);
    close(fds[1]);
    if (pid < 0) return close(fds[0]), -1;
    size_t len = 0, cap = 4096;
    char *buf = xmalloc(cap);
    for (;;) {
        if (cap - len < 2048) buf = xrealloc(buf, cap *= 2);
        ssize_t n = read(fds[0], buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        len += (size_t)n;
    }
    close(fds[0]);
    buf[len] = 0;
    int code = bproc_wait(pid, 0, 0, NULL);
    if (out)
        *out = buf;
    else
        free(buf);
    return code == 127 ? -1 : code;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

int bproc_remove_tree(const char *path)
{
    if (!path[0] || !strcmp(path, "/")) return -1;
    return nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS);
}

int bproc_copy(const char *src, const char *dst, bproc_copy_how how, int log_fd)
{
    static const char *const flags[] = {"-aL", "-a", "-al"}; /* -L after -a's -d wins */
    char *argv[] = {"cp", (char *)flags[how], "-T",        "--reflink=auto",
                    "--", (char *)src,        (char *)dst, NULL};
    if (how == BCOPY_LINKS) /* links share the data: no reflink to ask for */
        memmove(&argv[3], &argv[4], 4 * sizeof argv[0]);
    pid_t pid = bproc_spawn(argv, NULL, log_fd, log_fd);
    if (pid < 0) return -1;
    return bproc_wait(pid, 1, 0, NULL);
}
